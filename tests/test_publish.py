"""`parcli report progress|sheet|ranking` end to end: real CLI runs on real files."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from parcli import api
from parcli.numbers import VIETNAMESE, rounded
from parcli.scoring import ScoreCard
from tests.conftest import Run, run_subprocess, write
from tests.report_fixtures import AS_OF, make_workspace

Cli = Callable[..., Run]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def card_of(ws: Path, agency: str) -> ScoreCard:
    """The score card `parcli score` computes: reports must print the same totals."""
    scores = api.score([ws / "submissions"], cwd=ws, today=dt.date(2026, 11, 25), detail=True)
    return next(r.card for g in scores.groups for r in g.ranked if r.card.agency_id == agency)


def vi(value: Any, places: int) -> str:
    """A number as the documents write it: decimal comma (the default `numbers: vi`)."""
    return rounded(value, places, VIETNAMESE)


def tables(doc: Any) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]


def texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


# ---------------------------------------------------------------- Markdown


def test_progress_markdown_goes_to_stdout_without_a_chart(ws: Path, cli: Cli) -> None:
    result = cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert out.startswith("| UBND TỈNH BẮC NINH<br>**SỞ KHOA HỌC VÀ CÔNG NGHỆ** |")
    assert "| Số:       /BC-SKHCN | *Bắc Ninh, ngày 25 tháng 11 năm 2026* |" in out
    assert "# BÁO CÁO\n" in out
    assert "Chỉ số **79,63%** (*tạm tính" in out
    assert (
        "| 2 | Triển khai công tác xác định Chỉ số CCHC của Sở (mục 1.1.2, 1.2; mất 1,00 điểm) | Văn phòng | 15/10/2026 | Chậm tiến độ (quá hạn 41 ngày)<br>Đang tổng hợp tài liệu kiểm chứng |"
        in out
    )
    assert (
        "| 1 | Ban hành Kế hoạch cải thiện Chỉ số CCHC năm 2026 (mục 1.1.1; mất 0,50 điểm) | Văn phòng | 28/02/2026 | Đã hoàn thành ngày 05/03/2026 (chậm 5 ngày) |"
        in out
    )
    assert (
        "| 1.1.1 | Ban hành kế hoạch | 1 → 0,5 (vòng 1) | Kế hoạch ký ngày 20/01 trong hạn | Kế hoạch ban hành sau thời hạn | Đã giải trình, chờ thẩm định vòng 2 |"
        in out
    )
    assert "| Văn phòng | 2 | 1 | 50,00 | 1 | 1,50 |" in out  # tasks and points lost per unit
    assert "![" not in out
    assert "***Nơi nhận:***\n\n- Sở Nội vụ (b/c);\n- Lãnh đạo Sở;\n- Lưu: VT, VP.\n" in out
    assert out.endswith("**KT. GIÁM ĐỐC**<br>**PHÓ GIÁM ĐỐC**\n\n**Dương Đại Lâm**\n")
    assert result.stderr == ""


def test_submission_text_is_escaped_for_markdown_tables(ws: Path, cli: Cli) -> None:
    out = cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "| 1 | \\# Rà soát \\| quy trình TTHC nội bộ | Bộ phận một cửa |" in out
    assert "\\=SUM(A1) \\| 13 hồ sơ trễ hạn" in out


def test_markdown_file_gets_its_chart_beside_it(ws: Path, cli: Cli) -> None:
    result = cli(
        "report",
        "progress",
        "submissions/so-a.yaml",
        "--as-of",
        AS_OF,
        "-o",
        "out/bao-cao.md",
        cwd=ws,
    )
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "Đã ghi out/bao-cao.md\nĐã ghi out/bao-cao-linh-vuc.png\n"
    text = (ws / "out" / "bao-cao.md").read_text(encoding="utf-8")
    assert "![Tỷ lệ điểm đạt theo lĩnh vực](bao-cao-linh-vuc.png)" in text
    png = (ws / "out" / "bao-cao-linh-vuc.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_no_chart_option_leaves_the_chart_out(ws: Path, cli: Cli) -> None:
    result = cli("report", "ranking", "--as-of", AS_OF, "-o", "xh.md", "--no-chart", cwd=ws)
    assert result.code == 0, result.stderr
    assert not (ws / "xh-xep-hang.png").exists()
    assert "![" not in (ws / "xh.md").read_text(encoding="utf-8")


def test_sheet_markdown_has_subtotals_total_and_provisional_index(ws: Path, cli: Cli) -> None:
    out = cli("report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    card = card_of(ws, "so-a")
    assert "| **1** | **Chỉ đạo, điều hành** | **3** | **2,0000** |  | **1,5000** |  |  |" in out
    assert "| *1.1* | *Kế hoạch CCHC* | *3* | *2,0000* |  | *1,5000* |  |  |" in out
    assert (
        "| 1.2 | Hài lòng về chỉ đạo, điều hành | 2 |  |  | — |  | Điều tra xã hội học (chưa có kết quả) |"
        in out
    )
    assert "| 2.1 | Hồ sơ giải quyết đúng hạn | 5 | 4,8700 |  | 4,8700 |" in out
    assert f"| | **Tổng điểm** | | | | **{vi(card.points, 4)}** | | |" in out
    assert f"| | **Chỉ số (%)** (tạm tính) | | | | **{vi(card.index, 2)}** | | |" in out
    assert "***Nơi nhận:***\n\n- Sở Nội vụ (b/c);" in out


def test_ranking_markdown_ranks_and_counts_classes(ws: Path, cli: Cli) -> None:
    result = cli("report", "ranking", "submissions", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert (
        "| STT | Cơ quan, đơn vị | Điểm đạt | Tối đa | Chỉ số (%) | Xếp hạng | Xếp loại |\n"
        "| ---: | :--- | ---: | ---: | ---: | ---: | :--- |\n"
        "| 1 | Văn phòng UBND tỉnh | 4,80 | 5 | 96,00 | 1 | Tốt |\n"
        "| 2 | Sở Khoa học và Công nghệ | 6,37 | 8 | 79,63\\* | 2 | Yếu |\n"
        "| | **Bình quân của nhóm** | | | **87,82** | | |\n"
    ) in out
    assert "| STT | Cơ quan, đơn vị | LV1 | LV2 |" in out
    assert "| 1 | Văn phòng UBND tỉnh | 96,00 | — |" in out
    assert "| 2 | Sở Khoa học và Công nghệ | 50,00 | 97,40 |" in out
    assert "| Tốt | 1 | 50,00 |\n| Khá | 0 | 0,00 |\n| Yếu | 1 | 50,00 |" in out
    assert "## I." not in out  # one group: no section headings
    assert "***Nơi nhận:***\n\n- UBND tỉnh (b/c);\n- Lưu: VT, CCHC.\n" in out
    assert out.startswith(
        "| UBND TỈNH BẮC NINH<br>**SỞ NỘI VỤ** |"
    )  # the workspace's own agency issues the ranking


def test_without_settings_the_submission_names_the_agency(tmp_path: Path, cli: Cli) -> None:
    ws = make_workspace(tmp_path, settings=False)
    out = cli("report", "progress", "submissions/so-b.yaml", "--as-of", "2026-02-05", cwd=ws).stdout
    assert out.startswith("| **VĂN PHÒNG UBND TỈNH** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**")
    assert "| Số:       /BC-VPUBND | *Ngày 05 tháng 02 năm 2026* |" in out
    assert "- Lưu: VT." in out
    assert out.endswith("**CHÁNH VĂN PHÒNG**\n")  # the signer's title, the name signed by hand


# ---------------------------------------------------------------- DOCX


def test_progress_docx_follows_decree_30_layout(ws: Path, cli: Cli) -> None:
    result = cli(
        "report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "bc.docx", cwd=ws
    )
    assert result.code == 0, result.stderr
    doc = Document(str(ws / "bc.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 13
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    header = tables(doc)[0]
    assert header[0] == [
        "UBND TỈNH BẮC NINH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\n",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
    ]
    assert header[1] == ["Số:       /BC-SKHCN", "Bắc Ninh, ngày 25 tháng 11 năm 2026"]
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.style.name == "Document Title"
    assert title.style.font.bold and title.alignment is None
    assert title.style.paragraph_format.alignment == 1  # centred
    assert (
        "Kết quả thực hiện Kế hoạch cải thiện Chỉ số cải cách hành chính năm 2026 của Sở Khoa học và Công nghệ"
        in texts(doc)
    )
    assert len(doc.inline_shapes) == 1  # the per-area chart


def test_progress_docx_totals_equal_parcli_score(ws: Path, cli: Cli) -> None:
    cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "bc.docx", cwd=ws)
    doc = Document(str(ws / "bc.docx"))
    card = card_of(ws, "so-a")
    summary = next(t for t in tables(doc) if t[0][0] == "Lĩnh vực")
    assert summary[0] == [
        "Lĩnh vực",
        "Điểm",
        "Tối đa",
        "Tỷ lệ điểm (%)",
        "Nhiệm vụ hoàn thành",
        "Tỷ lệ hoàn thành (%)",
    ]
    for row, area in zip(summary[1:-1], card.areas, strict=True):
        assert row[1:4] == [vi(area.points, 2), rounded(area.max, 0), vi(area.index, 2)]
    assert summary[-1] == ["Tổng cộng", vi(card.points, 2), "8", vi(card.index, 2), "1/5", "25,00"]
    late = next(t for t in tables(doc) if t[0][0] == "STT" and t[0][-1] == "Hướng khắc phục")
    assert late[1:] == [
        [
            "1",
            "Triển khai công tác xác định Chỉ số CCHC của Sở",
            "Văn phòng",
            "15/10/2026",
            "41",
            "Đang tổng hợp tài liệu kiểm chứng",
        ],
        [
            "2",
            "Tập huấn CCHC cho công chức",
            "",
            "24/11/2026",
            "1",
            "Đề nghị đơn vị chủ trì khẩn trương hoàn thành, cập nhật tài liệu kiểm chứng",
        ],
    ]
    closing = tables(doc)[-1]
    assert closing[0][0].startswith("Nơi nhận:\n- Sở Nội vụ (b/c);\n- Lãnh đạo Sở;\n- Lưu: VT, VP.")
    assert closing[0][1].startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n") and closing[0][1].endswith(
        "Dương Đại Lâm"
    )


@pytest.mark.slow
def test_docx_is_the_same_bytes_for_the_same_inputs(ws: Path, cli: Cli) -> None:
    cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "a.docx", cwd=ws)
    cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "b.docx", cwd=ws)
    assert (ws / "a.docx").read_bytes() == (ws / "b.docx").read_bytes()
    doc = Document(str(ws / "a.docx"))
    assert doc.core_properties.created == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    assert doc.core_properties.modified == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    with zipfile.ZipFile(ws / "a.docx") as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 11, 25, 0, 0, 0)}


def test_sheet_docx_is_landscape_with_subtotals_and_totals(ws: Path, cli: Cli) -> None:
    result = cli(
        "report",
        "sheet",
        "submissions/so-a.yaml",
        "--as-of",
        AS_OF,
        "-f",
        "docx",
        "-o",
        "bang-diem.docx",
        cwd=ws,
    )
    assert result.code == 0, result.stderr
    doc = Document(str(ws / "bang-diem.docx"))
    assert (round(doc.sections[0].page_width.mm), round(doc.sections[0].page_height.mm)) == (
        297,
        210,
    )
    card = card_of(ws, "so-a")
    sheet = tables(doc)[1]
    assert sheet[0] == [
        "STT",
        "Nội dung",
        "Điểm tối đa",
        "Tự chấm",
        "Thẩm định",
        "Điểm đạt",
        "Ghi chú của đơn vị",
        "Ý kiến thẩm định",
    ]
    assert [row[0] for row in sheet[1:7]] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2"]
    assert sheet[3] == [
        "1.1.1",
        "Ban hành kế hoạch",
        "1",
        "1,0000",
        "0,5000",
        "0,5000",
        "Ban hành đúng hạn",
        "Kế hoạch ban hành sau thời hạn",
    ]  # one precision per column: the ratio item 2.1 asks for 4 decimals
    assert sheet[7][:6] == ["2.1", "Hồ sơ giải quyết đúng hạn", "5", "4,8700", "", "4,8700"]
    by_label = {row[1]: row for row in sheet[8:]}
    assert by_label["Cộng điểm các mục"][2:6] == ["8", "6,8700", "", vi(card.leaf_points, 4)]
    assert by_label["Tổng điểm"][5] == vi(card.points, 4)
    assert by_label["Chỉ số (%) (tạm tính)"][5] == vi(card.index, 2)
    assert by_label["Xếp loại"][5] == card.class_name
    assert sheet[1][0] == "1" and doc.tables[1].rows[1].cells[1].paragraphs[0].runs[0].bold


@pytest.mark.slow
def test_the_sheet_shows_a_bonus_or_a_penalty_only_when_there_is_one(
    bundled_copy: Path, cli: Cli
) -> None:
    """Sở KH&CN has a bonus and no penalty: no "Điểm trừ −0,0000" line for a clerk to strike."""
    for out in ("bd.md", "bd.docx"):
        run = cli("report", "sheet", "submissions/so-khcn.yaml", "--as-of", AS_OF, "-o", out,
                  cwd=bundled_copy)  # fmt: skip
        assert run.code == 0, run.stderr
    lines = (bundled_copy / "bd.md").read_text(encoding="utf-8").splitlines()
    assert "| | Điểm thưởng | | | | +0,5000 | | |" in lines
    assert not [line for line in lines if "Điểm trừ" in line]
    rows = {row[1]: row for row in tables(Document(str(bundled_copy / "bd.docx")))[1]}
    assert rows["Điểm thưởng"][5] == "+0,5000" and "Điểm trừ" not in rows


@pytest.mark.slow
def test_documents_name_last_years_submission_by_its_year_not_its_file(
    bundled_copy: Path, cli: Cli
) -> None:
    """The province reads "So với năm 2025", not the workspace's path to a YAML file."""
    for out in ("bc.md", "bc.docx"):
        run = cli("report", "progress", "submissions/so-khcn.yaml", "--as-of", AS_OF,
                  "--no-chart", "-o", out, cwd=bundled_copy)  # fmt: skip
        assert run.code == 0, run.stderr
    text = (bundled_copy / "bc.md").read_text(encoding="utf-8")
    words = " ".join(texts(Document(str(bundled_copy / "bc.docx"))))
    assert "So với năm 2025:" in text and "So với năm 2025:" in words
    assert ".yaml" not in text and ".yaml" not in words


