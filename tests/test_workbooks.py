"""XLSX reports opened with openpyxl: numbers as published, text never a formula."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from parcli import api
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
    book = load_workbook(ws / "bd.xlsx", data_only=True)  # the values stored with the formulas
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
        "Tính vào tổng",
    ]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=6) if row[0].value}
    assert [sheet.row_dimensions[rows[i][0].row].outline_level for i in ("1", "1.1", "1.1.1")] == [
        0,
        1,
        2,
    ]
    assert rows["1.1.1"][4].value == 0.50
    assert rows["1.1.1"][4].number_format == "0.0000"  # one precision per column
    assert rows["2.1"][5].value == 4.8700
    assert rows["2.1"][5].number_format == "0.0000"
    card = next(r.card for r in scores(ws).groups[0].ranked if r.card.agency_id == "so-a")
    totals = {
        row[1].value: row[5].value for row in sheet.iter_rows(min_row=6) if row[0].value is None
    }
    # exact values, shown rounded by the cells' number formats
    assert totals["Tổng điểm"] == float(card.points)
    assert totals["Chỉ số (%) — tạm tính"] == float(card.index or Decimal(0))
    assert totals["Xếp loại"] == card.class_name
    formulas = load_workbook(ws / "bd.xlsx")["Bảng chấm điểm"]
    assert formulas[rows["1"][5].coordinate].value == "=SUMIFS(F7:F10,I7:I10,1)"
    assert formulas.page_setup.orientation == "landscape"
    fonts = {c.font.name for row in formulas.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}


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
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@" and cell.data_type != "f"
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
        "Điểm có thể lấy lại",
        "Mất điểm chưa có nhiệm vụ",
        "Mục bị mất điểm",
        "Thiếu kiểm chứng",
        "Thẩm định - giải trình",
    ]
    tasks = book["Nhiệm vụ"]
    assert tasks.freeze_panes == "A2"
    assert [c.value for c in tasks[3]][:9] == [
        "1",
        "1",
        "II.1.2",
        "Triển khai công tác xác định Chỉ số CCHC của Sở",
        "Văn phòng",
        dt.datetime(2026, 10, 15),
        None,
        "Chậm tiến độ",
        41,
    ]
    assert tasks["F3"].number_format == "DD/MM/YYYY"
    assert 40 <= tasks.column_dimensions["D"].width <= 60  # fits the Vietnamese task text
    assert int(tasks.page_setup.paperSize) == 9  # A4
    assert tasks.page_setup.orientation == "landscape" and tasks.print_title_rows == "$1:$1"
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
    book = load_workbook(ws / "xh.xlsx", data_only=True)  # the values stored with the formulas
    ranking = book["Xếp hạng"]
    rows = [[c.value for c in row] for row in ranking.iter_rows(min_row=5)]
    assert rows == [
        [1, "so-b", "Văn phòng UBND tỉnh", 4.80, 5.00, 96.00, 1, "Tốt", None, 96.00, "—"],
        [2, "so-a", "Sở Khoa học và Công nghệ", 6.37, 8.00, 79.625, 2, "Yếu", "có", 50.00, 97.40],
        [None, None, "Bình quân của nhóm", None, None, 87.815, None, None, None, None, None],
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


soffice = shutil.which("soffice") or shutil.which("libreoffice")
RECALCULATE_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _computed_cells(book: Any) -> dict[tuple[str, str], str]:
    return {
        (ws.title, c.coordinate): c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }


@pytest.mark.skipif(soffice is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.slow
def test_libreoffice_recalculates_every_formula_to_the_value_parcli_stored(
    tmp_path: Path, cli: Cli
) -> None:
    """The bundled examples: each subtotal, total, index, class and count that LibreOffice
    computes from the formulas equals what parcli stored, which is `parcli score`'s."""
    from tests.conftest import REPO

    made = [tmp_path / "sheet.xlsx", tmp_path / "ranking.xlsx"]
    for path, args in zip(made, (["sheet", "submissions/so-khcn.yaml"], ["ranking"]), strict=True):
        result = cli("report", *args, "--as-of", AS_OF, "-o", str(path), cwd=REPO)
        assert result.code == 0, result.stderr
    # LibreOffice keeps an XLSX file's stored values unless told to recalculate on loading;
    # and the copies it converts carry no stored values at all, so every number is its own.
    profile = tmp_path / "lo"
    write(profile / "user" / "registrymodifications.xcu", RECALCULATE_ALWAYS)
    bare = []
    for path in made:
        book = load_workbook(path)
        book.save(tmp_path / f"bare-{path.name}")  # openpyxl drops the stored values
        bare.append(tmp_path / f"bare-{path.name}")
    assert soffice is not None
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "recalc"), *map(str, bare)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    scored = api.score([REPO / "submissions"], cwd=REPO, today=dt.date(2026, 11, 25), detail=True)
    khcn = next(r.card for g in scored.groups for r in g.ranked if r.card.agency_id == "so-khcn")
    checked = 0
    for path in made:
        formulas = _computed_cells(load_workbook(path))
        stored = load_workbook(path, data_only=True)
        recalculated = load_workbook(tmp_path / "recalc" / f"bare-{path.name}", data_only=True)
        for sheet, cell in formulas:
            ours, theirs = stored[sheet][cell].value, recalculated[sheet][cell].value
            if isinstance(ours, str):
                assert theirs == ours, (path.name, cell)
            else:
                assert ours is not None and abs(theirs - ours) < 1e-4, (path.name, cell)
            checked += 1
    assert checked > 100
    sheet = load_workbook(tmp_path / "recalc" / "bare-sheet.xlsx", data_only=True).active
    values = {row[1].value: row[5].value for row in sheet.iter_rows() if row[0].value is None}
    assert abs(values["Tổng điểm"] - float(khcn.points)) < 1e-4
    assert abs(values["Chỉ số (%)"] - float(khcn.index or 0)) < 1e-4
    assert values["Xếp loại"] == khcn.class_name


