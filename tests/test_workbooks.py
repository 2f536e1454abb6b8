"""XLSX reports opened with openpyxl: numbers as published, text never a formula."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parcli import api
from parcli.numbers import quantize
from tests.conftest import Run, write
from tests.report_fixtures import AS_OF, make_workspace

Cli = Callable[..., Run]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def scores(ws: Path) -> api.Scores:
    return api.score([ws / "submissions"], cwd=ws, today=dt.date(2026, 11, 25), detail=True)


def test_sheet_workbook_groups_rows_and_totals_equal_parcli_score(ws: Path, cli: Cli) -> None:
    result = cli(
        "report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "bd.xlsx", cwd=ws
    )
    assert result.code == 0, result.stderr
    book = load_workbook(ws / "bd.xlsx")
    sheet = book["Bảng chấm điểm"]
    assert sheet.freeze_panes == "A6"
    header = [c.value for c in sheet[5]]
    assert header == [
        "STT",
        "Nội dung",
        "Điểm tối đa",
        "Tự chấm",
        "Thẩm định",
        "Điểm đạt",
        "Ghi chú của đơn vị",
        "Ý kiến thẩm định",
    ]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=6) if row[0].value}
    assert [sheet.row_dimensions[rows[i][0].row].outline_level for i in ("1", "1.1", "1.1.1")] == [
        0,
        1,
        2,
    ]
    assert rows["1.1.1"][4].value == 0.50
    assert rows["1.1.1"][4].number_format == "0.00"
    assert rows["2.1"][5].value == 4.8700
    assert rows["2.1"][5].number_format == "0.0000"
    card = next(r.card for r in scores(ws).groups[0].ranked if r.card.agency_id == "so-a")
    totals = {
        row[1].value: row[5].value for row in sheet.iter_rows(min_row=6) if row[0].value is None
    }
    assert totals["Tổng điểm"] == float(quantize(card.points, 2))
    assert totals["Chỉ số (%) — tạm tính"] == float(quantize(card.index or Decimal(0), 2))
    assert totals["Xếp loại"] == card.class_name


def test_text_that_looks_like_a_formula_stays_text(ws: Path, cli: Cli) -> None:
    text = (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    write(
        ws / "submissions" / "so-a.yaml",
        text.replace("task: Khảo sát doanh nghiệp", 'task: "@SUM(1+1)"')
        .replace("note: Đang tổng hợp tài liệu kiểm chứng", 'note: "+84 912 345 678"')
        .replace("owner: Bộ phận một cửa", 'owner: "-đơn vị"'),
    )
    for report in ("sheet", "progress"):
        out = f"{report}.xlsx"
        assert (
            cli("report", report, "submissions/so-a.yaml", "--as-of", AS_OF, "-o", out, cwd=ws).code
            == 0
        )
    cells = [
        cell
        for report in ("sheet", "progress")
        for sheet in load_workbook(ws / f"{report}.xlsx").worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    ]
    assert {c.value for c in cells} >= {
        "=SUM(A1) | 13 hồ sơ trễ hạn",
        "@SUM(1+1)",
        "+84 912 345 678",
        "-đơn vị",
    }
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_progress_workbook_has_a_sheet_per_table(ws: Path, cli: Cli) -> None:
    assert (
        cli(
            "report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "bc.xlsx", cwd=ws
        ).code
        == 0
    )
    book = load_workbook(ws / "bc.xlsx")
    assert book.sheetnames == [
        "Tổng hợp",
        "Nhiệm vụ",
        "Mục bị mất điểm",
        "Thiếu kiểm chứng",
        "Tự chấm - thẩm định",
    ]
    tasks = book["Nhiệm vụ"]
    assert tasks.freeze_panes == "A2"
    assert [c.value for c in tasks[3]][:8] == [
        "1",
        "II.1.2",
        "Triển khai công tác xác định Chỉ số CCHC của Sở",
        "Văn phòng",
        dt.datetime(2026, 10, 15),
        None,
        "Chậm tiến độ",
        41,
    ]
    assert tasks["E3"].number_format == "DD/MM/YYYY"
    assert 40 <= tasks.column_dimensions["C"].width <= 60  # fits the Vietnamese task text
    summary = book["Tổng hợp"]
    assert [c.value for c in summary[7]] == [
        "1",
        "Chỉ đạo, điều hành",
        1.50,
        3.00,
        50.00,
        3,
        1,
        0,
        2,
        0,
        0,
    ]


def test_ranking_workbook_ranks_and_shows_the_distribution(ws: Path, cli: Cli) -> None:
    assert cli("report", "ranking", "--as-of", AS_OF, "-o", "xh.xlsx", cwd=ws).code == 0
    book = load_workbook(ws / "xh.xlsx")
    ranking = book["Xếp hạng"]
    rows = [[c.value for c in row] for row in ranking.iter_rows(min_row=5)]
    assert rows == [
        [1, "so-b", "Văn phòng UBND tỉnh", 4.80, 5.00, 96.00, 1, "Tốt", None, 96.00, "—"],
        [2, "so-a", "Sở Khoa học và Công nghệ", 6.37, 8.00, 79.63, 2, "Yếu", "có", 50.00, 97.40],
        [None, None, "Bình quân của nhóm", None, None, 87.82, None, None, None, None, None],
    ]
    assert [[c.value for c in row] for row in book["Phân bố"].iter_rows(min_row=2)] == [
        ["Tốt", 1, 50.00],
        ["Khá", 0, 0.00],
        ["Yếu", 1, 50.00],
    ]


def test_workbooks_are_the_same_bytes_for_the_same_inputs(ws: Path, cli: Cli) -> None:
    for name in ("a.xlsx", "b.xlsx"):
        assert cli("report", "ranking", "--as-of", AS_OF, "-o", name, cwd=ws).code == 0
    assert (ws / "a.xlsx").read_bytes() == (ws / "b.xlsx").read_bytes()
    props = load_workbook(ws / "a.xlsx").properties
    assert props.created == props.modified == dt.datetime(2026, 11, 25)
