"""Dialogue marked with a dash instead of quotation marks.

Joyce, many translations (from French, Spanish, Russian, the Scandinavian
languages) and some modern fiction open each line of speech with a dash at
the start of its paragraph (— em dash, ― horizontal bar, – en dash, or ``--``
in plain ASCII text), with or without a space after it.  There is no closing
mark: the speech runs to the end of the paragraph, except for the speech tag
the narrator inserts::

    —Where have you been? asked Mary.
    —Out, said John. I went to the market.
    —Out —said John—. I went to the market.      (Spanish/French incise)
    – Yes, he said, I am coming.

The tag is narration.  Speech resumes after it: after a closing dash, after
the tag's comma when the speech carries on, or after the tag's sentence.  A
paragraph without a tag is speech to its end (speech followed by narration
cannot be told apart without a tag; readers hear it as speech too).

A book is a dash book when many paragraphs open with a dash and quotation
marks are fewer; a dash inside a paragraph (a parenthetical — like this —)
never opens speech, except right after a colon in a dash book
(``Mary turned to him and said: —Where?``) or after a sentence's end when a
tag follows (``He looked up. —Very well, he said. Go.``).
"""
from __future__ import annotations

import re

from .attribution_model.units import SPEECH_VERB_PATTERN
from .paragraphs import paragraph_spans

_DASH = r"(?:[\u2014\u2015\u2013]|--)"  # — ― – or two hyphens
# A paragraph opening a line of speech: a dash, then (after an optional
# space) a word, not a quote mark (`—"Yes," he said` is the quote-mark kind).
_OPENING_DASH_RE = re.compile(_DASH + r"[ \t\u00a0]?(?=[^\W_]|[\u00bf\u00a1(\u2026.]|\.\.\.)")
# Speech opened mid-paragraph by a speech verb, a colon and a dash (`said:
# —Where?`); a colon and a dash alone also introduce lists and documents.
_COLON_DASH_RE = re.compile(r":[ \t\u00a0]*(?=" + _OPENING_DASH_RE.pattern + ")")
_CLAUSE_BEFORE_COLON = 60
# Speech opened mid-paragraph after the narrator's sentence end, the dash
# glued to the speech's first word (`He looked up. —Very well, he said.`).
_STOP_DASH_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*[ \t]+(?=" + _DASH + r"[^\W\d_])")
# An epigraph's source line (`— William Shakespeare`, `—Hamlet, Act I`): short,
# and ends in a word or a year, not in speech punctuation.
_SOURCE_LINE_MAX = 80

# Where a speech piece may end and a tag begin: after a comma, ? ! ; or an
# ellipsis and a space (`, said John`, `? asked Mary`), or at a dash
# (`—Out —said John—.`, `—Out—said John`).
_BREAK_RE = re.compile(
    r"(?P<punct>(?:[,?!;\u2026]|\.{3})+[\"'\u201d\u2019)]*)(?P<gap>\s*(?:" + _DASH + r")?\s*)"
    r"|(?P<dash>(?<!\s)\s*" + _DASH + r"\s*)"  # (?<!\s): linear time on long runs of spaces
)
_VERB_RE = re.compile(r"(?:(?-i:[a-z])\w*ly\s+)?(?:" + SPEECH_VERB_PATTERN + r")\b")
_SPEECH_VERB_RE = re.compile(r"\b(?:" + SPEECH_VERB_PATTERN + r")\b")
_ADVERB_RE = re.compile(r"\s+(?-i:[a-z])\w*ly\b")
# ... and those of the other languages whose dash dialogue this reads (—dijo ella, —preguntó la madre)
_PRONOUNS_AFTER_VERB = frozenset("he she I they we il elle ils elles él ella ellos lui lei er sie".split())  # said he
_PRONOUNS_BEFORE_VERB = _PRONOUNS_AFTER_VERB | {"you", "it"}  # you said
_DETERMINERS = frozenset("the a an his her my our their this that its your one "
                         "le la les un une son sa ses el los las una su sus lo gli uno suo sua der die das ein "
                         "eine sein seine".split())
