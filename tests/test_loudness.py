"""Loudness: the measurement itself, and every export meeting ACX with every
voice levelled, on a synthetic mix of very quiet and very loud "voices"."""
from __future__ import annotations

import math
import random
import struct
import subprocess
from pathlib import Path

import pytest

from audiobook import loudness
from audiobook.assemble import Assembly
from audiobook.errors import UserError
from audiobook.exporters import get_exporter
from audiobook.model import DIALOGUE, NARRATION, Chapter, ChapterMark, Metadata, Segment

RATE = 22050


def voice(seconds: float, amplitude: float, pitch: float, seed: int, noisy: float = 0.1) -> bytes:
    """Speech-like PCM: harmonics under a syllable envelope, plus noise."""
    rng = random.Random(seed)
    n = int(seconds * RATE)
    samples = []
    for i in range(n):
        t = i / RATE
        envelope = abs(math.sin(math.pi * 3.5 * t)) ** 1.5
        wave = sum(math.sin(2 * math.pi * pitch * k * t) / k for k in (1, 2, 3, 5))
        value = amplitude * 32767 * envelope * (0.55 * wave + noisy * rng.uniform(-1, 1))
        samples.append(int(max(-32768, min(32767, value))))
    return struct.pack(f"<{n}h", *samples)


def sine_file(tmp_path: Path, amplitude: float, name: str) -> Path:
    path = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"aevalsrc={amplitude}*sin(2*PI*440*t):s={RATE}:d=3",
                    "-c:a", "pcm_s16le", str(path)], check=True)
    return path


@pytest.mark.e2e
def test_measure_is_exact_on_a_known_sine(tmp_path):
    [result] = loudness.measure(sine_file(tmp_path, 0.5, "half.wav"))
    assert result.rms_db == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=0.05)
    assert result.peak_db == pytest.approx(20 * math.log10(0.5), abs=0.05)
    assert result.lufs is not None and not result.passed  # far too loud for ACX


@pytest.mark.e2e
def test_measure_fails_too_quiet_and_reports_per_chapter(tmp_path):
    quiet = sine_file(tmp_path, 0.01, "quiet.wav")
    results = loudness.measure(quiet, [ChapterMark("A", 0, 1000), ChapterMark("B", 1000, 3000)])
    assert [r.title for r in results] == ["A", "B"]
    assert all(not r.passed and r.rms_db < loudness.ACX_RMS_MIN_DB for r in results)
    table = loudness.format_loudness(results)
    assert table.count("FAIL") == 2 and "2 of 2 chapters fail" in table


def test_measure_of_a_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        loudness.measure(tmp_path / "nothing.m4b")


def test_acx_verdict_edges():
    assert loudness.acx_passes(-23.0, -3.0) and loudness.acx_passes(-18.0, -10.0)
    assert not loudness.acx_passes(-23.1, -5.0) and not loudness.acx_passes(-17.9, -5.0)
    assert not loudness.acx_passes(-20.0, -2.9)


def test_encoder_filter_limits_without_auto_level_and_keeps_timing():
    chain = loudness.encoder_filter()
    assert "precision=float" in chain  # gain in float: no 16-bit clipping
    assert "level=disabled" in chain  # alimiter would otherwise normalise up to the limit
    assert "latency=1" in chain  # look-ahead delay compensated: chapter times stay exact
    assert loudness.encoder_filter(48000).endswith("aresample=48000")


def test_integrated_lufs_is_read_from_the_ebur128_summary():
    summary = "[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -19.7 LUFS\n" \
              "    Threshold: -30.1 LUFS\n"
    assert loudness._integrated_lufs(summary) == -19.7
    assert loudness._integrated_lufs("    I:         -70.0 LUFS") is None


# --- the whole chain on a hostile mix --------------------------------------------

VOICES = {  # name: (amplitude, pitch, noise): a whisper, a shout, a normal narrator, a hissy one
    "Narrator": (0.25, 130, 0.1),
    "Whisper": (0.01, 220, 0.1),
    "Shout": (1.0, 110, 0.05),
    "Hiss": (0.3, 300, 0.6),
}


def mixed_book():
    chapters, segments, clips = [], [], []
    seed = 0
    for ch in (1, 2):
        chapters.append(Chapter(ch, f"Chapter {ch}", 0, 0))
        for paragraph in range(3):
            for name, (amplitude, pitch, noise) in VOICES.items():
                seed += 1
                kind, speaker = (NARRATION, None) if name == "Narrator" else (DIALOGUE, name)
                segments.append(Segment(ch, kind, 0, 0, f"{name} speaks. ", speaker))
                clips.append(voice(1.2 + 0.1 * (seed % 5), amplitude, pitch, seed, noise))
            segments.append(Segment(ch, NARRATION, 0, 0, "\n\n"))
            clips.append(b"")
    return chapters, segments, clips


