"""One item of a submission against its leaf: not applicable or scored, the self score
against the rule (its levels, its step, its range, the inputs it reads), evidence where a
score needs it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from parcli.check.evidence import EvidenceChecks
from parcli.check.located import WARNING, Located
from parcli.models import CriteriaSet, ItemEntry, Leaf
from parcli.numbers import plain, quantize
from parcli.problems import KeyPath
from parcli.rules import allowed_scores, evaluate, step_of


class ItemChecks:
    """The checks of one submission's item entries and scores, against its criteria set."""

    def __init__(self, found: Located, cs: CriteriaSet, evidence: EvidenceChecks) -> None:
        self.add = found.add
        self.cs = cs
        self.evidence = evidence

    def check_item(self, leaf: Leaf, entry: ItemEntry) -> bool:
        """Check one entry; True when it leaves the item unscored."""
        path: KeyPath = ("items", leaf.id)
        given = _set_keys(entry)
        scoring = [key for key in ("self", "level", "inputs", "answer") if key in given]
        if entry.na is not None:
            self.check_not_applicable(leaf, path, scoring)
            return False
        if leaf.method == "survey":
            if scoring:
                self.add(
                    (*path, scoring[0]),
                    "self-on-survey",
                    f"mục {leaf.id} chấm qua điều tra xã hội học; đơn vị không tự chấm, hãy xóa {', '.join(scoring)}",
                )
            return False
        score = self.check_self_score(leaf, entry, path)
        if score is None:
            return True
        if leaf.evidence_required and score > 0 and not entry.evidence:
            self.add(
                path,
                "evidence-missing",
                f"mục {leaf.id} có điểm {plain(score)} nhưng chưa có tài liệu kiểm chứng; hãy thêm `evidence:` với ref (số ký hiệu), date, title",
                at_key=True,
            )
        self.evidence.check((*path, "evidence"), entry.evidence)
        return False

    def check_not_applicable(self, leaf: Leaf, path: KeyPath, scoring: Sequence[str]) -> None:
        if not leaf.na_allowed:
            self.add(
                (*path, "na"),
                "na-not-allowed",
                f"mục {leaf.id} không được tính là không phát sinh; hãy chấm điểm (self)",
            )
        if scoring:
            self.add(
                (*path, scoring[0]),
                "na-with-score",
                f"mục {leaf.id} đã ghi na (không phát sinh) nên không chấm điểm; hãy xóa {', '.join(scoring)} hoặc xóa na",
            )

    def check_input_names(self, leaf: Leaf, entry: ItemEntry, path: KeyPath) -> None:
        """An input the rule does not read is a misspelt name or a figure of another item:
        the score silently leaves it out."""
        rule = leaf.rule
        needed = rule.inputs_needed() if rule is not None else ()
        for name in entry.inputs:
            if name in needed:
                continue
            if needed and rule is not None:
                wanted = ", ".join(f"{rule.label(n)} ({n})" for n in needed)
                hint = f"số liệu của mục là {wanted}; hãy sửa tên cho đúng hoặc xóa {name}"
            else:
                hint = f"mục này không tính điểm từ số liệu; hãy xóa {name}"
            self.add(
                (*path, "inputs", name),
                "unknown-input",
                f"mục {leaf.id} không dùng số liệu “{name}” (không được tính); {hint}",
                WARNING,
                at_key=True,
            )

    def check_self_score(self, leaf: Leaf, entry: ItemEntry, path: KeyPath) -> Decimal | None:
        """The self score (written, else computed by the rule), checked against the rule."""
        outcome = evaluate(leaf, entry)
        for key, message in outcome.issues:
            self.add((*path, key), "rule-input", message)
        self.check_input_names(leaf, entry, path)
        places = self.cs.places(leaf)
        computed = quantize(outcome.points, places) if outcome.points is not None else None
        score = entry.self_
        if score is None:
            return computed
        in_range = self.score_in_range(
            (*path, "self"), leaf, score, "điểm tự chấm", only_levels=True
        )
        if not in_range or computed is None:
            return score
        if score > computed:
            self.add(
                (*path, "self"),
                "score-above-computed",
                f"điểm tự chấm {plain(score)} cao hơn điểm tính theo thang điểm ({outcome.explain.text()} → {plain(computed)}); hãy sửa thành self: {plain(computed)} hoặc kiểm tra lại số liệu",
            )
        elif score < computed:
            self.add(
                (*path, "self"),
                "score-below-computed",
                f"điểm tự chấm {plain(score)} thấp hơn điểm tính theo thang điểm ({outcome.explain.text()} → {plain(computed)})",
                WARNING,
            )
        return score

    def score_in_range(
        self, path: KeyPath, leaf: Leaf, score: Decimal, what: str, *, only_levels: bool = False
    ) -> bool:
        """Within [0, max] and on the manual step; with `only_levels` (self scores), also one
        of the rule's levels or bands — appraisers may settle between them."""
        if score > leaf.max:
            self.add(
                path,
                "score-out-of-range",
                f"{what} {plain(score)} vượt điểm tối đa {plain(leaf.max)} của mục {leaf.id}",
            )
            return False
        allowed = allowed_scores(leaf)
        if only_levels and allowed is not None and score not in allowed:
            listed = "; ".join(plain(points) for points in allowed)
            self.add(
                path,
                "score-out-of-range",
                f"thang điểm mục {leaf.id} chỉ cho các mức: {listed}; {plain(score)} không phải một mức",
            )
            return False
        step = step_of(leaf)
        if step is not None and score % step != 0:
            self.add(
                path,
                "score-out-of-range",
                f"điểm mục {leaf.id} chấm theo bước {plain(step)}; {plain(score)} không phải bội của {plain(step)}",
            )
            return False
        return True


def _set_keys(entry: ItemEntry) -> set[str]:
    keys = {"self" if name == "self_" else name for name in entry.model_fields_set}
    return {
        key
        for key in keys
        if getattr(entry, "self_" if key == "self" else key) not in (None, {}, [])
    }
