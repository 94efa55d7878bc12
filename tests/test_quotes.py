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


def test_british_single_quotes_with_apostrophes_and_elisions():
    text = (
        "\u2018I don\u2019t know,\u2019 said Sam, \u2018it\u2019s five o\u2019clock.\u2019\n\n"
        "\u2018\u2019Tis the boys\u2019 room, and they\u2019re runnin\u2019 late,\u2019 she said.\n\n"
        "Nobody\u2019s fault, \u2019tis said.\n"
    )
    assert dialogue(text) == [
        "\u2018I don\u2019t know,\u2019",
        "\u2018it\u2019s five o\u2019clock.\u2019",
        "\u2018\u2019Tis the boys\u2019 room, and they\u2019re runnin\u2019 late,\u2019",
    ]


def test_british_closer_after_spaces_ends_its_paragraphs_quotation():
    # a dash lost to spaces before the closing mark: last in its paragraph, it still closes
    text = "\u2018The one that Miss Howard   \u2019\n\n\u2018Exactly,\u2019 said John.\n"
    assert dialogue(text) == ["\u2018The one that Miss Howard   \u2019", "\u2018Exactly,\u2019"]
    text = "\u2018Still I do not see   \u2019 I began.\n\n\u2018Neither do I.\u2019\n"
    assert dialogue(text) == ["\u2018Still I do not see   \u2019", "\u2018Neither do I.\u2019"]


def test_straight_single_quotes_as_dialogue():
    text = "'Come here,' said Ann. 'We're late for the boys' party.'\n\n'Tis late.\n\n'Fine.'\n"
    assert dialogue(text) == ["'Come here,'", "'We're late for the boys' party.'", "'Fine.'"]


def test_nested_quotes_stay_inside_the_outer_quotation():
    text = '"She said \'never\' to me," he told us.\n'
    assert dialogue(text) == ['"She said \'never\' to me,"']
    british = "\u2018He called it \u201cthe boys\u2019 den\u201d today,\u2019 she said. \u2018So.\u2019\n"
    assert dialogue(british) == ["\u2018He called it \u201cthe boys\u2019 den\u201d today,\u2019", "\u2018So.\u2019"]


def test_other_style_outside_quotation_is_narration():
    text = '"Yes," he said. The word \'clever\' was odd. "No."\n'
    assert dialogue(text) == ['"Yes,"', '"No."']


def test_scare_quotes_and_titles_are_narration():
    text = (
        'The so-called "experts" came. It was labelled "ORANGE MARMALADE", then.\n\n'
        '"Leave," said she.\n'
    )
    assert dialogue(text) == ['"Leave,"']
    curly = "Those \u201cfriends\u201d of hers. \u201cHello there!\u201d she called.\n"
    assert dialogue(curly) == ["\u201cHello there!\u201d"]


def test_two_words_ending_a_narrated_sentence_are_a_scare_quote():
    text = ('She had brought me up "by hand." Then he whispered "go away." and left.\n\n'
            'He peered at that "little more," his face long.\n')
    assert dialogue(text) == ['"go away."']


def test_quoted_titles_inside_a_sentence_are_narration():
    text = (
        'He had read "The Lamp of the North" twice, and a column about '
        '"The Riverside Murder," which bored him.\n\n'
        'She cried "Come In Now," and announced herself as "Mrs. Pike."\n\n'
        'Then, saying to himself "This is Tom," he knocked.\n\n'
        'He ran in, and "Dear Old Tom," was all she could say.\n'
    )
    assert dialogue(text) == ['"Come In Now,"', '"Mrs. Pike."', '"This is Tom,"', '"Dear Old Tom,"']
    curly = "By the author of \u201cA Year in Kent.\u201d\n"
    assert dialogue(curly) == []


def test_tag_splits_a_quotation_into_two_dialogue_segments():
    text = "\u201cI think,\u201d said Holmes, \u201cthat we are done.\u201d\n"
    assert shape(text) == [
        ("d", "\u201cI think,\u201d", False),
        ("n", " said Holmes, ", False),
        ("d", "\u201cthat we are done.\u201d", False),
        ("n", "\n", False),
    ]


