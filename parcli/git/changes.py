"""`parcli diff`: what moved each agency's score between two revisions, and who did it.

Agencies are matched by the agency id inside their files, so a renamed file is one agency
under two names whatever the paths asked for. A revision is scored with the criteria sets
of that same revision (the current and bundled sets for any it does not have), and ranked
among the submissions it holds. Nothing is validated: a version that reads as a submission
is scored as it stands.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.errors import UsageError
from parcli.git import phases
from parcli.git.blobs import Blobs
from parcli.git.effects import Line, score_lines
from parcli.git.repo import Repo
from parcli.git.snapshot import State, Version
from parcli.git.timeline import Credit, Timeline, blame, first_parent_timeline
from parcli.git.versions import Versions
from parcli.models import CriteriaSet
from parcli.scoring import ScoreCard
from parcli.workspace import is_yaml


@dataclass(frozen=True)
class Change:
    line: Line
    credit: Credit | None  # None: a consequence of other changes, or no commit in the range


@dataclass(frozen=True)
class AgencyChange:
    agency_id: str
    before: Version
    after: Version
    rank_before: int | None
    rank_after: int | None
    changes: tuple[Change, ...]

    @property
    def card(self) -> ScoreCard:
        """The newer of the two score cards: whose change this is."""
        card = self.after.card or self.before.card
        assert card is not None  # only agencies with a score card on one side are listed
        return card

    @property
    def criteria_set(self) -> CriteriaSet:
        cs = self.after.criteria_set or self.before.criteria_set
        assert cs is not None
        return cs

    @property
    def status(self) -> str:
        if self.before.path is None:
            return "added"
        if self.after.path is None:
            return "deleted"
        if self.before.path != self.after.path:
            return "renamed"
        if self.after.card is None:
            return "invalid"  # the file is there; this version is unreadable or has errors
        return "modified" if self.before.blob != self.after.blob else "unchanged"


@dataclass(frozen=True)
class ScoreDiff:
    rev_a: str
    rev_b: str | None  # None: the working tree
    sha_a: str
    sha_b: str | None
    agencies: tuple[AgencyChange, ...]


def split_arguments(repo: Repo, args: Sequence[str]) -> tuple[list[str], list[Path]]:
    """`[REV_A [REV_B]] [PATHS]` or `[A..B] [PATHS]`: leading revisions, then paths.

    An existing file or folder is a path; so is a name with a slash or a YAML suffix that
    names no revision (a file that may exist only in history); anything else must be a
    revision: a commit, branch or tag, or a phase of the year (`vong-1`).
    """
    revs: list[str] = []
    paths: list[Path] = []
    for arg in args:
        if paths or len(revs) == 2 or os.path.lexists(arg):
            paths.append(Path(arg))
        elif not revs and _is_range(repo, arg, "..."):
            # As in git diff: from where the two met (a pull request's own changes only).
            a, _, b = arg.partition("...")
            shas = [phases.resolve(repo, rev or "HEAD") for rev in (a, b)]
            revs.extend([repo.merge_base(*shas), b or "HEAD"])
        elif not revs and _is_range(repo, arg, ".."):
            a, _, b = arg.partition("..")
            revs.extend([a or "HEAD", b or "HEAD"])
        elif phases.revision(repo, arg) is not None:
            revs.append(arg)
        elif "/" in arg or is_yaml(arg):
            paths.append(Path(arg))
        else:
            repo.resolve(arg)  # says which revision is unknown
    return revs, paths


def _is_range(repo: Repo, arg: str, dots: str) -> bool:
    a, found, b = arg.partition(dots)
    if not found or (dots == ".." and "..." in arg):
        return False
    return all(phases.revision(repo, rev or "HEAD") for rev in (a, b))


def dated_revisions(
    repo: Repo, revs: list[str], since: dt.date | None, until: dt.date | None
) -> list[str]:
    """`--since` and `--until` as revisions: the last commit before the first day, and the
    last commit of the last day, on HEAD's first-parent line (commit dates, not the reflog)."""
    if since is None and until is None:
        return revs
    if revs:
        raise UsageError("--since/--until thay cho PHIÊN_BẢN_A, PHIÊN_BẢN_B; hãy chỉ dùng một cách")
    if since is None:
        raise UsageError(
            "--until cần đi cùng --since: hãy cho ngày bắt đầu, ví dụ --since 2026-11-01"
        )
    if until is not None and until < since:
        raise UsageError(
            f"--until {until.isoformat()} trước --since {since.isoformat()}; hãy đổi chỗ hai ngày"
        )
    out = [phases.on_day(repo, "HEAD", since, before=True)]
    if until is not None:
        out.append(phases.on_day(repo, "HEAD", until, before=False))
    return out


