"""How new values are written into a YAML file: quoted and laid out like their neighbours.

Every scalar stays text: an id-like value (`1.10`) is written plain or in the quotes its
siblings use, text that YAML would misread is quoted, a new entry takes the one-line or
block form of the entry before it.
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

ID = re.compile(r"^[0-9]+(\.[0-9]+)*$")
Entry = Mapping[str, str | Sequence[str] | None]  # a new list entry (None: left empty)


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
