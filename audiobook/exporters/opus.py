"""Opus: libopus in Ogg, chapters as Vorbis comments (``CHAPTER001=HH:MM:SS.mmm``,
``CHAPTER001NAME=``) and tags written by mutagen.

ffmpeg's own Ogg chapter writer rounds to whole seconds (measured: +1 s
whenever the milliseconds are >= 500), so chapters never go through it.
"""
from __future__ import annotations

import base64
from pathlib import Path

from mutagen.flac import Picture
from mutagen.id3 import PictureType
from mutagen.oggopus import OggOpus

from ..model import ChapterMark, Metadata
from .base import FfmpegExporter, cover_mime, part_title

OPUS_RATE = 48000  # libopus takes 8/12/16/24/48 kHz; players decode at 48 kHz


def chapter_time(ms: int) -> str:
    """``HH:MM:SS.mmm`` as the Vorbis chapter extension writes it."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


class OpusExporter(FfmpegExporter):
    format = "opus"
    extension = ".opus"
    encoded_suffix = ".opus"
    default_bitrate = "48k"
    output_rate = OPUS_RATE

    def codec_args(self) -> list[str]:
        return ["-c:a", "libopus", "-b:a", self.bitrate, "-map_metadata", "-1", "-f", "opus"]

    chapter_suffix = ".opus"

    def join_args(self) -> list[str]:
        return ["-map_metadata", "-1", "-f", "opus"]

    def write_tags(self, path: Path, chapters: list[ChapterMark], metadata: Metadata,
                   track: tuple[int, int]) -> None:
        write_tags(path, chapters, metadata, track)  # the module's function, also used by tests


def write_tags(path: Path, chapters: list[ChapterMark], metadata: Metadata,
               track: tuple[int, int] = (1, 1)) -> None:
    audio = OggOpus(path)
    tags = audio.tags
    tags["TITLE"] = [part_title(metadata.title, track)]
    tags["ALBUM"] = [metadata.title]
    if metadata.author:
        tags["ARTIST"] = [metadata.author]
        tags["ALBUMARTIST"] = [metadata.author]
    if metadata.narrator:
        tags["PERFORMER"] = [metadata.narrator]
    tags["GENRE"] = [metadata.genre or "Audiobook"]
    if metadata.year:
        tags["DATE"] = [metadata.year]
    if metadata.language:
        tags["LANGUAGE"] = [metadata.language]
    if metadata.description:
        tags["DESCRIPTION"] = [metadata.description]
    if track[1] > 1:
        tags["TRACKNUMBER"] = [str(track[0])]
        tags["TRACKTOTAL"] = [str(track[1])]
    for number, mark in enumerate(chapters, start=1):
        tags[f"CHAPTER{number:03d}"] = [chapter_time(mark.start_ms)]
        tags[f"CHAPTER{number:03d}NAME"] = [mark.title]
    if metadata.cover:
        picture = Picture()
        picture.type = PictureType.COVER_FRONT
        picture.mime = cover_mime(metadata.cover, metadata.cover_mime)
        picture.desc = "Cover"
        picture.data = metadata.cover
        tags["METADATA_BLOCK_PICTURE"] = [base64.b64encode(picture.write()).decode("ascii")]
    audio.save()
