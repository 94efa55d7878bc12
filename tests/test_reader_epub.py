"""EPUB reader: structure, text extraction, metadata, front matter, notes, hostile files."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from audiobook.errors import UserError
from audiobook.readers.epub import REPAIR, read_epub
from audiobook.readers.epub_zip import DRM_MESSAGE, SafeZip, ZipLimits
try:  # tests/ may or may not be a package, depending on the checkout
    from tests.epub_factory import PNG_1X1, Doc, Toc, make_epub, read_zip, write_zip, xhtml
except ImportError:
    from epub_factory import PNG_1X1, Doc, Toc, make_epub, read_zip, write_zip, xhtml


def assert_tiles(book) -> None:
    assert book.chapters[0].start == 0
    assert book.chapters[-1].end == len(book.text)
    for a, b in zip(book.chapters, book.chapters[1:]):
        assert a.end == b.start
    assert [c.index for c in book.chapters] == list(range(1, len(book.chapters) + 1))


def chapter_texts(book) -> list[str]:
    return [book.text[c.start:c.end] for c in book.chapters]


SIMPLE = [
    Doc("ch1.xhtml", "<h1>Chapter One</h1><p>It was night.</p>", toc="The First"),
    Doc("ch2.xhtml", "<h1>Chapter Two</h1><p>It was day.</p>", toc="The Second"),
]


# --- structure ---------------------------------------------------------------


@pytest.mark.parametrize("version", [2, 3])
def test_spine_order_toc_titles_and_tiling(tmp_path, version):
    book = read_epub(make_epub(tmp_path / "b.epub", SIMPLE, version=version))
    assert book.text == "Chapter One\n\nIt was night.\n\nChapter Two\n\nIt was day.\n"
    assert [c.title for c in book.chapters] == ["The First", "The Second"]
    assert chapter_texts(book) == ["Chapter One\n\nIt was night.\n\n", "Chapter Two\n\nIt was day.\n"]
    assert_tiles(book)


def test_spine_order_not_manifest_or_toc_order(tmp_path):
    docs = [Doc("b.xhtml", "<p>Second file name, first in spine.</p>"), Doc("a.xhtml", "<p>Then this.</p>")]
    book = read_epub(make_epub(tmp_path / "b.epub", docs, toc=[Toc("A", "a.xhtml"), Toc("B", "b.xhtml")]))
    assert book.text.index("first in spine") < book.text.index("Then this")
    assert [c.title for c in book.chapters] == ["B", "A"]


def test_nav_preferred_over_ncx(tmp_path):
    # Both present: the EPUB 3 nav's titles win.  The NCX gets the same entries
    # from the factory, so check the nav was read by the nested title join.
    docs = [Doc("ch1.xhtml", "<p>One.</p>")]
    toc = [Toc("Part 1", "ch1.xhtml", [Toc("Opening", "ch1.xhtml")])]
    book = read_epub(make_epub(tmp_path / "b.epub", docs, toc=toc, with_ncx=True))
    assert [c.title for c in book.chapters] == ["Part 1: Opening"]


def test_no_toc_titles_from_first_heading_else_chapter_n(tmp_path):
    docs = [
        Doc("a.xhtml", "<p>Epigraph line.</p><h2>The <em>Real</em> Start</h2><p>x</p>"),
        Doc("b.xhtml", "<p>No heading here.</p>"),
        Doc("c.xhtml", "<h3>Third</h3><h4>not this</h4>"),
    ]
    book = read_epub(make_epub(tmp_path / "b.epub", docs, toc=[]))
    assert [c.title for c in book.chapters] == ["The Real Start", "Chapter 2", "Third"]
    assert_tiles(book)


def test_fragment_anchors_split_one_document(tmp_path):
    body = (
        "<p>Before any anchor.</p>"
        "<h2 id='c1'>One</h2><p>first text</p>"
        "<section id='c2'><h2>Two</h2><p>second text</p></section>"
        "<p><a id='c3'/>Three starts inline.</p><p>third text</p>"
    )
    toc = [Toc("One", "all.xhtml#c1"), Toc("Two", "all.xhtml#c2"), Toc("Three", "all.xhtml#c3")]
    book = read_epub(make_epub(tmp_path / "b.epub", [Doc("all.xhtml", body)], toc=toc))
    assert [c.title for c in book.chapters] == ["One", "Two", "Three"]
    assert chapter_texts(book) == [
        "Before any anchor.\n\nOne\n\nfirst text\n\n",
        "Two\n\nsecond text\n\n",
        "Three starts inline.\n\nthird text\n",
    ]
    assert_tiles(book)


def test_text_before_the_first_anchor_continues_the_previous_chapter(tmp_path):
    docs = [
        Doc("split1.xhtml", "<h2 id='c1'>One</h2><p>one starts</p>"),
        Doc("split2.xhtml", "<p>one ends</p><h2 id='c2'>Two</h2><p>two</p>"),
    ]
    toc = [Toc("One", "split1.xhtml#c1"), Toc("Two", "split2.xhtml#c2")]
    book = read_epub(make_epub(tmp_path / "b.epub", docs, toc=toc))
    assert chapter_texts(book) == ["One\n\none starts\n\none ends\n\n", "Two\n\ntwo\n"]


def test_nested_toc_no_text_lost_or_duplicated(tmp_path):
    docs = [
        Doc("part1.xhtml", "<h1>Part One</h1>"),
        Doc("ch1.xhtml", "<h2 id='s1'>Section A</h2><p>aaa</p><h2 id='s2'>Section B</h2><p>bbb</p>"),
        Doc("ch2.xhtml", "<h2>Chapter Two</h2><p>ccc</p>"),
    ]
    toc = [Toc("Part One", "part1.xhtml", [
        Toc("Chapter One", "ch1.xhtml", [Toc("A", "ch1.xhtml#s1"), Toc("B", "ch1.xhtml#s2")]),
        Toc("Chapter Two", "ch2.xhtml"),
    ])]
    for version in (2, 3):
        book = read_epub(make_epub(tmp_path / f"b{version}.epub", docs, toc=toc, version=version))
        assert book.text == "Part One\n\nSection A\n\naaa\n\nSection B\n\nbbb\n\nChapter Two\n\nccc\n"
        assert [c.title for c in book.chapters] == ["Part One", "Chapter One: A", "B", "Chapter Two"]
        assert_tiles(book)


def test_untitled_document_continues_previous_chapter(tmp_path):
    docs = [
        Doc("ch1.xhtml", "<h1>One</h1><p>start</p>", toc="One"),
        Doc("ch1_split.xhtml", "<p>rest of one</p>"),
        Doc("ch2.xhtml", "<h1>Two</h1><p>x</p>", toc="Two"),
    ]
    book = read_epub(make_epub(tmp_path / "b.epub", docs))
    assert chapter_texts(book) == ["One\n\nstart\n\nrest of one\n\n", "Two\n\nx\n"]


def test_toc_in_subfolder_and_escaped_hrefs(tmp_path):
    docs = [Doc("Text/chapter one.xhtml", "<p>spaced name</p>")]
    for version in (2, 3):
        toc = [Toc("Spaced", "Text/chapter%20one.xhtml")]
        book = read_epub(make_epub(tmp_path / f"b{version}.epub", docs, toc=toc, version=version))
        assert [c.title for c in book.chapters] == ["Spaced"]


def test_epub_written_by_ebooklib(tmp_path):
    # Another producer than our factory: ebooklib's own writer (cover page, nav in spine, NCX).
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id1")
    book.set_title("Written by ebooklib")
    book.set_language("fr")
    book.add_author("Jules Verne")
    book.set_cover("cover.jpg", b"\xff\xd8\xff\xe0fakejpeg")
    c1 = epub.EpubHtml(title="Premier", file_name="chap_01.xhtml", lang="fr")
    c1.content = "<h1>Un</h1><p>Bonjour le monde.</p>"
    c2 = epub.EpubHtml(title="Second", file_name="chap_02.xhtml", lang="fr")
    c2.content = "<h1>Deux</h1><p>Au revoir.</p>"
    book.add_item(c1)
    book.add_item(c2)
    book.toc = (epub.Link("chap_01.xhtml", "Premier", "c1"), (epub.Section("Partie"), (c2,)))
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["cover", "nav", c1, c2]
    epub.write_epub(str(tmp_path / "e.epub"), book)
    read = read_epub(tmp_path / "e.epub")
    assert read.text == "Un\n\nBonjour le monde.\n\nDeux\n\nAu revoir.\n"
    assert [c.title for c in read.chapters] == ["Premier", "Second"]
    assert (read.title, read.author, read.language, read.cover_mime) == ("Written by ebooklib", "Jules Verne", "fr", "image/jpeg")
    assert read.cover == b"\xff\xd8\xff\xe0fakejpeg"


def test_epub_by_ebooklib_with_an_empty_toc(tmp_path):
    # ebooklib writes an empty NCX navMap for a book without a TOC, and reads it back as
    # one bare Link instead of a list: the chapters then come from the headings.
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id2")
    book.set_title("Spine only")
    c1 = epub.EpubHtml(title="One", file_name="one.xhtml")
    c1.content = "<h1>One</h1><p>First words.</p>"
    c2 = epub.EpubHtml(title="Two", file_name="two.xhtml")
    c2.content = "<h1>Two</h1><p>Last words.</p>"
    book.add_item(c1)
    book.add_item(c2)
    book.add_item(epub.EpubNcx())
    book.spine = [c1, c2]
    epub.write_epub(str(tmp_path / "e.epub"), book)
    read = read_epub(tmp_path / "e.epub")
    assert [c.title for c in read.chapters] == ["One", "Two"]
    assert read.text == "One\n\nFirst words.\n\nTwo\n\nLast words.\n"


# --- text extraction ---------------------------------------------------------


def test_text_extraction_rules(tmp_path):
    body = (
        "<h1>Title   with\n spaces</h1>"
        "<p>Fish &amp; chips &mdash; &#8220;quoted&#8221;&#160;here.</p>"
        "<p>Line one<br/>Line two<br></br>  Line three</p>"
        "<div>Block <div>nested</div> tail</div>"
        "<script>var x = 'never';</script><style>p { color: red }</style>"
        "<ul><li>item 1</li><li>item 2</li></ul>"
        "<p>soft\u00adhyphen and zero\u200bwidth</p>"
        "<p>Page<span epub:type='pagebreak' title='12'>12</span> break</p>"
        "<table><tr><td>a</td><td>b</td></tr></table>"
        "<p>   </p><p><img src='x.png' alt='pic'/></p>"
    )
    book = read_epub(make_epub(tmp_path / "b.epub", [Doc("a.xhtml", body)]))
    assert book.text == (
        "Title with spaces\n\n"
        "Fish & chips \u2014 \u201cquoted\u201d here.\n\n"
        "Line one\nLine two\nLine three\n\n"
        "Block\n\nnested\n\ntail\n\n"
        "item 1\n\nitem 2\n\n"
        "softhyphen and zerowidth\n\n"
        "Page break\n\n"
        "a b\n"
    )


def test_line_breaks_in_headings_and_verse_stay_lines_and_are_spoken_as_pauses(tmp_path):
    from audiobook.normalize import speech_text

    docs = [
        Doc("a.xhtml", "<h2>Chapter One<br/>The Orchard Gate</h2>"
                       "<p>The rose is red,<br/>The violet blue<br/>Sugar is sweet<br/>And so are you.</p>"),
        Doc("b.xhtml", "<h2>PART I<br/>SPRING</h2><p>Text.</p>"),
        Doc("c.xhtml", "<h2>I.<br/>The Mill</h2><p>More.</p>"),
    ]
    book = read_epub(make_epub(tmp_path / "b.epub", docs))
    assert book.text == (
        "Chapter One\nThe Orchard Gate\n\n"
        "The rose is red,\nThe violet blue\nSugar is sweet\nAnd so are you.\n\n"
        "PART I\nSPRING\n\nText.\n\nI.\nThe Mill\n\nMore.\n"
    )
    assert [c.title for c in book.chapters] == ["Chapter One: The Orchard Gate", "PART I: SPRING", "I. The Mill"]
    paragraphs = book.text.split("\n\n")
    assert [speech_text(p) for p in paragraphs] == [
        "Chapter One. The Orchard Gate",
        "The rose is red, The violet blue, Sugar is sweet, And so are you.",
        "Part One. Spring", "Text.", "One. The Mill", "More.",
    ]


@pytest.mark.parametrize("heading, title", [
    ("Chapter One\nThe Orchard Gate", "Chapter One: The Orchard Gate"),
    ("PART I\nSPRING", "PART I: SPRING"),
    ("I.\nThe Mill", "I. The Mill"),
    ("TABLE OF\nCONTENTS", "TABLE OF CONTENTS"),
    ("Also by\nAnn  Author", "Also by Ann Author"),
    ("  One   line ", "One line"),
])
def test_heading_lines_make_one_title(heading, title):
    from audiobook.readers.xhtml import heading_title

    assert heading_title(heading) == title


def test_html_entities_in_non_xml_document_fall_back_to_html_parser(tmp_path):
    raw = (
        "<html><head><script src='x.js'/><title>t</title></head>"
        "<body><p>caf&eacute; &nbsp;&hellip; <a id='x'/>text</p><p>two</p></body></html>"
    )
    book = read_epub(make_epub(tmp_path / "b.epub", [Doc("a.xhtml", "", raw=raw)]))
    assert book.text == "caf\u00e9 \u2026 text\n\ntwo\n"


def test_xhtml_dtd_entities_are_decoded(tmp_path):
    raw = ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
           '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
           "<body><p>a&nbsp;b &mdash; c&amp;d &#8220;q&#8221;</p></body></html>")
    book = read_epub(make_epub(tmp_path / "b.epub", [Doc("a.xhtml", "", raw=raw)]))
    assert book.text == "a b \u2014 c&d \u201cq\u201d\n"


def test_entity_expansion_bomb_is_not_expanded(tmp_path):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi"))
    raw = (f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
           '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Laugh &i; end</p></body></html>')
    book = read_epub(make_epub(tmp_path / "b.epub", [Doc("a.xhtml", "", raw=raw)]))
    assert book.text.startswith("Laugh") and len(book.text) < 100


def test_declared_encoding_is_honoured(tmp_path):
    raw = ('<?xml version="1.0" encoding="iso-8859-1"?><html xmlns="http://www.w3.org/1999/xhtml">'
           "<body><p>na\u00efve caf\u00e9</p></body></html>").encode("latin-1")
    path = make_epub(tmp_path / "b.epub", [Doc("a.xhtml", "<p>placeholder</p>")])
    files = read_zip(path)
    files["OEBPS/a.xhtml"] = raw
    book = read_epub(write_zip(tmp_path / "c.epub", files))
    assert book.text == "na\u00efve caf\u00e9\n"


# --- notes -------------------------------------------------------------------


def test_note_references_removed_and_notes_gathered_at_end(tmp_path):
    body = (
        "<p>First<sup><a href='#n1' id='r1'>1</a></sup> claim.</p>"
        "<p>Second<a epub:type='noteref' href='#n2'>ii</a> claim<a href='notes.xhtml#n3'>*</a>.</p>"
        "<p>A <a href='other.xhtml#x'>real link</a> stays; x<sup>2</sup> stays; see chapter <a href='c3.xhtml#c3'>3</a>.</p>"
        "<p>Calibre style<a class='calibre5' href='part12.html#filepos99'>[4]</a> and<a href='#fn5'>5</a> too.</p>"
        "<aside epub:type='footnote' id='n1'><p><a href='#r1'>1</a> Note one.</p></aside>"
        "<div epub:type='footnote' id='n2'><p>Note two.</p></div>"
        "<p>After.</p>"
        "<section class='footnotes' role='doc-endnotes'><ol><li id='n4'><p>Note four. <a href='#r4'>\u21a9</a></p></li></ol></section>"
    )
    docs = [Doc("ch1.xhtml", body, toc="One"), Doc("ch2.xhtml", "<p>Chapter two.</p>", toc="Two")]
    book = read_epub(make_epub(tmp_path / "b.epub", docs))
    assert book.text == (
        "First claim.\n\nSecond claim.\n\nA real link stays; x2 stays; see chapter 3.\n\n"
        "Calibre style and too.\n\nAfter.\n\n"
        "Chapter two.\n\n"
        "Note one.\n\nNote two.\n\nNote four.\n"
    )
    assert [c.title for c in book.chapters] == ["One", "Two", "Notes"]
    assert_tiles(book)


def test_endnotes_document_becomes_the_notes_chapter(tmp_path):
    docs = [
        Doc("ch1.xhtml", "<p>Text<a epub:type='noteref' href='notes.xhtml#e1'>1</a>.</p>", toc="One"),
        Doc("notes.xhtml", "<section epub:type='endnotes'><h2>Notes</h2><ol><li id='e1'>An endnote.</li></ol></section>", toc="Notes"),
    ]
    book = read_epub(make_epub(tmp_path / "b.epub", docs))
    assert book.text == "Text.\n\nNotes\n\nAn endnote.\n"
    assert [c.title for c in book.chapters] == ["One", "Notes"]


# --- front matter --------------------------------------------------------------


FRONT = [
    Doc("cover.xhtml", "<p>Cover Text</p>"),
    Doc("title.xhtml", "<h1>The Book</h1>", body_attrs='epub:type="titlepage"'),
    Doc("rights.xhtml", "<p>Copyright 2021 Someone.</p>", body_attrs='epub:type="frontmatter"'),
    Doc("toc-page.xhtml", "<section epub:type='toc'><h1>Contents</h1><p>One ... 1</p></section>"),
    Doc("dedication.xhtml", "<p>For my mother.</p>", body_attrs='epub:type="dedication"'),
    Doc("ch1.xhtml", "<h1>One</h1><p>Story.</p>", toc="One"),
    Doc("publisher.xhtml", "<h2>About the Publisher</h2><p>We publish.</p>"),
    Doc("idx.xhtml", "<h1>Index</h1><p>apples, 3</p>", body_attrs='epub:type="index"'),
]


def test_gutenberg_licence_and_page_numbers(tmp_path):
    docs = [
        Doc("wrap.xhtml", "<section class='pg-boilerplate pgheader' id='pg-header'><h2>The Project Gutenberg eBook of X</h2>"
                          "<p>This eBook is for the use of anyone anywhere.</p></section><h1>X</h1><p>Story begins"
                          "<span class='pagenum'><a id='Page_12'>[Pg 12]</a></span> here.</p>", toc="X"),
        Doc("end.xhtml", "<p>The end.</p><section class='pg-boilerplate pgfooter' id='pg-footer'><p>START: FULL LICENSE</p></section>"),
    ]
    path = make_epub(tmp_path / "b.epub", docs)
    book = read_epub(path)
    assert book.text == "X\n\nStory begins here.\n\nThe end.\n"
    assert any("Project Gutenberg licence" in n for n in book.notices)
    kept = read_epub(path, keep_front_matter=True).text
    assert "anyone anywhere" in kept and "FULL LICENSE" in kept and "[Pg 12]" not in kept


def test_front_and_back_matter_skipped_by_default(tmp_path):
    path = make_epub(tmp_path / "b.epub", FRONT, landmarks=[("copyright-page", "rights.xhtml")])
    book = read_epub(path)
    assert book.text == "For my mother.\n\nOne\n\nStory.\n"
    assert any("skipped front/back matter" in n and "rights.xhtml" in n for n in book.notices)
    assert_tiles(book)


def test_epub2_guide_marks_front_matter(tmp_path):
    docs = [Doc("legal.xhtml", "<p>All rights reserved.</p>"), Doc("ch1.xhtml", "<p>Story.</p>", toc="One")]
    book = read_epub(make_epub(tmp_path / "b.epub", docs, version=2, landmarks=[("copyright-page", "legal.xhtml")]))
    assert book.text == "Story.\n"


def test_keep_front_matter_keeps_everything(tmp_path):
    path = make_epub(tmp_path / "b.epub", FRONT, landmarks=[("copyright-page", "rights.xhtml")], nav_in_spine=True)
    book = read_epub(path, keep_front_matter=True)
    for words in ("Cover Text", "The Book", "Copyright 2021", "Contents", "For my mother", "Story.", "We publish.", "apples"):
        assert words in book.text
    assert_tiles(book)


def test_nav_document_in_spine_is_skipped(tmp_path):
    book = read_epub(make_epub(tmp_path / "b.epub", SIMPLE, nav_in_spine=True))
    assert "Contents" not in book.text
    assert [c.title for c in book.chapters] == ["The First", "The Second"]


def test_book_of_only_front_matter_is_still_read(tmp_path):
    docs = [Doc("copyright.xhtml", "<p>Copyright page only.</p>")]
    assert read_epub(make_epub(tmp_path / "b.epub", docs)).text == "Copyright page only.\n"


def test_non_linear_documents_skipped_by_default(tmp_path):
    docs = [Doc("ch1.xhtml", "<p>Main.</p>"), Doc("popup.xhtml", "<p>Aside text.</p>", linear=False)]
    path = make_epub(tmp_path / "b.epub", docs)
    assert read_epub(path).text == "Main.\n"
    assert read_epub(path, keep_front_matter=True).text == "Main.\n\nAside text.\n"


# --- metadata ----------------------------------------------------------------


@pytest.mark.parametrize("version", [2, 3])
def test_metadata_and_cover(tmp_path, version):
    path = make_epub(tmp_path / "b.epub", SIMPLE, version=version, title="Dune", authors=("Frank Herbert", "Brian Herbert"),
                     language="en-GB", cover=PNG_1X1)
    book = read_epub(path)
    assert (book.title, book.author, book.language) == ("Dune", "Frank Herbert, Brian Herbert", "en-GB")
    assert book.cover == PNG_1X1 and book.cover_mime == "image/png"
    assert book.source == path


@pytest.mark.parametrize("dates, year", [((), None), (("1891-05-02",), "1891"),
                                         (("2008-01-01|modification", "1891|publication"), "1891"),
                                         (("unknown",), None)])
def test_the_year_of_publication(tmp_path, dates, year):
    assert read_epub(make_epub(tmp_path / "b.epub", SIMPLE, version=2, dates=dates)).year == year


@pytest.mark.parametrize("version", [2, 3])
def test_illustrators_are_not_authors(tmp_path, version):
    path = make_epub(tmp_path / "b.epub", SIMPLE, version=version, authors=("Lewis Carroll",), illustrators=("John Tenniel",))
    assert read_epub(path).author == "Lewis Carroll"


def test_absolute_package_path_in_container(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    files["META-INF/container.xml"] = files["META-INF/container.xml"].replace(b'full-path="OEBPS', b'full-path="/OEBPS')
    assert read_epub(write_zip(tmp_path / "c.epub", files)).chapters[0].title == "The First"


def test_metadata_overrides_and_fallbacks(tmp_path):
    path = make_epub(tmp_path / "my-book.epub", SIMPLE, title=None, authors=(), language=None)
    book = read_epub(path)
    assert (book.title, book.author, book.language, book.cover) == ("my-book", None, "en", None)
    book = read_epub(path, title="Given", author="Someone")
    assert (book.title, book.author) == ("Given", "Someone")


def test_an_epub_that_does_not_say_its_language_is_read_for_it(tmp_path):
    french = ("<p>Il \u00e9tait une fois une petite fille qui vivait dans la for\u00eat avec sa m\u00e8re. Elle ne "
              "savait pas que le loup \u00e9tait l\u00e0, et elle marchait sur le chemin pour aller chez sa "
              "grand-m\u00e8re. Le loup lui dit bonjour et il courut vers la maison.</p>") * 3
    docs = [Doc("ch1.xhtml", "<h1>Chapitre I</h1>" + french, toc="Un"), Doc("ch2.xhtml", "<h1>Chapitre II</h1>" + french, toc="Deux")]
    # a tool's default "en" on a French book is overruled by the text; a text too short to tell keeps the tag
    for declared, read in ((None, "fr"), ("und", "fr"), ("fr-CA", "fr-CA"), ("en-US", "fr"), ("fre", "fre")):
        assert read_epub(make_epub(tmp_path / f"{declared}.epub", docs, language=declared)).language == read
    assert read_epub(make_epub(tmp_path / "short.epub", SIMPLE, language="fr")).language == "fr"


# --- hostile files -------------------------------------------------------------


def error_of(path, **kw) -> str:
    with pytest.raises(UserError) as info:
        read_epub(path, **kw)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_text_file_named_epub(tmp_path):
    path = tmp_path / "book.epub"
    path.write_text("Chapter 1\n\nIt was a dark and stormy night.\n")
    assert "text file, not an EPUB" in error_of(path)


def test_empty_binary_missing_and_folder(tmp_path):
    (tmp_path / "empty.epub").write_bytes(b"")
    assert "empty" in error_of(tmp_path / "empty.epub")
    (tmp_path / "bin.epub").write_bytes(bytes(range(256)) * 4)
    assert "not a zip archive" in error_of(tmp_path / "bin.epub")
    assert "no such file" in error_of(tmp_path / "missing.epub")
    (tmp_path / "dir.epub").mkdir()
    assert "not a file" in error_of(tmp_path / "dir.epub")


def test_truncated_zip(tmp_path):
    good = make_epub(tmp_path / "good.epub", SIMPLE).read_bytes()
    path = tmp_path / "cut.epub"
    path.write_bytes(good[: len(good) // 2])
    assert "damaged or truncated" in error_of(path)


def test_corrupt_entry_data(tmp_path):
    path = make_epub(tmp_path / "b.epub", [Doc("ch1.xhtml", "<p>" + "Some words that compress. " * 200 + "</p>")])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("OEBPS/ch1.xhtml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    assert "damaged" in error_of(path)


def test_missing_container_and_missing_opf(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    no_container = {k: v for k, v in files.items() if k != "META-INF/container.xml"}
    assert "no META-INF/container.xml" in error_of(write_zip(tmp_path / "c.epub", no_container))
    no_opf = {k: v for k, v in files.items() if k != "OEBPS/content.opf"}
    assert "OPF" in error_of(write_zip(tmp_path / "d.epub", no_opf))


def test_garbage_opf(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    files["OEBPS/content.opf"] = b"this is not xml at all <<<"
    path = write_zip(tmp_path / "c.epub", files)
    assert error_of(path) == (f"{path}: the EPUB's package file OEBPS/content.opf is not well-formed XML "
                              f"(line 1, column 1: Start tag expected, '<' not found); {REPAIR}")


# --- damaged packages ----------------------------------------------------------


def damaged(tmp_path, name="c.epub", **changes) -> Path:
    """SIMPLE with files replaced (bytes), deleted (None) or edited ((old, new) in the OPF)."""
    files = read_zip(make_epub(tmp_path / "base.epub", SIMPLE))
    for key, value in changes.items():
        target = {"opf": "OEBPS/content.opf", "container": "META-INF/container.xml"}.get(key, key)
        if isinstance(value, list):  # replacements inside the file
            for old, new in value:
                assert old in files[target]
                files[target] = files[target].replace(old, new)
        else:
            files[target] = value
    return write_zip(tmp_path / name, {k: v for k, v in files.items() if v is not None})


def test_opf_that_is_not_well_formed_names_the_file_and_the_place(tmp_path):
    path = damaged(tmp_path, opf=b"<package><manifest><item id='c1' href='c1.xhtml'")
    message = error_of(path)
    assert message.startswith(f"{path}: the EPUB's package file OEBPS/content.opf is not well-formed XML (line 1, column 49: ")
    assert message.endswith(f"); {REPAIR}")
    assert "NoneType" not in message and "nsmap" not in message


def test_opf_with_a_recoverable_error_is_read_with_a_notice(tmp_path):
    path = damaged(tmp_path, opf=[(b"</package>", b"")])  # truncated after the spine
    book = read_epub(path)
    end = len(read_zip(path)["OEBPS/content.opf"]) + 1
    assert [c.title for c in book.chapters] == ["The First", "The Second"]
    assert book.notices == [
        f"the EPUB's package file OEBPS/content.opf is not well-formed XML (line 1, column {end}: Premature end of "
        "data in tag package); read what could be recovered, so part of the book may be missing"]


def test_opf_without_namespace_or_metadata_is_still_read(tmp_path):
    opf = (b"<package version='2.0'><manifest><item id='a' href='ch1.xhtml' media-type='application/xhtml+xml'/>"
           b"<item id='b' href='ch2.xhtml' media-type='application/xhtml+xml'/></manifest>"
           b"<spine><itemref idref='a'/><itemref idref='b'/></spine></package>")
    book = read_epub(damaged(tmp_path, opf=opf))
    assert book.text == "Chapter One\n\nIt was night.\n\nChapter Two\n\nIt was day.\n"
    assert [c.title for c in book.chapters] == ["Chapter One", "Chapter Two"]
    assert book.title == "c"


def test_opf_that_is_not_a_package_or_has_no_manifest(tmp_path):
    path = damaged(tmp_path, opf=b"<html><body>oops</body></html>")
    assert error_of(path) == (f"{path}: OEBPS/content.opf, named as the EPUB's package file, is not one "
                              f"(it holds <html>, not <package>); {REPAIR}")
    path = damaged(tmp_path, "d.epub", opf=[(b"<manifest>", b"<nomanifest>"), (b"</manifest>", b"</nomanifest>")])
    assert error_of(path) == (f"{path}: the EPUB's package file OEBPS/content.opf has no <manifest> "
                              f"(the list of the book's files); {REPAIR}")


def test_container_that_is_not_well_formed_is_named(tmp_path):
    path = damaged(tmp_path, container=b"<container><rootfiles>")
    assert error_of(path) == (
        f"{path}: the EPUB's META-INF/container.xml is broken: it is not well-formed XML (line 1, column 23: "
        f"Premature end of data in tag rootfiles), so the book's package file cannot be found; {REPAIR}")
    path = damaged(tmp_path, "d.epub", container=b"<container><rootfiles></rootfiles></container>")
    assert error_of(path) == (f"{path}: the EPUB's META-INF/container.xml names no package file "
                              f"(no <rootfile full-path=...>); {REPAIR}")


def test_missing_package_file_is_named(tmp_path):
    path = damaged(tmp_path, **{"OEBPS/content.opf": None})
    assert error_of(path) == (f"{path}: not a valid EPUB: the package file (OPF) OEBPS/content.opf named in "
                              f"META-INF/container.xml is missing from the archive; {REPAIR}")


def test_container_without_namespace_and_package_name_in_other_case(tmp_path):
    container = b"<container><rootfiles><rootfile full-path='oebps/CONTENT.opf'/></rootfiles></container>"
    book = read_epub(damaged(tmp_path, container=container))
    assert [c.title for c in book.chapters] == ["The First", "The Second"]
    assert book.notices == ["file names in the EPUB differ from the archive's only in letter case "
                            "(oebps/CONTENT.opf is stored as OEBPS/content.opf); used the archive's files"]


def test_every_spine_file_missing_says_so(tmp_path):
    path = damaged(tmp_path, **{"OEBPS/ch1.xhtml": None, "OEBPS/ch2.xhtml": None})
    assert error_of(path) == (f"{path}: the files of the EPUB's reading order (spine) are missing from the archive "
                              f"(OEBPS/ch1.xhtml and OEBPS/ch2.xhtml), so there is nothing to read; {REPAIR}")


def test_some_spine_files_missing_and_the_others_empty(tmp_path):
    path = damaged(tmp_path, **{"OEBPS/ch1.xhtml": xhtml("<p><img src='a.png' alt=''/></p>").encode(),
                                "OEBPS/ch2.xhtml": None})
    assert error_of(path) == (f"{path}: some of the files of the EPUB's reading order (spine) are missing from the "
                              f"archive (OEBPS/ch2.xhtml), and the others hold no text, so there is nothing to read; "
                              f"{REPAIR}")


def test_many_missing_files_make_one_short_notice(tmp_path):
    docs = [Doc(f"ch{i}.xhtml", f"<p>Text {i}.</p>") for i in range(1, 6)]
    files = read_zip(make_epub(tmp_path / "b.epub", docs))
    for i in (2, 3, 4, 5):
        del files[f"OEBPS/ch{i}.xhtml"]
    book = read_epub(write_zip(tmp_path / "c.epub", files))
    assert book.text == "Text 1.\n"
    assert book.notices == ["the EPUB's reading order lists OEBPS/ch2.xhtml, OEBPS/ch3.xhtml and 2 more but the "
                            "archive does not contain them; skipped"]


def test_spine_files_differing_in_case_are_used_with_a_notice(tmp_path):
    path = damaged(tmp_path, opf=[(b'href="ch1.xhtml"', b'href="CH1.xhtml"'), (b'href="ch2.xhtml"', b'href="Ch2.xhtml"')])
    book = read_epub(path)
    assert book.text == "Chapter One\n\nIt was night.\n\nChapter Two\n\nIt was day.\n"
    assert [c.title for c in book.chapters] == ["The First", "The Second"]  # the nav's hrefs still match
    assert book.notices == ["file names in the EPUB differ from the archive's only in letter case "
                            "(OEBPS/CH1.xhtml is stored as OEBPS/ch1.xhtml and OEBPS/Ch2.xhtml is stored as "
                            "OEBPS/ch2.xhtml); used the archive's files"]


def test_case_insensitive_lookup_refuses_ambiguous_names(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    files["OEBPS/a.css"] = files["OEBPS/A.css"] = b""
    safe = SafeZip(write_zip(tmp_path / "c.epub", files))
    try:
        assert safe.resolve("OEBPS/ch1.xhtml") == "OEBPS/ch1.xhtml"
        assert safe.resolve("oebps/CH1.XHTML") == "OEBPS/ch1.xhtml"
        assert safe.resolve("OEBPS/a.CSS") is None  # two candidates: neither is guessed
        assert safe.resolve("OEBPS/none.xhtml") is None
    finally:
        safe.close()


def test_spine_reference_missing_from_the_manifest_is_a_notice(tmp_path):
    book = read_epub(damaged(tmp_path, opf=[(b'idref="d2"', b'idref="zz"')]))
    assert [c.title for c in book.chapters] == ["The First"]
    assert book.notices == ["the EPUB's reading order (spine) refers to 'zz', which its manifest does not list; skipped"]


def test_spine_listing_nothing_falls_back_to_the_manifest_order(tmp_path):
    book = read_epub(damaged(tmp_path, opf=[(b'<itemref idref="d1"/><itemref idref="d2"/>', b"")]))
    assert [c.title for c in book.chapters] == ["The First", "The Second"]
    assert book.notices == ["the EPUB's reading order (spine) lists none of its pages; "
                            "read them in the order its manifest lists them"]


def test_epub2_spine_toc_pointing_nowhere_loses_only_the_toc(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE, version=2))
    files["OEBPS/content.opf"] = files["OEBPS/content.opf"].replace(b'toc="ncx"', b'toc="nothing"')
    book = read_epub(write_zip(tmp_path / "c.epub", files))
    assert [c.title for c in book.chapters] == ["Chapter One", "Chapter Two"]


def test_unexpected_package_failure_shows_no_python_internals(tmp_path, monkeypatch):
    from ebooklib import epub

    def broken(self):
        raise AttributeError("'NoneType' object has no attribute 'get'")

    monkeypatch.setattr(epub.EpubReader, "_load_guide", broken)
    path = make_epub(tmp_path / "b.epub", SIMPLE)
    assert error_of(path) == (f"{path}: cannot read this EPUB's package file OEBPS/content.opf: its structure is "
                              f"not what the EPUB standard describes; {REPAIR}")


def test_missing_manifest_file_is_a_notice_not_a_crash(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    del files["OEBPS/ch2.xhtml"]
    book = read_epub(write_zip(tmp_path / "c.epub", files))
    assert book.text == "Chapter One\n\nIt was night.\n"
    assert book.notices == ["the EPUB's reading order lists OEBPS/ch2.xhtml but the archive does not contain it; skipped"]


def test_drm_encryption_and_rights(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    enc = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">'
        '<enc:EncryptedData><enc:EncryptionMethod Algorithm="{alg}"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/{target}"/></enc:CipherData></enc:EncryptedData></encryption>'
    )
    drm = dict(files, **{"META-INF/encryption.xml": enc.format(alg="http://www.w3.org/2001/04/xmlenc#aes128-cbc", target="ch1.xhtml").encode()})
    assert DRM_MESSAGE in error_of(write_zip(tmp_path / "drm.epub", drm))
    rights = dict(files, **{"META-INF/rights.xml": b"<rights/>"})
    assert DRM_MESSAGE in error_of(write_zip(tmp_path / "rights.epub", rights))
    fonts = dict(files, **{"META-INF/encryption.xml": enc.format(alg="http://www.idpf.org/2008/embedding", target="font.otf").encode()})
    assert read_epub(write_zip(tmp_path / "fonts.epub", fonts)).text.startswith("Chapter One")


def test_zip_bomb_by_ratio_and_by_size_limits(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    bomb = dict(files, **{"OEBPS/zeros.bin": b"\0" * (4 * 1024 * 1024)})
    path = write_zip(tmp_path / "bomb.epub", bomb)
    assert "zip bomb" in error_of(path)
    small = ZipLimits(total_bytes=10_000, file_bytes=5_000, max_ratio=10**9)
    big = dict(files, **{"OEBPS/a.css": b"x" * 4_900, "OEBPS/b.css": b"y" * 4_900})
    assert "limit 10000" in error_of(write_zip(tmp_path / "total.epub", big), limits=small)
    one = dict(files, **{"OEBPS/a.css": b"x" * 6_000})
    assert "limit 5000" in error_of(write_zip(tmp_path / "one.epub", one), limits=small)


def test_zip_bomb_whose_declared_size_lies(tmp_path):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    files["OEBPS/ch1.xhtml"] = xhtml("<p>" + " " * (8 * 1024 * 1024) + "</p>").encode()
    path = write_zip(tmp_path / "liar.epub", files)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("OEBPS/ch1.xhtml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    name = info.filename.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("OEBPS/ch1.xhtml").file_size == 1000
    assert "ch1.xhtml" in error_of(path)


@pytest.mark.parametrize("bad_name", ["../evil.txt", "/etc/evil", "OEBPS/../../evil", "C:/evil"])
def test_entries_pointing_outside_the_book(tmp_path, bad_name):
    files = read_zip(make_epub(tmp_path / "b.epub", SIMPLE))
    files[bad_name] = b"evil"
    path = tmp_path / "bad.epub"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name), data)  # ZipInfo keeps the name as given
    assert "outside the book" in error_of(path)
    assert not (tmp_path / "evil.txt").exists() and not Path("/etc/evil").exists()


def test_no_readable_text(tmp_path):
    docs = [Doc("ch1.xhtml", "<p><img src='a.png' alt=''/></p>", toc="One"), Doc("ch2.xhtml", "<script>x()</script>")]
    assert "no readable text" in error_of(make_epub(tmp_path / "b.epub", docs))


def test_no_toc_a_page_holding_several_chapters_is_split_at_their_headings(tmp_path):
    docs = [
        Doc("part.xhtml", "<h1>PART ONE</h1><h2>The Valley</h2>"),
        Doc("chs.xhtml", "<p>An epigraph.</p><h2>CHAPTER I</h2><h3>In Which We Meet Tom</h3><p>Tom was the miller's son.</p>"
                         "<h2>CHAPTER II</h2><p>He set out on a Monday.</p>"),
        Doc("end.xhtml", "<h2>The End Matter</h2><p>Last words.</p>"),
    ]
    book = read_epub(make_epub(tmp_path / "b.epub", docs, toc=[]))
    assert [c.title for c in book.chapters] == [
        "PART ONE", "CHAPTER I: In Which We Meet Tom", "CHAPTER II", "The End Matter"]
    assert chapter_texts(book)[1:3] == [
        "An epigraph.\n\nCHAPTER I\n\nIn Which We Meet Tom\n\nTom was the miller's son.\n\n",
        "CHAPTER II\n\nHe set out on a Monday.\n\n"]
    assert_tiles(book)
    # with a table of contents, the table says where chapters start
    toc = [Toc("Part One", "part.xhtml"), Toc("Chapters", "chs.xhtml"), Toc("End", "end.xhtml")]
    book = read_epub(make_epub(tmp_path / "c.epub", docs, toc=toc))
    assert [c.title for c in book.chapters] == ["Part One", "Chapters", "End"]


def test_decomposed_accents_are_composed(tmp_path):
    # an EPUB written with decomposed accents: "Rene\u0301e" must stay one name, not "Rene" + an accent
    docs = [Doc("ch1.xhtml", "<h1>Chapter One</h1><p>Rene\u0301e smiled at Jose\u0301.</p>", toc="One")]
    book = read_epub(make_epub(tmp_path / "b.epub", docs))
    assert "Ren\u00e9e smiled at Jos\u00e9." in book.text
    assert "\u0301" not in book.text
