"""What every exporter shares: stream the chapters' PCM into one ffmpeg
process per part (with the loudness chain), record chapter marks from the
real sample counts, then let the format add chapters and tags, and move the
finished files into place atomically.

Each chapter is first spooled to a raw temporary file on disk (never held in
memory): its RMS sets the chapter's gain (see loudness.py) and its length
decides, with ``split_hours``, whether it still fits in the current part or
opens the next one.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


from .. import loudness
from ..atomic import interrupts_held
from ..errors import UserError
from ..model import ChapterMark, Metadata
from . import ChapterAudio, ExportedPart, ffmpeg

SPOOL_BLOCK = 1 << 20


def part_path(dest: Path, number: int) -> Path:
    """``Book.m4b`` -> ``Book - Part 2.m4b``."""
    return dest.with_name(f"{dest.stem} - Part {number}{dest.suffix}")


def part_title(title: str, track: tuple[int, int]) -> str:
    """The title of part ``track = (number, count)``: the book's title when there is one part."""
    number, count = track
    return title if count == 1 else f"{title} (Part {number} of {count})"


@dataclass
class _Part:
    encoded: Path
    encoder: ffmpeg.PcmEncoder | None
    start_samples: int  # in the whole book
    samples: int = 0
    marks: list[ChapterMark] = field(default_factory=list)


class FfmpegExporter:
    """Base class: subclasses give the codec arguments and ``finish``."""

    format = ""
    extension = ""
    encoded_suffix = ""  # extension of the encoder's temporary output
    default_bitrate = "64k"
    output_rate: int | None = None  # resample for codecs that need it (Opus)

    def __init__(self, bitrate: str | None = None):
        self.bitrate = bitrate or self.default_bitrate

    # --- for subclasses -------------------------------------------------
    def codec_args(self) -> list[str]:
        raise NotImplementedError

    def finish(self, encoded: Path, dest: Path, chapters: list[ChapterMark], metadata: Metadata,
               track: tuple[int, int]) -> Path:
        """Add chapters and tags to ``encoded``; return the finished temporary file
        (in ``dest``'s folder; may be ``encoded`` itself).  By default the
        format's ``write_tags`` writes chapters and tags in place."""
        self.write_tags(encoded, chapters, metadata, track)
        return encoded

    def write_tags(self, path: Path, chapters: list[ChapterMark], metadata: Metadata,
                   track: tuple[int, int]) -> None:
        raise NotImplementedError

    # --- chapters encoded one by one, then joined without re-encoding (join.py)
    chapter_suffix = ""  # extension of one encoded chapter

    def chapter_codec_args(self) -> list[str]:
        """Codec and container arguments for one chapter's encoded file."""
        return self.codec_args()

    def join_args(self) -> list[str]:
        """Container arguments for joining encoded chapters (``-c copy``)."""
        return self.codec_args()[-2:]

    def join(self, pieces: list[Path], out: Path, dest: Path) -> None:
        """Write the encoded chapters ``pieces`` one after another to ``out``, without re-encoding."""
        from .join import concat_demux
        concat_demux(pieces, out, self.join_args(), dest)

    def finish_pieces(self, pieces: list[Path], dest: Path, target: Path, chapters: list[ChapterMark],
                      metadata: Metadata, track: tuple[int, int]) -> Path:
        """Join the encoded ``pieces`` and ``finish`` them as ``target`` (``dest`` or one
        of its parts); returns the finished temporary file."""
        joined = ffmpeg.temp_beside(dest, self.chapter_suffix)
        try:
            self.join(pieces, joined, dest)
            done = self.finish(joined, target, chapters, metadata, track)
        except BaseException:
            ffmpeg.remove_quietly(joined)
            raise
        if done != joined:
            ffmpeg.remove_quietly(joined)
        return done

    def encoded_duration_us(self, path: Path, dest: Path | None = None) -> int:
        """How long an encoded chapter (block) plays when joined."""
        from .join import encoded_duration_us
        return encoded_duration_us(path, dest)

    def encoder_args(self, sample_rate: int, out: Path, codec_args: list[str] | None = None) -> list[str]:
        """The ffmpeg command encoding ``encoder_pcm`` on stdin to ``out``."""
        return [ffmpeg.require("ffmpeg"), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
                *ffmpeg.pcm_input_args(sample_rate, loudness.ENCODER_INPUT_FORMAT),
                "-af", loudness.encoder_filter(self.output_rate), "-ac", "1",
                *(self.codec_args() if codec_args is None else codec_args), str(out)]

    # --- the shared flow ------------------------------------------------
    def export(self, chapters: Iterable[ChapterAudio], sample_rate: int, metadata: Metadata,
               dest: Path, *, split_hours: float | None = None) -> list[ExportedPart]:
        dest = Path(dest)
        if not dest.parent.is_dir():
            raise UserError(f"output folder {dest.parent} does not exist: create it or choose another --output")
        if split_hours is not None and not split_hours > 0:
            raise UserError(f"--split-hours must be a positive number of hours, got {split_hours}")
        self._exe = ffmpeg.require("ffmpeg")
        ffmpeg.remove_stale_temps(dest)
        self._rate = sample_rate
        temps: list[Path] = []
        parts: list[_Part] = []
        try:
            with ffmpeg.write_errors(dest):
                limit = int(split_hours * 3600 * sample_rate) if split_hours else None
                self._encode(chapters, dest, limit, parts, temps)
                if not any(p.samples for p in parts):
                    raise UserError(f"nothing to export to {dest}: the book has no spoken text")
                targets = [dest] if len(parts) == 1 else [part_path(dest, i + 1) for i in range(len(parts))]
                finished = []
                for i, (part, target) in enumerate(zip(parts, targets)):
                    done = self.finish(part.encoded, target, part.marks, metadata, (i + 1, len(parts)))
                    temps.append(done)
                    finished.append(done)
                for done, target in zip(finished, targets):
                    os.replace(done, target)
        finally:
            with interrupts_held():
                for part in parts:
                    if part.encoder is not None:
                        part.encoder.abort()
                for path in temps:
                    ffmpeg.remove_quietly(path)
        return [ExportedPart(target, ffmpeg.ms_from_samples(p.start_samples, sample_rate),
                             ffmpeg.ms_from_samples(p.samples, sample_rate), p.marks)
                for p, target in zip(parts, targets)]

    def _open_part(self, dest: Path, start_samples: int, parts: list[_Part], temps: list[Path]) -> _Part:
        encoded = ffmpeg.temp_beside(dest, self.encoded_suffix)
        temps.append(encoded)
        args = self.encoder_args(self._rate, encoded)
        part = _Part(encoded, ffmpeg.PcmEncoder(args, f"encoding {self.format.upper()}", dest), start_samples)
        parts.append(part)
        return part

    def _close_part(self, part: _Part) -> None:
        encoder, part.encoder = part.encoder, None
        encoder.close()

    def _add_mark(self, part: _Part, title: str, start: int, end: int) -> None:
        if end > start:
            part.marks.append(ChapterMark(title, ffmpeg.ms_from_samples(start, self._rate),
                                          ffmpeg.ms_from_samples(end, self._rate)))

    def _encode(self, chapters: Iterable[ChapterAudio], dest: Path, limit: int | None,
                parts: list[_Part], temps: list[Path]) -> None:
        book_samples = 0
        part: _Part | None = None
        feeder = _Feeder()  # ffmpeg encodes chapter k while chapter k+1 is being assembled
        try:
            for chapter in chapters:
                spool = ffmpeg.temp_beside(dest, ".pcm")
                temps.append(spool)
                meter = loudness.RmsMeter()
                with open(spool, "wb") as out:
                    samples = _stream(chapter.chunks, out.write, meter)
                feeder.wait()
                if samples == 0:
                    ffmpeg.remove_quietly(spool)
                    continue
                if part is None or (limit is not None and part.samples and part.samples + samples > limit):
                    if part is not None:
                        self._close_part(part)
                    part = self._open_part(dest, book_samples, parts, temps)
                feeder.start(part.encoder, spool, loudness.chapter_gain_db(meter.rms_db))
                start = part.samples
                part.samples += samples
                book_samples += samples
                self._add_mark(part, chapter.title, start, part.samples)
            feeder.wait()
        except BaseException:
            with interrupts_held():
                for p in parts:  # unblock the feeder, then let it finish before temps go
                    if p.encoder is not None:
                        p.encoder.abort()
                        p.encoder = None
                feeder.wait(raise_error=False)
            raise
        if part is not None:
            self._close_part(part)


