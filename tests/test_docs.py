"""The README is user interface too: every command, code and setup step in it is real."""

from __future__ import annotations

import re

import typer.main

from parcli.cli import app
from parcli.problems import CODES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.extend(f"{name} {sub}" for sub in subcommands)
        else:
            names.append(name)
    return names


def test_every_command_is_shown_in_the_readme() -> None:
    missing = [name for name in command_names() if f"parcli {name}" not in README]
    assert missing == []


def test_every_problem_code_is_documented_in_the_readme() -> None:
    section = README.split("### Problem codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.M))
    assert documented == set(CODES)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    main_job, tests = blocks[0], blocks[1]
    assert "parcli score submissions/" in main_job
    assert "pytest" in tests
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == tests


def test_every_exit_code_is_documented() -> None:
    from parcli import cli

    for code in (
        cli.EXIT_OK,
        cli.EXIT_PROBLEMS,
        cli.EXIT_USAGE,
        cli.EXIT_INTERNAL,
        cli.EXIT_INTERRUPTED,
    ):
        assert re.search(rf"^\| {code} \|", README, flags=re.M), code


def layout_sections() -> dict[str, str]:
    """The Layout tree's text under each package folder (`parcli/check/` → its lines)."""
    block = README.split("## Layout", 1)[1].split("```", 2)[1]
    sections: dict[str, list[str]] = {"": []}
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        header = re.match(r"^ *(\w+)/(\s|$)", line)
        if header and indent <= 2 * len(stack) + 2:
            stack = [(i, name) for i, name in stack if i < indent]
            if line.strip().startswith("parcli/"):
                stack = []
                continue
            stack.append((indent, header.group(1)))
            # a folder's line may name its modules itself: "models/  … criteria.py (the set)"
            sections.setdefault("/".join(name for _, name in stack), []).append(line)
            continue
        if header is None and stack and indent <= stack[-1][0]:
            stack = [(i, name) for i, name in stack if i < indent]
        sections.setdefault("/".join(name for _, name in stack), []).append(line)
    return {folder: "\n".join(lines) for folder, lines in sections.items()}


def test_the_layout_names_every_module_in_its_folder() -> None:
    # A module split or added without a line in the Layout leaves a maintainer guessing.
    sections = layout_sections()
    everywhere = "\n".join(sections.values())
    missing = []
    for path in sorted((REPO / "parcli").rglob("*.py")):
        if path.name == "__init__.py" or "__pycache__" in path.parts:
            continue
        folder = path.parent.relative_to(REPO / "parcli").as_posix().strip(".")
        named = re.search(rf"\b{re.escape(path.name)}\b", sections.get(folder, ""))
        full = f"{folder}/{path.name}" if folder else path.name
        if named is None and full not in everywhere:
            missing.append(full)
    assert missing == []
