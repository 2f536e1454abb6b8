"""Templates: Markdown escaping, the sandbox, StrictUndefined, workspace overrides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.report.rendering import escape_markdown
from tests.conftest import Run, write
from tests.report_fixtures import AS_OF, make_workspace

Cli = Callable[..., Run]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Kế hoạch 34/KH-SKHCN", "Kế hoạch 34/KH-SKHCN"),
        ("a | b", "a \\| b"),
        ("dòng 1\ndòng 2\r\n\r\ndòng 3", "dòng 1<br>dòng 2<br>dòng 3"),
        ("# tiêu đề", "\\# tiêu đề"),
        ("- gạch đầu dòng", "\\- gạch đầu dòng"),
        ("+ cộng", "\\+ cộng"),
        ("> trích", "\\> trích"),
        ("=SUM(A1)", "\\=SUM(A1)"),
        ("---", "\\---"),
        ("1. Mục một", "1\\. Mục một"),
        ("12.5", "12.5"),
        ("-0.5", "-0.5"),
        ("*đậm* _nghiêng_ `mã` [liên kết]", "\\*đậm\\* \\_nghiêng\\_ \\`mã\\` \\[liên kết\\]"),
        ("<script>", "&lt;script>"),
        ("a\\b", "a\\\\b"),
        ("   thụt lề", "thụt lề"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_a_workspace_template_overrides_the_bundled_one_file_by_file(ws: Path, cli: Cli) -> None:
    write(
        ws / "templates" / "progress.md.j2",
        """
        {% include "_header.md.j2" %}

        Báo cáo nhanh: {{ agency.name }} — {{ total.points }}/{{ total.max }} điểm.
        """,
    )
    result = cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| UBND TỈNH BẮC NINH<br>**SỞ KHOA HỌC VÀ CÔNG NGHỆ** |")
    assert lines[-1] == "Báo cáo nhanh: Sở Khoa học và Công nghệ — 6,37/8 điểm."
    # the other reports still use the bundled templates
    sheet = cli("report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "# BẢNG CHẤM ĐIỂM" in sheet


def test_a_misspelt_name_stops_the_report_at_its_line(ws: Path, cli: Cli) -> None:
    write(ws / "templates" / "sheet.md.j2", "# {{ doc.title }}\n\nTổng: {{ total.pionts }}\n")
    result = cli("report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "templates/sheet.md.j2:3:1: error: mẫu báo cáo lỗi: 'dict object' has no attribute "
        "'pionts'; hãy sửa mẫu hoặc xóa nó để dùng mẫu có sẵn (template-error)\n"
        "Chưa lập báo cáo: hãy sửa các lỗi ở trên.\n"
    )


def test_a_template_syntax_error_is_located(ws: Path, cli: Cli) -> None:
    write(ws / "templates" / "ranking.md.j2", "# Xếp hạng\n\n{% for r in rows %}\n")
    result = cli("report", "ranking", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert result.stderr.startswith("templates/ranking.md.j2:3:1: error: mẫu báo cáo lỗi: ")
    assert "(template-error)" in result.stderr


def test_templates_run_in_a_sandbox(ws: Path, cli: Cli) -> None:
    write(ws / "templates" / "sheet.md.j2", "{{ doc.title.__class__.__mro__ }}\n")
    result = cli("report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert "access to attribute '__class__' of 'str' object is unsafe" in result.stderr


def test_a_word_template_error_is_reported_not_a_crash(ws: Path, cli: Cli) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ doc.titel }}")
    (ws / "templates").mkdir()
    doc.save(str(ws / "templates" / "sheet.docx"))
    result = cli(
        "report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "x.docx", cwd=ws
    )
    assert result.code == 1
    assert result.stderr.startswith(
        "templates/sheet.docx:1:1: error: mẫu báo cáo lỗi: 'dict object' has no attribute 'titel'"
    )
    assert not (ws / "x.docx").exists()


def test_a_word_template_that_is_not_a_docx_is_reported(ws: Path, cli: Cli) -> None:
    write(ws / "templates" / "progress.docx", "không phải tệp Word\n")
    result = cli(
        "report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "x.docx", cwd=ws
    )
    assert result.code == 1
    assert result.stderr.startswith(
        "templates/progress.docx:1:1: error: mẫu báo cáo lỗi: không mở được mẫu Word ("
    )
    assert not (ws / "x.docx").exists()
