"""Many files at once: on several processes the output is byte for byte the serial one."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.check import outcomes, pool
from tests.conftest import REPO, Run, run_subprocess, write

CLI = Callable[..., Run]
COPIES = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples copied eight times over (88 submissions of two groups), with
    errors, warnings, a duplicate agency, a file that is not YAML and one not parcli's."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(REPO / "criteria", root / "criteria")
    sources = sorted((REPO / "submissions").glob("*.yaml"))
    for n in range(COPIES):
        for source in sources:
            text = source.read_text(encoding="utf-8")
            if n % 3 != 2 or source.stem != "so-y-te":  # every third Sở Y tế keeps its id
                text = re.sub(r"agency: \{id: ([a-z0-9-]+)", rf"agency: {{id: \1-{n}", text)
            if n % 5 == 1:
                text = text.replace("self: 1\n", "self: 7\n", 1)
            (root / "submissions" / f"{source.stem}-{n}.yaml").parent.mkdir(exist_ok=True)
            (root / "submissions" / f"{source.stem}-{n}.yaml").write_text(text, encoding="utf-8")
    write(root / "submissions" / "hong.yaml", "format: parcli/submission/1\nitems: [\n")
    write(root / "submissions" / "khac.yaml", "ten: một tệp không phải của parcli\n")
    return root


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many workers each process pool of the run was started with."""
    started: list[int] = []
    real = pool.ProcessPoolExecutor

    def recording(max_workers: int, **kwargs: object) -> pool.ProcessPoolExecutor:
        started.append(max_workers)
        return real(max_workers=max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "ProcessPoolExecutor", recording)
    return started


RUNS = [
    ("validate", "--today", "2026-11-25"),
    ("validate", "--today", "2026-11-25", "-f", "json"),
    ("score", "--today", "2026-11-25", "-f", "json"),
    ("score", "--today", "2026-11-25", "--by", "area"),
    ("score", "--today", "2026-11-25", "-f", "csv"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", RUNS, ids=lambda args: "-".join(args[::2]))
def test_two_processes_say_byte_for_byte_what_one_says(
    corpus: Path, cli: CLI, pools: list[int], args: tuple[str, ...]
) -> None:
    serial = cli(*args, "-j", "1", "--no-cache", cwd=corpus)
    parallel = cli(*args, "-j", "2", "--no-cache", cwd=corpus)
    assert pools == [2]
    assert parallel == serial
    assert serial.code == 1 and "duplicate-agency" in serial.stdout + serial.stderr
    assert "score-out-of-range" in serial.stdout + serial.stderr


@pytest.mark.slow
def test_a_warm_cache_says_what_the_processes_said(corpus: Path, cli: CLI) -> None:
    cold = cli("score", "--today", "2026-11-25", "-f", "json", "-j", "2", cwd=corpus)
    warm = cli("score", "--today", "2026-11-25", "-f", "json", "-j", "2", cwd=corpus)
    assert cold == warm


def test_a_few_files_are_checked_in_this_process(
    mini_workspace: Path, cli: CLI, pools: list[int]
) -> None:
    for n in range(pool.MIN_FILES_FORK - 1):
        write(
            mini_workspace / "submissions" / f"so-{n}.yaml",
            f"format: parcli/submission/1\ncriteria: mini\nagency: {{id: so-{n}, name: Sở {n}}}\n",
        )
    assert cli("validate", "-j", "8", "--no-cache", cwd=mini_workspace).code == 0
    assert pools == []


def test_the_jobs_are_the_cores_this_process_may_use() -> None:
    assert pool.default_jobs() >= 1


def test_a_file_that_cannot_be_read_is_left_to_its_check_and_never_cached(tmp_path: Path) -> None:
    looked = outcomes.look(tmp_path, tmp_path.resolve())  # a folder: read_bytes fails
    assert (looked.digest, looked.library) == (None, False)


@pytest.mark.slow
def test_separate_processes_with_a_pool_match_one_process(corpus: Path, tmp_path: Path) -> None:
    env = {"PARCLI_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        run_subprocess(
            "score", "--today", "2026-11-25", "-j", jobs, "--by", "area", cwd=corpus, env=env
        )
        for jobs in ("1", "2", "2")  # the last one from the cache the second one wrote
    ]
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.slow
def test_odd_files_among_many_are_reported_alike_by_every_way_of_running(
    tmp_path: Path, cli: CLI, pools: list[int]
) -> None:
    # issue 9 on the parallel, cached run: a FIFO named *.yaml hung a run reading every file
    # for its digest; a link in a loop made Path.resolve raise RuntimeError (exit 3).
    root = tmp_path / "ws"
    shutil.copytree(REPO / "criteria", root / "criteria")
    for n in range(4):
        for source in sorted((REPO / "submissions").glob("*.yaml")):
            text = source.read_text(encoding="utf-8")
            text = re.sub(r"agency: \{id: ([a-z0-9-]+)", rf"agency: {{id: \1-{n}", text)
            write(root / "submissions" / f"{source.stem}-{n}.yaml", text)
    odd = root / "submissions"
    os.mkfifo(odd / "ong.yaml")
    (odd / "vong.yaml").symlink_to("vong.yaml")
    (odd / "gay.yaml").symlink_to("khong-co.yaml")
    (odd / "zero.yaml").symlink_to("/dev/zero")
    (odd / "thu-muc.yaml").mkdir()
    os.mkfifo(root / "criteria" / "ong.yaml")
    write(odd / ".so-a-0.yaml.k3x9q2ab.tmp", "")
    args = ("validate", "--today", "2026-11-25")
    serial = cli(*args, "-j", "1", "--no-cache", cwd=root)
    parallel = cli(*args, "-j", "2", "--no-cache", cwd=root)
    cold = cli(*args, "-j", "2", cwd=root)
    warm = cli(*args, "-j", "2", cwd=root)
    assert pools == [2, 2]  # the warm run checks only what the cache cannot hold
    assert serial == parallel == cold == warm
    assert serial.code == 1
    codes = re.findall(r"^(\S+?):\d+:\d+: \w+: .*\(([a-z-]+)\)$", serial.stdout, re.MULTILINE)
    assert sorted(c for c in codes if c[1] in ("file-unreadable", "leftover-temp")) == [
        ("criteria/ong.yaml", "file-unreadable"),
        ("submissions/.so-a-0.yaml.k3x9q2ab.tmp", "leftover-temp"),
        ("submissions/gay.yaml", "file-unreadable"),
        ("submissions/ong.yaml", "file-unreadable"),
        ("submissions/thu-muc.yaml", "file-unreadable"),
        ("submissions/vong.yaml", "file-unreadable"),
        ("submissions/zero.yaml", "file-unreadable"),
    ]
    scored = cli("score", "--today", "2026-11-25", "-f", "json", "-j", "2", cwd=root)
    assert scored.code == 1 and "Traceback" not in scored.stderr
    assert "submissions/ong.yaml:1:1: error:" in scored.stderr
