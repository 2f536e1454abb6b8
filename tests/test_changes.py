"""`parcli diff` over real git histories: who changed each score, files added, renamed and
deleted, the working tree, and on the simulated year merges, class changes and totals that
reconcile line by line."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parcli.cli import main
from tests.conftest import MINI_CRITERIA, Run, write
from tests.gitrepo import SO_A, SO_B, History, commit, git, init_repo, small_history
from tests.simyear import Year

CLI = Callable[..., Run]
PROVISIONAL = "* tạm tính: chưa có kết quả điều tra xã hội học, chỉ tính phần tự đánh giá\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> History:
    return small_history(tmp_path_factory.mktemp("history") / "ho-so")


def test_diff_between_two_commits_names_who_changed_each_score(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.short(1), repo.short(4), cwd=repo.root)
    assert result.code == 0, result.stderr
    assert result.stdout == (
        f"Thay đổi điểm từ {repo.short(1)} đến {repo.short(4)}\n"
        "\n"
        "Sở A (so-a) — submissions/so-a.yaml\n"
        "  Điểm: 5.50 → 8.00 (+2.50); tối đa: 8.00 → 10.00 (+2.00)\n"
        "  Chỉ số: 68.75%* → 80.00% (+11.25); xếp loại: Yếu → Khá; hạng: 1 → 2;\n"
        "    trạng thái: tạm tính → chính thức\n"
        f"  Trần Thị Bình, 2026-03-05 ({repo.short(2)}):\n"
        "    1.1.2  tự chấm           0 → 1                  không tính: đã có vòng 1\n"
        f"  Phạm Thị Dung, 2026-05-20 ({repo.short(4)}):\n"
        "    1.1.2  thẩm định vòng 1  — → 1                  +1.00\n"
        "    1.2    điều tra XHH      — → 1.5                +1.50; tối đa +2.00\n"
        "           trạng thái        tạm tính → chính thức\n"
        "\n"
        "Sở B (so-b) — submissions/don-vi-b.yaml (tệp mới)\n"
        "  Điểm: — → 2.50; tối đa: — → 3.00\n"
        "  Chỉ số: — → 83.33%*; xếp loại: — → Khá; hạng: — → 1\n"
        f"  Trần Thị Bình, 2026-03-05 ({repo.short(2)}):\n"
        "    1.1.1  tự chấm           — → 1    không tính: đã có vòng 1\n"
        "    1.1.2  tự chấm           — → 2    +2.00; tối đa +2.00\n"
        "    2.1    không phát sinh   — → có\n"
        "                             lý do: Sở không có thủ tục hành chính\n"
        f"  Lê Văn Cường, 2026-04-10 ({repo.short(3)}):\n"
        "    1.1.1  thẩm định vòng 1  — → 0.5  +0.50; tối đa +1.00\n"
        "\n"
        "2 cơ quan có thay đổi điểm.\n" + PROVISIONAL
    )


def test_a_rename_is_one_agency_with_both_paths(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.short(2), repo.short(3), cwd=repo.root)
    assert result.stdout == (
        f"Thay đổi điểm từ {repo.short(2)} đến {repo.short(3)}\n"
        "\n"
        "Sở B (so-b) — submissions/so-b.yaml → submissions/don-vi-b.yaml (đổi tên)\n"
        "  Điểm: 3.00 → 2.50 (−0.50); tối đa: 3.00\n"
        "  Chỉ số: 100.00%* → 83.33%* (−16.67); xếp loại: Tốt → Khá\n"
        f"  Lê Văn Cường, 2026-04-10 ({repo.short(3)}):\n"
        "    1.1.1  thẩm định vòng 1  — → 0.5  −0.50\n"
        "\n"
        "1 cơ quan có thay đổi điểm.\n" + PROVISIONAL
    )


def test_a_deleted_file_loses_every_score_in_the_deleting_commit(repo: History, cli: CLI) -> None:
    result = cli("diff", repo.c[5], repo.c[6], cwd=repo.root)
    assert result.stdout.splitlines()[3:9] == [
        "Sở C (so-c) — submissions/so-c.yaml (đã xóa)",
        "  Điểm: 0.50 → —; tối đa: 8.00 → —",
        "  Chỉ số: 6.25%* → —; xếp loại: Yếu → —; hạng: 3 → —",
        f"  Trần Thị Bình, 2026-06-15 ({repo.short(6)}):",
        "    1.1.1  tự chấm        0.5 → —    −0.50; tối đa −1.00",
        "           mục chưa chấm  2 mục → —  tối đa −7.00",
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
        "  Điểm: 8.00 → 7.50 (−0.50); tối đa: 10.00\n"
        "  Chỉ số: 80.00% → 75.00% (−5.00); xếp loại: Khá → Yếu\n"
        "  Chưa commit (thư mục làm việc):\n"
        "    1.1.1  thẩm định vòng 2  — → 0.5  −0.50\n"
        "\n"
        "1 cơ quan có thay đổi điểm.\n"
    )


def test_one_revision_and_a_path_compare_that_revision_with_the_working_tree(
    repo: History, cli: CLI
) -> None:
    result = cli("diff", repo.short(1), "submissions/so-a.yaml", cwd=repo.root)
    lines = result.stdout.splitlines()
    assert lines[0] == f"Thay đổi điểm từ {repo.short(1)} đến thư mục làm việc"
    assert "Sở B" not in result.stdout
    assert lines[-6:-2] == [
        "           trạng thái        tạm tính → chính thức",
        "  Chưa commit (thư mục làm việc):",
        "    1.1.1  thẩm định vòng 2  — → 0.5                −0.50",
        "",
    ]


def test_a_path_from_a_subfolder_and_a_revision_where_the_file_did_not_exist(
    repo: History, cli: CLI
) -> None:
    result = cli("diff", repo.c[1], repo.c[2], "don-vi-b.yaml", cwd=repo.root / "submissions")
    assert result.stdout.endswith("\nKhông có thay đổi điểm.\n")  # not yet renamed at c2
    result = cli("diff", repo.c[1], repo.c[2], "so-b.yaml", cwd=repo.root / "submissions")
    assert result.stdout.splitlines()[3:5] == [
        "Sở B (so-b) — so-b.yaml (tệp mới)",
        "  Điểm: — → 3.00; tối đa: — → 3.00",
    ]


def test_diff_json_has_exact_decimals_and_full_commits(repo: History, cli: CLI) -> None:
    payload = json.loads(cli("diff", repo.c[2], repo.c[3], "-f", "json", cwd=repo.root).stdout)
    (found,) = payload["agencies"]
    assert {k: payload[k] for k in ("from", "to", "from_commit", "to_commit")} == {
        "from": repo.c[2],
        "to": repo.c[3],
        "from_commit": repo.c[2],
        "to_commit": repo.c[3],
    }
    assert {k: found[k] for k in ("id", "name", "status", "old_path", "new_path")} == {
        "id": "so-b",
        "name": "Sở B",
        "status": "renamed",
        "old_path": "submissions/so-b.yaml",
        "new_path": "submissions/don-vi-b.yaml",
    }
    assert found["after"] == {
        "points": "2.5",
        "max": "3",
        "index": "83.33333333333333333333333333",
        "provisional": True,
        "class": "Khá",
        "rank": 1,
        "bonus": "0",
        "penalty": "0",
    }
    assert found["changes"] == [
        {
            "item": "1.1.1",
            "field": "round1",
            "before": None,
            "after": "0.5",
            "points": "-0.5",
            "max": "0",
            "commit": {
                "sha": repo.c[3],
                "parents": [repo.c[2]],
                "author": "Lê Văn Cường",
                "email": "cuong@snv.gov.vn",
                "date": "2026-04-10T14:00:00+07:00",
                "committed": "2026-04-10T14:00:00+07:00",
                "subject": "Thẩm định vòng 1 Sở B",
            },
            "via": None,
            "uncommitted": False,
        },
        {
            "item": None,
            "field": "class",
            "before": "Tốt",
            "after": "Khá",
            "points": "0",
            "max": "0",
            "commit": None,
            "via": None,
            "uncommitted": False,
        },
    ]


def test_outside_a_git_repository_diff_is_a_usage_error(tmp_path: Path, cli: CLI) -> None:
    result = cli("diff", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr == (
        f"parcli: {tmp_path.resolve()} không nằm trong kho git; lệnh này đọc lịch sử các tệp "
        "từ git: hãy chạy trong thư mục của kho (git clone hoặc git init)\n"
    )


def test_an_unknown_revision_is_a_usage_error(repo: History, cli: CLI) -> None:
    result = cli("diff", "v9.9", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có phiên bản “v9.9” trong kho git; hãy dùng mã commit, tên nhánh, thẻ "
        "(ví dụ 2026/vong-1) hoặc dạng HEAD~1\n",
    )


def test_diff_of_a_path_in_neither_revision_is_a_usage_error(repo: History, cli: CLI) -> None:
    result = cli("diff", "HEAD~1", "submissions/so-x.yaml", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có submissions/so-x.yaml ở cả hai phiên bản; hãy kiểm tra đường dẫn\n",
    )


def na_withdrawn(tmp_path: Path) -> tuple[Path, str, str]:
    """Sở B's file, then a criteria change that no longer lets 2.1 be "not applicable" (Sở
    B's answer): the repository and its two commits."""
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-b.yaml", SO_B)
    first = commit(root, "Bộ tiêu chí và hồ sơ", who="an", date="2026-02-01T08:00:00+07:00")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA.replace("        na: allowed\n", ""))
    second = commit(root, "Sửa thang điểm", who="cuong", date="2026-02-02T08:00:00+07:00")
    return root, first, second


