"""Script stage: Book (+ Cast) -> Script, every dialogue segment with a speaker.

Steps: split each chapter into narration and dialogue (quotes stage), build
the roster (the casting file's characters, else the ones found in the text),
attribute every quotation, give each dialogue segment a stable `quote_id`,
then apply the casting file's `[fixes]` last (confidence 1.0).

quote_id: see quote_keys.py.  Fixes that name no quotation of the book now
are not applied; `Script.notes` says so.
"""
from __future__ import annotations

from collections import Counter

from .attribution import attribute
from .characters import build_roster
from .errors import UserError
from .fixes import alias_owners, speaker_named
from .model import DIALOGUE, NARRATOR, Book, Cast, Script, Segment
from .quote_keys import locate_fixes, quote_ids
from .quotes import split_chapter


def book_segments(book: Book) -> list[Segment]:
    """Every chapter split into narration and dialogue, in book order (no speakers yet)."""
    segments: list[Segment] = []
    for chapter in book.chapters:
        segments.extend(split_chapter(book.text, chapter))
    return segments


def make_script(book: Book, cast: Cast | None = None, segments: list[Segment] | None = None) -> Script:
    """`segments`: the book's `book_segments`, when the caller has split it already."""
    segments = book_segments(book) if segments is None else segments
    roster = build_roster(book.text, cast)
    result = attribute(book.text, segments, roster, from_cast=bool(cast and cast.characters))
    roster = roster + result.described
    narrator = result.narrator_character
    ids = quote_ids(segments, book.text)
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
    notes: list[str] = []
    if cast is not None and cast.fixes:
        notes = _apply_fixes(book.text, segments, result.groups, cast.fixes, roster)
    lines = Counter(s.speaker for s in segments if s.kind == DIALOGUE and s.speaker)
    for ch in roster:
        ch.lines = lines.get(ch.name, 0)
    roster.sort(key=lambda c: -c.lines)
    runner_ups = {i: (a.runner_up, a.runner_up_confidence) for i, a in result.by_segment.items()}
    return Script(book=book, segments=segments, characters=roster,
                  narrator_character=narrator if narrator and narrator != NARRATOR else None, notes=notes,
                  turns=result.groups, runner_ups=runner_ups)


def _apply_fixes(text: str, segments: list[Segment], groups: list[list[int]], fixes: dict[str, str],
                 roster: list) -> list[str]:
    """A fix names one quotation; the whole turn it belongs to (pieces split by
    a tag, paragraphs it runs over) takes that speaker, a character of the
    roster (a casting file's own fixes already name its characters).
    Returns a note for each fix not applied."""
    group_of = {i: g for g in groups for i in g}
    found, notes = locate_fixes(fixes, segments, text)
    owners = alias_owners(roster)
    for key, i in found.items():
        try:
            speaker = speaker_named(fixes[key], owners)
        except UserError as e:
            notes.append(f"the fix \"{key}\" = \"{fixes[key]}\" was not applied: {e}")
            continue
        for j in group_of.get(i, [i]):
            segments[j].speaker = speaker
            segments[j].confidence = 1.0
    return notes
