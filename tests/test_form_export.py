"""Exported forms opened as their users open them: what is filled in, what is protected and
checked, and every formula recalculated by LibreOffice against `parcli score --detail`."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from parcli import api
from parcli.edit.form_export import export_forms
from parcli.edit.forms import META_SHEET, fingerprint
from parcli.scoring import ScoreCard
from tests.conftest import REPO
from tests.form_fixtures import SOFFICE, form_rows, random_submission, recalculate
from tests.helpers import bundled_2026
from tests.test_form_import import copy_departments

TODAY = dt.date(2026, 11, 25)
TOTALS = ("Cộng điểm các mục", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Chỉ số (%)", "Xếp loại")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("bundled")
    copy_departments(ws)  # a folder's form uses one criteria set: the departments'
    shutil.copytree(REPO / "criteria", ws / "criteria")
    return ws


def export(ws: Path, *paths: str, mode: str = "self", owner: str | None = None) -> Path:
    result = export_forms([ws / p for p in paths], mode=mode, owner=owner, cwd=ws, today=TODAY)  # type: ignore[arg-type]
    assert result.problems == ()
    out = ws / result.name
    out.write_bytes(result.data)
    return out


def cards(ws: Path) -> dict[str, ScoreCard]:
    scores = api.score([ws / "submissions"], cwd=ws, today=TODAY, detail=True)
    return {r.card.agency_id: r.card for group in scores.groups for r in group.ranked}


@pytest.mark.slow
def test_a_self_form_holds_what_the_submission_has_and_locks_all_but_the_inputs(
    bundled: Path,
) -> None:
    book = load_workbook(export(bundled, "submissions/so-khcn.yaml"))
    assert book.sheetnames == ["Hướng dẫn", "Tự đánh giá", META_SHEET]
    assert book[META_SHEET].sheet_state == "veryHidden"
    assert book.active.title == "Tự đánh giá"
    ws = book["Tự đánh giá"]
    assert ws.protection.sheet and ws.protection.password is None
    assert ws.freeze_panes == "C6"
    header, rows, _ = form_rows(
        bundled / "so-khcn-tu-danh-gia.xlsx", "Tự đánh giá", data_only=False
    )
    row = rows["1.1.1"]
    assert row[header["Mức / Trả lời"]] == "Ban hành kịp thời, nội dung đầy đủ"
    assert row[header["Điểm tự chấm"]] == 1
    assert row[header["Số ký hiệu"]] == "34/KH-SKHCN"
    assert row[header["Ngày ban hành"]] == dt.datetime(2026, 1, 20)
    assert str(row[header["Điểm đạt"]]).startswith("=")
    cells = {
        c.column_letter: c
        for c in ws[next(r for r in range(6, 100) if ws.cell(r, 1).value == "1.1.1")]
    }
    unlocked = sorted(letter for letter, c in cells.items() if not c.protection.locked)
    assert unlocked == ["F", "K", "P", "Q", "R", "S", "T", "U", "V", "W"]
    meta = book[META_SHEET]
    assert (meta["B2"].value, meta["B3"].value) == ("2026", fingerprint(bundled_2026()))
    assert "parcli_form_1" in book.defined_names


@pytest.mark.slow
def test_a_score_off_the_scale_is_refused_as_it_is_typed(bundled: Path) -> None:
    ws = load_workbook(export(bundled, "submissions/so-khcn.yaml"))["Tự đánh giá"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    row = next(r for r in range(6, 100) if ws.cell(r, 1).value == "1.1.1")
    levels = rules[f"K{row}"]
    assert (levels.type, levels.formula1) == ("custom", f"OR(K{row}=1,K{row}=0.5,K{row}=0)")
    assert rules[f"F{row}"].type == "list"
    check = next(r for r in range(6, 100) if ws.cell(r, 1).value == "1.7.1")
    assert rules[f"F{check}"].formula1 == '"có,không"'


@pytest.mark.slow
def test_the_same_submission_gives_the_same_bytes(bundled: Path) -> None:
    first = export(bundled, "submissions/so-y-te.yaml").read_bytes()
    assert export(bundled, "submissions/so-y-te.yaml").read_bytes() == first


def test_a_unit_form_has_only_its_items(bundled: Path) -> None:
    path = export(bundled, "submissions/so-khcn.yaml", owner="phòng kế hoạch - tài chính")
    assert path.name == "so-khcn-tu-danh-gia-phong-ke-hoach-tai-chinh.xlsx"
    header, rows, _ = form_rows(path, "Tự đánh giá", data_only=False)
    owners = {
        row[header["Đơn vị chủ trì"]]
        for item, row in rows.items()
        if item.count(".") and row[header["Điểm đạt"]]
    }
    assert owners == {"Phòng Kế hoạch - Tài chính"}


@pytest.mark.slow
def test_an_appraisal_form_of_a_folder_has_a_sheet_per_agency(bundled: Path) -> None:
    path = export(bundled, "submissions", mode="round1")
    book = load_workbook(path)
    assert book.sheetnames[1:-1] == sorted(book.sheetnames[1:-1]) and len(book.sheetnames) == 8
    header, rows, _ = form_rows(path, "Sở Khoa học và Công nghệ", data_only=False)
    assert rows["1.2"][header["Điểm thẩm định"]] == 0.75
    assert "Báo cáo CCHC quý III" in rows["1.2"][header["Nhận xét thẩm định"]]


# ---------------------------------------------------------------- formulas, recalculated


def close(a: Any, b: Decimal | None) -> bool:
    if b is None:
        return a in (None, "")
    return isinstance(a, int | float) and abs(Decimal(str(a)) - b) < Decimal("1e-9")


def check_sheet(
    path: Path, sheet: str, card: ScoreCard, *, mode: str, owner: str | None = None
) -> int:
    """Every computed cell against parcli's own result; the number of cells compared."""
    header, rows, table = form_rows(path, sheet)
    points, compared = header["Điểm đạt"], 0
    leaves = {s.leaf.id: s for s in card.leaves}
    for item, row in rows.items():
        if item in leaves:
            score = leaves[item]
            assert close(row[points], score.final if score.counted else None), (
                sheet,
                item,
                row[points],
                score,
            )
            if mode == "self" and score.leaf.method == "self" and score.na is None:
                assert close(row[header["Điểm theo thang"]], score.computed), (sheet, item)
            compared += 2
    if owner is None:
        groups = {g.id: g for g in (*card.areas, *card.by_criterion)}
        for item, row in rows.items():
            if item in groups and item not in leaves:
                group = groups[item]
                assert close(row[points], group.points) and close(
                    row[header["Điểm tối đa"]], group.max
                ), (sheet, item)
                compared += 2
        totals = {
            r[1]: r
            for r in table
            if r[0] is None and isinstance(r[1], str) and r[1].startswith(TOTALS)
        }
        by_label = {label.split(" —")[0]: row for label, row in totals.items()}
        assert close(by_label["Cộng điểm các mục"][points], card.leaf_points)
        assert close(by_label["Cộng điểm các mục"][header["Điểm tối đa"]], card.max)
        assert close(by_label["Tổng điểm"][points], card.points)
        assert close(by_label["Chỉ số (%)"][points], card.index)
        assert by_label["Xếp loại"][points] == (card.class_name or None)
        assert ("tạm tính" in next(k for k in totals if k.startswith("Chỉ số"))) == card.provisional
        compared += 5
    else:
        unit = sum(
            (
                s.final
                for s in card.leaves
                if s.counted and s.final is not None and s.owner == owner
            ),
            Decimal(0),
        )
        total = next(r for r in table if r[1] == "Cộng điểm các mục của đơn vị")
        assert close(total[points], unit)
        compared += 1
    return compared


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
@pytest.mark.slow
def test_every_formula_recalculated_by_libreoffice_gives_parcli_s_result(
    bundled: Path, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(bundled / "submissions", ws / "submissions")
    shutil.copytree(bundled / "criteria", ws / "criteria")
    cs = bundled_2026()
    for seed in range(6):
        text = random_submission(cs, seed=seed, agency=f"so-r{seed}")
        (ws / "submissions" / f"so-r{seed}.yaml").write_text(text, encoding="utf-8")
    by_agency = cards(ws)
    assert len(by_agency) == 12
    forms: list[tuple[Path, str, str, str | None]] = []  # file, agency, mode, owner
    for agency in by_agency:
        forms.append((export(ws, f"submissions/{agency}.yaml"), agency, "self", None))
    owner = "Văn phòng"
    forms.append((export(ws, "submissions/so-khcn.yaml", owner=owner), "so-khcn", "self", owner))
    folder = {mode: export(ws, "submissions", mode=mode) for mode in ("round1", "round2")}
    recalculated = recalculate(
        [f for f, *_ in forms] + list(folder.values()), tmp_path / "lo", tmp_path / "profile"
    )
    compared = 0
    for path, (_, agency, mode, unit) in zip(recalculated, forms, strict=False):
        compared += check_sheet(path, "Tự đánh giá", by_agency[agency], mode=mode, owner=unit)
    for mode, path in zip(folder, recalculated[len(forms) :], strict=True):
        names = load_workbook(path, read_only=True).sheetnames[1:-1]
        for name, card in zip(
            names,
            sorted(by_agency.values(), key=lambda c: (c.agency_name, c.agency_id)),
            strict=True,
        ):
            compared += check_sheet(path, name, card, mode=mode)
    assert compared > 1500


def test_a_form_is_made_only_from_submissions_that_pass_validation(
    tmp_path: Path, cli: Any
) -> None:
    from tests.conftest import MINI_CRITERIA, write

    write(tmp_path / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(
        tmp_path / "submissions" / "so-a.yaml",
        'format: parcli/submission/1\ncriteria: mini\nagency: {id: so-a, name: Sở A}\nitems:\n  "1.1.1": {self: 3}\n',
    )
    bad = cli("form", "export", "submissions", cwd=tmp_path)
    assert bad.code == 1 and "(score-out-of-range)" in bad.stdout
    assert bad.stderr == "Không xuất biểu mẫu: hãy sửa các lỗi của hồ sơ ở trên rồi chạy lại.\n"
    assert not list(tmp_path.glob("*.xlsx"))
    (tmp_path / "empty").mkdir()
    nothing = cli("form", "export", "empty", cwd=tmp_path)
    assert nothing.code == 2 and "không có hồ sơ nào để xuất biểu mẫu" in nothing.stderr


def test_a_form_may_be_written_into_a_device_but_not_under_another_suffix(
    tmp_path: Path, cli: Any
) -> None:
    # `-o /dev/null` was refused as “not named .xlsx”; score and reports write into it.
    from tests.conftest import MINI_CRITERIA, write

    write(tmp_path / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(
        tmp_path / "submissions" / "so-a.yaml",
        'format: parcli/submission/1\ncriteria: mini\nagency: {id: so-a, name: Sở A}\nitems:\n  "2.1": {inputs: {on_time: 9, total: 10}}\n',
    )
    done = cli("form", "export", "submissions/so-a.yaml", "-o", "/dev/null", cwd=tmp_path)
    assert (done.code, done.stderr) == (0, "Đã ghi /dev/null\n")
    wrong = cli("form", "export", "submissions/so-a.yaml", "-o", "so-a.xls", cwd=tmp_path)
    assert wrong.code == 2 and "hãy đặt tên đuôi .xlsx" in wrong.stderr


def test_a_unit_is_found_however_its_name_is_spaced(tmp_path: Path, cli: Any) -> None:
    # “--owner '  văn  phòng '” (pasted, doubled space) was “no such unit”.
    from tests.conftest import MINI_CRITERIA, write

    write(tmp_path / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(
        tmp_path / "submissions" / "so-a.yaml",
        'format: parcli/submission/1\ncriteria: mini\nagency: {id: so-a, name: Sở A}\nitems:\n  "2.1": {inputs: {on_time: 9, total: 10}}\n',
    )
    done = cli("form", "export", "submissions/so-a.yaml", "--owner", "  văn  PHÒNG ", cwd=tmp_path)
    assert (done.code, done.stderr) == (0, "Đã ghi so-a-tu-danh-gia-van-phong.xlsx\n")


def test_sheet_names_are_ones_excel_accepts_and_file_names_have_no_diacritics() -> None:
    from parcli.edit.form_export import ascii_slug, sheet_titles

    long = "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh"
    titles = sheet_titles([long, long, "Sở: Tư pháp/[2]", "Hướng dẫn", "'"])
    assert titles == [long[:31], long[:27] + " (2)", "Sở  Tư pháp  2", "Hướng dẫn (2)", "Trang"]
    assert all(len(t) <= 31 for t in titles)
    assert ascii_slug("Phòng Kế hoạch - Tài chính") == "phong-ke-hoach-tai-chinh"
    assert ascii_slug("Đơn vị") == "don-vi" and ascii_slug("—") == "bieu-mau"


@pytest.mark.slow
def test_a_folder_of_two_groups_asks_for_the_files_of_one_set(bundled_copy: Path) -> None:
    from parcli.errors import UsageError

    with pytest.raises(UsageError) as refused:
        export_forms(
            [bundled_copy / "submissions"], mode="self", owner=None, cwd=bundled_copy, today=TODAY
        )
    assert str(refused.value).startswith(
        "các hồ sơ dùng nhiều bộ tiêu chí khác nhau (“2026”: submissions/so-khcn.yaml, "
        "submissions/so-noi-vu.yaml …; “2026-xa”: submissions/phuong-bac-giang.yaml, "
    )
