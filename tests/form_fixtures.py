"""Forms in tests: submissions of every shape the rules allow, LibreOffice recalculation,
cells found by their header, a user's edits made with openpyxl."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from parcli.models import CriteriaSet, ItemEntry, Leaf
from parcli.numbers import plain, quantize
from parcli.rules import allowed_scores, evaluate
from tests.conftest import REPO

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEADER_ROW = 5


def random_submission(cs: CriteriaSet, *, seed: int, agency: str) -> str:
    """A valid submission that exercises every rule: band edges, ratios, capped deductions,
    levels, answers, not applicable (appraised or not), appraisals, survey results or none."""
    rng = random.Random(seed)
    lines = [
        "format: parcli/submission/1",
        f"criteria: {json.dumps(cs.id)}",
        f"agency: {{id: {agency}, name: {json.dumps('Sở thử ' + agency)}}}",
        "items:",
    ]
    round1: dict[str, Decimal] = {}
    round2: dict[str, Decimal] = {}
    for leaf in cs.leaves:
        if leaf.method != "self":
            continue
        if leaf.na_allowed and rng.random() < 0.2:
            lines.append(f'  "{leaf.id}": {{na: "Không phát sinh trong năm"}}')
            if rng.random() < 0.5:
                round1[leaf.id] = _score(rng, leaf)
            continue
        if rng.random() < 0.08:
            continue  # unscored
        fields = _fields(rng, leaf)
        entry = ItemEntry.model_validate({k: v for k, v in fields.items()})
        computed = evaluate(leaf, entry).points
        allowed = allowed_scores(leaf)
        if computed is not None and rng.random() < 0.5:
            fields["self"] = plain(quantize(computed, cs.places(leaf)))
        elif computed is None:
            step = leaf.rule.step if leaf.rule and leaf.rule.step else Decimal("0.25")
            choices = allowed or [step * n for n in range(int(leaf.max / step) + 1)]
            fields["self"] = plain(rng.choice(list(choices)))
        fields["evidence"] = [
            {
                "ref": f"{rng.randint(1, 999)}/BC-THU",
                "date": "2026-03-15",
                "title": "Báo cáo kết quả",
            }
        ]
        if rng.random() < 0.25:
            round1[leaf.id] = _score(rng, leaf)
            if rng.random() < 0.5:
                round2[leaf.id] = _score(rng, leaf)
        lines.append(f'  "{leaf.id}": {json.dumps(fields, ensure_ascii=False)}')
    bonus = rng.choice([None, Decimal("0.5"), Decimal("0.75")])
    if bonus is not None and cs.bonus is not None:
        lines.append(f"bonus: [{{points: {plain(min(bonus, cs.bonus.max))}, reason: Sáng kiến}}]")
    if rng.random() < 0.5 and cs.penalty is not None:
        lines.append("penalty: [{points: 0.25, reason: Báo cáo chậm}]")
    if round1 or round2:
        lines.append("appraisal:")
        for name, decisions in (("round1", round1), ("round2", round2)):
            if decisions:
                lines.append(f"  {name}:")
                lines.extend(
                    f'    "{i}": {{score: {plain(v)}, note: Thẩm định}}'
                    for i, v in decisions.items()
                )
    survey = [leaf for leaf in cs.leaves if leaf.method == "survey"]
    if survey and rng.random() < 0.7:
        lines.append("survey:")
        lines.extend(
            f'  "{leaf.id}": {plain(quantize(leaf.max * Decimal(rng.randint(50, 100)) / 100, 2))}'
            for leaf in survey
        )
    return "\n".join(lines) + "\n"


def _fields(rng: random.Random, leaf: Leaf) -> dict[str, Any]:
    rule = leaf.rule
    kind = leaf.rule_kind
    if rule is None or kind == "manual":
        return {}
    if kind == "levels" and rule.levels:
        return {"level": rng.choice(rule.levels).label}
    if kind == "check":
        return {"answer": rng.choice(["có", "không", "yes", "no"])}
    names = rule.inputs_needed()
    if kind == "bands" and rule.percent_of and rule.bands:
        whole = rng.choice([10, 20, 46, 124, 7])
        edge = rng.choice(rule.bands).min  # the band's lower edge, exactly
        part = min(whole, int(edge * whole / 100) + rng.choice([0, 0, 1]))
        if (part * 100) < edge * whole:
            part = min(whole, part + 1)
        return {"inputs": {names[0]: part, names[1]: whole}}
    if kind == "bands" and rule.bands:
        return {"inputs": {names[0]: int(rng.choice(rule.bands).min) + rng.choice([0, 1])}}
    if kind == "ratio":
        whole = rng.choice([2486, 3, 7, 1240])
        return {"inputs": {names[0]: rng.randint(0, whole), names[1]: whole}}
    return {"inputs": {names[0]: rng.randint(0, 9)}}  # deduction: often past the cap


def _score(rng: random.Random, leaf: Leaf) -> Decimal:
    step = leaf.rule.step if leaf.rule is not None and leaf.rule.step else Decimal("0.25")
    return step * rng.randint(0, int(leaf.max / step))


def recalculate(files: list[Path], out: Path, profile: Path) -> list[Path]:
    """The workbooks as LibreOffice computes and saves them (formulas with their values)."""
    assert SOFFICE is not None
    done = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "xlsx",
         "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [out / f.name for f in files]


def form_rows(
    path: Path, sheet: str, *, data_only: bool = True
) -> tuple[dict[str, int], dict[str, list[Any]], list[list[Any]]]:
    """(column by header, the row of each STT, the rows under the table) of a form sheet."""
    ws = load_workbook(path, data_only=data_only)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = {str(v): i for i, v in enumerate(rows[HEADER_ROW - 1]) if v is not None}
    items = {str(r[0]): r for r in rows[HEADER_ROW:] if r[0] is not None}
    return header, items, rows


def edit_form(
    path: Path, sheet: str, change: Callable[[Any, dict[str, int], dict[str, int]], None]
) -> None:
    """Change a form as a user would (`change(ws, column by header, row by STT)`) and save."""
    book = load_workbook(path)
    ws = book[sheet]
    header = {str(c.value): c.column for c in ws[HEADER_ROW] if c.value is not None}
    rows = {
        str(ws.cell(r, 1).value): r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(r, 1).value is not None
    }
    change(ws, header, rows)
    book.save(path)


def case_form(submission: str, out: str, *, mode: str = "self", owner: str | None = None) -> Path:
    """Export `submission` (relative to the current folder) as a form at `out`, as
    `parcli form export` does; for the case folders' setup scripts."""
    import datetime as dt

    from parcli.edit.form_export import export_forms

    cwd = Path.cwd()
    result = export_forms(
        [cwd / submission],
        mode=mode,
        owner=owner,
        cwd=cwd,
        today=dt.date(2026, 11, 25),  # type: ignore[arg-type]
    )
    assert result.problems == (), result.problems
    (cwd / out).write_bytes(result.data)
    return cwd / out


