"""Plain text from one (X)HTML document of an EPUB.

Block elements become paragraphs, <br> a newline (a pause when spoken, see
normalize._line_breaks; in a heading's title, ": "), whitespace collapses inside
a paragraph; scripts, styles, page-break markers and note references are
dropped; notes (footnotes, endnotes, <aside>) are taken out of the flow and
returned apart so the reader can put them at the end of the book.
"""
from __future__ import annotations

import html.entities as html_entities
import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree, html

OPS_TYPE = "{http://www.idpf.org/2007/ops}type"

BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "section", "article", "header", "footer", "nav", "main", "body",
    "table", "tr", "thead", "tbody", "tfoot", "caption", "figure", "figcaption",
    "address", "center", "details", "summary", "hr", "pre", "hgroup", "fieldset",
}
HEADINGS = {"h1", "h2", "h3"}
CELLS = {"td", "th"}
DROP = {
    "head", "script", "style", "template", "noscript", "svg", "math", "object", "embed",
    "iframe", "audio", "video", "canvas", "rt", "rp", "button", "select", "input", "textarea",
}
NOTE_TYPES = {"footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes", "note", "notes"}
NOTE_ROLES = {"doc-footnote", "doc-endnote", "doc-endnotes", "doc-footnotes"}
NOTE_CLASSES = {"footnote", "footnotes", "endnote", "endnotes"}
# The text of a link that is only a note marker: 1, [2], (iii)?, *, †, ‡ ...
NOTE_MARKER = re.compile(r"^\s*[\[(]?\s*(\d{1,4}|[*†‡§¶#]+|[ivx]{1,6}|[a-z])\s*[\])]?\s*[.,]?\s*$|^\s*[↩↑⤴︎\ufe0e]+\s*$")
BRACKETED_OR_SYMBOL = re.compile(r"^\s*(\[[^\]]+\]|[*†‡§¶#↩↑⤴\ufe0e]+)\s*$")
NOTE_TARGET = re.compile(r"(?i)(note|fn|ftn|footnote|endnote|annot|ref|_en\d|#en\d|#n\d)")
PAGE_NUMBER_CLASSES = {"pagenum", "pagenumber", "page-number", "pageno", "page_number", "page-num"}
BOILERPLATE_MARKS = {"pg-header", "pg-footer", "pg-boilerplate", "pgheader", "pgfooter"}
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
_SELF_CLOSED = re.compile(rf"<(?!(?:{_VOID})\b)([A-Za-z][\w:.-]*)((?:\s[^<>]*?)?)/>")
_NEWLINE = "\x00"  # a hard line break inside a paragraph, until flushing


@dataclass
class DocText:
    paragraphs: list[str] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)  # indexes of h1-h3 paragraphs
    anchors: dict[str, int] = field(default_factory=dict)  # id -> index of the paragraph it starts
    notes: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)  # epub:type tokens of the body and its top sections
    dropped_boilerplate: bool = False


def local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def types_of(el) -> set[str]:
    raw = (el.get(OPS_TYPE) or el.get("epub:type") or "") + " " + (el.get("role") or "")
    return {t.split(":")[-1].lower() for t in raw.split()}


