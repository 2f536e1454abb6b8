"""Last year's submission of an agency: found in archive/<year>/, checked, scored, mapped."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from parcli.check.files import Library, check_file
from parcli.check.previous import compare_with_previous, find_previous, rank_beside
from parcli.models import CriteriaSet
from parcli.scoring import score_submission

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
