"""Quotations the narrator reads: scare quotes, titles, labels, block quotes.

Quote marks also set off a word the narrator keeps at a distance (so-called
"experts"), a title or heading (the author of "Twice Told Tales"), a label
or sign (a bottle marked "DRINK ME") and an indented block of prose (a
letter, a document).  Nobody speaks those, so ``is_scare_quote`` and
``is_block_quote`` keep them out of the dialogue.  (Quotations introduced as
documents read out are found later, by ``documents``.)
"""
from __future__ import annotations

import re

_TITLE_SMALL_WORDS = frozenset("a an the of and or nor but in on at to for by with from into upon de la le du von van".split())
_HONORIFICS = frozenset("mr mrs miss ms dr sir lady lord madam madame master mister monsieur".split())
_GREETINGS = frozenset("dear dearest my oh o good hello goodbye farewell".split())
# A verb of speech right before a quotation makes it speech, title case or not.
_SPEECH_VERB_END_RE = re.compile(
    r"\b(said|say|says|saying|cried|cries|called|calls|shouted|answered|replied|asked|whispered|exclaimed)$", re.I
)


def is_block_quote(text: str, qs: int, qe: int) -> bool:
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


def is_scare_quote(text: str, qs: int, inner_end: int, ps: int) -> bool:
    """A word or two in quotes inside a sentence, not a speech: a scare quote
    or a title ("so-called 'experts'", a bottle marked "poison,").  The
    narrator reads those.  ``text[qs]`` is the opening mark, ``inner_end``
    the end of the quoted words, ``ps`` the paragraph start."""
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
