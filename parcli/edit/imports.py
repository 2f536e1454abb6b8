"""Tables into submissions: the province's survey results and appraisal decisions.

All or nothing: every row is checked against its agency's file and criteria set, every
edited file is checked as `parcli validate` would, and nothing is written unless all pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from parcli.check.files import Library
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
    agency_files,
    finish,
    open_target,
    refused,
)
from parcli.edit.roundtrip import EditableDocument
from parcli.edit.tables import Cell, Table, parse_number, read_table
from parcli.meter import SILENT, Meter, tracking
from parcli.models import CriteriaSet, Leaf
from parcli.numbers import plain
from parcli.problems import Problem, has_errors
from parcli.workspace import display_name, find_root

SURVEY_COLUMNS = ("agency", "name")  # then one column per survey item id
APPRAISAL_COLUMNS = ("agency", "item", "round", "score", "note", "explanation")
APPRAISAL_REQUIRED = ("agency", "item", "round", "score")


def import_survey(path: Path, *, cwd: Path, today: dt.date, meter: Meter = SILENT) -> Change:
    """Each row's values into its agency's `survey:` section."""
    table, problems = read_table(path, file=display_name(path, cwd))
    if table is None:
        return refused(problems)
    columns = _columns(table, problems, known=SURVEY_COLUMNS, required=("agency",), extra=True)
    if columns is None:
        return refused(problems)
    if not table.rows:
        # Item columns are checked against each row's criteria set: with no rows, nothing
        # could be checked, and "nothing changed" would hide a wrong file.
        message = "bảng chỉ có dòng tiêu đề; hãy thêm mỗi cơ quan một dòng kết quả"
        return refused([*problems, table.problem(table.header[0], "table-header", message)])
    agencies = _Agencies(cwd, today, problems)
    named = {columns[name] for name in SURVEY_COLUMNS if name in columns}
    items = [(i, cell) for i, cell in enumerate(table.header) if i not in named]
    reported: set[int] = set()
    values: dict[str, list[tuple[str, Decimal]]] = {}
    rows: dict[str, int] = {}
    for row in _rows(table, meter):
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
            value = _number(table, row[i], leaf, problems)
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
    columns = _columns(
        table, problems, known=APPRAISAL_COLUMNS, required=APPRAISAL_REQUIRED, extra=False
    )
    if columns is None:
        return refused(problems)
    agencies = _Agencies(cwd, today, problems)
    seen: dict[tuple[str, str, str], int] = {}
    decisions: dict[str, list[tuple[str, int, Decimal, str | None, str | None]]] = {}
    for row in _rows(table, meter):
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
        score = _number(table, row[columns["score"]], leaf, problems, required=True)
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


def _rows(table: Table, meter: Meter) -> Iterator[tuple[Cell, ...]]:
    """The table's rows, telling `meter` of each (each opens its agency's submission)."""
    with tracking(meter, "Đang đọc bảng, mở hồ sơ từng cơ quan", len(table.rows)):
        for row in table.rows:
            yield row
            meter.advance()


class _Agencies:
    """Submission files by agency id, each opened once; problems point at the table's cells."""

    def __init__(self, cwd: Path, today: dt.date, problems: list[Problem]) -> None:
        self.root = find_root(cwd)
        self.cwd = cwd
        self.today = today
        self.problems = problems
        self.files = agency_files(self.root)
        self.library = Library(root=self.root, cwd=cwd)
        self.opened: dict[str, Target | None] = {}

    def target(self, table: Table, cell: Cell) -> Target | None:
        agency_id = cell.text
        paths = self.files.get(agency_id, [])
        if len(paths) != 1:
            self.problems.append(
                table.problem(
                    cell,
                    "duplicate-agency" if paths else "unknown-agency",
                    self._unknown(agency_id, paths),
                )
            )
            return None
        if agency_id not in self.opened:
            target, problems = open_target(
                paths[0], cwd=self.cwd, library=self.library, today=self.today
            )
            self.problems.extend(problems)
            self.opened[agency_id] = target
        return self.opened[agency_id]

    def document(self, agency_id: str) -> tuple[EditableDocument, Target]:
        """An agency whose file opened, ready for editing (only such agencies have rows)."""
        target = self.opened.get(agency_id)
        if target is None:
            raise ValueError(f"{agency_id}: no submission was opened for it")
        return EditableDocument(target.raw, name=display_name(target.path, self.cwd)), target

    def _unknown(self, agency_id: str, paths: Sequence[Path]) -> str:
        if not agency_id:
            return "thiếu mã cơ quan; hãy ghi mã như trong dòng agency.id của hồ sơ, ví dụ so-khcn"
        if paths:
            shown = ", ".join(display_name(p, self.cwd) for p in paths)
            return f"mã cơ quan {agency_id} có ở nhiều hồ sơ ({shown}); mỗi cơ quan một tệp"
        close = difflib.get_close_matches(agency_id, list(self.files), n=1)
        hint = f"; có phải ý bạn là {close[0]}?" if close else ""
        return f"không có hồ sơ nào trong submissions/ mang mã cơ quan “{agency_id}”{hint}"


