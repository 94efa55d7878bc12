"""Exact tests for chapter finding."""
import pytest

from audiobook.chapters import find_chapters, title_case


def chapters(text, **kw):
    found = find_chapters(text, **kw)
    assert found[0].start == 0 and found[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(found, found[1:]))
    assert [c.index for c in found] == list(range(1, len(found) + 1))
    return found


def titles(text, **kw):
    return [c.title for c in chapters(text, **kw)]


BODY = "Some text of the chapter.\n\n"


@pytest.mark.parametrize(
    "heading, title",
    [
        ("CHAPTER I.", "Chapter I"),
        ("Chapter 12", "Chapter 12"),
        ("Chapter Twelve", "Chapter Twelve"),
        ("Chapter the First", "Chapter the First"),
        ("Chapter 3: The Storm", "Chapter 3: The Storm"),
        ("CHAPTER IV. The Rabbit Sends in a Little Bill", "Chapter IV: The Rabbit Sends in a Little Bill"),
        ("PART II", "Part II"),
        ("BOOK ONE", "Book One"),
        ("Prologue", "Prologue"),
        ("EPILOGUE", "Epilogue"),
        ("_Chapter 7_", "Chapter 7"),
        ("    CHAPTER IX", "Chapter IX"),
    ],
)
def test_heading_forms(heading, title):
    text = f"{heading}\n\n{BODY}{heading}\n\n{BODY}"
    found = chapters(text)
    assert [c.title for c in found] == [title, title]
    assert found[1].start == text.index(heading, 1)


def test_title_on_the_line_after_a_bare_number():
    text = "CHAPTER I.\nDown the Rabbit-Hole\n\n\nAlice was tired.\n\nCHAPTER II.\nTHE POOL OF TEARS\n\nCurious.\n"
    assert titles(text) == ["Chapter I: Down the Rabbit-Hole", "Chapter II: The Pool of Tears"]


def test_capital_title_block_after_a_blank_line():
    text = "   CHAPTER I\n\n   IN WHICH WE ARE INTRODUCED TO\n   WINNIE-THE-POOH\n\n\nHere is Edward Bear.\n"
    assert titles(text) == ["Chapter I: In Which We Are Introduced to Winnie-the-Pooh"]
    assert chapters(text)[0].end == len(text)


def test_no_headings_gives_one_chapter_with_the_book_title():
    text = "Just some prose.\n\nAnd more prose.\n"
    assert [(c.title, c.start, c.end) for c in chapters(text, default_title="My Book")] == [
        ("My Book", 0, len(text))
    ]
    assert titles("") == ["Opening"]


def test_text_before_the_first_heading_is_its_own_chapter_when_it_has_content():
    text = "My Book\nby Someone\n\n\nCHAPTER I.\n\nText.\n"
    found = chapters(text, default_title="My Book")
    assert [(c.title, c.start) for c in found] == [("My Book", 0), ("Chapter I", text.index("CHAPTER"))]
    blank_start = "\n\n\nCHAPTER I.\n\nText.\n"
    assert [(c.title, c.start) for c in chapters(blank_start)] == [("Chapter I", 0)]


def test_chapter_word_inside_prose_is_not_a_heading():
    text = (
        "CHAPTER I.\n\nThe committee met, and as\n"
        "Chapter 3 of the report said, nothing was done.\n\n"
        "Chapter 3 of the report said that nothing\nwas done at all by anyone.\n\n"
        "Chapter 4. The board then decided that\nthe matter was closed.\n"
    )
    assert titles(text) == ["Chapter I"]


def test_part_heading_joins_the_next_chapter():
    text = "PART ONE\n\n\n\nChapter I: The Bertolini\n\nText.\n\nChapter II: Santa Croce\n\nMore.\n"
    found = chapters(text)
    assert [(c.title, c.start) for c in found] == [
        ("Part One \u2014 Chapter I: The Bertolini", 0),
        ("Chapter II: Santa Croce", text.index("Chapter II")),
    ]


