"""Git plumbing through the `git` command: revisions, trees, walks over commits, tags.

Every call goes through `Repo.run`; paths are relative to the repository's top folder, and
output is read NUL-separated (`-z`), so Vietnamese file names arrive unquoted. A walk reads
which blobs each commit changed (`git log --raw`), so the files of every revision follow
from one `ls-tree` and one `log`, whatever the number of revisions.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from parcli.errors import UsageError

Tree = dict[str, str]  # path from the top folder → blob id

# A commit's fields end with NUL, which git keeps out of names and messages; commits are
# told apart by a marker made for the run, which no message can hold by chance (a message
# may hold any other byte: \x01, \x1f).
_MARKER = f"\x01parcli-{secrets.token_hex(8)}\x01"
_FIELDS = ("%H", "%P", "%an", "%ae", "%aI", "%cI", "%s")
_FORMAT = _MARKER.replace("\x01", "%x01") + "%x00".join(_FIELDS)
_BLOB_MODES = ("100644", "100755", "120000")


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime  # the author date, in the author's time zone
    committed: dt.datetime  # the commit date, which orders a branch's history
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class Step:
    """A commit and the files it changed against its first parent (None: deleted)."""

    commit: Commit
    changes: dict[str, str | None]


class Repo:
    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        try:
            done = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"],
                cwd=cwd,
                capture_output=True,
                env=_env(),
                check=False,
            )
        except FileNotFoundError:
            raise UsageError("không tìm thấy lệnh git; hãy cài Git rồi chạy lại") from None
        if done.returncode != 0:
            raise UsageError(
                f"{cwd} không nằm trong kho git; lệnh này đọc lịch sử các tệp từ git: "
                "hãy chạy trong thư mục của kho (git clone hoặc git init)"
            )
        self.root = Path(os.fsdecode(done.stdout.rstrip(b"\n"))).resolve()

    def run(self, *args: str) -> bytes:
        done = self._git(*args)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            raise UsageError(f"git {args[0]} không chạy được: {message}")
        return done.stdout

    def _git(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=self.root,
            capture_output=True,
            env=_env(),
            check=False,
        )

    def popen(self, *args: str) -> subprocess.Popen[bytes]:
        """A long-running git process spoken to through its standard input and output."""
        return subprocess.Popen(
            ["git", *args],
            cwd=self.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_env(),
        )

    @cached_property
    def shallow(self) -> frozenset[str]:
        """The commits where a shallow clone's history is cut: git shows them with no
        parents, though they had some (empty: a whole history)."""
        path = self.root / _text(self.run("rev-parse", "--git-path", "shallow")).strip()
        try:
            return frozenset(path.read_text(encoding="ascii").split())
        except (OSError, ValueError):
            return frozenset()

    # ------------------------------------------------------------ revisions

    def resolve(self, rev: str) -> str:
        """The full commit id `rev` names, or a usage error saying it names none."""
        sha = self.commit_id(rev)
        if sha is None and self.commit_id("HEAD") is None:
            raise UsageError(
                "kho git chưa có commit nào, nên chưa có lịch sử để đọc; hãy commit các hồ sơ "
                "trước (git add, git commit)"
            )
        if sha is None:
            raise UsageError(
                f"không có phiên bản “{rev}” trong kho git; hãy dùng mã commit, tên nhánh, "
                "thẻ (ví dụ 2026/vong-1) hoặc dạng HEAD~1"
            )
        return sha

    def commit_id(self, rev: str) -> str | None:
        done = self._git(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
        sha = done.stdout.decode().strip()
        return sha if done.returncode == 0 and sha else None

    def merge_base(self, a: str, b: str) -> str:
        """The best common ancestor of two commits, or a usage error when they have none."""
        done = self._git("merge-base", a, b)
        sha = done.stdout.decode().strip()
        if done.returncode != 0 or not sha:
            raise UsageError(
                f"{a[:7]} và {b[:7]} không có commit chung; hãy so hai phiên bản bằng A..B"
            )
        return sha

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self._git("merge-base", "--is-ancestor", older, newer).returncode == 0

    def commit(self, rev: str) -> Commit:
        out = self.run("log", "-1", "-z", f"--format={_FORMAT}", rev, "--")
        return _commit(_chunks(out)[0])

    def first_parents(self, end: str) -> list[Commit]:
        """`end` and its first parents, newest first."""
        out = self.run("log", "--first-parent", "-z", f"--format={_FORMAT}", end, "--")
        return [_commit(chunk) for chunk in _chunks(out)]

    def relative(self, path: Path) -> str:
        """`path` (relative to the current folder) as git names it, from the top folder."""
        full = Path(os.path.realpath(self.cwd / path))  # never raises, loops included
        try:
            return full.relative_to(self.root).as_posix() or "."
        except ValueError:
            raise UsageError(f"{path} nằm ngoài kho git {self.root}") from None

    # ------------------------------------------------------------ files

    def tree(self, rev: str, specs: Sequence[str]) -> Tree:
        """Files under `specs` at `rev`: path → blob id (equal ids, equal contents)."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", rev, "--", *specs)
        found: Tree = {}
        for entry in _text(out).split("\0"):
            meta, tab, path = entry.partition("\t")
            if tab and meta.split()[0] in _BLOB_MODES:
                found[path] = meta.split()[2]
        return found

    def worktree_changes(self, specs: Sequence[str]) -> dict[str, bool]:
        """Files under `specs` that differ from HEAD in the working tree: path → still there.

        New untracked files count; files git ignores do not.
        """
        out = self.run("diff", "--raw", "-z", "--no-renames", "HEAD", "--", *specs)
        fields = _text(out).split("\0")
        pairs = zip(fields[::2], fields[1::2], strict=False)  # a trailing "" has no pair
        changed = {path: meta.split()[-1] != "D" for meta, path in pairs if path}
        out = self.run("ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
        changed.update((p, True) for p in _text(out).split("\0") if p)
        return {p: there and (self.root / p).is_file() for p, there in changed.items()}

    def walk(
        self, end: str, *, start: str | None, specs: Sequence[str], first_parent: bool = True
    ) -> list[Step]:
        """Commits from `start` (excluded) to `end` that changed files under `specs`, oldest
        first; with `first_parent`, only the first parents of `end` (its history as the branch
        saw it), otherwise every commit, parents before children, one branch at a time."""
        span = end if start is None else f"{start}..{end}"
        order = ["--first-parent"] if first_parent else ["--topo-order"]
        # Without first_parent the pathspec would simplify merges away; files are filtered here.
        limit = ["--", *specs] if first_parent else ["--"]
        out = self.run(
            "log", *order, "--reverse", "--raw", "-z", "--no-renames", "--no-abbrev",
            "--diff-merges=first-parent", f"--format={_FORMAT}", span, *limit,
        )  # fmt: skip
        steps: list[Step] = []
        for chunk in _chunks(out):
            fields = chunk.split("\0")[len(_FIELDS) :]
            fields[:1] = [fields[0].lstrip("\n")] if fields else []
            changes: dict[str, str | None] = {}
            for meta, path in zip(fields[::2], fields[1::2], strict=False):
                mode, sha, status = (meta.split()[i] for i in (1, 3, 4))
                if first_parent or _under(path, specs):
                    if status == "D":
                        changes[path] = None
                    elif mode in _BLOB_MODES:
                        changes[path] = sha
            steps.append(Step(_commit(chunk), changes))
        return steps

    # ------------------------------------------------------------ tags

    def tags(self) -> dict[str, str]:
        """Tag name → the commit it marks."""
        out = self.run(
            "for-each-ref", "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)",
            "refs/tags",
        )  # fmt: skip
        found: dict[str, str] = {}
        for line in _text(out).splitlines():
            name, sha, peeled = line.split("\0")
            found[name] = peeled or sha
        return found

    def tag(self, name: str, rev: str, message: str) -> None:
        """An annotated tag; git itself refuses a name that exists."""
        self.run("tag", "-a", name, "-m", message, rev)

    def dirty(self, specs: Sequence[str]) -> list[str]:
        """Tracked files changed anywhere, and new files under `specs`, not yet committed."""
        out = self.run("status", "--porcelain", "-z", "--no-renames", "--untracked-files=all")
        found = []
        for entry in _text(out).split("\0"):
            code, path = entry[:2], entry[3:]
            if path and (code != "??" or _under(path, specs)):
                found.append(path)
        return found


def _chunks(out: bytes) -> list[str]:
    return _text(out).split(_MARKER)[1:]


def _commit(chunk: str) -> Commit:
    sha, parents, author, email, date, committed, subject = chunk.split("\0")[: len(_FIELDS)]
    return Commit(
        sha,
        tuple(parents.split()),
        author,
        email,
        dt.datetime.fromisoformat(date),
        dt.datetime.fromisoformat(committed),
        subject,
    )


def _under(path: str, specs: Sequence[str]) -> bool:
    return any(spec in ("", ".") or path == spec or path.startswith(spec + "/") for spec in specs)


def _text(out: bytes) -> str:
    return out.decode("utf-8", "surrogateescape")


def _env() -> dict[str, str]:
    """Stable, English git output whatever the user's settings; never a pager or a prompt."""
    return {
        **os.environ,
        "LC_ALL": "C",
        "GIT_PAGER": "cat",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
    }
