"""Property tests: for any text, chapters tile it and segments tile each chapter."""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiobook.chapters import find_chapters
from audiobook.quotes import MAX_SEGMENT, split_chapter
from audiobook.readers.text import read_text

# Pieces that stress the parsers: every kind of quote mark, dashes, headings,
# paragraph breaks of every shape, apostrophes, and arbitrary Unicode.
PIECES = st.one_of(
    st.sampled_from(
        ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u2014", "\u2015", "-", "\n", "\n\n", "\r\n",
         "\r", "\n\n\n", "\n   ", "  ", " ", "\t", "\ufeff", "\u2029", ".", "!", "?", ",",
         "CHAPTER I.\n", "\n\nChapter 12\n\n", "\n\nPART II\n\n", "\nThe Title\n\n", "Prologue\n\n",
         "# Head\n\n", "## Sub\n", "```\n", "don't", "'tis ", "boys' ", "He said, ", "word ",
         "\n\n*** END OF THE PROJECT GUTENBERG EBOOK ***\n", "\n\n   IN CAPITALS\n\n",
         "Contents\n\nChapter I\nChapter II\n\n", "\u00ab", "\u00bb", "\n\nI.\n\n", "\n\nII\n\n",
         "\n\n\u2014Yes, he said.\n\n", "Dear Sir,\n\n", "\n\n\"My dear Lizzy,\"\n\n", "Yours, &c.\"\n\n",
         "He read: ", "It ran thus:\n\n", " wrote Miss A, ", "He sang:\n\n", "    la la la\n    la la\n\n",
         "\n     an indented line of prose long enough to look like a letter block\n", "as much as to say, ",
         "She had said. ", " she would go, he should stay, they were gone. ",
         "\n\n\u2014Out \u2014said John\u2014. I went.\n\n", "\n\n\u2013 Yes, he said, ", "\u2013", "--", " asked Mary. ",
         "\n\n\u2015Where? ", " she asked: \u2014", ", said the old man\u2014", "\u2014 W. Blake\n\n"]
    ),
    st.text(min_size=1, max_size=8),
    st.text(alphabet="ab .\n\"'\u201c\u201d\u2018\u2019", min_size=1, max_size=30),
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def check_tiling(text, markdown=False):
    chapters = find_chapters(text, "Book", markdown=markdown)
    assert chapters and chapters[0].start == 0 and chapters[-1].end == len(text)
    for a, b in zip(chapters, chapters[1:]):
        assert a.end == b.start and a.start <= a.end
    assert all(c.start < c.end for c in chapters) or len(text) == 0
    assert [c.index for c in chapters] == list(range(1, len(chapters) + 1))
    for chapter in chapters:
        segs = split_chapter(text, chapter)
        assert "".join(s.text for s in segs) == text[chapter.start : chapter.end]
        pos = chapter.start
        for s in segs:
            assert s.start == pos and s.end > s.start and s.text == text[s.start : s.end]
            assert s.kind in ("narration", "dialogue") and s.chapter == chapter.index
            assert len(s.text) <= MAX_SEGMENT
            if s.kind == "dialogue":
                assert not s.text[0].isspace() and not s.text[-1].isspace() or len(s.text) == MAX_SEGMENT
            pos = s.end
        assert pos == chapter.end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.booleans())
def test_any_text_tiles(text, markdown):
    check_tiling(text, markdown)


@pytest.mark.slow
@settings(max_examples=10000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.booleans())
def test_any_text_tiles_many_examples(text, markdown):
    check_tiling(text, markdown)


HEADINGS = st.lists(
    st.sampled_from(["CHAPTER I.\n", "Chapter 2\n", "PART ONE\n", "Prologue\n", "# Title\n", "I.\n", "\n", "\n\n"]),
    max_size=30,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(HEADINGS, st.booleans())
def test_headings_only_tile(text, markdown):
    check_tiling(text, markdown)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["a", "a b. ", '"x', "'", "\u201c", "\n", "-"]), st.integers(1000, 40000))
def test_very_long_paragraphs_tile(unit, count):
    check_tiling(unit * count)


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_read_text_tiles_any_utf8_file(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("t") / "book.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        book = read_text(path)
    except Exception as e:  # only a clear UserError is allowed
        from audiobook.errors import UserError

        assert isinstance(e, UserError), e
        return
    assert book.text == open(path, encoding="utf-8").read()
    check_tiling(book.text)


def test_alice_sample_tiles():
    path = Path(__file__).resolve().parent.parent / "examples" / "alice" / "alice.txt"
    book = read_text(path)
    check_tiling(book.text)
    assert len(book.chapters) == 4


# The marks and lines the analysis text rewrites (quote_marks.uniform_marks, boilerplate.py)
# and words of other languages (language.py)
REWRITTEN = st.lists(st.one_of(PIECES, st.sampled_from(
    ["\u201e", "\u201a", "\u00bb", "\u00ab", "\u201d", "\u201c", "\u00ab ", " \u00bb", "\u201dJa,\u201d ",
     "\u00bbNein\u00ab, ", "\u201eGut\u201c, sagte er. ", " le la les et est une que qui dans pour ",
     "\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n", "\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n",
     "The Project Gutenberg EBook of X, by Y\n", "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*\n",
     "Language: French\n", "End of the Project Gutenberg EBook of X\n"])), max_size=60).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REWRITTEN)
def test_any_text_keeps_its_length_through_the_analysis_rewrites_and_its_script_tiles_it(text):
    from audiobook.boilerplate import blank_boilerplate, gutenberg_spans, unread
    from audiobook.language import detect_language
    from audiobook.model import Book
    from audiobook.quote_marks import uniform_marks
    from audiobook.script import make_script

    assert len(uniform_marks(text)) == len(text) and len(blank_boilerplate(text)) == len(text)
    assert isinstance(detect_language(text), str)
    spans = gutenberg_spans(text)
    assert all(0 <= a <= b <= len(text) for a, b in spans)
    assert len(unread(text, spans, 0, len(text))) <= len(text)
    chapters = find_chapters(text, "Book")
    script = make_script(Book(text=text, chapters=chapters, title="Book"))
    assert "".join(s.text for s in script.segments) == text
