"""Checks on a submission against its criteria set: ids, its items (check/items.py), bonus
and penalty, appraisal, survey, evidence, plan."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from decimal import Decimal
from pathlib import Path

from parcli.characters import shorten
from parcli.check.evidence import EvidenceChecks, FileSeen
from parcli.check.items import ItemChecks
from parcli.check.located import WARNING, Located, Placed
from parcli.check.plan import check_plan
from parcli.check.shape import SetAside
from parcli.models import CriteriaSet, Leaf, Submission, id_key
from parcli.numbers import plain
from parcli.problems import MAX_SHOWN_PER_FILE, KeyPath, Problem


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
        self.items = ItemChecks(self.found, cs, self.evidence)

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
            if leaf is not None and self.items.check_item(leaf, entry):
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
                self.items.score_in_range(
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
                self.items.score_in_range(("survey", item_id), leaf, value, "điểm điều tra")


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
