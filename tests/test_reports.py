"""Report data from score cards and plans: task states, lost points, evidence, differences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.check.driver import check_paths
from parcli.models import CriteriaSet, PlanSection, PlanTask, Submission
from parcli.report.data import build_ranking, build_sheet
from parcli.report.progress import build_progress
from parcli.report.tasks import task_row
from parcli.scoring import ScoreCard, score_submission
from tests.report_fixtures import make_workspace

AS_OF = dt.date(2026, 11, 25)


def load(tmp_path: Path, agency: str) -> tuple[Submission, CriteriaSet, ScoreCard]:
    ws = make_workspace(tmp_path)
    (checked,) = [
        c
        for c in check_paths([ws / "submissions" / f"{agency}.yaml"], cwd=ws, today=AS_OF)
        if c.submission is not None
    ]
    assert checked.submission is not None and checked.criteria_set is not None
    sub, cs = checked.submission, checked.criteria_set
    return sub, cs, score_submission(cs, sub)


def task(**fields: object) -> PlanTask:
    return PlanTask.model_validate({"id": "T", "area": "1", "task": "Nhiệm vụ", **fields})


@pytest.mark.parametrize(
    ("fields", "state", "days"),
    [
        ({"status": "done", "due": "2026-02-28", "done_on": "2026-03-05"}, "done", 5),
        ({"status": "done", "due": "2026-02-28", "done_on": "2026-02-01"}, "done", 0),
        ({"status": "in_progress", "due": "2026-11-24"}, "late", 1),
        ({"status": "not_started", "due": "2026-11-25"}, "not_started", 0),  # due today: not late
        ({"status": "in_progress"}, "in_progress", 0),  # no due date: never late
        ({"status": "cancelled", "due": "2026-01-01"}, "cancelled", 0),
    ],
)
def test_task_state_on_the_report_day(fields: dict[str, object], state: str, days: int) -> None:
    row = task_row(task(**fields), AS_OF)
    assert (row.state, row.days_late) == (state, days)


def test_progress_counts_tasks_per_area_and_lists_late_ones_most_overdue_first(
    tmp_path: Path,
) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    progress = build_progress(sub, card, cs, as_of=AS_OF)
    assert (progress.counts.total, progress.counts.done, progress.counts.late) == (5, 1, 2)
    first, second = progress.areas
    assert (first.counts.done, first.counts.late, first.counts.total) == (1, 2, 3)
    assert (second.counts.not_started, second.counts.cancelled) == (1, 1)
    assert [(r.task.id, r.days_late) for r in progress.late] == [("II.1.2", 41), ("II.1.3", 1)]
    # a cancelled task leaves the plan: 1 done of 4 still planned
    assert progress.counts.rate == Decimal(25)


def test_tasks_group_by_the_section_they_name_else_their_area(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    moved = [t.model_copy(update={"section": "8"}) if t.id == "II.3.2" else t for t in sub.plan]
    progress = build_progress(sub.model_copy(update={"plan": moved}), card, cs, as_of=AS_OF)
    assert [(g.id, g.title, len(g.tasks)) for g in progress.groups] == [
        ("1", "Chỉ đạo, điều hành", 3),
        ("2", "Thủ tục hành chính", 1),
        ("8", "Nhóm nhiệm vụ 8", 1),
    ]
    declared = [PlanSection(id="8", title="Tác động của CCHC"), PlanSection(id="1", title="Một")]
    regrouped = build_progress(sub, card, cs, as_of=AS_OF, sections=declared).groups
    assert [(g.id, len(g.tasks)) for g in regrouped] == [("8", 0), ("1", 3), ("2", 2)]


def test_a_report_as_of_an_earlier_day_reads_the_file_as_it_stood_then() -> None:
    done_later = task(status="done", due="2026-12-31", done_on="2026-10-06",
                      evidence=[{"title": "Quyết định", "date": "2026-10-06"}])  # fmt: skip
    june = task_row(done_later, dt.date(2026, 6, 30))
    assert (june.state, june.evidence) == ("in_progress", ())
    overdue = task_row(task(status="done", due="2026-05-31", done_on="2026-10-06"),
                       dt.date(2026, 6, 30))  # fmt: skip
    assert (overdue.state, overdue.days_late) == ("late", 30)
    october = task_row(done_later, dt.date(2026, 10, 6))
    assert (october.state, len(october.evidence)) == ("done", 1)


def test_owners_sum_their_tasks_and_the_points_lost_on_their_items(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    owners = {o.owner: o for o in build_progress(sub, card, cs, as_of=AS_OF).owners}
    assert (owners["Văn phòng"].counts.total, owners["Văn phòng"].lost) == (2, Decimal("1.5"))
    assert owners["Bộ phận một cửa"].lost == Decimal("0.13")
    assert owners["Chưa phân công"].counts.total == 2


def test_lost_points_give_the_appraisers_reason_first(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    first, second = build_progress(sub, card, cs, as_of=AS_OF).areas
    assert [(i.score.leaf.id, i.lost, i.reason.text()) for i in first.lost] == [
        ("1.1.1", Decimal("0.5"), "Kế hoạch ban hành sau thời hạn"),
        ("1.1.2", Decimal(1), "Theo thang điểm: Tỷ lệ nhiệm vụ hoàn thành 18/20 = 90% (từ 80%)"),
    ]
    # the survey item 1.2 is not counted while the index is provisional: no lost points
    assert [(i.score.leaf.id, i.lost) for i in second.lost] == [("2.1", Decimal("0.13"))]


def test_missing_evidence_and_the_appraisal_history(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    progress = build_progress(sub, card, cs, as_of=AS_OF)
    first, second = progress.areas
    assert [s.leaf.id for s in first.missing] == ["1.1.2"]
    assert [s.leaf.id for s in second.missing] == ["2.1"]
    (appraised,) = progress.appraised
    assert (appraised.score.leaf.id, appraised.outcome) == ("1.1.1", "pending")
    assert appraised.explanation == "Kế hoạch ký ngày 20/01 trong hạn"
    # evidence dated after the report's day did not exist yet
    early = build_progress(sub, card, cs, as_of=dt.date(2026, 1, 19))
    assert [s.leaf.id for s in early.missing] == ["1.1.1", "1.1.2", "2.1"]


@pytest.mark.parametrize(
    ("round2", "outcome"),
    [(None, "pending"), ("1", "accepted"), ("0.75", "partly"), ("0.5", "rejected")],
)
def test_an_explanation_is_accepted_partly_accepted_or_rejected_by_round_2(
    round2: str | None, outcome: str
) -> None:
    from tests.helpers import mini, submission

    text = """
    items:
      "1.1.1": {self: 1, level: Ban hành kịp thời}
    appraisal:
      round1: {"1.1.1": {score: 0.5}}
      explanation: {"1.1.1": {text: Đã ban hành đúng hạn}}
    """
    if round2 is not None:
        text += f'  round2: {{"1.1.1": {{score: {round2}}}}}\n'
    sub, cs = submission(text), mini()
    card = score_submission(cs, sub)
    (appraised,) = build_progress(sub, card, cs, as_of=AS_OF).appraised
    assert appraised.outcome == outcome


def test_not_applicable_items_are_neither_lost_nor_missing_evidence(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-b")
    _, second = build_progress(sub, card, cs, as_of=AS_OF).areas
    assert (second.group.index, second.lost, second.missing) == (None, (), ())


def test_sheet_rows_follow_the_set_with_subtotals(tmp_path: Path) -> None:
    _, cs, card = load(tmp_path, "so-a")
    sheet = build_sheet(cs, card)
    assert [(r.level, r.id, r.max, r.self, r.final) for r in sheet.rows] == [
        ("area", "1", Decimal(3), Decimal(2), Decimal("1.5")),
        ("criterion", "1.1", Decimal(3), Decimal(2), Decimal("1.5")),
        ("leaf", "1.1.1", Decimal(1), Decimal(1), Decimal("0.5")),
        ("leaf", "1.1.2", Decimal(2), Decimal(1), Decimal(1)),
        ("criterion", "1.2", Decimal(2), None, None),
        ("area", "2", Decimal(5), Decimal("4.87"), Decimal("4.87")),
        ("criterion", "2.1", Decimal(5), Decimal("4.87"), Decimal("4.87")),
    ]
    assert sheet.self_total == Decimal("6.87")


def test_sheet_marks_not_applicable_items(tmp_path: Path) -> None:
    _, cs, card = load(tmp_path, "so-b")
    row = build_sheet(cs, card).rows[-1]
    assert (row.id, row.max, row.final) == ("2.1", None, None)
    assert row.note == "Không phát sinh: Văn phòng không giải quyết thủ tục hành chính"


def test_ranking_distribution_and_average(tmp_path: Path) -> None:
    from parcli.scoring import rank_cards

    _, cs, card_a = load(tmp_path / "a", "so-a")
    _, _, card_b = load(tmp_path / "b", "so-b")
    ranking = build_ranking(cs, rank_cards([card_a, card_b]))
    assert [(c.name, c.count, c.share) for c in ranking.distribution] == [
        ("Tốt", 1, Decimal(50)),
        ("Khá", 0, Decimal(0)),
        ("Yếu", 1, Decimal(50)),
    ]
    assert ranking.average == (Decimal("96.00") + Decimal("79.63")) / 2
    assert (ranking.unranked, ranking.provisional) == (0, True)
