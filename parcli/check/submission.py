"""Checks on a submission against its criteria set: ids, ranges, rules, evidence, plan."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from parcli.characters import shorten
from parcli.check.evidence import EvidenceChecks, FileSeen
from parcli.check.located import WARNING, Located, Placed
from parcli.check.plan import check_plan
from parcli.check.shape import SetAside
from parcli.models import CriteriaSet, ItemEntry, Leaf, Submission, id_key
from parcli.numbers import plain, quantize
from parcli.problems import MAX_SHOWN_PER_FILE, KeyPath, Problem
from parcli.rules import allowed_scores, evaluate, step_of


class _Checker:
    def __init__(
        self,
        doc: Placed,
        sub: Submission,
        cs: CriteriaSet,
        *,
        root: Path,
        set_aside: SetAside,
    ) -> None:
        self.set_aside = set_aside
        self.sub = sub
        self.cs = cs
        self.found = Located(doc)
        self.add = self.found.add
        self.evidence = EvidenceChecks(self.found, period=cs.period, root=root)

    # -- ids --------------------------------------------------------------

    def leaf(self, section: KeyPath, item_id: str) -> Leaf | None:
        """The leaf an id names, or None after reporting why it names none."""
        found = self.cs.leaf_by_id.get(item_id)
        if found is not None:
            return found
        path = (*section, item_id)
        if item_id in self.cs.parent_ids:
            self.add(
                path,
                "not-a-leaf",
                f"{item_id} là lĩnh vực/tiêu chí có tiêu chí thành phần; hãy chấm điểm ở từng tiêu chí thành phần",
                at_key=True,
            )
            return None
        # A hint costs a fuzzy match against every leaf: only while problems are still shown
        shown = len(self.found.out) < MAX_SHOWN_PER_FILE
        # Fullwidth digits and dots (１.１.１, from a Japanese or Chinese input method) read
        # as the id they look like before any fuzzy match.
        typed = unicodedata.normalize("NFKC", item_id)
        close = [typed] if typed in self.cs.leaf_by_id else []
        if not close and shown:
            close = difflib.get_close_matches(item_id, list(self.cs.leaf_by_id), n=1)
        hint = f"; có phải ý bạn là {close[0]}?" if close else ""
        self.add(
            path,
            "unknown-item",
            f"mục {shorten(item_id)} không có trong bộ tiêu chí {self.cs.id}{hint}",
            at_key=True,
        )
        return None

    # -- items ------------------------------------------------------------

    def check_items(self) -> None:
        unscored: list[str] = []
        for known in self.cs.leaves:
            if (
                known.method == "self"
                and known.id not in self.sub.items
                and known.id not in self.set_aside.ids
            ):
                unscored.append(known.id)
        for item_id, entry in self.sub.items.items():
            leaf = self.leaf(("items",), item_id)
            if leaf is not None and self.check_item(leaf, entry):
                unscored.append(item_id)
        if unscored:
            shown = ", ".join(sorted(unscored, key=id_key)[:12]) + (
                " …" if len(unscored) > 12 else ""
            )
            self.add(
                ("items",),
                "unscored",
                f"{len(unscored)} mục tự chấm chưa có điểm (tính 0 điểm): {shown}; hãy ghi `self:` hoặc `na:`",
                WARNING,
                at_key=True,
            )

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

    # -- bonus, penalty, appraisal, survey --------------------------------

    def check_adjustments(self) -> None:
        for key, cap, noun in (
            ("bonus", self.cs.bonus, "điểm thưởng"),
            ("penalty", self.cs.penalty, "điểm trừ"),
        ):
            entries = getattr(self.sub, key)
            total = sum((entry.points for entry in entries), Decimal(0))
            limit = cap.max if cap is not None else Decimal(0)
            if entries and total > limit:
                self.add(
                    (key,),
                    "cap-exceeded",
                    f"tổng {noun} {plain(total)} vượt mức tối đa {plain(limit)} của bộ tiêu chí; hãy giảm xuống",
                    at_key=True,
                )
            for i, entry in enumerate(entries):
                self.evidence.check((key, self.set_aside.index(key, i), "evidence"), entry.evidence)

    def check_appraisal(self) -> None:
        appraisal = self.sub.appraisal
        for round_name, decisions in (("round1", appraisal.round1), ("round2", appraisal.round2)):
            for item_id, decision in decisions.items():
                section: KeyPath = ("appraisal", round_name)
                leaf = self.leaf(section, item_id)
                if leaf is None:
                    continue
                if leaf.method == "survey":
                    self.add(
                        (*section, item_id),
                        "self-on-survey",
                        f"mục {item_id} chấm qua điều tra xã hội học, không thẩm định; hãy xóa dòng này",
                    )
                    continue
                self.score_in_range(
                    (*section, item_id, "score"), leaf, decision.score, "điểm thẩm định"
                )
                entry = self.sub.items.get(item_id)
                if entry is not None and entry.na is not None and leaf.na_allowed:
                    self.add(
                        (*section, item_id),
                        "na-overruled",
                        f"mục {item_id} được đơn vị ghi không phát sinh nhưng có điểm thẩm định: "
                        "điểm thẩm định được tính và mục không còn được giảm trừ điểm tối đa",
                        WARNING,
                        at_key=True,
                    )
        for item_id, explanation in appraisal.explanation.items():
            if self.leaf(("appraisal", "explanation"), item_id) is not None:
                self.evidence.check(
                    ("appraisal", "explanation", item_id, "evidence"), explanation.evidence
                )

    def check_survey(self) -> None:
        for item_id, value in self.sub.survey.items():
            leaf = self.leaf(("survey",), item_id)
            if leaf is None:
                continue
            if leaf.method != "survey":
                self.add(
                    ("survey", item_id),
                    "self-on-survey",
                    f"mục {item_id} là mục tự chấm, không có điểm điều tra xã hội học",
                    at_key=True,
                )
            else:
                self.score_in_range(("survey", item_id), leaf, value, "điểm điều tra")


def check_submission(
    doc: Placed,
    sub: Submission,
    cs: CriteriaSet,
    *,
    root: Path,
    today: dt.date,
    set_aside: SetAside | None = None,
    files_seen: list[FileSeen] | None = None,
) -> list[Problem]:
    """Every check of a submission against its set; `set_aside` holds what has shape errors.

    `files_seen`, when given, receives every evidence file the checks looked for on disk.
    """
    set_aside = set_aside if set_aside is not None else SetAside()
    checker = _Checker(doc, sub, cs, root=root, set_aside=set_aside)
    checker.check_items()
    checker.check_adjustments()
    checker.check_appraisal()
    checker.check_survey()
    places = [set_aside.index("plan", i) for i in range(len(sub.plan))]
    check_plan(
        checker.found,
        checker.evidence,
        sub,
        cs,
        today=today,
        places=places,
        written_ids=_written_task_ids(doc.data),
    )
    if files_seen is not None:
        files_seen.extend(checker.evidence.files_seen)
    return checker.found.out


def _written_task_ids(data: object) -> list[object] | None:
    """The id of every task of the file's plan as written, shape errors or not."""
    plan = data.get("plan") if isinstance(data, dict) else None
    if not isinstance(plan, list):
        return None
    return [task.get("id") if isinstance(task, dict) else None for task in plan]


def _set_keys(entry: ItemEntry) -> set[str]:
    keys = {"self" if name == "self_" else name for name in entry.model_fields_set}
    return {
        key
        for key in keys
        if getattr(entry, "self_" if key == "self" else key) not in (None, {}, [])
    }
