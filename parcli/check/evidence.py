"""Checks on evidence (tài liệu kiểm chứng): dates inside the period, files that exist and
stay inside the workspace."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from parcli.characters import shorten
from parcli.check.located import WARNING, Located
from parcli.models import Evidence, Period
from parcli.problems import KeyPath
from parcli.workspace import resolve_file

# An evidence file as a check saw it: the name written, where it resolved, whether it was a file.
FileSeen = tuple[str, str, bool]


class EvidenceChecks:
    """Evidence of one submission: files are relative to its folder, inside `root`."""

    def __init__(self, found: Located, *, period: Period, root: Path) -> None:
        self.found = found
        self.period = period
        self.root = root.resolve()
        self.base = found.doc.path.parent
        self.files_seen: list[FileSeen] = []  # what the checks read from disk, for the cache

    def check(self, path: KeyPath, evidence: Iterable[Evidence]) -> None:
        period = self.period
        for i, ev in enumerate(evidence):
            if ev.date is not None and not (period.start <= ev.date <= period.end):
                self.found.add(
                    (*path, i, "date"),
                    "evidence-date-outside-period",
                    f"ngày {ev.date.isoformat()} nằm ngoài kỳ đánh giá {period.start.isoformat()} – {period.end.isoformat()}; kiểm tra lại ngày ban hành",
                    WARNING,
                )
            if ev.file is not None:
                self._check_file((*path, i, "file"), ev.file)

    def _check_file(self, path: KeyPath, name: str) -> None:
        target, exists = resolve_file(self.base, name)
        self.files_seen.append((name, str(target), exists))
        if not target.is_relative_to(self.root):
            self.found.add(
                path,
                "evidence-file-outside",
                f"tệp {shorten(name)} nằm ngoài thư mục làm việc; hãy chép tệp vào thư mục hồ sơ và ghi đường dẫn tương đối",
            )
        elif not exists:
            self.found.add(
                path,
                "evidence-file-missing",
                f"không thấy tệp {shorten(name)} (tính từ thư mục chứa hồ sơ); hãy kiểm tra tên tệp hoặc thêm tệp vào kho",
            )
