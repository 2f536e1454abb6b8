"""YAML text around libyaml: decoded and looked at before it is parsed (the encoding, control
and invisible characters at their real place, how deep it could nest), and libyaml's
complaints said in Vietnamese."""

from __future__ import annotations

import bisect
import re

from parcli.characters import IN_FILE, unsafe_message
from parcli.problems import Problem

# Invisible characters reported one by one in a file, at most.
MAX_REPORTED_CHARACTERS = 1000


def decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a BOM allowed), or a problem at the first byte that is not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem(
            file,
            1,
            1,
            "bad-encoding",
            'tệp được lưu bằng mã hóa UTF-16 ("Unicode" trong Notepad); '
            "hãy lưu lại với mã hóa UTF-8",
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return "", Problem(
            file,
            line,
            col,
            "bad-encoding",
            f"byte 0x{raw[exc.start]:02x} không phải UTF-8 (có thể tệp lưu bằng mã TCVN3/VNI "
            "hoặc Windows-1258); hãy chuyển sang Unicode và lưu lại với mã hóa UTF-8",
        )


def invisible_characters(text: str, file: str) -> list[Problem]:
    """Control and invisible characters, each at its real place: libyaml would stop at a NUL
    with an English message at 1:1, and counts U+0085, U+2028 and U+2029 as line breaks
    that no editor shows, which would shift every later line number."""
    if text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return []  # the usual file, told in C at a quarter of the regular expression's time
    first = IN_FILE.search(text)
    if first is None:
        return []
    breaks = [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    problems: list[Problem] = []
    for found in IN_FILE.finditer(text, first.start()):
        line = bisect.bisect_right(breaks, found.start())
        start = breaks[line - 1] if line else 0
        col = found.start() - start + 1
        problems.append(
            Problem(file, line + 1, col, "control-character", unsafe_message(found.group()))
        )
        if len(problems) >= MAX_REPORTED_CHARACTERS:
            break
    return problems


# The column where a line's block collections may start: its indentation and the compact
# indicators after it (`- - - x`, `? - x`, `- &a !t x`). Each level of block nesting needs a
# column further right (a list under a key may share the key's column), so twice the widest
# such column, plus every `[` and `{` in the file, bounds how deep the file can nest.
_BLOCK_LEAD = re.compile(r"^[ \t]*(?:(?:[-?:]|[&!][^ \t\r\n]*)(?:[ \t]+|$))*", re.MULTILINE)


def nesting_bound(text: str, *, limit: int) -> int:
    """At least how deep `text` can nest (a bound, not the depth); past `limit` it stops
    counting."""
    flow = text.count("[") + text.count("{")
    if flow > limit:
        return flow
    longest = max(map(len, text.splitlines()), default=0)  # a lead is never longer
    if flow + 2 * (longest + 1) <= limit:
        return flow + 2 * (longest + 1)
    lines = text.replace("\r\n", "\n").replace("\r", "\n")  # libyaml's line ends, all three
    widest = max(map(len, _BLOCK_LEAD.findall(lines)), default=0)
    return flow + 2 * (widest + 1)


def values_bound(text: str) -> int:
    """At least how many values (scalars, lists, mappings) `text` can hold: a bound, not the
    count. Each value but the first follows a line break or an indicator (`: , - ? [ {`),
    and each of those starts at most two (a collection and its first entry)."""
    return 2 * (1 + sum(text.count(mark) for mark in "\n\r:,-?[{"))


def syntax_problem(
    file: str, text: str, *, at: tuple[int, int], problem: str | None, context: str | None
) -> Problem:
    """A libyaml syntax error at `at` (line, col), said in Vietnamese with what to do."""
    line, col = at
    detail = problem or ""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, 1)] or "'\\t'" in detail:
        return Problem(
            file,
            line,
            col,
            "yaml-tab",
            "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách: hãy thay Tab bằng 2 dấu cách",
        )
    if "expected a single document" in (context or "") + detail:
        return Problem(
            file,
            line,
            col,
            "yaml-multiple-documents",
            "tệp có nhiều tài liệu YAML (dòng ---); mỗi tệp chỉ được chứa một tài liệu",
        )
    hint = (
        "kiểm tra thụt lề (cùng cấp phải thẳng cột), dấu hai chấm sau mỗi khóa và dấu ngoặc kép "
        "đóng mở đủ; văn bản có dấu ':' hoặc '#' hãy đặt trong ngoặc kép"
    )
    what = f" ({_SYNTAX_VI.get(problem, problem)})" if problem else ""
    return Problem(file, line, col, "yaml-syntax", f"YAML không hợp lệ{what}: {hint}")


# libyaml's most frequent complaints, said in Vietnamese; rarer ones keep libyaml's wording.
_SYNTAX_VI = {
    "found unexpected end of stream": "hết tệp mà dấu ngoặc kép hoặc ngoặc chưa đóng",
    "did not find expected key": "thiếu khóa hoặc thụt lề không thẳng cột",
    "did not find expected ',' or '}'": "thiếu dấu phẩy hoặc dấu } đóng",
    "did not find expected ',' or ']'": "thiếu dấu phẩy hoặc dấu ] đóng",
    "mapping values are not allowed in this context": "dấu hai chấm không đúng chỗ",
    "could not find expected ':'": "thiếu dấu hai chấm sau khóa",
    "found character that cannot start any token": "có ký tự không được đứng đầu giá trị (như @ hoặc `)",
    "did not find expected '-' indicator": "phần tử danh sách thiếu dấu - hoặc thụt lề sai",
    "found undefined alias": "dùng alias (*tên) chưa được định nghĩa",
    "did not find expected node content": "thiếu giá trị",
    "found unknown escape character": "ký tự thoát (\\) không hợp lệ trong ngoặc kép",
    "block sequence entries are not allowed in this context": "không được mở danh sách (-) ở chỗ này",
    "mapping keys are not allowed in this context": "dấu ? (khóa phức) không đúng chỗ",
    "did not find expected <document start>": "có nội dung sau dấu kết thúc tài liệu (...)",
    "did not find expected comment or line break": "có chữ thừa sau giá trị trên cùng dòng",
    "found unexpected document indicator": "dòng --- hoặc ... nằm trong chuỗi ngoặc kép chưa đóng",
    "did not find expected hexdecimal number": "mã \\x hoặc \\u trong ngoặc kép thiếu chữ số hex",
    "found invalid Unicode character escape code": "mã \\u trong ngoặc kép không phải ký tự Unicode",
    "did not find expected alphabetic or numeric character": "sau & hoặc * thiếu tên",
    "found undefined tag handle": "thẻ kiểu (!…!) chưa được khai báo",
    "found duplicate %YAML directive": "dòng %YAML lặp lại",
    "found incompatible YAML document": "phiên bản %YAML không đọc được",
    "found unknown directive name": "dòng bắt đầu bằng % không phải chỉ thị YAML",
    "found duplicate %TAG directive": "dòng %TAG lặp lại",
    "did not find the expected '>'": "thẻ kiểu !<…> thiếu dấu > đóng",
    "found an indentation indicator equal to 0": "chỉ số thụt lề sau | hoặc > không được là 0",
    "did not find expected whitespace or line break": "thiếu dấu cách sau ký hiệu",
    "found a tab character that violates indentation": "có ký tự Tab trong phần thụt lề",
    "found a tab character where an indentation space is expected": "có ký tự Tab trong phần thụt lề",
    "found unexpected ':'": "dấu hai chấm không đúng chỗ",
}
