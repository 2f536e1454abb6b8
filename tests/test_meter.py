"""Meter: a bar on an interactive terminal after about a second, never anywhere else."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parcli.cli.common import meter_for
from parcli.cli.terminal import ProgressBar
from parcli.meter import SILENT, Silent, tracking
from tests.conftest import REPO


class Terminal(io.StringIO):
    """What a terminal would have received."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def begin(self, what: str, total: int) -> None:
        self.calls.append(("begin", (what, total)))

    def advance(self, steps: int = 1) -> None:
        self.calls.append(("advance", steps))

    def end(self) -> None:
        self.calls.append(("end", None))


def test_tracking_ends_the_task_whatever_happens() -> None:
    recorder = Recorder()
    with pytest.raises(KeyboardInterrupt), tracking(recorder, "Đang làm", 3) as progress:
        progress.advance()
        raise KeyboardInterrupt
    assert recorder.calls == [("begin", ("Đang làm", 3)), ("advance", 1), ("end", None)]


def test_no_one_listens_by_default() -> None:
    with tracking(SILENT, "Đang làm", 2) as progress:
        progress.advance(2)
    assert isinstance(SILENT, Silent)


def test_a_bar_only_for_people_at_an_interactive_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    read, write = os.pipe()
    with os.fdopen(write, "w") as pipe:
        assert meter_for(machine=False, stream=pipe) is SILENT  # a pipe, a file, a CI log
    os.close(read)
    assert meter_for(machine=True, stream=Terminal()) is SILENT  # --format json
    assert isinstance(meter_for(machine=False, stream=Terminal()), ProgressBar)
    monkeypatch.setenv("TERM", "dumb")
    assert meter_for(machine=False, stream=Terminal()) is SILENT


def test_the_bar_waits_a_second_then_says_what_and_how_long_in_vietnamese() -> None:
    screen, clock = Terminal(), Clock()
    bar = ProgressBar(screen, clock=clock)
    bar.begin("Đang kiểm tra hồ sơ", 100)
    for _ in range(10):
        clock.now += 0.05
        bar.advance()
    assert screen.getvalue() == ""  # half a second: no bar
    for _ in range(40):
        clock.now += 0.05
        bar.advance()
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "Đang kiểm tra hồ sơ" in drawn and "48/100" in drawn  # redrawn every 0.1 s at most
    assert "còn khoảng 3 giây" in drawn  # 20 files a second, 52 to go
    bar.end()
    bar.end()  # ending twice is harmless


def test_a_long_wait_is_said_in_minutes_and_an_unknown_one_as_such() -> None:
    from rich.progress import Progress

    from parcli.cli.terminal import _TimeLeft

    clock = Clock()
    bars = Progress(get_time=clock)
    bars.add_task("x", total=1000)
    (task,) = bars.tasks
    assert _TimeLeft().render(task).plain == "đang ước tính thời gian còn lại"
    clock.now += 10
    bars.update(task.id, completed=100)
    clock.now += 10
    bars.update(task.id, completed=120)
    assert _TimeLeft().render(task).plain.startswith("còn khoảng ")
    assert " phút " in _TimeLeft().render(task).plain


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    shutil.copytree(REPO / "criteria", root / "criteria")
    (root / "submissions").mkdir()
    for n in range(40):
        for source in sorted((REPO / "submissions").glob("*.yaml")):
            text = source.read_text(encoding="utf-8")
            text = re.sub(r"agency: \{id: ([a-z0-9-]+)", rf"agency: {{id: \1-{n}", text)
            (root / "submissions" / f"{source.stem}-{n}.yaml").write_text(text, encoding="utf-8")
    return root


def run_in_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run parcli with its standard error on a pseudo-terminal; what the terminal showed."""
    main, follower = pty.openpty()
    env = {**os.environ, "PARCLI_CACHE_DIR": "", "TERM": "xterm", "COLUMNS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "parcli", *args], cwd=cwd, stdout=subprocess.DEVNULL,
        stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return proc.wait(timeout=60), shown.decode("utf-8", "replace")


@pytest.mark.slow
def test_a_long_run_shows_the_bar_on_a_terminal_and_never_in_a_pipe(big_corpus: Path) -> None:
    args = ["score", "--today", "2026-11-25", "-j", "1", "--no-cache"]
    code, shown = run_in_terminal(args, big_corpus)
    assert code == 0 and "Đang kiểm tra hồ sơ" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "parcli", *args], cwd=big_corpus, capture_output=True, text=True
    )
    assert piped.returncode == 0
    assert "Đang kiểm tra" not in piped.stderr and "\x1b[" not in piped.stderr
    code, shown = run_in_terminal([*args, "-f", "json"], big_corpus)
    assert code == 0 and "Đang kiểm tra" not in shown
