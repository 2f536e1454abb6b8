"""An import's table read: its columns by name, its rows with each agency's submission opened
once, scores within a leaf's range, and each cell's problem said once."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from parcli.check.library import Library
from parcli.edit.changeset import Target, agency_files, open_target
from parcli.edit.roundtrip import EditableDocument
from parcli.edit.tables import Cell, Table, parse_number
from parcli.meter import Meter, tracking
from parcli.models import Leaf
from parcli.numbers import plain
from parcli.problems import Problem
from parcli.workspace import display_name, find_root


def table_rows(table: Table, meter: Meter) -> Iterator[tuple[Cell, ...]]:
    """The table's rows, telling `meter` of each (each opens its agency's submission)."""
    with tracking(meter, "Đang đọc bảng, mở hồ sơ từng cơ quan", len(table.rows)):
        for row in table.rows:
            yield row
            meter.advance()


class Agencies:
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


def read_columns(
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


def cell_number(
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
