"""Phases of the year as git tags: the convention, `parcli tag`, which refuses to move a tag,
to tag uncommitted work or to put phases out of order; phases and dates as revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.errors import UsageError
from parcli.git import phases
from parcli.git.repo import Repo
from tests.conftest import Run
from tests.gitrepo import History, git, small_history
from tests.simyear import Year

CLI = Callable[..., Run]


@pytest.fixture
def repo(tmp_path: Path) -> History:
    found = small_history(tmp_path / "kho")
    git(found.root, "config", "user.name", "Phạm Thị Dung")
    git(found.root, "config", "user.email", "dung@snv.gov.vn")
    return found


def test_a_phase_is_tagged_once_with_an_annotated_tag(repo: History, cli: CLI) -> None:
    result = cli("tag", "tu-cham", repo.c[2], cwd=repo.root)
    assert (result.code, result.stderr) == (
        0,
        f"Đã gắn thẻ 2026/tu-cham vào commit {repo.short(2)} (Cập nhật 1.1.2; thêm Sở B).\n"
        "Gửi thẻ lên kho chung: git push origin 2026/tu-cham\n",
    )
    assert git(repo.root, "cat-file", "-t", "2026/tu-cham") == "tag"
    assert git(repo.root, "tag", "-l", "--format=%(contents:subject)") == (
        "Kết thúc tự đánh giá, chấm điểm năm 2026"
    )
    again = cli("tag", "tu-cham", repo.c[3], cwd=repo.root)
    assert (again.code, again.stderr) == (
        2,
        f"parcli: thẻ 2026/tu-cham đã có (commit {repo.short(2)}); parcli không dời thẻ đã gắn: "
        "nếu thật cần gắn lại, hãy xóa thẻ bằng git tag -d rồi chạy lại\n",
    )
    assert cli("tag", cwd=repo.root).stdout == (
        "Các giai đoạn năm 2026 (thẻ git):\n"
        f"  2026/tu-cham      {repo.short(2)}  2026-03-05  Cập nhật 1.1.2; thêm Sở B\n"
        "  2026/vong-1       chưa gắn\n"
        "  2026/giai-trinh   chưa gắn\n"
        "  2026/vong-2       chưa gắn\n"
        "  2026/cong-bo      chưa gắn\n"
    )


def test_uncommitted_work_is_never_tagged(repo: History, cli: CLI) -> None:
    result = cli("tag", "vong-1", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: thư mục làm việc còn thay đổi chưa commit (submissions/so-a.yaml); thẻ chỉ "
        "đánh dấu những gì đã commit: hãy commit (hoặc bỏ) các thay đổi rồi gắn thẻ\n",
    )
    git(repo.root, "checkout", "--", ".")
    assert cli("tag", "vong-1", "-m", "Xong vòng 1", cwd=repo.root).code == 0
    assert git(repo.root, "rev-parse", "2026/vong-1^{commit}") == repo.c[6]


def test_phases_keep_their_order(repo: History, cli: CLI) -> None:
    assert cli("tag", "vong-1", repo.c[3], cwd=repo.root).code == 0
    early = cli("tag", "vong-2", repo.c[2], cwd=repo.root)
    assert (early.code, early.stderr) == (
        2,
        f"parcli: 2026/vong-1 (commit {repo.short(3)}) không nằm trước commit {repo.short(2)}; "
        "giai đoạn vong-2 phải gắn sau vong-1\n",
    )
    late = cli("tag", "tu-cham", repo.c[4], cwd=repo.root)
    assert (late.code, late.stderr) == (
        2,
        f"parcli: 2026/vong-1 (commit {repo.short(3)}) đã gắn trước commit {repo.short(4)}; "
        "giai đoạn tu-cham phải gắn trước vong-1\n",
    )
    assert cli("tag", "tu-cham", repo.c[3], "--year", "2026", cwd=repo.root).code == 0


def test_an_unknown_phase_lists_the_phases(repo: History, cli: CLI) -> None:
    result = cli("tag", "vong-3", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có giai đoạn “vong-3”; các giai đoạn: tu-cham, vong-1, giai-trinh, "
        "vong-2, cong-bo\n",
    )


def test_a_tag_message_with_a_control_character_is_refused(repo: History, cli: CLI) -> None:
    # The escape went into the tag object as it was: `git tag -n` then set the terminal's title.
    result = cli("tag", "tu-cham", repo.c[2], "-m", "Tự chấm\x1b]0;x\x07", cwd=repo.root)
    assert result.code == 2
    assert result.stderr == (
        "parcli: --message có ký tự U+001B (ESC), không được ghi vào thẻ git; hãy gõ lại giá "
        "trị này (được xuống dòng, không được có ký tự điều khiển)\n"
    )
    assert git(repo.root, "tag", "-l") == ""


@pytest.mark.slow
def test_a_bare_phase_names_the_newest_year_that_has_it(year: Year) -> None:
    repo = Repo(year.root)
    assert phases.revision(repo, "vong-1") == year["round1"]
    assert phases.revision(repo, "2026/vong-2") == year["round2"]
    assert phases.revision(repo, "vong-9") is None
    assert phases.revision(repo, "tu-cham~1") == year["gddt-note"]
    assert phases.revision(repo, "vong-1^") == year["threshold"]
    with pytest.raises(UsageError, match="không có phiên bản “vong-9”"):
        phases.resolve(repo, "vong-9")


def test_a_day_names_the_last_commit_before_or_on_it(year: Year) -> None:
    repo = Repo(year.root)
    day = dt.date(2026, 11, 10)
    assert phases.on_day(repo, "HEAD", day, before=True) == year["threshold"]
    assert phases.on_day(repo, "HEAD", day, before=False) == year["round1"]
    with pytest.raises(UsageError, match="không có commit nào trước ngày 2026-01-01"):
        phases.on_day(repo, "HEAD", dt.date(2026, 1, 1), before=True)


def test_since_and_until_replace_the_revisions(year: Year, cli: CLI) -> None:
    result = cli("diff", "HEAD~1", "--since", "2026-11-01", cwd=year.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: --since/--until thay cho PHIÊN_BẢN_A, PHIÊN_BẢN_B; hãy chỉ dùng một cách\n",
    )
    result = cli("diff", "--until", "2026-11-01", cwd=year.root)
    assert result.code == 2 and "--until cần đi cùng --since" in result.stderr
    result = cli("diff", "--since", "2026-13-01", cwd=year.root)
    assert result.code == 2 and "--since" in result.stderr


def test_a_phase_tag_naming_a_file_is_listed_not_fatal(repo: History, cli: CLI) -> None:
    git(repo.root, "tag", "2026/vong-1", f"{repo.c[1]}:submissions/so-a.yaml")
    result = cli("tag", "--year", "2026", cwd=repo.root)
    assert result.code == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if "2026/vong-1" in line]
    assert line.endswith("không phải commit: hãy xóa bằng git tag -d")
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
