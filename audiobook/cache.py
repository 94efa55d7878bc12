"""Content-addressed cache of synthesized segment audio.

The key is a SHA-256 over everything that determines the audio (text, voice
profile, engine and its version, sample rate, this format's version), so an
entry never needs invalidating: changing any of them gives another key.

Entries are files ``<root>/v<FORMAT>/<2 hex>/<key>.pcm``: a 16-byte header
(magic, CRC-32 and length of the payload) then the raw PCM.  Each is written to
a temporary file in the same folder and renamed into place, so readers (other
builds sharing the cache, a build after a kill -9) see either no entry or a
whole one; a damaged file fails its CRC and is treated as a miss.  Reading an
entry touches its mtime, so ``prune`` removes the least recently used first.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import struct
import tempfile
import time
import zlib
from pathlib import Path

from .model import VoiceProfile

FORMAT_VERSION = 1
_MAGIC = b"ABC1"
_HEADER = struct.Struct("<4sIQ")  # magic, crc32, payload length
_STALE_TEMP_SECONDS = 3600  # temp files older than this were left by a killed writer


_ENTRY_NAME = re.compile(r"[0-9a-f]{64}(\.[A-Za-z0-9]+)*")


def _is_entry(path: Path) -> bool:
    """A file named as the cache names its entries: ``<2 hex>/<64 hex key><suffixes>``
    with the folder the key's first two digits."""
    return bool(_ENTRY_NAME.fullmatch(path.name)) and path.name[:2] == path.parent.name


def default_cache_dir() -> Path:
    """AUDIOBOOK_CACHE_DIR, else $XDG_CACHE_HOME/audiobook, else ~/.cache/audiobook."""
    explicit = os.environ.get("AUDIOBOOK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "audiobook"


def cache_key(text: str, profile: VoiceProfile, engine: str, engine_version: str, sample_rate: int) -> str:
    """Hex SHA-256 naming the audio of ``text`` spoken with ``profile``."""
    material = {
        "format": FORMAT_VERSION,
        "text": text,
        # the volume is applied at assembly, not synthesis: a change of it re-synthesizes nothing
        # (kept in the material at 1, so the keys of every cache made before stay as they were)
        "profile": dataclasses.asdict(dataclasses.replace(profile, volume=1.0)),
        "engine": engine,
        "engine_version": engine_version,
        "sample_rate": sample_rate,
    }
    blob = json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(blob).hexdigest()


class Cache:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.entries_dir = self.root / f"v{FORMAT_VERSION}"

    def _path(self, key: str) -> Path:
        if len(key) < 3 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.entries_dir / key[:2] / f"{key}.pcm"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if len(blob) < _HEADER.size:
            return None
        magic, crc, length = _HEADER.unpack_from(blob)
        pcm = blob[_HEADER.size:]
        if magic != _MAGIC or length != len(pcm) or zlib.crc32(pcm) != crc:
            self._discard(path)  # damaged (e.g. a disk error): a miss, resynthesized
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return pcm

    def touch(self, keys) -> None:
        """Mark these entries recently used (their audio was heard in a build,
        through the encoded chapter that holds it), so ``prune`` keeps them
        longer than entries no build has needed since."""
        for key in keys:
            if key is None:
                continue
            try:
                os.utime(self._path(key))
            except OSError:
                continue

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()

    def put(self, key: str, pcm: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_HEADER.pack(_MAGIC, zlib.crc32(pcm), len(pcm)))
                f.write(pcm)
            os.replace(tmp, path)  # atomic: another writer of the same key wrote the same bytes
        except BaseException:
            self._discard(Path(tmp))
            raise

    def _files(self) -> list[Path]:
        """Segment entries, and the encoded chapter audio kept beside them
        (``chapters/``, see chapter_cache.py), so that size, prune and clear
        cover everything a build stores."""
        files = [p for p in self.entries_dir.glob("*/*.pcm") if _is_entry(p)] if self.entries_dir.is_dir() else []
        encoded = self.root / "chapters"
        if encoded.is_dir():
            # only what a build wrote there (<2 hex>/<key>...): a --cache-dir pointed at the wrong
            # folder (a book's own chapters/) must not lose the user's files to --clear or --prune
            files += [p for p in encoded.glob("*/*") if _is_entry(p) and p.is_file()]
        return files

    def size(self) -> tuple[int, int]:
        """(number of entries, bytes they take)."""
        count = total = 0
        for path in self._files():
            try:
                total += path.stat().st_size
            except FileNotFoundError:  # removed by a concurrent prune
                continue
            count += 1
        return count, total

    def prune(self, max_bytes: int | None = None, older_than: float | None = None) -> tuple[int, int]:
        """Remove entries unused for ``older_than`` seconds, then the least
        recently used until at most ``max_bytes`` remain.  Returns (entries, bytes) removed."""
        now = time.time()
        self._remove_stale_temps(now)
        stats = []
        for path in self._files():
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            stats.append((st.st_mtime, st.st_size, path))
        stats.sort()  # oldest first
        total = sum(size for _, size, _ in stats)
        removed = freed = 0
        for mtime, size, path in stats:
            too_old = older_than is not None and now - mtime > older_than
            too_big = max_bytes is not None and total > max_bytes
            if not (too_old or too_big):
                continue
            if self._discard(path):
                removed, freed, total = removed + 1, freed + size, total - size
        return removed, freed

    def clear(self) -> tuple[int, int]:
        """Remove every entry.  Returns (entries, bytes) removed."""
        return self.prune(max_bytes=0)

    def _remove_stale_temps(self, now: float) -> None:
        from .chapter_cache import ChapterCache

        ChapterCache(self.root).remove_stale_temps()  # a killed build's encoder output: its process is gone
        if not self.entries_dir.is_dir():
            return
        for tmp in self.entries_dir.glob("*/.tmp-*.part"):
            try:
                if now - tmp.stat().st_mtime > _STALE_TEMP_SECONDS:
                    tmp.unlink()
            except FileNotFoundError:
                continue

    @staticmethod
    def _discard(path: Path) -> bool:
        try:
            path.unlink()
            return True
        except FileNotFoundError:
            return False
