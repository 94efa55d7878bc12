"""Find the paragraphs of a stretch of text.

A blank line separates paragraphs; in texts without blank lines an indented
line does, and in texts of long unwrapped lines every line is a paragraph.
Hard-wrapped lines (single newlines inside a paragraph) stay together.
"""
from __future__ import annotations

import re

_NEWLINE_RUN_RE = re.compile(r"\n\s*")
_NON_SPACE_RE = re.compile(r"\S")


def paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Paragraphs of text[start:end] as (first char, end of content, start of
    the next paragraph).  A blank line separates paragraphs; in texts without
    blank lines an indented line does, and in texts of long unwrapped lines
    every line is a paragraph.  Hard-wrapped lines stay together."""
    runs = []  # whitespace runs holding a newline: (run start, run end, newlines, indented)
    prev_end = start
    for m in _NEWLINE_RUN_RE.finditer(text, start, end):
        ws = m.start()
        while ws > prev_end and text[ws - 1].isspace():
            ws -= 1
        we = m.end()
        newlines = text.count("\n", m.start(), we)
        indented = we < end and text[we - 1] != "\n"
        runs.append((ws, we, newlines, indented))
        prev_end = we
    blank = sum(1 for r in runs if r[2] >= 2)
    indents = sum(1 for r in runs if r[3])
    if blank and (len(runs) - blank) / (blank + 1) < 40:
        is_break = lambda r: r[2] >= 2  # noqa: E731
    elif indents >= 2:
        is_break = lambda r: r[2] >= 2 or r[3]  # noqa: E731
    elif runs and (end - start) / (1 + sum(1 for r in runs if r[1] < end)) > 100:
        is_break = lambda r: True  # noqa: E731
    else:
        is_break = lambda r: r[2] >= 2  # noqa: E731

    spans = []
    first = _NON_SPACE_RE.search(text, start, end)
    if not first:
        return []
    ps = first.start()
    for ws, we, _, _ in filter(is_break, runs):
        if ws <= ps:
            continue  # whitespace before the first paragraph
        if we >= end:
            spans.append((ps, ws, end))
            return spans
        spans.append((ps, ws, we))
        ps = we
    spans.append((ps, ps + len(text[ps:end].rstrip()), end))
    return spans
