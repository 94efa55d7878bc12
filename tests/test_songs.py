"""Exact tests: indented verse a character is said to sing is dialogue."""
from audiobook.model import Chapter
from audiobook.quotes import split_chapter


def shape(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert "".join(s.text for s in segs) == text
    return [(s.kind[0], s.text, s.continues) for s in segs]


def test_an_announced_song_is_dialogue_stanza_by_stanza():
    text = (
        "Pooh hummed a little song to himself. It went like this:\n\n"
        "    Isn't it funny\n    How a bear likes honey?\n\n"
        "    Buzz! Buzz! Buzz!\n    I wonder why he does?\n\n"
        "Then he climbed a little further.\n"
    )
    assert shape(text) == [
        ("n", "Pooh hummed a little song to himself. It went like this:\n\n    ", False),
        ("d", "Isn't it funny\n    How a bear likes honey?", False),
        ("n", "\n\n    ", False),
        ("d", "Buzz! Buzz! Buzz!\n    I wonder why he does?", True),
        ("n", "\n\n", False),
        ("n", "Then he climbed a little further.\n", False),
    ]


def test_indented_verse_without_singing_announced_stays_narration():
    text = (
        "The book opened at a poem.\n\n"
        "    Isn't it funny\n    How a bear likes honey?\n\n"
        "He closed it.\n"
    )
    assert all(kind == "n" for kind, _, _ in shape(text))


def test_an_indented_block_of_long_lines_after_singing_is_not_a_song():
    text = (
        "She sang while he read the notice:\n\n"
        "    The committee has resolved that the annual meeting of members shall be\n"
        "    held in the long room of the Crown on the first Tuesday of the month.\n\n"
        "He sighed.\n"
    )
    assert all(kind == "n" for kind, _, _ in shape(text))
