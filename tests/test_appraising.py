"""`parcli appraise`: one decision or explanation, written round-trip, validated first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write

CLI = Callable[..., Run]

SO_A = """\
# Hồ sơ Sở A — bản thử
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}

items:
  "1.1.1":
    self: 1                       # điểm tự chấm
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}
  "1.1.2": {inputs: {done: 18, planned: 20}, self: 1}
  "2.1": {inputs: {on_time: 1234, total: 1240}}

appraisal:
  round1:
    "1.1.2": {score: 0.5, note: Thiếu báo cáo quý IV}   # Sở Nội vụ
  explanation:
    "1.1.2":
      text: Báo cáo quý IV đã gửi ngày 20/12
      evidence:
        - {ref: 512/BC-SA, date: 2026-12-20, title: Báo cáo quý IV}

survey: {"1.2": 1.5}
"""


@pytest.fixture
def ws(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    return mini_workspace


def read(ws: Path) -> str:
    return (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")


def test_a_decision_is_one_new_line(ws: Path, cli: CLI) -> None:
    result = cli(
        "appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "0.5",
        "--note", "Ban hành sau thời hạn", cwd=ws,
    )  # fmt: skip
    assert (result.code, result.stdout) == (0, "")
    assert result.stderr == "Đã ghi submissions/so-a.yaml\n"
    assert read(ws) == SO_A.replace(
        "  round1:\n", '  round1:\n    "1.1.1": {score: 0.5, note: Ban hành sau thời hạn}\n'
    )
    assert cli("validate", cwd=ws).code == 0


def test_a_new_decision_replaces_the_old_one_whole(ws: Path, cli: CLI) -> None:
    result = cli(
        "appraise", "submissions/so-a.yaml", "1.1.2", "--round", "1", "--score", "1", cwd=ws
    )
    assert result.code == 0
    # ruamel keeps an end-of-line comment at its column, so comments aligned in a column stay so.
    assert read(ws) == SO_A.replace(
        "{score: 0.5, note: Thiếu báo cáo quý IV}   #",
        "{score: 1}                                 #",
    )


def test_round_two_goes_after_the_explanation(ws: Path, cli: CLI) -> None:
    result = cli(
        "appraise", "submissions/so-a.yaml", "1.1.2", "--round", "2", "--score", "1",
        "--note", "Chấp nhận giải trình", cwd=ws,
    )  # fmt: skip
    assert result.code == 0
    assert read(ws) == SO_A.replace(
        "title: Báo cáo quý IV}\n",
        'title: Báo cáo quý IV}\n  round2:\n    "1.1.2": {score: 1, note: Chấp nhận giải trình}\n',
    )


def test_an_explanation_keeps_its_evidence(ws: Path, cli: CLI) -> None:
    result = cli(
        "appraise", "submissions/so-a.yaml", "1.1.2", "--explanation",
        "Báo cáo quý IV gửi đúng hạn qua Hệ thống", cwd=ws,
    )  # fmt: skip
    assert result.code == 0
    assert read(ws) == SO_A.replace(
        "text: Báo cáo quý IV đã gửi ngày 20/12", "text: Báo cáo quý IV gửi đúng hạn qua Hệ thống"
    )


def test_dry_run_prints_the_diff_and_writes_nothing(ws: Path, cli: CLI) -> None:
    result = cli(
        "appraise", "submissions/so-a.yaml", "2.1", "--round", "1", "--score", "4.5", "--dry-run",
        cwd=ws,
    )  # fmt: skip
    assert result.code == 0
    assert result.stdout == (
        "--- a/submissions/so-a.yaml\n"
        "+++ b/submissions/so-a.yaml\n"
        "@@ -15,6 +15,7 @@\n"
        " appraisal:\n"
        "   round1:\n"
        '     "1.1.2": {score: 0.5, note: Thiếu báo cáo quý IV}   # Sở Nội vụ\n'
        '+    "2.1": {score: 4.5}\n'
        "   explanation:\n"
        '     "1.1.2":\n'
        "       text: Báo cáo quý IV đã gửi ngày 20/12\n"
    )
    assert result.stderr == "Chạy thử (--dry-run): chưa ghi tệp nào.\n"
    assert read(ws) == SO_A


def test_a_decision_that_fails_validation_writes_nothing(ws: Path, cli: CLI) -> None:
    result = cli(
        "appraise", "submissions/so-a.yaml", "1.1.1", "--round", "2", "--score", "1.5", cwd=ws
    )
    assert result.code == 1
    assert result.stdout == (
        'submissions/so-a.yaml:24:22: error: appraisal.round2."1.1.1".score: điểm thẩm định '
        "1.5 vượt điểm tối đa 1 của mục 1.1.1 (score-out-of-range)\n"
    )
    assert result.stderr == "Không ghi tệp nào: hãy sửa các lỗi ở trên rồi chạy lại.\n"
    assert read(ws) == SO_A
    assert sorted(p.name for p in (ws / "submissions").iterdir()) == ["so-a.yaml"]


def test_a_submission_with_errors_is_not_edited(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a.yaml", SO_A.replace("self: 1 ", "self: 3 "))
    before = read(ws)
    result = cli("appraise", "submissions/so-a.yaml", "2.1", "--round", "1", "--score", "4", cwd=ws)
    assert result.code == 1
    assert "(score-out-of-range)" in result.stdout and "items." in result.stdout
    assert read(ws) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1.1.9", "--round", "1", "--score", "1"],
         "mục 1.1.9 không có trong bộ tiêu chí mini; có phải ý bạn là 1.1.2?"),
        (["1.2", "--round", "1", "--score", "1"],
         "mục 1.2 chấm qua điều tra xã hội học, không thẩm định; kết quả điều tra nhập bằng "
         "parcli survey import"),
        (["1.1", "--round", "1", "--score", "1"],
         "1.1 là lĩnh vực/tiêu chí có tiêu chí thành phần; hãy thẩm định từng tiêu chí thành phần"),
        (["1.1.1"],
         "hãy cho quyết định thẩm định (--round 1 --score 0.5 --note …) hoặc lời giải trình của "
         "đơn vị (--explanation …)"),
        (["1.1.1", "--score", "1"], "--round và --score đi cùng nhau, ví dụ: --round 1 --score 0.5"),
        (["1.1.1", "--round", "1", "--score", "một"],
         "--score 'một' không phải số; hãy viết ví dụ 0.5"),
        ([], "thiếu mã mục; ví dụ: parcli appraise <hồ sơ> 1.1.1 --round 1 --score 0.5"),
    ],
)  # fmt: skip
def test_a_wrong_command_line_is_a_usage_error(
    ws: Path, cli: CLI, args: list[str], message: str
) -> None:
    result = cli("appraise", "submissions/so-a.yaml", *args, cwd=ws)
    assert (result.code, result.stderr) == (2, f"parcli: {message}\n")
    assert read(ws) == SO_A


def test_a_criteria_file_or_a_missing_file_cannot_be_appraised(ws: Path, cli: CLI) -> None:
    result = cli("appraise", "criteria/mini.yaml", "1.1.1", "--round", "1", "--score", "1", cwd=ws)
    assert result.stderr == (
        "parcli: criteria/mini.yaml không phải hồ sơ của cơ quan "
        "(dòng `format: parcli/submission/1`)\n"
    )
    result = cli(
        "appraise", "submissions/so-x.yaml", "1.1.1", "--round", "1", "--score", "1", cwd=ws
    )
    assert (result.code, result.stderr) == (
        2,
        "parcli: không tìm thấy submissions/so-x.yaml; hãy kiểm tra đường dẫn\n",
    )


def test_an_old_mac_file_keeps_its_line_ends(ws: Path, cli: CLI) -> None:
    path = ws / "submissions" / "so-a.yaml"
    path.write_bytes(SO_A.replace("\n", "\r").encode("utf-8"))
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "1",
                 cwd=ws)  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    raw = path.read_bytes()
    assert b"\n" not in raw  # every line still ends with CR alone
    assert raw.decode("utf-8").split("\r") == read_lines_with_decision()


def test_a_file_of_mixed_line_ends_changes_only_the_touched_lines(ws: Path, cli: CLI) -> None:
    # A file edited on Windows and Linux (CRLF above, LF below): every LF line became CRLF.
    path = ws / "submissions" / "so-a.yaml"
    lines = SO_A.split("\n")
    path.write_bytes(("\r\n".join(lines[:8]) + "\r\n" + "\n".join(lines[8:])).encode("utf-8"))
    before = path.read_bytes().splitlines(keepends=True)
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "1",
                 cwd=ws)  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    after = path.read_bytes().splitlines(keepends=True)
    added = [line for line in after if line not in before]
    assert added == [b'    "1.1.1": {score: 1}\r\n']  # the file's first line end
    assert [line for line in after if line in before] == before


def read_lines_with_decision() -> list[str]:
    return SO_A.replace("  round1:\n", '  round1:\n    "1.1.1": {score: 1}\n').split("\n")


def test_a_linked_submission_is_written_through_its_link(ws: Path, cli: CLI) -> None:
    real = ws / "kho" / "so-a.yaml"
    real.parent.mkdir()
    (ws / "submissions" / "so-a.yaml").rename(real)
    (ws / "submissions" / "so-a.yaml").symlink_to(real)
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "1",
                 cwd=ws)  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    assert (ws / "submissions" / "so-a.yaml").is_symlink()
    assert '"1.1.1": {score: 1}' in real.read_text(encoding="utf-8")


def test_minus_zero_is_written_as_zero(ws: Path, cli: CLI) -> None:
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "-0",
                 cwd=ws)  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    assert '"1.1.1": {score: 0}' in read(ws)


def test_a_submission_whose_agency_id_another_file_uses_is_not_written(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a-cu.yaml", SO_A)
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "1",
                 cwd=ws)  # fmt: skip
    assert result.code == 1
    assert result.stdout == (
        "submissions/so-a.yaml:4:14: error: agency.id: mã cơ quan so-a đã dùng trong "
        "submissions/so-a-cu.yaml; mỗi cơ quan một tệp hồ sơ với mã riêng (duplicate-agency)\n"
    )
    assert read(ws) == SO_A


@pytest.mark.parametrize(
    ("option", "value", "kind"),
    [
        ("--note", "Đạt\x1b[2J", "U+001B (ESC)"),
        ("--note", "Đạt\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("--explanation", "a\x00b", "U+0000 (NUL)"),
        ("--note", "Đạt\uffff", "U+FFFF"),  # a noncharacter: a conversion gone wrong
    ],
)
def test_control_characters_from_the_command_line_never_reach_a_file(
    ws: Path, cli: CLI, option: str, value: str, kind: str
) -> None:
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "1",
                 option, value, cwd=ws)  # fmt: skip
    assert (result.code, result.stderr) == (
        2,
        f"parcli: {option} có ký tự {kind}, không được ghi vào hồ sơ; hãy gõ lại giá trị này "
        "(được xuống dòng, không được có ký tự điều khiển)\n",
    )
    assert read(ws) == SO_A


def test_a_note_may_span_lines(ws: Path, cli: CLI) -> None:
    result = cli("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "1",
                 "--note", "Dòng một\nDòng hai", cwd=ws)  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    assert '"1.1.1": {score: 1, note: "Dòng một\\nDòng hai"}' in read(ws)
