"""The bundled Word templates: rebuilt by their script, and readable by LibreOffice."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, Run
from tests.report_fixtures import AS_OF, make_workspace

TEMPLATES = REPO / "templates"
NAMES = ("progress.docx", "sheet.docx", "ranking.docx")


def build_script() -> ModuleType:
    path = REPO / "scripts" / "build_docx_templates.py"
    spec = importlib.util.spec_from_file_location("build_docx_templates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_committed_templates_are_what_the_script_builds(tmp_path: Path) -> None:
    """Edit scripts/build_docx_templates.py, then run it: the .docx files follow."""
    build_script().build(tmp_path)
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (TEMPLATES / name).read_bytes(), (
            f"templates/{name} is stale: run python scripts/build_docx_templates.py"
        )


def test_templates_declare_a4_times_new_roman_and_decree_30_margins() -> None:
    from docx import Document

    for name in NAMES:
        doc = Document(str(TEMPLATES / name))
        section = doc.sections[0]
        short, long = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert (short, long) == (210, 297)
        margins = (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
        assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
        for style in ("Normal", "Body Text", "Table Text", "Heading 1", "Document Title"):
            font = doc.styles[style].font
            assert (font.name, 13 <= font.size.pt <= 14) == ("Times New Roman", True), (name, style)
        # No line left alone at a page's top or foot ("quả)" of a split row, a paragraph's
        # last line): OOXML turns widow control off where no style turns it on.
        assert doc.styles["Normal"].paragraph_format.widow_control is True, name


soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    soffice is None, reason="LibreOffice (soffice) is not installed; see docs/reports.md"
)
@pytest.mark.slow
def test_libreoffice_converts_every_report_to_pdf(tmp_path: Path, cli: Callable[..., Run]) -> None:
    ws = make_workspace(tmp_path / "ws")
    for report, args in (
        ("progress", ["submissions/so-a.yaml"]),
        ("sheet", ["submissions/so-a.yaml"]),
        ("ranking", []),
    ):
        result = cli("report", report, *args, "--as-of", AS_OF, "-o", f"{report}.docx", cwd=ws)
        assert result.code == 0, result.stderr
    assert soffice is not None
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         *(str(ws / f"{r}.docx") for r in ("progress", "sheet", "ranking"))],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for report in ("progress", "sheet", "ranking"):
        pdf = (tmp_path / "pdf" / f"{report}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.slow
def test_an_installed_wheel_finds_the_bundled_templates(tmp_path: Path) -> None:
    import os
    import sys
    import zipfile

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(REPO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("parcli-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    ws = make_workspace(tmp_path / "ws", settings=False)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    for out in ("bd.md", "bd.docx"):
        done = subprocess.run(
            [sys.executable, "-m", "parcli", "report", "sheet", "submissions/so-a.yaml",
             "--as-of", AS_OF, "-o", out],
            cwd=ws, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert "# BẢNG CHẤM ĐIỂM" in (ws / "bd.md").read_text(encoding="utf-8")
