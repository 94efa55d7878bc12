"""Read a plain-text or Markdown book.

``Book.text`` is the file decoded exactly as Python's text mode does it
(universal newlines), because every offset the tool prints refers to it.  UTF-8
is expected; UTF-16/32 with a byte-order mark and cp1252 are accepted with a
notice; anything that is not text is refused with a UserError.
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..chapter_headings import _title_like, number_line
from ..chapters import find_chapters, is_heading_line, is_numbered_heading_line, title_case
from ..errors import UserError
from ..language import detect_language
from ..markdown import MARKDOWN_SUFFIXES, plain_text, silenced_view, spoken_text
from ..model import Book, Chapter

_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD_RE = re.compile(r"^(title|author)\s*:\s*(.+?)\s*$", re.I | re.M)
_BY_RE = re.compile(r"^\s*by\s+(\S.{0,80}?)\s*$", re.I)
# "# Title", or "Title" underlined with "=" (a setext heading) as a paragraph of its own
_MD_TITLE_RE = re.compile(r"^#[ \t]+(\S.*?)[ \t#]*$|(?:\A|\n[ \t]*\n)[ \t]{0,3}([^\s#>][^\n]*?)[ \t]*\n[ \t]{0,3}=+[ \t]*$",
                          re.M)
_GUTENBERG_LINE_RE = re.compile(
    r"^\W*The Project Gutenberg e-?(?:book|text),? of (\S.*?),?\s+by\s+(\S[^\n]*?)[\s*]*$", re.I | re.M
)
_MARKUP_CHARS = re.compile(r"[*_`\[\]<>&\\~]")
_TOP = 3000  # how far into the text metadata lines are looked for


def read_text(path: Path, *, title: str | None = None, author: str | None = None) -> Book:
    """A Book from a .txt or .md file; ``title``/``author`` override what the file says."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a directory, not a text file; give the book's file") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read it ({e.strerror}); check its permissions") from None
    text, notices = decode_text(data, path)
    if not text.strip().replace("\ufeff", "").replace("\u200b", "").strip():
        raise UserError(f"{path} is empty: nothing to read; give a file with the book's text")
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    found_title, found_author = find_metadata(text, markdown=markdown)
    book_title = title or found_title or title_from_file_name(path)
    return Book(
        text=text,
        chapters=markdown_chapters(text, book_title) if markdown else find_chapters(text, book_title),
        title=book_title,
        author=author or found_author,
        language=detect_language(text),
        source=path,
        notices=notices,
    )


def decode_text(data: bytes, path: Path | str = "input") -> tuple[str, list[str]]:
    """The text of ``data`` as text mode would read it, and notices about the
    encoding when it is not UTF-8.  Raises UserError for non-text data."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _text_mode(data, codec), [f"{path}: decoded as {name} (byte-order mark found)"]
            except UnicodeDecodeError:
                raise UserError(f"{path} starts with a {name} byte-order mark but is not valid {name}; "
                                "save it as UTF-8 and try again") from None
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return _text_mode(data, utf16), [f"{path}: decoded as UTF-16 (no byte-order mark)"]
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise UserError(f"{path} is not a text file (it contains NUL bytes); give a .txt, .md or .epub book")
    try:
        text = _text_mode(data, "utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_text(text):
            raise UserError(f"{path} is not a text file (mostly control characters); give a .txt, .md or .epub book")
        return text, []
    utf8_letters = len(_UTF8_SEQUENCE_RE.findall(data))
    stray = len(_NON_ASCII_RE.findall(data)) - utf8_letters
    if utf8_letters > stray:
        # Mostly UTF-8 with a few stray bytes (pasted from a Windows file):
        # read those bytes as Windows-1252 instead of garbling every letter.
        text = _text_mode(data, "utf-8", errors=_CP1252_BYTES)
        if _looks_like_text(text):
            return text, [f"{path}: mostly UTF-8, but some bytes are not; read those as Windows-1252 (cp1252). "
                          "Save it as UTF-8 if letters look wrong"]
    for codec, name in (("cp1252", "Windows-1252 (cp1252)"), ("latin-1", "Latin-1 (ISO-8859-1)")):
        try:
            text = _text_mode(data, codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, [f"{path}: not UTF-8; decoded as {name}. Save it as UTF-8 if letters look wrong"]
        break
    raise UserError(f"{path} is not a text file (not UTF-8 and not readable as Windows-1252 text); "
                    "save it as UTF-8 and try again")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the NULs fall in one byte column
    only, the high bytes of the spaces, stops and Latin letters (nearly every
    other byte in English, a good share even in Russian or Greek text, whose
    letters' high bytes are not zero); and it decodes to text, words with
    spaces between them."""
    if len(data) < 4 or len(data) % 2:
        return None
    if max(data) >= 0x80 and _valid_utf8(data):
        # UTF-16 text with a byte of 0x80 or more (Greek, accented Latin) is seldom valid UTF-8,
        # while UTF-8 with such bytes is: "“\x85\x00…" is UTF-8 with NULs, not Chinese and Korean
        return None
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 0.05 * half and even <= 0.01 * half:
        codec = "utf-16-le"
    elif even >= 0.05 * half and odd <= 0.01 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    # prose has spaces or line breaks between its words; bytes read two by two seldom do
    spaces = sum(1 for ch in text if ch.isspace())
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and not ch.isspace())
    # ... and its words are mostly letters, not what two ASCII bytes read as one character give
    # (U+2020-U+7E7E: CJK and symbols): b"0004\n\x00" is UTF-8 with a NUL, not "〰㐰\n"
    letters = sum(1 for ch in text if ch.isalpha() and not 0x2020 <= ord(ch) <= 0x7E7E)
    words = sum(1 for w in text.split() if sum(ch.isalpha() for ch in w) >= 2)
    return codec if spaces >= 0.03 * len(text) and controls <= 0.01 * len(text) \
        and letters >= 0.5 * (len(text) - spaces) and words >= 3 else None


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text_mode(data: bytes, encoding: str, errors: str = "strict") -> str:
    # The very decoding open(path, encoding=...).read() does: universal newlines.
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors, newline=None).read()


