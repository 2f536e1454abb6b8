"""Loading: text in, positions on demand, and every bad file a problem instead of a traceback."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from parcli.files import MAX_FILE_BYTES
from parcli.loading import parse_bytes, parse_text, read_document


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_text(text, file="f.yaml", path=Path("f.yaml"))


def codes(text: str) -> list[str]:
    _, problems = parse(text)
    return [p.code for p in problems]


def test_scalars_stay_text_so_ids_and_words_keep_their_spelling() -> None:
    doc, problems = parse(
        'id: 1.10\nshort: 0.1\nanswer: no\nflag: true\nwhen: 2026-01-20\nq: "1.1"\n'
    )
    assert problems == []
    assert doc is not None
    assert doc.data == {
        "id": "1.10",
        "short": "0.1",
        "answer": "no",
        "flag": "true",
        "when": "2026-01-20",
        "q": "1.1",
    }


def test_an_empty_plain_value_means_not_filled_in_but_quoted_empty_stays_text() -> None:
    doc, _ = parse('self:\nnote: ""\n')
    assert doc is not None
    assert doc.data == {"self": None, "note": ""}


def test_positions_point_at_values_and_at_keys_of_blocks() -> None:
    doc, _ = parse('a: 1\nitems:\n  "1.1":\n    self: x\n    evidence:\n      - ref: 1/KH\n')
    assert doc is not None
    assert doc.position(("items", "1.1", "self")) == (4, 11)
    assert doc.position(("items", "1.1", "self"), at_key=True) == (4, 5)
    assert doc.position(("items", "1.1")) == (3, 3)
    assert doc.position(("items", "1.1", "evidence", 0, "ref")) == (6, 14)
    # a key that does not exist is reported at the nearest ancestor that does
    assert doc.position(("items", "1.1", "missing")) == (3, 3)


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    _, problems = parse("items:\n  a: 1\n  b: 2\n  a: 3\n")
    assert [(p.line, p.col, p.code) for p in problems] == [(4, 3, "duplicate-key")]


def test_utf8_bom_and_crlf_line_endings_are_read() -> None:
    raw = "\ufeffagency:\r\n  name: Sở Tư pháp\r\n".encode()
    doc, problems = parse_bytes(raw, file="f", path=Path("f"))
    assert problems == []
    assert doc is not None
    assert doc.data == {"agency": {"name": "Sở Tư pháp"}}


def test_decomposed_vietnamese_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "name: Sở Khoa học và Công nghệ\n")
    doc, _ = parse(nfd)
    assert doc is not None
    assert doc.data["name"] == unicodedata.normalize("NFC", "Sở Khoa học và Công nghệ")


def test_legacy_vietnamese_encodings_are_a_located_problem() -> None:
    raw = b"a: 1\nnote: " + "Ban hành".encode("cp1258")
    _, problems = parse_bytes(raw, file="f", path=Path("f"))
    assert [(p.line, p.col, p.code) for p in problems] == [(2, 12, "bad-encoding")]


def test_utf16_files_from_notepad_are_named_as_such() -> None:
    _, problems = parse_bytes("a: 1\n".encode("utf-16"), file="f", path=Path("f"))
    assert [p.code for p in problems] == ["bad-encoding"]
    assert "UTF-16" in problems[0].message


def test_alias_bombs_are_refused_without_expanding_them() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    assert set(codes("\n".join(lines) + "\n")) == {"yaml-alias"}


def test_tabs_syntax_errors_documents_and_complex_keys_are_problems() -> None:
    assert codes("a:\n\tb: 1\n") == ["yaml-tab"]
    assert codes('a: "open\n') == ["yaml-syntax"]
    assert codes("a: 1\n---\na: 2\n") == ["yaml-multiple-documents"]
    assert codes("? [a, b]\n: 1\n") == ["complex-key"]
    assert codes("") == ["empty-file"]
    assert codes("# only a comment\n") == ["empty-file"]


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: no time spent writing it
    doc, problems = read_document(big)
    assert doc is None
    assert [p.code for p in problems] == ["file-too-large"]
    assert MAX_FILE_BYTES < 50 * 1024 * 1024


def test_a_missing_file_or_a_folder_is_unreadable(tmp_path: Path) -> None:
    assert [p.code for p in read_document(tmp_path / "nope.yaml")[1]] == ["file-unreadable"]
    assert [p.code for p in read_document(tmp_path)[1]] == ["file-unreadable"]


def test_absurd_nesting_is_a_problem_not_a_recursion_error() -> None:
    assert codes("note: " + "[" * 3000 + "]" * 3000 + "\n") == ["yaml-too-deep"]


@pytest.mark.parametrize(
    "deep",
    [
        "x: " + "[" * 30000,  # unclosed: the composer recursed 30,000 times, then SIGSEGV
        "x: " + "[" * 40000 + "]" * 40000,
        "x: " + "{a: " * 30000 + "1" + "}" * 30000,
        "x:\n" + "- " * 40000 + "v\n",  # compact block lists, no indentation needed
        "x:\n" + "? " * 40000 + "v\n",
        "- " + "[" * 20000 + "\n" + "- " * 20000 + "v\n",
        "a: 1\rx:\r" + "- " * 40000 + "v\r",  # old Mac line ends: CR alone
    ],
    ids=["flow-open", "flow-closed", "flow-maps", "compact-lists", "complex-keys", "mixed", "cr"],
)
def test_nesting_that_would_overflow_the_c_stack_is_measured_before_composing(
    deep: str,
) -> None:
    # Each of these killed the process with SIGSEGV before the depth check could run.
    assert codes(deep) == ["yaml-too-deep"]


def test_a_shallow_file_with_many_flow_mappings_is_measured_and_read() -> None:
    text = "items:\n" + "".join(f'  "1.{i}": {{self: 1, inputs: {{a: 1}}}}\n' for i in range(900))
    doc, problems = parse(text)
    assert problems == []
    assert doc is not None and len(doc.data["items"]) == 900


@pytest.mark.parametrize(
    ("wide", "line"),
    [
        ("items: {" + ", ".join(f"{i:x}: 1" for i in range(600_000)) + "}\n", 1),  # one line
        ("items:\n" + " a: 1\n" * 600_000, 125_000),  # every key a duplicate
        ("notes: [" + ",".join("a" for _ in range(1_200_000)) + "]\n", 1),
    ],
    ids=["flow-keys", "duplicate-keys", "flow-list"],
)
def test_a_file_of_more_values_than_any_format_is_refused_before_composing(
    wide: str, line: int
) -> None:
    # Under the 8 MB cap, these took 1-2.5 GB and 15 s to more than a minute to compose.
    assert len(wide.encode()) < MAX_FILE_BYTES
    _, problems = parse(wide)
    assert [(p.line, p.code) for p in problems] == [(line, "file-too-large")]
    assert "hơn 250.000 giá trị" in problems[0].message


@pytest.mark.slow
def test_a_file_just_under_the_number_of_values_is_read() -> None:
    text = "items:\n" + "".join(f'  "9.{n}.1": {{self: 1}}\n' for n in range(40_000))
    doc, _ = parse(text)
    assert doc is not None and len(doc.data["items"]) == 40_000


def test_a_file_just_deeper_than_any_format_is_refused_where_it_gets_too_deep() -> None:
    _, problems = parse("x: " + "[" * 70 + "]" * 70 + "\n")
    assert [(p.line, p.col, p.code) for p in problems] == [(1, 67, "yaml-too-deep")]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "U+0000 (NUL)"),
        ("\x1b", "U+001B (ESC)"),
        ("\x7f", "U+007F (DEL)"),
        ("\x9b", "U+009B (CSI)"),
        ("\x85", "U+0085 (NEL)"),
        ("\u2028", "U+2028 (LINE SEPARATOR)"),
        ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)"),
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
        ("\U000e0041", "U+E0041 (TAG LATIN CAPITAL LETTER A)"),
    ],
)
def test_an_invisible_character_is_named_at_its_real_place_and_later_lines_stay_right(
    char: str, name: str
) -> None:
    # libyaml stops at a NUL with English text at 1:1, and counts U+0085, U+2028 and U+2029
    # as line breaks no editor shows: every later line number would shift.
    doc, problems = parse(f"a: 1\nb: x{char}y\nc:\n  d: [1, e]\n  f: {{g: 2}}\nz: ): \n")
    assert [(p.line, p.col, p.code) for p in problems] == [
        (2, 5, "control-character"),
        (6, 5, "yaml-syntax"),  # the rest of the file is still read, at the right places
    ]
    assert name in problems[0].message
    assert doc is None


def test_a_file_with_an_invisible_character_is_still_checked_everywhere_else() -> None:
    _, problems = parse('a: "x\u200by"\nb: 2\nb: 3\n')
    assert sorted((p.line, p.col, p.code) for p in problems) == [
        (1, 6, "control-character"),
        (3, 1, "duplicate-key"),
    ]


def test_control_characters_written_as_escapes_are_refused_at_their_value() -> None:
    doc, problems = parse('a: "\\e[2J"\nb: "x\\0y"\nc: "\\u202e"\nd: "\\L"\ne: ok\n')
    assert [(p.line, p.col) for p in problems] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert {p.code for p in problems} == {"control-character"}
    assert doc is not None  # the data is whole; the file has errors, so it is never used


def test_tabs_and_line_breaks_inside_a_value_are_text_but_not_inside_a_key() -> None:
    doc, problems = parse('note: "a\\tb\\nc"\n"k\\tey": 1\n')
    assert doc is not None and doc.data["note"] == "a\tb\nc"
    assert [(p.line, p.code) for p in problems] == [(2, "control-character")]


def test_old_mac_line_endings_count_as_lines() -> None:
    _, problems = parse("a: 1\rb: 2\rc: \x07\r")
    assert [(p.line, p.col) for p in problems] == [(3, 4)]


def test_keys_are_compared_without_surrounding_spaces_and_in_nfc() -> None:
    # "1.1.2 " used to be a second key, and the later one silently won.
    _, problems = parse('items:\n  "1.1.2": {self: 1}\n  "1.1.2 ": {self: 0}\n')
    assert [(p.line, p.col, p.code) for p in problems] == [
        (3, 3, "duplicate-key"),
        (3, 3, "key-spaces"),
    ]
    _, problems = parse('"S\u1edf": 1\n"So\\u031b\\u0309": 2\n')  # the same key, decomposed
    assert [p.code for p in problems] == ["duplicate-key"]


def test_a_key_with_spaces_around_it_is_refused_but_read_as_its_trimmed_self() -> None:
    doc, problems = parse('" self": 1\n')
    assert [p.code for p in problems] == ["key-spaces"]
    assert doc is not None and doc.data == {"self": "1"}
    assert doc.position(("self",)) == (1, 10)


@pytest.mark.slow
def test_positions_are_found_without_scanning_a_big_mapping_once_per_problem() -> None:
    doc, _ = parse("m:\n" + "".join(f"  k{i}: {i}\n" for i in range(20000)))
    assert doc is not None
    assert doc.position(("m", "k19999")) == (20001, 11)
    assert len(doc._children) == 2  # the top mapping and m, each indexed once
    assert doc.position(("m", "k0")) == (2, 7)
    assert len(doc._children) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_reported_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "so-a.yaml"
    os.mkfifo(fifo)
    doc, problems = read_document(fifo)
    assert doc is None
    assert [p.code for p in problems] == ["file-unreadable"]
    assert "FIFO" in problems[0].message


def test_a_link_to_an_endless_device_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "so-a.yaml").symlink_to(os.devnull)
    _, problems = read_document(tmp_path / "so-a.yaml")
    assert [p.code for p in problems] == ["file-unreadable"]
    assert "là thiết bị" in problems[0].message


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux /proc")
def test_the_size_cap_counts_what_is_read_not_what_stat_claims(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # /proc files are regular and claim a size of 0: only reading finds their length.
    monkeypatch.setattr("parcli.loading.MAX_FILE_BYTES", 16)
    _, problems = read_document(Path("/proc/self/maps"))
    assert [p.code for p in problems] == ["file-too-large"]


def test_the_other_ways_a_name_is_not_a_file_are_said_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "broken.yaml").symlink_to("nowhere.yaml")
    reasons = {
        name: read_document(tmp_path / name)[1][0].message
        for name in ("loop.yaml", "broken.yaml", "x" * 300 + ".yaml", "nope.yaml")
    }
    assert reasons == {
        "loop.yaml": "không đọc được: là vòng liên kết tượng trưng (symlink trỏ vòng về chính "
        "nó); hãy thay bằng tệp YAML thật hoặc xóa nó",
        "broken.yaml": "không đọc được: là liên kết tượng trưng (symlink) trỏ tới tệp không còn "
        "tồn tại; hãy thay bằng tệp YAML thật hoặc xóa nó",
        "x" * 300 + ".yaml": "không đọc được: tên tệp hoặc đường dẫn quá dài; hãy thay bằng tệp "
        "YAML thật hoặc xóa nó",
        "nope.yaml": "không đọc được: không tồn tại; hãy thay bằng tệp YAML thật hoặc xóa nó",
    }


@pytest.mark.parametrize(
    "broken",
    [
        "x: ? a\n",
        "a: 1\n...\nb\n: c\n",
        'a: "x\n---\n"\n',
        'a: "\\xZZ"\n',
        'a: "\\uD800"\n',
        "a: &\n",
        "a: *\n",
        "a: !x!y 1\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
        "%YAML 2.0\n---\na: 1\n",
        "%FOO\n---\na: 1\n",
        "a: !<x 1\n",
        "a: |0\n  x\n",
    ],
)
def test_syntax_errors_are_said_in_vietnamese_not_in_libyaml_english(broken: str) -> None:
    _, problems = parse(broken)
    assert [p.code for p in problems] == ["yaml-syntax"]
    assert re.search(r"\b(found|expected|allowed|not|character)\b", problems[0].message) is None


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ('items:\n  "1.1.1\t": 1\n', (2, 9)),  # a tab typed inside a quoted key
        ("items:\n  '1.1.1\t': 1\n", (2, 9)),
        ('items:\n  {"a": 1, "b\tc": 2}\n', (2, 14)),
        ('items:\n  "1.1.1\\t": 1\n', (2, 3)),  # written as an escape: the key is shown
    ],
)
def test_a_control_character_in_a_key_is_placed_where_it_is_typed(
    text: str, at: tuple[int, int]
) -> None:
    _, problems = parse(text)
    assert [(p.line, p.col, p.code) for p in problems] == [(*at, "control-character")]
