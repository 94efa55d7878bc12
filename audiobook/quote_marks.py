"""What each quote mark is: the book's quote style and one mark's role.

Quote marks are read in one of two styles, decided per book by counting
opening marks: double (" “ ” and « ») or single/British (‘ ’ and straight ').
In the single style the closing mark is also the apostrophe, so a mark is
classified from its neighbours: ``classify`` says whether it can open or
close a quotation, or is no quote mark at all (don't, 'tis, o'clock).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .dashes import count_dash_paragraphs, is_dash_book

DOUBLE, SINGLE = "double", "single"
OPEN, CLOSE, EITHER, NONE = "open", "close", "either", "none"

MARK_CHARS = {DOUBLE: '"\u201c\u201d\u00ab\u00bb', SINGLE: "'\u2018\u2019"}  # " “ ” « »   ' ‘ ’
# every quote mark, to strip from a quotation (with the low marks „ ‚ that `uniform_marks` reads as “ ‘)
QUOTE_CHARS = MARK_CHARS[DOUBLE] + MARK_CHARS[SINGLE] + "\u201e\u201a"
MARK_RE = {DOUBLE: re.compile('["\u201c\u201d\u00ab\u00bb]'), SINGLE: re.compile("['\u2018\u2019]")}

# A mark opens a quotation when nothing word-like is glued before it.
_OPEN_BEFORE = set(" \t\n\r\f\v\u00a0\u2028\u2029([{<\u2014\u2013-_*\u201c\u201d\"'\u2018")
# Words that start with an apostrophe ('tis, 'em): such a mark is no quote.
_ELISIONS = frozenset(
    "tis twas twere twill twould twon tain em bout nuff cos coz gainst neath scuse spose "
    "im er ow e ave appen n "
    # dropped h's ('ead, 'ouse, 'Oo d'you think you are?)
    "ad ome ouse ouses ead eads ard ope orse eart alf elp eaven appy igh usband ungry urt oo ospital undred "
    "uman umble eard isself erself ands ang".split()
)
# Elided forms that are also plain words: after a curly opening mark (‘till
# I say so) they open a quotation; after a straight mark they are elisions.
_AMBIGUOUS_ELISIONS = frozenset("till til round cause ere fore mid midst un uns ud s d ll re ve m t old ark".split())
_WORD_RE = re.compile(r"[^\W\d_]+")

# Opening marks: not glued to a word before, a word right after.  (The mark
# comes first in each pattern so the regex engine skips fast to candidates.)
_OPENER_COUNT_RE = {
    DOUBLE: re.compile(r'["\u201c\u00ab](?<![^\s(\[\u2014].)(?=\s?\w)'),
    SINGLE: re.compile(r"['\u2018](?<![^\s(\[\u2014].)(?=[^\W\d_])"),
}


@lru_cache(maxsize=4)
def book_quote_style(text: str) -> tuple[str, bool]:
    """(primary quote style, whether paragraphs opening with a dash are speech)."""
    end = min(len(text), 4_000_000)
    doubles, singles = _opener_counts(text, 0, end)
    style = SINGLE if singles > doubles else DOUBLE
    return style, is_dash_book(count_dash_paragraphs(text, end), max(doubles, singles))


# The curly and angle double marks, and the role each has in most books: “ « open, ” » close.
_ROLE = {"\u201c": OPEN, "\u201d": CLOSE, "\u00ab": OPEN, "\u00bb": CLOSE}
_AS = {OPEN: "\u201c", CLOSE: "\u201d", EITHER: '"'}  # a role written as the mark that has it
_CURLY_RE = re.compile("[\u201c\u201d\u201e\u00ab\u00bb\u201a]")
_BOUNDARY = set(" \t\n\r\f\v\u00a0\u2028\u2029([{<\u2014\u2013-_*")
_STRAY = 2         # marks out of place before a book counts as using them another way
_STRAY_SHARE = 0.25


@lru_cache(maxsize=4)
def uniform_marks(text: str) -> str:
    """``text`` with its curly and angle marks written as the roles they have
    in this book, one character for one (offsets hold): German „…“ and
    reversed »…« become “…”, and a mark used both to open and to close (”…”
    and »…» in Swedish and Finnish books, ”…” in some damaged e-texts) becomes the
    straight ", which classify reads by its neighbours.  The text itself
    (the same object) when the book uses its marks as most books do.
    Marks typed in the old ASCII way, ``two grave accents'' and two
    apostrophes, become a “ and a space, and a space and a ”."""
    text = _ascii_double_marks(text)
    if not _CURLY_RE.search(text):
        return text
    opens: dict[str, int] = dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", 0)
    closes = dict(opens)
    for m in _CURLY_RE.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\u201a":
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        # only a mark whose shape is plain counts: glued to a word on one side, free on the other
        # (a spaced « Bonjour » is either)
        if (before in _BOUNDARY or before.isspace()) and after.isalnum():
            opens[ch] += 1
        elif (before.isalnum() or before in ".,!?;:\u2026") and (after in _BOUNDARY or after.isspace()
                                                                  or after in ".,;:!?)]"):
            closes[ch] += 1
    role = dict(_ROLE)

    def stray(n: int, of: int, alone: bool = False) -> bool:
        # one mark out of place is enough where nothing else could take its role (a short text)
        return n >= (1 if alone else _STRAY) and n >= _STRAY_SHARE * of

    low = opens["\u201e"] + closes["\u201e"] > 0
    if (stray(opens["\u201d"], opens["\u201d"] + closes["\u201d"], alone="\u201c" not in text)
            and opens["\u201c"] < opens["\u201d"]):
        role["\u201d"] = EITHER  # ”…”: one mark both ways
    if stray(closes["\u201c"], opens["\u201c"] + closes["\u201c"], alone=low):
        role["\u201c"] = CLOSE if low else EITHER  # „…“ (German); else “…“, one mark both ways
    reversed_ = opens["\u00bb"] + closes["\u00ab"]
    if reversed_ >= _STRAY and reversed_ >= 3 * (closes["\u00bb"] + opens["\u00ab"]):
        role["\u00bb"], role["\u00ab"] = OPEN, CLOSE  # »…« (Danish, some German editions)
    elif (stray(opens["\u00bb"], opens["\u00bb"] + closes["\u00bb"], alone="\u00ab" not in text)
          and stray(closes["\u00bb"], opens["\u00bb"] + closes["\u00bb"], alone="\u00ab" not in text)
          and opens["\u00ab"] + closes["\u00ab"] < _STRAY_SHARE * opens["\u00bb"]):
        role["\u00bb"] = EITHER  # »…»: one mark both ways (Swedish, Finnish)
    table = {ord(ch): _AS[r] for ch, r in role.items() if r != _ROLE[ch]}
    if low:
        table[ord("\u201e")] = "\u201c"
    if "\u201a" in text and low:
        table[ord("\u201a")] = "\u2018"  # ‚…‘ nested in „…“
    return text.translate(table) if table else text


_TEX_MIN = 2  # pairs of grave accents before a book counts as quoting with them


def _ascii_double_marks(text: str) -> str:
    """``text`` with ``Hello,'' written as “ Hello, ” (two characters for
    two) when the book quotes that way: its `` outnumber its straight double
    marks and as many '' close them."""
    tex = text.count("``")
    if tex < _TEX_MIN or tex < text.count('"') or text.count("''") < tex // 2:
        return text
    return text.replace("``", "\u201c ").replace("''", " \u201d")


def chapter_quote_style(text: str, start: int, end: int, book_style: str) -> str:
    """A chapter set in the other style (an anthology, a quoted document)
    keeps its own style when the evidence is strong."""
    doubles, singles = _opener_counts(text, start, end)
    if book_style == DOUBLE and singles >= 10 and singles >= 3 * doubles:
        return SINGLE
    if book_style == SINGLE and doubles >= 10 and doubles >= 3 * singles:
        return DOUBLE
    return book_style


def _opener_counts(text, start, end):
    doubles = sum(1 for _ in _OPENER_COUNT_RE[DOUBLE].finditer(text, start, end))
    singles = 0
    for m in _OPENER_COUNT_RE[SINGLE].finditer(text, start, end):
        word = _WORD_RE.match(text, m.end(), m.end() + 12)
        if not word or word.group().lower() not in _ELISIONS | _AMBIGUOUS_ELISIONS:
            singles += 1
    return doubles, singles


def classify(text: str, i: int, ps: int, pe: int, style: str) -> str:
    """The role of the mark at ``text[i]`` in paragraph ``text[ps:pe]``:
    OPEN, CLOSE, EITHER (a straight mark that toggles) or NONE."""
    ch = text[i]
    before = text[i - 1] if i > ps else " "
    after = text[i + 1] if i + 1 < pe else " "
    open_pos = before in _OPEN_BEFORE or before.isspace()
    close_pos = not (after.isalnum())
    if style == DOUBLE:
        if ch in "\u201c\u00ab":
            return OPEN
        if ch in "\u201d\u00bb":
            return CLOSE
        if open_pos and not after.isspace():
            return EITHER  # looks like an opener; closes a quote if one is open
        if not open_pos and close_pos:
            return CLOSE
        return EITHER
    # Single style: the closing mark doubles as the apostrophe.
    if before.isalnum() and after.isalnum():
        return NONE  # don't, o'clock
    paragraph_start = i == ps and after == " " and text[i + 2 : i + 3].isalpha()  # ' Listen (a spacing slip)
    if ch == "\u2018" or (ch == "'" and open_pos and (not after.isspace() or paragraph_start)):
        if ch == "'" and not after.isalnum() and after not in "_*(\u201c\"-\u2013\u2014.\u2026[ ":
            if after in "'\u2019" and _elided_word(text, i + 2, pe):
                return OPEN  # ''Tis hard: a quotation opening on an elision
            return NONE
        word = _WORD_RE.match(text, i + 1, min(pe, i + 12))
        word = word.group().lower() if word else ""
        if word in _ELISIONS or after.isdigit():
            return NONE  # 'tis, 'em, '90s
        if ch == "'" and word in _AMBIGUOUS_ELISIONS and not _after_tag(text, i, ps):
            return NONE  # 'till, 'round: an elision unless it follows "she thought,"
        return OPEN
    if not before.isspace() and close_pos:
        return CLOSE  # may still be an apostrophe: runnin', the boys'
    if not text[i + 1:pe].strip() or (ch == "\u2019" and after.isspace()):
        return CLOSE  # ‘Miss Howard   ’ / ‘I do not see   ’ I began: no word follows, so it elides nothing
    return NONE  # ’tis: a closing mark before a word is an elision


def _elided_word(text, j, pe):
    """An elision ('tis, 'em) starts at text[j]."""
    word = _WORD_RE.match(text, j, min(pe, j + 12))
    return bool(word) and word.group().lower() in _ELISIONS | _AMBIGUOUS_ELISIONS


def _after_tag(text, i, ps):
    """The mark starts the paragraph or follows ',', ':' or ';' (she said, 'till...)."""
    j = i
    while j > ps and text[j - 1].isspace():
        j -= 1
    return j == ps or text[j - 1] in ",:;"
