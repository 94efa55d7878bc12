"""Pair the quote marks of a paragraph into quotations.

``find_quotes`` walks a paragraph's marks of the chapter's style (as
classified by ``quote_marks``) and pairs openers with closers; the other
kind of mark inside a quotation is a nested quote and stays part of it.  A
quotation may be left open at the paragraph end (the speech goes on in the
next paragraph, which reopens it with a new mark) or run on through
paragraphs with no marks at all until a later paragraph closes it
(``closing_paragraph``).  Scare quotes, titles and block quotes are dropped
(``scare_quotes``).

Damaged or sloppy texts get a second look: in the single style a closer
followed by another sentence-ending closer with no opener between closed a
nested quote whose opener was lost; an elision-shaped opener (‘Ow!’) opens a
speech when nothing else can; a closer after -s inside a long speech (Dr.
Wilkins’ prescription) is an apostrophe.  Straight double marks nested in a
speech after a verb of speech (...I said, "Go," and he...) stay in it.
"""
from __future__ import annotations

import re

from .quote_marks import CLOSE, DOUBLE, EITHER, MARK_CHARS, MARK_RE, NONE, OPEN, SINGLE, classify
from .scare_quotes import is_block_quote, is_scare_quote

_SPEECH_PUNCT = set(".,!?;:\u2026\u2014-")
_NON_SPACE_RE = re.compile(r"\S")


def opens_with_mark(text: str, ps: int, pe: int, style: str) -> bool:
    """Paragraph ``text[ps:pe]`` starts with an opening mark."""
    return text[ps] in MARK_CHARS[style] and classify(text, ps, ps, pe, style) in (OPEN, EITHER)


def closing_paragraph(text: str, paragraphs: list[tuple[int, int, int]], idx: int, style: str, reach: int = 10):
    """A quotation left open runs on through paragraphs without quote marks
    (a recited verse, a long speech) when a later paragraph's first mark
    closes it: the index of that paragraph, or None."""
    for j in range(idx, min(len(paragraphs), idx + reach)):
        ps, pe, _ = paragraphs[j]
        kind = NONE
        for m in MARK_RE[style].finditer(text, ps, pe):
            i = m.start()
            kind = classify(text, i, ps, pe, style)
            if kind != NONE:
                break  # the first mark that is not an apostrophe
        if kind == NONE:
            continue
        if kind != CLOSE:
            return None
        if style == SINGLE and not (i > ps and text[i - 1] in _SPEECH_PUNCT):
            return None  # could be an apostrophe (the boys’)
        return j
    return None


def find_quotes(text: str, ps: int, pe: int, style: str, start_open: bool = False):
    """Quotations inside paragraph text[ps:pe] as (start, end) including marks,
    and whether the last one was still open at the paragraph end.
    ``start_open``: the paragraph starts inside a running quotation."""
    marks = [m.start() for m in MARK_RE[style].finditer(text, ps, pe)]
    if not marks:
        return ([(ps, pe)], True) if start_open else ([], False)
    kinds = [classify(text, i, ps, pe, style) for i in marks]
    if style == SINGLE:
        _reopen_on_elisions(text, ps, marks, kinds, start_open)
    quotes: list[tuple[int, int, bool]] = []  # (start, end, closed by a mark)
    open_at = ps if start_open else -1
    n = len(marks)
    # For each mark: is there a later closer before the next opener?  Lets a
    # closer-shaped apostrophe (the boys' room, runnin') be skipped when the
    # quotation clearly closes further on.
    later_closer = [False] * n
    # ... and a later closer that ends a sentence or clause (,’ .’ !’), not an
    # apostrophe: in the single style this one then closed a nested quote
    # whose opening mark is lost, and the outer quotation goes on.
    later_speech_closer = [False] * n
    seen_closer = seen_speech_closer = False
    for k in range(n - 1, -1, -1):
        later_closer[k], later_speech_closer[k] = seen_closer, seen_speech_closer
        if kinds[k] in (CLOSE, EITHER):
            seen_closer = True
            seen_speech_closer = seen_speech_closer or _punct_before(text, marks[k], ps)
        if kinds[k] == OPEN:
            seen_closer = seen_speech_closer = False
    nested_close = -1  # a nested quote's closing mark, to pass over
    next_closer = [n] * (n + 1)  # index of the first closer-shaped mark after each mark
    for k in range(n - 1, -1, -1):
        next_closer[k] = k + 1 if k + 1 < n and kinds[k + 1] in (CLOSE, EITHER) else next_closer[k + 1]
    for k, i in enumerate(marks):
        kind = kinds[k]
        if k == nested_close and next_closer[k] < n:
            continue  # (the paragraph's last closer closes the speech too: ...said, "Go.")
        if open_at >= 0 and kind == EITHER and style == DOUBLE and _nested_opener(text, i, ps, open_at):
            nested_close = next_closer[k]
            continue
        if open_at < 0:
            if kind in (OPEN, EITHER):
                open_at = i
        elif kind == OPEN and style == SINGLE and _dropped_h(text, i, ps):
            continue  # the ‘ide off me, come ‘ome: an elision inside the speech
        elif kind == OPEN and text[i] != '"':
            # A new opener inside an open quotation: the first never closed.
            quotes.append((open_at, _trim_end(text, open_at, i), False))
            open_at = i
        elif kind in (CLOSE, EITHER) or kind == OPEN:
            if kind == CLOSE and style == SINGLE and later_closer[k] and _word_before(text, i, ps):
                continue  # apostrophe: possessive or dropped letter
            if kind == CLOSE and style == SINGLE and later_speech_closer[k]:
                continue  # ‘He said,    Go!’ and left.’: a nested quote's closer
            if kind == CLOSE and style == SINGLE and not later_closer[k] and _plural_possessive(text, open_at, i, pe):
                continue  # ‘...in Dr. Wilkins’ prescription: the quotation runs on
            quotes.append((open_at, i + 1, True))
            open_at = -1
    if open_at >= 0:
        quotes.append((open_at, pe, False))
    kept = [
        (qs, qe)
        for qs, qe, closed in quotes
        if _NON_SPACE_RE.search(text, qs + 1, qe - closed)  # not "" or “  ”
        and not (text[qs] in MARK_CHARS[style] and is_block_quote(text, qs, qe))
        and not is_scare_quote(text, qs, qe - closed, ps)
    ]
    return kept, open_at >= 0 and bool(kept) and kept[-1] == quotes[-1][:2]


