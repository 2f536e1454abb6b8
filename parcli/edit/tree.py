"""One YAML text edited through ruamel's round-trip tree: change a few values, keep every
other byte as it was.

ruamel's round-trip mode keeps comments, key order, quoting and blank lines; where it would
still reformat a line nobody touched (an odd indentation, a plain scalar folded over two
lines), the edit is carried back onto the original lines (`_carry_over`), so a `git diff`
shows only the lines that changed. Every scalar stays text, as in the loading module.
`roundtrip.EditableDocument` hands this editor only the blocks of a file an edit touches.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver

from parcli.edit.comments import attach_trailing, detach_trailing, move_key_comment, pop_entry
from parcli.edit.styles import (
    Entry,
    Row,
    flow_entry,
    flow_of,
    insert,
    key_like,
    new_entry,
    prefers_flow,
    scalar,
    update_fields,
)
from parcli.errors import ParcliError
from parcli.loading import parse_text

Value = str | Row | None  # a scalar, the fields of an entry, or nothing (`self:` left empty)
Indent = tuple[int, int, int]  # mapping indent, sequence indent, dash offset


class _TextResolver(VersionedResolver):
    """No implicit types: `1.10` stays the text 1.10 and is written back unquoted. Only an
    empty value is null, so that None is written as an empty value (`due:`), which parcli
    reads as "not filled in yet"."""

    @property
    def versioned_resolver(self) -> Any:
        return {"": [("tag:yaml.org,2002:null", re.compile("^$"))]}


class TreeEditor:
    """One YAML text (LF line ends, a final newline) opened for editing; `to_text` gives it
    edited."""

    def __init__(self, text: str, *, name: str, indent: Indent | None = None) -> None:
        self.original = text
        self.name = name
        self.yaml = _round_trip(self.original, indent)
        try:
            self.data = self.yaml.load(self.original)
        except YAMLError as exc:  # the caller parses first; this is a file ruamel alone rejects
            raise ParcliError(f"{name}: không sửa được tệp YAML này ({exc})") from None
        if not isinstance(self.data, CommentedMap):
            raise ParcliError(f"{name}: tệp không phải một bảng `khóa: giá trị`; không sửa được")
        self.normal = self._dump()  # the file as ruamel writes it back: the base of every edit

    def put(
        self,
        section: Sequence[str],
        key: str,
        value: Value,
        *,
        order: Sequence[str],
        flow: bool = True,
    ) -> None:
        """Set `key` under the mapping at `section`, creating the mappings on the way.

        A scalar replaces the old value; fields update an entry in place (None removes a
        field) or make a new one, on one line (`flow`) unless its siblings are written in
        blocks. New keys go in id order, new sections where `order` puts them, so the file
        reads as if written by hand.
        """
        parent, missing = self._walk(section)
        mapping = parent if not missing else CommentedMap()
        old = mapping.get(key)
        if value is None or isinstance(value, str):
            new: Any = None if value is None else scalar(value)
        elif isinstance(old, CommentedMap):
            update_fields(old, value, order, complete=False)
            return
        else:
            new = CommentedMap((f, scalar(t)) for f, t in value.items() if t is not None)
            if prefers_flow(mapping, default=flow):
                new.fa.set_flow_style()
        self._place(parent, missing, mapping, key, new, order)

    def put_list(
        self, section: Sequence[str], key: str, rows: Sequence[Row], *, order: Sequence[str]
    ) -> None:
        """Make the list at `section`.`key` hold `rows`, one-line entries compared entry by
        entry: an entry that stays the same keeps its line; an empty list removes the key."""
        if not rows:
            self.remove((*section, key))
            return
        parent, missing = self._walk(section)
        mapping = parent if not missing else CommentedMap()
        old = mapping.get(key)
        if not isinstance(old, CommentedSeq):
            new = CommentedSeq(flow_entry(row, order) for row in rows)
            self._place(parent, missing, mapping, key, new, order)
            return
        trailing = detach_trailing(old) if len(old) != len(rows) else ""
        for i, row in enumerate(rows):
            if i < len(old) and isinstance(old[i], CommentedMap):
                update_fields(old[i], row, order, complete=True)
            elif i < len(old):
                old[i] = flow_entry(row, order)
            else:
                old.append(flow_entry(row, order))
        del old[len(rows) :]
        if trailing:
            attach_trailing(old, trailing)

    def append(self, key: str, entries: Sequence[Entry], *, order: Sequence[str]) -> None:
        """Add entries at the end of the top-level list `key`, creating it where `order` puts
        it. Each entry is a mapping written as its siblings are (one per line, or in block
        form by default); a list value is written on one line (`targets: ["1.1", "3.2"]`),
        None as an empty value ("not filled in yet"). Comments and blank lines after the
        list's last entry stay after the new last entry."""
        current = self.data.get(key)
        if current is not None and current != "" and not isinstance(current, CommentedSeq):
            raise ParcliError(
                f"{self.name}: `{key}` phải là một danh sách (- …); hãy sửa tay trước"
            )
        if not isinstance(current, CommentedSeq) or not current:
            fresh = CommentedSeq()
            if key in self.data:
                move_key_comment(self.data, key, fresh)
                self.data[key] = fresh
            else:
                insert(self.data, key, fresh, order)
            current = fresh
        last = current[-1] if current and isinstance(current[-1], CommentedMap) else None
        trailing = detach_trailing(current)
        for entry in entries:
            current.append(new_entry(entry, like=last if last is not None else CommentedMap()))
        if trailing:
            attach_trailing(current, trailing)

    def remove(self, path: Sequence[str]) -> None:
        """Take out the key at `path`, and the mappings this leaves empty (never the file's)."""
        chain: list[CommentedMap] = [self.data]
        for part in path[:-1]:
            child = chain[-1].get(part)
            if not isinstance(child, CommentedMap):
                return
            chain.append(child)
        if path[-1] not in chain[-1]:
            return
        pop_entry(chain[-1], path[-1])
        for depth in range(len(chain) - 1, 0, -1):
            if chain[depth]:
                break
            pop_entry(chain[depth - 1], path[depth - 1])

    def _place(
        self,
        parent: CommentedMap,
        missing: list[str],
        mapping: CommentedMap,
        key: str,
        new: Any,
        order: Sequence[str],
    ) -> None:
        if key in mapping:
            mapping[key] = new
        else:
            insert(mapping, key_like(mapping, key), new, order)
        if missing:
            # The new sections are built whole, then placed: the trailing blank lines of
            # what comes before them then go after their last line.
            for part in reversed(missing[1:]):
                mapping = CommentedMap([(part, mapping)])
            head = missing[0]
            if head in parent:
                move_key_comment(parent, head, mapping)
                parent[head] = mapping
            else:
                insert(parent, head, mapping, order)

    def uses_flow(self, section: Sequence[str]) -> bool | None:
        """Whether the entries under `section` are written on one line each (None: none yet)."""
        node: Any = self.data
        for part in section:
            node = node.get(part) if isinstance(node, CommentedMap) else None
        return flow_of(node)

    def to_text(self) -> str:
        return _carry_over(self.original, self.normal, self._dump())

    def _dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    def _walk(self, section: Sequence[str]) -> tuple[CommentedMap, list[str]]:
        """The deepest mapping of `section` that exists, and the parts still to create."""
        node: CommentedMap = self.data
        for i, part in enumerate(section):
            child = node.get(part)
            if isinstance(child, CommentedMap):
                node = child
                continue
            if child is not None and child != "":
                raise ParcliError(
                    f"{self.name}: `{part}` phải là một bảng `khóa: giá trị`; hãy sửa tay trước"
                )
            return node, list(section[i:])
        return node, []


