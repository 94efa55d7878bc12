"""Exporters with the real ffmpeg, ffprobe, mutagen and mpv: chapters (count,
titles, order, start times), tags, cover, atomic writes, parts."""
from __future__ import annotations

import base64
import json
import math
import os
import shutil
import struct
import subprocess
from pathlib import Path

import mutagen
import pytest
from mutagen.flac import Picture
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus

from audiobook.errors import DependencyError, UserError
from audiobook.exporters import ChapterAudio, ExportedPart, ffmpeg, get_exporter
from audiobook.exporters.base import part_path
from audiobook.exporters.opus import chapter_time
from audiobook.model import ChapterMark, Metadata

pytestmark = pytest.mark.e2e

RATE = 22050
FORMATS = ["m4b", "mp3", "opus"]
# Titles of very different lengths (mutagen would sort ID3 frames by size),
# with characters FFMETADATA must escape, and non-ASCII.
TITLES = ["Chapter I: Down the Rabbit-Hole, a rather long title = with ; # and \\ in it",
          "Zwei", "Ünïcode — “quotes” 章"]
SECONDS = [1.5, 2.25, 1.0]


def tone(seconds: float, freq: float = 220.0, amplitude: float = 0.1) -> bytes:
    n = int(seconds * RATE)
    return struct.pack(f"<{n}h", *(int(amplitude * 32767 * math.sin(2 * math.pi * freq * i / RATE))
                                   for i in range(n)))


def book(seconds=SECONDS, titles=TITLES):
    """ChapterAudio for each chapter, each in two chunks (the stream is chunked)."""
    for i, (title, length) in enumerate(zip(titles, seconds)):
        pcm = tone(length, 200 + 50 * i)
        half = len(pcm) // 4 * 2
        yield ChapterAudio(title, iter([pcm[:half], pcm[half:]]))


def expected_marks(seconds=SECONDS, titles=TITLES) -> list[ChapterMark]:
    marks, start = [], 0
    for title, length in zip(titles, seconds):
        samples = int(length * RATE)
        end = start + samples
        marks.append(ChapterMark(title, ffmpeg.ms_from_samples(start, RATE), ffmpeg.ms_from_samples(end, RATE)))
        start = end
    return marks


@pytest.fixture(scope="module")
def cover_jpeg(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("cover") / "cover.jpg"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1",
                    str(path)], check=True)
    return path.read_bytes()


def metadata(cover: bytes | None = None) -> Metadata:
    return Metadata(title="Alice’s Adventures", author="Lewis Carroll", narrator="eSpeak NG", year="1865",
                    description="A girl falls down a rabbit hole.", cover=cover)


def ffprobe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", "-show_format",
                          "-show_streams", str(path)], check=True, capture_output=True).stdout
    return json.loads(out)


def mpv_chapters(path: Path) -> list[tuple[str, float]]:
    fields = "|".join(f"${{chapter-list/{i}/title}}@${{=chapter-list/{i}/time}}" for i in range(8))
    out = subprocess.run(["mpv", "--no-config", "--ao=null", "--vo=null", "--end=0.05",
                          "--msg-level=all=no,term-msg=info",
                          f"--term-playing-msg=${{chapter-list/count}}|{fields}", str(path)],
                         capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[-1]
    count, *items = out.split("|")
    return [(title, float(time)) for title, time in (item.rsplit("@", 1) for item in items[:int(count)])]


_EXPORTED: dict[str, tuple] = {}


def export_once(fmt: str, tmp_path_factory, cover: bytes):
    """Each format is exported once per test session and inspected by several tests."""
    if fmt not in _EXPORTED:
        dest = tmp_path_factory.mktemp(fmt) / f"Alice.{fmt}"
        _EXPORTED[fmt] = (fmt, dest, get_exporter(fmt).export(book(), RATE, metadata(cover), dest))
    return _EXPORTED[fmt]


@pytest.fixture(params=FORMATS)
def exported(request, tmp_path_factory, cover_jpeg):
    return export_once(request.param, tmp_path_factory, cover_jpeg)


@pytest.fixture
def exported_m4b(tmp_path_factory, cover_jpeg):
    return export_once("m4b", tmp_path_factory, cover_jpeg)


@pytest.fixture
def exported_mp3(tmp_path_factory, cover_jpeg):
    return export_once("mp3", tmp_path_factory, cover_jpeg)


@pytest.fixture
def exported_opus(tmp_path_factory, cover_jpeg):
    return export_once("opus", tmp_path_factory, cover_jpeg)


def test_export_reports_one_part_with_the_sample_exact_chapters(exported):
    fmt, dest, parts = exported
    assert parts == [ExportedPart(dest, 0, ffmpeg.ms_from_samples(sum(int(s * RATE) for s in SECONDS), RATE),
                                  expected_marks())]
    assert sorted(os.listdir(dest.parent)) == [dest.name]  # no temporary files left
    umask = os.umask(0o022)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


def test_ffprobe_reads_the_chapters_in_order_with_exact_starts(exported):
    fmt, dest, _ = exported
    chapters = ffprobe(dest)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == TITLES
    assert [round(float(c["start_time"]) * 1000) for c in chapters] == [m.start_ms for m in expected_marks()]


def test_mpv_lists_the_chapters(exported):
    fmt, dest, _ = exported
    listed = mpv_chapters(dest)
    assert [title for title, _ in listed] == TITLES
    for (_, time), mark in zip(listed, expected_marks()):
        # mpv shifts MP3 chapters by the encoder delay it reports as start time (about 50 ms)
        assert time == pytest.approx(mark.start_ms / 1000, abs=0.06)


def test_audio_duration_matches_the_stream(exported):
    fmt, dest, parts = exported
    duration = float(ffprobe(dest)["format"]["duration"])
    # MP3 frames pad the end (up to one 1152-sample frame plus the decoder delay)
    assert duration == pytest.approx(parts[0].duration_ms / 1000, abs=0.08)


def test_m4b_brand_tags_and_both_chapter_kinds(exported_m4b, cover_jpeg):
    fmt, dest, _ = exported_m4b
    data = dest.read_bytes()
    assert data[4:12] == b"ftypM4B "
    assert b"chpl" in data  # Nero chapters
    audio = MP4(dest)
    assert [(round(c.start * 1000), c.title) for c in audio.chapters] == \
        [(m.start_ms, m.title) for m in expected_marks()]
    streams = ffprobe(dest)["streams"]
    assert [s["codec_tag_string"] for s in streams][:2] == ["mp4a", "text"]  # QuickTime chapter track
    assert streams[0]["tags"]["language"] == "eng"  # the book's language, ISO 639-2
    tags = audio.tags
    assert tags["©nam"] == ["Alice’s Adventures"] and tags["©alb"] == ["Alice’s Adventures"]
    assert tags["©ART"] == ["Lewis Carroll"] and tags["aART"] == ["Lewis Carroll"]
    assert tags["©wrt"] == ["eSpeak NG"] and tags["©gen"] == ["Audiobook"]
    assert tags["©day"] == ["1865"] and tags["desc"] == ["A girl falls down a rabbit hole."]
    assert tags["stik"] == [2]
    assert bytes(tags["covr"][0]) == cover_jpeg


def test_mp3_ctoc_chap_in_chapter_order_and_tags(exported_mp3, cover_jpeg):
    fmt, dest, _ = exported_mp3
    tags = ID3(dest)
    toc = tags.getall("CTOC")[0]
    assert toc.flags & 0x03 == 0x03  # top-level and ordered
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    assert [chaps[i].sub_frames["TIT2"].text[0] for i in toc.child_element_ids] == TITLES
    assert [chaps[i].start_time for i in toc.child_element_ids] == [m.start_ms for m in expected_marks()]
    # the CHAP frames in the file itself are in chapter order (ffprobe and players read file order)
    raw = dest.read_bytes()[:100_000]
    in_file, at = [], raw.find(b"CHAP")
    while at >= 0:
        element = raw[at + 10:raw.index(b"\x00", at + 10)]  # after the 10-byte ID3v2.3 frame header
        in_file.append(element.decode("latin-1"))
        at = raw.find(b"CHAP", at + 10)
    assert in_file == toc.child_element_ids
    assert tags["TIT2"].text == ["Alice’s Adventures"] and tags["TALB"].text == ["Alice’s Adventures"]
    assert tags["TPE1"].text == ["Lewis Carroll"] and tags["TCON"].text == ["Audiobook"]
    assert tags["TLAN"].text == ["eng"]  # ISO 639-2, as ID3 wants
    assert tags.getall("APIC")[0].data == cover_jpeg


def test_opus_chapter_comments_and_tags(exported_opus, cover_jpeg):
    fmt, dest, _ = exported_opus
    tags = OggOpus(dest).tags
    for number, mark in enumerate(expected_marks(), start=1):
        assert tags[f"CHAPTER{number:03d}"] == [chapter_time(mark.start_ms)]
        assert tags[f"CHAPTER{number:03d}NAME"] == [mark.title]
    assert tags["TITLE"] == ["Alice’s Adventures"] and tags["ARTIST"] == ["Lewis Carroll"]
    assert tags["ALBUM"] == ["Alice’s Adventures"] and tags["GENRE"] == ["Audiobook"]
    picture = Picture(base64.b64decode(tags["METADATA_BLOCK_PICTURE"][0]))
    assert picture.data == cover_jpeg and picture.mime == "image/jpeg" and picture.type == 3


def test_chapter_time_keeps_milliseconds():
    assert chapter_time(0) == "00:00:00.000"
    assert chapter_time(3_723_999) == "01:02:03.999"
    assert chapter_time(1500) == "00:00:01.500"  # ffmpeg's writer would round this to 2 s


def test_png_cover_is_tagged_as_png(tmp_path):
    png = tmp_path / "c.png"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=16x16", "-frames:v", "1",
                    str(png)], check=True)
    dest = tmp_path / "b.m4b"
    get_exporter("m4b").export(book(), RATE, metadata(png.read_bytes()), dest)
    assert MP4(dest).tags["covr"][0].imageformat == 14  # MP4Cover.FORMAT_PNG
    dest = tmp_path / "b.mp3"
    get_exporter("mp3").export(book(), RATE, metadata(png.read_bytes()), dest)
    assert ID3(dest).getall("APIC")[0].mime == "image/png"