def test_a_new_criteria_set_that_refuses_an_unchanged_file_leaves_it_out_as_score_does(
    tmp_path: Path, cli: CLI
) -> None:
    # 2.1 may no longer be "not applicable": Sở B's file now has an error, and `score` at this
    # commit leaves it out; every line it loses is the criteria change's.
    root, first, second = na_withdrawn(tmp_path)
    result = cli("diff", first[:7], second[:7], cwd=root)
    assert result.stdout.splitlines()[2:13] == [
        'Sở B (so-b) — submissions/so-b.yaml (hồ sơ có lỗi, không chấm: items."2.1".na',
        "(na-not-allowed))",
        "  Điểm: 3.00 → —; tối đa: 3.00 → —",
        "  Chỉ số: 100.00%* → —; xếp loại: Tốt → —; hạng: 1 → —",
        f"  Lê Văn Cường, 2026-02-02 ({second[:7]}):",
        "    1.1.1  tự chấm          1 → —   −1.00; tối đa −1.00",
        "    1.1.2  tự chấm          2 → —   −2.00; tối đa −2.00",
        "    2.1    không phát sinh  có → —",
        "                            lý do cũ: Sở không có thủ tục hành chính",
        "",
        "1 cơ quan có thay đổi điểm.",
    ]
    found = agency(diff_json(cli, root, first, second), "so-b")
    assert (found["status"], found["after"]) == ("invalid", None)
    assert [e["code"] for e in found["errors"]] == ["na-not-allowed"]
    scored = cli("score", cwd=root)  # score at that commit leaves the file out as well
    assert scored.code == 1 and "(na-not-allowed)" in scored.stderr


