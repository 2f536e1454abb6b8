"""A bounded fuzzer: valid submissions, criteria sets, CSV and XLSX tables, mutated at the
byte and the structure level, run through real commands in-process.

Whatever the input: no traceback, an exit code of 0, 1 or 2, every problem line well
formed with a documented code, no file changed by a command that failed or only reads,
and each run inside a time and memory budget.

CI runs a fixed, derandomized number of examples per target. By hand, explore further:
`PARCLI_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py -p no:cacheprovider` (random seeds,
then failing examples are kept in .hypothesis/ and replayed first).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcli.cli import main
from parcli.problems import CODES
from parcli.report.zips import fixed_zip
from tests.conftest import MINI_CRITERIA

EXAMPLES = int(os.environ.get("PARCLI_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 30,
    derandomize=not EXAMPLES,  # CI: the same examples every run; by hand: new ones
    deadline=None,  # the budget below is checked on every run, with a message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None if not EXAMPLES else settings.default.database,
)
SECONDS_PER_RUN = 20.0
WHEN = dt.datetime(2026, 1, 1)
PEAK_MEMORY_BYTES = 1500 * 1024 * 1024

PROBLEM = re.compile(
    r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning): (?:.+ )?\((?P<code>[a-z-]+)\)$"
)
LOOKS_LIKE_PROBLEM = re.compile(r":\d+:\d+: (?:error|warning): ")

SUBMISSION = """\
# Hồ sơ Sở A
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026, file: a.pdf}
    note: "Đúng hạn"
  "1.1.2": {inputs: {done: 18, planned: 20}, self: 1}
  "2.1": {na: Không có thủ tục hành chính}
bonus: [{points: 0.5, reason: Sáng kiến}]
appraisal:
  round1: {"1.1.1": {score: 0.5, note: Muộn}}
  explanation: {"1.1.1": {text: Đã giải trình}}
survey: {"1.2": 1.5}
plan:
  - {id: T1, area: "1", task: Ban hành kế hoạch, status: done, done_on: 2026-01-20}
"""
SURVEY_CSV = "agency,name,1.2\nso-a,Sở A,1.5\nso-b,Sở B,2\n"
APPRAISAL_CSV = 'agency,item,round,score,note\nso-a,1.1.2,1,1,"Đạt, đủ hồ sơ"\nso-b,1.1.1,2,0.5,\n'

# Fragments that have broken parsers before: invisible characters, YAML structure,
# numbers at the edge, quotes, line ends, nesting, encodings.
NASTY = [
    b"\x00", b"\x1b[2J", b"\x1b]0;t\x07", "\u2028".encode(), "\u202e".encode(), b"\xc2\x85",
    b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\t", b"\r", b"\r\n", b"\n---\n", b": ", b"- ", b"? ",
    b"&a ", b"*a", b"!!python/object:os.system ", b"[" * 200, b"{a: " * 100, b"- " * 200,
    b'"', b"'", b"\\", b"#", b"%", b"@", b"`", b"|", b">", b"1e999999999", b"-0", b"0,5",
    b"NaN", b"1_0", "Sở".encode(), "So\u031b\u0309".encode(), b" ", b"\"1.1.2 \": 1\n",
    b'"1.1.1": {self: 1}\n', b"x" * 5000,
]  # fmt: skip


@st.composite
def byte_mutations(draw: st.DrawFn, base: bytes) -> bytes:
    """Splices, deletions and flips at random places, with nasty fragments."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "flip", "truncate"]))
        piece = draw(st.one_of(st.sampled_from(NASTY), st.binary(max_size=16)))
        if kind == "insert":
            data[where:where] = piece
        elif kind == "replace":
            data[where : where + len(piece)] = piece
        elif kind == "delete":
            del data[where : where + draw(st.integers(1, 40))]
        elif kind == "flip" and data:
            data[min(where, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        else:
            del data[where:]
    return bytes(data)


SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "1.10", "0.5", "-0", "1e999999999", "có", "no", "2026-02-30",
                     "2026-01-20", "1.1.1", "1.1.2 ", " so-a", "../../etc/passwd", "\x1b[31m",
                     "\u202e", "a\nb", "[/x]", "{{ x }}", "=SUM(A1)"]),
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)  # fmt: skip
TREES = st.recursive(
    st.one_of(st.none(), SCALARS),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(SCALARS, children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def tree_mutations(draw: st.DrawFn, base: Any) -> bytes:
    """The document with some keys removed, replaced or added, written back as YAML flow
    (JSON is YAML); keys include near-duplicates and ids that only look right."""
    data = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 4))):
        node = data
        path = []
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            path.append(key)
            node = node[key]
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        if not path:
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(TREES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(SCALARS)] = draw(TREES)
        else:
            parent.append(draw(TREES))
    return json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8")


