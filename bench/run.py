"""Benchmark: parcli validate and score against the floor of reading the same files.

Generates two corpora of valid, realistic submissions against criteria/2026.yaml — province
scale (120 files) and national scale (4,000 files), about 600 lines each — then times, in one
run and as separate processes:

- the floor: a bare parse of every file with ruamel's C-accelerated loader
  (`YAML(typ="safe", pure=False)`), which no tool in this stack can beat at reading;
- `parcli validate <folder>` and `parcli score <folder> --format json`;
- `parcli --help` against `python -c "import typer"`.

It prints each time, the ratios against the targets, time per file at both scales and peak
memory. Usage: `python bench/run.py [--repeat 3] [--sizes 120,4000] [--keep]`.
Targets (issue 2): ratio ≤ 1.5; per-file time at 4,000 within 1.2× of that at 120; peak
memory at 4,000 ≤ 300 MB; `parcli --help` within 1.5× of importing typer.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from parcli.check.files import Library, check_file
from parcli.models import CriteriaSet, Leaf
from parcli.numbers import quantize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
UNITS = ["Văn phòng", "Thanh tra", "Phòng Kế hoạch - Tài chính", "Phòng Quản lý chuyên ngành"]
TITLES = [
    "Kế hoạch cải cách hành chính nhà nước năm 2026",
    "Báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2026",
    "Quyết định kiện toàn Tổ công tác cải cách hành chính",
    "Công văn triển khai nhiệm vụ chuyển đổi số năm 2026",
    "Báo cáo tự kiểm tra công tác cải cách hành chính năm 2026",
]
FLOOR = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes())
"""
# A stricter floor, for reference: libyaml composing nodes, no Python construction at all.
COMPOSE = """
import sys
from pathlib import Path
from ruamel.yaml.cyaml import CBaseLoader
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    CBaseLoader(path.read_text(encoding="utf-8")).get_single_node()
"""
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def load_criteria() -> CriteriaSet:
    checked = check_file(
        ROOT / "criteria" / "2026.yaml",
        cwd=ROOT,
        library=Library(root=ROOT, cwd=ROOT),
        today=__import__("datetime").date(2026, 11, 25),
    )
    assert checked.criteria_set is not None, checked.problems
    return checked.criteria_set


def item_lines(leaf: Leaf, rng: random.Random) -> list[str]:
    """One self item whose score agrees with its rule, with evidence, as a clerk writes it."""
    rule = leaf.rule
    kind = leaf.rule_kind
    lines = [f'  "{leaf.id}":']
    score: Decimal = leaf.max
    if rule is not None and kind == "levels" and rule.levels:
        level = rng.choice(rule.levels[:2])
        score = level.points
        lines += [f"    self: {score}", f"    level: {level.label}"]
    elif rule is not None and kind == "bands" and rule.percent_of and rule.bands:
        planned = rng.randint(20, 60)
        done = rng.randint(planned * 8 // 10, planned)
        value = Decimal(done) / Decimal(planned) * 100
        score = next(b.points for b in rule.bands if value >= b.min)
        a, b = rule.percent_of
        lines += [f"    self: {score}", f"    inputs: {{{a}: {done}, {b}: {planned}}}"]
    elif rule is not None and kind == "bands" and rule.count_of and rule.bands:
        count = rng.randint(0, 4)
        score = next(b.points for b in rule.bands if count >= b.min)
        lines += [f"    self: {score}", f"    inputs: {{{rule.count_of}: {count}}}"]
    elif rule is not None and kind == "ratio" and rule.ratio_of:
        total = rng.randint(200, 3000)
        part = rng.randint(total * 9 // 10, total)
        places = leaf.decimals if leaf.decimals is not None else 2
        score = quantize(leaf.max * part / total, places)
        a, b = rule.ratio_of
        lines += [f"    self: {score}", f"    inputs: {{{a}: {part}, {b}: {total}}}"]
    elif rule is not None and kind == "check":
        lines += [f"    self: {leaf.max}", "    answer: có"]
    elif rule is not None and kind == "deduction" and rule.per:
        lines += [f"    self: {leaf.max}", f"    inputs: {{{rule.per}: 0}}"]
    else:
        lines += [f"    self: {leaf.max}"]
    number = rng.randint(10, 2999)
    title = TITLES[number % len(TITLES)]
    date = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.7:
        lines += [
            "    evidence:",
            f"      - ref: {number}/KH-SBM",
            f"        date: {date}",
            f"        title: {title}",
            "        issuer: Sở Ban mẫu",
        ]
    else:
        lines += [
            "    evidence:",
            f"      - {{ref: {number}/BC-SBM, date: {date}, title: {title}}}",
        ]
    lines.append(
        f"    note: Đã thực hiện đầy đủ theo kế hoạch, kèm tài liệu số {rng.randint(1, 99)}"
    )
    if rng.random() < 0.3:
        lines.append(f"    owner: {rng.choice(UNITS)}")
    return lines


def submission_text(cs: CriteriaSet, n: int) -> str:
    rng = random.Random(n)
    lines = [
        "# Hồ sơ sinh tự động cho benchmark: không phải số liệu thật",
        "format: parcli/submission/1",
        'criteria: "2026"',
        f"agency: {{id: so-mau-{n:05d}, name: Sở mẫu số {n}}}",
        "items:",
    ]
    for leaf in cs.leaves:
        if leaf.method == "self":
            lines += item_lines(leaf, rng)
    lines += ["appraisal:", "  round1:"]
    for leaf in rng.sample([leaf for leaf in cs.leaves if leaf.method == "self"], 8):
        lines.append(f'    "{leaf.id}": {{score: {leaf.max}, note: Thống nhất với điểm tự chấm}}')
    lines.append("survey:")
    for leaf in cs.leaves:
        if leaf.method == "survey":
            lines.append(
                f'  "{leaf.id}": {quantize(leaf.max * Decimal(rng.randint(70, 100)) / 100, 2)}'
            )
    lines.append("plan:")
    for i in range(14):
        # Tasks name the items they work on; those under way make validate weigh their
        # targets against the scores (the target-at-max check scores the submission).
        lines += [
            f"  - id: II.{i % 7 + 1}.{i // 7 + 1}",
            f'    area: "{i % 7 + 1}"',
            f"    task: Triển khai nhiệm vụ cải cách hành chính số {i + 1} theo kế hoạch năm 2026",
            f'    targets: ["{i % 7 + 1}.{i // 7 + 1}"]',
            f"    owner: {UNITS[i % len(UNITS)]}",
            f"    due: 2026-{i % 10 + 1:02d}-15",
            *(
                ["    status: in_progress"]
                if i % 2
                else ["    status: done", f"    done_on: 2026-{i % 10 + 1:02d}-10"]
            ),
        ]
    return "\n".join(lines) + "\n"


def generate(cs: CriteriaSet, count: int) -> Path:
    folder = OUT / f"corpus-{count}"
    if folder.is_dir() and len(list(folder.glob("submissions/*.yaml"))) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "submissions").mkdir(parents=True)
    shutil.copytree(ROOT / "criteria", folder / "criteria")
    for n in range(count):
        (folder / "submissions" / f"so-mau-{n:05d}.yaml").write_text(
            submission_text(cs, n), encoding="utf-8"
        )
    return folder


def timed(argv: list[str], cwd: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}"
            )
        best = min(best, elapsed)
    return best


