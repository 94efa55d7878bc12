"""The streaming MP4 writer: ADTS parsing and box layout (fast, synthetic frames),
then the real thing against ffmpeg's own remux of the same AAC (ffmpeg, ffprobe,
mutagen, mpv)."""
from __future__ import annotations

import json
import struct
import subprocess
from array import array
from io import BytesIO
from pathlib import Path

import pytest
from mutagen.mp4 import MP4

from audiobook.exporters.adts import AacFormat, AacTrack, AdtsError, duration_us, scan_adts
from audiobook.exporters.mp4_writer import (FRAMES_PER_CHUNK, UINT32_MAX, Box, chapter_text_samples,
                                            layout_movie, nero_chapters, write_m4b)
from audiobook.model import ChapterMark

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"udta", b"edts", b"dinf", b"tref"}


def adts_frame(payload: bytes, *, crc: bool = False, blocks: int = 1, rate_index: int = 7,
               channels: int = 1, profile: int = 1) -> bytes:
    header = 9 if crc else 7
    length = header + len(payload)
    fields = bytes([0xFF, 0xF0 | (0 if crc else 1), (profile << 6) | (rate_index << 2) | (channels >> 2),
                    ((channels & 3) << 6) | (length >> 11), (length >> 3) & 0xFF, ((length & 7) << 5) | 0x1F,
                    0xFC | (blocks - 1)])
    return fields + (b"\xAB\xCD" if crc else b"") + payload


def boxes(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, list[tuple[int, bytes]]]:
    """Every box under [start, end), by path ``b"moov/trak/..."``: (offset, body)."""
    found: dict[bytes, list[tuple[int, bytes]]] = {}

    def walk(pos: int, stop: int, prefix: bytes) -> None:
        while pos < stop:
            size, kind = struct.unpack(">I4s", data[pos:pos + 8])
            header = 8
            if size == 1:
                size, header = struct.unpack(">Q", data[pos + 8:pos + 16])[0], 16
            path = prefix + kind
            found.setdefault(path, []).append((pos, data[pos + header:pos + size]))
            if kind in CONTAINERS:
                walk(pos + header, pos + size, path + b"/")
            elif kind == b"meta":
                walk(pos + header + 4, pos + size, path + b"/")
            pos += size

    walk(start, len(data) if end is None else end, b"")
    return found


def table(body: bytes, columns: int, skip: int = 4, wide: bool = False) -> list[tuple[int, ...]]:
    count = struct.unpack(">I", body[skip:skip + 4])[0]
    code = "Q" if wide else "I"
    flat = struct.unpack(f">{count * columns}{code}", body[skip + 4:skip + 4 + count * columns * (8 if wide else 4)])
    return [flat[i:i + columns] for i in range(0, len(flat), columns)]


# --- ADTS ------------------------------------------------------------------------

def test_scan_strips_headers_and_crcs_and_reads_the_format(tmp_path):
    first, second = tmp_path / "a.aac", tmp_path / "b.aac"
    first.write_bytes(adts_frame(b"x" * 10) + adts_frame(b"y" * 3, crc=True))
    second.write_bytes(adts_frame(b"z" * 300))
    track = scan_adts([first, second])
    assert list(track.sizes) == [10, 3, 300]
    assert track.format == AacFormat(profile=1, rate_index=7, channels=1) and track.format.sample_rate == 22050
    assert track.samples == 3 * 1024
    assert duration_us(first) == round(2 * 1024 / 22050 * 1e6)


def test_audio_specific_config():
    assert AacFormat(1, 7, 1).audio_specific_config() == b"\x13\x88"  # LC, 22050 Hz, mono (as ffmpeg writes)
    assert AacFormat(1, 4, 2).audio_specific_config() == b"\x12\x10"  # LC, 44100 Hz, stereo


@pytest.mark.parametrize("data, message", [
    (adts_frame(b"x" * 5, blocks=2), "2 raw data blocks"),
    (adts_frame(b"x" * 5) + adts_frame(b"x" * 5, rate_index=3), "differs"),
    (adts_frame(b"x" * 5, channels=0), "channel configuration 0"),
    (adts_frame(b"x" * 5, rate_index=13), "reserved ADTS sample rate"),
    (adts_frame(b"x" * 50)[:30], "truncated"),
    (adts_frame(b"x" * 5) + b"ID3 not audio", "not an ADTS frame at byte 12"),
    (b"", "no AAC frames"),
])
def test_scan_refuses_what_it_cannot_carry(tmp_path, data, message):
    path = tmp_path / "bad.aac"
    path.write_bytes(data)
    with pytest.raises(AdtsError, match=message):
        scan_adts([path])


# --- box layout ------------------------------------------------------------------

def write_synthetic(tmp_path, frames: int, chapters, **options) -> tuple[bytes, list[bytes]]:
    payloads = [bytes([i % 251]) * (5 + i % 17) for i in range(frames)]
    piece = tmp_path / "in.aac"
    piece.write_bytes(b"".join(adts_frame(p, crc=i % 3 == 0) for i, p in enumerate(payloads)))
    out = tmp_path / "out.m4b"
    write_m4b([piece], out, chapters, **options)
    return out.read_bytes(), payloads


def test_faststart_layout_sample_tables_point_at_the_payloads(tmp_path):
    frames = 2 * FRAMES_PER_CHUNK + 7
    marks = [ChapterMark("One", 0, 3000), ChapterMark("Twö", 3000, 6200)]
    data, payloads = write_synthetic(tmp_path, frames, marks)
    found = boxes(data)
    assert [kind for kind in found if b"/" not in kind] == [b"ftyp", b"moov", b"mdat"]
    assert found[b"ftyp"][0][1] == b"M4B \x00\x00\x02\x00M4B M4A mp42isom"
    audio, text = found[b"moov/trak/mdia/minf/stbl/stsz"]
    assert table(audio[1], 1, skip=8) == [(len(p),) for p in payloads]
    assert table(found[b"moov/trak/mdia/minf/stbl/stts"][0][1], 2) == [(frames, 1024)]
    assert table(found[b"moov/trak/mdia/minf/stbl/stsc"][0][1], 3) == [(1, FRAMES_PER_CHUNK, 1), (3, 7, 1)]
    offsets = [o for (o,) in table(found[b"moov/trak/mdia/minf/stbl/stco"][0][1], 1)]
    assert len(offsets) == 3
    for chunk, offset in enumerate(offsets):  # each chunk's frames sit back to back at its offset
        first = chunk * FRAMES_PER_CHUNK
        expected = b"".join(payloads[first:first + FRAMES_PER_CHUNK])
        assert data[offset:offset + len(expected)] == expected
    # the chapter track's text samples, at its own chunk offset
    (text_offset,), = table(found[b"moov/trak/mdia/minf/stbl/stco"][1][1], 1)
    assert data[text_offset:text_offset + 5] == b"\x00\x03One"
    assert table(found[b"moov/trak/mdia/minf/stbl/stts"][1][1], 2) == [(1, 3000), (1, 3200)]
    chap = found[b"moov/trak/tref/chap"][0][1]
    assert chap == struct.pack(">I", 2)
    mdat_offset, mdat = found[b"mdat"][0]
    assert mdat_offset > found[b"moov"][0][0] and data.endswith(payloads[-1])
    assert len(mdat) == len(chapter_bytes(marks)) + sum(map(len, payloads))
    elst = found[b"moov/trak/edts/elst"][0][1]
    assert struct.unpack(">IIiI", elst[4:20]) == (1, -(-frames * 1024 * 1000 // 22050), 0, 0x10000)


def chapter_bytes(marks) -> bytes:
    return b"".join(sample for _, sample in chapter_text_samples(marks))


def test_priming_is_hidden_by_the_edit_list(tmp_path):
    data, _ = write_synthetic(tmp_path, 40, [ChapterMark("A", 0, 1800)], priming=1024)
    elst = boxes(data)[b"moov/trak/edts/elst"][0][1]
    assert struct.unpack(">IIiI", elst[4:20]) == (1, -(-39 * 1024 * 1000 // 22050), 1024, 0x10000)
    data, _ = write_synthetic(tmp_path, 40, [ChapterMark("A", 0, 1800)], priming=1024, end_ms=1790)
    elst = boxes(data)[b"moov/trak/edts/elst"][0][1]
    assert struct.unpack(">IIiI", elst[4:20]) == (1, 1790, 1024, 0x10000)  # the last frame's padding cut
    with pytest.raises(AdtsError, match="priming"):
        write_synthetic(tmp_path, 1, [ChapterMark("A", 0, 40)], priming=1024)


def test_tag_room_is_an_empty_tag_list_then_free_space(tmp_path):
    data, _ = write_synthetic(tmp_path, 3, [ChapterMark("A", 0, 130)], tag_room=5000)
    found = boxes(data)
    assert found[b"moov/udta/meta/ilst"][0][1] == b""
    assert found[b"moov/udta/meta/free"][0][1] == bytes(5000)


def test_tags_fit_in_the_room_left_for_them_without_moving_the_audio(tmp_path):
    from audiobook.exporters.m4b import tag_room, write_tags
    from audiobook.model import Metadata

    metadata = Metadata(title="T" * 300, author="Ä", narrator="N", year="1900", description="D" * 2000,
                        cover=b"\xff\xd8" + bytes(30_000))
    marks = [ChapterMark("A", 0, 100)]
    data, payloads = write_synthetic(tmp_path, 3, marks, tag_room=tag_room(metadata))
    out = tmp_path / "out.m4b"
    write_tags(out, metadata)
    tagged = out.read_bytes()
    assert len(tagged) == len(data) and tagged.endswith(b"".join(payloads))  # rewritten in place
    assert MP4(out).tags["desc"] == ["D" * 2000] and len(bytes(MP4(out).tags["covr"][0])) == 30_002


def test_no_chapters_means_no_chapter_track(tmp_path):
    data, _ = write_synthetic(tmp_path, 3, [])
    found = boxes(data)
    assert len(found[b"moov/trak"]) == 1 and b"moov/trak/tref" not in found and b"moov/udta/chpl" not in found


def test_offsets_past_4_gib_use_co64_and_a_64_bit_mdat():
    """Laid out, not written: 5000 frames of 1 MiB put the last chunks past 4 GiB."""
    sizes = array("I", [1 << 20]) * 5000
    layout = layout_movie(AacTrack(AacFormat(1, 7, 1), sizes), [ChapterMark("A", 0, 232_200)])
    head = BytesIO()
    layout.write_head(head)
    data = head.getvalue()
    found = boxes(data, 0, 8 + layout.moov.nbytes + 32)  # ftyp + moov
    assert b"moov/trak/mdia/minf/stbl/co64" in found
    assert layout.mdat_header[:8] == struct.pack(">I4s", 1, b"mdat")
    assert struct.unpack(">Q", layout.mdat_header[8:])[0] == 16 + len(layout.texts) + 5000 * (1 << 20)
    offsets = [o for (o,) in table(found[b"moov/trak/mdia/minf/stbl/co64"][0][1], 1, wide=True)]
    first = len(data)
    assert offsets == [first + i * FRAMES_PER_CHUNK * (1 << 20) for i in range(-(-5000 // FRAMES_PER_CHUNK))]
    assert offsets[-1] > UINT32_MAX
    assert layout.moov.nbytes == len(layout.moov.to_bytes())


def test_a_box_over_4_gib_gets_a_64_bit_size():
    class Huge:
        nbytes = UINT32_MAX

    box = Box(b"mdat", Huge())
    assert box.large and box.nbytes == UINT32_MAX + 16


def test_chapter_samples_and_nero_chapters():
    marks = [ChapterMark("A", 500, 1000), ChapterMark("B", 1000, 1500)]
    assert [d for d, _ in chapter_text_samples(marks)] == [500, 500, 500]  # untitled lead-in first
    with pytest.raises(ValueError, match="out of order"):
        chapter_text_samples([ChapterMark("B", 1000, 1500), ChapterMark("A", 500, 1000)])
    many = [ChapterMark("é" * 200, i * 10, i * 10 + 10) for i in range(300)]
    body = nero_chapters(many).to_bytes()[8:]
    assert body[:4] == b"\x01\x00\x00\x00" and body[8] == 255  # one count byte: the first 255 chapters
    title_len = body[9 + 8]
    assert title_len == 254 and body[18:18 + title_len].decode() == "é" * 127  # cut on a character boundary


# --- against ffmpeg's remux, with the real tools -------------------------------------

def encode_adts(path: Path, seconds: float, freq: int) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=f={freq}:d={seconds}",
                    "-c:a", "aac", "-aac_coder", "fast", "-b:a", "64k", "-ar", "22050", "-ac", "1", "-f", "adts",
                    str(path)], check=True)


def ffmpeg_remux(pieces: list[Path], chapters: list[ChapterMark], out: Path) -> None:
    """What the M4B exporter did before this writer: concatenate, remux with FFMETADATA chapters."""
    joined, meta = out.with_suffix(".aac"), out.with_suffix(".ffmeta")
    joined.write_bytes(b"".join(p.read_bytes() for p in pieces))
    meta.write_text(";FFMETADATA1\n" + "".join(f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={m.start_ms}\nEND={m.end_ms}\n"
                                                f"title={m.title}\n" for m in chapters), encoding="utf-8")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(joined), "-f", "ffmetadata", "-i", str(meta),
                    "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-f", "mp4",
                    "-brand", "M4B ", "-movflags", "+faststart", str(out)], check=True)


def probe(path: Path) -> dict:
    return json.loads(subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_chapters", "-show_format",
                                      "-show_streams", str(path)], check=True, capture_output=True).stdout)


def decoded(path: Path) -> bytes:
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "s16le", "-"],
                          check=True, capture_output=True)
    assert done.stderr == b"", done.stderr
    return done.stdout


