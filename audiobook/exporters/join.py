"""Chapters encoded one by one, then joined into the final file without
re-encoding: a rebuild re-encodes only the chapters that changed (see
chapter_cache.py), and a build encodes several chapters at once (one ffmpeg
per core) instead of streaming the whole book through one encoder.

A chapter may be encoded as several blocks (cut mid-way through paragraph
pauses, see pipeline.py), joined the same way.

Chapter times come from the encoded files' own durations (the sum of their
packets: ADTS frame headers for AAC, ffprobe for MP3/Opus), so they match
the joined file: every file is a whole number of codec frames, and the join
copies the frames (measured: the joined file's duration equals the sum within
1 ms for AAC and MP3; Opus keeps one pre-skip, 6.5 ms, for the whole file).
Each file starts with its encoder's priming (AAC 1024 samples, MP3 ~1100,
Opus 312 at 48 kHz) and ends padded to a whole frame: up to ~90 ms more
silence at each join, which falls in a pause (chapter lead-in/tail or the
middle of a paragraph pause).  Transcript cues are moved block by block
(pipeline._cues_in_encoded_time); within a block they are early by the
priming at most (46 ms for AAC).
"""
from __future__ import annotations

import json
import os
import subprocess
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterable


from .. import loudness
from ..atomic import interrupts_held
from ..errors import UserError
from ..model import ChapterMark, Metadata
from . import ExportedPart, ffmpeg
from .base import SPOOL_BLOCK, FfmpegExporter, _stream, part_path


@dataclass(frozen=True)
class EncodedChapter:
    """One chapter's encoded audio (in the exporter's chapter format): one
    file, or several blocks played one after another."""

    title: str
    path: Path | tuple[Path, ...]
    duration_us: int  # what the chapter lasts in the joined file

    @property
    def paths(self) -> tuple[Path, ...]:
        return self.path if isinstance(self.path, tuple) else (self.path,)


@dataclass
class SpooledBlock:
    """A stretch of a chapter's PCM in a temporary file, with the hash of its samples."""

    path: Path
    start: int  # samples, from the chapter's start
    samples: int = 0
    sha256: str = ""


GAIN_STEP_DB = 0.25  # chapter gains are rounded to this: a small edit keeps its chapter's gain


def spool_blocks(chunks: Iterable[bytes], dest: Path, cut: Callable[[int, int], bool]
                 ) -> tuple[list[SpooledBlock], float]:
    """Write a chapter's PCM to temporary files beside ``dest``, a new one
    wherever ``cut(position, block_samples)`` says so (asked before each chunk,
    ``position`` in samples from the chapter's start); returns the blocks (none
    for a silent chapter) and the chapter's gain (from the RMS of all of it)."""
    import hashlib

    blocks: list[SpooledBlock] = []
    meter = loudness.RmsMeter()
    out = digest = None
    position = 0
    try:
        for chunk in chunks:
            if not chunk:
                continue
            if len(chunk) % 2:
                raise ValueError("PCM stream has an odd number of bytes: not 16-bit samples")
            if out is None or (blocks[-1].samples and cut(position, blocks[-1].samples)):
                if out is not None:
                    out.close()
                    blocks[-1].sha256 = digest.hexdigest()
                blocks.append(SpooledBlock(ffmpeg.temp_beside(dest, ".pcm"), position))
                out, digest = open(blocks[-1].path, "wb"), hashlib.sha256()
            out.write(chunk)
            digest.update(chunk)
            meter.add(chunk)
            blocks[-1].samples += len(chunk) // 2
            position += len(chunk) // 2
        if out is not None:
            out.close()
            blocks[-1].sha256 = digest.hexdigest()
    except BaseException:
        if out is not None:
            out.close()
        for block in blocks:
            ffmpeg.remove_quietly(block.path)
        raise
    gain = loudness.chapter_gain_db(meter.rms_db)
    return blocks, round(gain / GAIN_STEP_DB) * GAIN_STEP_DB