def test_a_committed_file_nested_deep_enough_to_overflow_libyaml_is_skipped_not_fatal(
    tmp_path: Path, cli: CLI
) -> None:
    # Once such a file was committed, diff and history died with SIGSEGV on every run.
    root = init_repo(tmp_path / "ho-so")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-a.yaml", SO_A)
    commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")
    deep = root / "submissions" / "so-a.yaml"
    deep.write_text(SO_A + "note: " + "[" * 40000 + "\n", encoding="utf-8")
    commit(root, "Tệp hỏng", who="binh", date="2026-03-02T09:00:00+07:00")
    diff = cli("diff", "HEAD~1", "HEAD", cwd=root)
    assert diff.code == 0, diff.stderr
    assert "Sở A (so-a)" in diff.stdout
    history = cli("history", "submissions/so-a.yaml", cwd=root)
    assert history.code == 0, history.stderr
    assert "Trần Thị Bình" in history.stdout


@pytest.mark.slow
def test_a_chart_onto_a_folder_or_under_another_name_is_a_usage_error(
    repo: History, cli: CLI, tmp_path: Path
) -> None:
    result = cli("history", "submissions/so-a.yaml", "--chart", str(tmp_path), cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        f"parcli: không ghi được {tmp_path}: là thư mục, không phải tệp; hãy ghi tên một tệp\n",
    )
    result = cli("history", "submissions/so-a.yaml", "--chart", "x.yaml", cwd=repo.root)
    assert result.code == 2
    assert result.stderr.startswith("parcli: --chart x.yaml: tệp đuôi .yaml nhưng nội dung")


