"""Exact tests for reading .txt and .md books."""
import codecs
from pathlib import Path

import pytest

from audiobook.errors import UserError
from audiobook.readers.text import read_text, title_from_file_name

ALICE = Path(__file__).resolve().parent.parent / "examples" / "alice" / "alice.txt"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_text_is_exactly_what_text_mode_reads(tmp_path):
    path = write(tmp_path, "b.txt", b"\xef\xbb\xbfLine one\r\nLine two\rLine three\n\nCaf\xc3\xa9.\n")
    book = read_text(path)
    assert book.text == open(path, encoding="utf-8").read()
    assert book.text.startswith("\ufeffLine one\nLine two\nLine three")
    assert book.notices == []
    assert book.chapters[0].start == 0 and book.chapters[-1].end == len(book.text)


def test_utf16_with_bom_is_decoded_with_a_notice(tmp_path):
    text = "Title: Zo\u00eb\r\n\r\nHello \u201cthere\u201d.\r\n"
    path = write(tmp_path, "u.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    book = read_text(path)
    assert book.text == text.replace("\r\n", "\n")
    assert any("UTF-16" in n for n in book.notices)
    assert book.title == "Zo\u00eb"


def test_utf32_with_bom(tmp_path):
    path = write(tmp_path, "u.txt", "Hi there.\n".encode("utf-32"))
    book = read_text(path)
    assert book.text == "Hi there.\n" and any("UTF-32" in n for n in book.notices)


def test_cp1252_is_decoded_with_a_notice(tmp_path):
    raw = "\u201cCaf\u00e9,\u201d she said \u2014 na\u00efve.\r\n".encode("cp1252")
    book = read_text(write(tmp_path, "w.txt", raw))
    assert book.text == "\u201cCaf\u00e9,\u201d she said \u2014 na\u00efve.\n"
    assert any("cp1252" in n for n in book.notices)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"  \n\r\n\t \n", "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        (b"text\x00with a NUL", "not a text file"),
        (bytes(range(256)) * 20, "not a text file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 40, "not a text file"),
    ],
)
def test_bad_input_is_a_user_error(tmp_path, data, words):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(UserError) as err:
        read_text(path)
    assert words in str(err.value) and str(path) in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(UserError, match="directory"):
        read_text(tmp_path)


def test_options_win_over_the_file(tmp_path):
    path = write(tmp_path, "b.txt", "Title: Inside\nAuthor: Somebody\n\nText.\n")
    book = read_text(path, title="Given", author="Me")
    assert (book.title, book.author) == ("Given", "Me")
    book = read_text(path)
    assert (book.title, book.author) == ("Inside", "Somebody")


def test_markdown_front_matter_and_headings(tmp_path):
    text = "---\ntitle: \"Front Title\"\nauthor: Ann Writer\n---\n\n# Heading Title\n\n## One\n\nA.\n\n## Two\n\nB.\n"
    book = read_text(write(tmp_path, "book.md", text))
    assert (book.title, book.author) == ("Front Title", "Ann Writer")
    assert [c.title for c in book.chapters] == ["One", "Two"]  # front matter is metadata: no chapter of its own
    assert book.text == text


def test_markdown_first_heading_is_the_title(tmp_path):
    book = read_text(write(tmp_path, "book.md", "# The Heading\n\nSome text.\n"))
    assert book.title == "The Heading" and book.author is None


def test_markdown_headings_in_code_and_comments_are_no_chapters_and_titles_lose_markup(tmp_path):
    text = ("```\n# not the title\n```\n\n# The *Real* Title\n\n## [One](x.html)\n\nA.\n\n"
            "<!--\n## Hidden\n-->\n\n```\n## Code\n```\n\n## Two\n\nB.\n")
    book = read_text(write(tmp_path, "book.md", text))
    assert book.title == "The Real Title"
    assert [(c.title, text[c.start:c.start + 8]) for c in book.chapters] == [("One", "```\n# no"), ("Two", "## Two\n\n")]
    assert book.text == text and book.chapters[-1].end == len(text)


def test_title_by_author_block(tmp_path):
    book = read_text(write(tmp_path, "b.txt", "THE GREAT BOOK\n\n   _BY A. N. AUTHOR_\n\nCHAPTER I\n\nText.\n"))
    assert (book.title, book.author) == ("The Great Book", "A. N. Author")


def test_title_from_file_name(tmp_path):
    book = read_text(write(tmp_path, "the_wind-in the_willows.txt", "Just text, no title.\n"))
    assert book.title == "The Wind In The Willows" and book.author is None
    assert [c.title for c in book.chapters] == ["The Wind In The Willows"]
    assert title_from_file_name(Path("x/my-book.md")) == "My Book"


def test_alice_sample():
    book = read_text(ALICE)
    assert book.text == ALICE.read_text(encoding="utf-8")
    assert (book.title, book.author) == ("Alice's Adventures in Wonderland", "Lewis Carroll")
    assert [c.title for c in book.chapters] == [
        "Alice's Adventures in Wonderland",
        "Chapter I: Down the Rabbit-Hole",
        "Chapter II: The Pool of Tears",
        "Chapter III: A Caucus-Race and a Long Tale",
    ]
    assert book.chapters[1].start == book.text.index("CHAPTER I.")
    assert book.chapters[0].start == 0 and book.chapters[-1].end == len(book.text)
    assert all(a.end == b.start for a, b in zip(book.chapters, book.chapters[1:]))


