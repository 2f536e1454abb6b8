"""Benchmark: Excel forms out and in (`parcli form export`, `parcli form import`).

Times, each command a fresh process (best of `--repeat`):

- the export of one agency's self-assessment form (a generated submission of the province
  corpus, and the bundled Sở KH&CN) — target < 1 s;
- the import of 40 agencies' appraisal sheets filled in completely (a score and a note on
  every self item: 57 × 40 decisions), as one workbook of 40 sheets and as 40 workbooks —
  target < 5 s;
- the import of a form whose sheet claims a million rows (a stray cell at XFD1048576), and
  of one that has a million empty rows, with the peak memory of the process — bounded.

Each time is wall-clock and CPU (user + system) of the process: on a machine busy with other
work the first grows, the second does not. Usage: `python bench/forms.py [--repeat 3]`. It
uses the corpus generator of bench/run.py.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, generate, load_criteria, peak_mb

AGENCIES = 40


def fill_appraisal(path: Path, rng: random.Random) -> int:
    """An appraiser's work: a score and a note on every self item of every sheet."""
    book = load_workbook(path)
    decisions = 0
    for ws in book.worksheets[1:-1]:
        header = {c.value: c.column for c in ws[5] if c.value}
        for row in range(6, ws.max_row + 1):
            item = ws.cell(row, 1).value
            top = ws.cell(row, header["Điểm tối đa"]).value
            if (
                not item
                or str(item).count(".") == 0
                or ws.cell(row, header["Căn cứ tự chấm"]).value == "Điều tra xã hội học"
            ):
                continue
            if ws.cell(row, header["Điểm thẩm định"]).protection.locked or top is None:
                continue
            ws.cell(row, header["Điểm thẩm định"]).value = float(top) * rng.choice([1, 1, 0.5, 0])
            ws.cell(row, header["Nhận xét thẩm định"]).value = "Thẩm định vòng 2: thống nhất"
            decisions += 1
    book.save(path)
    return decisions


def claim_a_million_rows(form: Path, out: Path, *, empty_rows: bool) -> Path:
    """The form with a stray cell at XFD1048576 (and, with `empty_rows`, every row between)."""
    with zipfile.ZipFile(form) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    stray = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', parts[sheet]))
    filler = b"".join(b'<row r="%d"/>' % r for r in range(last + 1, 1048576)) if empty_rows else b""
    parts[sheet] = re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', parts[sheet]
    )
    parts[sheet] = parts[sheet].replace(b"</sheetData>", filler + stray + b"</sheetData>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def timed_cpu(argv: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of a fresh process, best of `repeat`."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, capture_output=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(argv)} failed:\n{done.stdout.decode()}{done.stderr.decode()}"
            )
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        best = (min(best[0], elapsed), min(best[1], cpu))
    return best


def timed_import(corpus: Path, forms: list[str], repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds, best of `repeat`, each run in a fresh copy of the workspace:
    the import really writes. CPU time tells what the machine's other work took away."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / "ws"
            shutil.copytree(corpus, work)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "parcli", "form", "import", *forms],
                cwd=work,
                capture_output=True,
            )
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                raise SystemExit(
                    f"form import failed ({done.returncode}):\n{done.stdout.decode()}{done.stderr.decode()}"
                )
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            best = (min(best[0], elapsed), min(best[1], cpu))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    py = [sys.executable, "-m", "parcli"]
    ok = True
    corpus = generate(load_criteria(), AGENCIES)
    bundled = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "submissions", bundled / "submissions")
    shutil.copytree(ROOT / "criteria", bundled / "criteria")

    exports = {
        "one agency (generated)": ([*py, "form", "export", "submissions/so-mau-00000.yaml", "-o", "one.xlsx"], corpus),
        "one agency (bundled Sở KH&CN)": ([*py, "form", "export", "submissions/so-khcn.yaml", "-o", "khcn.xlsx"], bundled),
        "40 agencies' round-2 sheets in one workbook": ([*py, "form", "export", "submissions", "--appraisal", "round2", "-o", "r2.xlsx"], corpus),
    }  # fmt: skip
    for n, (what, (argv, cwd)) in enumerate(exports.items()):
        wall, cpu = timed_cpu(argv, cwd, args.repeat)
        target = " (target < 1 s)" if n < 2 else ""
        print(f"export, {what}: {wall:.2f} s, CPU {cpu:.2f} s{target}")
        ok &= n == 2 or wall < 1

    rng = random.Random(2026)
    decisions = fill_appraisal(corpus / "r2.xlsx", rng)
    single, single_cpu = timed_import(corpus, ["r2.xlsx"], args.repeat)
    names = []
    for n in range(AGENCIES):
        name = f"r2-{n:02d}.xlsx"
        subprocess.run(
            [
                *py,
                "form",
                "export",
                f"submissions/so-mau-{n:05d}.yaml",
                "--appraisal",
                "round2",
                "-o",
                name,
            ],
            cwd=corpus,
            check=True,
            capture_output=True,
        )
        fill_appraisal(corpus / name, rng)
        names.append(name)
    many, many_cpu = timed_import(corpus, names, args.repeat)
    print(
        f"import, 40 agencies in one workbook ({decisions} decisions): {single:.2f} s, CPU {single_cpu:.2f} s (target < 5 s)"
    )
    print(
        f"import, 40 workbooks of one agency each: {many:.2f} s, CPU {many_cpu:.2f} s (target < 5 s)"
    )
    ok &= single < 5 and many < 5

    for empty_rows, what in ((False, "a stray cell at XFD1048576"), (True, "a million empty rows")):
        form = claim_a_million_rows(
            corpus / "one.xlsx", corpus / "million.xlsx", empty_rows=empty_rows
        )
        seconds, cpu = timed_cpu(
            [*py, "form", "import", "million.xlsx", "--dry-run"], corpus, args.repeat
        )
        memory = peak_mb([*py, "form", "import", "million.xlsx", "--dry-run"], corpus)
        size = form.stat().st_size // 1024
        print(
            f"import, a sheet that claims a million rows ({what}, {size} KB): {seconds:.2f} s, CPU {cpu:.2f} s, peak {memory:.0f} MB"
        )
        ok &= seconds < 10 and memory < 200
    shutil.rmtree(bundled)
    print("all targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
