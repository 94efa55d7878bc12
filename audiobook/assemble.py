"""Assembly: segment audio + planned pauses -> one stream of PCM per chapter.

Streaming throughout: segment audio arrives as an iterator (one ``bytes`` per
segment, in order; ``b""`` for segments with nothing to say) and leaves as
chunks, so memory stays flat however long the book.  While the audio goes by,
the chapter marks and the transcript cues are recorded from the real sample
counts.

Every segment is trimmed of the engine's own leading/trailing silence (the
pauses are ours to choose) and levelled to a common RMS, so no voice is louder
than another; the final gain and limiter are the encoder's (see loudness.py).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

from pydub import AudioSegment
from pydub.silence import detect_leading_silence

from . import loudness
from .exporters import ChapterAudio
from .model import DIALOGUE, NARRATOR, Chapter, ChapterMark, Segment


@dataclass(frozen=True)
class PausePlan:
    """Silence, in milliseconds, between pieces of speech."""

    within_paragraph_ms: int = 300  # narration <-> dialogue in the same paragraph
    voice_change_ms: int = 150  # added when the next voice is another one
    paragraph_ms: int = 750  # at a paragraph break (a newline between the two)
    after_heading_ms: int = 1200  # the beat after a chapter's title
    chapter_lead_in_ms: int = 500  # room tone before a chapter's first words (ACX: 0.5-1 s)
    chapter_tail_ms: int = 1500  # after a chapter's last words (ACX: 1-5 s); short so brief chapters stay loud enough


DEFAULT_PAUSES = PausePlan()

TRIM_THRESHOLD_DBFS = -50.0  # quieter than this at the edges counts as silence
TRIM_KEEP_MS = 20  # keep a little before/after the speech so soft onsets survive
MIN_LEVEL_MS = 50  # shorter segments keep their level (a click is not a voice)
MIN_LEVEL_DBFS = -55.0  # quieter segments keep their level (nothing to bring up)
MAX_BOOST_DB = 30.0  # a whisper at -50 dBFS still reaches the target
PEAK_CEILING_DBFS = -1.0  # levelling never clips 16-bit samples

_HEADING_WORDS = {"chapter", "part", "book", "volume", "section", "prologue", "epilogue", "preface",
                  "introduction", "interlude", "afterword", "foreword", "the", "one", "two", "three",
                  "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                  "twenty", "thirty", "forty", "fifty", "first", "second", "third", "last"}
_ROMAN = re.compile(r"^[ivxlcdm]+$")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Cue:
    """A spoken segment's place in the audio, for transcripts."""

    start_ms: int
    end_ms: int
    speaker: str  # the character's name, or NARRATOR
    text: str
    chapter: int


def speaker_of(seg: Segment) -> str:
    """Who is speaking: the speaker of a dialogue segment, else the narrator."""
    return seg.speaker if seg.kind == DIALOGUE and seg.speaker else NARRATOR


def voice_of(seg: Segment, speakers: Mapping[str, str] | None = None) -> str:
    """Which voice is heard: ``speakers`` maps a speaker to its voice (two
    characters may share one; a first-person narrator character speaks in the
    narrator's); without it every speaker is a voice of its own."""
    who = speaker_of(seg)
    return speakers.get(who, who) if speakers else who


def _boundary(prev: Segment, seg: Segment, gap: str) -> str:
    """The whitespace between two spoken segments."""
    return prev.text[len(prev.text.rstrip()):] + gap + seg.text[: len(seg.text) - len(seg.text.lstrip())]


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def blank_line_paragraphs(segments: Iterable[Segment]) -> bool:
    """Does this text separate paragraphs by blank lines?  Then a single newline
    is only a line wrap (Project Gutenberg's hard-wrapped text); otherwise
    (one paragraph per line) every newline ends a paragraph."""
    text = "".join(seg.text for seg in segments)
    blank = len(_BLANK_LINE.findall(text))
    return blank > 0 and blank * 10 >= text.count("\n")


