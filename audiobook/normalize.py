"""What the speech engine reads for a segment: ``speech_text(segment.text)``.

The script keeps offsets into the original text; this is only the spoken
form.  Numbers, money, times, ordinals, years and some abbreviations become
words; Roman numerals become numbers in headings ("Chapter IV") and regnal
names ("Henry VIII"), never the pronoun "I"; ellipses and dashes become the
commas and periods the engine pauses on; emphasis markers, quote marks and
stray markup go; ALL-CAPS words (not acronyms) are de-capitalised so the
engine doesn't spell them.  The lexicon is matched first, on the book's own
words, and its values are put back untouched at the end, so a changed entry
changes only the speech text (and audio cache key) of segments that use it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from audiobook.lexicon import PARKED_CHARS as _PARKED_CHARS
from audiobook.lexicon import load_lexicon, park_lexicon, unpark
from audiobook.numwords import cardinal, number, ordinal, plural, roman_value, year

__all__ = ["speech_text", "load_lexicon"]

MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
YEAR_CUES = {
    "in", "of", "since", "by", "year", "until", "till", "from", "to", "circa", "c.", "ca.", "around",
    "before", "after", "during", "early", "late", "mid", "the", "summer", "winter", "spring", "autumn",
    "fall", "between", "and", "through", "ad", "a.d.", "anno", "born", "died",
}
HEADING_WORDS = r"(?:chapter|book|part|volume|vol\.|act|scene|canto|section|appendix|stave|psalm|article|lesson|lecture)"
REGNAL = {
    "henry", "edward", "george", "william", "richard", "charles", "james", "louis", "elizabeth", "mary",
    "victoria", "john", "philip", "frederick", "peter", "alexander", "nicholas", "catherine", "anne",
    "leo", "pius", "gregory", "benedict", "innocent", "clement", "urban", "boniface", "ferdinand",
    "francis", "joseph", "ludwig", "otto", "gustav", "gustavus", "alfonso", "carlos", "juan", "pedro",
    "ivan", "napoleon", "constantine", "ramesses", "rameses", "ptolemy", "darius", "xerxes", "edmund",
    "harold", "stephen", "malcolm", "david", "robert", "duncan", "kenneth", "haakon", "olaf",
    "christian", "eric", "wilhelm", "friedrich", "leopold", "rudolf", "maximilian", "sigismund",
    "casimir", "vladimir", "boris", "michael", "paul", "sixtus", "julius", "felix", "hadrian",
    "ladislaus", "matthias", "charlemagne", "isabella", "isabel", "margaret", "sancho", "manuel",
}
TITLES = {
    "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Messrs": "Messieurs", "Prof": "Professor",
    "Capt": "Captain", "Col": "Colonel", "Gen": "General", "Lt": "Lieutenant", "Sgt": "Sergeant",
    "Rev": "Reverend", "Hon": "Honourable", "Gov": "Governor", "Mt": "Mount", "Fr": "Father",
}
TRAILING = {"etc": "et cetera", "Esq": "Esquire", "&c": "et cetera", "vs": "versus", "Jr": "Junior", "Sr": "Senior",
            "approx": "approximately", "viz": "namely", "cf": "compare"}
CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
            "€": ("euro", "euros", "cent", "cents"), "¥": ("yen", "yen", "sen", "sen")}
FRACTIONS = {"½": "one half", "⅓": "one third", "⅔": "two thirds", "¼": "one quarter", "¾": "three quarters",
             "1/2": "one half", "1/3": "one third", "2/3": "two thirds", "1/4": "one quarter", "3/4": "three quarters"}

NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
# Cheap tests that let most segments skip a rule altogether.
_DIGIT = re.compile(r"\d")
_NUMBERISH = re.compile(r"[\d½⅓⅔¼¾]")
_EMPHASIS_CHARS = re.compile(r"[_*<\[]")
_DASH_CHARS = re.compile(r"[—―–]|--| - ")
_QUOTE_CHARS = re.compile("[\"“”„‟«»‹›'‘’`]")
_ABBREVIATED = re.compile(  # no leading \b: literal alternatives scan much faster
    r"(?:" + "|".join(list(TITLES) + ["Dr", "St", "etc", "Esq", "vs", "Jr", "Sr", "approx", "viz", "cf"]) + r")\b"
    r"|&|#\d|[eEiI]\.\s?[eEgG]\.|[Nn]os?\.\s*\d"
)
_HEADING = re.compile(rf"(?i:\b({HEADING_WORDS}\s+))([IVXLCDM]+|[ivxlcdm]+)\b(?!')")
_HEADING_PLAIN = [w.strip("\\.") for w in HEADING_WORDS[3:-1].split("|")]
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z']*[A-Z]")
_SENTENCE_GOES_ON = re.compile(r"\s*[a-z0-9,;:]")


def speech_text(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    parked: list[str] = []
    if lexicon:
        text = park_lexicon(text, lexicon, parked)
    for rule in _RULES:
        text = rule(text)
    return unpark(text, parked) if parked else text


# --- rules, in order -----------------------------------------------------------
# Patterns are compiled once: a novel has tens of thousands of segments.
C = re.compile
_INVISIBLE = C("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ODD_SPACE = C(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _characters(text: str) -> str:
    text = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", text))
    return text.replace("\u2212", "-").replace("\u2026", "...")


_EMPHASIS_MARK = C(r"(?<![\w])[_*]+(?=[\w\"'“‘(])|(?<=[\w.,!?;:\"'”’)])[_*]+(?!\w)")
_STAR_BREAK = C(r"(?:\s*\*){2,}\s*")
_TAG = C(r"</?[A-Za-z][^<>]{0,200}>")
_NOTE_MARK = C(r"\[(?:\d{1,3}|[*†‡§])\]")


def _emphasis(text: str) -> str:
    if not _EMPHASIS_CHARS.search(text):
        return text
    # _italics_ and *emphasis* markers (Gutenberg, Markdown); "* * *" breaks; stray tags; [1] note marks.
    text = _STAR_BREAK.sub(" ", _EMPHASIS_MARK.sub("", text))
    return _NOTE_MARK.sub("", _TAG.sub(" ", text))


_NAME_AHEAD = r"(?=\s+[A-Z" + _PARKED_CHARS + "])"
_TITLE = C(r"\b(" + "|".join(TITLES) + r")\.?" + _NAME_AHEAD)
_TITLE_ALWAYS = C(r"\b(Mr|Mrs|Messrs)\.")
_DOCTOR = C(r"\bDr\.?" + _NAME_AHEAD)
_DRIVE = C(r"\b([A-Z][a-z]+) Dr\.")
_SAINT = C(r"\bSt\.(?=\s)")
_EG, _IE = C(r"\b[eE]\.\s?g\."), C(r"\b[iI]\.\s?e\.")
_TRAILING = C(r"(?<!\w)(" + "|".join(re.escape(k) for k in TRAILING) + r")\.")
_NUMBER_SIGN = C(r"\b(No|no|Nos|nos)\.(?=\s*\d)|#(?=\d)")


def _abbreviations(text: str) -> str:
    if not _ABBREVIATED.search(text):
        return text
    text = _TITLE.sub(lambda m: TITLES[m.group(1)], text)
    text = _TITLE_ALWAYS.sub(lambda m: TITLES[m.group(1)], text)
    text = _DOCTOR.sub("Doctor", text)
    text = _DRIVE.sub(lambda m: m.group(1) + " " + _with_period("Drive", m), text)
    text = _SAINT.sub(_saint_or_street, text)
    text = _IE.sub("that is", _EG.sub("for example", text))
    text = _TRAILING.sub(lambda m: _with_period(TRAILING[m.group(1)], m), text)
    text = _NUMBER_SIGN.sub(lambda m: "numbers " if (m.group(1) or "").lower() == "nos" else "number ", text)
    return text.replace("&", " and ")


def _with_period(words: str, m: re.Match[str]) -> str:
    """An abbreviation's period may also end the sentence: keep one then."""
    return words + ("" if _SENTENCE_GOES_ON.match(m.string, m.end()) else ".")


