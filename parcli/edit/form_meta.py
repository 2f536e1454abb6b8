"""The sheets around the forms: the very hidden version sheet (the set's id and fingerprint,
the mode, every item's exported values, the levels' lists) and the instructions."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from parcli.edit.forms import FORMAT, META_SHEET, Base, Mode, encode_base, fingerprint
from parcli.models import CriteriaSet, Submission
from parcli.report.form_writer import FormWriter
from parcli.report.workbook import Num

LINE_HEIGHT = 16  # points per line of 12-point text


@dataclass
class Meta:
    """What the hidden sheet will hold; `levels` are the ranges of each levels rule's labels
    and points there (known before the sheet is written: the forms' checks name them)."""

    writer: FormWriter
    cs: CriteriaSet
    mode: Mode
    owner: str | None
    records: list[tuple[str, str, str, str]] = field(default_factory=list)
    levels: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        row = 2
        for leaf in self.cs.leaves:
            rule = leaf.rule
            if rule is not None and leaf.rule_kind == "levels" and rule.levels:
                last = row + len(rule.levels) - 1
                self.levels[leaf.id] = (
                    f"'{META_SHEET}'!$F${row}:$F${last}",
                    f"'{META_SHEET}'!$G${row}:$G${last}",
                )
                row = last + 1

    def record(self, name: str, sub: Submission, items: list[tuple[str, Base]]) -> None:
        """The items of the form sheet the defined name `name` spans, as exported."""
        self.records.extend((name, sub.agency.id, item, encode_base(base)) for item, base in items)

    def write(self) -> None:
        w = self.writer
        ws = w.sheet(META_SHEET)
        ws.sheet_state = "veryHidden"  # not listed by Excel's Unhide: not for people
        version = (
            ("format", FORMAT),
            ("criteria", self.cs.id),
            ("fingerprint", fingerprint(self.cs)),
            ("mode", self.mode),
            ("owner", self.owner or ""),
        )
        for row, (key, value) in enumerate(version, 1):
            w.put(ws, row, 1, key)
            w.put(ws, row, 2, value)
        for col, name in enumerate(("name", "agency", "item", "base"), 1):
            w.put(ws, 7, col, name)
        for row, values in enumerate(self.records, 8):
            for col, value in enumerate(values, 1):
                w.put(ws, row, col, value)
        for col, name in enumerate(("item", "label", "points"), 5):
            w.put(ws, 1, col, name)
        row = 2
        for leaf in self.cs.leaves:
            if leaf.id in self.levels and leaf.rule is not None:
                for level in leaf.rule.levels or []:
                    w.put(ws, row, 5, leaf.id)
                    w.put(ws, row, 6, level.label)
                    w.put(ws, row, 7, Num(level.points, self.cs.places(leaf)))
                    row += 1


INSTRUCTIONS = {
    "self": (
        "Mỗi mục được chấm điểm là một dòng; dòng nền xám là lĩnh vực, tiêu chí. Chỉ điền vào các ô nền vàng; các ô khác được khóa để tránh sửa nhầm (khóa không có mật khẩu).",
        "Cột “Mức / Trả lời”: mục chấm theo mức thì chọn mức trong danh sách; mục có câu hỏi thì chọn có hoặc không (câu hỏi hiện ra khi bấm vào ô).",
        "Cột “Giá trị 1”, “Giá trị 2”: số liệu mà thang điểm cần, tên ở cột “Số liệu 1”, “Số liệu 2” (ví dụ số nhiệm vụ hoàn thành, số nhiệm vụ theo kế hoạch).",
        "Cột “Điểm tự chấm”: có thể để trống khi đã chọn mức hoặc ghi số liệu, cột “Điểm theo thang” tự tính. Nếu ghi, điểm không được cao hơn điểm theo thang; Excel không nhận điểm vượt điểm tối đa hoặc không đúng mức, đúng bước của thang điểm.",
        "Cột “Không phát sinh (lý do)” (chỉ ở mục được phép): ghi lý do nhiệm vụ không phát sinh trong năm và để trống các cột điểm; mục được giảm trừ khỏi điểm tối đa.",
        "Tài liệu kiểm chứng: Số ký hiệu (ví dụ 34/KH-SKHCN), Ngày ban hành (ngày/tháng/năm, ví dụ 20/01/2026), Trích yếu (bắt buộc), Cơ quan ban hành, Tệp, Đường dẫn, Trang, mục. Mỗi tài liệu một dòng: tài liệu thứ hai trở đi, chèn một dòng ngay dưới dòng của mục (bấm chuột phải vào số dòng → Insert/Chèn) và chỉ ghi vào các cột tài liệu; dòng không có STT thuộc về mục ở trên nó.",
        "Cột “Điểm đạt”, các dòng tổng cộng, chỉ số và xếp loại tự tính lại khi điền.",
    ),
    "appraisal": (
        "Mỗi mục được chấm điểm là một dòng; dòng nền xám là lĩnh vực, tiêu chí. Điểm tự chấm, căn cứ, tài liệu kiểm chứng và giải trình của đơn vị chỉ để xem; chỉ điền vào các ô nền vàng (khóa không có mật khẩu).",
        "Cột “Điểm thẩm định”: điểm của Hội đồng thẩm định cho mục đó; để trống nếu không có quyết định (điểm tự chấm giữ nguyên). Excel không nhận điểm vượt điểm tối đa hoặc không đúng bước của thang điểm.",
        "Cột “Nhận xét thẩm định”: lý do, căn cứ của điểm thẩm định.",
        "Cột “Điểm đạt”, các dòng tổng cộng, chỉ số và xếp loại tự tính lại khi điền.",
    ),
}
COMMON = (
    "Không xóa dòng, không sắp xếp lại các dòng, không đổi tên cột. Được đổi tên trang, thêm cột hoặc trang ghi chú riêng: parcli bỏ qua chúng.",
    "Lưu lại dạng Excel (.xlsx) và gửi lại. Văn phòng Sở nhập vào hồ sơ bằng lệnh: parcli form import <tệp>.xlsx — mọi lỗi được báo kèm trang và ô (ví dụ 'Tự đánh giá'!K12); không lỗi thì hồ sơ được cập nhật, chỉ các dòng có thay đổi.",
    "Biểu mẫu gắn với đúng phiên bản bộ tiêu chí khi xuất; nếu bộ tiêu chí thay đổi, biểu mẫu cũ không nhập được: hãy xuất biểu mẫu mới.",
)


def write_instructions(
    writer: FormWriter, ws: Any, *, mode: Mode, names: list[str], cs: CriteriaSet, today: dt.date
) -> None:
    heading = [
        "HƯỚNG DẪN ĐIỀN BIỂU MẪU",
        f"{', '.join(names)} — bộ tiêu chí {cs.id}: {cs.title}",
        f"Xuất bằng parcli ngày {today:%d/%m/%Y}.",
    ]
    steps = [*INSTRUCTIONS["self" if mode == "self" else "appraisal"], *COMMON]
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 95
    for row, line in enumerate(heading, 1):
        writer.style(writer.put(ws, row, 1, line), bold=row == 1, size=13 if row == 1 else None)
    for n, step in enumerate(steps, 1):
        row = len(heading) + 1 + n
        writer.style(writer.put(ws, row, 1, n), align="right")
        writer.style(writer.put(ws, row, 2, step), wrap=True)
        ws.row_dimensions[row].height = LINE_HEIGHT * math.ceil(len(step) / 95) + 3
    writer.print_setup(ws, 1)
