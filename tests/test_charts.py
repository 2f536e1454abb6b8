"""Charts: PNG bytes that depend only on the data, with no version or date inside."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from parcli.models import CriteriaSet
from parcli.report.charts import area_chart, ranking_chart
from parcli.scoring import GroupScore, Ranked
from tests.conftest import MINI_CRITERIA


def criteria() -> CriteriaSet:
    import textwrap

    from parcli.check.shape import parse_model
    from parcli.loading import parse_text

    doc, _ = parse_text(textwrap.dedent(MINI_CRITERIA), file="mini.yaml", path=Path("mini.yaml"))
    assert doc is not None
    cs, problems = parse_model(doc, CriteriaSet)
    assert cs is not None, problems
    return cs


AREAS = (
    GroupScore(
        "1",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        Decimal("8.5"),
        Decimal(10),
        Decimal(85),
    ),
    GroupScore("2", "Cải cách thủ tục hành chính", Decimal(0), Decimal(0), None),
)


@pytest.mark.slow
def test_the_same_data_gives_the_same_png_without_metadata() -> None:
    cs = criteria()
    first = area_chart(AREAS, cs, title="Tỷ lệ điểm đạt theo lĩnh vực")
    assert first == area_chart(AREAS, cs, title="Tỷ lệ điểm đạt theo lĩnh vực")
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG"
    assert "Software" not in image.info
    assert round(image.info["dpi"][0]) == 150


@pytest.mark.slow
def test_charts_grow_with_the_number_of_bars() -> None:
    cs = criteria()
    one = Image.open(io.BytesIO(area_chart(AREAS[:1], cs, title="A")))
    two = Image.open(io.BytesIO(area_chart(AREAS, cs, title="A")))
    assert one.width == two.width and two.height > one.height


def test_a_ranking_chart_draws_every_agency() -> None:
    from parcli.scoring import ScoreCard

    def card(name: str, index: Decimal | None) -> ScoreCard:
        return ScoreCard(
            "mini",
            name,
            name,
            "",
            (),
            (),
            (),
            Decimal(0),
            Decimal(0),
            Decimal(0),
            Decimal(0),
            index,
            False,
            None,
            (),
        )

    ranked = [Ranked(1, card("Sở A", Decimal(95))), Ranked(None, card("Sở B", None))]
    png = ranking_chart(ranked, criteria(), title="Xếp hạng")
    assert Image.open(io.BytesIO(png)).size[1] > 300


def test_agencies_sharing_a_rank_at_the_end_are_named_one_under_another() -> None:
    from parcli.report.charts import label_offsets

    # Two agencies tie at rank 4 on the last moment; a third ends elsewhere; one has no rank.
    assert label_offsets([[1, 4], [2, 4], [3, 5], [None, None], [4, 4]]) == [0, -9, 0, 0, -18]
