"""German dates as they are said, for eSpeak's German voice.

eSpeak reads "am 4. Mai 1771" as "am vier Mai eins tausend sieben hundert
einundsiebzig": the day's stop (an ordinal) is lost and a year is read as a
quantity.  Werther's letters and every dated German page sound wrong that way.
Here a day before a month becomes its ordinal ("am vierten Mai", "der vierte
Mai") and a year after a month or "Jahr(e)" is said as a year
("siebzehnhunderteinundsiebzig").  Only German; eSpeak says other languages'
dates well ("le 14 juillet 1789").
"""
from __future__ import annotations

import re

__all__ = ["german_dates", "cardinal", "ordinal", "year"]

_ONES = "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn " \
        "sechzehn siebzehn achtzehn neunzehn".split()
_TENS = "_ _ zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
_MONTHS = (r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
           r"|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\.?")
# a day after these takes the dative or accusative ending ("am vierten"); after an article of the
# nominative, "-e" ("der vierte Mai"); alone, as in a letter's heading ("Wahlheim, 4. Mai"), "-ten"
_NOMINATIVE = {"der", "die", "das", "Der", "Die", "Das"}
_DATE = re.compile(r"(?<![\w.])(?:(\w+)\s+)?([1-9]|[12]\d|3[01])\.\s+(" + _MONTHS + r")(?:\s+(1[1-9]\d\d|20\d\d)(?!\d))?")
_YEAR_AFTER = re.compile(r"(?<![\w.])((?:Jahre?|Jahres|anno|Anno)\s+)(1[1-9]\d\d|20\d\d)(?![\d.,]\d|\d)")


def cardinal(n: int) -> str:
    """0-9999 in German words, one word ("einundzwanzig", "tausendzweihundert")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        ones, tens = n % 10, n // 10
        return (("ein" if ones == 1 else _ONES[ones]) + "und" if ones else "") + _TENS[tens]
    if n < 1000:
        rest = n % 100
        head = ("ein" if n // 100 == 1 else _ONES[n // 100]) + "hundert"
        return head + (cardinal(rest) if rest else "")
    rest = n % 1000
    head = ("ein" if n // 1000 == 1 else cardinal(n // 1000)) + "tausend"
    return head + (cardinal(rest) if rest else "")


def ordinal(n: int, ending: str = "te") -> str:
    """The ordinal's stem with its ending: 1 erste, 3 dritte, 7 siebte, 8 achte, 20 zwanzigste."""
    stem = {1: "ers", 3: "drit", 7: "sieb", 8: "ach"}.get(n)
    if stem is None:
        stem = cardinal(n) + ("s" if n >= 20 else "")
    return stem + ending


def year(n: int) -> str:
    """1771 -> siebzehnhunderteinundsiebzig; 2012 -> zweitausendzwölf."""
    if 1100 <= n < 2000:
        rest = n % 100
        return cardinal(n // 100) + "hundert" + (cardinal(rest) if rest else "")
    return cardinal(n)


def german_dates(text: str) -> str:
    if not any(c.isdigit() for c in text):
        return text
    text = _DATE.sub(_date, text)
    return _YEAR_AFTER.sub(lambda m: m.group(1) + year(int(m.group(2))), text)


def _date(m: re.Match[str]) -> str:
    before, day, month, yr = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    ending = "te" if before in _NOMINATIVE else "ten"
    words = ordinal(day, ending) + " " + month
    if yr:
        words += " " + year(int(yr))
    return (before + " " if before else "") + words