def test_cover_that_is_not_an_image_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="neither JPEG nor PNG"):
        get_exporter("m4b").export(book(), RATE, metadata(b"GIF89a..."), tmp_path / "b.m4b")
    assert os.listdir(tmp_path) == []


# --- atomic writes and errors ---------------------------------------------------

def failing_book():
    yield ChapterAudio("One", iter([tone(1.0)]))

    def broken():
        yield tone(0.5)
        raise RuntimeError("engine crashed mid-chapter")
    yield ChapterAudio("Two", broken())


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_mid_stream_leaves_nothing_and_keeps_the_old_file(tmp_path, fmt):
    dest = tmp_path / f"Book.{fmt}"
    with pytest.raises(RuntimeError, match="engine crashed"):
        get_exporter(fmt).export(failing_book(), RATE, metadata(), dest)
    assert os.listdir(tmp_path) == []
    dest.write_bytes(b"previous version")
    with pytest.raises(RuntimeError):
        get_exporter(fmt).export(failing_book(), RATE, metadata(), dest)
    assert os.listdir(tmp_path) == [dest.name] and dest.read_bytes() == b"previous version"


def test_ffmpeg_failure_is_a_user_error_quoting_ffmpeg(tmp_path):
    with pytest.raises(UserError, match="ffmpeg failed while encoding MP3") as caught:
        get_exporter("mp3", bitrate="not-a-rate").export(book(), RATE, metadata(), tmp_path / "b.mp3")
    assert "not-a-rate" in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_missing_ffmpeg_is_a_dependency_error_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DependencyError, match="apt-get install -y ffmpeg"):
        get_exporter("m4b").export(book(), RATE, metadata(), tmp_path / "b.m4b")
    assert os.listdir(tmp_path) == []


