"""Benchmark: parcli diff and history on a year of commits, against git log and a bare parse.

Generates a repository (with `git fast-import`) of 60 realistic submissions (bench/run.py's,
about 700 lines each, against criteria/2026.yaml) and 300 commits by eight authors over
2026, each changing appraisal decisions in one file; one file changes in 200 of them. Then
times, each command a fresh process, best of `--repeat`:

- `parcli diff FIRST HEAD` (the whole year) against `git log --name-only FIRST..HEAD` plus
  one bare parse of every blob the range holds;
- `parcli history` of the 200-commit file against `git log --name-only -- FILE` plus one
  bare parse of that file's blobs;
- `parcli history --all --commits` against `git log --name-only` plus one bare parse of every
  blob.

A bare parse is bench/run.py's floor: ruamel's C-accelerated safe loader over the blobs
exported to files, in a fresh process; a stricter one (libyaml composing nodes, no Python
objects built) is printed too. Targets (issue 10): diff ≤ 2 s, history ≤ 1 s, history --all
≤ 5 s, each within 3× of its floor. Usage: `python bench/history.py [--repeat 3] [--keep]`.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import COMPOSE, load_criteria, submission_text, timed

from parcli.models import CriteriaSet, id_key

# The bare parse this benchmark was measured against (bench/run.py now measures others):
# ruamel's C-accelerated safe loader over every exported blob.
FLOOR = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes())
"""


ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
FILES, COMMITS, BUSY = 60, 300, 200  # files, commits, commits that change the busy file
AUTHORS = [
    ("Nguyễn Văn An", "an"), ("Trần Thị Bình", "binh"), ("Lê Văn Cường", "cuong"),
    ("Phạm Thị Dung", "dung"), ("Đỗ Thị Hạnh", "hanh"), ("Vũ Minh Khoa", "khoa"),
    ("Ngô Thị Lan", "lan"), ("Hoàng Văn Minh", "minh"),
]  # fmt: skip
ROUND1 = re.compile(r"appraisal:\n  round1:\n(?:    .*\n)*")


def version_text(base: str, decisions: dict[str, Decimal]) -> str:
    """The file with its round 1 decisions replaced by `decisions`."""
    lines = "".join(
        f'    "{item}": {{score: {score}, note: Điều chỉnh khi thẩm định}}\n'
        for item, score in sorted(decisions.items(), key=lambda kv: id_key(kv[0]))
    )
    return ROUND1.sub(lambda _: "appraisal:\n  round1:\n" + lines, base, count=1)


def fast_import_stream(cs: CriteriaSet) -> bytes:
    rng = random.Random(2026)
    leaves = [leaf for leaf in cs.leaves if leaf.method == "self"]
    bases = [submission_text(cs, n) for n in range(FILES)]
    decisions: list[dict[str, Decimal]] = [{} for _ in range(FILES)]
    busy = set(rng.sample(range(1, COMMITS), BUSY - 1))  # commit 0 adds every file
    out = bytearray()

    def data(text: str) -> None:
        raw = text.encode("utf-8")
        out.extend(b"data %d\n" % len(raw) + raw + b"\n")

    for i in range(COMMITS):
        name, login = AUTHORS[i % len(AUTHORS)]
        when = 1767225600 + i * 86400 + 3600 * (i % 9)  # 2026-01-01, a day apart
        out.extend(f"commit refs/heads/main\nmark :{i + 1}\n".encode())
        out.extend(f"committer {name} <{login}@snv.gov.vn> {when} +0700\n".encode())
        data(f"Thay đổi số {i + 1}")
        if i:
            out.extend(f"from :{i}\n".encode())
        changed = range(FILES) if i == 0 else [0 if i in busy else rng.randrange(1, FILES)]
        if i == 0:
            criteria = (ROOT / "criteria" / "2026.yaml").read_text(encoding="utf-8")
            out.extend(b"M 100644 inline criteria/2026.yaml\n")
            data(criteria)
        for n in changed:
            if i:
                leaf = rng.choice(leaves)
                decisions[n][leaf.id] = leaf.max * Decimal(rng.randint(0, 4)) / 4
            out.extend(f"M 100644 inline submissions/so-mau-{n:05d}.yaml\n".encode())
            data(version_text(bases[n], decisions[n]))
    return bytes(out)


def generate(cs: CriteriaSet) -> Path:
    folder = OUT / "history-repo"
    if (folder / ".git").is_dir():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=folder, input=fast_import_stream(cs), check=True
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)
    return folder


def export_blobs(repo: Path, target: Path, *, span: list[str], path: str | None) -> int:
    """Every distinct blob of .yaml files the commits of `span` hold, written to `target`."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    spec = [path] if path else ["submissions"]
    out = subprocess.run(
        ["git", "log", "--raw", "--no-abbrev", "--format=", *span, "--", *spec],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    blobs = {line.split()[3] for line in out.splitlines() if line.startswith(":")}
    blobs.discard("0" * 40)
    for sha in blobs:
        raw = subprocess.run(["git", "cat-file", "blob", sha], cwd=repo, capture_output=True)
        (target / f"{sha}.yaml").write_bytes(raw.stdout)
    return len(blobs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = parser.parse_args()
    cs = load_criteria()
    repo = generate(cs)
    py = sys.executable
    parcli = [py, "-m", "parcli"]
    first = subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    busy = "submissions/so-mau-00000.yaml"
    cases = [
        ("diff (whole year)", ["diff", first, "HEAD"], [f"{first}..HEAD"], None, 2.0),
        (f"history ({BUSY} commits)", ["history", busy], ["HEAD"], busy, 1.0),
        ("history --all --commits", ["history", "--all", "--commits"], ["HEAD"], None, 5.0),
    ]
    ok = True
    print(f"repository: {FILES} files × {COMMITS} commits, {repo}")
    print(
        f"{'command':<26} {'blobs':>5} {'git log':>8} {'parse':>6} {'floor':>6} "
        f"{'parcli':>7} {'ratio':>6}  targets"
    )
    for label, command, span, path, target in cases:
        log = ["git", "log", "--name-only", *span, "--", *([path] if path else [])]
        git_log = timed(log, repo, args.repeat)
        blobs = OUT / "history-blobs"
        count = export_blobs(repo, blobs, span=span, path=path)
        parse = timed([py, "-c", FLOOR, str(blobs)], repo, args.repeat)
        compose = timed([py, "-c", COMPOSE, str(blobs)], repo, args.repeat)
        floor = git_log + parse
        took = timed([*parcli, *command], repo, args.repeat)
        met = took <= target and took <= 3 * floor
        ok &= met
        print(
            f"{label:<26} {count:>5} {git_log:>8.3f} {parse:>6.2f} {floor:>6.2f} "
            f"{took:>7.2f} {took / floor:>6.2f}  ≤ {target:g} s, ≤ 3× floor: "
            f"{'met' if met else 'MISSED'}"
        )
        print(f"{'':<26} (stricter floor, libyaml compose only: {git_log + compose:.2f} s)")
    shutil.rmtree(OUT / "history-blobs", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(repo)
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
