"""Transcripts: exact WebVTT/SRT text, atomic writes, and cue times that match
the exported audio."""
from __future__ import annotations

import math
import os
import struct

import pytest

from audiobook.assemble import DEFAULT_PAUSES, Assembly, Cue
from audiobook.errors import UserError
from audiobook.exporters import ExportedPart, get_exporter
from audiobook.inspect import inspect_file
from audiobook.model import DIALOGUE, NARRATION, Chapter, ChapterMark, Metadata, Segment
from audiobook.transcript import (cues_for_part, to_srt, to_vtt, transcript_path, write_transcript,
                                  write_transcripts)

CUES = [Cue(750, 2_500, "Narrator", "Alice was tired.", 1),
        Cue(2_950, 3_723_999, "Queen <of> Hearts", 'Off with her head & "more" --> now!', 1)]


def test_vtt_text_with_voice_tags_and_escapes():
    assert to_vtt(CUES) == (
        "WEBVTT\n\n"
        "1\n00:00:00.750 --> 00:00:02.500\n<v Narrator>Alice was tired.\n\n"
        "2\n00:00:02.950 --> 01:02:03.999\n<v Queen &lt;of&gt; Hearts>"
        "Off with her head &amp; \"more\" -&gt; now!\n")


def test_srt_text():
    assert to_srt(CUES) == (
        "1\n00:00:00,750 --> 00:00:02,500\nNarrator: Alice was tired.\n\n"
        "2\n00:00:02,950 --> 01:02:03,999\nQueen <of> Hearts: Off with her head & \"more\" -> now!\n")


def test_multiline_text_stays_in_one_cue():
    cue = Cue(0, 1000, "Narrator", "line one\n\nline two", 1)
    assert "line one line two" in to_vtt([cue]) and "line one line two" in to_srt([cue])


def test_empty_transcripts():
    assert to_vtt([]) == "WEBVTT\n" and to_srt([]) == ""


def test_write_is_atomic_and_checks_the_format(tmp_path):
    path = write_transcript(CUES, tmp_path / "Book.vtt")
    assert path.read_text(encoding="utf-8") == to_vtt(CUES)
    write_transcript(CUES, tmp_path / "Book.srt", fmt="srt")
    assert sorted(os.listdir(tmp_path)) == ["Book.srt", "Book.vtt"]
    with pytest.raises(UserError, match="vtt or srt"):
        write_transcript(CUES, tmp_path / "Book.txt", fmt="txt")
    with pytest.raises(UserError, match="does not exist"):
        write_transcript(CUES, tmp_path / "missing" / "Book.vtt")
    assert sorted(os.listdir(tmp_path)) == ["Book.srt", "Book.vtt"]


def test_transcript_path_sits_beside_the_audio(tmp_path):
    assert transcript_path(tmp_path / "Book.m4b") == tmp_path / "Book.vtt"
    assert transcript_path(tmp_path / "Book - Part 2.mp3", "srt") == tmp_path / "Book - Part 2.srt"


def test_cues_for_part_are_shifted_to_the_part():
    part = ExportedPart(path=None, start_ms=2_000, duration_ms=5_000, chapters=[])
    cues = [Cue(100, 1900, "N", "a", 1), Cue(2_100, 3_000, "N", "b", 2), Cue(6_900, 6_990, "N", "c", 2),
            Cue(7_000, 8_000, "N", "d", 3)]
    assert cues_for_part(cues, part) == [Cue(100, 1_000, "N", "b", 2), Cue(4_900, 4_990, "N", "c", 2)]


def tone(seconds: float, freq: float) -> bytes:
    n = int(seconds * 22050)
    return struct.pack(f"<{n}h", *(int(8000 * math.sin(2 * math.pi * freq * i / 22050)) for i in range(n)))


@pytest.mark.e2e
def test_cue_times_match_the_chapters_read_back_from_the_file(tmp_path):
    chapters = [Chapter(1, "One", 0, 0), Chapter(2, "Two", 0, 0)]
    segments = [Segment(1, NARRATION, 0, 0, "It began. "), Segment(1, DIALOGUE, 0, 0, '"Hello!"', "Alice"),
                Segment(1, NARRATION, 0, 0, "\n\n"), Segment(2, NARRATION, 0, 0, "Then it ended.")]
    clips = [tone(0.8, 200), tone(0.6, 300), b"", tone(1.1, 250)]
    assembly = Assembly(chapters, segments, iter(clips), 22050)
    dest = tmp_path / "Book.m4b"
    [part] = get_exporter("m4b").export(assembly.chapters(), 22050, Metadata(title="T"), dest)
    write_transcript(assembly.cues, transcript_path(dest))
    found = inspect_file(dest)
    assert found.chapters == assembly.marks == part.chapters
    # every chapter's first cue starts one lead-in after the chapter, read from the file
    for mark in found.chapters:
        first = next(c for c in assembly.cues if c.start_ms >= mark.start_ms)
        assert first.start_ms - mark.start_ms == DEFAULT_PAUSES.chapter_lead_in_ms
    # the last cue ends one chapter tail before the end of the audio
    assert found.duration_ms - assembly.cues[-1].end_ms == pytest.approx(DEFAULT_PAUSES.chapter_tail_ms, abs=2)
    vtt = transcript_path(dest).read_text(encoding="utf-8")
    assert "<v Alice>\"Hello!\"" in vtt and vtt.count(" --> ") == 3
    assert ChapterMark("Two", found.chapters[1].start_ms, found.chapters[1].end_ms) == assembly.marks[1]


def test_one_transcript_per_part(tmp_path):
    parts = [ExportedPart(tmp_path / "B - Part 1.m4b", 0, 3_000, []),
             ExportedPart(tmp_path / "B - Part 2.m4b", 3_000, 4_000, [])]
    cues = [Cue(100, 900, "N", "one", 1), Cue(3_750, 4_000, "N", "two", 2)]
    paths = write_transcripts(cues, parts, "srt")
    assert paths == [tmp_path / "B - Part 1.srt", tmp_path / "B - Part 2.srt"]
    assert paths[1].read_text(encoding="utf-8") == "1\n00:00:00,750 --> 00:00:01,000\nN: two\n"
