"""Conditions that stop a run, each mapped by the CLI to an exit code."""

from __future__ import annotations


class ParcliError(Exception):
    """A run cannot go on; the message is Vietnamese and says what to do."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ParcliError):
    """The command line names something that does not exist or does not fit (exit 2)."""

    exit_code = 2


class Interrupted(ParcliError):
    """Ctrl-C or SIGTERM stopped a run; the message says what was written (exit 130)."""

    exit_code = 130