def parse(data: bytes):
    """The root element of an XHTML document (XML first, forgiving HTML after)."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        root = etree.fromstring(data, parser)
        if root is not None and local(root) == "html":
            return root
    except (etree.XMLSyntaxError, ValueError):
        pass
    text = _decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", "", text, count=1, flags=re.S | re.I)
    text = _SELF_CLOSED.sub(r"<\1\2></\1>", text)  # <a id="x"/> would swallow text in HTML
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_GARBLED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def not_text(data: bytes) -> bool:
    """Binary data (an image, a font) rather than a document: bytes that no
    text has, in a file that is not XML either (UTF-16 XML has NULs too)."""
    head = data[:4096]
    if not _CONTROL_BYTES.search(head):
        return False
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        return False
    except (etree.XMLSyntaxError, ValueError):
        pass
    sample = _decode(head)
    return len(_GARBLED.findall(sample)) > 0.05 * len(sample)


def _decode(data: bytes) -> str:
    head = data[:2048].decode("ascii", "replace")
    m = re.search(r"""encoding\s*=\s*["']([\w.:-]+)|charset\s*=\s*["']?([\w.:-]+)""", head, re.I)
    encoding = (m.group(1) or m.group(2)) if m else "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def is_note(el) -> bool:
    name = local(el)
    if name == "aside":
        return True
    if types_of(el) & (NOTE_TYPES | NOTE_ROLES):
        return True
    return name in ("div", "section", "p", "li", "ol") and bool(
        set((el.get("class") or "").lower().split()) & NOTE_CLASSES
    )


def is_noteref(el, in_note: bool = False) -> bool:
    """A note reference (or, inside a note, its back link): read neither."""
    name = local(el)
    if types_of(el) & {"noteref", "doc-noteref"}:
        return True
    if name == "sup":
        links = [c for c in el.iter() if local(c) == "a" and "#" in (c.get("href") or "")]
        return bool(links) and bool(NOTE_MARKER.match(el.xpath("string()")))
    if name != "a" or "#" not in (el.get("href") or ""):
        return False
    marker = el.xpath("string()")
    if not NOTE_MARKER.match(marker):
        return False
    # "[1]", "*", "†", "↩" are always markers; a bare "3" only when it points at a note
    # (otherwise "see chapter <a>3</a>" would lose its number).
    if in_note or BRACKETED_OR_SYMBOL.match(marker):
        return True
    parent = el.getparent()
    return (parent is not None and local(parent) in ("sup", "sub")) or bool(
        NOTE_TARGET.search((el.get("href") or "") + " " + (el.get("class") or "") + " " + (el.get("id") or ""))
    )


def _is_pagebreak(el) -> bool:
    """Printed-page markers: epub:type pagebreak, or Gutenberg's <span class="pagenum">[Pg 12]</span>."""
    if types_of(el) & {"pagebreak", "doc-pagebreak"}:
        return True
    return local(el) in ("span", "div", "a") and bool(set((el.get("class") or "").lower().split()) & PAGE_NUMBER_CLASSES)


def is_boilerplate(el) -> bool:
    """Project Gutenberg's licence header and footer inside a book's pages."""
    marks = set((el.get("class") or "").lower().split()) | {(el.get("id") or "").lower()}
    return bool(marks & BOILERPLATE_MARKS)


class _Walker:
    def __init__(self, wanted_ids: set[str], in_note: bool = False, keep_boilerplate: bool = True):
        self.out = DocText()
        self.in_note = in_note
        self.keep_boilerplate = keep_boilerplate
        self.wanted = wanted_ids
        self.buf: list[str] = []
        self.pre = 0

    def flush(self, heading: bool = False) -> None:
        # composed accents (NFC): a decomposed "Rene\u0301e" would be cut at its accent into "Rene"
        raw = unicodedata.normalize("NFC", INVISIBLE.sub("", "".join(self.buf)))
        self.buf.clear()
        lines = [SPACES.sub(" ", line).strip() for line in raw.split(_NEWLINE)]
        text = "\n".join(line for line in lines if line)
        if text:
            if heading:
                self.out.headings.add(len(self.out.paragraphs))
            self.out.paragraphs.append(text)

    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text.replace("\n", _NEWLINE) if self.pre else text)

    def walk(self, root) -> None:
        stack = [(root, False)]
        while stack:
            el, closing = stack.pop()
            if closing:
                self.close(el)
                self.add(el.tail)
                continue
            if el.tag is etree.Entity:  # &nbsp; etc. left unresolved (never expand custom ones)
                self.add(html_entities.html5.get(f"{el.name};", ""))
                self.add(el.tail)
                continue
            name = local(el)
            boilerplate = bool(name) and not self.keep_boilerplate and is_boilerplate(el)
            if not name or name in DROP or _is_pagebreak(el) or el.get("hidden") is not None or boilerplate:
                self.out.dropped_boilerplate |= boilerplate
                self.add(el.tail)
                continue
            if el is not root and is_note(el):
                note = extract_element(el, in_note=True)
                self.out.notes.extend(note.paragraphs + note.notes)
                self.add(el.tail)
                continue
            if is_noteref(el, self.in_note):
                self.add(el.tail)
                continue
            self.open(el, name)
            self.add(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))

    def open(self, el, name: str) -> None:
        for key in ("id", "name"):
            value = el.get(key)
            if value and value in self.wanted and value not in self.out.anchors:
                self.out.anchors[value] = len(self.out.paragraphs) + (1 if self._has_text() else 0)
        if name in BLOCKS:
            self.flush()
        elif name == "br":
            self.buf.append(_NEWLINE)
        elif name in CELLS:
            self.buf.append(" ")
        if name == "pre":
            self.pre += 1

    def close(self, el) -> None:
        name = local(el)
        if name in BLOCKS:
            self.flush(heading=name in HEADINGS)
        elif name in CELLS:
            self.buf.append(" ")
        if name == "pre":
            self.pre -= 1

    def _has_text(self) -> bool:
        return bool(SPACES.sub("", INVISIBLE.sub("", "".join(self.buf)).replace(_NEWLINE, "")))


def extract_element(el, wanted_ids: set[str] = frozenset(), in_note: bool = False,
                    keep_boilerplate: bool = True) -> DocText:
    walker = _Walker(set(wanted_ids), in_note, keep_boilerplate)
    walker.walk(el)
    walker.flush()
    return walker.out


def extract(data: bytes, wanted_ids: set[str] = frozenset(), keep_boilerplate: bool = True) -> DocText:
    """Paragraphs, headings, anchor positions and notes of one document."""
    root = parse(data)
    if root is None:
        return DocText()
    body = next((el for el in root.iter() if local(el) == "body"), root)
    out = extract_element(body, wanted_ids, keep_boilerplate=keep_boilerplate)
    out.types = _top_types(body)
    return out


def _top_types(body) -> set[str]:
    """epub:type tokens of the body and of the sections that wrap its content."""
    found = set(types_of(body))
    level = [body]
    for _ in range(3):
        level = [c for el in level for c in el if local(c) in ("section", "div", "nav", "article", "main", "header")]
        for el in level:
            found |= types_of(el)
    return found


_ENDS_WITH_MARK = re.compile(r"[.,;:!?\u2014\u2013-]$")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_PHRASE_GOES_ON = {"of", "by", "the", "a", "an", "and", "or", "to", "for", "from", "in", "on", "at", "with", "up"}


def first_heading_title(doc: DocText, start: int = 0, stop: int | None = None) -> str | None:
    stop = len(doc.paragraphs) if stop is None else stop
    for i in sorted(doc.headings):
        if start <= i < stop:
            return heading_title(doc.paragraphs[i])
    return None


def heading_title(text: str) -> str:
    """A heading's lines (split by <br/>) as one title: "Chapter One<br/>The Orchard Gate"
    -> "Chapter One: The Orchard Gate"; a line that ends in a mark or goes on ("I.<br/>The
    Mill", "Table of<br/>Contents") is joined with a space."""
    title = ""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line and title:
            last = _LAST_WORD.search(title)
            goes_on = bool(last) and (last.group(1).islower() or last.group(1).lower() in _PHRASE_GOES_ON)
            title += (" " if goes_on or _ENDS_WITH_MARK.search(title) else ": ") + line
        elif line:
            title = line
    return title
