"""A revision's files (`State`) and one agency's file in it (`Version`): what it scored, and
each value that moves its score, computed only when asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from parcli.check.committed import committed_errors
from parcli.models import CriteriaSet, Submission
from parcli.problems import Problem
from parcli.scoring import (
    LeafScore,
    ScoreCard,
    adjustments,
    is_provisional,
    score_leaf,
    score_submission,
)
from parcli.workspace import is_yaml

FIELDS = ("self", "round1", "round2", "survey")
Key = tuple[str, str]  # (item id, or "" for the agency as a whole; what)


@dataclass(frozen=True, eq=False)
class State:
    """The files of one revision under the walked folders (equal only to itself)."""

    files: Mapping[str, str]  # path → blob id
    criteria: tuple[tuple[str, str], ...]  # the criteria files' (path, blob): a library's key

    def after(self, changes: Mapping[str, str | None], criteria_spec: str) -> State:
        if not changes:
            return self
        files = dict(self.files)
        for path, blob in changes.items():
            if blob is None:
                files.pop(path, None)
            else:
                files[path] = blob
        return State.of(files, criteria_spec)

    @staticmethod
    def of(files: Mapping[str, str], criteria_spec: str) -> State:
        prefix = criteria_spec.rstrip("/") + "/"
        criteria = tuple(sorted((p, b) for p, b in files.items() if p.startswith(prefix)))
        return State(files, tuple((p, b) for p, b in criteria if is_yaml(p)))


@dataclass(frozen=True, eq=False)
class Version:
    """One agency's file in one state: where it was and what it scored."""

    path: str | None  # from the repository's top folder; None: not there
    blob: str | None = None
    file: str = ""  # the path as shown to the user
    criteria_set: CriteriaSet | None = None  # None: absent, or not a submission parcli reads
    submission: Submission | None = field(default=None, repr=False)
    definitions: Mapping[str, Hashable] = field(default_factory=dict, repr=False)
    where: Path | None = None  # the file in the working tree: evidence is found beside it
    root: Path | None = None  # the workspace: evidence may not be found outside it

    @cached_property
    def card(self) -> ScoreCard | None:
        """The score card; None when the file is absent, not a submission parcli reads, or
        has errors (`parcli score` at that commit would leave it out too)."""
        cs, sub = self.criteria_set, self.submission
        return score_submission(cs, sub, file=self.file) if cs and sub and self.counts else None

    @cached_property
    def errors(self) -> tuple[Problem, ...]:
        """What `parcli validate` would have said against this version, errors only (none
        for a version that could not be read as a submission at all)."""
        cs, sub = self.criteria_set, self.submission
        if cs is None or sub is None or self.where is None or self.root is None:
            return ()
        found = committed_errors(
            sub,
            cs,
            data=None,
            file=self.file,
            path=self.where,
            root=self.root,
            today=dt.date.today(),
        )
        return tuple(found)

    @property
    def counts(self) -> bool:
        """A submission parcli reads, without errors: one `parcli score` ranks."""
        return self.criteria_set is not None and self.submission is not None and not self.errors

    def fact(self, key: Key) -> Hashable | None:
        """One value that moves the score (None: none): compared between versions to find the
        commit that changed it. A version that is only compared is never scored whole."""
        if key not in self._facts:
            self._facts[key] = self._fact(*key)
        return self._facts[key]

    @cached_property
    def _facts(self) -> dict[Key, Hashable | None]:
        return {}

    def _fact(self, item: str, what: str) -> Hashable | None:
        cs, sub = self.criteria_set, self.submission
        if what == "exists":  # a file parcli scores: added, deleted, broken or mended
            return self.path is not None and self.counts
        if cs is None or sub is None or not self.counts:
            return None  # a version `score` leaves out moves nothing: its commit is credited
        if what == "classes":
            return tuple((band.name, band.min) for band in cs.classes)
        if what == "criteria":
            return self.definitions.get(item)
        if what == "provisional":
            return self._provisional
        if what in ("bonus", "penalty"):
            return adjustments(cs, sub)[what == "penalty"]
        score = self.leaf(item)
        if score is None:
            return None
        value: Hashable | None = score.na if what == "na" else getattr(score, what)
        return value

    def leaf(self, item: str) -> LeafScore | None:
        """One leaf's scores, without scoring the whole file."""
        cs, sub = self.criteria_set, self.submission
        leaf = cs.leaf_by_id.get(item) if cs is not None else None
        if leaf is None or sub is None:
            return None
        return score_leaf(sub, leaf, provisional=self._provisional)

    @cached_property
    def _provisional(self) -> bool:
        cs, sub = self.criteria_set, self.submission
        return cs is not None and sub is not None and is_provisional(cs, sub)


ABSENT = Version(None)
