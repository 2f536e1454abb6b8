"""`parcli history`: an agency's score at every commit that moved it. The agency id inside
the file decides which file is whose; history follows the first parent; every row is the
agency's own; the text fits 80 columns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI_CRITERIA, Run, write
from tests.gitrepo import SO_A, History, commit, init_repo, small_history
from tests.simyear import DEPARTMENTS, Year

CLI = Callable[..., Run]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> History:
    return small_history(tmp_path_factory.mktemp("history") / "ho-so")


def entries(cli: CLI, root: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("history", *args, "-f", "json", cwd=root)
    assert result.code == 0, result.stderr
    payload: list[dict[str, Any]] = json.loads(result.stdout)["entries"]
    return payload


def names(year: Year, rows: list[dict[str, Any]]) -> list[str | None]:
    by_sha = {sha: name for name, sha in year.commits.items()}
    return [by_sha[row["commit"]["sha"]] if row["commit"] else None for row in rows]


# ---------------------------------------------------------------- a small history


def test_history_follows_the_file_across_its_rename(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/don-vi-b.yaml", cwd=repo.root)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "Lịch sử điểm: Sở B (so-b) — submissions/don-vi-b.yaml\n"
        "\n"
        "Ngày        Commit   Điểm  Tối đa    Chỉ số  Xếp loại  Tác giả\n"
        f"2026-03-05  {repo.short(2)}  3.00    3.00  100.00%*  Tốt       Trần Thị Bình\n"
        "            Cập nhật 1.1.2; thêm Sở B\n"
        f"2026-04-10  {repo.short(3)}  2.50    3.00   83.33%*  Khá       Lê Văn Cường\n"
        "            Thẩm định vòng 1 Sở B (đổi tên: submissions/so-b.yaml →\n"
        "            submissions/don-vi-b.yaml)\n"
        "\n"
        "Chỉ số: █▁ (100.00%* → 83.33%*)\n"
        "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá\n"
    )


def test_history_ends_with_the_uncommitted_version(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/so-a.yaml", cwd=repo.root)
    assert result.stdout.splitlines()[2:] == [
        "Ngày        Commit   Điểm  Tối đa   Chỉ số  Xếp loại  Tác giả",
        f"2026-03-01  {repo.short(1)}  5.50    8.00  68.75%*  Yếu       Nguyễn Văn An",
        "            Hồ sơ Sở A",
        f"2026-03-05  {repo.short(2)}  6.50    8.00  81.25%*  Khá       Trần Thị Bình",
        "            Cập nhật 1.1.2; thêm Sở B",
        f"2026-05-20  {repo.short(4)}  8.00   10.00  80.00%   Khá       Phạm Thị Dung",
        "            Kết quả điều tra XHH",
        "—           —        7.50   10.00  75.00%   Yếu       (chưa commit)",
        "            thay đổi chưa commit",
        "",
        "Chỉ số: ▁█▇▄ (68.75%* → 75.00%)",
        "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá",
    ]


def test_history_of_a_deleted_file_shows_its_deletion(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/so-c.yaml", cwd=repo.root)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[3:7] == [
        f"2026-06-01  {repo.short(5)}  0.50    8.00  6.25%*  Yếu       Nguyễn Văn An",
        "            Thêm Sở C",
        f"2026-06-15  {repo.short(6)}     —       —      —   —         Trần Thị Bình",
        "            Xóa Sở C (nhập nhầm) (xóa tệp)",
    ]


@pytest.mark.slow
def test_history_json_and_chart(repo: History, cli: CLI, tmp_path: Path) -> None:
    chart = tmp_path / "chi-so.png"
    result = cli(
        "history", "submissions/so-a.yaml", "-f", "json", "--chart", str(chart), cwd=repo.root
    )
    payload = json.loads(result.stdout)
    assert payload["agency"] == {"id": "so-a", "name": "Sở A"}
    rows = payload["entries"]
    assert [e["commit"]["sha"] if e["commit"] else None for e in rows] == [
        repo.c[1],
        repo.c[2],
        repo.c[4],
        None,
    ]
    assert [e["event"] for e in rows] == ["added", "modified", "modified", "modified"]
    assert rows[-1] == {
        "commit": None,
        "event": "modified",
        "path": "submissions/so-a.yaml",
        "previous_path": None,
        "branch": False,
        "points": "7.5",
        "max": "10",
        "index": "75",
        "provisional": False,
        "class": "Yếu",
        "bonus": "0",
        "penalty": "0",
        "errors": [],
    }
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_outside_a_git_repository_history_is_a_usage_error(tmp_path: Path, cli: CLI) -> None:
    result = cli("history", "so-a.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "không nằm trong kho git" in result.stderr


def test_history_of_a_file_git_never_saw(repo: History, cli: CLI) -> None:
    result = cli("history", "submissions/so-x.yaml", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: submissions/so-x.yaml chưa từng có trong lịch sử git của kho; "
        "hãy kiểm tra đường dẫn\n",
    )


def test_history_of_a_file_that_is_no_submission(repo: History, cli: CLI) -> None:
    result = cli("history", "criteria/mini.yaml", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: criteria/mini.yaml không phải hồ sơ parcli đọc được ở phiên bản nào; lịch sử "
        "điểm theo mã cơ quan (agency.id) ghi trong hồ sơ\n",
    )


# ---------------------------------------------------------------- the simulated year


def test_a_new_file_that_looks_like_another_is_not_its_copy(cli: CLI, year: Year) -> None:
    rows = entries(cli, year.root, "submissions/so-khcn.yaml")
    assert names(year, rows)[:3] == ["init-so-khcn", "area1-so-khcn", "area23-so-khcn"]
    assert {row["path"] for row in rows} == {"submissions/so-khcn.yaml"}


def test_a_deleted_and_restored_file_shows_only_its_own_scores(cli: CLI, year: Year) -> None:
    rows = entries(cli, year.root, "submissions/so-y-te.yaml")
    assert names(year, rows)[:6] == [
        "init-so-y-te",
        "area1-so-y-te",
        "area23-so-y-te",
        "delete",
        "restore",
        "area4-so-y-te",
    ]
    deleted, restored = rows[3], rows[4]
    assert (deleted["event"], deleted["path"], deleted["points"]) == ("deleted", None, None)
    assert (restored["event"], restored["points"]) == ("added", rows[2]["points"])


def test_a_renamed_file_keeps_its_history_from_before_the_rename(cli: CLI, year: Year) -> None:
    rows = entries(cli, year.root, "submissions/so-nong-nghiep-moi-truong.yaml")
    assert names(year, rows)[:4] == ["init-so-nn-mt", "area1-so-nn-mt", "area23-so-nn-mt", "rename"]
    assert [row["path"] for row in rows[2:4]] == [
        "submissions/so-nn-mt.yaml",
        "submissions/so-nong-nghiep-moi-truong.yaml",
    ]
    assert (rows[3]["event"], rows[3]["previous_path"]) == ("renamed", "submissions/so-nn-mt.yaml")


def test_a_criteria_change_that_moves_the_class_is_a_row(cli: CLI, year: Year) -> None:
    rows = entries(cli, year.root, "submissions/so-y-te.yaml")
    (row,) = [r for r in rows if r["event"] == "criteria"]
    assert (row["commit"]["sha"], row["class"]) == (year["threshold"], "Trung bình")
    rows = entries(cli, year.root, "submissions/so-gd-dt.yaml")
    assert "threshold" not in names(year, rows)  # its class did not move


def test_history_follows_the_first_parent_and_shows_the_merge(cli: CLI, year: Year) -> None:
    rows = entries(cli, year.root, "submissions/so-tu-phap.yaml")
    shown = names(year, rows)
    assert shown[-4:] == ["main-1", "merge", "survey-1", "survey-2"]
    assert "branch-1" not in shown
    assert None not in shown  # a clean working tree has no uncommitted row
    merge = rows[shown.index("merge")]
    assert (merge["commit"]["author"], merge["points"]) == ("Lê Văn Cường", "14.05")


def test_all_parents_shows_each_branch_whole_not_zig_zagging_by_date(cli: CLI, year: Year) -> None:
    rows = entries(cli, year.root, "submissions/so-tu-phap.yaml", "--all-parents")
    shown = names(year, rows)
    # Dated 1, 2 and 4 December, the branch's commit is not put between main's two.
    assert shown[shown.index("round2") :] == [
        "round2",
        "main-1",
        "branch-1",
        "merge",
        "survey-1",
        "survey-2",
    ]
    assert [row["branch"] for row in rows[-5:]] == [False, True, False, False, False]
    text = cli("history", "submissions/so-tu-phap.yaml", "--all-parents", cwd=year.root).stdout
    assert "Phúc tra Sở Tư pháp (commit trên nhánh)" in text


@pytest.mark.slow
@pytest.mark.parametrize("agency", list(DEPARTMENTS))
def test_history_text_fits_80_columns(cli: CLI, year: Year, agency: str) -> None:
    items = ["1.1.1", "1.1.2", "2.1.1", "2.1.2", "3.1", "3.2", "4.1", "4.2"]
    for args in ([], ["--all-parents"], *(["--item", item] for item in items)):
        result = cli("history", year.file(agency), *args, cwd=year.root)
        assert result.code == 0, result.stderr
        assert [line for line in result.stdout.splitlines() if len(line) > 80] == []


# ---------------------------------------------------------------- one item


def item(cli: CLI, year: Year, agency: str, item_id: str) -> dict[str, Any]:
    result = cli("history", year.file(agency), "--item", item_id, "-f", "json", cwd=year.root)
    assert result.code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_an_item_history_is_a_blame_for_one_score(cli: CLI, year: Year) -> None:
    result = cli("history", year.file("so-tu-phap"), "--item", "2.1.1", cwd=year.root)
    assert result.stdout.splitlines()[:12] == [
        "Lịch sử mục 2.1.1 — Sở Tư pháp (so-tu-phap)",
        "Chất lượng tham mưu văn bản quy phạm pháp luật (tối đa 2 điểm)",
        "",
        f"2026-06-10  {year.short('area23-so-tu-phap')}  Đỗ Thị Hạnh — Tự chấm lĩnh vực 2, 3 — "
        "Sở Tư pháp",
        "  tự chấm: — → 1.75",
        "  ghi chú của đơn vị: — → Đã tham mưu đủ văn bản theo kế hoạch",
        "  điểm của mục: 0 → 1.75 (+1.75)",
        "",
        f"2026-11-10  {year.short('round1')}  Lê Văn Cường — Thẩm định vòng 1",
        "  thẩm định vòng 1: — → 1",
        "  nhận xét vòng 1: — → Thiếu ý kiến thẩm định của Sở Tư pháp",
        "  điểm của mục: 1.75 → 1 (−0.75)",
    ]
    assert result.stdout.splitlines()[-5:] == [
        f"2026-12-04  {year.short('merge')}  Lê Văn Cường — Merge branch 'phuc-tra'",
        "  điểm do người hợp nhất ghi (giải quyết xung đột)",
        "  thẩm định vòng 2: 0.75 → 0.25",
        "  nhận xét vòng 2: Chấp nhận một phần giải trình → Thống nhất sau phúc tra",
        "  điểm của mục: 0.75 → 0.25 (−0.50)",
    ]


def test_an_item_history_names_the_branch_commit_a_merge_brought_in(cli: CLI, year: Year) -> None:
    last = item(cli, year, "so-khcn", "2.1.1")["entries"][-1]
    assert (last["commit"]["sha"], last["source"]["sha"]) == (year["merge"], year["branch-2"])
    assert last["changes"][0] == {"field": "round2", "before": None, "after": "1.25"}


def test_evidence_added_and_removed_and_explanations_are_changes(cli: CLI, year: Year) -> None:
    entries = item(cli, year, "so-khcn", "1.1.1")["entries"]
    added = [e for e in entries if e["commit"]["sha"] == year["khcn-evidence"]]
    assert added[0]["changes"] == [
        {
            "field": "evidence",
            "before": None,
            "after": ["40/QĐ-KHCN, 2026-02-02: Quyết định giao nhiệm vụ CCHC"],
        }
    ]
    assert added[0]["points"] == {"before": "1", "after": "1"}
    explained = item(cli, year, "so-nn-mt", "1.1.1")["entries"]
    assert [c["field"] for e in explained for c in e["changes"]] == [
        "self",
        "level",
        "evidence",
        "round1",
        "round1_note",
        "explanation",
        "round2",
        "round2_note",
    ]


def test_an_item_the_criteria_set_does_not_have_is_a_usage_error(cli: CLI, year: Year) -> None:
    result = cli("history", year.file("so-y-te"), "--item", "9.9", cwd=year.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: mục 9.9 không có trong bộ tiêu chí của hồ sơ; các mục: 1.1.1, 1.1.2, 1.2, "
        "2.1.1, 2.1.2, 3.1, 3.2, 4.1, 4.2\n",
    )


# ---------------------------------------------------------------- odd histories


@pytest.fixture
def odd(tmp_path: Path) -> tuple[Path, list[str]]:
    """Sở A with a commit that broke its YAML, another file claiming the same agency, an
    evidence document removed, then an uncommitted change to 1.1.1 in the working tree."""
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    a = root / "submissions" / "so-a.yaml"
    write(a, SO_A)
    shas = [commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")]
    text = a.read_text(encoding="utf-8")
    a.write_text(text.replace("{inputs: {done: 15", "{inputs: {done: 15,"), encoding="utf-8")
    shas.append(commit(root, "Gõ nhầm", who="binh", date="2026-03-02T09:00:00+07:00"))
    a.write_text(text, encoding="utf-8")
    write(root / "submissions" / "ban-sao.yaml", SO_A)  # the same agency id, twice
    shas.append(commit(root, "Sửa lỗi; thêm bản sao", who="an", date="2026-03-03T09:00:00+07:00"))
    a.write_text(text.replace("      - {ref: 34/KH-SA", "      - {ref: 35/KH-SA"), encoding="utf-8")
    shas.append(commit(root, "Đổi tài liệu", who="an", date="2026-03-04T09:00:00+07:00"))
    a.write_text(a.read_text(encoding="utf-8").replace("self: 1\n", "self: 0.5\n", 1), "utf-8")
    return root, shas


def test_a_version_that_cannot_be_read_stays_the_agencys(
    odd: tuple[Path, list[str]], cli: CLI
) -> None:
    root, shas = odd
    rows = entries(cli, root, "submissions/so-a.yaml")
    found = [(r["commit"]["sha"] if r["commit"] else None, r["event"], r["points"]) for r in rows]
    assert found == [
        (shas[0], "added", "5.5"),
        (shas[1], "modified", None),
        (shas[2], "modified", "5.5"),
        (shas[3], "modified", "5.5"),
        (None, "modified", "5"),
    ]
    text = cli("history", "submissions/so-a.yaml", cwd=root).stdout
    assert "            Gõ nhầm (không đọc được hồ sơ)\n" in text
    assert "Chỉ số: █·██▁" in text


def test_an_item_history_shows_documents_removed_and_the_working_tree(
    odd: tuple[Path, list[str]], cli: CLI
) -> None:
    root, shas = odd
    text = cli("history", "submissions/so-a.yaml", "--item", "1.1.1", cwd=root).stdout
    assert text.splitlines()[-7:] == [
        f"2026-03-04  {shas[3][:7]}  Nguyễn Văn An — Đổi tài liệu",
        "  − tài liệu kiểm chứng: 34/KH-SA, 2026-01-20: Kế hoạch CCHC năm 2026",
        "  + tài liệu kiểm chứng: 35/KH-SA, 2026-01-20: Kế hoạch CCHC năm 2026",
        "",
        "Chưa commit (thư mục làm việc)",
        "  tự chấm: 1 → 0.5",
        "  điểm của mục: 1 → 0.5 (−0.50)",
    ]
    unchanged = cli("history", "submissions/so-a.yaml", "--item", "1.2", cwd=root).stdout
    assert unchanged.endswith("\nMục này chưa thay đổi trong lịch sử git.\n")


def test_all_parents_ends_with_the_working_tree(odd: tuple[Path, list[str]], cli: CLI) -> None:
    root, _ = odd
    rows = entries(cli, root, "submissions/so-a.yaml", "--all-parents")
    assert (rows[-1]["commit"], rows[-1]["points"]) == (None, "5")


def test_a_shallow_clone_does_not_credit_its_oldest_commit_with_every_value(
    repo: History, cli: CLI, tmp_path: Path
) -> None:
    # git shows a shallow clone's oldest commit as adding every file; it wrote none of it.
    import subprocess

    clone = tmp_path / "ban-sao-nong"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", repo.root.as_uri(), str(clone)], check=True
    )
    rows = entries(cli, clone, "submissions/so-a.yaml")
    assert [(r["commit"]["sha"], r["event"], r["points"]) for r in rows] == [
        (repo.c[4], "shallow", "8")
    ]
    text = cli("history", "submissions/so-a.yaml", cwd=clone)
    assert "            Kết quả điều tra XHH (bản sao nông: lịch sử trước đó không có ở đây)\n" in (
        text.stdout
    )
    assert text.stderr.startswith("parcli: kho git là bản sao nông (shallow clone)")
    item = cli("history", "submissions/so-a.yaml", "--item", "1.2", cwd=clone).stdout
    assert item.endswith("\nMục này chưa thay đổi trong lịch sử git.\n")
    deep = cli("history", "submissions/so-a.yaml", cwd=repo.root)
    assert "bản sao nông" not in deep.stdout + deep.stderr


def test_a_repository_with_no_commit_says_so(tmp_path: Path, cli: CLI) -> None:
    root = init_repo(tmp_path / "kho")
    write(root / "submissions" / "so-a.yaml", SO_A)
    expected = (
        "parcli: kho git chưa có commit nào, nên chưa có lịch sử để đọc; hãy commit các hồ sơ "
        "trước (git add, git commit)\n"
    )
    for args in (["history", "submissions/so-a.yaml"], ["history", "--all"], ["diff"]):
        result = cli(*args, cwd=root)
        assert (result.code, result.stderr) == (2, expected), args


def test_an_item_with_sub_criteria_or_typed_with_commas_says_which_to_give(
    repo: History, cli: CLI
) -> None:
    parent = cli("history", "submissions/so-a.yaml", "--item", "1.1", cwd=repo.root)
    assert (parent.code, parent.stderr) == (
        2,
        "parcli: 1.1 là lĩnh vực/tiêu chí có tiêu chí thành phần; hãy chọn một: 1.1.1, 1.1.2\n",
    )
    comma = cli("history", "submissions/so-a.yaml", "--item", "1,1,2", cwd=repo.root)
    assert (comma.code, comma.stderr) == (
        2,
        "parcli: mục “1,1,2” viết mã mục bằng dấu phẩy; mã mục dùng dấu chấm: hãy ghi 1.1.2\n",
    )


def test_options_history_cannot_honour_are_usage_errors(repo: History, cli: CLI) -> None:
    both = cli(
        "history", "submissions/so-a.yaml", "--item", "1.1.1", "--all-parents", cwd=repo.root
    )
    assert (both.code, both.stderr) == (
        2,
        "parcli: --item là mọi thay đổi của một mục trên nhánh chính: không đi cùng "
        "--all-parents, --chart\n",
    )
    folder = cli("history", "submissions", cwd=repo.root)
    assert (folder.code, folder.stderr) == (
        2,
        "parcli: submissions là thư mục; lịch sử điểm là của một hồ sơ: hãy chỉ một tệp, hoặc "
        "dùng parcli history --all cho mọi cơ quan\n",
    )


def test_a_commit_message_holding_control_characters_is_read_whole(
    tmp_path: Path, cli: CLI
) -> None:
    # git keeps any byte but NUL in a message, \x01 and \x1f too: they separate nothing.
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-a.yaml", SO_A)
    first = commit(root, "Hồ sơ\x01Sở A\x1fđầu tiên", who="an", date="2026-03-01T09:00:00+07:00")
    rows = entries(cli, root, "submissions/so-a.yaml")
    assert [(r["commit"]["sha"], r["commit"]["subject"]) for r in rows] == [
        (first, "Hồ sơ\x01Sở A\x1fđầu tiên")
    ]
    assert cli("diff", first, cwd=root).code == 0
