"""EPUB 2 and 3 reader: spine order, TOC chapter titles, metadata, cover.

The zip is validated first (epub_zip.SafeZip: DRM, zip bombs, hostile
names); ebooklib then reads the package through our bounded reads
(epub_package).  Text is extracted per spine document (xhtml.extract) and
chapters are spans that tile ``Book.text``.  Front and back matter nobody
wants read aloud (copyright, contents, index, publisher boilerplate) is
skipped unless asked for; notes are taken out of the chapters and gathered
into a final "Notes" chapter.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from audiobook.chapter_headings import is_heading_line
from audiobook.errors import UserError
from audiobook.language import base_language, detect_language, is_english
from audiobook.model import Book, Chapter
from audiobook.readers import xhtml
from audiobook.readers.epub_package import REPAIR, _Package, _load_package, _some
from audiobook.readers.epub_zip import DEFAULT_LIMITS, SafeZip, ZipLimits

# Spine documents skipped by default, by EPUB 3 epub:type / EPUB 2 guide type.
SKIP_TYPES = {
    "copyright-page", "copyright", "toc", "index", "landmarks", "loi", "lot", "loa", "lov",
    "page-list", "imprint", "colophon", "titlepage", "title-page", "halftitlepage", "seriespage",
    "other-credits", "errata", "cover", "ad", "advertisement", "index-group",
}
KEEP_TYPES = {"chapter", "bodymatter", "part", "prologue", "epilogue", "introduction", "preface", "foreword"}
# ... and, failing markup, by title or file name.
SKIP_TITLE = re.compile(
    r"^(copyright( page)?|(table of )?contents|index|colophon|imprint|title ?page|half ?title"
    r"|about the publisher|also by .*|other (books|titles|works) by .*|books by .*|more from .*"
    r"|newsletter|sign up.*|praise for .*)$",
    re.I,
)
SKIP_NAME_TOKENS = {"copyright", "toc", "contents", "colophon", "imprint", "titlepage", "halftitle", "cover"}
NOTES_TITLE = "Notes"


@dataclass
class _Piece:
    """A run of paragraphs that starts a chapter (or continues the last one)."""

    title: str | None
    paragraphs: list[str]
    heading: str | None  # first h1-h3 inside, for untitled pieces
    new_chapter: bool = True


def read_epub(
    path: Path,
    *,
    title: str | None = None,
    author: str | None = None,
    keep_front_matter: bool = False,
    limits: ZipLimits = DEFAULT_LIMITS,
) -> Book:
    """Read an EPUB 2/3 into a Book whose chapters tile its extracted text.

    Raises UserError (one line) for anything that is not a readable, DRM-free
    EPUB.  ``limits`` caps decompression (zip bombs); tests pass small ones.
    """
    path = Path(path)
    safe = SafeZip(path, limits)
    try:
        package = _load_package(safe)
    finally:
        safe.close()
    notices = list(package.notices)
    pieces, notes, skipped = _pieces(package, keep_front_matter)
    if not any(p.paragraphs for p in pieces) and skipped:
        # Everything looked like front matter: better to read it than nothing.
        pieces, notes, _ = _pieces(package, True)
        skipped = []
    if skipped:
        notices.append("skipped front/back matter (use --keep-front-matter to keep it): " + ", ".join(skipped))
    if notes:
        pieces.append(_Piece(NOTES_TITLE, notes, None))
    text, chapters = _tile(pieces)
    if not chapters and package.missing:
        which = "some of the files" if package.spine else "the files"
        rest = ", and the others hold no text" if package.spine else ""
        raise UserError(f"{path}: {which} of the EPUB's reading order (spine) are missing from the archive "
                        f"({_some(package.missing)}){rest}, so there is nothing to read; {REPAIR}")
    if not chapters:
        raise UserError(f"{path}: the EPUB has no readable text (only images or empty pages?); nothing to read aloud")
    meta = package.metadata
    return Book(
        text=text,
        chapters=chapters,
        title=title or meta.get("title") or path.stem,
        author=author or meta.get("author"),
        language=_language(meta.get("language"), text),
        year=meta.get("year"),
        cover=package.cover,
        cover_mime=package.cover_mime if package.cover else None,
        source=path,
        notices=notices,
    )


# --- chapters ----------------------------------------------------------------


def _skip_reason(doc_path: str, markers: set[str], linear: bool, types: set[str], title: str | None) -> str | None:
    if "nav" in markers:
        return "contents"
    if "cover" in markers:
        return "cover"
    hit = types & SKIP_TYPES
    if hit and not types & KEEP_TYPES:
        return sorted(hit)[0]
    if not linear:
        return "non-linear"
    if title and SKIP_TITLE.match(title.strip(" .:")):
        return title
    tokens = set(re.split(r"[^a-z]+", posixpath.splitext(posixpath.basename(doc_path))[0].lower()))
    if tokens & SKIP_NAME_TOKENS:
        return (tokens & SKIP_NAME_TOKENS).pop()
    return None


def _pieces(package: _Package, keep: bool) -> tuple[list[_Piece], list[str], list[str]]:
    entries: dict[str, list[tuple[str, str | None]]] = {}
    for t, doc, fragment in package.toc:
        entries.setdefault(doc, []).append((t, fragment))
    has_toc = bool(package.toc)
    pieces: list[_Piece] = []
    notes: list[str] = []
    skipped: list[str] = []
    for doc_path, content, linear, markers in package.spine:
        own = entries.get(doc_path, [])
        doc = xhtml.extract(content, {f for _, f in own if f}, keep_boilerplate=keep)
        if doc.dropped_boilerplate:
            skipped.append(f"Project Gutenberg licence in {posixpath.basename(doc_path)}")
        title = own[0][0] if own else xhtml.first_heading_title(doc)
        types = doc.types | package.doc_types.get(doc_path, set())
        reason = _skip_reason(doc_path, markers, linear, types, title)
        if reason and not keep:
            if doc.paragraphs:
                skipped.append(f"{posixpath.basename(doc_path)} ({reason})")
            continue
        notes.extend(doc.notes)
        if not doc.paragraphs:
            continue
        if not has_toc and (split := _split_at_chapter_headings(doc)):
            pieces.extend(split)  # no table of contents: a page holding several chapters is split at their headings
            continue
        pieces.extend(_split_doc(doc, own, continues=has_toc and bool(pieces)))
    return pieces, notes, skipped


def _language(declared: str | None, text: str) -> str:
    """The book's language as its dc:language says ("und", "mul" and "zxx" say
    nothing), unless its text reads plainly as another: tools write "en" into
    the EPUBs they make whatever the book's language."""
    read = detect_language(text)
    if declared and base_language(declared) not in ("und", "mul", "zxx", "mis") \
            and (is_english(read) or base_language(read) == base_language(declared)):
        return declared.strip()
    return read


