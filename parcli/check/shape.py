"""Pydantic validation of a document, its errors turned into located, Vietnamese problems."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from parcli.characters import shorten
from parcli.loading import Document
from parcli.problems import KeyPath, Problem

M = TypeVar("M", bound=BaseModel)


def parse_model(
    doc: Document, model: type[M], *, data: Any = None
) -> tuple[M | None, list[Problem]]:
    """Validate the document's data (or `data`, a pruned copy of it) against `model`."""
    try:
        return model.model_validate(doc.data if data is None else data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=True)
        return None, [problem_from_error(doc, model, error) for error in errors]


# Sections of a submission whose entries are checked one by one: an entry with a shape error
# is set aside so that the rest of the file is still checked, every problem in one run.
_KEYED = {  # mappings keyed by item id
    ("items",),
    ("survey",),
    ("appraisal", "round1"),
    ("appraisal", "round2"),
    ("appraisal", "explanation"),
}
_LISTED = {("plan",), ("bonus",), ("penalty",)}  # lists, whose entries keep their index


@dataclass(frozen=True)
class SetAside:
    """What pruning left out: the item ids of keyed entries, and for each list section the
    original index of every entry kept (so problems still point at the right entry)."""

    ids: frozenset[str] = frozenset()
    kept: Mapping[str, Sequence[int]] = field(default_factory=dict)

    def index(self, section: str, i: int) -> int:
        kept = self.kept.get(section)
        return kept[i] if kept is not None else i


def prune_broken_entries(data: Any, problems: list[Problem]) -> tuple[Any, SetAside] | None:
    """A copy of `data` without the entries that have shape problems, and what was left out.

    None when some problem lies outside such an entry: the file's shape is then too broken
    for its remaining checks to say anything reliable.
    """
    if not isinstance(data, dict):
        return None
    broken: dict[tuple[str, ...], set[str | int]] = {}
    for problem in problems:
        section = next(
            (
                s
                for s in (*_KEYED, *_LISTED)
                if problem.path[: len(s)] == s and len(problem.path) > len(s)
            ),
            None,
        )
        if section is None or isinstance(problem.path[len(section)], int) != (section in _LISTED):
            return None
        broken.setdefault(section, set()).add(problem.path[len(section)])
    pruned = dict(data)
    kept: dict[str, list[int]] = {}
    for section, keys in broken.items():
        parent: dict[str, Any] = pruned
        for key in section[:-1]:
            parent[key] = dict(parent[key])
            parent = parent[key]
        entries = parent[section[-1]]
        if section in _LISTED:
            kept[section[-1]] = [i for i in range(len(entries)) if i not in keys]
            parent[section[-1]] = [entries[i] for i in kept[section[-1]]]
        else:
            parent[section[-1]] = {k: v for k, v in entries.items() if k not in keys}
    ids = frozenset(str(k) for s, keys in broken.items() if s in _KEYED for k in keys)
    return pruned, SetAside(ids, kept)


def problem_from_error(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem:
    loc: KeyPath = tuple(part for part in error["loc"] if isinstance(part, str | int))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    last = loc[-1] if loc else ""
    if kind == "missing":
        line, col = doc.position(loc[:-1])
        if isinstance(last, int):  # an entry of a fixed-length list, such as a pair of inputs
            message = f"thiếu phần tử thứ {last + 1} của danh sách; hãy thêm vào"
            return Problem(doc.file, line, col, "bad-value", message, loc[:-1])
        return Problem(
            doc.file, line, col, "missing-key", f"thiếu khóa `{last}`; hãy thêm `{last}: …`", loc
        )
    if kind == "extra_forbidden":
        line, col = doc.position(loc, at_key=True)
        known = _keys_at(model, loc[:-1])
        close = difflib.get_close_matches(str(last), known, n=1)
        hint = f"; có phải ý bạn là `{close[0]}`?" if close else "."
        listed = f" Các khóa dùng được ở đây: {', '.join(known)}." if known else ""
        return Problem(
            doc.file,
            line,
            col,
            "unknown-key",
            f"khóa `{shorten(str(last))}` không có trong định dạng{hint}{listed}",
            loc,
        )
    line, col = doc.position(loc)
    code, message = _describe(kind, value, ctx, error["msg"])
    return Problem(doc.file, line, col, code, message, loc)


def _shown(value: Any) -> str:
    if value is None:
        return "(để trống)"
    if isinstance(value, dict):
        return "một bảng khóa: giá trị"
    if isinstance(value, list):
        return "một danh sách"
    return f"“{shorten(str(value))}”"


# Pydantic's error kinds that need only the value to be said in Vietnamese: code, message.
_PLAIN_KINDS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type", "mapping_type"),
        ("not-a-mapping", "ở đây cần một bảng `khóa: giá trị`, đang là {shown}"),
    ),
    **dict.fromkeys(
        ("list_type", "tuple_type", "sequence_type"),
        ("not-a-list", "ở đây cần một danh sách (mỗi phần tử một dòng `- …`), đang là {shown}"),
    ),
    **dict.fromkeys(
        ("string_type", "string_sub_type"),
        ("not-text", "ở đây cần một đoạn văn bản, đang là {shown}"),
    ),
    **dict.fromkeys(
        ("int_parsing", "int_type", "int_from_float"),
        ("not-an-integer", "{shown} không phải số nguyên; hãy viết một số như 7"),
    ),
    **dict.fromkeys(
        ("bool_type", "bool_parsing", "none_required", "is_instance_of", "union_tag_invalid"),
        ("bad-value", "giá trị {shown} không đúng kiểu ở chỗ này; hãy xem mẫu trong README"),
    ),
    "string_too_short": ("bad-value", "không được để trống; hãy viết nội dung"),
    "empty_value": ("bad-value", "không được để trống; hãy viết giá trị hoặc xóa khóa này"),
}
_NUMBER_KINDS = ("decimal_parsing", "decimal_type", "finite_number", "decimal_max_digits")
_BOUNDS = {
    "greater_than_equal": "≥",
    "greater_than": ">",
    "less_than": "<",
    "less_than_equal": "≤",
}


