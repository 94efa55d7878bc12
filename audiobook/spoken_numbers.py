"""Numbers in running text, as they are said: money (also pounds, shillings and pence),
percentages, degrees, clock times (also "4.30 p.m."), fractions, ordinals, dates, decades,
ranges, and four-digit numbers read as years or quantities.

These are rules of ``audiobook.normalize.speech_text`` (``money``, ``times``, ``numbers``,
applied in that order); the words for a single number come from ``audiobook.numwords``.
"""
from __future__ import annotations

import re

from audiobook.numwords import cardinal, number, ordinal, plural, year

__all__ = ["money", "times", "numbers", "with_period"]

# A month, written out or abbreviated ("Oct." or "Oct"); not "Market" or "Decimal".
MONTHS = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
YEAR_CUES = {
    "in", "of", "since", "by", "year", "until", "till", "from", "to", "circa", "c.", "ca.", "around",
    "before", "after", "during", "early", "late", "mid", "the", "summer", "winter", "spring", "autumn",
    "fall", "between", "and", "through", "ad", "a.d.", "anno", "born", "died",
}
CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
            "€": ("euro", "euros", "cent", "cents"), "¥": ("yen", "yen", "sen", "sen")}
# Fractions: (numerator, denominator); said "one half" alone, "three and a half" after a whole number.
FRACTIONS = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5), "⅗": (3, 5),
    "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅐": (1, 7), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8),
    "⅑": (1, 9), "⅒": (1, 10),
    "1/2": (1, 2), "1/3": (1, 3), "2/3": (2, 3), "1/4": (1, 4), "3/4": (3, 4),
}
VULGAR_FRACTIONS = "".join(f for f in FRACTIONS if len(f) == 1)

NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
# Cheap tests that let most segments skip a rule altogether.
_DIGIT = re.compile(r"\d")
_NUMBERISH = re.compile(rf"[\d{VULGAR_FRACTIONS}]")
_SENTENCE_GOES_ON = re.compile(r"\s*[a-z0-9,;:]")
# Patterns are compiled once: a novel has tens of thousands of segments.
C = re.compile


def with_period(words: str, m: re.Match[str]) -> str:
    """An abbreviation's period may also end the sentence: keep one then."""
    return words + ("" if _SENTENCE_GOES_ON.match(m.string, m.end()) else ".")


_MONEY = C(rf"([$£€¥])\s?({NUM})(?:\.(\d{{1,2}}))?(?!\d)(?:\s+(thousand|million|billion|trillion)\b)?")
# Pounds, shillings and pence: "£2 10s.", "7s. 6d.", "£1 1s. 6d." (shillings only after pounds
# or before pence: a lone "10s" may be a decade).
_LSD = C(rf"£\s?({NUM})\s+(\d{{1,2}})s(\.?)(?![\w'’])(?:\s?(\d{{1,2}})d(\.?)(?![\w'’]))?")
_OLD_MONEY = C(r"(?<![\w.,£])(\d{1,3})s(\.?)\s?(\d{1,2})d(\.?)(?![\w'’])")
_PERCENT = C(r"(\d+(?:\.\d+)?)\s?%")
_DEGREES = C(rf"(?<![\w.,])(-?)({NUM}(?:\.\d+)?)\s?°(?:\s?([CF])(?![A-Za-z]))?")
_DEGREE_SCALE = C(r"(?<=\d degree)(s?) ([CF])\b(?![.'’]\w)")
SCALES = {"C": "Celsius", "F": "Fahrenheit"}


def money(text: str) -> str:
    """Money (also pounds, shillings and pence), degrees and percentages as words."""
    if not _DIGIT.search(text):
        return text
    if "£" in text:
        text = _LSD.sub(_pounds_shillings_pence, text)
    text = _MONEY.sub(_amount, text)
    text = _OLD_MONEY.sub(_shillings_pence, text)
    if "°" in text or "degree" in text:
        text = _DEGREES.sub(_degrees, text)
        text = _DEGREE_SCALE.sub(lambda m: f"{m.group(1)} {SCALES[m.group(2)]}", text)
    return _PERCENT.sub(lambda m: number(m.group(1)) + " percent", text)


def _counted(digits: str, one: str, many: str) -> str:
    return f"{number(digits)} {one if digits.lstrip('0') == '1' else many}"


