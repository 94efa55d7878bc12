"""Candidate speakers of each utterance: whom the ranker (`features.py`) scores.

The tag's names first, then the speakers of the neighbouring turns, who the
narration names nearby, who the last turn named, the narrator, characters
named further back in the scene, anyone the conversation addresses by name,
and the book's major characters.
"""
from __future__ import annotations

import bisect

from ..model import NARRATOR
from .context import WINDOW, Context, chapter_floor, quote_mentions, vocatives
from .runs import Hints
from .units import Utterance

MAX_CANDIDATES = 12
TOP_GLOBAL = 6
ADDRESSED_SPAN = 3  # turns either side whose vocatives join the candidates


def candidates(u: Utterance, ctx: Context, units: list[Utterance], speakers: list[str | None],
               hints: Hints | None = None) -> list[str]:
    order: list[str] = []

    def add(n):
        if n and n not in order:
            order.append(n)

    for n in sorted(u.tag_names) + sorted(u.tag_alias):
        add(n)
    if u.tag_kind == "first":
        add(narrator_of(u, ctx))
    i = bisect.bisect_right(ctx.narr_pos, u.para_end) - 1
    floor = chapter_floor(ctx, u.para_start)
    lo = max(u.para_start - WINDOW, floor)
    recent = []
    while i >= 0 and ctx.narr[i][0] >= lo:
        recent.append(ctx.narr[i][1])
        i -= 1
    k = u.index
    if hints is not None:
        add(hints.alt[k])
    for j in (k - 1, k + 1, k - 2, k + 2, k - 3):
        if 0 <= j < len(units) and speakers[j]:
            add(speakers[j])
    for n in recent:
        add(n)
    if k > 0:
        for a, b, n in quote_mentions(ctx, units[k - 1]):
            add(n)
    add(ctx.narrator)
    order = order[:MAX_CANDIDATES]
    # characters named further back in this scene (the ones silent for a while)
    i = bisect.bisect_right(ctx.narr_pos, lo) - 1
    far = []
    while i >= 0 and ctx.narr[i][0] >= max(lo - 2 * WINDOW, floor) and len(far) < 3:
        if ctx.narr[i][1] not in order and ctx.narr[i][1] not in far:
            far.append(ctx.narr[i][1])
        i -= 1
    order.extend(far)
    # whoever the conversation addresses by name is in it ("My dear Isabella, ...")
    for j in range(max(0, k - ADDRESSED_SPAN), min(len(units), k + ADDRESSED_SPAN + 1)):
        if j != k and abs(units[j].p_first - u.p_first) <= 2 * ADDRESSED_SPAN:
            for n in sorted(vocatives(ctx, units[j])):
                add(n)
    for n, _ in ctx.freq.most_common(TOP_GLOBAL):  # major characters, even when unnamed nearby
        add(n)
    return order


def narrator_of(u: Utterance, ctx: Context) -> str | None:
    """The narrator's name; an "I said" in the narration of a third-person
    book (a story told within a frame) is still the narrator's line."""
    return ctx.narrator or ((ctx.marked_narrator or NARRATOR) if u.tag_kind == "first" else None)
