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

Span = tuple[int, int, str, bool]  # (start, end, kind, continues)

_FIRST_PERSON_I_RE = re.compile(r"\bI\b")
_FIRST_SECOND_PERSON_RE = re.compile(
    r"\b(me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves|thee|thou|thy|ye)\b",
    re.I,
)
_THIRD_PERSON_PAST_RE = re.compile(r"\b(he|she|they)\s+(had|was|were|would|should|could|did|might|must)\b", re.I)
_QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def reported_speech(text: str, spans: list[Span], q: list[int], paragraph_starts: set[int], min_chars: int = 120) -> bool:
    """Quotation q (indices of its dialogue spans) is indirect speech: long,
    third person throughout, and set after a finished sentence (or as a
    "that ..." clause) rather than after a tag or another piece of speech."""
    words = "".join(text[spans[i][0] : spans[i][1]] for i in q)
    if len(words) < min_chars or _FIRST_PERSON_I_RE.search(words) or _FIRST_SECOND_PERSON_RE.search(words):
        return False
    i = q[0]
    if spans[i][0] in paragraph_starts or i == 0 or spans[i - 1][2] != NARRATION:
        return False
    before = text[spans[i - 1][0] : spans[i - 1][1]].rstrip()
    if before.endswith((".", "!", "?")) and len(_THIRD_PERSON_PAST_RE.findall(words)) >= 2:
        return True
    if i >= 2 and spans[i - 2][2] == DIALOGUE:
        return False  # the second piece of a split quotation: "...," said he, "and then"
    # The narration's sentence runs on into the quotation ("let it pass with a
    # "very true; ..."), or a "that" clause follows a tag.
    closed = words.rstrip()[-1:] in _QUOTE_CHARS
    lower_start = words[1:2].islower() and not before.endswith((",", ":")) and closed
    return lower_start or words[1:6] == "that "
