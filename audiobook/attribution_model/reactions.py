"""Who reacts to a turn: the narration paragraph right after it.

'Elizabeth smiled.' standing alone after a turn names the listener reacting
far more often than the speaker going on, and 'He made no answer.' marks the
gender of the one spoken to.  Read once per book, before the ranking passes;
the patterns below also serve the features of a turn's own narration.
"""
from __future__ import annotations

import re

from .context import Context, narr_between
from .units import Utterance

REACT_REACH = 40     # characters into the next paragraph a reacting subject may stand
SENT_END = re.compile(r"[.!?;]")
# a sentence opening on 'he' or 'she' ('He made no answer.', 'and then she said')
PRON_START = re.compile(r"[\s,;.!?\"'\u201c\u201d\u2018\u2019\u2014-]*(?:(?:and|but|then)\s+)?(he|she)\b", re.I)
# 'to X', 'at X', 'with her X': X is an object, not the one acting
OBJECT_BEFORE = re.compile(r"\b(?:to|at|with|by|for|from|of|upon|on|towards|toward|than)\s+"
                           r"(?:(?:the|his|her|my|dear|poor|little|old|young)\s+)*$", re.I)


def reactions(ctx: Context, units: list[Utterance]) -> list[tuple[str | None, str | None]]:
    """Per turn: who opens a narration paragraph right after it ('Elizabeth
    smiled.': mostly the listener reacting), else the gender of its opening
    he/she ('He made no answer.'); (None, None) if neither or no such paragraph."""
    text = ctx.text
    out = []
    for k, u in enumerate(units):
        reactor = react_gender = None
        if k + 1 == len(units) or units[k + 1].p_first > u.p_last + 1:
            a = u.para_end
            while a < len(text) and text[a].isspace():
                a += 1
            end = SENT_END.search(text, a, min(len(text), a + 300))
            first = [m for m in narr_between(ctx, a, end.end() if end else min(len(text), a + 300))
                     if m[0] - a <= REACT_REACH and not OBJECT_BEFORE.search(text, max(0, m[0] - 30), m[0])]
            reactor = first[0][1] if first else None
            if not first and end:
                m = PRON_START.match(text, a, end.end())
                react_gender = m and ("male" if m.group(1).lower() == "he" else "female")
        out.append((reactor, react_gender))
    return out
