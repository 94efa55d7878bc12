"""speech_text: exact input -> spoken text for every rule; lexicon; load_lexicon."""
from __future__ import annotations


import pytest

from audiobook.errors import CastError
from audiobook.normalize import load_lexicon, speech_text
from audiobook.numwords import cardinal, ordinal, roman_value, year



@pytest.mark.parametrize("n, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (40, "forty"), (42, "forty-two"), (100, "one hundred"),
    (101, "one hundred one"), (999, "nine hundred ninety-nine"), (1000, "one thousand"),
    (1001, "one thousand one"), (12345, "twelve thousand three hundred forty-five"),
    (1_000_000, "one million"), (2_000_000_021, "two billion twenty-one"), (-3, "minus three"),
])
def test_cardinal(n, words):
    assert cardinal(n) == words


@pytest.mark.parametrize("n, words", [
    (1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "fifth"), (8, "eighth"), (9, "ninth"),
    (12, "twelfth"), (20, "twentieth"), (22, "twenty-second"), (100, "one hundredth"), (101, "one hundred first"),
])
def test_ordinal(n, words):
    assert ordinal(n) == words


@pytest.mark.parametrize("n, words", [
    (1865, "eighteen sixty-five"), (1900, "nineteen hundred"), (1905, "nineteen oh five"),
    (2000, "two thousand"), (2005, "two thousand five"), (2010, "twenty ten"), (1066, "ten sixty-six"),
])
def test_year(n, words):
    assert year(n) == words


@pytest.mark.parametrize("s, value", [("I", 1), ("IV", 4), ("ix", 9), ("XIV", 14), ("MCMXC", 1990), ("IIII", None), ("VX", None), ("", None)])
def test_roman_value(s, value):
    assert roman_value(s) == value