class _Feeder:
    """Feeds one spooled chapter at a time to an encoder, in a background thread."""

    def __init__(self):
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, encoder: ffmpeg.PcmEncoder, spool: Path, gain_db: float) -> None:
        def feed():
            try:
                with open(spool, "rb") as pcm:
                    while block := pcm.read(SPOOL_BLOCK):
                        encoder.write(loudness.encoder_pcm(block, gain_db))
                ffmpeg.remove_quietly(spool)
            except BaseException as exc:  # handed to the main thread by wait()
                self._error = exc

        self._thread = threading.Thread(target=feed, name="ffmpeg-feeder", daemon=True)
        self._thread.start()

    def wait(self, raise_error: bool = True) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None and raise_error:
            raise error


def _stream(chunks: Iterable[bytes], write, meter: loudness.RmsMeter) -> int:
    """Write every chunk (measuring it); return the number of 16-bit samples written."""
    total = 0
    for chunk in chunks:
        if chunk:
            write(chunk)
            meter.add(chunk)
            total += len(chunk)
    if total % 2:
        raise ValueError("PCM stream has an odd number of bytes: not 16-bit samples")
    return total // 2


def cover_mime(cover: bytes, declared: str | None = None) -> str:
    """The image type of cover bytes: sniffed (JPEG or PNG), else as declared."""
    if cover.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if cover.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if declared in ("image/jpeg", "image/png"):
        return declared
    raise UserError("the cover image is neither JPEG nor PNG: convert it to one of those")