def test_part_heading_with_body_text_is_its_own_chapter():
    text = "PART ONE\n\nIn which things happen.\n\nCHAPTER I\n\nText.\n"
    assert titles(text) == ["Part One", "Chapter I"]


def test_table_of_contents_does_not_make_empty_chapters():
    toc = "CONTENTS\n\nChapter I\n\nChapter II\n\nChapter III\n\n"
    body = "Chapter I\n\nOne.\n\nChapter II\n\nTwo.\n\nChapter III\n\nThree.\n"
    found = chapters("My Book\n\n" + toc + body, default_title="My Book")
    assert [c.title for c in found] == ["My Book", "Chapter I", "Chapter II", "Chapter III"]
    # a contents list without blank lines between its entries joins the opening
    toc = "Contents\n\nChapter I. The Start\nChapter II. The Middle\nChapter III. The End\n\n"
    body = "Chapter I. The Start\n\nOne.\n\nChapter II. The Middle\n\nTwo.\n\nChapter III. The End\n\nThree.\n"
    assert titles("My Book\n\n" + toc + body, default_title="My Book") == [
        "My Book", "Chapter I: The Start", "Chapter II: The Middle", "Chapter III: The End"
    ]


def test_trailing_heading_without_body_joins_the_previous_chapter():
    text = "CHAPTER I\n\nText.\n\nCHAPTER II\n\n"
    found = chapters(text)
    assert [(c.title, c.end) for c in found] == [("Chapter I", len(text))]


def test_gutenberg_license_is_its_own_chapter():
    text = "CHAPTER I\n\nText.\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n\nLicense text.\n"
    assert titles(text) == ["Chapter I", "End of the Project Gutenberg eBook"]


def test_markdown_headings():
    text = "# My Book\n\n## One\n\nText.\n\n## Two\n\nMore.\n\n```\n## not a heading\n```\n"
    found = chapters(text, markdown=True)
    assert [(c.title, c.start) for c in found] == [("One", 0), ("Two", text.index("## Two"))]
    # without markdown=True the '#' lines are text
    assert titles(text, default_title="X") == ["X"]


def test_crlf_text_still_finds_headings():
    text = "CHAPTER I.\r\nThe Start\r\n\r\nText.\r\n\r\nCHAPTER II.\r\n\r\nMore.\r\n"
    assert titles(text) == ["Chapter I: The Start", "Chapter II"]


def test_title_case():
    assert title_case("DOWN THE RABBIT-HOLE") == "Down the Rabbit-Hole"
    assert title_case("THE ONE THING NEEDFUL") == "The One Thing Needful"


def test_bare_numbers_counting_up_are_chapter_headings():
    text = "My Story\n\nI.\n\nOne.\n\nII.\n\nTwo.\n\nIII.\nThe Third\n\nThree.\n"
    found = chapters(text, default_title="My Story")
    assert [c.title for c in found] == ["My Story", "I", "II", "III: The Third"]
    assert found[1].start == text.index("I.")


def test_bare_numbers_that_do_not_count_up_are_text():
    text = "Intro.\n\n7\n\nSeven.\n\n3\n\nThree.\n\n12\n\nTwelve.\n"
    assert titles(text, default_title="X") == ["X"]
    assert titles("Intro.\n\n1\n\nOne.\n\n2\n\nTwo.\n", default_title="X") == ["X"]  # too few


def test_gutenberg_layout_with_header_and_contents():
    text = (
        "The Project Gutenberg eBook of A Tale\n\nTitle: A Tale\n\nAuthor: Some One\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\n"
        "A TALE\n\nby Some One\n\n\nContents\n\n"
        " CHAPTER I.     Down the Hole\n CHAPTER II.    The Pool of Tears\n CHAPTER III.   A Race\n\n\n"
        "CHAPTER I.\nDown the Hole\n\n\nText one.\n\n"
        "CHAPTER II.\nThe Pool of Tears\n\n\nText two.\n\n"
        "CHAPTER III.\nA Race\n\n\nText three.\n\n"
        "*** END OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\nLicense.\n"
    )
    found = chapters(text, default_title="A Tale")
    assert [c.title for c in found] == [
        "A Tale",
        "Chapter I: Down the Hole",
        "Chapter II: The Pool of Tears",
        "Chapter III: A Race",
        "End of the Project Gutenberg eBook",
    ]
    assert found[1].start == text.index("CHAPTER I.\n")