def test_quotation_running_through_paragraphs_without_marks():
    text = '"Listen to this verse:\n\n    Roses are red,\n    violets blue.\n\nThat is all," he said.\n'
    assert shape(text) == [
        ("d", '"Listen to this verse:', False),
        ("n", "\n\n    ", False),
        ("d", "Roses are red,\n    violets blue.", True),
        ("n", "\n\n", False),
        ("d", 'That is all,"', True),
        ("n", " he said.\n", False),
    ]


def test_unclosed_quote_does_not_run_into_a_paragraph_that_opens_a_new_one():
    text = '"Never closed.\n\nThen narration.\n\n"Another," he said.\n'
    assert dialogue(text) == ['"Never closed.', '"Another,"']
    assert [s.continues for s in split(text) if s.kind == "dialogue"] == [False, False]


def test_em_dash_dialogue():
    text = (
        "\u2014Where are you going? asked Stephen.\n\n"
        "\u2014Out, said Buck.\n\n"
        "He left the room quietly.\n\n"
        "\u2014Come back!\n"
    )
    assert dialogue(text) == ["\u2014Where are you going?", "\u2014Out,", "\u2014Come back!"]


def test_a_dash_inside_prose_is_not_dialogue():
    text = '"Yes," she said \u2014 quietly.\n\n\u2014 a stray dash line.\n\n"No."\n'
    assert dialogue(text) == ['"Yes,"', '"No."']


def test_indented_prose_letter_is_read_by_the_narrator():
    letter = (
        '     "My dear Sir, I write to tell you that the house is let at last, and\n'
        "     that we shall be moving in before the end of the month, with all\n"
        '     the servants and the furniture as well."\n\n'
    )
    text = letter + '"Well!" said she.\n'
    assert dialogue(text) == ['"Well!"']


def test_paragraphs_marked_by_indentation_when_there_are_no_blank_lines():
    text = "  First paragraph line one\nline two.\n  \"Hi,\" she said.\n  Third one.\n"
    assert shape(text) == [
        ("n", "  ", False),
        ("n", "First paragraph line one\nline two.\n  ", False),
        ("d", '"Hi,"', False),
        ("n", " she said.\n  ", False),
        ("n", "Third one.\n", False),
    ]


def test_offsets_are_absolute_within_the_book():
    text = "CHAPTER I\n\nText.\n\nCHAPTER II\n\n\"Hi,\" she said.\n"
    start = text.index("CHAPTER II")
    segs = split_chapter(text, Chapter(2, "II", start, len(text)))
    assert segs[0].start == start and segs[-1].end == len(text)
    assert [s.chapter for s in segs] == [2] * len(segs)
    assert [s.text for s in segs if s.kind == "dialogue"] == ['"Hi,"']
    assert all(s.speaker is None for s in segs)


def test_british_scare_quotes_are_narration():
    text = "The so-called \u2018experts\u2019 agreed. \u2018Nonsense!\u2019 said the boys\u2019 father.\n"
    assert dialogue(text) == ["\u2018Nonsense!\u2019"]


def test_long_unwrapped_lines_are_paragraphs():
    line = "This line is a whole paragraph with no wrapping at all, " * 3
    text = f"{line}\n\"Quoted line,\" she said, {line}\n{line}\n"
    segs = split(text)
    assert [s.kind for s in segs] == ["narration", "dialogue", "narration", "narration"]
    assert segs[0].text == line + "\n" and segs[-1].text == line + "\n"


def test_curly_opening_mark_before_a_word_that_is_also_an_elision():
    text = "\u2018Wait,\u2019 said he, \u2018till I have spoken.\u2019 \u2019Tis late; we\u2019ll go \u2019round.\n"
    assert dialogue(text) == ["\u2018Wait,\u2019", "\u2018till I have spoken.\u2019"]


