"""Git plumbing: revisions, trees, walks over first parents or every branch, the working tree,
tags, and blob contents from one `git cat-file` process; Vietnamese names never quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcli.errors import UsageError
from parcli.git.blobs import Blobs, blob_id
from parcli.git.repo import Repo
from tests.gitrepo import commit, git, init_repo


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Repo, list[str]]:
    root = init_repo(tmp_path / "kho")
    (root / "hồ sơ").mkdir()
    (root / "hồ sơ" / "sở-a.yaml").write_text("a: 1\nb: 2\nc: 3\n", encoding="utf-8")
    (root / "khác.txt").write_text("x\n", encoding="utf-8")
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
    assert list(r.tree(first, ["hồ sơ"])) == ["hồ sơ/sở-a.yaml"]
    assert r.tree(second, ["hồ sơ"]) == {"hồ sơ/so-a.yaml": r.tree(first, ["."])["hồ sơ/sở-a.yaml"]}
    assert r.worktree_changes(["hồ sơ"]) == {"hồ sơ/mới.yaml": True}


def test_a_walk_lists_what_each_commit_changed_oldest_first(repo: tuple[Repo, list[str]]) -> None:
    r, (first, second) = repo
    steps = r.walk(second, start=None, specs=["hồ sơ"])
    blob = r.tree(first, ["hồ sơ"])["hồ sơ/sở-a.yaml"]
    assert [(s.commit.sha, s.commit.author, s.changes) for s in steps] == [
        (first, "Nguyễn Văn An", {"hồ sơ/sở-a.yaml": blob}),
        (second, "Trần Thị Bình", {"hồ sơ/sở-a.yaml": None, "hồ sơ/so-a.yaml": blob}),
    ]
    assert steps[1].commit.date.isoformat() == "2026-01-03T08:00:00+07:00"
    assert steps[1].commit.parents == (first,)
    assert [s.commit.sha for s in r.walk(second, start=first, specs=["hồ sơ"])] == [second]
    everything = r.walk(second, start=None, specs=["hồ sơ"], first_parent=False)
    assert [s.changes for s in everything] == [s.changes for s in steps]


def test_revisions_resolve_or_say_what_is_wrong(repo: tuple[Repo, list[str]]) -> None:
    r, (first, second) = repo
    assert r.resolve("HEAD") == second
    assert r.resolve("HEAD~1") == first
    assert r.commit_id("main") == second and r.commit_id("--help") is None
    assert r.is_ancestor(first, second) and not r.is_ancestor(second, first)
    assert [c.sha for c in r.first_parents("HEAD")] == [second, first]
    with pytest.raises(UsageError, match="không có phiên bản “HEAD~5” trong kho git"):
        r.resolve("HEAD~5")


def test_annotated_tags_and_uncommitted_files(repo: tuple[Repo, list[str]]) -> None:
    r, (first, _) = repo
    git(r.root, "config", "user.name", "Phạm Thị Dung")
    git(r.root, "config", "user.email", "dung@snv.gov.vn")
    r.tag("2026/tu-cham", first, "Kết thúc tự chấm")
    git(r.root, "tag", "nhe", first)  # a lightweight tag marks its commit too
    assert r.tags() == {"2026/tu-cham": first, "nhe": first}
    assert r.dirty(["hồ sơ"]) == ["hồ sơ/mới.yaml"]
    (r.root / "khác.txt").write_text("y\n", encoding="utf-8")
    (r.root / "nháp.txt").write_text("z\n", encoding="utf-8")  # untracked outside: not counted
    assert sorted(r.dirty(["hồ sơ"])) == ["hồ sơ/mới.yaml", "khác.txt"]


def test_blobs_come_from_one_process_and_working_files_share_their_ids(
    repo: tuple[Repo, list[str]],
) -> None:
    r, (first, _) = repo
    sha = r.tree(first, ["hồ sơ"])["hồ sơ/sở-a.yaml"]
    with Blobs(r) as blobs:
        assert blobs.read(sha) == b"a: 1\nb: 2\nc: 3\n"
        assert blobs.read(sha) == b"a: 1\nb: 2\nc: 3\n"
        assert blobs.add(b"a: 1\nb: 2\nc: 3\n") == sha == blob_id(b"a: 1\nb: 2\nc: 3\n")
        new = blobs.add(b"x: 2\n")
        assert blobs.read(new) == b"x: 2\n"
        with pytest.raises(OSError, match="no blob"):
            blobs.read("0" * 40)


def test_a_folder_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="không nằm trong kho git"):
        Repo(tmp_path)


def test_an_empty_repository_has_no_head(tmp_path: Path) -> None:
    r = Repo(init_repo(tmp_path / "trống"))
    with pytest.raises(UsageError, match="kho git chưa có commit nào"):
        r.resolve("HEAD")
