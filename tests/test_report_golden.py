"""Golden Markdown reports of the bundled examples (submissions/, criteria/, parcli.yaml).

After an intended change to a template or to the examples, regenerate and review the diff:

    PARCLI_UPDATE_GOLDEN=1 python -m pytest tests/test_report_golden.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2026-11-25"
CASES = {
    "progress-so-khcn.md": ["progress", "submissions/so-khcn.yaml", "--as-of", AS_OF],
    # the 6-month report from the same file: tasks done after 30/06 were not done then
    "progress-so-khcn-6m.md": ["progress", "submissions/so-khcn.yaml", "--period", "6m"],
    "plan-so-khcn.md": ["plan", "submissions/so-khcn.yaml", "--as-of", AS_OF],
    "sheet-so-khcn.md": ["sheet", "submissions/so-khcn.yaml", "--as-of", AS_OF],
    "ranking.md": ["ranking", "submissions/", "--as-of", AS_OF],
}


@pytest.mark.slow
@pytest.mark.skipif(
    not (REPO / "submissions" / "so-khcn.yaml").is_file(), reason="bundled examples not present"
)
@pytest.mark.parametrize("name", sorted(CASES))
def test_bundled_example_report_matches_golden(
    name: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    out = tmp_path / name
    result = cli("report", *CASES[name], "-o", str(out), cwd=REPO)
    assert result.code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    expected = GOLDEN / name
    if os.environ.get("PARCLI_UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
