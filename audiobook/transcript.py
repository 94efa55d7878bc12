"""Transcripts: WebVTT (with ``<v Speaker>`` voice tags) or SRT, one cue per
spoken segment, times from the real audio; written atomically beside it."""
from __future__ import annotations

import os
from pathlib import Path

from .assemble import Cue
from .errors import UserError
from .exporters import ExportedPart, ffmpeg

FORMATS = ("vtt", "srt")


def _timestamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_line(text: str) -> str:
    # A blank line ends a cue in both formats, and "-->" would read as timing.
    return " ".join(text.split()).replace("-->", "->")


def to_vtt(cues: list[Cue]) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        speaker = _vtt_escape(_one_line(cue.speaker)).replace(">", "")
        blocks.append(f"{number}\n{_timestamp(cue.start_ms, '.')} --> {_timestamp(cue.end_ms, '.')}\n"
                      f"<v {speaker}>{_vtt_escape(_one_line(cue.text))}")
    return "\n\n".join(blocks) + "\n"


def to_srt(cues: list[Cue]) -> str:
    blocks = []
    for number, cue in enumerate(cues, start=1):
        blocks.append(f"{number}\n{_timestamp(cue.start_ms, ',')} --> {_timestamp(cue.end_ms, ',')}\n"
                      f"{_one_line(cue.speaker)}: {_one_line(cue.text)}")
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def cues_for_part(cues: list[Cue], part: ExportedPart) -> list[Cue]:
    """The cues inside one exported part, with times relative to the part."""
    end = part.start_ms + part.duration_ms
    return [Cue(c.start_ms - part.start_ms, c.end_ms - part.start_ms, c.speaker, c.text, c.chapter)
            for c in cues if part.start_ms <= c.start_ms < end]


def transcript_path(audio: Path, fmt: str = "vtt") -> Path:
    """``Book.m4b`` -> ``Book.vtt``."""
    return Path(audio).with_suffix("." + fmt)


def write_transcript(cues: list[Cue], path: Path, fmt: str = "vtt") -> Path:
    """Write the transcript atomically (temp file beside it, then os.replace)."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(f"unknown transcript format '{fmt}': choose vtt or srt")
    text = to_vtt(cues) if fmt == "vtt" else to_srt(cues)
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"output folder {path.parent} does not exist: create it or choose another")
    tmp = ffmpeg.temp_beside(path, ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ffmpeg.os_error(exc, path) from None
    finally:
        ffmpeg.remove_quietly(tmp)
    return path


def write_transcripts(cues: list[Cue], parts: list[ExportedPart], fmt: str = "vtt") -> list[Path]:
    """One transcript beside each exported part (``Book - Part 2.vtt``), times
    relative to that part; the usual single file when there is one part."""
    return [write_transcript(cues_for_part(cues, part), transcript_path(part.path, fmt), fmt) for part in parts]