# Problems of reading a cell (a formula never computed, a cell longer than Excel holds, an
# invisible character): its value is unknown or not to be used, so what the import would say
# of it (empty, not a number, no such agency) is not said.
READING = frozenset({"table-unreadable", "table-too-large", "control-character"})


def said_once(problems: Sequence[Problem]) -> list[Problem]:
    unread = {(p.file, p.line, p.col) for p in problems if p.code in READING}
    return [p for p in problems if p.code in READING or (p.file, p.line, p.col) not in unread]


def _columns(
    table: Table,
    problems: list[Problem],
    *,
    known: Sequence[str],
    required: Sequence[str],
    extra: bool,
) -> dict[str, int] | None:
    """Column index by name; None after reporting a header the import cannot use."""
    found: dict[str, int] = {}
    dotted: dict[str, str] = {}  # an id with decimal commas read as dots → the first name
    before = len(problems)
    for i, cell in enumerate(table.header):
        name = cell.text.casefold() if cell.text.casefold() in known else cell.text
        same = dotted.setdefault(name.replace(",", "."), name)
        if not name:
            message = f"cột thứ {cell.col} không có tên; hãy ghi tên cột ở dòng 1 hoặc xóa cột"
            problems.append(table.problem(cell, "table-header", message))
        elif name in found:
            problems.append(
                table.problem(cell, "table-header", f"cột “{cell.text}” bị lặp; mỗi cột một tên")
            )
        elif same != name:  # 1,2 beside 1.2: one column written twice
            message = (
                f"cột “{cell.text}” là cột “{same}” (dấu phẩy thay dấu chấm), bị lặp; hãy xóa "
                "một cột"
            )
            problems.append(table.problem(cell, "table-header", message))
        elif name in known or extra:
            found[name] = i
        else:
            listed = ", ".join(known)
            problems.append(
                table.problem(
                    cell, "table-header", f"cột “{cell.text}” không dùng được; các cột: {listed}"
                )
            )
    missing = [name for name in required if name not in found]
    if missing:
        first = table.header[0] if table.header else Cell("", 1, 1)
        problems.append(
            table.problem(
                Cell(first.text, 1, 1),
                "table-header",
                f"thiếu cột {', '.join(missing)}; dòng 1 phải có tên các cột: {', '.join(required)}",
            )
        )
    return found if len(problems) == before else None


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


def _number(
    table: Table, cell: Cell, leaf: Leaf, problems: list[Problem], *, required: bool = False
) -> Decimal | None:
    """The cell's value within [0, the leaf's maximum]; an empty cell is no value."""
    if not cell.text:
        if required:
            problems.append(table.problem(cell, "not-a-number", "ô trống; hãy ghi điểm, ví dụ 0.5"))
        return None
    value = parse_number(cell.text)
    if value is None:
        problems.append(
            table.problem(
                cell,
                "not-a-number",
                f"“{cell.text}” không phải số; hãy ghi số thập phân, ví dụ 1.5",
            )
        )
        return None
    if not Decimal(0) <= value <= leaf.max:
        problems.append(
            table.problem(
                cell,
                "score-out-of-range",
                f"điểm {plain(value)} của mục {leaf.id} nằm ngoài khoảng 0 – {plain(leaf.max)}",
            )
        )
        return None
    return value