def _pounds_shillings_pence(m: re.Match[str]) -> str:
    words = f"{_counted(m.group(1), 'pound', 'pounds')} {_counted(m.group(2), 'shilling', 'shillings')}"
    if m.group(4):
        words += f" and {_counted(m.group(4), 'penny', 'pence')}"
    return with_period(words, m) if m.group(5 if m.group(4) else 3) else words


def _shillings_pence(m: re.Match[str]) -> str:
    words = f"{_counted(m.group(1), 'shilling', 'shillings')} and {_counted(m.group(3), 'penny', 'pence')}"
    return with_period(words, m) if m.group(4) else words


_ARTICLE_BEFORE = C(r"(?:^|\W)(?:a|an|A|An)\s+$")


def _degrees(m: re.Match[str]) -> str:
    value = m.group(2)
    before = m.string[max(0, m.start() - 4): m.start()]
    single = value == "1" or _ARTICLE_BEFORE.search(before)  # "a 45° angle": a forty-five degree angle
    words = ("minus " if m.group(1) else "") + number(value) + (" degree" if single else " degrees")
    return words + (" " + SCALES[m.group(3)] if m.group(3) else "")


def _amount(m: re.Match[str]) -> str:
    one, many, cent, cents = CURRENCY[m.group(1)]
    whole, frac, scale = m.group(2), m.group(3), m.group(4)
    if scale:
        return f"{number(whole + ('.' + frac if frac else ''))} {scale} {many}"
    n = int(whole.replace(",", ""))
    out = f"{number(whole)} {one if n == 1 else many}"
    c = int(frac.ljust(2, "0")) if frac else 0
    if c:
        centword = f"{cardinal(c)} {cent if c == 1 else cents}"
        out = centword if n == 0 else f"{out} and {centword}"
    return out


_AMPM = r"(?:\s?([ap])\.\s?m\.|\s?([AaPp])[Mm]\b)"
_CLOCK = C(rf"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:]){_AMPM}?")
_HOUR = C(rf"(?<![\d:.,])(1[0-2]|0?[1-9])(){_AMPM}")
# British dotted times, only before a.m./p.m./o'clock ("4.30 p.m."): elsewhere 4.30 is a decimal.
_DOTTED_CLOCK = C(rf"(?<![\d:.,])(1[0-2]|0?[1-9])\.([0-5]\d)(?:{_AMPM}|\s?o['’]clock\b)")
# ... and after "at", "by", "till" ("dinner at 7.30", "the train left before 8.15")
_DOTTED_CLOCK_AFTER = C(r"(?<!\w)((?i:at|by|till|until|before|after|since)\s)(1[0-2]|0?[1-9])\.([0-5]\d)(?![\d%]|[.,]\d)")


def times(text: str) -> str:
    """Clock times as words: "10:15", "7 am", "4.30 p.m."."""
    if not _DIGIT.search(text):
        return text
    if "." in text:
        text = _DOTTED_CLOCK.sub(_clock, text)
        text = _DOTTED_CLOCK_AFTER.sub(lambda m: m.group(1) + _clock_words(int(m.group(2)), m.group(3)), text)
    return _HOUR.sub(_clock, _CLOCK.sub(_clock, text))


def _clock_words(hour: int, minute: str, letter: str | None = None) -> str:
    words = cardinal(hour)
    if minute and minute != "00":
        words += " " + ("oh " if minute.startswith("0") else "") + cardinal(int(minute))
    elif not letter:
        words += " o'clock"
    return words


def _clock(m: re.Match[str]) -> str:
    letter = m.group(3) or m.group(4)
    words = _clock_words(int(m.group(1)), m.group(2), letter)
    if letter:
        words += f" {letter.upper()} M"
        if m.group().endswith("."):
            words = with_period(words, m)
    return words


