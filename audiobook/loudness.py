"""Loudness: the ACX targets, the encoder's gain + limiter, and measuring a
finished file chapter by chapter.

Two stages keep every voice level and the file within ACX:
1. assembly scales every segment to ``SEGMENT_RMS_DBFS`` (low enough that
   16-bit PCM never clips while levelling);
2. the encoder adds ``OUTPUT_GAIN_DB`` in floating point and a look-ahead
   limiter at ``LIMIT_DBFS`` (below ACX's -3 dBFS: lossy encoding adds
   intersample peaks), so speech lands near -20 dBFS RMS.
"""
from __future__ import annotations

import math
import subprocess
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .exporters import ffmpeg
from .model import ChapterMark

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop  # C speed for RMS/peak over hours of audio (pydub relies on it too)

ACX_RMS_MIN_DB = -23.0
ACX_RMS_MAX_DB = -18.0
ACX_PEAK_MAX_DB = -3.0

SEGMENT_RMS_DBFS = -26.0  # where assembly levels every segment
OUTPUT_GAIN_DB = 7.0  # added by the encoder: speech at about -19 dBFS RMS, chapters (with pauses) about -20
LIMIT_DBFS = -4.5  # limiter ceiling: 1.5 dB margin for codec overshoot (Opus measured +0.5 dB)

SILENCE_DB = -120.0  # what we report for digital silence


def db(value: float, full_scale: float = 32768.0) -> float:
    """dBFS of a linear 16-bit amplitude."""
    return 20 * math.log10(value / full_scale) if value > 0 else SILENCE_DB


def encoder_filter(output_rate: int | None = None) -> str:
    """The ffmpeg ``-af`` chain every exporter uses: gain in float, then a
    true look-ahead limiter (auto-level off, delay compensated so chapter
    times stay exact), resampled last if the codec needs another rate."""
    limit = 10 ** (LIMIT_DBFS / 20)
    chain = [f"volume={OUTPUT_GAIN_DB}dB:precision=float",
             f"alimiter=limit={limit:.4f}:attack=5:release=50:level=disabled:latency=1"]
    if output_rate:
        chain.append(f"aresample={output_rate}")
    return ",".join(chain)


@dataclass(frozen=True)
class ChapterLoudness:
    title: str
    rms_db: float
    peak_db: float
    lufs: float | None
    passed: bool


def acx_passes(rms_db: float, peak_db: float) -> bool:
    return ACX_RMS_MIN_DB <= rms_db <= ACX_RMS_MAX_DB and peak_db <= ACX_PEAK_MAX_DB


def _decode_stats(path: Path, start_ms: int, end_ms: int | None) -> tuple[float, float, float | None]:
    """(rms dBFS, sample peak dBFS, integrated LUFS) of ``path`` between the times,
    decoded by ffmpeg to mono s16 on stdout while ebur128 reports on stderr."""
    exe = ffmpeg.require("ffmpeg")
    args = [exe, "-hide_banner", "-nostats", "-v", "info", "-ss", f"{start_ms / 1000:.3f}"]
    if end_ms is not None:
        args += ["-to", f"{end_ms / 1000:.3f}"]
    args += ["-i", str(path), "-map", "0:a:0", "-af", "ebur128=framelog=verbose",
             "-ac", "1", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    sum_squares, samples, peak = 0.0, 0, 0
    carry = b""
    while True:
        block = proc.stdout.read(1 << 20)
        if not block:
            break
        block = carry + block
        usable = len(block) - len(block) % 2
        block, carry = block[:usable], block[usable:]
        if block:
            n = len(block) // 2
            rms = audioop.rms(block, 2)
            sum_squares += float(rms) * rms * n
            samples += n
            peak = max(peak, audioop.max(block, 2))
    proc.wait()
    reader.join()
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    if proc.returncode != 0:
        raise ffmpeg.failure("measuring loudness of", path, stderr, proc.returncode)
    rms_db = db(math.sqrt(sum_squares / samples)) if samples else SILENCE_DB
    return rms_db, db(peak), _integrated_lufs(stderr)


def _integrated_lufs(stderr: str) -> float | None:
    """The 'I: -20.1 LUFS' line of ebur128's summary."""
    value = None
    for line in stderr.splitlines():
        text = line.strip()
        if text.startswith("I:") and text.endswith("LUFS"):
            try:
                value = float(text[2:-4])
            except ValueError:
                pass
    if value is not None and value <= -70:
        return None  # ebur128's gate: nothing audible
    return value


def measure(path: Path, chapters: list[ChapterMark] | None = None) -> list[ChapterLoudness]:
    """RMS, sample peak and LUFS of every chapter of ``path`` (the whole file as
    one entry when there are no chapters), each with its ACX verdict."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file; give the path of an exported audiobook")
    spans = [(m.title, m.start_ms, m.end_ms) for m in chapters] if chapters else [(path.name, 0, None)]
    results = []
    for title, start_ms, end_ms in spans:
        rms_db, peak_db, lufs = _decode_stats(path, start_ms, end_ms)
        results.append(ChapterLoudness(title, round(rms_db, 2), round(peak_db, 2), lufs,
                                       acx_passes(rms_db, peak_db)))
    return results


def format_loudness(results: list[ChapterLoudness]) -> str:
    """A table for the terminal: one line per chapter with PASS/FAIL, then a verdict."""
    width = max([len(r.title) for r in results] + [7])
    width = min(width, 48)
    lines = [f"{'Chapter':<{width}}  {'RMS dBFS':>8}  {'Peak dBFS':>9}  {'LUFS':>6}  ACX"]
    for r in results:
        lufs = f"{r.lufs:6.1f}" if r.lufs is not None else "     -"
        title = r.title if len(r.title) <= width else r.title[: width - 1] + "…"
        lines.append(f"{title:<{width}}  {r.rms_db:8.1f}  {r.peak_db:9.1f}  {lufs}  "
                     f"{'PASS' if r.passed else 'FAIL'}")
    failed = sum(not r.passed for r in results)
    lines.append(f"ACX: RMS {ACX_RMS_MIN_DB:g}..{ACX_RMS_MAX_DB:g} dBFS, peak <= {ACX_PEAK_MAX_DB:g} dBFS: "
                 + ("all chapters pass" if not failed else f"{failed} of {len(results)} chapters fail"))
    return "\n".join(lines)