def test_british_quotation_running_through_a_paragraph_with_apostrophes():
    text = "\u2018Listen:\n\n    Man\u2019s power is small,\n    the sea\u2019s is all.\n\nThat is it!\u2019 she said.\n"
    kinds = [(s.kind[0], s.continues) for s in split(text) if s.kind == "dialogue"]
    assert kinds == [("d", False), ("d", True), ("d", True)]


def test_guillemets():
    text = "\u00ab Bonjour, \u00bb dit-il. \u00abVenez.\u00bb\n"
    assert dialogue(text) == ["\u00ab Bonjour, \u00bb", "\u00abVenez.\u00bb"]


def test_a_chapter_in_the_other_style_keeps_its_own():
    british = "".join(f"\u2018Line {i},\u2019 she said.\n\n" for i in range(12))
    american = "".join(f'"Line {i}," he said.\n\n' for i in range(40))
    text = american + british
    segs = split_chapter(text, Chapter(2, "Two", len(american), len(text)))
    assert [s.text for s in segs if s.kind == "dialogue"][:2] == ["\u2018Line 0,\u2019", "\u2018Line 1,\u2019"]


def test_em_dash_dialogue_in_indented_paragraphs():
    text = "  \u2014Who is there? she asked.\n  \u2014Me, he said.\n  He came in.\n  \u2014Good.\n"
    assert dialogue(text) == ["\u2014Who is there?", "\u2014Me,", "\u2014Good."]


def test_straight_single_quotes_with_dashes_and_ambiguous_elisions():
    text = (
        "'Wait,' she thought, 'till its ears come.' They waited 'till noon.\n\n"
        "'--or next day, maybe,' the Footman went on.\n\n"
        "' Listen to me,' said he.\n"
    )
    assert dialogue(text) == [
        "'Wait,'",
        "'till its ears come.'",
        "'--or next day, maybe,'",
        "' Listen to me,'",
    ]


def test_single_quote_opening_on_an_elision_tis():
    text = "'Good day,' she said.\n\n'Good day to you,' he said.\n\n''Tis hard, Rachael,' he said.\n\n'Tis a muddle, she thought.\n"
    assert dialogue(text) == ["'Good day,'", "'Good day to you,'", "''Tis hard, Rachael,'"]


def test_a_quoted_phrase_used_as_a_noun_in_the_narrators_sentence_is_narration():
    text = (
        '"Cissie" was the name of one of these villas.\n\n'
        'He made long answers where "Yes" or "No" would have done.\n\n'
        'They were in for what is known as "quite a scene," and she knew it.\n\n'
        'She bought Giorgione\'s "Tempesta," the "Idolino," and more.\n\n'
        'She never liked the word "clever" much. "Rosebank" was the name of the house.\n'
    )
    # "No" after "Yes" or: one of a list of sayings, kept as speech
    assert dialogue(text) == ['"No"']


def test_a_short_quotation_after_a_verb_of_speech_or_before_a_tag_stays_speech():
    text = (
        'Later, when they had all said "Good-bye" and "Thank-you" to him, they left.\n\n'
        'Then, saying to herself "This is Bill," she gave one sharp kick.\n\n'
        'She "never exactly understood," she would say in after years.\n\n'
        'He agreed, but with so quiet a "Yes," that she stopped.\n\n'
        '"Yes" said Tom.\n'
    )
    assert dialogue(text) == [
        '"Good-bye"', '"Thank-you"', '"This is Bill,"', '"never exactly understood,"', '"Yes,"', '"Yes"'
    ]


def test_a_straight_single_mark_mid_sentence_that_never_closes_is_an_apostrophe():
    british = "".join(f"'Line {i},' she said.\n\n" for i in range(12))
    text = british + "She came, supported by 'Enery, her little boy, and her daughter.\n\nThey sat.\n"
    assert dialogue(text)[-1] == "'Line 11,'"
    # reopened in the next paragraph: a speech that runs on
    text = british + "He turned to us again 'that through all the noise\n\n'she slept.'\n"
    assert dialogue(text)[-2:] == ["'that through all the noise", "'she slept.'"]