@pytest.mark.slow
def test_without_a_plan_the_area_table_has_no_task_columns(bundled_copy: Path, cli: Cli) -> None:
    """Văn phòng UBND tỉnh keeps no plan: no "Nhiệm vụ hoàn thành 0/0" column to delete."""
    for out in ("bc.md", "bc.docx"):
        run = cli("report", "progress", "submissions/van-phong-ubnd-tinh.yaml", "--as-of",
                  AS_OF, "--no-chart", "-o", out, cwd=bundled_copy)  # fmt: skip
        assert run.code == 0, run.stderr
    lines = (bundled_copy / "bc.md").read_text(encoding="utf-8").splitlines()
    assert "| Lĩnh vực | Điểm | Tối đa | Tỷ lệ điểm (%) |" in lines
    assert not [line for line in lines if "| 0/0 |" in line or "Nhiệm vụ hoàn thành" in line]
    areas = next(
        t for t in tables(Document(str(bundled_copy / "bc.docx"))) if t[0][0] == "Lĩnh vực"
    )
    assert areas[0] == ["Lĩnh vực", "Điểm", "Tối đa", "Tỷ lệ điểm (%)"]
    assert areas[-1][0] == "Tổng cộng" and len(areas[-1]) == 4


@pytest.mark.slow
def test_a_document_symbol_never_breaks_at_its_hyphen(bundled_copy: Path, cli: Cli) -> None:
    """ "34/KH-" at a line's end and "SKHCN" on the next is no way to cite a document: the
    hyphens of a số ký hiệu are Word's non-breaking hyphens, and the text still reads 34/KH-SKHCN."""
    run = cli("report", "progress", "submissions/so-khcn.yaml", "--as-of", AS_OF, "--no-chart",
              "-o", "bc.docx", cwd=bundled_copy)  # fmt: skip
    assert run.code == 0, run.stderr
    doc = Document(str(bundled_copy / "bc.docx"))
    cell = next(c for t in doc.tables for r in t.rows for c in r.cells if "34/KH" in c.text)
    assert "34/KH-SKHCN ngày 20/01/2026" in cell.text
    parts = [
        (el.tag.rsplit("}", 1)[1], el.text)
        for p in cell.paragraphs
        for r in p.runs
        for el in r._r
        if "34/KH" in (el.text or "") or el.tag == qn("w:noBreakHyphen")
    ]
    assert parts[:2] == [("t", "34/KH"), ("noBreakHyphen", None)]
    breakable = [
        t.text
        for t in doc.element.body.iter(qn("w:t"))
        if re.search(r"\d+/[A-ZĐ][A-Za-zĐ&]*-[A-ZĐ]", t.text or "")
    ]
    assert breakable == []  # 2287/SKHCN-VP, 42/2022/NĐ-CP… none left