def test_plan_workbook_lists_the_tasks_by_the_plans_sections(ws: Path, cli: Cli) -> None:
    result = cli(
        "report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "kh.xlsx", cwd=ws
    )
    assert result.code == 0, result.stderr
    sheet = load_workbook(ws / "kh.xlsx")["Kế hoạch"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [c.value for c in sheet[4]] == [
        "Mục", "STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Lĩnh vực", "Mã", "Mục nhắm tới",
        "Điểm bị mất trên các mục",
    ]  # fmt: skip
    assert rows[0][:4] == [
        "1. Chỉ đạo, điều hành",
        1,
        "Ban hành Kế hoạch cải thiện Chỉ số CCHC năm 2026",
        "Văn phòng",
    ]
    assert [r[0] for r in rows] == ["1. Chỉ đạo, điều hành"] * 3 + ["2. Thủ tục hành chính"] * 2


def test_control_and_invisible_characters_are_written_visibly_not_a_crash(tmp_path: Path) -> None:
    # Text holding ESC or NUL made every XLSX writer stop with an internal error.
    from parcli.numbers import MACHINE
    from parcli.report.context import display_for
    from parcli.report.workbook import Writer
    from tests.helpers import mini

    writer = Writer(display_for(mini(), MACHINE))
    sheet = writer.sheet("Thử")
    for row, text in enumerate(["Sở \x1b[2JA", "a\x00b", "x\u202ey", "dòng 1\ndòng 2\tx"], 1):
        writer.put(sheet, row, 1, text)
    path = tmp_path / "t.xlsx"
    path.write_bytes(writer.save(dt.datetime(2026, 11, 25), title="Thử"))
    values = [row[0] for row in load_workbook(path).active.iter_rows(values_only=True)]
    assert values == ["Sở \\u001b[2JA", "a\\u0000b", "x\\u202ey", "dòng 1\ndòng 2\tx"]


@pytest.mark.slow
def test_a_maximum_reads_as_the_set_writes_it_in_every_workbook(
    bundled_copy: Path, cli: Cli
) -> None:
    """`1,5` in the Word and Markdown reports: the workbooks show it so too (General shows
    1.5 as 1,5 on a Vietnamese Excel and 100 as 100), never 1,50 or 100,00."""
    for report, args in (
        ("sheet", ["submissions/so-khcn.yaml"]),
        ("progress", ["submissions/so-khcn.yaml"]),
        ("ranking", ["submissions/", "--group", "so"]),
    ):
        out = bundled_copy / f"{report}.xlsx"
        extra = [] if report == "sheet" else ["--no-chart"]
        run = cli(
            "report", report, *args, *extra, "--as-of", AS_OF, "-o", str(out), cwd=bundled_copy
        )
        assert run.code == 0, run.stderr
    maxima = {
        ("sheet", "Bảng chấm điểm"): "Điểm tối đa",
        ("progress", "Tổng hợp"): "Tối đa",
        ("progress", "Mục bị mất điểm"): "Tối đa",
        ("ranking", "Xếp hạng"): "Tối đa",
    }
    seen: dict[str, set[str]] = {}
    for (report, name), title in maxima.items():
        sheet = load_workbook(bundled_copy / f"{report}.xlsx")[name]
        header = next(r for r in sheet.iter_rows() if title in [c.value for c in r])
        col = [c.value for c in header].index(title)
        cells = [
            r[col] for r in sheet.iter_rows(min_row=header[0].row + 1) if r[col].value is not None
        ]
        assert cells, (report, name)
        seen[f"{report}/{name}"] = {c.number_format for c in cells if c.value != "—"}
    assert all(formats == {"General"} for formats in seen.values()), seen