def encoded_duration_us(path: Path, dest: Path | None = None) -> int:
    """Microseconds of audio in an encoded file: the sum of its packets' durations."""
    done = ffmpeg.run([ffmpeg.require("ffprobe"), "-v", "error", "-select_streams", "a:0",
                       "-show_entries", "stream=time_base:packet=duration", "-of", "json", str(path)],
                      "measuring", dest or path)
    info = json.loads(done.stdout)
    base = Fraction(info["streams"][0]["time_base"])
    ticks = sum(int(p.get("duration", 0)) for p in info.get("packets", []))
    return round(ticks * base * 1_000_000)


def spool_chapter(chunks: Iterable[bytes], dest: Path) -> tuple[Path | None, float]:
    """Write a chapter's PCM to a temporary file beside ``dest``; returns it and
    the chapter's gain (None and 0 for a silent chapter: nothing to encode)."""
    spool = ffmpeg.temp_beside(dest, ".pcm")
    meter = loudness.RmsMeter()
    try:
        with open(spool, "wb") as out:
            samples = _stream(chunks, out.write, meter)
    except BaseException:
        ffmpeg.remove_quietly(spool)
        raise
    if samples == 0:
        ffmpeg.remove_quietly(spool)
        return None, 0.0
    return spool, loudness.chapter_gain_db(meter.rms_db)


class ChapterEncoder:
    """Encodes spooled chapters, up to ``jobs`` at once (threads feeding ffmpeg
    processes); at most ``2 * jobs`` spools wait or run, so disk use stays bounded.

    ``submit(spool, gain_db, out, done)`` encodes ``spool`` to ``out`` and calls
    ``done(duration_us)`` (in the worker thread) once ``out`` is complete; the
    encoder owns the spool from then on and removes it either way (and ``out``
    too unless it was completed).  ``wait()`` finishes everything and raises the
    first failure; ``abort()`` (also called by a failing or interrupted
    ``submit`` or ``wait``) kills the running ffmpegs, drops the blocks not
    started, waits for its threads and only then removes every spool and
    unfinished output it was given: no thread writes a file after it returns.
    """

    def __init__(self, exporter: FfmpegExporter, sample_rate: int, dest: Path, jobs: int | None = None):
        self.exporter, self.sample_rate, self.dest = exporter, sample_rate, dest
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        # Spools ready beyond the running encoders: an encoder that finishes
        # starts the next block at once instead of idling while the main
        # thread assembles one (bounded: a block is at most ~13 MB of PCM).
        self.backlog = self.jobs
        self._pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="chapter-encoder")
        self._pending: set[Future] = set()
        self._running: set[ffmpeg.PcmEncoder] = set()
        self._files: list[tuple[Path, Path]] = []  # (spool, out) of every block submitted
        self._lock = threading.Lock()
        self._aborted = False

    def submit(self, spool: Path, gain_db: float, out: Path, done: Callable[[int], None]) -> None:
        self._files.append((spool, out))
        try:
            while len(self._pending) >= self.jobs + self.backlog:
                self._reap(FIRST_COMPLETED)
            if self._aborted:
                raise UserError("encoding stopped")
            self._pending.add(self._pool.submit(self._encode, spool, gain_db, out, done))
        except BaseException:
            self.abort()
            raise

    def _reap(self, how: str) -> None:
        """Wait for the first (or every) pending encode; raise the first failure."""
        finished, self._pending = futures_wait(self._pending, return_when=how)
        for future in finished:
            future.result()

    def wait(self) -> None:
        try:
            while self._pending:
                self._reap(FIRST_COMPLETED)
        except BaseException:
            self.abort()
            raise
        self._pool.shutdown(wait=True)
        self._files.clear()

    def abort(self) -> None:
        """Stop everything and remove the files of the blocks not encoded (idempotent)."""
        with interrupts_held():
            with self._lock:
                self._aborted = True
                running = list(self._running)
            for encoder in running:
                try:
                    encoder.abort()
                except (OSError, ValueError):  # stopping the others matters more
                    pass
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pending.clear()
            files, self._files = self._files, []
            for spool, out in files:
                ffmpeg.remove_quietly(spool)
                ffmpeg.remove_quietly(out)  # a completed block was moved away by ``done``

    def _encode(self, spool: Path, gain_db: float, out: Path, done: Callable[[int], None]) -> None:
        try:
            args = self.exporter.encoder_args(self.sample_rate, out, self.exporter.chapter_codec_args())
            encoder = ffmpeg.PcmEncoder(args, f"encoding {self.exporter.format.upper()}", self.dest)
            with self._lock:
                if self._aborted:
                    encoder.abort()
                    raise UserError("encoding stopped")
                self._running.add(encoder)
            try:
                with open(spool, "rb") as pcm:
                    while block := pcm.read(SPOOL_BLOCK):
                        encoder.write(loudness.encoder_pcm(block, gain_db))
                encoder.close()
            except BaseException:
                encoder.abort()
                raise
            finally:
                with self._lock:
                    self._running.discard(encoder)
            done(self.exporter.encoded_duration_us(out, self.dest))
        except BaseException:
            ffmpeg.remove_quietly(out)
            raise
        finally:
            ffmpeg.remove_quietly(spool)


