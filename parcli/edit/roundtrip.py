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

import difflib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node

from parcli.edit.blocks import Op, Path_, node_at, plan
from parcli.edit.styles import Entry, Row
from parcli.edit.tree import TreeEditor, Value, guess_indent
from parcli.loading import parse_text


class EditableDocument:
    """One YAML file opened for editing; `to_bytes` gives the edited file."""

    def __init__(self, raw: bytes, *, name: str) -> None:
        self.raw = raw
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        # The file's own line ends are written back: CRLF (Windows), CR (old Mac) or LF; a
        # file of several keeps each untouched line's own (`_keep_line_ends`).
        self.newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
        self.ends = _line_ends(text) if len(set(_ENDS.findall(text))) > 1 else None
        text = text.replace(self.newline, "\n") if self.newline != "\n" else text
        if self.ends is not None:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.final_newline = text.endswith("\n")
        self.original = text if self.final_newline else text + "\n"  # as ruamel writes it
        self.name = name
        doc, _ = parse_text(self.original, file=name, path=Path(name))
        # Block positions must be those of the text as it is: NFC normalisation shifts them.
        readable = doc is not None and unicodedata.is_normalized("NFC", self.original)
        self.root: Node | None = doc.root if readable and doc is not None else None
        self.data = doc.data if doc is not None else None
        self.edits: list[Op] = []

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
        self.edits.append(Op("put", tuple(section), key, value, tuple(order), flow))

    def put_list(
        self, section: Sequence[str], key: str, rows: Sequence[Row], *, order: Sequence[str]
    ) -> None:
        """Make the list at `section`.`key` hold `rows` (see `TreeEditor.put_list`)."""
        self.edits.append(Op("list", tuple(section), key, tuple(rows), tuple(order), True))

    def append(self, key: str, entries: Sequence[Entry], *, order: Sequence[str]) -> None:
        """Add entries at the end of the top-level list `key` (see `TreeEditor.append`)."""
        self.edits.append(Op("append", (), key, tuple(entries), tuple(order), True))

    def remove(self, path: Sequence[str]) -> None:
        """Take out the key at `path` and the mappings this leaves empty."""
        self.edits.append(Op("remove", tuple(path[:-1]), path[-1], None, (), True))

    def exists(self, path: Sequence[str]) -> bool:
        return self.root is not None and node_at(self.root, path) is not None

    def flow_style(self, path: Sequence[str]) -> bool:
        """Whether the mapping at `path` is written on one line (`{a: 1, b: 2}`)."""
        node = node_at(self.root, path) if self.root is not None else None
        return isinstance(node, MappingNode) and bool(node.flow_style)

    def uses_flow(self, section: Sequence[str]) -> bool | None:
        """Whether the entries under `section` are written on one line each (None: none yet)."""
        node = node_at(self.root, section) if self.root is not None else None
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
        if self.ends is not None:
            text = _keep_line_ends(self.ends, text, self.newline)
        elif self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def _whole(self) -> str:
        tree = TreeEditor(self.original, name=self.name)
        for edit in self.edits:
            edit.apply(tree, 0)
        return tree.to_text()

    def _by_blocks(self) -> str | None:
        """The edits made block by block; None when that cannot be done safely."""
        if not isinstance(self.root, MappingNode):
            return None
        lines = self.original.splitlines(keepends=True)
        blocks = plan(self.root, self.edits, lines)
        if blocks is None:
            return None
        indent = guess_indent(self.original)
        expected = self.data
        splices: list[tuple[int, tuple[Any, ...], int, list[str]]] = []
        for block in blocks:
            tree = TreeEditor(block.text, name=self.name, indent=indent)
            siblings = self.uses_flow(block.path[:-1]) if block.new else None
            for op in block.ops:
                own = block.new and (*op.section, op.key) == block.path
                op.apply(tree, len(block.path) - 1, flow=siblings if own else None)
            edited = tree.to_text()
            parsed, _ = parse_text(edited, file=self.name, path=Path(self.name))
            if (
                parsed is None
                or not isinstance(parsed.data, dict)
                or list(parsed.data) != [block.path[-1]]
            ):
                return None
            expected = _replaced(expected, block.path, parsed.data[block.path[-1]])
            pad = " " * block.column
            new_lines = [
                pad + line if line.strip() else line for line in edited.splitlines(keepends=True)
            ]
            splices.append((block.first, block.rank, block.last, new_lines))
        for first, _, last, new_lines in sorted(splices, reverse=True):
            lines[first : last + 1] = new_lines
        result = "".join(lines)
        check, _ = parse_text(result, file=self.name, path=Path(self.name))
        return result if check is not None and check.data == expected else None


_ENDS = re.compile(r"\r\n|\r|\n")


def _line_ends(text: str) -> list[tuple[str, str]]:
    """Each line of `text` with its own end ("" for a last line without one)."""
    parts = _ENDS.split(text)
    found = _ENDS.findall(text)
    lines = list(zip(parts, [*found, ""], strict=True))
    return lines if lines[-1] != ("", "") else lines[:-1]


def _keep_line_ends(before: list[tuple[str, str]], after: str, newline: str) -> str:
    """`after` (lines ended by \\n) with each line that was there before ended as it was, and
    each new or changed line by the file's first kind of end."""
    old = [line for line, _ in before]
    new = after.split("\n")
    closed = new[-1] == ""  # the text ends with a line end: no line after it
    if closed:
        new.pop()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, _, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            end = (before[i1 + j - j1][1] if tag == "equal" else "") or newline
            out.append(new[j] + (end if closed or j < len(new) - 1 else ""))
    return "".join(out)


def _replaced(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    out = dict(data)
    out[path[0]] = _replaced(data.get(path[0]), path[1:], value)
    return out
