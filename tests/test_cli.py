"""The command line: real runs, whole messages, exit codes and machine formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, run_subprocess, write

GOOD = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}
  "1.1.2": {inputs: {done: 18, planned: 20}, self: 1}
  "2.1": {inputs: {on_time: 1234, total: 1240}}
survey: {"1.2": 1.5}
"""

OTHER = """
format: parcli/submission/1
criteria: mini
agency: {id: so-b, name: Sở B}
items:
  "1.1.1": {self: 1, evidence: [{title: Kế hoạch, ref: 1/KH-SB}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
  "2.1": {na: Sở không có thủ tục hành chính}
"""

CLI = Callable[..., Run]


@pytest.fixture
def ws(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", GOOD)
    write(mini_workspace / "submissions" / "so-b.yaml", OTHER)
    return mini_workspace


def test_validate_without_arguments_checks_the_workspace_and_exits_0(ws: Path, cli: CLI) -> None:
    result = cli("validate", cwd=ws)
    assert (result.code, result.stdout) == (0, "")
    assert result.stderr == "3 tệp đã kiểm tra: 0 lỗi, 0 cảnh báo\n"


def test_validate_finds_the_workspace_from_a_subfolder(ws: Path, cli: CLI) -> None:
    result = cli("validate", cwd=ws / "submissions")
    assert result.code == 0
    assert result.stderr.startswith("3 tệp")


def test_validate_exits_1_and_prints_every_problem(ws: Path, cli: CLI) -> None:
    write(
        ws / "submissions" / "so-a.yaml",
        GOOD.replace("self: 1}", "self: 2}").replace("1.5}", "2.5}"),
    )
    result = cli("validate", "submissions/so-a.yaml", cwd=ws)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        'submissions/so-a.yaml:10:52: error: items."1.1.2".self: điểm tự chấm 2 cao hơn điểm tính '
        "theo thang điểm (Tỷ lệ nhiệm vụ hoàn thành 18/20 = 90% (từ 80%) → 1); hãy sửa thành self: 1 hoặc kiểm "
        "tra lại số liệu (score-above-computed)",
        'submissions/so-a.yaml:12:17: error: survey."1.2": điểm điều tra 2.5 vượt điểm tối đa 2 '
        "của mục 1.2 (score-out-of-range)",
    ]


def test_validate_json_and_github_formats(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a.yaml", GOOD.replace("self: 1}", "self: 2}"))
    payload = json.loads(cli("validate", "--format", "json", cwd=ws).stdout)
    assert payload["errors"] == 1
    assert payload["problems"][0] | {"message": ""} == {
        "file": "submissions/so-a.yaml",
        "line": 10,
        "col": 52,
        "sheet": None,
        "cell": None,
        "severity": "error",
        "path": 'items."1.1.2".self',
        "code": "score-above-computed",
        "message": "",
    }
    github = cli("validate", "--format", "github", cwd=ws).stdout
    assert github.startswith(
        "::error file=submissions/so-a.yaml,line=10,col=52,title=score-above-computed::"
        'items."1.1.2".self: điểm tự chấm 2'
    )


def test_a_path_that_does_not_exist_is_a_usage_error(ws: Path, cli: CLI) -> None:
    result = cli("validate", "submissions/nope.yaml", cwd=ws)
    assert result.code == 2
    assert result.stderr == "parcli: không tìm thấy submissions/nope.yaml; hãy kiểm tra đường dẫn\n"


def test_an_unknown_option_is_a_usage_error(ws: Path, cli: CLI) -> None:
    assert cli("validate", "--fromat", "json", cwd=ws).code == 2


def test_outside_a_workspace_validate_says_where_it_looked(tmp_path: Path, cli: CLI) -> None:
    result = cli("validate", cwd=tmp_path)
    assert result.code == 2
    assert "không thấy thư mục criteria/ hoặc submissions/" in result.stderr


