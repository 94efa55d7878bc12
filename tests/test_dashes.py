"""Dialogue marked with a leading dash (audiobook/dashes.py via split_chapter)."""
import pytest

from audiobook.chapters import find_chapters
from audiobook.dashes import dash_speech, is_dash_book
from audiobook.model import Book, Chapter
from audiobook.quotes import book_quote_style, split_chapter
from audiobook.script import make_script

EM, BAR, EN = "\u2014", "\u2015", "\u2013"
# Enough other dash lines to make any test paragraph part of a dash book.
FILLER = f"{EM}Yes.\n\n{EM}No.\n\n{EM}Perhaps.\n"


def pieces(text):
    """(kind, text) of every segment, whitespace-only ones left out."""
    book_quote_style.cache_clear()
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert "".join(s.text for s in segs) == text
    return [(s.kind[0], s.text.strip()) for s in segs if s.text.strip()]


def first_paragraph(line):
    """Segments of ``line`` set as the first paragraph of a dash book."""
    got = pieces(line + "\n\n" + FILLER)
    return got[: len(got) - 3]


def test_tags_are_narration_and_segments_tile_exactly():
    text = (
        "The door opened.\n\n"
        f"{EM}Where have you been? asked Mary.\n\n"
        f"{EM}Out, said John. I went to the market.\n\n"
        f"{EM}You are late, she said.\n"
    )
    book_quote_style.cache_clear()
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert [(s.kind[0], s.text) for s in segs] == [
        ("n", "The door opened.\n\n"),
        ("d", f"{EM}Where have you been?"),
        ("n", " asked Mary.\n\n"),
        ("d", f"{EM}Out,"),
        ("n", " said John. "),
        ("d", "I went to the market."),
        ("n", "\n\n"),
        ("d", f"{EM}You are late,"),
        ("n", " she said.\n"),
    ]
    assert not any(s.continues for s in segs)


@pytest.mark.parametrize(
    "line, expected",
    [
        # Spanish/French incise between dashes: speech resumes after the closing dash
        (f"{EM}Out {EM}said John{EM}. I went to the market.",
         [("d", f"{EM}Out"), ("n", f"{EM}said John{EM}."), ("d", "I went to the market.")]),
        (f"{EM}Well {EM}said the old man{EM}, we shall see.",
         [("d", f"{EM}Well"), ("n", f"{EM}said the old man{EM},"), ("d", "we shall see.")]),
        (f"{EM}There is a room {EM}she answered, without rising{EM}, but the fire is out.",
         [("d", f"{EM}There is a room"), ("n", f"{EM}she answered, without rising{EM},"),
          ("d", "but the fire is out.")]),
        (f"{EM}I was going{EM}said Tom{EM}to the mill.",
         [("d", f"{EM}I was going"), ("n", f"{EM}said Tom{EM}"), ("d", "to the mill.")]),
        # en dash and a space
        (f"{EN} Yes, he said.", [("d", f"{EN} Yes,"), ("n", "he said.")]),
        (f"{EN} Yes {EN} he said {EN} I am coming.",
         [("d", f"{EN} Yes"), ("n", f"{EN} he said {EN}"), ("d", "I am coming.")]),
        # horizontal bar, no tag: all speech
        (f"{BAR} Yes.", [("d", f"{BAR} Yes.")]),
        # a tag between commas: the speech carries on after it
        (f"{EM}Well, he said, I am going.", [("d", f"{EM}Well,"), ("n", "he said,"), ("d", "I am going.")]),
        # ... unless the narration carries on (a participle): then after its sentence
        (f"{EM}Well, he said, turning away. I am going.",
         [("d", f"{EM}Well,"), ("n", "he said, turning away."), ("d", "I am going.")]),
        (f"{EM}Tell me, Rosa, Ann said quietly.", [("d", f"{EM}Tell me, Rosa,"), ("n", "Ann said quietly.")]),
        (f"{EM}Sit down! cried Mr. Pratt. You are tired.",
         [("d", f"{EM}Sit down!"), ("n", "cried Mr. Pratt."), ("d", "You are tired.")]),
        (f"{EM}Where? she asked him.", [("d", f"{EM}Where?"), ("n", "she asked him.")]),
        # a speech verb that takes its preposition along ('said to'), then a phrase
        (f"{EM}Let it wait, she said to the empty room.", [("d", f"{EM}Let it wait,"), ("n", "she said to the empty room.")]),
        ("--Come up, Kit! said Ned Lane. Come up!",
         [("d", "--Come up, Kit!"), ("n", "said Ned Lane."), ("d", "Come up!")]),
        # two tags in one paragraph
        (f"{EM}No, said Ann. Not today, she added, nor tomorrow.",
         [("d", f"{EM}No,"), ("n", "said Ann."), ("d", "Not today,"), ("n", "she added,"), ("d", "nor tomorrow.")]),
        # a name ending in -ly is no adverb
        (f"{EM}Home, said Cranly. And you?", [("d", f"{EM}Home,"), ("n", "said Cranly."), ("d", "And you?")]),
        (f"{EM}Home, Molly said softly. Now.", [("d", f"{EM}Home,"), ("n", "Molly said softly."), ("d", "Now.")]),
        # a hard-wrapped paragraph
        (f"{EM}Come here,\nsaid the tall\nwoman. Now.",
         [("d", f"{EM}Come here,"), ("n", "said the tall\nwoman."), ("d", "Now.")]),
    ],
)
def test_dash_conventions(line, expected):
    assert first_paragraph(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        f"{EM}If you go, Tom said you would, I will stay.",  # `said you would`: no tag
        f"{EM}Why, Mary asked me the same thing.",
        f"{EM}Well, they said so.",
        f"{EM}I went {EM} you know {EM} to the mill.",  # a parenthesis inside the speech
        f"{EM}Yes. He sat down and looked at the fire.",  # no tag: speech to the end, as readers hear it
    ],
)
def test_speech_without_a_tag_stays_whole(line):
    assert first_paragraph(line) == [("d", line)]


