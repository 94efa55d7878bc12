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
