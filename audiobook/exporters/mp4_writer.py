"""A streaming MP4 (M4B) writer for AAC: ADTS files in, one faststart MP4 out.

ffmpeg's MP4 muxer keeps an index entry per frame in memory (~115 MB at 6 h
of audio, ~195 MB at 18 h); here the only per-frame state is each frame's
payload size in an ``array('I')`` (4 bytes a frame, ~7.5 MB at 24 h of
22.05 kHz audio).  Two passes over the ADTS files: the first collects the
frame sizes, so the whole ``moov`` (and so where ``mdat`` starts) is known
before any audio is written; the second streams the frames' payloads into
``mdat`` without their ADTS headers.

The boxes are the ones ffmpeg writes when remuxing ADTS with chapters
(``-c copy -f mp4 -movflags +faststart``): one audio track, chapters as both
a QuickTime chapter text track (``tref/chap`` from the audio track, its text
samples at the start of ``mdat``) and a Nero ``moov/udta/chpl`` box, so the
players that read either kind see the same chapters.
"""
from __future__ import annotations

import io
import struct
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

from ..model import ChapterMark
from .adts import READ_BLOCK, SAMPLES_PER_FRAME, AacTrack, AdtsError, adts_frames, scan_adts

FRAMES_PER_CHUNK = 64  # frames per stco chunk: ~3 s at 22.05 kHz, a small moov even at 24 h
MOVIE_TIMESCALE = 1000  # ms, as ffmpeg writes
CHAPTER_TIMESCALE = 1000
INT32_MAX = 0x7FFFFFFF
UINT32_MAX = 0xFFFFFFFF
UNIT_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


# --- boxes ----------------------------------------------------------------------

class Box:
    """An MP4 box whose size is known before it is written; parts are bytes,
    boxes, or tables with ``nbytes`` and ``write(out)`` (written lazily)."""

    def __init__(self, kind: bytes, *parts):
        self.kind, self.parts = kind, parts
        body = sum(len(p) if isinstance(p, bytes) else p.nbytes for p in parts)
        self.large = body + 8 > UINT32_MAX
        self.nbytes = body + (16 if self.large else 8)

    def write(self, out: BinaryIO) -> None:
        out.write(struct.pack(">I4sQ", 1, self.kind, self.nbytes) if self.large
                  else struct.pack(">I4s", self.nbytes, self.kind))
        for part in self.parts:
            out.write(part) if isinstance(part, bytes) else part.write(out)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.write(buffer)
        return buffer.getvalue()


def full_box(kind: bytes, version: int, flags: int, *parts) -> Box:
    return Box(kind, struct.pack(">I", (version << 24) | flags), *parts)


class SampleSizeTable:
    """stsz entries, written from the size array in slices (no second copy of it)."""

    def __init__(self, sizes: array):
        self.sizes, self.nbytes = sizes, 4 * len(sizes)

    def write(self, out: BinaryIO) -> None:
        for start in range(0, len(self.sizes), 1 << 16):
            part = self.sizes[start:start + (1 << 16)]
            if sys.byteorder == "little":
                part.byteswap()
            out.write(part.tobytes())


