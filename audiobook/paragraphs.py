"""Find the paragraphs of a stretch of text, in any plain-text layout.

In a text of unwrapped lines (many longer than any wrap width) every line is
a paragraph, when blank lines stand only between chapters or nowhere; where
they stand between most lines, they alone part paragraphs (a single newline
is a line break in one).  Otherwise a blank line separates paragraphs; in texts
without blank lines an indented line does.  Hard-wrapped lines (single
newlines inside a paragraph) stay together, except in texts with neither
blank lines nor (more than a few) indents: there a paragraph ends after a
line that ends a sentence when the next line's first word would have fitted
on it, or the line is well short of the wrap width; before a line that opens
a quotation after a sentence's end, or a capital after a quoted one; around
a chapter heading; and before a line opening with a dialogue dash (one line
per turn in dash dialogue).
"""
from __future__ import annotations

import re

from .chapters import is_heading_line

_NEWLINE_RUN_RE = re.compile(r"\n\s*")
_NON_SPACE_RE = re.compile(r"\S")
# A line opening a turn of dash dialogue: em dash, horizontal bar, en dash or
# two hyphens, then a word or a quote mark.
_DASH_LINE_RE = re.compile(r"(?:[\u2014\u2015\u2013]|--)[ \t\u00a0]?[\w\"'\u201c\u2018\u00bf\u00a1]")
_SENTENCE_END_RE = re.compile(r"[.!?:\u2026][\"'\u201d\u2019)\]_*]*$")
# A line ending a sentence (a quoted one, or narration), and one opening a quotation:
# a turn of dialogue begins, however full the first line is (so it is in 97% of such
# lines of hard-wrapped novels, and in 99.96% after a quotation's end).
# So is a line ending a quoted sentence before one opening on a capital (98%).
_TURN_END_RE = re.compile(r"[.!?\u2026\u2014-][_*)]*([\"\u201d\u2019']?)$")
_TURN_START_RE = re.compile(r"[\"\u201c\u2018']\w")
_CAPITAL_RE = re.compile(r"_?[A-Z]")
_FIRST_WORD_RE = re.compile(r"\S*")
# A line this much shorter than the wrap width ends a paragraph when it ends
# a sentence (wrapping fills every line of a paragraph but its last).
_SHORT_LINE = 0.7
# Indented lines part paragraphs when they are this share of all lines at least (a
# paragraph of ten lines); fewer are quotations set off in a text of unmarked paragraphs.
INDENTED_SHARE = 0.1
# A text whose lines run past this length this often is not hard-wrapped (a wrap keeps
# every line under its width, 70-120 characters): its lines are paragraphs.
LONG_LINE = 150
LONG_SHARE = 0.1


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
    # each line's (start, end), the whitespace around it left out
    lines = list(zip([start] + [we for _, we, _, _ in runs], [ws for ws, _, _, _ in runs] + [end]))
    if _unwrapped(lines) and len(runs) - blank > blank:
        # lines longer than any wrap width, most of them not parted by blank lines (these stand
        # only between chapters and scenes, if anywhere): every line is a paragraph.  Where
        # blank lines part them, a single newline is a line break inside a paragraph.
        is_break = lambda r: True  # noqa: E731
    elif blank and (len(runs) - blank) / (blank + 1) < 40:
        is_break = lambda r: r[2] >= 2  # noqa: E731
    elif indents >= max(2, INDENTED_SHARE * len(runs)):
        is_break = lambda r: r[2] >= 2 or r[3]  # noqa: E731
    elif indents:
        # a few indented lines (a letter, a verse) are all the indents this wrapped text
        # has: they end paragraphs, and so do the signs of unmarked breaks
        # (not an indented line that goes on with a small letter: '"...brother,"' / ' cried Emma')
        unmarked = _unmarked_breaks(text, end, lines, dashes=False)
        is_break = lambda r: r[3] and not text[r[1]].islower() or unmarked(r)  # noqa: E731
    elif runs and (end - start) / (1 + sum(1 for r in runs if r[1] < end)) > 100:
        is_break = lambda r: True  # noqa: E731
    else:
        is_break = _unmarked_breaks(text, end, lines)

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


def _heading(line: str) -> bool:
    return len(line) < 60 and is_heading_line(line)


def _line_end(text: str, start: int, end: int) -> int:
    i = text.find("\n", start, end)
    return end if i < 0 else i


def _unwrapped(lines: list[tuple[int, int]]) -> bool:
    """Whether many lines are longer than any wrap width: a text of unwrapped
    paragraphs, with blank lines between them or, as e-book exports often have,
    only between chapters (however many short lines of dialogue it has)."""
    lengths = [b - a for a, b in lines if b > a]
    return sum(1 for n in lengths if n > LONG_LINE) > LONG_SHARE * len(lengths)


def _unmarked_breaks(text: str, end: int, lines: list[tuple[int, int]], dashes: bool = True):
    """Paragraph breaks of hard-wrapped text with neither blank lines nor
    indents (see the module's docstring); `dashes`: a line opening with a
    dialogue dash starts a turn."""
    lengths = sorted(b - a for a, b in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    widest = lengths[int(0.98 * (len(lengths) - 1))] if lengths else 0  # the wrap width
    line_start = {b: a for a, b in lines}

    def is_break(r) -> bool:
        ws, we, newlines, _ = r
        if newlines >= 2 or dashes and _DASH_LINE_RE.match(text, we):
            return True
        line = text[line_start[ws]:ws]
        if _heading(line) or _heading(text[we:_line_end(text, we, end)]):
            return True  # a chapter heading ("CHAPTER VII") is a paragraph of its own
        closes = _TURN_END_RE.search(line)
        if closes and (_TURN_START_RE.match(text, we) or closes.group(1) and _CAPITAL_RE.match(text, we)):
            return True  # a sentence ends the line and a quotation opens the next: a new turn
        if not _SENTENCE_END_RE.search(line):
            # ... or it is short (a title: "Sherlock Holmes Gives a Demonstration") and the next opens a quotation
            return len(line) < _SHORT_LINE * width and bool(_TURN_START_RE.match(text, we))
        # a sentence ends the line, and the next line's first word would have fitted on it:
        # a wrap that fills its lines ended it for a new paragraph (96% so in the dev novels)
        word = _FIRST_WORD_RE.match(text, we)
        return len(line) < _SHORT_LINE * width or len(line) + 1 + len(word.group()) <= widest
    return is_break
