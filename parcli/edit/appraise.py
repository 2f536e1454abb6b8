"""Appraisal decisions (thẩm định) and the department's explanations (giải trình), recorded
in a submission's `appraisal:` section."""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal
from pathlib import Path

from parcli.edit.changeset import (
    KEY_ORDER,
    Change,
    Edit,
    finish,
    library_for,
    open_target,
    refused,
    visible_text,
)
from parcli.edit.roundtrip import EditableDocument
from parcli.errors import UsageError
from parcli.models import CriteriaSet, Leaf
from parcli.numbers import plain
from parcli.workspace import display_name


def appraise(
    path: Path,
    item: str,
    *,
    round_: int | None,
    score: Decimal | None,
    note: str | None,
    explanation: str | None,
    cwd: Path,
    today: dt.date,
) -> Change:
    """Record one decision (`round_`, `score`, `note`) and/or one explanation for `item`."""
    if score is None and explanation is None:
        raise UsageError(
            "hãy cho quyết định thẩm định (--round 1 --score 0.5 --note …) hoặc lời giải "
            "trình của đơn vị (--explanation …)"
        )
    if (score is None) != (round_ is None):
        raise UsageError("--round và --score đi cùng nhau, ví dụ: --round 1 --score 0.5")
    if note is not None and score is None:
        raise UsageError(
            "--note là nhận xét của quyết định thẩm định; hãy cho kèm --round, --score"
        )
    if note is not None:
        visible_text(note, option="--note")
    if explanation is not None:
        visible_text(explanation, option="--explanation")
    target, problems = open_target(path, cwd=cwd, library=library_for(path, cwd), today=today)
    if target is None:
        return refused(problems)
    found = leaf_to_appraise(target.criteria_set, item)
    if isinstance(found, tuple):
        raise UsageError(found[1])
    doc = EditableDocument(target.raw, name=display_name(path, cwd))
    if round_ is not None and score is not None:
        record_decision(doc, item, round_=round_, score=score, note=note)
    if explanation is not None:
        record_explanation(doc, item, explanation)
    return finish([Edit(path, target.raw, doc.to_bytes())], cwd=cwd, today=today)


def leaf_to_appraise(cs: CriteriaSet, item: str) -> Leaf | tuple[str, str]:
    """The self-assessed leaf `item` names, or (problem code, message) saying why none."""
    leaf = cs.leaf_by_id.get(item)
    if leaf is not None and leaf.method == "self":
        return leaf
    if leaf is not None:
        return (
            "self-on-survey",
            f"mục {item} chấm qua điều tra xã hội học, không thẩm định; "
            "kết quả điều tra nhập bằng parcli survey import",
        )
    if item in cs.parent_ids:
        return (
            "not-a-leaf",
            f"{item} là lĩnh vực/tiêu chí có tiêu chí thành phần; "
            "hãy thẩm định từng tiêu chí thành phần",
        )
    dotted = dotted_id(cs, item)
    if dotted is not None:
        found = leaf_to_appraise(cs, dotted)
        if isinstance(found, tuple):
            return found[0], f"mục “{item}” {COMMA_ID} ({dotted}); {found[1]}"
        return "unknown-item", f"mục “{item}” {comma_hint(dotted)}"
    close = difflib.get_close_matches(item, list(cs.leaf_by_id), n=1)
    hint = f"; có phải ý bạn là {close[0]}?" if close else ""
    return "unknown-item", f"mục {item} không có trong bộ tiêu chí {cs.id}{hint}"


COMMA_ID = "viết mã mục bằng dấu phẩy"


def dotted_id(cs: CriteriaSet, text: str) -> str | None:
    """The id of `cs` that `text` is, typed with decimal commas (`1,2` for 1.2), if any. The
    caller checks that id as it checks any other: it may still be the wrong kind of item."""
    dotted = text.replace(",", ".")
    if dotted == text or (dotted not in cs.leaf_by_id and dotted not in cs.parent_ids):
        return None
    return dotted


def comma_hint(dotted: str) -> str:
    """What to say of an id typed with decimal commas whose dotted form is what was meant."""
    return f"{COMMA_ID}; mã mục dùng dấu chấm: hãy ghi {dotted}"


def record_decision(
    doc: EditableDocument, item: str, *, round_: int, score: Decimal, note: str | None
) -> None:
    """The whole decision: a note not given removes the old one, which spoke of another score.

    A new entry is written like the decisions already in the file (one line each by default).
    """
    styles = (doc.uses_flow(("appraisal", name)) for name in (f"round{round_}", "round1", "round2"))
    flow = next((style for style in styles if style is not None), True)
    doc.put(
        ("appraisal", f"round{round_}"),
        item,
        {"score": plain(score), "note": note},
        order=KEY_ORDER,
        flow=flow,
    )


def record_explanation(doc: EditableDocument, item: str, text: str) -> None:
    """The explanation's text; evidence already listed under it stays."""
    doc.put(("appraisal", "explanation"), item, {"text": text}, order=KEY_ORDER, flow=False)
