"""Cache of encoded chapters, so that a rebuild re-encodes only what changed.

A chapter's key is a SHA-256 over everything that decides its encoded audio:
its segments in order (their audio cache keys, kinds, speakers, the voices
heard, their text, which the pauses and the heading detection read), the
chapter's title, the book-wide paragraph convention, the pause plan, the
levelling and loudness constants, the encoder's arguments and version, and
this format's version.  Entries never need invalidating: any change gives
another key.

A chapter is encoded as blocks (cut mid-way through paragraph pauses, see
join.spool_blocks), each cached under the hash of its PCM, its gain and the
encoding settings, so an edit re-encodes only the blocks it changed even when
the chapter's own key changes.  A block is ``<root>/chapters/<2 hex>/<key><suffix>``
(the encoded audio) plus ``<key>.json`` (duration, byte size of the audio); a
chapter is ``<key>.chapter.json`` (title, its blocks' keys, the transcript
cues relative to the chapter's start).  The audio is moved into place first,
the JSON last, each by ``os.replace`` from a temporary file in the same
folder: a reader sees a whole entry or none (the size in the JSON must match
the audio beside it), whatever is killed when; two builds writing the same
key each write a whole entry.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .atomic import remove_files, remove_orphaned_temps

FORMAT_VERSION = "chapter-1"
_TEMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class CachedBlock:
    path: Path
    duration_us: int


@dataclass(frozen=True)
class CachedChapter:
    title: str
    blocks: tuple[CachedBlock, ...]
    cues: list[tuple[int, int, str, str]]  # (start_ms, end_ms, speaker, text), relative to the chapter

    @property
    def duration_us(self) -> int:
        return sum(b.duration_us for b in self.blocks)

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(b.path for b in self.blocks)


def chapter_key(material: dict) -> str:
    """Hex SHA-256 of a chapter's key material (JSON-able), with this format's version."""
    blob = json.dumps({"format": FORMAT_VERSION, **material}, sort_keys=True, ensure_ascii=False,
                      default=_jsonable).encode("utf-8", "surrogatepass")
    return hashlib.sha256(blob).hexdigest()


def _jsonable(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return repr(value)


_VERSIONS: dict[str, str] = {}


def program_version(exe: str) -> str:
    """The first line of ``exe -version`` (an encoder upgrade may change the audio)."""
    if exe not in _VERSIONS:
        try:
            # its own session, as every ffmpeg we run (see exporters/ffmpeg.py): Ctrl-C is ours to handle
            out = subprocess.run([exe, "-version"], capture_output=True, text=True, timeout=30,
                                 start_new_session=True).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        _VERSIONS[exe] = out.splitlines()[0] if out else "unknown"
    return _VERSIONS[exe]


class ChapterCache:
    def __init__(self, root: Path):
        self.dir = Path(root) / "chapters"

    def _paths(self, key: str, suffix: str) -> tuple[Path, Path]:
        if len(key) < 3 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"not a chapter key: {key!r}")
        folder = self.dir / key[:2]
        return folder / f"{key}{suffix}", folder / f"{key}.json"

    def get_block(self, key: str, suffix: str) -> CachedBlock | None:
        audio, meta = self._paths(key, suffix)
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            if audio.stat().st_size != info["bytes"]:
                return None  # the audio of another writer of this key: re-encode
            block = CachedBlock(audio, int(info["duration_us"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        for path in (audio, meta):  # recently used: `cache --prune` removes the least recently used first
            try:
                os.utime(path)
            except OSError:
                pass
        return block

    def temp_path(self, key: str, suffix: str) -> Path:
        """A fresh temporary file to encode ``key``'s audio into (then ``commit_block``)."""
        audio, _ = self._paths(key, suffix)
        audio.parent.mkdir(parents=True, exist_ok=True)
        return audio.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{suffix}")

    def commit_block(self, key: str, suffix: str, encoded: Path, duration_us: int) -> CachedBlock:
        """Move the finished ``encoded`` file into the cache, then its description."""
        audio, meta = self._paths(key, suffix)
        info = {"duration_us": duration_us, "bytes": encoded.stat().st_size}
        try:
            os.replace(encoded, audio)
            self._write_json(meta, info)
        finally:
            _unlink(encoded)
        return CachedBlock(audio, duration_us)

    def get_chapter(self, key: str, suffix: str) -> CachedChapter | None:
        """A chapter's blocks and cues, if it and every block are in the cache."""
        try:
            info = json.loads(self._chapter_path(key).read_text(encoding="utf-8"))
            blocks = tuple(self.get_block(block, suffix) for block in info["blocks"])
            if not blocks or None in blocks:
                return None
            chapter = CachedChapter(info["title"], blocks, [tuple(c) for c in info["cues"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:
            os.utime(self._chapter_path(key))  # recently used
        except OSError:
            pass
        return chapter

    def put_chapter(self, key: str, title: str, block_keys: list[str], cues: list[tuple[int, int, str, str]]) -> None:
        path = self._chapter_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_json(path, {"title": title, "blocks": block_keys, "cues": [list(c) for c in cues]})

    def _chapter_path(self, key: str) -> Path:
        return self._paths(key, "")[1].with_suffix(".chapter.json")

    @staticmethod
    def _write_json(path: Path, info: dict) -> None:
        temp = path.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.json")
        try:
            temp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, path)
        finally:
            _unlink(temp)

    def remove_own_temps(self) -> int:
        """Remove this process's temporary files (after an interrupt or an
        error, once nothing writes them); returns how many."""
        if not self.dir.is_dir():
            return 0
        return remove_files(self.dir.glob(f"*/{_TEMP_PREFIX}{os.getpid()}-*"))

    def remove_stale_temps(self) -> int:
        """Remove temporary files left by killed builds (their process is gone)."""
        if not self.dir.is_dir():
            return 0
        return remove_orphaned_temps(self.dir.glob(f"*/{_TEMP_PREFIX}*"), _TEMP_PREFIX)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass



@dataclass(frozen=True)
class ChapterPlan:
    """One chapter of the script: segments ``[start, end)`` and its key."""

    index: int
    title: str
    start: int
    end: int
    key: str
    spoken: int  # segments with audio (cache keys) in it


def segment_keys(jobs, sample_rate: int) -> list[str | None]:
    """Each job's audio cache key, as the renderer computes it (None for blank text)."""
    from .cache import cache_key
    from .engines.registry import check_voice, engine_fingerprint, get_engine

    fingerprints: dict = {}
    keys: list[str | None] = []
    for job in jobs:
        if not job.text.strip():
            keys.append(None)
            continue
        if job.profile not in fingerprints:
            check_voice(job.profile)
            fingerprints[job.profile] = engine_fingerprint(get_engine(job.profile.engine), job.profile)
        keys.append(cache_key(job.text, job.profile, job.profile.engine, fingerprints[job.profile], sample_rate))
    return keys


def encoding_material(exporter, sample_rate: int) -> dict:
    """What decides how assembled PCM becomes encoded audio (the same for every chapter)."""
    from . import assemble, loudness

    args = exporter.encoder_args(sample_rate, Path("out"), exporter.chapter_codec_args())
    return {
        "sample_rate": sample_rate,
        "pauses": assemble.DEFAULT_PAUSES,
        "assembly": [assemble.TRIM_THRESHOLD_DBFS, assemble.TRIM_KEEP_MS, assemble.MIN_LEVEL_MS,
                     assemble.MIN_LEVEL_DBFS, assemble.MAX_BOOST_DB, assemble.PEAK_CEILING_DBFS],
        "loudness": [loudness.SEGMENT_RMS_DBFS, loudness.OUTPUT_GAIN_DB, loudness.CHAPTER_RMS_DBFS,
                     list(loudness.CHAPTER_GAIN_RANGE_DB), loudness.S32_HEADROOM_DB, loudness.LIMIT_DBFS,
                     loudness.ENCODER_INPUT_FORMAT],
        "encoder": args[1:],  # without the program's path
        "encoder_version": program_version(args[0]),
        "suffix": exporter.chapter_suffix,
    }


def plan_chapters(chapters, segments, keys: list[str | None], speakers: dict[str, str], blank_lines: bool,
                  encoding: dict) -> list[ChapterPlan]:
    """The script's chapters (runs of segments, as assembly groups them) with their keys."""
    from .assemble import voice_of

    titles = {c.index: c.title for c in chapters}
    plans: list[ChapterPlan] = []
    start = 0
    while start < len(segments):
        index = segments[start].chapter
        end = start
        while end < len(segments) and segments[end].chapter == index:
            end += 1
        title = titles.get(index, f"Chapter {index}")
        material = {
            "title": title,
            "blank_lines": blank_lines,
            "segments": [[keys[i], segments[i].kind, segments[i].speaker, voice_of(segments[i], speakers),
                          segments[i].text] for i in range(start, end)],
            "encoding": encoding,
        }
        plans.append(ChapterPlan(index, title, start, end, chapter_key(material),
                                 sum(1 for i in range(start, end) if keys[i] is not None)))
        start = end
    return plans