def _concat_line(path: Path) -> str:
    return "file '" + str(Path(path).resolve()).replace("'", "'\\''") + "'\n"


def concat_demux(pieces: list[Path], out: Path, container_args: list[str], dest: Path) -> None:
    """Join with ffmpeg's concat demuxer, copying the packets."""
    listing = ffmpeg.temp_beside(dest, ".txt")
    try:
        listing.write_text("ffconcat version 1.0\n" + "".join(map(_concat_line, pieces)), encoding="utf-8")
        ffmpeg.run([ffmpeg.require("ffmpeg"), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
                    "-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:a", "-c", "copy",
                    *container_args, str(out)], "joining the chapters of", dest)
    finally:
        ffmpeg.remove_quietly(listing)


def group_parts(chapters: list[EncodedChapter], split_hours: float | None) -> list[list[EncodedChapter]]:
    """Chapters grouped into parts of at most ``split_hours`` (a longer chapter alone); never split."""
    limit = int(split_hours * 3_600_000_000) if split_hours else None
    parts: list[list[EncodedChapter]] = []
    length = 0
    for chapter in chapters:
        if not parts or (limit is not None and length and length + chapter.duration_us > limit):
            parts.append([])
            length = 0
        parts[-1].append(chapter)
        length += chapter.duration_us
    return parts


def _ms(us: int) -> int:
    return (us + 500) // 1000


def join_chapters(exporter: FfmpegExporter, chapters: list[EncodedChapter], metadata: Metadata, dest: Path,
                  *, split_hours: float | None = None) -> list[ExportedPart]:
    """Join encoded chapters into ``dest`` (or its parts), add chapters and tags,
    and move the finished files into place atomically."""
    dest = Path(dest)
    if not dest.parent.is_dir():
        raise UserError(f"output folder {dest.parent} does not exist: create it or choose another --output")
    if split_hours is not None and not split_hours > 0:
        raise UserError(f"--split-hours must be a positive number of hours, got {split_hours}")
    if not chapters:
        raise UserError(f"nothing to export to {dest}: the book has no spoken text")
    ffmpeg.remove_stale_temps(dest)
    groups = group_parts(chapters, split_hours)
    targets = [dest] if len(groups) == 1 else [part_path(dest, i + 1) for i in range(len(groups))]
    temps: list[Path] = []
    exported: list[ExportedPart] = []
    finished: list[Path] = []
    book_us = 0
    try:
        with ffmpeg.write_errors(dest):
            for number, (group, target) in enumerate(zip(groups, targets), start=1):
                marks, part_us = [], 0
                for chapter in group:
                    marks.append(ChapterMark(chapter.title, _ms(part_us), _ms(part_us + chapter.duration_us)))
                    part_us += chapter.duration_us
                done = exporter.finish_pieces([path for c in group for path in c.paths], dest, target, marks,
                                              metadata, (number, len(groups)))
                temps.append(done)
                finished.append(done)
                exported.append(ExportedPart(target, _ms(book_us), _ms(part_us), marks))
                book_us += part_us
            for done, target in zip(finished, targets):
                os.replace(done, target)
    finally:
        with interrupts_held():
            for path in temps:
                ffmpeg.remove_quietly(path)
    return exported


def probe_duration_us(path: Path) -> int:
    """The container's duration of a finished file (for checks)."""
    out = subprocess.run([ffmpeg.require("ffprobe"), "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True,
                         start_new_session=True).stdout
    return round(float(out.strip()) * 1_000_000)
