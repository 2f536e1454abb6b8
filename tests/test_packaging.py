"""A wheel carries the bundled criteria and runs outside this repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, write


@pytest.mark.slow
def test_a_wheel_ships_the_criteria_once_and_finds_them_outside_the_repo(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("parcli-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert "parcli/_bundled/criteria/2026.yaml" in names
    assert not any(name.startswith("criteria/") for name in names)

    elsewhere = tmp_path / "elsewhere"
    write(
        elsewhere / "so-x.yaml",
        """
        format: parcli/submission/1
        criteria: "2026"
        agency: {id: so-x, name: Sở X}
        items: {}
        """,
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    where = subprocess.run(
        [sys.executable, "-c", "import parcli.workspace as b; print(b.bundled_dir('criteria'))"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip() == str(tmp_path / "site" / "parcli" / "_bundled" / "criteria")
    run = subprocess.run(
        [sys.executable, "-m", "parcli", "validate", "so-x.yaml"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "(unscored)" in run.stdout  # validated against the bundled 2026 set
