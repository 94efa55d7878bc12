"""Build small EPUBs for tests with zipfile directly (no binary fixtures).

``make_epub(path, docs=[Doc(...)], ...)`` writes an EPUB 3 (nav document,
optionally also an NCX) or an EPUB 2 (NCX only, guide) with the given XHTML
bodies, table of contents, cover image and landmarks.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

# A valid 1x1 PNG (ffmpeg decodes it: the build leaves a damaged cover out).
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000b49444154789c6360000200000500017a5eab3f"
    "0000000049454e44ae426082"
)


@dataclass
class Doc:
    """One spine document: ``body`` is the inner XHTML of <body>."""

    name: str  # file name inside OEBPS/, e.g. "ch1.xhtml"
    body: str
    toc: str | None = None  # title of an automatic TOC entry pointing here
    body_attrs: str = ""  # e.g. 'epub:type="frontmatter"'
    linear: bool = True
    raw: str | None = None  # the whole file, verbatim (overrides body)


@dataclass
class Toc:
    title: str
    href: str  # relative to OEBPS/, may carry a #fragment
    children: list["Toc"] = field(default_factory=list)


def xhtml(body: str, body_attrs: str = "", title: str = "doc") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
        f"<head><title>{escape(title)}</title></head>\n"
        f"<body {body_attrs}>\n{body}\n</body>\n</html>\n"
    )


def _nav_list(entries: list[Toc]) -> str:
    items = []
    for e in entries:
        sub = f"<ol>{_nav_list(e.children)}</ol>" if e.children else ""
        items.append(f"<li><a href={quoteattr(e.href)}>{escape(e.title)}</a>{sub}</li>")
    return "".join(items)


def _ncx_points(entries: list[Toc], counter: list[int]) -> str:
    out = []
    for e in entries:
        counter[0] += 1
        n = counter[0]
        out.append(
            f'<navPoint id="np{n}" playOrder="{n}"><navLabel><text>{escape(e.title)}</text></navLabel>'
            f"<content src={quoteattr(e.href)}/>{_ncx_points(e.children, counter)}</navPoint>"
        )
    return "".join(out)


def make_epub(
    path: Path,
    docs: list[Doc],
    *,
    version: int = 3,
    title: str | None = "Test Book",
    authors: tuple[str, ...] = ("Ann Author",),
    illustrators: tuple[str, ...] = (),
    language: str | None = "en",
    dates: tuple[str, ...] = (),  # dc:date values; "1891|publication" adds opf:event="publication"
    toc: list[Toc] | None = None,
    with_ncx: bool | None = None,  # default: EPUB 2 only
    with_nav: bool | None = None,  # default: EPUB 3 only
    nav_in_spine: bool = False,
    cover: bytes | None = None,
    cover_mime: str = "image/png",
    landmarks: list[tuple[str, str]] = (),  # (epub:type / guide type, href)
    extra_files: dict[str, bytes] | None = None,
) -> Path:
    """Write an EPUB at ``path`` and return the path."""
    if toc is None:
        toc = [Toc(d.toc, d.name) for d in docs if d.toc]
    with_ncx = (version == 2) if with_ncx is None else with_ncx
    with_nav = (version == 3) if with_nav is None else with_nav

    manifest, spine = [], []
    files: dict[str, bytes] = {}
    for i, d in enumerate(docs, 1):
        files[f"OEBPS/{d.name}"] = (d.raw if d.raw is not None else xhtml(d.body, d.body_attrs)).encode("utf-8")
        manifest.append(f'<item id="d{i}" href={quoteattr(d.name)} media-type="application/xhtml+xml"/>')
        linear = "" if d.linear else ' linear="no"'
        spine.append(f'<itemref idref="d{i}"{linear}/>')
    if with_nav:
        landmark_nav = ""
        if landmarks and version == 3:
            links = "".join(f'<li><a epub:type="{t}" href={quoteattr(h)}>{t}</a></li>' for t, h in landmarks)
            landmark_nav = f'<nav epub:type="landmarks"><ol>{links}</ol></nav>'
        nav = xhtml(f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{_nav_list(toc)}</ol></nav>{landmark_nav}')
        files["OEBPS/nav.xhtml"] = nav.encode("utf-8")
        manifest.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
        if nav_in_spine:
            spine.insert(0, '<itemref idref="nav"/>')
    if with_ncx:
        ncx = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            '<head><meta name="dtb:uid" content="id"/></head><docTitle><text>t</text></docTitle>'
            f"<navMap>{_ncx_points(toc, [0])}</navMap></ncx>"
        )
        files["OEBPS/toc.ncx"] = ncx.encode("utf-8")
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    meta = []
    if title is not None:
        meta.append(f"<dc:title>{escape(title)}</dc:title>")
    for i, a in enumerate(authors):
        meta.append(f'<dc:creator id="cr{i}">{escape(a)}</dc:creator>')
    for i, a in enumerate(illustrators):
        if version == 3:
            meta.append(f'<dc:creator id="il{i}">{escape(a)}</dc:creator><meta refines="#il{i}" property="role" scheme="marc:relators">ill</meta>')
        else:
            meta.append(f'<dc:creator opf:role="ill">{escape(a)}</dc:creator>')
    if language is not None:
        meta.append(f"<dc:language>{language}</dc:language>")
    for d in dates:
        value, _, event = d.partition("|")
        meta.append(f'<dc:date opf:event="{event}">{value}</dc:date>' if event else f"<dc:date>{value}</dc:date>")
    meta.append('<dc:identifier id="uid">urn:test:1</dc:identifier>')
    if cover is not None:
        ext = "png" if cover_mime == "image/png" else "jpg"
        files[f"OEBPS/images/cover.{ext}"] = cover
        props = ' properties="cover-image"' if version == 3 else ""
        manifest.append(f'<item id="cover-img" href="images/cover.{ext}" media-type="{cover_mime}"{props}/>')
        if version == 2:
            meta.append('<meta name="cover" content="cover-img"/>')
    guide = ""
    if landmarks and version == 2:
        refs = "".join(f'<reference type="{t}" title="{t}" href={quoteattr(h)}/>' for t, h in landmarks)
        guide = f"<guide>{refs}</guide>"
    spine_attr = ' toc="ncx"' if with_ncx else ""
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}.0" unique-identifier="uid">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">'
        f'{"".join(meta)}</metadata>'
        f'<manifest>{"".join(manifest)}</manifest>'
        f'<spine{spine_attr}>{"".join(spine)}</spine>{guide}</package>'
    )
    files["OEBPS/content.opf"] = opf.encode("utf-8")
    files["META-INF/container.xml"] = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    ).encode("utf-8")
    files.update(extra_files or {})
    write_zip(path, files)
    return path


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != "mimetype"}