def _round_trip(text: str, indent: Indent | None) -> YAML:
    yaml = YAML(typ="rt")  # builds only maps, lists and text: no Python objects from tags
    yaml.allow_duplicate_keys = False  # ruamel's default, relied on: never a silent last-wins
    yaml.Resolver = _TextResolver
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line that was written on one line
    mapping, sequence, offset = indent or guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def guess_indent(text: str) -> Indent:
    """(mapping indent, sequence indent, dash offset) as the file's first nested lines use."""
    mapping: int | None = None
    offset: int | None = None
    lines = text.splitlines()
    for before, line in itertools.pairwise(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#") or not before.rstrip().endswith(":"):
            continue
        step = len(line) - len(stripped) - (len(before) - len(before.lstrip(" ")))
        if stripped.startswith("- "):
            if offset is None and step >= 0:
                offset = step
        elif step > 0 and mapping is None:
            mapping = step
        if mapping is not None and offset is not None:
            break
    offset = 2 if offset is None else offset  # no list yet: `  - ` as the README writes them
    return mapping or 2, offset + 2, offset


def _carry_over(original: str, normal: str, edited: str) -> str:
    """The edit (normal → edited) made on the original's own lines.

    `normal` is the original as ruamel writes it back unchanged; where it differs from the
    original, ruamel would reformat lines nobody touched. Anchors are the lines all three
    texts share, in order. Between two anchors the original's lines are kept unless the edit
    changed something there; only then do ruamel's lines replace them. The result must read
    as the same data as ruamel's own output, or ruamel's output is used.
    """
    if normal == original:
        return edited
    old, base, new = (t.splitlines(keepends=True) for t in (original, normal, edited))
    to_old = _line_map(base, old)
    to_new = _line_map(base, new)
    anchors = [(-1, -1, -1)]
    anchors += [(i, to_old[i], to_new[i]) for i in sorted(to_old.keys() & to_new.keys())]
    anchors.append((len(base), len(old), len(new)))
    out: list[str] = []
    for (b0, o0, n0), (b1, o1, n1) in itertools.pairwise(anchors):
        untouched = new[n0 + 1 : n1] == base[b0 + 1 : b1]
        out.extend(old[o0 + 1 : o1] if untouched else new[n0 + 1 : n1])
        if b1 < len(base):
            out.append(old[o1])
    result = "".join(out)
    return result if _same_data(result, edited) else edited


def _line_map(a: list[str], b: list[str]) -> dict[int, int]:
    """Line i of `a` → its line in `b`, for the lines the two texts share in order."""
    found: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            found[block.a + k] = block.b + k
    return found


def _same_data(a: str, b: str) -> bool:
    doc_a, _ = parse_text(a, file="a", path=Path("a"))
    doc_b, _ = parse_text(b, file="b", path=Path("b"))
    return doc_a is not None and doc_b is not None and doc_a.data == doc_b.data
