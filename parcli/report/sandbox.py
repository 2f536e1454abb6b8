"""Templates run on a budget: a workspace's templates are code its owners wrote, and a
loop that never ends, a macro that calls itself, `'a' * 10**11` or a template saved in
another encoding must end as a `template-error`, never as a hang or an internal error.

Jinja's sandbox keeps templates away from Python's internals; this module adds:

- sizes: every value that crosses the sandbox (operators, calls, filters, attributes and
  items) is checked before a large one is built and after, so no step makes a huge string,
  list or number at once (`'a' * 10**11`, `'x'.center(10**10)`, `10 ** 10 ** 10`);
- output: what a template writes is counted as it is written;
- time and memory: see `budget.run_budgeted`;
- reading: template files are regular files of bounded size, in UTF-8, located on error.
"""

from __future__ import annotations

import operator
import os
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, Template, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from parcli.files import Unreadable, read_regular
from parcli.report.budget import Budget, TooLarge, TooMuchOutput

# ---------------------------------------------------------------- sizes


def _check(value: Any, budget: Budget) -> Any:
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        if len(value) > budget.value_size:
            raise TooLarge
    elif isinstance(value, int) and value.bit_length() > budget.int_bits:
        raise TooLarge
    return value


_WIDTH = re.compile(r"\d{7,}")  # a width or precision of a million or more: `{:>99999999}`


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _WIDTH.search(text):
        raise TooLarge


def _estimate(name: str, args: Sequence[Any], budget: Budget) -> None:
    """What a string operation will build, refused before it is built."""
    if not args:
        return
    head, rest = args[0], args[1:]
    if name in ("center", "ljust", "rjust", "zfill", "indent", "expandtabs"):
        if any(isinstance(a, int) and a > budget.value_size for a in rest):
            raise TooLarge
    elif name == "replace" and len(rest) >= 2 and isinstance(head, str):
        old, new = str(rest[0]), str(rest[1])
        if (len(head) // max(len(old), 1) + 1) * len(new) > budget.value_size:
            raise TooLarge
    elif name == "join" and isinstance(head, list | tuple):
        if sum(len(str(item)) for item in head[: budget.value_size]) > budget.value_size:
            raise TooLarge
    elif name in ("format", "format_map"):
        _check_format(head)


def _bounded_filter(name: str, function: Callable[..., Any], budget: Budget) -> Callable[..., Any]:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            _check(arg, budget)
        _estimate(name, args, budget)
        return _check(function(*args, **kwargs), budget)

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(function, attribute):
            setattr(bounded, attribute, getattr(function, attribute))
    return bounded


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "**": operator.pow,
    "%": operator.mod,
    "+": operator.add,
}


def _check_binop(operator: str, left: Any, right: Any, budget: Budget) -> None:
    """`'a' * 10**11`, `[1] * 10**9`, `10 ** 10**10`, `'%999999999d' % 1`: refused unbuilt."""
    _check(left, budget)
    _check(right, budget)
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        size = max((len(x) for x in (left, right) if isinstance(x, str | list | tuple)), default=0)
        count = max((x for x in (left, right) if isinstance(x, int)), default=0)
        bits = left.bit_length() + right.bit_length() if ints else 0
        if size * count > budget.value_size or bits > budget.int_bits:
            raise TooLarge
    elif operator == "**" and ints and right > 0:
        if max(left.bit_length(), 1) * right > budget.int_bits:
            raise TooLarge
    elif operator == "%":
        _check_format(left)


class _Budgeted(Template):
    """A template whose output is counted as it is written (Markdown and docxtpl alike)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        limit = self.environment.budget.output_chars  # type: ignore[attr-defined]
        parts: list[str] = []
        size = 0
        for part in self.generate(*args, **kwargs):
            size += len(part)
            if size > limit:
                raise TooMuchOutput
            parts.append(part)
        return "".join(parts)


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox every parcli template runs in."""

    intercepted_binops = frozenset(_BINOPS)
    template_class = _Budgeted

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: of no use in a report
        self.filters = {
            name: _bounded_filter(name, function, budget) for name, function in self.filters.items()
        }

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right, self.budget)
        return _check(_BINOPS[operator](left, right), self.budget)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = __self.budget
        for arg in (*args, *kwargs.values()):
            _check(arg, budget)
        method = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            _estimate(getattr(method, "__name__", ""), (owner, *args), budget)
        return _check(super().call(__context, __obj, *args, **kwargs), budget)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _check(super().getattr(obj, attribute), self.budget)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _check(super().getitem(obj, argument), self.budget)


# ---------------------------------------------------------------- reading templates


class TemplateFiles(FileSystemLoader):
    """Template files as parcli reads every file: regular, bounded, UTF-8, or a located
    syntax error saying why not."""

    def __init__(self, folders: Sequence[Path], *, budget: Budget) -> None:
        super().__init__([str(folder) for folder in folders])
        self.budget = budget

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename):
                return (
                    read_template(Path(filename), template, budget=self.budget),
                    filename,
                    (lambda: True),
                )
        raise TemplateNotFound(template)


def read_template(path: Path, name: str, *, budget: Budget) -> str:
    try:
        raw = read_regular(path, limit=budget.template_bytes)
    except Unreadable as exc:
        raise TemplateSyntaxError(f"không đọc được mẫu: {exc.reason}", 1, name, str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateSyntaxError(
            f"mẫu không phải văn bản UTF-8 (byte 0x{raw[exc.start]:02x}); hãy lưu lại mẫu với "
            "mã hóa UTF-8",
            line,
            name,
            str(path),
        ) from None