# ---------------------------------------------------------------- running one example


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="parcli-fuzz-") as folder:
        root = Path(folder)
        (root / "criteria").mkdir()
        (root / "criteria" / "mini.yaml").write_text(MINI_CRITERIA.lstrip(), encoding="utf-8")
        (root / "submissions").mkdir()
        (root / "submissions" / "so-a.yaml").write_text(SUBMISSION, encoding="utf-8")
        b = SUBMISSION.replace("so-a, name: Sở A", "so-b, name: Sở B")
        (root / "submissions" / "so-b.yaml").write_text(b, encoding="utf-8")
        (root / "submissions" / "a.pdf").write_bytes(b"%PDF")
        yield root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run(root: Path, *args: str, writes: bool = False) -> None:
    """Run `parcli ARGS` in `root` and check everything that must hold for any input."""
    before = snapshot(root)
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    started = time.monotonic()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(cwd)
    elapsed = time.monotonic() - started
    text = out.getvalue() + err.getvalue()
    assert code in (0, 1, 2), f"exit {code} for {args}:\n{text[-2000:]}"
    assert "Traceback" not in text and "lỗi nội bộ" not in text, text[-2000:]
    for line in text.splitlines():
        if LOOKS_LIKE_PROBLEM.search(line):
            found = PROBLEM.match(line)
            assert found is not None, f"malformed problem line: {line!r}"
            assert found.group("code") in CODES, line
    if code != 0 or not writes:
        assert snapshot(root) == before, f"files changed by {args} (exit {code})"
    assert elapsed < SECONDS_PER_RUN, f"{args} took {elapsed:.1f} s"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (
        1 if sys.platform == "darwin" else 1024
    )
    assert peak < PEAK_MEMORY_BYTES, f"peak memory {peak // 2**20} MB after {args}"


