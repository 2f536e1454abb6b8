"""A new submission to fill in: every self item of the criteria set, its scale as comments."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from pathlib import Path

from pydantic import ValidationError

from parcli.check.library import Library
from parcli.edit.changeset import Change, Edit, agency_files, finish, visible_text
from parcli.edit.schemas import schema_texts
from parcli.errors import UsageError
from parcli.models import SUBMISSION_FORMAT, Agency, CriteriaSet, Leaf
from parcli.numbers import plain
from parcli.workspace import display_name, find_root

SCHEMA_FILE = Path("schemas") / "submission.schema.json"
_PLAIN = re.compile(r"^[\w(][\w .,()/&-]*[\w.)]$")
_WIDTH = 92


def scaffold(
    agency_id: str, *, name: str, criteria_id: str | None, cwd: Path, today: dt.date
) -> Change:
    """The file `submissions/<agency_id>.yaml`, new, or a usage error saying why not."""
    try:
        Agency(id=agency_id, name=name)
    except ValidationError:
        raise UsageError(
            f"mã cơ quan “{agency_id}” hoặc tên “{name}” không hợp lệ; mã viết thường, không "
            "dấu, nối bằng -, ví dụ so-tu-phap; tên không được để trống"
        ) from None
    visible_text(name, option="--name", one_line=True)
    root = find_root(cwd)
    path = root / "submissions" / f"{agency_id}.yaml"
    shown = display_name(path, cwd)
    if os.path.lexists(path):
        raise UsageError(
            f"{shown} đã có; parcli init không ghi đè hồ sơ: hãy sửa tệp đó, hoặc xóa/đổi tên "
            "nó nếu muốn tạo lại từ đầu"
        )
    taken = agency_files(root).get(agency_id)
    if taken:
        raise UsageError(
            f"mã cơ quan {agency_id} đã dùng trong {display_name(taken[0], cwd)}; "
            "mỗi cơ quan một tệp hồ sơ với mã riêng"
        )
    cs = choose_criteria(Library(root=root, cwd=cwd), criteria_id)
    schema = Path(os.path.relpath(root / SCHEMA_FILE, path.parent)).as_posix()
    text = scaffold_text(cs, agency_id=agency_id, name=name, schema=schema)
    edits = [Edit(path, None, text.encode("utf-8"))]
    # The schema line must point at a file: a workspace without schemas/ gets them too.
    for file_name, schema_text in schema_texts().items():
        target = root / SCHEMA_FILE.parent / file_name
        if not os.path.lexists(target):
            edits.append(Edit(target, None, schema_text.encode("utf-8")))
    return finish(edits, cwd=cwd, today=today)


def choose_criteria(library: Library, criteria_id: str | None) -> CriteriaSet:
    """The set asked for, else the newest one found (the workspace's before the bundled); when
    the newest year has a set for each of several agency groups, the user must choose."""
    if criteria_id is not None:
        found = library.find(criteria_id)
        if found is None:
            known = ", ".join(library.known()) or "(không có)"
            raise UsageError(f"không có bộ tiêu chí “{criteria_id}”; các bộ có sẵn: {known}")
        return found
    sets = library.all_sets()
    if not sets:
        raise UsageError(
            "không tìm thấy bộ tiêu chí nào; hãy thêm tệp vào thư mục criteria/ hoặc dùng --criteria"
        )
    sets = [cs for cs in sets if cs.id not in library.bundled] or sets
    newest = max((cs.period.end, cs.period.start) for cs in sets)
    tied = [cs for cs in sets if (cs.period.end, cs.period.start) == newest]
    if len(tied) > 1:
        listed = "; ".join(
            f"{cs.id} ({cs.group.title if cs.group is not None else cs.title})" for cs in tied
        )
        raise UsageError(
            f"có {len(tied)} bộ tiêu chí cùng năm {tied[0].assessed_year}: {listed}; hãy chọn một "
            f"bằng --criteria, ví dụ --criteria {tied[0].id}"
        )
    return tied[0]


def scaffold_text(cs: CriteriaSet, *, agency_id: str, name: str, schema: str) -> str:
    lines = [
        f"# yaml-language-server: $schema={schema}",
        *_comment(f"Hồ sơ tự đánh giá, chấm điểm Chỉ số cải cách hành chính — {name}", indent=""),
        *_comment(f"Bộ tiêu chí {cs.id}: {cs.title}", indent=""),
        "#",
        "# Cách ghi: điểm tự chấm sau `self:` (để trống là chưa chấm, tính 0 điểm). Mục không",
        "# phát sinh (chỉ ở mục ghi “được tính không phát sinh”): thay `self:` bằng `na: <lý do>`.",
        "# Tài liệu kiểm chứng: dưới `evidence:`, mỗi tài liệu một dòng `- {ref: số ký hiệu,",
        "# date: năm-tháng-ngày, title: trích yếu}`. Mục điều tra xã hội học do tỉnh chấm, không",
        "# có ở đây. Kiểm tra hồ sơ: parcli validate",
        "",
        f"format: {SUBMISSION_FORMAT}",
        f"criteria: {json.dumps(cs.id, ensure_ascii=False)}",
        "agency:",
        f"  id: {agency_id}",
        f"  name: {_scalar(name)}",
        "",
        "items:",
    ]
    area_id = criterion_id = ""
    for leaf in cs.leaves:
        if leaf.method != "self":
            continue
        if leaf.area_id != area_id:
            area_id = leaf.area_id
            lines += ["", f"  # ===== Lĩnh vực {area_id}. {cs.area_by_id[area_id].title}"]
        if leaf.criterion_id != criterion_id:
            criterion_id = leaf.criterion_id
            if criterion_id != leaf.id:
                criterion = next(c for c in cs.area_by_id[area_id].criteria if c.id == criterion_id)
                lines += ["", f"  # --- {criterion.id} {criterion.title}"]
        lines += ["", *_leaf_comment(leaf), f"  {json.dumps(leaf.id)}:", "    self:"]
    return "\n".join(lines) + "\n"


def _leaf_comment(leaf: Leaf) -> list[str]:
    out = _comment(f"{leaf.id} {leaf.title} (tối đa {plain(leaf.max)} điểm)", indent="  ")
    if leaf.text:
        out += _comment(f"Thang điểm: {leaf.text}", indent="  ")
    rule = leaf.rule
    kind = leaf.rule_kind
    if rule is not None and kind == "levels" and rule.levels:
        labels = " | ".join(level.label for level in rule.levels)
        out += _comment(f"Mức (ghi `level:`): {labels}", indent="  ")
    elif rule is not None and kind == "check" and rule.check:
        out += _comment(f"Trả lời (ghi `answer: có` hoặc `không`): {rule.check}", indent="  ")
    elif rule is not None and rule.inputs_needed():
        wanted = ", ".join(f"{name}: <số>" for name in rule.inputs_needed())
        out += _comment(f"Số liệu (ghi `inputs: {{{wanted}}}`)", indent="  ")
    elif rule is not None and kind == "manual" and rule.step is not None:
        out += _comment(f"Chấm theo bước {plain(rule.step)} điểm", indent="  ")
    notes = []
    if leaf.evidence_required:
        notes.append("cần tài liệu kiểm chứng khi có điểm")
    if leaf.na_allowed:
        notes.append("được tính không phát sinh (`na: <lý do>`)")
    if leaf.owner:
        notes.append(f"đơn vị chủ trì: {leaf.owner}")
    if notes:
        joined = "; ".join(notes)
        out += _comment(joined[0].upper() + joined[1:] + ".", indent="  ")
    return out


def _comment(text: str, *, indent: str) -> list[str]:
    prefix = f"{indent}# "
    width = _WIDTH - len(prefix)
    wrapped = textwrap.wrap(" ".join(text.split()), width, subsequent_indent="  ") or [""]
    return [prefix + line for line in wrapped]


def _scalar(text: str) -> str:
    """Plain when YAML reads it back as the same text, else double-quoted."""
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)
