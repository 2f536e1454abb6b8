"""What every git command prints: text within 80 columns (wrapped, in aligned columns, cut
short with … only where nothing else fits), and commits and totals as JSON records."""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Hashable, Sequence
from decimal import Decimal
from typing import Any

from parcli.git.repo import Commit
from parcli.git.snapshot import Version
from parcli.numbers import exact, rounded
from parcli.problems import format_key_path

WIDTH = 80


def json_value(value: Hashable | None) -> Any:
    return exact(value) if isinstance(value, Decimal) else value


def totals_record(version: Version, *rank: int | None) -> dict[str, Any] | None:
    """Totals as `parcli score --format json` gives them; the rank when one is given."""
    card = version.card
    if card is None:
        return None
    return {
        "points": exact(card.points),
        "max": exact(card.max),
        "index": exact(card.index),
        "provisional": card.provisional,
        "class": card.class_name,
        **({"rank": rank[0]} if rank else {}),
        "bonus": exact(card.bonus),
        "penalty": exact(card.penalty),
    }


def why_not_scored(version: Version) -> str:
    """Why a version that is there has no score, in the words every git command uses."""
    if not version.errors:
        return "không đọc được hồ sơ"
    first = version.errors[0]
    more = f" và {len(version.errors) - 1} lỗi khác" if len(version.errors) > 1 else ""
    return f"hồ sơ có lỗi, không chấm: {format_key_path(first.path)} ({first.code}){more}"


def errors_record(version: Version) -> list[dict[str, Any]]:
    """The errors that keep a committed version out of the score, as `validate` words them."""
    return [
        {"code": p.code, "path": format_key_path(p.path), "message": p.message}
        for p in version.errors
    ]


def commit_record(commit: Commit | None) -> dict[str, Any] | None:
    if commit is None:
        return None
    return {
        "sha": commit.sha,
        "parents": list(commit.parents),
        "author": commit.author,
        "email": commit.email,
        "date": commit.date.isoformat(),
        "committed": commit.committed.isoformat(),
        "subject": commit.subject,
    }


def who(commit: Commit) -> str:
    return f"{commit.author}, {commit.date.date().isoformat()} ({commit.short})"


def index_text(version: Version, places: int) -> str:
    card = version.card
    if card is None or card.index is None:
        return "—"
    return f"{rounded(card.index, places)}%" + ("*" if card.provisional else "")


def is_provisional(version: Version) -> bool:
    return version.card is not None and version.card.provisional


def wrap(text: str, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Text wrapped to WIDTH columns, never broken inside a word."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def wrap_parts(parts: Sequence[str], *, indent: str) -> list[str]:
    """Parts joined by "; " within WIDTH, a line broken only between parts; the lines after
    the first indented two more."""
    lines: list[str] = []
    current = ""
    for part in parts:
        prefix = indent if not lines else indent + "  "
        joined = f"{current}; {part}" if current else part
        if current and len(prefix) + len(joined) > WIDTH:
            lines.append(prefix + current + ";")
            current = part
        else:
            current = joined
    return [*lines, (indent if not lines else indent + "  ") + current]


def fitted(
    rows: Sequence[Sequence[str]], *, indent: str = "", shrink: int, right: Collection[int] = ()
) -> list[str]:
    """Rows as columns two spaces apart within WIDTH; trailing spaces trimmed.

    Column `shrink` is as wide as the other columns leave room for; a longer cell takes the
    room its own row leaves after it (the cells after it then move right), and is cut short
    (…) only beyond that.
    """
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    room = WIDTH - len(indent) - sum(widths) - 2 * (len(widths) - 1) + widths[shrink]
    widths[shrink] = max(min(widths[shrink], room), 1)

    def cell(i: int, text: str) -> str:
        return text.rjust(widths[i]) if i in right else text.ljust(widths[i])

    out = []
    for row in rows:
        head = "".join(cell(i, text) + "  " for i, text in enumerate(row[:shrink]))
        tail = "  ".join(cell(i, text) for i, text in enumerate(row) if i > shrink).rstrip()
        text = row[shrink]
        if len(text) > widths[shrink]:
            tail = "  ".join(c for c in row[shrink + 1 :] if c)
            text = _cut(text, WIDTH - len(indent) - len(head) - (len(tail) + 2 if tail else 0))
        middle = text.ljust(widths[shrink]) if tail else text
        out.append((indent + head + middle + ("  " + tail if tail else "")).rstrip())
    return out


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
