"""The narrator's asides set in parentheses inside a speech.

Some authors put a stage direction in parentheses in the middle of a
quotation: `"I think you will agree with me, (turning with a soft air to
Emma,) that..."`, `"Well--(checking herself)--I was saying..."`.  Those
words are the narrator's, not the speaker's, so ``split_asides`` cuts them
out of the dialogue as narration; the speech after them continues the
quotation.  An aside is a parenthesis that starts like a stage direction (a
participle: turning, nodding, looking; "with a smile", "in a low tone"; "to
Emma", "to himself", "aside"; a gesture: "she hesitated") and has no I, you
or we in it.  Parentheses the speaker says ("(as you
know)", "(between ourselves)", "(according to him)") stay speech.
"""
from __future__ import annotations

import re

_PAREN_RE = re.compile(r"\(([^()]{2,200})\)[,.;:]?\s*")
_FIRST_SECOND_PERSON_RE = re.compile(r"\b(I|me|my|we|us|our|you|your|thee|thou|thy)\b", re.I)
_ING_RE = re.compile(r"[A-Za-z]{2,}ing$")
# Words in -ing that do not open a stage direction.
_NOT_PARTICIPLES = frozenset(
    "being having according including excepting concerning regarding considering respecting touching "
    "notwithstanding supposing during nothing something anything everything morning evening thing king "
    "ring spring bring sing string wing darling wedding building feeling meaning beginning ending "
    "shilling farthing pudding stocking ceiling clothing lightning".split()
)
_MANNER_RE = re.compile(
    r"^(with (a|an|great|much|some)\b|in (a|an) [^()]{0,30}\b(tone|voice|accent|whisper|undertone|manner)\b)"
)
_ADDRESSEE_RE = re.compile(r"^to [A-Z][\w.]*( [A-Z][\w.]*){0,2},?$")
# A direction to whom or how it is said: (to himself), (aside), (Aloud), (sotto voce).
_DIRECTION_RE = re.compile(
    r"^(to (himself|herself|themselves|itself|the (company|room|others|rest|table|servants?|girls?|boys?|"
    r"child|children|ladies|gentlemen|audience|jury|court|dog))"
    r"|aloud|aside( to [A-Z][\w.]*( [A-Z][\w.]*)?)?|apart|sotto voce|in an? undertone|in a whisper)[,.;:]?$",
    re.I,
)
# The narrator's short clause of a gesture: (she hesitated), (he coughed), (Emma laughed a little).
_GESTURE_RE = re.compile(
    r"^(he|she|they|[A-Z][a-z]+) (hesitated|paused|coughed|laughed|smiled|sighed|sobbed|stammered|faltered|"
    r"blushed|nodded|winked|bowed|shrugged|chuckled|giggled|sniffed|gasped|frowned|groaned|yawned|simpered|"
    r"tittered|curtsied|curtseyed|hiccupped|hiccoughed|wept)( again| a little| slightly| \w+ly)?[,.;:]?$"
)
_WORD_RE = re.compile(r"\w")


def split_asides(text: str, qs: int, qe: int) -> list[tuple[int, int, bool]]:
    """Quotation text[qs:qe] as (start, end, is_speech) pieces tiling it:
    the asides narration, the speech around them."""
    pieces: list[tuple[int, int, bool]] = []
    cursor = qs
    for m in _PAREN_RE.finditer(text, qs, qe):
        if not _is_aside(m.group(1)):
            continue
        # speech on both sides, not just a quote mark
        if not _WORD_RE.search(text, cursor, m.start()) or not _WORD_RE.search(text, m.end(), qe):
            continue
        pieces.append((cursor, m.start(), True))
        pieces.append((m.start(), m.end(), False))
        cursor = m.end()
    pieces.append((cursor, qe, True))
    return pieces


def _is_aside(inner: str) -> bool:
    words = " ".join(inner.split())
    if not words or _FIRST_SECOND_PERSON_RE.search(words):
        return False
    first = re.match(r"[A-Za-z]+", words)
    first = first.group() if first else ""
    if _ING_RE.match(first) and first.lower() not in _NOT_PARTICIPLES and first[0].islower():
        return True  # (nodding towards her father), (turning to Mr. Knightley,)
    return bool(
        _MANNER_RE.match(words) or _ADDRESSEE_RE.match(words) or _DIRECTION_RE.match(words)
        or _GESTURE_RE.match(words)
    )
