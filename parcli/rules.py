"""Executable scales: what a leaf's rule gives for a submission's inputs, and which scores fit it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from parcli.models import ItemEntry, Leaf, Rule, answer_is_yes
from parcli.numbers import HUNDRED, plain, quantize


@dataclass(frozen=True)
class Outcome:
    """What the rule gives: the points (None when the entry gives no inputs), how, and issues."""

    points: Decimal | None
    explain: str = ""
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
        return Outcome(leaf.max if yes else Decimal(0), f"trả lời {entry.answer}")
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
            return Outcome(level.points, f"mức “{level.label}”")
    labels = "; ".join(f"“{level.label}”" for level in rule.levels)
    return Outcome(
        None,
        issues=(
            (
                "level",
                f"mức “{entry.level}” không có trong thang điểm; hãy viết một trong: {labels}",
            ),
        ),
    )


def _inputs(
    names: tuple[str, ...], entry: ItemEntry
) -> tuple[list[Decimal] | None, tuple[tuple[str, str], ...]]:
    present = [name for name in names if name in entry.inputs]
    if not present:
        return None, ()
    missing = [name for name in names if name not in entry.inputs]
    if missing:
        want = ", ".join(f"{name}: <số>" for name in missing)
        return None, (
            ("inputs", f"thiếu số liệu {', '.join(missing)}; hãy thêm vào inputs: {{{want}}}"),
        )
    return [entry.inputs[name] for name in names], ()


def _bands(rule: Rule, entry: ItemEntry) -> Outcome:
    names = rule.inputs_needed()
    values, issues = _inputs(names, entry)
    if values is None or not rule.bands:
        return Outcome(None, issues=issues)
    if rule.percent_of:
        part, whole = values
        a, b = rule.percent_of
        if whole == 0:
            return Outcome(
                None,
                issues=(
                    (
                        "inputs",
                        f"{b} = 0 nên không tính được tỷ lệ; nếu nhiệm vụ không phát sinh hãy ghi na: <lý do>",
                    ),
                ),
            )
        if part > whole:
            return Outcome(
                None,
                issues=(
                    (
                        "inputs",
                        f"{a} ({plain(part)}) lớn hơn {b} ({plain(whole)}); hãy kiểm tra lại số liệu",
                    ),
                ),
            )
        value = part / whole * HUNDRED
        shown = f"{a} {plain(part)}/{b} {plain(whole)} = {plain(quantize(value, 2))}%"
    else:
        value = values[0]
        shown = f"{names[0]} = {plain(value)}"
    for band in sorted(rule.bands, key=lambda band: band.min, reverse=True):
        if value >= band.min:
            return Outcome(band.points, f"{shown} (từ {plain(band.min)})")
    return Outcome(Decimal(0), shown)


def _ratio(leaf: Leaf, rule: Rule, entry: ItemEntry) -> Outcome:
    values, issues = _inputs(rule.inputs_needed(), entry)
    if values is None:
        return Outcome(None, issues=issues)
    part, whole = values
    a, b = rule.ratio_of or ("", "")
    if whole == 0:
        return Outcome(
            None,
            issues=(
                (
                    "inputs",
                    f"{b} = 0 nên không tính được tỷ lệ; nếu nhiệm vụ không phát sinh hãy ghi na: <lý do>",
                ),
            ),
        )
    if part > whole:
        return Outcome(
            None,
            issues=(
                (
                    "inputs",
                    f"{a} ({plain(part)}) lớn hơn {b} ({plain(whole)}); hãy kiểm tra lại số liệu",
                ),
            ),
        )
    points = min(leaf.max * part / whole, leaf.max)
    return Outcome(points, f"{plain(leaf.max)} × {plain(part)}/{plain(whole)}")


def _deduction(leaf: Leaf, rule: Rule, entry: ItemEntry) -> Outcome:
    values, issues = _inputs(rule.inputs_needed(), entry)
    if values is None or rule.points is None:
        return Outcome(None, issues=issues)
    (count,) = values
    if count != count.to_integral_value():
        return Outcome(
            None,
            issues=(
                (
                    "inputs",
                    f"{rule.per} là số lần vi phạm, phải là số nguyên (đang là {plain(count)})",
                ),
            ),
        )
    cap = rule.cap if rule.cap is not None else leaf.max
    taken = min(-rule.points * count, cap, leaf.max)
    return Outcome(
        leaf.max - taken, f"{plain(count)} × {plain(rule.points)}, tối đa trừ {plain(cap)}"
    )
