"""YAML files → plain text trees, with the parse tree kept to locate any key on demand.

Every scalar stays text (`1.10` is the id "1.10", `no` is the word "no"); the models type
them. Parsing goes through libyaml's composer, which records every node's position for
free, and a small constructor that builds dicts, lists and strings: positions cost nothing
until a problem asks for one (`Document.position`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parcli.problems import KeyPath, Problem

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


# A submission is ~25 KB; a criteria set ~60 KB. Anything near this is not a hand-edited file.
MAX_FILE_BYTES = 8 * 1024 * 1024
# The formats nest about eight levels; far deeper is a broken or hostile file.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Document:
    """One YAML file: its display name, its data as text trees, and its parse tree."""

    file: str
    path: Path
    data: Any
    root: Node

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the node at `path`, or of the nearest ancestor that exists.

        A collection value is reported at its key (its block starts on the next line);
        with `at_key`, a mapping entry is reported at its key even when the value is text.
        """
        node: Node = self.root
        key_node: Node | None = None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        else:
            if at_key and key_node is not None:
                return _mark(key_node)
            if isinstance(node, ScalarNode) or key_node is None:
                return _mark(node)
            return _mark(key_node)
        return _mark(key_node if key_node is not None else node)


def _child(node: Node, part: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == part:
                return key, value
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_document(path: Path, *, file: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file. Never raises for bad input: problems say what is wrong."""
    name = file if file is not None else str(path)
    raw, problems = read_bytes(path, file=name)
    if raw is None:
        return None, problems
    return parse_bytes(raw, file=name, path=path)


def read_bytes(path: Path, *, file: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or the problem that keeps them from being read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    file,
                    1,
                    1,
                    "file-too-large",
                    f"tệp lớn {size / 1024 / 1024:.1f} MB, vượt giới hạn "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB; hãy kiểm tra đây có đúng là tệp "
                    "tiêu chí hoặc hồ sơ tự chấm không",
                )
            ]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [
            Problem(file, 1, 1, "file-unreadable", f"không đọc được tệp: {exc.strerror or exc}")
        ]


def parse_bytes(raw: bytes, *, file: str, path: Path) -> tuple[Document | None, list[Problem]]:
    text, problem = _decode(raw, file)
    if problem is not None:
        return None, [problem]
    return parse_text(text, file=file, path=path)


def parse_text(text: str, *, file: str, path: Path) -> tuple[Document | None, list[Problem]]:
    if not unicodedata.is_normalized("NFC", text):
        # Vietnamese typed on macOS or pasted from PDFs may arrive decomposed (NFD).
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        return None, [Problem(file, 1, 1, "empty-file", "tệp rỗng; hãy viết nội dung YAML")]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file, text)]
    except YAMLError as exc:
        return None, [Problem(file, 1, 1, "yaml-syntax", f"YAML không hợp lệ: {exc}")]
    if root is None:
        return None, [Problem(file, 1, 1, "empty-file", "tệp chỉ có chú thích; hãy viết nội dung")]
    problems: list[Problem] = []
    data = _Constructor(file, problems).build(root)
    if problems:
        return None, problems
    return Document(file=file, path=path, data=data, root=root), []


def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem(
            file,
            1,
            1,
            "bad-encoding",
            'tệp được lưu bằng mã hóa UTF-16 ("Unicode" trong Notepad); '
            "hãy lưu lại với mã hóa UTF-8",
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return "", Problem(
            file,
            line,
            col,
            "bad-encoding",
            f"byte 0x{raw[exc.start]:02x} không phải UTF-8 (có thể tệp lưu bằng mã TCVN3/VNI "
            "hoặc Windows-1258); hãy chuyển sang Unicode và lưu lại với mã hóa UTF-8",
        )


def _syntax_problem(exc: MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    detail = exc.problem or ""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, 1)] or "'\\t'" in detail:
        return Problem(
            file,
            line,
            col,
            "yaml-tab",
            "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách: hãy thay Tab bằng 2 dấu cách",
        )
    if "expected a single document" in (exc.context or "") + detail:
        return Problem(
            file,
            line,
            col,
            "yaml-multiple-documents",
            "tệp có nhiều tài liệu YAML (dòng ---); mỗi tệp chỉ được chứa một tài liệu",
        )
    hint = (
        "kiểm tra thụt lề (cùng cấp phải thẳng cột), dấu hai chấm sau mỗi khóa và dấu ngoặc kép "
        "đóng mở đủ; văn bản có dấu ':' hoặc '#' hãy đặt trong ngoặc kép"
    )
    what = f" ({_SYNTAX_VI.get(exc.problem or '', exc.problem)})" if exc.problem else ""
    return Problem(file, line, col, "yaml-syntax", f"YAML không hợp lệ{what}: {hint}")


# libyaml's most frequent complaints, said in Vietnamese; rarer ones keep libyaml's wording.
_SYNTAX_VI = {
    "found unexpected end of stream": "hết tệp mà dấu ngoặc kép hoặc ngoặc chưa đóng",
    "did not find expected key": "thiếu khóa hoặc thụt lề không thẳng cột",
    "did not find expected ',' or '}'": "thiếu dấu phẩy hoặc dấu } đóng",
    "did not find expected ',' or ']'": "thiếu dấu phẩy hoặc dấu ] đóng",
    "mapping values are not allowed in this context": "dấu hai chấm không đúng chỗ",
    "could not find expected ':'": "thiếu dấu hai chấm sau khóa",
    "found character that cannot start any token": "có ký tự không được đứng đầu giá trị (như @ hoặc `)",
    "did not find expected '-' indicator": "phần tử danh sách thiếu dấu - hoặc thụt lề sai",
    "found undefined alias": "dùng alias (*tên) chưa được định nghĩa",
    "did not find expected node content": "thiếu giá trị",
    "found unknown escape character": "ký tự thoát (\\) không hợp lệ trong ngoặc kép",
}


class _Constructor:
    """Nodes → dict / list / str, reporting duplicate keys, complex keys and aliases."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.seen: set[int] = set()

    def build(self, node: Node, depth: int = 0) -> Any:
        if isinstance(node, ScalarNode):
            # `self:` with nothing after it is "not filled in yet" (scaffolds are written so);
            # `self: ""` stays an empty text.
            if node.value == "" and not node.style:
                return None
            return node.value
        ident = id(node)
        if ident in self.seen:
            # libyaml resolves `*alias` to the anchored node itself: a second visit is an alias,
            # and expanding it is how "billion laughs" files exhaust memory.
            self._problem(
                node, "yaml-alias", "không dùng anchor/alias (&tên, *tên); hãy viết đầy đủ nội dung"
            )
            return None
        self.seen.add(ident)
        if depth >= MAX_DEPTH:
            self._problem(
                node,
                "yaml-too-deep",
                f"lồng nhau quá {MAX_DEPTH} cấp; tệp của parcli chỉ cần vài cấp, hãy kiểm tra "
                "các dấu ngoặc [ ] { } và thụt lề",
            )
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self._problem(
                        key_node, "complex-key", "khóa phải là văn bản, không phải danh sách/bảng"
                    )
                    continue
                key = key_node.value
                if key in out:
                    self._problem(
                        key_node,
                        "duplicate-key",
                        f"khóa {key!r} đã có ở trên trong cùng bảng; hãy gộp hoặc xóa một khóa",
                    )
                    continue
                out[key] = self.build(value_node, depth + 1)
            return out
        return None  # pragma: no cover - libyaml produces only the three node kinds

    def _problem(self, node: Node, code: str, message: str) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.file, line, col, code, message))
