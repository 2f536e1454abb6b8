"""The package's edges: heavy libraries loaded only when needed, no printing, a quick start-up."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "parcli"

# Which module may import which library is import-linter's job (pyproject.toml); here:
# heavy libraries are imported only inside the functions that need them, so a command that
# does not need them starts quickly.
LAZY = {"docxtpl", "docx", "openpyxl", "matplotlib"}


def top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Try):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    names.add(inner.module.split(".")[0])
    return names


def test_heavy_libraries_are_imported_only_where_they_are_used() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 40  # every subpackage is scanned
    for path in modules:
        imported = top_level_imports(path)
        assert not imported & LAZY, f"{path} imports {imported & LAZY} at start-up"


@pytest.mark.slow
def test_the_core_never_prints() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"
        ]
        assert not calls, f"{path.name} calls print()"


@pytest.mark.slow
def test_help_does_not_load_the_pipeline() -> None:
    code = (
        "import sys; import parcli.cli; "
        "print(sorted(m for m in ('pydantic', 'rich', 'ruamel', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