_FRACTION_ALTERNATIVES = "|".join(re.escape(f) for f in FRACTIONS)
_FRACTION = C(r"(?<![\d/])(" + _FRACTION_ALTERNATIVES + r")(?![\d/])")
# "3½", "3 ½", "3 1/2", "3-1/2": a whole number and a fraction.
_MIXED_NUMBER = C(rf"(?<![\w,.])({NUM})(?:[ -]?([{VULGAR_FRACTIONS}])|[ -](1/2|1/3|2/3|1/4|3/4))(?![\d/])")
_FRACTION_CHARS = C(f"[{VULGAR_FRACTIONS}]")
_ORDINAL = C(r"(?<![\w,.])(\d+)(?:(?i:st|nd|rd|th)|(?<=[23])d)\b")
_DATE = C(rf"\b({MONTHS})\s+([1-9]|[12]\d|3[01])\b(?![:.,]\d)")
_DAY_MONTH = C(rf"(?<![\w,.])(?:(the|The)\s+)?([1-9]|[12]\d|3[01])(?:st|nd|rd|th|d)?\s+({MONTHS})(?![\w'’])")
_DECADE = C(r"(?<![\d,.])(1[1-9]\d0|20\d0)'?s\b")
_SHORT_DECADE = C(r"(?<!\w)['’]([1-9]0)s\b")
_RANGE = C(rf"(?<![\d,.])({NUM})\s?[–-]\s?({NUM})(?![\d,]|\.\d)")
_MINUS = C(r"(?<![\w.,])-(?=\d)")
_NUMBER = C(rf"(?<![\w,.])({NUM})(\.\d+)?(?!\w)")


# Abbreviated measures after a number: "6 ft. 2 in.", "9 st. 3 lbs.", "4 oz.", "60 m.p.h."
# ("in." and "st." only inside such a pair, where they cannot be the words "in" and "St.").
MEASURES = {"ft": ("foot", "feet"), "in": ("inch", "inches"), "st": ("stone", "stone"),
            "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
            "yd": ("yard", "yards"), "yds": ("yard", "yards"), "cwt": ("hundredweight", "hundredweight"),
            "m.p.h": ("mile an hour", "miles an hour"), "mph": ("mile an hour", "miles an hour"),
            "mm": ("millimetre", "millimetres"), "cm": ("centimetre", "centimetres"), "km": ("kilometre", "kilometres"),
            "kg": ("kilogram", "kilograms"), "mg": ("milligram", "milligrams"), "ml": ("millilitre", "millilitres"),
            "km/h": ("kilometre an hour", "kilometres an hour")}
