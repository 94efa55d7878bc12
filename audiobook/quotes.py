"""Split a chapter into narration and dialogue segments.

The segments of a chapter tile ``text[chapter.start:chapter.end]`` exactly.
A dialogue segment is a quotation with its quote marks and nothing around it;
everything else is narration, cut so that one narration segment holds at most
one paragraph.  The whitespace between paragraphs ends the preceding narration
segment, or stands alone as a whitespace-only narration segment after dialogue
(later stages speak nothing for it and pause there).  Pieces longer than
``MAX_SEGMENT`` characters are cut at sentence ends so the speech engine gets
bounded inputs.

Quote marks are read in one of two styles, decided per book by counting
opening marks: double (" “ ” and « ») or single/British (‘ ’ and straight ').  The
other kind of mark inside a quotation is a nested quote and stays part of it;
outside a quotation it is narration (scare quotes, titles).  Books that mark
speech with a leading dash get those paragraphs split by ``dashes``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .dashes import count_dash_paragraphs, dash_speech, is_dash_book
from .documents import demote_documents
from .model import DIALOGUE, NARRATION, Chapter, Segment
from .paragraphs import paragraph_spans  # noqa: F401  (also imported from here by others)
from .songs import promote_songs

MAX_SEGMENT = 1500

DOUBLE, SINGLE = "double", "single"

_DOUBLE_MARKS = '"\u201c\u201d\u00ab\u00bb'  # " “ ” « »
_SINGLE_MARKS = "'\u2018\u2019"  # ' ‘ ’
_MARK_CHARS = {DOUBLE: _DOUBLE_MARKS, SINGLE: _SINGLE_MARKS}
_MARK_RE = {DOUBLE: re.compile('["\u201c\u201d\u00ab\u00bb]'), SINGLE: re.compile("['\u2018\u2019]")}

# A mark opens a quotation when nothing word-like is glued before it.
_OPEN_BEFORE = set(" \t\n\r\f\v\u00a0\u2028\u2029([{<\u2014\u2013-_*\u201c\u201d\"'\u2018")
# Words that start with an apostrophe ('tis, 'em): such a mark is no quote.
_ELISIONS = frozenset(
    "tis twas twere twill twould twon em bout nuff cos coz gainst neath scuse spose "
    "im er ow e ave appen n".split()
)
# Elided forms that are also plain words: after a curly opening mark (‘till
# I say so) they open a quotation; after a straight mark they are elisions.
_AMBIGUOUS_ELISIONS = frozenset("till til round cause ere fore mid midst un uns ud s d ll re ve m t".split())
_WORD_RE = re.compile(r"[A-Za-z]+")
_SPEECH_PUNCT = set(".,!?;:\u2026\u2014-")

# Opening marks: not glued to a word before, a word right after.  (The mark
# comes first in each pattern so the regex engine skips fast to candidates.)
_OPENER_COUNT_RE = {
    DOUBLE: re.compile(r'["\u201c\u00ab](?<![^\s(\[\u2014].)(?=\s?\w)'),
    SINGLE: re.compile(r"['\u2018](?<![^\s(\[\u2014].)(?=[A-Za-z])"),
}
_NON_SPACE_RE = re.compile(r"\S")
_TITLE_SMALL_WORDS = frozenset("a an the of and or nor but in on at to for by with from into upon de la le du von van".split())
_HONORIFICS = frozenset("mr mrs miss ms dr sir lady lord madam madame master mister monsieur".split())
_GREETINGS = frozenset("dear dearest my oh o good hello goodbye farewell".split())
# A verb of speech right before a quotation makes it speech, title case or not.
_SPEECH_VERB_END_RE = re.compile(
    r"\b(said|say|says|saying|cried|cries|called|calls|shouted|answered|replied|asked|whispered|exclaimed)$", re.I
)
_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+")


def split_chapter(text: str, chapter: Chapter) -> list[Segment]:
    """Narration and dialogue segments tiling ``text[chapter.start:chapter.end]``
    (absolute offsets; ``speaker`` left None for attribution)."""
    style, dash_dialogue = book_quote_style(text)
    style = _chapter_quote_style(text, chapter.start, chapter.end, style)
    spans = _chapter_spans(text, chapter.start, chapter.end, style, dash_dialogue)
    return [
        Segment(chapter=chapter.index, kind=kind, start=s, end=e, text=text[s:e], continues=cont)
        for s, e, kind, cont in _bounded(text, spans)
    ]


@lru_cache(maxsize=4)
def book_quote_style(text: str) -> tuple[str, bool]:
    """(primary quote style, whether paragraphs opening with a dash are speech)."""
    end = min(len(text), 4_000_000)
    doubles, singles = _opener_counts(text, 0, end)
    style = SINGLE if singles > doubles else DOUBLE
    return style, is_dash_book(count_dash_paragraphs(text, end), max(doubles, singles))


def _chapter_quote_style(text, start, end, book_style):
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


def _chapter_spans(text, start, end, style, dash_dialogue):
    """(start, end, kind, continues) spans tiling text[start:end]."""
    spans: list[tuple[int, int, str, bool]] = []
    pos = start
    carried = False  # the previous paragraph ended inside an open quotation
    running_until = -1  # last paragraph of a quotation running without marks
    paragraphs = paragraph_spans(text, start, end)
    for idx, (ps, pe, gap_end) in enumerate(paragraphs):
        if ps > pos:  # whitespace before the first paragraph
            spans.append((pos, ps, NARRATION, False))
        dash_pieces = dash_speech(text, ps, pe) if dash_dialogue else None
        if dash_pieces is not None:
            quotes, open_at_end, continues = dash_pieces, False, False
        else:
            start_open = idx <= running_until
            if carried and not start_open and not _opens_with_mark(text, ps, pe, style):
                closing = _closing_paragraph(text, paragraphs, idx, style)
                if closing is not None:
                    running_until, start_open = closing, True
            quotes, open_at_end = _find_quotes(text, ps, pe, style, start_open)
            continues = carried and bool(quotes) and quotes[0][0] == ps
        cursor = ps
        for i, (qs, qe) in enumerate(quotes):
            if qs > cursor:
                spans.append((cursor, qs, NARRATION, False))
            spans.append((qs, qe, DIALOGUE, continues and i == 0))
            cursor = qe
        if cursor < pe:
            spans.append((cursor, gap_end, NARRATION, False))
        elif gap_end > pe:
            spans.append((pe, gap_end, NARRATION, False))
        carried = open_at_end
        pos = gap_end
    if pos < end:
        spans.append((pos, end, NARRATION, False))
    return promote_songs(text, demote_documents(text, spans, paragraphs), paragraphs)


def _opens_with_mark(text, ps, pe, style):
    return text[ps] in _MARK_CHARS[style] and _classify(text, ps, ps, pe, style) in ("open", "either")


def _closing_paragraph(text, paragraphs, idx, style, reach=10):
    """A quotation left open runs on through paragraphs without quote marks
    (a recited verse, a long speech) when a later paragraph's first mark
    closes it: the index of that paragraph, or None."""
    for j in range(idx, min(len(paragraphs), idx + reach)):
        ps, pe, _ = paragraphs[j]
        kind = "none"
        for m in _MARK_RE[style].finditer(text, ps, pe):
            i = m.start()
            kind = _classify(text, i, ps, pe, style)
            if kind != "none":
                break  # the first mark that is not an apostrophe
        if kind == "none":
            continue
        if kind != "close":
            return None
        if style == SINGLE and not (i > ps and text[i - 1] in _SPEECH_PUNCT):
            return None  # could be an apostrophe (the boys’)
        return j
    return None


def _find_quotes(text, ps, pe, style, start_open=False):
    """Quotations inside paragraph text[ps:pe] as (start, end) including marks,
    and whether the last one was still open at the paragraph end.
    ``start_open``: the paragraph starts inside a running quotation."""
    marks = [m.start() for m in _MARK_RE[style].finditer(text, ps, pe)]
    if not marks:
        return ([(ps, pe)], True) if start_open else ([], False)
    kinds = [_classify(text, i, ps, pe, style) for i in marks]
    quotes: list[tuple[int, int, bool]] = []  # (start, end, closed by a mark)
    open_at = ps if start_open else -1
    n = len(marks)
    # For each mark: is there a later closer before the next opener?  Lets a
    # closer-shaped apostrophe (the boys' room, runnin') be skipped when the
    # quotation clearly closes further on.
    later_closer = [False] * n
    seen_closer = False
    for k in range(n - 1, -1, -1):
        later_closer[k] = seen_closer
        if kinds[k] in ("close", "either"):
            seen_closer = True
        if kinds[k] == "open":
            seen_closer = False
    for k, i in enumerate(marks):
        kind = kinds[k]
        if open_at < 0:
            if kind in ("open", "either"):
                open_at = i
        elif kind == "open" and text[i] != '"':
            # A new opener inside an open quotation: the first never closed.
            quotes.append((open_at, _trim_end(text, open_at, i), False))
            open_at = i
        elif kind in ("close", "either") or kind == "open":
            if kind == "close" and style == SINGLE and later_closer[k] and _word_before(text, i, ps):
                continue  # apostrophe: possessive or dropped letter
            quotes.append((open_at, i + 1, True))
            open_at = -1
    if open_at >= 0:
        quotes.append((open_at, pe, False))
    kept = [
        (qs, qe)
        for qs, qe, closed in quotes
        if _NON_SPACE_RE.search(text, qs + 1, qe - closed)  # not "" or “  ”
        and not (text[qs] in _MARK_CHARS[style] and _is_block_quote(text, qs, qe))
        and not _is_scare_quote(text, qs, qe - closed, ps)
    ]
    return kept, open_at >= 0 and bool(kept) and kept[-1] == quotes[-1][:2]


def _is_block_quote(text, qs, qe):
    """A quotation set as an indented block of prose (a letter, a document):
    it opens a line, every later line is indented, and the lines are long
    (verse, which a character may sing, has short lines).  The narrator
    reads those."""
    nl = text.find("\n", qs, qe)
    if nl < 0:
        return False
    line_start = qs
    while line_start > 0 and text[line_start - 1] in " \t":
        line_start -= 1
    if line_start > 0 and text[line_start - 1] != "\n":
        return False
    lines, chars = 1, nl - qs
    while nl >= 0:
        if nl + 1 < qe and text[nl + 1] not in " \t":
            return False
        following = text.find("\n", nl + 1, qe)
        chars += (qe if following < 0 else following) - nl - 1
        lines += 1
        nl = following
    return chars / lines >= 55


def _classify(text, i, ps, pe, style):
    """'open', 'close', 'either' (a straight mark that toggles) or 'none'."""
    ch = text[i]
    before = text[i - 1] if i > ps else " "
    after = text[i + 1] if i + 1 < pe else " "
    open_pos = before in _OPEN_BEFORE or before.isspace()
    close_pos = not (after.isalnum())
    if style == DOUBLE:
        if ch in "\u201c\u00ab":
            return "open"
        if ch in "\u201d\u00bb":
            return "close"
        if open_pos and not after.isspace():
            return "either"  # looks like an opener; closes a quote if one is open
        if not open_pos and close_pos:
            return "close"
        return "either"
    # Single style: the closing mark doubles as the apostrophe.
    if before.isalnum() and after.isalnum():
        return "none"  # don't, o'clock
    paragraph_start = i == ps and after == " " and text[i + 2 : i + 3].isalpha()  # ' Listen (a spacing slip)
    if ch == "\u2018" or (ch == "'" and open_pos and (not after.isspace() or paragraph_start)):
        if ch == "'" and not after.isalnum() and after not in "_*(\u201c\"-\u2013\u2014.\u2026[ ":
            return "none"
        word = _WORD_RE.match(text, i + 1, min(pe, i + 12))
        word = word.group().lower() if word else ""
        if word in _ELISIONS or after.isdigit():
            return "none"  # 'tis, 'em, '90s
        if ch == "'" and word in _AMBIGUOUS_ELISIONS and not _after_tag(text, i, ps):
            return "none"  # 'till, 'round: an elision unless it follows "she thought,"
        return "open"
    if not before.isspace() and close_pos:
        return "close"  # may still be an apostrophe: runnin', the boys'
    return "none"  # ’tis: a closing mark before a word is an elision


def _after_tag(text, i, ps):
    """The mark starts the paragraph or follows ',', ':' or ';' (she said, 'till...)."""
    j = i
    while j > ps and text[j - 1].isspace():
        j -= 1
    return j == ps or text[j - 1] in ",:;"


def _word_before(text, i, ps):
    return i > ps and text[i - 1].isalpha()


def _trim_end(text, start, end):
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _is_scare_quote(text, qs, inner_end, ps):
    """A word or two in quotes inside a sentence, not a speech: a scare quote
    or a title ("so-called 'experts'", a bottle marked "poison,").  The
    narrator reads those."""
    inner = text[qs + 1 : inner_end].strip()
    if not inner or len(inner) > 60:
        return False
    words = inner.split()
    if _is_title(words) and _inside_sentence(text, qs, ps):
        return True  # a title or heading: the author of "Twice Told Tales"
    if len(inner) > 40:
        return False
    if inner.isupper() and len(words) <= 3 and not any(c in "!?" for c in inner):
        before = text[max(ps, qs - 8) : qs].rstrip()
        return bool(before) and before[-1].isalpha()  # a label or sign: marked "DRINK ME"
    if not inner[0].islower():
        return False
    if len(words) > 2 or any(c in "!?\u2026" for c in inner):
        return False
    if inner[-1] not in ".,;:\u2014-":
        return True
    # "poison," with a comma: a scare quote only inside a running sentence
    before = text[max(ps, qs - 8) : qs].rstrip()
    return len(words) == 1 and bool(before) and before[-1].isalpha()


def _is_title(words):
    """Two to eight words in title case: every word capitalised but articles,
    prepositions and conjunctions, no question or exclamation.  A name with
    a title ("Mrs. Smith") or a greeting ("Dear John,") addresses someone:
    speech."""
    if not 2 <= len(words) <= 8 or any(c in "!?" for w in words for c in w):
        return False
    bare = [w.strip("_*.,;:()\u2014-") for w in words]
    if not bare[0][:1].isupper() or not bare[-1][:1].isupper() or bare[0].lower() in _GREETINGS:
        return False
    if any(w.lower() in _HONORIFICS for w in bare):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in _TITLE_SMALL_WORDS for w in bare if w)


