"""Reading a finished audiobook back: duration, chapters, tags, format, from
the file itself (ffprobe for the stream and chapters, mutagen for the tags)."""
from __future__ import annotations

import json
import re
from base64 import b64decode
from dataclasses import dataclass, field
from pathlib import Path

import mutagen
from mutagen.flac import Picture
from mutagen.id3 import ID3FileType
from mutagen.mp4 import MP4

from .errors import UserError
from .exporters import ffmpeg
from .model import ChapterMark

_CHAPTER_COMMENT = re.compile(r"^CHAPTER\d+(NAME|URL)?$", re.IGNORECASE)


@dataclass
class Inspection:
    path: Path
    format: str  # ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "mp3", "ogg"
    brand: str | None  # MP4 major brand ("M4B ")
    codec: str | None
    sample_rate: int | None
    channels: int | None
    bit_rate: int | None
    duration_ms: int
    size_bytes: int
    chapters: list[ChapterMark] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)  # as mutagen reads them, binary values summarised
    cover: str | None = None  # e.g. "image/jpeg, 12345 bytes"


def _probe(path: Path) -> dict:
    exe = ffmpeg.require("ffprobe")
    try:
        done = ffmpeg.run([exe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                           "-show_chapters", str(path)], "reading", path)
    except UserError as exc:
        raise UserError(f"{path}: not an audio file ffprobe can read ({exc}); "
                        "give the path of an audiobook (m4b, mp3, opus)") from None
    return json.loads(done.stdout.decode("utf-8", "replace") or "{}")


def _tags(path: Path) -> tuple[dict[str, str], str | None]:
    """Text tags and a cover summary, via mutagen."""
    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError:
        return {}, None
    if audio is None or audio.tags is None:
        return {}, None
    tags: dict[str, str] = {}
    cover = None
    if isinstance(audio, MP4):
        for key, values in audio.tags.items():
            if key == "covr":
                image = values[0]
                kind = "image/png" if image.imageformat == image.FORMAT_PNG else "image/jpeg"
                cover = f"{kind}, {len(bytes(image))} bytes"
                continue
            tags[key] = ", ".join(str(v) for v in values)
    elif isinstance(audio, ID3FileType):
        for frame in audio.tags.values():
            if frame.FrameID == "APIC":
                cover = f"{frame.mime}, {len(frame.data)} bytes"
            elif frame.FrameID in ("CHAP", "CTOC"):
                continue
            else:
                tags[frame.HashKey] = str(frame)
    else:  # Vorbis comments (Ogg Opus / Vorbis / FLAC)
        for key, values in audio.tags.items():
            if key.upper() == "METADATA_BLOCK_PICTURE":
                try:
                    picture = Picture(b64decode(values[0]))
                    cover = f"{picture.mime}, {len(picture.data)} bytes"
                except (ValueError, TypeError, mutagen.MutagenError):
                    cover = "unreadable picture block"
            elif not _CHAPTER_COMMENT.match(key):
                tags[key] = ", ".join(values)
    return tags, cover


def inspect_file(path: Path) -> Inspection:
    """What is in an audiobook file; UserError when it is missing or not audio."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file; give the path of an audiobook (m4b, mp3, opus)")
    info = _probe(path)
    audio = next((s for s in info.get("streams", []) if s.get("codec_type") == "audio"), None)
    if audio is None:
        raise UserError(f"{path}: no audio stream found; is this an audiobook file?")
    fmt = info.get("format", {})
    format_tags = {k.lower(): v for k, v in fmt.get("tags", {}).items()}
    duration = float(fmt.get("duration") or audio.get("duration") or 0)
    chapters = [ChapterMark(c.get("tags", {}).get("title", ""), round(float(c["start_time"]) * 1000),
                            round(float(c["end_time"]) * 1000)) for c in info.get("chapters", [])]
    tags, cover = _tags(path)

    def number(value) -> int | None:
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    return Inspection(path=path, format=fmt.get("format_name", "?"), brand=format_tags.get("major_brand"),
                      codec=audio.get("codec_name"), sample_rate=number(audio.get("sample_rate")),
                      channels=number(audio.get("channels")),
                      bit_rate=number(audio.get("bit_rate") or fmt.get("bit_rate")),
                      duration_ms=round(duration * 1000), size_bytes=path.stat().st_size,
                      chapters=chapters, tags=tags, cover=cover)


def clock(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def format_inspection(found: Inspection) -> str:
    """A summary for the terminal."""
    kind = found.format + (f" (brand '{found.brand.strip()}')" if found.brand else "")
    audio = ", ".join(x for x in [found.codec,
                                  f"{found.sample_rate} Hz" if found.sample_rate else None,
                                  "mono" if found.channels == 1 else (f"{found.channels} ch" if found.channels else None),
                                  f"{found.bit_rate // 1000} kb/s" if found.bit_rate else None] if x)
    lines = [f"File:      {found.path}",
             f"Format:    {kind}",
             f"Audio:     {audio}",
             f"Duration:  {clock(found.duration_ms)}",
             f"Size:      {found.size_bytes / 1_000_000:.1f} MB",
             f"Cover:     {found.cover or 'none'}",
             f"Chapters:  {len(found.chapters)}"]
    for number, mark in enumerate(found.chapters, start=1):
        lines.append(f"  {number:>3}. {clock(mark.start_ms)}  {mark.title}")
    if found.tags:
        lines.append("Tags:")
        width = max(len(k) for k in found.tags)
        for key, value in found.tags.items():
            value = " ".join(str(value).split())
            lines.append(f"  {key:<{width}}  {value if len(value) <= 100 else value[:99] + '…'}")
    return "\n".join(lines)
