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


def test_a_quotation_opening_a_line_after_a_sentence_starts_a_turn_without_blank_lines():
    # hard-wrapped, no blank lines, no indents: turns whose last line is full are still parted
    # where a line ends a sentence and the next opens a quotation, or ends a quoted sentence
    # before a capital
    ask = _wrapped('"And where were you all the morning, when the rest of us were out in the '
                   'lanes looking for you all?" said Mary.', width=40)
    answer = _wrapped('"Out on the river with the boats, and I never once thought that you '
                      'would miss me, or that anybody would, Mary."', width=40)
    after = _wrapped("She looked at him for a long moment without a word and then she went up "
                     "the stairs to her room.", width=40)
    assert all(len(line) > 30 for line in ask[-1:] + answer[-1:])  # no short last line to go by
    paras = [p for p, _ in paragraphs("\n".join((ask + answer + after) * 20) + "\n")]
    assert paras[:3] == ["\n".join(ask), "\n".join(answer), "\n".join(after)]


def test_a_few_indented_lines_do_not_make_the_only_paragraph_breaks_of_a_wrapped_text():
    # a letter set off by indents in a text whose paragraphs are marked by nothing
    prose = _wrapped("The morning was grey and the fields were wet with the rain of the night "
                     "and nobody in the house wanted to go out at all that day.")
    letter = ["    Dear Sir, I shall come on Tuesday.", "    Yours, J. Smith."]
    paras = [p for p, _ in paragraphs("\n".join(prose * 30 + letter + prose * 30) + "\n")]
    assert len(paras) == 62 and paras[0] == "\n".join(prose)


def test_a_heading_is_a_paragraph_of_its_own_without_blank_lines():
    # "CHAPTER VII" above "Emma sat ...": not one paragraph (nor a name "Vii Emma")
    body = ('Emma sat by the fire, and Emma thought of Harriet; it was very late.\n'
            '"Harriet," said Emma, "you must not cry."\n"I will not," said Harriet.\n')
    text = "".join(f"CHAPTER {n}\n{body}" for n in ("VI", "VII", "VIII"))
    found = [p for p, _ in paragraphs(text)]
    assert found[:4] == ["CHAPTER VI", body.split("\n")[0], body.split("\n")[1], body.split("\n")[2]]
    assert found.count("CHAPTER VII") == 1 and len(found) == 12


def test_a_line_whose_next_word_would_have_fitted_ends_its_paragraph():
    # wrapped at 40, no blank lines: "the lane." is not short, but "By" would have fitted after it
    first = _wrapped("The morning was grey and the fields were wet with rain, and nobody in the "
                     "house wanted to go out into the lane.", width=40)
    second = _wrapped("By noon the sky had cleared and the children ran down to the river where "
                      "the boats were tied up.", width=40)
    assert 0.7 * 40 < len(first[-1]) and len(first[-1]) + 1 + len("By") <= 40
    paras = [p for p, _ in paragraphs("\n".join((first + second) * 20) + "\n")]
    assert paras[:2] == ["\n".join(first), "\n".join(second)] and len(paras) == 40


def test_an_indented_line_going_on_in_small_letters_does_not_start_a_paragraph():
    # Emma's Gutenberg text puts a tag on an indented line: '"...brother,"' / ' cried Emma'
    prose = _wrapped("The morning was grey and the fields were wet with the rain of the night "
                     "and nobody in the house wanted to go out at all that day.")
    turn = ['"I did not understand what you were telling your brother,"', ' cried Emma, "not a word."']
    text = "\n".join(prose * 30 + turn + prose * 30) + "\n"
    assert "\n".join(turn) in [p for p, _ in paragraphs(text)]


def test_a_line_break_inside_an_unwrapped_paragraph_stays_in_it_where_blank_lines_part_paragraphs():
    # unwrapped paragraphs with blank lines between them: a single newline is a line break
    # (a letter's first line) inside one, not a paragraph's end
    line = "She walked along the river for a long while, thinking of all that had happened since spring. " * 2
    letter = '"Dear Madam," she read aloud, "I write to tell you\nthat your brother is safe and well."'
    text = "\n\n".join([line.strip()] * 5 + [letter] + [line.strip()] * 5) + "\n"
    assert letter in [p for p, _ in paragraphs(text)]
