"""Several criteria sets in one run: each agency group ranked on its own, two years refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINI_CRITERIA, REPO, Run, write

MINI_TITLE = "Bộ tiêu chí thử"

CLI = Callable[..., Run]


def group_set(set_id: str, group: str, year: int) -> str:
    return MINI_CRITERIA.replace(
        "id: mini",
        f"id: {set_id}\ngroup: {{id: {group}, title: Nhóm {group}}}\nyear: {year}",
    ).replace("2026-", f"{year}-")


def submission(agency: str, criteria: str, done: int) -> str:
    return f"""
format: parcli/submission/1
criteria: {criteria}
agency: {{id: {agency}, name: {agency.upper()}}}
items:
  "1.1.2": {{inputs: {{done: {done}, planned: 10}}}}
  "2.1": {{inputs: {{on_time: 9, total: 10}}}}
survey: {{"1.2": 2}}
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    write(tmp_path / "criteria" / "so.yaml", group_set("so-2026", "so", 2026))
    write(tmp_path / "criteria" / "xa.yaml", group_set("xa-2026", "xa", 2026))
    write(tmp_path / "criteria" / "so-2025.yaml", group_set("so-2025", "so", 2025))
    for agency, criteria, done in (
        ("so-a", "so-2026", 10),
        ("so-b", "so-2026", 8),
        ("xa-a", "xa-2026", 8),
        ("xa-b", "xa-2026", 10),
        ("xa-c", "xa-2026", 10),
    ):
        write(tmp_path / "submissions" / f"{agency}.yaml", submission(agency, criteria, done))
    return tmp_path


def test_each_group_is_ranked_on_its_own(ws: Path, cli: CLI) -> None:
    result = cli("score", "-f", "json", cwd=ws)
    assert result.code == 0, result.stderr
    groups = json.loads(result.stdout)["groups"]
    assert [(g["group"], g["criteria"], g["year"]) for g in groups] == [
        ({"id": "so", "title": "Nhóm so"}, "so-2026", 2026),
        ({"id": "xa", "title": "Nhóm xa"}, "xa-2026", 2026),
    ]
    assert [[(a["id"], a["rank"]) for a in g["agencies"]] for g in groups] == [
        [("so-a", 1), ("so-b", 2)],
        [("xa-b", 1), ("xa-c", 1), ("xa-a", 2)],  # dense: 1, 1, 2
    ]
    assert [g["average"] for g in groups] == ["80", "81.66666666666666666666666667"]


def test_the_terminal_shows_a_table_per_group(ws: Path, cli: CLI) -> None:
    out = cli("score", cwd=ws).stdout
    assert out.index("SO-A") < out.index("SO-B") < out.index("XA-B") < out.index("XA-A")
    assert out.count("Xếp hạng Chỉ số CCHC") == 2


def test_the_csv_has_a_group_column(ws: Path, cli: CLI) -> None:
    rows = cli("score", "-f", "csv", cwd=ws).stdout.splitlines()
    assert [row.split(",")[:4] for row in rows] == [
        ["\ufeffgroup", "criteria", "rank", "id"],
        ["so", "so-2026", "1", "so-a"],
        ["so", "so-2026", "2", "so-b"],
        ["xa", "xa-2026", "1", "xa-b"],
        ["xa", "xa-2026", "1", "xa-c"],
        ["xa", "xa-2026", "2", "xa-a"],
    ]


def test_two_years_of_one_group_in_one_ranking_are_refused_naming_the_files(
    ws: Path, cli: CLI
) -> None:
    for n in range(4):
        write(ws / "archive" / f"so-{n}.yaml", submission(f"so-{n}", "so-2025", 9))
    result = cli("score", "submissions", "archive", cwd=ws)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "parcli: các hồ sơ thuộc nhóm “Nhóm so” dùng bộ tiêu chí của nhiều năm: “so-2025” (năm "
        "2025: archive/so-0.yaml, archive/so-1.yaml, archive/so-2.yaml và 1 tệp khác); "
        "“so-2026” (năm 2026: submissions/so-a.yaml, submissions/so-b.yaml). Mỗi bảng xếp hạng "
        "chỉ một năm: hãy chấm riêng từng thư mục; muốn so hai năm, dùng parcli compare\n"
    )