def test_an_internal_error_exits_3_without_a_traceback(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parcli.api

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(parcli.api, "validate", boom)
    result = cli("validate", cwd=ws)
    assert result.code == 3
    assert "lỗi nội bộ" in result.stderr
    assert "RuntimeError: hỏng" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_interrupt_exits_130(ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    import parcli.api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(parcli.api, "score", interrupted)
    assert cli("score", cwd=ws).code == 130


def test_score_prints_the_ranking_table(ws: Path, cli: CLI) -> None:
    result = cli("score", cwd=ws)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("Sở B" in line and "100.00*" in line and "Tốt" in line for line in lines)
    assert any("Sở A" in line and "84.76" in line and "Khá" in line for line in lines)
    assert "* tạm tính" in result.stdout


def test_score_by_area_shows_one_column_per_area(ws: Path, cli: CLI) -> None:
    result = cli("score", "--by", "area", cwd=ws)
    assert "LV1" in result.stdout and "LV2" in result.stdout
    row_b = next(line for line in result.stdout.splitlines() if "Sở B" in line)
    assert "—" in row_b  # area 2 is not applicable for Sở B: no percentage, not 0 %


def test_score_json_has_every_number_as_an_exact_decimal_string(ws: Path, cli: CLI) -> None:
    payload = json.loads(cli("score", "--format", "json", cwd=ws).stdout)
    (group,) = payload["groups"]
    assert (group["group"], group["criteria"], group["year"]) == (None, "mini", 2026)
    assert group["average"] == "92.38"  # of the indices as published: (84.76 + 100) ÷ 2
    a = next(agency for agency in group["agencies"] if agency["id"] == "so-a")
    assert a["points"] == "8.475806451612903225806451613"
    assert Decimal(a["index"]) == Decimal(a["points"]) * 10
    assert (a["max"], a["rank"], a["class"], a["provisional"]) == ("10", 2, "Khá", False)
    assert a["areas"][0] == {"id": "1", "points": "3.5", "max": "5", "index": "70"}
    b = next(agency for agency in group["agencies"] if agency["id"] == "so-b")
    assert (b["rank"], b["provisional"], b["areas"][1]["index"]) == (1, True, None)


def test_score_detail_lists_every_leaf(ws: Path, cli: CLI) -> None:
    result = cli("score", "submissions/so-a.yaml", "--detail", cwd=ws)
    assert result.code == 0
    for text in ("Bảng chấm điểm — Sở A", "1.1.1", "1.1.2", "1.2", "2.1", "4.9758", "84.76"):
        assert text in result.stdout
    payload = json.loads(
        cli("score", "submissions/so-a.yaml", "--detail", "-f", "json", cwd=ws).stdout
    )
    items = {item["id"]: item for item in payload["groups"][0]["agencies"][0]["items"]}
    assert items["2.1"]["computed"] == "4.975806451612903225806451613"
    assert items["1.2"] | {} == items["1.2"] and items["1.2"]["survey"] == "1.5"


def test_score_csv_opens_in_excel_and_xlsx_needs_an_output_file(ws: Path, cli: CLI) -> None:
    csv_text = cli("score", "--format", "csv", cwd=ws).stdout
    assert csv_text.startswith(
        "\ufeffgroup,criteria,rank,id,name,points,max,index,class,provisional,area_1_points"
    )
    assert "\r\n,mini,1,so-b,Sở B,3,3,100,Tốt,có," in csv_text  # provisional: self part only
    result = cli("score", "--format", "xlsx", cwd=ws)
    assert (result.code, result.stderr) == (2, "parcli: định dạng xlsx cần --output <tệp.xlsx>\n")


def test_score_xlsx_is_a_real_workbook_with_exact_numbers(ws: Path, cli: CLI) -> None:
    from openpyxl import load_workbook

    result = cli("score", "--format", "xlsx", "-o", "out/xep-hang.xlsx", cwd=ws)
    assert result.code == 0
    sheet = load_workbook(ws / "out" / "xep-hang.xlsx").active
    assert [c.value for c in sheet[1]][:6] == ["group", "criteria", "rank", "id", "name", "points"]
    assert [c.value for c in sheet[2]][1:5] == ["mini", 1, "so-b", "Sở B"]
    assert sheet.freeze_panes == "A2"
    assert sheet["F3"].number_format == "0.00"


def test_score_leaves_invalid_files_out_and_exits_1(ws: Path, cli: CLI) -> None:
    write(ws / "submissions" / "so-a.yaml", GOOD.replace("self: 1}", "self: 2}"))
    result = cli("score", cwd=ws)
    assert result.code == 1
    assert "score-above-computed" in result.stderr
    assert "không được tính vào bảng xếp hạng" in result.stderr
    assert "Sở B" in result.stdout and "Sở A" not in result.stdout


@pytest.mark.slow
def test_a_real_process_runs_and_returns_its_exit_code(ws: Path) -> None:
    write(ws / "submissions" / "so-c.yaml", "format: parcli/submission/1\nitems: [\n")
    result = run_subprocess("validate", cwd=ws)
    assert result.code == 1
    assert result.stdout.startswith("submissions/so-c.yaml:3:1: error: YAML không hợp lệ")
    assert "Traceback" not in result.stderr
    help_run = run_subprocess("--help", cwd=ws)
    assert help_run.code == 0 and "validate" in help_run.stdout and "score" in help_run.stdout


def test_another_province_set_with_eight_areas_and_no_survey_needs_no_code_change(
    tmp_path: Path, cli: CLI
) -> None:
    areas = "".join(
        f"""
  - id: "{a}"
    title: Lĩnh vực {a}
    criteria:
      - {{id: "{a}.1", title: Tiêu chí {a}.1, max: 5, text: "Có: 5", rule: {{check: "Có thực hiện?"}}}}
      - {{id: "{a}.2", title: Tiêu chí {a}.2, max: 2.5, text: "Tỷ lệ × 2,5", rule: {{ratio_of: [a, b]}}, na: allowed}}
"""
        for a in range(1, 9)
    )
    write(
        tmp_path / "criteria" / "hn.yaml",
        """
format: parcli/criteria/1
id: hn-2024
title: Bộ tiêu chí khác
period: {start: 2024-01-01, end: 2024-12-31}
scale: {total: 60, self: 60, survey: 0}
expect: {areas: 8, criteria: 16, sub_criteria: 0}
classes: [{name: Xuất sắc, min: 95}, {name: Đạt, min: 50}, {name: Chưa đạt, min: 0}]
areas:"""
        + areas,
    )
    items = "".join(
        f'  "{a}.1": {{answer: có}}\n  "{a}.2": {{inputs: {{a: 9, b: 10}}}}\n' for a in range(1, 8)
    )
    write(
        tmp_path / "submissions" / "x.yaml",
        "format: parcli/submission/1\ncriteria: hn-2024\nagency: {id: x, name: Sở X}\nitems:\n"
        + items
        + '  "8.1": {answer: không}\n  "8.2": {na: Không phát sinh}\n',
    )
    assert cli("validate", cwd=tmp_path).code == 0
    payload = json.loads(cli("score", "--format", "json", cwd=tmp_path).stdout)
    ((agency,),) = [group["agencies"] for group in payload["groups"]]
    # 7 areas × (5 + 2.25) + 0 for 8.1; 8.2 not applicable: max 60 − 2.5
    assert (agency["points"], agency["max"], agency["provisional"]) == ("50.75", "57.5", False)
    assert (agency["class"], len(agency["areas"])) == ("Đạt", 8)
    assert agency["areas"][7] == {"id": "8", "points": "0", "max": "5", "index": "0"}


def test_usage_errors_are_said_in_vietnamese_with_exit_2(ws: Path, cli: CLI) -> None:
    result = cli("score", "--by", "lv", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: lệnh chưa đúng: giá trị không hợp lệ cho --by: “lv” không phải một trong: area\n"
        "Xem hướng dẫn: parcli score --help\n",
    )
    assert cli("score", "--format", "nope", cwd=ws).stderr.startswith(
        "parcli: lệnh chưa đúng: giá trị không hợp lệ cho --format / -f: “nope” không phải "
        "một trong: table, json, csv, xlsx\n"
    )
    assert cli("validate", "--jobs", "abc", cwd=ws).stderr.startswith(
        "parcli: lệnh chưa đúng: giá trị không hợp lệ cho --jobs / -j: cần một số nguyên\n"
    )
    assert cli("scroe", cwd=ws).stderr.startswith(
        "parcli: lệnh chưa đúng: không có lệnh “scroe”; có phải ý bạn là “score”?\n"
    )
    assert cli(cwd=ws).code == 0  # no arguments: the help


def test_an_output_onto_a_file_the_run_reads_is_refused(ws: Path, cli: CLI) -> None:
    # `-o` naming a submission or the criteria set replaced it with the report.
    (ws / "out.txt").symlink_to(ws / "submissions" / "so-a.yaml")
    (ws / "bang.md").symlink_to(ws / "criteria" / "mini.yaml")
    for args in (("score", "-o", "out.txt"), ("report", "sheet", "submissions/so-b.yaml",
                                                "-o", "bang.md")):  # fmt: skip
        result = cli(*args, cwd=ws)
        assert result.code == 2, result.stderr
        assert "là tệp lệnh này vừa đọc vào; ghi đè sẽ làm mất nó" in result.stderr
    assert (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8") == GOOD.lstrip("\n")
    assert "format: parcli/criteria/1" in (ws / "criteria" / "mini.yaml").read_text()


def test_an_output_onto_an_evidence_file_the_run_looked_at_is_refused(ws: Path, cli: CLI) -> None:
    # `report sheet … -o` naming a document the submission cites replaced the document.
    for name in ("kh.md", "kh.json"):
        write(ws / "evidence" / name, "bản gốc\n")
    cited = GOOD.replace(
        "title: Kế hoạch CCHC năm 2026}",
        "title: Kế hoạch CCHC năm 2026, file: ../evidence/kh.md}\n      - {title: Số liệu, file: ../evidence/kh.json}",
    )
    write(ws / "submissions" / "so-a.yaml", cited)
    runs = (
        ("report", "sheet", "submissions/so-a.yaml", "-o", "evidence/kh.md"),
        ("score", "--format", "json", "-o", "evidence/kh.json"),  # checked anew
        ("score", "--format", "json", "-o", "evidence/kh.json"),  # read back from the cache
    )
    for args in runs:
        result = cli(*args, cwd=ws)
        assert result.code == 2, result.stderr
        assert "là tệp lệnh này vừa đọc vào; ghi đè sẽ làm mất nó" in result.stderr
    for name in ("kh.md", "kh.json"):
        assert (ws / "evidence" / name).read_text(encoding="utf-8") == "bản gốc\n"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="POSIX devices")
def test_an_output_to_dev_null_leaves_the_device_a_device(ws: Path, cli: CLI) -> None:
    import stat

    for args in (("score", "-o", "/dev/null"), ("report", "ranking", "-o", "/dev/null")):
        result = cli(*args, cwd=ws)
        assert result.code == 0, result.stderr
        assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert not Path("/dev/null-xep-hang.png").exists()  # no chart "beside" a device


def test_bad_output_targets_are_usage_errors_said_in_vietnamese(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each was exit 3, "a bug in parcli", with English strerror text.
    (ws / "schemas").write_text("một tệp, không phải thư mục")
    expected = {
        ("score", "-o", "submissions"): "parcli: không ghi được submissions: là thư mục, không "
        "phải tệp; hãy ghi tên một tệp\n",
        ("score", "-o", ""): "parcli: không ghi được .: là thư mục, không phải tệp; hãy ghi tên "
        "một tệp\n",
        ("schema",): f"parcli: không ghi được {ws / 'schemas' / 'criteria.schema.json'}: một "
        "phần của đường dẫn không phải thư mục\n",
    }
    for args, message in expected.items():
        result = cli(*args, cwd=ws)
        assert (result.code, result.stderr) == (2, message), args
    import tempfile

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = cli("score", "-o", "kq/bang.txt", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        f"parcli: không ghi được {Path('kq/bang.txt')}: không có quyền truy cập; chưa ghi tệp "
        "nào\n",
    )


def test_an_output_whose_suffix_names_another_format_is_refused(ws: Path, cli: CLI) -> None:
    result = cli("score", "-o", "x.xlsx", "--format", "json", cwd=ws)
    assert (result.code, result.stderr) == (
        2,
        "parcli: --output x.xlsx: tệp đuôi .xlsx nhưng nội dung ghi ra là json; hãy đặt tên "
        "tệp đuôi .json, hoặc chọn --format khớp với đuôi tệp\n",
    )
    for args in (("score", "-o", "x.yaml"), ("report", "ranking", "-o", "x.json")):
        assert cli(*args, cwd=ws).code == 2, args
    assert not any(p.suffix in (".xlsx", ".json") for p in ws.iterdir())
    result = cli("score", "-o", "x.xlsx", cwd=ws)  # the suffix says which format
    assert result.code == 0, result.stderr
    assert (ws / "x.xlsx").read_bytes().startswith(b"PK")


def deny_reading(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Root reads everything, so permission to read `denied` is taken away by hand."""
    import errno
    import os

    real_open, real_access = os.open, os.access

    def is_denied(path: object) -> bool:
        return Path(os.fspath(path)).absolute() == denied  # type: ignore[arg-type]

    def fake_open(path: object, *args: object, **kwargs: object) -> int:
        if is_denied(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def fake_access(path: object, *args: object, **kwargs: object) -> bool:
        return False if is_denied(path) else real_access(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "access", fake_access)


@pytest.mark.parametrize(
    "command",
    [("validate",), ("score",), ("plan",), ("tasks",), ("report", "sheet"), ("report", "ranking")],
)
def test_an_unreadable_file_named_on_the_command_line_is_a_located_problem(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    # Click refused it first, in English, as a usage error (exit 2): "path … is not readable".
    deny_reading(monkeypatch, ws / "submissions" / "so-a.yaml")
    result = cli(*command, "submissions/so-a.yaml", cwd=ws)
    assert result.code == 1
    assert (
        "submissions/so-a.yaml:1:1: error: không đọc được: không có quyền truy cập; hãy thay "
        "bằng tệp YAML thật hoặc xóa nó (file-unreadable)"
    ) in result.stdout + result.stderr


def test_no_path_argument_is_refused_by_click_before_parcli_reads_it() -> None:
    # parcli says why a path cannot be read, where it is, in Vietnamese; Click's own
    # readability check would answer first, in English, with exit 2.
    import typer

    from parcli.cli.app import app

    def params(command: Any) -> list[Any]:
        found = list(command.params)
        for sub in getattr(command, "commands", {}).values():
            found += params(sub)
        return found

    paths = [
        p
        for p in params(typer.main.get_command(app))
        if "Path" in str(p.type_descriptor.annotation)
    ]
    assert len(paths) > 10
    assert [p.name for p in paths if p.type_descriptor.parameter_info.readable] == []


def test_a_period_of_no_length_is_refused(ws: Path, cli: CLI) -> None:
    # end == start passed although the message has always said the end comes after the start
    path = ws / "criteria" / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    write(path, text.replace("end: 2026-12-31", "end: 2026-01-01", 1))
    result = cli("validate", "criteria/", cwd=ws)
    assert result.code == 1
    assert (
        "period.end: ngày kết thúc kỳ đánh giá phải sau ngày bắt đầu (bad-value)" in result.stdout
    )
