"""EPUB 2 and 3 reader: spine order, TOC chapter titles, metadata, cover.

The zip is validated first (epub_zip.SafeZip: DRM, zip bombs, hostile
names); ebooklib then reads the package through our bounded reads.  Text is
extracted per spine document (xhtml.extract) and chapters are spans that tile
``Book.text``.  Front and back matter nobody wants read aloud (copyright,
contents, index, publisher boilerplate) is skipped unless asked for; notes are
taken out of the chapters and gathered into a final "Notes" chapter.
"""
from __future__ import annotations

import posixpath
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from audiobook.errors import UserError
from audiobook.model import Book, Chapter
from audiobook.readers import xhtml
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
CONTAINER = "META-INF/container.xml"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
OPF_MEDIA_TYPE = "application/oebps-package+xml"
REPAIR = ("the EPUB is damaged: download it again, or repair it with an EPUB editor "
          "(Calibre's \"Edit book\", Sigil) and try again")


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
        language=meta.get("language") or "en",
        year=meta.get("year"),
        cover=package.cover,
        cover_mime=package.cover_mime if package.cover else None,
        source=path,
        notices=notices,
    )


# --- package ---------------------------------------------------------------


@dataclass
class _Package:
    spine: list[tuple[str, bytes, bool, set[str]]]  # (path, content, linear, markers e.g. {"nav"})
    toc: list[tuple[str, str, str | None]]  # (title, doc path, fragment), depth-first order
    doc_types: dict[str, set[str]]  # doc path -> guide/landmark types
    metadata: dict[str, str]
    cover: bytes | None
    cover_mime: str | None
    notices: list[str]
    missing: list[str]  # spine documents the archive does not contain


