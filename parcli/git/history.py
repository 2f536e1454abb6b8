"""`parcli history`: one agency's score at every commit that moved it, on the first-parent
line of HEAD (or every branch with `all_parents`), then in the working tree.

The agency is the one whose id is written in the file named; its file is followed by that
id across renames, deletions and restorations, never by git's similarity score.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from parcli.errors import UsageError
from parcli.git.blobs import Blobs
from parcli.git.repo import Commit, Repo
from parcli.git.snapshot import State, Version
from parcli.git.timeline import Timeline, first_parent_timeline, track
from parcli.git.versions import Versions
from parcli.scoring import ScoreCard
from parcli.workspace import is_folder


@dataclass(frozen=True)
class HistoryEntry:
    commit: Commit | None  # None: the working tree, not yet committed
    version: Version
    event: str  # added, modified, renamed, deleted, criteria (the criteria set moved it),
    # shallow (where a shallow clone's history begins: who wrote what before is not known)
    previous: str | None = None  # the path before, for a rename
    branch: bool = False  # a commit of a merged branch (only with all_parents)


@dataclass(frozen=True)
class History:
    path: str
    agency_id: str
    entries: tuple[HistoryEntry, ...]  # oldest first

    @property
    def card(self) -> ScoreCard | None:
        """The newest score card: whose history this is."""
        return next((e.version.card for e in reversed(self.entries) if e.version.card), None)


@dataclass(frozen=True)
class AgencyTimeline:
    """The agency a file names, and HEAD's first-parent line then the working tree."""

    versions: Versions
    timeline: Timeline
    agency: str
    name: str  # the file, from the repository's top folder
    head: str


@contextmanager
def agency_timeline(repo: Repo, path: Path, *, cwd: Path) -> Iterator[AgencyTimeline]:
    name = repo.relative(path)
    head = repo.resolve("HEAD")
    with Blobs(repo) as blobs:
        versions = Versions(repo, blobs, cwd=cwd)
        specs = list(dict.fromkeys([*versions.specs, name]))
        timeline = first_parent_timeline(versions, head, start=None, specs=specs, worktree=True)
        yield AgencyTimeline(
            versions, timeline, agency_of(versions, timeline, name, path), name, head
        )


def score_history(repo: Repo, path: Path, *, cwd: Path, all_parents: bool = False) -> History:
    """The agency's score at every commit that changed its file or its score."""
    with agency_timeline(repo, path, cwd=cwd) as found:
        versions, timeline, agency = found.versions, found.timeline, found.agency
        if all_parents:
            entries = _all_parents(versions, found.head, agency, timeline)
        else:
            first, tracked = track(versions, timeline, agency, None)
            entries = _entries(
                [(p.commit, v) for p, v in zip(timeline.points, tracked, strict=True)], first
            )
            if timeline.cut is not None and first.path is not None:
                entries.insert(0, HistoryEntry(timeline.cut, first, "shallow"))
    return History(found.name, agency, tuple(entries))


def agency_of(versions: Versions, timeline: Timeline, name: str, path: Path) -> str:
    """The agency whose history `name` stands for: the id in its newest version."""
    states = [p.state for p in reversed(timeline.points)] + [timeline.start]
    blobs = [state.files[name] for state in states if name in state.files]
    if not blobs and is_folder(path):
        raise UsageError(
            f"{path} là thư mục; lịch sử điểm là của một hồ sơ: hãy chỉ một tệp, hoặc dùng "
            "parcli history --all cho mọi cơ quan"
        )
    if not blobs:
        raise UsageError(f"{path} chưa từng có trong lịch sử git của kho; hãy kiểm tra đường dẫn")
    agency = next((a for blob in blobs if (a := versions.agency(blob)) is not None), None)
    if agency is None:
        raise UsageError(
            f"{path} không phải hồ sơ parcli đọc được ở phiên bản nào; lịch sử điểm theo mã cơ "
            "quan (agency.id) ghi trong hồ sơ"
        )
    return agency


def _entries(points: list[tuple[Commit | None, Version]], first: Version) -> list[HistoryEntry]:
    """One entry per point whose version differs from the one before in file or in score."""
    out = []
    previous = first
    for commit, version in points:
        entry = entry_for(commit, version, previous)
        if entry is not None:
            out.append(entry)
        previous = version
    return out


def entry_for(
    commit: Commit | None, version: Version, previous: Version, *, main: set[str] | None = None
) -> HistoryEntry | None:
    """The row for `version` after `previous`, if it moved; `main`: HEAD's first-parent line
    (a commit not on it is a branch's)."""
    if version is previous or (version.path is None and previous.path is None):
        return None
    branch = main is not None and commit is not None and commit.sha not in main
    if version.path is None:
        return HistoryEntry(commit, version, "deleted", branch=branch)
    if previous.path is None:
        return HistoryEntry(commit, version, "added", branch=branch)
    if version.path != previous.path:
        return HistoryEntry(commit, version, "renamed", previous.path, branch=branch)
    if version.blob != previous.blob:
        return HistoryEntry(commit, version, "modified", branch=branch)
    if _shown(version.card) == _shown(previous.card):
        return None  # the criteria set changed, but nothing this agency's score shows
    return HistoryEntry(commit, version, "criteria", branch=branch)


def _shown(card: ScoreCard | None) -> tuple[object, ...]:
    if card is None:
        return ()
    return card.points, card.max, card.index, card.class_name, card.provisional


def _all_parents(
    versions: Versions, head: str, agency: str, timeline: Timeline
) -> list[HistoryEntry]:
    """Every commit of every branch that moved the agency's score, a branch at a time."""
    main = {c.sha for c in versions.repo.first_parents(head)}
    empty = State.of({}, versions.criteria_spec)
    states: dict[str, tuple[State, str | None]] = {}
    out: list[HistoryEntry] = []
    specs = timeline.specs
    for step in versions.repo.walk(head, start=None, specs=specs, first_parent=False):
        if step.commit.sha in versions.repo.shallow:  # see first_parent_timeline
            state = versions.state(step.commit.sha, specs)
            path = versions.locate(state, agency)
            states[step.commit.sha] = (state, path)
            if path is not None:
                branch = step.commit.sha not in main
                out.append(
                    HistoryEntry(
                        step.commit, versions.version(state, path), "shallow", branch=branch
                    )
                )
            continue
        parents = step.commit.parents
        before, where = states.get(parents[0], (empty, None)) if parents else (empty, None)
        state = before.after(step.changes, versions.criteria_spec)
        path = versions.follow(agency, where, before, state, step.changes)
        states[step.commit.sha] = (state, path)
        entry = entry_for(
            step.commit,
            versions.version(state, path),
            versions.version(before, where),
            main=main,
        )
        if entry is not None:
            out.append(entry)
    last = timeline.points[-1] if timeline.points else None
    if last is not None and last.commit is None:  # the working tree changed
        state, where = states.get(head, (empty, None))
        path = versions.follow(agency, where, state, last.state, last.changed)
        entry = entry_for(None, versions.version(last.state, path), versions.version(state, where))
        if entry is not None:
            out.append(entry)
    return out
