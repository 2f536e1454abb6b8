"""Round-trip edits: a hand-written file stays byte-identical except for the lines that change."""

from __future__ import annotations

import textwrap

import pytest

from parcli.edit.changeset import KEY_ORDER
from parcli.edit.roundtrip import EditableDocument
from parcli.edit.tree import TreeEditor
from parcli.errors import ParcliError
from parcli.loading import parse_text

HAND_WRITTEN = """\
# Hồ sơ tự chấm — Sở A
# (bản thử: định dạng viết tay)

format: parcli/submission/1
criteria: 'mini'
agency: {id: so-a, name: "Sở A"}     # mã cơ quan

items:
    "1.1.1":                 # thụt lề 4 dấu cách
        self: 1
        level:   Ban hành kịp thời
        evidence:
        -   ref: 34/KH-SA
            date: 2026-01-20
            title: Kế hoạch cải cách hành chính
              nhà nước năm 2026
    '1.1.2': { inputs: { done: 18, planned: 20 }, self: 1.0 }

    "2.1":
        inputs: {on_time: 1234, total: 1240}   # số liệu từ Hệ thống

# Phần của Sở Nội vụ
appraisal:
    round1:
        "1.1.1": {score: 0.5, note: Kế hoạch ban hành sau thời hạn}
survey: {"1.2": 1.5}
"""


def edit(text: str, *changes: tuple[tuple[str, ...], str, object], flow: bool = True) -> str:
    doc = EditableDocument(text.encode("utf-8"), name="so-a.yaml")
    for section, key, value in changes:
        doc.put(section, key, value, order=KEY_ORDER, flow=flow)  # type: ignore[arg-type]
    return doc.to_bytes().decode("utf-8")


def data(text: str) -> object:
    doc, problems = parse_text(text, file="t", path=__import__("pathlib").Path("t"))
    assert doc is not None, problems
    return doc.data


def test_a_new_decision_is_one_new_line_and_nothing_else_moves() -> None:
    out = edit(HAND_WRITTEN, (("appraisal", "round1"), "1.1.2", {"score": "1", "note": "Đạt"}))
    assert out == HAND_WRITTEN.replace(
        "sau thời hạn}\n", 'sau thời hạn}\n        "1.1.2": {score: 1, note: Đạt}\n'
    )


def test_a_changed_value_changes_only_its_line() -> None:
    out = edit(
        HAND_WRITTEN,
        (("survey",), "1.2", "1.75"),
        (("appraisal", "round1"), "1.1.1", {"score": "1", "note": None}),
    )
    assert out == HAND_WRITTEN.replace('{"1.2": 1.5}', '{"1.2": 1.75}').replace(
        "{score: 0.5, note: Kế hoạch ban hành sau thời hạn}", "{score: 1}"
    )


def test_new_sections_follow_the_format_order_and_the_indentation_of_the_file() -> None:
    out = edit(
        HAND_WRITTEN,
        (("appraisal", "round2"), "1.1.1", {"score": "1", "note": "Chấp nhận giải trình"}),
        (("appraisal", "explanation"), "1.1.1", {"text": "Đã ban hành đúng hạn"}),
    )
    assert out == HAND_WRITTEN.replace(
        "sau thời hạn}\n",
        "sau thời hạn}\n"
        "    explanation:\n"
        '        "1.1.1": {text: Đã ban hành đúng hạn}\n'
        "    round2:\n"
        '        "1.1.1": {score: 1, note: Chấp nhận giải trình}\n',
    )


def test_blank_lines_inside_an_edited_entry_stay() -> None:
    # A form import changing one document's date dropped the blank line above the list,
    # and blank lines inside a note written as a block (which then differed: whole file).
    raw = textwrap.dedent("""\
        items:
          "1.1.2":
            self: 1
            evidence:

              - {ref: a, date: 2026-01-01, title: T}
            note: |
              dòng 1

              dòng 3
        """).encode()
    doc = EditableDocument(raw, name="x.yaml")
    rows = [{"ref": "a", "date": "2026-02-05", "title": "T"}]
    doc.put_list(("items", "1.1.2"), "evidence", rows, order=("ref", "date", "title"))
    assert doc.to_bytes() == raw.replace(b"2026-01-01", b"2026-02-05")


