"""Templates on a budget: every runaway a workspace template can write is a located
template-error within a time, memory and output budget, never a hang or exit 3."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from parcli.report import budget
from parcli.report.rendering import TemplateFailed, render_markdown
from tests.conftest import Run, write
from tests.report_fixtures import AS_OF, make_workspace

Cli = Callable[..., Run]
SMALL = dataclasses.replace(
    budget.BUDGET, seconds=1.0, output_chars=1_000_000, memory_bytes=300 * 1024 * 1024
)


@pytest.fixture(autouse=True)
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "BUDGET", SMALL)


def failure(tmp_path: Path, template: str | bytes) -> str:
    """Render `t.md.j2` holding `template`; the template-error line it gives."""
    path = tmp_path / "t.md.j2"
    if isinstance(template, bytes):
        path.write_bytes(template)
    else:
        path.write_text(template, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateFailed) as raised:
        render_markdown("t.md.j2", {"items": list(range(60))}, folders=[tmp_path], cwd=tmp_path)
    assert time.monotonic() - started < budget.BUDGET.seconds + 3  # stopped in time
    return raised.value.problem.format_line()


@pytest.mark.parametrize(
    "template",
    [
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        '{% include "t.md.j2" %}',
        '{% extends "t.md.j2" %}',
    ],
    ids=["macro", "include", "extends"],
)
def test_recursion_is_a_template_error(tmp_path: Path, template: str) -> None:
    assert "gọi lồng quá sâu" in failure(tmp_path, template)


@pytest.mark.parametrize(
    "template",
    [
        "{{ 'a' * 10**11 }}",
        "{{ 'a' * 100000 * 100000 }}",
        "{{ [1] * 10**9 }}",
        "{{ 'x'.center(10**10) }}",
        "{{ 'x'.ljust(10**10) }}",
        "{{ 'x'|center(10**10) }}",
        "{{ 'x'|indent(10**10) }}",
        "{{ 10 ** (10 ** 10) }}",
        "{{ 999999 ** 999999 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ '%999999999d'|format(1) }}",
        "{% set s = 'a' * 3000000 %}{{ s|replace('a', 'aaaa') }}",
        "{% set s = 'a' * 3000000 %}{{ s.replace('a', 'aaaa') }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "{% set l = ['a' * 3000000] * 3 %}{{ l|join }}",
        "{% macro m(s, n) %}{{ m(s ~ s, n - 1) if n else s|length }}{% endmacro %}"
        "{{ m('ab', 60) }}",
    ],
)
def test_values_too_large_to_build_are_refused_before_they_are_built(
    tmp_path: Path, template: str
) -> None:
    line = failure(tmp_path, template)
    assert "tạo ra giá trị quá lớn" in line or "gọi lồng quá sâu" in line, line


def test_a_huge_range_is_a_template_error(tmp_path: Path) -> None:
    assert "số hoặc range() quá lớn" in failure(tmp_path, "{% for i in range(10**9) %}{% endfor %}")


@pytest.mark.parametrize(
    "template",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "{% for a in items %}{% for b in items %}{% for c in items %}{% for d in items %}"
        "{% for e in items %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        "{% set ns = namespace(n=0) %}{% for a in range(100000) %}{% for b in range(100000) %}"
        "{% set ns.n = ns.n + 1 %}{% endfor %}{% endfor %}",
    ],
    ids=["ranges", "data", "counter"],
)
@pytest.mark.slow
def test_loops_that_write_nothing_are_stopped_by_the_clock(tmp_path: Path, template: str) -> None:
    assert "chạy quá lâu" in failure(tmp_path, template)


def test_a_template_that_writes_without_end_is_stopped_by_its_output(tmp_path: Path) -> None:
    template = (
        "{% for a in range(100000) %}{% for b in range(100) %}xxxxxxxx{% endfor %}{% endfor %}"
    )
    assert "viết ra quá nhiều nội dung" in failure(tmp_path, template)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory is read from /proc")
def test_a_template_that_grows_memory_without_writing_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roomy = dataclasses.replace(SMALL, seconds=30.0, memory_bytes=64 * 1024 * 1024)
    monkeypatch.setattr(budget, "BUDGET", roomy)
    # A macro's output is kept in memory until the macro returns: nothing is written.
    template = (
        "{% macro m() %}{% for a in range(100000) %}{% for b in range(100000) %}"
        "{{ a }}{% endfor %}{% endfor %}{% endmacro %}{% set x = m() %}"
    )
    assert "dùng quá nhiều bộ nhớ" in failure(tmp_path, template)


def test_a_template_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    template = "Dong mot\nBan hành {{ 1 }}\n".encode("cp1258")  # saved by an old editor
    assert failure(tmp_path, template) == (
        "t.md.j2:2:1: error: mẫu báo cáo lỗi: mẫu không phải văn bản UTF-8 (byte 0xe0); hãy lưu "
        "lại mẫu với mã hóa UTF-8; hãy sửa mẫu hoặc xóa nó để dùng mẫu có sẵn (template-error)"
    )


def test_any_exception_a_template_raises_is_its_own_error(tmp_path: Path) -> None:
    assert failure(tmp_path, "a\nb {{ 1 / 0 }}\n") == (
        "t.md.j2:2:1: error: mẫu báo cáo lỗi: ZeroDivisionError: division by zero; hãy sửa mẫu "
        "hoặc xóa nó để dùng mẫu có sẵn (template-error)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_template_that_is_not_a_file_is_reported_not_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "t.md.j2")
    with pytest.raises(TemplateFailed) as raised:
        render_markdown("t.md.j2", {}, folders=[tmp_path], cwd=tmp_path)
    assert "là ống dẫn có tên (FIFO)" in raised.value.problem.message


@pytest.mark.slow
def test_a_normal_render_is_not_disturbed_by_a_stopped_one(tmp_path: Path) -> None:
    failure(
        tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    )
    write(tmp_path / "ok.md.j2", "{{ items|length }} mục\n")
    text = render_markdown("ok.md.j2", {"items": [1, 2]}, folders=[tmp_path], cwd=tmp_path)
    assert text == "2 mục\n"
    for _ in range(100_000):  # a stop is only ever sent to the render's own thread
        pass


@pytest.mark.slow
def test_a_runaway_word_template_is_stopped_too(tmp_path: Path, cli: Cli) -> None:
    from docx import Document

    ws = make_workspace(tmp_path)
    document = Document()
    document.add_paragraph(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    )
    (ws / "templates").mkdir(exist_ok=True)
    document.save(ws / "templates" / "sheet.docx")
    result = cli(
        "report", "sheet", "submissions/so-a.yaml", "--as-of", AS_OF, "-o", "x.docx", cwd=ws
    )
    assert result.code == 1
    assert result.stderr.startswith(
        "templates/sheet.docx:1:1: error: mẫu báo cáo lỗi: chạy quá lâu"
    )
    assert not (ws / "x.docx").exists()
