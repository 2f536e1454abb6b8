"""A simulated year in a real git repository, built the way people would build it.

Eight departments, each committed by its own clerk, start from `parcli init` and fill in their
self-assessment over the year; the province's appraisers (Sở Nội vụ) import round 1 from an
XLSX table and round 2 from a CSV table written by a Vietnamese Excel (semicolons, decimal
commas); departments explain (giải trình) with `parcli appraise --explanation`; the survey
arrives in two imports. On the way: a rename, a file deleted by mistake and restored, an item
declared not applicable and back, a class threshold raised in the criteria set, a bonus, a
penalty, a commit that touches no submission, and a review branch (phúc tra) merged back
with a conflict that the merge resolves to a third value. Phase tags mark the year
(`2026/tu-cham`, `2026/vong-1`, `2026/giai-trinh`, `2026/vong-2`, `2026/cong-bo`).

`build_year(root)` returns the commit ids by name, so tests can say which commit they mean.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import write
from tests.gitrepo import commit, git, init_repo

YEAR_CRITERIA = """
format: parcli/criteria/1
id: "2026"
title: Bộ tiêu chí mô phỏng một năm chấm điểm Chỉ số CCHC của các sở
period: {start: 2026-01-01, end: 2026-12-31}
scale: {total: 20, self: 16, survey: 4}
expect: {areas: 4, criteria: 7, sub_criteria: 4}
decimals: {points: 2, percent: 2}
classes:
  - {name: Tốt, min: 90}
  - {name: Khá, min: 80}
  - {name: Trung bình, min: 70}
  - {name: Yếu, min: 0}
bonus: {max: 1}
penalty: {max: 2}
areas:
  - id: "1"
    title: Công tác chỉ đạo, điều hành cải cách hành chính
    criteria:
      - id: "1.1"
        title: Kế hoạch cải cách hành chính năm
        sub_criteria:
          - id: "1.1.1"
            title: Ban hành kế hoạch cải cách hành chính năm của Sở
            max: 1
            text: "Ban hành kịp thời: 1 điểm; ban hành chậm: 0,5 điểm; không ban hành: 0"
            owner: Văn phòng
            evidence: required
            rule:
              levels:
                - {label: Ban hành kịp thời, points: 1}
                - {label: Ban hành chậm, points: 0.5}
                - {label: Không ban hành, points: 0}
          - id: "1.1.2"
            title: Mức độ hoàn thành kế hoạch cải cách hành chính năm
            max: 2
            text: "Từ 100%: 2 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0"
            rule:
              percent_of: [done, planned]
              bands:
                - {min: 100, points: 2}
                - {min: 80, points: 1}
                - {min: 0, points: 0}
      - id: "1.2"
        title: Mức độ hài lòng về công tác chỉ đạo, điều hành cải cách hành chính
        max: 2
        text: Điều tra xã hội học
        method: survey
  - id: "2"
    title: Cải cách thể chế
    criteria:
      - id: "2.1"
        title: Xây dựng, ban hành văn bản quy phạm pháp luật
        sub_criteria:
          - id: "2.1.1"
            title: Chất lượng tham mưu văn bản quy phạm pháp luật
            max: 2
            text: Chấm theo bước 0,25 điểm
            rule: {step: 0.25}
            na: allowed
          - id: "2.1.2"
            title: Thực hiện đúng trình tự ban hành văn bản
            max: 1
            text: "Đúng trình tự: 1 điểm; không: 0"
            rule: {check: "Mọi văn bản đều đúng trình tự?"}
  - id: "3"
    title: Cải cách thủ tục hành chính
    criteria:
      - id: "3.1"
        title: Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn
        max: 5
        text: Tỷ lệ hồ sơ đúng hạn × 5 điểm
        owner: Bộ phận một cửa
        rule: {ratio_of: [on_time, total]}
        decimals: 4
        na: allowed
      - id: "3.2"
        title: Mức độ hài lòng của người dân, tổ chức về giải quyết thủ tục hành chính
        max: 2
        text: Điều tra xã hội học
        method: survey
  - id: "4"
    title: Chuyển đổi số trong cơ quan nhà nước
    criteria:
      - id: "4.1"
        title: Dịch vụ công trực tuyến toàn trình
        max: 3
        text: "Từ 3 dịch vụ: 3 điểm; 2: 2 điểm; 1: 1 điểm; không có: 0"
        rule:
          count_of: services
          bands:
            - {min: 3, points: 3}
            - {min: 2, points: 2}
            - {min: 1, points: 1}
            - {min: 0, points: 0}
      - id: "4.2"
        title: An toàn thông tin mạng
        max: 2
        text: "Trừ 0,5 điểm mỗi sự cố, tối đa 1 điểm"
        rule: {per: incidents, points: -0.5, cap: 1}
