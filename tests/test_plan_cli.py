"""`parcli plan` and `parcli tasks`: real runs at 80 columns, whole lines, exit codes, files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, run_subprocess, write

CLI = Callable[..., Run]

PLANNED = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1": {self: 0.5, level: Ban hành không kịp thời, evidence: [{title: Kế hoạch}]}
  "1.1.2": {inputs: {done: 18, planned: 20}, self: 1}
  "2.1": {self: 3}
survey: {"1.2": 1}
plan_target: {index: 80, note: Phấn đấu loại Khá}
plan:
  - id: II.1.1
    area: "1"
    task: Hoàn thành kế hoạch CCHC năm
    targets: ["1.1.2"]
    owner: Văn phòng
    due: 2026-11-10
    status: in_progress
  - id: II.1.2
    area: "1"
    task: Khảo sát sự hài lòng
    targets: ["1.2"]
    owner: Văn phòng
    due: 2026-12-01
    status: not_started
  - id: II.2.1
    area: "2"
    task: Giải quyết hồ sơ đúng hạn
    targets: ["2.1"]
    owner: Bộ phận một cửa
    status: in_progress
  - id: II.2.2
    area: "2"
    task: Tập huấn
    status: done
    done_on: 2026-03-01
"""  # 5.5 of 10 points: 2.1 lost 2, 1.1.2 lost 1, 1.2 lost 1 (survey), 1.1.1 lost 0.5

RIVAL = """
format: parcli/submission/1
criteria: mini
agency: {id: so-b, name: Sở B}
items:
  "1.1.1": {self: 1, evidence: [{title: Kế hoạch}]}
  "1.1.2": {inputs: {done: 20, planned: 20}, self: 2}
  "2.1": {self: 4}
survey: {"1.2": 1}
"""  # 8 of 10: 80 %

AS_OF = "2026-11-25"


