"""Revisions in order, one agency's file along them, and who changed each of its values.

A timeline follows the first parents of a revision: the history of a branch as the branch
saw it, a merge being one change of its own. Who wrote a value is the newest commit of the
timeline that changed it; when that commit is a merge that took the value from the merged
branch, the branch's own commit wrote it (and the merge brought it in); a value found in
no parent was written by the merge itself, which resolved a conflict.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from parcli.git.repo import Commit
from parcli.git.snapshot import Key, State, Version
from parcli.git.versions import Versions


@dataclass(frozen=True)
class Point:
    commit: Commit | None  # None: the working tree
    state: State
    changed: frozenset[str]  # the files this commit changed


@dataclass(frozen=True)
class Timeline:
    start: State  # before the first point
    points: tuple[Point, ...]  # oldest first
    specs: tuple[str, ...]
    cut: Commit | None = None  # where a shallow clone's history begins: `start` is its state


@dataclass(frozen=True)
class Credit:
    """Who wrote a value: a commit, or the working tree (`commit` None)."""

    commit: Commit | None
    via: Commit | None = None  # the merge that brought a branch's commit in

    @property
    def uncommitted(self) -> bool:
        return self.commit is None


def first_parent_timeline(
    versions: Versions,
    end: str,
    *,
    start: str | None,
    specs: Sequence[str],
    worktree: bool = False,
) -> Timeline:
    """The commits after `start` on `end`'s first-parent line that changed files under
    `specs` (all of them without `start`), then the working tree when asked and changed."""
    steps = versions.repo.walk(end, start=start, specs=specs)
    cut = None
    if steps and steps[0].commit.sha in versions.repo.shallow:
        # A shallow clone shows the oldest commit it has as adding every file: what it holds
        # is where the history known here begins, not what that commit wrote.
        cut, steps = steps[0].commit, steps[1:]
        state = versions.state(cut.sha, specs)
    elif not steps:
        state = versions.state(end, specs)
    elif steps[0].commit.parents:
        state = versions.state(steps[0].commit.parents[0], specs)
    else:
        state = State.of({}, versions.criteria_spec)
    first = state
    points = []
    for step in steps:
        state = state.after(step.changes, versions.criteria_spec)
        points.append(Point(step.commit, state, frozenset(step.changes)))
    if worktree:
        now, changes = versions.worktree(state, specs)
        if changes:
            points.append(Point(None, now, frozenset(changes)))
    return Timeline(first, tuple(points), tuple(specs), cut)


def track(
    versions: Versions, timeline: Timeline, agency: str, hint: str | None, *, first: bool = False
) -> tuple[Version, list[Version]]:
    """`agency`'s version before the timeline, and at each of its points; `first`: the file
    `parcli diff` shows when two claim the agency (else the one it started in)."""
    path = versions.locate(timeline.start, agency, hint)
    start = versions.version(timeline.start, path)
    before = timeline.start
    out = []
    for point in timeline.points:
        path = versions.follow(agency, path, before, point.state, point.changed, first=first)
        out.append(versions.version(point.state, path))
        before = point.state
    return start, out


def blame(
    versions: Versions,
    timeline: Timeline,
    agency: str,
    keys: Collection[Key],
    *,
    hint: str | None,
    end: str | None = None,
) -> dict[Key, Credit]:
    """For each key, who wrote the value it has at the end of the timeline (keys no commit
    of the timeline changed are left out). `end`: the file whose values these are, when the
    caller knows it (`parcli diff`, which takes the first file in name order when two claim
    the agency); the file is followed to it, should following it where it was lead apart."""
    first, tracked = track(versions, timeline, agency, hint)
    if end is not None and tracked and tracked[-1].path != end:
        first, tracked = track(versions, timeline, agency, hint, first=True)
    pending = set(keys)
    found: dict[Key, Credit] = {}
    for i in reversed(range(len(tracked))):
        if not pending:
            break
        current, previous = tracked[i], tracked[i - 1] if i else first
        if current is previous:
            continue
        changed = [k for k in pending if current.fact(k) != previous.fact(k)]
        pending.difference_update(changed)
        commit = timeline.points[i].commit
        if commit is not None and commit.is_merge and changed:
            found.update(origin(versions, timeline, commit, agency, changed, current))
        else:
            found.update((k, Credit(commit)) for k in changed)
    return found


def origin(
    versions: Versions,
    timeline: Timeline,
    merge: Commit,
    agency: str,
    keys: Collection[Key],
    merged: Version,
) -> dict[Key, Credit]:
    """Who wrote the values a merge changed: a commit of the merged branch when the merge
    took the branch's value, else the merge itself."""
    out = {k: Credit(merge) for k in keys}
    for parent in merge.parents[1:]:
        state = versions.state(parent, timeline.specs)
        theirs = versions.version(state, versions.locate(state, agency, merged.path))
        taken = [k for k in keys if out[k].commit is merge and theirs.fact(k) == merged.fact(k)]
        if not taken:
            continue
        branch = first_parent_timeline(
            versions, parent, start=merge.parents[0], specs=timeline.specs
        )
        for key, credit in blame(versions, branch, agency, taken, hint=theirs.path).items():
            out[key] = Credit(credit.commit, credit.via or merge)
    return out