def test_odd_paths_given_to_diff_and_history_are_usage_errors(
    repo: History, cli: CLI, tmp_path: Path
) -> None:
    # A name too long or a link loop raised OSError or RuntimeError: exit 3.
    (repo.root / "loop.yaml").symlink_to("loop.yaml")
    try:
        for args in (("history", "x" * 300 + ".yaml"), ("history", "loop.yaml"),
                     ("diff", "HEAD", "x" * 300 + ".yaml")):  # fmt: skip
            result = cli(*args, cwd=repo.root)
            assert result.code == 2, (args, result.stderr)
            assert "Traceback" not in result.stderr and "lỗi nội bộ" not in result.stderr
    finally:
        (repo.root / "loop.yaml").unlink()


# ---------------------------------------------------------------- the simulated year


def diff_json(cli: CLI, year: Year | Path, *args: str) -> dict[str, Any]:
    result = cli("diff", *args, "-f", "json", cwd=year if isinstance(year, Path) else year.root)
    assert result.code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def agency(payload: dict[str, Any], agency_id: str) -> dict[str, Any]:
    (found,) = [a for a in payload["agencies"] if a["id"] == agency_id]
    return found


def change(found: dict[str, Any], item: str | None, field: str) -> dict[str, Any]:
    (one,) = [c for c in found["changes"] if c["item"] == item and c["field"] == field]
    return one


@pytest.mark.slow
def test_a_value_resolved_in_a_merge_is_credited_to_the_merge(cli: CLI, year: Year) -> None:
    payload = diff_json(cli, year, "2026/vong-2", "HEAD")
    resolved = change(agency(payload, "so-tu-phap"), "2.1.1", "round2")
    assert (resolved["before"], resolved["after"]) == ("1", "0.25")
    assert resolved["commit"]["sha"] == year["merge"]
    assert resolved["commit"]["author"] == "Lê Văn Cường"
    assert resolved["via"] is None


def test_a_value_taken_from_a_merged_branch_is_credited_to_its_author(cli: CLI, year: Year) -> None:
    payload = diff_json(cli, year, "2026/vong-2", "HEAD")
    from_branch = change(agency(payload, "so-khcn"), "2.1.1", "round2")
    assert from_branch["commit"]["sha"] == year["branch-2"]
    assert from_branch["commit"]["author"] == "Phạm Thị Dung"
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


def test_agency_chooses_by_the_id_inside_the_file(cli: CLI, year: Year) -> None:
    payload = diff_json(cli, year, year["init-so-nn-mt"], "HEAD", "--agency", "so-nn-mt")
    (found,) = payload["agencies"]
    assert (found["id"], found["status"]) == ("so-nn-mt", "renamed")
    result = cli("diff", "2026/vong-1", "HEAD", "--agency", "so-x", cwd=year.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có hồ sơ nào mang mã cơ quan so-x ở cả hai phiên bản; mã cơ quan là "
        "dòng agency.id trong hồ sơ\n",
    )


def test_a_class_threshold_change_shows_every_class_it_moves(cli: CLI, year: Year) -> None:
    result = cli("diff", f"{year['threshold']}~1", year["threshold"], cwd=year.root)
    assert "Không có thay đổi điểm" not in result.stdout
    payload = diff_json(cli, year, f"{year['threshold']}~1", year["threshold"])
    moved = {
        a["id"]: (c["before"], c["after"], c["commit"]["sha"])
        for a in payload["agencies"]
        for c in a["changes"]
        if c["field"] == "class"
    }
    assert moved == {
        "so-khcn": ("Khá", "Trung bình", year["threshold"]),
        "so-tai-chinh": ("Khá", "Trung bình", year["threshold"]),
        "so-y-te": ("Khá", "Trung bình", year["threshold"]),
    }


