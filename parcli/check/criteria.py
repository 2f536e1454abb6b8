"""Checks on a criteria set beyond its shape: ids, leaves, rules, sums and counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from itertools import pairwise

from parcli.loading import Document
from parcli.models import Band, CriteriaSet, Criterion, Level, Rule, SubCriterion
from parcli.numbers import plain
from parcli.problems import KeyPath, Problem, Severity

_Add = Callable[[KeyPath, str, str], None]
_LEAF_ONLY = ("max", "text", "method", "rule", "na", "evidence", "decimals", "was")


def check_criteria(doc: Document, cs: CriteriaSet) -> list[Problem]:
    out: list[Problem] = []

    def add(path: KeyPath, code: str, message: str) -> None:
        line, col = doc.position(path)
        severity = Severity.WARNING if code in _WARNINGS else Severity.ERROR
        out.append(Problem(doc.file, line, col, code, message, path, severity))

    _check_ids(cs, add)
    for item, path in _items(cs):
        if isinstance(item, Criterion) and item.sub_criteria:
            extra = [key for key in _LEAF_ONLY if key in item.model_fields_set]
            if extra:
                add(
                    (*path, extra[0]),
                    "group-has-score",
                    f"tiêu chí {item.id} có tiêu chí thành phần nên không được có "
                    f"{', '.join(extra)}; hãy chuyển các khóa này xuống tiêu chí thành phần",
                )
            continue
        if item.max is None:
            add(
                path,
                "leaf-incomplete",
                f"mục {item.id} được chấm điểm nên cần `max: <điểm tối đa>`",
            )
        if item.text is None:
            add(path, "leaf-incomplete", f"mục {item.id} cần `text:` ghi nguyên văn thang điểm")
        if item.rule is not None and item.max is not None:
            for sub_path, code, message in _check_rule(item.rule, item.max):
                add((*path, "rule", *sub_path), code, f"mục {item.id}: {message}")
        if item.rule is not None:
            for sub_path, message in _check_labels(item.rule):
                add((*path, "rule", *sub_path), "rule-label", f"mục {item.id}: {message}")
    _check_totals(cs, add)
    _check_classes(cs, add)
    if cs.period.start >= cs.period.end:
        add(("period", "end"), "bad-value", "ngày kết thúc kỳ đánh giá phải sau ngày bắt đầu")
    return out


def _check_classes(cs: CriteriaSet, add: _Add) -> None:
    """Highest `min` first, down to a class with `min: 0`, so every index gets a class."""
    mins = [band.min for band in cs.classes]
    if any(a <= b for a, b in pairwise(mins)):
        add(
            ("classes",),
            "classes-order",
            "các mức xếp loại phải xếp từ `min` cao nhất xuống thấp nhất",
        )
    elif mins[-1] != 0:
        add(
            ("classes", len(mins) - 1, "min"),
            "classes-order",
            "mức xếp loại cuối cùng phải có `min: 0`, để chỉ số nào cũng được xếp loại",
        )
    names: set[str] = set()
    for i, band in enumerate(cs.classes):
        if band.name.casefold() in names:
            add(("classes", i, "name"), "classes-order", f"tên xếp loại “{band.name}” bị lặp")
        names.add(band.name.casefold())


def _items(cs: CriteriaSet) -> Iterator[tuple[Criterion | SubCriterion, KeyPath]]:
    for a, area in enumerate(cs.areas):
        for c, criterion in enumerate(area.criteria):
            path: KeyPath = ("areas", a, "criteria", c)
            yield criterion, path
            for s, sub in enumerate(criterion.sub_criteria or ()):
                yield sub, (*path, "sub_criteria", s)


def _check_ids(cs: CriteriaSet, add: _Add) -> None:
    seen: set[str] = set()

    def see(item_id: str, parent: str | None, path: KeyPath) -> None:
        if item_id in seen:
            add(
                (*path, "id"),
                "duplicate-id",
                f"mã {item_id} đã dùng cho mục khác; mỗi mục cần một mã riêng",
            )
        seen.add(item_id)
        if parent is None:
            ok = "." not in item_id
            want = 'một số, ví dụ "1"'
        else:
            ok = item_id.startswith(parent + ".") and "." not in item_id[len(parent) + 1 :]
            want = f'"{parent}.<số>"'
        if not ok:
            add((*path, "id"), "id-not-nested", f"mã {item_id} phải có dạng {want}")

    for a, area in enumerate(cs.areas):
        see(area.id, None, ("areas", a))
        for c, criterion in enumerate(area.criteria):
            cpath: KeyPath = ("areas", a, "criteria", c)
            see(criterion.id, area.id, cpath)
            for s, sub in enumerate(criterion.sub_criteria or ()):
                see(sub.id, criterion.id, (*cpath, "sub_criteria", s))


# A set without labels still scores right; reports then name inputs by their keys.
_WARNINGS = {"rule-label"}


def _check_labels(rule: Rule) -> Iterator[tuple[KeyPath, str]]:
    """Every input the rule names has a Vietnamese label, and every label names an input."""
    needed = rule.inputs_needed()
    labels = rule.labels or {}
    missing = [name for name in needed if name not in labels]
    if missing:
        want = ", ".join(f"{name}: <nhãn tiếng Việt>" for name in missing)
        yield (
            ("labels",) if rule.labels is not None else (),
            f"số liệu {', '.join(missing)} chưa có nhãn để báo cáo gọi tên; hãy thêm "
            f"labels: {{{want}}} vào quy tắc",
        )
    for name in labels:
        if name not in needed:
            yield (
                ("labels", name),
                f"nhãn {name} không ứng với số liệu nào của quy tắc ({', '.join(needed) or 'không có'}); hãy xóa hoặc sửa tên",
            )


_Found = Iterator[tuple[KeyPath, str, str]]  # (path under the rule, code, message)
_REQUIRED: dict[str, tuple[str, ...]] = {
    "levels": ("levels",),
    "bands": ("bands",),
    "ratio": ("ratio_of",),
    "check": ("check",),
    "deduction": ("per", "points"),
    "manual": (),
}


def _check_rule(rule: Rule, top: Decimal) -> _Found:
    """One kind with its keys, then the points that kind gives, against the leaf's `top`."""
    mixed = _mixed_keys(rule)
    if mixed is not None:
        yield mixed
        return
    kind = rule.resolved_kind
    for key in ("percent_of", "ratio_of"):
        pair = getattr(rule, key)
        if pair is not None and pair[0] == pair[1]:
            yield (
                (key,),
                "bad-value",
                f"tử số và mẫu số phải là hai số liệu khác nhau (đang cùng là {pair[0]})",
            )
    if kind == "levels" and rule.levels:
        yield from _check_levels(rule.levels, top)
    if kind == "bands" and rule.bands:
        yield from _check_bands(rule.bands, top)
        if rule.percent_of is not None:  # a part is never above the whole
            for i, band in enumerate(rule.bands):
                if band.min > 100:
                    yield (
                        ("bands", i, "min"),
                        "bad-value",
                        f"dải từ {plain(band.min)}% không bao giờ đạt: tỷ lệ không quá 100%",
                    )
    if kind == "manual" and rule.step is not None and top % rule.step != 0:
        yield (
            ("step",),
            "rule-top-not-max",
            f"bước {plain(rule.step)} không chia hết điểm tối đa {plain(top)}: "
            "không chấm được điểm tối đa",
        )
    if kind == "deduction" and rule.cap is not None and rule.cap > top:
        yield (
            ("cap",),
            "rule-points-out-of-range",
            f"mức trừ tối đa {plain(rule.cap)} vượt điểm tối đa {plain(top)}",
        )


