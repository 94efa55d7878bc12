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


def test_unwrapped_lines_are_paragraphs_when_blank_lines_only_part_chapters():
    # one paragraph per line, as text exported from an e-book often is, with blank lines
    # around the headings only: each line is a paragraph, not each chapter
    line = "She said nothing for a while, and then she spoke again of the weather. " * 3
    talk = ['"Yes."', '"No, indeed."', line.strip(), '"Then go."']
    text = "CHAPTER I\n\n" + "\n".join(talk * 5) + "\n\nCHAPTER II\n\n" + "\n".join(talk * 5) + "\n"
    found = [p for p, _ in paragraphs(text)]
    assert found == ["CHAPTER I"] + talk * 5 + ["CHAPTER II"] + talk * 5


def test_a_wide_wrap_with_blank_lines_is_not_taken_for_unwrapped_lines():
    wrapped = "\n".join(["word " * 23 + "word"] * 3)  # 119 characters to a line
    assert paragraphs(f"{wrapped}\n\n{wrapped}\n") == [(wrapped, "\n\n"), (wrapped, "\n")]


def test_whitespace_only_and_empty():
    assert paragraphs("") == [] and paragraphs(" \n\n\t") == []


def test_offsets_within_a_span_of_a_larger_text():
    text = "AAA\n\nBBB\n\nCCC"
    assert paragraph_spans(text, 5, 10) == [(5, 8, 10)]


def _wrapped(words, width=60):
    lines, line = [], ""
    for w in words.split():
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    return lines + [line]


def test_short_sentence_final_line_ends_a_paragraph_without_blank_lines_or_indents():
    first = _wrapped("The morning was grey and the fields were wet with the rain of the night "
                     "and nobody in the house wanted to go out at all that day.")
    second = _wrapped("By noon the sky had cleared and the children ran down to the river "
                      "where the boats were.")
    lines = (first + second) * 30
    paras = paragraphs("\n".join(lines) + "\n")
    assert [p for p, _ in paras[:2]] == ["\n".join(first), "\n".join(second)]
    assert len(paras) == 60


def test_dash_lines_are_turns_without_blank_lines_or_indents():
    prose = _wrapped("It had rained all night, and the road to the village was deep in mud "
                     "by the time the two of them set out together after breakfast.") * 40
    text = "\n".join(prose[:2] + ["\u2014 Where were you? asked Mary.", "\u2014 Out, said John.",
                                 "-- Out where?"] + prose[2:]) + "\n"
    paras = [p for p, _ in paragraphs(text)]
    assert paras[:4] == ["\n".join(prose[:2]), "\u2014 Where were you? asked Mary.", "\u2014 Out, said John.",
                         "-- Out where?"]