def put(root: Path, name: str, data: bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# ---------------------------------------------------------------- targets


SUBMISSION_DATA = {
    "format": "parcli/submission/1", "criteria": "mini",
    "agency": {"id": "so-a", "name": "Sở A"},
    "items": {"1.1.1": {"self": "1", "level": "Ban hành kịp thời",
                        "evidence": [{"title": "Kế hoạch", "date": "2026-01-20"}]},
              "1.1.2": {"inputs": {"done": "18", "planned": "20"}}},
    "appraisal": {"round1": {"1.1.1": {"score": "0.5"}}},
    "survey": {"1.2": "1.5"},
    "plan": [{"id": "T1", "area": "1", "task": "Kế hoạch", "status": "done"}],
}  # fmt: skip


def criteria_data() -> Any:
    from tests.helpers import load_data

    return load_data(MINI_CRITERIA)


# File names reach the cache key and every problem line: bytes that are not UTF-8 (held as
# surrogates), terminal escapes, a line break that could forge a problem line, spaces.
FILE_NAMES = st.sampled_from(
    ["so-a.yaml", os.fsdecode(b"so-\xff.yaml"), "so-\x1b]0;t\x07.yaml", "so\n-a.yaml:1:1: x",
     " so-a .yaml", "\u202eso-a.yaml", "so-a.YAML"]
)  # fmt: skip


def fuzz_submission(data: st.DataObject) -> None:
    mutated = data.draw(
        st.one_of(byte_mutations(SUBMISSION.encode()), tree_mutations(SUBMISSION_DATA))
    )
    name = data.draw(FILE_NAMES)
    with workspace() as root:
        (root / "submissions" / "so-a.yaml").unlink()
        put(root, f"submissions/{name}", mutated)
        run(root, "validate", "--today", "2026-11-25")
        run(root, "score", "--format", "json", "--today", "2026-11-25")
        run(root, "report", "sheet", f"submissions/{name}", "--as-of", "2026-11-25")


def fuzz_criteria(data: st.DataObject) -> None:
    mutated = data.draw(
        st.one_of(byte_mutations(MINI_CRITERIA.lstrip().encode()), tree_mutations(criteria_data()))
    )
    with workspace() as root:
        put(root, "criteria/mini.yaml", mutated)
        run(root, "validate", "--today", "2026-11-25")
        run(root, "score", "--by", "area", "--today", "2026-11-25")


def fuzz_csv(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from([SURVEY_CSV, APPRAISAL_CSV]))
    rows = [line.split(",") for line in base.splitlines()]
    structured = st.lists(
        st.lists(st.one_of(st.sampled_from([c for row in rows for c in row]), SCALARS), max_size=7),
        min_size=1, max_size=6,
    ).map(lambda grid: "\n".join(",".join(cell) for cell in grid).encode("utf-8"))  # fmt: skip
    mutated = data.draw(st.one_of(byte_mutations(base.encode()), structured))
    with workspace() as root:
        put(root, "table.csv", mutated)
        command = ("survey", "import") if base == SURVEY_CSV else ("appraise",)
        run(root, *command, "table.csv", writes=True)


def fuzz_xlsx(data: st.DataObject) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    cells = st.one_of(
        SCALARS, st.floats(allow_nan=False), st.integers(), st.booleans(), st.none(),
        st.sampled_from(["=1+1", "=A1", "#N/A", "agency", "1.2", "so-a", "so-b"]),
    )  # fmt: skip
    sheet.append(data.draw(st.sampled_from([["agency", "1.2"], ["agency", "name", "1.2"],
                                            ["agency", "item", "round", "score", "note"]])))  # fmt: skip
    for row in data.draw(st.lists(st.lists(cells, max_size=6), max_size=5)):
        sheet.append([_cell_value(v) for v in row])
    far = data.draw(st.none() | st.tuples(st.integers(1, 200), st.integers(1, 60)))
    if far is not None:
        sheet.cell(row=far[0], column=far[1], value="x")
    raw = io.BytesIO()
    book.save(raw)
    # openpyxl stamps the time of saving: fixed, so that an example replays byte for byte
    base = fixed_zip(raw.getvalue(), WHEN, replace={"docProps/core.xml": b"<coreProperties/>"})
    mutated = data.draw(st.one_of(st.just(base), byte_mutations(base)))
    with workspace() as root:
        put(root, "table.xlsx", mutated)
        command = data.draw(st.sampled_from([("survey", "import"), ("appraise",)]))
        run(root, *command, "table.xlsx", writes=True)


def _cell_value(value: Any) -> Any:
    """openpyxl refuses control characters itself: a cell holds what Excel can hold."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_mutated_submissions_never_crash_validate_score_or_report(data: st.DataObject) -> None:
    fuzz_submission(data)


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_mutated_criteria_sets_never_crash_validate_or_score(data: st.DataObject) -> None:
    fuzz_criteria(data)


@FUZZ
@given(data=st.data())
def test_mutated_csv_tables_never_crash_an_import(data: st.DataObject) -> None:
    fuzz_csv(data)


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_mutated_xlsx_tables_never_crash_an_import(data: st.DataObject) -> None:
    fuzz_xlsx(data)


@pytest.mark.slow
@settings(FUZZ, max_examples=(EXAMPLES or 30) * 3)
@given(data=st.data())
def test_the_fuzzer_finds_nothing_in_a_longer_run(data: st.DataObject) -> None:
    # The full suite explores the targets three times longer than the quick tests do.
    target = data.draw(st.sampled_from([fuzz_submission, fuzz_criteria, fuzz_csv, fuzz_xlsx]))
    target(data)


def test_the_fuzz_workspace_is_valid_before_it_is_mutated() -> None:
    # Mutations start from files that pass: what breaks, the mutation broke.
    with workspace() as root:
        cwd = Path.cwd()
        os.chdir(root)
        try:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                assert main(["validate", "--today", "2026-11-25"]) == 0
        finally:
            os.chdir(cwd)
