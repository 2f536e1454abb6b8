"""Git plumbing through the `git` command: revisions, file contents at a revision, file logs.

Every call goes through `Repo.run`; paths are relative to the repository's top folder, and
output is read NUL-separated (`-z`), so Vietnamese file names arrive unquoted.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.errors import UsageError

_LOG_FORMAT = "%x01%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime  # the author date, in the author's time zone
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Touch:
    """A commit that changed one file: the file's path at the commit and in its parent."""

    commit: Commit
    path: str | None  # None: the commit deleted the file
    before: str | None  # None: the commit added the file


@dataclass(frozen=True)
class Pair:
    """One file changed between two revisions: its path on each side (None: absent)."""

    old: str | None
    new: str | None


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

    def resolve(self, rev: str) -> str:
        """The full commit id `rev` names, or a usage error saying it names none."""
        sha = self.commit_id(rev)
        if sha is None:
            raise UsageError(
                f"không có phiên bản “{rev}” trong kho git; hãy dùng mã commit, tên nhánh, "
                "thẻ hoặc dạng HEAD~1"
            )
        return sha

    def commit_id(self, rev: str) -> str | None:
        done = self._git(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
        sha = done.stdout.decode().strip()
        return sha if done.returncode == 0 and sha else None

    def relative(self, path: Path) -> str:
        """`path` (relative to the current folder) as git names it, from the top folder."""
        full = Path(os.path.realpath(self.cwd / path))  # never raises, loops included
        try:
            return full.relative_to(self.root).as_posix() or "."
        except ValueError:
            raise UsageError(f"{path} nằm ngoài kho git {self.root}") from None

    def show(self, rev: str, path: str) -> bytes | None:
        """The file's bytes at `rev` (`git show REV:path`), or None when it was not there."""
        done = self._git("show", f"{rev}:{path}")
        return done.stdout if done.returncode == 0 else None

    def blobs(self, rev: str, folder: str) -> dict[str, str]:
        """Files under `folder` at `rev`: path → blob id (equal ids, equal contents)."""
        out = self.run("ls-tree", "-r", "-z", rev, "--", folder)
        found: dict[str, str] = {}
        for entry in out.decode("utf-8").split("\0"):
            if "\t" in entry:
                meta, path = entry.split("\t", 1)
                kind, sha = meta.split()[1:3]
                if kind == "blob":
                    found[path] = sha
        return found

    def blob(self, sha: str) -> bytes:
        return self.run("cat-file", "blob", sha)

    def files(self, rev: str | None, pathspecs: Sequence[str]) -> list[str]:
        """Files at `rev`, or in the working tree (tracked and new, not ignored)."""
        if rev is None:
            out = self.run(
                "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *pathspecs
            )
            return [p for p in out.decode("utf-8").split("\0") if p and (self.root / p).is_file()]
        out = self.run("ls-tree", "-r", "--name-only", "-z", rev, "--", *pathspecs)
        return [p for p in out.decode("utf-8").split("\0") if p]

    def changed(self, rev_a: str, rev_b: str | None, pathspecs: Sequence[str]) -> list[Pair]:
        """Files that differ between two revisions (`rev_b` None: the working tree), renames
        paired by git's rename detection; new untracked files count as added."""
        revs = [rev_a] if rev_b is None else [rev_a, rev_b]
        out = self.run("diff", "--name-status", "-z", "-M", *revs, "--", *pathspecs)
        fields = out.decode("utf-8").split("\0")
        pairs: list[Pair] = []
        i = 0
        while i < len(fields) and fields[i]:
            status = fields[i]
            if status[0] in "RC":
                pairs.append(Pair(fields[i + 1], fields[i + 2]))
                i += 3
                continue
            path = fields[i + 1]
            pairs.append(Pair(None if status == "A" else path, None if status == "D" else path))
            i += 2
        if rev_b is None:
            out = self.run("ls-files", "-z", "--others", "--exclude-standard", "--", *pathspecs)
            pairs.extend(Pair(None, p) for p in out.decode("utf-8").split("\0") if p)
        return pairs

    def log(self, path: str, *, since: str | None, until: str) -> list[Touch]:
        """Commits that changed the file, newest first, following it across renames."""
        span = until if since is None else f"{since}..{until}"
        out = self.run(
            "log",
            "--follow",
            "--no-merges",
            "-M",
            "--name-status",
            "-z",
            f"--format={_LOG_FORMAT}",
            span,
            "--",
            path,
        )
        touches: list[Touch] = []
        for chunk in out.decode("utf-8").split("\x01")[1:]:
            head, _, rest = chunk.partition("\0")
            sha, parents, author, email, date, subject = head.split("\x1f", 5)
            commit = Commit(
                sha, tuple(parents.split()), author, email, dt.datetime.fromisoformat(date), subject
            )
            fields = [f for f in rest.lstrip("\n").split("\0") if f]
            if not fields:
                continue
            status = fields[0]
            if status[0] in "RC":
                touches.append(Touch(commit, fields[2], fields[1]))
            else:
                touches.append(
                    Touch(
                        commit,
                        None if status == "D" else fields[1],
                        None if status == "A" else fields[1],
                    )
                )
        return touches


def _env() -> dict[str, str]:
    """Stable, English git output whatever the user's settings; never a pager or a prompt."""
    return {
        **os.environ,
        "LC_ALL": "C",
        "GIT_PAGER": "cat",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
    }
