"""MP3: libmp3lame, with an ID3v2.3 tag holding a top-level ordered ``CTOC``
and one ``CHAP`` frame per chapter (each with a ``TIT2`` title), the usual
text frames and the cover (``APIC``).

mutagen sorts frames by size when it saves, but ffprobe (and players) list
chapters in file order, so the tag is saved by a small ``ID3`` subclass that
keeps the chapters in chapter order.
"""
from __future__ import annotations

from pathlib import Path

from mutagen.id3 import (APIC, CHAP, COMM, CTOC, ID3, TALB, TCOM, TCON, TDRC, TIT2, TLAN, TPE1,
                         TPE2, TRCK, CTOCFlags, PictureType)
from mutagen.id3._tags import save_frame  # mutagen's own frame serializer

from ..language import iso639_2
from ..model import ChapterMark, Metadata
from .base import FfmpegExporter, cover_mime, part_title

NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets unused: times are authoritative


class _OrderedID3(ID3):
    """An ID3 tag that writes frames in insertion order: text frames, then the
    table of contents and the chapters in chapter order, then pictures."""

    def _write(self, config):
        rank = {"CTOC": 1, "CHAP": 2, "APIC": 3}
        frames = sorted(self.values(), key=lambda frame: rank.get(frame.FrameID, 0))  # stable
        return bytearray().join(save_frame(frame, config=config) for frame in frames)


class Mp3Exporter(FfmpegExporter):
    format = "mp3"
    extension = ".mp3"
    encoded_suffix = ".mp3"
    default_bitrate = "64k"

    def codec_args(self) -> list[str]:
        # No tags from ffmpeg: mutagen writes the whole ID3 tag afterwards.
        return ["-c:a", "libmp3lame", "-b:a", self.bitrate, "-id3v2_version", "0",
                "-write_id3v1", "0", "-f", "mp3"]

    chapter_suffix = ".mp3"

    def join_args(self) -> list[str]:
        return ["-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3"]

    def write_tags(self, path: Path, chapters: list[ChapterMark], metadata: Metadata,
                   track: tuple[int, int]) -> None:
        write_tags(path, chapters, metadata, track)  # the module's function, also used by tests


def write_tags(path: Path, chapters: list[ChapterMark], metadata: Metadata,
               track: tuple[int, int] = (1, 1)) -> None:
    tags = _OrderedID3()
    tags.add(TIT2(encoding=3, text=[part_title(metadata.title, track)]))
    tags.add(TALB(encoding=3, text=[metadata.title]))
    if metadata.author:
        tags.add(TPE1(encoding=3, text=[metadata.author]))
        tags.add(TPE2(encoding=3, text=[metadata.author]))
    if metadata.narrator:
        tags.add(TCOM(encoding=3, text=[metadata.narrator]))
    tags.add(TCON(encoding=3, text=[metadata.genre or "Audiobook"]))
    if metadata.year:
        tags.add(TDRC(encoding=3, text=[metadata.year]))
    if metadata.language:
        tags.add(TLAN(encoding=3, text=[iso639_2(metadata.language)]))  # ID3 wants ISO 639-2: "eng"
    if metadata.description:
        tags.add(COMM(encoding=3, lang="eng", desc="", text=[metadata.description]))
    if track[1] > 1:
        tags.add(TRCK(encoding=3, text=[f"{track[0]}/{track[1]}"]))
    ids = [f"ch{i:04d}" for i in range(1, len(chapters) + 1)]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
    for element_id, mark in zip(ids, chapters):
        tags.add(CHAP(element_id=element_id, start_time=mark.start_ms, end_time=mark.end_ms,
                      start_offset=NO_OFFSET, end_offset=NO_OFFSET,
                      sub_frames=[TIT2(encoding=3, text=[mark.title])]))
    if metadata.cover:
        tags.add(APIC(encoding=3, mime=cover_mime(metadata.cover, metadata.cover_mime),
                      type=PictureType.COVER_FRONT, desc="Cover", data=metadata.cover))
    tags.save(path, v2_version=3)