def test_blank_lines_and_comments_after_a_section_stay_after_it() -> None:
    text = textwrap.dedent(
        """\
        format: parcli/submission/1
        items:
          "1.1.1": {self: 1}   # tự chấm

        appraisal:
          round1:   # vòng 1
            "1.1.1": {score: 0.5}
          explanation:
            "1.1.1":
              text: Đã có văn bản

        # Kết quả điều tra (tỉnh nhập)
        survey:
          "1.2": 1.5
        plan: []
        """
    )
    out = edit(
        text,
        (("appraisal", "explanation"), "1.1.2", {"text": "Bổ sung"}),
        (("survey",), "2.2", "1"),
        (("appraisal", "round1"), "1.1.2", {"score": "0"}),
        flow=False,
    )
    assert out == text.replace(
        '    "1.1.1": {score: 0.5}\n', '    "1.1.1": {score: 0.5}\n    "1.1.2": {score: 0}\n'
    ).replace(
        "      text: Đã có văn bản\n",
        '      text: Đã có văn bản\n    "1.1.2":\n      text: Bổ sung\n',
    ).replace('  "1.2": 1.5\n', '  "1.2": 1.5\n  "2.2": 1\n')


def test_an_empty_section_becomes_a_mapping_and_keeps_its_comment() -> None:
    text = "format: parcli/submission/1\nappraisal:\n  round1:   # chưa thẩm định\n\nplan: []\n"
    out = edit(text, (("appraisal", "round1"), "1.1.1", {"score": "1"}))
    assert out == text.replace("thẩm định\n", 'thẩm định\n    "1.1.1": {score: 1}\n')


def test_a_missing_section_goes_where_the_format_puts_it() -> None:
    text = 'format: parcli/submission/1\nitems:\n  "1.1.1": {self: 1}\n\nplan: []\n'
    out = edit(text, (("survey",), "1.2", "1.5"))
    assert out == text.replace("{self: 1}\n", '{self: 1}\nsurvey:\n  "1.2": 1.5\n')


def test_line_endings_byte_order_mark_and_final_newline_are_kept() -> None:
    raw = ("\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")).encode("utf-8")
    doc = EditableDocument(raw, name="so-a.yaml")
    doc.put(("survey",), "1.2", "2", order=KEY_ORDER)
    assert doc.to_bytes() == raw.replace(b'{"1.2": 1.5}', b'{"1.2": 2}')
    unterminated = HAND_WRITTEN.rstrip("\n")
    assert edit(unterminated, (("survey",), "1.2", "2")) == unterminated.replace("1.5}", "2}")


def test_ids_and_values_stay_text_and_new_keys_are_quoted_like_their_siblings() -> None:
    text = "format: parcli/submission/1\nsurvey:\n  1.10: 0.50\n  1.2: no\n"
    out = edit(text, (("survey",), "1.9", "1"), (("survey",), "1.10", "0.75"))
    assert out == "format: parcli/submission/1\nsurvey:\n  1.9: 1\n  1.10: 0.75\n  1.2: no\n"
    quoted = edit("survey:\n  '1.2': 1\n", (("survey",), "1.3", "1"))
    assert quoted == "survey:\n  '1.2': 1\n  '1.3': 1\n"


def test_text_that_needs_quotes_gets_them() -> None:
    out = edit(
        "appraisal:\n  round1: {}\n",
        (("appraisal", "round1"), "1.1", {"score": "1", "note": "Thiếu: văn bản #2, 3"}),
    )
    assert data(out) == {
        "appraisal": {"round1": {"1.1": {"score": "1", "note": "Thiếu: văn bản #2, 3"}}}
    }


def test_only_the_lines_of_the_edited_entries_change_however_the_file_is_written() -> None:
    out = edit(HAND_WRITTEN, (("items", "1.1.1"), "self", "0.5"), (("items", "1.1.2"), "self", "2"))
    assert out == HAND_WRITTEN.replace("        self: 1\n", "        self: 0.5\n").replace(
        "'1.1.2': { inputs: { done: 18, planned: 20 }, self: 1.0 }",
        "'1.1.2': {inputs: {done: 18, planned: 20}, self: 2}",
    )


def test_a_whole_text_edit_keeps_lines_ruamel_would_rewrite_unless_next_to_the_change() -> None:
    tree = TreeEditor(HAND_WRITTEN, name="so-a.yaml")
    tree.put(("items", "1.1.1"), "self", "0.5", order=KEY_ORDER)
    tree.put(("items", "1.1.2"), "self", "2", order=KEY_ORDER)
    out = tree.to_text()
    before, after = HAND_WRITTEN.splitlines(), out.splitlines()
    # The change spans "self" to "1.1.2": the lines between are written as ruamel writes them.
    assert before[:9] == after[:9] and before[17:] == after[16:]
    assert after[9:15] == [
        "        self: 0.5",
        "        level: Ban hành kịp thời",
        "        evidence:",
        "        - ref: 34/KH-SA",
        "          date: 2026-01-20",
        "          title: Kế hoạch cải cách hành chính nhà nước năm 2026",
    ]
    assert after[15] == "    '1.1.2': {inputs: {done: 18, planned: 20}, self: 2}"
    expected = data(HAND_WRITTEN)
    assert isinstance(expected, dict)
    expected["items"]["1.1.1"]["self"] = "0.5"
    expected["items"]["1.1.2"]["self"] = "2"
    assert data(out) == expected


