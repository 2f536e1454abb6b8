"""`parcli compare`: two years of the same agencies, each side read from a file, a folder or
a revision (`REV:path`), or last year found in the workspace's archive (check/previous.py).

A side on disk is checked as `parcli score` checks it: a file with errors is left out and
its problems shown. A side at a revision is scored as `parcli diff` scores it, unchecked.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parcli.check.batch import SERIAL, Work
from parcli.check.driver import check_paths, mixed_sets, score_paths
from parcli.check.library import Library
from parcli.check.previous import compare_with_previous, find_previous, rank_beside
from parcli.compare import Comparison, compare_cards, mapping_between
from parcli.errors import ParcliError, UsageError
from parcli.git.blobs import Blobs
from parcli.git.repo import Repo
from parcli.git.snapshot import State
from parcli.git.versions import Versions
from parcli.models import CriteriaSet
from parcli.problems import Problem, has_errors, sort_problems
from parcli.scoring import Ranked, ScoreCard, rank_cards
from parcli.workspace import find_root, is_folder


@dataclass(frozen=True)
class Entry:
    """One agency's submission on one side: its card (every leaf), set and ranking."""

    card: ScoreCard
    criteria_set: CriteriaSet
    ranking: list[Ranked]


@dataclass(frozen=True)
class Side:
    entries: list[Entry]
    problems: list[Problem] = field(default_factory=list)
    folder: bool = False


@dataclass(frozen=True)
class YearOnYear:
    comparisons: tuple[Comparison, ...]  # agencies found on both sides
    only_new: tuple[ScoreCard, ...]  # no submission for the year before
    only_old: tuple[ScoreCard, ...]  # last year's agencies with no submission now (folders)
    problems: list[Problem]  # of files left out, and warnings

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def compare_paths(
    old: str | None, new: str | None, *, cwd: Path, today: dt.date, work: Work = SERIAL
) -> YearOnYear:
    """`parcli compare [OLD] [NEW]`: NEW defaults to the workspace's submissions/; without
    OLD each agency's previous-year submission is looked up in the workspace's archive."""
    after = read_side(new or str(find_root(cwd) / "submissions"), cwd=cwd, today=today, work=work)
    if old is None:
        return _against_archive(after, cwd=cwd, today=today)
    before = read_side(old, cwd=cwd, today=today, work=work)
    if before.folder != after.folder:
        raise UsageError(
            f"{old} và {new} phải cùng là tệp hồ sơ hoặc cùng là thư mục; hãy chỉ hai tệp của một "
            "cơ quan hoặc hai thư mục"
        )
    problems = sort_problems([*before.problems, *after.problems])
    if not after.folder:  # two files: one agency, whatever its id was then
        pairs = list(zip(before.entries, after.entries, strict=False))
        return YearOnYear(tuple(_compare(b, a) for b, a in pairs), (), (), problems)
    olds = {e.card.agency_id: e for e in before.entries}
    news = {e.card.agency_id for e in after.entries}
    found = tuple(
        _compare(olds[e.card.agency_id], e) for e in after.entries if e.card.agency_id in olds
    )
    only_new = tuple(e.card for e in after.entries if e.card.agency_id not in olds)
    only_old = tuple(e.card for e in before.entries if e.card.agency_id not in news)
    return YearOnYear(_ordered(found), only_new, only_old, problems)


def _against_archive(after: Side, *, cwd: Path, today: dt.date) -> YearOnYear:
    library = Library(root=find_root(cwd), cwd=cwd)
    problems = list(after.problems)
    found: list[Comparison] = []
    only_new: list[ScoreCard] = []
    rankings: dict[tuple[Path, str], list[Ranked]] = {}
    for entry in after.entries:
        previous = find_previous(
            entry.card.agency_id,
            entry.criteria_set,
            library=library,
            cwd=cwd,
            today=today,
            rankings=rankings,
        )
        if previous is None:
            only_new.append(entry.card)
            continue
        problems.extend(previous.problems)
        if not previous.mapping.ok:
            raise _mapping_error(entry.criteria_set, previous.criteria_set)
        comparison = compare_with_previous(
            entry.card, entry.criteria_set, previous, ranking=entry.ranking
        )
        if comparison is not None:
            found.append(comparison)
    return YearOnYear(_ordered(found), tuple(only_new), (), sort_problems(problems))


def _compare(before: Entry, after: Entry) -> Comparison:
    mapping = mapping_between(after.criteria_set, before.criteria_set)
    new_cs, old_cs = after.criteria_set, before.criteria_set
    if mapping is None and old_cs.assessed_year > new_cs.assessed_year:
        raise UsageError(
            f"{before.card.file} (năm {old_cs.assessed_year}) mới hơn {after.card.file} (năm "
            f"{new_cs.assessed_year}); hãy ghi năm trước trước: parcli compare CŨ MỚI"
        )
    if mapping is None:
        raise UsageError(
            f"{before.card.file} (bộ tiêu chí “{old_cs.id}”, năm {old_cs.assessed_year}) và "
            f"{after.card.file} (bộ “{new_cs.id}”, năm {new_cs.assessed_year}) không so sánh "
            "được: parcli so một năm với năm liền trước của cùng nhóm cơ quan (qua was: của bộ "
            "tiêu chí), hoặc hai phiên bản theo cùng một bộ tiêu chí"
        )
    if not mapping.ok:
        raise _mapping_error(new_cs, old_cs)
    return compare_cards(
        before.card,
        old_cs,
        after.card,
        new_cs,
        mapping,
        old_ranking=before.ranking,
        new_ranking=after.ranking,
    )