def test_marks_a_book_uses_as_most_books_do_are_left_as_they_are():
    from audiobook.quote_marks import uniform_marks
    for text in ("\u201cCome in,\u201d she said.", "\u00ab Bonjour, \u00bb dit Marie.", '"Hi," he said.',
                 "\u00abOui\u00bb, dit-il. \u00abNon\u00bb, dit-elle.", "\u2018Yes,\u2019 she said. It\u2019s late."):
        assert uniform_marks(text) is text


def test_german_low_and_reversed_angle_marks_read_as_opening_and_closing_marks():
    from audiobook.quote_marks import uniform_marks
    german = "\u201eGuten Tag\u201c, sagte Hans. \u201eWie geht es?\u201c\n"
    assert uniform_marks(german) == "\u201cGuten Tag\u201d, sagte Hans. \u201cWie geht es?\u201d\n"
    danish = "\u00bbGod dag\u00ab, sagde Hans. \u00bbHvordan g\u00e5r det?\u00ab\n"
    assert uniform_marks(danish) == "\u201cGod dag\u201d, sagde Hans. \u201cHvordan g\u00e5r det?\u201d\n"


def test_one_mark_used_to_open_and_to_close_reads_as_a_straight_mark():
    from audiobook.quote_marks import uniform_marks
    swedish = "\u201dHej,\u201d sa Anna. \u201dHur m\u00e5r du?\u201d\n"
    assert uniform_marks(swedish) == '"Hej," sa Anna. "Hur m\u00e5r du?"\n'
    # a few stray marks in a book of ordinary curly quotes change nothing
    book = "\u201cYes,\u201d she said. " * 20 + "\u201dNo,\u201d he said. \u201dWell.\u201d"
    assert uniform_marks(book) is book


def test_markdown_markup_opening_a_paragraph_goes_with_that_paragraph():
    from audiobook.markdown import reading_view

    md = (
        "# The Well\n\n## Part One\n\n### Chapter 1\n\nSome text that week.\n\n"
        '"Go," she said.\n\n## Two\n\n"Bye."\n\n  ### Three\n\n> Quoted line.\n\n- An item.\n'
    )
    view = reading_view(md)
    segs = split_chapter(view, Chapter(1, "One", 0, len(md)), source=md)
    assert [(s.kind[0], md[s.start : s.end]) for s in segs] == [
        ("n", "# The Well\n\n"),
        ("n", "## Part One\n\n"),
        ("n", "### Chapter 1\n\n"),
        ("n", "Some text that week.\n\n"),
        ("d", '"Go,"'),
        ("n", " she said.\n\n"),
        ("n", "## Two\n\n"),
        ("d", '"Bye."'),
        ("n", "\n\n  "),  # the source's own indentation before the #s ends the span before
        ("n", "### Three\n\n"),
        ("n", "> Quoted line.\n\n"),
        ("n", "- An item.\n"),
    ]
    # a chapter that opens with its heading: no segment of "### " alone
    start = md.index("## Two")
    segs = split_chapter(view, Chapter(2, "Two", start, len(md)), source=md)
    assert [md[s.start : s.end] for s in segs][:2] == ["## Two\n\n", '"Bye."']
    # without the source (a plain-text book) the cuts are where they were
    segs = split_chapter(view, Chapter(1, "One", 0, len(md)))
    assert [md[s.start : s.end] for s in segs][:3] == ["# ", "The Well\n\n## ", "Part One\n\n### "]


def test_one_angle_mark_used_to_open_and_to_close_reads_as_a_straight_mark():
    from audiobook.quote_marks import uniform_marks
    swedish = "\u00bbHej,\u00bb sa Anna. \u00bbHur m\u00e5r du?\u00bb\n"  # »…», Swedish and Finnish
    assert uniform_marks(swedish) == '"Hej," sa Anna. "Hur m\u00e5r du?"\n'
    # French «…» and Danish »…« keep their readings
    assert uniform_marks("\u00abOui\u00bb, dit-il. \u00abNon\u00bb, dit-elle.").startswith("\u00abOui\u00bb")
    assert uniform_marks("\u00bbJa\u00ab, sagde han. \u00bbNej\u00ab.") == "\u201cJa\u201d, sagde han. \u201cNej\u201d."


