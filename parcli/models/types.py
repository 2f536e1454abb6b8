"""What both file models are made of: text, ids and numbers as people write them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

CRITERIA_FORMAT = "parcli/criteria/1"
SUBMISSION_FORMAT = "parcli/submission/1"


def empty_if_none(empty: type) -> BeforeValidator:
    """`items:` with nothing under it means "none yet", not an error."""
    return BeforeValidator(lambda value: empty() if value is None else value)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Ids are never stripped: "1.1.2 " would look like 1.1.2 and be another key, so an id with
# spaces around it is refused by its pattern.
ITEM_ID_PATTERN = r"^[1-9][0-9]*(\.[1-9][0-9]*)*$"
ItemId = Annotated[str, StringConstraints(strip_whitespace=False, pattern=ITEM_ID_PATTERN)]
# A key of `items:`, `survey:` or a round: any text to the model, so that `validate` says
# what a wrong id should be (unknown-item, key-spaces); an id to an editor's schema, which
# marks "1.1.2 " or "1,1,2" as it is typed.
ItemKey = Annotated[str, WithJsonSchema({"type": "string", "pattern": ITEM_ID_PATTERN})]
ITEM_KEYS_ONLY = Field(json_schema_extra={"additionalProperties": False})  # on such a mapping
# What a file names for other keys to refer to (a plan task, its area and section): free
# text, but one word at its edges, so " T1" is refused rather than taken for T1.
Name = Annotated[
    str, StringConstraints(strip_whitespace=False, min_length=1, pattern=r"^\S(.*\S)?$")
]
InputName = Annotated[str, StringConstraints(strip_whitespace=False, pattern=r"^[a-z][a-z0-9_]*$")]
AgencyId = Annotated[
    str, StringConstraints(strip_whitespace=False, pattern=r"^[a-z0-9][a-z0-9-]*$")
]
# A criteria set's id names files and appears in paths: letters, digits, `.`, `_`, `-`.
CriteriaId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=False, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
    ),
]
# An item's id in the previous year's set, or `none`: the item is new this year.
Was = Annotated[
    str,
    StringConstraints(strip_whitespace=False, pattern=r"^(none|[1-9][0-9]*(\.[1-9][0-9]*)*)$"),
]
NEW_ITEM = "none"
GroupId = Annotated[str, StringConstraints(strip_whitespace=False, pattern=r"^[a-z][a-z0-9-]*$")]
# Numbers as people write them: ASCII digits, one optional sign and point, an optional
# exponent. Python's Decimal would also take "0_5" (as 5), full-width or Arabic-Indic digits.
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
# Scores, maxima and counts of this domain are far inside this; beyond it a value is a typo
# (and 1e999999999 would make exact arithmetic and printing run away).
_DIGITS = 10  # whole-number digits: up to 9,999,999,999
_SMALLEST_PLACE = -12


def _plain_number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not _NUMBER.match(text):
        raise PydanticCustomError("decimal_parsing", "not a number")
    number = Decimal(text)
    if number.is_zero():
        number = number.copy_abs()  # "-0" is 0, and is written 0
    exponent = number.as_tuple().exponent
    # adjusted() reads the magnitude without arithmetic, which would overflow on 1e999999999
    if number.adjusted() >= _DIGITS or (isinstance(exponent, int) and exponent < _SMALLEST_PLACE):
        raise PydanticCustomError(
            "number_range",
            "số {value} nằm ngoài khoảng parcli nhận (tối đa 10 chữ số phần nguyên, 12 chữ số thập phân); "
            "hãy kiểm tra lại",
            {"value": text[:40]},
        )
    return number


def parse_decimal(text: str) -> Decimal | None:
    """A number as a file would accept it (digits, one point, within parcli's range), or None."""
    try:
        number = _plain_number(text)
    except PydanticCustomError:
        return None
    return number if isinstance(number, Decimal) else None


class _NumberAsText:
    """In the JSON Schemas, a number may be written as text only if it reads as one: an
    editor then flags `self: 0,5` or `self: mot` as it is typed."""

    def __init__(self, sign: str) -> None:
        self.pattern = "^" + sign + _NUMBER.pattern.removeprefix("^[+-]?")

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        for branch in schema.get("anyOf", ()):
            if branch.get("type") == "string":
                branch["pattern"] = self.pattern
        return schema


# Constraints come before the text check so that they also reach the JSON Schemas.
_TEXT = BeforeValidator(_plain_number)
Points = Annotated[Decimal, Field(allow_inf_nan=False), _TEXT, _NumberAsText("[+-]?")]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False), _TEXT, _NumberAsText(r"\+?")]
Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False), _TEXT, _NumberAsText(r"\+?")]
Percent = Annotated[Decimal, Field(gt=0, le=100, allow_inf_nan=False), _TEXT, _NumberAsText(r"\+?")]
Negative = Annotated[Decimal, Field(lt=0, allow_inf_nan=False), _TEXT, _NumberAsText("-")]
Method = Literal["self", "survey"]
RuleKind = Literal["levels", "bands", "ratio", "check", "manual", "deduction"]
Answer = Literal["có", "không", "yes", "no"]
Status = Literal["not_started", "in_progress", "done", "cancelled"]


class Model(BaseModel):
    """Every file model: immutable, no unknown keys, text stripped of surrounding spaces."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def answer_is_yes(answer: str) -> bool:
    return answer in ("có", "yes")


def id_key(item_id: str) -> tuple[int, ...]:
    """Ids in the set's order: 1.2 < 1.10 < 2 (text order would put 1.10 before 1.2)."""
    return tuple(int(part) if part.isdigit() else 0 for part in item_id.split("."))
