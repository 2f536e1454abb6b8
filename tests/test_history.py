"""`parcli history` on the simulated year: the agency id decides which file is whose, history
follows the first parent, and every row is the agency's own."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.conftest import Run
from tests.simyear import Year

CLI = Callable[..., Run]


def entries(cli: CLI, year: Year, *args: str) -> list[dict[str, Any]]:
    result = cli("history", *args, "-f", "json", cwd=year.root)
    assert result.code == 0, result.stderr
    payload: list[dict[str, Any]] = json.loads(result.stdout)["entries"]
    return payload


def names(year: Year, rows: list[dict[str, Any]]) -> list[str | None]:
    by_sha = {sha: name for name, sha in year.commits.items()}
    return [by_sha[row["commit"]["sha"]] if row["commit"] else None for row in rows]


def test_a_new_file_that_looks_like_another_is_not_its_copy(cli: CLI, year: Year) -> None:
    rows = entries(cli, year, "submissions/so-khcn.yaml")
    assert names(year, rows)[:3] == ["init-so-khcn", "area1-so-khcn", "area23-so-khcn"]
    assert {row["path"] for row in rows} == {"submissions/so-khcn.yaml"}


def test_a_deleted_and_restored_file_shows_only_its_own_scores(cli: CLI, year: Year) -> None:
    rows = entries(cli, year, "submissions/so-y-te.yaml")
    assert names(year, rows)[:6] == [
        "init-so-y-te",
        "area1-so-y-te",
        "area23-so-y-te",
        "delete",
        "restore",
        "area4-so-y-te",
    ]
    deleted, restored = rows[3], rows[4]
    assert (deleted["path"], deleted["points"]) == (None, None)
    assert (restored["path"], restored["points"]) == ("submissions/so-y-te.yaml", rows[2]["points"])


def test_a_renamed_file_keeps_its_history_from_before_the_rename(cli: CLI, year: Year) -> None:
    rows = entries(cli, year, "submissions/so-nong-nghiep-moi-truong.yaml")
    assert names(year, rows)[:4] == ["init-so-nn-mt", "area1-so-nn-mt", "area23-so-nn-mt", "rename"]
    assert [row["path"] for row in rows[2:4]] == [
        "submissions/so-nn-mt.yaml",
        "submissions/so-nong-nghiep-moi-truong.yaml",
    ]


def test_history_follows_the_first_parent_and_shows_the_merge(cli: CLI, year: Year) -> None:
    rows = entries(cli, year, "submissions/so-tu-phap.yaml")
    shown = names(year, rows)
    assert shown[-4:] == ["main-1", "merge", "survey-1", "survey-2"]
    assert "branch-1" not in shown
    assert None not in shown  # a clean working tree has no uncommitted row
    merge = rows[shown.index("merge")]
    assert merge["commit"]["author"] == "Lê Văn Cường"


def test_all_parents_shows_the_branch_commits_without_zig_zagging(cli: CLI, year: Year) -> None:
    rows = entries(cli, year, "submissions/so-tu-phap.yaml", "--all-parents")
    shown = names(year, rows)
    assert shown[shown.index("round2") :] == [
        "round2",
        "branch-1",
        "main-1",
        "merge",
        "survey-1",
        "survey-2",
    ]