def test_a_section_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ParcliError, match="`survey` phải là một bảng"):
        edit("survey: [1, 2]\n", (("survey",), "1.2", "1"))


COMMENTED = """\
format: parcli/submission/1
items:
  "1.1.1":
    self: 1
    evidence:
      - {ref: 1/KH, date: 2026-01-20, title: Kế hoạch}
      - {ref: 2/BC, title: Báo cáo}   # bản chính
    note: Ghi chú

    # ---- Lĩnh vực 2 (chú thích của mục sau)
  "2.1":
    self: 2
    owner: Văn phòng
    # chú thích cuối mục 2.1

appraisal:
  round1:
    "1.1.1": {score: 1}
"""


def both(text: str, change: object) -> tuple[str, str]:
    """The edit made block by block (EditableDocument) and on the whole text (TreeEditor)."""
    doc = EditableDocument(text.encode("utf-8"), name="so-a.yaml")
    change(doc)  # type: ignore[operator]
    tree = TreeEditor(text, name="so-a.yaml")
    change(tree)  # type: ignore[operator]
    return doc.to_bytes().decode("utf-8"), tree.to_text()


def test_a_list_of_one_line_entries_is_edited_entry_by_entry() -> None:
    rows = [
        {"ref": "1/KH", "date": "2026-01-20", "title": "Kế hoạch"},
        {"ref": "3/QĐ", "title": "Quyết định"},
    ]
    for out in both(
        COMMENTED,
        lambda d: d.put_list(("items", "1.1.1"), "evidence", rows, order=("ref", "date", "title")),
    ):
        assert out == COMMENTED.replace(
            "      - {ref: 2/BC, title: Báo cáo}   # bản chính",
            "      - {ref: 3/QĐ, title: Quyết định} # bản chính",
        )
    longer = [*rows, {"title": "Ảnh chụp"}]
    for out in both(
        COMMENTED,
        lambda d: d.put_list(("items", "1.1.1"), "evidence", longer, order=("ref", "title")),
    ):
        assert data(out)["items"]["1.1.1"]["evidence"][2] == {"title": "Ảnh chụp"}
        assert "# ---- Lĩnh vực 2" in out and out.index("Ảnh chụp") < out.index("note: Ghi chú")
    for out in both(
        COMMENTED, lambda d: d.put_list(("items", "1.1.1"), "evidence", rows[:1], order=())
    ):
        assert "2/BC" not in out and data(out)["items"]["1.1.1"]["evidence"] == [rows[0]]
    for out in both(
        COMMENTED,
        lambda d: d.put_list(("items", "2.1"), "evidence", rows[1:], order=("ref", "title")),
    ):
        assert (
            "    evidence:\n    - {ref: 3/QĐ, title: Quyết định}\n" in out
            or "evidence:\n      - {ref: 3/QĐ" in out
        )
        assert data(out)["items"]["2.1"]["evidence"] == [{"ref": "3/QĐ", "title": "Quyết định"}]
    for out in both(COMMENTED, lambda d: d.put_list(("items", "1.1.1"), "evidence", [], order=())):
        assert "evidence" not in out and "note: Ghi chú" in out


def test_a_removed_key_leaves_the_comments_that_followed_it_in_place() -> None:
    for out in both(COMMENTED, lambda d: d.remove(("items", "2.1", "owner"))):
        assert out == COMMENTED.replace("    owner: Văn phòng\n", "")
    for out in both(COMMENTED, lambda d: d.remove(("items", "1.1.1", "note"))):
        assert (
            "    note: Ghi chú\n" not in out and "# ---- Lĩnh vực 2 (chú thích của mục sau)" in out
        )
    for out in both(COMMENTED, lambda d: d.remove(("appraisal", "round1", "1.1.1"))):
        assert "appraisal" not in out and "# chú thích cuối mục 2.1" in out  # emptied: gone
    for out in both(COMMENTED, lambda d: d.remove(("items", "9.9", "self"))):
        assert out == COMMENTED


def test_nothing_is_written_as_an_empty_value_and_read_back_as_not_filled_in() -> None:
    for out in both(COMMENTED, lambda d: d.put(("items", "2.1"), "self", None, order=())):
        assert '  "2.1":\n    self:\n' in out
        assert data(out)["items"]["2.1"]["self"] is None


