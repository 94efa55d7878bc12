"""Errors a user can act on.  The CLI prints them as one line, no traceback."""
from __future__ import annotations


class UserError(Exception):
    """Something about the user's input or environment; the message says what
    is wrong, where, and what to do next."""

    exit_code = 2


class CastError(UserError):
    """A casting file problem: names the file, line and key."""

    def __init__(self, path, line: int | None, key: str | None, problem: str):
        where = f"{path}"
        if line:
            where += f":{line}"
        if key:
            where += f" (key '{key}')"
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.key, self.problem = path, line, key, problem


class EngineError(UserError):
    """A speech engine failed or is missing."""

    exit_code = 3


class DependencyError(UserError):
    """A system program or library is missing; the message gives the install command."""

    exit_code = 4
