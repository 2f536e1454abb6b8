"""`parcli validate` reads a set's `was:` and `dropped:` against last year's set of its group."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINI_CRITERIA, REPO, Run, write

CLI = Callable[..., Run]
OLD = MINI_CRITERIA.replace("id: mini", "id: mini-2025\ngroup: {id: so, title: Sở}\nyear: 2025")
NEW = MINI_CRITERIA.replace("id: mini", "id: mini-2026\ngroup: {id: so, title: Sở}\nyear: 2026")


def workspace(tmp_path: Path, new: str, old: str = OLD) -> Path:
    write(tmp_path / "criteria" / "old.yaml", old)
    write(tmp_path / "criteria" / "new.yaml", new)
    (tmp_path / "submissions").mkdir()
    return tmp_path


def with_was(text: str, item: str, was: str, indent: int) -> str:
    line = f'{" " * (indent - 2)}- id: "{item}"\n'
    assert line in text
    return text.replace(line, f"{line}{' ' * indent}was: {was}\n")


def test_a_set_that_keeps_last_years_ids_needs_no_was(tmp_path: Path, cli: CLI) -> None:
    result = cli("validate", cwd=workspace(tmp_path, NEW))
    assert (result.code, result.stdout) == (0, "")


def test_every_mapping_mistake_is_located_and_says_what_to_write(tmp_path: Path, cli: CLI) -> None:
    new = NEW.replace("year: 2026", 'year: 2026\ndropped: ["9.9"]')
    new = with_was(new, "1.1.1", '"1.1.3"', 12)
    new = with_was(new, "1.1.2", '"1.2"', 12)
    new = with_was(new, "2", '"3"', 4)
    result = cli("validate", cwd=workspace(tmp_path, new))
    last = "bộ tiêu chí năm trước “mini-2025” (2025)"
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"criteria/new.yaml:5:1: warning: dropped: 3 mục của {last} không còn ở bộ này mà không "
        'ghi gì: lĩnh vực 2, 1.1.1, 1.1.2; mục đổi mã thì ghi was: "<mã năm trước>" ở mục năm '
        "nay, mục bị bỏ hoặc gộp thì liệt kê ở dropped: [...] (was-vanished)",
        f"criteria/new.yaml:5:11: error: dropped[0]: “9.9” ghi ở dropped: nhưng {last} không có "
        "mục này; hãy sửa hoặc xóa mã (was-unknown)",
        "criteria/new.yaml:25:18: error: areas[0].criteria[0].sub_criteria[0].was: "
        f"{last} không có mục “1.1.3” (có phải ý bạn là 1.1.2?); nếu mục 1.1.1 là mục mới, hãy "
        "ghi was: none (was-unknown)",
        f"criteria/new.yaml:48:13: error: areas[0].criteria[1].id: mục “1.2” của {last} đã ứng "
        'với mục 1.1.2 (was: "1.2"), nay mục 1.2 (không ghi was: nên được coi là mục cùng mã '
        "năm trước) cũng ứng với nó; mỗi mục năm trước chỉ ứng với một mục năm nay: hãy sửa "
        "was: của một trong hai mục (mục tách đôi: was: cho phần chính, was: none cho phần "
        "mới) (was-duplicate)",
        f"criteria/new.yaml:54:10: error: areas[1].was: {last} không có lĩnh vực “3”; các lĩnh "
        "vực năm trước: 1, 2; nếu lĩnh vực 2 là lĩnh vực mới, hãy ghi was: none (was-unknown)",
    ]


def test_an_old_id_both_dropped_and_claimed_or_naming_a_criterion_is_refused(
    tmp_path: Path, cli: CLI
) -> None:
    new = NEW.replace("year: 2026", 'year: 2026\ndropped: ["2.1"]')
    new = with_was(new, "1.1.1", '"1.1"', 12)
    result = cli("validate", cwd=workspace(tmp_path, new))
    assert [line.split(": ", 2)[1:] for line in result.stdout.splitlines()] == [
        [
            "warning",
            "dropped: 1 mục của bộ tiêu chí năm trước “mini-2025” (2025) không còn ở bộ này mà "
            'không ghi gì: 1.1.1; mục đổi mã thì ghi was: "<mã năm trước>" ở mục năm nay, mục bị '
            "bỏ hoặc gộp thì liệt kê ở dropped: [...] (was-vanished)",
        ],
        [
            "error",
            "dropped[0]: “2.1” ghi ở dropped: nhưng mục 2.1 (không ghi was: nên được coi là mục "
            "cùng mã năm trước) ứng với nó; hãy xóa “2.1” khỏi dropped: hoặc sửa was: của mục 2.1 "
            "(was-duplicate)",
        ],
        [
            "error",
            "areas[0].criteria[0].sub_criteria[0].was: “1.1” ở bộ tiêu chí năm trước "
            "“mini-2025” (2025) là lĩnh vực hoặc tiêu chí có tiêu chí thành phần, không phải mục "
            "được chấm điểm; hãy ghi mã tiêu chí thành phần năm trước; nếu mục 1.1.1 là mục mới, "
            "hãy ghi was: none (was-unknown)",
        ],
    ]


def test_the_vanished_warning_sits_at_the_year_when_nothing_is_dropped(
    tmp_path: Path, cli: CLI
) -> None:
    result = cli("validate", cwd=workspace(tmp_path, with_was(NEW, "1.1.1", "none", 12)))
    assert result.stdout.startswith("criteria/new.yaml:4:1: warning: year: 1 mục")


def test_was_on_a_criterion_with_sub_criteria_belongs_on_its_leaves(
    tmp_path: Path, cli: CLI
) -> None:
    result = cli("validate", cwd=workspace(tmp_path, with_was(NEW, "1.1", '"1.1"', 8)))
    assert result.stdout.endswith(
        "areas[0].criteria[0].was: tiêu chí 1.1 có tiêu chí thành phần nên không được có was; "
        "hãy chuyển các khóa này xuống tiêu chí thành phần (group-has-score)\n"
    )


def test_a_mistyped_was_says_how_to_write_one(tmp_path: Path, cli: CLI) -> None:
    result = cli("validate", cwd=workspace(tmp_path, with_was(NEW, "1.2", "mới", 8)))
    assert result.stdout == (
        "criteria/new.yaml:46:14: error: areas[0].criteria[1].was: “mới” sai dạng; hãy ghi mã "
        'mục ở bộ tiêu chí năm trước, ví dụ "1.2.1", hoặc none nếu là mục mới (bad-value)\n'
    )


def test_without_last_years_set_there_is_nothing_to_check(tmp_path: Path, cli: CLI) -> None:
    new = with_was(NEW, "1.1.1", '"8.8"', 12).replace("{id: so,", "{id: khac,")
    result = cli("validate", cwd=workspace(tmp_path, new))
    assert (result.code, result.stdout) == (0, "")


def test_the_bundled_2026_set_maps_onto_2025_without_a_word(cli: CLI) -> None:
    result = cli("validate", "criteria/2026.yaml", cwd=REPO)
    assert (result.code, result.stdout) == (0, "")
