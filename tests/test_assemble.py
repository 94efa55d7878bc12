"""Assembly: pause planning, trimming, levelling, marks and cues from real sample counts."""
from __future__ import annotations

import math
import random
import struct

import pytest
from pydub import AudioSegment

from audiobook import loudness
from audiobook.assemble import (DEFAULT_PAUSES, Assembly, Cue, PausePlan, heading_segments, level, pause_ms,
                                prepare, trim_silence)
from audiobook.model import DIALOGUE, NARRATION, NARRATOR, Chapter, ChapterMark, Segment

RATE = 22050


def voice(seconds: float, amplitude: float, pitch: float = 180.0, seed: int = 1) -> bytes:
    """Speech-like PCM: a few harmonics under a syllable envelope, plus a little noise."""
    rng = random.Random(seed)
    n = int(seconds * RATE)
    out = []
    for i in range(n):
        t = i / RATE
        envelope = abs(math.sin(math.pi * 4 * t))
        wave = sum(math.sin(2 * math.pi * pitch * k * t) / k for k in (1, 2, 3))
        out.append(int(max(-32768, min(32767, amplitude * 32767 * envelope * (0.6 * wave + 0.1 * rng.uniform(-1, 1))))))
    return struct.pack(f"<{n}h", *out)


def silence(seconds: float) -> bytes:
    return bytes(2 * int(seconds * RATE))


def seg(chapter: int, text: str, kind: str = NARRATION, speaker: str | None = None) -> Segment:
    return Segment(chapter, kind, 0, len(text), text, speaker)


# --- pauses -----------------------------------------------------------------

def test_first_words_of_a_chapter_get_the_lead_in():
    assert pause_ms(None, seg(1, "Alice")) == DEFAULT_PAUSES.chapter_lead_in_ms


def test_dialogue_in_the_same_paragraph_gets_a_short_pause_plus_the_voice_change():
    prev = seg(1, "Alice said, ")
    line = seg(1, '"Hello."', DIALOGUE, "Alice")
    assert pause_ms(prev, line) == DEFAULT_PAUSES.within_paragraph_ms + DEFAULT_PAUSES.voice_change_ms


def test_same_voice_same_paragraph_gets_the_short_pause_only():
    assert pause_ms(seg(1, "One. "), seg(1, "Two.")) == DEFAULT_PAUSES.within_paragraph_ms
    unknown_speaker = seg(1, '"Hi."', DIALOGUE, None)  # read by the narrator
    assert pause_ms(seg(1, "He said "), unknown_speaker) == DEFAULT_PAUSES.within_paragraph_ms


@pytest.mark.parametrize("prev_text, gap, text", [
    ("End of one.\n\n", "", "Next."),  # break at the end of the previous segment
    ("End of one.", "\n\n", "Next."),  # break in a silent whitespace segment
    ("End of one.", "", "\nNext."),  # break at the start of this one
    ("End of one.", "  \n", "Next."),  # a single newline counts too
])
def test_a_newline_between_segments_is_a_paragraph_pause(prev_text, gap, text):
    assert pause_ms(seg(1, prev_text), seg(1, text), gap=gap) == DEFAULT_PAUSES.paragraph_ms


def test_paragraph_break_with_a_new_voice_adds_the_voice_change():
    line = seg(1, '"Yes."', DIALOGUE, "Hatter")
    assert pause_ms(seg(1, "The end.\n\n"), line) == DEFAULT_PAUSES.paragraph_ms + DEFAULT_PAUSES.voice_change_ms


def test_chapter_change_and_heading_beat():
    plan = PausePlan(chapter_tail_ms=2000, chapter_lead_in_ms=500, after_heading_ms=1100)
    assert pause_ms(seg(1, "Last."), seg(2, "First."), plan=plan) == 2500
    assert pause_ms(seg(1, "CHAPTER I\n"), seg(1, "It began."), after_heading=True, plan=plan) == 1100


def test_heading_is_the_chapter_number_and_title_lines():
    group = [seg(1, "CHAPTER I.\n"), seg(1, "Down the Rabbit-Hole"), seg(1, "\n\n"),
             seg(1, "Alice was beginning to get very tired.")]
    assert heading_segments(group, "Down the Rabbit-Hole") == 2


