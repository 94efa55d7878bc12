"""The EPUB package: container, package file (OPF), spine, TOC, metadata, cover.

META-INF/container.xml names the package file; it is parsed strictly and
tidied (missing namespaces, items without a file) so that ebooklib can read it
through SafeZip's bounded reads.  The result, a _Package, is what epub.py turns
into chapters: the spine documents in reading order, the table of contents
(nav.xhtml or NCX) flattened, guide and landmark types per document, the Dublin
Core metadata and the cover image.  Damage the book can be read despite becomes
a notice; anything else a one-line UserError.
"""
from __future__ import annotations

import posixpath
import re
import warnings
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from audiobook.errors import UserError
from audiobook.readers import xhtml
from audiobook.readers.epub_zip import SafeZip

CONTAINER = "META-INF/container.xml"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
OPF_MEDIA_TYPE = "application/oebps-package+xml"
REPAIR = ("the EPUB is damaged: download it again, or repair it with an EPUB editor "
          "(Calibre's \"Edit book\", Sigil) and try again")


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
    spine, unlisted, missing_docs, repeated, not_text = [], [], [], [], []
    seen: set[str] = set()
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
        if canon(name) in seen:  # listed twice: read it once
            repeated.append(canon(name))
            continue
        seen.add(canon(name))
        if xhtml.not_text(item.content or b""):  # an image or font filed as a page
            not_text.append(canon(name))
            continue
        markers = {"nav"} if isinstance(item, epub.EpubNav) else set()
        if isinstance(item, epub.EpubCoverHtml):
            markers.add("cover")
        spine.append((canon(name), item.content or b"", str(linear).lower() != "no", markers))
    if unlisted:
        notices.append(f"the EPUB's reading order (spine) refers to {_some(unlisted, quote=True)}, which its "
                       "manifest does not list; skipped")
    if repeated:
        notices.append(f"the EPUB's reading order (spine) lists {_some(list(dict.fromkeys(repeated)))} more than "
                       "once; read once")
    if not_text:
        notices.append(f"the EPUB's reading order (spine) lists {_some(not_text)} as a page, but "
                       f"{'they hold' if len(not_text) > 1 else 'it holds'} binary data, not text; skipped")
    if not spine and not missing_docs and not not_text:
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
    actual = safe.resolve(name) or safe.resolve(unquote(name))  # full-path is a URL path: "My%20Book/content.opf"
    if actual is None:
        raise UserError(f"{safe.path}: not a valid EPUB: the package file (OPF) {name} named in {CONTAINER} "
                        f"is missing from the archive; {REPAIR}")
    if actual not in (name, unquote(name)):
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
        elif xhtml.local(el) == "item":
            el.set("media-type", _media_type(el.get("media-type"), el.get("href")))
    for el in list(spine):
        if xhtml.local(el) != "itemref" or not (el.get("idref") or "").strip():
            spine.remove(el)  # comments, stray elements and itemrefs to nothing
    ids = {el.get("id") for el in manifest}
    if spine.get("toc") and spine.get("toc") not in ids:
        del spine.attrib["toc"]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


HTML_MEDIA_TYPES = ("application/xhtml+xml", "text/html")
HTML_SUFFIXES = (".xhtml", ".html", ".htm", ".xht")


def _media_type(declared: str | None, href: str) -> str:
    """The manifest's media type as ebooklib compares it (lower case, no parameters
    or spaces); an (X)HTML page by its file name when the type is missing or is
    not one a page can have ("APPLICATION/XHTML+XML; charset=utf-8", "text/xml",
    none at all), so that its text is not taken for an image or a stylesheet."""
    media_type = (declared or "").split(";")[0].strip().lower()
    if media_type not in HTML_MEDIA_TYPES and unquote(href.split("#")[0]).strip().lower().endswith(HTML_SUFFIXES) \
            and not media_type.startswith(("image/", "audio/", "video/", "font/", "text/css", "application/x-dtbncx",
                                           "application/smil")):
        return "application/xhtml+xml"
    return media_type or "application/octet-stream"


def _looks_html(item) -> bool:
    return (getattr(item, "media_type", "") or "") in ("text/html", "application/xhtml+xml")


def _split_href(base: str, href: str) -> tuple[str, str | None]:
    doc, _, fragment = (href or "").partition("#")
    doc_path = posixpath.normpath(posixpath.join(base, unquote(doc))) if doc else ""
    return doc_path, unquote(fragment) or None


def _flatten(entries) -> list[tuple[str, str]]:
    """(title, href) of a nested ebooklib TOC, depth-first."""
    out: list[tuple[str, str]] = []
    if entries is not None and not isinstance(entries, (list, tuple)):
        entries = [entries]  # ebooklib reads an empty NCX navMap as one bare Link, not a list
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
