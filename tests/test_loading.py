"""Loading: text in, positions on demand, and every bad file a problem instead of a traceback."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from parcli.loading import MAX_FILE_BYTES, parse_bytes, parse_text, read_document


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