def diff_scores(
    repo: Repo,
    *,
    rev_a: str,
    rev_b: str | None,
    paths: Sequence[Path],
    agencies: Sequence[str] = (),
    cwd: Path,
) -> ScoreDiff:
    """Per agency, the changes that move its score between two revisions, and who made them."""
    a = phases.resolve(repo, rev_a)
    b = phases.resolve(repo, rev_b) if rev_b is not None else None
    with Blobs(repo) as blobs:
        versions = Versions(repo, blobs, cwd=cwd)
        specs = list(dict.fromkeys([*versions.specs, *(repo.relative(p) for p in paths)]))
        state_a = versions.state(a, specs)
        head = b or repo.resolve("HEAD")
        state_b = versions.state(head, specs)
        if b is None:
            state_b, _ = versions.worktree(state_b, specs)
        chosen = _chosen(repo, versions, (state_a, state_b), paths, agencies)
        ranks = versions.ranks(state_a), versions.ranks(state_b)
        found: list[AgencyChange] = []
        timeline: Timeline | None = None
        for agency in chosen:
            paths_ab = _paths(versions, (state_a, state_b), agency)
            before = versions.version(state_a, paths_ab[0])
            after = versions.version(state_b, paths_ab[1])
            if before.card is None and after.card is None:
                continue
            lines = score_lines(
                before,
                after,
                rank_before=ranks[0].get(agency),
                rank_after=ranks[1].get(agency),
            )
            if not lines:
                continue
            keys = {line.key for line in lines if line.key is not None}
            credits = {}
            if keys:
                timeline = timeline or first_parent_timeline(
                    versions, head, start=a, specs=specs, worktree=b is None
                )
                hint = before.path or after.path
                credits = blame(versions, timeline, agency, keys, hint=hint, end=after.path)
            changes = tuple(
                Change(line, credits.get(line.key) if line.key else None) for line in lines
            )
            found.append(
                AgencyChange(
                    agency, before, after, ranks[0].get(agency), ranks[1].get(agency), changes
                )
            )
    found.sort(key=lambda c: (c.card.agency_name, c.agency_id))
    return ScoreDiff(rev_a, rev_b, a, b, tuple(found))


def _paths(
    versions: Versions, states: tuple[State, State], agency: str
) -> tuple[str | None, str | None]:
    """The agency's file on each side; a side whose version of the other side's file cannot
    be read keeps that file (it is there, invalid, not deleted)."""
    found = [versions.agencies(state).get(agency) for state in states]
    for side, other in ((0, 1), (1, 0)):
        path, files = found[other], states[side].files
        blob = files.get(path) if found[side] is None and path is not None else None
        if blob is not None and versions.agency(blob) is None:
            found[side] = path
    return found[0], found[1]


def _within(path: str, spec: str) -> bool:
    return spec in (".", path) or path.startswith(spec.rstrip("/") + "/")


def _scored_with(
    repo: Repo, versions: Versions, states: tuple[State, State], spec: str
) -> list[str]:
    """The agencies scored on either side with a criteria set whose file is under `spec`:
    a criteria set given as a path stands for the agencies it scores."""
    found = []
    for state in states:
        if not any(_within(path, spec) for path, _ in state.criteria):
            continue
        claims = versions.library(state).claims
        for agency, file in versions.agencies(state).items():
            cs = versions.version(state, file).criteria_set
            claim = claims.get(cs.id) if cs is not None else None
            source = claim[1] if claim is not None else None
            if source is not None and source.is_relative_to(repo.root):
                found += [agency] if _within(source.relative_to(repo.root).as_posix(), spec) else []
    return found


def _chosen(
    repo: Repo,
    versions: Versions,
    states: tuple[State, State],
    paths: Sequence[Path],
    agencies: Sequence[str],
) -> list[str]:
    """The agencies to compare: those whose file is under a given path on either side
    (all without paths), then those named by `--agency`."""
    everywhere = {agency for state in states for agency in versions.agencies(state)}
    chosen = set(everywhere)
    if paths:
        limited: set[str] = set()
        for path in paths:
            spec = repo.relative(path)
            inside = [
                agency
                for state in states
                for agency, file in versions.agencies(state).items()
                if _within(file, spec)
            ]
            inside += _scored_with(repo, versions, states, spec)
            there = any(
                spec in (".", p) or p.startswith(spec + "/") for s in states for p in s.files
            )
            if not inside and not there and not os.path.lexists(path):
                raise UsageError(f"không có {path} ở cả hai phiên bản; hãy kiểm tra đường dẫn")
            limited.update(inside)
        chosen &= limited
    if agencies:
        elsewhere = [agency for agency in agencies if agency not in chosen and agency in everywhere]
        if elsewhere:
            raise UsageError(
                f"hồ sơ mang mã cơ quan {', '.join(elsewhere)} không nằm trong "
                f"{', '.join(str(p) for p in paths)}; hãy bỏ đường dẫn hoặc chỉ đúng tệp"
            )
        unknown = [agency for agency in agencies if agency not in chosen]
        if unknown:
            raise UsageError(
                f"không có hồ sơ nào mang mã cơ quan {', '.join(unknown)} ở cả hai phiên bản; "
                "mã cơ quan là dòng agency.id trong hồ sơ"
            )
        chosen &= set(agencies)
    return sorted(chosen)
