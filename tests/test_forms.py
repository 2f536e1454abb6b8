"""The form's layout shared by export and import: versions, headers, values written one way."""

from __future__ import annotations

from decimal import Decimal

from parcli.edit.forms import column_by_header, decode_base, fingerprint, normal_number, normal_text
from tests.conftest import MINI_CRITERIA
from tests.helpers import criteria_from


def test_the_fingerprint_changes_with_what_cells_mean_not_with_wording() -> None:
    base = fingerprint(criteria_from(MINI_CRITERIA))
    reworded = MINI_CRITERIA.replace("Ban hành kế hoạch", "Ban hành Kế hoạch CCHC").replace(
        'text: "Kịp thời: 1', 'text: "Ban hành kịp thời: 1'
    )
    assert fingerprint(criteria_from(reworded)) == base
    assert (
        fingerprint(
            criteria_from(
                MINI_CRITERIA.replace("max: 5", "max: 5.5")
                .replace("self: 8", "self: 8.5")
                .replace("total: 10", "total: 10.5")
            )
        )
        != base
    )
    assert (
        fingerprint(criteria_from(MINI_CRITERIA.replace("points: 0.5}", "points: 0.25}"))) != base
    )


def test_both_sides_write_a_value_alike() -> None:
    assert normal_number(Decimal("1.50")) == normal_number("1.5") == "1.5"
    assert normal_number("0.30000000000000004") == "0.3"
    assert normal_number(None) is None and normal_number("x") == "x"
    assert normal_text("  a\r\nb ") == "a\nb" and normal_text("   ") is None


def test_a_header_names_the_column_of_its_form() -> None:
    assert column_by_header("Điểm tự chấm", "self").key == "self"  # type: ignore[union-attr]
    assert column_by_header("điểm tự chấm", "round1").key == "self_shown"  # type: ignore[union-attr]
    assert column_by_header("Điểm thẩm định", "round2").key == "score"  # type: ignore[union-attr]
    assert column_by_header("Ghi chú riêng", "self") is None


def test_a_base_that_is_not_json_is_no_base() -> None:
    assert decode_base("{not json") is None and decode_base("[1]") is None
    assert decode_base('{"self": "1"}') == {"self": "1"}