def test_byte_order_mark_before_the_first_heading():
    text = "\ufeffCHAPTER I\n\nText.\n\nCHAPTER II\n\nMore.\n"
    assert [(c.title, c.start) for c in chapters(text)] == [("Chapter I", 0), ("Chapter II", text.index("CHAPTER II"))]


def test_part_heading_before_a_contents_list_names_the_first_chapter():
    text = "BOOK ONE\n\nChapter 1\n\nChapter 2\n\nChapter 1\n\nText.\n\nChapter 2\n\nMore.\n"
    assert titles(text) == ["Book One \u2014 Chapter 1", "Chapter 2"]


def test_title_cased_line_after_a_blank_line():
    text = "Chapter 1\n\nThe Beginning\n\nIt was late.\n\nChapter 2\n\n\nSilence.\n\nMore text.\n"
    assert titles(text) == ["Chapter 1: The Beginning", "Chapter 2"]
    text = "Chapter 1\n\n\"Hello There\"\n\nShe said it.\n\nChapter 2\n\nEmma Woodhouse, handsome, clever, and rich\nwith a home.\n"
    assert titles(text) == ["Chapter 1", "Chapter 2"]


def test_inline_title_wrapped_onto_a_second_line():
    text = "Chapter XVIII: Lying to Mr. Beebe, Mrs. Honeychurch, and The\nServants\n\nText.\n"
    assert titles(text) == ["Chapter XVIII: Lying to Mr. Beebe, Mrs. Honeychurch, and The Servants"]


def test_headings_of_a_text_without_blank_lines():
    # no blank line anywhere: a heading stands alone on its line after one that ends a sentence
    text = ("Chapter I\nIt was a dark night, and the wind blew\nhard over the moor.\n"
            '"Come in," she said.\n  Chapter II\nThe morning came at last, and\n'
            "Chapter 3 of the old book lay open\non the table, as it had all night.\n"
            "He read on. He closed it.\nChapter 4 of it was next.\n")
    assert titles(text) == ["Chapter I", "Chapter II"]


def test_titles_parts_and_contents_of_a_text_without_blank_lines():
    body = "It was a cold morning, and the wind was in the east all day.\n"
    text = ("Contents\nChapter I. The Start\nChapter II. The End\n"  # a table of contents: no headings
            "VOLUME I\nCHAPTER I\nThe Start\n" + body * 3 + "Chapter II: The End\n" + body * 3)
    found = chapters(text)
    assert [c.title for c in found] == ["Opening", "Volume I — Chapter I: The Start", "Chapter II: The End"]
    assert found[1].start == text.index("VOLUME I")


# --- numbered headings with titles ---------------------------------------------

PROSE = ("The water ran cold and fast under the old bridge. Nobody had crossed it in years, "
         "and the boards were grey with moss. She stood at the edge and listened.\n\n")


def book_of(headings, body=PROSE, before=""):
    return before + "".join(f"{h}\n\n{body}" for h in headings)


