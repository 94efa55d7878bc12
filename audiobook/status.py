"""A spinner on stderr while a long step with no count of its own runs
(scripting a novel takes seconds), only when stderr is a terminal."""
from __future__ import annotations

import sys
from contextlib import contextmanager

SCRIPTING = "reading the book: chapters, quotations and who speaks them"


@contextmanager
def working(message: str, enabled: bool | None = None):
    """Show ``message`` with a spinner while the block runs; it is gone after."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message, spinner="dots"):
        yield
