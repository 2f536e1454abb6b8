"""Last year's submission of an agency: found in archive/<year>/, checked, scored, mapped."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.check.files import check_file
from parcli.check.library import Library
from parcli.check.previous import compare_with_previous, find_previous, rank_beside
from parcli.models import CriteriaSet
from parcli.scoring import score_submission
from tests.conftest import Run

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def ws(bundled_copy: Path) -> Path:
    return bundled_copy


def this_year(ws: Path, agency: str) -> tuple[CriteriaSet, Library]:
    library = Library(root=ws, cwd=ws)
    checked = check_file(
        ws / "submissions" / f"{agency}.yaml", cwd=ws, library=library, today=TODAY
    )
    assert checked.criteria_set is not None
    return checked.criteria_set, library


@pytest.mark.slow
def test_last_years_submission_is_found_scored_and_placed_in_its_ranking(ws: Path) -> None:
    cs, library = this_year(ws, "so-khcn")
    previous = find_previous("so-khcn", cs, library=library, cwd=ws, today=TODAY)
    assert previous is not None and previous.ok
    assert (previous.file, previous.criteria_set.id, previous.problems) == (
        "archive/2025/so-khcn.yaml",
        "2025",
        [],
    )
    assert [r.card.agency_id for r in previous.ranking][3] == "so-khcn"  # 4th of 6 in 2025
    renumbered = previous.leaf_score("3.3.1")  # "3.3" in 2025
    assert renumbered is not None and renumbered.leaf.id == "3.3"
    assert renumbered.final == Decimal("1.7005")
    assert previous.leaf_score("1.7.1") is None  # new in 2026


def test_no_previous_year_without_last_years_set_or_its_archive(ws: Path) -> None:
    cs, library = this_year(ws, "xa-tien-du")  # no 2025 set for communes
    assert find_previous("xa-tien-du", cs, library=library, cwd=ws, today=TODAY) is None
    cs, library = this_year(ws, "so-khcn")
    assert find_previous("so-moi", cs, library=library, cwd=ws, today=TODAY) is None
    shutil.rmtree(ws / "archive")
    assert find_previous("so-khcn", cs, library=library, cwd=ws, today=TODAY) is None


def test_last_years_file_with_errors_is_found_but_not_compared(ws: Path) -> None:
    path = ws / "archive" / "2025" / "so-y-te.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("self: 1\n", "self: 9\n", 1), "utf-8")
    cs, library = this_year(ws, "so-y-te")
    previous = find_previous("so-y-te", cs, library=library, cwd=ws, today=TODAY)
    assert previous is not None and not previous.ok
    assert {p.code for p in previous.problems} == {"score-out-of-range"}
    assert previous.leaf_score("1.1.1") is None
    card = score_submission(
        cs,
        check_file(
            ws / "submissions" / "so-y-te.yaml", cwd=ws, library=library, today=TODAY
        ).submission,
    )  # type: ignore[arg-type]
    assert compare_with_previous(card, cs, previous) is None


@pytest.mark.slow
def test_a_ranking_counts_only_the_valid_files_of_one_set_beside_it(ws: Path) -> None:
    folder = ws / "submissions"
    broken = folder / "so-y-te.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("self: 1\n", "self: 9\n", 1), "utf-8"
    )
    ranking = rank_beside(folder / "so-khcn.yaml", "2026", cwd=ws, today=TODAY)
    assert [r.card.agency_id for r in ranking] == [
        "van-phong-ubnd-tinh",
        "so-tu-phap",
        "so-khcn",
        "so-tai-chinh",
        "so-noi-vu",
    ]
    assert rank_beside(folder / "so-khcn.yaml", "2019", cwd=ws, today=TODAY) == []


def test_plan_takes_an_unscored_items_result_from_last_year_through_the_mapping(
    ws: Path, cli: Callable[..., Run]
) -> None:
    """3.3.1 of 2026 was 3.3 in 2025: with no score this year, last year's 3.3 stands in,
    rescaled to this year's maximum, found in the archive without being named."""
    path = ws / "submissions" / "so-khcn.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    self: 1.3613\n    inputs: {dossiers_digitized: 2297, dossiers_received: 2531}\n", "", 1
    )
    path.write_text(text, encoding="utf-8")
    result = cli("plan", "submissions/so-khcn.yaml", "--as-of", "2026-11-25", "-f", "json", cwd=ws)
    assert result.code == 0, result.stderr
    item = next(i for i in json.loads(result.stdout)["items"] if i["id"] == "3.3.1")
    cs, library = this_year(ws, "so-khcn")
    old = library.find_previous(cs)
    assert old is not None
    ratio = Decimal("1.7005") / old.leaf_by_id["3.3"].max
    assert item["source"] == "previous"
    assert Decimal(item["points"]) == cs.leaf_by_id["3.3.1"].max * ratio
