"""A small workspace for the report tests: the mini criteria set, two agencies, settings."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MINI_CRITERIA, write

AS_OF = "2026-11-25"

# Sở A: appraised, plan tasks in every state, text that would break Markdown or turn into
# an Excel formula, a ratio item kept to 4 decimals, no survey results yet (provisional).
SO_A = """
format: parcli/submission/1
criteria: mini
agency: {id: so-a, name: Sở Khoa học và Công nghệ}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 34/KH-SKHCN, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}
    note: Ban hành đúng hạn
  "1.1.2":
    inputs: {done: 18, planned: 20}
    self: 1
    owner: Văn phòng
  "2.1":
    inputs: {on_time: 487, total: 500}
    self: 4.87
    note: "=SUM(A1) | 13 hồ sơ trễ hạn"
appraisal:
  round1:
    "1.1.1": {score: 0.5, note: Kế hoạch ban hành sau thời hạn}
  explanation:
    "1.1.1": {text: Kế hoạch ký ngày 20/01 trong hạn}
plan:
  - id: II.1.1
    area: "1"
    task: Ban hành Kế hoạch cải thiện Chỉ số CCHC năm 2026
    targets: ["1.1.1"]
    owner: Văn phòng
    due: 2026-02-28
    status: done
    done_on: 2026-03-05
  - id: II.1.2
    area: "1"
    task: Triển khai công tác xác định Chỉ số CCHC của Sở
    targets: ["1.1.2", "1.2"]
    owner: Văn phòng
    due: 2026-10-15
    status: in_progress
    note: Đang tổng hợp tài liệu kiểm chứng
  - id: II.1.3
    area: "1"
    task: Tập huấn CCHC cho công chức
    due: 2026-11-24
    status: not_started
  - id: II.3.1
    area: "2"
    task: "# Rà soát | quy trình TTHC nội bộ"
    owner: Bộ phận một cửa
    due: 2026-12-15
    status: not_started
  - id: II.3.2
    area: "2"
    task: Khảo sát doanh nghiệp
    status: cancelled
"""

# Văn phòng UBND tỉnh: no administrative procedures (area 2 not applicable), survey in.
SO_B = """
format: parcli/submission/1
criteria: mini
agency: {id: so-b, name: Văn phòng UBND tỉnh}
items:
  "1.1.1":
    self: 1
    level: Ban hành kịp thời
    evidence:
      - {ref: 12/KH-VP, date: 2026-01-15, title: Kế hoạch CCHC năm 2026}
  "1.1.2":
    inputs: {done: 20, planned: 20}
    self: 2
  "2.1":
    na: Văn phòng không giải quyết thủ tục hành chính
survey:
  "1.2": 1.8
"""

SETTINGS = """
format: parcli/settings/1
place: Bắc Ninh
parent: UBND TỈNH BẮC NINH
name: SỞ NỘI VỤ
symbol: BC-SNV
signer: {title: GIÁM ĐỐC, name: Nguyễn Văn Bình}
recipients:
  - UBND tỉnh (b/c);
  - "Lưu: VT, CCHC."
agencies:
  so-a:
    name: SỞ KHOA HỌC VÀ CÔNG NGHỆ
    symbol: /BC-SKHCN
    signer: {title: [KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC], name: Dương Đại Lâm}
    recipients:
      - Sở Nội vụ (b/c);
      - Lãnh đạo Sở;
      - "Lưu: VT, VP."
"""


def make_workspace(root: Path, *, settings: bool = True) -> Path:
    write(root / "criteria" / "mini.yaml", MINI_CRITERIA)
    write(root / "submissions" / "so-a.yaml", SO_A)
    write(root / "submissions" / "so-b.yaml", SO_B)
    if settings:
        write(root / "parcli.yaml", SETTINGS)
    return root