@pytest.mark.e2e
def test_same_audio_and_chapters_as_ffmpegs_remux(tmp_path):
    from test_exporters import mpv_chapters

    pieces = [tmp_path / f"{i}.aac" for i in range(3)]
    for piece, seconds, freq in zip(pieces, (2.5, 1.2, 3.1), (300, 450, 600)):
        encode_adts(piece, seconds, freq)
    titles = ["Prologue", "Ünïcode — “quotes” 章", "The End"]
    marks, start = [], 0
    for title, piece in zip(titles, pieces):
        end = start + duration_us(piece)
        marks.append(ChapterMark(title, (start + 500) // 1000, (end + 500) // 1000))
        start = end
    ours, theirs = tmp_path / "ours.m4b", tmp_path / "theirs.m4b"
    write_m4b(pieces, ours, marks)
    ffmpeg_remux(pieces, marks, theirs)
    mine, ref = probe(ours), probe(theirs)
    assert abs(float(mine["format"]["duration"]) - float(ref["format"]["duration"])) <= 1024 / 22050
    assert (mine["streams"][0]["codec_name"], mine["streams"][0]["sample_rate"]) == ("aac", "22050")
    assert [s["codec_tag_string"] for s in mine["streams"]] == ["mp4a", "text"]
    assert [c["tags"]["title"] for c in mine["chapters"]] == titles == [c["tags"]["title"] for c in ref["chapters"]]
    for a, b in zip(mine["chapters"], ref["chapters"]):
        assert abs(float(a["start_time"]) - float(b["start_time"])) <= 0.001
        assert abs(float(a["end_time"]) - float(b["end_time"])) <= 0.001
    assert decoded(ours) == decoded(theirs)
    assert [(round(c.start * 1000), c.title) for c in MP4(ours).chapters] == [(m.start_ms, m.title) for m in marks]
    assert [title for title, _ in mpv_chapters(ours)] == titles


def test_the_audio_track_is_tagged_with_the_books_language(tmp_path):
    from audiobook.language import iso639_2

    piece = tmp_path / "a.aac"
    encode_adts(piece, 0.5, 440)
    for language, tagged in (("fr-FR", "fra"), ("en", "eng"), (None, "eng"), ("xx", "und")):
        out = tmp_path / f"{tagged}.m4b"
        write_m4b([piece], out, [ChapterMark("One", 0, 500)], language=iso639_2(language))
        assert probe(out)["streams"][0]["tags"]["language"] == tagged
