"""Real git repositories for tests: commits by named authors at fixed dates, and a small
history that `parcli diff` and `parcli history` are tested on."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import MINI_CRITERIA, write

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


def git_env(who: str, date: str) -> dict[str, str]:
    """git's environment for a commit by `who` on `date`, with no user or system config."""
    name, email = AUTHORS[who]
    return {
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


def git(repo: Path, *args: str, who: str = "an", date: str = "2026-01-01T08:00:00+07:00") -> str:
    env = git_env(who, date)
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


SO_A = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}
  "1.1.2": {inputs: {done: 15, planned: 20}, self: 0}
  "2.1": {inputs: {on_time: 90, total: 100}}
"""

SO_B = """
format: parcli/submission/1
criteria: mini
agency: {id: so-b, name: Sở B}
items:
  "1.1.1": {self: 1, evidence: [{title: Kế hoạch, ref: 1/KH-SB}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
  "2.1": {na: Sở không có thủ tục hành chính}
"""

SO_C = """
format: parcli/submission/1
criteria: mini
agency: {id: so-c, name: Sở C}
items:
  "1.1.1": {self: 0.5, evidence: [{ref: 12/BC-SC, date: 2026-03-02, title: Báo cáo}]}
"""


@dataclass(frozen=True)
class History:
    root: Path
    c: dict[int, str]  # commit number → full id

    def short(self, n: int) -> str:
        return self.c[n][:7]


def small_history(root: Path) -> History:
    """Six commits: Sở A, Sở B added then renamed, Sở C added and deleted, and an uncommitted
    round 2 decision for Sở A in the working tree."""
    root = init_repo(root)
    a = root / "submissions" / "so-a.yaml"
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(a, SO_A)
    c = {1: commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")}
    write(a, SO_A.replace("{done: 15, planned: 20}, self: 0", "{done: 18, planned: 20}, self: 1"))
    write(root / "submissions" / "so-b.yaml", SO_B)
    c[2] = commit(root, "Cập nhật 1.1.2; thêm Sở B", who="binh", date="2026-03-05T10:30:00+07:00")
    git(root, "mv", "submissions/so-b.yaml", "submissions/don-vi-b.yaml")
    b = root / "submissions" / "don-vi-b.yaml"
    b.write_text(
        b.read_text(encoding="utf-8")
        + 'appraisal:\n  round1:\n    "1.1.1": {score: 0.5, note: Ban hành muộn}\n',
        encoding="utf-8",
    )
    c[3] = commit(root, "Thẩm định vòng 1 Sở B", who="cuong", date="2026-04-10T14:00:00+07:00")
    with a.open("a", encoding="utf-8") as handle:
        handle.write('appraisal:\n  round1:\n    "1.1.2": {score: 1}\nsurvey:\n  "1.2": 1.5\n')
    c[4] = commit(root, "Kết quả điều tra XHH", who="dung", date="2026-05-20T08:15:00+07:00")
    write(root / "submissions" / "so-c.yaml", SO_C)
    c[5] = commit(root, "Thêm Sở C", who="an", date="2026-06-01T09:00:00+07:00")
    (root / "submissions" / "so-c.yaml").unlink()
    c[6] = commit(root, "Xóa Sở C (nhập nhầm)", who="binh", date="2026-06-15T16:45:00+07:00")
    text = a.read_text(encoding="utf-8")
    a.write_text(
        text.replace(
            "appraisal:\n  round1:\n",
            'appraisal:\n  round2:\n    "1.1.1": {score: 0.5}\n  round1:\n',
        ),
        encoding="utf-8",
    )
    return History(root, c)