"""

# agency id → (name, the clerk who commits its file)
DEPARTMENTS = {
    "so-tu-phap": ("Sở Tư pháp", "hanh"),
    "so-khcn": ("Sở Khoa học và Công nghệ", "khoa"),
    "so-tai-chinh": ("Sở Tài chính", "lan"),
    "so-y-te": ("Sở Y tế", "minh"),
    "so-xay-dung": ("Sở Xây dựng", "nga"),
    "so-gd-dt": ("Sở Giáo dục và Đào tạo", "phuc"),
    "so-cong-thuong": ("Sở Công Thương", "quynh"),
    "so-nn-mt": ("Sở Nông nghiệp và Môi trường", "son"),
}
RENAMED = "submissions/so-nong-nghiep-moi-truong.yaml"  # so-nn-mt's file after August

LEVELS = {"1": "Ban hành kịp thời", "0.5": "Ban hành chậm", "0": "Không ban hành"}
# Self-assessment per department: 1.1.1 level, 1.1.2 done/planned, 2.1.1, 2.1.2 answer,
# 3.1 on_time/total (None: not applicable), 4.1 services, 4.2 incidents.
SELF = {
    "so-tu-phap": ("1", (20, 20), "1.75", "có", (96, 100), 3, 0),
    "so-khcn": ("1", (18, 20), "1.5", "có", (450, 500), 3, 1),
    "so-tai-chinh": ("1", (19, 20), "1.75", "có", (285, 300), 2, 0),
    "so-y-te": ("0.5", (20, 20), "1.25", "có", (380, 400), 2, 1),
    "so-xay-dung": ("1", (16, 20), "1.5", "có", None, 1, 2),
    "so-gd-dt": ("1", (20, 20), "2", "có", (490, 500), 3, 0),
    "so-cong-thuong": ("1", (20, 20), "1.5", "có", None, 2, 0),
    "so-nn-mt": ("0.5", (17, 20), "1.25", "có", (180, 200), 2, 1),
}
NA_31 = "Sở không có thủ tục hành chính thuộc thẩm quyền giải quyết"


@dataclass
class Year:
    root: Path
    commits: dict[str, str] = field(default_factory=dict)  # name → full commit id
    renamed: bool = False  # so-nn-mt's file has its new name

    def __getitem__(self, name: str) -> str:
        return self.commits[name]

    def short(self, name: str) -> str:
        return self.commits[name][:7]

    def file(self, agency: str) -> str:
        return RENAMED if agency == "so-nn-mt" and self.renamed else f"submissions/{agency}.yaml"


def run_parcli(root: Path, *args: str) -> str:
    """`parcli ARGS` in `root`, in-process; the output, or an assertion naming what failed."""
    from parcli.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    assert code == 0, (args, out.getvalue(), err.getvalue())
    return out.getvalue()


def fill(path: Path, item: str, *lines: str) -> None:
    """Replace the empty `self:` that `parcli init` wrote for `item` with `lines`."""
    text = path.read_text(encoding="utf-8")
    empty = f'  "{item}":\n    self:\n'
    assert text.count(empty) == 1, (path, item)
    body = "".join(f"    {line}\n" for line in lines)
    path.write_text(text.replace(empty, f'  "{item}":\n{body}'), encoding="utf-8")


def swap(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def evidence(ref: str, date: str, title: str) -> str:
    return f"  - {{ref: {ref}, date: {date}, title: {title}}}"


class _Builder:
    def __init__(self, root: Path, tables: Path) -> None:
        self.year = Year(root)
        self.root = root
        self.tables = tables

    def commit(self, name: str, message: str, who: str, date: str) -> None:
        self.year.commits[name] = commit(self.root, message, who=who, date=f"{date}+07:00")

    def tag(self, name: str, message: str, date: str) -> None:
        git(self.root, "tag", "-a", name, "-m", message, who="dung", date=f"{date}+07:00")

    def path(self, agency: str) -> Path:
        return self.root / self.year.file(agency)

    def build(self) -> Year:
        self.start()
        self.self_assessment()
        self.appraisal()
        self.review_branch()
        self.publication()
        return self.year

    def start(self) -> None:
        write(self.root / "criteria" / "2026.yaml", YEAR_CRITERIA)
        self.commit("criteria", "Bộ tiêu chí năm 2026", "dung", "2026-01-10T08:00:00")
        for day, (agency, (name, clerk)) in enumerate(DEPARTMENTS.items(), start=12):
            run_parcli(self.root, "init", agency, "--name", name)
            self.commit(
                f"init-{agency}", f"Khởi tạo hồ sơ {name}", clerk, f"2026-01-{day}T09:00:00"
            )

    def self_assessment(self) -> None:
        for month, agency in zip(("02", "03"), ("so-tu-phap", "so-khcn"), strict=True):
            self._area_1(agency, f"2026-{month}-05T10:00:00")
        for agency in list(DEPARTMENTS)[2:]:
            self._area_1(agency, "2026-03-20T10:00:00")
        for day, agency in enumerate(DEPARTMENTS, start=10):
            self._areas_2_3(agency, f"2026-06-{day}T14:00:00")
        git(self.root, "mv", "submissions/so-nn-mt.yaml", RENAMED)
        self.year.renamed = True
        swap(self.path("so-nn-mt"), "self: 1.25\n", "self: 1.5\n")
        self.commit("rename", "Đổi tên tệp hồ sơ Sở NN&MT", "son", "2026-08-01T08:30:00")
        (self.root / "submissions" / "so-y-te.yaml").rename(self.tables / "so-y-te.yaml")
        self.commit("delete", "Dọn thư mục hồ sơ", "minh", "2026-08-05T16:00:00")
        restored = (self.tables / "so-y-te.yaml").read_text(encoding="utf-8")
        (self.root / "submissions" / "so-y-te.yaml").write_text(restored, encoding="utf-8")
        self.commit("restore", "Khôi phục hồ sơ Sở Y tế xóa nhầm", "minh", "2026-08-06T08:00:00")
        for day, agency in enumerate(DEPARTMENTS, start=10):
            self._area_4(agency, f"2026-09-{day}T09:00:00")
        path = self.path("so-xay-dung")
        swap(path, f"na: {NA_31}", "inputs: {on_time: 88, total: 100}")
        self.commit(
            "xd-31", "Sở Xây dựng có TTHC từ tháng 9: chấm 3.1", "nga", "2026-10-01T09:00:00"
        )
        swap(
            self.path("so-khcn"),
            "      - {ref: 15/KH-KHCN, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}\n",
            "      - {ref: 15/KH-KHCN, date: 2026-01-20, title: Kế hoạch CCHC năm 2026}\n"
            "      - {ref: 40/QĐ-KHCN, date: 2026-02-02, title: Quyết định giao nhiệm vụ CCHC}\n",
        )
        self.commit("khcn-evidence", "Bổ sung tài liệu 1.1.1", "khoa", "2026-10-05T10:00:00")
        swap(
            self.path("so-gd-dt"),
            "note: Đã tham mưu đủ văn bản theo kế hoạch",
            "note: Đã tham mưu 4 văn bản, đều đúng hạn",
        )
        self.commit("gddt-note", "Sửa ghi chú mục 2.1.1", "phuc", "2026-10-10T10:00:00")
        criteria = self.root / "criteria" / "2026.yaml"
        swap(criteria, "{name: Khá, min: 80}", "{name: Khá, min: 85}")
        self.commit("threshold", "Nâng ngưỡng xếp loại Khá lên 85%", "dung", "2026-10-20T08:00:00")
        self.tag("2026/tu-cham", "Kết thúc tự chấm", "2026-10-31T17:00:00")

    def _area_1(self, agency: str, date: str) -> None:
        level, (done, planned), *_ = SELF[agency]
        path = self.path(agency)
        ref = f"15/KH-{agency.removeprefix('so-').upper()}"
        fill(
            path,
            "1.1.1",
            f"self: {level}",
            f"level: {LEVELS[level]}",
            "evidence:",
            evidence(ref, "2026-01-20", "Kế hoạch CCHC năm 2026"),
        )
        fill(path, "1.1.2", f"inputs: {{done: {done}, planned: {planned}}}")
        name, clerk = DEPARTMENTS[agency]
        self.commit(f"area1-{agency}", f"Tự chấm lĩnh vực 1 — {name}", clerk, date)

    def _areas_2_3(self, agency: str, date: str) -> None:
        _, _, manual, answer, ratio, *_ = SELF[agency]
        path = self.path(agency)
        fill(path, "2.1.1", f"self: {manual}", "note: Đã tham mưu đủ văn bản theo kế hoạch")
        fill(path, "2.1.2", f"answer: {answer}")
        if ratio is None:
            fill(path, "3.1", f"na: {NA_31}")
        else:
            fill(path, "3.1", f"inputs: {{on_time: {ratio[0]}, total: {ratio[1]}}}")
        name, clerk = DEPARTMENTS[agency]
        self.commit(f"area23-{agency}", f"Tự chấm lĩnh vực 2, 3 — {name}", clerk, date)

    def _area_4(self, agency: str, date: str) -> None:
        *_, services, incidents = SELF[agency]
        path = self.path(agency)
        fill(path, "4.1", f"inputs: {{services: {services}}}")
        fill(path, "4.2", f"inputs: {{incidents: {incidents}}}")
        name, clerk = DEPARTMENTS[agency]
        self.commit(f"area4-{agency}", f"Tự chấm lĩnh vực 4 — {name}", clerk, date)

    def appraisal(self) -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["agency", "item", "round", "score", "note"])
        for row in [
            ("so-tu-phap", "2.1.1", 1, 1, "Thiếu ý kiến thẩm định của Sở Tư pháp"),
            ("so-tu-phap", "1.1.1", 1, 1, "Thống nhất"),
            ("so-tai-chinh", "3.1", 1, 4.5, "Số liệu chưa khớp Hệ thống thông tin giải quyết TTHC"),
            ("so-y-te", "1.1.2", 1, 1, "Báo cáo hoàn thành kế hoạch chưa đủ"),
            ("so-xay-dung", "2.1.1", 1, 1, "Một văn bản chậm tiến độ"),
            ("so-gd-dt", "4.1", 1, 2, "Chỉ có 2 dịch vụ công trực tuyến toàn trình"),
            ("so-cong-thuong", "2.1.1", 1, 1.25, "Thiếu tài liệu kiểm chứng"),
            ("so-nn-mt", "1.1.1", 1, 0, "Kế hoạch ban hành sau ngày 31/01"),
        ]:
            sheet.append(list(row))
        book.save(self.tables / "tham-dinh-vong-1.xlsx")
        run_parcli(self.root, "appraise", str(self.tables / "tham-dinh-vong-1.xlsx"))
        self.commit("round1", "Thẩm định vòng 1", "cuong", "2026-11-10T15:00:00")
        self.tag("2026/vong-1", "Kết thúc thẩm định vòng 1", "2026-11-10T17:00:00")
        explanations = [
            ("so-tu-phap", "2.1.1", "Đã có ý kiến thẩm định tại Công văn 210/STP-XDKTVB"),
            ("so-tai-chinh", "3.1", "Số liệu lấy từ Hệ thống ngày 30/11, đính kèm bảng đối chiếu"),
            ("so-y-te", "1.1.2", "Bổ sung báo cáo quý IV đã gửi Sở Nội vụ"),
            ("so-gd-dt", "4.1", "Dịch vụ thứ ba vận hành từ tháng 10"),
            ("so-nn-mt", "1.1.1", "Kế hoạch ký ngày 30/01, phát hành ngày 02/02"),
        ]
        for day, (agency, item, text) in enumerate(explanations, start=15):
            clerk = DEPARTMENTS[agency][1]
            run_parcli(self.root, "appraise", self.year.file(agency), item, "--explanation", text)
            self.commit(
                f"explain-{agency}", f"Giải trình mục {item}", clerk, f"2026-11-{day}T10:00:00"
            )
        swap(self.path("so-xay-dung"), "{incidents: 2}", "{incidents: 1}")
        self.commit("xd-fix", "Sửa số sự cố mục 4.2", "nga", "2026-11-19T09:00:00")
        path = self.path("so-y-te")
        swap(path, "level: Ban hành chậm\n", "level: Ban hành chậm\n    note: Ký ngày 05/02\n")
        self.commit("yte-note", "Ghi chú mục 1.1.1", "minh", "2026-11-20T16:00:00")
        self.tag("2026/giai-trinh", "Kết thúc giải trình", "2026-11-21T08:00:00")
        rows = [
            "agency;item;round;score;note",
            "so-tu-phap;2.1.1;2;1;Giữ nguyên kết quả vòng 1",
            "so-tai-chinh;3.1;2;4,6;Chấp nhận một phần số liệu đối chiếu",
            "so-y-te;1.1.2;2;2;Chấp nhận giải trình",
            "so-gd-dt;4.1;2;2;Dịch vụ thứ ba chưa đủ 3 tháng vận hành",
            "so-nn-mt;1.1.1;2;0,5;Chấp nhận giải trình",
        ]
        table = self.tables / "tham-dinh-vong-2.csv"
        table.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
        run_parcli(self.root, "appraise", str(table))
        self.commit("round2", "Thẩm định vòng 2", "dung", "2026-11-28T15:00:00")
        self.tag("2026/vong-2", "Kết thúc thẩm định vòng 2", "2026-11-28T17:00:00")

    def review_branch(self) -> None:
        """Phúc tra on a branch while main moves on; the merge resolves a conflict."""
        tu_phap = self.year.file("so-tu-phap")
        git(self.root, "checkout", "-q", "-b", "phuc-tra")
        run_parcli(
            self.root, "appraise", tu_phap, "2.1.1", "--round", "2", "--score", "0.5",
            "--note", "Phúc tra: một văn bản chưa qua thẩm định",
        )  # fmt: skip
        self.commit("branch-1", "Phúc tra Sở Tư pháp", "dung", "2026-12-01T09:00:00")
        git(self.root, "checkout", "-q", "main")
        run_parcli(
            self.root, "appraise", tu_phap, "2.1.1", "--round", "2", "--score", "0.75",
            "--note", "Chấp nhận một phần giải trình",
        )  # fmt: skip
        self.commit("main-1", "Điều chỉnh vòng 2 Sở Tư pháp", "giang", "2026-12-02T09:00:00")
        git(self.root, "checkout", "-q", "phuc-tra")
        run_parcli(
            self.root, "appraise", self.year.file("so-khcn"), "2.1.1", "--round", "2",
            "--score", "1.25", "--note", "Phúc tra: hai văn bản chậm",
        )  # fmt: skip
        self.commit("branch-2", "Phúc tra Sở KH&CN", "dung", "2026-12-03T09:00:00")
        git(self.root, "checkout", "-q", "main")
        date = "2026-12-04T10:00:00+07:00"
        with contextlib.suppress(subprocess.CalledProcessError):
            git(self.root, "merge", "--no-ff", "-q", "phuc-tra", who="cuong", date=date)
            raise AssertionError("the review branch must conflict with main")
        path = self.root / tu_phap
        resolved = git(self.root, "show", f"main:{tu_phap}", who="cuong", date=date)
        lines = [
            '    "2.1.1": {score: 0.25, note: Thống nhất sau phúc tra}'
            if line.startswith('    "2.1.1": {score: 0.75')
            else line
            for line in resolved.splitlines()
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        git(self.root, "add", "-A", who="cuong", date=date)
        git(self.root, "commit", "-q", "--no-edit", who="cuong", date=date)
        self.year.commits["merge"] = git(self.root, "rev-parse", "HEAD")

    def publication(self) -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["agency", "name", "1.2"])
        for i, (agency, (name, _)) in enumerate(DEPARTMENTS.items()):
            sheet.append([agency, name, round(1.5 + 0.05 * i, 2)])
        book.save(self.tables / "dtxhh-1.xlsx")
        run_parcli(self.root, "survey", "import", str(self.tables / "dtxhh-1.xlsx"))
        self.commit("survey-1", "Kết quả điều tra XHH: mục 1.2", "dung", "2026-12-10T08:00:00")
        rows = ["agency;name;3.2"] + [
            f"{agency};{name};1,{60 + 3 * i}"
            for i, (agency, (name, _)) in enumerate(DEPARTMENTS.items())
        ]
        (self.tables / "dtxhh-2.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        run_parcli(self.root, "survey", "import", str(self.tables / "dtxhh-2.csv"))
        self.commit("survey-2", "Kết quả điều tra XHH: mục 3.2", "dung", "2026-12-12T08:00:00")
        path = self.path("so-xay-dung")
        with path.open("a", encoding="utf-8") as handle:
            handle.write("penalty:\n  - {points: 0.5, reason: Chậm gửi báo cáo CCHC quý III}\n")
        self.commit("penalty", "Điểm trừ Sở Xây dựng", "cuong", "2026-12-15T08:00:00")
        with self.path("so-khcn").open("a", encoding="utf-8") as handle:
            handle.write("bonus:\n  - {points: 0.5, reason: Sáng kiến CCHC cấp tỉnh}\n")
        self.commit("bonus", "Điểm thưởng Sở KH&CN", "khoa", "2026-12-16T08:00:00")
        (self.root / "README.md").write_text("# Hồ sơ Chỉ số CCHC năm 2026\n", encoding="utf-8")
        self.commit("readme", "Ghi chú kho hồ sơ", "an", "2026-12-18T08:00:00")
        self.tag("2026/cong-bo", "Công bố kết quả Chỉ số CCHC năm 2026", "2026-12-20T08:00:00")


def build_year(root: Path, tables: Path) -> Year:
    """The simulated year in `root` (a new repository); tables are written to `tables`."""
    init_repo(root)
    tables.mkdir(parents=True, exist_ok=True)
    return _Builder(root, tables).build()
