"""Who "he" or "she" most likely means at a point of the narration.

A small salience tracker in the spirit of Lappin and Leass: every mention of
a character in the narration adds to its salience (more as the subject of a
clause than as an object or possessor), salience fades with distance, and a
narration pronoun is resolved on the fly to the most salient character of
its gender, whose salience it then renews.  Following the pronoun chains is
what name mentions alone miss: after "Jane came in. He looked at her. He
sat down." the men in the scene are ranked by who is being talked about,
not by whose name was printed last.  A name that opens a sentence becomes
the new centre (as in centering theory): a paragraph opening "Emma was not
..." after one about Mrs. Weston turns the "she"s that follow to Emma.
"""
from __future__ import annotations

import re

from ..characters import PRONOUN_GENDER
from .units import SpanSet

HALF_LIFE = 200         # characters over which a mention's weight halves (400: LOO roster +.003, auto -.003)
SUBJECT, OTHER = 1.0, 0.5
FLOOR = 0.02            # below this a character has left the scene
# a name opening a sentence is its new centre: the others of that gender fall back to this
# share ("Emma was not at this time..." after a paragraph about Mrs. Weston; tracker alone on
# the "he/she said" tags: 0.668 -> 0.707, every dev novel up; LOO list +.002, automatic -.001)
SHIFT = 0.25
FORGOTTEN = 1e-12       # ... and below this its salience is dropped (it would add nothing to a new mention)
_PRONOUN = re.compile(r"\b(he|she|him|his|her|himself|herself|He|She|His|Her)\b")
# a mention opens a clause: after a stop, a paragraph break or quote, or a connective
_CLAUSE_START = re.compile(r"(?:(?:^|[.!?;:\u2014\"\u201c\u201d\u2018\u2019(_]|\n)[\s\"'\u201c\u201d\u2018\u2019_]*"
                           r"|(?:[,;]\s*|\s)(?:and|but|then|so|when|while|as|till|until|for)\s+)$")
# ... a sentence's first word: after a full stop or at a paragraph's start
_OPENS_SENTENCE = re.compile(r"(?:[.!?]\s+|\n[ \t]*\n\s*)_?$")


def role_weight(text: str, pos: int) -> float:
    return SUBJECT if _CLAUSE_START.search(text, max(0, pos - 12), pos) else OTHER


class SalienceTracker:
    """Runs along the narration; ``ranked(gender)`` is the current ranking."""

    def __init__(self, genders: dict[str, str | None]):
        self.genders = genders
        self.weight: dict[str, tuple[float, int]] = {}   # name -> (salience, position it was last set)

    def value(self, name: str, pos: int) -> float:
        w, at = self.weight.get(name, (0.0, pos))
        return w * 0.5 ** ((pos - at) / HALF_LIFE)

    def mention(self, name: str, pos: int, w: float) -> None:
        self.weight[name] = (self.value(name, pos) + w, pos)

    def shift_to(self, name: str, pos: int) -> None:
        """`name` opens a sentence: the others of that gender fall back."""
        g = self.genders.get(name)
        if g is None:  # (no pronoun stands for those of no known gender)
            return
        for n in self.weight:
            if n != name and self.genders.get(n) == g:
                self.weight[n] = (self.value(n, pos) * SHIFT, pos)

    def ranked(self, gender: str, pos: int) -> list[tuple[str, float]]:
        out = [(n, self.value(n, pos)) for n in self.weight if self.genders.get(n) == gender]
        for n, v in out:
            if v < FORGOTTEN:  # long out of the scene: keeps a long book's scans short
                del self.weight[n]
        out = [(n, v) for n, v in out if v >= FLOOR]
        return sorted(out, key=lambda t: -t[1])


def salience_events(text: str, narr: list[tuple[int, str]], dialogue: list[tuple[int, int]],
                    queries: list[int]) -> list[tuple[int, int, str | None, bool, float]]:
    """What the tracker reads, in order, as (position, kind, what, opens a
    sentence, role weight): kind 0 a name, 1 a narration pronoun, -1 a query.
    The same for every pass over a book, so it is worked out once."""
    spans = SpanSet(dialogue)
    events = [(p, 0, n) for p, n in narr]
    events += [(m.start(), 1, m.group(1).lower()) for m in _PRONOUN.finditer(text) if m.start() not in spans]
    events += [(q, -1, None) for q in queries]   # a query sees what came strictly before it
    events.sort(key=lambda e: (e[0], e[1]))
    out = []
    for pos, kind, what in events:
        opens = kind == 0 and bool(_OPENS_SENTENCE.search(text, max(0, pos - 8), pos))
        weight = role_weight(text, pos) if kind == 0 or what in ("he", "she") else OTHER
        out.append((pos, kind, what, opens, weight))
    return out


def pronoun_referents(text: str, narr: list[tuple[int, str]], dialogue: list[tuple[int, int]],
                      genders: dict[str, str | None], queries: list[int],
                      resolved: dict[int, str] | None = None,
                      events: list | None = None) -> dict[int, list[tuple[str, float]]]:
    """For each query position (a "he"/"she" speech tag): the characters of
    each gender ranked by salience just before it, as {pos: {gender: [(name, salience)]}}.
    `resolved` names the referent of some pronouns (the speakers an earlier
    pass gave to "he said" tags): those renew that character, not the top one.
    `events`: salience_events() of the same arguments, if already worked out."""
    resolved = resolved or {}
    if events is None:
        events = salience_events(text, narr, dialogue, queries)
    tracker = SalienceTracker(genders)
    out: dict[int, dict[str, list[tuple[str, float]]]] = {}
    for pos, kind, what, opens, weight in events:
        if kind == -1:
            out[pos] = {g: tracker.ranked(g, pos) for g in ("male", "female")}
        elif kind == 0:
            if opens:
                tracker.shift_to(what, pos)
            tracker.mention(what, pos, weight)
        elif pos in resolved:
            tracker.mention(resolved[pos], pos, SUBJECT)
        else:
            ranked = tracker.ranked(PRONOUN_GENDER[what], pos)
            if ranked:
                tracker.mention(ranked[0][0], pos, weight)
    return out