def _split_at_chapter_headings(doc: xhtml.DocText) -> list[_Piece] | None:
    """A document split at its chapter headings (h1-h3 reading "CHAPTER II", "Part Two",
    "Epilogue", "IV." ...) when it holds two or more, else None; a heading right below
    one (the title under "CHAPTER I") joins its title, and text before the first
    heading (an epigraph) opens the first chapter."""
    heads = [i for i in sorted(doc.headings)
             if is_heading_line(doc.paragraphs[i].split("\n")[0]) and i - 1 not in doc.headings]
    if len(heads) < 2:
        return None
    out = []
    for k, at in enumerate(heads):
        stop = heads[k + 1] if k + 1 < len(heads) else len(doc.paragraphs)
        lines = doc.paragraphs[at:at + 2] if at + 1 < stop and at + 1 in doc.headings else doc.paragraphs[at:at + 1]
        title = xhtml.heading_title("\n".join(lines))  # as written, as the title of a heading elsewhere
        out.append(_Piece(title, doc.paragraphs[0 if k == 0 else at:stop], None))
    return out


def _split_doc(doc: xhtml.DocText, own: list[tuple[str, str | None]], continues: bool) -> list[_Piece]:
    """Split one document at the TOC anchors that point into it."""
    starts: dict[int, list[str]] = {}
    for title, fragment in own:
        at = 0 if fragment is None else doc.anchors.get(fragment)
        if at is not None and title:
            starts.setdefault(min(at, len(doc.paragraphs)), []).append(title)
    if not starts and own and own[0][0]:
        starts[0] = [own[0][0]]  # anchors not found: the doc still has this title
    if not starts:
        heading = xhtml.first_heading_title(doc)
        # A document the TOC does not list and without a heading continues the last chapter.
        return [_Piece(None, doc.paragraphs, heading, new_chapter=bool(heading) or not continues)]
    positions = sorted(starts)
    out = []
    if positions[0] != 0:
        if continues:  # text before the first anchor ends the previous chapter (split files)
            out.append(_Piece(None, doc.paragraphs[:positions[0]], None, new_chapter=False))
        else:  # or, in the first document, opens the first section
            starts[0] = starts.pop(positions[0])
            positions[0] = 0
    for k, at in enumerate(positions):
        stop = positions[k + 1] if k + 1 < len(positions) else len(doc.paragraphs)
        titles = list(dict.fromkeys(starts[at]))
        out.append(_Piece(": ".join(titles), doc.paragraphs[at:stop], xhtml.first_heading_title(doc, at, stop)))
    return [p for p in out if p.paragraphs]


def _tile(pieces: list[_Piece]) -> tuple[str, list[Chapter]]:
    """Join paragraphs with blank lines; chapters are contiguous spans of it."""
    parts: list[str] = []
    starts: list[tuple[int, str | None, str | None]] = []  # (offset, title, heading)
    offset = 0
    for piece in pieces:
        if not piece.paragraphs:
            continue
        if piece.new_chapter or not starts:
            starts.append((offset, piece.title, piece.heading))
        for para in piece.paragraphs:
            parts.append(para)
            offset += len(para) + 2
    if not parts:
        return "", []
    text = "\n\n".join(parts) + "\n"
    chapters = []
    for i, (start, title, heading) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        chapters.append(Chapter(i + 1, title or heading or f"Chapter {i + 1}", 0 if i == 0 else start, end))
    return text, chapters
