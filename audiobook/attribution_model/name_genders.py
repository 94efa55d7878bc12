"""A name's gender from the pronouns that follow it in the book.

Counts are weighed against the book's own he/she mix, pooled over a
character's forms by the caller; "it" after a creature means no gender.
"""
from __future__ import annotations

import re
from collections import Counter

from ..characters import LOWER, PRONOUN_GENDER, UPPER

_PRONOUN = re.compile(r"\b(he|she|his|her|him|himself|herself|it|its|itself|He|She|His|Her|It|Its)\b")
_NEUTER = {"it", "its", "itself"}
_PRONOUN_CUT = re.compile(rf"\n\s*\n|[\"\u201c\u201d]|(?<=[a-z,;] )(?:Mr\.|Mrs\.|Miss|[{UPPER}][{LOWER}]+)")


def following_pronoun(text: str, end: int) -> str | None:
    """The gender ("male", "female", "neuter") of the first pronoun after a name."""
    window = text[end:end + 120]
    # a pronoun past a paragraph break, a quotation mark or another name is likely someone else's
    cut = _PRONOUN_CUT.search(window)
    pm = _PRONOUN.search(window, 0, cut.start() if cut else len(window))
    if not pm:
        return None
    word = pm.group(1).lower()  # 'Berry had been butler twenty years. His wife ...'
    return "neuter" if word in _NEUTER else PRONOUN_GENDER[word]


def pronoun_decider(counts: dict[str, Counter], min_seen: int = 3, odds: float = 2.5):
    """Decides the gender that a name's following pronouns point to, measured
    against the book's own mix: in a book about a girl "she" follows every
    name, so a name followed by "he" half the time is a man."""
    book = Counter()
    for c in counts.values():
        book.update(c)
    prior = (book["male"] + 1) / (book["female"] + 1)

    def decide(c: Counter | None) -> str | None:
        if not c:
            return None
        m, f = c["male"], c["female"]
        if m + f < min_seen or c["neuter"] >= max(m, f):
            return None  # "the Caterpillar ... it": an animal the book does not give a sex
        ratio = (m + 0.5) / (f + 0.5) / prior
        # far off the book's mix, or a clear majority that leans the same way
        lean = 1.5 if m + f >= 30 else odds  # with many pronouns a smaller lean is telling
        if ratio >= lean and m >= 2 or m >= 0.7 * (m + f) and ratio >= 1:
            return "male"
        if ratio <= 1 / lean and f >= 2 or f >= 0.7 * (m + f) and ratio <= 1:
            return "female"
        return None
    return decide
