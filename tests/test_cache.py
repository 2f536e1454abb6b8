"""The cache of checked files: used when nothing a check reads has changed, never otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from parcli.check import cache as cache_module
from parcli.check.cache import Cache, Entry, decode_card, default_folder
from parcli.problems import Problem, Severity
from tests.conftest import REPO, Run, write

CLI = Callable[..., Run]
GOOD = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence: [{title: Kế hoạch CCHC, file: kh.pdf}]
  "2.1": {inputs: {on_time: 9, total: 10}}
"""


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the files really checked (not read back from the cache)."""
    from parcli.check import files

    seen: list[str] = []
    real = files.check_document

    def counting(raw: bytes, **kwargs: object) -> files.Checked:
        checked = real(raw, **kwargs)  # type: ignore[arg-type]
        seen.append(checked.file)
        return checked

    monkeypatch.setattr(files, "check_document", counting)
    yield seen


@pytest.fixture
def ws(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", GOOD)
    write(mini_workspace / "submissions" / "so-b.yaml", GOOD.replace("so-a", "so-b"))
    (mini_workspace / "submissions" / "kh.pdf").write_bytes(b"%PDF")
    return mini_workspace


def run_twice(cli: CLI, ws: Path, *args: str) -> tuple[Run, Run]:
    return cli(*args, cwd=ws), cli(*args, cwd=ws)


def test_a_second_run_over_unchanged_files_checks_nothing_and_says_the_same(
    ws: Path, cli: CLI, checks: list[str]
) -> None:
    first, second = run_twice(cli, ws, "validate", "--today", "2026-11-25")
    assert checks == ["submissions/so-a.yaml", "submissions/so-b.yaml"]
    assert first == second and "unscored" in first.stdout


def test_a_changed_file_alone_is_checked_again(ws: Path, cli: CLI, checks: list[str]) -> None:
    cli("validate", "--today", "2026-11-25", cwd=ws)
    write(ws / "submissions" / "so-b.yaml", GOOD.replace("so-a", "so-b").replace("9,", "8,"))
    checks.clear()
    cli("validate", "--today", "2026-11-25", cwd=ws)
    assert checks == ["submissions/so-b.yaml"]


def test_a_changed_criteria_set_checks_every_file_again(
    ws: Path, cli: CLI, checks: list[str]
) -> None:
    first = cli("validate", "--today", "2026-11-25", cwd=ws)
    text = (ws / "criteria" / "mini.yaml").read_text(encoding="utf-8")
    (ws / "criteria" / "mini.yaml").write_text(text.replace("evidence: required", ""), "utf-8")
    checks.clear()
    second = cli("validate", "--today", "2026-11-25", cwd=ws)
    assert checks == ["submissions/so-a.yaml", "submissions/so-b.yaml"]
    assert first.stdout == second.stdout  # evidence is named, so still looked for


def test_another_parcli_version_checks_every_file_again(
    ws: Path, cli: CLI, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("validate", "--today", "2026-11-25", cwd=ws)
    monkeypatch.setattr(cache_module, "code_version", lambda: "another parcli")
    checks.clear()
    cli("validate", "--today", "2026-11-25", cwd=ws)
    assert len(checks) == 2


def test_another_day_checks_again_since_plan_dates_are_checked_against_it(
    ws: Path, cli: CLI, checks: list[str]
) -> None:
    cli("validate", "--today", "2026-11-25", cwd=ws)
    checks.clear()
    cli("validate", "--today", "2026-11-26", cwd=ws)
    assert len(checks) == 2


def test_an_evidence_file_that_appears_or_goes_is_seen(
    ws: Path, cli: CLI, checks: list[str]
) -> None:
    first = cli("validate", "--today", "2026-11-25", cwd=ws)
    (ws / "submissions" / "kh.pdf").unlink()
    checks.clear()
    second = cli("validate", "--today", "2026-11-25", cwd=ws)
    assert (second.stdout.count("evidence-file-missing"), len(checks)) == (2, 2)
    (ws / "submissions" / "kh.pdf").write_bytes(b"%PDF")
    assert cli("validate", "--today", "2026-11-25", cwd=ws).stdout == first.stdout
    assert len(checks) == 4


def test_output_is_the_same_with_and_without_the_cache_problem_positions_included(
    tmp_path: Path, cli: CLI
) -> None:
    cases = REPO / "tests" / "cases"
    for case in ("bad-scores", "evidence-and-periods", "plan-tasks", "duplicate-agency"):
        if (cases / case).is_dir():
            shutil.copytree(cases / case, tmp_path / case)
            shutil.copytree(cases / "_shared" / "criteria", tmp_path / case / "criteria")
    for folder in sorted(tmp_path.iterdir()):
        for fmt in ("text", "json", "github"):
            args = ("validate", "--today", "2026-11-25", "-f", fmt)
            plain = cli(*args, "--no-cache", cwd=folder)
            cold, warm = run_twice(cli, folder, *args)
            assert plain == cold == warm, folder.name
            assert plain.stdout


def test_scores_read_back_from_the_cache_are_the_same_to_the_last_digit(
    ws: Path, cli: CLI, checks: list[str]
) -> None:
    first, second = run_twice(cli, ws, "score", "-f", "json", "--today", "2026-11-25")
    assert first == second and len(checks) == 2
    detail = cli("score", "--detail", "-f", "json", "--today", "2026-11-25", cwd=ws)
    assert len(checks) == 4  # the cache keeps no leaves: a detailed card is scored again
    assert json.loads(detail.stdout)["groups"][0]["agencies"][0]["items"]


def test_an_entry_that_does_not_read_back_whole_is_ignored(
    ws: Path, cli: CLI, checks: list[str], cache_folder: Path
) -> None:
    validated = cli("validate", "--today", "2026-11-25", cwd=ws)
    scored = cli("score", "-f", "json", "--today", "2026-11-25", cwd=ws)
    entries = {
        json.loads(p.read_text(encoding="utf-8"))["entry"]["kind"] + str(i): p
        for i, p in enumerate(sorted(cache_folder.rglob("*.json")))
    }
    assert sorted(key.rstrip("0123456789") for key in entries) == [
        "criteria",
        "submission",
        "submission",
    ]
    criteria, first, second = (
        entries[key] for key in sorted(entries, key=lambda k: (k[0] != "c", k))
    )
    criteria.write_bytes(b"\x00garbage")
    stored = json.loads(first.read_text(encoding="utf-8"))
    first.write_text(json.dumps({**stored, "key": "another"}), encoding="utf-8")
    stored = json.loads(second.read_text(encoding="utf-8"))
    stored["entry"]["card"]["points"] = "not a number"
    second.write_text(json.dumps(stored), encoding="utf-8")
    checks.clear()
    assert cli("score", "-f", "json", "--today", "2026-11-25", cwd=ws) == scored
    assert len(checks) == 2
    stored["entry"]["problems"] = [[1, 1, "no-such-code", "x", [], "error"]]
    second.write_text(json.dumps(stored), encoding="utf-8")
    assert cli("validate", "--today", "2026-11-25", cwd=ws) == validated


def test_a_cache_that_cannot_be_written_only_costs_time(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("PARCLI_CACHE_DIR", str(blocked))
    (ws / "submissions" / "kh.pdf").unlink()
    first, second = run_twice(cli, ws, "validate", "--today", "2026-11-25")
    assert first == second and first.code == 1


def test_an_empty_cache_setting_turns_the_cache_off(
    ws: Path, cli: CLI, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARCLI_CACHE_DIR", "")
    run_twice(cli, ws, "validate", "--today", "2026-11-25")
    assert len(checks) == 4


def test_the_cache_lives_in_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARCLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    monkeypatch.setattr(sys, "platform", "linux")
    assert default_folder() == Path("/x/cache/parcli")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_folder() == Path.home() / ".cache" / "parcli"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_folder() == Path.home() / "Library" / "Caches" / "parcli"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "/appdata")
    assert default_folder() == Path("/appdata/parcli/Cache")
    monkeypatch.delenv("LOCALAPPDATA")
    assert default_folder() == Path.home() / "AppData" / "Local" / "parcli" / "Cache"


ENTRY = Entry(
    "submission",
    (Problem("", 3, 5, "unscored", "chưa chấm", ("items",), Severity.WARNING),),
    ("so-a", 2, 9),
    "mini",
    (),
)


def _hammer(folder: str) -> int:
    """Write one key over and over while reading it back: every read is whole or absent."""
    cache = Cache(Path(folder), "salt")
    bad = 0
    for _ in range(150):
        cache.put("ab" * 32, ENTRY)
        found = cache.get("ab" * 32, base=Path(folder))
        bad += found != ENTRY
    return bad


@pytest.mark.slow
def test_processes_writing_one_entry_at_once_never_leave_half_an_entry(tmp_path: Path) -> None:
    with ProcessPoolExecutor(max_workers=4) as pool:
        assert sum(pool.map(_hammer, [str(tmp_path)] * 4)) == 0
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]


def test_old_entries_are_pruned_once_a_day(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "salt")
    cache.put("cd" * 32, ENTRY)
    entry = next(tmp_path.rglob("*.json"))
    old = time.time() - 40 * 86400
    os.utime(entry, (old, old))
    cache.prune()
    assert not entry.exists()
    cache.put("cd" * 32, ENTRY)
    os.utime(next(tmp_path.rglob("cd*.json")), (old, old))
    cache.prune()  # pruned less than a day ago: left for tomorrow
    assert list(tmp_path.rglob("cd*.json"))


def test_a_card_that_does_not_read_back_is_no_card() -> None:
    assert decode_card({"points": "1"}) is None


@pytest.mark.slow
def test_a_run_answered_from_the_cache_never_loads_the_models(ws: Path, cache_folder: Path) -> None:
    script = (
        "import sys\n"
        "from parcli.cli import main\n"
        "code = main(['validate', '--today', '2026-11-25'])\n"
        "print('parcli.models' in sys.modules, 'parcli.check.files' in sys.modules)\n"
    )
    env = {**os.environ, "PARCLI_CACHE_DIR": str(cache_folder)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], cwd=ws, capture_output=True, text=True, env=env
        )
        for _ in range(2)
    ]
    assert [run.stdout.splitlines()[-1] for run in runs] == ["True True", "False False"]