_TITLES = frozenset("mr mrs ms dr st mme mlle monsieur madame mademoiselle sir lady lord don".split())
_OBJECTS = frozenset("him her them me us".split())  # she asked him.
# What may follow `he said` in a tag: an adverb or a phrase of manner or
# address (`he said to her`, `she said and left`), not an object (`he said it`).
_TAG_FOLLOWERS = frozenset(
    "to in into with at from as again then and without while after before through over across "
    "once too aloud".split()
)
# After `said John,` narration goes on with a participle, an adverb or one of
# these words (`said John, turning away.`); anything else resumes the speech.
_NARRATION_GOES_ON = frozenset(
    "and with without as while then his her their its a looking turning still not who "
    "after before in into at to from "
    # "—dijo la madre, y siguió cosiendo": the same words of the other languages read here
    "y e et und mientras mentre pendant während luego puis poi dann con avec mit sin sans ohne "
    "que qui che die der das en dans in im al au zu".split()
)
# ... and their gerunds ("—dijo, levantándose", "—disse, sorridendo"; French and German ones end
# like English words: "want", "friend")
_PARTICIPLE_ENDS = ("ing", "ly", "ando", "iendo", "endo", "ándose", "iéndose")
_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019-]*")
_CAPITALISED_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019-]*\.?")
_TAG_CLAUSE_END_RE = re.compile(r"[,;:.!?\u2026\u2014\u2015\u2013]|--")
_DASH_IN_RE = re.compile(_DASH)
_INCISE_MAX = 200  # the narrator's words between two dashes are a short clause
_CLOSING_DASH_RE = re.compile(r"(?<!\s)\s*(?P<dash>" + _DASH + r")[.,;:]*\s*")
_DASH_AND_STOP_RE = re.compile(_DASH + r"[.,;:]*\s*")
_SPACES_RE = re.compile(r"\s+")
_NEXT_WORD_RE = re.compile(r" ([\w'\u2019-]+)")
_LAST_WORD_RE = re.compile(r"([^\W\d_]+)$")
_SENTENCE_END_RE = re.compile(r"(?:[.!?\u2026]+|:)[\"'\u201d\u2019)\]]*(?:\s+|$)")


def opening_dash(text: str, ps: int, pe: int) -> bool:
    """Paragraph text[ps:pe] opens with a dash that starts a line of speech."""
    if not _OPENING_DASH_RE.match(text, ps, pe):
        return False
    return not _is_source_line(text, ps, pe)


def count_dash_paragraphs(text: str, end: int) -> int:
    """Paragraphs of text[:end] opening a line of speech with a dash."""
    return sum(1 for ps, pe, _ in paragraph_spans(text, 0, end) if opening_dash(text, ps, pe))


def is_dash_book(dash_paragraphs: int, quote_openers: int) -> bool:
    """Many paragraphs open with a dash, and quotations are fewer (a book in
    quote marks may still use some quote marks for titles and thoughts)."""
    return dash_paragraphs >= 3 and 2 * dash_paragraphs > quote_openers


def dash_speech(text: str, ps: int, pe: int) -> list[tuple[int, int]] | None:
    """The speech pieces of paragraph text[ps:pe] in a dash book, as (start,
    end) spans (the opening dash included, tags left out); None when the
    paragraph holds no dash speech."""
    if opening_dash(text, ps, pe):
        return _split_speech(text, ps, pe)
    for colon in _COLON_DASH_RE.finditer(text, ps, pe):
        clause = re.split(r"[.!?;]", text[max(ps, colon.start() - _CLAUSE_BEFORE_COLON) : colon.start()])[-1]
        if _SPEECH_VERB_RE.search(clause) and not _is_source_line(text, colon.end(), pe):
            return _split_speech(text, colon.end(), pe)
    for stop in _STOP_DASH_RE.finditer(text, ps, pe):
        if _abbreviation_before(text, stop.start()):
            continue  # Mr. —
        # `The master looked at him. —Very well, he said. Go.`: a speech after
        # the narrator's sentence, when a tag shows it is one
        speech = _split_speech(text, stop.end(), pe)
        if len(speech) > 1 or speech[-1][1] < pe:
            return speech
    return None


def _is_source_line(text, ps, pe):
    """An epigraph's source or a signature: a short line after a dash that
    ends in a word or a number, with no speech punctuation."""
    body = text[ps:pe]
    return len(body) <= _SOURCE_LINE_MAX and "\n" not in body and (body[-1].isalnum() or body[-1] in ")]") \
        and not any(c in body for c in "!?\u2026")


def _split_speech(text, start, pe):
    """Speech from the dash at ``start`` to the paragraph end ``pe``, cut
    around the tags the narrator inserts."""
    pieces = []
    piece_start = start
    first_word = _WORD_RE.search(text, start, pe)
    search_from = first_word.start() if first_word else pe
    while search_from < pe:
        tag = _next_tag(text, piece_start, search_from, pe)
        if tag is None:
            break
        speech_end, tag_start, dash_opened = tag
        pieces.append((piece_start, speech_end))
        resume = _resume_after_tag(text, tag_start, pe, dash_opened)
        if resume >= pe:
            return pieces
        piece_start = search_from = resume
    pieces.append((piece_start, pe))
    return pieces


def _next_tag(text, piece_start, pos, pe):
    """(end of the speech, start of the tag, whether a dash opened the tag)
    of the first tag after ``pos``."""
    for m in _BREAK_RE.finditer(text, pos, pe):
        if m.group("punct") and not m.group("gap"):
            continue  # `Out,said`: no break
        speech_end = m.end("punct") if m.group("punct") else m.start()
        tag_start = m.end()
        if not any(c.isalnum() for c in text[piece_start:speech_end]):
            continue
        if _tag_clause_end(text, tag_start, pe) is not None:
            return speech_end, tag_start, bool(_DASH_IN_RE.search(m.group()))
    return None