@pytest.mark.parametrize("headings, expected", [
    (["I. The River", "II. The Sea", "III. The Sky"], ["I. The River", "II. The Sea", "III. The Sky"]),
    (["1. The River", "2. The Sea", "3. The Sky"], ["1. The River", "2. The Sea", "3. The Sky"]),
    (["I. THE RIVER", "II. THE SEA", "III. THE SKY."], ["I. The River", "II. The Sea", "III. The Sky"]),
    (["ADVENTURE I. A SCANDAL IN BOHEMIA", "ADVENTURE II. THE RED-HEADED LEAGUE", "ADVENTURE III. A CASE OF IDENTITY"],
     ["Adventure I: A Scandal in Bohemia", "Adventure II: The Red-Headed League", "Adventure III: A Case of Identity"]),
    (["STAVE ONE: MARLEY'S GHOST", "STAVE TWO: THE FIRST SPIRIT", "STAVE THREE: THE LAST"],
     ["Stave One: Marley's Ghost", "Stave Two: The First Spirit", "Stave Three: The Last"]),
    (["Letter 1", "Letter 2", "Letter 3"], ["Letter 1", "Letter 2", "Letter 3"]),
    (["1. The river", "2. The sea at night", "3. A sky"], ["1. The river", "2. The sea at night", "3. A sky"]),
])
def test_numbered_headings_with_titles(headings, expected):
    text = book_of(headings)
    found = chapters(text, default_title="Book")
    assert [c.title for c in found] == expected
    assert [c.start for c in found] == [0] + [text.index(h) for h in headings[1:]]


def test_numbered_list_is_not_chapters():
    lines = PROSE + "We needed:\n\n1. Eggs\n2. Milk\n3. Bread\n\n" + PROSE * 3
    paragraphs = PROSE + "We needed:\n\n1. Eggs\n\n2. Milk\n\n3. Bread\n\n" + PROSE * 3
    notes = PROSE + "1. Eggs\n\nFresh ones.\n\n2. Milk\n\nA pint.\n\n3. Bread\n\nWhite.\n\n" + PROSE * 3
    steps = book_of(["1. Preheat the oven to 200 degrees.", "2. Mix the flour and the eggs.", "3. Bake it."])
    for text in (lines, paragraphs, notes, steps):
        assert titles(text, default_title="Book") == ["Book"]


def test_numbered_items_bunched_in_one_part_of_the_book_are_not_chapters():
    text = PROSE * 60 + book_of(["1. Rule One", "2. Rule Two", "3. Rule Three"]) + PROSE * 60
    assert titles(text, default_title="Book") == ["Book"]


def test_numbered_headings_must_count_up_from_one():
    assert titles(book_of(["3. The River", "7. The Sea", "2. The Sky"]), default_title="Book") == ["Book"]
    assert titles(book_of(["1. The River", "2. The Sea"]), default_title="Book") == ["Book"]  # too few


def test_numbered_list_inside_a_chapter_stays_text():
    heads = ["I. The River", "II. The Sea", "III. The Sky", "IV. The Land"]
    lists = {"II. The Sea": "1. Eggs\n\n2. Milk\n\n3. Bread\n\n" + PROSE,  # a list of paragraphs
             "III. The Sky": "1. Eggs\n\n" + PROSE + "2. Milk\n\n" + PROSE + "3. Bread\n\n" + PROSE}  # with notes
    text = "".join(f"{h}\n\n{PROSE * 3}{lists.get(h, '')}" for h in heads)
    assert titles(text) == heads


def test_numbered_contents_list_before_the_headings():
    heads = ["I. The River", "II. The Sea", "III. The Sky"]
    body = book_of(heads, PROSE * 3)
    for contents in ("\n\n".join(heads), "\n".join(heads)):
        text = f"Contents\n\n{contents}\n\n{body}"
        found = chapters(text, default_title="Book")
        assert [c.title for c in found] == ["Book"] + heads
        assert found[1].start == text.index(body)


def test_numbered_headings_among_keyword_chapters_are_sections():
    text = "".join(f"CHAPTER {c}\n\n{PROSE}" + book_of(["1. Part One", "2. Part Two", "3. Part Three"])
                   for c in ("I", "II", "III"))
    assert titles(text) == ["Chapter I", "Chapter II", "Chapter III"]


