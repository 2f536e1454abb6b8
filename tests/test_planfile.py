"""The plan file: its texts in the plan document, checked against the submission it serves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write
from tests.report_fixtures import AS_OF, make_workspace

Cli = Callable[..., Run]

PLAN = """
format: parcli/plan/1
agency: so-a
criteria: mini
date: 2026-02-09
basis: Thực hiện Quyết định số 237/QĐ-UBND, Sở ban hành Kế hoạch như sau.
purpose: [Nâng Chỉ số CCHC của Sở., Lấy sự hài lòng của người dân làm thước đo.]
requirements: [Đúng tiến độ.]
sections:
  - {id: "1", title: "Chỉ đạo, điều hành"}
  - {id: "2", title: Thủ tục hành chính}
  - id: "8"
    title: Tác động của CCHC
    text: [Đánh giá tác động của cải cách thủ tục hành chính.]
organisation:
  - Các phòng chủ trì thực hiện.
  - Văn phòng theo dõi, báo cáo.
closing: Trong quá trình thực hiện nếu có vướng mắc, phản ánh về Văn phòng./.
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path / "ws")
    write(root / "plans" / "so-a.yaml", PLAN)
    text = (root / "submissions" / "so-a.yaml").read_text(encoding="utf-8")
    moved = text.replace(
        '  - id: II.3.2\n    area: "2"\n', '  - id: II.3.2\n    area: "2"\n    section: "8"\n'
    )
    write(root / "submissions" / "so-a.yaml", moved)
    return root


def test_the_plan_document_has_the_plan_files_texts_and_its_sections(ws: Path, cli: Cli) -> None:
    result = cli("report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert "| Số:       /KH-SKHCN | *Bắc Ninh, ngày 09 tháng 02 năm 2026* |" in out
    assert "# KẾ HOẠCH\n\n**Cải thiện Chỉ số cải cách hành chính (PAR INDEX) của" in out
    headings = [line for line in out.splitlines() if line.startswith(("## ", "### "))]
    assert headings == [
        "## I. MỤC ĐÍCH, YÊU CẦU",
        "## II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN",
        "### 1. Chỉ đạo, điều hành",
        "### 2. Thủ tục hành chính",
        "### 8. Tác động của CCHC",
        "## III. TỔ CHỨC THỰC HIỆN",
    ]
    assert "Đánh giá tác động của cải cách thủ tục hành chính.\n\n| STT |" in out
    assert "| 1 | Khảo sát doanh nghiệp |  |  |" in out  # the task that names section 8
    assert "1\\. Các phòng chủ trì thực hiện." not in out
    assert "1. Các phòng chủ trì thực hiện.\n2. Văn phòng theo dõi, báo cáo." in out


def test_without_a_plan_file_the_sections_are_the_areas(tmp_path: Path, cli: Cli) -> None:
    ws = make_workspace(tmp_path)
    out = cli("report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "### 1. Chỉ đạo, điều hành" in out and "### 2. Thủ tục hành chính" in out
    assert "Văn phòng theo dõi, đôn đốc các phòng, đơn vị thực hiện Kế hoạch này" in out


def test_the_progress_report_follows_the_plans_own_sections(ws: Path, cli: Cli) -> None:
    out = cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws).stdout
    assert "| 8. Tác động của CCHC | 1 | 0 | — | 0 | 0 | 0 |" in out
    assert "### 8. Tác động của CCHC" in out


def test_a_plan_file_for_another_agency_or_set_is_refused_where_it_says_so(
    ws: Path, cli: Cli
) -> None:
    write(ws / "plans" / "so-a.yaml", PLAN.replace("agency: so-a", "agency: so-b")
          .replace("criteria: mini", 'criteria: "2026"'))  # fmt: skip
    result = cli("report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        "plans/so-a.yaml:2:9: error: agency: tệp kế hoạch ghi cơ quan so-b nhưng hồ sơ là của "
        "so-a; hãy sửa thành agency: so-a (bad-value)",
        "plans/so-a.yaml:3:11: error: criteria: tệp kế hoạch ghi bộ tiêu chí “2026” nhưng hồ sơ "
        'chấm theo bộ “mini”; hãy sửa thành criteria: "mini" (bad-value)',
    ]


def test_a_task_naming_a_section_the_plan_lacks_is_located_in_the_submission(
    ws: Path, cli: Cli
) -> None:
    write(ws / "plans" / "so-a.yaml", PLAN.replace('id: "8"', 'id: "9"'))
    result = cli("report", "progress", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1
    assert (
        "submissions/so-a.yaml:54:14: error: plan[4].section: nhiệm vụ II.3.2 thuộc mục “8” nhưng "
        "tệp kế hoạch không có mục này; hãy ghi section: một trong 1, 2, 9 (unknown-section)"
        in result.stderr
    )


def test_validate_checks_plan_files_and_their_section_ids(ws: Path, cli: Cli) -> None:
    write(ws / "plans" / "so-a.yaml", PLAN.replace('id: "8"', 'id: "1"'))
    result = cli("validate", cwd=ws)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "plans/so-a.yaml:11:9: error: sections[2].id: mục 1 đã có ở trên; mỗi mục của kế hoạch "
        "một mã riêng (duplicate-id)"
    ]
    write(ws / "plans" / "so-a.yaml", PLAN + "extra: 1\n")
    assert cli("validate", cwd=ws).stdout.endswith("(unknown-key)\n")


def test_a_broken_plan_file_stops_the_report(ws: Path, cli: Cli) -> None:
    write(ws / "plans" / "so-a.yaml", "format: parcli/plan/1\nagency: [\n")
    result = cli("report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert (
        result.code == 1
        and "plans/so-a.yaml:" in result.stderr
        and "(yaml-syntax)" in result.stderr
    )
    write(ws / "plans" / "so-a.yaml", "format: parcli/plan/1\nagency: so-a\n")
    result = cli("report", "plan", "submissions/so-a.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 1 and "(missing-key)" in result.stderr


def test_a_plan_document_without_plan_tasks_warns_as_the_progress_report_does(
    tmp_path: Path, cli: Cli
) -> None:
    ws = make_workspace(tmp_path)  # so-b has scores and no plan:
    result = cli("report", "plan", "submissions/so-b.yaml", "--as-of", AS_OF, cwd=ws)
    assert result.code == 0
    assert result.stderr.splitlines()[0] == (
        "submissions/so-b.yaml:1:1: warning: hồ sơ chưa có nhiệm vụ kế hoạch (plan:): văn bản "
        "kế hoạch chưa có nhiệm vụ nào ở Mục II; hãy ghi các nhiệm vụ của Kế hoạch cải thiện "
        "Chỉ số CCHC vào plan: (`parcli plan --draft` viết bản nháp) (plan-missing)"
    )
