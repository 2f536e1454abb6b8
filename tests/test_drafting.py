"""A first plan from the points lost: one task per criterion, numbered as the plan numbers."""

from __future__ import annotations

from parcli.planning import Previous, analyse, draft_tasks
from parcli.scoring import score_submission
from tests.helpers import bundled_2026, mini, submission

MINI = mini()


def test_one_task_per_criterion_that_lost_points_numbered_after_the_plan() -> None:
    sub = submission(
        """
items:
  "1.1.1": {self: 0.5}
  "1.1.2": {self: 0}
  "2.1": {self: 4}
survey: {"1.2": 1.5}
plan:
  - {id: II.01.4, area: "1", task: Đã có, targets: ["1.2"]}
  - {id: Khác, area: "2", task: Không theo số}
"""
    )
    drafts = draft_tasks(MINI, analyse(MINI, sub))
    got = [(t.id, t.area, t.targets, t.owner, t.due, t.status) for t in drafts]
    assert got == [
        # both leaves of 1.1 lost: the criterion itself; the owner of the larger loss (1.1.2)
        ("II.1.5", "1", ["1.1"], None, None, "not_started"),
        ("II.2.1", "2", ["2.1"], "Bộ phận một cửa", None, "not_started"),
    ]
    assert drafts[0].task == "Khắc phục điểm bị mất ở tiêu chí 1.1 “Kế hoạch CCHC”"
    assert drafts[0].note == (
        "Nháp do parcli lập từ điểm bị mất. Mất 2.50 điểm — 1.1.1 mất 0.50 (tự chấm); "
        "1.1.2 mất 2.00 (tự chấm). Hãy viết lại nội dung nhiệm vụ, ghi hạn hoàn thành (due)."
    )


def test_only_the_leaves_no_task_covers_are_drafted_and_survey_items_say_so() -> None:
    sub = submission(
        """
items: {"1.1.1": {self: 0.5}, "1.1.2": {self: 0}, "2.1": {self: 5}}
survey: {"1.2": 1.5}
plan: [{id: T, area: "1", task: x, targets: ["1.1.2"]}]
"""
    )
    drafts = draft_tasks(MINI, analyse(MINI, sub))
    assert [(t.id, t.targets) for t in drafts] == [("II.1.1", ["1.1.1"]), ("II.1.2", ["1.2"])]
    assert "Mục điều tra xã hội học do người dân, tổ chức đánh giá" in (drafts[1].note or "")


def test_a_draft_from_last_years_result_for_a_new_years_empty_submission() -> None:
    cs = bundled_2026()
    last_year = submission('items: {"4.3": {self: 1.5}, "6.3": {self: 0.75}}', criteria="2026")
    previous = Previous(score_submission(cs, last_year))
    drafts = draft_tasks(
        cs, analyse(cs, submission("items: {}", criteria="2026"), previous=previous)
    )
    by_id = {t.targets[0]: t for t in drafts}
    assert "(kết quả năm trước)" in (by_id["4.3"].note or "")
    assert by_id["6.3"].owner == "Phòng Kế hoạch - Tài chính"


def test_nothing_lost_drafts_nothing() -> None:
    sub = submission(
        'items: {"1.1.1": {self: 1}, "1.1.2": {self: 2}, "2.1": {na: x}}\nsurvey: {"1.2": 2}'
    )
    assert draft_tasks(MINI, analyse(MINI, sub)) == ()
