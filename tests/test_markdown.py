"""markdown.py: the reading view (same length, markup blanked) and the spoken text;
with the script and the build's spoken segments of a Markdown book."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.markdown import plain_text, reading_view, silenced_view, spoken_text
from audiobook.model import Book, Chapter
from audiobook.normalize import speech_text
from audiobook.reading import analysis_text, spoken_segments
from audiobook.readers.text import read_text
from audiobook.script import make_script

FRONT_MATTER = '---\ntitle: "The Test Book"\nauthor: Jane Doe\n---\n\n# Chapter One\n\nIt was late. "Hi," said Ann.\n'
MD2 = (
    "# Chapter One\n\n"
    'Tom waited. "Only me," said [Mary](http://example.com/mary). "Fine," said **John**.\n\n'
    "She pointed at ![a cat](cat.png) and laughed.\n\n"
    '```\n"Run!" said Bob.\n```\n\n'
    '<!-- "Note to self," said Editor. -->\n\n'
    "A footnote[^1] here.\n\n"
    "[^1]: The note.\n"
)


def same_shape(text: str, view: str) -> None:
    assert len(view) == len(text)
    assert [i for i, c in enumerate(view) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


@pytest.mark.parametrize("text, view", [
    # front matter, YAML and TOML, blanked whole
    ("---\ntitle: A\n---\nText", "   \n        \n   \nText"),
    ("+++\ntitle = 'A'\n+++\n\nText", "   \n           \n   \n\nText"),
    ("Text\n---\nx: y\n---\n", "Text\n   \nx: y\n   \n"),  # not at the start: thematic breaks, the rest read
    # fenced code, closed; an unclosed fence is text
    ('```python\n"Run!" said Bob.\n```\nAfter', '         \n                \n   \nAfter'),
    ("~~~~\na\n~~~\nb\n~~~~~\nc", "    \n \n   \n \n     \nc"),
    ("```\nunclosed\n\nText", "```\nunclosed\n\nText"),
    # comments, inline and over lines; script and style elements
    ('a <!-- "x," said Ed. --> b', "a                        b"),
    ("<!--\nx\n-->\nb", "    \n \n   \nb"),
    ("<style>p {}</style> b", "                    b"),
    # links, images, footnotes, references
    ("said [Mary](http://x.org/m \"M\").", "said  Mary                     ."),
    ("at ![a cat](cat.png) now", "at   a cat           now"),
    ("[![alt](i.png)](u)", "alt               "),  # at a line start: see below
    ("see [the book][b] and [b].\n\n[b]: http://x 'T'\n", "see  the book     and  b .\n\n                 \n"),
    ("[not a link] here", "[not a link] here"),
    ("A note[^1] here.\n\n[^1]: The note.", "A note     here.\n\n      The note."),
    ("<http://x.org/a_b_> x", " http://x.org/a_b_  x"),
    # emphasis by CommonMark's flanking rules
    ("said **John**, _Tom_ and *Sue*.", "said   John  ,  Tom  and  Sue ."),
    ("a snake_case, 5 * 3", "a snake_case, 5 * 3"),
    ("a ~~gone~~ \\*not\\*", "a   gone    *not *"),
    # code spans keep their words, not quote marks
    ('a `say "hi" don\'t`', "a  say  hi  don't "),
    # block markers
    ("## Part *Two* ##\n\ntext", "   Part  Two    \n\ntext"),
    ("> quote\n> > more", "  quote\n    more"),
    ("- item\n* [x] done\n1. one", "  item\n      done\n1. one"),
    ("* * *\n\n***", "     \n\n   "),
    ("Title\n=====", "Title\n     "),
    ("| a | b |\n|---|:-:|\n| c | d |", "  a   b  \n         \n  c   d  "),
    # entities
    ("a&mdash;b &amp; &#8220;x&#8221;", "a\u2014      b &     \u201c      x\u201d      "),
    # a line opening with inline markup does not look indented
    ("your\n_thoughts_ on this", "your\nthoughts   on this"),
    ('your\n*"Hi"* she said', 'your\n "Hi"  she said'),  # a quote mark never moves
])
def test_reading_view(text, view):
    assert reading_view(text) == view
    same_shape(text, view)


@pytest.mark.parametrize("text, spoken", [
    ("said **John**.", "said John."),
    ("un*believ*able", "unbelievable"),
    ("a<br>b", "a b"),
    ("said [Mary](http://x.org/m).", "said Mary."),
    ("x <!-- c --> y", "x  y"),
    ("---\ntitle: A\n---\n\nText", "\n\n\n\nText"),
    ("a&mdash;b", "a\u2014b"),
    ("Hi[^1].\n\n[^1]: Note.", "Hi.\n\n Note."),
])
def test_spoken_text(text, spoken):
    assert spoken_text(text) == spoken


def test_spoken_text_of_a_stretch_and_plain_text():
    text = "One **two** three"
    assert spoken_text(text, 4, 11) == "two"
    assert plain_text("Chapter *One*: [The Storm](x)") == "Chapter One: The Storm"


def test_silenced_view_blanks_only_silent_blocks():
    text = "---\na: b\n---\n# One\n\n```\n# code\n```\n**x**"
    assert silenced_view(text) == "   \n    \n   \n# One\n\n   \n      \n   \n**x**"


MARKDOWN_PIECES = st.lists(st.sampled_from([
    "---\n", "```\n", "~~~\n", "<!-- ", " -->", "<b>", "</b>", "[", "]", "(", ")", "![", "[^1]", "[^1]: ",
    "*", "**", "_", "__", "~~", "`", "``", "\\", "&amp;", "&#8220;", "# ", "> ", "- ", "| ", "|---|\n",
    '"', "\u201c", "\u201d", "'", "\n", "\n\n", " ", "word", "Tom", " said ", ".", ",", "http://x.org/a",
    "[d]: http://x\n", "\t", "\ufeff",
]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN_PIECES)
def test_any_markdown_keeps_its_shape_and_script_tiles_it(text):
    view = reading_view(text)
    same_shape(text, view)
    assert spoken_text(text).count("\n") == text.count("\n")
    b = md_book(text) if text else None
    if b is not None:
        segs = make_script(b).segments
        assert "".join(s.text for s in segs) == text
        assert all(s.text == text[s.start:s.end] for s in segs)


def md_book(text: str, name: str = "book.md") -> Book:
    return Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T", source=Path(name))


def test_plain_text_books_are_read_as_they_are():
    b = md_book("said **John**.", "book.txt")
    assert analysis_text(b) is b.text
    segs = make_script(b).segments
    assert spoken_segments(b, segs) is segs


def test_front_matter_is_silent_and_its_quotes_are_no_dialogue(tmp_path):
    path = tmp_path / "fm.md"
    path.write_text(FRONT_MATTER)
    b = read_text(path)
    assert b.title == "The Test Book" and b.author == "Jane Doe"
    script = make_script(b)
    segs = script.segments
    assert "".join(s.text for s in segs) == FRONT_MATTER  # lossless tiling, in order
    assert [(s.kind, s.speaker, s.text) for s in segs if s.kind == "dialogue"] == [("dialogue", "Ann", '"Hi,"')]
    end = FRONT_MATTER.index("# Chapter")
    assert [s.text for s in segs if s.start < end] == [FRONT_MATTER[:end]]  # the heading keeps its "# "
    spoken = [speech_text(s.text) for s in spoken_segments(b, segs) if s.text.strip()]
    assert spoken == ["Chapter One", "It was late.", "Hi", "said Ann."]


def test_markup_is_not_spoken_and_names_in_markup_tag_speech(tmp_path):
    path = tmp_path / "md2.md"
    path.write_text(MD2)
    b = read_text(path)
    script = make_script(b)
    assert "".join(s.text for s in script.segments) == MD2
    assert [(s.speaker, s.text) for s in script.segments if s.kind == "dialogue"] == [
        ("Mary", '"Only me,"'), ("John", '"Fine,"')]
    assert sorted(c.name for c in script.characters) == ["John", "Mary", "Tom"]
    said = spoken_segments(b, script.segments)
    assert [(s.start, s.end) for s in said] == [(s.start, s.end) for s in script.segments]
    spoken = [speech_text(s.text) for s in said if s.text.strip()]
    assert spoken == ["Chapter One", "Tom waited.", "Only me", "said Mary.", "Fine", "said John.",
                      "She pointed at a cat and laughed.", "A footnote here.", "The note."]


def test_a_byte_order_mark_is_in_no_cue():
    b = md_book("\ufeffCHAPTER I.\n\nIt was late.\n", "book.txt")
    segs = make_script(b).segments
    assert segs[0].text.startswith("\ufeff")  # offsets count it
    assert spoken_segments(b, segs)[0].text.startswith("CHAPTER I.")


def test_a_paragraph_of_brackets_is_read_in_one_pass():
    # each "[" used to scan to the paragraph's end for its "]": these took minutes (now ~0.2 s)
    assert reading_view("[" * 50_000 + "a") == "[" * 50_000 + "a"
    assert reading_view("[a](" * 5_000).count("a") == 5_000
