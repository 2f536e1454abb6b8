"""Decimals for people: half-up rounding for display and the one way each number is written.

Every writer (terminal, Markdown, Word, XLSX, JSON, CSV, git text) formats numbers here, so
a display convention is decided in one place: `Notation` says which characters separate
decimals and thousands (machine formats keep the dot; documents may use another notation).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
NONE_SHOWN = "—"  # a value that does not exist (nothing applicable), never the same as 0


@dataclass(frozen=True)
class Notation:
    """How a number's digits are punctuated: `1234.5` or `1.234,5`."""

    decimal: str = "."
    thousands: str = ""


MACHINE = Notation()  # JSON, CSV, YAML, the terminal: what machines and YAML read back
VIETNAMESE = Notation(decimal=",", thousands=".")  # documents: 88,11 điểm; 1.034 hồ sơ
NOTATIONS = {"vi": VIETNAMESE, "dot": MACHINE}  # the `numbers:` setting of parcli.yaml


@dataclass(frozen=True)
class Display:
    """How one document writes its numbers: one notation, and one precision per kind of
    column, so a column never mixes 2 and 4 decimals and a maximum reads alike everywhere."""

    notation: Notation = MACHINE
    points: int = 2  # totals and subtotals
    items: int = 2  # an item's points: the most decimals any leaf asks for
    percent: int = 2

    def pts(self, value: Decimal | None) -> str:
        return rounded(value, self.points, self.notation)

    def item(self, value: Decimal | None) -> str:
        return rounded(value, self.items, self.notation)

    def pct(self, value: Decimal | None) -> str:
        return rounded(value, self.percent, self.notation)

    def max(self, value: Decimal | None) -> str:
        """A maximum as the set writes it: 1,5 and 83, never 1,50."""
        return NONE_SHOWN if value is None else plain(value, self.notation)


def quantize(value: Decimal, places: int) -> Decimal:
    """Half-up rounding to `places` decimals, as published score sheets round."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Decimal, notation: Notation = MACHINE) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (0.50 → 0.5, 1E+1 → 10)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _punctuate(text or "0", notation)


def rounded(value: Decimal | None, places: int, notation: Notation = MACHINE) -> str:
    """Rounded half-up to exactly `places` decimals; "—" where there is no value."""
    if value is None:
        return NONE_SHOWN
    return _punctuate(f"{quantize(value, places):f}", notation)


def signed(value: Decimal, places: int, notation: Notation = MACHINE) -> str:
    """+0.50 / −0.50 with a true minus sign, as printed tables show a change."""
    text = rounded(abs(value), places, notation)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def exact(value: Decimal | None) -> str | None:
    """The exact value for machines (JSON): every digit, a dot, no rounding."""
    return None if value is None else plain(value)


def _punctuate(text: str, notation: Notation) -> str:
    if notation == MACHINE:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if notation.thousands and len(whole) > 3:
        groups = [whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)]
        whole = notation.thousands.join(reversed(groups))
    return sign + whole + (notation.decimal + fraction if fraction else "")
