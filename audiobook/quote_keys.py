"""Stable ids for quotations, and the quotation a user's fix names.

A quotation's id is "q" + 10 hex digits of a hash of its normalised text
(case and spacing folded).  Text the book has more than once ("Yes.",
"Thank you, sir.") also carries its context: "-" + 4 hex digits hashing the
four words before it + 4 hashing the four words after it (an "s" after them when another copy has the same words on one
side: then only both sides will do; and "-N" for the N-th of copies alike on
both sides).  Numbering the copies in order was
rejected: adding or removing a copy earlier in the book renumbered the later
ones, and a fix silently moved to another quotation.

A fix applies to the quotation with its text and, for a contextual id, with
the words on at least one side unchanged: a paragraph added before it, a
chapter retitled, another quotation edited, each leaves one side as it was
(one side is not enough for an "s" id: it may be the other copy's).
A fix whose quotation was edited or removed, or whose id now fits several
quotations, applies to none and is reported; it never moves to another one.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from .model import DIALOGUE, Segment
from .quote_marks import QUOTE_CHARS

CONTEXT_WORDS = 4  # words either side: enough to tell copies apart, few enough that edits nearby rarely reach
CONTEXT_WINDOW = 200  # characters searched for them
KEY = re.compile(r"^q([0-9a-f]{10})(?:-([0-9a-f]{8})(s?))?(?:-([0-9]+))?$")
ID_EXAMPLE = "q2a41c762b0 or q2a41c762b0-3f9ac1d2"


@dataclass(frozen=True)
class QuoteKey:
    text: str                 # 10 hex digits: the quotation's text
    context: str | None       # 8 hex digits: the words before (4) and after (4), for repeated text
    number: int | None        # N-th of copies alike on both sides (an old id: N-th copy of the text)
    strict: bool = False      # another copy shares one side: both sides must match


def normalize_quote(text: str) -> str:
    body = text.strip().strip(QUOTE_CHARS).strip()
    return re.sub(r"\s+", " ", body).lower()


def parse_key(key: str) -> QuoteKey | None:
    """The parts of a quotation id, or None when it is not one."""
    m = KEY.match(key.strip())
    if not m:
        return None
    return QuoteKey(m.group(1), m.group(2), int(m.group(4)) if m.group(4) else None, m.group(3) == "s")


def _digest(s: str, digits: int) -> str:
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()[:digits]


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Hashes of the words just before and just after text[start:end]."""
    before = re.findall(r"\w+", text[max(0, start - CONTEXT_WINDOW):start].casefold())[-CONTEXT_WORDS:]
    after = re.findall(r"\w+", text[end:end + CONTEXT_WINDOW].casefold())[:CONTEXT_WORDS]
    return _digest(" ".join(before), 4), _digest(" ".join(after), 4)


@dataclass(frozen=True)
class _Quote:
    index: int     # segment index
    text: str      # text hash
    before: str
    after: str


def _quotes(segments: list[Segment], text: str) -> list[_Quote]:
    return [_Quote(i, _digest(normalize_quote(s.text), 10), *_context(text, s.start, s.end))
            for i, s in enumerate(segments) if s.kind == DIALOGUE]


def quote_ids(segments: list[Segment], text: str) -> dict[int, str]:
    """Segment index -> stable id, for every dialogue segment."""
    quotes = _quotes(segments, text)
    copies = Counter(q.text for q in quotes)
    sides = Counter((q.text, "before", q.before) for q in quotes) + Counter((q.text, "after", q.after) for q in quotes)
    seen: Counter = Counter()
    out = {}
    for q in quotes:
        shared = sides[(q.text, "before", q.before)] > 1 or sides[(q.text, "after", q.after)] > 1
        qid = f"q{q.text}" if copies[q.text] == 1 else f"q{q.text}-{q.before}{q.after}" + ("s" if shared else "")
        seen[qid] += 1
        out[q.index] = qid + (f"-{seen[qid]}" if seen[qid] > 1 else "")
    return out


def locate_fixes(fixes: dict[str, str], segments: list[Segment], text: str, book: str = "BOOK",
                 places: dict[str, str] | None = None) -> tuple[dict[str, int], list[str]]:
    """Fix key -> the segment it names; and a note for every fix applied to
    none, saying why and what to do (`book`: the path the advice names;
    `places`: each fix's "file:line" in the casting file)."""
    quotes = _quotes(segments, text)
    found: dict[str, int] = {}
    notes = []
    for key, speaker in fixes.items():
        index, problem = _locate(parse_key(key), quotes)
        if index is None:
            where = f"{places[key]}: " if places and key in places else ""
            notes.append(f"{where}the fix \"{key}\" = \"{speaker}\" was not applied: {naming(problem, book)}")
        else:
            found[key] = index
    return found, notes


def locate(key: str, segments: list[Segment], text: str) -> tuple[int | None, str]:
    """The segment a quotation id names, or None and why not."""
    return _locate(parse_key(key), _quotes(segments, text))


def naming(problem: str, book: str) -> str:
    """A problem of `locate` with the book's path in its advice (they say BOOK)."""
    return problem.replace("BOOK", book)


STALE = ("no quotation has that id now (it was edited or removed); find its new id with "
         "`audiobook script BOOK --review` or `--format jsonl` and fix it again, or delete the line")


def _locate(key: QuoteKey | None, quotes: list[_Quote]) -> tuple[int | None, str]:
    if key is None:
        return None, f"that is not a quotation id (ids look like {ID_EXAMPLE}); delete the line or correct it"
    same_text = [q for q in quotes if q.text == key.text]
    if key.context is None:
        if key.number is not None:  # an id from when copies were numbered in order
            return None, ("ids of repeated quotations now carry their context; fix it again with the id "
                          "`audiobook script BOOK --review` or `--format jsonl` shows, and delete this line")
        if len(same_text) == 1:
            return same_text[0].index, ""
        if not same_text:
            return None, STALE
        return None, (f"the book now has {len(same_text)} quotations with that text; fix the one you mean "
                      "again with its id from `audiobook script BOOK --format jsonl`, and delete this line")
    before, after = key.context[:4], key.context[4:]
    alike = [q for q in same_text if q.before == before and q.after == after]
    if alike:
        return (alike[(key.number or 1) - 1].index, "") if len(alike) >= (key.number or 1) else (None, STALE)
    one_side = [] if key.strict else [q for q in same_text if q.before == before or q.after == after]
    if len(one_side) == 1:
        return one_side[0].index, ""
    if one_side:
        return None, (f"{len(one_side)} quotations with that text and context could be meant; fix the one "
                      "you mean again with its id from `audiobook script BOOK --format jsonl`")
    return None, STALE
