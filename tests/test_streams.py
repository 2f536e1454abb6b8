"""What parcli prints: UTF-8 whatever the locale, no escape sequence from a file name or a
commit reaching the terminal, and results that could not be delivered an error."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.cli import main
from parcli.cli.streams import SafeStream
from tests.conftest import Run, run_subprocess, write
from tests.gitrepo import commit, init_repo

CLI = Callable[..., Run]
SO_A = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: "Sở [/x] A"}
items:
  "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: Kế hoạch}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
  "2.1": {na: Không có thủ tục hành chính}
"""
TITLE = "\x1b]0;pwned\x07\x1b[2J"  # sets the window title, then clears the screen


def test_escape_sequences_in_a_file_name_are_shown_not_obeyed(
    mini_workspace: Path, cli: CLI
) -> None:
    write(mini_workspace / "submissions" / f"{TITLE}.yaml", "format: parcli/submission/1\n")
    result = cli("validate", cwd=mini_workspace)
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert result.stdout.startswith("submissions/\\u001b]0;pwned\\u0007\\u001b[2J.yaml:1:1: error:")
    payload = json.loads(cli("validate", "--format", "json", cwd=mini_workspace).stdout)
    assert payload["problems"][0]["file"] == f"submissions/{TITLE}.yaml"  # JSON keeps it exact


def test_a_commit_message_cannot_drive_the_terminal(tmp_path: Path, cli: CLI) -> None:
    root = init_repo(tmp_path / "ho-so")
    write(root / "criteria" / "mini.yaml", (Path(__file__).parent / "cases" / "_shared"
          / "criteria" / "mini.yaml").read_text(encoding="utf-8"))  # fmt: skip
    write(root / "submissions" / "so-a.yaml", SO_A)
    commit(root, f"Hồ sơ {TITLE}\u202e", who="an", date="2026-03-01T09:00:00+07:00")
    result = cli("history", "submissions/so-a.yaml", cwd=root)
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\u001b[2J\\u202e" in result.stdout


def test_rich_markup_in_a_name_is_text_not_markup(mini_workspace: Path, cli: CLI) -> None:
    # "Sở [/x] A" used to stop `parcli score` with rich's MarkupError: exit 3.
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    result = cli("score", "--detail", cwd=mini_workspace)
    assert result.code == 0, result.stderr
    assert "Bảng chấm điểm — Sở [/x] A" in result.stdout


def test_a_stream_writes_invisible_characters_visibly_and_machine_text_verbatim() -> None:
    inner = io.StringIO()
    stream = SafeStream(inner, name="stdout", fatal=True)
    stream.write("a\x1b[31mb\tc\n\u2028")
    stream.write_verbatim("\ufeffrank,id\r\n")
    assert inner.getvalue() == "a\\u001b[31mb\tc\n\\u2028\ufeffrank,id\r\n"


def test_a_closed_standard_output_is_an_error_not_success(
    mini_workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    monkeypatch.chdir(mini_workspace)
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    assert main(["score"]) == 2
    assert capsys.readouterr().err == (
        "parcli: không ghi được kết quả ra stdout: đã bị đóng; kết quả chưa được giao (hãy để "
        "đầu ra mở, hoặc ghi ra tệp bằng -o nếu lệnh có)\n"
    )


def shared_workspace(tmp_path: Path) -> Path:
    write(tmp_path / "criteria" / "mini.yaml", (Path(__file__).parent / "cases" / "_shared"
          / "criteria" / "mini.yaml").read_text(encoding="utf-8"))  # fmt: skip
    write(tmp_path / "submissions" / "so-a.yaml", SO_A.replace('"Sở [/x] A"', "Sở Tư pháp"))
    return tmp_path


@pytest.mark.slow
def test_output_is_utf8_whatever_the_locale_says(tmp_path: Path) -> None:
    # PYTHONIOENCODING=ascii, or a redirected Windows console: UnicodeEncodeError, exit 3.
    ws = shared_workspace(tmp_path)
    for encoding in ("ascii", "cp1252", "latin-1"):
        result = run_subprocess("score", cwd=ws, env={"PYTHONIOENCODING": encoding})
        assert result.code == 0, result.stderr
        assert "Sở Tư pháp" in result.stdout


@pytest.mark.slow
def test_a_closed_or_abandoned_stdout_is_exit_2_in_a_real_process(tmp_path: Path) -> None:
    ws = shared_workspace(tmp_path)
    command = [sys.executable, "-m", "parcli", "score"]
    env = {**os.environ, "COLUMNS": "100"}
    closed = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "parcli", *command],  # `parcli score >&-`
        cwd=ws, env=env, stderr=subprocess.PIPE, text=True, timeout=60,
    )  # fmt: skip
    assert closed.returncode == 2, closed.stderr
    assert closed.stderr.count("không ghi được kết quả ra stdout: đã bị đóng") == 1
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write finds the pipe broken
    broken = subprocess.run(
        command, cwd=ws, env=env, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60
    )
    os.close(write_end)
    assert broken.returncode == 2, broken.stderr
    assert "đầu nhận đã đóng" in broken.stderr
    assert "Exception ignored" not in broken.stderr and "Traceback" not in broken.stderr


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_a_file_name_that_is_not_utf8_reaches_the_output_as_utf8(
    tmp_path: Path, locale: str
) -> None:
    # Under the C locale Python writes undecodable bytes back raw (surrogateescape): the
    # 0xFF of the name reached a pipe that was promised UTF-8.
    ws = shared_workspace(tmp_path)
    named = ws / "submissions" / os.fsdecode(b"so-\xff.yaml")
    (ws / "submissions" / "so-a.yaml").rename(named)
    named.write_text(named.read_text(encoding="utf-8") + "typo: 1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "parcli", "validate"],
        cwd=ws, env={**os.environ, "LC_ALL": locale, "LANG": locale}, capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "submissions/so-\\udcff.yaml:8:1: error: typo:" in done.stdout.decode(
        "utf-8"
    ) + done.stderr.decode("utf-8")
