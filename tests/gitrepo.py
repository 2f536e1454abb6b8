"""Real git repositories for tests: commits by named authors at fixed dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AUTHORS = {
    "an": ("Nguyễn Văn An", "an@so-a.gov.vn"),
    "binh": ("Trần Thị Bình", "binh@so-a.gov.vn"),
    "cuong": ("Lê Văn Cường", "cuong@snv.gov.vn"),
    "dung": ("Phạm Thị Dung", "dung@snv.gov.vn"),
    "giang": ("Trương Thị Giang", "giang@snv.gov.vn"),
    # The clerks of the simulated year's eight departments (tests/simyear.py).
    "hanh": ("Đỗ Thị Hạnh", "hanh@stp.gov.vn"),
    "khoa": ("Vũ Minh Khoa", "khoa@skhcn.gov.vn"),
    "lan": ("Ngô Thị Lan", "lan@stc.gov.vn"),
    "minh": ("Hoàng Văn Minh", "minh@syt.gov.vn"),
    "nga": ("Bùi Thị Nga", "nga@sxd.gov.vn"),
    "phuc": ("Đặng Hữu Phúc", "phuc@sgddt.gov.vn"),
    "quynh": ("Lý Thị Quỳnh", "quynh@sct.gov.vn"),
    "son": ("Trịnh Văn Sơn", "son@snnmt.gov.vn"),
}


def git(repo: Path, *args: str, who: str = "an", date: str = "2026-01-01T08:00:00+07:00") -> str:
    name, email = AUTHORS[who]
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def commit(repo: Path, message: str, *, who: str, date: str) -> str:
    """Commit everything in the working tree; the new commit's id."""
    git(repo, "add", "-A", who=who, date=date)
    git(repo, "commit", "-q", "-m", message, who=who, date=date)
    return git(repo, "rev-parse", "HEAD")