def _inside_sentence(text, qs, ps):
    """The quotation goes on a sentence: a word, not a tag's comma or colon,
    comes right before its opening mark (headed "...", the author of "...")."""
    before = text[max(ps, qs - 20) : qs].rstrip()
    return bool(before) and before[-1].isalpha() and not _SPEECH_VERB_END_RE.search(before)


def _bounded(text, spans):
    """Cut spans longer than MAX_SEGMENT at sentence ends (linear time)."""
    for s, e, kind, cont in spans:
        if e - s <= MAX_SEGMENT:
            yield s, e, kind, cont
            continue
        piece = s
        for cut in _cut_points(text, s, e):
            yield piece, cut, kind, cont if piece == s else kind == DIALOGUE
            piece = cut
        yield piece, e, kind, cont if piece == s else kind == DIALOGUE


def _cut_points(text, s, e):
    cuts = []
    piece = s
    last = -1  # latest sentence end seen after `piece`
    for m in _SENTENCE_END_RE.finditer(text, s, e):
        b = m.end()
        if b >= e:
            break
        while b - piece > MAX_SEGMENT:
            piece = last if last > piece else _fallback_cut(text, piece)
            cuts.append(piece)
        last = b
    while e - piece > MAX_SEGMENT:
        piece = last if last > piece else _fallback_cut(text, piece)
        cuts.append(piece)
    return cuts


def _fallback_cut(text, piece):
    """No sentence end in reach: cut after the last space, else anywhere."""
    limit = piece + MAX_SEGMENT
    space = max(text.rfind(" ", piece + 1, limit), text.rfind("\n", piece + 1, limit))
    return space + 1 if space > piece else limit
