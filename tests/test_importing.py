"""`parcli survey import` and `parcli appraise <table>`: all rows checked, all files or none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, write

CLI = Callable[..., Run]

SO_A = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}

items:
  "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: Kế hoạch, ref: 1/KH-SA}]}
  "1.1.2": {inputs: {done: 18, planned: 20}, self: 1}

# Kết quả điều tra xã hội học (tỉnh nhập)
survey:
  "1.2": 1.25
"""

SO_B = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-b, name: Sở B}
items:
  "1.1.1": {self: 0.5, level: Ban hành không kịp thời, evidence: [{title: Kế hoạch}]}
  "2.1": {na: Sở không có thủ tục hành chính}
"""


@pytest.fixture
def ws(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    write(mini_workspace / "submissions" / "don-vi-b.yaml", SO_B)
    return mini_workspace


def files(ws: Path) -> tuple[str, str]:
    folder = ws / "submissions"
    return (
        (folder / "so-a.yaml").read_text(encoding="utf-8"),
        (folder / "don-vi-b.yaml").read_text(encoding="utf-8"),
    )


def xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_survey_results_from_xlsx_go_into_each_agency_file(ws: Path, cli: CLI) -> None:
    xlsx(
        ws / "ket-qua-dtxhh.xlsx",
        [["agency", "name", "1.2"], ["so-a", "Sở A", 1.35], ["so-b", "Sở B", 2]],
    )
    result = cli("survey", "import", "ket-qua-dtxhh.xlsx", cwd=ws)
    assert result.code == 0, result.stdout
    assert result.stderr == "Đã ghi submissions/so-a.yaml\nĐã ghi submissions/don-vi-b.yaml\n"
    assert files(ws) == (
        SO_A.replace('"1.2": 1.25', '"1.2": 1.35'),
        SO_B + 'survey:\n  "1.2": 2\n',
    )
    assert cli("validate", cwd=ws).code == 0


def test_survey_results_from_a_semicolon_csv_with_decimal_commas(ws: Path, cli: CLI) -> None:
    (ws / "dtxhh.csv").write_bytes("\ufeffAgency;1.2\r\nso-b;1,5\r\n\r\n".encode())
    result = cli("survey", "import", "dtxhh.csv", "--dry-run", cwd=ws)
    assert result.stdout == (
        "--- a/submissions/don-vi-b.yaml\n"
        "+++ b/submissions/don-vi-b.yaml\n"
        "@@ -4,3 +4,5 @@\n"
        " items:\n"
        '   "1.1.1": {self: 0.5, level: Ban hành không kịp thời, evidence: [{title: Kế hoạch}]}\n'
        '   "2.1": {na: Sở không có thủ tục hành chính}\n'
        "+survey:\n"
        '+  "1.2": 1.5\n'
    )
    assert files(ws) == (SO_A, SO_B)


def test_one_bad_row_and_no_file_is_written(ws: Path, cli: CLI) -> None:
    write(
        ws / "dtxhh.csv",
        "agency,1.2,1.1.1,9.9\nso-a,1.5,,\nso-c,1,,\nso-b,2.5,,\nso-a,1,,\n,1,,\nso-b,abc,1,\n",
    )
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "dtxhh.csv:1:3: error: mục 1.1.1 là mục tự chấm, không có kết quả điều tra xã hội học "
        "(self-on-survey)",
        "dtxhh.csv:1:4: error: cột “9.9” không phải mục của bộ tiêu chí mini; các mục điều tra "
        "xã hội học: 1.2 (unknown-item)",
        "dtxhh.csv:3:1: error: không có hồ sơ nào trong submissions/ mang mã cơ quan “so-c”; "
        "có phải ý bạn là so-b? (unknown-agency)",
        "dtxhh.csv:4:2: error: điểm 2.5 của mục 1.2 nằm ngoài khoảng 0 – 2 (score-out-of-range)",
        "dtxhh.csv:5:1: error: so-a đã có ở dòng 2; mỗi cơ quan một dòng (duplicate-row)",
        "dtxhh.csv:6:1: error: thiếu mã cơ quan; hãy ghi mã như trong dòng agency.id của hồ sơ, "
        "ví dụ so-khcn (unknown-agency)",
        "dtxhh.csv:7:1: error: so-b đã có ở dòng 4; mỗi cơ quan một dòng (duplicate-row)",
    ]
    assert result.stderr == "Không ghi tệp nào: hãy sửa các lỗi ở trên rồi chạy lại.\n"
    assert files(ws) == (SO_A, SO_B)


def test_a_table_without_the_agency_column_is_refused(ws: Path, cli: CLI) -> None:
    write(ws / "dtxhh.csv", "co_quan,1.2,1.2\nso-a,1,1\n")
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "dtxhh.csv:1:1: error: thiếu cột agency; dòng 1 phải có tên các cột: agency (table-header)",
        "dtxhh.csv:1:3: error: cột “1.2” bị lặp; mỗi cột một tên (table-header)",
    ]


def test_an_item_id_written_with_a_decimal_comma_is_named_in_its_header_cell(
    ws: Path, cli: CLI
) -> None:
    # Excel set to Vietnamese writes `;` between cells, so `1,2` is one cell: an item id
    # typed with a decimal comma, not two columns and not a missing agency column.
    (ws / "dtxhh.csv").write_bytes("agency;name;1,2\r\nso-a;Sở A;1,5\r\n".encode())
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "dtxhh.csv:1:3: error: cột “1,2” viết mã mục bằng dấu phẩy; mã mục dùng dấu chấm: "
        "hãy ghi 1.2 (unknown-item)",
    ]


def test_an_appraised_item_id_with_a_decimal_comma_says_so(ws: Path, cli: CLI) -> None:
    (ws / "vong-1.csv").write_text("agency;item;round;score\nso-a;1,1,2;1;1\n", encoding="utf-8")
    result = cli("appraise", "vong-1.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "vong-1.csv:2:2: error: mục “1,1,2” viết mã mục bằng dấu phẩy; mã mục dùng dấu chấm: "
        "hãy ghi 1.1.2 (unknown-item)",
    ]


def test_a_file_that_does_not_validate_after_the_import_stops_it(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a.yaml", SO_A.replace("self: 1}", "self: 2}"))
    write(ws / "dtxhh.csv", "agency,1.2\nso-a,1\nso-b,1\n")
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.code == 1
    assert "submissions/so-a.yaml:7:" in result.stdout and "(score-above-computed)" in result.stdout
    assert files(ws)[1] == SO_B


def test_an_unreadable_table_is_a_usage_error(ws: Path, cli: CLI) -> None:
    (ws / "dtxhh.csv").write_bytes(b"agency,1.2\nS\xd2 A,1\n")  # Windows-1258, not UTF-8
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: dtxhh.csv không phải văn bản UTF-8; trong Excel hãy lưu dạng “CSV UTF-8” "
        "hoặc dùng tệp .xlsx\n",
    )
    assert cli("survey", "import", "dtxhh.ods", cwd=ws).stderr == (
        "parcli: dtxhh.ods: chỉ đọc được bảng .csv hoặc .xlsx\n"
    )
    (ws / "fake.xlsx").write_text("không phải Excel", encoding="utf-8")
    result = cli("survey", "import", "fake.xlsx", cwd=ws)
    assert (result.code, result.stdout) == (
        1,
        "fake.xlsx:1:1: error: không đọc được fake.xlsx như một tệp Excel .xlsx (tệp .xls cũ "
        "hoặc tệp hỏng); hãy mở bằng Excel và lưu dạng .xlsx (file-unreadable)\n",
    )


def test_appraisal_decisions_from_a_table_across_agencies(ws: Path, cli: CLI) -> None:
    xlsx(
        ws / "tham-dinh.xlsx",
        [
            ["agency", "item", "round", "score", "note"],
            ["so-a", "1.1.2", 1, 0.5, "Thiếu báo cáo quý IV"],
            ["so-b", "1.1.1", 1, 0, None],
            ["so-a", "1.1.1", "2", 1, "Đạt"],
        ],
    )
    result = cli("appraise", "tham-dinh.xlsx", cwd=ws)
    assert result.code == 0, result.stdout
    assert files(ws) == (
        SO_A.replace(
            "\n# Kết quả",
            "appraisal:\n"
            "  round1:\n"
            '    "1.1.2": {score: 0.5, note: Thiếu báo cáo quý IV}\n'
            "  round2:\n"
            '    "1.1.1": {score: 1, note: Đạt}\n'
            "\n# Kết quả",
        ),
        SO_B + 'appraisal:\n  round1:\n    "1.1.1": {score: 0}\n',
    )


def test_appraisal_table_problems_point_at_cells(ws: Path, cli: CLI) -> None:
    write(
        ws / "tham-dinh.csv",
        "agency,item,round,score,ghi chú\n"
        "so-a,1.2,1,1,\n"
        "so-a,1.1.1,3,1,\n"
        "so-a,1.1.2,1,5,\n"
        "so-a,1.1.2,1,1,\n"
        "so-b,1.1.1,2,,\n",
    )
    result = cli("appraise", "tham-dinh.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "tham-dinh.csv:1:5: error: cột “ghi chú” không dùng được; các cột: agency, item, round, "
        "score, note, explanation (table-header)",
    ]
    table = (ws / "tham-dinh.csv").read_text(encoding="utf-8")
    write(ws / "tham-dinh.csv", table.replace("ghi chú", "note"))
    result = cli("appraise", "tham-dinh.csv", cwd=ws)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "tham-dinh.csv:2:2: error: mục 1.2 chấm qua điều tra xã hội học, không thẩm định; kết quả "
        "điều tra nhập bằng parcli survey import (self-on-survey)",
        "tham-dinh.csv:3:3: error: vòng “3” không hợp lệ; hãy ghi 1 hoặc 2 (bad-choice)",
        "tham-dinh.csv:4:4: error: điểm 5 của mục 1.1.2 nằm ngoài khoảng 0 – 2 (score-out-of-range)",
        "tham-dinh.csv:5:2: error: mục 1.1.2 vòng 1 của so-a đã có ở dòng 4; mỗi quyết định một "
        "dòng (duplicate-row)",
        "tham-dinh.csv:6:4: error: ô trống; hãy ghi điểm, ví dụ 0.5 (not-a-number)",
    ]
    assert files(ws) == (SO_A, SO_B)


def test_a_table_with_item_or_options_is_a_usage_error(ws: Path, cli: CLI) -> None:
    write(ws / "tham-dinh.csv", "agency,item,round,score\n")
    result = cli("appraise", "tham-dinh.csv", "1.1.1", cwd=ws)
    assert result.code == 2
    assert "mọi thông tin nằm trong bảng" in result.stderr


def test_a_survey_table_with_only_its_header_is_refused(mini_workspace: Path, cli: CLI) -> None:
    write(mini_workspace / "kq.csv", "agency,1.2,9.9\n")
    result = cli("survey", "import", "kq.csv", cwd=mini_workspace)
    assert result.code == 1
    assert "kq.csv:1:1: error: bảng chỉ có dòng tiêu đề" in result.stdout + result.stderr


def test_ctrl_c_during_an_import_writes_every_file_or_none(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C during `survey import` over 3,000 files left some rewritten and others not.
    import os
    import signal

    write(ws / "dtxhh.csv", "agency,1.2\nso-a,1.5\nso-b,2\n")
    real_replace = os.replace

    def interrupted_after_the_first(src: str, dst: Path) -> None:
        real_replace(src, dst)
        if str(dst).endswith("so-a.yaml"):
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "replace", interrupted_after_the_first)
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert (result.code, result.stderr) == (
        130,
        "parcli: đã dừng theo yêu cầu, sau khi ghi xong cả 2 tệp\n",
    )
    assert files(ws) == (
        SO_A.replace('"1.2": 1.25', '"1.2": 1.5'),
        SO_B + 'survey:\n  "1.2": 2\n',
    )


def test_an_import_removes_what_a_killed_import_left_behind(ws: Path, cli: CLI) -> None:
    leftover = ws / "submissions" / ".so-a.yaml.k3x9q2ab.tmp"
    leftover.write_text("nửa tệp", encoding="utf-8")
    warned = cli("validate", cwd=ws)
    assert "submissions/.so-a.yaml.k3x9q2ab.tmp:1:1: warning: tệp tạm còn sót lại" in warned.stdout
    write(ws / "dtxhh.csv", "agency,1.2\nso-a,1.5\n")
    assert cli("survey", "import", "dtxhh.csv", cwd=ws).code == 0
    assert not leftover.exists()
    assert sorted(p.name for p in (ws / "submissions").iterdir()) == ["don-vi-b.yaml", "so-a.yaml"]


def test_a_decimal_comma_id_that_names_the_wrong_kind_of_item_says_both(ws: Path, cli: CLI) -> None:
    # `1,1,1` is 1.1.1, a self-assessed item: writing it with dots would not make a survey
    # column, and `1,1` is a criterion with sub-criteria. The cell says both things.
    (ws / "dtxhh.csv").write_bytes(b"agency;1,1,1;1,1\r\nso-a;1;1\r\n")
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "dtxhh.csv:1:2: error: cột “1,1,1” viết mã mục bằng dấu phẩy (1.1.1); mục 1.1.1 là mục "
        "tự chấm, không có kết quả điều tra xã hội học (self-on-survey)",
        "dtxhh.csv:1:3: error: cột “1,1” viết mã mục bằng dấu phẩy (1.1); 1.1 là lĩnh vực/tiêu "
        "chí có tiêu chí thành phần, không phải mục điều tra xã hội học (not-a-leaf)",
    ]
    (ws / "vong-1.csv").write_text("agency;item;round;score\nso-a;1,2;1;1\n", encoding="utf-8")
    result = cli("appraise", "vong-1.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "vong-1.csv:2:2: error: mục “1,2” viết mã mục bằng dấu phẩy (1.2); mục 1.2 chấm qua "
        "điều tra xã hội học, không thẩm định; kết quả điều tra nhập bằng parcli survey import "
        "(self-on-survey)",
    ]


def test_an_id_with_commas_beside_the_same_id_with_dots_is_a_repeated_column(
    ws: Path, cli: CLI
) -> None:
    (ws / "dtxhh.csv").write_bytes(b"agency;1.2;1,2\r\nso-a;1;1\r\n")
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "dtxhh.csv:1:3: error: cột “1,2” là cột “1.2” (dấu phẩy thay dấu chấm), bị lặp; hãy "
        "xóa một cột (table-header)",
    ]
    (ws / "dtxhh.csv").write_bytes(b"agency;1,2;1.2\r\nso-a;1;1\r\n")
    result = cli("survey", "import", "dtxhh.csv", cwd=ws)
    assert result.stdout.splitlines() == [
        "dtxhh.csv:1:3: error: cột “1.2” là cột “1,2” (dấu phẩy thay dấu chấm), bị lặp; hãy "
        "xóa một cột (table-header)",
    ]