@pytest.fixture(scope="module", params=["m4b", "mp3", "opus"])
def mixed_export(request, tmp_path_factory):
    chapters, segments, clips = mixed_book()
    assembly = Assembly(chapters, segments, iter(clips), RATE)
    dest = tmp_path_factory.mktemp("loud") / f"mix.{request.param}"
    [part] = get_exporter(request.param).export(assembly.chapters(), RATE, Metadata(title="Mix"), dest)
    return dest, part, assembly


@pytest.mark.e2e
def test_every_chapter_meets_acx(mixed_export):
    dest, part, _ = mixed_export
    results = loudness.measure(dest, part.chapters)
    assert len(results) == 2
    for r in results:
        assert loudness.ACX_RMS_MIN_DB <= r.rms_db <= loudness.ACX_RMS_MAX_DB, r
        assert r.peak_db <= loudness.ACX_PEAK_MAX_DB, r
        assert r.passed
    assert "all chapters pass" in loudness.format_loudness(results)


@pytest.mark.e2e
def test_every_voice_is_levelled_in_the_decoded_file(mixed_export):
    dest, _, assembly = mixed_export
    by_voice: dict[str, list[float]] = {}
    spans = [ChapterMark(c.speaker, c.start_ms, c.end_ms) for c in assembly.cues[:len(VOICES)]]
    for r in loudness.measure(dest, spans):
        by_voice.setdefault(r.title, []).append(r.rms_db)
    assert set(by_voice) == set(VOICES)
    levels = [v[0] for v in by_voice.values()]
    # raw levels span about 40 dB; levelled, they sit within a couple of dB
    assert max(levels) - min(levels) <= 2.5, by_voice


def test_chapter_gain_aims_at_the_target_within_bounds():
    target = loudness.CHAPTER_RMS_DBFS - loudness.OUTPUT_GAIN_DB
    assert loudness.chapter_gain_db(target) == 0
    assert loudness.chapter_gain_db(target - 2.5) == pytest.approx(2.5)
    low, high = loudness.CHAPTER_GAIN_RANGE_DB
    assert loudness.chapter_gain_db(target - 40) == high and loudness.chapter_gain_db(target + 40) == low
    assert loudness.chapter_gain_db(loudness.SILENCE_DB) == 0


def test_rms_meter_handles_chunks_split_mid_sample():
    pcm = voice(0.5, 0.3, 150, 7)
    whole = loudness.RmsMeter()
    whole.add(pcm)
    pieces = loudness.RmsMeter()
    for start in range(0, len(pcm), 777):  # odd chunk sizes split samples
        pieces.add(pcm[start:start + 777])
    assert pieces.samples == whole.samples == len(pcm) // 2
    assert pieces.rms_db == pytest.approx(whole.rms_db, abs=0.01)  # audioop.rms rounds each chunk to an integer
    assert loudness.RmsMeter().rms_db == loudness.SILENCE_DB


def test_encoder_pcm_keeps_headroom_so_gain_cannot_clip():
    block = struct.pack("<3h", 32767, -32768, 1000)
    out = struct.unpack("<3i", loudness.encoder_pcm(block, 6.0))
    factor = 10 ** (6.0 / 20) * 256
    assert out == pytest.approx((32767 * factor, -32768 * factor, 1000 * factor), abs=2)
    assert max(abs(v) for v in out) < 2 ** 31


@pytest.mark.e2e
def test_a_short_pause_heavy_chapter_meets_acx_beside_a_long_dense_one(tmp_path):
    # A chapter that is a heading and two short lines (mostly pauses), then a dense one.
    segments = [Segment(1, NARRATION, 0, 0, "1\n\n"), Segment(1, DIALOGUE, 0, 0, '"Late!"', "Holmes"),
                Segment(1, NARRATION, 0, 0, " said Holmes.\n\n"), Segment(1, DIALOGUE, 0, 0, '"Slow."', "Watson"),
                Segment(2, NARRATION, 0, 0, "A long paragraph of narration. " * 4)]
    clips = [voice(0.3, 0.2, 130, 1), voice(0.4, 0.2, 200, 2), voice(0.5, 0.2, 130, 3), voice(0.4, 0.2, 90, 4),
             voice(20.0, 0.2, 130, 5)]
    chapters = [Chapter(1, "The Arrival", 0, 0), Chapter(2, "The Chase", 0, 0)]
    for fmt in ("m4b", "mp3", "opus"):
        assembly = Assembly(chapters, segments, iter(clips), RATE)
        [part] = get_exporter(fmt).export(assembly.chapters(), RATE, Metadata(title="T"), tmp_path / f"b.{fmt}")
        for r in loudness.measure(part.path, part.chapters):
            assert r.passed, (fmt, r)