_PREV_WORD = C(r"([A-Za-z]+)\s+$")
_PREV_STARTS_SENTENCE = C(r"(^|[.!?\"“]\s*)[A-Za-z]+\s+$")
_CAPITAL_AHEAD = C(r"\s+[A-Z]")


def _saint_or_street(m: re.Match[str]) -> str:
    """St. Paul -> Saint Paul; Baker St. -> Baker Street (a name before, none after)."""
    before = m.string[max(0, m.start() - 40): m.start()]
    prev = _PREV_WORD.search(before)
    prev_is_name = bool(prev and prev.group(1)[0].isupper() and not _PREV_STARTS_SENTENCE.search(before))
    if prev_is_name and not _CAPITAL_AHEAD.match(m.string, m.end()):
        return _with_period("Street", m)
    return "Saint"


_REGNAL_NAME = C(r"\b([A-Z][A-Za-z]+) ([IVXL]+)\b(?!['’](?!s\b))")  # "Charles II's" too
_NUMERAL_LINE = C(r"(?m)^(\s*)([IVXLCDM]{1,8})(\.?\s*)$")
_LOWER_WORD_AHEAD = C(r"\s+[a-z]")


def _roman(text: str) -> str:
    lowered = text.lower()
    if any(word in lowered for word in _HEADING_PLAIN):  # "Chapter IV", "CHAPTER I.", "Book ii"
        text = _HEADING.sub(_heading_numeral, text)
    if " " in text:
        text = _REGNAL_NAME.sub(_regnal, text)
    return _NUMERAL_LINE.sub(_numeral_line, text) if len(text) < 16 or "\n" in text else text


