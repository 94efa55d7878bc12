"""Cut spans too long for the speech engine at sentence ends.

Pieces longer than ``MAX_SEGMENT`` characters are cut at sentence ends (after
the last space, or anywhere, when no sentence ends in reach) so the speech
engine gets bounded inputs.  A cut dialogue span's later pieces continue it.
"""
from __future__ import annotations

import re

from .model import DIALOGUE

MAX_SEGMENT = 1500

_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+")


def bounded(text: str, spans):
    """(start, end, kind, continues) spans, those longer than MAX_SEGMENT cut
    at sentence ends (linear time)."""
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
