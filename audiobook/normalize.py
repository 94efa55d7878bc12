"""What the speech engine reads for a segment: ``speech_text(segment.text)``.

The script keeps offsets into the original text; this is only the spoken
form.  Numbers, money (also pounds, shillings and pence), times (also "4.30
p.m."), fractions, degrees, dates, ordinals, years and some abbreviations
(also months before a date) become words; Roman numerals become numbers in
headings ("Chapter IV", "II. THE BRIDGE") and regnal names ("Henry VIII"),
never the pronoun "I"; line breaks the book means (verse, a heading on two
lines) become pauses, wrapped lines don't; ellipses and dashes become the
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

MONTH_NAMES = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November",
    "Dec": "December",
}
# A month, written out or abbreviated ("Oct." or "Oct"); not "Market" or "Decimal".
MONTHS = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
YEAR_CUES = {
    "in", "of", "since", "by", "year", "until", "till", "from", "to", "circa", "c.", "ca.", "around",
    "before", "after", "during", "early", "late", "mid", "the", "summer", "winter", "spring", "autumn",
    "fall", "between", "and", "through", "ad", "a.d.", "anno", "born", "died",
}
HEADING_WORDS = (r"(?:chapter|book|part|volume|vol\.|act|scene|canto|section|appendix|stave|psalm|article|lesson"
                 r"|lecture|adventure|episode|letter|tale|story|epistle|sonnet)")
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
_EMPHASIS_CHARS = re.compile(r"[_*<\[]")
_DASH_CHARS = re.compile(r"[—―–]|--| - ")
_QUOTE_CHARS = re.compile("[\"“”„‟«»‹›'‘’`]")
_ABBREVIATED = re.compile(  # no leading \b: literal alternatives scan much faster
    r"(?:" + "|".join(list(TITLES) + ["Dr", "St", "etc", "Esq", "vs", "Jr", "Sr", "approx", "viz", "cf"]) + r")\b"
    r"|&|#\d|[eEiI]\.\s?[eEgG]\.|[Nn]os?\.\s*\d|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)t?\."
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


# A line break the book means (verse, a heading set on two lines: "Chapter One<br/>The
# Orchard Gate") is a pause; a hard-wrapped line of prose is not.  _tidy joins all lines, so
# a meant break gets a comma when its line has no punctuation of its own, and a stop after
# a heading's label ("Chapter One", "PART I", "Book the First", "IV").  Meant: no line but
# the last is as long as a wrapped one; the next line opens on a capital; the line doesn't
# end on a word that can't end a phrase ("the", "of", "Mr"); and there are three lines or
# more (a stanza, an address), or two of which the first is a heading's label.  Two short
# lines of prose ("said\nAlice", "Good\nHeaven!") or a heading wrapped in a text file ("In
# Which Pooh Goes Hunting\nAnd Nearly Catches A Woozle") stay run together.
_LINE_MAX = 50  # longer lines are prose wrapped at a margin (60-78 characters in e-texts)
_PUNCTUATED_END = C(r"[.,;:!?…\-–—―]['\"’”)\]_*]*$")
_CAPITAL_START = C(r"[\s\"'“‘(\[_*]*[A-Z0-9]")
_HEADING_LABEL = C(rf"(?i:\s*(?:(?:{HEADING_WORDS}|prologue|epilogue|interlude|introduction|preface|afterword"
                   r"|foreword)(?:\s+[\w'’]+){0,3}|[IVXLCDM]+|\d+)\.?\s*$)")
_TITLE_TOKEN = C(r"[A-Za-z0-9][\w'’]*")
_LAST_TOKEN = C(r"([A-Za-z]+)\W*$")
SMALL_WORDS = frozenset(
    "a an the of to and or nor but in on at by for with from into upon as de la le du von van".split())
LOOSE_ENDS = SMALL_WORDS | frozenset(
    "that than his her its their my our your whose which who mr mrs ms dr st mister".split())


def _title_like(line: str) -> bool:
    """Heading words: each capitalised (or a number), but small words after the first."""
    words = _TITLE_TOKEN.findall(line)
    return bool(words) and not words[0][0].islower() and all(
        not w[0].islower() or w.lower() in SMALL_WORDS for w in words)


def _line_breaks(text: str) -> str:
    body = text.rstrip()
    if "\n" not in body:
        return text
    lines = body.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2 or any(len(lines[i].strip()) > _LINE_MAX for i in filled[:-1]) \
            or (len(filled) == 2 and not _HEADING_LABEL.match(lines[filled[0]])):
        return text
    for i, j in zip(filled, filled[1:]):
        line = lines[i].rstrip()
        last = _LAST_TOKEN.search(line)
        if _PUNCTUATED_END.search(line) or not _CAPITAL_START.match(lines[j]) \
                or (last and last.group(1).lower() in LOOSE_ENDS):
            continue
        lines[i] = line + ("." if _HEADING_LABEL.match(line) else ",")
    return "\n".join(lines) + text[len(body):]


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
# "Oct." is October next to a date: before a day or a year ("Oct. 12", "Sept. 1850", "Dec. '41")
# or after a day ("12 Oct."); elsewhere "Jan." may be a name and "Mar." a verb.
_MONTH_ABBREVIATIONS = r"(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
_MONTH_BEFORE_DATE = C(r"\b" + _MONTH_ABBREVIATIONS
                       + r"(?=\s?(?:(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th|d)?|\d{4}|['’]\d\d)(?![\w:]|[.,]\d))")
_MONTH_AFTER_DAY = C(r"(?<![\w.,])((?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th|d)?\s)" + _MONTH_ABBREVIATIONS)


# a title in capitals ("DR. WATSON", "MR. BOUNDERBY" in a heading): eSpeak spells "DR." out
_CAPITAL_TITLE = C(r"\b(MR|MRS|MESSRS|DR|ST|PROF|CAPT|COL|GEN|LT|SGT)\.(?=\s+[A-Z])")


def _abbreviations(text: str) -> str:
    if "." in text:
        text = _CAPITAL_TITLE.sub(lambda m: m.group(1).capitalize() + ".", text)
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
    if "." in text and _DIGIT.search(text):
        text = _MONTH_BEFORE_DATE.sub(lambda m: MONTH_NAMES[m.group(1)], text)
        text = _MONTH_AFTER_DAY.sub(lambda m: m.group(1) + MONTH_NAMES[m.group(2)] + _with_period("", m), text)
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


# A heading line that opens on a numeral and a title: "II. THE BRIDGE", "I. The River",
# "XIV.—The Trial".  Only a valid numeral (below 400) followed by a title-like rest of
# the line, so "I. Then he went." (the pronoun ending a reply) stays.
_NUMBERED_TITLE = C(r"(?m)^([ \t]*)([IVXLC]{1,9})(\.[ \t]*(?:—|–|--)?[ \t]*)(\S[^\n]{0,80})$")
_TITLE_WORD = C(r"[A-Za-z]{2,}|[AO]\b")
_INITIAL = C(r"[A-Z]\.")
# After these words "I" is a numeral only before punctuation or the line's end ("Letter I."),
# not in a title-case phrase ("A Story I Heard").
_WEAK_HEADINGS = {"adventure", "episode", "letter", "tale", "story", "epistle", "sonnet"}
_NUMERAL_ENDS = C(r"[ \t]*(?:$|\n|[.,:;!?—–-])")
_REGNAL_NAME = C(r"\b([A-Z][A-Za-z]+) ([IVXL]+)\b(?!['’](?!s\b))")  # "Charles II's" too
_NUMERAL_LINE = C(r"(?m)^(\s*)([IVXLCDM]{1,8})(\.?\s*)$")
_LOWER_WORD_AHEAD = C(r"\s+[a-z]")


def _roman(text: str) -> str:
    lowered = text.lower()
    if any(word in lowered for word in _HEADING_PLAIN):  # "Chapter IV", "CHAPTER I.", "Book ii"
        text = _HEADING.sub(_heading_numeral, text)
    if " " in text:
        text = _REGNAL_NAME.sub(_regnal, text)
    if "." in text:
        text = _NUMBERED_TITLE.sub(_numbered_title, text)
    return _NUMERAL_LINE.sub(_numeral_line, text) if len(text) < 16 or "\n" in text else text


def _heading_numeral(m: re.Match[str]) -> str:
    value = roman_value(m.group(2))
    if value is None:
        return m.group()
    if m.group(2).lower() == "i" and (m.group(1).islower() or _LOWER_WORD_AHEAD.match(m.string, m.end())):
        return m.group()  # "the book I read": the pronoun, not a numeral
    if m.group(2) == "I" and m.group(1).strip().lower() in _WEAK_HEADINGS \
            and not _NUMERAL_ENDS.match(m.string, m.end()):
        return m.group()
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


def _numbered_title(m: re.Match[str]) -> str:
    value = roman_value(m.group(2))
    title = m.group(4)
    if not value or value >= 400 or not _TITLE_WORD.search(title) or not _title_like(title) \
            or _INITIAL.match(title) or (value == 1 and len(_TITLE_TOKEN.findall(title)) < 2):
        return m.group()  # "C. S. Lewis" is a name; "I. Holmes." may be a reply
    return m.group(1) + cardinal(value).capitalize() + m.group(3) + title


_NEXT_LINE = C(r"[ \t]*\n[ \t]*([^\n]+)")


def _numeral_line(m: re.Match[str]) -> str:
    """A line that is only a numeral ("IV." as a section heading); "I" only above a title
    line ("I.<br/>The Mill"), never alone (the pronoun)."""
    value = roman_value(m.group(2))
    if not value:
        return m.group()
    if m.group(2) == "I":
        title = _NEXT_LINE.match(m.string, m.end())
        if not (title and _title_like(title.group(1)) and len(_TITLE_TOKEN.findall(title.group(1))) >= 2):
            return m.group()
    return m.group(1) + cardinal(value).capitalize() + m.group(3)


_MONEY = C(rf"([$£€¥])\s?({NUM})(?:\.(\d{{1,2}}))?(?!\d)(?:\s+(thousand|million|billion|trillion)\b)?")
# Pounds, shillings and pence: "£2 10s.", "7s. 6d.", "£1 1s. 6d." (shillings only after pounds
# or before pence: a lone "10s" may be a decade).
_LSD = C(rf"£\s?({NUM})\s+(\d{{1,2}})s(\.?)(?![\w'’])(?:\s?(\d{{1,2}})d(\.?)(?![\w'’]))?")
_OLD_MONEY = C(r"(?<![\w.,£])(\d{1,3})s(\.?)\s?(\d{1,2})d(\.?)(?![\w'’])")
_PERCENT = C(r"(\d+(?:\.\d+)?)\s?%")
_DEGREES = C(rf"(?<![\w.,])(-?)({NUM}(?:\.\d+)?)\s?°(?:\s?([CF])(?![A-Za-z]))?")
_DEGREE_SCALE = C(r"(?<=\d degree)(s?) ([CF])\b(?![.'’]\w)")
SCALES = {"C": "Celsius", "F": "Fahrenheit"}


def _money(text: str) -> str:
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
    return _with_period(words, m) if m.group(5 if m.group(4) else 3) else words


def _shillings_pence(m: re.Match[str]) -> str:
    words = f"{_counted(m.group(1), 'shilling', 'shillings')} and {_counted(m.group(3), 'penny', 'pence')}"
    return _with_period(words, m) if m.group(4) else words


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


def _times(text: str) -> str:
    if not _DIGIT.search(text):
        return text
    if "." in text:
        text = _DOTTED_CLOCK.sub(_clock, text)
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


def _numbers(text: str) -> str:
    if not _NUMBERISH.search(text):
        return text
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


_RULES = [_characters, _line_breaks, _emphasis, _abbreviations, _roman, _money, _times, _numbers,
          _quotes, _pauses, _markup, _capitals, _tidy]