@pytest.mark.slow
def test_a_short_row_stays_whole_and_a_long_one_may_split(bundled_copy: Path, cli: Cli) -> None:
    """A row of a few lines split across pages leaves "quả)" alone atop the next page; a long
    row may still split, so it never leaves a gap behind it."""
    run = cli("report", "sheet", "submissions/phuong-vu-ninh.yaml", "--as-of", AS_OF,
              "-o", "bd.docx", cwd=bundled_copy)  # fmt: skip
    assert run.code == 0, run.stderr
    rows = {r.cells[0].text: r for r in Document(str(bundled_copy / "bd.docx")).tables[1].rows}

    def whole(item: str) -> bool:
        return rows[item]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None

    assert whole("7.6")  # "Điều tra xã hội học (chưa có kết quả)": three lines
    assert whole("1.1.1")
    assert not whole("2.1.2")  # "Không phát sinh: …", the longest note


def test_ranking_docx_has_a_column_per_area_and_the_chart(ws: Path, cli: Cli) -> None:
    result = cli("report", "ranking", "--as-of", AS_OF, "-o", "xep-hang.docx", cwd=ws)
    assert result.code == 0, result.stderr
    doc = Document(str(ws / "xep-hang.docx"))
    ranking = tables(doc)[1]
    assert ranking == [
        ["STT", "Cơ quan, đơn vị", "Điểm đạt", "Tối đa", "Chỉ số (%)", "Xếp hạng", "Xếp loại"],
        ["1", "Văn phòng UBND tỉnh", "4,80", "5", "96,00", "1", "Tốt"],
        ["2", "Sở Khoa học và Công nghệ", "6,37", "8", "79,63*", "2", "Yếu"],
        ["", "Bình quân của nhóm", "", "", "87,82", "", ""],
    ]
    assert tables(doc)[2] == [
        ["STT", "Cơ quan, đơn vị", "LV1", "LV2"],
        ["1", "Văn phòng UBND tỉnh", "96,00", "—"],
        ["2", "Sở Khoa học và Công nghệ", "50,00", "97,40"],
    ]
    grid = doc.tables[2]._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    assert len(grid) == 4  # the area loop's grid rebuilt from the rendered cells
    assert tables(doc)[3][1:] == [
        ["Tốt", "1", "50,00"],
        ["Khá", "0", "0,00"],
        ["Yếu", "1", "50,00"],
    ]
    assert tables(doc)[-1][0][0].startswith("Nơi nhận:\n- UBND tỉnh (b/c);")
    assert len(doc.inline_shapes) == 1