def _load_package(safe: SafeZip) -> _Package:
    from ebooklib import epub  # imported late: only EPUB users pay for it

    if safe.resolve(CONTAINER) is None:
        raise UserError(f"{safe.path}: not an EPUB: the zip archive has no {CONTAINER} "
                        "(another kind of zip, or a damaged EPUB); re-download or re-export the book")
    notices: list[str] = []
    missing: dict[str, None] = {}  # files the package lists that the archive lacks, in order
    recased: dict[str, str] = {}  # name as listed -> the archive's name, differing in case only

    class BoundedReader(epub.EpubReader):
        def _load(self):
            self.zf = safe.zf
            self.opf_file = _package_path(safe, notices, recased)
            self.opf_dir = posixpath.dirname(self.opf_file)
            self.opf_data = _checked_package(safe, self.opf_file, notices)
            self._load_opf_file()

        def read_file(self, name):
            name = posixpath.normpath(name)
            if name == self.opf_file:
                return self.opf_data
            actual = safe.resolve(name)
            if actual is None:
                missing[name] = None
                return b""
            if actual != name:
                recased[name] = actual
            return safe.read(actual)

        def _load_spine(self):
            try:
                super()._load_spine()
            except Exception:  # noqa: BLE001 - a broken NCX reference only costs the TOC
                self.book.toc = []

        def _parse_nav(self, data, base_path, navtype="toc"):
            try:  # ebooklib fails on a nav without a toc; fall back to headings
                super()._parse_nav(data, base_path, navtype)
            except Exception:  # noqa: BLE001 - any malformed nav is just "no TOC"
                pass

        def _parse_ncx(self, data):
            try:
                super()._parse_ncx(data)
            except Exception:  # noqa: BLE001
                self.book.toc = []

    reader = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = BoundedReader(str(safe.path), {"ignore_ncx": True})
            book = reader.load()
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - ebooklib raises anything on malformed packages
        opf = getattr(reader, "opf_file", None) or "(OPF)"
        raise UserError(f"{safe.path}: cannot read this EPUB's package file {opf}: its structure is not what "
                        f"the EPUB standard describes; {REPAIR}") from None

    opf_dir = reader.opf_dir
    full = lambda href: posixpath.normpath(posixpath.join(opf_dir, unquote(href)))  # noqa: E731
    canon = lambda name: safe.resolve(name) or name  # noqa: E731
    spine, unlisted, missing_docs = [], [], []
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None:
            unlisted.append(str(idref))
            continue
        if not isinstance(item, (epub.EpubHtml, epub.EpubNav)) and not _looks_html(item):
            continue
        name = full(item.file_name)
        if name in missing:
            missing_docs.append(name)
            continue
        markers = {"nav"} if isinstance(item, epub.EpubNav) else set()
        if isinstance(item, epub.EpubCoverHtml):
            markers.add("cover")
        spine.append((canon(name), item.content or b"", str(linear).lower() != "no", markers))
    if unlisted:
        notices.append(f"the EPUB's reading order (spine) refers to {_some(unlisted, quote=True)}, which its "
                       "manifest does not list; skipped")
    if not spine and not missing_docs:
        pages = [i for i in book.get_items() if isinstance(i, epub.EpubHtml)
                 and not isinstance(i, (epub.EpubNav, epub.EpubCoverHtml)) and full(i.file_name) not in missing]
        if pages:
            notices.append("the EPUB's reading order (spine) lists none of its pages; "
                           "read them in the order its manifest lists them")
            spine = [(canon(full(i.file_name)), i.content or b"", True, set()) for i in pages]
    if missing_docs:
        notices.append(f"the EPUB's reading order lists {_some(missing_docs)} but the archive does not "
                       f"contain {_them(missing_docs)}; skipped")
    others = [m for m in missing if m not in missing_docs]
    if others:
        notices.append(f"the EPUB lists {_some(others)} but does not contain {_them(others)}; skipped")
    if recased:
        pairs = [f"{a} is stored as {b}" for a, b in recased.items()]
        notices.append(f"file names in the EPUB differ from the archive's only in letter case ({_some(pairs)}); "
                       "used the archive's files")
    nav = next((i for i in book.get_items() if isinstance(i, epub.EpubNav)), None)
    ncx = next((i for i in book.get_items() if isinstance(i, epub.EpubNcx)), None)
    toc_base = opf_dir if nav is not None else posixpath.dirname(full(ncx.file_name)) if ncx else opf_dir
    toc = [(t, canon(doc), frag) for t, h in _flatten(book.toc) for doc, frag in [_split_href(toc_base, h)]]
    doc_types: dict[str, set[str]] = {}
    for ref in getattr(book, "guide", []) or []:
        if ref.get("href") and ref.get("type"):
            doc_types.setdefault(canon(_split_href(opf_dir, ref["href"])[0]), set()).add(ref["type"].lower())
    if nav is not None:
        nav_base = posixpath.dirname(full(nav.file_name))
        for kind, href in _landmarks(nav.content or b""):
            doc_types.setdefault(canon(_split_href(nav_base, href)[0]), set()).add(kind)
    cover, cover_mime = _cover(book, epub)
    return _Package(spine, toc, doc_types, _metadata(book), cover, cover_mime, notices, missing_docs)


def _some(names: list[str], quote: bool = False) -> str:
    """'a', 'a and b', 'a, b and 3 more'."""
    shown = [repr(n) if quote else n for n in names[:2]]
    if len(names) > 2:
        return f"{', '.join(shown)} and {len(names) - 2} more"
    return " and ".join(shown)


def _them(names: list) -> str:
    return "them" if len(names) > 1 else "it"


def _xml_problem(exc: etree.XMLSyntaxError) -> str:
    """'line 3, column 7: Premature end of data' from lxml's error."""
    msg = re.sub(r"(?:,?\s*line \d+(?:, column \d+)?)+\s*$", "", exc.msg or "").strip() or "syntax error"
    line, column = exc.position if exc.position else (exc.lineno, 0)
    where = f"line {line}, column {column}" if line and column else f"line {line}" if line else ""
    return f"{where}: {msg}" if where else msg


def _parse_xml(data: bytes):
    """(root, problem): the parsed root, or on a syntax error what a recovering
    parser keeps of it (maybe None) and where the error is."""
    options = dict(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, etree.XMLParser(**options)), None
    except etree.XMLSyntaxError as exc:
        problem = _xml_problem(exc)
    try:
        return etree.fromstring(data, etree.XMLParser(recover=True, **options)), problem
    except etree.XMLSyntaxError:
        return None, problem