@pytest.mark.parametrize("text, spoken", [
    ("Mr. Smith met Mrs. Jones and Dr. Watson.", "Mister Smith met Missus Jones and Doctor Watson."),
    ("Mr Smith and Ms Lee", "Mister Smith and Miz Lee"),
    ("He lived at 221 Baker St. in London.", "He lived at two hundred twenty-one Baker Street in London."),
    ("He prayed to St. Paul.", "He prayed to Saint Paul."),
    ("Then St. John said so.", "Then Saint John said so."),
    ("He went down Mulholland Dr. at night.", "He went down Mulholland Drive at night."),
    ("Fruit, e.g., apples, i.e. food, etc., and more.", "Fruit, for example, apples, that is food, et cetera, and more."),
    ("Cats, dogs, etc. Then rain.", "Cats, dogs, et cetera. Then rain."),
    ("Room No. 5 said no.", "Room number five said no."),
    ("Fish & chips", "Fish and chips"),
])
def test_abbreviations(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("Well... I don't know… maybe.", "Well, I don't know, maybe."),
    ("Wait... Then go.", "Wait. Then go."),
    ("He stopped—then ran -- fast.", "He stopped, then ran, fast."),
    ("The end . . .", "The end."),
    ("A word (in brackets) here.", "A word, in brackets, here."),
])
def test_ellipses_and_dashes_become_pauses(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("It was _very_ *bold* of her.", "It was very bold of her."),
    ("* * *", ""),
    ("<i>tagged</i> {odd} [1] text|here", "tagged odd text here"),
    ("“Hello,” she said. ‘It’s fine,’ he said.", "Hello, she said. It's fine, he said."),
    ("\"Don't,\" he said; 'tis the dogs' bowl o'clock", "Don't, he said; 'tis the dogs' bowl o'clock"),
    ("THE END", "The End"),
    ("She SHOUTED at him.", "She Shouted at him."),
    ("The BBC, the USA, the FBI and HTML.", "The BBC, the USA, the FBI and HTML."),
    ("I AM HERE", "I Am Here"),
    ("The USSR and NATO and SHOUTED words", "The USSR and Nato and Shouted words"),
    ("\u2014 Bonjour, dit-il.", "Bonjour, dit-il."),
    ("rock \u2019n\u2019 roll with \u2019em", "rock 'n roll with 'em"),
    ("soft\u00adhyphen\u00a0and\u200bzero", "softhyphen andzero"),
])
def test_markup_quotes_and_capitals(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text_stays_empty(text):
    assert speech_text(text) == ""


def test_line_breaks_become_spaces():
    assert speech_text("a line\nwrapped  here\n") == "a line wrapped here"


def test_plain_text_is_unchanged():
    text = "Alice was beginning to get very tired of sitting by her sister on the bank."
    assert speech_text(text) == text


# --- lexicon -------------------------------------------------------------------


def test_lexicon_whole_word_as_written_or_in_capitals_rest_intact():
    lexicon = {"Hermione": "her-MY-oh-nee"}
    assert speech_text("Hermione's wand; HERMIONE!", lexicon) == "her-MY-oh-nee's wand; her-MY-oh-nee!"
    assert speech_text("Hermiones and Hermionek", lexicon) == "Hermiones and Hermionek"


def test_a_capitalised_key_respells_the_name_not_the_word():
    lexicon = {"Will": "Vill", "bath": "bahth"}
    assert speech_text("I will go, said Will. WILL! A bath in Bath.", lexicon) == \
        "I will go, said Vill. Vill! A bahth in bahth."  # a lower-case key: the word in any case


def test_lexicon_phonemes_pass_through_untouched():
    lexicon = {"Goethe": "[[g'3:t@]]", "Ptolemy": "[[t'0l@mi]]"}
    assert speech_text("Goethe read 2 books by Ptolemy.", lexicon) == "[[g'3:t@]] read two books by [[t'0l@mi]]."
    # A possessive after phonemes is said inside them (eSpeak would spell a bare "'s").
    assert speech_text("Goethe's and Ptolemy’s", lexicon) == "[[g'3:t@z]] and [[t'0l@miz]]"


def test_lexicon_values_are_not_normalized_again():
    assert speech_text("Mr Quux", {"Quux": "KWUKS 2 -- ..."}) == "Mister KWUKS 2 -- ..."


def test_lexicon_multiword_and_longest_first():
    lexicon = {"New York": "Noo Yawk", "New": "nyoo"}
    assert speech_text("New York is New.", lexicon) == "Noo Yawk is nyoo."


def test_lexicon_changes_only_segments_that_use_the_word():
    segments = ["The cat sat.", "Hermione smiled at 3 pm.", "Nothing here, Mr. Hermann."]
    old = [speech_text(s, {"Hermione": "her-MY-oh-nee"}) for s in segments]
    new = [speech_text(s, {"Hermione": "her-my-OH-nee"}) for s in segments]
    assert [a != b for a, b in zip(old, new)] == [False, True, False]


def test_load_builtin_lexicon():
    from audiobook.pipeline import BUILTIN_LEXICON

    lexicon = load_lexicon(BUILTIN_LEXICON)
    assert lexicon["Cholmondeley"] == "Chumley"
    assert all(v.strip() for v in lexicon.values())
    phonemes = [v for v in lexicon.values() if v.startswith("[[")]
    assert phonemes and all(v.endswith("]]") for v in phonemes)


def test_load_lexicon_errors_name_file_line_and_key(tmp_path):
    path = tmp_path / "lex.toml"
    path.write_text('[lexicon]\nGood = "fine"\nBad = 3\n')
    with pytest.raises(CastError) as info:
        load_lexicon(path)
    assert (info.value.line, info.value.key) == (3, "Bad")
    assert str(path) in str(info.value)
    path.write_text('[lexicon]\nGood = "fine"\nBroken = "[[abc"\n')
    with pytest.raises(CastError) as info:
        load_lexicon(path)
    assert (info.value.line, info.value.key) == (3, "Broken")
    path.write_text('[lexicon]\nGood = "fine\n')
    with pytest.raises(CastError) as info:
        load_lexicon(path)
    assert info.value.line == 2 and "invalid TOML" in str(info.value)
    with pytest.raises(CastError):
        load_lexicon(tmp_path / "missing.toml")
    path.write_text('lexicon = "not a table"\n')
    with pytest.raises(CastError) as info:
        load_lexicon(path)
    assert info.value.key == "lexicon"


def test_load_lexicon_without_table_is_empty(tmp_path):
    path = tmp_path / "lex.toml"
    path.write_text("# nothing yet\n")
    assert load_lexicon(path) == {}


# --- QA fixes: months (the other fixes are in test_spoken_numbers.py and test_spoken_headings.py)


@pytest.mark.parametrize("text, spoken", [
    ("On Oct. 12 he left.", "On October twelfth he left."),
    ("Oct. 12, 1850", "October twelfth, eighteen fifty"),
    ("in Sept. 1850", "in September eighteen fifty"),
    ("Jan. 1st and Dec. 25th", "January first and December twenty-fifth"),
    ("on 12 Oct. 1850", "on the twelfth of October eighteen fifty"),
    ("on 3 Mar. Then rain.", "on the third of March. Then rain."),
    ("the 4th July", "the fourth of July"),
    ("Jan. said so.", "Jan. said so."),
    ("Mar. the day.", "Mar. the day."),
    ("Market 5 and Decimal 3", "Market five and Decimal three"),
])
def test_month_abbreviations_and_dates(text, spoken):
    assert speech_text(text) == spoken


def test_titles_in_capitals_are_read_as_titles():
    # eSpeak says "DR." letter by letter
    assert speech_text("DR. WATSON and MRS. HUDSON") == "Doctor Watson and Missus Hudson"
    assert speech_text("MR. Bounderby") == "Mister Bounderby"
    assert speech_text("IT WAS DR.").endswith(" DR.")  # no name after it: left alone


@pytest.mark.parametrize("text, spoken", [
    # an apostrophe before an accented letter elides, as before any other: "l été" was read "elle été"
    ("C'était l'été, jusqu'à l'école.", "C'était l'été, jusqu'à l'école."),
    ("C\u2019était l\u2019Élysée.", "C'était l'Élysée."),
    ("José's café's 'élan'.", "José's café's élan."),
    # capitals of any alphabet are one word ("ÄLtere" was read "Ä", "Ltere")
    ("ÄLTERE GESCHICHTE", "Ältere Geschichte"),
    ("ÉTÉ MEURTRIER", "Été Meurtrier"),
])
def test_accented_letters_are_letters(text, spoken):
    assert speech_text(text, language="fr") == spoken
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("He read pp. 12-15 of vol. ii.", "He read pages twelve to fifteen of volume two."),
    ("See p. 4, ch. 3 and fig. 2.", "See page four, chapter three and figure two."),
    ("Vol. I is lost.", "Volume one is lost."),
    ("As in § 4 and ¶ 2.", "As in section four and paragraph two."),
    ("The ch. civil war", "The ch. civil war"),  # no numeral after it
])
def test_references_before_a_number(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("Dinner at 7.30 precisely.", "Dinner at seven thirty precisely."),
    ("He left before 8.15, by 9.00.", "He left before eight fifteen, by nine o'clock."),
    ("It rose 3.45 per cent.", "It rose three point four five per cent."),  # no time word before it
    ("at 2.5 miles", "at two point five miles"),
])
def test_dotted_times_after_at_by_till(text, spoken):
    assert speech_text(text) == spoken


