"""JSON Schemas of the file formats, from the models, for editors that check YAML as you type."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from parcli.models import CriteriaSet, Submission
from parcli.writes import Write, replace_files

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "criteria.schema.json": (CriteriaSet, "parcli: bộ tiêu chí Chỉ số CCHC (parcli/criteria/1)"),
    "submission.schema.json": (Submission, "parcli: hồ sơ tự chấm (parcli/submission/1)"),
}


def schema_texts() -> dict[str, str]:
    """File name → schema text: same models, same bytes (pydantic orders keys stably)."""
    out: dict[str, str] = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {"$schema": DIALECT, **schema, "title": title}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Both schemas or neither; returns the paths written."""
    writes = [
        Write(folder / name, text.encode("utf-8"), any_old=True)
        for name, text in schema_texts().items()
    ]
    replace_files(writes)
    return [write.path for write in writes]
