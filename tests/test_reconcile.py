"""`parcli diff` against `parcli score`, property style: on a history built to be awkward
(copies of one file, two files swapping names, a rename with an edit, an agency id that
changes, invalid YAML in the middle, a second file claiming an agency, delete and re-add,
merges resolved to a third value, to one side, and an octopus, a cherry-pick, identical
timestamps, an empty commit, criteria changes that move classes and points, `na`, bonus,
penalty, survey results), for many random pairs of revisions: diff's totals are those of
score at each revision, its lines reconcile them, and every agency whose score moved is
listed; in a range along the first-parent line, every value is credited to a commit."""

from __future__ import annotations

import contextlib
import io
import json
import random
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parcli.cli import main
from tests.conftest import MINI_CRITERIA, Run, write
from tests.gitrepo import SO_A, SO_B, SO_C, commit, git, git_env, init_repo

CLI = Callable[..., Run]
SHOWN = ("points", "max", "index", "class", "rank", "provisional", "bonus", "penalty")
NUMBERS = {"points", "max", "index", "bonus", "penalty"}


def _swap(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _merge(root: Path, *branches: str, who: str, date: str, resolve: str | None = None) -> None:
    done = subprocess.run(
        ["git", "merge", "-q", "--no-ff", "-m", "Hợp nhất " + ", ".join(branches), *branches],
        cwd=root,
        capture_output=True,
        env=git_env(who, date),
        check=False,
    )
    if done.returncode != 0:
        assert resolve is not None, done.stderr
        git(root, "checkout", resolve, "--", ".", who=who, date=date)
        git(root, "add", "-A", who=who, date=date)
        git(root, "commit", "-q", "--no-edit", who=who, date=date)


def build(root: Path) -> Path:
    """Files copied, swapped, renamed, re-identified, broken and duplicated; then merges."""
    init_repo(root)
    s = root / "submissions"
    dates = iter(f"2026-{m:02d}-{d:02d}T09:00:00+07:00" for m in (3, 4, 5) for d in range(1, 29))

    def at() -> str:
        return next(dates)

    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(s / "so-a.yaml", SO_A)
    write(s / "so-b.yaml", SO_B)
    commit(root, "Hai hồ sơ", who="an", date=at())
    write(s / "so-c.yaml", SO_A.replace("id: so-a, name: Sở A", "id: so-c, name: Sở C"))
    commit(root, "Sở C chép từ Sở A", who="cuong", date=at())
    a, b = (s / "so-a.yaml").read_text("utf-8"), (s / "so-b.yaml").read_text("utf-8")
    write(s / "so-a.yaml", b)
    write(s / "so-b.yaml", a)
    commit(root, "Đổi chỗ hai tệp", who="binh", date=at())
    git(root, "mv", "submissions/so-c.yaml", "submissions/sở c mới.yaml")
    _swap(s / "sở c mới.yaml", "{done: 15, planned: 20}, self: 0", "{done: 20, planned: 20}")
    commit(root, "Đổi tên và sửa", who="cuong", date=at())
    _swap(s / "sở c mới.yaml", "id: so-c,", "id: so-c2,")
    commit(root, "Đổi mã cơ quan", who="cuong", date=at())
    good = (s / "so-b.yaml").read_text("utf-8")  # Sở A's file since the swap
    write(s / "so-b.yaml", good + "items: [chưa đóng\n")
    same = at()
    commit(root, "Gõ nhầm", who="an", date=same)
    write(s / "so-b.yaml", good.replace("self: 1\n", "self: 0.5\n", 1))
    commit(root, "Sửa lỗi gõ", who="an", date=same)
    git(root, "commit", "-q", "--allow-empty", "-m", "Rỗng", who="dung", date=at())
    write(s / "ban-sao.yaml", good)
    commit(root, "Bản sao của Sở A", who="binh", date=at())
    (s / "ban-sao.yaml").unlink()
    commit(root, "Xóa bản sao", who="binh", date=at())
    _merges_and_criteria(root, at, good)
    return root


def _merges_and_criteria(root: Path, at: Callable[[], str], good: str) -> None:
    """Branches merged three ways, a cherry-pick, criteria changes, delete and re-add."""
    s = root / "submissions"
    git(root, "checkout", "-q", "-b", "phuc-tra")
    _swap(s / "so-a.yaml", '"1.1.1": {self: 1,', '"1.1.1": {self: 0.5,')
    commit(root, "Phúc tra Sở B", who="dung", date=at())
    git(root, "checkout", "-q", "main")
    _swap(s / "so-a.yaml", '"1.1.1": {self: 1,', '"1.1.1": {self: 0,')
    commit(root, "Sửa Sở B", who="giang", date=at())
    _merge(root, "phuc-tra", who="cuong", date=at(), resolve="phuc-tra")  # theirs
    for branch, path, old, new in (
        ("o1", "so-a.yaml", "{done: 20, planned: 20}", "{done: 10, planned: 20}"),
        ("o2", "sở c mới.yaml", "self: 1\n", "self: 0.5\n"),
    ):
        git(root, "checkout", "-q", "-b", branch, "main")
        _swap(s / path, old, new)
        commit(root, f"Nhánh {branch}", who="hanh", date=at())
    git(root, "checkout", "-q", "main")
    _merge(root, "o1", "o2", who="cuong", date=at())
    git(root, "checkout", "-q", "-b", "chon", "main")
    with (s / "so-b.yaml").open("a", encoding="utf-8") as out:
        out.write("bonus:\n  - {points: 0.5, reason: Sáng kiến}\n")
    commit(root, "Điểm thưởng", who="khoa", date=at())
    git(root, "checkout", "-q", "main")
    git(root, "cherry-pick", "chon", who="cuong", date=at())
    criteria = root / "criteria" / "mini.yaml"
    _swap(criteria, "{name: Khá, min: 80}", "{name: Khá, min: 70}")
    commit(root, "Hạ ngưỡng Khá", who="dung", date=at())
    # Files that do not change move: 1.1.2's bands (score leaves out files with errors, so
    # the criteria change keeps every file valid).
    _swap(criteria, "{min: 80, points: 1}", "{min: 50, points: 1}")
    commit(root, "Nới thang điểm 1.1.2", who="dung", date=at())
    write(criteria, MINI_CRITERIA)
    commit(root, "Trả lại thang điểm, ngưỡng Khá", who="dung", date=at())
    (s / "so-b.yaml").unlink()  # Sở A's file
    commit(root, "Xóa nhầm Sở A", who="an", date=at())
    write(s / "so-a-khoi-phuc.yaml", good)
    # Another agency where Sở C's first file was (valid: score leaves out files with errors).
    evidence = '"1.1.1": {self: 0.5, evidence: [{title: Kế hoạch, ref: 2/KH-SC}]}'
    write(s / "so-c.yaml", SO_C.replace('"1.1.1": {self: 0.5}', evidence))
    commit(root, "Khôi phục Sở A; thêm Sở C khác", who="an", date=at())
    with (s / "so-a.yaml").open("a", encoding="utf-8") as out:  # Sở B's file since the swap
        out.write('penalty:\n  - {points: 1, reason: Chậm báo cáo}\nsurvey:\n  "1.2": 1.5\n')
    commit(root, "Điểm trừ và điều tra Sở B", who="cuong", date=at())
    _swap(
        s / "so-a.yaml",
        '"2.1": {na: Sở không có thủ tục hành chính}',
        '"2.1": {inputs: {on_time: 9, total: 10}}',
    )
    commit(root, "Sở B có TTHC", who="binh", date=at())


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("doi-chieu") / "kho")


