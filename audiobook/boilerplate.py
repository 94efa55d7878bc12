"""Project Gutenberg's header and licence in a plain-text book.

A Gutenberg .txt opens with a header (title, release date, "This eBook is
for the use of anyone anywhere...") up to its "*** START OF THE PROJECT
GUTENBERG EBOOK ... ***" line, and closes with its "*** END OF ..." line and
the licence, some twenty minutes of reading.  Neither is the book: both
stay in the script (every character of the input belongs to a segment) but
are blanked where quotations and speakers are sought and never read aloud.
The EPUB reader drops the same text, which comes there as pages of its own.
"""
from __future__ import annotations

import re
from functools import lru_cache

# "*** START OF THE PROJECT GUTENBERG EBOOK X ***", older "***START OF THIS PROJECT GUTENBERG EBOOK",
# and the 1990s header's last line "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*..."
_START_RE = re.compile(r"^[ \t]*(?:\*{3}[ \t]*START OF (?:THE |THIS )?PROJECT GUTENBERG\b|\*END\*THE SMALL PRINT)"
                       r"[^\n]*", re.I | re.M)
# "*** END OF THE PROJECT GUTENBERG EBOOK X ***", or the line that often comes first:
# "End of the Project Gutenberg EBook of X" / "End of Project Gutenberg's X"
_END_RE = re.compile(r"^[ \t]*(?:\*{3}[ \t]*END OF (?:THE |THIS )?PROJECT GUTENBERG\b|"
                     r"End of (?:the )?Project Gutenberg(?:'s|\b))", re.I | re.M)
_HEADER_REACH = 0.5  # a start line past the middle of the text is a quotation of one, not the header


@lru_cache(maxsize=4)
def gutenberg_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The header (text start to the end of its START line) and the licence
    (its END line to the text end) of a Project Gutenberg text; () for any other."""
    spans = []
    start = _START_RE.search(text, 0, int(len(text) * _HEADER_REACH))
    if start:
        spans.append((0, start.end()))
    # the licence follows the book: an end line in its second half (or after the start line)
    end = _END_RE.search(text, start.end() if start else int(len(text) * _HEADER_REACH))
    if end:
        spans.append((end.start(), len(text)))
    return tuple(spans)


@lru_cache(maxsize=4)
def blank_boilerplate(text: str) -> str:
    """``text`` with its Gutenberg header and licence blanked, newlines kept
    (the same length, so offsets hold); the text itself when it has none."""
    spans = gutenberg_spans(text)
    if not spans:
        return text
    out, at = [], 0
    for a, b in spans:
        out.append(text[at:a])
        out.append(re.sub(r"[^\n]", " ", text[a:b]))
        at = b
    out.append(text[at:])
    return "".join(out)


def unread(text: str, spans, start: int, end: int) -> str:
    """``text[start:end]`` less what falls inside `spans` (never read aloud)."""
    out, at = [], start
    for a, b in spans:
        if b <= at or a >= end:
            continue
        out.append(text[at:max(a, at)])
        at = min(b, end)
    out.append(text[at:end])
    return "".join(out)
