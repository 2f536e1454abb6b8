"""Report data from score cards and plans: task states, lost points, evidence, differences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.check.driver import check_paths
from parcli.models import CriteriaSet, PlanTask, Submission
from parcli.planning import analyse
from parcli.report.data import build_progress, build_ranking, build_sheet, task_row
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
    progress = build_progress(sub, card, as_of=AS_OF, plan=analyse(cs, sub))
    assert (progress.counts.total, progress.counts.done, progress.counts.late) == (5, 1, 2)
    first, second = progress.areas
    assert (first.counts.done, first.counts.late, first.counts.total) == (1, 2, 3)
    assert (second.counts.not_started, second.counts.cancelled) == (1, 1)
    assert [(r.task.id, r.days_late) for r in progress.late] == [("II.1.2", 41), ("II.1.3", 1)]


def test_lost_points_give_the_appraisers_reason_first(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    first, second = build_progress(sub, card, as_of=AS_OF, plan=analyse(cs, sub)).areas
    assert [(i.score.leaf.id, i.lost, i.reason) for i in first.lost] == [
        ("1.1.1", Decimal("0.5"), "Kế hoạch ban hành sau thời hạn"),
        ("1.1.2", Decimal(1), "Theo thang điểm: done 18/planned 20 = 90% (từ 80)"),
    ]
    # the survey item 1.2 is not counted while the index is provisional: no lost points
    assert [(i.score.leaf.id, i.lost) for i in second.lost] == [("2.1", Decimal("0.13"))]


def test_missing_evidence_and_self_versus_appraised(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-a")
    first, second = build_progress(sub, card, as_of=AS_OF, plan=analyse(cs, sub)).areas
    assert [s.leaf.id for s in first.missing] == ["1.1.2"]
    assert [s.leaf.id for s in second.missing] == ["2.1"]
    (difference,) = first.differences
    assert (difference.score.leaf.id, difference.delta) == ("1.1.1", Decimal("-0.5"))
    assert difference.explanation == "Kế hoạch ký ngày 20/01 trong hạn"
    assert second.differences == ()


def test_not_applicable_items_are_neither_lost_nor_missing_evidence(tmp_path: Path) -> None:
    sub, cs, card = load(tmp_path, "so-b")
    _, second = build_progress(sub, card, as_of=AS_OF, plan=analyse(cs, sub)).areas
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
    assert sheet.rows[-1].places == 4  # the ratio item keeps its own decimals
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
