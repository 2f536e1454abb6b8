"""The form's formulas and checks: what each rule gives for the typed inputs, the points an
item counts, the totals, index and class — parcli's scoring (rules.py, scoring.py) said in
Excel — and the data validation that refuses a value off the scale as it is typed.

Formulas are stored in Excel's own (English) syntax, without their "=", whatever the user's
language. Numbers are floating point there, so comparisons that decide a band or a class
are made on rounded differences, never on a quotient that may land a hair below its bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from parcli.models import ClassBand, Leaf
from parcli.numbers import plain
from parcli.report.form_writer import Validation
from parcli.rules import allowed_scores, step_of

Refs = Mapping[str, str]  # column key → the cell of this row, e.g. {"self": "K7"}
_NOISE = 9  # decimals kept when comparing: far below any score, far above float noise
_ARGS = 200  # Excel takes at most 255 arguments per function


def computed(
    leaf: Leaf, refs: Refs, labels: str | None = None, points: str | None = None
) -> str | None:
    """What the rule gives for the row's choice or inputs ("" while they are not given);
    None for a manual leaf. `labels`/`points`: the ranges of a levels rule's table."""
    rule = leaf.rule
    kind = leaf.rule_kind
    if rule is None or kind == "manual":
        return None
    choice, a, b = refs["choice"], refs["value1"], refs["value2"]
    top = _n(leaf.max)
    if kind == "levels":
        found = f"INDEX({points},MATCH({choice},{labels},0))"
        return f'IF({choice}="","",IFERROR({found},""))'
    if kind == "check":
        return f'IF(OR({choice}="có",{choice}="yes"),{top},IF(OR({choice}="không",{choice}="no"),0,""))'
    if kind == "bands":
        if rule.percent_of:
            guard = f'OR({a}="",{b}="")'
            bad = f"OR({b}=0,{a}>{b})"
            return f'IFERROR(IF({guard},"",IF({bad},"",{_bands(leaf, f"{a}*100", b)})),"")'
        return f'IFERROR(IF({a}="","",{_bands(leaf, a, None)}),"")'
    if kind == "ratio":
        return f'IFERROR(IF(OR({a}="",{b}=""),"",IF(OR({b}=0,{a}>{b}),"",MIN({top}*{a}/{b},{top}))),"")'
    # deduction: the maximum less each event's points, at most `cap` (the maximum) in all
    each = _n(-(rule.points or Decimal(0)))
    cap = _n(rule.cap if rule.cap is not None else leaf.max)
    taken = f"MIN({each}*{a},{cap},{top})"
    return f'IFERROR(IF({a}="","",IF({a}<>INT({a}),"",{top}-{taken})),"")'


def _bands(leaf: Leaf, value: str, whole: str | None) -> str:
    """Nested IFs from the highest band down: a band runs from its min (included)."""
    rule = leaf.rule
    bands = sorted(rule.bands or [], key=lambda band: band.min) if rule else []
    expr = "0"
    for band in bands:
        bound = f"{_n(band.min)}*{whole}" if whole is not None else _n(band.min)
        expr = f"IF(ROUND({value}-{bound},{_NOISE})>=0,{_n(band.points)},{expr})"
    return expr


def self_points(leaf: Leaf, refs: Refs) -> str:
    """The self form: appraised score, else the self score, else what the rule gives, else 0;
    nothing (not counted) when not applicable, unless the appraisers scored it."""
    own = f"IF(ISNUMBER({refs['self']}),{refs['self']},IF(ISNUMBER({refs['computed']}),{refs['computed']},0))"
    appraised = refs.get("appraised")
    if appraised is not None:
        own = f"IF(ISNUMBER({appraised}),{appraised},{own})"
    if not leaf.na_allowed:
        return f"{own}"
    excluded = f'{refs["na"]}<>""'
    if appraised is not None:
        excluded = f"AND({excluded},NOT(ISNUMBER({appraised})))"
    return f'IF({excluded},"",{own})'


