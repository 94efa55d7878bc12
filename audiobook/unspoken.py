"""Quotations no one character says: words held back, and a crowd's words.

Quote marks also give words that were never spoken: what a character was
going to answer, nearly said, wanted to say or did not say, what someone
could have said, what a look seemed to say or a smile meant, what it was
useless to say (`She nearly said, "Don't protect him."`, `a smile which
seemed to say, "These are my own concerns."`), and a saying quoted (`the old
saying, "..."`).  No voice says them in the story, so the narrator reads
them.  The cue is the narration's clause right before the quotation, in the
same paragraph: a verb of speech held back by "nearly", "not", "wanted to",
a perfect modal ("could have said"), "was going to", "instead of" and the
like, or a verb of meaning ("which meant,", "clearly indicating").  Speech
that was said stays speech: "almost directly to say" (said at once), "the
opportunity of saying", "could not help saying".
Words that many say at once (`a general chorus of "There goes Bill!"`,
`Everybody was saying "Poor Mrs. Jones!"`, `the sound of many voices: she
made out the words: "Where's the ladder?"`) have no one voice either: the
narrator reads them too, unless a single speaker says them after all
("Hearing voices, he said, ...").
"""
from __future__ import annotations

import re

Span = tuple[int, int, str, bool]  # (start, end, kind, continues)

_SAY = (
    r"(say|said|saying|answer|answered|answering|reply|replied|replying|ask|asked|asking|exclaim|exclaimed|"
    r"quote|quoted|cry|cried|tell|told|remark|remarked|add|added|retort|retorted|call|called|shout|shouted|"
    r"whisper|whispered|speak|spoke|utter|uttered|observe|observed)\b"
)
# Whom it is said to, then a comma, colon or dash: `..., "`.
_TAIL = (
    r"(\s+out)?(\s+(to|unto)\s+\w+(\s+\w+)?)?(\s*,?\s*(any minute|at once|again|aloud|simply|merely|only))?"
    r"\s*[,:]?\s*(--|\u2014)?\s*$"
)
_HELD_BACK_RE = re.compile(
    "(?:%s)"
    % "|".join(
        (
            rf"\b(could|would|might|should|must|may)(n't| not)? have\s+(\w+\s+)?{_SAY}",  # could have said
            rf"\b(nearly|almost)\s+((?!\w+ly\b)\w+\s+){{0,3}}?{_SAY}",  # nearly said; not "almost directly to say"
            rf"\b(was|were)\s+(going|about)\s+to\s+{_SAY}|\bon the point of\s+{_SAY}",
            rf"\b(instead of|without)\s+{_SAY}",  # not "could not refrain from saying"
            rf"\b(seemed|seem|seems|appeared)\s+to\s+{_SAY}",
            rf"\b(useless|vain|no use|all very well|idle)\s+to\s+{_SAY}",
            # wanted to say, longed to cry out, was tempted to answer, had half a mind to shout
            rf"\b(wanted|wished|longed|yearned|itched|ached|tempted|inclined|half a mind|a good mind|a great mind)"
            rf"\s+to\s+{_SAY}",
            # did not say, never once said, didn't say; not "could not help saying"
            # (not "as she did not answer,": answering and replying go without words said)
            r"(\b(not|never|nobody|no one)|\wn't)\s+((?!(\w+ly|help|but|stop|resist|forbear)\b)\w+\s+)?"
            r"(say|said|saying|exclaim|exclaimed|utter|uttered|cry|cried|shout|shouted|whisper|whispered|"
            r"ask|asked|tell|told|add|added)\b",
            r"\b(meant|indicating|expressed)",  # a look which meant, "..."
            # a saying nobody says here: thought of the old saying, "..."; as the proverb goes, "..."
            # (not "her voice saying:")
            r"\b(the|an?|that|this)\s+((old|wise|familiar|common|homely|good)\s+)?(saying|proverb|adage|maxim|motto)"
            r"(\s+(goes|has it|runs))?",
        )
    )
    + _TAIL,
    re.I,
)
# A sound of many voices heard, with no speaker named: "a general chorus of",
# "a confusion of voices--" (but "the children cried in chorus," and
# "voices called out" name a group that speaks).
_CROWD_RE = re.compile(
    r"\b(chorus of|voices(?!\s+(said|cried|called|shouted|answered|replied|exclaimed))"
    r"|(general|universal) (cry|shout|murmur|roar)"
    r"|(everybody|everyone|every body|every one)\s+((was|were)\s+)?(said|saying|cried|crying|shouted|shouting|"
    r"exclaimed|exclaiming))\b",
    re.I,
)
_ONE_SPEAKER_RE = re.compile(
    r"\b(he|she|I|we)\s+(said|cried|asked|called|shouted|whispered|answered|replied|exclaimed)\b"
)
_CLAUSE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")
_WHITESPACE_RE = re.compile(r"\s+")


def unspoken(text: str, spans: list[Span], i: int, paragraph_starts: set[int]) -> bool:
    """The quotation starting at span i gives words nobody said aloud: the
    narration right before it, in its paragraph, holds the speech back."""
    if i == 0 or spans[i][0] in paragraph_starts or spans[i - 1][2] == "dialogue":
        return False
    before = text[spans[i - 1][0] : spans[i - 1][1]].rstrip() + " "
    last = 0
    for m in _CLAUSE_END_RE.finditer(before):
        last = m.end()
    clause = _WHITESPACE_RE.sub(" ", before[last:])
    if _HELD_BACK_RE.search(clause):
        return True
    crowd = _CROWD_RE.search(clause)
    return bool(crowd) and not _ONE_SPEAKER_RE.search(clause, crowd.end())