_MEASURE_PAIR = C(r"(?<![\w.,])(\d+)\s?(ft|st)\.?\s+(\d+)\s?(in|lbs?)(\.?)(?![\w'’])")
_MEASURE = C(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(ft|lbs?|oz|yds?|cwt|m\.p\.h|mph|km/h|mm|cm|km|kg|mg|ml)(\.?)(?![\w'’/])")


# signs between two numbers: "2 × 3 = 6"
ARITHMETIC = {"×": "times", "÷": "divided by", "=": "equals", "+": "plus"}
_ARITHMETIC_CHARS = C("[×÷=+]")
_ARITHMETIC = C(r"(?<=\d)\s*([×÷=+])\s*(?=\d)")


def _measure(digits: str, unit: str) -> str:
    return _counted(digits, *MEASURES[unit.lower()])


def _measure_pair(m: re.Match[str]) -> str:
    words = f"{_measure(m.group(1), m.group(2))} {_measure(m.group(3), m.group(4))}"
    return _with_its_period(words, m, 5)


def _with_its_period(words: str, m: re.Match[str], group: int) -> str:
    """The abbreviation's period, when it had one, kept where it also ends the sentence."""
    return with_period(words, m) if m.group(group) else words


def numbers(text: str) -> str:
    """Measures, fractions, dates, ordinals, decades, ranges and the remaining numbers as words."""
    if not _NUMBERISH.search(text):
        return text
    text = _MEASURE_PAIR.sub(_measure_pair, text)
    text = _MEASURE.sub(lambda m: _with_its_period(_measure(m.group(1), m.group(2)), m, 3), text)
    if _ARITHMETIC_CHARS.search(text):
        text = _ARITHMETIC.sub(lambda m: f" {ARITHMETIC[m.group(1)]} ", text)
    if "/" in text or _FRACTION_CHARS.search(text):
        text = _MIXED_NUMBER.sub(_mixed_number, text)
        text = _FRACTION.sub(lambda m: _fraction(*FRACTIONS[m.group(1)]), text)
    text = _DAY_MONTH.sub(lambda m: f"{m.group(1) or 'the'} {ordinal(int(m.group(2)))} of {m.group(3)}", text)
    text = _ORDINAL.sub(lambda m: ordinal(int(m.group(1))), text)
    text = _DATE.sub(lambda m: f"{m.group(1)} {ordinal(int(m.group(2)))}", text)
    if "0s" in text or "0's" in text:
        text = _DECADE.sub(lambda m: plural(year(int(m.group(1)))), text)
        text = _SHORT_DECADE.sub(lambda m: plural(cardinal(int(m.group(1)))), text)
    if "-" in text or "–" in text:
        text = _RANGE.sub(lambda m: f"{_count(m, 1)} to {_count(m, 2)}", text)
        text = _MINUS.sub("minus ", text)
    return _NUMBER.sub(lambda m: _count(m, 1, m.group(2) or ""), text)


def _fraction(numerator: int, denominator: int, whole: bool = False) -> str:
    """1/2 -> "one half" ("a half" after a whole number), 3/4 -> "three quarters", 1/8 -> "an eighth"."""
    name = {2: "half", 4: "quarter"}.get(denominator) or ordinal(denominator)
    if numerator == 1:
        return ("an " if name[0] in "aeiou" else "a ") + name if whole else "one " + name
    return cardinal(numerator) + " " + ("halves" if name == "half" else name + "s")


def _mixed_number(m: re.Match[str]) -> str:
    return number(m.group(1)) + " and " + _fraction(*FRACTIONS[m.group(2) or m.group(3)], whole=True)


# Years.  A four-digit number (1000-2099, no comma, no decimals) is read as a year
# ("ten sixty-six", "eighteen fifty", "twenty twenty-four") or a quantity ("one thousand
# eight hundred fifty"), by these rules, in order:
#   1. a year when part of a range ("1939-1945"), after a month ("July 4, 1850"), beside an
#      era ("A.D. 1066", "55 BC") or after a word that only dates take (_DATE_ONLY_CUES:
#      "year", "since", "until", "during", "circa"...);
#   2. a quantity when a noun of quantity follows ("1850 points", "1200 men", "1500 ft",
#      "1500 of them"): a plural noun, a unit, "more"/"odd"/"of";
#   3. otherwise a year from 1000 to 1999 ("It was 1066.", "1850 saw riots"), and from
#      2000 on only after a cue word (YEAR_CUES: "in 2024", but "2024 was" stays a number).
_CUE = C(r"([\w.]+)\W*$")
_MONTH_BEFORE = C(MONTHS + r"\s*\w*,?\s*$")
_ERA_AFTER = C(r"\s?(AD|BC|BCE|CE|A\.D\.|B\.C\.)")
_DATE_ONLY_CUES = {"year", "since", "until", "till", "during", "circa", "c.", "ca.", "anno", "ad", "a.d.",
                   "summer", "winter", "spring", "autumn", "born", "died"}
_NEXT_WORD = C(r"[ \t\n]+([a-z][a-z'’]*)")
QUANTITY_WORDS = frozenset(
    "men women people children feet foot head sheep cattle fish deer swine more odd of strong "
    "ft km mi yd yds lb lbs oz kg g mg m cm mm sq cu mile yard inch pound ton acre metre meter".split())
NOT_PLURAL = frozenset(
    "was has as its this thus yes always perhaps sometimes afterwards towards besides whereas does goes "
    "seems marks sees begins remains brings becomes means".split())


def _quantity_after(text: str, end: int) -> bool:
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    if word in QUANTITY_WORDS:
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")) and word not in NOT_PLURAL


def _count(m: re.Match[str], group: int, frac: str = "") -> str:
    """A number, read as a year where it looks like one (rules above)."""
    s = m.group(group)
    if not frac and "," not in s and len(s) == 4 and not s.startswith("0") and int(s) < 2100:
        n = int(s)
        before = m.string[max(0, m.start(group) - 30): m.start(group)]
        cue = _CUE.search(before)
        cue_word = cue.group(1).lower() if cue else ""
        if m.group(0) != s or cue_word in _DATE_ONLY_CUES or _MONTH_BEFORE.search(before) \
                or _ERA_AFTER.match(m.string, m.end(group)):
            return year(n)
        if not _quantity_after(m.string, m.end()) and (n < 2000 or cue_word in YEAR_CUES):
            return year(n)
    return number(s + frac)
