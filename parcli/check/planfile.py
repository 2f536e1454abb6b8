"""The plan file (`plans/<agency id>.yaml`): read, shaped, and matched with its submission."""

from __future__ import annotations

from pathlib import Path

from parcli.check.located import Located
from parcli.check.shape import parse_model
from parcli.loading import Document, read_document
from parcli.models import CriteriaSet, PlanFile, Submission
from parcli.problems import Problem
from parcli.workspace import display_name

PLANS = "plans"


def plan_file_path(root: Path, agency_id: str) -> Path:
    """Where a department keeps its plan's texts: `plans/<agency id>.yaml` in the workspace."""
    return root / PLANS / f"{agency_id}.yaml"


def check_plan_document(doc: Document) -> tuple[PlanFile | None, list[Problem]]:
    """A plan file on its own: its shape, and section ids used once."""
    plan, problems = parse_model(doc, PlanFile)
    if plan is None:
        return None, problems
    found = Located(doc)
    seen: set[str] = set()
    for i, section in enumerate(plan.sections):
        if section.id in seen:
            found.add(("sections", i, "id"), "duplicate-id",
                      f"mục {section.id} đã có ở trên; mỗi mục của kế hoạch một mã riêng")  # fmt: skip
        seen.add(section.id)
    return plan, problems + found.out


def read_plan_file(
    path: Path, *, cwd: Path, sub: Submission, cs: CriteriaSet
) -> tuple[PlanFile | None, list[Problem]]:
    """The plan file of `sub`, when there is one, checked against the submission it serves."""
    if not path.is_file():
        return None, []
    doc, problems = read_document(path, file=display_name(path, cwd))
    if doc is None:
        return None, problems
    plan, problems = check_plan_document(doc)
    if plan is None:
        return None, problems
    found = Located(doc)
    if plan.agency != sub.agency.id:
        found.add(("agency",), "bad-value",
                  f"tệp kế hoạch ghi cơ quan {plan.agency} nhưng hồ sơ là của {sub.agency.id}; "
                  f"hãy sửa thành agency: {sub.agency.id}")  # fmt: skip
    if plan.criteria != cs.id:
        found.add(("criteria",), "bad-value",
                  f"tệp kế hoạch ghi bộ tiêu chí “{plan.criteria}” nhưng hồ sơ chấm theo bộ "
                  f"“{cs.id}”; hãy sửa thành criteria: \"{cs.id}\"")  # fmt: skip
    return plan, problems + found.out


def check_sections(path: Path, sub: Submission, plan: PlanFile, *, cwd: Path) -> list[Problem]:
    """Every task's section (else its area) is one the plan file declares."""
    known = {section.id for section in plan.sections}
    if not known:
        return []
    wrong = [i for i, t in enumerate(sub.plan) if (t.section or t.area) not in known]
    if not wrong:
        return []
    doc, problems = read_document(path, file=display_name(path, cwd))
    if doc is None:
        return problems
    found = Located(doc)
    listed = ", ".join(section.id for section in plan.sections)
    for i in wrong:
        task = sub.plan[i]
        key = "section" if task.section else "area"
        found.add(("plan", i, key), "unknown-section",
                  f"nhiệm vụ {task.id} thuộc mục “{task.section or task.area}” nhưng tệp kế hoạch "
                  f"không có mục này; hãy ghi section: một trong {listed}")  # fmt: skip
    return found.out
