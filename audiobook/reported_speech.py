"""Indirect speech set in quote marks: the narrator reads it.

Some authors put a character's words in quote marks but report them in the
third person and the past tense (`He did consent. "He should like to see the
old house again, and she would ..."`).  The pronouns point at the speaker
from outside, so the speaker's own voice would say "he" of himself: the
narrator reads those.  The cues: no first or second person anywhere, and
the quotation dropped into the narration after a finished sentence (or as a
"that ..." clause, or running on a narration sentence) rather than after a
tag or another piece of speech.
"""
from __future__ import annotations

import re

from .model import DIALOGUE, NARRATION
from .quote_marks import QUOTE_CHARS

Span = tuple[int, int, str, bool]  # (start, end, kind, continues)

_FIRST_PERSON_I_RE = re.compile(r"\bI\b")
_FIRST_SECOND_PERSON_RE = re.compile(
    r"\b(me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves|thee|thou|thy|ye)\b",
    re.I,
)
_THIRD_PERSON_PAST_RE = re.compile(r"\b(he|she|they)\s+(had|was|were|would|should|could|did|might|must)\b", re.I)
# A finite verb in the present or future: direct speech ("He is late.").
_PRESENT_RE = re.compile(
    r"\b(is|are|am|isn't|aren't|ain't|has|hasn't|does|doesn't|don't|will|won't|can|can't|cannot|shall|shan't)\b"
    r"|\w['\u2019](re|ll|ve|m)\b|\b(they|there|who|which|that)\s+(have|do)\b",
    re.I,
)
_BACKSHIFTED_RE = re.compile(
    r"\b(he|she|they)\s+(had|was|were|would|should|could|did|might|must|need|"
    r"hoped|believed|thought|felt|wished|feared)\b",
    re.I,
)
# A beat of gesture right before a quotation: its speaker's, who speaks in their
# own voice (`The inspector nodded. "She was seen at the station at nine."`).
_GESTURE_BEAT_RE = re.compile(
    r"\b(nodded|shrugged|frowned|sighed|smiled|laughed|grinned|winced|coughed|wiped (his|her|their) (eyes|brow|face)|"
    r"shook (his|her|their) heads?|looked up|leaned (back|forward)|cleared (his|her|their) throats?)\b"
)
_SENTENCE_END_RE = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bMs)[.!?][\"'\u201d\u2019)]*\s+")
_SEX_OF_SUBJECT = {w: "m" for w in "He Mr. Mr Sir Lord".split()} | {
    w: "f" for w in "She Mrs. Mrs Miss Lady Madame".split()
}
_GENDERED_PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
_SEX_OF_PRONOUN = {p: "m" for p in ("he", "him", "his", "himself")} | {
    p: "f" for p in ("she", "her", "hers", "herself")
}
# A tag right after the quotation: "...," she said / thought Emma.
_TAG_AFTER_RE = re.compile(
    r"[\s,;:!?\u2014-]*(\S+\s+){0,3}?(said|says|cried|replied|answered|asked|added|continued|returned|exclaimed|"
    r"observed|whispered|muttered|repeated|thought|thinks|called|shouted|murmured|went on)\b",
    re.I,
)


def reported_speech(
    text: str, spans: list[Span], q: list[int], paragraph_starts: set[int], min_chars: int = 120
) -> bool:
    """Quotation q (indices of its dialogue spans) is indirect speech: long,
    third person throughout, and set after a finished sentence (or as a
    "that ..." clause) rather than after a tag or another piece of speech."""
    words = "".join(text[spans[i][0] : spans[i][1]] for i in q)
    if _after_a_beat(text, spans, q, paragraph_starts, words):
        return True
    if len(words) < min_chars or _FIRST_PERSON_I_RE.search(words) or _FIRST_SECOND_PERSON_RE.search(words):
        return False
    i = q[0]
    if spans[i][0] in paragraph_starts or i == 0 or spans[i - 1][2] != NARRATION:
        return False
    before = text[spans[i - 1][0] : spans[i - 1][1]].rstrip()
    if before.endswith((".", "!", "?")) and len(_THIRD_PERSON_PAST_RE.findall(words)) >= 2:
        return not _speaks_of_another(before, words, True)
    if i >= 2 and spans[i - 2][2] == DIALOGUE:
        return False  # the second piece of a split quotation: "...," said he, "and then"
    # The narration's sentence runs on into the quotation ("let it pass with a
    # "very true; ..."), or a "that" clause follows a tag.
    closed = words.rstrip()[-1:] in QUOTE_CHARS
    lower_start = words[1:2].islower() and not before.endswith((",", ":")) and closed
    return lower_start or words[1:6] == "that "


