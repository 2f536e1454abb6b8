"""`parcli history --all`: every agency's index and rank at each phase tag or commit, as a
table within 80 columns, JSON and a chart."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.gitrepo import commit, git, init_repo, small_history
from tests.simyear import DEPARTMENTS, Year

CLI = Callable[..., Run]


def moments(cli: CLI, root: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("history", "--all", *args, "-f", "json", cwd=root)
    assert result.code == 0, result.stderr
    payload: list[dict[str, Any]] = json.loads(result.stdout)["moments"]
    return payload


def test_the_ranking_at_each_phase_tag(cli: CLI, year: Year) -> None:
    found = moments(cli, year.root)
    assert [m["tags"] for m in found] == [
        ["2026/tu-cham"],
        ["2026/vong-1"],
        ["2026/giai-trinh"],
        ["2026/vong-2"],
        ["2026/cong-bo"],
    ]
    assert found[0]["commit"]["sha"] == year["threshold"]
    final = {a["id"]: (a["rank"], a["index"], a["class"]) for a in found[-1]["agencies"]}
    assert final == {
        "so-gd-dt": (1, "92", "Tốt"),
        "so-tu-phap": (2, "85.75", "Khá"),
        "so-cong-thuong": (3, "85.53333333333333333333333333", "Khá"),
        "so-khcn": (4, "84.65", "Trung bình"),
        "so-tai-chinh": (5, "83.05", "Trung bình"),
        "so-y-te": (6, "81.7", "Trung bình"),
        "so-nn-mt": (7, "78.3", "Trung bình"),
        "so-xay-dung": (8, "69.1", "Yếu"),
    }
    assert [len(m["agencies"]) for m in found] == [len(DEPARTMENTS)] * 5


def test_the_ranking_at_every_commit_that_moved_it(cli: CLI, year: Year) -> None:
    found = moments(cli, year.root, "--commits")
    shas = [m["commit"]["sha"] for m in found]
    assert shas[0] == year["init-so-tu-phap"]
    assert year["readme"] not in shas and year["gddt-note"] not in shas  # nothing moved
    assert year["threshold"] in shas  # classes moved
    assert len(shas) == len(set(shas))


@pytest.mark.slow
def test_the_ranking_text_fits_80_columns_and_the_chart_is_drawn(
    cli: CLI, year: Year, tmp_path: Path
) -> None:
    chart = tmp_path / "xep-hang.png"
    for args in ([], ["--commits"]):
        result = cli("history", "--all", *args, "--chart", str(chart), cwd=year.root)
        assert result.code == 0, result.stderr
        assert [line for line in result.stdout.splitlines() if len(line) > 80] == []
        assert chart.read_bytes().startswith(b"\x89PNG")
    lines = cli("history", "--all", cwd=year.root).stdout.splitlines()
    assert lines[:6] == [
        "Chỉ số và thứ hạng của các cơ quan qua từng thẻ giai đoạn (chỉ số %, hạng)",
        "",
        "                               tu-cham        vong-1    giai-trinh        vong-2",
        "                            2026-10-20    2026-11-10    2026-11-20    2026-11-28",
        f"                               {year.short('threshold')}       "
        f"{year.short('round1')}       {year.short('yte-note')}       {year.short('round2')}",
        "Sở Giáo dục và Đào tạo      99.38* (1)    93.13* (1)    93.13* (1)    93.13* (1)",
    ]


def test_without_tags_every_commit_and_the_working_tree(cli: CLI, tmp_path: Path) -> None:
    repo = small_history(tmp_path / "kho")
    found = moments(cli, repo.root)
    assert [m["commit"]["sha"] if m["commit"] else None for m in found] == [
        repo.c[1],
        repo.c[2],
        repo.c[3],
        repo.c[4],
        repo.c[5],
        repo.c[6],
        None,
    ]
    assert [a["id"] for a in found[-1]["agencies"]] == ["so-b", "so-a"]


def test_head_after_the_last_tag_and_a_repository_without_submissions(
    cli: CLI, tmp_path: Path
) -> None:
    repo = small_history(tmp_path / "kho")
    git(repo.root, "tag", "-a", "2026/tu-cham", "-m", "x", repo.c[2], who="dung")
    found = moments(cli, repo.root)
    assert [(m["tags"], m["commit"]["sha"] if m["commit"] else None) for m in found] == [
        (["2026/tu-cham"], repo.c[2]),
        ([], repo.c[6]),
        ([], None),
    ]
    text = cli("history", "--all", cwd=repo.root).stdout
    assert "HEAD" in text and "chưa commit" in text
    empty = init_repo(tmp_path / "trống")
    (empty / "ghi-chu.txt").write_text("x\n", encoding="utf-8")
    commit(empty, "Khởi tạo", who="an", date="2026-01-01T08:00:00+07:00")
    assert cli("history", "--all", cwd=empty).stdout.endswith(
        "\nChưa có hồ sơ nào trong lịch sử git.\n"
    )


def test_all_is_for_every_agency_not_with_a_file(cli: CLI, year: Year) -> None:
    result = cli("history", "--all", year.file("so-y-te"), cwd=year.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: --all là thứ hạng của mọi cơ quan: không ghi thêm tệp, --item\n",
    )
    result = cli("history", cwd=year.root)
    assert result.code == 2 and "thiếu tệp hồ sơ" in result.stderr
    result = cli("history", year.file("so-y-te"), "--commits", cwd=year.root)
    assert (result.code, result.stderr) == (2, "parcli: --commits đi cùng --all\n")