def _mapping_error(new: CriteriaSet, old: CriteriaSet) -> ParcliError:
    return ParcliError(
        f"các khóa was:/dropped: của bộ tiêu chí “{new.id}” không khớp bộ năm trước “{old.id}”; "
        "hãy chạy parcli validate criteria/ để xem và sửa rồi so sánh lại"
    )


def _ordered(found: Sequence[Comparison]) -> tuple[Comparison, ...]:
    return tuple(sorted(found, key=lambda c: (c.agency_name, c.agency_id)))


# ---------------------------------------------------------------- reading a side


def read_side(spec: str, *, cwd: Path, today: dt.date, work: Work = SERIAL) -> Side:
    """A file or folder on disk, or `REV:path` (a file or a folder at a git revision)."""
    path = Path(spec)
    if not os.path.lexists(path):
        rev, sep, inside = spec.partition(":")
        if sep and rev and len(rev) > 1:  # C:\… is a Windows path, not a revision
            return _git_side(spec, rev, inside, cwd=cwd)
        raise UsageError(f"không tìm thấy {spec}; hãy chỉ tệp, thư mục hoặc PHIÊN_BẢN:đường/dẫn")
    if is_folder(path):
        result = score_paths([path], cwd=cwd, today=today, detail=True, work=work)
        entries = [Entry(e.card, g.criteria_set, g.ranked) for g in result.groups for e in g.ranked]
        return Side(entries, result.problems, folder=True)
    problems: list[Problem] = []
    entries = []
    for checked in check_paths([path], cwd=cwd, today=today):
        problems.extend(checked.problems)
        sub, cs = checked.submission, checked.criteria_set
        if checked.kind == "criteria":
            raise UsageError(f"{checked.file} là bộ tiêu chí; hãy chỉ tệp hồ sơ của một cơ quan")
        if sub is not None and cs is not None and not has_errors(checked.problems):
            from parcli.scoring import score_submission

            card = score_submission(cs, sub, file=checked.file)
            ranking = rank_beside(path, cs.id, cwd=cwd, today=today, work=work)
            entries.append(Entry(card, cs, ranking))
    return Side(entries, problems)


def _git_side(spec: str, rev: str, inside: str, *, cwd: Path) -> Side:
    """A file or a folder at a revision, scored with that revision's criteria sets."""
    repo = Repo(cwd)
    sha = repo.resolve(rev)
    name = repo.relative(Path(inside or "."))
    with Blobs(repo) as blobs:
        versions = Versions(repo, blobs, cwd=cwd)
        parent = name.rpartition("/")[0] or "."  # a file's peers, for its rank
        state = versions.state(sha, list(dict.fromkeys([name, parent, versions.criteria_spec])))
        submissions = list(versions.submission_paths(state))
        if name in state.files:  # one file
            version = versions.version(state, name)
            if version.card is None or version.criteria_set is None:
                raise UsageError(f"{spec} không phải hồ sơ đọc được ở phiên bản {rev}")
            folder = name.rpartition("/")[0]
            beside = [p for p in submissions if p.rpartition("/")[0] == folder]
            mine = version.card.agency_id
            peers = [name] + [
                p for p in _one_each(versions, state, beside) if _agency(versions, state, p) != mine
            ]
            ranking = _rank(versions, state, peers, version.criteria_set.id)
            return Side([Entry(version.card, version.criteria_set, ranking)])
        inner = [p for p in submissions if name == "." or p.startswith(name.rstrip("/") + "/")]
        if not inner:
            raise UsageError(f"không có {inside} ở phiên bản {rev}; hãy kiểm tra đường dẫn")
        sets = _sets(versions, state, inner)
        inner = _one_each(versions, state, inner)
        entries = [
            Entry(r.card, cs, ranking)
            for set_id, cs in sorted(sets.items())
            for ranking in [_rank(versions, state, inner, set_id)]
            for r in ranking
        ]
    return Side(entries, folder=True)


def _one_each(versions: Versions, state: State, paths: Sequence[str]) -> list[str]:
    """The files scored, one per agency and set: the first in name order, as `parcli score`
    and `parcli diff` take it (a second file claiming an agency is not ranked twice)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for p in sorted(paths):
        version = versions.version(state, p)
        if version.card is not None and version.criteria_set is not None:
            key = (version.card.agency_id, version.criteria_set.id)
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def _agency(versions: Versions, state: State, path: str) -> str | None:
    card = versions.version(state, path).card
    return card.agency_id if card is not None else None


def _sets(versions: Versions, state: State, paths: Sequence[str]) -> dict[str, CriteriaSet]:
    """The sets the files use, by id; two sets of one group are refused, as `parcli score`
    refuses them (one ranking is one year)."""
    files: dict[str, list[str]] = {}
    sets: dict[str, CriteriaSet] = {}
    for p in sorted(paths):
        version = versions.version(state, p)
        cs = version.criteria_set
        if cs is not None and version.card is not None:
            sets[cs.id] = cs
            files.setdefault(cs.id, []).append(version.file)
    groups: dict[str, list[CriteriaSet]] = {}
    for cs in sets.values():
        groups.setdefault(cs.group_id or "", []).append(cs)
    for members in groups.values():
        if len(members) > 1:
            ordered = sorted(members, key=lambda cs: cs.id)
            raise UsageError(mixed_sets([(cs, files[cs.id]) for cs in ordered]))
    return sets


def _rank(versions: Versions, state: State, paths: Sequence[str], set_id: str) -> list[Ranked]:
    cards = []
    places = 2
    for p in paths:
        version = versions.version(state, p)
        cs = version.criteria_set
        if version.card is not None and cs is not None and cs.id == set_id:
            cards.append(version.card)
            places = cs.decimals.percent
    return rank_cards(cards, places=places)
