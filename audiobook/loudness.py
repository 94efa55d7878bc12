"""Loudness: the ACX targets, the encoder's gain + limiter, and measuring a
finished file chapter by chapter.

Three stages keep every voice level and every chapter within ACX:
1. assembly scales every segment to ``SEGMENT_RMS_DBFS`` (low enough that
   16-bit PCM never clips while levelling);
2. the exporter measures each chapter as assembled (pauses included: ACX's
   RMS counts silence, so a short, dialogue-heavy chapter measures quieter
   than a long narrated one) and gives it the gain that brings it to
   ``CHAPTER_RMS_DBFS`` (bounded), sending ffmpeg 32-bit samples with
   ``S32_HEADROOM_DB`` of room so nothing clips on the way;
3. ffmpeg applies the fixed gain in floating point and a look-ahead limiter
   at ``LIMIT_DBFS`` (below ACX's -3 dBFS: lossy encoding adds intersample
   peaks).
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
OUTPUT_GAIN_DB = 7.0  # the encoder's fixed gain: levelled speech at about -19 dBFS RMS
CHAPTER_RMS_DBFS = -20.0  # where each chapter (pauses included) is aimed, before the limiter
CHAPTER_GAIN_RANGE_DB = (-4.0, 6.0)  # how far a chapter may be moved from the fixed gain
S32_HEADROOM_DB = 20 * math.log10(256)  # s16 sent as s32 at 1/256 of full scale
LIMIT_DBFS = -4.5  # limiter ceiling: 1.5 dB margin for codec overshoot (Opus measured +0.5 dB)

SILENCE_DB = -120.0  # what we report for digital silence


def db(value: float, full_scale: float = 32768.0) -> float:
    """dBFS of a linear 16-bit amplitude."""
    return 20 * math.log10(value / full_scale) if value > 0 else SILENCE_DB


def encoder_filter(output_rate: int | None = None) -> str:
    """The ffmpeg ``-af`` chain every exporter uses on ``encoder_pcm`` input:
    gain in float (undoing the s32 headroom), then a look-ahead limiter
    (auto-level off, delay compensated so chapter times stay exact),
    resampled last if the codec needs another rate."""
    limit = 10 ** (LIMIT_DBFS / 20)
    chain = [f"volume={OUTPUT_GAIN_DB + S32_HEADROOM_DB:.4f}dB:precision=float",
             f"alimiter=limit={limit:.4f}:attack=5:release=50:level=disabled:latency=1"]
    if output_rate:
        chain.append(f"aresample={output_rate}")
    return ",".join(chain)


def chapter_gain_db(rms_db: float) -> float:
    """Extra gain for a chapter whose assembled PCM measures ``rms_db``, so it
    lands on ``CHAPTER_RMS_DBFS`` after the fixed gain (within the range)."""
    low, high = CHAPTER_GAIN_RANGE_DB
    if rms_db <= SILENCE_DB:
        return 0.0
    return max(low, min(high, CHAPTER_RMS_DBFS - OUTPUT_GAIN_DB - rms_db))


class RmsMeter:
    """Running RMS of s16 chunks of any length (an odd byte waits for the next chunk)."""

    def __init__(self):
        self.sum_squares = 0.0
        self.samples = 0
        self._carry = b""

    def add(self, chunk: bytes) -> None:
        if self._carry:
            chunk = self._carry + chunk
        usable = len(chunk) - len(chunk) % 2
        self._carry = chunk[usable:]
        if usable:
            n = usable // 2
            rms = audioop.rms(chunk[:usable] if self._carry else chunk, 2)
            self.sum_squares += float(rms) * rms * n
            self.samples += n

    @property
    def rms_db(self) -> float:
        return db(math.sqrt(self.sum_squares / self.samples)) if self.samples else SILENCE_DB


def encoder_pcm(block: bytes, gain_db: float) -> bytes:
    """s16 samples -> s32 for ffmpeg: scaled down by the headroom and up by the
    chapter's gain (C speed, no clipping for gains under +48 dB)."""
    factor = 10 ** ((gain_db - S32_HEADROOM_DB) / 20)
    return audioop.mul(audioop.lin2lin(block, 2, 4), 4, factor)


ENCODER_INPUT_FORMAT = "s32le"


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
    proc = ffmpeg.spawn(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    meter, peak, carry = RmsMeter(), 0, b""
    try:
        while block := proc.stdout.read(1 << 20):
            meter.add(block)
            block = carry + block
            usable = len(block) - len(block) % 2
            block, carry = block[:usable], block[usable:]
            if block:
                peak = max(peak, audioop.max(block, 2))
        proc.wait()
    finally:
        ffmpeg.stop(proc)  # at once on Ctrl-C (ffmpeg, in its own session, does not hear it)
        proc.stdout.close()
    reader.join()
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    if proc.returncode != 0:
        raise ffmpeg.failure("measuring loudness of", path, stderr, proc.returncode)
    rms_db = meter.rms_db
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
