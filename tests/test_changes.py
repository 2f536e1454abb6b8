"""`parcli diff` and `parcli history` over a real git history: authors, dates, a rename, a file
added and deleted, a revision where a file did not exist yet, and uncommitted changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI_CRITERIA, Run, write
from tests.gitrepo import commit, git, init_repo
from tests.simyear import Year

CLI = Callable[..., Run]

SO_A = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở A}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SA, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}
  "1.1.2": {inputs: {done: 15, planned: 20}, self: 0}
  "2.1": {inputs: {on_time: 90, total: 100}}
"""

SO_B = """
format: parcli/submission/1
criteria: mini
agency: {id: so-b, name: Sở B}
items:
  "1.1.1": {self: 1, evidence: [{title: Kế hoạch, ref: 1/KH-SB}]}
  "1.1.2": {inputs: {done: 20, planned: 20}}
  "2.1": {na: Sở không có thủ tục hành chính}
"""

SO_C = """
format: parcli/submission/1
criteria: mini
agency: {id: so-c, name: Sở C}
items:
  "1.1.1": {self: 0.5}
"""


@dataclass(frozen=True)
class History:
    root: Path
    c: dict[int, str]  # commit number → full id

    def short(self, n: int) -> str:
        return self.c[n][:7]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = init_repo(tmp_path_factory.mktemp("history") / "ho-so")
    a = root / "submissions" / "so-a.yaml"
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(a, SO_A)
    c = {1: commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")}
    write(a, SO_A.replace("{done: 15, planned: 20}, self: 0", "{done: 18, planned: 20}, self: 1"))
    write(root / "submissions" / "so-b.yaml", SO_B)
    c[2] = commit(root, "Cập nhật 1.1.2; thêm Sở B", who="binh", date="2026-03-05T10:30:00+07:00")
    git(root, "mv", "submissions/so-b.yaml", "submissions/don-vi-b.yaml")
    b = root / "submissions" / "don-vi-b.yaml"
    b.write_text(
        b.read_text(encoding="utf-8")
        + 'appraisal:\n  round1:\n    "1.1.1": {score: 0.5, note: Ban hành muộn}\n',
        encoding="utf-8",
    )
    c[3] = commit(root, "Thẩm định vòng 1 Sở B", who="cuong", date="2026-04-10T14:00:00+07:00")
    with a.open("a", encoding="utf-8") as handle:
        handle.write('appraisal:\n  round1:\n    "1.1.2": {score: 1}\nsurvey:\n  "1.2": 1.5\n')
    c[4] = commit(root, "Kết quả điều tra XHH", who="dung", date="2026-05-20T08:15:00+07:00")
    write(root / "submissions" / "so-c.yaml", SO_C)
    c[5] = commit(root, "Thêm Sở C", who="an", date="2026-06-01T09:00:00+07:00")
    (root / "submissions" / "so-c.yaml").unlink()
    c[6] = commit(root, "Xóa Sở C (nhập nhầm)", who="binh", date="2026-06-15T16:45:00+07:00")
    text = a.read_text(encoding="utf-8")
    a.write_text(
        text.replace(
            "appraisal:\n  round1:\n",
            'appraisal:\n  round2:\n    "1.1.1": {score: 0.5}\n  round1:\n',
        ),
        encoding="utf-8",
    )
    return History(root, c)


def test_diff_between_two_commits_names_who_changed_each_score(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.c[1], repo.c[4], cwd=repo.root)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        f"Thay đổi điểm từ {repo.c[1]} đến {repo.c[4]}\n"
        "\n"
        "Sở A (so-a) — submissions/so-a.yaml\n"
        "  Điểm: 5.50 → 8.00 (+2.50); chỉ số: 68.75%* → 80.00% (+11.25)\n"
        f"  1.1.2  tự chấm           0 → 1    Trần Thị Bình, 2026-03-05 ({repo.short(2)})\n"
        f"  1.1.2  thẩm định vòng 1  — → 1    Phạm Thị Dung, 2026-05-20 ({repo.short(4)})\n"
        f"  1.2    điều tra XHH      — → 1.5  Phạm Thị Dung, 2026-05-20 ({repo.short(4)})\n"
        "\n"
        "Sở B (so-b) — submissions/don-vi-b.yaml (tệp mới)\n"
        "  Điểm: — → 2.50; chỉ số: — → 83.33%*\n"
        f"  1.1.1  tự chấm           — → 1    Trần Thị Bình, 2026-03-05 ({repo.short(2)})\n"
        f"  1.1.1  thẩm định vòng 1  — → 0.5  Lê Văn Cường, 2026-04-10 ({repo.short(3)})\n"
        f"  1.1.2  tự chấm           — → 2    Trần Thị Bình, 2026-03-05 ({repo.short(2)})\n"
        "\n"
        "2 cơ quan có thay đổi điểm.\n"
        "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá\n"
    )


