"""Where ruamel keeps the comments and blank lines around a block: moved with the entries.

These functions read and write ruamel's comment attributes (`.ca`), which are internals;
the pin on ruamel.yaml in pyproject.toml keeps them to the versions they are tested with.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


def _last_slots(node: Any) -> list[tuple[Any, list[Any], int]]:
    """Where ruamel may keep what follows the last line of a block collection, outermost
    first: (collection, the comment slot of its last entry, the index in that slot)."""
    if isinstance(node, CommentedMap) and node and not node.fa.flow_style():
        last: Any = list(node)[-1]
        at = 2
    elif isinstance(node, CommentedSeq) and node and not node.fa.flow_style():
        last, at = len(node) - 1, 0
    else:
        return []
    slot = node.ca.items.setdefault(last, [None, None, None, None])
    return [(node, slot, at), *_last_slots(node[last])]


def detach_trailing(node: Any) -> str:
    """Take the blank lines and comment lines that follow `node`'s last line."""
    pieces: list[str] = []
    chain = _last_slots(node)
    for depth in range(len(chain) - 1, -1, -1):
        collection, slot, at = chain[depth]
        token = slot[at]
        if isinstance(token, CommentToken):
            end_of_line, _, rest = token.value.partition("\n")
            if end_of_line.strip():
                token.value = end_of_line + "\n"
            else:
                slot[at] = None
            pieces.append(rest)
        if depth and collection.ca.end:
            pieces.extend(token.value for token in collection.ca.end)
            collection.ca.end = []
    return "".join(pieces)


def attach_trailing(node: Any, trailing: str) -> None:
    slots = _last_slots(node)
    if slots:
        _, slot, at = slots[-1]
        slot[at] = CommentToken("\n" + trailing, CommentMark(0), None)


def move_key_comment(parent: CommentedMap, key: str, fresh: CommentedMap | CommentedSeq) -> None:
    """An empty `round1:   # note` becoming a mapping (or `plan:` a list): the note stays on
    the key's line."""
    slot = parent.ca.items.get(key)
    if not slot or not isinstance(slot[2], CommentToken):
        return
    end_of_line, _, rest = slot[2].value.partition("\n")
    parent.ca.items.pop(key)
    if end_of_line.strip():
        mark = CommentMark(slot[2].column)
        fresh.ca.comment = [CommentToken(end_of_line + "\n", mark, None), None]
    if rest:
        fresh.ca.end = [CommentToken(rest, CommentMark(0), None)]


def pop_entry(mapping: CommentedMap, key: str) -> None:
    """Take `key` out of `mapping`; the blank lines and comment lines that followed its entry
    stay where they were, after the entry before it."""
    keys = list(mapping)
    at = keys.index(key)
    following = ""
    if at and not mapping.fa.flow_style():
        value = mapping[key]
        if _is_block(value):
            following = detach_trailing(value)
        else:
            slot = mapping.ca.items.get(key)
            token = slot[2] if slot else None
            if isinstance(token, CommentToken):
                following = token.value.partition("\n")[2]
    mapping.pop(key)
    mapping.ca.items.pop(key, None)
    if following:
        _append_after(mapping, keys[at - 1], following)


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


def _append_after(mapping: CommentedMap, key: str, text: str) -> None:
    value = mapping[key]
    if _is_block(value):
        _, slot, at = _last_slots(value)[-1]
    else:
        slot, at = mapping.ca.items.setdefault(key, [None, None, None, None]), 2
    token = slot[at]
    if isinstance(token, CommentToken):
        token.value = token.value + text
    else:
        slot[at] = CommentToken("\n" + text, CommentMark(0), None)
