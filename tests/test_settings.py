"""Report settings: parcli.yaml read with located problems, the agency's keys over the workspace's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from parcli.check.settings import Letterhead, Settings, Signer, read_settings
from parcli.report.letterhead import Header, date_line, initials, resolve_header
from tests.conftest import Run, write


def test_a_workspace_without_parcli_yaml_has_empty_settings(tmp_path: Path) -> None:
    assert read_settings(tmp_path, cwd=tmp_path) == (Settings(), [])


def test_an_empty_parcli_yaml_is_empty_settings(tmp_path: Path) -> None:
    write(tmp_path / "parcli.yaml", "# chưa thiết lập\n{}\n")
    assert read_settings(tmp_path, cwd=tmp_path) == (Settings(), [])


def test_settings_problems_carry_file_line_and_column(tmp_path: Path) -> None:
    write(tmp_path / "parcli.yaml", "place: Bắc Ninh\nrecipients: Lưu VT\nagencies:\n  Sở A: {}\n")
    settings, problems = read_settings(tmp_path, cwd=tmp_path)
    assert settings == Settings()
    assert [p.format_line() for p in problems] == [
        "parcli.yaml:2:13: error: recipients: ở đây cần một danh sách (mỗi phần tử một dòng `- …`), "
        "đang là “Lưu VT” (not-a-list)",
        'parcli.yaml:4:3: error: agencies."Sở A"."[key]": “Sở A” sai dạng; mã cơ quan viết thường, không '
        "dấu, nối bằng -, ví dụ so-khcn (bad-value)",
    ]


def test_the_agency_entry_overrides_the_workspace_keys() -> None:
    settings = Settings(
        place="Bắc Ninh",
        parent="UBND TỈNH BẮC NINH",
        name="SỞ NỘI VỤ",
        signer=Signer(title="GIÁM ĐỐC", name="Nguyễn Văn Bình"),
        agencies={
            "so-khcn": Letterhead(
                name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                symbol="/BC-SKHCN",
                signer=Signer(title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name="Dương Đại Lâm"),
            )
        },
    )
    assert resolve_header(settings, agency_id="so-khcn", agency_name="Sở KH&CN") == Header(
        parent="UBND TỈNH BẮC NINH",
        name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        symbol="BC-SKHCN",
        place="Bắc Ninh",
        signer_title=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        signer_name="Dương Đại Lâm",
        recipients=("Lưu: VT.",),
        abbreviation="SKHCN",
    )
    assert resolve_header(settings, agency_id="so-khcn").symbol_for("KH") == "KH-SKHCN"
    workspace = resolve_header(settings)
    assert (workspace.name, workspace.symbol, workspace.signer_title) == (
        "SỞ NỘI VỤ",
        "BC-SNV",
        ("GIÁM ĐỐC",),
    )


def test_the_workspace_letterhead_never_heads_another_agencys_report() -> None:
    settings = Settings(
        id="so-noi-vu",
        place="Bắc Ninh",
        parent="UBND TỈNH BẮC NINH",
        name="SỞ NỘI VỤ",
        symbol="BC-SNV",
        signer=Signer(title="GIÁM ĐỐC", name="Nguyễn Văn Bình"),
        recipients=["UBND tỉnh (b/c);"],
    )
    other = resolve_header(
        settings, agency_id="van-phong-ubnd-tinh", agency_name="Văn phòng UBND tỉnh"
    )
    assert other == Header(
        parent="UBND TỈNH BẮC NINH",
        name="VĂN PHÒNG UBND TỈNH",
        symbol="BC-VPUBND",
        place="Bắc Ninh",
        signer_title=("CHÁNH VĂN PHÒNG",),  # the head's title: the name is signed by hand
        signer_name="",
        recipients=("Lưu: VT.",),
        abbreviation="VPUBND",
    )
    own = resolve_header(settings, agency_id="so-noi-vu", agency_name="Sở Nội vụ")
    assert (own.name, own.symbol, own.signer_name) == ("SỞ NỘI VỤ", "BC-SNV", "Nguyễn Văn Bình")


def test_without_settings_the_header_comes_from_the_submission() -> None:
    header = resolve_header(Settings(), agency_id="so-gddt", agency_name="Sở Giáo dục và Đào tạo")
    assert (header.parent, header.name, header.symbol, header.place) == (
        "",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "BC-SGDĐT",
        "",
    )
    assert resolve_header(Settings()).symbol == ""


def test_initials_skip_va_and_keep_d_with_stroke() -> None:
    assert initials("Sở Khoa học và Công nghệ") == "SKHCN"
    assert initials("Sở Tư pháp") == "STP"
    assert initials("Sở Giáo dục và Đào tạo") == "SGDĐT"
    assert initials("Ủy ban Dân tộc") == "UBDT"
    assert initials("Văn phòng UBND tỉnh") == "VPUBND"  # an acronym stays whole
    assert initials("Ban Quản lý các khu công nghiệp") == "BQLKCN"
    assert initials("SỞ NỘI VỤ") == "SNV"


def test_the_symbol_can_be_set_per_agency_and_serves_every_kind_of_document() -> None:
    settings = Settings(agencies={"vp": Letterhead(abbreviation="VP")})
    header = resolve_header(settings, agency_id="vp", agency_name="Văn phòng UBND tỉnh")
    assert (header.symbol, header.symbol_for("KH")) == ("BC-VP", "KH-VP")
    assert resolve_header(Settings()).symbol_for("KH") == ""


def test_the_signer_title_defaults_to_the_head_of_the_agency() -> None:
    titles = {
        name: resolve_header(Settings(), agency_id="x", agency_name=name).signer_title
        for name in ("Sở Tư pháp", "Thanh tra tỉnh", "Ban Dân tộc", "Trường Chính trị")
    }
    assert titles == {
        "Sở Tư pháp": ("GIÁM ĐỐC",),
        "Thanh tra tỉnh": ("CHÁNH THANH TRA",),
        "Ban Dân tộc": ("TRƯỞNG BAN",),
        "Trường Chính trị": ("THỦ TRƯỞNG CƠ QUAN",),
    }


def test_date_line_pads_days_and_the_first_two_months() -> None:
    assert date_line("Bắc Ninh", dt.date(2026, 2, 5)) == "Bắc Ninh, ngày 05 tháng 02 năm 2026"
    assert date_line("Bắc Ninh", dt.date(2026, 3, 5)) == "Bắc Ninh, ngày 05 tháng 3 năm 2026"
    assert date_line("Hà Nội", dt.date(2026, 11, 25)) == "Hà Nội, ngày 25 tháng 11 năm 2026"
    assert date_line("", dt.date(2026, 12, 1)) == "Ngày 01 tháng 12 năm 2026"


def test_the_settings_example_in_the_docs_is_valid(tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "reports.md").read_text(encoding="utf-8")
    example = docs.split("## Settings: `parcli.yaml`")[1].split("```yaml\n")[1].split("```")[0]
    write(tmp_path / "parcli.yaml", example)
    settings, problems = read_settings(tmp_path, cwd=tmp_path)
    assert problems == []
    header = resolve_header(settings, agency_id="so-khcn", agency_name="Sở Khoa học và Công nghệ")
    assert header.recipients[-1] == "Lưu: VT, VP."
    assert header.signer_title == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_the_repository_settings_are_valid() -> None:
    root = Path(__file__).parent.parent
    settings, problems = read_settings(root, cwd=root)
    assert problems == []
    assert resolve_header(settings, agency_id="so-khcn").signer_name == "Dương Đại Lâm"


def test_a_settings_file_nested_beyond_reason_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # parcli.yaml is read for every report: 30,000 '[' there killed each one with SIGSEGV.
    write(tmp_path / "parcli.yaml", "name: " + "[" * 30000 + "\n")
    settings, problems = read_settings(tmp_path, cwd=tmp_path)
    assert settings == Settings()
    assert [(p.file, p.code) for p in problems] == [("parcli.yaml", "yaml-too-deep")]


def test_validate_checks_the_settings_file_it_finds_or_is_given(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    write(tmp_path / "submissions" / "x.yaml", "format: parcli/submission/1\n")
    write(tmp_path / "parcli.yaml", "place: Bắc Ninh\nsigner: {ten: A}\n")
    line = (
        "parcli.yaml:2:10: error: signer.ten: khóa `ten` không có trong định dạng. Các khóa "
        "dùng được ở đây: title, name. (unknown-key)\n"
    )
    assert line in cli("validate", cwd=tmp_path).stdout
    assert cli("validate", "parcli.yaml", cwd=tmp_path).stdout == line
    write(tmp_path / "other.yaml", "format: parcli/settings/1\nplace: 1\nname: [a]\n")
    assert "other.yaml:3:1: error: name: ở đây cần một đoạn văn bản" in (
        cli("validate", "other.yaml", cwd=tmp_path).stdout
    )


def test_a_peoples_committee_signs_and_numbers_as_nghi_dinh_30_says() -> None:
    """UBND xã, phường writes `Số: …/BC-UBND` (not BC-UBNDPBG) and, a collective body,
    signs TM. ỦY BAN NHÂN DÂN above CHỦ TỊCH; Văn phòng UBND tỉnh stays VP + UBND."""
    for name in ("UBND phường Bắc Giang", "Ủy ban nhân dân xã Tiên Du", "UBND xã Tuấn Đạo"):
        header = resolve_header(Settings(), agency_id="x", agency_name=name)
        assert (header.symbol, header.symbol_for("KH")) == ("BC-UBND", "KH-UBND"), name
        assert header.signer_title == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name
    office = resolve_header(Settings(), agency_id="vp", agency_name="Văn phòng UBND tỉnh")
    assert (office.symbol, office.signer_title) == ("BC-VPUBND", ("CHÁNH VĂN PHÒNG",))
    assert initials("Ủy ban Dân tộc") == "UBDT"  # not a People's Committee
