"""Forms back into submissions: untouched forms change nothing, filled-in cells change only
their lines, and the workbooks people really send back (renamed, reordered, retyped) work."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from parcli.edit.changeset import Change, diff_edits
from parcli.edit.form_export import export_forms
from parcli.edit.form_import import import_forms
from parcli.loading import parse_bytes
from tests.conftest import REPO, Run, write
from tests.form_fixtures import (
    SOFFICE,
    copy_departments,
    edit_form,
    insert_cols,
    insert_rows,
    recalculate,
    rename_sheet,
)

TODAY = dt.date(2026, 11, 25)
SHEET = "Tự đánh giá"
SO_A = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}

items:
  # --- Kế hoạch
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026, issuer: UBND tỉnh}
    note: Đúng hạn   # ghi chú của Văn phòng

  # --- Thủ tục
  "2.1": {inputs: {on_time: 1234, total: 1240}}
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """The bundled departments (one criteria set: a folder's form uses one set)."""
    copy_departments(tmp_path)
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    return tmp_path


@pytest.fixture
def mini(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    return mini_workspace


def export(ws: Path, path: str, out: str, *, mode: str = "self", owner: str | None = None) -> Path:
    result = export_forms([ws / path], mode=mode, owner=owner, cwd=ws, today=TODAY)  # type: ignore[arg-type]
    assert result.problems == ()
    (ws / out).write_bytes(result.data)
    return ws / out


def run_import(ws: Path, *names: str) -> Change:
    return import_forms([ws / n for n in names], cwd=ws, today=TODAY)


def lines(change: Change) -> list[str]:
    return [p.format_line() for p in change.problems]


def changed_lines(change: Change, ws: Path) -> list[str]:
    return [
        line
        for line in diff_edits(change.edits, cwd=ws).splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def fill(
    path: Path, change: Callable[[Any, dict[str, int], dict[str, int]], None], sheet: str = SHEET
) -> None:
    edit_form(path, sheet, change)


# ---------------------------------------------------------------- nothing in, nothing out


@pytest.mark.slow
@pytest.mark.parametrize("agency", sorted(p.stem for p in (REPO / "submissions").glob("*.yaml")))
def test_a_form_sent_back_untouched_changes_nothing_in_every_mode(ws: Path, agency: str) -> None:
    sub = f"submissions/{agency}.yaml"
    shutil.copy(REPO / sub, ws / sub)  # the communes too, each on its own
    office = "Văn phòng HĐND và UBND" if agency.startswith(("xa-", "phuong-")) else "Văn phòng"
    names = [export(ws, sub, "self.xlsx")]
    names += [export(ws, sub, f"{m}.xlsx", mode=m) for m in ("round1", "round2")]
    doc, _ = parse_bytes((ws / sub).read_bytes(), file=sub, path=ws / sub)
    assert doc is not None
    owners = sorted(
        {e["owner"] for e in doc.data["items"].values() if isinstance(e, dict) and "owner" in e}
        | {office}
    )
    names += [export(ws, sub, f"owner-{n}.xlsx", owner=o) for n, o in enumerate(owners)]
    change = run_import(ws, *(p.name for p in names))
    assert (change.edits, lines(change)) == ((), [])


@pytest.mark.slow
def test_folder_forms_of_every_agency_sent_back_change_nothing(ws: Path) -> None:
    for mode in ("self", "round1", "round2"):
        export(ws, "submissions", f"{mode}.xlsx", mode=mode)
    change = run_import(ws, "self.xlsx", "round1.xlsx", "round2.xlsx")
    assert (change.edits, lines(change)) == ((), [])


# ---------------------------------------------------------------- values in, lines out


def test_filled_in_cells_change_only_their_lines_and_keep_the_comments(mini: Path) -> None:
    form = export(mini, "submissions/so-a.yaml", "f.xlsx")

    def change(ws: Any, col: dict[str, int], row: dict[str, int]) -> None:
        ws.cell(row["1.1.1"], col["Điểm tự chấm"]).value = 0.5
        ws.cell(row["1.1.1"], col["Mức / Trả lời"]).value = "Ban hành không kịp thời"
        ws.cell(row["1.1.2"], col["Giá trị 1"]).value = 18
        ws.cell(row["1.1.2"], col["Giá trị 2"]).value = "20"
        ws.cell(row["2.1"], col["Không phát sinh (lý do)"]).value = None
        ws.cell(row["2.1"], col["Ghi chú của đơn vị"]).value = "Số liệu đến 31/10"

    fill(form, change)
    result = run_import(mini, "f.xlsx")
    assert lines(result) == []
    assert changed_lines(result, mini) == [
        "-    self: 1",
        "-    level: Ban hành kịp thời",
        "+    self: 0.5",
        "+    level: Ban hành không kịp thời",
        '+  "1.1.2": {inputs: {done: 18, planned: 20}}',
        '-  "2.1": {inputs: {on_time: 1234, total: 1240}}',
        '+  "2.1": {inputs: {on_time: 1234, total: 1240}, note: Số liệu đến 31/10}',
    ]
    text = result.edits[0].new.decode("utf-8")
    assert "# ghi chú của Văn phòng" in text and "# --- Thủ tục" in text


def test_evidence_rows_inserted_under_an_item_and_cleared_values_are_written(mini: Path) -> None:
    form = export(mini, "submissions/so-a.yaml", "f.xlsx")

    def change(ws: Any, col: dict[str, int], row: dict[str, int]) -> None:
        insert_rows(ws, row["1.1.1"] + 1)
        more = row["1.1.1"] + 1
        ws.cell(more, col["Số ký hiệu"]).value = "52/BC-SA"
        ws.cell(more, col["Ngày ban hành"]).value = "05/02/2026"
        ws.cell(more, col["Trích yếu"]).value = "Báo cáo bổ sung"
        ws.cell(row["1.1.1"], col["Cơ quan ban hành"]).value = None
        ws.cell(row["1.1.1"], col["Ghi chú của đơn vị"]).value = None

    fill(form, change)
    result = run_import(mini, "f.xlsx")
    assert lines(result) == []
    assert changed_lines(result, mini) == [
        "-      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026, issuer: UBND tỉnh}",
        "-    note: Đúng hạn   # ghi chú của Văn phòng",
        "+      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}",
        "+      - {ref: 52/BC-SA, date: 2026-02-05, title: Báo cáo bổ sung}",
    ]


def test_an_item_emptied_in_the_form_stays_as_a_self_to_fill(mini: Path) -> None:
    form = export(mini, "submissions/so-a.yaml", "f.xlsx")

    def change(ws: Any, col: dict[str, int], row: dict[str, int]) -> None:
        for key in ("Giá trị 1", "Giá trị 2"):
            ws.cell(row["2.1"], col[key]).value = None

    fill(form, change)
    result = run_import(mini, "f.xlsx")
    # on one line, the item goes; written as a block (as parcli init writes it), `self:` stays
    assert changed_lines(result, mini) == ['-  "2.1": {inputs: {on_time: 1234, total: 1240}}']
    form = export(mini, "submissions/so-a.yaml", "g.xlsx")
    for key in (
        "Điểm tự chấm",
        "Mức / Trả lời",
        "Số ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Cơ quan ban hành",
        "Ghi chú của đơn vị",
    ):
        fill(
            form,
            lambda s, col, row, key=key: setattr(s.cell(row["1.1.1"], col[key]), "value", None),
        )
    result = run_import(mini, "g.xlsx")
    assert lines(result) == []
    assert [line for line in changed_lines(result, mini) if line.startswith("+")] == ["+    self:"]


@pytest.mark.slow
def test_unit_forms_of_one_agency_merge_in_one_run(ws: Path) -> None:
    one = export(ws, "submissions/so-khcn.yaml", "vp.xlsx", owner="Văn phòng")
    two = export(ws, "submissions/so-khcn.yaml", "kh.xlsx", owner="Phòng Kế hoạch - Tài chính")
    fill(
        one,
        lambda s, col, row: setattr(
            s.cell(row["1.3.1"], col["Ghi chú của đơn vị"]), "value", "Đã kiểm tra đủ"
        ),
    )
    fill(
        two,
        lambda s, col, row: setattr(
            s.cell(row["6.1.2"], col["Ghi chú của đơn vị"]), "value", "Giải ngân 95%"
        ),
    )
    result = run_import(ws, "vp.xlsx", "kh.xlsx")
    assert lines(result) == []
    added = [line for line in changed_lines(result, ws) if line.startswith("+")]
    assert added == ["+    note: Đã kiểm tra đủ", "+    note: Giải ngân 95%"]


@pytest.mark.slow
def test_a_value_the_submission_changed_since_the_export_is_kept_when_the_form_left_it(
    ws: Path,
) -> None:
    export(ws, "submissions/so-y-te.yaml", "f.xlsx")
    path = ws / "submissions/so-y-te.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "inputs: {done: 38, planned: 42}", "inputs: {done: 40, planned: 42}"
        ),
        encoding="utf-8",
    )
    change = run_import(ws, "f.xlsx")
    assert (change.edits, lines(change)) == ((), [])


@pytest.mark.slow
def test_appraisers_decisions_for_a_folder_are_written_per_agency(ws: Path) -> None:
    form = export(ws, "submissions", "r1.xlsx", mode="round1")

    def khcn(s: Any, col: dict[str, int], row: dict[str, int]) -> None:
        s.cell(row["1.2"], col["Điểm thẩm định"]).value = None  # the decision withdrawn
        s.cell(row["1.2"], col["Nhận xét thẩm định"]).value = None
        s.cell(row["6.3"], col["Nhận xét thẩm định"]).value = "Đã cập nhật"

    def y_te(s: Any, col: dict[str, int], row: dict[str, int]) -> None:
        s.cell(row["1.1.1"], col["Điểm thẩm định"]).value = "0,5"
        s.cell(row["1.1.1"], col["Nhận xét thẩm định"]).value = "Ban hành chậm"
        s.cell(row["1.1.2"], col["Nhận xét thẩm định"]).value = "Thiếu điểm"

    fill(form, khcn, "Sở Khoa học và Công nghệ")
    fill(form, y_te, "Sở Y tế")
    result = run_import(ws, "r1.xlsx")
    assert lines(result) == [
        "r1.xlsx:'Sở Y tế'!K9: error: appraisal.round1.\"1.1.2\".score: mục 1.1.2 có nhận xét thẩm định nhưng chưa có điểm; hãy ghi điểm thẩm định (not-a-number)"
    ]
    fill(
        form,
        lambda s, col, row: setattr(s.cell(row["1.1.2"], col["Nhận xét thẩm định"]), "value", None),
        "Sở Y tế",
    )
    result = run_import(ws, "r1.xlsx")
    assert lines(result) == []
    assert changed_lines(result, ws) == [
        '-    "1.2":',
        "-      score: 0.75",
        "-      note: Báo cáo CCHC quý III (236/BC-SKHCN) gửi ngày 14/9/2026 nhưng Sở Nội vụ nhận ngày 16/9/2026 - quá hạn 15/9",
        "-      note: Chưa cập nhật đầy đủ dữ liệu 02 xe ô tô chuyên dùng vào Cơ sở dữ liệu quốc gia về tài sản công",
        "+      note: Đã cập nhật",
        "+appraisal:",
        "+  round1:",
        '+    "1.1.1": {score: 0.5, note: Ban hành chậm}',
    ]


# ---------------------------------------------------------------- workbooks as people send them


@pytest.mark.slow
def test_ids_excel_turned_into_numbers_dates_typed_as_text_and_decimal_commas_are_read(
    ws: Path,
) -> None:
    form = export(ws, "submissions/so-khcn.yaml", "f.xlsx")

    def retype(s: Any, col: dict[str, int], row: dict[str, int]) -> None:
        for item in ("1.2", "1.5", "1.10", "2.2.1"):
            s.cell(row[item], 1).value = float(item) if item.count(".") == 1 else item
        s.cell(
            row["1.10"], 1
        ).value = 1.1  # "1.10" became 1.1: its title tells it from criterion 1.1
        s.cell(row["1.5"], col["Giá trị 1"]).value = "2,0"
        s.cell(row["1.5"], col["Ngày ban hành"]).value = "26/8/2026"
        s.cell(row["1.2"], col["Giá trị 1"]).value = "0"

    fill(form, retype)
    result = run_import(ws, "f.xlsx")
    assert lines(result) == []
    assert changed_lines(result, ws) == []  # 2,0 is the 2 it was; 26/8/2026 the same day


def test_renamed_sheets_added_sheets_rows_columns_and_merged_titles_are_left_alone(
    mini: Path,
) -> None:
    form = export(mini, "submissions/so-a.yaml", "f.xlsx")
    book = load_workbook(form)
    ws = book[SHEET]
    rename_sheet(ws, "Biểu của Văn phòng")
    insert_cols(ws, 3)  # a column of the user's own, inside the table
    ws.cell(5, 3).value = "Ghi chú riêng"
    ws.cell(8, 3).value = "gọi lại anh Nam"
    ws.cell(8, 40).value = "ngoài bảng"
    ws.cell(60, 1).value = "Người lập biểu"
    ws.merge_cells("B7:D7")
    book.create_sheet("Nháp").append(["STT", "Điểm tự chấm"])
    book.save(form)
    change = run_import(mini, "f.xlsx")
    assert (change.edits, lines(change)) == ((), [])


def test_a_formula_typed_in_a_cell_counts_by_its_computed_value(mini: Path) -> None:
    form = export(mini, "submissions/so-a.yaml", "f.xlsx")

    def change(s: Any, col: dict[str, int], row: dict[str, int]) -> None:
        s.cell(row["1.1.2"], col["Giá trị 1"]).value = "=9*2"
        s.cell(row["1.1.2"], col["Giá trị 2"]).value = 20

    fill(form, change)
    # Excel and LibreOffice save the value they computed beside the formula; openpyxl does not
    with zipfile.ZipFile(form) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet], found = re.subn(
        rb"<f>9\*2</f><v\s*/>|<f>9\*2</f><v></v>", b"<f>9*2</f><v>18</v>", parts[sheet]
    )
    assert found == 1
    with zipfile.ZipFile(form, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    change_set = run_import(mini, "f.xlsx")
    assert lines(change_set) == []
    assert changed_lines(change_set, mini) == ['+  "1.1.2": {inputs: {done: 18, planned: 20}}']


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
@pytest.mark.slow
def test_forms_saved_again_by_libreoffice_import_as_they_were(ws: Path, tmp_path: Path) -> None:
    forms = [
        export(ws, f"submissions/{p.stem}.yaml", f"{p.stem}.xlsx")
        for p in sorted((ws / "submissions").glob("*.yaml"))
    ]
    forms.append(export(ws, "submissions", "r2.xlsx", mode="round2"))
    fill(forms[0], lambda s, col, row: setattr(s.cell(row["1.1.2"], col["Giá trị 1"]), "value", 43))
    saved = recalculate(forms, tmp_path / "lo", tmp_path / "profile")
    change = import_forms(saved, cwd=ws, today=TODAY)
    assert lines(change) == []
    assert changed_lines(change, ws) == [
        "-    inputs: {done: 42, planned: 46}",
        "+    inputs: {done: 43, planned: 46}",
    ]


def test_the_cli_imports_dry_runs_and_reports_as_json(mini: Path, cli: Callable[..., Run]) -> None:
    assert (
        cli("form", "export", "submissions/so-a.yaml", "--today", "2026-11-25", cwd=mini).code == 0
    )
    form = mini / "so-a-tu-danh-gia.xlsx"
    fill(
        form,
        lambda s, col, row: setattr(
            s.cell(row["1.1.1"], col["Ghi chú của đơn vị"]), "value", "Ban hành sớm"
        ),
    )
    dry = cli("form", "import", form.name, "--dry-run", cwd=mini)
    assert dry.code == 0 and "+    note: Ban hành sớm # ghi chú của Văn phòng" in dry.stdout
    assert cli("form", "import", form.name, cwd=mini).stderr == "Đã ghi submissions/so-a.yaml\n"
    fill(form, lambda s, col, row: setattr(s.cell(row["1.1.1"], col["Điểm tự chấm"]), "value", 5))
    bad = cli("form", "import", form.name, "--format", "json", cwd=mini)
    assert bad.code == 1 and '"cell": "\'Tự đánh giá\'!K8"' in bad.stdout
    assert cli("form", "import", "nope.xlsx", cwd=mini).code == 2
    assert cli("form", "import", "submissions/so-a.yaml", cwd=mini).code == 2
    assert cli("form", "export", "submissions/so-a.yaml", "-o", "x.csv", cwd=mini).code == 2
    assert cli("form", "export", "submissions/so-a.yaml", "--owner", "Ai đó", cwd=mini).code == 2
    assert (
        cli(
            "form",
            "export",
            "submissions/so-a.yaml",
            "--owner",
            "Văn phòng",
            "--appraisal",
            "round1",
            cwd=mini,
        ).code
        == 2
    )


@pytest.mark.slow
def test_values_on_rows_with_nothing_to_fill_and_ids_that_name_nothing_are_reported(
    ws: Path,
) -> None:
    form = export(ws, "submissions/so-khcn.yaml", "f.xlsx")

    def misplace(s: Any, col: dict[str, int], row: dict[str, int]) -> None:
        s.cell(row["1.1"], col["Ghi chú của đơn vị"]).value = "cho cả tiêu chí"  # a criterion
        s.cell(row["1.10"], col["Điểm tự chấm"]).value = 2  # a survey item
        s.cell(row["2.2.1"], 1).value = "2.2.9"  # no such item
        s.cell(row["1.5"], 1).value = 1.1  # "1.1" or "1.10"? the title says neither
        s.cell(row["1.5"], 2).value = "Sáng kiến (đã sửa tên)"

    fill(form, misplace)
    assert [
        line.split(": error: ")[0] + " " + line.rsplit(" ", 1)[1]
        for line in lines(run_import(ws, "f.xlsx"))
    ] == [
        "f.xlsx:'Tự đánh giá'!P7 (not-a-leaf)",
        "f.xlsx:'Tự đánh giá'!A23 (unknown-item)",  # and neither 1.5 nor its evidence row
        "f.xlsx:'Tự đánh giá'!K32 (self-on-survey)",  # is reported again
        "f.xlsx:'Tự đánh giá'!A41 (unknown-item)",
    ]


def test_a_form_whose_sheet_version_or_criteria_cannot_be_trusted_is_refused(mini: Path) -> None:
    form = export(mini, "submissions/so-a.yaml", "f.xlsx")
    book = load_workbook(form)
    book["parcli"]["B1"] = "parcli/form/9"
    book.save(mini / "future.xlsx")
    book = load_workbook(form)
    book["parcli"]["B2"] = "2031"
    book.save(mini / "other-set.xlsx")
    book = load_workbook(form)
    del book.defined_names["parcli_form_1"]
    book.save(mini / "no-name.xlsx")
    book = load_workbook(form)
    book.remove(book["Tự đánh giá"])
    book.save(mini / "no-sheet.xlsx")
    assert [
        line.rsplit(" ", 1)[1]
        for line in lines(
            run_import(mini, "future.xlsx", "other-set.xlsx", "no-name.xlsx", "no-sheet.xlsx")
        )
    ] == [
        "(form-version)",
        "(form-layout)",
        "(form-layout)",
        "(unknown-criteria)",
    ]


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    mode=st.sampled_from(["self", "round1", "round2"]),
)
def test_any_valid_submission_sent_back_untouched_changes_nothing(
    ws: Path, seed: int, mode: str
) -> None:
    from tests.form_fixtures import random_submission
    from tests.helpers import bundled_2026

    path = ws / "submissions" / "so-ngau-nhien.yaml"
    path.write_text(
        random_submission(bundled_2026(), seed=seed, agency="so-ngau-nhien"), encoding="utf-8"
    )
    export(ws, "submissions/so-ngau-nhien.yaml", "r.xlsx", mode=mode)
    change = run_import(ws, "r.xlsx")
    assert (change.edits, lines(change)) == ((), [])