def test_heading_stops_at_the_first_body_paragraph():
    group = [seg(1, "Chapter 3\n\n"), seg(1, "It was a dark night.\n"), seg(1, "Chapter words again.")]
    assert heading_segments(group, "Chapter 3") == 1


def test_no_heading_when_the_chapter_starts_with_prose():
    group = [seg(1, "Alice was tired of the bank, "), seg(1, '"Oh!"', DIALOGUE, "Alice")]
    assert heading_segments(group, "Chapter 1") == 0


def test_title_words_inside_a_sentence_are_not_a_heading():
    # Same words as the title, but the paragraph goes on: not on its own line.
    group = [seg(1, "Down the Rabbit-Hole "), seg(1, "she went.")]
    assert heading_segments(group, "Down the Rabbit-Hole") == 0


# --- trimming and levelling ------------------------------------------------

def audio(pcm: bytes) -> AudioSegment:
    return AudioSegment(data=pcm, sample_width=2, frame_rate=RATE, channels=1)


def test_trim_cuts_engine_silence_but_keeps_a_margin():
    trimmed = trim_silence(audio(silence(0.4) + voice(1.0, 0.3) + silence(0.6)))
    # the envelope starts at zero, so a few ms of the voice read as silence too
    assert 1000 <= len(trimmed) <= 1000 + 2 * 20 + 10
    assert trim_silence(audio(silence(0.5))).raw_data == b""


def test_level_brings_quiet_and_loud_voices_to_the_same_rms():
    quiet = level(audio(voice(1.0, 0.02)))
    loud = level(audio(voice(1.0, 0.9, pitch=120)))
    assert quiet.dBFS == pytest.approx(loudness.SEGMENT_RMS_DBFS, abs=0.3)
    assert loud.dBFS == pytest.approx(loudness.SEGMENT_RMS_DBFS, abs=0.3)
    assert loud.max_dBFS <= -1.0


def test_level_never_clips_a_spiky_segment():
    spiky = bytearray(voice(1.0, 0.005))
    spiky[1000:1002] = struct.pack("<h", 30000)  # one click far above the speech
    levelled = level(audio(bytes(spiky)))
    assert levelled.max_dBFS <= -1.0 + 0.01


def test_level_leaves_tiny_or_silent_segments_alone():
    click = voice(0.03, 0.5)
    assert level(audio(click)).raw_data == click
    hush = voice(1.0, 0.0005)
    assert level(audio(hush)).raw_data == hush


def test_a_volume_sets_the_level_a_voice_is_brought_to():
    # levelling brings every voice to one RMS: the casting file's volume must survive it
    full = audio(prepare(voice(1.0, 0.2), RATE))
    quiet = audio(prepare(voice(1.0, 0.2), RATE, volume=0.3))
    assert quiet.dBFS - full.dBFS == pytest.approx(20 * math.log10(0.3), abs=0.3)
    loud = audio(prepare(voice(1.0, 0.2), RATE, volume=1.5))
    assert loud.dBFS - full.dBFS == pytest.approx(20 * math.log10(1.5), abs=0.3) and loud.max_dBFS <= -1.0


def test_assembly_applies_each_speakers_volume():
    segments = [seg(1, "Words of the narrator."), seg(1, '"Hello,"', DIALOGUE, "Ann")]
    asm = Assembly([Chapter(1, "C", 0, 0)], segments, iter([voice(0.5, 0.2), voice(0.5, 0.2)]), RATE,
                   volumes={NARRATOR: 1.0, "Ann": 0.5})
    pcm = b"".join(chunk for ch in asm.chapters() for chunk in ch.chunks)
    narrator, ann = (audio(pcm)[c.start_ms:c.end_ms] for c in asm.cues)
    assert ann.dBFS - narrator.dBFS == pytest.approx(20 * math.log10(0.5), abs=0.5)


def test_prepare_rejects_odd_bytes():
    with pytest.raises(ValueError):
        prepare(b"\x00\x00\x00", RATE)


# --- the assembly ----------------------------------------------------------

def build(segments, clips, chapters):
    asm = Assembly(chapters, segments, iter(clips), RATE)
    stream = b"".join(chunk for ch in asm.chapters() for chunk in ch.chunks)
    return asm, stream


