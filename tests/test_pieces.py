"""Parsing versions a piece at a time gives exactly what parsing the whole file gives, or
hands the file back to be parsed whole; never a different reading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcli.git.pieces import UNREAD, Pieces
from parcli.loading import parse_text
from tests.conftest import REPO

EXAMPLE = (REPO / "submissions" / "so-khcn.yaml").read_bytes()


def whole(raw: bytes) -> Any:
    doc, problems = parse_text(raw.decode("utf-8-sig"), file="", path=Path())
    return UNREAD if doc is None or problems else doc.data


def test_an_example_submission_reads_the_same_and_reuses_its_pieces() -> None:
    pieces = Pieces()
    assert pieces.parse(EXAMPLE) == whole(EXAMPLE)
    seen = len(pieces._parsed)
    edited = EXAMPLE.replace(b"self: 1\n", b"self: 0.5\n", 1)
    assert pieces.parse(edited) == whole(edited) != whole(EXAMPLE)
    assert len(pieces._parsed) == seen + 1  # one new piece: the item that changed


@given(
    st.lists(
        st.sampled_from(
            ["0.5", "1", '"x: y"', "|\n      chữ\n      hai dòng", "{a: 1, b: [2]}", ""]
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["items", "appraisal", "survey"]),
    st.booleans(),
)
def test_generated_block_files_read_the_same(values: list[str], section: str, flow: bool) -> None:
    lines = ["format: parcli/submission/1", 'criteria: "2026"', "agency: {id: so-a, name: Sở A}"]
    lines.append(f"{section}:  # phần {section}")
    for i, value in enumerate(values):
        if flow:
            lines.append(f'  "{i}.1": {{self: {value or "~"}}}')
        else:
            lines += [f'  "{i}.1":', "    # ghi chú", f"    self: {value}", ""]
    lines += ["plan:", "- id: II.1", '  area: "1"', "- id: II.2"]
    raw = ("\n".join(lines) + "\n").encode()
    assert Pieces().parse(raw) == whole(raw)


LINES = EXAMPLE.decode().splitlines(keepends=True)
EDITS = st.sampled_from(
    [
        lambda line: "",
        lambda line: line * 2,
        lambda line: " " + line,
        lambda line: line[1:],
        lambda line: "---\n" + line,
        lambda line: line.replace(":", ": &a", 1),
        lambda line: line.replace(":", ": *a", 1),
        lambda line: "\t" + line,
        lambda line: line.replace('"', "", 1),
        lambda line: line.rstrip("\n") + " # chú thích\n",
        lambda line: line.replace(": ", ":\n  ", 1),
    ]
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), EDITS), max_size=3))
def test_an_edited_file_reads_the_same_or_is_parsed_whole(edits: list[Any]) -> None:
    lines = list(LINES)
    for at, edit in edits:
        lines[at] = edit(lines[at])
    raw = "".join(lines).encode()
    pieces = Pieces()
    pieces.parse(b"".join(line.encode() for line in LINES))  # earlier pieces in the cache
    found = pieces.parse(raw)
    assert found is UNREAD or found == whole(raw)


def test_what_cannot_be_cut_is_parsed_whole() -> None:
    for raw in [
        b"\xff\xfe",  # not UTF-8
        b"  indented: root\n",
        b"---\nformat: x\n",
        b"a: 1\na: 2\n",
        b"a:\n  b: 1\n c: 2\n",  # a child less indented than the first
        b"a:\n  - 1\n  b: 2\n",  # a list and a mapping under one key
        b"a:\n  b: 1\n  b: 2\n",
    ]:
        assert Pieces().parse(raw) is UNREAD, raw


def test_a_piece_nested_close_to_the_limit_is_left_to_the_whole_file() -> None:
    from parcli.yamlnodes import MAX_DEPTH

    tested: set[bool] = set()
    for depth in range(MAX_DEPTH - 6, MAX_DEPTH + 2):
        deep = "[" * depth + "x" + "]" * depth
        raw = EXAMPLE.replace(b"\nitems:\n", f"\nitems:\n  x: {deep}\n".encode(), 1)
        found = Pieces().parse(raw)
        assert found is UNREAD or found == whole(raw)
        tested.add(found is UNREAD)
    assert tested == {True, False}  # both sides of the limit were reached


def test_a_document_marker_anywhere_is_left_to_the_whole_file() -> None:
    for marker in (b"---\n", b"...\n", b"%YAML 1.2\n"):
        lines = EXAMPLE.splitlines(keepends=True)
        for at in range(1, len(lines), 37):
            raw = b"".join([*lines[:at], marker, *lines[at:]])
            assert Pieces().parse(raw) is UNREAD
