"""The cache of checked files: a run over files that have not changed reads their problems
(and score cards) back instead of checking them again.

An entry's key hashes everything its check reads: the file's bytes, name and place, the
workspace, the day checked against, the bytes of every criteria set the run could use, and
parcli's code and libraries. Evidence files the check looked for are stored with the entry
and looked at again before it is used. Entries are JSON files written atomically; one that
cannot be read is ignored, and the whole folder is safe to delete. This module stays light
(no pydantic): a run whose every file is cached never loads the models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcli.files import MAX_FILE_BYTES, Unreadable, read_regular
from parcli.problems import Problem, Severity
from parcli.workspace import real, resolve_file

if TYPE_CHECKING:
    from parcli.scoring import ScoreCard

CACHE_ENV = "PARCLI_CACHE_DIR"  # a folder; empty: no cache
LAYOUT = "v1"  # bump when the entries' shape changes
MAX_AGE_DAYS = 30  # entries older than this are deleted, at most once a day
_DISTS = re.compile(r"^(parcli|pydantic|pydantic_core|ruamel\.yaml)-[^-]+\.dist-info$", re.I)
_PACKAGE = Path(__file__).resolve().parent.parent


def default_folder() -> Path | None:
    """`$PARCLI_CACHE_DIR`, else the user's cache folder: ~/.cache/parcli (or
    $XDG_CACHE_HOME), ~/Library/Caches/parcli, %LOCALAPPDATA%\\parcli\\Cache."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "parcli" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "parcli"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "parcli"


def code_version() -> str:
    """parcli's code as installed (every module's size and time) and the versions of the
    libraries whose behaviour a check depends on: any change gives other keys."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        stat = path.stat()
        digest.update(_bytes(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}\n"))
    for folder in dict.fromkeys(sys.path):
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        digest.update("".join(sorted(n + "\n" for n in names if _DISTS.match(n))).encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def fingerprint(files: Iterable[Path]) -> str:
    """The bytes of `files`, in order: what a run's criteria sets are made of."""
    digest = hashlib.sha256()
    for path in files:
        try:
            data = read_regular(path, limit=MAX_FILE_BYTES)
        except Unreadable:
            data = b"\0unreadable"
        digest.update(_bytes(f"{real(path)}\0{len(data)}\0"))
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """One file's check, as much of it as a run over many files needs."""

    kind: str | None  # "criteria", "submission", or None (not a parcli file)
    problems: tuple[Problem, ...]
    agency: tuple[str, int, int] | None  # a valid submission's agency id and where it is
    criteria_id: str | None  # the set a valid submission was checked against
    files_seen: tuple[tuple[str, str, bool], ...]  # evidence files: name, target, is a file
    card: dict[str, Any] | None = None  # a valid submission's score card (encode_card)


@dataclass(frozen=True)
class Cache:
    """Entries under `folder`, for one run: `salt` holds what every key of the run shares."""

    folder: Path
    salt: str

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        root: Path,
        cwd: Path,
        today: dt.date,
        criteria_files: Sequence[Path],
    ) -> Cache:
        salt = "\0".join(
            (
                LAYOUT,
                code_version(),
                str(real(root)),
                str(real(cwd)),
                today.isoformat(),
                fingerprint(criteria_files),
            )
        )
        return cls(folder / LAYOUT, salt)

    def key(self, resolved: Path, file: str, content: bytes) -> str:
        """The key of the file at `resolved`, shown as `file`, whose bytes have the sha256
        `content`."""
        digest = hashlib.sha256(_bytes(self.salt))
        digest.update(_bytes(f"\0{resolved}\0{file}\0"))
        digest.update(content)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, *, base: Path) -> Entry | None:
        """The entry stored under `key`, if it reads back whole and its evidence files are
        still as they were (`base`: the folder evidence names are relative to)."""
        try:
            stored = json.loads(self._path(key).read_bytes().decode("utf-8", "surrogatepass"))
            if stored.get("key") != key:
                return None
            entry = _decode(stored["entry"])
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None
        for name, target, exists in entry.files_seen:
            now_target, now_exists = resolve_file(base, name)
            if (str(now_target), now_exists) != (target, exists):
                return None
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store atomically (a reader sees the old entry or the new one, never half of one);
        a cache that cannot be written only makes the next run slower."""
        target = self._path(key)
        payload = json.dumps({"key": key, "entry": _encode(entry)}, ensure_ascii=False)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_bytes(payload))
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def prune(self, *, now: float | None = None) -> None:
        """Delete entries older than MAX_AGE_DAYS; at most once a day, marked by a file."""
        now = time.time() if now is None else now
        marker = self.folder / "pruned"
        try:
            if now - marker.stat().st_mtime < 86400:
                return
        except OSError:
            pass
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.touch()
            for entry in self.folder.glob("*/*.json"):
                if now - entry.stat().st_mtime > MAX_AGE_DAYS * 86400:
                    entry.unlink(missing_ok=True)
        except OSError:
            return


def _bytes(text: str) -> bytes:
    """UTF-8, a file name's undecodable bytes included (Python holds them as surrogates)."""
    return text.encode("utf-8", "surrogatepass")