def _describe(kind: str, value: Any, ctx: dict[str, Any], msg: str) -> tuple[str, str]:
    """A pydantic error kind → (problem code, Vietnamese message saying what to write)."""
    shown = _shown(value)
    if kind in _PLAIN_KINDS:
        code, message = _PLAIN_KINDS[kind]
        return code, message.format(shown=shown)
    if kind in _NUMBER_KINDS:
        return "not-a-number", _number_message(value, shown)
    if kind == "number_range":
        return "bad-value", msg
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            "bad-date",
            f"{shown} không phải ngày hợp lệ; hãy viết năm-tháng-ngày, ví dụ 2026-01-20",
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return "bad-choice", f"{shown} không hợp lệ; hãy viết một trong: {expected}"
    if kind in _BOUNDS:
        return "bad-value", f"{shown} phải {_BOUNDS[kind]} {next(iter(ctx.values()), '')}"
    if kind == "string_pattern_mismatch":
        hint = _pattern_hint(str(ctx.get("pattern", "")))
        if isinstance(value, str) and value != value.strip():
            return "bad-value", f"{shown} có dấu cách ở đầu hoặc cuối; hãy xóa dấu cách ({hint})"
        return "bad-value", f"{shown} sai dạng; {hint}"
    if kind == "too_short":
        return "bad-value", f"cần ít nhất {ctx.get('min_length', 1)} phần tử; hãy thêm vào"
    if kind == "too_long":
        return "bad-value", f"chỉ được tối đa {ctx.get('max_length', '')} phần tử; hãy bớt đi"
    return "bad-value", f"giá trị {shown} không hợp lệ ở chỗ này; hãy xem mẫu trong README ({kind})"


def _number_message(value: Any, shown: str) -> str:
    """A decimal comma gets the number rewritten with a dot; anything else an example."""
    if (
        isinstance(value, str)
        and "," in value
        and value.replace(",", "", 1).replace(".", "").isdigit()
    ):
        fixed = value.replace(".", "").replace(",", ".")
        return f"{shown} không phải số; YAML dùng dấu chấm thập phân: hãy viết {fixed}"
    return f"{shown} không phải số; hãy viết số thập phân với dấu chấm, ví dụ 1.5"


def _pattern_hint(pattern: str) -> str:
    if pattern.startswith("^(none|"):
        return 'hãy ghi mã mục ở bộ tiêu chí năm trước, ví dụ "1.2.1", hoặc none nếu là mục mới'
    if pattern.startswith("^[a-z][a-z0-9-]"):
        return "mã nhóm viết thường, không dấu, nối bằng -, ví dụ so hoặc xa"
    if pattern.startswith("^[1-9]"):
        return 'mã mục gồm các số cách nhau bởi dấu chấm, ví dụ "1.10" hoặc "3.2.1"'
    if pattern.startswith("^[a-z][a-z0-9_]"):
        return "tên số liệu viết thường, không dấu, nối bằng _, ví dụ on_time"
    if pattern.startswith("^[a-z0-9]"):
        return "mã cơ quan viết thường, không dấu, nối bằng -, ví dụ so-khcn"
    if pattern.startswith("^[A-Za-z0-9]"):
        return "mã bộ tiêu chí gồm chữ không dấu, số, dấu chấm, gạch nối, ví dụ 2026 hoặc bac-ninh-2026"
    if pattern.startswith("^\\S"):
        return 'mã viết liền, ví dụ "II.1.2" hoặc "1"'
    return f"cần khớp mẫu {pattern}"


def _keys_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The keys a mapping at `loc` accepts, for "did you mean" hints."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next(
                (f for name, f in tp.model_fields.items() if (f.alias or name) == part), None
            )
            if field is None:
                return []
            tp = field.annotation
        elif typing.get_origin(tp) in (list, tuple):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp
