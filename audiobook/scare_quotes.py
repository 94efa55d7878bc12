"""Quotations the narrator reads: scare quotes, titles, labels, block quotes.

Quote marks also set off a word the narrator keeps at a distance (so-called
"experts"), a title or heading (the author of "Twice Told Tales"), a label
or sign (a bottle marked "DRINK ME"), a phrase used as a noun in the
narrator's sentence ("Cissie" was the name of the villa; what is known as
"quite a scene,") and an indented block of prose (a letter, a document).
Nobody speaks those, so ``is_scare_quote`` and ``is_block_quote`` keep them
out of the dialogue.  (Quotations introduced as
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


# Verbs of speech before a quotation inside a sentence (he said "no" quietly).
_SPEECH_VERBS = frozenset(
    "said say says saying cried cry shouted answered answer replied reply asked ask whispered exclaimed muttered "
    "murmured added repeated told tell telling began continued sang sing screamed yelled sighed groaned roared "
    "gasped panted stammered retorted rejoined interrupted observed remarked declared begged called calling "
    "singing sang heard hear hears words word remark reply answer exclamation cry question greeting call begun "
    "begin a an".split()
)
# A name given to someone or something, right before the quotation: called him "Captain,"
# (what her mother called "a temper," which the villagers called "the Barracks," as they say, "in the soup")
_NAMING_RE = re.compile(
    r"\b((call|calls|called|calling)\s+(him|her|it|them|me|us|himself|herself|itself|themselves|myself)"
    r"|(named|nicknamed|christened|dubbed)"
    r"|(what|which|whom)\s+((?!(said|says|cried|called|call|calls)\b)\w+\s+){1,3}(call|calls|called)"
    r"|as\s+(they|people|we|you|one|the\s+\w+)\s+(say|says|put\s+it),?)\s*$",
    re.I,
)
_SAID_BEFORE_RE = re.compile(
    r"\b(said|say|says|saying|cried|shouted|answered|replied|asked|whispered|exclaimed|muttered|murmured|"
    r"screamed|yelled)\s*$",
    re.I,
)
_MENTION_NOUN_RE = re.compile(r"\b(words?|phrase|expression|saying|name|title|motto)\s*$", re.I)
_ARTICLES = frozenset(("a", "an"))
_PREPOSITIONS = frozenset("of in on at from about by with for into upon".split())
# A verb or conjunction right after a quoted phrase that is the subject of a
# sentence ("Cissie" was the name, "Here" was the British Museum).
_SUBJECT_OF_VERB_RE = re.compile(r" (was|is|were|are|had|has|would|will|could|should|might|must|seemed|meant)\b")
_WORD_RE = re.compile(r"[^\W\d_]+")
_SENTENCE_END_RE = re.compile(r"(\w*)[.!?][\"'\u201d\u2019]?\s+")
_ABBREVIATIONS = frozenset("st mt esq messrs col capt gen rev prof jr sr vs etc no".split())
_CLAUSE_OPENERS = frozenset("and but or nor then when while so yet till until".split())
_QUOTE_THEN_CONJUNCTION_RE = re.compile("[\"'\u201d\u2019][,;]?\\s+(and|or|,)?\\s*$")


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
    if _is_mention(text, qs, inner_end, ps, inner, words):
        return True
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
        # so-called "experts"; but a word said: she said "no" and left
        return not _SAID_BEFORE_RE.search(text, max(ps, qs - 20), qs)
    # "poison," with a comma: a scare quote only inside a running sentence
    before = text[max(ps, qs - 8) : qs].rstrip()
    if len(words) == 2:  # brought me up "by hand."; not he whispered "go away."
        last = _WORD_RE.findall(text[max(ps, qs - 20) : qs])[-1:]
        return bool(last) and before[-1:].isalpha() and last[0].lower() not in _SPEECH_VERBS
    return len(words) == 1 and bool(before) and before[-1].isalpha()


def _is_mention(text, qs, inner_end, ps, inner, words, max_words=6):
    """A short quoted phrase used as a noun inside the narrator's sentence,
    not spoken: the subject of a verb ("Here" was the British Museum), or
    words a sentence runs through (what is known as "quite a scene," and;
    Giorgione's "Tempesta," the ...) after a word that is no verb of speech."""
    if len(words) > max_words or any(c in "!?\u2026" for c in inner):
        return False
    after = text[inner_end + 1 : inner_end + 12]
    before = text[max(ps, qs - 40) : qs]
    before = _this_sentence(before)
    if _NAMING_RE.search(before):
        return True  # a name given: they called him "Captain," though
    if inner[-1].isalnum() and _SUBJECT_OF_VERB_RE.match(after) and _MENTION_NOUN_RE.search(before):
        return True  # the words "before the spring" seemed to promise little
    last_words = [w.lower() for w in _WORD_RE.findall(before)[-4:]]
    if any(
        w in _SPEECH_VERBS and (w not in _ARTICLES or not _PREPOSITIONS.intersection(last_words[n + 1 :]))
        for n, w in enumerate(last_words)
    ):
        # saying to herself "This is Bill," / heard the words "my son," / a very earnest "Good-bye,"
        # (not an article before a preposition: a copy of "Ivanhoe" with)
        return False
    if _QUOTE_THEN_CONJUNCTION_RE.search(before):
        return False  # one of a list of sayings: said "Good-bye" and "Thank-you"
    if inner[-1].isalnum() and _SUBJECT_OF_VERB_RE.match(after):
        return True
    if any(w.lower() in _SPEECH_VERBS for w in _WORD_RE.findall(text, inner_end + 1, inner_end + 30)[:4]):
        return False  # a tag follows: "never exactly understood," she would say
    if not before.rstrip() or not before.rstrip()[-1].isalpha():
        return False
    previous = _WORD_RE.findall(before)[-1:]
    if previous and previous[0].lower() in _CLAUSE_OPENERS:
        return False  # a new clause opens on the quotation: and "Dear Tom," was all she said
    rest = after.lstrip(" ")
    return bool(rest) and rest[0] != "\n" and (rest[0].islower() or rest[0] in ",;:-\u2014)")


def _this_sentence(before):
    """The part of ``before`` after its last sentence end (Mrs. is none)."""
    start = 0
    for m in _SENTENCE_END_RE.finditer(before):
        if m.group(1).lower() not in _HONORIFICS | _ABBREVIATIONS:
            start = m.end()
    return before[start:]


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
