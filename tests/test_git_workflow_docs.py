"""docs/git-workflow.md and .pre-commit-hooks.yaml: every command, option and code documented."""

from __future__ import annotations

import re

from ruamel.yaml import YAML

from parcli.problems import CODES
from tests.conftest import REPO

DOC = (REPO / "docs" / "git-workflow.md").read_text(encoding="utf-8")
COMMANDS = ["init", "appraise", "survey import", "rounds", "diff", "history", "tag", "schema"]
TABLE_CODES = ["table-header", "unknown-agency", "duplicate-row"]


def test_every_command_has_a_section_and_an_example_session() -> None:
    for command in COMMANDS:
        assert f"## `parcli {command}`" in DOC, command
        assert f"$ parcli {command}" in DOC, command
    for option in ("--dry-run", "--round", "--score", "--note", "--explanation", "--criteria",
                   "--format json", "--chart", "-o DIR", "--format github", "--agency",
                   "--since", "--until", "--item", "--all", "--commits", "--all-parents",
                   "--year", "-m MESSAGE"):  # fmt: skip
        assert option in DOC, option


def test_the_table_codes_are_documented_as_problems_py_describes_them() -> None:
    for code in TABLE_CODES:
        assert f"| `{code}` | {CODES[code]} |" in DOC


def test_the_pre_commit_hook_runs_validate_on_yaml_files() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert {k: hook[k] for k in ("id", "entry", "language", "files", "pass_filenames")} == {
        "id": "parcli-validate",
        "entry": "parcli validate",
        "language": "python",
        "files": r"\.(ya?ml)$",
        "pass_filenames": True,
    }
    paths = [
        "submissions/so-a.yaml",
        "criteria/2026.yml",
        ".pre-commit-config.yaml",
        ".github/workflows/parcli.yml",
        "README.md",
    ]
    chosen = [
        path
        for path in paths
        if re.search(hook["files"], path) and not re.search(hook["exclude"], path)
    ]
    assert chosen == ["submissions/so-a.yaml", "criteria/2026.yml"]


def test_the_yaml_examples_in_the_docs_are_valid_yaml() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.DOTALL)
    assert len(blocks) >= 4
    for block in blocks:
        if "# …" not in block:
            YAML(typ="safe").load(block)
    workflow = YAML(typ="safe").load(next(b for b in blocks if "jobs:" in b))
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "parcli validate --format github" in runs