def _cp1252_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="strict") if _cp1252_defined(bad) else bad.decode("latin-1"), err.end


def _cp1252_defined(raw: bytes) -> bool:
    return not any(b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in raw)


_CP1252_BYTES = "audiobook-cp1252-bytes"
codecs.register_error(_CP1252_BYTES, _cp1252_bytes)
_UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]+")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:200_000]
    bad = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c <= "\x9f" or c == "\ufffd")
    return bad <= len(sample) * 0.01


def find_metadata(text: str, *, markdown: bool = False) -> tuple[str | None, str | None]:
    """Title and author from YAML front matter, "Title:"/"Author:" lines, a
    title line followed by "by NAME", or the first Markdown heading."""
    top = text[:_TOP]
    title = author = None
    front = _FRONT_MATTER_RE.match(top)
    if front:
        fields = _fields(front.group(1))
        title, author = fields.get("title"), fields.get("author")
    if not (title and author):
        head = top if not front else top[front.end():]
        fields = _fields("\n".join(line for line in head.splitlines()[:60]))
        title, author = title or fields.get("title"), author or fields.get("author")
    if not title or not author:
        by_title, by_author = _title_by_author(top[front.end():] if front else top)
        title, author = title or by_title, author or by_author
    if not (title and author):
        m = _GUTENBERG_LINE_RE.search(top[:600])
        if m:
            title, author = title or m.group(1).strip(), author or m.group(2).strip()
    if not title and markdown:
        m = _MD_TITLE_RE.search(silenced_view(text))  # not a "# comment" in a code block
        if m:
            g = 1 if m.group(1) is not None else 2
            title = " ".join(spoken_text(text, m.start(g), m.end(g)).split()) or None
    if not title and not markdown:
        title = _capitals_title(top[front.end():] if front else top)
    return _uncapitalize(title), _uncapitalize(author)


def markdown_chapters(text: str, default_title: str | None = None) -> list[Chapter]:
    """The chapters of a Markdown book: headings in code blocks, comments and
    front matter do not count, and titles are read without their markup
    ("## The *Storm*" is "The Storm")."""
    chapters = find_chapters(silenced_view(text), default_title, markdown=True)
    return [replace(c, title=plain_text(c.title) or c.title) if _MARKUP_CHARS.search(c.title) else c
            for c in chapters]


def _capitals_title(top: str) -> str | None:
    """A first line in capitals standing alone, that is no chapter heading ("THE INVISIBLE MAN"),
    or in title case right above the first chapter heading ("The Well" / "CHAPTER I.")."""
    m = re.match(r"\s*([^\n]+)\n[ \t]*\n[ \t\n]*([^\n]*)", top.lstrip("\ufeff"))
    line = m.group(1).strip().strip("#*_ ") if m else ""
    if line and len(line) <= 80 and any(c.isalpha() for c in line) \
            and line[-1] not in ".,;:!?\"'\u201d\u2019" and not is_heading_line(line) and not is_numbered_heading_line(line) \
            and number_line(line) is None \
            and (line == line.upper() or _title_like(line) and is_heading_line(m.group(2))):
        return line
    return None


def _uncapitalize(s: str | None) -> str | None:
    """WINNIE-THE-POOH -> Winnie-the-Pooh; other text stays as written."""
    if not s or s != s.upper() or not any(c.isalpha() for c in s):
        return s
    return title_case(s)


def _fields(block: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _FIELD_RE.finditer(block):
        value = m.group(2).strip().strip("\"'")
        if value:
            out.setdefault(m.group(1).lower(), value)
    return out


def _title_by_author(top: str) -> tuple[str | None, str | None]:
    """The first two non-blank lines are "TITLE" and "by NAME"."""
    lines = [line.strip().strip("#*_ ") for line in top.lstrip("\ufeff").splitlines()[:12] if line.strip()]
    if len(lines) >= 2 and len(lines[0]) <= 120:
        m = _BY_RE.match(lines[1])
        if m:
            return lines[0], m.group(1).strip("*_ ")
    return None, None


def title_from_file_name(path: Path) -> str:
    words = re.sub(r"[_\-]+", " ", Path(path).stem).split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Untitled"