def appraisal_points(refs: Refs, *, not_applicable: bool) -> str:
    """The appraisers' forms: the latest score that exists — this round, an earlier or a
    later one already given, the self score — or nothing for an unscored not-applicable item."""
    rest = '""' if not_applicable else f"IF(ISNUMBER({refs['self_shown']}),{refs['self_shown']},0)"
    expr = f"IF(ISNUMBER({refs['score']}),{refs['score']},{rest})"
    if "round1_shown" in refs:
        expr = f"IF(ISNUMBER({refs['score']}),{refs['score']},IF(ISNUMBER({refs['round1_shown']}),{refs['round1_shown']},{rest}))"
    if "round2_shown" in refs:
        expr = f"IF(ISNUMBER({refs['round2_shown']}),{refs['round2_shown']},{expr})"
    return f"{expr}"


def total(cells: Sequence[str]) -> str:
    """SUM of the cells, in pieces Excel accepts."""
    return _sum(list(cells)) if cells else "0"


def counted_max(pairs: Sequence[tuple[str, str]]) -> str:
    """The maximum of the counted items: (points cell, maximum cell) where points is a number."""
    terms = [f"IF(ISNUMBER({p}),{m},0)" for p, m in pairs]
    return _sum(terms) if terms else "0"


def percent(points: str, maximum: str) -> str:
    return f'IF(N({maximum})=0,"",{points}/{maximum}*100)'


def class_of(index: str, classes: Sequence[ClassBand], places: int) -> str:
    """The first class, from the highest min, that the published (rounded) index reaches."""
    shown = f"ROUND(ROUND({index},{_NOISE}),{places})"
    expr = '""'
    for band in sorted(classes, key=lambda band: band.min):
        name = band.name.replace('"', '""')
        expr = f'IF({shown}>={_n(band.min)},"{name}",{expr})'
    return f'IF(ISNUMBER({index}),{expr},"")'


def _sum(terms: list[str]) -> str:
    if len(terms) <= _ARGS:
        return f"SUM({','.join(terms)})"
    return _sum([_sum(terms[i : i + _ARGS]) for i in range(0, len(terms), _ARGS)])


def _n(value: Decimal) -> str:
    return plain(value)


# ---------------------------------------------------------------- checks as typed


def choice_check(leaf: Leaf, labels: str) -> Validation:
    """The levels of the scale (`labels`: their range), or có/không with the rule's question."""
    rule = leaf.rule
    if leaf.rule_kind == "check":
        question = rule.check if rule is not None and rule.check else ""
        return Validation(
            "list", '"có,không"', "Hãy chọn có hoặc không.", prompt_title="Trả lời", prompt=question
        )
    return Validation(
        "list",
        labels,
        "Hãy chọn một mức trong danh sách của thang điểm.",
        prompt_title="Chọn mức",
        prompt="Chọn mức đạt được trong danh sách.",
    )


def score_check(leaf: Leaf, cell: str, *, only_levels: bool) -> Validation:
    """Within [0, max] and on the manual step; with `only_levels` (self scores), one of the
    rule's levels or bands, as `parcli validate` checks a score."""
    top = _n(leaf.max)
    allowed = allowed_scores(leaf) if only_levels else None
    step = step_of(leaf)
    if allowed is not None:
        listed = "; ".join(_n(v) for v in allowed)
        formula = "OR(" + ",".join(f"{cell}={_n(v)}" for v in allowed) + ")"
        return Validation("custom", formula, f"Thang điểm mục {leaf.id} chỉ cho các mức: {listed}.")
    if step is not None:
        steps = f"ROUND({cell}/{_n(step)},{_NOISE})"
        formula = f"AND({cell}>=0,{cell}<={top},{steps}=INT({steps}))"
        return Validation(
            "custom", formula, f"Điểm mục {leaf.id} từ 0 đến {top}, theo bước {_n(step)}."
        )
    return Validation("decimal", "0", f"Điểm mục {leaf.id} từ 0 đến {top}.", "between", top)


def count_check(label: str, *, whole: bool) -> Validation:
    """An input: a number from 0 up; a count of events is a whole number."""
    if whole:
        what = f"{label}: số lần, là số nguyên từ 0 trở lên."
        kind, prompt = "whole", "Số lần (số nguyên)."
    else:
        what, kind, prompt = f"{label}: một số từ 0 trở lên.", "decimal", "Ghi số liệu (số)."
    return Validation(kind, "0", what, "greaterThanOrEqual", prompt_title=label[:32], prompt=prompt)
