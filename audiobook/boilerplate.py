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
# and the 1990s header's last line "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*..." (from 2001
# "*END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*...")
_START_RE = re.compile(r"^[ \t]*(?:\*{3}[ \t]*START OF (?:THE |THIS )?PROJECT GUTENBERG\b"
                       r"|\*END\*?[ \t]*THE SMALL PRINT)[^\n]*", re.I | re.M)
# "*** END OF THE PROJECT GUTENBERG EBOOK X ***", or the line that often comes first:
# "End of the Project Gutenberg EBook of X" / "End of this Project Gutenberg Etext of X" /
# "End of Project Gutenberg's X"
_END_RE = re.compile(r"^[ \t]*(?:\*{3}[ \t]*END OF (?:THE |THIS )?PROJECT GUTENBERG\b|"
                     r"End of (?:the |this )?Project Gutenberg(?:'s|\b))", re.I | re.M)
_HEADER_REACH = 0.5  # a start line past the middle of the text is a quotation of one, not the header ...
# ... unless the text opens as a Gutenberg text does, its first line naming it ("The Project Gutenberg
# EBook of X, by Y", "**The Project Gutenberg Etext of X**", "Project Gutenberg's X, by Y")
_OPENING_RE = re.compile(r"[\s\ufeff]*[^\n]*Project Gutenberg(?:'s|[ \t,*]+E-?(?:book|text))", re.I)
# ... and an end line before the middle is one too, unless the licence follows it: the name at
# least this often (the licence says it every few hundred characters)
_LICENCE_MENTIONS, _LICENCE_DENSITY = 3, 1 / 1500
_NAME_RE = re.compile(r"Project Gutenberg", re.I)
# the credit line that often follows the start line ("Produced by Charles Franks and the Online
# Distributed Proofreading Team"): the header's, not the book's
_CREDIT_RE = re.compile(r"\s*(?:Produced|Prepared|Transcribed|(?:This )?E-?text (?:was )?prepared) by\b[^\n]*"
                        r"(?:\n[ \t]*\S[^\n]*)*", re.I)


@lru_cache(maxsize=4)
def gutenberg_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The header (text start to the end of its START line, and of the credit
    line right after it) and the licence (its END line to the text end) of a
    Project Gutenberg text; () for any other."""
    spans = []
    gutenberg_opening = bool(_OPENING_RE.match(text))
    half = int(len(text) * _HEADER_REACH)
    start = _START_RE.search(text, 0, len(text) if gutenberg_opening else half)
    if start and start.start() > half and _END_RE.search(text, 0, start.start()):
        start = None  # the small print after the book's end ("*END THE SMALL PRINT!" of 2002)
    if start:
        credit = _CREDIT_RE.match(text, start.end())
        spans.append((0, credit.end() if credit else start.end()))
    # the licence follows the book: an end line in its second half (or after the start line),
    # or an earlier one that the licence follows
    reach = start.end() if start else half
    end = _END_RE.search(text, reach)
    if not end and not start:
        end = next((m for m in _END_RE.finditer(text, 0, reach) if _licence_follows(text, m.start())), None)
    if end:
        spans.append((end.start(), len(text)))
    return tuple(spans)


def _licence_follows(text: str, at: int) -> bool:
    mentions = sum(1 for _ in _NAME_RE.finditer(text, at))
    return mentions >= _LICENCE_MENTIONS and mentions >= _LICENCE_DENSITY * (len(text) - at)


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