def _heading_numeral(m: re.Match[str]) -> str:
    value = roman_value(m.group(2))
    if value is None:
        return m.group()
    if m.group(2).lower() == "i" and (m.group(1).islower() or _LOWER_WORD_AHEAD.match(m.string, m.end())):
        return m.group()  # "the book I read": the pronoun, not a numeral
    word = cardinal(value)
    return m.group(1) + (word.capitalize() if m.group(2)[0].isupper() else word)


def _regnal(m: re.Match[str]) -> str:
    name, numeral = m.group(1), m.group(2)
    value = roman_value(numeral)
    if name.lower() not in REGNAL or value is None:
        return m.group()
    if numeral == "I" and (name.isupper() or _LOWER_WORD_AHEAD.match(m.string, m.end())):
        return m.group()  # "Then Henry I went", "HENRY I SAID": too close to the pronoun to risk it
    return f"{name} the {ordinal(value).capitalize()}"


def _numeral_line(m: re.Match[str]) -> str:
    """A line that is only a numeral ("IV." as a section heading); never "I"."""
    value = roman_value(m.group(2))
    return m.group(1) + cardinal(value).capitalize() + m.group(3) if value and m.group(2) != "I" else m.group()


_MONEY = C(rf"([$£€¥])\s?({NUM})(?:\.(\d{{1,2}}))?(?!\d)(?:\s+(thousand|million|billion|trillion)\b)?")
_OLD_MONEY = C(r"\b(\d+)s\.\s?(\d+)d\.")
_PERCENT = C(r"(\d+(?:\.\d+)?)\s?%")


def _money(text: str) -> str:
    if not _DIGIT.search(text):
        return text
    text = _MONEY.sub(_amount, text)
    text = _OLD_MONEY.sub(lambda m: f"{number(m.group(1))} shillings and {number(m.group(2))} pence", text)
    return _PERCENT.sub(lambda m: number(m.group(1)) + " percent", text)


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


