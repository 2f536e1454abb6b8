"""`-o report.pdf`: any report through LibreOffice, read back with a PDF library."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import Run, run_subprocess
from tests.report_fixtures import AS_OF, make_workspace

Cli = Callable[..., Run]
soffice = shutil.which("soffice") or shutil.which("libreoffice")


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.skipif(soffice is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.slow
@pytest.mark.parametrize(
    ("report", "args", "pages", "words"),
    [
        ("progress", ["submissions/so-a.yaml"], (2, 4), ["BÁO CÁO", "79,63%", "Nơi nhận"]),
        ("plan", ["submissions/so-a.yaml"], (1, 3), ["KẾ HOẠCH", "NHIỆM VỤ, GIẢI PHÁP"]),
        ("sheet", ["submissions/so-a.yaml"], (1, 2), ["BẢNG CHẤM ĐIỂM", "4,8700"]),
        ("ranking", [], (1, 2), ["KẾT QUẢ XẾP HẠNG", "96,00", "Nơi nhận"]),
    ],
)
def test_every_report_becomes_a_pdf_with_its_text_on_a_few_pages(
    tmp_path: Path, report: str, args: list[str], pages: tuple[int, int], words: list[str]
) -> None:
    ws = make_workspace(tmp_path / "ws")
    done = run_subprocess("report", report, *args, "--as-of", AS_OF, "-o", "r.pdf", cwd=ws)
    assert done.code == 0, done.stderr
    count, text = pdf_text(ws / "r.pdf")
    assert pages[0] <= count <= pages[1]
    for word in words:
        assert word in text


@pytest.mark.slow
def test_without_libreoffice_a_pdf_is_a_usage_error_in_vietnamese(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    done = run_subprocess(
        "report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "r.pdf",
        cwd=ws, env={"PATH": str(tmp_path / "empty")},
    )  # fmt: skip
    assert done.code == 2
    assert done.stderr.startswith("parcli: không tìm thấy LibreOffice (lệnh soffice)")
    assert not (ws / "r.pdf").exists()


def test_a_conversion_libreoffice_cannot_do_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    from parcli.errors import ParcliError
    from parcli.report import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: shutil.which("false"))
    with pytest.raises(ParcliError, match="LibreOffice không chuyển được báo cáo sang PDF"):
        pdf.docx_to_pdf(b"not a docx")
