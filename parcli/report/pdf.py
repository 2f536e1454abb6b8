"""Word → PDF with LibreOffice headless, when it is installed: the one edge to `soffice`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from parcli.errors import ParcliError, UsageError

TIMEOUT = 300  # seconds: a long report on a slow machine still fits
_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    return next((found for name in _NAMES if (found := shutil.which(name))), None)


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice makes of `docx`; a usage error when LibreOffice is missing."""
    soffice = find_soffice()
    if soffice is None:
        raise UsageError(
            "không tìm thấy LibreOffice (lệnh soffice) để chuyển sang PDF; hãy cài LibreOffice "
            "(xem docs/reports.md) hoặc xuất DOCX (-o bao-cao.docx) rồi lưu thành PDF bằng Word"
        )
    with tempfile.TemporaryDirectory(prefix="parcli-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        # A profile of its own: a LibreOffice the user has open does not block the conversion.
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                 "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                capture_output=True, timeout=TIMEOUT, check=False,
                env={**os.environ, "HOME": str(folder)},
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise ParcliError(
                f"LibreOffice chưa chuyển xong sang PDF sau {TIMEOUT} giây; hãy thử lại"
            ) from None
        target = folder / "report.pdf"
        if done.returncode != 0 or not target.is_file():
            raise ParcliError(
                "LibreOffice không chuyển được báo cáo sang PDF; hãy xuất DOCX (-o bao-cao.docx) "
                "và mở bằng Word hoặc LibreOffice để lưu thành PDF"
            )
        return target.read_bytes()
