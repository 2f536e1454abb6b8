"""The phases of a year as git tags, and revisions named by phase or by date.

Convention: the close of each phase is an annotated tag `<year>/<phase>`, in this order:
tu-cham (self-assessment closed), vong-1 (appraisal round 1), giai-trinh (explanations),
vong-2 (appraisal round 2), cong-bo (publication). `parcli diff tu-cham..vong-1` then reads
as it is said; a bare phase means the newest year that has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcli.check.library import Library
from parcli.errors import UsageError
from parcli.git.repo import Repo

PHASES = {
    "tu-cham": "Kết thúc tự đánh giá, chấm điểm",
    "vong-1": "Kết thúc thẩm định vòng 1",
    "giai-trinh": "Kết thúc giải trình",
    "vong-2": "Kết thúc thẩm định vòng 2",
    "cong-bo": "Công bố kết quả",
}


def tag_name(year: int, phase: str) -> str:
    return f"{year}/{phase}"


def default_year(root: Path, cwd: Path) -> int:
    """The year of the newest criteria set the workspace uses (its own, else the bundled)."""
    sets = Library(root=root, cwd=cwd).all_sets()
    if not sets:
        return dt.date.today().year
    return max(cs.period.end for cs in sets).year


def revision(repo: Repo, text: str) -> str | None:
    """The commit `text` names: anything git knows, else a phase of the newest year that has
    it, with git's suffixes (`tu-cham~1`, `vong-2^`)."""
    sha = repo.commit_id(text)
    phase, tilde, rest = text.partition("~") if "~" in text else text.partition("^")
    if sha is not None or phase not in PHASES:
        return sha
    tags = repo.tags()
    years = sorted((n for n in tags if n.endswith("/" + phase) and n[:4].isdigit()), reverse=True)
    return repo.commit_id(years[0] + tilde + rest) if years else None


def resolve(repo: Repo, text: str) -> str:
    sha = revision(repo, text)
    if sha is None:
        repo.resolve(text)  # says that it names nothing
    assert sha is not None
    return sha


def on_day(repo: Repo, end: str, day: dt.date, *, before: bool) -> str:
    """On `end`'s first-parent line, the newest commit dated (commit date, in its own time
    zone) before `day` (`before`), or on or before it."""
    for commit in repo.first_parents(end):
        date = commit.committed.date()
        if date < day or (not before and date == day):
            return commit.sha
    raise UsageError(
        f"không có commit nào {'trước' if before else 'đến hết'} ngày {day.isoformat()}; "
        "hãy chọn ngày muộn hơn"
    )


@dataclass(frozen=True)
class PhaseTag:
    phase: str
    name: str
    commit: str | None  # None: not tagged yet


def phase_tags(repo: Repo, year: int) -> list[PhaseTag]:
    tags = repo.tags()
    return [
        PhaseTag(phase, tag_name(year, phase), tags.get(tag_name(year, phase))) for phase in PHASES
    ]


def create_phase_tag(
    repo: Repo, phase: str, *, year: int, rev: str | None, message: str | None,
    specs: Sequence[str],
) -> tuple[str, str]:  # fmt: skip
    """Tag the close of `phase`: (tag name, commit). Refuses to move a tag, to tag uncommitted
    work, and to put the phases out of order."""
    if phase not in PHASES:
        raise UsageError(f"không có giai đoạn “{phase}”; các giai đoạn: {', '.join(PHASES)}")
    name = tag_name(year, phase)
    tags = phase_tags(repo, year)
    existing = next(t for t in tags if t.phase == phase)
    if existing.commit is not None:
        raise UsageError(
            f"thẻ {name} đã có (commit {existing.commit[:7]}); parcli không dời thẻ đã gắn: "
            "nếu thật cần gắn lại, hãy xóa thẻ bằng git tag -d rồi chạy lại"
        )
    sha = repo.resolve(rev or "HEAD")
    if rev is None:
        dirty = repo.dirty(specs)
        if dirty:
            shown = ", ".join(dirty[:5]) + (", …" if len(dirty) > 5 else "")
            raise UsageError(
                f"thư mục làm việc còn thay đổi chưa commit ({shown}); thẻ chỉ đánh dấu những gì "
                "đã commit: hãy commit (hoặc bỏ) các thay đổi rồi gắn thẻ"
            )
    order = list(PHASES)
    for tag in tags:
        if tag.commit is None or tag.phase == phase:
            continue
        earlier = order.index(tag.phase) < order.index(phase)
        if earlier and not repo.is_ancestor(tag.commit, sha):
            raise UsageError(
                f"{tag.name} (commit {tag.commit[:7]}) không nằm trước commit {sha[:7]}; "
                f"giai đoạn {phase} phải gắn sau {tag.phase}"
            )
        if not earlier and not repo.is_ancestor(sha, tag.commit):
            raise UsageError(
                f"{tag.name} (commit {tag.commit[:7]}) đã gắn trước commit {sha[:7]}; "
                f"giai đoạn {phase} phải gắn trước {tag.phase}"
            )
    repo.tag(name, sha, message or f"{PHASES[phase]} năm {year}")
    return name, sha
