"""spoken_headings, through speech_text: Roman numerals in headings and regnal names (never
the pronoun "I"), and line breaks the book means."""
from __future__ import annotations

import re

import pytest

from audiobook.normalize import speech_text


@pytest.mark.parametrize("text, spoken", [
    ("Chapter IV", "Chapter Four"),
    ("CHAPTER I.", "Chapter One."),
    ("CHAPTER XIV. The Trial", "Chapter Fourteen. The Trial"),
    ("Book II, Part iii", "Book Two, Part three"),
    ("Henry VIII had six wives.", "Henry the Eighth had six wives."),
    ("Louis XIV and Elizabeth I.", "Louis the Fourteenth and Elizabeth the First."),
    ("IV.", "Four."),
    ("Charles II's reign", "Charles the Second's reign"),
    ("KING LOUIS XIV", "King Louis the Fourteenth"),
    ("World War II began.", "World War II began."),
])
def test_roman_numerals_in_headings_and_regnal_names(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text", [
    "I think I can, said I.",
    "I.",
    "The book I read was long.",
    "Then Richard I went home.",
    "He and I went to the chapter I liked.",
    "I, Claudius",
    "Alice I suppose was right.",
    "WILLIAM I SAID NO",
    "Henry I'd say so.",
])
def test_pronoun_i_is_never_a_number(text):
    spoken = speech_text(text)
    assert not re.search(r"\b(one|first)\b", spoken, re.I)
    assert len(re.findall(r"\bI\b", spoken)) == len(re.findall(r"\bI\b", text))


@pytest.mark.parametrize("text, spoken", [
    ("II. THE BRIDGE", "Two. The Bridge"),
    ("I. THE MILL", "One. The Mill"),
    ("I. The River", "One. The River"),
    ("XIV.\u2014The Trial", "Fourteen. The Trial"),
    ("V. THE RIVER\n", "Five. The River"),
    ("ADVENTURE I. A SCANDAL IN BOHEMIA", "Adventure One. A Scandal In Bohemia"),
    ("Letter I.", "Letter One."),
    ("CHAPTER II\nTHE BRIDGE", "Chapter Two. The Bridge"),
    ("Chapter II.", "Chapter Two."),
    ("I.\nThe Mill\n\n", "One. The Mill"),
    ("IV\nThe Gate", "Four. The Gate"),
])
def test_numeral_opening_a_heading_line(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text", [
    "I. Then he went.", "I.", "I. Holmes.", "C. S. Lewis", "A Story I Heard", "I. e. the thing",
    "He said I. The rest is silence.", "IIII. The Mill", "CD. The Album", "I.\n", "I.\nthen he went", "I.\nHolmes.",
])
def test_numbered_heading_rule_leaves_prose_and_names(text):
    spoken = speech_text(text)
    assert not re.search(r"\b(one|four|four hundred)\b", spoken, re.I)


@pytest.mark.parametrize("text, spoken", [
    ("Chapter One\nThe Orchard Gate\n\n", "Chapter One. The Orchard Gate"),
    ("PART I\nSPRING", "Part One. Spring"),
    ("The rose is red,\nThe violet blue\nSugar is sweet\nAnd so are you.",
     "The rose is red, The violet blue, Sugar is sweet, And so are you."),
    ("TABLE OF\nCONTENTS", "Table Of Contents"),
    # hard-wrapped prose: no pause
    ("He turned to face\nHolmes.", "He turned to face Holmes."),
    ("It was the best of times, it was the worst of times, it was\nThe age of wisdom and\nFoolishness.",
     "It was the best of times, it was the worst of times, it was The age of wisdom and Foolishness."),
    ("so he went\nto London", "so he went to London"),
])
def test_meant_line_breaks_are_pauses(text, spoken):
    assert speech_text(text) == spoken


def test_the_letter_m_is_a_letter_not_a_thousand():
    from audiobook.normalize import speech_text
    assert speech_text("He carved the letter M. on it.") == "He carved the letter M. on it."
    assert speech_text("Letter L.") == "Letter Fifty."
