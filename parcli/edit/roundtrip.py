"""Round-trip edits of YAML files: change a few values, keep every other byte as it was.

Edits are collected, then made block by block: each goes to the smallest entry of the file
(a key of a block mapping with everything under it) that holds all it changes, and only that
block's lines are handed to ruamel's round-trip editor (`tree.TreeEditor`) and put back in
place. A submission of 700 lines whose appraisal gets one decision is thus edited in a few
lines, not parsed and written whole. The result is checked to read as the same data as the
whole file edited at once; when it does not (or the block cannot be cut out cleanly), the
whole file is edited.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parcli.edit.tree import ID, Row, TreeEditor, Value, guess_indent, insert_position, key_text
from parcli.loading import parse_text
from parcli.models import id_key

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class _Edit:
    kind: str  # put, list, remove
    section: Path_
    key: str
    value: Any
    order: tuple[str, ...]
    flow: bool

    def apply(self, tree: TreeEditor, drop: int, *, flow: bool | None = None) -> None:
        """Make the edit on `tree`, which holds the file's block at `section[:drop + 1]`;
        `flow`: the style of the siblings the block no longer shows."""
        section = self.section[drop:]
        if self.kind == "put":
            style = self.flow if flow is None else flow
            tree.put(section, self.key, self.value, order=self.order, flow=style)
        elif self.kind == "list":
            tree.put_list(section, self.key, self.value, order=self.order)
        else:
            tree.remove((*section, self.key))


class EditableDocument:
    """One YAML file opened for editing; `to_bytes` gives the edited file."""

    def __init__(self, raw: bytes, *, name: str) -> None:
        self.raw = raw
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        self.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n") if self.crlf else text
        self.final_newline = text.endswith("\n")
        self.original = text if self.final_newline else text + "\n"  # as ruamel writes it
        self.name = name
        doc, _ = parse_text(self.original, file=name, path=Path(name))
        # Block positions must be those of the text as it is: NFC normalisation shifts them.
        readable = doc is not None and unicodedata.is_normalized("NFC", self.original)
        self.root: Node | None = doc.root if readable and doc is not None else None
        self.data = doc.data if doc is not None else None
        self.edits: list[_Edit] = []

    def put(
        self,
        section: Sequence[str],
        key: str,
        value: Value,
        *,
        order: Sequence[str],
        flow: bool = True,
    ) -> None:
        """Set `key` under the mapping at `section` (see `TreeEditor.put`)."""
        self.edits.append(_Edit("put", tuple(section), key, value, tuple(order), flow))

    def put_list(
        self, section: Sequence[str], key: str, rows: Sequence[Row], *, order: Sequence[str]
    ) -> None:
        """Make the list at `section`.`key` hold `rows` (see `TreeEditor.put_list`)."""
        self.edits.append(_Edit("list", tuple(section), key, tuple(rows), tuple(order), True))

    def remove(self, path: Sequence[str]) -> None:
        """Take out the key at `path` and the mappings this leaves empty."""
        self.edits.append(_Edit("remove", tuple(path[:-1]), path[-1], None, (), True))

    def exists(self, path: Sequence[str]) -> bool:
        return self.root is not None and _node_at(self.root, path) is not None

    def flow_style(self, path: Sequence[str]) -> bool:
        """Whether the mapping at `path` is written on one line (`{a: 1, b: 2}`)."""
        node = _node_at(self.root, path) if self.root is not None else None
        return isinstance(node, MappingNode) and bool(node.flow_style)

    def uses_flow(self, section: Sequence[str]) -> bool | None:
        """Whether the entries under `section` are written on one line each (None: none yet)."""
        node = _node_at(self.root, section) if self.root is not None else None
        if not isinstance(node, MappingNode):
            return None
        entries = [value for _, value in node.value if isinstance(value, MappingNode)]
        return bool(entries[-1].flow_style) if entries else None

    def to_bytes(self) -> bytes:
        if not self.edits:
            return self.raw
        text = self._by_blocks() or self._whole()
        if not self.final_newline:
            text = text.removesuffix("\n")
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def _whole(self) -> str:
        tree = TreeEditor(self.original, name=self.name)
        for edit in self.edits:
            edit.apply(tree, 0)
        return tree.to_text()

    def _by_blocks(self) -> str | None:
        """The edits made block by block; None when that cannot be done safely."""
        root = self.root
        if not isinstance(root, MappingNode):
            return None
        groups = _plan(root, self.edits)
        if groups is None:
            return None
        lines = self.original.splitlines(keepends=True)
        indent = guess_indent(self.original)
        expected = self.data
        splices: list[tuple[int, tuple[Any, ...], int, list[str]]] = []
        for (new, block), edits in groups.items():
            place = (
                _new_place(root, block, edits[0][1].order, lines)
                if new
                else _cut(root, block, lines)
            )
            if place is None:
                return None
            first, rank, last, column = place
            text = (
                f"{_key_text(root, block)}:\n"
                if new
                else "".join(line[column:] for line in lines[first : last + 1])
            )
            tree = TreeEditor(text, name=self.name, indent=indent)
            siblings = self.uses_flow(block[:-1]) if new else None
            for _, edit in sorted(edits, key=lambda pair: pair[0]):
                own = new and (*edit.section, edit.key) == block
                edit.apply(tree, len(block) - 1, flow=siblings if own else None)
            edited = tree.to_text()
            parsed, _ = parse_text(edited, file=self.name, path=Path(self.name))
            if (
                parsed is None
                or not isinstance(parsed.data, dict)
                or list(parsed.data) != [block[-1]]
            ):
                return None
            expected = _replaced(expected, block, parsed.data[block[-1]])
            pad = " " * column
            new_lines = [
                pad + line if line.strip() else line for line in edited.splitlines(keepends=True)
            ]
            splices.append((first, rank, last, new_lines))
        for first, _, last, new_lines in sorted(splices, reverse=True):
            lines[first : last + 1] = new_lines
        result = "".join(lines)
        check, _ = parse_text(result, file=self.name, path=Path(self.name))
        return result if check is not None and check.data == expected else None


def _plan(
    root: MappingNode, edits: list[_Edit]
) -> dict[tuple[bool, Path_], list[tuple[int, _Edit]]] | None:
    """Edits grouped by the block each changes: (False, path) an entry of the file, (True,
    path) a new entry added to a block mapping. None when an edit needs the whole file."""
    found: list[tuple[bool, Path_, int, _Edit]] = []
    for n, edit in enumerate(edits):
        fresh = _first_missing(root, (*edit.section, edit.key)) if edit.kind != "remove" else None
        if (
            fresh is not None
            and _block(root, fresh[:-1]) == fresh[:-1]
            and _is_block_mapping(_node_at(root, fresh[:-1]))
        ):
            found.append((True, fresh, n, edit))
            continue
        block = _block(root, _touched(root, edit))
        if not block:
            return None
        found.append((False, block, n, edit))
    groups: dict[tuple[bool, Path_], list[tuple[int, _Edit]]] = {}
    for new, block, n, edit in sorted(found, key=lambda f: (len(f[1]), f[0])):
        home = next((b for b in groups if not b[0] and block[: len(b[1])] == b[1]), (new, block))
        groups.setdefault(home, []).append((n, edit))
    return groups


def _first_missing(root: Node, path: Path_) -> Path_ | None:
    for i in range(1, len(path) + 1):
        if _node_at(root, path[:i]) is None:
            return path[:i]
    return None


def _key_text(root: Node, path: Path_) -> str:
    parent = _node_at(root, path[:-1])
    styles = [k.style for k, _ in parent.value] if isinstance(parent, MappingNode) else []
    return key_text([s if s in ('"', "'") else None for s in styles], path[-1])


def _new_place(
    root: Node, path: Path_, order: Sequence[str], lines: list[str]
) -> tuple[int, tuple[Any, ...], int, int] | None:
    """Where a new entry `path` goes: (line, rank, line - 1, column): after the entry before
    it, at its siblings' column; None when it would come first. New entries at one line
    go in by rank, an entry replaced there before them."""
    parent = _node_at(root, path[:-1])
    if not isinstance(parent, MappingNode):
        return None
    keys = [k.value for k, _ in parent.value]
    position = insert_position(keys, path[-1], order)
    if position == 0 or any(
        k.start_mark.column != parent.value[0][0].start_mark.column for k, _ in parent.value
    ):
        return None
    key_node, value = parent.value[position - 1]
    after = _last_line(value, lines, key_node.start_mark.line) + 1
    key = path[-1]
    rank = (order.index(key),) if key in order else id_key(key) if ID.match(key) else (1 << 30,)
    return after, (0, rank), after - 1, key_node.start_mark.column


def _node_at(root: Node, path: Sequence[str]) -> Node | None:
    node: Node | None = root
    for part in path:
        node = _child(node, part) if node is not None else None
    return node


def _child(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value
                return found
    return None


def _touched(root: Node, edit: _Edit) -> Path_:
    """The deepest path of the original whose entry holds everything the edit changes."""
    target = (*edit.section, edit.key)
    existing = _node_at(root, target)
    if edit.kind == "remove":
        # Taking a key out changes its mapping; a mapping left empty is taken out too.
        path = target[:-1] if existing is not None else edit.section
        while path and _keys(_node_at(root, path)) == 1 and existing is not None:
            path = path[:-1]
        return _existing(root, path)
    if existing is not None and (
        edit.kind != "put"
        or not isinstance(edit.value, Mapping)
        or isinstance(existing, MappingNode)
    ):
        return target  # a value replaced, or an entry's fields or a list's entries edited
    return _existing(root, edit.section)  # a key added (with the mappings it needs)


def _existing(root: Node, path: Path_) -> Path_:
    while path and _node_at(root, path) is None:
        path = path[:-1]
    return path


def _is_block_mapping(node: Node | None) -> bool:
    """A mapping written a key per line, with a key already: a new key can go on a line of
    its own after one of them."""
    return isinstance(node, MappingNode) and not node.flow_style and bool(node.value)


def _keys(node: Node | None) -> int:
    return len(node.value) if isinstance(node, MappingNode) else 0


def _block(root: Node, path: Path_) -> Path_:
    """The longest start of `path` that names entries of block mappings all the way down."""
    node: Node = root
    for i, part in enumerate(path):
        if not isinstance(node, MappingNode) or node.flow_style:
            return path[:i]
        child = _child(node, part)
        if child is None:
            return path[:i]
        node = child
    return path


def _cut(
    root: Node, block: Path_, lines: list[str]
) -> tuple[int, tuple[Any, ...], int, int] | None:
    """(first line, rank, last line, column) of the entry `block` names; None unless it stands on
    lines of its own, every line after the first indented deeper than its key (comments
    and empty lines aside)."""
    parent = _node_at(root, block[:-1])
    found = [
        (k, v)
        for k, v in (parent.value if isinstance(parent, MappingNode) else [])
        if isinstance(k, ScalarNode) and k.value == block[-1]
    ]
    if len(found) != 1:
        return None
    key_node, value = found[0]
    first, column = key_node.start_mark.line, key_node.start_mark.column
    if lines[first][:column].strip():
        return None
    last = _last_line(value, lines, first)
    for line in lines[first + 1 : last + 1]:
        body = line.lstrip(" ")
        depth = len(line) - len(body)
        if body == "\n" and depth:
            return None  # spaces on an empty line: they could not be put back as they were
        if body.strip() and (depth < column or (depth == column and not body.startswith("#"))):
            return None
    return first, (1,), last, column


def _last_line(node: Node, lines: list[str], first: int) -> int:
    """The last line holding anything of `node` (its trailing empty lines left out)."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(last, tuple) else last, lines, first)
    end = node.end_mark
    line: int = min(end.line if end.column else end.line - 1, len(lines) - 1)
    while line > max(node.start_mark.line, first) and not lines[line].strip():
        line -= 1
    return max(line, first)


def _replaced(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    out = dict(data)
    out[path[0]] = _replaced(data.get(path[0]), path[1:], value)
    return out
