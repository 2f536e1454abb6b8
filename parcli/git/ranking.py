"""`parcli history --all`: every agency's index and rank at each phase tag (or each commit)
on HEAD's first-parent line, then now — the ranking over the year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parcli.git.blobs import Blobs
from parcli.git.repo import Commit, Repo
from parcli.git.snapshot import State
from parcli.git.timeline import Point, Timeline, first_parent_timeline
from parcli.git.versions import Versions


@dataclass(frozen=True)
class Standing:
    agency_id: str
    name: str
    points: Decimal
    max: Decimal
    index: Decimal | None
    rank: int | None
    class_name: str | None
    provisional: bool


@dataclass(frozen=True)
class Moment:
    commit: Commit | None  # None: the working tree
    tags: tuple[str, ...]  # the tags on that commit
    standings: dict[str, Standing]  # by agency id
    label: str = ""  # what else to call it: HEAD


@dataclass(frozen=True)
class RankingHistory:
    moments: tuple[Moment, ...]  # oldest first
    points_places: int
    percent_places: int
    at_tags: bool  # one moment per tag (else one per commit that moved a standing)

    def agencies(self) -> list[Standing]:
        """Every agency that has a standing, in the newest ranking's order (the rest after)."""
        seen: dict[str, Standing] = {}
        for moment in reversed(self.moments):
            for standing in moment.standings.values():
                seen.setdefault(standing.agency_id, standing)
        newest = self.moments[-1].standings if self.moments else {}
        return sorted(
            seen.values(),
            key=lambda s: (
                s.agency_id not in newest,
                newest[s.agency_id].rank or 10**9 if s.agency_id in newest else 0,
                s.name,
            ),
        )


def ranking_history(repo: Repo, *, cwd: Path, every_commit: bool = False) -> RankingHistory:
    head = repo.resolve("HEAD")
    with Blobs(repo) as blobs:
        versions = Versions(repo, blobs, cwd=cwd)
        timeline = first_parent_timeline(
            versions, head, start=None, specs=versions.specs, worktree=True
        )
        chain = {c.sha: i for i, c in enumerate(reversed(repo.first_parents(head)))}
        tagged: dict[str, list[str]] = {}
        for name, sha in sorted(repo.tags().items()):
            if sha in chain:
                tagged.setdefault(sha, []).append(name)
        moments: list[Moment] = []
        if every_commit or not tagged:
            if timeline.cut is not None:  # a shallow clone's oldest commit: its standings
                cut = Point(timeline.cut, timeline.start, frozenset())
                points: tuple[Point, ...] = (cut, *timeline.points)
            else:
                points = timeline.points
            for point in points:
                tags = tuple(tagged.get(point.commit.sha, ())) if point.commit else ()
                moment = Moment(point.commit, tags, _standings(versions, point.state))
                if moment.standings and (not moments or moment.standings != moments[-1].standings):
                    moments.append(moment)
        else:
            commits = {p.commit.sha: p.commit for p in timeline.points if p.commit}
            for sha in sorted(tagged, key=chain.__getitem__):
                state = _state_at(timeline, chain, chain[sha])
                commit = commits.get(sha) or repo.commit(sha)
                moments.append(Moment(commit, tuple(tagged[sha]), _standings(versions, state)))
            last = timeline.points[-1] if timeline.points else None
            if head not in tagged:
                state = _state_at(timeline, chain, chain[head])
                moments.append(Moment(repo.commit(head), (), _standings(versions, state), "HEAD"))
            if last is not None and last.commit is None:
                moments.append(Moment(None, (), _standings(versions, last.state)))
        places = _places(versions, timeline.points[-1].state if timeline.points else timeline.start)
    return RankingHistory(tuple(moments), *places, at_tags=not every_commit and bool(tagged))


def _standings(versions: Versions, state: State) -> dict[str, Standing]:
    ranks = versions.ranks(state)
    out = {}
    for agency, path in versions.agencies(state).items():
        card = versions.version(state, path).card
        if card is not None:
            out[agency] = Standing(
                agency,
                card.agency_name,
                card.points,
                card.max,
                card.index,
                ranks.get(agency),
                card.class_name,
                card.provisional,
            )
    return out


def _state_at(timeline: Timeline, chain: dict[str, int], at: int) -> State:
    """The files at the chain's commit number `at`: those of the last point not after it."""
    state = timeline.start
    for point in timeline.points:
        if point.commit is None or chain[point.commit.sha] > at:
            break
        state = point.state
    return state


def _places(versions: Versions, state: State) -> tuple[int, int]:
    """The display decimals of the criteria set the newest submissions use."""
    for path in versions.agencies(state).values():
        cs = versions.version(state, path).criteria_set
        if cs is not None:
            return cs.decimals.points, cs.decimals.percent
    return 2, 2
