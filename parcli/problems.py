"""Problems found in input files: where, what, how bad, and the stable code that names them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from parcli.characters import IN_NAME, printable

KeyPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Every code parcli can report, with a one-line English description for the README.
# A test checks that each code here is documented and that no other code is ever emitted.
CODES: dict[str, str] = {
    # reading files
    "file-unreadable": "the file cannot be read (missing, a folder, no permission)",
    "file-too-large": "the file is larger than parcli accepts",
    "bad-encoding": "the file is not UTF-8 text",
    "yaml-syntax": "the YAML cannot be parsed (indentation, quotes, colons)",
    "yaml-tab": "a tab character is used for indentation",
    "yaml-alias": "YAML anchors and aliases (&a, *a) are not accepted",
    "yaml-too-deep": "lists or mappings nested far deeper than any parcli format",
    "yaml-multiple-documents": "the file holds more than one YAML document",
    "duplicate-key": "the same key appears twice in one mapping",
    "complex-key": "a key is a list or mapping instead of text",
    "key-spaces": "a key has spaces before or after it (it would not match the key it looks like)",
    "control-character": "a control or invisible character (NUL, ESC, bidi override, zero-width, U+2028)",
    "empty-file": "the file is empty",
    "leftover-temp": "a temporary file left beside a YAML file by an interrupted write",
    "too-many-problems": "a file has more problems than are printed; the count of the rest",
    "unknown-format": "the `format:` line is missing or names no parcli format",
    # shape of the data (from the models)
    "missing-key": "a required key is missing",
    "unknown-key": "a key parcli does not know (often a typo)",
    "not-a-mapping": "a mapping (key: value) is expected",
    "not-a-list": "a list (- item) is expected",
    "not-text": "text is expected",
    "not-a-number": "a decimal number is expected",
    "not-an-integer": "a whole number is expected",
    "bad-date": "a real date written YYYY-MM-DD is expected",
    "bad-choice": "the value must be one of a fixed set of words",
    "bad-value": "the value breaks a constraint of the format (range, pattern, length)",
    # the criteria set
    "duplicate-id": "two items of the criteria set share an id",
    "id-not-nested": "an id does not start with its parent's id",
    "leaf-incomplete": "a leaf lacks its maximum or its scale text",
    "group-has-score": "a criterion with sub-criteria also has leaf keys",
    "rule-mixed": "a rule mixes the keys of several kinds",
    "rule-points-out-of-range": "a rule gives points outside [0, max]",
    "rule-top-not-max": "a rule's best outcome does not give the leaf's maximum",
    "bands-order": "bands are not ordered from the highest minimum down to 0",
    "duplicate-level": "two levels of a rule share a label",
    "scale-mismatch": "leaf maxima do not sum to the set's `scale`",
    "count-mismatch": "the numbers of areas, criteria or sub-criteria differ from `expect`",
    "classes-order": "classes are not ordered from the highest minimum down to 0, or share a name",
    "duplicate-criteria": "two criteria files give their set the same id",
    # a set against the previous year's set of its group (`was:`, `dropped:`)
    "was-unknown": "a `was:` or `dropped:` id that the previous year's set does not have",
    "was-duplicate": "one item of the previous year's set is claimed by two items, or dropped and claimed",
    "was-vanished": "items of the previous year's set gone with no `was:` and not listed in `dropped:`",
    "rule-label": "an input a rule names has no Vietnamese label, or a label names no input",
    # a submission against its criteria set
    "unknown-criteria": "the submission names a criteria set parcli cannot find",
    "criteria-invalid": "the criteria set the submission names has errors of its own",
    "unknown-item": "an id that is not in the criteria set",
    "not-a-leaf": "a score is given for an area or a criterion that has sub-criteria",
    "self-on-survey": "a self score on a survey item",
    "score-out-of-range": "a score outside [0, max] or off the rule's step",
    "score-above-computed": "the self score is above what the rule gives for the inputs",
    "score-below-computed": "the self score is below what the rule gives for the inputs",
    "rule-input": "the inputs the rule needs are missing or do not fit",
    "unknown-input": "an input the item's rule does not read: a misspelt name, or a figure of another item (warning)",
    "na-not-allowed": "not applicable is claimed for an item that must be scored",
    "na-overruled": "an appraisal score on an item claimed not applicable: the score counts",
    "na-with-score": "an item is marked not applicable and also scored",
    "evidence-missing": "a score above zero without the evidence the item requires",
    "evidence-date-outside-period": "an evidence date outside the criteria set's period",
    "evidence-file-missing": "a named evidence file does not exist",
    "evidence-file-outside": "an evidence file points outside the workspace",
    "cap-exceeded": "bonus or penalty points above the set's cap",
    "duplicate-agency": "two submissions of one criteria set have the same agency id",
    "unknown-area": "a plan task names an area that is not in the criteria set",
    "plan-date": "a plan task's dates do not fit its status",
    "duplicate-task": "two plan tasks share an id",
    "unknown-target": "a plan task's target is not a criterion or sub-criterion of the set",
    "target-at-max": "every item a task not yet done targets is already at its maximum",
    "unknown-section": "a plan task names a section the plan file does not declare",
    "plan-missing": "a progress report, plan document or plan view on a submission without plan tasks (warning)",
    "unscored": "a self item that has neither a score nor not-applicable",
    # tables imported into submissions (survey results, appraisal decisions)
    "table-header": "a column of an imported table is missing, unnamed, repeated or unknown",
    "unknown-agency": "a table row names an agency that no submission file has",
    "duplicate-row": "two rows of an imported table say the same thing twice",
    "table-unreadable": "a CSV quote never closed, or a formula no program computed",
    "table-too-large": "a table spans too many rows, columns or cells, or a cell is too long",
    # Excel forms (parcli form import)
    "form-version": "the workbook is not a parcli form, or was exported for another revision of the criteria set",
    "form-layout": "a sheet, header or row of the form was deleted, or a row without an item holds values",
    "form-merged": "merged cells span several cells that the import reads",
    "form-cell": "a cell holds a formula with no computed value or an error value (#N/A, #DIV/0!)",
    "form-conflict": "two forms, or a form and the submission, give one value differently",
    # reports
    "template-error": "a report template cannot be parsed or rendered (workspace templates/)",
}


@dataclass(frozen=True)
class Problem:
    """One problem at one place. Ordered by file, then position, so output reads top-down.

    In a workbook, `sheet` names the sheet, and `line` and `col` are the cell's row and
    column: the problem is shown at `file:'Sheet'!F12` instead of `file:line:col`.
    """

    file: str
    line: int
    col: int
    code: str
    message: str
    path: KeyPath = ()
    severity: Severity = Severity.ERROR
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undocumented problem code {self.code!r}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def cell(self) -> str | None:
        """`'Sheet'!F12` for a problem in a workbook, as Excel writes a reference."""
        if self.sheet is None:
            return None
        return "'" + self.sheet.replace("'", "''") + "'!" + column_letter(self.col) + str(self.line)

    @property
    def where(self) -> str:
        """`file:line:col`, or `file:'Sheet'!F12` in a workbook."""
        cell = self.cell
        return f"{self.file}:{cell}" if cell is not None else f"{self.file}:{self.line}:{self.col}"

    def format_line(self) -> str:
        """`file:line:col: severity: key.path: message (code)` — parseable by editors and CI,
        always one line: a line break or escape sequence in a file name or a quoted value is
        written visibly (`\u000a`)."""
        where = format_key_path(self.path)
        middle = f"{where}: " if where else ""
        line = f"{self.where}: {self.severity.value}: {middle}{self.message} ({self.code})"
        return printable(line, pattern=IN_NAME)


def column_letter(col: int) -> str:
    """1 → A, 27 → AA: a column as spreadsheets name it."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def format_key_path(path: KeyPath) -> str:
    """`items."1.1.1".self`, `plan[2].due`: ids with dots are quoted so the path stays readable."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = part if _PLAIN_KEY.match(part) else '"' + part.replace('"', '\\"') + '"'
        out += f".{text}" if out else text
    return out


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Unique problems, top-down per file, so output reads like the file."""
    return sorted(
        set(problems),
        key=lambda p: (
            p.file,
            p.sheet or "",
            p.line,
            p.col,
            p.code,
            p.message,
            format_key_path(p.path),
        ),
    )


# Problems printed per file, at most; the rest are counted in one line. Checks that are
# costly only to say well (a "did you mean" hint) are spared once a file has this many.
MAX_SHOWN_PER_FILE = 100


def cap_per_file(problems: Sequence[Problem], limit: int = MAX_SHOWN_PER_FILE) -> list[Problem]:
    """Sorted problems, at most `limit` per file, then one `too-many-problems` line saying
    how many more errors and warnings that file has."""
    out: list[Problem] = []
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found in by_file.items():
        out.extend(found[:limit])
        rest = found[limit:]
        if rest:
            errors, warnings = count_by_severity(rest)
            first = rest[0]
            out.append(
                Problem(
                    file,
                    first.line,
                    first.col,
                    "too-many-problems",
                    f"còn {len(rest)} vấn đề khác trong tệp này ({errors} lỗi, {warnings} cảnh "
                    f"báo) không in ra, từ dòng {first.line}; hãy sửa các lỗi trên rồi chạy lại",
                    severity=Severity.ERROR if errors else Severity.WARNING,
                )
            )
    return out


def count_by_severity(problems: Sequence[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors
