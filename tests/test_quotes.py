"""Exact tests for splitting a chapter into narration and dialogue."""
from audiobook.model import Chapter
from audiobook.quotes import MAX_SEGMENT, split_chapter


def split(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert "".join(s.text for s in segs) == text
    for s in segs:
        assert s.text == text[s.start : s.end] and s.end > s.start and s.chapter == 1
    return segs


def shape(text):
    return [(s.kind[0], s.text, s.continues) for s in split(text)]


def dialogue(text):
    return [s.text for s in split(text) if s.kind == "dialogue"]


def test_straight_double_quotes_with_tag_in_the_middle():
    assert shape('"Hello," said Tom, "how are you?"\n\nShe nodded.\n') == [
        ("d", '"Hello,"', False),
        ("n", " said Tom, ", False),
        ("d", '"how are you?"', False),
        ("n", "\n\n", False),
        ("n", "She nodded.\n", False),
    ]


def test_curly_double_quotes():
    assert dialogue("\u201cCome in,\u201d she said.\n\n\u201cThank you.\u201d") == [
        "\u201cCome in,\u201d",
        "\u201cThank you.\u201d",
    ]


def test_narration_is_cut_at_paragraphs_and_keeps_hard_wrapped_lines_together():
    text = "One line\nwrapped here.\n\nSecond para\nalso wrapped.\n"
    assert shape(text) == [
        ("n", "One line\nwrapped here.\n\n", False),
        ("n", "Second para\nalso wrapped.\n", False),
    ]


def test_multi_paragraph_quotation_continues():
    text = '"First part of the speech.\n\n"Second part," he said.\n'
    assert shape(text) == [
        ("d", '"First part of the speech.', False),
        ("n", "\n\n", False),
        ("d", '"Second part,"', True),
        ("n", " he said.\n", False),
    ]


def test_unbalanced_quote_ends_at_its_paragraph():
    text = 'He said "never closed.\n\nThen narration goes on. And on.\n'
    assert shape(text) == [
        ("n", "He said ", False),
        ("d", '"never closed.', False),
        ("n", "\n\n", False),
        ("n", "Then narration goes on. And on.\n", False),
    ]


def test_long_paragraph_is_cut_at_sentences():
    sentence = "This is a sentence of moderate length, repeated. "
    text = sentence * 100
    segs = split(text)
    assert all(len(s.text) <= MAX_SEGMENT for s in segs)
    assert all(s.text.endswith(". ") for s in segs[:-1])


def test_long_dialogue_pieces_continue():
    text = '"' + "I keep talking and talking. " * 120 + '" he said.'
    segs = [s for s in split(text) if s.kind == "dialogue"]
    assert len(segs) >= 3
    assert [s.continues for s in segs] == [False] + [True] * (len(segs) - 1)
    assert all(len(s.text) <= MAX_SEGMENT for s in segs)
