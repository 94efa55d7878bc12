"""A Project Gutenberg text's header and licence: in the script, never read aloud."""

from audiobook.boilerplate import blank_boilerplate, gutenberg_spans, unread
from audiobook.book import load_book
from audiobook.reading import analysis_text, boilerplate_note, spoken_segments
from audiobook.script import make_script

HEADER = ("The Project Gutenberg eBook of The Ferry, by A. Writer\n\n"
          "This eBook is for the use of anyone anywhere in the United States.\n\n"
          "*** START OF THE PROJECT GUTENBERG EBOOK THE FERRY ***\n\n")
STORY = ("CHAPTER I.\n\nThe ferry left at dawn.\n\n\u201cHold the rope,\u201d said Mara.\n\n"
         "CHAPTER II.\n\nThey reached the island.\n\n\u201cAt last,\u201d said Tobias.\n\n"
         "CHAPTER III.\n\nThe wind rose.\n\n")
LICENCE = ("*** END OF THE PROJECT GUTENBERG EBOOK THE FERRY ***\n\n"
           "Updated editions will replace the previous one. \u201cProject Gutenberg\u201d is a registered "
           "trademark, said Mr. Hart.\n")


def test_the_header_and_the_licence_are_found_and_nothing_else():
    text = HEADER + STORY + LICENCE
    assert gutenberg_spans(text) == ((0, HEADER.index("\n\n", HEADER.index("***"))), (len(HEADER + STORY), len(text)))
    assert gutenberg_spans(STORY) == ()
    # a book that only quotes such a line in its first half has no licence
    quoted = STORY + "He wrote: *** END OF THE PROJECT GUTENBERG EBOOK ***\n\n" + STORY * 3
    assert gutenberg_spans(quoted) == ()


def test_blanked_text_keeps_its_length_and_newlines_and_unread_drops_the_spans():
    text = HEADER + STORY + LICENCE
    blank = blank_boilerplate(text)
    assert len(blank) == len(text) and blank.count("\n") == text.count("\n")
    assert blank[len(HEADER):len(HEADER + STORY)] == STORY and "Gutenberg" not in blank
    assert blank_boilerplate(STORY) is STORY
    spans = gutenberg_spans(text)
    assert unread(text, spans, 0, len(text)) == "\n\n" + STORY
    assert unread(text, spans, len(HEADER), len(HEADER) + 10) == STORY[:10]


def test_a_gutenberg_book_keeps_every_character_in_its_script_but_reads_none_of_the_boilerplate(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(HEADER + STORY + LICENCE, encoding="utf-8")
    book = load_book(path)
    script = make_script(book)
    assert "".join(s.text for s in script.segments) == book.text
    # the licence's quotation is no dialogue, and its "Mr. Hart" no character
    assert [s.text for s in script.segments if s.kind == "dialogue"] == ["\u201cHold the rope,\u201d",
                                                                        "\u201cAt last,\u201d"]
    assert "Gutenberg" not in analysis_text(book)
    said = "".join(s.text for s in spoken_segments(book, script.segments))
    assert "Gutenberg" not in said and "eBook" not in said and "The ferry left at dawn." in said
    assert "header and licence (" in boilerplate_note(book) and "stay in the script but are not" in boilerplate_note(book)
    footer = tmp_path / "footer.txt"
    footer.write_text(STORY * 3 + LICENCE, encoding="utf-8")
    assert "licence (" in boilerplate_note(load_book(footer)) and "stays in the script but is not" in boilerplate_note(load_book(footer))
    plain = tmp_path / "plain.txt"
    plain.write_text(STORY, encoding="utf-8")
    assert boilerplate_note(load_book(plain)) is None


def test_older_header_and_footer_forms():
    # 1990s: the header is the long small print, which can be more than half a short text
    small_print = ("**The Project Gutenberg Etext of The Ferry, by A. Writer**\n\n"
                   + "Why is this \"Small Print\" statement here?  You know: lawyers.\n" * 40)
    for last in ("*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*",
                 "*END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*"):
        header = small_print + last
        for footer in ("End of The Project Gutenberg Etext of The Ferry\n",
                       "End of this Project Gutenberg Etext of The Ferry\n"):
            text = header + "\n\n" + STORY + footer
            assert gutenberg_spans(text) == ((0, len(header)), (len(text) - len(footer), len(text)))
    # the credit line right after the start line is the header's
    header = ("The Project Gutenberg EBook of The Ferry\n\n***START OF THE PROJECT GUTENBERG EBOOK THE FERRY***"
              "\n\n\n\nProduced by Charles Franks and the Online Distributed\nProofreading Team.")
    assert gutenberg_spans(header + "\n\n\n" + STORY) == ((0, len(header)),)


def test_a_licence_without_a_header_is_found_wherever_its_end_line_is():
    licence = LICENCE + "Project Gutenberg is a registered trademark of the Project Gutenberg Foundation.\n" * 30
    text = STORY + "End of the Project Gutenberg EBook of The Ferry\n\n" + licence
    assert len(STORY) < len(text) / 2
    assert gutenberg_spans(text) == ((len(STORY), len(text)),)
    # a story that only mentions the project, early on, has none
    story = "End of Project Gutenberg's involvement came soon.\n\n" + STORY * 3
    assert gutenberg_spans(story) == ()
    mention = "Have you heard of Project Gutenberg? asked Daniel.\n\n" + STORY + \
        "*** START OF THE PROJECT GUTENBERG EBOOK was the line he typed.\n\n" + STORY
    assert gutenberg_spans(mention) == ()


def test_the_small_print_after_the_book_is_the_licence_not_the_header():
    opening = "The Project Gutenberg EBook of The Ferry, by A. Writer\n\n"
    footer = ("End of the Project Gutenberg EBook of The Ferry\n\n"
              + "Project Gutenberg is a registered trademark.\n" * 5
              + "*END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*\n")
    text = opening + STORY * 2 + footer
    assert gutenberg_spans(text) == ((len(opening + STORY * 2), len(text)),)
