"""Workbooks read from their XML within bounds: values as written, what Excel and
LibreOffice put in cells, and files built to exhaust memory or time."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from parcli.edit import xlsx, xlsx_parts
from parcli.edit.xlsx import (
    Cell,
    WorkbookError,
    open_workbook,
    parse_area,
    parse_ref,
    split_reference,
)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def tiny(
    path: Path,
    rows: str,
    *,
    strings: str = "",
    styles: str = "",
    raw: dict[str, str] | None = None,
    names: str = "",
    sheet_tail: str = "",
    workbook_pr: str = "",
) -> Path:
    """A workbook of one sheet written part by part, as any program may write it."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS}>{workbook_pr}<sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/>'
        f'<sheet name="Ẩn" sheetId="2" state="hidden" r:id="rId2"/></sheets><definedNames>{names}</definedNames></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml" Type="x"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData>{sheet_tail}</worksheet>',
        "xl/worksheets/sheet2.xml": f'<?xml version="1.0"?><worksheet {NS}><sheetData/></worksheet>',
    }
    if strings:
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst {NS}>{strings}</sst>'
    if styles:
        parts["xl/styles.xml"] = f'<?xml version="1.0"?><styleSheet {NS}>{styles}</styleSheet>'
    parts.update(raw or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


STYLES = (
    '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="0.00&quot; điểm&quot;"/></numFmts>'
    '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs>'
)


def cells(path: Path, sheet: int = 0) -> dict[tuple[int, int], Cell]:
    with open_workbook(path, file=path.name) as book:
        return book.sheet(book.sheets[sheet]).cells


def test_every_kind_of_cell_reads_as_written(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>1.10</t></is></c></row>'
        '<row r="2"><c r="A2"><v>0.30000000000000004</v></c><c r="B2" s="1"><v>46042</v></c><c r="C2" s="2"><v>1.5</v></c>'
        '<c r="D2" s="3"><v>46042.75</v></c></row>'
        '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3"><f>B1*2</f></c>'
        '<c r="D3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="E3"><f>1/2</f><v>0.5</v></c><c r="F3" s="1"/></row>'
        "<row><c><v>7</v></c><c><v>8</v></c></row>"
    )
    strings = "<si><t>Trích yếu</t></si><si><r><t>Số </t></r><r><rPr/><t>ký hiệu</t></r><rPh><t>phiên âm</t></rPh></si>"
    found = cells(tiny(tmp_path / "a.xlsx", rows, strings=strings, styles=STYLES))
    assert [found[(1, c)].text for c in (1, 2, 3)] == ["Trích yếu", "Số ký hiệu", "1.10"]
    assert found[(2, 1)].number == Decimal("0.3")
    assert found[(2, 2)].date_format and found[(2, 2)].date() == dt.date(2026, 1, 20)
    assert not found[(2, 3)].date_format and found[(2, 3)].number == Decimal("1.5")
    assert found[(2, 4)].date() == dt.date(2026, 1, 20)
    assert (found[(3, 1)].kind, found[(3, 1)].text) == ("bool", "TRUE")
    assert (found[(3, 2)].kind, found[(3, 2)].text) == ("error", "#N/A")
    assert (found[(3, 3)].kind, found[(3, 3)].formula) == ("none", "B1*2")
    assert (found[(3, 4)].text, found[(3, 5)].number) == ("ab", Decimal("0.5"))
    assert (3, 6) not in found  # a styled empty cell is no value
    assert (found[(4, 1)].text, found[(4, 2)].text) == ("7", "8")  # positions implied


def test_names_merged_cells_states_and_the_1904_date_system(tmp_path: Path) -> None:
    path = tiny(
        tmp_path / "b.xlsx",
        '<row r="1"><c r="A1"><v>0</v></c></row>',
        names="<definedName name=\"parcli_form_1\">'Trang 1'!$A$5:$W$90</definedName>"
        '<definedName name="x" localSheetId="0">Trang!$A$1</definedName>',
        sheet_tail='<mergeCells count="1"><mergeCell ref="O8:O9"/></mergeCells>',
        workbook_pr='<workbookPr date1904="1"/>',
    )
    with open_workbook(path, file="b.xlsx") as book:
        assert [(s.name, s.state) for s in book.sheets] == [
            ("Trang 1", "visible"),
            ("Ẩn", "hidden"),
        ]
        assert book.names == {"parcli_form_1": "'Trang 1'!$A$5:$W$90"}
        assert book.date1904
        assert book.sheet(book.sheets[0]).merged == [(8, 15, 9, 15)]
    assert Cell(1, 1, "number", "0").date(date1904=True) is None
    assert Cell(1, 1, "number", "1").date(date1904=True) == dt.date(1904, 1, 2)


def test_references_read_as_excel_writes_them() -> None:
    assert parse_ref("$XFD$1048576") == (1048576, 16384)
    assert parse_ref("XFE1") is None and parse_ref("A0") is None and parse_ref("1A") is None
    assert parse_area("W90:A5") == (5, 1, 90, 23)
    assert split_reference("'Sở A''s'!$A$1:$B$2") == ("Sở A's", "$A$1:$B$2")
    assert split_reference("Trang!$A$1") == ("Trang", "$A$1")
    assert split_reference("'Trang'!#REF!") is None
    assert split_reference("#REF!") is None
    assert split_reference("'unterminated!$A$1") is None


@pytest.mark.slow
def test_cells_without_an_address_follow_the_cell_before_them(tmp_path: Path) -> None:
    # `r` may be left out; after an empty styled cell with an address, such a cell landed
    # columns to the left (and the cell it belonged to read as cleared).
    path = tiny(
        tmp_path / "a.xlsx",
        '<row r="3"><c r="B3"><v>1</v></c><c r="J3" s="1"/><c s="1"/><c><v>7</v></c>'
        "<c><v>8</v></c></row><row><c><v>9</v></c></row>",
    )
    assert {at: c.text for at, c in cells(path).items()} == {
        (3, 2): "1",
        (3, 12): "7",
        (3, 13): "8",
        (4, 1): "9",
    }


def test_excel_s_escapes_of_characters_are_read_back(tmp_path: Path) -> None:
    path = tiny(
        tmp_path / "a.xlsx",
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x001B_b</t></is></c>'
        '<c r="B1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>_xD800_</t></is></c></row>',
        strings="<si><t>_x005F_x0041_</t></si>",
    )
    # ESC as Excel writes it; a literal "_x0041_" typed in a cell; half a surrogate pair,
    # which is no text, left as written
    assert [c.text for c in cells(path).values()] == ["a\x1bb", "_x0041_", "_xD800_"]


@pytest.mark.slow
def test_a_sheet_that_claims_a_million_rows_is_read_by_the_cells_it_has(tmp_path: Path) -> None:
    empty_rows = "".join(f'<row r="{r}"/>' for r in range(2, 200_002))
    path = tiny(
        tmp_path / "c.xlsx",
        f'<row r="1"><c r="A1"><v>1</v></c></row>{empty_rows}<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
    )
    tracemalloc.start()
    started = time.perf_counter()
    found = cells(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert sorted(found) == [(1, 1), (1048576, 16384)]
    assert peak < 20 * 1024 * 1024 and elapsed < 30  # generous: the point is "not 16 billion cells"


def test_a_zip_bomb_is_refused_from_its_declared_size_before_it_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 64 * 1024)
    path = tiny(tmp_path / "d.xlsx", "<row>" + "<c><v>0</v></c>" * 20_000 + "</row>")
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path, file="d.xlsx")
    assert caught.value.problem.code == "file-too-large"