def test_a_rename_is_one_agency_with_both_paths(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.short(2), repo.short(3), cwd=repo.root)
    assert result.stdout == (
        f"Thay đổi điểm từ {repo.short(2)} đến {repo.short(3)}\n"
        "\n"
        "Sở B (so-b) — submissions/so-b.yaml → submissions/don-vi-b.yaml (đổi tên)\n"
        "  Điểm: 3.00 → 2.50 (-0.50); chỉ số: 100.00%* → 83.33%* (-16.67)\n"
        f"  1.1.1  thẩm định vòng 1  — → 0.5  Lê Văn Cường, 2026-04-10 ({repo.short(3)})\n"
        "\n"
        "1 cơ quan có thay đổi điểm.\n"
        "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá\n"
    )


def test_a_deleted_file_loses_every_score_in_the_deleting_commit(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.c[5], repo.c[6], cwd=repo.root)
    assert result.stdout.splitlines()[2:5] == [
        "Sở C (so-c) — submissions/so-c.yaml (đã xóa)",
        "  Điểm: 0.50 → —; chỉ số: 6.25%* → —",
        f"  1.1.1  tự chấm  0.5 → —  Trần Thị Bình, 2026-06-15 ({repo.short(6)})",
    ]


def test_a_file_added_and_deleted_inside_the_range_is_not_a_change(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.c[4], repo.c[6], cwd=repo.root)
    assert result.stdout.endswith("\nKhông có thay đổi điểm.\n")


def test_without_revisions_diff_compares_head_with_the_working_tree(
    repo: History, cli: CLI
) -> None:
    result = cli("diff", cwd=repo.root)
    assert result.stdout == (
        "Thay đổi điểm từ HEAD đến thư mục làm việc\n"
        "\n"
        "Sở A (so-a) — submissions/so-a.yaml\n"
        "  Điểm: 8.00 → 7.50 (-0.50); chỉ số: 80.00% → 75.00% (-5.00)\n"
        "  1.1.1  thẩm định vòng 2  — → 0.5  chưa commit\n"
        "\n"
        "1 cơ quan có thay đổi điểm.\n"
    )


def test_one_revision_and_a_path_compare_that_revision_with_the_working_tree(
    repo: History, cli: CLI
) -> None:
    result = cli("diff", repo.c[1], "submissions/so-a.yaml", cwd=repo.root)
    lines = result.stdout.splitlines()
    assert lines[0] == f"Thay đổi điểm từ {repo.c[1]} đến thư mục làm việc"
    assert "Sở B" not in result.stdout
    assert lines[3:8] == [
        "  Điểm: 5.50 → 7.50 (+2.00); chỉ số: 68.75%* → 75.00% (+6.25)",
        "  1.1.1  thẩm định vòng 2  — → 0.5  chưa commit",
        f"  1.1.2  tự chấm           0 → 1    Trần Thị Bình, 2026-03-05 ({repo.short(2)})",
        f"  1.1.2  thẩm định vòng 1  — → 1    Phạm Thị Dung, 2026-05-20 ({repo.short(4)})",
        f"  1.2    điều tra XHH      — → 1.5  Phạm Thị Dung, 2026-05-20 ({repo.short(4)})",
    ]


def test_a_path_from_a_subfolder_and_a_revision_where_the_file_did_not_exist(
    repo: History, cli: CLI
) -> None:
    result = cli("diff", repo.c[1], repo.c[2], "don-vi-b.yaml", cwd=repo.root / "submissions")
    assert result.stdout.endswith("\nKhông có thay đổi điểm.\n")  # not yet renamed at c2
    result = cli("diff", repo.c[1], repo.c[2], "so-b.yaml", cwd=repo.root / "submissions")
    assert result.stdout.splitlines()[2:4] == [
        "Sở B (so-b) — so-b.yaml (tệp mới)",
        "  Điểm: — → 3.00; chỉ số: — → 100.00%*",
    ]