def test_format_follows_the_output_suffix(ws: Path, cli: Cli) -> None:
    assert (
        cli(
            "report", "sheet", "submissions/so-b.yaml", "-o", "x.docx", "--as-of", AS_OF, cwd=ws
        ).code
        == 0
    )
    assert zipfile.is_zipfile(ws / "x.docx")
    assert "word/document.xml" in zipfile.ZipFile(ws / "x.docx").namelist()


# ---------------------------------------------------------------- refusing to report


def test_a_submission_with_errors_gives_its_problems_and_no_report(ws: Path, cli: Cli) -> None:
    write(
        ws / "submissions" / "so-a.yaml",
        (ws / "submissions" / "so-a.yaml")
        .read_text(encoding="utf-8")
        .replace("self: 4.87", "self: 6"),
    )
    result = cli(
        "report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "bc.docx", cwd=ws
    )
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith('submissions/so-a.yaml:17:11: error: items."2.1".self: ')
    assert lines[-1] == "Chưa lập báo cáo: hãy sửa các lỗi ở trên."
    assert not (ws / "bc.docx").exists()


def test_a_ranking_is_not_made_while_any_submission_has_errors(ws: Path, cli: Cli) -> None:
    write(
        ws / "submissions" / "so-c.yaml",
        "format: parcli/submission/1\ncriteria: mini\nagency: {id: so-c}\n",
    )
    result = cli("report", "ranking", "--as-of", AS_OF, "-o", "xh.md", cwd=ws)
    assert result.code == 1
    assert result.stderr == (
        "submissions/so-c.yaml:3:1: error: agency.name: thiếu khóa `name`; hãy thêm `name: …` "
        "(missing-key)\nChưa lập báo cáo: hãy sửa các lỗi ở trên.\n"
    )
    assert not (ws / "xh.md").exists()


