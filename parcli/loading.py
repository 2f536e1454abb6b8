"""YAML files → plain text trees, with the parse tree kept to locate any key on demand.

Every scalar stays text (`1.10` is the id "1.10", `no` is the word "no"); the models type
them. Parsing goes through libyaml's composer, which records every node's position for
free, and a small constructor (yamlnodes.py) that builds dicts, lists and strings:
positions cost nothing until a problem asks for one (`Document.position`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parcli.characters import IN_FILE
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.problems import KeyPath, Problem
from parcli.yamlnodes import MAX_DEPTH, TOO_DEEP, Constructor, mark, normal_key
from parcli.yamltext import (
    decode,
    invisible_characters,
    nesting_bound,
    syntax_problem,
    values_bound,
)

try:  # libyaml through ruamel's C extension: the fast path, positions included
    from ruamel.yaml.cyaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - pure-Python fallback where no wheel exists
    from ruamel.yaml.loader import BaseLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """Every scalar is text, so no node needs its implicit tag resolved (a regex per scalar)."""

    _TAGS: ClassVar[dict[type, Any]] = {
        ScalarNode: _BaseLoader.DEFAULT_SCALAR_TAG,
        SequenceNode: _BaseLoader.DEFAULT_SEQUENCE_TAG,
        MappingNode: _BaseLoader.DEFAULT_MAPPING_TAG,
    }

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return self._TAGS[kind]


# libyaml composes nodes recursively in C: a file nested some 30,000 levels deep (a few
# kilobytes of `[`) overflows the stack and kills the process (on Windows, with its 1 MB
# stack, far sooner). A file that might nest deeper than this is measured before it is
# composed, from the parser's events, which need no recursion.
SAFE_NESTING = 1000
# A submission holds a few thousand values, a criteria set about 3,500. Composing costs
# about a kilobyte and several microseconds a value: within the 8 MB cap, a million short
# keys took 2.5 GB and over a minute. A file that might hold more is counted first, from
# the parser's events, which keep nothing.
MAX_VALUES = 250_000


@dataclass(frozen=True)
class Document:
    """One YAML file: its display name, its data as text trees, and its parse tree."""

    file: str
    path: Path
    data: Any
    root: Node
    # Each mapping's children by key, built the first time a position inside it is asked
    # for: a file with thousands of problems in one mapping stays linear.
    _children: dict[int, dict[str, tuple[Node, Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the node at `path`, or of the nearest ancestor that exists.

        A collection value is reported at its key (its block starts on the next line);
        with `at_key`, a mapping entry is reported at its key even when the value is text.
        """
        node: Node = self.root
        key_node: Node | None = None
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            key_node, node = child
        else:
            if at_key and key_node is not None:
                return mark(key_node)
            if isinstance(node, ScalarNode) or key_node is None:
                return mark(node)
            return mark(key_node)
        return mark(key_node if key_node is not None else node)

    def _child(self, node: Node, part: str | int) -> tuple[Node | None, Node] | None:
        if isinstance(node, MappingNode) and isinstance(part, str):
            index = self._children.get(id(node))
            if index is None:
                index = {}
                for key, value in node.value:
                    if isinstance(key, ScalarNode):
                        index.setdefault(normal_key(key.value), (key, value))
                self._children[id(node)] = index
            return index.get(part)
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None


def read_document(path: Path, *, file: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file. Never raises for bad input: problems say what is wrong.

    A document may come with problems that leave its data whole (`control-character`,
    `key-spaces`): they are errors, but the file's other checks can still run.
    """
    name = file if file is not None else str(path)
    raw, problems = read_bytes(path, file=name)
    if raw is None:
        return None, problems
    return parse_bytes(raw, file=name, path=path)


def read_bytes(path: Path, *, file: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem that keeps them from being read."""
    try:
        return read_regular(path, limit=MAX_FILE_BYTES), []
    except Unreadable as exc:
        if exc.too_large:
            message = (
                f"tệp lớn hơn giới hạn {MAX_FILE_BYTES // 1024 // 1024} MB; hãy kiểm tra đây "
                "có đúng là tệp tiêu chí hoặc hồ sơ tự chấm không"
            )
            return None, [Problem(file, 1, 1, "file-too-large", message)]
        message = f"không đọc được: {exc.reason}; hãy thay bằng tệp YAML thật hoặc xóa nó"
        return None, [Problem(file, 1, 1, "file-unreadable", message)]


def parse_bytes(raw: bytes, *, file: str, path: Path) -> tuple[Document | None, list[Problem]]:
    text, problem = decode(raw, file)
    if problem is not None:
        return None, [problem]
    return parse_text(text, file=file, path=path)


def parse_text(text: str, *, file: str, path: Path) -> tuple[Document | None, list[Problem]]:
    if not unicodedata.is_normalized("NFC", text):
        # Vietnamese typed on macOS or pasted from PDFs may arrive decomposed (NFD).
        text = unicodedata.normalize("NFC", text)
    invisible = invisible_characters(text, file)
    if invisible:
        # Each is reported where it is; a visible stand-in of the same length lets the rest of
        # the file be parsed and checked at the right positions, so every problem shows at once.
        text = IN_FILE.sub("\ufffd", text)
    if not text.strip():
        return None, [Problem(file, 1, 1, "empty-file", "tệp rỗng; hãy viết nội dung YAML")]
    if nesting_bound(text, limit=SAFE_NESTING) > SAFE_NESTING or values_bound(text) > MAX_VALUES:
        too_big = _measure(text, file)
        if too_big is not None:
            return None, [*invisible, too_big]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        found = syntax_problem(file, text, at=at, problem=exc.problem, context=exc.context)
        return None, [*invisible, found]
    except YAMLError:
        message = "YAML không hợp lệ; hãy kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép"
        return None, [*invisible, Problem(file, 1, 1, "yaml-syntax", message)]
    if root is None:
        return None, [
            *invisible,
            Problem(file, 1, 1, "empty-file", "tệp chỉ có chú thích; hãy viết nội dung"),
        ]
    constructor = Constructor(file, text)
    data = constructor.build(root)
    remarks = invisible + constructor.remarks
    if constructor.problems:
        return None, constructor.problems + remarks
    return Document(file=file, path=path, data=data, root=root), remarks


def _measure(text: str, file: str) -> Problem | None:
    """The first collection nested deeper than MAX_DEPTH, or the first value past
    MAX_VALUES, from the parser's events."""
    loader = _Loader(text)
    depth = values = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _VALUE_EVENTS):
                values += 1
                if values > MAX_VALUES:
                    line, col = event.start_mark.line + 1, event.start_mark.column + 1
                    return Problem(file, line, col, "file-too-large", _TOO_MANY)
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = event.start_mark.line + 1, event.start_mark.column + 1
                    return Problem(file, line, col, "yaml-too-deep", TOO_DEEP)
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
    except YAMLError:
        return None  # composing reports the syntax error, which comes before any deep part
    finally:
        loader.dispose()
    return None


_VALUE_EVENTS = (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)
_TOO_MANY = (
    "tệp có hơn " + f"{MAX_VALUES:,}".replace(",", ".") + " giá trị (khóa, mục, phần tử danh "
    "sách); tệp của parcli chỉ cần vài nghìn, hãy kiểm tra đây có đúng là tệp tiêu chí hoặc "
    "hồ sơ tự chấm không"
)
