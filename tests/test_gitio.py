"""Git plumbing: revisions, contents at a revision, renames and Vietnamese file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcli.errors import UsageError
from parcli.git.repo import Pair, Repo
from tests.gitrepo import commit, git, init_repo


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Repo, list[str]]:
    root = init_repo(tmp_path / "kho")
    (root / "hồ sơ").mkdir()
    (root / "hồ sơ" / "sở-a.yaml").write_text("a: 1\nb: 2\nc: 3\n", encoding="utf-8")
    first = commit(root, "một", who="an", date="2026-01-02T08:00:00+07:00")
    git(root, "mv", "hồ sơ/sở-a.yaml", "hồ sơ/so-a.yaml")
    second = commit(root, "hai", who="binh", date="2026-01-03T08:00:00+07:00")
    (root / "hồ sơ" / "mới.yaml").write_text("x: 1\n", encoding="utf-8")
    return Repo(root / "hồ sơ"), [first, second]


def test_paths_are_relative_to_the_top_folder_and_never_quoted(
    repo: tuple[Repo, list[str]],
) -> None:
    r, (first, second) = repo
    assert r.relative(Path("so-a.yaml")) == "hồ sơ/so-a.yaml"
    assert r.show(first, "hồ sơ/sở-a.yaml") == b"a: 1\nb: 2\nc: 3\n"
    assert r.show(second, "hồ sơ/sở-a.yaml") is None
    assert r.changed(first, None, ["hồ sơ"]) == [
        Pair("hồ sơ/sở-a.yaml", "hồ sơ/so-a.yaml"),
        Pair(None, "hồ sơ/mới.yaml"),
    ]
    touches = r.log("hồ sơ/so-a.yaml", since=None, until=second)
    assert [(t.commit.author, t.path, t.before) for t in touches] == [
        ("Trần Thị Bình", "hồ sơ/so-a.yaml", "hồ sơ/sở-a.yaml"),
        ("Nguyễn Văn An", "hồ sơ/sở-a.yaml", None),
    ]
    assert touches[0].commit.date.isoformat() == "2026-01-03T08:00:00+07:00"


def test_revisions_resolve_or_say_what_is_wrong(repo: tuple[Repo, list[str]]) -> None:
    r, (first, second) = repo
    assert r.resolve("HEAD") == second
    assert r.resolve("HEAD~1") == first
    assert r.commit_id("main") == second and r.commit_id("--help") is None
    with pytest.raises(UsageError, match="không có phiên bản “HEAD~5” trong kho git"):
        r.resolve("HEAD~5")


def test_a_folder_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="không nằm trong kho git"):
        Repo(tmp_path)


def test_an_empty_repository_has_no_head(tmp_path: Path) -> None:
    r = Repo(init_repo(tmp_path / "trống"))
    with pytest.raises(UsageError, match="không có phiên bản “HEAD”"):
        r.resolve("HEAD")