def peak_mb(argv: list[str], cwd: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], cwd=cwd, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="120,4000")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    args = parser.parse_args()
    cs = load_criteria()
    py = sys.executable
    parcli = [py, "-m", "parcli"]
    per_file: dict[int, dict[str, float]] = {}
    ok = True
    print(
        f"{'corpus':>8} {'lines/file':>10} {'floor s':>8} {'validate s':>10} {'ratio':>6} {'score s':>8} {'ratio':>6}"
    )
    for count in (int(s) for s in args.sizes.split(",")):
        folder = generate(cs, count)
        files = sorted((folder / "submissions").glob("*.yaml"))
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files) / len(files)
        floor = timed([py, "-c", FLOOR, "submissions"], folder, args.repeat)
        compose = timed([py, "-c", COMPOSE, "submissions"], folder, args.repeat)
        validate = timed([*parcli, "validate", "--today", "2026-11-25"], folder, args.repeat)
        score = timed(
            [*parcli, "score", "--today", "2026-11-25", "--format", "json"], folder, args.repeat
        )
        per_file[count] = {"validate": validate / count, "score": score / count}
        ok &= validate / floor <= 1.5 and score / floor <= 1.5
        print(
            f"{count:>8} {lines:>10.0f} {floor:>8.2f} {validate:>10.2f} {validate / floor:>6.2f} {score:>8.2f} {score / floor:>6.2f}"
        )
        print(
            f"{'':>8} (libyaml compose only, no construction: {compose:.2f} s; validate ×{validate / compose:.2f}, score ×{score / compose:.2f})"
        )
        if count == max(int(s) for s in args.sizes.split(",")):
            memory = {
                name: peak_mb([*parcli, *cmd], folder)
                for name, cmd in (
                    ("validate", ["validate", "--today", "2026-11-25"]),
                    ("score", ["score", "--today", "2026-11-25", "--format", "json"]),
                )
            }
            for name, mb in memory.items():
                print(f"peak memory, {name} at {count}: {mb:.0f} MB (target ≤ 300)")
                ok &= mb <= 300
        if not args.keep and count > 1000:
            shutil.rmtree(folder)
    sizes = sorted(per_file)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for name in ("validate", "score"):
            ratio = per_file[large][name] / per_file[small][name]
            print(
                f"time per file {name}: {per_file[small][name] * 1000:.1f} ms at {small}, {per_file[large][name] * 1000:.1f} ms at {large}: ×{ratio:.2f} (target ≤ 1.2)"
            )
            ok &= ratio <= 1.2
    # the console script, as users type it; `python -m` adds runpy's start-up on top
    script = Path(sys.executable).with_name("parcli")
    helps = timed([str(script) if script.exists() else "parcli", "--help"], ROOT, 10)
    typer_import = timed([py, "-c", "import typer"], ROOT, 10)
    print(
        f"parcli --help {helps:.3f} s, import typer {typer_import:.3f} s: ×{helps / typer_import:.2f} (target ≤ 1.5)"
    )
    ok &= helps / typer_import <= 1.5
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
