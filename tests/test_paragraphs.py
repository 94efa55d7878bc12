"""Exact tests for paragraph finding."""
from audiobook.paragraphs import paragraph_spans


def paragraphs(text):
    return [(text[s:e], text[e:g]) for s, e, g in paragraph_spans(text, 0, len(text))]


def test_blank_lines_separate_and_wrapped_lines_stay_together():
    assert paragraphs("\n\nOne\nwrapped.\n \n\n  Two.\n") == [("One\nwrapped.", "\n \n\n  "), ("Two.", "\n")]


def test_indented_lines_separate_when_there_are_no_blank_lines():
    text = "  First line\ncontinued.\n  Second.\n  Third.\n"
    assert paragraphs(text) == [("First line\ncontinued.", "\n  "), ("Second.", "\n  "), ("Third.", "\n")]


def test_every_long_line_is_a_paragraph_when_lines_are_not_wrapped():
    line = "word " * 40 + "end."
    assert paragraphs(f"{line}\n{line}\n") == [(line, "\n"), (line, "\n")]


def test_whitespace_only_and_empty():
    assert paragraphs("") == [] and paragraphs(" \n\n\t") == []


def test_offsets_within_a_span_of_a_larger_text():
    text = "AAA\n\nBBB\n\nCCC"
    assert paragraph_spans(text, 5, 10) == [(5, 8, 10)]
