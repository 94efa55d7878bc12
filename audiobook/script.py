"""Script stage: Book (+ Cast) -> Script, every dialogue segment with a speaker.

Steps: split each chapter into narration and dialogue (quotes stage), build
the roster (the casting file's characters, else the ones found in the text),
attribute every quotation, give each dialogue segment a stable `quote_id`,
then apply the casting file's `[fixes]` last (confidence 1.0).

quote_id: "q" + 10 hex digits of a hash of the quotation's normalised text
(case and spacing folded), plus "-N" for the N-th (N >= 2) quotation with
the same text in the book.  It depends on nothing outside the quotation, so
edits elsewhere in the book (a typo fixed in narration, a chapter re-cut, a
re-run with another cast) keep every id; only inserting an identical
quotation earlier in the book renumbers the later copies.  Context words
were rejected as part of the key because a fix elsewhere nearby would then
silently orphan the user's fixes.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter

from .attribution import attribute
from .characters import build_roster
from .model import DIALOGUE, NARRATOR, Book, Cast, Script, Segment
from .quote_marks import QUOTE_CHARS
from .quotes import split_chapter



def normalize_quote(text: str) -> str:
    body = text.strip().strip(QUOTE_CHARS).strip()
    return re.sub(r"\s+", " ", body).lower()


def quote_ids(segments: list[Segment]) -> dict[int, str]:
    """Segment index -> stable id, for every dialogue segment."""
    seen: Counter = Counter()
    out = {}
    for i, s in enumerate(segments):
        if s.kind != DIALOGUE:
            continue
        key = normalize_quote(s.text)
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        seen[digest] += 1
        out[i] = f"q{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
    return out


def make_script(book: Book, cast: Cast | None = None) -> Script:
    segments: list[Segment] = []
    for chapter in book.chapters:
        segments.extend(split_chapter(book.text, chapter))
    roster = build_roster(book.text, cast)
    result = attribute(book.text, segments, roster)
    roster = roster + result.described
    narrator = result.narrator_character
    ids = quote_ids(segments)
    for i, s in enumerate(segments):
        if s.kind != DIALOGUE:
            continue
        s.quote_id = ids[i]
        a = result.by_segment.get(i)
        if a is not None:
            s.speaker = a.speaker
            s.confidence = a.confidence
        else:  # whitespace-only or empty quotation: nobody to hear
            s.speaker, s.confidence = None, 0.0
    if cast is not None and cast.fixes:
        _apply_fixes(segments, result.groups, cast.fixes)
    lines = Counter(s.speaker for s in segments if s.kind == DIALOGUE and s.speaker)
    for ch in roster:
        ch.lines = lines.get(ch.name, 0)
    roster.sort(key=lambda c: -c.lines)
    return Script(book=book, segments=segments, characters=roster,
                  narrator_character=narrator if narrator and narrator != NARRATOR else None)


def _apply_fixes(segments: list[Segment], groups: list[list[int]], fixes: dict[str, str]) -> None:
    """A fix names one quotation; the whole turn it belongs to (pieces split by
    a tag, paragraphs it runs over) takes that speaker."""
    group_of = {i: g for g in groups for i in g}
    by_id = {s.quote_id: i for i, s in enumerate(segments) if s.quote_id}
    for qid, speaker in fixes.items():
        i = by_id.get(qid)
        if i is None:
            continue
        for j in group_of.get(i, [i]):
            segments[j].speaker = speaker
            segments[j].confidence = 1.0
