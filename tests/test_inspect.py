"""inspect: what a finished file holds, read back with ffprobe and mutagen."""
from __future__ import annotations

import math
import struct
import subprocess

import pytest

from audiobook.errors import UserError
from audiobook.exporters import ChapterAudio, get_exporter
from audiobook.inspect import clock, format_inspection, inspect_file
from audiobook.model import Metadata

pytestmark = pytest.mark.e2e
RATE = 22050


def tone(seconds: float, freq: float) -> bytes:
    n = int(seconds * RATE)
    return struct.pack(f"<{n}h", *(int(6000 * math.sin(2 * math.pi * freq * i / RATE)) for i in range(n)))


@pytest.fixture(scope="module")
def cover(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("c") / "c.jpg"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=green:s=16x16", "-frames:v", "1",
                    str(path)], check=True)
    return path.read_bytes()


@pytest.mark.parametrize("fmt, brand, codec", [("m4b", "M4B ", "aac"), ("mp3", None, "mp3"),
                                               ("opus", None, "opus")])
def test_inspect_reads_back_chapters_tags_and_cover(tmp_path, cover, fmt, brand, codec):
    dest = tmp_path / f"Book.{fmt}"
    chapters = [ChapterAudio("Opening", iter([tone(1.25, 200)])), ChapterAudio("Middle", iter([tone(2.0, 300)])),
                ChapterAudio("End", iter([tone(0.75, 250)]))]
    meta = Metadata(title="The Book", author="An Author", narrator="A Voice", year="2024", cover=cover)
    get_exporter(fmt).export(chapters, RATE, meta, dest)
    found = inspect_file(dest)
    assert found.brand == brand and found.codec == codec and found.channels == 1
    assert [(m.title, m.start_ms) for m in found.chapters] == [("Opening", 0), ("Middle", 1250), ("End", 3250)]
    assert found.duration_ms == pytest.approx(4000, abs=80)
    assert found.cover == f"image/jpeg, {len(cover)} bytes"
    assert "The Book" in found.tags.values() and "An Author" in found.tags.values()
    assert any(v == "Audiobook" for v in found.tags.values())
    text = format_inspection(found)
    assert "Chapters:  3" in text and "0:00:01.250  Middle" in text and "image/jpeg" in text


def test_missing_and_non_audio_files_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        inspect_file(tmp_path / "none.m4b")
    junk = tmp_path / "junk.m4b"
    junk.write_text("this is not audio")
    with pytest.raises(UserError, match="not an audio file"):
        inspect_file(junk)


def test_clock():
    assert clock(0) == "0:00:00.000" and clock(90_061_001) == "25:01:01.001"
