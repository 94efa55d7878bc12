"""Open an EPUB's zip safely: checked before anything is decompressed.

Nothing is ever extracted to disk, so names inside the book never become
paths; entries that try to point outside the book are refused all the same,
because only a hostile or broken tool writes them.  Sizes are checked from the
central directory first (zip bombs), and every read is bounded again while
decompressing, because a declared size can lie.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from audiobook.errors import UserError

DRM_MESSAGE = "this EPUB is DRM-protected; audiobook can only read DRM-free books"
# Font obfuscation is not DRM: the text stays readable.
FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_ENC_NS = "http://www.w3.org/2001/04/xmlenc#"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ZipLimits:
    total_bytes: int = 512 * 1024 * 1024  # all entries, decompressed
    file_bytes: int = 128 * 1024 * 1024  # one entry, decompressed
    max_ratio: int = 200  # decompressed / compressed, for entries over ratio_floor
    ratio_floor: int = 1024 * 1024
    max_entries: int = 20000


DEFAULT_LIMITS = ZipLimits()


def _fail(path: Path, problem: str) -> UserError:
    return UserError(f"{path}: {problem}")


def _detail(exc: Exception, limit: int = 100) -> str:
    """The exception's message, short: zipfile's can quote kilobytes of raw header bytes."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _unsafe_name(name: str) -> bool:
    parts = re.split(r"[\\/]", name)
    return (
        name.startswith(("/", "\\"))
        or bool(re.match(r"^[A-Za-z]:", name))
        or ".." in parts
        or "\x00" in name
    )


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


class SafeZip:
    """A validated, read-only view of an EPUB zip with bounded reads."""

    def __init__(self, path: Path, limits: ZipLimits = DEFAULT_LIMITS):
        self.path, self.limits = path, limits
        self.read_so_far = 0
        if not path.exists():
            raise _fail(path, "no such file; check the path")
        if not path.is_file():
            raise _fail(path, "not a file (is it a folder?); give the path of an .epub file")
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            # NotImplementedError: a "zip file version" field no zip tool writes (a damaged directory)
            raise _fail(path, self._not_zip_reason(exc)) from None
        try:
            self._check_entries()
            self._check_drm()
        except BaseException:
            self.zf.close()
            raise
        self.names = {i.filename for i in self.zf.infolist()}
        self._folded: dict[str, list[str]] = {}
        for name in sorted(self.names):
            self._folded.setdefault(_fold(name), []).append(name)

    def resolve(self, name: str) -> str | None:
        """The archive's entry for ``name``: the exact name, else the one entry
        whose name differs only in letter case or Unicode normalisation (as
        Calibre and most reading systems tolerate), else None."""
        if name in self.names:
            return name
        matches = self._folded.get(_fold(name), [])
        return matches[0] if len(matches) == 1 else None

    def _not_zip_reason(self, exc: Exception) -> str:
        with open(self.path, "rb") as fh:
            head = fh.read(4096)
        if not head:
            return "the file is empty; it is not an EPUB"
        if head.startswith(b"PK"):
            return f"the EPUB (a zip archive) is damaged or truncated ({_detail(exc)}); try downloading it again"
        if b"\x00" not in head:
            return "this is a text file, not an EPUB (an EPUB is a zip archive); rename it to .txt to read it as text"
        return "not an EPUB: the file is not a zip archive"

    def _check_entries(self) -> None:
        infos = self.zf.infolist()
        lim = self.limits
        if len(infos) > lim.max_entries:
            raise _fail(self.path, f"the EPUB has {len(infos)} files inside (over {lim.max_entries}); refusing it")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _fail(self.path, f"{info.filename} inside the EPUB is encrypted; {DRM_MESSAGE}")
            if _unsafe_name(info.filename):
                raise _fail(self.path, f"the EPUB contains an entry pointing outside the book ({info.filename!r}); refusing it")
            size = info.file_size
            if size > lim.file_bytes:
                raise _fail(self.path, f"{info.filename} would decompress to {size} bytes (limit {lim.file_bytes}); refusing a possible zip bomb")
            if size > lim.ratio_floor and size > lim.max_ratio * max(info.compress_size, 1):
                raise _fail(self.path, f"{info.filename} is compressed {size // max(info.compress_size, 1)}:1; refusing a possible zip bomb")
            total += size
        if total > lim.total_bytes:
            raise _fail(self.path, f"the EPUB would decompress to {total} bytes (limit {lim.total_bytes}); refusing a possible zip bomb")

    def _check_drm(self) -> None:
        names = {i.filename for i in self.zf.infolist()}
        if "META-INF/rights.xml" in names or "META-INF/sinf.xml" in names:
            raise _fail(self.path, DRM_MESSAGE)
        if "META-INF/encryption.xml" not in names:
            return
        data = self.read("META-INF/encryption.xml")
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise _fail(self.path, DRM_MESSAGE)
        for enc in root.iter(f"{{{_ENC_NS}}}EncryptedData"):
            method = enc.find(f"{{{_ENC_NS}}}EncryptionMethod")
            algorithm = method.get("Algorithm", "") if method is not None else ""
            if algorithm not in FONT_OBFUSCATION:
                raise _fail(self.path, DRM_MESSAGE)

    def read(self, name: str) -> bytes:
        """The entry's bytes; KeyError if absent; UserError if damaged or too big."""
        info = self.zf.getinfo(name)
        budget = min(self.limits.file_bytes, info.file_size, self.limits.total_bytes - self.read_so_far)
        chunks, got = [], 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > budget:
                        raise _fail(self.path, f"{name} decompresses to more than it declares; refusing a possible zip bomb")
                    chunks.append(chunk)
        except NotImplementedError:  # Deflate64, PPMd, ...: zip compression methods Python cannot decompress
            raise _fail(self.path, f"{name} inside the EPUB is compressed with a method audiobook cannot read "
                        f"(zip method {info.compress_type}); re-save the book with an EPUB editor (Calibre, Sigil) "
                        "and try again") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
            raise _fail(self.path, f"{name} inside the EPUB is damaged ({_detail(exc)}); try downloading the book again") from None
        self.read_so_far += got
        return b"".join(chunks)

    def close(self) -> None:
        self.zf.close()