def _score(root: Path, rev: str, into: Path) -> dict[str, dict[str, Any]]:
    archive = subprocess.run(["git", "archive", rev], cwd=root, capture_output=True, check=True)
    subprocess.run(["tar", "-x"], cwd=into, input=archive.stdout, check=True)
    if not (into / "submissions").is_dir():
        return {}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(into), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["score", "--format", "json", "--no-cache", "--jobs", "1"])
    if not out.getvalue().strip():
        return {}
    groups = json.loads(out.getvalue())["groups"]
    return {a["id"]: a for group in groups for a in group["agencies"]}


def _same(record: dict[str, Any], scores: dict[str, Any]) -> bool:
    return all(
        Decimal(str(record[k])) == Decimal(str(scores[k]))
        if k in NUMBERS
        else record[k] == scores[k]
        for k in SHOWN
    )


@pytest.mark.slow
def test_diff_reconciles_with_score_for_random_pairs_of_revisions(
    history: Path, cli: CLI, tmp_path_factory: pytest.TempPathFactory
) -> None:
    revs = git(history, "rev-list", "--all").split()
    scores: dict[str, dict[str, dict[str, Any]]] = {}
    rnd = random.Random(20261130)
    for _ in range(60):
        a, b = rnd.choice(revs), rnd.choice(revs)
        for rev in (a, b):
            if rev not in scores:
                scores[rev] = _score(history, rev, tmp_path_factory.mktemp("xuat"))
        result = cli("diff", a, b, "--format", "json", cwd=history)
        assert result.code == 0, result.stderr
        listed = {x["id"]: x for x in json.loads(result.stdout)["agencies"]}
        linear = a in git(history, "rev-list", "--first-parent", b).split()
        for agency in scores[a].keys() | scores[b].keys() | listed.keys():
            old, new = scores[a].get(agency), scores[b].get(agency)
            where = (a[:7], b[:7], agency)
            if agency not in listed:
                assert old is not None and new is not None and _same(old, new), where
                continue
            found = listed[agency]
            for record, scored in ((found["before"], old), (found["after"], new)):
                assert (record is None) == (scored is None), where
                assert record is None or scored is None or _same(record, scored), where
            for total in ("points", "max"):
                moved = sum((Decimal(c[total]) for c in found["changes"]), Decimal(0))
                start, end = (Decimal(s[total]) if s else Decimal(0) for s in (old, new))
                assert start + moved == end, (*where, total)
            if linear:
                uncredited = [
                    (c["item"], c["field"])
                    for c in found["changes"]
                    if c["commit"] is None and c["field"] not in ("class", "rank")
                ]
                assert uncredited == [], where
