"""M4B: AAC in an MP4 container branded ``M4B `` (what audiobook players
expect), chapters as both a QuickTime chapter track and a Nero ``chpl`` box,
iTunes-style tags (``stik`` = 2, audiobook) written with mutagen.

The AAC is encoded as raw ADTS (per chapter block, or for the whole part);
the chapter times exist only after it has been encoded, and then
mp4_writer.py writes the M4B straight from the ADTS files, streaming (its
memory does not grow with the book's length, unlike ffmpeg's MP4 muxer).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from mutagen.mp4 import MP4, MP4Cover

from ..errors import UserError
from ..language import iso639_2
from ..model import ChapterMark, Metadata
from . import adts, ffmpeg
from .base import FfmpegExporter, cover_mime, part_title
from .mp4_writer import write_m4b


class M4bExporter(FfmpegExporter):
    format = "m4b"
    extension = ".m4b"
    # Raw ADTS: frames of exactly 1024 samples that concatenate byte for byte
    # (MP4 files would each carry an edit list).
    encoded_suffix = chapter_suffix = ".aac"
    default_bitrate = "64k"

    def codec_args(self) -> list[str]:
        # The default AAC coder is about 24x slower for no audible gain on speech.
        return ["-c:a", "aac", "-aac_coder", "fast", "-b:a", self.bitrate, "-f", "adts"]

    def encoded_duration_us(self, path: Path, dest: Path | None = None) -> int:
        """Read from the ADTS frame headers (no ffprobe process per chapter block)."""
        return adts.duration_us(path)

    def finish(self, encoded: Path, dest: Path, chapters: list[ChapterMark], metadata: Metadata,
               track: tuple[int, int]) -> Path:
        # One encoder for the whole part: its chapter times count from the first real sample,
        # so the edit list hides the encoder's priming and the last frame's padding after the
        # last chapter (as ffmpeg's own MP4 output does).
        return self._write([encoded], dest, chapters, metadata, track, priming=adts.ENCODER_PRIMING,
                           end_ms=chapters[-1].end_ms if chapters else None)

    def finish_pieces(self, pieces: Sequence[Path], dest: Path, target: Path, chapters: list[ChapterMark],
                      metadata: Metadata, track: tuple[int, int]) -> Path:
        """Written from the ADTS pieces themselves, without a joined copy.  Their chapter times
        count every block's priming (see join.py), so nothing is hidden."""
        return self._write(pieces, target, chapters, metadata, track)

    def _write(self, pieces: Sequence[Path], target: Path, chapters: list[ChapterMark], metadata: Metadata,
               track: tuple[int, int], priming: int = 0, end_ms: int | None = None) -> Path:
        out = ffmpeg.temp_beside(target, ".m4b")
        try:
            write_m4b(pieces, out, chapters, tag_room=tag_room(metadata), priming=priming,
                      end_ms=end_ms, language=iso639_2(metadata.language))
            write_tags(out, metadata, track)
        except adts.AdtsError as exc:
            ffmpeg.remove_quietly(out)
            raise UserError(f"cannot write {target}: {exc}") from None
        except BaseException:
            ffmpeg.remove_quietly(out)
            raise
        return out


def tag_room(metadata: Metadata) -> int:
    """Bytes to keep free for the tags, so mutagen writes them in place instead of
    moving the whole audio: the cover and texts plus room for the atoms around them."""
    texts = (metadata.title, metadata.author, metadata.narrator, metadata.genre, metadata.year,
             metadata.description)
    return len(metadata.cover or b"") + 2 * sum(len((t or "").encode()) for t in texts) + 1024


def write_tags(path: Path, metadata: Metadata, track: tuple[int, int] = (1, 1)) -> None:
    """iTunes audiobook tags; the narrator goes in ``©wrt`` (composer), as Audible does."""
    audio = MP4(path)
    if audio.tags is None:
        audio.add_tags()
    tags = audio.tags
    tags["©nam"] = [part_title(metadata.title, track)]
    tags["©alb"] = [metadata.title]
    if metadata.author:
        tags["©ART"] = [metadata.author]
        tags["aART"] = [metadata.author]
    if metadata.narrator:
        tags["©wrt"] = [metadata.narrator]
    tags["©gen"] = [metadata.genre or "Audiobook"]
    if metadata.year:
        tags["©day"] = [metadata.year]
    if metadata.description:
        tags["desc"] = [metadata.description]
    tags["stik"] = [2]  # media kind: audiobook
    if track[1] > 1:
        tags["trkn"] = [track]
    if metadata.cover:
        kind = MP4Cover.FORMAT_PNG if cover_mime(metadata.cover, metadata.cover_mime) == "image/png" \
            else MP4Cover.FORMAT_JPEG
        tags["covr"] = [MP4Cover(metadata.cover, imageformat=kind)]
    audio.save()
