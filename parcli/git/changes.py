"""Scores across git history: what changed between two revisions, and one file's history.

A file at a revision is scored with the criteria sets of that same revision (the workspace's
`criteria/` as committed then; the current and bundled sets for any it does not have).
Neither command validates: a version that reads as a submission is scored as it stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from parcli.check.files import Library, check_document
from parcli.check.shape import parse_model
from parcli.errors import UsageError
from parcli.git.repo import Commit, Pair, Repo
from parcli.loading import parse_bytes
from parcli.meter import SILENT, Meter, tracking
from parcli.models import SUBMISSION_FORMAT, CriteriaSet, Submission, id_key
from parcli.scoring import ScoreCard, score_submission
from parcli.workspace import display_name, find_root, is_yaml

FIELDS = ("self", "round1", "round2", "survey")
Key = tuple[str, str]  # (item id, field)


@dataclass(frozen=True)
class Version:
    """A file as it was at one revision, scored when it reads as a submission."""

    path: str | None  # from the repository's top folder; None: the file was not there
    file: str = ""  # the path as shown to the user
    card: ScoreCard | None = None  # None: absent, or not a submission parcli can read
    criteria_set: CriteriaSet | None = None
    raw: bytes | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[Key, Decimal]:
        if self.card is None:
            return {}
        return {
            (s.leaf.id, name): value
            for s in self.card.leaves
            for name, value in zip(FIELDS, (s.self, s.round1, s.round2, s.survey), strict=True)
            if value is not None
        }


ABSENT = Version(None)


@dataclass(frozen=True)
class ItemChange:
    item: str
    field: str  # one of FIELDS
    before: Decimal | None
    after: Decimal | None
    commit: Commit | None  # the newest commit in the range that changed it, when one did
    uncommitted: bool = False  # changed in the working tree


@dataclass(frozen=True)
class AgencyChange:
    before: Version
    after: Version
    changes: tuple[ItemChange, ...]
    card: ScoreCard  # the newer of the two: whose change this is
    criteria_set: CriteriaSet  # the newer side's set, for display decimals

    @property
    def status(self) -> str:
        if self.before.path is None:
            return "added"
        if self.after.path is None:
            return "deleted"
        return "renamed" if self.before.path != self.after.path else "modified"


@dataclass(frozen=True)
class ScoreDiff:
    rev_a: str
    rev_b: str | None  # None: the working tree
    agencies: tuple[AgencyChange, ...]


@dataclass(frozen=True)
class HistoryEntry:
    commit: Commit | None  # None: the working tree, not yet committed
    version: Version


@dataclass(frozen=True)
class History:
    path: str
    entries: tuple[HistoryEntry, ...]  # oldest first

    @property
    def card(self) -> ScoreCard | None:
        """The newest score card: whose history this is."""
        return next((e.version.card for e in reversed(self.entries) if e.version.card), None)


def split_arguments(repo: Repo, args: Sequence[str]) -> tuple[list[str], list[Path]]:
    """`[REV_A [REV_B]] [PATHS]`: leading arguments that name revisions, then paths.

    An existing file or folder is a path; so is a name with a slash or a YAML suffix (a
    file that may exist only in history); anything else must be a revision.
    """
    revs: list[str] = []
    paths: list[Path] = []
    for arg in args:
        if paths or len(revs) == 2 or Path(arg).exists():
            paths.append(Path(arg))
        elif repo.commit_id(arg) is not None:
            revs.append(arg)
        elif "/" in arg or is_yaml(arg):
            paths.append(Path(arg))
        else:
            repo.resolve(arg)  # says which revision is unknown
    return revs, paths


def diff_scores(
    repo: Repo,
    *,
    rev_a: str,
    rev_b: str | None,
    paths: Sequence[Path],
    cwd: Path,
    meter: Meter = SILENT,
) -> ScoreDiff:
    """Per agency, the item scores that differ between two revisions and who changed them."""
    a = repo.resolve(rev_a)
    b = repo.resolve(rev_b) if rev_b is not None else None
    reader = Reader(repo, cwd)
    for path in paths:
        spec = repo.relative(path)
        if not path.exists() and not repo.files(a, [spec]) and not (b and repo.files(b, [spec])):
            raise UsageError(f"không có {path} ở cả hai phiên bản; hãy kiểm tra đường dẫn")
    specs = [repo.relative(p) for p in paths] or [reader.default_spec()]
    pairs = repo.changed(a, b, specs)
    if repo.changed(a, b, [reader.criteria_spec]):
        # Another criteria set can change the score of a file that did not change itself.
        listed = {p.old for p in pairs} | {p.new for p in pairs}
        both = set(repo.files(a, specs)) & set(repo.files(b, specs))
        pairs += [Pair(path, path) for path in sorted(both - listed)]
    found: list[AgencyChange] = []
    with tracking(meter, "Đang so sánh điểm giữa hai phiên bản", len(pairs)):
        for pair in pairs:
            change = _agency_change(repo, reader, a, b, pair)
            if change is not None:
                found.append(change)
            meter.advance()
    found.sort(key=lambda c: (c.card.agency_name, c.card.agency_id))
    return ScoreDiff(rev_a, rev_b, tuple(found))


def _agency_change(
    repo: Repo, reader: Reader, a: str, b: str | None, pair: Pair
) -> AgencyChange | None:
    """One file's scores on both sides, when it is a submission on either and they differ."""
    if not is_yaml(pair.new or pair.old or ""):
        return None
    before = reader.version(a, pair.old)
    after = reader.version(b, pair.new)
    card = after.card or before.card
    cs = after.criteria_set or before.criteria_set
    if card is None or cs is None:
        return None  # a submission on neither side
    old, new = before.values, after.values
    keys = sorted((k for k in old.keys() | new.keys() if old.get(k) != new.get(k)), key=_key_order)
    if not keys and _totals(before) == _totals(after):
        return None
    who = _attribute(repo, reader, a, b, pair, keys)
    changes = tuple(
        ItemChange(item, name, old.get((item, name)), new.get((item, name)), *who[item, name])
        for item, name in keys
    )
    return AgencyChange(before, after, changes, card, cs)