def samples_ms(n: int) -> int:
    return (n * 1000 + RATE // 2) // RATE


def test_marks_and_cues_follow_the_real_samples():
    chapters = [Chapter(1, "One", 0, 0), Chapter(2, "Two", 0, 0)]
    segments = [seg(1, "Hello there. "), seg(1, '"Hi!"', DIALOGUE, "Alice"), seg(1, "\n\n"),
                seg(2, "Second chapter.")]
    clips = [voice(0.5, 0.3), voice(0.3, 0.3, seed=2), b"", voice(0.7, 0.3, seed=3)]
    asm, stream = build(segments, clips, chapters)
    prepared = [len(prepare(c, RATE)) // 2 for c in clips if c]
    p = DEFAULT_PAUSES
    ms_samples = lambda ms: ms * RATE // 1000  # noqa: E731
    first_start = ms_samples(p.chapter_lead_in_ms)
    second_start = first_start + prepared[0] + ms_samples(p.within_paragraph_ms + p.voice_change_ms)
    chapter_one_end = second_start + prepared[1] + ms_samples(p.chapter_tail_ms)
    third_start = chapter_one_end + ms_samples(p.chapter_lead_in_ms)
    total = third_start + prepared[2] + ms_samples(p.chapter_tail_ms)
    assert len(stream) // 2 == total
    assert asm.marks == [ChapterMark("One", 0, samples_ms(chapter_one_end)),
                         ChapterMark("Two", samples_ms(chapter_one_end), samples_ms(total))]
    assert asm.cues == [
        Cue(samples_ms(first_start), samples_ms(first_start + prepared[0]), NARRATOR, "Hello there.", 1),
        Cue(samples_ms(second_start), samples_ms(second_start + prepared[1]), "Alice", '"Hi!"', 1),
        Cue(samples_ms(third_start), samples_ms(third_start + prepared[2]), NARRATOR, "Second chapter.", 2),
    ]
    assert asm.duration_ms == samples_ms(total)


def test_a_chapter_without_audio_gets_no_mark():
    chapters = [Chapter(1, "One", 0, 0), Chapter(2, "Blank", 0, 0), Chapter(3, "Three", 0, 0)]
    segments = [seg(1, "A."), seg(2, "\n\n"), seg(3, "C.")]
    asm, _ = build(segments, [voice(0.3, 0.3), b"", voice(0.3, 0.3)], chapters)
    assert [m.title for m in asm.marks] == ["One", "Three"]
    assert asm.marks[0].end_ms == asm.marks[1].start_ms


def test_silent_audio_for_a_segment_with_text_is_skipped_without_double_pause():
    segments = [seg(1, "One. "), seg(1, "—"), seg(1, "Two.")]
    asm, _ = build(segments, [voice(0.3, 0.3), silence(0.2), voice(0.3, 0.3)], [Chapter(1, "C", 0, 0)])
    assert len(asm.cues) == 2
    gap = asm.cues[1].start_ms - asm.cues[0].end_ms
    assert abs(gap - DEFAULT_PAUSES.within_paragraph_ms) <= 1


def test_heading_gets_its_beat():
    segments = [seg(1, "CHAPTER I.\n\n"), seg(1, "It began.")]
    asm, _ = build(segments, [voice(0.3, 0.3), voice(0.3, 0.3)], [Chapter(1, "Chapter I", 0, 0)])
    assert abs(asm.cues[1].start_ms - asm.cues[0].end_ms - DEFAULT_PAUSES.after_heading_ms) <= 1


def test_audio_and_script_must_agree():
    segments = [seg(1, "A."), seg(1, "B.")]
    with pytest.raises(ValueError, match="ran out"):
        build(segments, [voice(0.2, 0.3)], [Chapter(1, "C", 0, 0)])
    with pytest.raises(ValueError, match="more segment audio"):
        build(segments, [voice(0.2, 0.3)] * 3, [Chapter(1, "C", 0, 0)])


def test_unconsumed_chapter_is_an_error():
    segments = [seg(1, "A."), seg(2, "B.")]
    asm = Assembly([Chapter(1, "1", 0, 0), Chapter(2, "2", 0, 0)], segments,
                   iter([voice(0.2, 0.3), voice(0.2, 0.3)]), RATE)
    chapters = asm.chapters()
    next(chapters)
    with pytest.raises(RuntimeError, match="not consumed"):
        next(chapters)


def test_audio_is_pulled_lazily_one_segment_at_a_time():
    pulled = []

    def clips():
        for i in range(50):
            pulled.append(i)
            yield voice(0.05, 0.3, seed=i)

    segments = [seg(1, f"Sentence {i}. ") for i in range(50)]
    asm = Assembly([Chapter(1, "C", 0, 0)], segments, clips(), RATE)
    chunks = asm.chunks()
    next(chunks)  # lead-in silence
    next(chunks)  # first segment
    assert len(pulled) == 1


def test_speakers_map_decides_what_counts_as_a_voice_change():
    prev = seg(1, "I looked up. ")
    mine = seg(1, '"Hello."', DIALOGUE, "Jane")  # first-person narrator character: the narrator's voice
    assert pause_ms(prev, mine, speakers={"Jane": NARRATOR}) == DEFAULT_PAUSES.within_paragraph_ms
    assert pause_ms(prev, mine) == DEFAULT_PAUSES.within_paragraph_ms + DEFAULT_PAUSES.voice_change_ms
    twin = seg(1, '"Hi."', DIALOGUE, "Dee")
    dum = seg(1, '"Ho."', DIALOGUE, "Dum")
    assert pause_ms(twin, dum, speakers={"Dee": "en+m3", "Dum": "en+m3"}) == DEFAULT_PAUSES.within_paragraph_ms


def test_cues_name_the_character_even_when_voices_are_shared():
    segments = [seg(1, "I said, "), seg(1, '"Yes."', DIALOGUE, "Jane")]
    asm = Assembly([Chapter(1, "C", 0, 0)], segments, iter([voice(0.3, 0.3), voice(0.3, 0.3)]), RATE,
                   speakers={"Jane": NARRATOR})
    list(asm.chunks())
    assert [c.speaker for c in asm.cues] == [NARRATOR, "Jane"]
    assert asm.cues[1].start_ms - asm.cues[0].end_ms == pytest.approx(DEFAULT_PAUSES.within_paragraph_ms, abs=1)


def test_hard_wrapped_text_needs_a_blank_line_for_a_paragraph():
    wrapped = [seg(1, "It was the best of times,\nit was the worst "), seg(1, "of times.\n\n"),
               seg(1, "There were a king\nwith a large jaw.\n\n")]
    one_per_line = [seg(1, "First paragraph.\n"), seg(1, "Second paragraph.\n"), seg(1, "Third.\n")]
    from audiobook.assemble import blank_line_paragraphs
    assert blank_line_paragraphs(wrapped) and not blank_line_paragraphs(one_per_line)
    line_wrap = (seg(1, " thought Alice\n"), seg(1, '"without pictures?"', DIALOGUE, "Alice"))
    assert pause_ms(*line_wrap, blank_lines=True) == DEFAULT_PAUSES.within_paragraph_ms + DEFAULT_PAUSES.voice_change_ms
    assert pause_ms(*line_wrap, blank_lines=False) == DEFAULT_PAUSES.paragraph_ms + DEFAULT_PAUSES.voice_change_ms
    assert pause_ms(seg(1, "end.\n \n"), seg(1, "Next."), blank_lines=True) == DEFAULT_PAUSES.paragraph_ms


def test_assembly_reads_the_paragraph_style_of_the_text():
    segments = [seg(1, "A line\nwrapped. "), seg(1, "More\n"), seg(1, "same paragraph.\n\n"), seg(1, "New one.")]
    asm = Assembly([Chapter(1, "C", 0, 0)], segments, iter([voice(0.3, 0.3, seed=i) for i in range(4)]), RATE)
    list(asm.chunks())
    gaps = [b.start_ms - a.end_ms for a, b in zip(asm.cues, asm.cues[1:])]
    p = DEFAULT_PAUSES
    assert [pytest.approx(g, abs=1) for g in gaps] == [p.within_paragraph_ms, p.within_paragraph_ms, p.paragraph_ms]