def insert_rows(ws: Any, at: int, amount: int = 1) -> None:
    """Rows inserted as Excel inserts them: the form's named table grows around them
    (openpyxl alone moves the cells but not the names)."""
    ws.insert_rows(at, amount)
    _shift_names(ws, rows=(at, amount))


def delete_rows(ws: Any, at: int, amount: int = 1) -> None:
    """Rows deleted as Excel deletes them: the form's named table shrinks."""
    ws.delete_rows(at, amount)
    _shift_names(ws, rows=(at, -amount))


def insert_cols(ws: Any, at: int, amount: int = 1) -> None:
    """Columns inserted as Excel inserts them: the named table grows."""
    ws.insert_cols(at, amount)
    _shift_names(ws, cols=(at, amount))


def rename_sheet(ws: Any, title: str) -> None:
    """A sheet renamed as Excel renames it: the names that point into it follow."""
    old = "'" + ws.title.replace("'", "''") + "'!"
    ws.title = title
    for name in ws.parent.defined_names.values():
        if name.attr_text.startswith(old):
            name.attr_text = "'" + title.replace("'", "''") + "'!" + name.attr_text[len(old) :]


def _shift_names(
    ws: Any, *, rows: tuple[int, int] = (0, 0), cols: tuple[int, int] = (0, 0)
) -> None:
    from openpyxl.utils import column_index_from_string, get_column_letter

    for name in ws.parent.defined_names.values():
        sheet, _, area = name.attr_text.rpartition("!")
        if sheet.strip("'").replace("''", "'") != ws.title:
            continue
        (left, top), (right, bottom) = (
            (column_index_from_string(c), int(r)) for c, r in re.findall(r"\$([A-Z]+)\$(\d+)", area)
        )
        at, amount = rows
        top, bottom = (n + amount if at and at <= n else n for n in (top, bottom))
        at, amount = cols
        left, right = (n + amount if at and at <= n else n for n in (left, right))
        name.attr_text = (
            f"{sheet}!${get_column_letter(left)}${top}:${get_column_letter(right)}${bottom}"
        )


def copy_departments(root: Path) -> None:
    """The bundled departments' submissions into `root/submissions/`: one criteria set, as a
    folder's form needs (the communes beside them use another)."""
    (root / "submissions").mkdir()
    for path in (REPO / "submissions").glob("*.yaml"):
        if 'criteria: "2026"\n' in path.read_text(encoding="utf-8"):
            shutil.copy(path, root / "submissions" / path.name)