class ChunkOffsetTable:
    """stco/co64 entries: chunks of ``FRAMES_PER_CHUNK`` frames laid out back to back from ``first``."""

    def __init__(self, sizes: array, first: int, wide: bool):
        self.sizes, self.first, self.wide = sizes, first, wide
        self.count = -(-len(sizes) // FRAMES_PER_CHUNK)
        self.nbytes = (8 if wide else 4) * self.count

    def offsets(self) -> Iterator[int]:
        offset = self.first
        for start in range(0, len(self.sizes), FRAMES_PER_CHUNK):
            yield offset
            offset += sum(self.sizes[start:start + FRAMES_PER_CHUNK])

    def write(self, out: BinaryIO) -> None:
        code, batch = (">Q" if self.wide else ">I"), []
        for offset in self.offsets():
            batch.append(offset)
            if len(batch) == 4096:
                out.write(struct.pack(f"{code[0]}{len(batch)}{code[1]}", *batch))
                batch = []
        if batch:
            out.write(struct.pack(f"{code[0]}{len(batch)}{code[1]}", *batch))

    def last_offset(self) -> int:
        return self.first + sum(self.sizes) - sum(self.sizes[(self.count - 1) * FRAMES_PER_CHUNK:])


def _version(*values: int) -> int:
    """Box version 1 (64-bit times) only when a value does not fit (as ffmpeg decides)."""
    return 1 if max(values) > INT32_MAX else 0


def _times(version: int, *values: int) -> bytes:
    return struct.pack(f">{len(values)}{'Q' if version else 'I'}", *values)


def _descriptor(tag: int, body: bytes) -> bytes:
    """An MPEG-4 descriptor with the 4-byte length form ffmpeg writes."""
    n = len(body)
    return bytes([tag, 0x80 | (n >> 21) & 0x7F, 0x80 | (n >> 14) & 0x7F, 0x80 | (n >> 7) & 0x7F, n & 0x7F]) + body


def _handler(kind: bytes, name: str) -> Box:
    return full_box(b"hdlr", 0, 0, struct.pack(">I4s12x", 0, kind), name.encode() + b"\0")


def _track_header(track_id: int, flags: int, duration: int, group: int, volume: int) -> Box:
    version = _version(duration)
    return full_box(b"tkhd", version, flags, _times(version, 0, 0), struct.pack(">II", track_id, 0),
                    _times(version, duration), struct.pack(">8xHHHH", 0, group, volume, 0), UNIT_MATRIX,
                    struct.pack(">II", 0, 0))


def _edit_list(duration: int, media_time: int) -> Box:
    version = _version(duration, media_time)
    entry = struct.pack(">Qq" if version else ">Ii", duration, media_time) + struct.pack(">I", 0x10000)
    return Box(b"edts", full_box(b"elst", version, 0, struct.pack(">I", 1), entry))


def _media_header(timescale: int, duration: int, language: int) -> Box:
    version = _version(duration)
    return full_box(b"mdhd", version, 0, _times(version, 0, 0), struct.pack(">I", timescale),
                    _times(version, duration), struct.pack(">HH", language, 0))


def _data_info() -> Box:
    return Box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1)))


def _table(kind: bytes, rows: list[tuple[int, ...]]) -> Box:
    return full_box(kind, 0, 0, struct.pack(">I", len(rows)), b"".join(struct.pack(f">{len(r)}I", *r) for r in rows))


def _time_to_sample(durations: Sequence[int]) -> Box:
    runs: list[list[int]] = []
    for duration in durations:
        if runs and runs[-1][1] == duration:
            runs[-1][0] += 1
        else:
            runs.append([1, duration])
    return _table(b"stts", [tuple(run) for run in runs])