def test_a_text_of_one_quotation_is_read_by_its_marks_too():
    from audiobook.quote_marks import uniform_marks
    assert uniform_marks("\u201eGuten Tag\u201c, sagte der Hund.\n") == "\u201cGuten Tag\u201d, sagte der Hund.\n"
    assert uniform_marks("\u201dHej\u201d, sa han.\n") == '"Hej", sa han.\n'
    assert uniform_marks("\u00bbHej\u00bb, sa han.\n") == '"Hej", sa han.\n'
    # one stray mark beside marks used as usual is still a typo
    book = "\u201cYes,\u201d she said. \u201dNo,\u201d he said.\n"
    assert uniform_marks(book) is book


def test_a_swedish_book_in_angle_marks_both_ways_has_its_dialogue(tmp_path):
    from audiobook.book import load_book
    from audiobook.script import make_script
    path = tmp_path / "sjon.txt"
    path.write_text("\u00bbHej,\u00bb sa Anna. \u00bbHur m\u00e5r du?\u00bb\n\nErik log.\n\n\u00bbBra.\u00bb\n",
                    encoding="utf-8")
    script = make_script(load_book(path))
    assert [s.text for s in script.segments if s.kind == "dialogue"] == [
        "\u00bbHej,\u00bb", "\u00bbHur m\u00e5r du?\u00bb", "\u00bbBra.\u00bb"]


def test_an_article_further_back_does_not_make_a_quoted_title_speech():
    text = 'He looked up from his book--a copy of "Ivanhoe" with the cover torn off.\n'
    assert dialogue(text) == []
    text = 'There came a faint "Yes" from the back of the room.\n'
    assert dialogue(text) == ['"Yes"']
    text = 'A very earnest "Good-bye," closed the speech.\n'
    assert dialogue(text) == ['"Good-bye,"']


def test_a_name_given_in_quote_marks_is_narration():
    text = (
        'They called him "Captain," though he had never been more than a mate.\n\n'
        'A dog nicknamed "Old Growler" slept by the fire.\n\n'
        'He called her, "Come here!"\n\n'
        'She had what her mother called "a temper," and used it.\n\n'
        'The house, which the villagers called "the Barracks," stood empty.\n\n'
        'He was, as they say, "in the soup" again.\n\n'
        'Then he called to them, "Wait for me," and ran.\n'
    )
    assert dialogue(text) == ['"Come here!"', '"Wait for me,"']


def test_quoted_words_that_are_the_subject_of_a_verb_are_narration():
    text = (
        'And yet the words "before the spring" seemed to her to promise very little.\n\n'
        'He heard the words "my son," and turned.\n'
    )
    assert dialogue(text) == ['"my son,"']


def test_ascii_grave_accent_quotes_read_as_curly_marks():
    from audiobook.quote_marks import uniform_marks
    text = "``Out,'' said John. ``Down by the river.''\n\n``In this weather?''\n"
    view = uniform_marks(text)
    assert view == "\u201c Out, \u201d said John. \u201c Down by the river. \u201d\n\n\u201c In this weather? \u201d\n"
    assert [view[s.start : s.end] for s in split(view) if s.kind == "dialogue"] == [
        "\u201c Out, \u201d", "\u201c Down by the river. \u201d", "\u201c In this weather? \u201d"
    ]
    # two apostrophes or one pair of accents alone change nothing
    for text in ("''Tis late,' said he. 'Go.'", 'He said ``so\'\' once. "Yes," said Tom. "No."'):
        assert uniform_marks(text) is text


def test_a_lowercase_word_after_a_verb_of_speech_is_speech_not_a_scare_quote():
    text = 'She asked again and he said "no" and left.\n\nThe so-called "experts" knew nothing.\n'
    assert dialogue(text) == ['"no"']
