"""The `parcli` command: the app that gathers every command family, and its entry point.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage error, 3 internal error,
130 interrupted. Heavy modules are imported inside the commands so `parcli --help` is quick.
"""

from __future__ import annotations

import functools
import sys
from typing import Annotated, Any

import typer
import typer.main

# Typer keeps Click's exceptions in a private module; the pin on typer in pyproject.toml
# (tested minor versions only) is what makes importing them here safe.
from typer._click.exceptions import NoArgsIsHelpError

from parcli.cli.check import check_app
from parcli.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, usage_in_vietnamese
from parcli.cli.compare import compare_app
from parcli.cli.edit import edit_app
from parcli.cli.form import form_app
from parcli.cli.git import git_app
from parcli.cli.plan import plan_app
from parcli.cli.report import report_app
from parcli.cli.streams import OutputClosed, safe_streams

app = typer.Typer(
    name="parcli",
    help="Chỉ số cải cách hành chính (PAR INDEX) từ các tệp YAML: kiểm tra, chấm điểm, báo cáo.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"parcli {version('parcli')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản.")
    ] = False,
) -> None:
    """Chỉ số cải cách hành chính (PAR INDEX) từ các tệp YAML: kiểm tra, chấm điểm, báo cáo."""


app.add_typer(check_app)  # validate, score
app.add_typer(edit_app)  # init, appraise, survey import, schema
app.add_typer(git_app)  # diff, history
app.add_typer(compare_app)  # compare
app.add_typer(plan_app)  # plan, tasks
app.add_typer(report_app, name="report")
app.add_typer(form_app, name="form")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code instead of raising SystemExit."""
    with safe_streams():
        code = _run(argv)
        try:
            sys.stdout.flush()  # the results are delivered only once this succeeds
        except OutputClosed as exc:
            sys.stderr.write(f"parcli: {exc.message}\n")
            return exc.exit_code
        return code


@functools.cache
def _command() -> Any:
    """The Click command Typer builds from the app: built once per process, not per call
    (a caller of `main` in-process, such as the test suite, runs many commands)."""
    return typer.main.get_command(app)


def _run(argv: list[str] | None) -> int:
    try:
        code = _command().main(args=argv, prog_name="parcli", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except (KeyboardInterrupt, typer.Abort):
        return EXIT_INTERRUPTED
    except NoArgsIsHelpError as exc:
        sys.stdout.write(exc.format_message() + "\n")
        return EXIT_OK
    except typer.TyperException as exc:  # Click's usage errors: said in Vietnamese, exit 2
        context = getattr(exc, "ctx", None)
        where = context.command_path if context is not None else "parcli"
        sys.stderr.write(
            f"parcli: lệnh chưa đúng: {usage_in_vietnamese(exc.format_message())}\n"
            f"Xem hướng dẫn: {where} --help\n"
        )
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    return code if isinstance(code, int) else EXIT_OK