def test_bare_section_numbers_under_titled_headings_are_not_chapters():
    text = "THE ADVENTURES\n\n" + "".join(
        f"ADVENTURE {r}. {t}\n\n" + book_of(["I.", "II.", "III."], PROSE * 2)
        for r, t in (("I", "A SCANDAL IN BOHEMIA"), ("II", "THE RED-HEADED LEAGUE"), ("III", "A CASE OF IDENTITY")))
    found = chapters(text, default_title="Book")
    assert [c.title for c in found] == ["Book", "Adventure I: A Scandal in Bohemia",
                                        "Adventure II: The Red-Headed League", "Adventure III: A Case of Identity"]
    assert found[2].start == text.index("ADVENTURE II.")


def test_part_headings_over_numbered_titled_chapters():
    text = "".join(f"PART {p}\n\n" + book_of(["1. The River", "2. The Sea"], PROSE * 2) for p in ("ONE", "TWO"))
    assert titles(text) == ["Part One \u2014 1. The River", "2. The Sea", "Part Two \u2014 1. The River", "2. The Sea"]


def test_numbered_headings_end_at_the_gutenberg_licence():
    text = book_of(["I. The River", "II. The Sea", "III. The Sky"], PROSE * 3) \
        + "*** END OF THE PROJECT GUTENBERG EBOOK X ***\n\n" + PROSE * 40
    assert titles(text) == ["I. The River", "II. The Sea", "III. The Sky", "End of the Project Gutenberg eBook"]


@pytest.mark.parametrize("caps, title", [
    ("I. THE RIVER", "I. The River"),
    ("ADVENTURE I. A SCANDAL IN BOHEMIA", "Adventure I. A Scandal in Bohemia"),
    ("ADVENTURE XII. THE ADVENTURE OF THE COPPER BEECHES", "Adventure XII. The Adventure of the Copper Beeches"),
    ("THE CIVIL WAR: A HISTORY", "The Civil War: A History"),
    ("BOOK 2 THE SEA", "Book 2 The Sea"),
    ("PART IV \u2014 THE END", "Part IV \u2014 The End"),
    ("MR. AND MRS. SMITH", "Mr. and Mrs. Smith"),
    ("THE 16TH OF JULY", "The 16th of July"),
    ("\"IT ISN'T STRYCHNINE, IS IT?\"", "\"It Isn't Strychnine, Is It?\""),
    ("WHAT I SAW IN THE DARK", "What I Saw in the Dark"),
    ("THE MIX OF IT", "The Mix of It"),
    ("BOOK THE FIRST", "Book the First"),
])
def test_title_case_after_numbers_and_punctuation(caps, title):
    assert title_case(caps) == title


def test_numbered_headings_after_a_byte_order_mark_or_blank_lines():
    body = book_of(["I. The River", "II. The Sea", "III. The Sky"])
    for lead in ("\ufeff", "\n\n"):
        assert [(c.title, c.start) for c in chapters(lead + body)] == [
            ("I. The River", 0), ("II. The Sea", len(lead) + body.index("II.")),
            ("III. The Sky", len(lead) + body.index("III."))]


@pytest.mark.parametrize("headings, expected", [
    (["ADVENTURE I.\nA SCANDAL IN BOHEMIA", "ADVENTURE II.\nTHE RED-HEADED LEAGUE", "ADVENTURE III.\nA CASE OF IDENTITY"],
     ["Adventure I: A Scandal in Bohemia", "Adventure II: The Red-Headed League", "Adventure III: A Case of Identity"]),
    (["STAVE ONE.\nMARLEY'S GHOST", "STAVE TWO.\nTHE FIRST OF THE THREE SPIRITS", "STAVE THREE.\nTHE SECOND OF THE THREE SPIRITS"],
     ["Stave One: Marley's Ghost", "Stave Two: The First of the Three Spirits",
      "Stave Three: The Second of the Three Spirits"]),
    (["Letter 1", "Letter 2", "Letter 3"], ["Letter 1", "Letter 2", "Letter 3"]),
])
def test_headings_of_adventures_staves_and_letters_with_the_title_below(headings, expected):
    assert titles(book_of(headings, PROSE * 3)) == expected