def _after_a_beat(text, spans, q, paragraph_starts, words, min_chars=60):
    """A quotation in the third person and the past tense throughout (no I,
    you or we, no present tense, "he would"/"she had"), set in a paragraph
    of narration after a finished sentence or a dash with no speech before
    it in the paragraph and no tag after it: `He turned to Mrs. Weston.--"He
    must be going. He had business at the Crown and errands at Ford's."`.
    Short ones stay speech: `Poirot shrugged. "He was lying, of course."`
    It may open its own paragraph after a paragraph of narration.  After a
    beat of gesture (`The inspector nodded.`) it is that speaker's speech."""
    i = q[0]
    if len(words) < min_chars or i == 0 or spans[i - 1][2] != NARRATION:
        return False
    if _FIRST_PERSON_I_RE.search(words) or _FIRST_SECOND_PERSON_RE.search(words) or _PRESENT_RE.search(words):
        return False
    if not _BACKSHIFTED_RE.search(words):
        return False
    if spans[i][0] in paragraph_starts and not _after_narration_paragraph(text, spans, q, paragraph_starts, words):
        return False
    before = text[spans[i - 1][0] : spans[i - 1][1]].rstrip()
    if not before.endswith((".", "!", "?", "--", "\u2014")):
        return False
    if _speaks_of_another(before, words, spans[i][0] not in paragraph_starts):
        return False
    if spans[i - 1][0] not in paragraph_starts and i >= 2 and spans[i - 2][2] == DIALOGUE:
        return False  # speech earlier in the paragraph: the speaker goes on after a beat
    last = q[-1]
    if last + 1 < len(spans) and spans[last + 1][2] == NARRATION:
        s, e = spans[last + 1][0], spans[last + 1][1]
        if _TAG_AFTER_RE.match(text, s, min(e, s + 60)):
            return False
    return True


def _speaks_of_another(before, words, same_paragraph):
    """The narration ``before`` a quotation, which ends with a finished
    sentence, shows its speaker talking of someone else, not reported in the
    third person: a beat of gesture (`The inspector nodded.`), or, in the
    quotation's paragraph, a speaker of one sex (`Mrs. Smith looked away.`)
    whose quotation has pronouns of the other sex only ("He was a good man.
    He had always been kind").  (A paragraph of its own before the quotation
    may be about someone else: `She was obliged to explain it.` / "No; he
    thought it a very bad plan.")"""
    beat = _last_sentence(before)
    if _GESTURE_BEAT_RE.search(beat):
        return True
    if not same_paragraph:
        return False
    first = beat.lstrip(" \n\"'\u201d\u2019_*").split(" ", 1)[0].rstrip(",")
    sex = _SEX_OF_SUBJECT.get(first)
    if sex is None:
        return False
    sexes = {_SEX_OF_PRONOUN[p.lower()] for p in _GENDERED_PRONOUN_RE.findall(words)}
    return bool(sexes) and sex not in sexes


def _last_sentence(narration):
    """The last sentence of ``narration`` (which ends with a stop or a dash)."""
    body = narration.rstrip("-\u2014 ").rstrip()[:-1]
    cut = 0
    for m in _SENTENCE_END_RE.finditer(body):
        cut = m.end()
    return body[cut:]


def _after_narration_paragraph(text, spans, q, paragraph_starts, words, min_chars=100):
    """Quotation q opens its paragraph right after a paragraph of narration
    (no quote marks, not a short beat like "Poirot shook his head.") and
    no tag follows it (it does not end on a comma: "...," was her conclusion)."""
    s, e = spans[q[0] - 1][0], spans[q[0] - 1][1]
    if s not in paragraph_starts or len(text[s:e].strip()) < min_chars:
        return False
    if any(c in QUOTE_CHARS for c in text[s:e]):
        return False
    return words.rstrip().rstrip(QUOTE_CHARS)[-1:] != ","
