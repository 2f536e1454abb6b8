"""Every output parcli gives on the bundled examples, written to one folder, to compare runs.

A refactoring that must not change behaviour is checked by running this before and after
and comparing the two folders (`diff -r`): terminal text, JSON, CSV, Markdown, DOCX, XLSX,
PNG, dry-run diffs, and `diff`/`history` over a small git repository with fixed authors and
dates. Each command runs as a separate process (`python -m parcli`) in a copy of the
repository's `criteria/`, `submissions/` and `parcli.yaml`, with a fixed `--today`/`--as-of`.

Usage: `python scripts/snapshot_outputs.py OUT_DIR`; `diff -r before/ after/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-25"
ENV = {
    **os.environ,
    "COLUMNS": "100",
    "TZ": "Asia/Ho_Chi_Minh",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Nguyễn Văn An",
    "GIT_AUTHOR_EMAIL": "an@example.vn",
    "GIT_COMMITTER_NAME": "Nguyễn Văn An",
    "GIT_COMMITTER_EMAIL": "an@example.vn",
}
SURVEY = "agency,1.10\r\nso-khcn,1.5\r\n"

# (name, arguments); files written by -o land in the workspace and are collected after.
COMMANDS: list[tuple[str, list[str]]] = [
    ("validate", ["validate", "--today", DAY]),
    ("validate-json", ["validate", "--today", DAY, "--format", "json"]),
    ("validate-github", ["validate", "--today", DAY, "--format", "github"]),
    ("score", ["score", "submissions/", "--today", DAY]),
    ("score-by-area", ["score", "submissions/", "--by", "area", "--today", DAY]),
    ("score-detail", ["score", "submissions/so-khcn.yaml", "--detail", "--today", DAY]),
    ("score-json", ["score", "submissions/", "--format", "json", "--today", DAY]),
    ("score-json-detail", ["score", "--format", "json", "--detail", "--today", DAY]),
    ("score-csv", ["score", "--format", "csv", "--today", DAY]),
    ("score-csv-detail", ["score", "--format", "csv", "--detail", "--today", DAY]),
    ("score-xlsx", ["score", "--format", "xlsx", "-o", "out/score.xlsx", "--today", DAY]),
    ("score-out", ["score", "--by", "area", "-o", "out/score.txt", "--today", DAY]),
    *(
        (
            f"report-{kind}-{fmt}",
            [
                "report",
                kind,
                *(["submissions/so-khcn.yaml"] if kind != "ranking" else []),
                "--as-of",
                DAY,
                "-o",
                f"out/{kind}.{fmt}",
            ],
        )
        for kind in ("progress", "plan", "sheet", "ranking")
        for fmt in ("md", "docx", "xlsx")
    ),
    (
        "report-progress-6m",
        ["report", "progress", "submissions/so-khcn.yaml", "--period", "6m", "-o", "out/6m.md"],
    ),
    (
        "report-progress-stdout",
        ["report", "progress", "submissions/so-noi-vu.yaml", "--as-of", DAY],
    ),
    ("plan", ["plan", "submissions/so-khcn.yaml", "--as-of", DAY]),
    ("plan-json", ["plan", "submissions/so-khcn.yaml", "--format", "json", "--as-of", DAY]),
    ("plan-draft-dry", ["plan", "submissions/so-khcn.yaml", "--draft", "--dry-run"]),
    ("tasks", ["tasks", "--as-of", DAY]),
    ("tasks-md", ["tasks", "--format", "md", "--owner", "Văn phòng", "--as-of", DAY]),
    ("tasks-json", ["tasks", "--format", "json", "--as-of", DAY]),
    ("schema", ["schema", "-o", "out/schemas"]),
    ("init-dry", ["init", "so-xd", "--name", "Sở Xây dựng", "--criteria", "2026", "--dry-run"]),
    (
        "appraise-dry",
        [
            "appraise",
            "submissions/so-y-te.yaml",
            "1.1.1",
            "--round",
            "1",
            "--score",
            "0.5",
            "--note",
            "Ban hành muộn",
            "--dry-run",
        ],
    ),
    ("survey-dry", ["survey", "import", "survey.csv", "--dry-run"]),
    ("bad-usage", ["score", "--format", "nope"]),
    ("help", ["--help"]),
]
GIT_COMMANDS: list[tuple[str, list[str]]] = [
    ("diff", ["diff", "HEAD~2"]),
    ("diff-json", ["diff", "HEAD~2", "HEAD", "--format", "json"]),
    ("diff-worktree", ["diff"]),
    ("history", ["history", "submissions/so-khcn.yaml"]),
    ("history-json", ["history", "submissions/so-khcn.yaml", "--format", "json"]),
    ("history-chart", ["history", "submissions/so-y-te.yaml", "--chart", "out/history.png"]),
]


def run(work: Path, out: Path, name: str, args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parcli", *args], cwd=work, capture_output=True, env=ENV
    )
    (out / f"{name}.stdout").write_bytes(done.stdout)
    (out / f"{name}.stderr").write_bytes(done.stderr)
    (out / f"{name}.code").write_text(f"{done.returncode}\n")


def git(work: Path, *args: str, date: str) -> None:
    env = {**ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"snapshot: {old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        for name in ("criteria", "submissions"):
            shutil.copytree(ROOT / name, work / name)
        shutil.copy(ROOT / "parcli.yaml", work / "parcli.yaml")
        (work / "survey.csv").write_text(SURVEY, encoding="utf-8")
        (work / "out").mkdir()
        (work / ".gitignore").write_text("out/\n", encoding="utf-8")
        for name, args in COMMANDS:
            run(work, out, name, args)
        git(work, "init", "-q", "-b", "main", date="2026-01-01T08:00:00+07:00")
        git(work, "add", "-A", date="2026-01-01T08:00:00+07:00")
        git(work, "commit", "-q", "-m", "Hồ sơ ban đầu", date="2026-10-01T08:00:00+07:00")
        edit(work / "submissions/so-khcn.yaml", "self: 0.25\n", "self: 0.5\n")
        git(work, "commit", "-qam", "Sửa điểm 1.4.1", date="2026-10-02T08:00:00+07:00")
        edit(work / "submissions/so-y-te.yaml", "self: 1\n", "self: 0.5\n")
        git(work, "commit", "-qam", "Sửa điểm Sở Y tế", date="2026-10-03T08:00:00+07:00")
        edit(work / "submissions/so-khcn.yaml", "self: 0.5\n", "self: 0.75\n")
        for name, args in GIT_COMMANDS:
            run(work, out, name, args)
        shutil.copytree(work / "out", out / "files")


if __name__ == "__main__":
    main()