def _encode(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "problems": [
            [p.line, p.col, p.code, p.message, list(p.path), p.severity.value]
            for p in entry.problems
        ],
        "agency": list(entry.agency) if entry.agency is not None else None,
        "criteria_id": entry.criteria_id,
        "files_seen": [list(seen) for seen in entry.files_seen],
        "card": entry.card,
    }


def _decode(data: dict[str, Any]) -> Entry:
    agency = data["agency"]
    return Entry(
        kind=data["kind"],
        problems=tuple(
            # the file's name is part of the key, so it is filled in by the reader
            Problem("", int(line), int(col), str(code), str(message), tuple(path), Severity(sev))
            for line, col, code, message, path, sev in data["problems"]
        ),
        agency=(str(agency[0]), int(agency[1]), int(agency[2])) if agency is not None else None,
        criteria_id=data["criteria_id"],
        files_seen=tuple((str(n), str(t), bool(e)) for n, t, e in data["files_seen"]),
        card=data["card"],
    )


# ---------------------------------------------------------------- score cards


def encode_card(card: ScoreCard) -> dict[str, Any]:
    """A card's totals and areas (not its leaves) as JSON, decimals as exact strings."""

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "criteria_id": card.criteria_id,
        "agency_id": card.agency_id,
        "agency_name": card.agency_name,
        "file": card.file,
        "areas": [[a.id, a.title, text(a.points), text(a.max), text(a.index)] for a in card.areas],
        "bonus": text(card.bonus),
        "penalty": text(card.penalty),
        "points": text(card.points),
        "max": text(card.max),
        "index": text(card.index),
        "provisional": card.provisional,
        "class_name": card.class_name,
        "unscored": list(card.unscored),
    }


def decode_card(data: dict[str, Any]) -> ScoreCard | None:
    """The card `encode_card` wrote; None when the entry does not read back as one."""
    try:
        return _card(data)
    except (ArithmeticError, ValueError, TypeError, KeyError, IndexError):
        return None


def _card(data: dict[str, Any]) -> ScoreCard:
    from parcli.scoring import GroupScore, ScoreCard

    def number(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    def exact(value: str) -> Decimal:
        return Decimal(value)

    return ScoreCard(
        criteria_id=data["criteria_id"],
        agency_id=data["agency_id"],
        agency_name=data["agency_name"],
        file=data["file"],
        leaves=(),
        areas=tuple(
            GroupScore(i, t, exact(p), exact(m), number(x)) for i, t, p, m, x in data["areas"]
        ),
        by_criterion=(),
        bonus=exact(data["bonus"]),
        penalty=exact(data["penalty"]),
        points=exact(data["points"]),
        max=exact(data["max"]),
        index=number(data["index"]),
        provisional=bool(data["provisional"]),
        class_name=data["class_name"],
        unscored=tuple(data["unscored"]),
    )
