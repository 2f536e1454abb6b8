"""Executable scales: what a leaf's rule gives for a submission's inputs, and which scores fit it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from parcli.models import ItemEntry, Leaf, Rule, answer_is_yes
from parcli.numbers import HUNDRED, MACHINE, Notation, plain, quantize

Part = str | Decimal


@dataclass(frozen=True)
class Why:
    """How a rule reached its points, in words; the numbers are written when it is shown, in
    the reader's notation (1.034/1.100 = 94% in a document, 1034/1100 in a YAML message)."""

    parts: tuple[Part, ...] = ()

    def text(self, notation: Notation = MACHINE) -> str:
        return "".join(p if isinstance(p, str) else plain(p, notation) for p in self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __add__(self, other: Why) -> Why:
        return Why((*self.parts, *other.parts))


@dataclass(frozen=True)
class Outcome:
    """What the rule gives: the points (None when the entry gives no inputs), how, and issues."""

    points: Decimal | None
    explain: Why = Why()
    issues: tuple[tuple[str, str], ...] = ()  # (key under the item, Vietnamese message)


def evaluate(leaf: Leaf, entry: ItemEntry) -> Outcome:
    rule = leaf.rule
    if rule is None:
        return Outcome(None)
    kind = rule.resolved_kind
    if kind == "levels":
        return _levels(rule, entry)
    if kind == "check":
        if entry.answer is None:
            return Outcome(None)
        yes = answer_is_yes(entry.answer)
        return Outcome(leaf.max if yes else Decimal(0), Why((f"trả lời {entry.answer}",)))
    if kind == "bands":
        return _bands(rule, entry)
    if kind == "ratio":
        return _ratio(leaf, rule, entry)
    if kind == "deduction":
        return _deduction(leaf, rule, entry)
    return Outcome(None)


def allowed_scores(leaf: Leaf) -> tuple[Decimal, ...] | None:
    """The only scores the rule can give, or None when any value in range may be right."""
    rule = leaf.rule
    if rule is None:
        return None
    kind = rule.resolved_kind
    if kind == "levels" and rule.levels:
        return tuple(dict.fromkeys(level.points for level in rule.levels))
    if kind == "bands" and rule.bands:
        return tuple(dict.fromkeys(band.points for band in rule.bands))
    if kind == "check":
        return (leaf.max, Decimal(0))
    return None


def step_of(leaf: Leaf) -> Decimal | None:
    rule = leaf.rule
    if rule is not None and rule.resolved_kind == "manual":
        return rule.step
    return None


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _levels(rule: Rule, entry: ItemEntry) -> Outcome:
    if entry.level is None or not rule.levels:
        return Outcome(None)
    for level in rule.levels:
        if _norm(level.label) == _norm(entry.level):
            return Outcome(level.points, Why((f"mức “{level.label}”",)))
    labels = "; ".join(f"“{level.label}”" for level in rule.levels)
    return _issue(
        "level", f"mức “{entry.level}” không có trong thang điểm; hãy viết một trong: {labels}"
    )


def _issue(key: str, message: str) -> Outcome:
    return Outcome(None, issues=((key, message),))


def _named(rule: Rule, name: str) -> str:
    """An input as a person reads it, with the key to write in YAML: "hồ sơ tiếp nhận (received)"."""
    label = rule.label(name)
    return name if label == name else f"{label} ({name})"


def _inputs(
    rule: Rule, entry: ItemEntry
) -> tuple[list[Decimal] | None, tuple[tuple[str, str], ...]]:
    names = rule.inputs_needed()
    present = [name for name in names if name in entry.inputs]
    if not present:
        return None, ()
    missing = [name for name in names if name not in entry.inputs]
    if missing:
        want = ", ".join(f"{name}: <số>" for name in missing)
        shown = ", ".join(_named(rule, name) for name in missing)
        return None, (("inputs", f"thiếu số liệu {shown}; hãy thêm vào inputs: {{{want}}}"),)
    return [entry.inputs[name] for name in names], ()


def _share(rule: Rule, names: tuple[str, str], values: list[Decimal]) -> Outcome | None:
    """The problem with a part and a whole, if any: a zero whole, a part above the whole."""
    part, whole = values
    a, b = names
    if whole == 0:
        return _issue(
            "inputs",
            f"{_named(rule, b)} = 0 nên không tính được tỷ lệ; nếu nhiệm vụ không phát sinh hãy ghi na: <lý do>",
        )
    if part > whole:
        return _issue(
            "inputs",
            f"{_named(rule, a)} ({plain(part)}) lớn hơn {_named(rule, b)} ({plain(whole)}); hãy kiểm tra lại số liệu",
        )
    return None


def _bands(rule: Rule, entry: ItemEntry) -> Outcome:
    values, issues = _inputs(rule, entry)
    if values is None or not rule.bands:
        return Outcome(None, issues=issues)
    if rule.percent_of:
        wrong = _share(rule, rule.percent_of, values)
        if wrong is not None:
            return wrong
        part, whole = values
        value = part / whole * HUNDRED
        shown = Why((f"Tỷ lệ {rule.label(rule.percent_of[0])} ", part, "/", whole, " = ",
                     quantize(value, 2), "%"))  # fmt: skip
        unit = "%"
    else:
        value = values[0]
        shown = Why((f"Số {rule.label(rule.count_of or '')}: ", value))
        unit = ""
    for band in sorted(rule.bands, key=lambda band: band.min, reverse=True):
        if value >= band.min:
            return Outcome(band.points, shown + Why((" (từ ", band.min, f"{unit})")))
    return Outcome(Decimal(0), shown)


def _ratio(leaf: Leaf, rule: Rule, entry: ItemEntry) -> Outcome:
    values, issues = _inputs(rule, entry)
    if values is None or rule.ratio_of is None:
        return Outcome(None, issues=issues)
    wrong = _share(rule, rule.ratio_of, values)
    if wrong is not None:
        return wrong
    part, whole = values
    points = min(leaf.max * part / whole, leaf.max)
    label = rule.label(rule.ratio_of[0])
    return Outcome(points, Why((f"Tỷ lệ {label} ", part, "/", whole, " × ", leaf.max, " điểm")))


def _deduction(leaf: Leaf, rule: Rule, entry: ItemEntry) -> Outcome:
    values, issues = _inputs(rule, entry)
    if values is None or rule.points is None:
        return Outcome(None, issues=issues)
    (count,) = values
    if count != count.to_integral_value():
        return _issue(
            "inputs",
            f"{_named(rule, rule.per or '')} là số lần vi phạm, phải là số nguyên (đang là {plain(count)})",
        )
    cap = rule.cap if rule.cap is not None else leaf.max
    taken = min(-rule.points * count, cap, leaf.max)
    why = Why((f"Số {rule.label(rule.per or '')}: ", count, " × ", rule.points,
               " điểm, trừ tối đa ", cap))  # fmt: skip
    return Outcome(leaf.max - taken, why)
