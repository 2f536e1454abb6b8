"""How new values are written into a YAML file: quoted and laid out like their neighbours.

Every scalar stays text: an id-like value (`1.10`) is written plain or in the quotes its
siblings use, text that YAML would misread is quoted, a new entry takes the one-line or
block form of the entry before it, a new key goes where the format's order or the ids'
order puts it, and the blank lines and comments after an entry stay in place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from parcli.edit.comments import attach_trailing, detach_trailing, pop_entry
from parcli.models import id_key

ID = re.compile(r"^[0-9]+(\.[0-9]+)*$")
Entry = Mapping[str, str | Sequence[str] | None]  # a new list entry (None: left empty)
Row = Mapping[str, str | None]  # the fields of an entry (None: remove the field)


def scalar(text: str) -> Any:
    if text == "" or text != text.strip() or "\n" in text:
        return DoubleQuotedScalarString(text)
    return PlainScalarString(text) if ID.match(text) else text


def new_entry(fields: Entry, *, like: CommentedMap) -> CommentedMap:
    """A new list entry written as the entry before it: on one line or in block form, each
    value quoted as the same key's value there."""
    entry = CommentedMap()
    flow = bool(like.fa.flow_style())
    for name, value in fields.items():
        if value is None and flow:
            continue  # `{due: }` reads badly on one line: a key left out is not filled in either
        if value is None or isinstance(value, str):
            entry[name] = None if value is None else quoted_like(like.get(name), value)
        else:
            items = CommentedSeq(
                DoubleQuotedScalarString(v) if ID.match(v) else scalar(v) for v in value
            )
            items.fa.set_flow_style()
            entry[name] = items
    if flow:
        entry.fa.set_flow_style()
    return entry


def quoted_like(sibling: Any, text: str) -> Any:
    """Quoted as the same key's value in the entry before; with none, ids in double quotes
    (`area: "1"`), as the README writes them."""
    if isinstance(sibling, DoubleQuotedScalarString) or (sibling is None and ID.match(text)):
        return DoubleQuotedScalarString(text)
    if isinstance(sibling, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    return scalar(text)


def key_like(mapping: CommentedMap, key: str) -> str:
    """A new key quoted as its siblings are (ids are usually written "1.1.1")."""
    sibling = next(iter(mapping), None)
    quoted: str = key
    if isinstance(sibling, DoubleQuotedScalarString) or sibling is None:
        quoted = DoubleQuotedScalarString(key) if ID.match(key) else key
    elif isinstance(sibling, SingleQuotedScalarString):
        quoted = SingleQuotedScalarString(key)
    return quoted


def prefers_flow(mapping: CommentedMap, *, default: bool) -> bool:
    """New entries follow their siblings' style."""
    style = flow_of(mapping)
    return default if style is None else style


def flow_of(node: Any) -> bool | None:
    """Whether a mapping's entries are written on one line each (None: it has none)."""
    entries = (
        [v for v in node.values() if isinstance(v, CommentedMap)]
        if isinstance(node, CommentedMap)
        else []
    )
    return bool(entries[-1].fa.flow_style()) if entries else None


def update_fields(
    mapping: CommentedMap, fields: Row, order: Sequence[str], *, complete: bool
) -> None:
    """Set the fields that changed (None removes one); with `complete`, a field not named is
    removed too. A field that keeps its text keeps its quoting."""
    for field in list(mapping):
        if (complete and field not in fields) or (field in fields and fields[field] is None):
            pop_entry(mapping, field)
    for field, text in fields.items():
        if text is None:
            continue
        if field not in mapping:
            insert(mapping, field, scalar(text), order)
        elif mapping[field] is None or str(mapping[field]) != text:
            mapping[field] = scalar(text)


def flow_entry(row: Row, order: Sequence[str]) -> CommentedMap:
    ranked = sorted((f for f, t in row.items() if t is not None), key=lambda f: _rank(f, order))
    entry = CommentedMap((f, scalar(row[f] or "")) for f in ranked)
    entry.fa.set_flow_style()
    return entry


def _rank(key: str, order: Sequence[str]) -> int:
    return order.index(key) if key in order else len(order)


def _id_key(key: str) -> tuple[int, ...] | None:
    """Item ids sort in the set's order; other keys (`score`, `note`) have no such order."""
    return id_key(key) if ID.match(key) else None


def insert_position(keys: Sequence[str], key: str, order: Sequence[str]) -> int:
    """Where a new key goes among `keys`: sections in the format's order, ids in id order,
    anything else last."""
    later: list[int] = []
    new_id = _id_key(key)
    if key in order:
        rank = order.index(key)
        later = [i for i, k in enumerate(keys) if k in order and order.index(k) > rank]
    elif new_id is not None:
        later = [i for i, k in enumerate(keys) if (_id_key(k) or ()) > new_id]
    return later[0] if later else len(keys)


def key_text(siblings: Sequence[str | None], key: str) -> str:
    """A new key written as its siblings' keys are (`"` or `'` their quote style, None plain):
    ids are usually quoted, "1.1.1"."""
    style = siblings[0] if siblings else '"'
    if style == '"' and ID.match(key):
        return f'"{key}"'
    return f"'{key}'" if style == "'" else key


def insert(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    keys = [str(k) for k in mapping]
    position = insert_position(keys, key, order)
    if position < len(keys):
        mapping.insert(position, key, value)
        return
    if mapping.fa.flow_style():
        mapping[key] = value
        return
    # Blank lines and comments after the last entry belong after the new last entry.
    trailing = detach_trailing(mapping)
    mapping[key] = value
    if trailing:
        attach_trailing(mapping, trailing)
