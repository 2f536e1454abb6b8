"""`parcli compare`: two files, two folders, revisions in git, or last year from the archive."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Run
from tests.gitrepo import commit, init_repo

CLI = Callable[..., Run]
TODAY = ("--today", "2026-11-25")


@pytest.fixture
def ws(bundled_copy: Path) -> Path:
    return bundled_copy


def compared(cli: CLI, ws: Path, *args: str) -> dict[str, Any]:
    result = cli("compare", *args, *TODAY, "-f", "json", cwd=ws)
    assert result.code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


@pytest.mark.slow
def test_two_files_of_one_agency_compare_totals_areas_and_items(ws: Path, cli: CLI) -> None:
    payload = compared(cli, ws, "archive/2025/so-khcn.yaml", "submissions/so-khcn.yaml")
    (c,) = payload["comparisons"]
    assert (c["agency"], c["change"]) == (
        {"id": "so-khcn", "name": "Sở Khoa học và Công nghệ"},
        {"points": "3.7216", "index": "3.7216", "rank": 1},
    )
    assert (c["old"]["year"], c["old"]["rank"], c["old"]["ranked"], c["old"]["class"]) == (
        2025,
        4,
        6,
        "Khá",
    )
    assert (c["new"]["year"], c["new"]["rank"], c["new"]["ranked"]) == (2026, 3, 6)
    assert c["areas"][0] == {
        "id": "1",
        "title": "Công tác chỉ đạo, điều hành cải cách hành chính",
        "old_id": "1",
        "old_index": "78.75",
        "new_index": "87.75",
        "change": "9",
    }
    items = {i["id"]: i for i in c["items"]}
    assert items["3.3.1"] == {
        "id": "3.3.1",
        "old_id": "3.3",
        "title": "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        "old": {"points": "1.7005", "max": "2", "counted": True},
        "new": {"points": "1.3613", "max": "1.5", "counted": True},
        "change": "-0.3392",
        "max_changed": True,
        "lost_both": True,
    }
    # the lists the example data's author computed on its own (header of archive/2025/so-khcn.yaml)
    assert c["lost_both"] == [
        "1.1.2", "1.4.1", "1.6", "2.3", "3.2.1", "3.2.3", "3.3.1", "3.4.1", "4.3", "5.1.2",
        "5.4.1", "6.1.2", "6.2.3", "6.3", "7.1.1", "7.1.2", "7.2.1", "7.3.1", "7.4.1",
    ]  # fmt: skip
    assert [i["id"] for i in c["new_items"]] == ["1.7.1", "3.3.2", "4.1.3"]
    assert [i["id"] for i in c["dropped_items"]] == ["2.2.2", "3.2.2"]
    assert (payload["only_new"], payload["only_old"]) == ([], [])


@pytest.mark.slow
def test_two_folders_pair_the_agencies_by_id(ws: Path, cli: CLI) -> None:
    payload = compared(cli, ws, "archive/2025", "submissions")
    assert [
        (c["agency"]["id"], c["old"]["rank"], c["new"]["rank"]) for c in payload["comparisons"]
    ] == [
        ("so-khcn", 4, 3),
        ("so-noi-vu", 3, 4),
        ("so-tai-chinh", 5, 3),
        ("so-tu-phap", 2, 2),
        ("so-y-te", 6, 5),
        ("van-phong-ubnd-tinh", 1, 1),
    ]
    assert [a["id"] for a in payload["only_new"]][:2] == ["phuong-bac-giang", "phuong-kinh-bac"]
    swapped = cli("compare", "submissions", "archive/2025", *TODAY, cwd=ws)
    assert (swapped.code, swapped.stderr.splitlines()[-1]) == (
        2,
        "parcli: submissions/van-phong-ubnd-tinh.yaml (năm 2026) mới hơn "
        "archive/2025/van-phong-ubnd-tinh.yaml (năm 2025); hãy ghi năm trước trước: parcli "
        "compare CŨ MỚI",
    )


@pytest.mark.slow
def test_without_last_year_named_it_is_found_in_the_archive(ws: Path, cli: CLI) -> None:
    payload = compared(cli, ws)
    assert len(payload["comparisons"]) == 6 and len(payload["only_new"]) == 5
    one = compared(cli, ws, "submissions/so-y-te.yaml")
    assert one["comparisons"] == [
        c for c in payload["comparisons"] if c["agency"]["id"] == "so-y-te"
    ]


@pytest.mark.slow
def test_the_terminal_shows_one_agency_in_full_and_many_in_a_table(ws: Path, cli: CLI) -> None:
    one = cli("compare", "submissions/so-khcn.yaml", *TODAY, cwd=ws).stdout
    for text in ("So sánh Chỉ số CCHC 2025 – 2026", "tăng 1 bậc", "Mất điểm hai năm liền (19 mục)",
                 "Mục mới năm 2026: 1.7.1, 3.3.2, 4.1.3", "(năm 2025: 3.3)", "1.3613/1.5†"):  # fmt: skip
        assert text in one
    many = cli("compare", *TODAY, cwd=ws)
    assert "Sở Nội vụ" in many.stdout and "3/6 → 4/6" in many.stdout and "−7.07" in many.stdout
    assert "Mất điểm hai năm liền" not in many.stdout
    assert "không tìm thấy hồ sơ năm trước của UBND xã Tiên Du" in many.stderr
    detailed = cli("compare", *TODAY, "--detail", cwd=ws).stdout
    assert detailed.count("Mất điểm hai năm liền") == 6


@pytest.mark.slow
def test_files_with_errors_are_shown_and_left_out(ws: Path, cli: CLI) -> None:
    path = ws / "submissions" / "so-y-te.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("self: 1\n", "self: 9\n", 1), "utf-8")
    result = cli("compare", "archive/2025/so-y-te.yaml", "submissions/so-y-te.yaml", *TODAY, cwd=ws)
    assert result.code == 1
    assert "score-out-of-range" in result.stderr
    assert "Các hồ sơ có lỗi ở trên không được so sánh." in result.stderr
    assert "Không có cơ quan nào có hồ sơ của cả hai năm để so sánh." in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a", "b", "c"], "parcli: parcli compare nhận nhiều nhất hai đối số: CŨ MỚI\n"),
        (
            ["archive/2025", "submissions/so-khcn.yaml"],
            "parcli: archive/2025 và submissions/so-khcn.yaml phải cùng là tệp hồ sơ hoặc cùng là "
            "thư mục; hãy chỉ hai tệp của một cơ quan hoặc hai thư mục\n",
        ),
        (
            ["nope.yaml", "submissions/so-khcn.yaml"],
            "parcli: không tìm thấy nope.yaml; hãy chỉ tệp, thư mục hoặc PHIÊN_BẢN:đường/dẫn\n",
        ),
        (
            ["criteria/2025.yaml", "submissions/so-khcn.yaml"],
            "parcli: criteria/2025.yaml là bộ tiêu chí; hãy chỉ tệp hồ sơ của một cơ quan\n",
        ),
        (
            ["submissions/xa-tien-du.yaml", "submissions/so-khcn.yaml"],
            "parcli: submissions/xa-tien-du.yaml (bộ tiêu chí “2026-xa”, năm 2026) và "
            "submissions/so-khcn.yaml (bộ “2026”, năm 2026) không so sánh được: parcli so một "
            "năm với năm liền trước của cùng nhóm cơ quan (qua was: của bộ tiêu chí), hoặc hai "
            "phiên bản theo cùng một bộ tiêu chí\n",
        ),
    ],
)
@pytest.mark.slow
def test_what_cannot_be_compared_is_a_usage_error(
    ws: Path, cli: CLI, args: list[str], message: str
) -> None:
    result = cli("compare", *args, *TODAY, cwd=ws)
    assert (result.code, result.stderr) == (2, message)


@pytest.mark.slow
def test_a_mapping_with_errors_stops_the_comparison(ws: Path, cli: CLI) -> None:
    path = ws / "criteria" / "2026.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('was: "2.2.3"', 'was: "2.2.4"'), "utf-8"
    )
    for args in (
        ["archive/2025/so-khcn.yaml", "submissions/so-khcn.yaml"],
        ["submissions/so-khcn.yaml"],
    ):
        result = cli("compare", *args, *TODAY, cwd=ws)
        assert (result.code, result.stderr) == (
            1,
            "parcli: các khóa was:/dropped: của bộ tiêu chí “2026” không khớp bộ năm trước “2025”; "
            "hãy chạy parcli validate criteria/ để xem và sửa rồi so sánh lại\n",
        )


@pytest.mark.slow
def test_two_versions_in_git_compare_item_by_item(tmp_path: Path, cli: CLI) -> None:
    repo = init_repo(tmp_path / "kho")
    for folder in ("criteria", "submissions"):
        shutil.copytree(REPO / folder, repo / folder)
    commit(repo, "Hồ sơ quý III", who="an", date="2026-09-30T08:00:00+07:00")
    path = repo / "submissions" / "so-khcn.yaml"
    before = "    self: 1\n    inputs: {done: 42, planned: 46}\n"
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(
        text.replace(before, "    self: 1.5\n    inputs: {done: 46, planned: 46}\n"), "utf-8"
    )
    args = ("HEAD:submissions/so-khcn.yaml", "submissions/so-khcn.yaml")
    (c,) = compared(cli, repo, *args)["comparisons"]
    assert (c["old"]["year"], c["new"]["year"], c["change"]["points"]) == (2026, 2026, "0.5")
    changed = [(i["id"], i["change"]) for i in c["items"] if i["change"] not in ("0", None)]
    assert changed == [("1.1.2", "0.5")]
    assert c["new_items"] == c["dropped_items"] == []
    assert (c["old"]["rank"], c["old"]["ranked"]) == (3, 6)  # among the others at HEAD
    assert len(compared(cli, repo, "HEAD:submissions", "submissions")["comparisons"]) == 11
    missing = cli("compare", "HEAD:khong-co", "submissions", *TODAY, cwd=repo)
    assert (missing.code, missing.stderr) == (
        2,
        "parcli: không có khong-co ở phiên bản HEAD; hãy kiểm tra đường dẫn\n",
    )
    not_read = cli("compare", "HEAD:criteria/2026.yaml", "submissions/so-khcn.yaml", cwd=repo)
    assert (not_read.code, not_read.stderr) == (
        2,
        "parcli: HEAD:criteria/2026.yaml không phải hồ sơ đọc được ở phiên bản HEAD\n",
    )


def test_odd_paths_given_to_compare_are_reported_not_fatal(tmp_path: Path, cli: CLI) -> None:
    # issue 9: a FIFO would block the read, a link loop raised RuntimeError, a name too long
    # raised OSError from Path.exists.
    os.mkfifo(tmp_path / "ong.yaml")
    (tmp_path / "vong.yaml").symlink_to("vong.yaml")
    both = cli("compare", "ong.yaml", "vong.yaml", cwd=tmp_path)
    assert both.code == 1
    assert both.stderr.splitlines()[:2] == [
        "ong.yaml:1:1: error: không đọc được: là ống dẫn có tên (FIFO), không phải tệp; hãy thay "
        "bằng tệp YAML thật hoặc xóa nó (file-unreadable)",
        "vong.yaml:1:1: error: không đọc được: là vòng liên kết tượng trưng (symlink trỏ vòng về "
        "chính nó); hãy thay bằng tệp YAML thật hoặc xóa nó (file-unreadable)",
    ]
    long = cli("compare", "x" * 300 + ".yaml", cwd=tmp_path)
    assert long.code == 2 and long.stderr.startswith("parcli: không tìm thấy xxx")


def test_a_folder_at_a_revision_mixing_two_years_of_one_group_is_refused(
    tmp_path: Path, cli: CLI
) -> None:
    # As a folder on disk is: one ranking is one year, so the files are named, not ranked.
    from tests.conftest import MINI_CRITERIA, write
    from tests.gitrepo import SO_A

    repo = init_repo(tmp_path / "kho")
    write(repo / "criteria" / "mini.yaml", MINI_CRITERIA)
    old_set = MINI_CRITERIA.replace("id: mini", "id: mini-2025").replace("2026-", "2025-")
    write(repo / "criteria" / "mini-2025.yaml", old_set)
    write(
        repo / "archive" / "2025" / "so-a.yaml",
        SO_A.replace("criteria: mini", "criteria: mini-2025"),
    )
    write(repo / "submissions" / "so-a.yaml", SO_A)
    commit(repo, "Hai năm", who="an", date="2026-09-30T08:00:00+07:00")
    on_disk = cli("compare", ".", "submissions", *TODAY, cwd=repo)
    in_git = cli("compare", "HEAD:.", "submissions", *TODAY, cwd=repo)
    assert (in_git.code, in_git.stderr) == (2, on_disk.stderr)
    assert in_git.stderr == (
        "parcli: các hồ sơ thuộc cùng một nhóm dùng bộ tiêu chí của nhiều năm: “mini” (năm "
        "2026: submissions/so-a.yaml); “mini-2025” (năm 2025: archive/2025/so-a.yaml). Mỗi bảng "
        "xếp hạng chỉ một năm: hãy chấm riêng từng thư mục; muốn so hai năm, dùng parcli compare\n"
    )


def test_a_second_file_claiming_an_agency_at_a_revision_is_not_ranked_twice(
    tmp_path: Path, cli: CLI
) -> None:
    # As on disk (and in `parcli diff`): the first file in name order is the agency's.
    from tests.conftest import MINI_CRITERIA, write
    from tests.gitrepo import SO_A, SO_B

    repo = init_repo(tmp_path / "kho")
    write(repo / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(repo / "submissions" / "so-a.yaml", SO_A)
    write(repo / "submissions" / "so-b.yaml", SO_B)
    write(repo / "submissions" / "ban-sao.yaml", SO_A.replace("self: 1\n", "self: 0\n", 1))
    commit(repo, "Bản sao", who="an", date="2026-09-30T08:00:00+07:00")

    def compared_anyway(*args: str) -> dict[str, Any]:  # the duplicate is an error on disk
        result = cli("compare", *args, *TODAY, "-f", "json", cwd=repo)
        assert result.code == 1, result.stderr
        payload: dict[str, Any] = json.loads(result.stdout)
        return payload

    payload = compared_anyway("HEAD:submissions", "submissions")
    standings = {
        c["agency"]["id"]: (
            c["old"]["file"],
            c["old"]["ranked"],
            c["new"]["file"],
            c["new"]["ranked"],
        )
        for c in payload["comparisons"]
    }
    assert standings["so-a"] == ("submissions/ban-sao.yaml", 2, "submissions/ban-sao.yaml", 2)
    one = compared(cli, repo, "HEAD:submissions/so-b.yaml", "submissions/so-b.yaml")
    (c,) = one["comparisons"]
    assert (c["old"]["ranked"], c["new"]["ranked"]) == (2, 2)