def test_too_many_cells_stop_the_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_CELLS", 10)
    path = tiny(tmp_path / "e.xlsx", "<row>" + "<c><v>0</v></c>" * 11 + "</row>")
    with pytest.raises(WorkbookError) as caught:
        cells(path)
    assert caught.value.problem.code == "file-too-large"


def test_a_file_over_the_size_limit_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_FILE_BYTES", 10)
    path = tiny(tmp_path / "f.xlsx", "")
    with pytest.raises(WorkbookError, match="vượt giới hạn") as caught:
        open_workbook(path, file="f.xlsx")
    assert caught.value.problem.code == "file-too-large"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not a zip", "tệp .xls cũ hoặc tệp hỏng"),
        (None, "không tìm thấy tệp"),
    ],
)
def test_what_is_no_workbook_is_said_so(tmp_path: Path, content: bytes | None, words: str) -> None:
    path = tmp_path / "g.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WorkbookError, match=words) as caught:
        open_workbook(path, file="g.xlsx")
    assert caught.value.problem.code == "file-unreadable"


def test_a_folder_or_a_broken_part_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError) as caught:
        open_workbook(tmp_path, file="folder.xlsx")
    assert caught.value.problem.code == "file-unreadable"
    path = tmp_path / "h.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
    with pytest.raises(WorkbookError, match="không phải XML hợp lệ"):
        open_workbook(path, file="h.xlsx")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(WorkbookError, match="thiếu phần"):
        open_workbook(path, file="h.xlsx")


def test_a_doctype_is_refused_even_split_across_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_parts, "_CHUNK", 7)
    laughs = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "x">]><sst>&a;</sst>'
    row = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    path = tiny(tmp_path / "i.xlsx", row, raw={"xl/sharedStrings.xml": laughs})
    with pytest.raises(WorkbookError, match="DOCTYPE"):
        cells(path)


def test_a_workbook_saved_by_openpyxl_reads_back(tmp_path: Path) -> None:
    book = OpenpyxlWorkbook()
    ws = book.active
    ws["A1"] = "1.10"
    ws["B1"] = dt.date(2026, 1, 20)
    ws["C1"] = 0.1
    ws["D1"] = "=C1*2"
    book.save(tmp_path / "j.xlsx")
    found = cells(tmp_path / "j.xlsx")
    assert found[(1, 1)].text == "1.10"
    assert found[(1, 2)].date() == dt.date(2026, 1, 20)
    assert found[(1, 3)].number == Decimal("0.1")
    assert (found[(1, 4)].kind, found[(1, 4)].formula) == ("none", "C1*2")


def test_a_workbook_saved_as_strict_open_xml_is_refused_with_what_to_do(tmp_path: Path) -> None:
    strict = (
        '<?xml version="1.0"?><workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'
    )
    path = tiny(tmp_path / "k.xlsx", "", raw={"xl/workbook.xml": strict})
    with pytest.raises(WorkbookError, match="Strict Open XML"):
        open_workbook(path, file="k.xlsx")
