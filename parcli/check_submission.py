"""Rules a submission must keep against its criteria set: ids, ranges, rules, evidence, plan."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from parcli.loading import Document
from parcli.models import CriteriaSet, Evidence, ItemEntry, Leaf, Submission
from parcli.problems import KeyPath, Problem, Severity
from parcli.rules import allowed_scores, evaluate, fmt, quantize, step_of

ERROR = Severity.ERROR
WARNING = Severity.WARNING


class _Checker:
    def __init__(
        self,
        doc: Document,
        sub: Submission,
        cs: CriteriaSet,
        *,
        root: Path,
        today: dt.date,
        set_aside: frozenset[str] | set[str],
    ) -> None:
        self.set_aside = set_aside
        self.doc = doc
        self.sub = sub
        self.cs = cs
        self.root = root.resolve()
        self.base = doc.path.parent
        self.today = today
        self.out: list[Problem] = []

    def add(
        self,
        path: KeyPath,
        code: str,
        message: str,
        severity: Severity = ERROR,
        *,
        at_key: bool = False,
    ) -> None:
        line, col = self.doc.position(path, at_key=at_key)
        self.out.append(Problem(self.doc.file, line, col, code, message, path, severity))

    # -- ids --------------------------------------------------------------

    def leaf(self, section: KeyPath, item_id: str) -> Leaf | None:
        """The leaf an id names, or None after reporting why it names none."""
        found = self.cs.leaf_by_id.get(item_id)
        if found is not None:
            return found
        path = (*section, item_id)
        if item_id in self.cs.group_ids:
            self.add(
                path,
                "not-a-leaf",
                f"{item_id} là lĩnh vực/tiêu chí có tiêu chí thành phần; hãy chấm điểm ở từng tiêu chí thành phần",
                at_key=True,
            )
            return None
        close = difflib.get_close_matches(item_id, list(self.cs.leaf_by_id), n=1)
        hint = f"; có phải ý bạn là {close[0]}?" if close else ""
        self.add(
            path,
            "unknown-item",
            f"mục {item_id} không có trong bộ tiêu chí {self.cs.id}{hint}",
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
                and known.id not in self.set_aside
            ):
                unscored.append(known.id)
        for item_id, entry in self.sub.items.items():
            leaf = self.leaf(("items",), item_id)
            if leaf is not None and self.check_item(leaf, entry):
                unscored.append(item_id)
        if unscored:
            shown = ", ".join(sorted(unscored, key=_id_key)[:12]) + (
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
            return False
        if leaf.method == "survey":
            if scoring:
                self.add(
                    (*path, scoring[0]),
                    "self-on-survey",
                    f"mục {leaf.id} chấm qua điều tra xã hội học; đơn vị không tự chấm, hãy xóa {', '.join(scoring)}",
                )
            return False
        outcome = evaluate(leaf, entry)
        for key, message in outcome.issues:
            self.add((*path, key), "rule-input", message)
        score = entry.self_
        places = self.cs.places(leaf)
        computed = quantize(outcome.points, places) if outcome.points is not None else None
        if score is None:
            score = computed
        elif (
            self.score_in_range((*path, "self"), leaf, score, "điểm tự chấm", only_levels=True)
            and computed is not None
        ):
            if score > computed:
                self.add(
                    (*path, "self"),
                    "score-above-computed",
                    f"điểm tự chấm {fmt(score)} cao hơn điểm tính theo thang điểm ({outcome.explain} → {fmt(computed)}); hãy sửa thành self: {fmt(computed)} hoặc kiểm tra lại số liệu",
                )
            elif score < computed:
                self.add(
                    (*path, "self"),
                    "score-below-computed",
                    f"điểm tự chấm {fmt(score)} thấp hơn điểm tính theo thang điểm ({outcome.explain} → {fmt(computed)})",
                    WARNING,
                )
        if score is None:
            return True
        if leaf.evidence_required and score > 0 and not entry.evidence:
            self.add(
                path,
                "evidence-missing",
                f"mục {leaf.id} có điểm {fmt(score)} nhưng chưa có tài liệu kiểm chứng; hãy thêm `evidence:` với ref (số ký hiệu), date, title",
                at_key=True,
            )
        self.check_evidence((*path, "evidence"), entry.evidence)
        return False

    def score_in_range(
        self, path: KeyPath, leaf: Leaf, score: Decimal, what: str, *, only_levels: bool = False
    ) -> bool:
        """Within [0, max] and on the manual step; with `only_levels` (self scores), also one
        of the rule's levels or bands — appraisers may settle between them."""
        if score > leaf.max:
            self.add(
                path,
                "score-out-of-range",
                f"{what} {fmt(score)} vượt điểm tối đa {fmt(leaf.max)} của mục {leaf.id}",
            )
            return False
        allowed = allowed_scores(leaf)
        if only_levels and allowed is not None and score not in allowed:
            listed = "; ".join(fmt(points) for points in allowed)
            self.add(
                path,
                "score-out-of-range",
                f"thang điểm mục {leaf.id} chỉ cho các mức: {listed}; {fmt(score)} không phải một mức",
            )
            return False
        step = step_of(leaf)
        if step is not None and score % step != 0:
            self.add(
                path,
                "score-out-of-range",
                f"điểm mục {leaf.id} chấm theo bước {fmt(step)}; {fmt(score)} không phải bội của {fmt(step)}",
            )
            return False
        return True

    # -- evidence ---------------------------------------------------------

    def check_evidence(self, path: KeyPath, evidence: Iterable[Evidence]) -> None:
        period = self.cs.period
        for i, ev in enumerate(evidence):
            if ev.date is not None and not (period.start <= ev.date <= period.end):
                self.add(
                    (*path, i, "date"),
                    "evidence-date-outside-period",
                    f"ngày {ev.date.isoformat()} nằm ngoài kỳ đánh giá {period.start.isoformat()} – {period.end.isoformat()}; kiểm tra lại ngày ban hành",
                    WARNING,
                )
            if ev.file is not None:
                self.check_file((*path, i, "file"), ev.file)

    def check_file(self, path: KeyPath, name: str) -> None:
        try:
            target = (self.base / name).resolve()
            exists = target.is_file()
        except (OSError, ValueError, RuntimeError):  # NUL byte, name too long, symlink loop
            target, exists = self.base / name, False
        if not target.is_relative_to(self.root):
            self.add(
                path,
                "evidence-file-outside",
                f"tệp {_printable(name)} nằm ngoài thư mục làm việc; hãy chép tệp vào thư mục hồ sơ và ghi đường dẫn tương đối",
            )
        elif not exists:
            self.add(
                path,
                "evidence-file-missing",
                f"không thấy tệp {_printable(name)} (tính từ thư mục chứa hồ sơ); hãy kiểm tra tên tệp hoặc thêm tệp vào kho",
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
                    f"tổng {noun} {fmt(total)} vượt mức tối đa {fmt(limit)} của bộ tiêu chí; hãy giảm xuống",
                    at_key=True,
                )
            for i, entry in enumerate(entries):
                self.check_evidence((key, i, "evidence"), entry.evidence)

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
                self.check_evidence(
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

    # -- plan -------------------------------------------------------------

    def check_plan(self) -> None:
        seen: set[str] = set()
        for i, task in enumerate(self.sub.plan):
            path: KeyPath = ("plan", i)
            if task.id in seen:
                self.add(
                    (*path, "id"),
                    "duplicate-task",
                    f"mã nhiệm vụ {task.id} bị lặp; mỗi nhiệm vụ một mã",
                )
            seen.add(task.id)
            if task.area not in self.cs.area_by_id:
                areas = ", ".join(self.cs.area_by_id)
                self.add(
                    (*path, "area"),
                    "unknown-area",
                    f"lĩnh vực “{task.area}” không có trong bộ tiêu chí; hãy viết một trong: {areas}",
                )
            if task.done_on is not None and task.done_on > self.today:
                self.add(
                    (*path, "done_on"),
                    "plan-date",
                    f"ngày hoàn thành {task.done_on.isoformat()} ở tương lai; hãy ghi ngày thực tế đã hoàn thành",
                )
            if (
                task.status == "done"
                and task.done_on is None
                and (task.due is None or task.due > self.today)
            ):
                self.add(
                    (*path, "status"),
                    "plan-date",
                    "nhiệm vụ ghi đã xong (done) nhưng chưa có done_on và hạn chưa tới; hãy ghi `done_on: <ngày hoàn thành>`",
                )
            if task.status != "done" and task.done_on is not None:
                self.add(
                    (*path, "done_on"),
                    "plan-date",
                    f"nhiệm vụ có done_on nhưng trạng thái là {task.status}; hãy sửa status: done hoặc xóa done_on",
                    WARNING,
                )
            self.check_evidence((*path, "evidence"), task.evidence)


def check_submission(
    doc: Document,
    sub: Submission,
    cs: CriteriaSet,
    *,
    root: Path,
    today: dt.date,
    set_aside: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    """Every rule of a submission against its set; `set_aside` ids already have shape errors."""
    checker = _Checker(doc, sub, cs, root=root, today=today, set_aside=set_aside)
    checker.check_items()
    checker.check_adjustments()
    checker.check_appraisal()
    checker.check_survey()
    checker.check_plan()
    return checker.out


def _set_keys(entry: ItemEntry) -> set[str]:
    keys = {"self" if name == "self_" else name for name in entry.model_fields_set}
    return {
        key
        for key in keys
        if getattr(entry, "self_" if key == "self" else key) not in (None, {}, [])
    }


def _id_key(item_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in item_id.split(".") if part.isdigit())


def _printable(name: str, limit: int = 80) -> str:
    """A file name fit for a one-line message: control characters shown, long names cut."""
    shown = "".join(c if c.isprintable() else "�" for c in name)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