def test_settings_problems_are_located_in_parcli_yaml(ws: Path, cli: Cli) -> None:
    write(ws / "parcli.yaml", "place: Bắc Ninh\nsigner: {titel: GIÁM ĐỐC}\n")
    result = cli("report", "sheet", "submissions/so-b.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert result.stderr.startswith(
        "parcli.yaml:2:10: error: signer.titel: khóa `titel` không có trong định dạng; "
        "có phải ý bạn là `title`?"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["progress", "submissions/so-a.yaml", "-f", "docx"],
            "parcli: định dạng docx cần --output <tệp.docx>\n",
        ),
        (
            ["sheet", "submissions/so-a.yaml", "-f", "xlsx", "-o", "x.docx"],
            "parcli: --format xlsx nhưng tệp ra có đuôi .docx; hãy sửa một trong hai\n",
        ),
        (
            ["progress", "submissions"],
            "parcli: submissions là thư mục; báo cáo này cần một tệp hồ sơ, ví dụ submissions/so-a.yaml\n",
        ),
        (
            ["sheet", "criteria/mini.yaml"],
            "parcli: criteria/mini.yaml là bộ tiêu chí; hãy chỉ tệp hồ sơ của một cơ quan\n",
        ),
        (
            ["progress", "submissions/so-a.yaml", "--as-of", "25/11/2026"],
            "parcli: --as-of '25/11/2026' không phải ngày; hãy viết YYYY-MM-DD\n",
        ),
        (
            ["progress", "submissions/so-z.yaml"],
            "parcli: không tìm thấy submissions/so-z.yaml; hãy kiểm tra đường dẫn\n",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    ws: Path, cli: Cli, args: list[str], message: str
) -> None:
    result = cli("report", *args, cwd=ws)
    assert (result.code, result.stderr, result.stdout) == (2, message, "")


