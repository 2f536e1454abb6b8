"""Word tables fitted to their content: column widths from the text each cell holds, the
rows that must stay together on a page, document symbols that never break at a line's end.
Works on the document's XML, after rendering."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import permutations
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """`w:tbl` → the element's qualified name (python-docx's own helper, without the import)."""
    return _W + tag.split(":", 1)[1]


# Times New Roman 13 pt: about 120 twips (1/20 pt) per character on average; each cell also
# has its margins and a little slack.
_CHAR = 125
_PAD = 240
_KEEP_WHOLE = 4  # a table of at most this many rows (header included) stays on one page
_SHORT_ROW = 4  # a row of at most this many lines never splits: its move leaves a small gap
# The hyphens of a document's number and symbol (số ký hiệu): 34/KH-SKHCN, 2287/SKHCN-VP,
# 42/2022/NĐ-CP — a hyphen between two parts of a symbol that follows a number and a slash.
_SYMBOL = re.compile(r"\d+(?:/\d+)*/[A-Za-zĐđ&]+(?:-[A-Za-zĐđ&]+)+")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def layout_tables(document: Any) -> None:
    """Fit every data table (one with a header row) to its content and keep its end together.

    Column widths come from the text actually rendered: each column gets room for its
    longest word, and the rest of the page goes to the columns with the most text, so a
    "Lý do" column is not 2 cm wide while a code column takes 3. A short table stays on
    one page, and a long one never leaves its last row alone on the next page. Document
    symbols anywhere in the body get non-breaking hyphens.
    """
    section = document.sections[-1]
    page = int(section.page_width - section.left_margin - section.right_margin) // 635  # twips
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if not rows or rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            continue  # the letterhead and the signature: laid out by hand
        cells = [r.findall(qn("w:tc")) for r in rows]
        count = len(cells[0])
        grid = tbl.find(qn("w:tblGrid"))
        if (
            grid is None
            or any(len(c) != count for c in cells)
            or any(
                tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None for c in cells for tc in c
            )
        ):
            continue
        texts = [["\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                             for p in tc.iter(qn("w:p"))) for tc in c] for c in cells]  # fmt: skip
        widths = fit_widths(texts, page)
        for col in grid.findall(qn("w:gridCol")):
            grid.remove(col)
        for width in widths:
            grid.append(grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)}))
        for row_cells in cells:
            for tc, width in zip(row_cells, widths, strict=True):
                tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if tcw is not None:
                    tcw.set(qn("w:w"), str(width))
                    tcw.set(qn("w:type"), "dxa")
        _keep_end_together(rows, whole=len(rows) <= _KEEP_WHOLE)
        _keep_short_rows_whole(rows[1:], texts[1:], widths)
    keep_symbols_whole(document.element.body)  # after the widths: they measure the text


def keep_symbols_whole(body: Any) -> None:
    """Word's non-breaking hyphen (`w:noBreakHyphen`, read back as "-") in every document
    symbol, so "34/KH-" never ends a line with "SKHCN" on the next: a number is cited whole."""
    for t in list(body.iter(qn("w:t"))):
        text = t.text or ""
        cuts = [m.start() + i for m in _SYMBOL.finditer(text)
                for i, c in enumerate(m.group()) if c == "-"]  # fmt: skip
        if not cuts:
            continue
        pieces = [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, None], strict=True)]
        t.text = pieces[0]
        t.set(_XML_SPACE, "preserve")
        at = t
        for piece in pieces[1:]:
            hyphen = t.makeelement(qn("w:noBreakHyphen"), {})
            rest = t.makeelement(qn("w:t"), {_XML_SPACE: "preserve"})
            rest.text = piece
            at.addnext(hyphen)
            hyphen.addnext(rest)
            at = rest


def fit_widths(texts: Sequence[Sequence[str]], page: int) -> list[int]:
    """Column widths in twips for rows of cell texts (the first row is the header), as short a
    table as the page allows: no word broken, then width moved between columns while that
    lowers the table's estimated height (each row as tall as its fullest cell)."""
    columns = list(zip(*texts, strict=True))
    mins = []
    for column in columns:
        header = max((len(w) * 1.15 for w in column[0].split()), default=1)  # bold
        body = max((len(w) for text in column[1:] for w in text.split()), default=1)
        mins.append(_PAD + _CHAR * max(header, body, 2))
    if sum(mins) >= page:
        return [int(m * page / sum(mins)) for m in mins]
    lengths = [[[len(line) for line in cell.split("\n")] for cell in row] for row in texts]
    means = [
        sum(sum(cell) for cell in col) / max(len(col), 1)
        for col in zip(*(lengths[1:] or lengths), strict=True)
    ]
    weights = [max(m * _CHAR + _PAD - w, 0.0) for m, w in zip(means, mins, strict=True)]
    extra = page - sum(mins)
    widths = [w + extra * (k / sum(weights) if sum(weights) else 1 / len(mins))
              for w, k in zip(mins, weights, strict=True)]  # fmt: skip
    step = _CHAR * 2
    height = _height(lengths, widths)
    for _ in range(200):
        best = None
        for give, take in permutations(range(len(widths)), 2):
            if widths[give] - step < mins[give]:
                continue
            trial = list(widths)
            trial[give] -= step
            trial[take] += step
            h = _height(lengths, trial)
            if h < height and (best is None or h < best[0]):
                best = (h, trial)
        if best is None:
            break
        height, widths = best
    return [int(w) for w in widths]


def _height(lengths: Sequence[Sequence[Sequence[int]]], widths: Sequence[float]) -> float:
    """About how many lines the table needs: each row as tall as its fullest cell. A soft
    maximum keeps the measure smooth, so a small move of width always shows its effect."""
    caps = [max((w - _PAD) / _CHAR * 0.92, 1.0) for w in widths]  # words do not fill lines
    total = 0.0
    for row in lengths:
        lines = [sum(max(n / cap, 1.0) for n in cell) for cell, cap in zip(row, caps, strict=True)]
        total += sum(n**6 for n in lines) ** (1 / 6)
    return total


def _keep_short_rows_whole(
    rows: Sequence[Any], texts: Sequence[Sequence[str]], widths: Sequence[int]
) -> None:
    """Body rows may split across pages, so a long one leaves no gap; a short one split
    leaves a line or two alone ("quả)") atop the next page, so it moves whole instead."""
    caps = [max((w - _PAD) / _CHAR * 0.92, 1.0) for w in widths]
    for tr, row in zip(rows, texts, strict=True):
        lines = max(
            sum(max(math.ceil(len(line) / cap), 1) for line in cell.split("\n"))
            for cell, cap in zip(row, caps, strict=True)
        )
        if lines > _SHORT_ROW:
            continue
        trpr = tr.find(qn("w:trPr"))
        if trpr is None:
            trpr = tr.makeelement(qn("w:trPr"), {})
            tr.insert(0, trpr)
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, trpr.makeelement(qn("w:cantSplit"), {}))


def _keep_end_together(rows: Sequence[Any], *, whole: bool) -> None:
    """Keep-with-next on the rows that must not be parted from the row below them: the
    header with the first row, the last row with the one before it (or a tiny table whole)."""
    for tr in rows[:-1] if whole else [*rows[:1], *rows[-2:-1]]:
        for p in tr.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = p.makeelement(qn("w:pPr"), {})
                p.insert(0, ppr)
            if ppr.find(qn("w:keepNext")) is None:  # after pStyle: the schema's order
                at = 1 if ppr.find(qn("w:pStyle")) is not None else 0
                ppr.insert(at, ppr.makeelement(qn("w:keepNext"), {}))