def test_diff_json_has_exact_decimals_and_full_commits(repo: History, cli: CLI) -> None:
    payload = json.loads(cli("diff", repo.c[2], repo.c[3], "-f", "json", cwd=repo.root).stdout)
    assert payload == {
        "from": repo.c[2],
        "to": repo.c[3],
        "agencies": [
            {
                "id": "so-b",
                "name": "Sở B",
                "status": "renamed",
                "old_path": "submissions/so-b.yaml",
                "new_path": "submissions/don-vi-b.yaml",
                "before": {
                    "points": "3",
                    "max": "3",
                    "index": "100",
                    "provisional": True,
                    "class": "Tốt",
                },
                "after": {
                    "points": "2.5",
                    "max": "3",
                    "index": "83.33333333333333333333333333",
                    "provisional": True,
                    "class": "Khá",
                },
                "changes": [
                    {
                        "item": "1.1.1",
                        "field": "round1",
                        "before": None,
                        "after": "0.5",
                        "commit": {
                            "sha": repo.c[3],
                            "author": "Lê Văn Cường",
                            "email": "cuong@snv.gov.vn",
                            "date": "2026-04-10T14:00:00+07:00",
                            "subject": "Thẩm định vòng 1 Sở B",
                        },
                        "uncommitted": False,
                    }
                ],
            }
        ],
    }


def test_history_follows_the_file_across_its_rename(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/don-vi-b.yaml", cwd=repo.root)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "Lịch sử điểm: Sở B (so-b) — submissions/don-vi-b.yaml\n"
        "\n"
        "Ngày        Commit   Tác giả        Điểm  Tối đa    Chỉ số  Xếp loại  Nội dung\n"
        f"2026-03-05  {repo.short(2)}  Trần Thị Bình  3.00    3.00  100.00%*  Tốt       "
        "Cập nhật 1.1.2; thêm Sở B\n"
        f"2026-04-10  {repo.short(3)}  Lê Văn Cường   2.50    3.00   83.33%*  Khá       "
        "Thẩm định vòng 1 Sở B (đổi tên: submissions/so-b.yaml → submissions/don-vi-b.yaml)\n"
        "\n"
        "Chỉ số: █▁ (100.00%* → 83.33%*)\n"
        "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá\n"
    )