def pause_ms(prev: Segment | None, seg: Segment, *, gap: str = "", after_heading: bool = False,
             plan: PausePlan = DEFAULT_PAUSES, speakers: Mapping[str, str] | None = None,
             blank_lines: bool = False) -> int:
    """Silence before ``seg``, whose previous spoken segment was ``prev`` (None at
    the start of a chapter) with the text ``gap`` (silent segments) between them.
    A newline between them is a paragraph break, or only a blank line when
    ``blank_lines`` (see ``blank_line_paragraphs``)."""
    if prev is None:
        return plan.chapter_lead_in_ms
    if prev.chapter != seg.chapter:
        return plan.chapter_tail_ms + plan.chapter_lead_in_ms
    if after_heading:
        return plan.after_heading_ms
    between = _boundary(prev, seg, gap)
    paragraph = bool(_BLANK_LINE.search(between)) if blank_lines else "\n" in between
    pause = plan.paragraph_ms if paragraph else plan.within_paragraph_ms
    if voice_of(prev, speakers) != voice_of(seg, speakers):
        pause += plan.voice_change_ms
    return pause


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _ends_paragraph(segments: list[Segment], i: int) -> bool:
    """Is a newline between segment ``i`` and the next spoken one (or is it the last)?"""
    between = segments[i].text[len(segments[i].text.rstrip()):]
    for seg in segments[i + 1:]:
        if seg.text.strip():
            return "\n" in between + seg.text[: len(seg.text) - len(seg.text.lstrip())]
        between += seg.text
    return True


def heading_segments(segments: list[Segment], title: str) -> int:
    """How many of a chapter's first segments speak its heading ("CHAPTER I.",
    then the title): paragraphs on their own made only of the title's words,
    chapter words and numbers.  The heading is ``segments[:count]``."""
    allowed = set(_words(title))
    count = 0
    for i, seg in enumerate(segments):
        if not seg.text.strip():
            continue
        words = _words(seg.text)
        titled = bool(words) and all(w in allowed or w in _HEADING_WORDS or w.isdigit() or _ROMAN.match(w)
                                     for w in words)
        if not (titled and _ends_paragraph(segments, i)):
            break
        count = i + 1
    return count


def trim_silence(audio: AudioSegment) -> AudioSegment:
    """Cut the engine's leading/trailing silence, keeping ``TRIM_KEEP_MS``."""
    lead = detect_leading_silence(audio, silence_threshold=TRIM_THRESHOLD_DBFS, chunk_size=5)
    if lead >= len(audio):
        return audio[:0]
    tail = detect_leading_silence(audio.reverse(), silence_threshold=TRIM_THRESHOLD_DBFS, chunk_size=5)
    start = max(0, lead - TRIM_KEEP_MS)
    end = min(len(audio), len(audio) - tail + TRIM_KEEP_MS)
    return audio[start:end]


def level(audio: AudioSegment, target_dbfs: float = loudness.SEGMENT_RMS_DBFS) -> AudioSegment:
    """Scale to ``target_dbfs`` RMS, never past ``PEAK_CEILING_DBFS`` (no clipping);
    very short or near-silent audio is left as it is."""
    if len(audio) < MIN_LEVEL_MS or audio.dBFS < MIN_LEVEL_DBFS:
        return audio
    gain = min(target_dbfs - audio.dBFS, MAX_BOOST_DB, PEAK_CEILING_DBFS - audio.max_dBFS)
    return audio.apply_gain(gain) if abs(gain) > 0.01 else audio


def prepare(pcm: bytes, sample_rate: int, *, level_voice: bool = True, volume: float = 1.0) -> bytes:
    """One segment's audio, trimmed and (by default) levelled; ``volume`` (the
    casting file's, 1 = as loud as every other voice) scales the level it is
    brought to, so levelling does not undo it."""
    if len(pcm) % 2:
        raise ValueError("segment audio has an odd number of bytes: not 16-bit PCM")
    audio = trim_silence(AudioSegment(data=pcm, sample_width=2, frame_rate=sample_rate, channels=1))
    change_db = 20 * math.log10(volume) if volume > 0 else -120.0
    if level_voice:
        audio = level(audio, loudness.SEGMENT_RMS_DBFS + change_db)
    elif abs(change_db) > 0.01:
        audio = audio.apply_gain(min(change_db, PEAK_CEILING_DBFS - audio.max_dBFS))
    return audio.raw_data


def cue_text(text: str) -> str:
    return " ".join(text.split())


