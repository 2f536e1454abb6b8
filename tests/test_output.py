"""What a report request asks for: the format, and the day and words of a periodic report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parcli.errors import UsageError
from parcli.report.output import Request, resolve_format
from tests.helpers import mini


@pytest.mark.parametrize(
    ("period", "day", "words"),
    [
        ("q1", dt.date(2026, 3, 31), "quý I năm 2026"),
        ("6m", dt.date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("9m", dt.date(2026, 9, 30), "9 tháng năm 2026"),
        ("year", dt.date(2026, 12, 31), "năm 2026"),
    ],
)
def test_a_named_period_gives_its_last_day_and_its_title(
    period: str, day: dt.date, words: str
) -> None:
    request = Request(format="md", out=None, as_of=None, cwd=Path("."), period=period)
    assert (request.day(mini()), request.period_words(mini())) == (day, words)
    # a day given with --as-of wins: the 6-month report with data to 12 June
    early = Request(format="md", out=None, as_of=dt.date(2026, 6, 12), cwd=Path("."), period=period)
    assert (early.day(mini()), early.period_words(mini())) == (dt.date(2026, 6, 12), words)


def test_files_are_checked_against_today_even_for_an_earlier_report() -> None:
    june = Request(format="md", out=None, as_of=dt.date(2026, 6, 30), cwd=Path("."))
    assert june.checked_on == max(dt.date(2026, 6, 30), dt.date.today())
    assert Request(format="md", out=None, as_of=None, cwd=Path(".")).period_words(mini()) == ""


@pytest.mark.parametrize(
    ("asked", "out", "message"),
    [
        ("pdf", None, "định dạng pdf cần --output <tệp.pdf>"),
        ("odt", Path("x.odt"), "định dạng 'odt' không có; hãy chọn md, docx, xlsx hoặc pdf"),
        ("docx", Path("x.pdf"), "--format docx nhưng tệp ra có đuôi .pdf; hãy sửa một trong hai"),
    ],
)
def test_the_format_must_fit_the_output_file(asked: str, out: Path | None, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace(".", r"\.").replace("(", r"\(")):
        resolve_format(asked, out)
    assert resolve_format(None, Path("bao-cao.pdf")) == "pdf"
