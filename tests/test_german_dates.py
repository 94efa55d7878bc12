"""German dates said as dates: the day an ordinal, the year a year."""
import pytest

from audiobook.german_dates import cardinal, ordinal, year
from audiobook.normalize import speech_text


@pytest.mark.parametrize("n, words", [(1, "eins"), (16, "sechzehn"), (21, "einundzwanzig"), (30, "dreißig"),
                                      (101, "einhunderteins"), (1200, "eintausendzweihundert")])
def test_cardinal(n, words):
    assert cardinal(n) == words


@pytest.mark.parametrize("n, words", [(1, "erste"), (3, "dritte"), (7, "siebte"), (8, "achte"), (4, "vierte"),
                                      (19, "neunzehnte"), (20, "zwanzigste"), (31, "einunddreißigste")])
def test_ordinal(n, words):
    assert ordinal(n) == words


def test_year():
    assert year(1771) == "siebzehnhunderteinundsiebzig"
    assert year(1900) == "neunzehnhundert"
    assert year(2012) == "zweitausendzwölf"


@pytest.mark.parametrize("text, spoken", [
    ("Am 4. Mai 1771.", "Am vierten Mai siebzehnhunderteinundsiebzig."),
    ("Wahlheim, den 10. Mai.", "Wahlheim, den zehnten Mai."),
    ("Der 3. Oktober war ein Sonntag.", "Der dritte Oktober war ein Sonntag."),
    ("Im Jahre 1850 war alles anders.", "Im Jahre achtzehnhundertfünfzig war alles anders."),
    ("Er las Kapitel 3. Dann schlief er.", "Er las Kapitel 3. Dann schlief er."),  # no month: eSpeak reads it
])
def test_german_dates_in_speech(text, spoken):
    assert speech_text(text, language="de") == spoken


def test_other_languages_keep_their_digits():
    assert speech_text("le 14 juillet 1789", language="fr") == "le 14 juillet 1789"
