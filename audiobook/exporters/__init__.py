"""Exporters: one audio container per file, the same small interface.

An exporter receives the book chapter by chapter, each chapter a stream of
mono s16le PCM chunks (chapter times are only known once its audio has gone
by), plus the metadata, and writes the finished file(s) atomically (temporary
files in the destination folder, then ``os.replace``).  With ``split_hours``
a long book becomes several parts (``Book - Part 1.m4b`` ...), each with its
own chapters starting at 0; a chapter is never split.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol

from ..errors import UserError
from ..model import ChapterMark, Metadata


@dataclass
class ChapterAudio:
    """One chapter's audio: its title and an iterator of PCM chunks.

    Like ``itertools.groupby``, the chunks must be consumed before asking for
    the next chapter.
    """

    title: str
    chunks: Iterable[bytes]


@dataclass
class ExportedPart:
    """A file written by an exporter."""

    path: Path
    start_ms: int  # where this part starts in the whole book
    duration_ms: int
    chapters: list[ChapterMark] = field(default_factory=list)  # times relative to this part


class Exporter(Protocol):
    format: str  # "m4b", "mp3", "opus"
    extension: str  # ".m4b"

    def export(self, chapters: Iterable[ChapterAudio], sample_rate: int, metadata: Metadata,
               dest: Path, *, split_hours: float | None = None) -> list[ExportedPart]:
        """Encode, tag and atomically write ``dest`` (or its parts); returns what was written."""


FORMATS = ("m4b", "mp3", "opus")


def get_exporter(format: str, **options) -> Exporter:
    """The exporter for ``format`` ("m4b", "mp3" or "opus"); options go to its constructor
    (e.g. ``bitrate="64k"``)."""
    name = format.lower().lstrip(".")
    if name == "m4b":
        from .m4b import M4bExporter
        return M4bExporter(**options)
    if name == "mp3":
        from .mp3 import Mp3Exporter
        return Mp3Exporter(**options)
    if name == "opus":
        from .opus import OpusExporter
        return OpusExporter(**options)
    raise UserError(f"unknown output format '{format}': choose one of {', '.join(FORMATS)}")
