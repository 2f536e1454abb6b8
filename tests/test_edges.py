"""The package's edges: which module may import which library, and a quick start-up."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "parcli"

# library → modules allowed to import it at module level
OWNERS = {
    "typer": {"cli", "cli_common", "cli_report", "cli_git"},
    "click": {"cli", "cli_common", "cli_report", "cli_git"},
    "ruamel": {"loading", "editing"},  # loading: the fast read; editing: round-trip writes
    "jinja2": {"rendering"},
}
# heavy libraries: only inside the functions that need them
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


def test_each_library_is_imported_only_by_the_module_whose_job_it_is() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        imported = top_level_imports(path)
        for library, owners in OWNERS.items():
            if library in imported:
                assert path.stem in owners, f"{path.name} imports {library}"
        assert not imported & LAZY, f"{path.name} imports {imported & LAZY} at start-up"


def test_the_core_never_prints() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"
        ]
        assert not calls, f"{path.name} calls print()"


def test_help_does_not_load_the_pipeline() -> None:
    code = (
        "import sys; import parcli.cli; "
        "print(sorted(m for m in ('pydantic', 'rich', 'ruamel', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
