"""Exporters: one audio container per file, the same small interface.

An exporter receives a stream of mono s16le PCM chunks, the chapter marks and
the metadata, and writes the finished file to ``dest`` atomically (a temporary
file in the same folder, then ``os.replace``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Protocol

from ..model import ChapterMark, Metadata


class Exporter(Protocol):
    format: str  # "m4b", "mp3", "opus"
    extension: str  # ".m4b"

    def export(self, pcm_chunks: Iterable[bytes], sample_rate: int, chapters: list[ChapterMark],
               metadata: Metadata, dest: Path) -> Path:
        """Encode, tag and atomically write ``dest``; returns it."""
