"""Checks on a set's `was:` mapping against the previous year's set of its group: ids that
last year's set lacks, an old item claimed twice, old items gone without a word."""

from __future__ import annotations

import difflib

from parcli.check.located import WARNING, Located
from parcli.compare import Link, map_ids
from parcli.loading import Document
from parcli.models import CriteriaSet
from parcli.problems import KeyPath, Problem


def check_mapping(doc: Document, cs: CriteriaSet, previous: CriteriaSet) -> list[Problem]:
    mapping = map_ids(cs, previous)
    found = Located(doc)
    last = f"bộ tiêu chí năm trước “{previous.id}” ({previous.assessed_year})"
    for link in mapping.unknown:
        found.add((*link.path, "was"), "was-unknown", _unknown(link, previous, last))
    for first, second in mapping.twice:
        found.add(
            _where(second),
            "was-duplicate",
            f"mục “{second.old or first.old}” của {last} đã ứng với {_described(first)}, nay "
            f"{_described(second)} cũng ứng với nó; mỗi mục năm trước chỉ ứng với một mục năm "
            "nay: hãy sửa was: của một trong hai mục (mục tách đôi: was: cho phần chính, "
            "was: none cho phần mới)",
        )
    for entry in mapping.dropped_unknown:
        found.add(
            entry.path,
            "was-unknown",
            f"“{entry.id}” ghi ở dropped: nhưng {last} không có mục này; hãy sửa hoặc xóa mã",
        )
    for entry, link in mapping.dropped_linked:
        found.add(
            entry.path,
            "was-duplicate",
            f"“{entry.id}” ghi ở dropped: nhưng {_described(link)} ứng với nó; hãy xóa "
            f"“{entry.id}” khỏi dropped: hoặc sửa was: của mục {link.new}",
        )
    if mapping.vanished:
        areas = {area.id for area in previous.areas}
        listed = ", ".join(
            f"lĩnh vực {old_id}" if old_id in areas else old_id for old_id in mapping.vanished
        )
        where: KeyPath = ("dropped",) if cs.dropped else ("year",) if cs.year else ()
        found.add(
            where,
            "was-vanished",
            f"{len(mapping.vanished)} mục của {last} không còn ở bộ này mà không ghi gì: "
            f'{listed}; mục đổi mã thì ghi was: "<mã năm trước>" ở mục năm nay, mục bị bỏ '
            "hoặc gộp thì liệt kê ở dropped: [...]",
            WARNING,
            at_key=True,
        )
    return found.out


def _unknown(link: Link, previous: CriteriaSet, last: str) -> str:
    is_area = len(link.path) == 2
    old = link.old or ""
    if is_area:
        known = [area.id for area in previous.areas]
        what = f"{last} không có lĩnh vực “{old}”; các lĩnh vực năm trước: {', '.join(known)}"
    elif old in previous.parent_ids:
        what = (
            f"“{old}” ở {last} là lĩnh vực hoặc tiêu chí có tiêu chí thành phần, không phải mục "
            "được chấm điểm; hãy ghi mã tiêu chí thành phần năm trước"
        )
    else:
        close = difflib.get_close_matches(old, list(previous.leaf_by_id), n=1)
        hint = f" (có phải ý bạn là {close[0]}?)" if close else ""
        what = f"{last} không có mục “{old}”{hint}"
    kind = "lĩnh vực" if is_area else "mục"
    return f"{what}; nếu {kind} {link.new} là {kind} mới, hãy ghi was: none"


def _described(link: Link) -> str:
    if link.written:
        return f'mục {link.new} (was: "{link.old}")'
    return f"mục {link.new} (không ghi was: nên được coi là mục cùng mã năm trước)"


def _where(link: Link) -> KeyPath:
    return (*link.path, "was") if link.written else (*link.path, "id")
