"""Charts as PNG bytes: one agency's areas, the ranking, an index over time. Same data, same
bytes."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parcli.models import CriteriaSet
from parcli.numbers import MACHINE, Notation, plain, quantize, rounded
from parcli.scoring import GroupScore, Ranked

DPI = 150
# From the best class down; a set with more classes than colours reuses the last.
PALETTE = ("#2e7d32", "#1565c0", "#ef6c00", "#c62828", "#6a1b9a")
NONE_COLOUR = "#9e9e9e"


def area_chart(
    areas: Sequence[GroupScore], cs: CriteriaSet, *, title: str, notation: Notation = MACHINE
) -> bytes:
    """Per-area percentage bars; an area with nothing applicable shows "—", not 0 %."""
    labels = [_wrap(f"{a.id}. {a.title}", 34) for a in areas]
    values = [a.index for a in areas]
    return _bars(labels, values, cs, title=title, label_inches=2.35, notation=notation)


def ranking_chart(
    ranked: Sequence[Ranked], cs: CriteriaSet, *, title: str, notation: Notation = MACHINE
) -> bytes:
    """The ranking as bars, best first; the class thresholds drawn as dashed lines."""
    labels = [
        _wrap(f"{r.rank if r.rank is not None else '—'}. {r.card.agency_name}", 30) for r in ranked
    ]
    values = [r.card.index for r in ranked]
    return _bars(labels, values, cs, title=title, label_inches=2.1, notation=notation)


WIDTH, TOP, BOTTOM, BAR = 6.5, 0.55, 0.7, 0.32  # inches


def _bars(
    labels: list[str],
    indices: Sequence[Decimal | None],
    cs: CriteriaSet,
    *,
    title: str,
    label_inches: float,
    notation: Notation,
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # heavy: only for charts
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    places = cs.decimals.percent
    values = [quantize(v, places) if v is not None else None for v in indices]
    bands = sorted(cs.classes, key=lambda band: band.min, reverse=True)
    height = TOP + BOTTOM + BAR * max(len(values), 1) + 0.2
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    left = label_inches / WIDTH
    ax = fig.add_axes((left, BOTTOM / height, 0.9 - left, 1 - (TOP + BOTTOM) / height))
    positions = list(range(len(values)))[::-1]  # first item at the top
    # Bar lengths only (matplotlib draws floats); the printed labels come from the Decimals.
    widths = [float(v) if v is not None else 0.0 for v in values]
    ax.barh(positions, widths, color=[_colour(v, bands) for v in values], height=0.66, zorder=2)
    for y, value in zip(positions, values, strict=True):
        text = f"{rounded(value, places, notation)}%" if value is not None else "— (không đánh giá)"
        x = min(float(value), 100.0) + 1.0 if value is not None else 1.0
        ax.text(x, y, text, va="center", ha="left", fontsize=8, zorder=3)
    for band in bands:
        if 0 < band.min < 100:
            ax.axvline(float(band.min), color="#9e9e9e", linestyle="--", linewidth=0.7, zorder=1)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_xlim(0, 112)
    ax.set_ylim(-0.6, len(values) - 0.4)
    ax.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100 %"], fontsize=8)
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    legend = [
        Patch(
            color=_colour(band.min, bands), label=f"{band.name} (từ {plain(band.min, notation)}%)"
        )
        for band in bands
    ]
    if any(v is None for v in values):
        legend.append(Patch(color=NONE_COLOUR, label="Không đánh giá"))
    fig.legend(
        handles=legend, loc="lower center", ncol=len(legend), frameon=False, fontsize=7,
        bbox_to_anchor=(0.5, 0.02),
    )  # fmt: skip
    fig.suptitle(title, fontsize=10, fontweight="bold", y=1 - 0.15 / height, va="top")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata=_NO_METADATA, facecolor="white")
    return out.getvalue()


# PNG text chunks would otherwise carry matplotlib's version ("Software").
_NO_METADATA: dict[str, Any] = {"Software": None}


def _colour(value: Decimal | None, bands: Sequence[Any]) -> str:
    if value is None:
        return NONE_COLOUR
    for i, band in enumerate(bands):
        if value >= band.min:
            return PALETTE[min(i, len(PALETTE) - 1)]
    return PALETTE[-1]


def _wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(text, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


def index_chart(points: Sequence[tuple[str, Decimal | None]], *, title: str) -> bytes:
    """The index at each version (label, index; None where there is none) as a line chart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # heavy: only for charts
    from matplotlib.figure import Figure

    fig = Figure(figsize=(max(4.0, 0.9 * len(points) + 1.5), 3.2), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    known = [(i, value) for i, (_, value) in enumerate(points) if value is not None]
    # Chart coordinates only: the numbers printed on the chart come from the Decimals.
    ys = [float(value) for _, value in known]
    ax.plot([i for i, _ in known], ys, marker="o", color="#1565c0")
    for i, value in known:
        ax.annotate(
            f"{plain(quantize(value, 2))}%",
            (i, float(value)),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    ax.set_xticks(range(len(points)), [label for label, _ in points], fontsize=7)
    ax.set_ylim(0, 105)
    ax.set_ylabel("Chỉ số (%)", fontsize=8)
    ax.grid(axis="y", color="#eeeeee")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata=_NO_METADATA)
    return out.getvalue()


def label_offsets(series: Sequence[Sequence[int | None]]) -> list[int]:
    """How far (points) to move each line's name down so that lines ending at one place (a
    rank shared at the same moment) are named one under another, not on top of each other."""
    seen: dict[tuple[int, int], int] = {}
    out = []
    for values in series:
        ends = [(i, r) for i, r in enumerate(values) if r is not None]
        count = seen.get(ends[-1], 0) if ends else 0
        if ends:
            seen[ends[-1]] = count + 1
        out.append(-9 * count)
    return out


def rank_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None], Decimal | None]],
    *,
    title: str,
) -> bytes:
    """Ranks over time, the best at the top: one line per agency (name, rank at each label,
    newest index), named at its right end."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # heavy: only for charts
    from matplotlib.figure import Figure

    ranks = [r for _, values, _ in series for r in values if r is not None]
    lowest = max(ranks, default=1)
    fig = Figure(figsize=(max(6.5, 1.2 * len(labels) + 3.5), 0.32 * lowest + 2.0), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.08, 0.2, 0.6, 0.68))
    offsets = label_offsets([values for _, values, _ in series])
    for (name, values, index), offset in zip(series, offsets, strict=True):
        xs = [i for i, r in enumerate(values) if r is not None]
        ys = [r for r in values if r is not None]
        if not xs:
            continue
        (line,) = ax.plot(xs, ys, marker="o", markersize=4, linewidth=1.4)
        shown = f" ({rounded(index, 2)}%)" if index is not None else ""
        ax.annotate(
            _wrap(name + shown, 36), (xs[-1], ys[-1]), textcoords="offset points",
            xytext=(8, offset), va="center", fontsize=7, color=line.get_color(),
            annotation_clip=False,
        )  # fmt: skip
    ax.set_xticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlim(-0.3, max(len(labels) - 0.7, 0.3))
    ax.set_ylim(lowest + 0.5, 0.5)  # rank 1 at the top
    ax.set_yticks(range(1, lowest + 1), [str(r) for r in range(1, lowest + 1)], fontsize=7)
    ax.set_ylabel("Hạng", fontsize=8)
    ax.grid(axis="y", color="#eeeeee")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.suptitle(title, fontsize=10, fontweight="bold")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata=_NO_METADATA, facecolor="white")
    return out.getvalue()
