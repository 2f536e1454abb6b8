"""Last year's submission of an agency: where it is kept, how it is found, checked, scored
and read through this year's set's `was:` mapping.

A workspace keeps a closed year's submissions in `archive/<year>/` (for example
`git mv submissions/so-khcn.yaml archive/2025/` once the year's results are published).
Last year's submission of an agency is the submission in `archive/<year − 1>/` (any depth)
with the same agency id, scored against the previous year's set of the same agency group
(`Library.find_previous`). Its rank is its place among the submissions beside it (the same
folder, the same set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from parcli.check.batch import SERIAL, Work, check_many
from parcli.check.files import check_file
from parcli.check.library import Library
from parcli.compare import Comparison, IdMapping, compare_cards, map_ids
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.loading import parse_bytes
from parcli.models import CriteriaSet, Submission
from parcli.problems import Problem, has_errors
from parcli.scoring import LeafScore, Ranked, ScoreCard, rank_cards, score_submission
from parcli.workspace import YAML_SUFFIXES, expand_paths, is_folder

if TYPE_CHECKING:
    from parcli.planning import Previous

ARCHIVE = "archive"


@dataclass(frozen=True)
class LastYear:
    """An agency's submission of the year before, as found and checked."""

    file: str
    path: Path
    problems: list[Problem]  # its own; with errors there is no card to compare
    criteria_set: CriteriaSet  # the previous year's set of the agency's group
    mapping: IdMapping  # this year's set read against `criteria_set`
    card: ScoreCard | None = None  # every leaf kept; None when the file has errors
    ranking: list[Ranked] = field(default_factory=list)  # the agencies beside it that year

    @property
    def ok(self) -> bool:
        return self.card is not None

    def leaf_score(self, item_id: str) -> LeafScore | None:
        """Last year's score of the item that `item_id` (an id of this year's set) was."""
        old_id = self.mapping.old_leaf(item_id)
        if self.card is None or old_id is None:
            return None
        return next((s for s in self.card.leaves if s.leaf.id == old_id), None)


def archive_folder(root: Path, year: int) -> Path:
    return root / ARCHIVE / str(year)


def find_previous(
    agency_id: str,
    cs: CriteriaSet,
    *,
    library: Library,
    cwd: Path,
    today: dt.date,
    rankings: dict[tuple[Path, str], list[Ranked]] | None = None,
) -> LastYear | None:
    """The agency's submission of the year before `cs`'s, checked and scored; None when the
    workspace (`library.root`) has no previous set for the group or no such submission in
    its archive. `LastYear.leaf_score(id)` gives last year's score of an item of `cs`.
    `rankings` keeps the archive's rankings between calls for several agencies."""
    previous_set = library.find_previous(cs)
    if previous_set is None:
        return None
    folder = archive_folder(library.root, previous_set.assessed_year)
    if not is_folder(folder):
        return None
    found_files = expand_paths([folder], cwd=cwd).files
    path = next((p for p in found_files if _names(p, agency_id, previous_set.id)), None)
    if path is None:
        return None
    checked = check_file(path, cwd=cwd, library=library, today=today)
    mapping = map_ids(cs, previous_set)
    found = LastYear(checked.file, path, checked.problems, previous_set, mapping)
    if checked.submission is None or checked.criteria_set is None or has_errors(checked.problems):
        return found
    card = score_submission(checked.criteria_set, checked.submission, file=checked.file)
    memo = rankings if rankings is not None else {}
    if (path.parent, previous_set.id) not in memo:
        memo[path.parent, previous_set.id] = rank_beside(
            path, previous_set.id, cwd=cwd, today=today
        )
    ranking = memo[path.parent, previous_set.id]
    return LastYear(checked.file, path, checked.problems, previous_set, mapping, card, ranking)


def _names(path: Path, agency_id: str, criteria_id: str) -> bool:
    """Whether the file is a submission of `agency_id` against set `criteria_id`: a parse,
    not a check (most of the archive is other agencies' files)."""
    try:
        raw = read_regular(path, limit=MAX_FILE_BYTES)
    except Unreadable:
        return False
    if agency_id.encode() not in raw:
        return False
    doc, _ = parse_bytes(raw, file=str(path), path=path)
    data = doc.data if doc is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("agency"), dict):
        return False
    return data["agency"].get("id") == agency_id and data.get("criteria") == criteria_id


def rank_beside(
    path: Path, criteria_id: str, *, cwd: Path, today: dt.date, work: Work = SERIAL
) -> list[Ranked]:
    """The ranking of the valid submissions in `path`'s folder scored against `criteria_id`:
    where the agency stood among those it was ranked with."""
    folder = path.parent
    try:
        files = sorted(
            p for p in folder.iterdir() if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
        )
    except OSError:  # the folder went away or cannot be listed: no one to rank among
        files = []
    outcomes, library = check_many(files, cwd=cwd, today=today, mode="score", work=work)
    cards = [
        o.card
        for o in outcomes
        if o.card is not None and o.criteria_id == criteria_id and not has_errors(o.problems)
    ]
    cs = library.find(criteria_id) if library is not None else None
    places = cs.decimals.percent if cs is not None else 2
    return rank_cards(cards, places=places)


def compare_with_previous(
    card: ScoreCard,
    cs: CriteriaSet,
    previous: LastYear,
    *,
    ranking: Sequence[Ranked] = (),
) -> Comparison | None:
    """This year's card (every leaf kept) against last year's; None when last year's file
    has errors or the set's `was:` mapping does not fit last year's set."""
    if previous.card is None or not previous.mapping.ok:
        return None
    return compare_cards(
        previous.card,
        previous.criteria_set,
        card,
        cs,
        previous.mapping,
        old_ranking=previous.ranking,
        new_ranking=ranking,
    )


def previous_results(
    sub: Submission, cs: CriteriaSet, *, root: Path, cwd: Path, today: dt.date
) -> Previous | None:
    """Last year's results of `sub`'s agency from the workspace's archive, read through the
    `was:` mapping: what planning uses for items with no score yet this year. None when
    there is no such submission, or it has errors."""
    from parcli.check.driver import leaf_ids
    from parcli.planning import Previous

    found = find_previous(
        sub.agency.id, cs, library=Library(root=root, cwd=cwd), cwd=cwd, today=today
    )
    if found is None or found.card is None:
        return None
    return Previous(found.card, leaf_ids(cs, found.mapping))
