"""libyaml's nodes → plain text trees (dicts, lists, strings), refusing what YAML allows and
the formats do not: duplicate and complex keys, aliases, spaces around a key, invisible
characters written as escapes."""

from __future__ import annotations

import unicodedata
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parcli.characters import IN_NAME, IN_TEXT, shorten, unsafe_message
from parcli.problems import KeyPath, Problem

# The formats nest about eight levels; far deeper is a broken or hostile file.
MAX_DEPTH = 64
TOO_DEEP = (
    f"lồng nhau quá {MAX_DEPTH} cấp; tệp của parcli chỉ cần vài cấp, hãy kiểm tra "
    "các dấu ngoặc [ ] { } và thụt lề"
)


def normal_key(key: str) -> str:
    """A key as compared and stored: NFC, no surrounding spaces."""
    return unicodedata.normalize("NFC", key).strip()


def mark(node: Node) -> tuple[int, int]:
    """1-based (line, col) where `node` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


class Constructor:
    """Nodes → dict / list / str, reporting duplicate keys, complex keys and aliases."""

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.text = text  # the file as parsed, to place a character typed inside a key
        self.problems: list[Problem] = []  # the data cannot be built as written
        # Errors that leave the data whole (an invisible character, spaces around a key):
        # the file's other checks still run, so every problem shows in one run.
        self.remarks: list[Problem] = []
        self.seen: set[int] = set()
        self.clean: dict[str, str] = {}  # keys already found clean: most keys repeat

    def build(self, node: Node, path: KeyPath = ()) -> Any:
        """The data of `node`, found at `path`: each problem names the key path it is at."""
        if isinstance(node, ScalarNode):
            # `self:` with nothing after it is "not filled in yet" (scaffolds are written so);
            # `self: ""` stays an empty text.
            value: str = node.value
            if value == "" and not node.style:
                return None
            if node.style != '"':
                # The raw text held no invisible character and was NFC: neither can this.
                return value
            bad = IN_TEXT.search(value)
            if bad is not None:  # written as an escape: "\e[2J", "\0", "\u202e"
                self._remark(node, "control-character", unsafe_message(bad.group()), path)
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        ident = id(node)
        if ident in self.seen:
            # libyaml resolves `*alias` to the anchored node itself: a second visit is an alias,
            # and expanding it is how "billion laughs" files exhaust memory.
            self._problem(
                node,
                "yaml-alias",
                "không dùng anchor/alias (&tên, *tên); hãy viết đầy đủ nội dung",
                (),  # at the anchor, where libyaml places every alias of it: reported once
            )
            return None
        self.seen.add(ident)
        if len(path) >= MAX_DEPTH:
            self._problem(node, "yaml-too-deep", TOO_DEEP, ())  # a path 64 keys long
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self._problem(
                        key_node,
                        "complex-key",
                        "khóa phải là văn bản, không phải danh sách/bảng",
                        path,
                    )
                    continue
                key = self.clean.get(key_node.value) or self._key(key_node, path)
                if key in out:
                    self._problem(
                        key_node,
                        "duplicate-key",
                        f"khóa “{shorten(key)}” đã có ở trên trong cùng bảng; hãy gộp hoặc xóa một khóa",
                        (*path, key),
                    )
                    continue
                out[key] = self.build(value_node, (*path, key))
            return out
        return None  # pragma: no cover - libyaml produces only the three node kinds

    def _key(self, node: ScalarNode, path: KeyPath) -> str:
        """The key as stored: "1.1.2 " and "1.1.2" are one key, so the later cannot
        silently win; spaces around a key and invisible characters in it are refused."""
        value: str = node.value
        if value.isascii() and value.isprintable():  # nearly every key: `self`, "1.1.2"
            key = value.strip()
            if key == value:
                self.clean[key] = key
                return key
            bad = None
        else:
            bad = IN_NAME.search(value)
            if bad is not None:
                self._remark(
                    node, "control-character", unsafe_message(bad.group()), path, bad.group()
                )
            key = normal_key(value)
        if bad is None and key != unicodedata.normalize("NFC", value):
            self._remark(
                node,
                "key-spaces",
                f"khóa “{shorten(node.value)}” có dấu cách ở đầu hoặc cuối; hãy xóa dấu cách "
                f"và viết “{shorten(key)}”",
                (*path, key),
            )
        return key

    def _problem(self, node: Node, code: str, message: str, path: KeyPath) -> None:
        line, col = mark(node)
        self.problems.append(Problem(self.file, line, col, code, message, path))

    def _remark(self, node: Node, code: str, message: str, path: KeyPath, char: str = "") -> None:
        """`char`: a character typed in the node's text, placed where it is; one written as
        an escape (`\\t`) is not in the text, and the node's start is shown."""
        line, col = mark(node)
        start, end = node.start_mark.index, node.end_mark.index
        at = self.text.find(char, start, end) if char else -1
        if at >= 0 and "\n" not in self.text[start:at]:
            col += at - start
        self.remarks.append(Problem(self.file, line, col, code, message, path))