def _tag_clause_end(text, i, pe):
    """End of the tag's core when a speech tag starts at ``i`` (`said John`,
    `asked the old man`, `he said`, `Mary asked softly`), else None."""
    verb = _VERB_RE.match(text, i, pe)
    if verb:  # verb first: said John / asked the old man / said he
        j = verb.end()
        adverb = _ADVERB_RE.match(text, j, pe)
        if adverb:
            j = adverb.end()
        space = _SPACES_RE.match(text, j, pe)
        if space:
            subject = _subject_end(text, space.end(), pe, _PRONOUNS_AFTER_VERB)
            if subject is not None:
                return subject
    subject = _subject_end(text, i, pe, _PRONOUNS_BEFORE_VERB)
    if subject is None:
        return None
    adverb = _ADVERB_RE.match(text, subject, pe)
    j = adverb.end() if adverb else subject
    space = _SPACES_RE.match(text, j, pe)
    verb = _VERB_RE.match(text, space.end(), pe) if space else None
    if not verb:
        return None
    return verb.end() if _tag_may_end(text, verb.end(), pe) else None


def _tag_may_end(text, j, pe):
    """After `he said`: punctuation, the paragraph end, an adverb, an object
    pronoun, or a phrase of manner; not an object (`he said it was`)."""
    last = _LAST_WORD_RE.search(text, max(0, j - 12), j)
    if last and last.group(1).lower() in _TAG_FOLLOWERS:
        return True  # the verb took its preposition along: `she said to the empty room`
    word = _WORD_RE.match(text, _skip_space(text, j, pe), pe)
    if word and word.group().lower() in _OBJECTS:
        j = word.end()
        word = _WORD_RE.match(text, _skip_space(text, j, pe), pe)
    if word is None:
        return True  # punctuation or the paragraph end
    w = word.group().lower()
    return w.endswith("ly") or w in _TAG_FOLLOWERS


def _subject_end(text, i, pe, pronouns):
    """End of a tag's subject at ``i``: a pronoun, a name (`Buck Mulligan`,
    `Mr. Bloom`) or a described person (`the old man`), else None."""
    word = _WORD_RE.match(text, i, pe)
    if not word:
        return None
    w = word.group()
    if w in pronouns:
        return word.end()
    if w.lower() in _DETERMINERS and w[1:] == w[1:].lower():
        end = word.end()
        for _ in range(3):  # the old grey man
            nxt = _NEXT_WORD_RE.match(text, end, pe)
            if not nxt:
                break
            end = nxt.end()
            if _VERB_RE.match(text, end + 1, pe):
                break
        return end if end > word.end() else None
    if not w[0].isupper() or w.isupper() and len(w) > 1:
        return None
    end, words = i, 0
    while words < 3:  # a name of up to three capitalised words
        name = _CAPITALISED_WORD_RE.match(text, end, pe)
        if not name or not name.group()[0].isupper():
            break
        if name.group().endswith(".") and name.group()[:-1].lower() not in _TITLES:
            end = name.end() - 1  # a sentence end, not an abbreviation
            words += 1
            break
        end, words = name.end(), words + 1
        if end < pe and text[end] == " ":
            following = _CAPITALISED_WORD_RE.match(text, end + 1, pe)
            if following and following.group()[0].isupper():
                end += 1
                continue
        break
    return end if words else None


def _resume_after_tag(text, tag_start, pe, dash_opened):
    """Where speech resumes after the tag starting at ``tag_start`` (``pe``
    when the paragraph ends in narration)."""
    core_end = _tag_clause_end(text, tag_start, pe)
    if dash_opened:  # an incise opened by a dash ends at the closing dash: —she said, rising—, but...
        limit = min(pe, core_end + _INCISE_MAX)
        closing = _CLOSING_DASH_RE.search(text, core_end, limit)
        if closing and closing.start("dash") < _sentence_stop(text, core_end, limit)[0]:
            return closing.end()
    clause_end = _TAG_CLAUSE_END_RE.search(text, core_end, pe)
    if clause_end is None:
        return pe
    stop = clause_end.start()
    mark = clause_end.group()
    if mark in ("\u2014", "\u2015", "\u2013", "--"):  # the incise closes: —said John—.
        return _DASH_AND_STOP_RE.match(text, stop, pe).end()
    if mark == ",":
        following = _WORD_RE.match(text, _skip_space(text, stop + 1, pe), pe)
        if following:
            word = following.group()
            if not (word.lower() in _NARRATION_GOES_ON or word.lower().endswith(_PARTICIPLE_ENDS)):
                return following.start()
    return _skip_space(text, _sentence_stop(text, stop, pe)[1], pe)


def _sentence_stop(text, pos, pe):
    """(start, end) of the stop ending the sentence running at ``pos``, or
    (pe, pe) (titles like `Mr.` and initials do not end it)."""
    for m in _SENTENCE_END_RE.finditer(text, pos, pe):
        if m.group().startswith(".") and _abbreviation_before(text, m.start()):
            continue
        return m.start(), m.end()
    return pe, pe


def _abbreviation_before(text, dot):
    word = _LAST_WORD_RE.search(text, max(0, dot - 12), dot)
    return bool(word) and (word.group(1).lower() in _TITLES or len(word.group(1)) == 1 and word.group(1).isupper())


def _skip_space(text, i, pe):
    while i < pe and text[i].isspace():
        i += 1
    return i
