"""Numbers for people: half-up rounding, one way to write each number, a notation per reader."""

from __future__ import annotations

from decimal import Decimal as D

from parcli.numbers import VIETNAMESE, exact, plain, quantize, rounded, signed


def test_display_rounds_half_up_and_shows_a_dash_for_no_value() -> None:
    assert rounded(D("81.33333333333333333333333333"), 2) == "81.33"
    assert rounded(D("92.835"), 2) == "92.84"
    assert rounded(None, 2) == "—"


def test_plain_drops_trailing_zeros_and_exponents() -> None:
    assert [plain(D(x)) for x in ("0.50", "1E+1", "2", "0.0", "-0.25")] == [
        "0.5",
        "10",
        "2",
        "0",
        "-0.25",
    ]


def test_quantize_is_half_up_where_binary_floats_would_round_down() -> None:
    assert quantize(D("2.675"), 2) == D("2.68")


def test_a_change_carries_its_sign_and_a_true_minus() -> None:
    assert [signed(D(x), 2) for x in ("0.5", "-0.25", "0")] == ["+0.50", "−0.25", "0.00"]


def test_exact_keeps_every_digit_for_machines() -> None:
    assert exact(D("81.33333333333333333333333333")) == "81.33333333333333333333333333"
    assert exact(None) is None


def test_a_notation_changes_only_the_punctuation() -> None:
    assert rounded(D("88.105"), 2, VIETNAMESE) == "88,11"
    assert plain(D("1034"), VIETNAMESE) == "1.034"
    assert rounded(D("-1234567.5"), 1, VIETNAMESE) == "-1.234.567,5"
    assert signed(D("-0.5"), 2, VIETNAMESE) == "−0,50"
    assert plain(D("12"), VIETNAMESE) == "12"


def test_a_documents_display_gives_each_kind_of_column_one_precision() -> None:
    from parcli.numbers import Display

    d = Display(VIETNAMESE, points=2, items=4, percent=2)
    assert [d.item(D("1")), d.item(D("4.97988")), d.pts(D("88.1112")), d.pct(D("88.1112"))] == [
        "1,0000",
        "4,9799",
        "88,11",
        "88,11",
    ]
    assert [d.max(D("1.50")), d.max(D("83")), d.max(None)] == ["1,5", "83", "—"]