def test_street_at_the_end_of_a_segment_and_more_ranks():
    assert speech_text("They lived at No. 7 Baker St.") == "They lived at number seven Baker Street."
    assert speech_text("Lieut. Price met Maj. Dobbin and Insp. Gregson.") == \
        "Lieutenant Price met Major Dobbin and Inspector Gregson."


@pytest.mark.parametrize("text, spoken", [
    ("She was 6 ft. 2 in. tall.", "She was six feet two inches tall."),
    ("He weighed 12 st. 4 lb. then.", "He weighed twelve stone four pounds then."),
    ("1 lb. of tea and 4 oz. of sugar", "one pound of tea and four ounces of sugar"),
    ("It did 60 m.p.h.", "It did sixty miles an hour."),
    ("2 in. of rain", "two in. of rain"),  # "in." alone may be the word
])
def test_abbreviated_measures_after_a_number(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("He wrote on the 4th inst. to Messrs. Smith & Co.", "He wrote on the fourth instant to Messieurs Smith and Company."),
    ("Smith & Co. are here.", "Smith and Company are here."),
    ("It was 2 × 3 = 6 and 10 ÷ 2 = 5.", "It was two times three equals six and ten divided by two equals five."),
    ("Co. Durham", "Co. Durham"),
])
def test_letter_abbreviations_firms_and_arithmetic(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ('"B-b-but why?"', "Buh, buh, but why?"),
    ('"Wh-what?" "Th-thank you."', "Whuh, what? Thuh, thank you."),
    ('"Sh-h-h!" "Ssh." "Hm!" "H\'m," "Mm-hm." "Hmph!"', "Shush! Shush. Hmm! Hmm, Uh-huh. Humph!"),
    ("re-read the co-op; Ha-ha; tut-tut; so-so; e-enough", "re-read the co-op; Ha-ha; tut-tut; so-so; e-enough"),
])
def test_stammers_and_interjections_are_said_not_spelt(text, spoken):
    assert speech_text(text) == spoken