def test_missing_output_folder_and_empty_book_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        get_exporter("m4b").export(book(), RATE, metadata(), tmp_path / "nope" / "b.m4b")
    with pytest.raises(UserError, match="no spoken text"):
        get_exporter("m4b").export(iter([ChapterAudio("Empty", iter([]))]), RATE, metadata(), tmp_path / "b.m4b")
    assert os.listdir(tmp_path) == []


def test_disk_full_messages():
    err = ffmpeg.failure("encoding M4B", Path("/x/Book.m4b"), "Error writing trailer: No space left on device")
    assert "disk full" in str(err) and "/x" in str(err)
    err = ffmpeg.os_error(OSError(28, "No space left on device"), Path("/x/Book.m4b"))
    assert "disk full" in str(err)


def test_unknown_format_is_a_user_error():
    with pytest.raises(UserError, match="m4b, mp3, opus"):
        get_exporter("wav")


# --- parts -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_split_hours_makes_parts_at_chapter_boundaries(tmp_path, fmt):
    titles = ["A", "B", "C (longer than a part)", "D", "E"]
    seconds = [1.5, 2.0, 6.0, 1.0, 1.0]
    dest = tmp_path / f"Book.{fmt}"
    parts = get_exporter(fmt).export(book(seconds, titles), RATE, metadata(), dest, split_hours=4 / 3600)
    assert [p.path for p in parts] == [part_path(dest, i) for i in (1, 2, 3)]
    assert sorted(os.listdir(tmp_path)) == sorted(p.path.name for p in parts)
    assert [[m.title for m in p.chapters] for p in parts] == [["A", "B"], ["C (longer than a part)"], ["D", "E"]]
    assert [p.start_ms for p in parts] == [0, 3500, 9500]
    for part in parts:
        probed = ffprobe(part.path)
        assert [c["tags"]["title"] for c in probed["chapters"]] == [m.title for m in part.chapters]
        assert [round(float(c["start_time"]) * 1000) for c in probed["chapters"]] == \
            [m.start_ms for m in part.chapters]
        assert part.chapters[0].start_ms == 0
    assert mutagen.File(parts[1].path, easy=True)["title"] == ["Alice’s Adventures (Part 2 of 3)"]


def test_split_not_needed_writes_the_plain_name(tmp_path):
    dest = tmp_path / "Book.m4b"
    parts = get_exporter("m4b").export(book(), RATE, metadata(), dest, split_hours=1)
    assert [p.path for p in parts] == [dest] and os.listdir(tmp_path) == ["Book.m4b"]
    assert MP4(dest).tags["©nam"] == ["Alice’s Adventures"]


def test_split_hours_must_be_positive(tmp_path):
    with pytest.raises(UserError, match="split-hours"):
        get_exporter("m4b").export(book(), RATE, metadata(), tmp_path / "b.m4b", split_hours=0)


def test_required_tools_are_installed():
    for tool in ("ffmpeg", "ffprobe", "mpv"):
        assert shutil.which(tool), tool


def test_temp_files_of_a_killed_build_are_cleared_by_the_next(tmp_path):
    import subprocess as sp

    from audiobook.exporters import ffmpeg

    dest = tmp_path / "book.m4b"
    dead = sp.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".book.m4b.{dead.pid}-abc.m4a"
    stale.write_bytes(b"partial")
    mine = ffmpeg.temp_beside(dest, ".pcm")  # this live process's own temp stays
    other = tmp_path / ".other.m4b.1-x.m4a"
    other.write_bytes(b"not ours")
    assert ffmpeg.remove_stale_temps(dest) == 1
    assert not stale.exists() and mine.exists() and other.exists()


# --- chapters encoded one by one, then joined without re-encoding (join.py) ---