def _package_path(safe: SafeZip, notices: list[str], recased: dict[str, str]) -> str:
    """The package file (OPF) that META-INF/container.xml names."""
    root, problem = _parse_xml(safe.read(safe.resolve(CONTAINER)))
    rootfiles = [] if root is None else [
        el for el in root.iter() if xhtml.local(el) == "rootfile" and (el.get("full-path") or "").strip()
    ]
    if problem and not rootfiles:
        raise UserError(f"{safe.path}: the EPUB's {CONTAINER} is broken: it is not well-formed XML ({problem}), "
                        f"so the book's package file cannot be found; {REPAIR}")
    if problem:
        notices.append(f"the EPUB's {CONTAINER} is not well-formed XML ({problem}); used the package file it names")
    if not rootfiles:
        raise UserError(f"{safe.path}: the EPUB's {CONTAINER} names no package file (no <rootfile full-path=...>); "
                        f"{REPAIR}")
    chosen = next((r for r in rootfiles if (r.get("media-type") or "").strip() == OPF_MEDIA_TYPE), rootfiles[0])
    # some tools write "/OEBPS/content.opf"
    name = posixpath.normpath(chosen.get("full-path").strip().lstrip("/"))
    actual = safe.resolve(name)
    if actual is None:
        raise UserError(f"{safe.path}: not a valid EPUB: the package file (OPF) {name} named in {CONTAINER} "
                        f"is missing from the archive; {REPAIR}")
    if actual != name:
        recased[name] = actual
    return actual


def _checked_package(safe: SafeZip, name: str, notices: list[str]) -> bytes:
    """The package file, parsed strictly, checked for what a reader needs and
    tidied (namespace, items without a file) so ebooklib can read it."""
    root, problem = _parse_xml(safe.read(name))
    if root is not None and xhtml.local(root) == "package" and not str(root.tag).startswith("{"):
        for el in root.iter():  # an OPF without its namespace: the elements are still the OPF's
            if isinstance(el.tag, str) and not el.tag.startswith("{"):
                el.tag = f"{{{OPF_NS}}}{el.tag}"
    part = lambda tag: None if root is None else root.find(f"{{{OPF_NS}}}{tag}")  # noqa: E731
    manifest, spine = part("manifest"), part("spine")
    if problem:
        if root is None or xhtml.local(root) != "package" or manifest is None or spine is None or not len(spine):
            raise UserError(f"{safe.path}: the EPUB's package file {name} is not well-formed XML ({problem}); {REPAIR}")
        notices.append(f"the EPUB's package file {name} is not well-formed XML ({problem}); "
                       "read what could be recovered, so part of the book may be missing")
    if xhtml.local(root) != "package":
        raise UserError(f"{safe.path}: {name}, named as the EPUB's package file, is not one (it holds "
                        f"<{xhtml.local(root)}>, not <package>); {REPAIR}")
    if manifest is None:
        raise UserError(f"{safe.path}: the EPUB's package file {name} has no <manifest> (the list of the book's "
                        f"files); {REPAIR}")
    if not {OPF_NS, DC_NS} <= set(root.nsmap.values()):  # ebooklib needs both declared
        nsmap = dict(root.nsmap)
        for prefix, uri in ((None, OPF_NS), ("opf", OPF_NS), ("dc", DC_NS)):
            if uri not in nsmap.values() and prefix not in nsmap:
                nsmap[prefix] = uri
        bare, root = root, etree.Element(root.tag, dict(root.attrib), nsmap=nsmap)
        root.text = bare.text
        root.extend(list(bare))
    if part("metadata") is None:
        root.insert(0, etree.Element(f"{{{OPF_NS}}}metadata"))
    if spine is None:
        spine = etree.SubElement(root, f"{{{OPF_NS}}}spine")
    for el in list(manifest):
        if xhtml.local(el) == "item" and not (el.get("href") or "").strip():
            manifest.remove(el)
    for el in list(spine):
        if xhtml.local(el) == "itemref" and not (el.get("idref") or "").strip():
            spine.remove(el)
    ids = {el.get("id") for el in manifest}
    if spine.get("toc") and spine.get("toc") not in ids:
        del spine.attrib["toc"]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _looks_html(item) -> bool:
    return (getattr(item, "media_type", "") or "") in ("text/html", "application/xhtml+xml")


