"""`parcli init`: a new submission with every self item of the criteria set, ready to fill in."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from parcli.loading import parse_text
from tests.conftest import MINI_CRITERIA, REPO, Run, write
from tests.helpers import bundled_2026

CLI = Callable[..., Run]

SCAFFOLD = textwrap.dedent(
    """\
    # yaml-language-server: $schema=../schemas/submission.schema.json
    # Hồ sơ tự đánh giá, chấm điểm Chỉ số cải cách hành chính — Sở Tư pháp
    # Bộ tiêu chí mini: Bộ tiêu chí thử
    #
    # Cách ghi: điểm tự chấm sau `self:` (để trống là chưa chấm, tính 0 điểm). Mục không
    # phát sinh (chỉ ở mục ghi “được tính không phát sinh”): thay `self:` bằng `na: <lý do>`.
    # Tài liệu kiểm chứng: dưới `evidence:`, mỗi tài liệu một dòng `- {ref: số ký hiệu,
    # date: năm-tháng-ngày, title: trích yếu}`. Mục điều tra xã hội học do tỉnh chấm, không
    # có ở đây. Kiểm tra hồ sơ: parcli validate

    format: parcli/submission/1
    criteria: "mini"
    agency:
      id: so-tu-phap
      name: Sở Tư pháp

    items:

      # ===== Lĩnh vực 1. Chỉ đạo, điều hành

      # --- 1.1 Kế hoạch CCHC

      # 1.1.1 Ban hành kế hoạch (tối đa 1 điểm)
      # Thang điểm: Kịp thời: 1; không kịp thời: 0,5; không ban hành: 0
      # Mức (ghi `level:`): Ban hành kịp thời | Ban hành không kịp thời | Không ban hành
      # Cần tài liệu kiểm chứng khi có điểm; đơn vị chủ trì: Văn phòng.
      "1.1.1":
        self:

      # 1.1.2 Mức độ hoàn thành kế hoạch (tối đa 2 điểm)
      # Thang điểm: Từ 100%: 2; từ 80% đến dưới 100%: 1; dưới 80%: 0
      # Số liệu (ghi `inputs: {done: <số>, planned: <số>}`)
      "1.1.2":
        self:

      # ===== Lĩnh vực 2. Thủ tục hành chính

      # 2.1 Hồ sơ giải quyết đúng hạn (tối đa 5 điểm)
      # Thang điểm: Tỷ lệ hồ sơ đúng hạn × 5
      # Số liệu (ghi `inputs: {on_time: <số>, total: <số>}`)
      # Được tính không phát sinh (`na: <lý do>`); đơn vị chủ trì: Bộ phận một cửa.
      "2.1":
        self:
    """
)


def test_init_writes_every_self_item_with_its_scale_as_comments(
    mini_workspace: Path, cli: CLI
) -> None:
    result = cli("init", "so-tu-phap", "--name", "Sở Tư pháp", cwd=mini_workspace)
    assert (result.code, result.stdout) == (0, "")
    # the schema line must point at a file: a workspace without schemas/ gets them too
    assert result.stderr == (
        "Đã ghi submissions/so-tu-phap.yaml\n"
        "Đã ghi schemas/criteria.schema.json\n"
        "Đã ghi schemas/submission.schema.json\n"
    )
    again = cli("init", "so-xd", "--name", "Sở Xây dựng", cwd=mini_workspace)
    assert again.stderr == "Đã ghi submissions/so-xd.yaml\n"  # existing schemas are left alone
    path = mini_workspace / "submissions" / "so-tu-phap.yaml"
    assert path.read_text(encoding="utf-8") == SCAFFOLD


def test_the_scaffold_validates_with_only_unscored_warnings(mini_workspace: Path, cli: CLI) -> None:
    cli("init", "so-tu-phap", "--name", "Sở Tư pháp", cwd=mini_workspace)
    result = cli("validate", cwd=mini_workspace)
    assert result.code == 0
    assert result.stdout == (
        "submissions/so-tu-phap.yaml:17:1: warning: items: 3 mục tự chấm chưa có điểm (tính 0 "
        "điểm): 1.1.1, 1.1.2, 2.1; hãy ghi `self:` hoặc `na:` (unscored)\n"
    )


def test_init_never_overwrites(mini_workspace: Path, cli: CLI) -> None:
    path = write(mini_workspace / "submissions" / "so-tu-phap.yaml", "# của tôi\n")
    result = cli("init", "so-tu-phap", "--name", "Sở Tư pháp", cwd=mini_workspace)
    assert (result.code, result.stderr) == (
        2,
        "parcli: submissions/so-tu-phap.yaml đã có; parcli init không ghi đè hồ sơ: hãy sửa tệp "
        "đó, hoặc xóa/đổi tên nó nếu muốn tạo lại từ đầu\n",
    )
    assert path.read_text(encoding="utf-8") == "# của tôi\n"


def test_an_agency_id_another_file_uses_is_refused(mini_workspace: Path, cli: CLI) -> None:
    cli("init", "so-tu-phap", "--name", "Sở Tư pháp", cwd=mini_workspace)
    (mini_workspace / "submissions" / "so-tu-phap.yaml").rename(
        mini_workspace / "submissions" / "stp.yaml"
    )
    result = cli("init", "so-tu-phap", "--name", "Sở Tư pháp", cwd=mini_workspace)
    assert (result.code, result.stderr) == (
        2,
        "parcli: mã cơ quan so-tu-phap đã dùng trong submissions/stp.yaml; mỗi cơ quan một tệp "
        "hồ sơ với mã riêng\n",
    )


def test_a_bad_agency_id_or_criteria_set_is_a_usage_error(mini_workspace: Path, cli: CLI) -> None:
    result = cli("init", "Sở-Tư-pháp", "--name", "Sở Tư pháp", cwd=mini_workspace)
    assert (result.code, result.stderr) == (
        2,
        "parcli: mã cơ quan “Sở-Tư-pháp” hoặc tên “Sở Tư pháp” không hợp lệ; mã viết thường, "
        "không dấu, nối bằng -, ví dụ so-tu-phap; tên không được để trống\n",
    )
    result = cli("init", "stp", "--name", "STP", "--criteria", "2019", cwd=mini_workspace)
    assert (result.code, result.stderr) == (
        2,
        "parcli: không có bộ tiêu chí “2019”; các bộ có sẵn: 2025, 2026, 2026-xa, mini\n",
    )


def test_the_newest_criteria_set_is_the_default(mini_workspace: Path, cli: CLI) -> None:
    write(
        mini_workspace / "criteria" / "mini-2027.yaml",
        MINI_CRITERIA.replace("id: mini", "id: mini-2027").replace("2026-", "2027-"),
    )
    cli("init", "stp", "--name", "STP", cwd=mini_workspace)
    text = (mini_workspace / "submissions" / "stp.yaml").read_text(encoding="utf-8")
    assert 'criteria: "mini-2027"' in text
    cli("init", "stp-2", "--name", "STP", "--criteria", "mini", cwd=mini_workspace)
    text = (mini_workspace / "submissions" / "stp-2.yaml").read_text(encoding="utf-8")
    assert 'criteria: "mini"' in text


def test_a_name_that_needs_quotes_gets_them_and_dry_run_writes_nothing(
    mini_workspace: Path, cli: CLI
) -> None:
    result = cli("init", "stp", "--name", "Sở Tư pháp: #1", "--dry-run", cwd=mini_workspace)
    assert result.code == 0
    assert result.stdout.startswith("--- /dev/null\n+++ b/submissions/stp.yaml\n@@ -0,0 +1,43 @@\n")
    assert '+  name: "Sở Tư pháp: #1"\n' in result.stdout
    assert not (mini_workspace / "submissions" / "stp.yaml").exists()


def test_the_bundled_2026_set_scaffolds_all_its_self_items(tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "submissions").mkdir()
    result = cli(
        "init", "so-khcn", "--name", "Sở Khoa học và Công nghệ", "--criteria", "2026", cwd=tmp_path
    )
    assert result.code == 0
    text = (tmp_path / "submissions" / "so-khcn.yaml").read_text(encoding="utf-8")
    doc, problems = parse_text(text, file="t", path=Path("t"))
    assert doc is not None, problems
    cs = bundled_2026()
    assert list(doc.data["items"]) == [leaf.id for leaf in cs.leaves if leaf.method == "self"]
    assert all(entry == {"self": None} for entry in doc.data["items"].values())
    assert cli("validate", cwd=tmp_path).code == 0
    assert REPO.joinpath("schemas", "submission.schema.json").is_file()


def test_a_name_cannot_break_out_of_its_comment_into_a_key(mini_workspace: Path, cli: CLI) -> None:
    # "--name $'Sở A\nbonus: [...]'" wrote a real `bonus:` key under the header comment.
    for name in ("Sở A\nbonus: [{points: 1, reason: x}]", "Sở A\rx", "Sở\x1b[2J A"):
        result = cli("init", "so-a", "--name", name, cwd=mini_workspace)
        assert result.code == 2
        assert result.stderr.startswith("parcli: --name có ký tự ")
    assert list((mini_workspace / "submissions").iterdir()) == []


def test_an_agency_id_too_long_for_a_file_name_is_a_usage_error(
    mini_workspace: Path, cli: CLI
) -> None:
    result = cli("init", "so-" + "a" * 300, "--name", "Sở A", cwd=mini_workspace)
    assert result.code == 2
    assert "tên tệp hoặc đường dẫn quá dài" in result.stderr


def test_a_year_with_a_set_per_group_asks_which_one(tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "submissions").mkdir()
    result = cli("init", "xa-moi", "--name", "UBND xã Mới", cwd=tmp_path)
    assert (result.code, result.stderr) == (
        2,
        "parcli: có 2 bộ tiêu chí cùng năm 2026: 2026-xa (UBND các xã, phường); 2026 (Các sở, "
        "ban, ngành); hãy chọn một bằng --criteria, ví dụ --criteria 2026-xa\n",
    )
    assert (
        cli("init", "xa-moi", "--name", "UBND xã Mới", "--criteria", "2026-xa", cwd=tmp_path).code
        == 0
    )
