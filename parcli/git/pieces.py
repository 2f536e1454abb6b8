"""Versions of one YAML file parsed a piece at a time, each distinct piece once.

Two versions of a submission usually differ in a few lines: one item, one decision. A
version is cut into pieces — each top-level entry, and each entry of a top-level mapping or
list written in block style (`items:` then one item per piece) — and a piece already seen
in an earlier version is not parsed again. The result is exactly what `parse_text` gives
for the whole file; anything the cutting cannot vouch for (a piece that does not parse on
its own, anchors and aliases, tabs, several documents, odd indentation, a key repeated
across pieces) makes the caller parse the whole file instead.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from parcli.files import MAX_FILE_BYTES
from parcli.loading import parse_text
from parcli.yamlnodes import MAX_DEPTH

UNREAD = object()  # the version must be parsed whole
_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")
_KEY_ONLY = re.compile(r"[^#]*:[ \t]*(#.*)?\r?\n?\Z")
_TOKEN_BEFORE = " \n[{,:?-"  # where YAML reads `&anchor` or `*alias` (a value may then
_TOKEN_AFTER = " \r\n,]}"  # depend on another piece): after these, and not before these
_NO_PIECE = object()
# A document marker or a directive: the whole file may hold several documents, which a
# piece that starts with `---` would hide (it parses alone as one document).
_MARKERS = re.compile(r"^(---|\.\.\.|%)", re.MULTILINE)
_LONG = 12  # lines: a longer mapping entry is cut into its own entries


class Pieces:
    def __init__(self) -> None:
        self._parsed: dict[str, Any] = {}  # piece → its data
        self._entries: dict[str, Any] = {}  # entry (key line and block) → its data

    def parse(self, raw: bytes) -> Any:
        """The file's data as `parse_text` would give it, or UNREAD."""
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return UNREAD
        if len(raw) > MAX_FILE_BYTES or "\t" in text or _aliases(text) or _MARKERS.search(text):
            return UNREAD
        text = unicodedata.normalize("NFC", text)
        lines = _LINES.findall(text)
        tops = [
            i for i, line in enumerate(lines) if line[:1] not in ("", " ", "#", "-", "\r", "\n")
        ]
        if not tops or any(_content(line) for line in lines[: tops[0]]):
            return UNREAD
        data: dict[str, Any] = {}
        for start, end in zip(tops, [*tops[1:], len(lines)], strict=True):
            entry = self._entry(lines[start:end])
            if not isinstance(entry, dict) or len(entry) != 1 or entry.keys() & data.keys():
                return UNREAD
            data.update(entry)
        return data

    def _entry(self, block: list[str]) -> Any:
        """One entry: its key line and the block under it (an unchanged block, such as a long
        `items:` when only the appraisal changed, is not even cut again)."""
        text = "".join(block)
        if text not in self._entries:
            self._entries[text] = self._cut(block)
        return self._entries[text]

    def _cut(self, block: list[str]) -> Any:
        head, rest = block[0], block[1:]
        body = [i for i, line in enumerate(rest) if _content(line)]
        if not body or not _KEY_ONLY.match(head):
            return self._piece("".join(block))
        key = self._piece(head)
        if not isinstance(key, dict) or len(key) != 1 or next(iter(key.values())) is not None:
            return self._piece("".join(block))
        indent = _indent(rest[body[0]])
        if any(_indent(rest[i]) < indent for i in body):
            return _NO_PIECE
        starts = [i for i in body if _indent(rest[i]) == indent]
        children = [
            self._child(rest[start:end])
            for start, end in zip(starts, [*starts[1:], len(rest)], strict=True)
        ]
        name = next(iter(key))
        if rest[starts[0]][indent:].startswith("-"):
            if not all(isinstance(c, list) and len(c) == 1 for c in children):
                return _NO_PIECE
            return {name: [c[0] for c in children]}
        mapping: dict[str, Any] = {}
        for child in children:
            if not isinstance(child, dict) or len(child) != 1 or child.keys() & mapping.keys():
                return _NO_PIECE
            mapping.update(child)
        return {name: mapping}

    def _child(self, lines: list[str]) -> Any:
        """A long mapping entry (`appraisal:` → `round1:`) is cut in turn; the rest is a piece."""
        if len(lines) > _LONG and not lines[0].lstrip().startswith("-"):
            return self._entry(lines)
        return self._piece("".join(lines))

    def _piece(self, text: str) -> Any:
        if text not in self._parsed:
            doc, problems = parse_text(text, file="", path=Path())
            # A piece sits up to two levels below the file's top: one nested that close to
            # the limit is left to the whole file's parse, which counts from the top.
            ok = doc is not None and not problems and not _deeper(doc.data, MAX_DEPTH - 3)
            self._parsed[text] = doc.data if ok and doc is not None else _NO_PIECE
        return self._parsed[text]


def _aliases(text: str) -> bool:
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            before = text[at - 1] if at else "\n"
            after = text[at + 1 : at + 2]
            if before in _TOKEN_BEFORE and after and after not in _TOKEN_AFTER:
                return True
            at = text.find(mark, at + 1)
    return False


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _deeper(data: Any, limit: int) -> bool:
    """Whether `data` nests lists and mappings more than `limit` levels deep."""
    level = [data]
    for _ in range(limit + 1):
        level = [
            child
            for node in level
            if isinstance(node, dict | list)
            for child in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return False
    return True
