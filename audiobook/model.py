"""Plain data passed between the pipeline stages.

Book -> Script (segments with speaker and offsets) -> Cast -> rendered
segments -> assembled chapters -> tagged file.  Every stage takes and returns
these objects; none of them does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

NARRATION: Literal["narration"] = "narration"
DIALOGUE: Literal["dialogue"] = "dialogue"
NARRATOR = "Narrator"  # name used for the narrator's voice in casting and transcripts


@dataclass(frozen=True)
class Chapter:
    """A chapter is the span ``book.text[start:end]``; chapters tile the text."""

    index: int  # 1-based, in reading order
    title: str
    start: int
    end: int


@dataclass
class Book:
    """What a reader returns: the text every offset refers to, and its chapters."""

    text: str
    chapters: list[Chapter]
    title: str
    author: str | None = None
    language: str = "en"
    year: str | None = None  # of publication, when the book says (an EPUB's dc:date)
    cover: bytes | None = None  # image bytes (JPEG or PNG)
    cover_mime: str | None = None
    source: Path | None = None
    notices: list[str] = field(default_factory=list)  # things the user should know (e.g. encoding guessed)


@dataclass
class Segment:
    """A piece of a chapter: ``text == book.text[start:end]``.

    Segments of a book tile its text exactly, in order.  ``kind`` is narration
    or dialogue; dialogue text keeps its quote marks.  ``speaker`` is the
    character's main name for dialogue (None when unknown, or for narration).
    """

    chapter: int
    kind: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    confidence: float | None = None
    quote_id: str | None = None  # stable key of a quotation (for review fixes)
    # True when this dialogue segment carries on the previous dialogue segment's
    # quotation (a quote running over several paragraphs): same speaker.
    continues: bool = False


@dataclass
class Character:
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None  # "male" | "female" | None
    lines: int = 0


@dataclass
class Script:
    book: Book
    segments: list[Segment]
    characters: list[Character]
    # A first-person narrator's own character name ("I said" lines): that
    # character speaks in the narrator's voice.
    narrator_character: str | None = None
    notes: list[str] = field(default_factory=list)  # for the user: casting-file fixes not applied, and why
    # Each turn's segment indices (pieces split by a tag, paragraphs it runs
    # over) and, per dialogue segment, the attribution's runner-up and its
    # confidence: what --review shows without attributing the book again.
    turns: list[list[int]] = field(default_factory=list)
    runner_ups: dict[int, tuple[str | None, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class VoiceProfile:
    """How one voice sounds; part of every segment's cache key."""

    engine: str = "espeak"
    voice: str = "en-us"
    rate: int = 175  # words per minute
    pitch: int = 50  # 0..100 (eSpeak scale); engines map it to their own
    volume: float = 1.0  # 0..2, linear gain applied after synthesis
    speaker_id: int | None = None  # for multi-speaker neural models


@dataclass
class CastMember:
    name: str
    profile: VoiceProfile
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    lines: int = 0
    auto_voice: bool = False  # True when the voice was chosen automatically, not by the user
    # what the casting file sets besides a voice (rate, pitch, ...): kept over an automatic one
    settings: dict = field(default_factory=dict)


@dataclass
class Cast:
    narrator: VoiceProfile
    characters: dict[str, CastMember] = field(default_factory=dict)
    lexicon: dict[str, str] = field(default_factory=dict)  # word -> spoken form (or [[phonemes]])
    fixes: dict[str, str] = field(default_factory=dict)  # quotation key -> speaker, from --review
    notes: list[str] = field(default_factory=list)  # things the user should know about the file
    fix_places: dict[str, str] = field(default_factory=dict)  # quotation key -> "file:line" of its fix, for notes

    def profile_for(self, speaker: str | None) -> VoiceProfile:
        member = self.characters.get(speaker) if speaker else None
        return member.profile if member else self.narrator


@dataclass(frozen=True)
class ChapterMark:
    """A chapter in the assembled audio, times from the real audio."""

    title: str
    start_ms: int
    end_ms: int


@dataclass
class Metadata:
    title: str
    author: str | None = None
    narrator: str | None = None
    year: str | None = None
    description: str | None = None
    genre: str = "Audiobook"
    language: str = "en"
    cover: bytes | None = None
    cover_mime: str | None = None
