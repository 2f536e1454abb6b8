"""The workspace: which files a folder holds, what cannot be looked at, names as typed."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.workspace import default_paths, display_name, expand_paths, find_root
from tests.conftest import Run, write

CLI = Callable[..., Run]
SO_A = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1": {self: 1, level: Ban hành kịp thời, evidence: [{title: Kế hoạch}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
  "2.1": {na: Không có thủ tục hành chính}
"""


def deny_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Root may list any folder, so permission is taken away by hand."""
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_a_problem_not_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "submissions" / "so-a.yaml", SO_A)
    deny_listing(monkeypatch, tmp_path / "submissions")
    found = expand_paths([tmp_path / "submissions"], cwd=tmp_path)
    assert found.files == []
    assert [(p.file, p.code, p.message) for p in found.problems] == [
        (
            "submissions",
            "file-unreadable",
            "không đọc được thư mục: không có quyền truy cập; các tệp trong đó chưa được kiểm "
            "tra, hãy cấp quyền đọc thư mục",
        )
    ]


def test_an_unreadable_submissions_folder_fails_validate_instead_of_passing_it(
    mini_workspace: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every submission vanished and CI stayed green: "0 lỗi", exit 0.
    write(mini_workspace / "submissions" / "so-a.yaml", SO_A)
    deny_listing(monkeypatch, mini_workspace / "submissions")
    result = cli("validate", cwd=mini_workspace)
    assert result.code == 1
    assert result.stdout.startswith("submissions:1:1: error: không đọc được thư mục")
    result = cli("score", cwd=mini_workspace)
    assert result.code == 1
    assert "submissions:1:1: error: không đọc được thư mục" in result.stderr


def test_a_folder_linking_back_to_itself_is_scanned_once(tmp_path: Path) -> None:
    write(tmp_path / "submissions" / "a" / "so-a.yaml", SO_A)
    (tmp_path / "submissions" / "a" / "again").symlink_to(tmp_path / "submissions")
    found = expand_paths([tmp_path / "submissions"], cwd=tmp_path)
    assert found.files == [tmp_path / "submissions" / "a" / "so-a.yaml"]


def test_hidden_entries_are_skipped_except_leftovers_of_an_interrupted_write(
    tmp_path: Path,
) -> None:
    write(tmp_path / "s" / "so-a.yaml", SO_A)
    write(tmp_path / "s" / ".so-a.yaml.abcd1234.tmp", SO_A)
    write(tmp_path / "s" / ".hidden" / "x.yaml", SO_A)
    write(tmp_path / "s" / ".pre-commit-config.yaml", "repos: []\n")
    write(tmp_path / "s" / ".report.docx.abcd1234.tmp", "not a YAML file's")
    found = expand_paths([tmp_path / "s"], cwd=tmp_path)
    assert found.files == [tmp_path / "s" / "so-a.yaml"]
    assert [(p.file, p.code, p.severity.value) for p in found.problems] == [
        ("s/.so-a.yaml.abcd1234.tmp", "leftover-temp", "warning")
    ]


def test_a_name_too_long_given_on_the_command_line_is_a_located_problem(
    tmp_path: Path, cli: CLI
) -> None:
    # Path.exists() raises on ENAMETOOLONG in Python 3.11: this was exit 3.
    name = "a" * 300 + ".yaml"
    result = cli("validate", name, cwd=tmp_path)
    assert result.code == 1
    assert result.stdout == (
        f"{name}:1:1: error: không đọc được: tên tệp hoặc đường dẫn quá dài; hãy thay bằng "
        "tệp YAML thật hoặc xóa nó (file-unreadable)\n"
    )


def test_a_path_that_does_not_exist_is_still_a_usage_error(tmp_path: Path, cli: CLI) -> None:
    result = cli("validate", "nope.yaml", cwd=tmp_path)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không tìm thấy nope.yaml; hãy kiểm tra đường dẫn\n",
    )


def test_a_linked_file_keeps_its_own_name_and_a_loop_is_shown_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    assert display_name(tmp_path / "link.yaml", tmp_path) == "link.yaml"
    assert display_name(tmp_path / "loop.yaml", tmp_path) == "loop.yaml"
    assert display_name(Path("/elsewhere/x.yaml"), tmp_path) == "/elsewhere/x.yaml"


def test_the_workspace_is_found_whatever_odd_names_lie_on_the_way(tmp_path: Path) -> None:
    (tmp_path / "criteria").mkdir()
    assert find_root(tmp_path / ("x" * 300)) == tmp_path.resolve()


def test_validate_with_no_paths_checks_the_settings_file_too(tmp_path: Path) -> None:
    (tmp_path / "submissions").mkdir()
    assert default_paths(tmp_path) == [tmp_path / "submissions"]
    (tmp_path / "parcli.yaml").write_text("name: SỞ A\n")
    assert default_paths(tmp_path) == [tmp_path / "submissions", tmp_path / "parcli.yaml"]