def _times(text: str) -> str:
    if not _DIGIT.search(text):
        return text
    return _HOUR.sub(_clock, _CLOCK.sub(_clock, text))


def _clock(m: re.Match[str]) -> str:
    hour, minute = int(m.group(1)), m.group(2)
    letter = m.group(3) or m.group(4)
    words = cardinal(hour)
    if minute and minute != "00":
        words += " " + ("oh " if minute.startswith("0") else "") + cardinal(int(minute))
    elif not letter:
        words += " o'clock"
    if letter:
        words += f" {letter.upper()} M"
        if m.group().endswith("."):
            words = _with_period(words, m)
    return words


_FRACTION = C(r"(?<![\d/])(" + "|".join(re.escape(f) for f in FRACTIONS) + r")(?![\d/])")
_FRACTION_CHARS = C("[½⅓⅔¼¾]")
_ORDINAL = C(r"(?<![\w,.])(\d+)(?:(?i:st|nd|rd|th)|(?<=[23])d)\b")
_DATE = C(rf"\b({MONTHS})\s+([1-9]|[12]\d|3[01])\b(?![:.,]\d)")
_DECADE = C(r"(?<![\d,.])(1[1-9]\d0|20\d0)'?s\b")
_SHORT_DECADE = C(r"(?<!\w)['’]([1-9]0)s\b")
_RANGE = C(rf"(?<![\d,.])({NUM})\s?[–-]\s?({NUM})(?![\d,]|\.\d)")
_MINUS = C(r"(?<![\w.,])-(?=\d)")
_NUMBER = C(rf"(?<![\w,.])({NUM})(\.\d+)?(?!\w)")


def _numbers(text: str) -> str:
    if not _NUMBERISH.search(text):
        return text
    if "/" in text or _FRACTION_CHARS.search(text):
        text = _FRACTION.sub(lambda m: FRACTIONS[m.group(1)], text)
    text = _ORDINAL.sub(lambda m: ordinal(int(m.group(1))), text)
    text = _DATE.sub(lambda m: f"{m.group(1)} {ordinal(int(m.group(2)))}", text)
    if "0s" in text or "0's" in text:
        text = _DECADE.sub(lambda m: plural(year(int(m.group(1)))), text)
        text = _SHORT_DECADE.sub(lambda m: plural(cardinal(int(m.group(1)))), text)
    if "-" in text or "–" in text:
        text = _RANGE.sub(lambda m: f"{_count(m, 1)} to {_count(m, 2)}", text)
        text = _MINUS.sub("minus ", text)
    return _NUMBER.sub(lambda m: _count(m, 1, m.group(2) or ""), text)


_CUE = C(r"([\w.]+)\W*$")
_MONTH_BEFORE = C(MONTHS + r"\s*\w*,?\s*$")
_ERA_AFTER = C(r"\s?(AD|BC|BCE|CE|A\.D\.|B\.C\.)")


def _count(m: re.Match[str], group: int, frac: str = "") -> str:
    """A number, read as a year where it looks like one."""
    s = m.group(group)
    if not frac and "," not in s and len(s) == 4 and not s.startswith("0"):
        n = int(s)
        before = m.string[max(0, m.start(group) - 30): m.start(group)]
        cue = _CUE.search(before)
        by_context = (cue and cue.group(1).lower() in YEAR_CUES) or _MONTH_BEFORE.search(before) \
            or _ERA_AFTER.match(m.string, m.end(group)) or m.group(0) != s
        if 1100 <= n <= 1999 or (by_context and 1000 <= n <= 2099):
            return year(n)
    return number(s + frac)


_DOUBLE_QUOTES = C("[\"“”„‟«»‹›]")
_OPENING_SINGLE = C(rf"(?i)(?<![a-z{_PARKED_CHARS}])'(?!(?:tis|twas|twere|twill|em|cause|til|till|n|round|cept|ere)\b)")
_CLOSING_SINGLE = C(r"(?<=[A-Za-rt-z])'(?![A-Za-z])")