def encode_each(fmt: str, dest: Path, seconds=SECONDS, titles=TITLES, jobs: int = 2):
    from audiobook.exporters.join import ChapterEncoder, EncodedChapter, spool_chapter

    exporter = get_exporter(fmt)
    encoder = ChapterEncoder(exporter, RATE, dest, jobs=jobs)
    done = {}
    for i, chapter in enumerate(book(seconds, titles)):
        spool, gain = spool_chapter(chapter.chunks, dest)
        out = dest.with_name(f"chapter{i}{exporter.chapter_suffix}")
        encoder.submit(spool, gain, out,
                       lambda us, i=i, out=out, title=chapter.title: done.__setitem__(i, EncodedChapter(title, out, us)))
    encoder.wait()
    return exporter, [done[i] for i in range(len(done))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_joined_chapters_start_where_the_encoded_chapters_end(tmp_path, fmt):
    from audiobook.exporters.join import join_chapters, probe_duration_us

    dest = tmp_path / f"book.{fmt}"
    exporter, chapters = encode_each(fmt, dest)
    for chapter, length in zip(chapters, SECONDS):  # a chapter grows by at most its codec's priming + a frame
        assert length * 1e6 <= chapter.duration_us <= length * 1e6 + 150_000
    [part] = join_chapters(exporter, chapters, Metadata(title="Joined"), dest)
    total = sum(c.duration_us for c in chapters)
    assert abs(probe_duration_us(dest) - total) <= 10_000, "the joined file lasts as long as its chapters"
    starts, start = [], 0
    for chapter in chapters:
        starts.append((start + 500) // 1000)
        start += chapter.duration_us
    assert [m.start_ms for m in part.chapters] == starts
    assert [m.title for m in part.chapters] == TITLES
    info = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", str(dest)],
                                     capture_output=True, check=True).stdout)
    if fmt != "opus":  # Opus chapters are Vorbis comments, which ffprobe does not list
        assert [round(float(c["start_time"]) * 1000) for c in info["chapters"]] == starts
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary files left"


def test_join_groups_whole_chapters_into_parts(tmp_path):
    from audiobook.exporters.join import group_parts, join_chapters

    dest = tmp_path / "book.m4b"
    exporter, chapters = encode_each("m4b", dest)
    groups = group_parts(chapters, split_hours=2.5 / 3600)
    assert [[c.title for c in g] for g in groups] == [[TITLES[0]], [TITLES[1]], [TITLES[2]]]
    assert group_parts(chapters, None) == [chapters]
    parts = join_chapters(exporter, chapters, Metadata(title="Split"), dest, split_hours=4.0 / 3600)
    assert [p.path.name for p in parts] == ["book - Part 1.m4b", "book - Part 2.m4b"]
    assert [[m.title for m in p.chapters] for p in parts] == [TITLES[:2], TITLES[2:]]
    assert parts[1].start_ms == (chapters[0].duration_us + chapters[1].duration_us + 500) // 1000


def test_chapter_cache_entries_are_whole_or_missing(tmp_path):
    from audiobook.chapter_cache import ChapterCache, chapter_key

    cache = ChapterCache(tmp_path)
    key = chapter_key({"segments": [["k", "narration", None, "N", "Hello."]]})
    assert key != chapter_key({"segments": [["k", "narration", None, "N", "Hello!"]]})
    block_key = chapter_key({"pcm": "00"})
    assert cache.get_block(block_key, ".aac") is None
    encoded = cache.temp_path(block_key, ".aac")
    encoded.write_bytes(b"\xff\xf1" * 50)
    block = cache.commit_block(block_key, ".aac", encoded, 123_456)
    assert not encoded.exists()
    assert cache.get_block(block_key, ".aac") == block
    assert cache.get_chapter(key, ".aac") is None
    cache.put_chapter(key, "One", [block_key], [(500, 900, "Narrator", "Hello.")])
    chapter = cache.get_chapter(key, ".aac")
    assert chapter.blocks == (block,) and chapter.cues == [(500, 900, "Narrator", "Hello.")]
    assert chapter.duration_us == 123_456 and chapter.title == "One"
    block.path.write_bytes(b"\xff\xf1" * 49)  # another writer's audio: not this description's
    assert cache.get_block(block_key, ".aac") is None and cache.get_chapter(key, ".aac") is None
    entry = block

    stale = entry.path.with_name(".tmp-999999999-abc.aac")  # no such process: a killed build's
    stale.write_bytes(b"x")
    mine = cache.temp_path(key, ".aac")
    mine.write_bytes(b"x")
    assert cache.remove_stale_temps() == 1
    assert not stale.exists() and mine.exists()