@pytest.mark.parametrize("heading, title", [
    ("CHAPTER {}.--THE STORM", "Chapter {}: The Storm"),  # Project Gutenberg's "--" for a dash
    ("CHAPTER {}--THE STORM", "Chapter {}: The Storm"),
    ("CHAPTER {}.\u2014THE STORM", "Chapter {}: The Storm"),
    ("Chapter {} -- The Storm", "Chapter {}: The Storm"),
])
def test_a_double_hyphen_parts_the_number_from_the_title(heading, title):
    text = "".join(f"{heading.format(n)}\n\n{BODY}" for n in ("I", "II"))
    assert titles(text) == [title.format("I"), title.format("II")]


@pytest.mark.parametrize("caps, title", [
    ("II.--THE STORM", "II.--The Storm"),
    ("II.\u2014THE STORM", "II.\u2014The Storm"),
    ("THE STORM--AND AFTER", "The Storm--And After"),
    ("THE END OF IT--", "The End of It--"),
])
def test_title_case_across_a_dash_joining_two_words(caps, title):
    assert title_case(caps) == title


def test_numbers_in_words_alone_counting_up_are_chapter_headings():
    text = "ONE\n\n" + BODY + "TWO\n\n" + BODY + "THREE\n\n" + BODY
    assert [(c.title, c.start) for c in chapters(text)] == [
        ("One", 0), ("Two", text.index("TWO")), ("Three", text.index("THREE"))]
    assert titles("One\n\n" + BODY + "Two\n\n" + BODY + "Three\n\n" + BODY) == ["One", "Two", "Three"]
    # ... not one-word replies, nor numbers that do not count up, nor lower case
    assert titles("X.\n\nOne.\n\nA.\n\nTwo.\n\nB.\n\nThree.\n\nC.\n", default_title="X") == ["X"]
    assert titles("TWO\n\n" + BODY + "SEVEN\n\n" + BODY + "ONE\n\n" + BODY, default_title="X") == ["X"]
    assert titles("one\n\n" + BODY + "two\n\n" + BODY + "three\n\n" + BODY, default_title="X") == ["X"]


def test_markdown_part_headings_above_chapter_headings_do_not_hide_the_chapters():
    text = ("# The Well\n\n## Part One\n\n### Chapter 1\n\nOne.\n\n### Chapter 2\n\nTwo.\n\n"
            "## Part Two\n\n### Chapter 3\n\nThree.\n")
    assert [(c.title, c.start) for c in chapters(text, markdown=True)] == [
        ("Part One \u2014 Chapter 1", 0), ("Chapter 2", text.index("### Chapter 2")),
        ("Part Two \u2014 Chapter 3", text.index("## Part Two"))]
    # parts with text of their own are the chapters; their sections are not
    text = "## Part One\n\nIntro.\n\n### A\n\nOne.\n\n## Part Two\n\nIntro.\n\n### B\n\nTwo.\n"
    assert titles(text, markdown=True) == ["Part One", "Part Two"]


def test_markdown_setext_headings():
    text = ("The Book\n========\n\nThe Gathering\n-------------\n\nOne.\n\n"
            "The Breaking\n------------\n\nTwo.\n\n```\nCode\n----\n```\n")
    assert [(c.title, c.start) for c in chapters(text, markdown=True)] == [
        ("The Gathering", 0), ("The Breaking", text.index("The Breaking"))]
    # an underline needs a one-line paragraph above it: a rule after a blank line is a break
    text = "## One\n\nText.\n\n---\n\nMore.\n\n## Two\n\nEnd.\n"
    assert titles(text, markdown=True) == ["One", "Two"]
    # ... and so is one under a sentence
    text = "## One\n\nText.\n\nHe closed the door.\n---\n\nMore.\n\n## Two\n\nEnd.\n"
    assert [(c.title, c.start) for c in chapters(text, markdown=True)] == [("One", 0), ("Two", text.index("## Two"))]