def stray_apostrophe(text: str, qs: int, ps: int, style: str) -> bool:
    """A straight single mark opening a quotation in the middle of the
    narrator's sentence (after a lowercase word): if the quotation never
    closes, the mark was an apostrophe (supported by 'Enery, her little boy)."""
    return style == SINGLE and text[qs] == "'" and qs - 2 >= ps and text[qs - 1] == " " and text[qs - 2].islower()


def _reopen_on_elisions(text, ps, marks, kinds, start_open):
    """A mark before a word read as an elision (‘Ow!’, 'Tis hard.', ’Twas
    so,’ or an opener set the wrong way round: ’Hello,’) opens a quotation
    after all when the quotation before it is closed and the next mark
    closes a sentence: nothing else could open that speech."""
    n = len(marks)
    nxt = [None] * n  # the next mark that is not an elision (linear time)
    last = None
    for k in range(n - 1, -1, -1):
        nxt[k] = last
        if kinds[k] != NONE:
            last = k
    before = None  # the last mark before k that is not an elision
    for k, i in enumerate(marks):
        if kinds[k] == NONE and (i == ps or text[i - 1].isspace()):
            after = nxt[k]
            if after is not None and kinds[after] == CLOSE and _punct_before(text, marks[after], ps):
                if before is None and not start_open or before is not None and kinds[before] == CLOSE and _punct_before(
                    text, marks[before], ps
                ):
                    kinds[k] = OPEN
        if kinds[k] != NONE:
            before = k


_NESTED_INTRO_RE = re.compile(
    r"\b(said|say|says|saying|cried|cry|asked|ask|answered|replied|exclaimed|called|shouted|whispered|"
    r"muttered|thought|wrote|added|sang|words?)\b(\s+\w+){0,3}?[,:]?\s+$"
)


def _nested_opener(text, i, ps, open_at):
    """A straight opening-shaped mark inside an open quotation right after a
    verb of speech ("...and I said, "Have you..."): a quote nested in the
    speech with the same marks, not the end of it."""
    if not (text[i - 1].isspace() and text[i + 1 : i + 2].isalnum()):
        return False
    return bool(_NESTED_INTRO_RE.search(text, max(open_at + 1, i - 40), i))


_TAG_WORDS = frozenset(
    "said says say asked cried replied answered exclaimed whispered added continued returned thought "
    "he she they i we you it his her their".split()
)


_DROPPED_END_RE = re.compile(r"(?:\b[A-Za-z]{2,}in|\b(?:an|o|wi|th))$")


def _plural_possessive(text, open_at, i, pe):
    """The mark ends a word in -s or one with a dropped letter (runnin’,
    an’, o’) and a lowercase word follows that is no tag (the boys’ hats,
    Dr. Wilkins’ prescription, the dog runnin’ loose), inside a speech well
    under way (a clause and six words since the opener; a quoted title or
    label is short: the ‘Apartments’ card): an apostrophe."""
    if text[i + 1 : i + 2] != " ":
        return False
    if not (text[i - 1] == "s" and text[i - 2 : i - 1].isalpha()) and not _DROPPED_END_RE.search(
        text, max(open_at, i - 20), i
    ):
        return False
    so_far = text[open_at + 1 : i]
    if len(so_far.split()) < 6 or not any(c in so_far for c in ",.;:!?"):
        return False
    word = re.match(r"[a-z]+\b", text[i + 2 : min(pe, i + 16)])
    return bool(word) and word.group() not in _TAG_WORDS


def _dropped_h(text, i, ps):
    """A single mark inside an open quotation between a lowercase word and
    a lowercase letter (have the ‘ide off me, come ‘ome): a word with a
    dropped letter, not a new speech (which opens on a capital, after a
    sentence's end)."""
    return (
        text[i] in "'\u2018"
        and text[i + 1 : i + 2].islower()
        and i - 2 >= ps
        and text[i - 1] == " "
        and text[i - 2].islower()
    )


def _word_before(text, i, ps):
    return i > ps and text[i - 1].isalpha()


def _punct_before(text, i, ps):
    return i > ps and text[i - 1] in _SPEECH_PUNCT


def _trim_end(text, start, end):
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
