"""Year against year in documents: the progress report's "So với năm trước", its JSON twin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from parcli.report.comparison import rank_text
from tests.conftest import Run

CLI = Callable[..., Run]
AS_OF = ("--as-of", "2026-11-25")


@pytest.fixture
def ws(bundled_copy: Path) -> Path:
    return bundled_copy


def section(text: str) -> str:
    start = text.index(". SO VỚI NĂM TRƯỚC")
    return text[start : text.index("\n\n", text.index("Điểm ghi dạng", start))]


@pytest.mark.slow
def test_the_progress_report_compares_with_last_years_archived_submission(
    ws: Path, cli: CLI
) -> None:
    out = cli("report", "progress", "submissions/so-tai-chinh.yaml", *AS_OF, cwd=ws).stdout
    text = section(out)
    assert "So với năm 2025:" in text and "archive/" not in text  # no workspace path in prose
    assert "| Chỉ số (%) | 83,21 | 88,11 | +4,90 |" in text  # the documents' notation
    assert "| Xếp hạng | 5/6 | 3/6 | tăng 2 bậc |" in text
    assert (
        "| 7.3.2 | Xây dựng, cập nhật, kết nối cơ sở dữ liệu chuyên ngành | 1,0000/2 | 1,0000/2 | "
        "Trung tâm Tin học và Dịch vụ tài chính công |"
    ) in text  # lost both years, same cause
    assert "- Mục năm 2025 không còn chấm: 2.2.2 Hệ thống hóa VBQPPL; 3.2.2 " in text


@pytest.mark.slow
def test_without_last_years_submission_the_section_is_left_out(ws: Path, cli: CLI) -> None:
    out = cli("report", "progress", "submissions/xa-tien-du.yaml", *AS_OF, cwd=ws).stdout
    assert "SO VỚI NĂM TRƯỚC" not in out and "TỒN TẠI, HẠN CHẾ" in out


def test_last_years_file_with_errors_is_said_not_hidden(ws: Path, cli: CLI) -> None:
    path = ws / "archive" / "2025" / "so-y-te.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("self: 1\n", "self: 9\n", 1), "utf-8")
    result = cli("report", "progress", "submissions/so-y-te.yaml", *AS_OF, cwd=ws)
    assert result.code == 0
    assert (
        "## II. SO VỚI NĂM TRƯỚC\n\nChưa so sánh được với năm 2025: hồ sơ năm trước "
        "archive/2025/so-y-te.yaml có lỗi nên chưa so sánh được; hãy chạy parcli validate "
        "archive/2025/so-y-te.yaml."
    ) in result.stdout


@pytest.mark.slow
def test_a_mapping_with_errors_is_said_in_the_report(ws: Path, cli: CLI) -> None:
    path = ws / "criteria" / "2026.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('was: "2.2.3"', 'was: "2.2.4"'), "utf-8"
    )
    out = cli("report", "progress", "submissions/so-khcn.yaml", *AS_OF, cwd=ws).stdout
    assert (
        "Chưa so sánh được với năm 2025: các khóa was:/dropped: của bộ tiêu chí năm nay không "
        "khớp bộ “2025”; hãy chạy parcli validate criteria/."
    ) in out


@pytest.mark.slow
def test_the_word_report_has_the_section_too(ws: Path, cli: CLI) -> None:
    result = cli("report", "progress", "submissions/so-khcn.yaml", *AS_OF, "-o", "bc.docx", cwd=ws)
    assert result.code == 0, result.stderr
    doc = Document(str(ws / "bc.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "IV. SO VỚI NĂM TRƯỚC" in texts  # after the plan, the scores, the points at stake
    totals = next(t for t in doc.tables if t.rows[0].cells[1].text == "Năm 2025")
    assert [c.text for c in totals.rows[2].cells] == ["Chỉ số (%)", "84,39", "88,11", "+3,72"]
    lost = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Đơn vị" and len(t.rows) == 20)
    assert lost.rows[7].cells[0].text == "3.3.1 (năm 2025: 3.3)"


def test_a_rank_change_is_said_in_places() -> None:
    assert [rank_text(n) for n in (2, -1, 0, None)] == [
        "tăng 2 bậc",
        "giảm 1 bậc",
        "giữ nguyên",
        "",
    ]
