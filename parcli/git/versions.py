"""Submissions across revisions: which file is whose, and each file version scored once.

A file's identity is the agency id written inside it, never its name or git's similarity
score: every `parcli init` file looks like every other, so git's copy and rename detection
would pair files of different agencies. A revision is read as a `State` (the blob of each
file under the walked folders); a blob is parsed once, and a blob scored against one set
of criteria files once, whatever the number of revisions that hold them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path

from pydantic import ValidationError

from parcli.check.files import check_document
from parcli.check.library import Library
from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.git.blobs import Blobs
from parcli.git.pieces import UNREAD, Pieces
from parcli.git.repo import Repo
from parcli.git.snapshot import ABSENT, State, Version
from parcli.loading import parse_bytes
from parcli.models import SUBMISSION_FORMAT, CriteriaSet, ItemEntry, Submission
from parcli.scoring import (
    ScoreCard,
    rank_cards,
)
from parcli.workspace import display_name, find_root, is_folder, is_yaml


class Versions:
    """File versions of one repository, read and scored on demand and kept for the run."""

    def __init__(self, repo: Repo, blobs: Blobs, *, cwd: Path) -> None:
        self.repo = repo
        self.blobs = blobs
        self.cwd = cwd
        root = find_root(cwd)
        self.root = root if root.is_relative_to(repo.root) else repo.root
        self.criteria_spec = repo.relative(self.root / "criteria")
        folder = self.root / "submissions"
        self.submissions_spec = repo.relative(folder if is_folder(folder) else self.root)
        self.pieces = Pieces()
        self._submissions: dict[str, Submission | None] = {}
        self._items: dict[int, tuple[object, dict[str, ItemEntry]]] = {}
        self._libraries: dict[tuple[tuple[str, str], ...], Library] = {}
        self._versions: dict[tuple[str, str, tuple[tuple[str, str], ...]], Version] = {}
        self._definitions: dict[int, dict[str, Hashable]] = {}
        self._agencies: dict[State, dict[str, str]] = {}
        self._names: dict[str, str] = {}  # path → as shown to the user

    @property
    def specs(self) -> list[str]:
        return list(dict.fromkeys([self.submissions_spec, self.criteria_spec]))

    # ------------------------------------------------------------ states

    def state(self, rev: str, specs: Sequence[str] | None = None) -> State:
        return State.of(self.repo.tree(rev, specs or self.specs), self.criteria_spec)

    def worktree(
        self, head: State, specs: Sequence[str] | None = None
    ) -> tuple[State, dict[str, str | None]]:
        """The working tree: `head` with the files changed since, read from the disk; and
        those changes."""
        changes: dict[str, str | None] = {}
        for path, there in self.repo.worktree_changes(specs or self.specs).items():
            full = self.repo.root / path
            raw = _working_copy(full) if there else None
            changes[path] = self.blobs.add(raw) if raw is not None else None
        return head.after(changes, self.criteria_spec), changes

    # ------------------------------------------------------------ files

    def submission(self, blob: str) -> Submission | None:
        if blob not in self._submissions:
            self._submissions[blob] = self._parse(blob)
        return self._submissions[blob]

    def _parse(self, blob: str) -> Submission | None:
        raw = self.blobs.read(blob)
        data = self.pieces.parse(raw)
        if data is UNREAD:
            doc, _ = parse_bytes(raw, file="", path=self.root)
            data = doc.data if doc is not None else None
        if not isinstance(data, dict) or data.get("format") != SUBMISSION_FORMAT:
            return None
        # A version whose items are those of an earlier one (the same parsed object: see
        # Pieces) reuses their validated models; pydantic takes models as they are.
        items = data.get("items")
        known = self._items.get(id(items))
        if known is not None and known[0] is items:
            data = {**data, "items": known[1]}
        try:
            sub = Submission.model_validate(data)
        except ValidationError:
            return None  # not a submission parcli can read: `parcli validate` says why
        if isinstance(items, dict):
            self._items[id(items)] = (items, sub.items)
        return sub

    def agency(self, blob: str) -> str | None:
        sub = self.submission(blob)
        return sub.agency.id if sub is not None else None

    def holds(self, blob: str, agency: str) -> bool:
        """Whether the file is `agency`'s; files that do not even mention it are not parsed."""
        return agency.encode("utf-8") in self.blobs.read(blob) and self.agency(blob) == agency

    def version(self, state: State, path: str | None) -> Version:
        if path is None or path not in state.files:
            return ABSENT
        key = (path, state.files[path], state.criteria)
        if key not in self._versions:
            self._versions[key] = self._score(state, path)
        return self._versions[key]

    def _score(self, state: State, path: str) -> Version:
        blob = state.files[path]
        file = self._names.get(path) or self._names.setdefault(
            path, display_name(self.repo.root / path, self.cwd)
        )
        sub = self.submission(blob) if is_yaml(path) else None
        cs = self.library(state).find(sub.criteria_id) if sub is not None else None
        if sub is None or cs is None:
            return Version(path, blob, file)
        definitions = self._leaf_definitions(cs)
        return Version(path, blob, file, cs, sub, definitions, self.repo.root / path, self.root)

    def _leaf_definitions(self, cs: CriteriaSet) -> dict[str, Hashable]:
        if id(cs) not in self._definitions:
            self._definitions[id(cs)] = {
                leaf.id: (
                    leaf.max,
                    leaf.method,
                    leaf.na_allowed,
                    leaf.rule.model_dump_json() if leaf.rule is not None else None,
                )
                for leaf in cs.leaves
            }
        return self._definitions[id(cs)]

    def library(self, state: State) -> Library:
        """The criteria sets of that state, then the current and bundled ones."""
        if state.criteria not in self._libraries:
            library = Library(root=self.root, cwd=self.cwd)
            for path, blob in state.criteria:
                checked = check_document(
                    self.blobs.read(blob),
                    path=self.repo.root / path,
                    cwd=self.cwd,
                    library=library,
                    today=dt.date.today(),
                )
                library.add(checked)
            self._libraries[state.criteria] = library
        return self._libraries[state.criteria]

    # ------------------------------------------------------------ agencies

    def agencies(self, state: State) -> dict[str, str]:
        """Every submission of the state: agency id → path (the first path in name order
        when two files claim one agency)."""
        if state not in self._agencies:
            found: dict[str, str] = {}
            for path in sorted(self.submission_paths(state)):
                agency = self.agency(state.files[path])
                if agency is not None:
                    found.setdefault(agency, path)
            self._agencies[state] = found
        return self._agencies[state]

    def submission_paths(self, state: State) -> Iterable[str]:
        """YAML files of the state that are not criteria sets: the submissions, and files
        that may turn out not to be."""
        criteria = self.criteria_spec.rstrip("/") + "/"
        return (p for p in state.files if is_yaml(p) and not p.startswith(criteria))

    def locate(self, state: State, agency: str, hint: str | None = None) -> str | None:
        """The path of `agency`'s file in `state`: `hint` when it is, else the first other."""
        if hint is not None and hint in state.files and self.holds(state.files[hint], agency):
            return hint
        return next(
            (p for p in sorted(state.files) if is_yaml(p) and self.holds(state.files[p], agency)),
            None,
        )

    def follow(
        self,
        agency: str,
        path: str | None,
        before: State,
        after: State,
        changed: Iterable[str],
        *,
        first: bool = False,
    ) -> str | None:
        """Where `agency`'s file is after a commit that changed `changed`, given where it was.

        It stays where it was while that file still exists and is not another agency's (a
        version that cannot be read stays the agency's); otherwise it is the changed file
        that holds the agency, if any: a true rename, or a file added back. With `first`,
        it is the file `agencies` gives (as `parcli score` and `parcli diff` choose): of two
        files claiming the agency, the first in name order.
        """
        kept = None
        if path is not None and path in after.files:
            blob = after.files[path]
            if blob == before.files.get(path) or self.agency(blob) in (agency, None):
                kept = path
        if first and kept is None:
            return self.locate(after, agency)
        holding = (
            other
            for other in sorted(changed)
            if other != path
            and other in after.files
            and is_yaml(other)
            and self.holds(after.files[other], agency)
        )
        if kept is None:
            return next(holding, None)
        if first:
            return min([kept, *holding])
        return kept

    def ranks(self, state: State) -> dict[str, int | None]:
        """Every agency's rank in that state, among the submissions of its criteria set."""
        groups: dict[str, list[ScoreCard]] = {}
        places: dict[str, int] = {}
        for path in self.agencies(state).values():
            version = self.version(state, path)
            if version.card is not None and version.criteria_set is not None:
                groups.setdefault(version.card.criteria_id, []).append(version.card)
                places[version.card.criteria_id] = version.criteria_set.decimals.percent
        return {
            r.card.agency_id: r.rank
            for criteria_id, cards in groups.items()
            for r in rank_cards(cards, places=places[criteria_id])
        }


def _working_copy(path: Path) -> bytes | None:
    """The working tree's file as parcli reads any file (a regular file within the size
    limit); anything else (a FIFO, a link to /dev/zero) is no version of a file."""
    try:
        return read_regular(path, limit=MAX_FILE_BYTES)
    except Unreadable:
        return None