def _mixed_keys(rule: Rule) -> tuple[KeyPath, str, str] | None:
    """Keys of several kinds, or a kind without the keys it needs."""
    present = rule.kinds_present()
    if len(present) > 1:
        return (
            (),
            "rule-mixed",
            f"quy tắc trộn khóa của nhiều loại ({', '.join(present)}); mỗi mục chỉ một loại",
        )
    kind = rule.resolved_kind
    if rule.kind is not None and present and present[0] != kind:
        return ("kind",), "rule-mixed", f"kind: {kind} nhưng các khóa là của loại {present[0]}"
    missing = [key for key in _REQUIRED[kind] if getattr(rule, key) is None]
    if kind == "bands" and (rule.percent_of is None) == (rule.count_of is None):
        missing.append("percent_of: [a, b] hoặc count_of: a")
    if missing:
        return (), "rule-mixed", f"quy tắc loại {kind} cần thêm: {', '.join(missing)}"
    return None


def _out_of_range(path: KeyPath, points: Decimal, top: Decimal) -> _Found:
    if points < 0 or points > top:
        yield path, "rule-points-out-of-range", f"điểm {plain(points)} ngoài khoảng 0–{plain(top)}"


def _check_levels(levels: Sequence[Level], top: Decimal) -> _Found:
    labels: set[str] = set()
    for i, level in enumerate(levels):
        if level.label.casefold() in labels:
            yield ("levels", i, "label"), "duplicate-level", f"mức “{level.label}” bị lặp"
        labels.add(level.label.casefold())
        yield from _out_of_range(("levels", i, "points"), level.points, top)
    if max(level.points for level in levels) != top:
        yield ("levels",), "rule-top-not-max", f"mức cao nhất phải bằng điểm tối đa {plain(top)}"


def _check_bands(bands: Sequence[Band], top: Decimal) -> _Found:
    mins = [band.min for band in bands]
    if any(a <= b for a, b in pairwise(mins)) or mins[-1] != 0:
        yield (
            ("bands",),
            "bands-order",
            "các dải phải xếp theo `min` giảm dần và dải cuối có `min: 0`",
        )
    for i, band in enumerate(bands):
        yield from _out_of_range(("bands", i, "points"), band.points, top)
    if max(band.points for band in bands) != top:
        yield ("bands",), "rule-top-not-max", f"dải cao nhất phải cho điểm tối đa {plain(top)}"


def _check_totals(cs: CriteriaSet, add: _Add) -> None:
    leaves = cs.leaves
    self_sum = sum((leaf.max for leaf in leaves if leaf.method == "self"), Decimal(0))
    survey_sum = sum((leaf.max for leaf in leaves if leaf.method == "survey"), Decimal(0))
    for key, got, want in (
        ("self", self_sum, cs.scale.self_),
        ("survey", survey_sum, cs.scale.survey),
        ("total", self_sum + survey_sum, cs.scale.total),
    ):
        if got != want:
            add(
                ("scale", key),
                "scale-mismatch",
                f"tổng điểm tối đa các mục ({key}) là {plain(got)}, khác {plain(want)} khai báo ở scale; "
                "hãy sửa điểm các mục hoặc sửa scale",
            )
    if cs.expect is None:
        return
    counts = {
        "areas": len(cs.areas),
        "criteria": sum(len(area.criteria) for area in cs.areas),
        "sub_criteria": sum(len(c.sub_criteria or ()) for area in cs.areas for c in area.criteria),
    }
    for key, count in counts.items():
        want = getattr(cs.expect, key)
        if count != want:
            add(
                ("expect", key),
                "count-mismatch",
                f"bộ tiêu chí có {count} {_NOUN[key]}, khác {want} khai báo ở expect",
            )


_NOUN = {"areas": "lĩnh vực", "criteria": "tiêu chí", "sub_criteria": "tiêu chí thành phần"}