def _ms_up(samples: int, rate: int) -> int:
    return -(-samples * MOVIE_TIMESCALE // rate)


UTF8_TEXT = struct.pack(">I4sI", 12, b"encd", 0x100)  # QuickTime text sample modifier: UTF-8
# ffmpeg's chapter track sample description: display flags, justification, colours,
# text box, one style record, and a font table with font 1 (unnamed).
TEXT_SAMPLE_ENTRY = (struct.pack(">IHI", 1, 0, 0) + bytes(8) + struct.pack(">IHHI", 0, 1, 0, 0)
                     + struct.pack(">I4sHHB", 13, b"ftab", 1, 1, 0))
LANGUAGE_UND = 0x55C4  # ISO 639-2 "und", packed as three 5-bit letters


def packed_language(code: str) -> int:
    """An ISO 639-2/T code ("eng", "fra") as the media header packs it; "und" for anything else."""
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        return LANGUAGE_UND
    a, b, c = (ord(ch) - 0x60 for ch in code.lower())
    return (a << 10) | (b << 5) | c


def _truncate_utf8(text: str, limit: int) -> bytes:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").encode("utf-8")


def chapter_text_samples(chapters: Sequence[ChapterMark]) -> list[tuple[int, bytes]]:
    """(duration in ms, text sample) for the chapter track: each chapter lasts until the next
    starts; a chapter list that does not start at 0 gets an untitled first sample."""
    samples: list[tuple[int, bytes]] = []
    if chapters and chapters[0].start_ms > 0:
        samples.append((chapters[0].start_ms, b"\0\0" + UTF8_TEXT))
    for mark, following in zip(chapters, [*chapters[1:], None]):
        end = following.start_ms if following else mark.end_ms
        if end <= mark.start_ms:
            raise ValueError(f"chapter {mark.title!r} ends before it starts or the chapters are out of order")
        title = _truncate_utf8(mark.title, 0xFFFF)
        samples.append((end - mark.start_ms, struct.pack(">H", len(title)) + title + UTF8_TEXT))
    return samples


def nero_chapters(chapters: Sequence[ChapterMark]) -> Box:
    """``chpl``: start times in 100 ns units; its count is one byte, so at most 255 chapters
    (the QuickTime chapter track has them all)."""
    entries = b""
    for mark in chapters[:255]:
        title = _truncate_utf8(mark.title, 255)
        entries += struct.pack(">QB", mark.start_ms * 10_000, len(title)) + title
    return full_box(b"chpl", 1, 0, struct.pack(">IB", 0, min(len(chapters), 255)), entries)


def _audio_track(track: AacTrack, chunks: ChunkOffsetTable, has_chapters: bool, edit: tuple[int, int],
                 language: int = LANGUAGE_UND) -> Box:
    fmt, frames = track.format, len(track.sizes)
    rate, payload = fmt.sample_rate, sum(track.sizes)
    bit_rate = payload * 8 * rate // track.samples  # ffmpeg writes the average as the maximum too
    esds = full_box(b"esds", 0, 0, _descriptor(3, struct.pack(">HB", 1, 0) + _descriptor(
        4, struct.pack(">BB3xII", 0x40, 0x15, bit_rate, bit_rate) + _descriptor(5, fmt.audio_specific_config()))
        + _descriptor(6, b"\x02")))
    # ffmpeg writes 2 channels and 16 bits in the mp4a entry (the reserved template values);
    # decoders take the layout from the AudioSpecificConfig
    entry = Box(b"mp4a", bytes(6), struct.pack(">H8xHHHHI", 1, 2, 16, 0, 0, rate << 16 if rate <= 0xFFFF else 0),
                esds, Box(b"btrt", struct.pack(">III", 0, bit_rate, bit_rate)))
    last = frames - (chunks.count - 1) * FRAMES_PER_CHUNK
    chunk_rows = [(1, min(frames, FRAMES_PER_CHUNK), 1)] + ([(chunks.count, last, 1)] if last != FRAMES_PER_CHUNK
                                                            and chunks.count > 1 else [])
    sample_table = Box(
        b"stbl", full_box(b"stsd", 0, 0, struct.pack(">I", 1), entry),
        _table(b"stts", [(frames, SAMPLES_PER_FRAME)]), _table(b"stsc", chunk_rows),
        full_box(b"stsz", 0, 0, struct.pack(">II", 0, frames), SampleSizeTable(track.sizes)),
        full_box(b"co64" if chunks.wide else b"stco", 0, 0, struct.pack(">I", chunks.count), chunks),
        # every AAC frame needs the one before it decoded first (what ffmpeg declares)
        full_box(b"sgpd", 1, 0, struct.pack(">4sIIh", b"roll", 2, 1, -1)),
        full_box(b"sbgp", 0, 0, struct.pack(">4sIII", b"roll", 1, frames, 1)))
    priming, shown = edit
    return Box(b"trak", _track_header(1, 3, shown, 1, 0x0100), _edit_list(shown, priming),
               *([Box(b"tref", Box(b"chap", struct.pack(">I", 2)))] if has_chapters else []),
               Box(b"mdia", _media_header(rate, track.samples, language), _handler(b"soun", "SoundHandler"),
                   Box(b"minf", full_box(b"smhd", 0, 0, bytes(4)), _data_info(), sample_table)))


def _chapter_track(samples: list[tuple[int, bytes]], offset: int) -> Box:
    duration = sum(d for d, _ in samples)
    text_bytes = sum(len(s) for _, s in samples)
    bit_rate = text_bytes * 8 * CHAPTER_TIMESCALE // duration
    entry = Box(b"text", bytes(6), struct.pack(">H", 1), TEXT_SAMPLE_ENTRY,
                Box(b"btrt", struct.pack(">III", 0, bit_rate, bit_rate)))
    base_media = Box(b"gmhd", full_box(b"gmin", 0, 0, struct.pack(">HHHHhH", 0x40, 0x8000, 0x8000, 0x8000, 0, 0)),
                     Box(b"text", UNIT_MATRIX))
    sample_table = Box(
        b"stbl", full_box(b"stsd", 0, 0, struct.pack(">I", 1), entry), _time_to_sample([d for d, _ in samples]),
        _table(b"stsc", [(1, len(samples), 1)]),
        full_box(b"stsz", 0, 0, struct.pack(f">II{len(samples)}I", 0, len(samples), *(len(s) for _, s in samples))),
        _table(b"stco", [(offset,)]))
    return Box(b"trak", _track_header(2, 2, duration, 0, 0), _edit_list(duration, 0),
               Box(b"mdia", _media_header(CHAPTER_TIMESCALE, duration, 0), _handler(b"text", "SubtitleHandler"),
                   Box(b"minf", base_media, _data_info(), sample_table)))


def _movie(track: AacTrack, chapters: Sequence[ChapterMark], samples: list[tuple[int, bytes]],
           chunks: ChunkOffsetTable, text_offset: int, tag_room: int, edit: tuple[int, int],
           language: int = LANGUAGE_UND) -> Box:
    duration = max(edit[1], sum(d for d, _ in samples))
    version = _version(duration)
    header = full_box(b"mvhd", version, 0, _times(version, 0, 0), struct.pack(">I", MOVIE_TIMESCALE),
                      _times(version, duration), struct.pack(">IH10x", 0x10000, 0x0100), UNIT_MATRIX, bytes(24),
                      struct.pack(">I", 3 if samples else 2))
    # an empty iTunes tag list with room after it: mutagen fills it in place, without
    # moving the audio when the tags fit
    tags = full_box(b"meta", 0, 0, full_box(b"hdlr", 0, 0, struct.pack(">I4s4s9x", 0, b"mdir", b"appl")),
                    Box(b"ilst"), Box(b"free", bytes(tag_room)))
    return Box(b"moov", header, _audio_track(track, chunks, bool(samples), edit, language),
               *([_chapter_track(samples, text_offset)] if samples else []),
               Box(b"udta", tags, *([nero_chapters(chapters)] if chapters else [])))


FILE_TYPE = Box(b"ftyp", b"M4B ", struct.pack(">I", 0x200), b"M4B M4A mp42isom").to_bytes()


@dataclass
class MovieLayout:
    """Everything before the audio payloads: ftyp, moov, the mdat header and the chapter texts."""

    moov: Box
    mdat_header: bytes
    texts: bytes

    def write_head(self, out: BinaryIO) -> None:
        out.write(FILE_TYPE)
        self.moov.write(out)
        out.write(self.mdat_header)
        out.write(self.texts)


def layout_movie(track: AacTrack, chapters: Sequence[ChapterMark], tag_room: int = 0,
                 priming: int = 0, end_ms: int | None = None, language: str = "und") -> MovieLayout:
    """The moov for ``track``'s frames placed after it in mdat (faststart); its size depends
    only on the frame and chapter counts, so the chunk offsets are known before writing."""
    if not 0 <= priming < track.samples:
        raise AdtsError(f"{priming} samples of priming to hide, but the AAC has only {track.samples}")
    shown = _ms_up(track.samples - priming, track.format.sample_rate)
    edit = (priming, shown if end_ms is None else min(shown, end_ms))  # media start (samples), length (ms)
    samples = chapter_text_samples(chapters)
    texts = b"".join(s for _, s in samples)
    body = len(texts) + sum(track.sizes)
    mdat_header = struct.pack(">I4s", 8 + body, b"mdat") if 8 + body <= UINT32_MAX \
        else struct.pack(">I4sQ", 1, b"mdat", 16 + body)
    for wide in (False, True):  # co64 only when the last chunk starts past 4 GiB
        size = _movie(track, chapters, samples, ChunkOffsetTable(track.sizes, 0, wide), 0, tag_room, edit,
                      packed_language(language)).nbytes
        text_offset = len(FILE_TYPE) + size + len(mdat_header)
        chunks = ChunkOffsetTable(track.sizes, text_offset + len(texts), wide)
        if wide or chunks.last_offset() <= UINT32_MAX:
            break
    return MovieLayout(_movie(track, chapters, samples, chunks, text_offset, tag_room, edit, packed_language(language)),
                       mdat_header, texts)


def write_m4b(pieces: Sequence[Path], out: Path, chapters: Sequence[ChapterMark], *,
              tag_room: int = 0, priming: int = 0, end_ms: int | None = None, language: str = "und") -> None:
    """Write the ADTS files ``pieces`` (played one after another) as one M4B at ``out``,
    with ``chapters``; ``tag_room`` bytes are kept free for the tags written afterwards,
    the edit list hides ``priming`` encoder-delay samples and, with ``end_ms``, the
    padding of the last frame after that time."""
    track = scan_adts(pieces)
    layout = layout_movie(track, chapters, tag_room, priming, end_ms, language)  # language: ISO 639-2/T
    sizes, frame = track.sizes, 0
    with open(out, "wb", buffering=READ_BLOCK) as target:
        layout.write_head(target)
        for path in pieces:
            for _, payload in adts_frames(path):
                if frame >= len(sizes) or len(payload) != sizes[frame]:
                    raise AdtsError(f"{path} changed while it was being written to {out}")
                target.write(payload)
                frame += 1
    if frame != len(sizes):
        raise AdtsError(f"the AAC input changed while it was being written to {out}")