def _split_href(base: str, href: str) -> tuple[str, str | None]:
    doc, _, fragment = (href or "").partition("#")
    doc_path = posixpath.normpath(posixpath.join(base, unquote(doc))) if doc else ""
    return doc_path, unquote(fragment) or None


def _flatten(entries) -> list[tuple[str, str]]:
    """(title, href) of a nested ebooklib TOC, depth-first."""
    out: list[tuple[str, str]] = []
    for entry in entries or []:
        if isinstance(entry, (tuple, list)) and len(entry) == 2:
            section, children = entry
            if getattr(section, "href", None):
                out.append((_clean(getattr(section, "title", "")), section.href))
            out.extend(_flatten(children))
        elif getattr(entry, "href", None):
            out.append((_clean(getattr(entry, "title", "")), entry.href))
    return out


def _clean(title) -> str:
    return " ".join(str(title or "").split())


def _landmarks(nav_data: bytes) -> list[tuple[str, str]]:
    root = xhtml.parse(nav_data)
    if root is None:
        return []
    found = []
    for nav in (el for el in root.iter() if xhtml.local(el) == "nav" and "landmarks" in xhtml.types_of(el)):
        for a in (el for el in nav.iter() if xhtml.local(el) == "a"):
            for kind in xhtml.types_of(a):
                found.append((kind, a.get("href") or ""))
    return found


def _metadata(book) -> dict[str, str]:
    def values(name):
        return [_clean(v) for v, _ in book.get_metadata("DC", name) if v and _clean(v)]

    # EPUB 2 marks roles with opf:role; EPUB 3 with <meta refines="#id" property="role">.
    roles = {(a or {}).get("refines", "").lstrip("#"): _clean(v) for v, a in book.get_metadata("OPF", "meta")
             if (a or {}).get("property") == "role" and v}
    authors = []
    for value, attrs in book.get_metadata("DC", "creator"):
        attrs = attrs or {}
        role = attrs.get("{http://www.idpf.org/2007/opf}role") or roles.get(attrs.get("id", ""), "aut")
        if value and _clean(value) and role == "aut":
            authors.append(_clean(value))
    authors = authors or values("creator")
    meta = {}
    if values("title"):
        meta["title"] = values("title")[0]
    if authors:
        meta["author"] = ", ".join(dict.fromkeys(authors))
    if values("language"):
        meta["language"] = values("language")[0]
    # the publication date's year (EPUB 2 may list several dates, each with an opf:event)
    dates = [(_clean(v), (a or {}).get("{http://www.idpf.org/2007/opf}event", "")) for v, a
             in book.get_metadata("DC", "date") if v]
    dates.sort(key=lambda d: "publication" not in d[1])
    years = [m.group(0) for d, _ in dates if (m := re.search(r"\b1[5-9]\d\d\b|\b20\d\d\b", d or ""))]
    if years:
        meta["year"] = years[0]
    return meta


def _cover(book, epub) -> tuple[bytes | None, str | None]:
    item = next((i for i in book.get_items() if isinstance(i, epub.EpubCover)), None)
    if item is None:  # EPUB 2: <meta name="cover" content="ID"/> (ebooklib files it under "meta")
        metas = book.get_metadata("OPF", "cover") + book.get_metadata("OPF", "meta")
        ids = [(a or {}).get("content", "") for _, a in metas if (a or {}).get("name", "cover") == "cover"]
        item = next((book.get_item_with_id(i) for i in ids if book.get_item_with_id(i) is not None), None)
    if item is None:  # last resort: an image called "cover"
        item = next((i for i in book.get_items() if (i.media_type or "").startswith("image/")
                     and "cover" in ((i.id or "") + posixpath.basename(i.file_name or "")).lower()), None)
    if item is None or not (item.media_type or "").startswith("image/"):
        return None, None
    data = item.content
    return (data, item.media_type) if data else (None, None)


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
        pieces.extend(_split_doc(doc, own, continues=has_toc and bool(pieces)))
    return pieces, notes, skipped


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