def test_phases_and_dates_name_the_revisions(cli: CLI, year: Year) -> None:
    by_phase = diff_json(cli, year, "tu-cham..vong-1")
    by_tag = diff_json(cli, year, "2026/tu-cham", "2026/vong-1")
    assert by_phase["agencies"] == by_tag["agencies"]
    # The day before the round 1 commit, to the end of its day: the same two revisions.
    by_date = diff_json(cli, year, "--since", "2026-11-01", "--until", "2026-11-10")
    assert (by_date["from_commit"], by_date["to_commit"]) == (year["threshold"], year["round1"])
    assert (
        by_date["agencies"] == diff_json(cli, year, year["threshold"], year["round1"])["agencies"]
    )


RANGES = [
    ("criteria", "2026/tu-cham"),
    ("2026/tu-cham", "2026/vong-1"),
    ("2026/vong-1", "2026/giai-trinh"),
    ("2026/giai-trinh", "2026/vong-2"),
    ("2026/vong-2", "2026/cong-bo"),
    ("area23-so-xay-dung", "xd-31"),
    ("survey-1", "survey-2"),
    ("threshold~1", "threshold"),
    ("2026/cong-bo", "criteria"),  # backwards: nothing in the range to credit
]


def revision(year: Year, name: str) -> str:
    base, tilde, back = name.partition("~")
    return (year.commits.get(base, base)) + tilde + back