class Assembly:
    """Chapters of PCM, with the marks and cues recorded as they stream.

    ``for chapter in assembly.chapters(): for chunk in chapter.chunks: ...``
    (``speakers`` optionally maps speaker names to voices, see ``voice_of``)
    (or ``assembly.chunks()`` for one flat stream).  Once everything has been
    consumed, ``marks``, ``cues`` and ``duration_ms`` describe the audio.
    """

    def __init__(self, chapters: list[Chapter], segments: list[Segment], pcm: Iterable[bytes],
                 sample_rate: int, *, pauses: PausePlan = DEFAULT_PAUSES, level_voices: bool = True,
                 speakers: Mapping[str, str] | None = None, blank_lines: bool | None = None,
                 volumes: Mapping[str, float] | None = None):
        self.titles = {c.index: c.title for c in chapters}
        self.volumes = volumes or {}  # speaker (NARRATOR for narration) -> the casting file's volume
        self.segments = segments
        self.sample_rate = sample_rate
        self.pauses = pauses
        self.level_voices = level_voices
        self.speakers = speakers
        # Given when ``segments`` are some chapters of a book (the convention is the whole book's).
        self.blank_lines = blank_line_paragraphs(segments) if blank_lines is None else blank_lines
        self._pcm = iter(pcm)
        self._samples = 0
        self.marks: list[ChapterMark] = []
        self.cues: list[Cue] = []
        # Sample position (in the middle of a paragraph pause) -> the segment after it.
        self.breaks: dict[int, Segment] = {}

    @property
    def samples(self) -> int:
        """Samples streamed so far."""
        return self._samples

    @property
    def duration_ms(self) -> int:
        return self._ms(self._samples)

    def forget_taken(self) -> None:
        """Drop the cues and cut points of the chapters assembled so far: the
        caller has taken them, and keeping every chapter's would grow memory
        with the length of the book."""
        self.cues.clear()
        self.breaks.clear()

    def _ms(self, samples: int) -> int:
        return (samples * 1000 + self.sample_rate // 2) // self.sample_rate

    def _silence(self, ms: int) -> bytes:
        return self._silence_samples(ms * self.sample_rate // 1000)

    def _silence_samples(self, samples: int) -> bytes:
        self._samples += samples
        return bytes(2 * samples)

    def chapters(self) -> Iterator[ChapterAudio]:
        for index, group in _by_chapter(self.segments):
            title = self.titles.get(index, f"Chapter {index}")
            chunks = self._chapter(index, title, group)
            yield ChapterAudio(title, chunks)
            if next(chunks, None) is not None:
                raise RuntimeError(f"chapter '{title}' audio was not consumed before the next chapter")
        if next(self._pcm, None) is not None:
            raise ValueError("more segment audio than segments: the audio and the script disagree")

    def chunks(self) -> Iterator[bytes]:
        for chapter in self.chapters():
            yield from chapter.chunks

    def _chapter(self, index: int, title: str, group: list[Segment]) -> Iterator[bytes]:
        headings = heading_segments(group, title)
        start = self._samples
        prev: Segment | None = None
        prev_position = -1
        gap: list[str] = []
        for position, seg in enumerate(group):
            try:
                raw = next(self._pcm)
            except StopIteration:
                raise ValueError(f"segment audio ran out at chapter {index} ('{title}'): "
                                 "the audio and the script disagree") from None
            audio = prepare(raw, self.sample_rate, level_voice=self.level_voices,
                            volume=self.volumes.get(speaker_of(seg), 1.0)) if raw else b""
            if not audio:
                gap.append(seg.text)
                continue
            after_heading = prev is not None and prev_position < headings <= position
            pause = pause_ms(prev, seg, gap="".join(gap), after_heading=after_heading, plan=self.pauses,
                             speakers=self.speakers, blank_lines=self.blank_lines)
            samples = pause * self.sample_rate // 1000
            if prev is not None and pause >= self.pauses.paragraph_ms:
                # A place to cut the chapter into separately encoded blocks: mid-pause.
                yield self._silence_samples(samples // 2)
                self.breaks[self._samples] = seg
                samples -= samples // 2
            yield self._silence_samples(samples)
            cue_start = self._samples
            self._samples += len(audio) // 2
            yield audio
            self.cues.append(Cue(self._ms(cue_start), self._ms(self._samples), speaker_of(seg),
                                 cue_text(seg.text), index))
            prev, prev_position, gap = seg, position, []
        if prev is not None:
            yield self._silence(self.pauses.chapter_tail_ms)
            self.marks.append(ChapterMark(title, self._ms(start), self._ms(self._samples)))


def _by_chapter(segments: list[Segment]) -> Iterator[tuple[int, list[Segment]]]:
    """Consecutive segments of the same chapter."""
    group: list[Segment] = []
    for seg in segments:
        if group and seg.chapter != group[0].chapter:
            yield group[0].chapter, group
            group = []
        group.append(seg)
    if group:
        yield group[0].chapter, group