def test_bytes_cp1252_does_not_define_fall_back_to_latin1(tmp_path):
    raw = "Na\u00efve caf\u00e9 text.\n".encode("latin-1") * 10 + b"\x81\n"
    book = read_text(write(tmp_path, "l.txt", raw))
    assert book.text == "Na\u00efve caf\u00e9 text.\n" * 10 + "\x81\n"
    assert any("Latin-1" in n for n in book.notices)


def test_utf16_without_bom(tmp_path):
    book = read_text(write(tmp_path, "u.txt", "Plain words here.\n".encode("utf-16-le")))
    assert book.text == "Plain words here.\n" and any("UTF-16" in n for n in book.notices)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["\u00abПривет\u00bb, \u2014 сказала Анна.\n\n\u2014 Да, \u2014 ответил он.\n",
                                  "Καλημέρα, είπε η Άννα. «Τι κάνεις;»\n"])
def test_utf16_without_bom_in_another_alphabet(tmp_path, codec, text):
    # the letters' high bytes are not zero: only the spaces' and stops' are
    book = read_text(write(tmp_path, "u.txt", text.encode(codec)))
    assert book.text == text and any("UTF-16" in n for n in book.notices)


def test_binary_with_nuls_is_still_refused(tmp_path):
    data = bytes(range(256)) * 20
    with pytest.raises(UserError, match="NUL bytes"):
        read_text(write(tmp_path, "b.txt", data))


def test_mostly_utf8_with_stray_cp1252_bytes_keeps_the_utf8_letters(tmp_path):
    raw = "Caf\u00e9 \u201cna\u00efve\u201d \u00e0 la cr\u00e8me.\n".encode("utf-8") + b"It\x92s late.\n"
    book = read_text(write(tmp_path, "m.txt", raw))
    assert book.text == "Caf\u00e9 \u201cna\u00efve\u201d \u00e0 la cr\u00e8me.\nIt\u2019s late.\n"
    assert any("mostly UTF-8" in n for n in book.notices)


def test_old_gutenberg_first_line(tmp_path):
    text = "\ufeffThe Project Gutenberg EBook of Hard Times, by Charles Dickens\n\nThis eBook is for the use of anyone.\n"
    book = read_text(write(tmp_path, "g.txt", text))
    assert (book.title, book.author) == ("Hard Times", "Charles Dickens")
    # the 1990s first line: an "Etext", set in asterisks
    book = read_text(write(tmp_path, "e.txt", "**The Project Gutenberg Etext of The Ferry, by A. Writer**\n\nText.\n"))
    assert (book.title, book.author) == ("The Ferry", "A. Writer")


def test_a_first_line_in_capitals_standing_alone_is_the_title(tmp_path):
    book = read_text(write(tmp_path, "b.txt", "THE INVISIBLE MAN\n\nCHAPTER I. THE STRANGE MAN'S ARRIVAL\n\nText.\n"))
    assert book.title == "The Invisible Man" and book.author is None
    # ... but not a chapter heading, nor a shouted first sentence
    assert read_text(write(tmp_path, "c.txt", "CHAPTER I\n\nText.\n")).title == "C"
    assert read_text(write(tmp_path, "d.txt", "HELP ME!\n\nshe cried.\n")).title == "D"


def test_a_pipe_is_refused_at_once_not_waited_on(tmp_path):
    import os

    from audiobook.book import load_book

    fifo = tmp_path / "book.txt"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        load_book(fifo)


@pytest.mark.parametrize("data", [b"0000\r\x00", b"0004\n\x00", b"000\x1f\n\x00",
                                  "\u201c\x85\x00\x80\"\x85\x00\U00010000".encode("utf-8")])
def test_a_few_bytes_with_a_nul_are_not_taken_for_utf16(tmp_path, data):
    # read two by two they make "words" of CJK signs or stray Greek: not prose
    path = tmp_path / "b.txt"
    path.write_bytes(data)
    with pytest.raises(UserError, match="NUL"):
        read_text(path)


def test_a_number_in_words_heading_the_first_chapter_is_not_the_title(tmp_path):
    text = "ONE\n\nText one.\n\nTWO\n\nText two.\n\nTHREE\n\nText three.\n"
    book = read_text(write(tmp_path, "n.txt", text))
    assert book.title == "N" and [c.title for c in book.chapters] == ["One", "Two", "Three"]


def test_markdown_setext_title_and_nested_part_headings(tmp_path):
    text = ("The Well\n========\n\n## Part One\n\n### Chapter 1\n\nA.\n\n### Chapter 2\n\nB.\n\n"
            "## Part Two\n\n### Chapter 3\n\nC.\n")
    book = read_text(write(tmp_path, "w.md", text))
    assert book.title == "The Well"
    assert [c.title for c in book.chapters] == ["Part One \u2014 Chapter 1", "Chapter 2", "Part Two \u2014 Chapter 3"]


def test_a_title_cased_first_line_above_the_first_chapter_heading_is_the_title(tmp_path):
    book = read_text(write(tmp_path, "w.txt", "The Well\n\nCHAPTER I.\n\nText.\n\nCHAPTER II.\n\nMore.\n"))
    assert book.title == "The Well" and [c.title for c in book.chapters] == ["The Well", "Chapter I", "Chapter II"]
    # ... but not a first line of prose, nor one with a paragraph after it
    assert read_text(write(tmp_path, "a.txt", "It was night\n\nCHAPTER I.\n\nText.\n")).title == "A"
    assert read_text(write(tmp_path, "b.txt", "The Well\n\nShe walked.\n\nCHAPTER I.\n\nText.\n")).title == "B"