def test_a_contents_entry_above_numbered_titles_is_no_chapter():
    text = ("THE ORCHARD\n\nCONTENTS\n\nPREFACE\n\nI. THE STORM\n\nII. THE CALM\n\nIII. THE HARVEST\n\n\n"
            "PREFACE\n\nThis little book was written in the summer, in Kent.\n\n")
    text += "".join(f"{h}\n\nThe wind rose in the night and the house creaked, and nobody in it slept. "
                    "In the morning the orchard was full of broken branches.\n\n"
                    for h in ("I. THE STORM", "II. THE CALM", "III. THE HARVEST"))
    assert [(c.title, c.start) for c in chapters(text, default_title="The Orchard")] == [
        ("The Orchard", 0), ("Preface", text.index("PREFACE\n\nThis")), ("I. The Storm", text.rindex("I. THE STORM")),
        ("II. The Calm", text.rindex("II. THE CALM")), ("III. The Harvest", text.rindex("III. THE HARVEST"))]


# How the first bare numbered heading is spoken (audiobook/spoken_headings.py)
@pytest.mark.parametrize("text, spoken", [
    ("I.\n\n", "One."),  # the first of a book's bare numbered headings, a paragraph of its own
    ("I.\n\n\n", "One."),
    ("II.\n\n", "Two."),
    ("I.\n", "I."),  # a line of a paragraph that may go on
    ("I\n\n", "I"),
    ("Who? I.\n\n", "Who? I."),
])
def test_a_paragraph_that_is_only_the_numeral_i_is_spoken_as_a_heading(text, spoken):
    from audiobook.normalize import speech_text

    assert speech_text(text) == spoken


def test_chapter_words_of_other_languages():
    text = "".join(f"{h}\n\n" + BODY for h in ("KAPITEL 1", "Kapitel 2", "KAPITEL 3"))
    assert titles(text) == ["Kapitel 1", "Kapitel 2", "Kapitel 3"]
    text = "".join(f"{h}\n\n" + BODY for h in ("CHAPITRE I", "CHAPITRE II", "CHAPITRE III"))
    assert titles(text) == ["Chapitre I", "Chapitre II", "Chapitre III"]
    text = "".join(f"{h}\n\n" + BODY for h in ("CHAPITRE PREMIER", "CHAPITRE II", "CHAPITRE III"))
    assert titles(text) == ["Chapitre Premier", "Chapitre II", "Chapitre III"]
    # the words inside a sentence are no headings ("come", "feel", "tome")
    assert len(chapters("He will come home and feel the tome 3 times.\n\n" + BODY)) == 1


def test_ordinal_first_german_polish_and_norwegian_headings():
    text = "".join(f"{h}\n\n" + BODY for h in ("Erstes Kapitel", "ZWEITES KAPITEL", "Drittes Kapitel. Der Hafen"))
    assert titles(text) == ["Erstes Kapitel", "Zweites Kapitel", "Drittes Kapitel: Der Hafen"]
    text = "".join(f"{h}\n\n" + BODY for h in ("Rozdzia\u0142 I", "Rozdzia\u0142 II", "Rozdzia\u0142 III"))
    assert titles(text) == ["Rozdzia\u0142 I", "Rozdzia\u0142 II", "Rozdzia\u0142 III"]
    text = "".join(f"{h}\n\n" + BODY for h in ("Kapittel 1", "Kapittel 2", "Kapittel 3"))
    assert titles(text) == ["Kapittel 1", "Kapittel 2", "Kapittel 3"]
    # the words in a sentence are none
    assert len(chapters("Das erste Kapitel war lang, und das zweite Kapitel auch.\n\n" + BODY)) == 1


def test_a_quotation_after_a_heading_is_no_title():
    text = "".join(f"CHAPTER {n}\n\n\u00ab Bonjour, \u00bb dit Marie. \u00ab Comment allez-vous ? \u00bb\n\n" + BODY
                   for n in ("I", "II", "III"))
    assert titles(text) == ["Chapter I", "Chapter II", "Chapter III"]
