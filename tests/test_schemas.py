"""JSON Schemas for editors: written from the models, and the shipped copies kept current."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from parcli.edit.schemas import schema_texts
from parcli.models.types import ITEM_ID_PATTERN
from tests.conftest import REPO, Run

CLI = Callable[..., Run]


def test_the_shipped_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        shipped = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert shipped == text, f"schemas/{name} is out of date: run `parcli schema` in the repo"


def test_schema_writes_both_files_into_the_workspace(mini_workspace: Path, cli: CLI) -> None:
    result = cli("schema", cwd=mini_workspace)
    assert result.code == 0
    assert result.stderr == (
        "Đã ghi schemas/criteria.schema.json\nĐã ghi schemas/submission.schema.json\n"
    )
    (mini_workspace / "schemas" / "criteria.schema.json").unlink()
    assert cli("schema", cwd=mini_workspace / "submissions").code == 0  # finds the workspace
    assert (mini_workspace / "schemas" / "criteria.schema.json").is_file()
    schema = json.loads((mini_workspace / "schemas" / "submission.schema.json").read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["format", "criteria", "agency"]
    survey = schema["properties"]["survey"]
    assert survey["patternProperties"][ITEM_ID_PATTERN]["anyOf"][0] == {
        "minimum": 0.0,
        "type": "number",
    }
    assert survey["additionalProperties"] is False
    assert "self" in schema["$defs"]["ItemEntry"]["properties"]  # aliases, not field names


def test_schema_output_folder_and_stable_bytes(tmp_path: Path, cli: CLI) -> None:
    cli("schema", "-o", str(tmp_path / "a"), cwd=tmp_path)
    cli("schema", "--output", str(tmp_path / "b"), cwd=tmp_path)
    for name in ("criteria.schema.json", "submission.schema.json"):
        a, b = (tmp_path / d / name for d in ("a", "b"))
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes().endswith(b"}\n")


def number_patterns(schema: object) -> list[str]:
    """Every pattern a number written as text must match, wherever it is in the schema."""
    found: list[str] = []
    if isinstance(schema, dict):
        branches = schema.get("anyOf", [])
        if any(b.get("type") == "number" for b in branches if isinstance(b, dict)):
            found += [b["pattern"] for b in branches if b.get("type") == "string"]
        for value in schema.values():
            found += number_patterns(value)
    elif isinstance(schema, list):
        for value in schema:
            found += number_patterns(value)
    return found


def test_a_number_written_as_text_must_read_as_one_so_editors_flag_typos() -> None:
    # `self: 0,5` and `self: mot` passed the schemas: an editor said nothing as they were typed.
    import re

    schema = json.loads(schema_texts()["submission.schema.json"])
    patterns = set(number_patterns(schema))
    assert patterns  # every number field
    for pattern in patterns:
        for good in ("0.5", "1", "12.25", "+1", "1e-2"):
            assert re.match(pattern, good), (pattern, good)
        for bad in ("0,5", "mot", "1.2.3", "", " 1", "1_0", "٣", "-1"):
            assert not re.match(pattern, bad), (pattern, bad)


def test_the_schema_takes_only_item_ids_as_keys_of_items_survey_and_rounds() -> None:
    # "1.1.2 " and "1,1,2" passed the editor's check; `parcli validate` refuses them.
    import re

    schema = json.loads(schema_texts()["submission.schema.json"])
    maps = [schema["properties"][k] for k in ("items", "survey")]
    maps += [schema["$defs"]["Appraisal"]["properties"][k] for k in ("round1", "round2")]
    for mapping in maps:
        assert mapping["additionalProperties"] is False
        (pattern,) = mapping["patternProperties"]
        assert all(re.match(pattern, good) for good in ("1", "1.1.2", "10.12"))
        assert not any(re.match(pattern, bad) for bad in ("1.1.2 ", "1,1,2", "01.1", "1..2"))


def test_the_schema_refuses_a_rule_key_left_empty_as_validate_does() -> None:
    # `levels:` with nothing after it passed the editor's check and failed `parcli validate`.
    rule = json.loads(schema_texts()["criteria.schema.json"])["$defs"]["Rule"]["properties"]
    for key in ("levels", "bands", "percent_of", "ratio_of", "count_of", "check", "step", "cap"):
        branches = rule[key].get("anyOf", [rule[key]])
        assert {"type": "null"} not in branches, key
    assert {"type": "null"} in rule["labels"]["anyOf"]  # labels: may be left empty
