"""Where in a YAML text an edit goes: the smallest entry of a block mapping (a key with
everything under it, on lines of its own) that holds all the edit changes, or the line a new
entry goes to after its sibling. Positions come from libyaml's parse tree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parcli.edit.styles import ID, insert_position, key_text
from parcli.edit.tree import TreeEditor
from parcli.models import id_key

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Op:
    """One edit of a YAML file: `put` a value, make a `list` hold rows, `remove` a key."""

    kind: str  # put, list, append, remove
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
        elif self.kind == "append":
            tree.append(self.key, self.value, order=self.order)
        else:
            tree.remove((*section, self.key))


@dataclass(frozen=True)
class Block:
    """Lines `first`..`last` of the text (none, `last` = `first` - 1, for a new entry),
    written at `column`; `text` is them dedented, or the new entry's key alone; `ops` the
    edits made there, in the order they were asked for."""

    path: Path_
    new: bool
    first: int
    last: int
    column: int
    rank: tuple[Any, ...]  # new entries at one line go in by rank, an entry replaced first
    text: str
    ops: list[Op]


def plan(root: MappingNode, ops: Sequence[Op], lines: list[str]) -> list[Block] | None:
    """The blocks the edits go to; None when an edit needs the whole file."""
    groups = _groups(root, ops)
    if groups is None:
        return None
    found: list[Block] = []
    for (new, path), members in groups.items():
        place = (
            _new_place(root, path, members[0][1].order, lines) if new else _cut(root, path, lines)
        )
        if place is None:
            return None
        first, rank, last, column = place
        text = (
            f"{_key_text(root, path)}:\n"
            if new
            else "".join(line[column:] or "\n" for line in lines[first : last + 1])  # blank: kept
        )
        ordered = [op for _, op in sorted(members, key=lambda pair: pair[0])]
        found.append(Block(path, new, first, last, column, rank, text, ordered))
    return found


def _groups(
    root: MappingNode, edits: Sequence[Op]
) -> dict[tuple[bool, Path_], list[tuple[int, Op]]] | None:
    """Edits grouped by the block each changes: (False, path) an entry of the file, (True,
    path) a new entry added to a block mapping. None when an edit needs the whole file."""
    found: list[tuple[bool, Path_, int, Op]] = []
    for n, edit in enumerate(edits):
        fresh = _first_missing(root, (*edit.section, edit.key)) if edit.kind != "remove" else None
        if (
            fresh is not None
            and _block(root, fresh[:-1]) == fresh[:-1]
            and _is_block_mapping(node_at(root, fresh[:-1]))
        ):
            found.append((True, fresh, n, edit))
            continue
        block = _block(root, _touched(root, edit))
        if not block:
            return None
        found.append((False, block, n, edit))
    groups: dict[tuple[bool, Path_], list[tuple[int, Op]]] = {}
    for new, block, n, edit in sorted(found, key=lambda f: (len(f[1]), f[0])):
        home = next((b for b in groups if not b[0] and block[: len(b[1])] == b[1]), (new, block))
        groups.setdefault(home, []).append((n, edit))
    return groups


def _first_missing(root: Node, path: Path_) -> Path_ | None:
    for i in range(1, len(path) + 1):
        if node_at(root, path[:i]) is None:
            return path[:i]
    return None


def _key_text(root: Node, path: Path_) -> str:
    parent = node_at(root, path[:-1])
    styles = [k.style for k, _ in parent.value] if isinstance(parent, MappingNode) else []
    return key_text([s if s in ('"', "'") else None for s in styles], path[-1])


def _new_place(
    root: Node, path: Path_, order: Sequence[str], lines: list[str]
) -> tuple[int, tuple[Any, ...], int, int] | None:
    """Where a new entry `path` goes: (line, rank, line - 1, column): after the entry before
    it, at its siblings' column; None when it would come first. New entries at one line
    go in by rank, an entry replaced there before them."""
    parent = node_at(root, path[:-1])
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


def node_at(root: Node, path: Sequence[str]) -> Node | None:
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


def _touched(root: Node, edit: Op) -> Path_:
    """The deepest path of the original whose entry holds everything the edit changes."""
    target = (*edit.section, edit.key)
    existing = node_at(root, target)
    if edit.kind == "remove":
        # Taking a key out changes its mapping; a mapping left empty is taken out too.
        path = target[:-1] if existing is not None else edit.section
        while path and _keys(node_at(root, path)) == 1 and existing is not None:
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
    while path and node_at(root, path) is None:
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
    parent = node_at(root, block[:-1])
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