@pytest.fixture
def ws(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", PLANNED)
    return mini_workspace


def test_plan_shows_points_lost_tasks_and_the_gap_at_80_columns(ws: Path, cli: CLI) -> None:
    result = cli("plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert (result.code, result.stderr) == (0, "")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert lines[:4] == [
        "Kế hoạch và điểm số — Sở A",
        "Chỉ số hiện nay: 55.00% — Yếu",
        "Nếu mọi mục có nhiệm vụ đạt tối đa: 95.00% — Tốt (+40.00)",
        "Nếu chỉ mục của nhiệm vụ đã xong đạt tối đa: 55.00% — Yếu (0.00)",
    ]
    text = "\n".join(lines)
    assert " 2.1    Hồ sơ giải quyết đúng hạn" in text
    assert "Nhiệm vụ chưa ghi mục nhắm tới (targets): II.2.2" in text
    assert "Mục tiêu: chỉ số 80.00% (Phấn đấu loại Khá)" in text
    assert "Còn thiếu 25.00 điểm phần trăm." in text
    assert "  nếu 2.1 (+2.00), 1.1.2 (+1.00) đạt tối đa thì chỉ số là 85.00%" in text


def test_plan_json_carries_exact_decimals_and_every_list(ws: Path, cli: CLI) -> None:
    result = cli("plan", "submissions/so-a.yaml", "-f", "json", "--as-of", AS_OF, cwd=ws)
    data = json.loads(result.stdout)
    assert data["index"]["now"] == {
        "points": "5.5",
        "max": "10",
        "index": "55",
        "class": "Yếu",
        "raised": [],
    }
    assert data["index"]["all_targets"]["raised"] == ["1.1.2", "1.2", "2.1"]
    assert [(i["id"], i["lost"], i["source"], i["tasks"]) for i in data["items"]] == [
        ("2.1", "2", "self", ["II.2.1"]),
        ("1.1.2", "1", "self", ["II.1.1"]),
        ("1.2", "1", "survey", ["II.1.2"]),
        ("1.1.1", "0.5", "self", []),
    ]
    assert data["items"][2]["outside_control"] is True
    assert data["uncovered"] == [
        {"area": "1", "owner": "Văn phòng", "items": ["1.1.1"], "lost": "0.5"}
    ]
    assert data["tasks_without_targets"] == ["II.2.2"]
    target = data["target"]
    assert (target["needed"], target["gap"], target["reached"]) == ("80", "25", False)
    assert [i["id"] for i in target["suggestion"]["items"]] == ["2.1", "1.1.2"]
    assert target["suggestion"]["note"].startswith("không phải kết luận")


def test_plan_output_to_a_file(ws: Path, cli: CLI) -> None:
    result = cli("plan", "submissions/so-a.yaml", "-o", "ke-hoach.txt", "--as-of", AS_OF, cwd=ws)
    assert (result.code, result.stdout, result.stderr) == (0, "", "Đã ghi ke-hoach.txt\n")
    assert "Chỉ số hiện nay: 55.00%" in (ws / "ke-hoach.txt").read_text(encoding="utf-8")


def test_a_rank_target_is_counted_among_the_files_beside_it(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-b.yaml", RIVAL)
    write(
        ws / "submissions" / "so-c.yaml",
        RIVAL.replace("so-b", "so-c").replace("self: 4", "self: 9"),
    )
    write(
        ws / "submissions" / "so-a.yaml",
        PLANNED.replace(
            "plan_target: {index: 80, note: Phấn đấu loại Khá}", "plan_target: {rank: 1}"
        ),
    )
    result = cli("plan", "submissions/so-a.yaml", "-f", "json", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0
    target = json.loads(result.stdout)["target"]
    assert (target["rank_now"], target["among"], target["needed"]) == (2, 1, "80")
    assert target["left_out"] == ["submissions/so-c.yaml"]  # 9 > 5: an error, not counted
    text = cli("plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "Mục tiêu: hạng 1 (hiện hạng 2 trong 2 cơ quan) — cần chỉ số từ 80.00%" in text
    assert "Không tính các hồ sơ có lỗi: submissions/so-c.yaml" in text


def test_among_names_where_the_other_agencies_are(ws: Path, cli: CLI) -> None:
    write(ws / "khac" / "so-b.yaml", RIVAL)
    write(
        ws / "submissions" / "so-a.yaml",
        PLANNED.replace("{index: 80, note: Phấn đấu loại Khá}", "{rank: 1}"),
    )
    args = ("plan", "submissions/so-a.yaml", "-f", "json", "--as-of", AS_OF)
    alone = json.loads(cli(*args, cwd=ws).stdout)["target"]
    assert (alone["rank_now"], alone["reached"]) == (1, True)  # nobody else beside it
    among = json.loads(cli(*args, "--among", "khac", cwd=ws).stdout)["target"]
    assert (among["rank_now"], among["reached"]) == (2, False)


def test_plan_of_a_file_with_errors_prints_them_and_exits_1(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a.yaml", PLANNED.replace('targets: ["2.1"]', 'targets: ["9"]'))
    result = cli("plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "submissions/so-a.yaml:28:15: error: plan[2].targets[0]: mục 9 không có trong bộ tiêu "
        "chí mini (unknown-target)",
        "Chưa phân tích được kế hoạch: hãy sửa các lỗi ở trên.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dry-run",), "parcli: --dry-run chỉ dùng cùng --draft\n"),
        (
            ("--draft", "-f", "json"),
            "parcli: --draft ghi nhiệm vụ vào hồ sơ; không dùng cùng --format\n",
        ),
        (
            ("--as-of", "25/11/2026"),
            "parcli: --as-of '25/11/2026' không phải ngày; hãy viết YYYY-MM-DD\n",
        ),
    ],
)
def test_plan_usage_errors_exit_2(ws: Path, cli: CLI, args: tuple[str, ...], message: str) -> None:
    result = cli("plan", "submissions/so-a.yaml", *args, cwd=ws)
    assert (result.code, result.stderr) == (2, message)


def test_plan_of_a_folder_or_a_criteria_set_is_a_usage_error(ws: Path, cli: CLI) -> None:
    assert cli("plan", "submissions", cwd=ws).stderr == (
        "parcli: submissions là thư mục; lệnh này cần một tệp hồ sơ, ví dụ submissions/so-a.yaml\n"
    )
    result = cli("plan", "criteria/mini.yaml", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: criteria/mini.yaml là bộ tiêu chí; hãy chỉ tệp hồ sơ của một cơ quan\n",
    )


# ---------------------------------------------------------------- last year's results


def test_previous_fills_the_items_not_scored_this_year(ws: Path, cli: CLI) -> None:
    write(ws / "nam-truoc" / "so-a.yaml", RIVAL.replace("so-b", "so-a"))
    write(
        ws / "submissions" / "so-a.yaml",
        'format: parcli/submission/1\ncriteria: mini\nagency: {id: so-a, name: Sở A}\nitems: {"2.1": {self: 5}}\n',
    )
    args = ("plan", "submissions/so-a.yaml", "--previous", "nam-truoc/so-a.yaml", "--as-of", AS_OF)
    data = json.loads(cli(*args, "-f", "json", cwd=ws).stdout)
    assert data["estimated"] == ["1.1.1", "1.1.2", "1.2"]
    assert data["index"]["now"]["index"] == "90"  # 1 + 2 + 1 (last year) + 5 (this year)
    text = cli(*args, cwd=ws).stdout
    assert "Chỉ số hiện nay (ước tính): 90.00% — Tốt" in text


def test_previous_of_another_agency_is_refused(ws: Path, cli: CLI) -> None:
    write(ws / "nam-truoc" / "so-b.yaml", RIVAL)
    result = cli("plan", "submissions/so-a.yaml", "--previous", "nam-truoc/so-b.yaml", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: --previous nam-truoc/so-b.yaml là hồ sơ của Sở B (so-b), không phải của Sở A; "
        "hãy chỉ hồ sơ năm trước của chính cơ quan này\n",
    )


def test_previous_with_errors_stops_the_plan(ws: Path, cli: CLI) -> None:
    write(
        ws / "nam-truoc" / "so-a.yaml", RIVAL.replace("so-b", "so-a").replace("self: 4", "self: 6")
    )
    result = cli("plan", "submissions/so-a.yaml", "--previous", "nam-truoc/so-a.yaml", cwd=ws)
    assert result.code == 1
    assert "nam-truoc/so-a.yaml:7:17:" in result.stderr and "(score-out-of-range)" in result.stderr


# ---------------------------------------------------------------- the draft


def test_draft_appends_one_task_per_criterion_and_a_second_run_changes_nothing(
    ws: Path, cli: CLI
) -> None:
    before = (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    shown = cli("plan", "submissions/so-a.yaml", "--draft", "--dry-run", "--as-of", AS_OF, cwd=ws)
    assert shown.code == 0
    assert (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8") == before
    assert shown.stdout.splitlines()[:2] == [
        "--- a/submissions/so-a.yaml",
        "+++ b/submissions/so-a.yaml",
    ]
    assert shown.stderr.splitlines() == [
        "1 nhiệm vụ nháp cho các tiêu chí bị mất điểm chưa có nhiệm vụ (3 mục mất điểm đã có nhiệm vụ).",
        "Chạy thử (--dry-run): chưa ghi tệp nào.",
    ]
    written = cli("plan", "submissions/so-a.yaml", "--draft", "--as-of", AS_OF, cwd=ws)
    assert written.code == 0 and written.stderr.endswith("Đã ghi submissions/so-a.yaml\n")
    after = (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    assert after == before + (
        "  - id: II.1.3\n"
        '    area: "1"\n'
        "    task: Khắc phục điểm bị mất ở tiêu chí 1.1 “Kế hoạch CCHC”\n"
        '    targets: ["1.1.1"]\n'
        "    owner: Văn phòng\n"
        "    due:\n"
        "    status: not_started\n"
        # the note is prose the progress report prints: the documents' notation (numbers: vi)
        "    note: Nháp do parcli lập từ điểm bị mất. Mất 0,50 điểm — 1.1.1 mất 0,50 (tự chấm). "
        "Hãy viết lại nội dung nhiệm vụ, ghi hạn hoàn thành (due).\n"
    )
    again = cli("plan", "submissions/so-a.yaml", "--draft", "--as-of", AS_OF, cwd=ws)
    assert again.stderr.splitlines()[-1] == "Không có gì thay đổi: các tệp đã đúng như vậy."
    assert cli("validate", "--today", AS_OF, cwd=ws).code == 0


def test_draft_notes_follow_the_workspaces_numbers_setting(ws: Path, cli: CLI) -> None:
    write(ws / "parcli.yaml", "numbers: dot\n")
    assert cli("plan", "submissions/so-a.yaml", "--draft", "--as-of", AS_OF, cwd=ws).code == 0
    text = (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    assert "Mất 0.50 điểm — 1.1.1 mất 0.50 (tự chấm)" in text


def test_draft_to_a_new_file_leaves_the_submission_alone(ws: Path, cli: CLI) -> None:
    before = (ws / "submissions" / "so-a.yaml").read_bytes()
    result = cli("plan", "submissions/so-a.yaml", "--draft", "-o", "nhap/so-a.yaml", cwd=ws)
    assert result.code == 0, result.stderr
    assert (ws / "submissions" / "so-a.yaml").read_bytes() == before
    assert (ws / "nhap" / "so-a.yaml").read_text(encoding="utf-8").count("- id: II.") == 5
    refused = cli("plan", "submissions/so-a.yaml", "--draft", "-o", "nhap/so-a.yaml", cwd=ws)
    assert (refused.code, refused.stderr.splitlines()[-1]) == (
        2,
        "parcli: nhap/so-a.yaml đã có; hãy chọn tên tệp khác, hoặc bỏ -o để ghi thẳng vào "
        "submissions/so-a.yaml",
    )


# ---------------------------------------------------------------- tasks


def test_tasks_lists_late_due_soon_and_undated_tasks_by_owner(ws: Path, cli: CLI) -> None:
    result = cli("tasks", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "Nhiệm vụ cần đôn đốc — Sở A (đến 25/11/2026)"
    rows = [line for line in lines if line.startswith((" II", "  "))]
    assert rows[1:] == [
        " II.2.1  Giải quyết hồ sơ đúng hạn     —           Chưa có hạn   2.00",
        "         Văn phòng                                               2.00",
        " II.1.1  Hoàn thành kế hoạch CCHC năm  10/11/2026  Chậm 15 ngày  1.00",
        " II.1.2  Khảo sát sự hài lòng          01/12/2026  Còn 6 ngày    1.00",
    ]


def test_tasks_markdown_is_short_enough_to_paste(ws: Path, cli: CLI) -> None:
    result = cli("tasks", "-f", "md", "--within", "3", "--as-of", AS_OF, cwd=ws)
    assert result.stdout == (
        "**Nhiệm vụ cần đôn đốc — Sở A** (tính đến ngày 25/11/2026)\n"
        "\n"
        "*Bộ phận một cửa*\n"
        "\n"
        "- Chưa có hạn — II.2.1 Giải quyết hồ sơ đúng hạn; điểm có thể lấy lại: 2,00 (2.1)\n"
        "\n"
        "*Văn phòng*\n"
        "\n"
        "- **Chậm 15 ngày** — II.1.1 Hoàn thành kế hoạch CCHC năm (hạn 10/11/2026); điểm có "
        "thể lấy lại: 1,00 (1.1.2)\n"
        "\n"
        "Tổng: 1 nhiệm vụ chậm tiến độ, 0 đến hạn trong 3 ngày, 1 chưa có hạn.\n"
    )


def test_tasks_markdown_writes_numbers_as_the_workspaces_documents_do(ws: Path, cli: CLI) -> None:
    write(ws / "parcli.yaml", "numbers: dot\n")
    out = cli("tasks", "-f", "md", "--as-of", AS_OF, cwd=ws).stdout
    assert "điểm có thể lấy lại: 2.00 (2.1)" in out


def test_tasks_json_and_the_owner_filter(ws: Path, cli: CLI) -> None:
    result = cli("tasks", "-f", "json", "--owner", " văn  PHÒNG", "--as-of", AS_OF, cwd=ws)
    data = json.loads(result.stdout)
    assert (data["within_days"], data["owner"]) == (14, " văn  PHÒNG")
    (agency,) = data["agencies"]
    assert [(o["owner"], o["lost"]) for o in agency["owners"]] == [("Văn phòng", "2")]
    assert [(t["id"], t["state"], t["days"]) for t in agency["owners"][0]["tasks"]] == [
        ("II.1.1", "late", 15),
        ("II.1.2", "due_soon", 6),
    ]


def test_an_owner_no_task_names_is_a_usage_error_listing_the_owners(ws: Path, cli: CLI) -> None:
    result = cli("tasks", "--owner", "Phòng X", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có nhiệm vụ nào của đơn vị “Phòng X”; các đơn vị trong kế hoạch: "
        "Bộ phận một cửa, Văn phòng\n",
    )


@pytest.mark.parametrize(("within", "days"), [("14d", 14), ("2w", 14), ("30", 30), ("1 tuần", 7)])
def test_within_reads_days_and_weeks(ws: Path, cli: CLI, within: str, days: int) -> None:
    result = cli("tasks", "-f", "json", "--within", within, cwd=ws)
    assert json.loads(result.stdout)["within_days"] == days


def test_a_bad_within_is_a_usage_error(ws: Path, cli: CLI) -> None:
    result = cli("tasks", "--within", "hai tuần", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: --within 'hai tuần' không hợp lệ; hãy viết số ngày như 14d, 2w hoặc 30\n",
    )


def test_tasks_skip_files_without_a_plan_and_exit_1_after_listing_the_valid_ones(
    ws: Path, cli: CLI
) -> None:
    write(ws / "submissions" / "so-b.yaml", RIVAL)
    write(
        ws / "submissions" / "so-c.yaml",
        RIVAL.replace("so-b", "so-c").replace("self: 4", "self: 9"),
    )
    result = cli("tasks", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert "Nhiệm vụ cần đôn đốc — Sở A" in result.stdout
    assert "Sở B" not in result.stdout
    assert (
        "Hồ sơ chưa có nhiệm vụ nào trong kế hoạch (plan:): submissions/so-b.yaml" in result.stderr
    )
    assert "(score-out-of-range)" in result.stderr


def test_tasks_with_nothing_to_chase_says_so(ws: Path, cli: CLI) -> None:
    args = ("tasks", "--owner", "Văn phòng", "--as-of", "2026-04-01")
    assert cli(*args, cwd=ws).stdout == (
        "Nhiệm vụ cần đôn đốc — Sở A (đến 01/04/2026)\n"
        "Không có nhiệm vụ chậm, đến hạn trong 14 ngày hoặc chưa có hạn.\n\n"
    )
    assert cli(*args, "-f", "md", cwd=ws).stdout == (
        "**Nhiệm vụ cần đôn đốc — Sở A** (tính đến ngày 01/04/2026)\n\n"
        "Không có nhiệm vụ chậm, đến hạn trong 14 ngày hoặc chưa có hạn.\n"
    )


def test_tasks_when_no_file_is_valid_exits_1(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a.yaml", PLANNED.replace("self: 3", "self: 9"))
    result = cli("tasks", cwd=ws)
    assert result.code == 1
    assert result.stderr.splitlines()[-1] == "Không có hồ sơ hợp lệ; hãy sửa các lỗi ở trên."


@pytest.mark.slow
def test_plan_and_tasks_run_as_separate_processes_on_the_bundled_example() -> None:
    from tests.conftest import REPO

    env = {"COLUMNS": "80"}
    plan = run_subprocess("plan", "submissions/so-khcn.yaml", "--as-of", AS_OF, cwd=REPO, env=env)
    assert plan.code == 0 and "Traceback" not in plan.stderr
    assert "Chỉ số hiện nay: 88.11% — Khá" in plan.stdout
    tasks = run_subprocess("tasks", "submissions/so-khcn.yaml", "--as-of", AS_OF, cwd=REPO, env=env)
    assert tasks.code == 0 and "II.1.6" in tasks.stdout


def test_plan_says_provisional_reached_and_unreachable_in_words(ws: Path, cli: CLI) -> None:
    provisional = PLANNED.replace('survey: {"1.2": 1}\n', "").replace(
        "{index: 80, note: Phấn đấu loại Khá}", "{index: 50}"
    )
    write(ws / "submissions" / "so-a.yaml", provisional)
    text = cli("plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "* tạm tính: chưa có kết quả điều tra xã hội học" in text
    assert "Đã đạt mục tiêu." in text  # 4.5 of 8 self points: 56.25 %
    write(
        ws / "submissions" / "so-a.yaml",
        PLANNED.replace("{index: 80, note: Phấn đấu loại Khá}", "{index: 100}"),
    )
    text = " ".join(cli("plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout.split())
    assert (
        "kể cả khi mọi mục tự chấm đạt tối đa chỉ số chỉ đạt 90.00%: không đạt được mục tiêu "
        "chỉ bằng các mục tự chấm"
    ) in text


def test_plan_with_nothing_lost_says_so(ws: Path, cli: CLI) -> None:
    full = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1": {self: 1, evidence: [{title: Kế hoạch}]}
  "1.1.2": {self: 2}
  "2.1": {self: 5}
survey: {"1.2": 2}
"""
    write(ws / "submissions" / "so-a.yaml", full)
    text = cli("plan", "submissions/so-a.yaml", cwd=ws).stdout
    assert "Không có mục nào bị mất điểm." in text
    assert "Điểm bị mất chưa có nhiệm vụ" not in text


def test_a_past_day_reads_todays_file_as_it_stood_then(ws: Path, cli: CLI) -> None:
    done_later = PLANNED.replace(
        "    status: in_progress\n  - id: II.1.2",
        "    status: done\n    done_on: 2026-11-20\n  - id: II.1.2",
    )
    write(ws / "submissions" / "so-a.yaml", done_later)
    then = json.loads(
        cli("plan", "submissions/so-a.yaml", "-f", "json", "--as-of", "2026-06-30", cwd=ws).stdout
    )
    now = json.loads(
        cli("plan", "submissions/so-a.yaml", "-f", "json", "--as-of", AS_OF, cwd=ws).stdout
    )
    assert [t["done"] for t in then["tasks"]][:1] == [False]  # done on 20/11, not by 30/06
    assert [t["done"] for t in now["tasks"]][:1] == [True]
    assert now["index"]["done_targets"]["raised"] == ["1.1.2"]
    assert then["index"]["done_targets"]["raised"] == []


def test_plan_and_tasks_refuse_an_output_named_for_another_format(ws: Path, cli: CLI) -> None:
    for args in (("plan", "submissions/so-a.yaml", "-o", "x.xlsx"),
                 ("tasks", "-f", "json", "-o", "x.md"), ("tasks", "-o", "x.yaml")):  # fmt: skip
        result = cli(*args, cwd=ws)
        assert result.code == 2, args
        assert "nhưng nội dung ghi ra là" in result.stderr


def test_plan_of_a_submission_without_tasks_warns_but_its_draft_does_not(
    ws: Path, cli: CLI
) -> None:
    text = (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    write(ws / "submissions" / "so-a.yaml", text[: text.index("\nplan:")] + "\n")
    shown = cli("plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert shown.code == 0
    assert shown.stderr == (
        "submissions/so-a.yaml:1:1: warning: hồ sơ chưa có nhiệm vụ kế hoạch (plan:): mọi điểm "
        "bị mất đều chưa có nhiệm vụ khắc phục; hãy ghi các nhiệm vụ của Kế hoạch cải thiện Chỉ "
        "số CCHC vào plan: (`parcli plan --draft` viết bản nháp) (plan-missing)\n"
    )
    drafted = cli("plan", "submissions/so-a.yaml", "--draft", "--dry-run", "--as-of", AS_OF, cwd=ws)
    assert drafted.code == 0 and "plan-missing" not in drafted.stderr