def _quotes(text: str) -> str:
    if not _QUOTE_CHARS.search(text):
        return text
    text = _DOUBLE_QUOTES.sub(" ", text).replace("‘", "'").replace("’", "'").replace("`", "'")
    # Keep apostrophes inside words (don't, o'clock) and in elisions ('tis, dogs'); drop quote marks.
    return _CLOSING_SINGLE.sub(" ", _OPENING_SINGLE.sub(" ", text))


_ELLIPSIS = C(r"\s*(?:\.\s?){2}\.+")
_DASH = C(r"\s*(?:—|―|--+|–|\s-\s)\s*")
_SENTENCE_AHEAD = C(r"\s*($|[A-Z][a-zA-Z])")


def _pauses(text: str) -> str:
    if ".." in text or ". ." in text:
        text = _ELLIPSIS.sub(lambda m: ". " if _SENTENCE_AHEAD.match(m.string, m.end()) else ", ", text)
    if _DASH_CHARS.search(text):
        text = _DASH.sub(", ", text)
    return text.replace("(", ", ").replace(")", ", ") if "(" in text or ")" in text else text


_MARKUP = C(r"[<>{}\[\]|\\^~#*_=]+")


def _markup(text: str) -> str:
    return _MARKUP.sub(" ", text)


_WORD = C(r"[A-Za-z][A-Za-z']*")
_VOWEL = C(r"[AEIOUY]")
_CONSONANT_RUN = C(r"[B-DF-HJ-NP-TV-XZ]{3}")


def _capitals(text: str) -> str:
    if not _TWO_CAPITALS.search(text):
        return text
    words = list(_WORD.finditer(text))

    def is_caps(i: int) -> bool:
        if not 0 <= i < len(words):
            return False
        word = words[i].group()
        return len(word.replace("'", "")) >= 2 and word.isupper()

    out, last = [], 0
    for i, m in enumerate(words):
        word = m.group()
        if not is_caps(i) or not _VOWEL.search(word) or (roman_value(word) is not None and len(word) <= 4):
            continue
        # Lone capitals are acronyms when short (BBC, USA) or unpronounceable (USSR).
        lone_word = len(word) >= 6 or (len(word) >= 4 and not _CONSONANT_RUN.search(word))
        if lone_word or is_caps(i - 1) or is_caps(i + 1):
            out.append(text[last:m.start()] + word.capitalize())
            last = m.end()
    out.append(text[last:])
    return "".join(out)


_ODD_WHITESPACE = C(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]")
_SPACE_BEFORE_MARK = C(r" +(?=[,.;:!?])")
_DOUBLE_MARKS = C(r"[,;:.!?] *[,;:.!?]")
_TIDY_MARKS = [
    (C(r"[,;:](?: *[,;:])+"), lambda m: next((c for c in ";:" if c in m.group()), ",")),  # ",;" -> ";"
    (C(r"[,;:]+ *([.!?])"), r"\1"),  # ",." -> "."
    (C(r"([.!?]) *,+"), r"\1"),  # ".," -> "."
]
_NO_SPACE_AFTER = C(r"([,;:])(?=\w)")


def _tidy(text: str) -> str:
    text = _ODD_WHITESPACE.sub(" ", text)
    text = _SPACE_BEFORE_MARK.sub("", text)
    if _DOUBLE_MARKS.search(text):
        for pattern, replacement in _TIDY_MARKS:
            text = pattern.sub(replacement, text)
    text = _NO_SPACE_AFTER.sub(r"\1 ", text)
    if text[:1] in ",;:. ":
        text = text.lstrip(" ,;:.")
    return text.strip().rstrip(",;:").rstrip()


_RULES = [_characters, _emphasis, _abbreviations, _roman, _money, _times, _numbers,
          _quotes, _pauses, _markup, _capitals, _tidy]
