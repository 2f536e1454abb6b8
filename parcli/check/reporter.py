"""Problems as text for people, JSON for machines and annotations for GitHub Actions."""

from __future__ import annotations

import json
from collections.abc import Sequence

from parcli.problems import Problem, count_by_severity, format_key_path


def problems_text(problems: Sequence[Problem], files: int) -> tuple[list[str], str]:
    """The problem lines and a closing summary line."""
    errors, warnings = count_by_severity(problems)
    summary = f"{files} tệp đã kiểm tra: {errors} lỗi, {warnings} cảnh báo"
    return [p.format_line() for p in problems], summary


def problems_json(problems: Sequence[Problem], files: int) -> str:
    errors, warnings = count_by_severity(problems)
    payload = {
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "col": p.col,
                "sheet": p.sheet,
                "cell": p.cell,
                "severity": p.severity.value,
                "path": format_key_path(p.path),
                "code": p.code,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def problems_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""

    def esc(text: str, *, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    lines = []
    for p in problems:
        where = format_key_path(p.path)
        message = f"{where}: {p.message}" if where else p.message
        if p.cell is not None:  # an annotation has no place for a sheet: the message says it
            message = f"{p.cell}: {message}"
        lines.append(
            f"::{p.severity.value} file={esc(p.file, prop=True)},line={p.line},col={p.col},"
            f"title={esc(p.code, prop=True)}::{esc(message)}"
        )
    return "".join(line + "\n" for line in lines)