def test_a_colon_after_a_speech_verb_opens_speech():
    line = f"Mary turned to him and asked: {EM}Where were you?"
    assert first_paragraph(line) == [("n", "Mary turned to him and asked:"), ("d", f"{EM}Where were you?")]
    listing = f"He had three things: {EM}a hat, a coat, a cane."
    assert first_paragraph(listing) == [("n", listing)]


def test_an_epigraph_source_line_is_narration():
    text = "Be not afraid of greatness.\n\n" + f"{EM} William Shakespeare\n\n" + FILLER
    assert pieces(text)[:2] == [("n", "Be not afraid of greatness."), ("n", f"{EM} William Shakespeare")]


def test_parenthetical_dashes_in_prose_stay_narration():
    text = (
        f"The house {EM} old, grey and cold {EM} stood on the hill.\n\n"
        f"Nobody came. The wind {EM}\n{EM} and the rain {EM} kept them all\naway.\n\n"
        f"She waited {EM} an hour, two hours {EM} and then she slept.\n\n"
        f"At dawn {EM} at last {EM} the door opened.\n"
    )
    assert book_quote_style(text)[1] is False
    assert all(kind == "n" for kind, _ in pieces(text))


def test_a_quote_mark_book_with_one_dash_paragraph_is_unchanged():
    text = (
        '"Come in," said Ann.\n\n'
        f"{EM}and then the lights went out, said the note.\n\n"
        '"Who is there?" asked Tom.\n\n'
        '"Only me," she said.\n'
    )
    book_quote_style.cache_clear()
    assert book_quote_style(text)[1] is False
    assert [t for k, t in pieces(text) if k == "d"] == ['"Come in,"', '"Who is there?"', '"Only me,"']


def test_book_detection():
    assert not is_dash_book(2, 0)  # too few to tell
    assert is_dash_book(40, 10)  # quote marks for a few titles and thoughts
    assert not is_dash_book(40, 200)
    assert dash_speech(f'{EM}"Yes," he said.', 0, 16) is None  # a quote mark after the dash


def test_dash_dialogue_is_attributed_through_its_tags():
    text = (
        "CHAPTER I\n\nThe door opened.\n\n"
        f"{EM}Where have you been? asked Mary.\n\n"
        f"{EM}Out, said John. I went to the market.\n\n"
        f"{EM}You are late, she said.\n"
    )
    book_quote_style.cache_clear()
    script = make_script(Book(text=text, chapters=find_chapters(text, "Book"), title="Book"))
    spoken = [(s.speaker, s.text) for s in script.segments if s.kind == "dialogue"]
    assert spoken == [
        ("Mary", f"{EM}Where have you been?"),
        ("John", f"{EM}Out,"),
        ("John", "I went to the market."),
        ("Mary", f"{EM}You are late,"),
    ]


def test_spanish_dash_dialogue_has_its_tags_in_narration():
    from audiobook.model import Chapter
    from audiobook.quotes import split_chapter

    text = ("Llegó el invierno.\n\n\u2014\u00bfDónde está tu hermano? \u2014preguntó la madre una tarde.\n\n"
            "\u2014Se fue al río \u2014contestó Lucía\u2014. Dijo que volvería.\n\n"
            "\u2014Siempre dice lo mismo \u2014dijo la madre, y siguió cosiendo.\n\n"
            "\u2014Ya vendrá \u2014dijo ella, levantándose.\n\n\u2014No sé.\n")
    segs = split_chapter(text, Chapter(1, "Uno", 0, len(text)))
    assert [s.text for s in segs if s.kind == "dialogue"] == [
        "\u2014\u00bfDónde está tu hermano?", "\u2014Se fue al río", "Dijo que volvería.",
        "\u2014Siempre dice lo mismo", "\u2014Ya vendrá", "\u2014No sé."]


def test_a_dash_after_the_narrators_sentence_opens_speech_when_a_tag_follows():
    line = f"The master looked at him. {EM}Very well, he said. Go."
    assert first_paragraph(line) == [
        ("n", "The master looked at him."), ("d", f"{EM}Very well,"), ("n", "he said."), ("d", "Go.")
    ]
    prose = f"The rain came down. {EM}It fell for days, and nobody went out."
    assert first_paragraph(prose) == [("n", prose)]