def test_what_cannot_be_cut_out_as_a_block_is_edited_in_the_whole_text() -> None:
    # a comment less indented than its entry, inside it: the block cannot be cut out
    text = 'items:\n  "1.1":\n    self: 1\n# lệch lề\n    note: a\nsurvey: {}\n'
    doc = EditableDocument(text.encode("utf-8"), name="a.yaml")
    doc.put(("items", "1.1"), "self", "2", order=())
    assert data(doc.to_bytes().decode("utf-8"))["items"]["1.1"] == {"self": "2", "note": "a"}
    # a new first key has no entry to follow
    doc = EditableDocument(b'items:\n  "1.2": {self: 1}\n', name="a.yaml")
    doc.put(("items",), "1.1", {"self": "1"}, order=())
    assert doc.to_bytes() == b'items:\n  "1.1": {self: 1}\n  "1.2": {self: 1}\n'
    # text typed decomposed (NFD): positions would not match, the whole text is edited
    nfd = 'note: Ghi chu\u0301\nitems:\n  "1.1": {self: 1}\n'
    doc = EditableDocument(nfd.encode("utf-8"), name="a.yaml")
    doc.put(("items", "1.1"), "self", "2", order=())
    assert '"1.1": {self: 2}' in doc.to_bytes().decode("utf-8")


def test_a_document_answers_where_things_are() -> None:
    doc = EditableDocument(COMMENTED.encode("utf-8"), name="a.yaml")
    assert doc.exists(("items", "2.1", "owner")) and not doc.exists(("items", "2.2"))
    assert doc.flow_style(("appraisal", "round1", "1.1.1")) and not doc.flow_style(("items", "2.1"))
    assert doc.uses_flow(("appraisal", "round1")) and doc.uses_flow(("items",)) is False
    assert doc.uses_flow(("survey",)) is None
    assert doc.to_bytes() == COMMENTED.encode("utf-8")  # nothing asked, nothing changed


# ---------------------------------------------------------------- appending to a list

PLANNED = """\
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}

plan:
  # -- 1. Chỉ đạo, điều hành
  - id: II.1.1
    area: "1"
    task: Ban hành kế hoạch
    targets: ["1.1.1"]
    status: done       # đã xong

# cuối tệp
"""

NEW_TASK = {
    "id": "II.1.2",
    "area": "1",
    "task": "Khắc phục: tiêu chí 1.1",
    "targets": ["1.1", "1.2"],
    "owner": None,
    "due": None,
    "status": "not_started",
}


def appended(text: str, *entries: dict[str, object]) -> str:
    doc = EditableDocument(text.encode("utf-8"), name="so-a.yaml")
    doc.append("plan", entries, order=KEY_ORDER)  # type: ignore[arg-type]
    return doc.to_bytes().decode("utf-8")


def test_appended_tasks_follow_the_last_one_and_the_comments_after_it_stay_last() -> None:
    out = appended(PLANNED, NEW_TASK)
    assert out == PLANNED.replace(
        "    status: done       # đã xong\n",
        "    status: done       # đã xong\n"
        "  - id: II.1.2\n"
        '    area: "1"\n'  # quoted as the task before it writes it
        "    task: 'Khắc phục: tiêu chí 1.1'\n"
        '    targets: ["1.1", "1.2"]\n'
        "    owner:\n"  # empty: not filled in yet
        "    due:\n"
        "    status: not_started\n",
    )
    plan = data(out)["plan"]  # type: ignore[index]
    assert plan[1]["due"] is None and plan[1]["targets"] == ["1.1", "1.2"]


def test_a_plan_written_one_task_a_line_gets_one_line_tasks_without_empty_keys() -> None:
    text = 'plan:\n  - {id: T1, area: "1", task: x}\n'
    out = appended(text, NEW_TASK)
    assert out == text + (
        '  - {id: II.1.2, area: "1", task: \'Khắc phục: tiêu chí 1.1\', targets: ["1.1", "1.2"], '
        "status: not_started}\n"
    )


def test_a_missing_or_empty_plan_becomes_a_list_where_the_format_puts_it() -> None:
    out = appended("format: parcli/submission/1\nsurvey: {}\n", {"id": "T", "area": "1"})
    assert out == 'format: parcli/submission/1\nsurvey: {}\nplan:\n  - id: T\n    area: "1"\n'
    out = appended("plan: []   # chưa có\nsurvey: {}\n", {"id": "T"})
    assert out == "plan:      # chưa có\n  - id: T\nsurvey: {}\n"  # the comment keeps its column


def test_a_plan_that_is_not_a_list_is_refused() -> None:
    with pytest.raises(ParcliError, match="`plan` phải là một danh sách"):
        appended("plan: {a: 1}\n", {"id": "T"})


def test_the_editor_refuses_a_repeated_key_and_runs_no_tag() -> None:
    # The editor reads with ruamel, not parcli's loader: it must hold the same two lines.
    with pytest.raises(ParcliError, match="không sửa được tệp YAML này"):
        TreeEditor("a: 1\na: 2\n", name="x.yaml")
    tagged = TreeEditor('a: !!python/object/apply:os.system ["false"]\n', name="x.yaml")
    assert list(tagged.data["a"]) == ["false"]  # a tagged list of text, nothing called