def score_history(repo: Repo, path: Path, *, cwd: Path, meter: Meter = SILENT) -> History:
    """The file's score at every commit that changed it, then in the working tree."""
    name = repo.relative(path)
    reader = Reader(repo, cwd)
    head = repo.resolve("HEAD")
    touches = list(reversed(repo.log(name, since=None, until=head)))
    entries = []
    with tracking(meter, "Đang chấm điểm hồ sơ ở từng commit", len(touches)):
        for touch in touches:
            entries.append(HistoryEntry(touch.commit, reader.version(touch.commit.sha, touch.path)))
            meter.advance()
    now = reader.version(None, name)
    if now.path is not None and (not entries or now.raw != entries[-1].version.raw):
        entries.append(HistoryEntry(None, now))
    if not entries:
        raise UsageError(f"{path} chưa từng có trong lịch sử git của kho; hãy kiểm tra đường dẫn")
    return History(name, tuple(entries))


def _attribute(
    repo: Repo, reader: Reader, a: str, b: str | None, pair: Pair, keys: Sequence[Key]
) -> dict[Key, tuple[Commit | None, bool]]:
    """For each changed score, the newest commit in a..b whose version changed it."""
    found: dict[Key, tuple[Commit | None, bool]] = {k: (None, False) for k in keys}
    pending = set(keys)
    end = b
    path = pair.new or pair.old
    if b is None:
        end = repo.resolve("HEAD")
        at_head = reader.version(end, pair.new)
        if at_head.path is None:
            at_head = reader.version(end, pair.old)
        now = reader.version(None, pair.new).values
        for key in [k for k in pending if now.get(k) != at_head.values.get(k)]:
            found[key] = (None, True)
            pending.discard(key)
        path = at_head.path
    if not pending or path is None or end is None:
        return found
    for touch in repo.log(path, since=a, until=end):
        current = reader.version(touch.commit.sha, touch.path).values
        parents = touch.commit.parents
        previous = reader.version(parents[0], touch.before) if parents else ABSENT
        for key in [k for k in pending if current.get(k) != previous.values.get(k)]:
            found[key] = (touch.commit, False)
            pending.discard(key)
        if not pending:
            break
    return found


class Reader:
    """Files at revisions, scored once each; criteria sets read at the same revision."""

    def __init__(self, repo: Repo, cwd: Path) -> None:
        self.repo = repo
        self.cwd = cwd
        root = find_root(cwd)
        self.root = root if root.is_relative_to(repo.root) else repo.root
        self.criteria_spec = repo.relative(self.root / "criteria")
        self._versions: dict[tuple[str | None, str], Version] = {}
        self._libraries: dict[tuple[tuple[str, str], ...], Library] = {}

    def default_spec(self) -> str:
        folder = self.root / "submissions"
        return self.repo.relative(folder if folder.is_dir() else self.root)

    def version(self, rev: str | None, path: str | None) -> Version:
        """`path` at commit `rev`, or in the working tree when `rev` is None."""
        if path is None:
            return ABSENT
        if (rev, path) not in self._versions:
            self._versions[rev, path] = self._read(rev, path)
        return self._versions[rev, path]

    def _read(self, rev: str | None, path: str) -> Version:
        full = self.repo.root / path
        if rev is None:
            raw = full.read_bytes() if full.is_file() else None
        else:
            raw = self.repo.show(rev, path)
        if raw is None:
            return ABSENT
        file = display_name(full, self.cwd)
        doc, _ = parse_bytes(raw, file=file, path=full)
        data = doc.data if doc is not None else None
        if doc is None or not isinstance(data, dict) or data.get("format") != SUBMISSION_FORMAT:
            return Version(path, file, raw=raw)
        sub, _ = parse_model(doc, Submission)
        cs = self._library(rev).find(sub.criteria_id) if sub is not None else None
        if sub is None or cs is None:
            return Version(path, file, raw=raw)
        return Version(path, file, score_submission(cs, sub, file=file), cs, raw)

    def _library(self, rev: str | None) -> Library:
        blobs = self.repo.blobs(rev, self.criteria_spec) if rev is not None else {}
        key = tuple(sorted(blobs.items())) if rev is not None else (("", ""),)
        if key not in self._libraries:
            library = Library(root=self.root, cwd=self.cwd)
            for path, sha in key if rev is not None else ():
                if is_yaml(path):
                    raw = self.repo.blob(sha)
                    full = self.repo.root / path
                    today = dt.date.today()
                    library.add(
                        check_document(raw, path=full, cwd=self.cwd, library=library, today=today)
                    )
            self._libraries[key] = library
        return self._libraries[key]


def _totals(version: Version) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    card = version.card
    return (card.points, card.max, card.index) if card is not None else (None, None, None)


def _key_order(key: Key) -> tuple[tuple[int, ...], int]:
    item, name = key
    return id_key(item), FIELDS.index(name)
