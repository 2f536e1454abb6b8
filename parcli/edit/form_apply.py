"""The values forms settled, written into one submission through the round-trip editor:
an item's fields, inputs and evidence, an appraisal decision; nothing else moves."""

from __future__ import annotations

from decimal import Decimal

from parcli.edit.appraise import record_decision
from parcli.edit.form_rows import Value
from parcli.edit.forms import EVIDENCE_FIELDS, Mode
from parcli.edit.roundtrip import EditableDocument
from parcli.models import ItemEntry, Submission
from parcli.problems import Problem

ITEM_ORDER = tuple(f.alias or name for name, f in ItemEntry.model_fields.items())


def apply_values(
    doc: EditableDocument, sub: Submission, changes: dict[tuple[Mode, str], dict[str, Value]]
) -> list[Problem]:
    """Write `changes` ((mode, item) → field → value) into `doc`; the problems are values
    that cannot be written (placed at the submission's key path: the caller knows the cell)."""
    problems: list[Problem] = []
    for (section, item), fields in sorted(changes.items()):
        if section == "self":
            _apply_item(doc, sub, item, fields)
            continue
        decision = getattr(sub.appraisal, section).get(item)
        score = fields.get("score", None if decision is None else str(decision.score))
        note = fields.get("note", decision.note if decision else None)
        if score is None and note is None:
            doc.remove(("appraisal", section, item))
        elif score is None:
            message = f"mục {item} có nhận xét thẩm định nhưng chưa có điểm; hãy ghi điểm thẩm định"
            path = ("appraisal", section, item, "score")
            problems.append(Problem(doc.name, 1, 1, "not-a-number", message, path))
        else:
            record_decision(doc, item, round_=int(section[-1]), score=Decimal(score), note=note)
    return problems


def _apply_item(
    doc: EditableDocument, sub: Submission, item: str, fields: dict[str, Value]
) -> None:
    at = ("items", item)
    entry = sub.items.get(item)
    scalars = {k: v for k, v in fields.items() if k != "evidence" and not k.startswith("inputs.")}
    inputs = {k.removeprefix("inputs."): v for k, v in fields.items() if k.startswith("inputs.")}
    remaining = _present(entry) | {k for k, v in scalars.items() if v is not None}
    remaining -= {k for k, v in scalars.items() if v is None}
    left = {k: v for k, v in {**(entry.inputs if entry else {}), **inputs}.items() if v is not None}
    if inputs:
        (remaining.add if left else remaining.discard)("inputs")
    if "evidence" in fields:
        (remaining.add if fields["evidence"] else remaining.discard)("evidence")
    if not doc.exists(at):
        new = {k: v for k, v in scalars.items() if v is not None}
        doc.put(("items",), item, new, order=ITEM_ORDER, flow=False)
    elif not remaining and doc.flow_style(at):
        doc.remove(at)  # written on one line: the item goes (it counts as unscored either way)
        return
    elif not remaining:
        doc.put(at, "self", None, order=ITEM_ORDER)  # an item emptied stays, as `self:` to fill
        scalars.pop("self", None)
    for name, value in scalars.items():
        if value is None:
            doc.remove((*at, name))
        else:
            doc.put(at, name, value, order=ITEM_ORDER)
    if inputs and not left:
        doc.remove((*at, "inputs"))
    elif inputs:
        doc.put(at, "inputs", inputs, order=())
    if "evidence" in fields:
        rows = [
            {k: v for k, v in zip(EVIDENCE_FIELDS, row, strict=True) if v is not None}
            for row in fields["evidence"]
        ]
        doc.put_list(at, "evidence", rows, order=EVIDENCE_FIELDS)


def _present(entry: ItemEntry | None) -> set[str]:
    """The keys an item's entry has a value for."""
    if entry is None:
        return set()
    return {
        alias
        for name, f in ItemEntry.model_fields.items()
        if getattr(entry, name) not in (None, {}, []) and (alias := f.alias or name)
    }
