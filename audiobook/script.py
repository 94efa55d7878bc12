"""Script stage: Book (+ Cast) -> Script, every dialogue segment with a speaker.

Steps: split each chapter into narration and dialogue (quotes stage), build
the roster (the casting file's characters, else the ones found in the text),
attribute every quotation, give each dialogue segment a stable `quote_id`,
then apply the casting file's `[fixes]` last (confidence 1.0).

quote_id: see quote_keys.py.  Fixes that name no quotation of the book now
are not applied; `Script.notes` says so.
"""
from __future__ import annotations

import re
import shlex
from collections import Counter
from pathlib import Path

from .attribution import attribute
from .attribution_model.forked import cpu_count, forked_map
from .attribution_model.units import VERB
from .characters import discover_characters, roster_and_unlisted
from .errors import UserError
from .fixes import alias_owners, speaker_named
from .reading import analysis_text
from .model import DIALOGUE, NARRATOR, Book, Cast, Script, Segment
from .quote_keys import locate_fixes, quote_ids
from .quotes import split_chapter


def book_segments(book: Book) -> list[Segment]:
    """Every chapter split into narration and dialogue, in book order (no speakers yet)."""
    segments: list[Segment] = []
    text = analysis_text(book)  # a Markdown book's markup blanked (reading.py); the same offsets
    for chapter in book.chapters:
        segments.extend(split_chapter(text, chapter, source=book.text))
    if text is not book.text:
        for s in segments:
            s.text = book.text[s.start:s.end]
    return segments


PARALLEL_TEXT = 100_000  # characters: a shorter book is split and searched for characters before a fork pays


def _segments_and_characters(book: Book, text: str) -> tuple[list[Segment], list]:
    """The book's segments and the characters found in its text: two pieces of
    work that need nothing of each other, so on two CPUs the characters are
    found in a forked process while this one splits the chapters."""
    work = (lambda: book_segments(book), lambda: discover_characters(text))
    workers = min(cpu_count(), 2) if len(text) >= PARALLEL_TEXT else 1
    segments, found = forked_map(lambda i: work[i](), 2, workers, min_share=1)
    return segments, found


def make_script(book: Book, cast: Cast | None = None, segments: list[Segment] | None = None,
                admit_new: bool = False) -> Script:
    """`segments`: the book's `book_segments`, when the caller has split it already.
    `admit_new`: characters the cast does not cover join the roster when a
    speech tag names them (updating a casting file after the book changed:
    "said Zed" once is enough; a place or a name only mentioned stays out,
    so what the user pruned from the file does not come back)."""
    text = analysis_text(book)
    found = None
    if segments is None:
        segments, found = _segments_and_characters(book, text)
    roster, unlisted = roster_and_unlisted(text, cast, found)
    speaking = [c for c in unlisted if _named_in_a_tag(text, c.name)]
    if admit_new:
        roster, speaking = roster + speaking, []
    result = attribute(text, segments, roster, from_cast=bool(cast and cast.characters))
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
        notes = _apply_fixes(book.text, segments, result.groups, cast.fixes, roster, cast.fix_places, book.source)
    if speaking:
        notes.append(_unlisted_note(speaking, book.source))
    lines = Counter(s.speaker for s in segments if s.kind == DIALOGUE and s.speaker)
    for ch in roster:
        ch.lines = lines.get(ch.name, 0)
    roster.sort(key=lambda c: -c.lines)
    if cast is not None and cast.characters and not admit_new:
        joined = [c for c in roster if c.lines and c.name not in cast.characters and c.name != narrator]
        if joined:
            notes.append(_joined_note(joined, book.source))
    runner_ups = {i: (a.runner_up, a.runner_up_confidence) for i, a in result.by_segment.items()}
    return Script(book=book, segments=segments, characters=roster,
                  narrator_character=narrator if narrator and narrator != NARRATOR else None, notes=notes,
                  turns=result.groups, runner_ups=runner_ups)


UNLISTED_SHOWN = 5


_VERB_BEFORE = re.compile(r"\b(?:" + VERB + r")\s+$")
_VERB_AFTER = re.compile(r"\s+(?:[a-z]+ly\s+)?(?:" + VERB + r")\b")


def _named_in_a_tag(text: str, name: str) -> bool:
    """Does a speech tag name `name` ("said Zed", "Zed replied")?  Each
    mention is looked at, not the whole book searched for every verb."""
    n = r"\s+".join(re.escape(w) for w in name.split())
    for m in re.finditer(rf"(?<![\w.]){n}\b", text):
        if _VERB_BEFORE.search(text, max(0, m.start() - 30), m.start()) or _VERB_AFTER.match(text, m.end()):
            return True
    return False


def _unlisted_note(unlisted: list, source: Path | None) -> str:
    names = ", ".join(c.name for c in unlisted[:UNLISTED_SHOWN]) + (", ..." if len(unlisted) > UNLISTED_SHOWN else "")
    book = shlex.quote(str(source)) if source else "BOOK"
    return (f"the book names {len(unlisted)} character{'s' if len(unlisted) != 1 else ''} the casting file does not "
            f"list ({names}): any lines of theirs go to the listed characters; `audiobook cast {book}` adds them")


def _joined_note(joined: list, source: Path | None) -> str:
    """Speakers the casting file leaves out but the book makes plain (a name used
    often, "said the landlady" in many tags): they speak, in voices of their own."""
    names = ", ".join(f"{c.name} ({c.lines} line{'s' if c.lines != 1 else ''})" for c in joined[:UNLISTED_SHOWN]) \
        + (", ..." if len(joined) > UNLISTED_SHOWN else "")
    book = shlex.quote(str(source)) if source else "BOOK"
    return (f"{len(joined)} speaker{'s' if len(joined) != 1 else ''} the casting file does not list "
            f"{'speak' if len(joined) != 1 else 'speaks'} in voices chosen by the build: {names}; "
            f"`audiobook cast {book}` adds them to it, to set their voices")


def _apply_fixes(text: str, segments: list[Segment], groups: list[list[int]], fixes: dict[str, str],
                 roster: list, places: dict[str, str] | None = None, source: Path | None = None) -> list[str]:
    """A fix names one quotation; the whole turn it belongs to (pieces split by
    a tag, paragraphs it runs over) takes that speaker, a character of the
    roster (a casting file's own fixes already name its characters).
    Returns a note for each fix not applied, with the casting file's line (`places`)."""
    group_of = {i: g for g in groups for i in g}
    book = shlex.quote(str(source)) if source else "BOOK"
    found, notes = locate_fixes(fixes, segments, text, book, places or {})
    owners = alias_owners(roster)
    for key, i in found.items():
        try:
            speaker = speaker_named(fixes[key], owners)
        except UserError as e:
            where = f"{places[key]}: " if places and key in places else ""
            notes.append(f"{where}the fix \"{key}\" = \"{fixes[key]}\" was not applied: {e}")
            continue
        for j in group_of.get(i, [i]):
            segments[j].speaker = speaker
            segments[j].confidence = 1.0
    return notes