@pytest.fixture(scope="module")
def scored(year: Year, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """`parcli score --format json` of a revision, exported apart from the repository."""
    cache: dict[str, dict[str, Any]] = {}

    def score(rev: str) -> dict[str, Any]:
        if rev not in cache:
            folder = tmp_path_factory.mktemp("export")
            archive = subprocess.run(
                ["git", "archive", rev], cwd=year.root, capture_output=True, check=True
            )
            subprocess.run(["tar", "-x"], cwd=folder, input=archive.stdout, check=True)
            if not (folder / "submissions").is_dir():
                cache[rev] = {}
                return cache[rev]
            out = io.StringIO()
            with contextlib.chdir(folder), contextlib.redirect_stdout(out):
                assert main(["score", "--format", "json"]) == 0
            groups = json.loads(out.getvalue())["groups"]
            cache[rev] = {a["id"]: a for group in groups for a in group["agencies"]}
        return cache[rev]

    return score


@pytest.mark.parametrize(("rev_a", "rev_b"), RANGES)
def test_every_change_that_moves_a_score_is_listed_and_the_totals_reconcile(
    cli: CLI, year: Year, scored: Callable[[str], dict[str, Any]], rev_a: str, rev_b: str
) -> None:
    a, b = revision(year, rev_a), revision(year, rev_b)
    payload = diff_json(cli, year, a, b)
    before, after = scored(a), scored(b)
    listed = {found["id"]: found for found in payload["agencies"]}
    for agency_id in before.keys() | after.keys():
        old, new = before.get(agency_id), after.get(agency_id)
        shown = ("points", "max", "class", "rank", "provisional")
        if agency_id not in listed:
            assert old is not None and new is not None, agency_id
            assert {k: old[k] for k in shown} == {k: new[k] for k in shown}, agency_id
            continue
        found = listed[agency_id]
        for side, scores in (("before", old), ("after", new)):
            record = found[side]
            assert (record is None) == (scores is None)
            if record is not None and scores is not None:
                assert {k: record[k] for k in shown} == {k: scores[k] for k in shown}
        points = sum((Decimal(c["points"]) for c in found["changes"]), Decimal(0))
        maximum = sum((Decimal(c["max"]) for c in found["changes"]), Decimal(0))
        total = [Decimal(s[k]) if s else Decimal(0) for s in (old, new) for k in ("points", "max")]
        assert (total[0] + points, total[1] + maximum) == (total[2], total[3]), agency_id
        for field in ("class", "rank", "provisional"):
            moved = old is None or new is None or old[field] != new[field]
            if field == "provisional" and (old is None or new is None):
                moved = False
            listed_fields = [c for c in found["changes"] if c["field"] == field and not c["item"]]
            assert bool(listed_fields) == moved, (agency_id, field)


@pytest.mark.parametrize(("rev_a", "rev_b"), RANGES)
def test_diff_text_fits_80_columns(cli: CLI, year: Year, rev_a: str, rev_b: str) -> None:
    result = cli("diff", revision(year, rev_a), revision(year, rev_b), cwd=year.root)
    assert result.code == 0
    assert [line for line in result.stdout.splitlines() if len(line) > 80] == []


def test_a_class_moved_by_points_is_not_credited_to_an_unrelated_threshold_change(
    tmp_path: Path, cli: CLI
) -> None:
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-b.yaml", SO_B)
    first = commit(root, "Hồ sơ Sở B", who="an", date="2026-02-01T08:00:00+07:00")
    # Tốt's threshold moves, but Sở B's class leaves Tốt for Yếu because of its points alone.
    criteria = root / "criteria" / "mini.yaml"
    write(criteria, MINI_CRITERIA.replace("{name: Tốt, min: 90}", "{name: Tốt, min: 95}"))
    commit(root, "Nâng ngưỡng Tốt", who="cuong", date="2026-02-02T08:00:00+07:00")
    b = root / "submissions" / "so-b.yaml"
    write(b, SO_B.replace("{done: 20, planned: 20}", "{done: 1, planned: 20}"))
    third = commit(root, "Sửa 1.1.2", who="binh", date="2026-02-03T08:00:00+07:00")
    result = cli("diff", first, third, "-f", "json", cwd=root)
    moved = change(agency(json.loads(result.stdout), "so-b"), None, "class")
    assert (moved["before"], moved["after"], moved["commit"]) == ("Tốt", "Yếu", None)
    text = cli("diff", first, third, cwd=root).stdout
    assert "ngưỡng xếp loại" not in text


def test_a_second_file_claiming_an_agency_credits_the_commits_of_the_file_diff_shows(
    tmp_path: Path, cli: CLI
) -> None:
    # Like `parcli score`, diff takes the first file in name order when two claim one agency;
    # who changed its values must be read along that same file, not along the other one.
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-a.yaml", SO_A)
    first = commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")
    copy = root / "submissions" / "ban-sao.yaml"
    write(copy, SO_A.replace("self: 1\n", "self: 0.5\n", 1))
    second = commit(root, "Bản sao", who="binh", date="2026-03-02T09:00:00+07:00")
    moved = change(agency(diff_json(cli, root, first, second), "so-a"), "1.1.1", "self")
    assert (moved["after"], moved["commit"]["sha"]) == ("0.5", second)
    copy.unlink()
    third = commit(root, "Xóa bản sao", who="cuong", date="2026-03-03T09:00:00+07:00")
    found = agency(diff_json(cli, root, second, third), "so-a")
    assert found["status"] == "renamed"
    assert change(found, "1.1.1", "self")["commit"]["sha"] == third
    write(copy, SO_A.replace("self: 1\n", "self: 0\n", 1))
    uncommitted = change(agency(diff_json(cli, root, third), "so-a"), "1.1.1", "self")
    assert (uncommitted["after"], uncommitted["uncommitted"]) == ("0", True)


def test_until_before_since_is_a_usage_error(repo: History, cli: CLI) -> None:
    result = cli("diff", "--since", "2026-05-01", "--until", "2026-04-01", cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: --until 2026-04-01 trước --since 2026-05-01; hãy đổi chỗ hai ngày\n",
    )


def test_an_agency_outside_the_paths_given_is_named_as_such(repo: History, cli: CLI) -> None:
    args = ("diff", repo.c[1], repo.c[4], "submissions/so-a.yaml", "--agency", "so-b")
    result = cli(*args, cwd=repo.root)
    assert (result.code, result.stderr) == (
        2,
        "parcli: hồ sơ mang mã cơ quan so-b không nằm trong submissions/so-a.yaml; hãy bỏ "
        "đường dẫn hoặc chỉ đúng tệp\n",
    )


def test_a_file_committed_unreadable_is_not_called_deleted(tmp_path: Path, cli: CLI) -> None:
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    a = root / "submissions" / "so-a.yaml"
    write(a, SO_A)
    first = commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")
    a.write_text(SO_A + "items: [chưa đóng\n", encoding="utf-8")
    broken = commit(root, "Gõ nhầm", who="binh", date="2026-03-02T09:00:00+07:00")
    found = agency(diff_json(cli, root, first, broken), "so-a")
    assert (found["status"], found["new_path"], found["after"]) == (
        "invalid",
        "submissions/so-a.yaml",
        None,
    )
    credited = {c["commit"]["sha"] for c in found["changes"] if c["field"] not in ("class", "rank")}
    assert credited == {broken}
    text = cli("diff", first, broken, cwd=root).stdout
    assert "Sở A (so-a) — submissions/so-a.yaml (không đọc được hồ sơ)\n" in text
    a.write_text(SO_A, encoding="utf-8")
    fixed = agency(diff_json(cli, root, broken), "so-a")
    assert (fixed["status"], fixed["old_path"], fixed["before"]) == (
        "modified",
        "submissions/so-a.yaml",
        None,
    )


def test_three_dots_compare_from_where_the_two_met(tmp_path: Path, cli: CLI) -> None:
    # A pull request's own changes: main moved on after the branch left it.
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-a.yaml", SO_A)
    write(root / "submissions" / "so-b.yaml", SO_B)
    base = commit(root, "Hai hồ sơ", who="an", date="2026-03-01T09:00:00+07:00")
    git(root, "checkout", "-q", "-b", "de-xuat")
    a = root / "submissions" / "so-a.yaml"
    a.write_text(SO_A.replace("self: 1\n", "self: 0.5\n", 1), encoding="utf-8")
    commit(root, "Đề xuất Sở A", who="binh", date="2026-03-02T09:00:00+07:00")
    git(root, "checkout", "-q", "main")
    write(root / "submissions" / "so-b.yaml", SO_B.replace("self: 1,", "self: 0,"))
    commit(root, "Sở B trên main", who="cuong", date="2026-03-03T09:00:00+07:00")
    payload = diff_json(cli, root, "main...de-xuat")
    assert payload["from_commit"] == base
    assert [found["id"] for found in payload["agencies"]] == ["so-a"]
    assert [found["id"] for found in diff_json(cli, root, "main..de-xuat")["agencies"]] == [
        "so-a",
        "so-b",
    ]


def test_a_criteria_set_given_as_a_path_stands_for_the_agencies_it_scores(
    tmp_path: Path, cli: CLI
) -> None:
    root, first, second = na_withdrawn(tmp_path)
    whole = diff_json(cli, root, first, second)["agencies"]
    for path in ("criteria/mini.yaml", "criteria"):
        assert diff_json(cli, root, first, second, path)["agencies"] == whole
    assert [found["id"] for found in whole] == ["so-b"]


def test_a_version_with_errors_is_not_scored_by_diff_or_history(tmp_path: Path, cli: CLI) -> None:
    # A score of 99 on a 1-point item was shown as an index of 8,110%; score leaves it out.
    root = init_repo(tmp_path / "kho")
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    a = root / "submissions" / "so-a.yaml"
    write(a, SO_A)
    first = commit(root, "Hồ sơ Sở A", who="an", date="2026-03-01T09:00:00+07:00")
    write(a, SO_A.replace("    self: 1\n", "    self: 99\n", 1))
    wrong = commit(root, "Gõ nhầm", who="binh", date="2026-03-02T09:00:00+07:00")
    found = agency(diff_json(cli, root, first, wrong), "so-a")
    assert (found["status"], found["after"]) == ("invalid", None)
    assert [(e["code"], e["path"]) for e in found["errors"]] == [
        ("score-out-of-range", 'items."1.1.1".self')
    ]
    assert {c["commit"]["sha"] for c in found["changes"] if c["commit"]} == {wrong}
    rows = json.loads(cli("history", "submissions/so-a.yaml", "-f", "json", cwd=root).stdout)
    last = rows["entries"][-1]
    assert (last["commit"]["sha"], last["points"], last["errors"][0]["code"]) == (
        wrong,
        None,
        "score-out-of-range",
    )
    text = cli("history", "submissions/so-a.yaml", cwd=root).stdout
    assert "8110" not in text and 'hồ sơ có lỗi, không chấm: items."1.1.1".self' in text