def test_stammers_stay_in_other_languages():
    assert speech_text("B-b-bon", language="fr") == "B-b-bon"


@pytest.mark.parametrize("text, spoken", [
    ("\"Come from th' bed!\"", "Come from the bed!"),
    ("\"I ha' gone t' th' brigg.\"", "I ha gone to the brigg."),
    ("\"Nor going t'other way,\"", "Nor going the other way"),
    ("\"Yes, m'm.\"", "Yes, mum."),
    ("'Tis true; it's Tom's; don't; the dogs' bones; o'clock", "'Tis true; it's Tom's; don't; the dogs' bones; o'clock"),
])
def test_dialect_elisions_are_said_as_the_words_meant(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("M. Poirot said so.", "Monsieur Poirot said so."),
    ("Mme. Defarge met Mlle. Blanche and MM. Dupont.", "Madame Defarge met Mademoiselle Blanche and Messieurs Dupont."),
    ("J. M. Barrie", "J. M. Barrie"),  # an initial
    ("the letter M. He said", "the letter M. He said"),
    ("Sir Wm. Lucas and Chas. Dickens", "Sir William Lucas and Charles Dickens"),
    ("Hmm. MM. Dupont", "Hmm. Messieurs Dupont"),
])
def test_french_titles_and_shortened_names_in_english_books(text, spoken):
    assert speech_text(text) == spoken


def test_it_and_us_in_capitals_are_words():
    assert speech_text("I did IT myself. Let US go.") == "I did It myself. Let Us go."
    assert speech_text("back to the US") == "back to the US"


def test_a_couples_first_title_is_read_out():
    assert speech_text("Col. and Mrs. Campbell came.") == "Colonel and Missus Campbell came."
    assert speech_text("Dr. and Mrs. Hughes") == "Doctor and Missus Hughes"


@pytest.mark.parametrize("text, spoken", [
    ("a 9 mm pistol", "a nine millimetres pistol"),  # not "nine hmm": the interjection rule comes later
    ("a 9mm pistol", "a nine millimetres pistol"),
    ("100 km/h and 2.5 kg", "one hundred kilometres an hour and two point five kilograms"),
])
def test_metric_measures(text, spoken):
    assert speech_text(text) == spoken