def test_history_ends_with_the_uncommitted_version(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/so-a.yaml", cwd=repo.root)
    assert result.stdout.splitlines()[2:] == [
        "Ngày        Commit   Tác giả        Điểm  Tối đa   Chỉ số  Xếp loại  Nội dung",
        f"2026-03-01  {repo.short(1)}  Nguyễn Văn An  5.50    8.00  68.75%*  Yếu       Hồ sơ Sở A",
        f"2026-03-05  {repo.short(2)}  Trần Thị Bình  6.50    8.00  81.25%*  Khá       "
        "Cập nhật 1.1.2; thêm Sở B",
        f"2026-05-20  {repo.short(4)}  Phạm Thị Dung  8.00   10.00  80.00%   Khá       "
        "Kết quả điều tra XHH",
        "—           —        (chưa commit)  7.50   10.00  75.00%   Yếu       thay đổi chưa commit",
        "",
        "Chỉ số: ▁█▇▄ (68.75%* → 75.00%)",
        "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá",
    ]


def test_history_of_a_deleted_file_shows_its_deletion(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/so-c.yaml", cwd=repo.root)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[3:5] == [
        f"2026-06-01  {repo.short(5)}  Nguyễn Văn An  0.50    8.00  6.25%*  Yếu       Thêm Sở C",
        f"2026-06-15  {repo.short(6)}  Trần Thị Bình     —       —      —   —         "
        "Xóa Sở C (nhập nhầm) (xóa tệp)",
    ]


def test_history_json_and_chart(repo: History, cli: CLI, tmp_path: Path) -> None:
    chart = tmp_path / "chi-so.png"
    result = cli(
        "history", "submissions/so-a.yaml", "-f", "json", "--chart", str(chart), cwd=repo.root
    )
    payload = json.loads(result.stdout)
    assert payload["agency"] == {"id": "so-a", "name": "Sở A"}
    assert [e["commit"]["sha"] if e["commit"] else None for e in payload["entries"]] == [
        repo.c[1],
        repo.c[2],
        repo.c[4],
        None,
    ]
    assert payload["entries"][-1] == {
        "commit": None,
        "path": "submissions/so-a.yaml",
        "points": "7.5",
        "max": "10",
        "index": "75",
        "provisional": False,
        "class": "Yếu",
    }
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_outside_a_git_repository_diff_and_history_are_usage_errors(
    tmp_path: Path, cli: CLI
) -> None:
    result = cli("diff", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr == (
        f"parcli: {tmp_path.resolve()} không nằm trong kho git; lệnh này đọc lịch sử các tệp "
        "từ git: hãy chạy trong thư mục của kho (git clone hoặc git init)\n"
    )
    assert cli("history", "so-a.yaml", cwd=tmp_path).code == 2


def test_an_unknown_revision_is_a_usage_error(repo: History, cli: CLI) -> None:
    result = cli("diff", "v9.9", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có phiên bản “v9.9” trong kho git; hãy dùng mã commit, tên nhánh, thẻ "
        "hoặc dạng HEAD~1\n",
    )


def test_diff_of_a_path_in_neither_revision_is_a_usage_error(repo: History, cli: CLI) -> None:
    result = cli("diff", "HEAD~1", "submissions/so-x.yaml", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có submissions/so-x.yaml ở cả hai phiên bản; hãy kiểm tra đường dẫn\n",
    )


def test_history_of_a_file_git_never_saw(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/so-x.yaml", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: submissions/so-x.yaml chưa từng có trong lịch sử git của kho; "
        "hãy kiểm tra đường dẫn\n",
    )


def test_a_new_criteria_set_rescores_files_that_did_not_change(tmp_path: Path, cli: CLI) -> None:
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-b.yaml", SO_B)
    first = commit(root, "Bộ tiêu chí và hồ sơ", who="an", date="2026-02-01T08:00:00+07:00")
    # 2.1 may no longer be "not applicable": its 5 points come back into Sở B's maximum.
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA.replace("        na: allowed\n", ""))
    second = commit(root, "Sửa thang điểm", who="cuong", date="2026-02-02T08:00:00+07:00")
    result = cli("diff", first, second, cwd=root)
    assert result.stdout.splitlines()[2:5] == [
        "Sở B (so-b) — submissions/so-b.yaml",
        "  Điểm: 3.00 → 3.00 (không đổi); chỉ số: 100.00%* → 37.50%* (-62.50)",
        "",
    ]


# ---------------------------------------------------------------- the simulated year


def diff_json(cli: CLI, year: Year, *args: str) -> dict[str, Any]:
    result = cli("diff", *args, "-f", "json", cwd=year.root)
    assert result.code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def agency(payload: dict[str, Any], agency_id: str) -> dict[str, Any]:
    (found,) = [a for a in payload["agencies"] if a["id"] == agency_id]
    return found


def change(found: dict[str, Any], item: str | None, field: str) -> dict[str, Any]:
    (one,) = [c for c in found["changes"] if c["item"] == item and c["field"] == field]
    return one


def test_a_value_resolved_in_a_merge_is_credited_to_the_merge(cli: CLI, year: Year) -> None:
    payload = diff_json(cli, year, "2026/vong-2", "HEAD")
    resolved = change(agency(payload, "so-tu-phap"), "2.1.1", "round2")
    assert (resolved["before"], resolved["after"]) == ("1", "0.25")
    assert resolved["commit"]["sha"] == year["merge"]
    assert resolved["commit"]["author"] == "Lê Văn Cường"
    from_branch = change(agency(payload, "so-khcn"), "2.1.1", "round2")
    assert from_branch["commit"]["sha"] == year["branch-2"]
    assert from_branch["via"]["sha"] == year["merge"]


def test_a_path_limited_diff_across_a_rename_says_renamed(cli: CLI, year: Year) -> None:
    for path in ("submissions/so-nong-nghiep-moi-truong.yaml", "submissions/so-nn-mt.yaml"):
        payload = diff_json(cli, year, year["area23-so-nn-mt"], year["rename"], path)
        (found,) = payload["agencies"]
        assert (found["id"], found["status"]) == ("so-nn-mt", "renamed")
        assert (found["old_path"], found["new_path"]) == (
            "submissions/so-nn-mt.yaml",
            "submissions/so-nong-nghiep-moi-truong.yaml",
        )


def test_a_class_threshold_change_shows_every_class_it_moves(cli: CLI, year: Year) -> None:
    result = cli("diff", f"{year['threshold']}~1", year["threshold"], cwd=year.root)
    assert "Không có thay đổi điểm" not in result.stdout
    payload = diff_json(cli, year, f"{year['threshold']}~1", year["threshold"])
    moved = {
        a["id"]: (c["before"], c["after"])
        for a in payload["agencies"]
        for c in a["changes"]
        if c["field"] == "class"
    }
    assert moved == {
        "so-khcn": ("Khá", "Trung bình"),
        "so-tai-chinh": ("Khá", "Trung bình"),
        "so-y-te": ("Khá", "Trung bình"),
    }