def test_two_sets_of_one_group_and_year_are_refused_too(ws: Path, cli: CLI) -> None:
    write(ws / "criteria" / "so-bis.yaml", group_set("so-bis", "so", 2026))
    write(ws / "submissions" / "so-c.yaml", submission("so-c", "so-bis", 9))
    result = cli("score", cwd=ws)
    assert result.code == 2
    assert result.stderr.startswith(
        "parcli: các hồ sơ thuộc nhóm “Nhóm so” dùng nhiều bộ tiêu chí khác nhau: “so-2026” "
    )


def test_sets_that_name_no_group_are_one_group(mini_workspace: Path, cli: CLI) -> None:
    write(
        mini_workspace / "criteria" / "mini-2.yaml", MINI_CRITERIA.replace("id: mini", "id: mini-2")
    )
    write(mini_workspace / "submissions" / "a.yaml", submission("a", "mini", 9))
    write(mini_workspace / "submissions" / "b.yaml", submission("b", "mini-2", 9))
    result = cli("score", cwd=mini_workspace)
    assert result.code == 2
    assert "parcli: các hồ sơ thuộc cùng một nhóm dùng nhiều bộ tiêu chí khác nhau" in result.stderr


def test_one_agency_may_have_a_file_a_year(ws: Path, cli: CLI) -> None:
    write(ws / "archive" / "so-a.yaml", submission("so-a", "so-2025", 9))
    result = cli("validate", "criteria", "submissions", "archive", cwd=ws)
    assert "duplicate-agency" not in result.stdout and result.code == 0


def test_a_ranking_report_has_a_section_per_group_or_the_one_asked_for(ws: Path, cli: CLI) -> None:
    both = cli("report", "ranking", "--as-of", "2026-11-25", cwd=ws).stdout
    assert "## I. NHÓM SO" in both and "## II. NHÓM XA" in both
    assert both.count("**Bình quân của nhóm**") == 2
    one = cli("report", "ranking", "--as-of", "2026-11-25", "--group", "xa", cwd=ws)
    assert "## I." not in one.stdout and "XA-A" in one.stdout and "SO-A" not in one.stdout
    assert "các cơ quan, đơn vị" in both and "các cơ quan, đơn vị" not in one.stdout
    assert f"**{MINI_TITLE}**" in one.stdout  # one group: the ranking is titled by its set
    unknown = cli("report", "ranking", "--group", "huyen", cwd=ws)
    assert (unknown.code, unknown.stderr) == (
        2,
        "parcli: không có nhóm “huyen” trong các hồ sơ đã chấm; các nhóm: so (Nhóm so), "
        "xa (Nhóm xa)\n",
    )


@pytest.mark.slow
def test_a_ranking_report_of_two_groups_has_a_chart_each(ws: Path, cli: CLI) -> None:
    result = cli("report", "ranking", "--as-of", "2026-11-25", "-o", "xh.md", cwd=ws)
    assert result.code == 0
    text = (ws / "xh.md").read_text(encoding="utf-8")
    assert "(xh-xep-hang-so.png)" in text and "(xh-xep-hang-xa.png)" in text
    assert (ws / "xh-xep-hang-so.png").read_bytes().startswith(b"\x89PNG")
    assert cli("report", "ranking", "--as-of", "2026-11-25", "-o", "xh.xlsx", cwd=ws).code == 0
    from openpyxl import load_workbook

    book = load_workbook(ws / "xh.xlsx")
    assert book.sheetnames == ["Xếp hạng (so)", "Phân bố (so)", "Xếp hạng (xa)", "Phân bố (xa)"]


@pytest.mark.slow
def test_the_bundled_workspace_ranks_departments_and_communes_apart(cli: CLI) -> None:
    groups = json.loads(cli("score", "-f", "json", "--today", "2026-11-25", cwd=REPO).stdout)
    assert [(g["group"]["id"], len(g["agencies"]), g["average"]) for g in groups["groups"]] == [
        ("so", 6, "86.31"),
        ("xa", 5, "86.478"),
    ]
