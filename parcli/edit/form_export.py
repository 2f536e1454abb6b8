"""`parcli form export`: submissions → the Excel forms their units and appraisers fill in.

One workbook: the instructions, one form sheet per agency, and the hidden version sheet
(forms.py). Values already in the submission are filled in; the cells to fill are shaded,
checked as they are typed and left unlocked, every other cell is protected (no password);
the points, totals, index and class are formulas (form_formulas.py).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.check.driver import check_paths
from parcli.edit.form_leaves import owner_of
from parcli.edit.form_meta import Meta, write_instructions
from parcli.edit.form_sheet import FormSheet
from parcli.edit.forms import (
    FORM_NAME,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    MODE_TITLES,
    Mode,
    normal_text,
)
from parcli.errors import UsageError
from parcli.models import CriteriaSet, Submission
from parcli.numbers import Display
from parcli.problems import Problem, has_errors, sort_problems
from parcli.report.form_writer import FormWriter
from parcli.scoring import score_submission

SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet name


@dataclass(frozen=True)
class Exported:
    """The workbook's bytes and the file name it is given by default; or the problems of
    the submissions that stop it (a form is made only from files that pass validation)."""

    data: bytes
    name: str
    problems: tuple[Problem, ...] = ()


def export_forms(
    paths: Sequence[Path], *, mode: Mode, owner: str | None, cwd: Path, today: dt.date
) -> Exported:
    if owner is not None and mode != "self":
        raise UsageError("--owner chỉ dùng cho biểu tự đánh giá; biểu thẩm định gồm mọi mục")
    agencies, cs, problems = _submissions(paths, cwd=cwd, today=today)
    if cs is None or has_errors(problems):
        return Exported(b"", "", tuple(sort_problems(problems)))
    if owner is not None:
        owner = _known_owner(owner, agencies, cs)
    writer = FormWriter(Display(points=cs.decimals.points, percent=cs.decimals.percent))
    instructions = writer.sheet(INSTRUCTIONS_SHEET)
    meta = Meta(writer, cs, mode=mode, owner=owner)
    titles = (
        [MODE_TITLES[mode]]
        if len(agencies) == 1
        else sheet_titles([sub.agency.name for sub, _ in agencies])
    )
    for n, ((sub, file), title) in enumerate(zip(agencies, titles, strict=True), 1):
        card = score_submission(cs, sub, file=file)
        builder = FormSheet(writer, writer.sheet(title), meta, sub, card)
        builder.write()
        writer.define(f"{FORM_NAME}{n}", builder.ws, builder.table_area)
        meta.record(f"{FORM_NAME}{n}", sub, builder.items)
    meta.write()
    names = [sub.agency.name for sub, _ in agencies]
    write_instructions(writer, instructions, mode=mode, names=names, cs=cs, today=today)
    writer.book.active = 1
    when = dt.datetime.combine(today, dt.time(0, 0))  # the same submissions give the same bytes
    title = f"{MODE_TITLES[mode]} Chỉ số CCHC — {cs.title}"
    return Exported(writer.save(when, title=title), _file_name(agencies, mode, owner))


def _submissions(
    paths: Sequence[Path], *, cwd: Path, today: dt.date
) -> tuple[list[tuple[Submission, str]], CriteriaSet | None, list[Problem]]:
    found: list[tuple[Submission, str]] = []
    problems: list[Problem] = []
    sets: dict[str, CriteriaSet] = {}
    for checked in check_paths(list(paths), cwd=cwd, today=today):
        if checked.kind == "criteria":
            continue
        errors = [p for p in checked.problems if p.is_error]
        problems.extend(errors)
        if checked.submission is not None and checked.criteria_set is not None and not errors:
            found.append((checked.submission, checked.file))
            sets.setdefault(checked.criteria_set.id, checked.criteria_set)
    if not found and not problems:
        raise UsageError("không có hồ sơ nào để xuất biểu mẫu; hãy chỉ tệp hồ sơ hoặc thư mục")
    if len(sets) > 1:
        uses = {set_id: [f for sub, f in found if sub.criteria_id == set_id] for set_id in sets}
        listed = "; ".join(
            f"“{set_id}”: {', '.join(files[:2])}{' …' if len(files) > 2 else ''}"
            for set_id, files in sorted(uses.items())
        )
        raise UsageError(
            f"các hồ sơ dùng nhiều bộ tiêu chí khác nhau ({listed}); mỗi biểu mẫu dùng một bộ "
            "tiêu chí (một nhóm cơ quan, một năm): hãy chỉ riêng các tệp hoặc thư mục của một bộ"
        )
    found.sort(key=lambda pair: (pair[0].agency.name, pair[0].agency.id))
    return found, next(iter(sets.values()), None), problems


def _known_owner(owner: str, agencies: list[tuple[Submission, str]], cs: CriteriaSet) -> str:
    """The unit as the submissions write it; a usage error lists the units when none match."""
    owners = sorted(
        {
            name
            for sub, _ in agencies
            for leaf in cs.leaves
            if (name := owner_of(leaf, sub)) is not None
        }
    )

    def key(name: str) -> str:  # without regard to case or to how the words are spaced
        return " ".join((normal_text(name) or "").split()).casefold()

    for name in owners:
        if key(name) == key(owner):
            return name
    raise UsageError(
        f"không có mục nào do “{owner}” chủ trì; các đơn vị chủ trì: {'; '.join(owners)}"
    )


def _file_name(agencies: list[tuple[Submission, str]], mode: Mode, owner: str | None) -> str:
    who = agencies[0][0].agency.id if len(agencies) == 1 else "cac-co-quan"
    what = {"self": "tu-danh-gia", "round1": "tham-dinh-vong-1", "round2": "tham-dinh-vong-2"}
    parts = [who, what[mode], *([ascii_slug(owner)] if owner else [])]
    return "-".join(parts) + ".xlsx"


def sheet_titles(names: Sequence[str]) -> list[str]:
    """Sheet names Excel accepts, unique, from agency names (or the mode's title)."""
    out: list[str] = []
    for name in names:
        clean = "".join(" " if c in "[]:*?/\\" else c for c in name).strip(" '") or "Trang"
        title = clean[:SHEET_TITLE_LIMIT]
        n = 2
        while title.casefold() in {t.casefold() for t in [*out, INSTRUCTIONS_SHEET, META_SHEET]}:
            suffix = f" ({n})"
            title = clean[: SHEET_TITLE_LIMIT - len(suffix)] + suffix
            n += 1
        out.append(title)
    return out


def ascii_slug(text: str) -> str:
    """`Phòng Kế hoạch - Tài chính` → `phong-ke-hoach-tai-chinh`, for file names."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in bare).split()
    return "-".join(words) or "bieu-mau"
