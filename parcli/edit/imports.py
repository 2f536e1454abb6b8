"""Tables into submissions: the province's survey results and appraisal decisions.

All or nothing: every row is checked against its agency's file and criteria set, every
edited file is checked as `parcli validate` would, and nothing is written unless all pass.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from parcli.edit.appraise import (
    COMMA_ID,
    comma_hint,
    dotted_id,
    leaf_to_appraise,
    record_decision,
    record_explanation,
)
from parcli.edit.changeset import (
    KEY_ORDER,
    Change,
    Edit,
    Target,
    finish,
    refused,
)
from parcli.edit.import_rows import Agencies, cell_number, read_columns, said_once, table_rows
from parcli.edit.tables import Cell, Table, read_table
from parcli.meter import SILENT, Meter
from parcli.models import CriteriaSet, Leaf
from parcli.numbers import plain
from parcli.problems import Problem, has_errors
from parcli.workspace import display_name

SURVEY_COLUMNS = ("agency", "name")  # then one column per survey item id
APPRAISAL_COLUMNS = ("agency", "item", "round", "score", "note", "explanation")
APPRAISAL_REQUIRED = ("agency", "item", "round", "score")


def import_survey(path: Path, *, cwd: Path, today: dt.date, meter: Meter = SILENT) -> Change:
    """Each row's values into its agency's `survey:` section."""
    table, problems = read_table(path, file=display_name(path, cwd))
    if table is None:
        return refused(problems)
    columns = read_columns(table, problems, known=SURVEY_COLUMNS, required=("agency",), extra=True)
    if columns is None:
        return refused(problems)
    if not table.rows:
        # Item columns are checked against each row's criteria set: with no rows, nothing
        # could be checked, and "nothing changed" would hide a wrong file.
        message = "bảng chỉ có dòng tiêu đề; hãy thêm mỗi cơ quan một dòng kết quả"
        return refused([*problems, table.problem(table.header[0], "table-header", message)])
    agencies = Agencies(cwd, today, problems)
    named = {columns[name] for name in SURVEY_COLUMNS if name in columns}
    items = [(i, cell) for i, cell in enumerate(table.header) if i not in named]
    reported: set[int] = set()
    values: dict[str, list[tuple[str, Decimal]]] = {}
    rows: dict[str, int] = {}
    for row in table_rows(table, meter):
        cell = row[columns["agency"]]
        target = agencies.target(table, cell)
        if target is None:
            continue
        agency_id = target.submission.agency.id
        if agency_id in rows:
            message = f"{agency_id} đã có ở dòng {rows[agency_id]}; mỗi cơ quan một dòng"
            problems.append(table.problem(cell, "duplicate-row", message))
            continue
        rows[agency_id] = cell.row
        found = values.setdefault(agency_id, [])
        for i, head in items:
            leaf = _survey_leaf(table, head, target, problems, reported=i in reported)
            if leaf is None:
                reported.add(i)
                continue
            value = cell_number(table, row[i], leaf, problems)
            if value is not None:
                found.append((leaf.id, value))
    if has_errors(problems):
        return refused(said_once(problems))
    edits = []
    for agency_id, pairs in values.items():
        doc, target = agencies.document(agency_id)
        for item, value in pairs:
            doc.put(("survey",), item, plain(value), order=KEY_ORDER)
        edits.append(Edit(target.path, target.raw, doc.to_bytes()))
    return finish(edits, cwd=cwd, today=today, agencies=agencies.files, meter=meter)


def import_appraisal(path: Path, *, cwd: Path, today: dt.date, meter: Meter = SILENT) -> Change:
    """Each row a decision: agency, item, round (1 or 2), score, and an optional note."""
    table, problems = read_table(path, file=display_name(path, cwd))
    if table is None:
        return refused(problems)
    columns = read_columns(
        table, problems, known=APPRAISAL_COLUMNS, required=APPRAISAL_REQUIRED, extra=False
    )
    if columns is None:
        return refused(problems)
    agencies = Agencies(cwd, today, problems)
    seen: dict[tuple[str, str, str], int] = {}
    decisions: dict[str, list[tuple[str, int, Decimal, str | None, str | None]]] = {}
    for row in table_rows(table, meter):
        target = agencies.target(table, row[columns["agency"]])
        if target is None:
            continue
        item_cell, round_cell = row[columns["item"]], row[columns["round"]]
        leaf = leaf_to_appraise(target.criteria_set, item_cell.text)
        if isinstance(leaf, tuple):
            problems.append(table.problem(item_cell, *leaf))
            continue
        round_text = round_cell.text.removeprefix("round").strip()
        if round_text not in ("1", "2"):
            problems.append(
                table.problem(
                    round_cell,
                    "bad-choice",
                    f"vòng “{round_cell.text}” không hợp lệ; hãy ghi 1 hoặc 2",
                )
            )
            continue
        key = (target.submission.agency.id, leaf.id, round_text)
        if key in seen:
            problems.append(
                table.problem(
                    item_cell,
                    "duplicate-row",
                    f"mục {leaf.id} vòng {round_text} của {key[0]} đã có ở dòng {seen[key]}; "
                    "mỗi quyết định một dòng",
                )
            )
            continue
        seen[key] = item_cell.row
        score = cell_number(table, row[columns["score"]], leaf, problems, required=True)
        note = row[columns["note"]].text or None if "note" in columns else None
        text = row[columns["explanation"]].text or None if "explanation" in columns else None
        if score is not None:
            decisions.setdefault(key[0], []).append((leaf.id, int(round_text), score, note, text))
    if has_errors(problems):
        return refused(said_once(problems))
    edits = []
    for agency_id, rows in decisions.items():
        doc, target = agencies.document(agency_id)
        for item, round_, score, note, text in rows:
            record_decision(doc, item, round_=round_, score=score, note=note)
            if text is not None:
                record_explanation(doc, item, text)
        edits.append(Edit(target.path, target.raw, doc.to_bytes()))
    return finish(edits, cwd=cwd, today=today, agencies=agencies.files, meter=meter)


def _survey_leaf(
    table: Table, head: Cell, target: Target, problems: list[Problem], *, reported: bool
) -> Leaf | None:
    cs = target.criteria_set
    leaf = cs.leaf_by_id.get(head.text)
    if leaf is not None and leaf.method == "survey":
        return leaf
    if not reported:
        problems.append(table.problem(head, *_not_survey(cs, head.text)))
    return None


def _not_survey(cs: CriteriaSet, text: str) -> tuple[str, str]:
    """(problem code, message): why the column `text` is no survey item of `cs`."""
    leaf = cs.leaf_by_id.get(text)
    if leaf is not None:
        return "self-on-survey", f"mục {text} là mục tự chấm, không có kết quả điều tra xã hội học"
    if text in cs.parent_ids:
        return (
            "not-a-leaf",
            f"{text} là lĩnh vực/tiêu chí có tiêu chí thành phần, không phải mục điều tra xã "
            "hội học",
        )
    dotted = dotted_id(cs, text)
    if dotted is not None:
        meant = cs.leaf_by_id.get(dotted)
        if meant is not None and meant.method == "survey":
            return "unknown-item", f"cột “{text}” {comma_hint(dotted)}"
        code, why = _not_survey(cs, dotted)
        return code, f"cột “{text}” {COMMA_ID} ({dotted}); {why}"
    survey = ", ".join(leaf.id for leaf in cs.leaves if leaf.method == "survey")
    return (
        "unknown-item",
        f"cột “{text}” không phải mục của bộ tiêu chí {cs.id}; các mục điều tra xã hội học: "
        f"{survey}",
    )