# ---------------------------------------------------------------- the command line itself


def test_help_says_markdown_on_stdout_has_no_chart(cli: Cli) -> None:
    result = cli("report", "progress", "--help")
    assert result.code == 0
    assert "không kèm biểu đồ" in " ".join(result.stdout.split())


@pytest.mark.slow
def test_markdown_reports_never_load_the_office_libraries(ws: Path) -> None:
    code = (
        "import sys; from parcli.cli import main; "
        "code = main(['report', 'progress', 'submissions/so-a.yaml', '--as-of', '2026-11-25']); "
        "heavy = [m for m in ('docx', 'docxtpl', 'openpyxl', 'matplotlib') if m in sys.modules]; "
        "print(code, heavy, file=sys.stderr)"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ws,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.stderr.strip().splitlines()[-1] == "0 []"


@pytest.mark.slow
def test_parcli_help_loads_no_report_modules(tmp_path: Path) -> None:
    result = run_subprocess("report", "--help", cwd=tmp_path)
    assert result.code == 0
    assert "progress" in result.stdout and "ranking" in result.stdout and "sheet" in result.stdout
    import subprocess
    import sys

    probe = "import sys, parcli.cli; print(sorted(m for m in ('jinja2', 'parcli.report.publish', 'docx', 'openpyxl', 'matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_report_written_with_real_process(ws: Path) -> None:
    result = run_subprocess(
        "report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "bd.xlsx", cwd=ws
    )
    assert result.code == 0, result.stderr
    assert result.stderr == "Đã ghi bd.xlsx\n"
    with zipfile.ZipFile(io.BytesIO((ws / "bd.xlsx").read_bytes())) as z:
        assert "xl/workbook.xml" in z.namelist()


# ---------------------------------------------------------------- points at stake


def test_progress_shows_each_tasks_targets_and_the_points_at_stake(ws: Path, cli: Cli) -> None:
    out = cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert (
        "| 1 | Ban hành Kế hoạch cải thiện Chỉ số CCHC năm 2026 (mục 1.1.1; mất 0,50 điểm) |" in out
    )
    assert "| 3 | Tập huấn CCHC cho công chức |  | 24/11/2026 |" in out  # no targets: nothing
    section = out.split("## III. ĐIỂM CÓ THỂ LẤY LẠI THEO KẾ HOẠCH\n", 1)[1].split("## IV.")[0]
    assert section.splitlines()[:2] == [
        "",
        "- Chỉ số hiện nay **79,63%** (tạm tính); nếu mọi mục có nhiệm vụ đạt điểm tối đa: "
        "**98,38%** (+18,75); nếu chỉ các mục của nhiệm vụ đã hoàn thành đạt điểm tối đa: "
        "**85,88%** (+6,25).",
    ]
    assert "| 1. Chỉ đạo, điều hành | 50,00 | 100,00 | 66,67 |" in section
    assert "| 2 | Bộ phận một cửa | 2.1 | 0,13 |" in section
    assert "Nhiệm vụ chưa gắn với mục chấm điểm nào: II.1.3, II.3.1, II.3.2." in section
    assert "## IV. TỒN TẠI, HẠN CHẾ" in out


def test_the_plan_document_shows_each_tasks_targets(ws: Path, cli: Cli) -> None:
    out = cli("report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "Triển khai công tác xác định Chỉ số CCHC của Sở (mục 1.1.2, 1.2; mất 1,00 điểm)" in out


@pytest.mark.slow
def test_progress_docx_and_xlsx_carry_the_points_at_stake(ws: Path, cli: Cli) -> None:
    for name in ("bc.docx", "bc.xlsx"):
        args = ("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", name)
        result = cli(*args, cwd=ws)
        assert result.code == 0, result.stderr
    doc = Document(str(ws / "bc.docx"))
    assert "III. ĐIỂM CÓ THỂ LẤY LẠI THEO KẾ HOẠCH" in texts(doc)
    found = tables(doc)
    heads = [t[0] for t in found]
    assert ["Lĩnh vực", "Hiện nay (%)", "Mọi nhiệm vụ đạt (%)", "Nhiệm vụ đã xong (%)"] in heads
    assert ["", "Cộng", "", "0,13"] in [r for t in found for r in t]
    cells = [c for t in found for r in t for c in r]
    assert (
        "Triển khai công tác xác định Chỉ số CCHC của Sở (mục 1.1.2, 1.2; mất 1,00 điểm)" in cells
    )
    from openpyxl import load_workbook

    book = load_workbook(ws / "bc.xlsx")
    stake = [c.value for c in book["Điểm có thể lấy lại"][2]]
    assert stake == ["1", "Chỉ đạo, điều hành", 50, 100, pytest.approx(200 / 3)]
    uncovered = [c.value for c in book["Mất điểm chưa có nhiệm vụ"][2]]
    assert uncovered[:5] == ["2.1", "Hồ sơ giải quyết đúng hạn", "2", "Bộ phận một cửa", 0.13]
    tasks = {r[2]: r[-2:] for r in book["Nhiệm vụ"].iter_rows(values_only=True)}
    assert tasks["II.1.2"] == ("1.1.2, 1.2", 1)
    assert tasks["II.1.3"] == (None, None)


def test_previous_gives_last_years_results_to_items_not_scored_yet(ws: Path, cli: Cli) -> None:
    from tests.report_fixtures import SO_A

    write(ws / "nam-truoc" / "so-a.yaml", SO_A + 'survey: {"1.2": 1}\n')
    args = ("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF)
    out = cli(*args, "--previous", "nam-truoc/so-a.yaml", cwd=ws).stdout
    assert "- Chỉ số hiện nay **" in out and "(ước tính: có mục lấy kết quả năm trước)" in out
    plan = cli("report", "plan", "submissions/so-a.yaml", "--previous", "nam-truoc/so-a.yaml",
               "--as-of", AS_OF, cwd=ws).stdout  # fmt: skip
    assert "(mục 1.1.2, 1.2; mất 2,00 điểm)" in plan  # 1.2: 1 of 2 last year
    other = cli(*args, "--previous", "submissions/so-b.yaml", cwd=ws)
    assert other.code == 2 and "không phải của Sở Khoa học và Công nghệ" in other.stderr
    write(ws / "nam-truoc" / "so-a.yaml", SO_A.replace("self: 4.87", "self: 9"))
    broken = cli(*args, "--previous", "nam-truoc/so-a.yaml", cwd=ws)
    assert broken.code == 1 and "nam-truoc/so-a.yaml:" in broken.stderr
