"""Writing edits: atomic replacement, nothing half-written, nobody's change overwritten."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.edit.changeset import Edit, agency_files, diff_edits, write_edits
from parcli.errors import UsageError
from tests.conftest import Run, write

CLI = Callable[..., Run]

SO_A = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: Kế hoạch, ref: 1/KH-SA}]}
"""
APPRAISE = ("appraise", "submissions/so-a.yaml", "1.1.1", "--round", "1", "--score", "0.5")


@pytest.fixture
def ws(mini_workspace: Path) -> Path:
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    return mini_workspace


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "so-a.yaml")


def test_an_interrupted_write_leaves_the_old_file_whole(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the new contents are being flushed

    monkeypatch.setattr(os, "fsync", interrupted)
    result = cli(*APPRAISE, cwd=ws)
    assert (result.code, result.stderr) == (
        130,
        "parcli: đã dừng theo yêu cầu; chưa ghi tệp nào\n",
    )
    assert (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8") == SO_A
    assert leftovers(ws / "submissions") == []


def test_ctrl_c_before_the_writes_says_nothing_was_written(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parcli.edit import appraise

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the edited files are checked

    monkeypatch.setattr(appraise, "finish", interrupted)
    result = cli(*APPRAISE, cwd=ws)
    assert (result.code, result.stderr) == (
        130,
        "parcli: đã dừng theo yêu cầu; chưa ghi tệp nào\n",
    )


def test_ctrl_c_while_the_written_files_are_listed_says_they_were_all_written(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C during the 3,000 lines of `survey import` said only “đã dừng theo yêu cầu”
    # although every file had been written.
    from parcli import workspace

    def interrupted(path: Path, cwd: Path) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(workspace, "display_name", interrupted)  # used only to list them
    result = cli(*APPRAISE, cwd=ws)
    assert (result.code, result.stderr) == (
        130,
        "parcli: đã dừng theo yêu cầu, sau khi ghi xong cả 1 tệp\n",
    )
    assert "score: 0.5" in (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8")


def test_an_edit_that_would_make_a_file_too_large_to_read_is_not_written(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `form import` of 300 evidence rows wrote a 9.6 MB submission that `validate` then
    # refused as file-too-large (and parcli could no longer edit).
    from parcli.edit import changeset

    monkeypatch.setattr(changeset, "MAX_FILE_BYTES", len(SO_A.encode()) + 40)
    result = cli(*APPRAISE, "--note", "x" * 100, cwd=ws)
    assert result.code == 1
    assert result.stdout.endswith("(file-too-large)\n")
    assert result.stdout.startswith(f"{Path('submissions/so-a.yaml')}:1:1: error: ")
    assert (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8") == SO_A


def test_a_failed_rename_is_an_environment_error_that_keeps_the_file(
    ws: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = cli(*APPRAISE, cwd=ws)
    assert result.code == 2
    assert result.stderr == (
        f"parcli: không ghi được {Path('submissions/so-a.yaml')}: đĩa đã đầy; "
        "chưa ghi tệp nào, các tệp cũ vẫn nguyên vẹn\n"
    )
    assert (ws / "submissions" / "so-a.yaml").read_text(encoding="utf-8") == SO_A
    assert leftovers(ws / "submissions") == []


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "so-a.yaml", "a: 1\n")
    edits = [Edit(path, b"a: 0\n", b"a: 2\n")]
    with pytest.raises(UsageError, match="vừa bị thay đổi trong lúc parcli chạy"):
        write_edits(edits)
    assert path.read_bytes() == b"a: 1\n"


def test_a_rename_failing_midway_says_which_files_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path / "a.yaml", "a: 1\n")
    second = write(tmp_path / "b.yaml", "b: 1\n")
    real_replace = os.replace
    calls: list[str] = []

    def once(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) > 1:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", once)
    with pytest.raises(UsageError) as raised:
        write_edits([Edit(first, b"a: 1\n", b"a: 2\n"), Edit(second, b"b: 1\n", b"b: 2\n")])
    assert raised.value.message == (
        f"không ghi được {second}: không có quyền truy cập. Đã ghi: {first}; chưa ghi (vẫn như "
        f"cũ): {second}. Hãy khắc phục rồi chạy lại lệnh (các tệp đã ghi sẽ không thay đổi lần nữa)"
    )
    assert (first.read_bytes(), second.read_bytes()) == (b"a: 2\n", b"b: 1\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_dry_run_diff_shows_new_files_and_missing_final_newlines(tmp_path: Path) -> None:
    text = diff_edits(
        [Edit(tmp_path / "a.yaml", None, b"a: 1\n"), Edit(tmp_path / "b.yaml", b"b: 1", b"b: 2")],
        cwd=tmp_path,
    )
    assert text == (
        "--- /dev/null\n+++ b/a.yaml\n@@ -0,0 +1 @@\n+a: 1\n"
        "--- a/b.yaml\n+++ b/b.yaml\n@@ -1 +1 @@\n-b: 1\n\\ No newline at end of file\n"
        "+b: 2\n\\ No newline at end of file\n"
    )


def test_agency_files_are_found_by_the_id_inside_them(ws: Path) -> None:
    write(
        ws / "submissions" / "2026" / "tu-phap.yml",
        SO_A.replace("so-a, name: Sở A", "stp, name: STP"),
    )
    write(ws / "submissions" / "notes.yaml", "ghi chú: không phải hồ sơ\n")
    write(ws / "submissions" / "broken.yaml", "format: [\n")
    assert agency_files(ws) == {
        "so-a": [ws / "submissions" / "so-a.yaml"],
        "stp": [ws / "submissions" / "2026" / "tu-phap.yml"],
    }
