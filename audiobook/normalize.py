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

The number, money, time and date rules live in ``audiobook.spoken_numbers``; the
Roman numeral and line break rules in ``audiobook.spoken_headings``; dialect
elisions, stammers and interjections in ``audiobook.spoken_sounds``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from audiobook.lexicon import PARKED_CHARS as _PARKED_CHARS
from audiobook.german_dates import german_dates
from audiobook.lexicon import load_lexicon, park_lexicon, unpark
from audiobook.numwords import cardinal, roman_value
from audiobook.spoken_headings import line_breaks, roman_numerals
from audiobook.spoken_sounds import elisions as _elisions
from audiobook.spoken_sounds import sounds as _sounds
from audiobook.spoken_numbers import money, numbers, times, with_period

__all__ = ["speech_text", "load_lexicon"]

MONTH_NAMES = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November",
    "Dec": "December",
}
TITLES = {
    "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Messrs": "Messieurs", "Prof": "Professor",
    "Capt": "Captain", "Col": "Colonel", "Gen": "General", "Lt": "Lieutenant", "Sgt": "Sergeant",
    "Rev": "Reverend", "Hon": "Honourable", "Gov": "Governor", "Mt": "Mount", "Fr": "Father",
    "Lieut": "Lieutenant", "Maj": "Major", "Adm": "Admiral", "Insp": "Inspector", "Supt": "Superintendent",
    "Sergt": "Sergeant", "Serjt": "Serjeant", "Cpl": "Corporal", "Pte": "Private",
}
# French titles in English books ("M. Poirot", "Mme. Defarge"): eSpeak reads "em", "em em ee"
FRENCH_TITLES = {"M": "Monsieur", "MM": "Messieurs", "Mme": "Madame", "Mmes": "Mesdames", "Mlle": "Mademoiselle",
                 "Mlles": "Mesdemoiselles"}
# Christian names shortened before a surname ("Wm. Lucas", "Chas. Dickens"), as old books print them
NAMES = {"Wm": "William", "Chas": "Charles", "Geo": "George", "Thos": "Thomas", "Jas": "James", "Jno": "John",
         "Robt": "Robert", "Richd": "Richard", "Edw": "Edward", "Benj": "Benjamin", "Saml": "Samuel",
         "Jos": "Joseph", "Alexr": "Alexander", "Wmson": "Williamson"}
# before a number: "pp. 12-15", "vol. ii", "ch. 3", "§ 4"
BEFORE_NUMBER = {"p": "page", "pp": "pages", "vol": "volume", "vols": "volumes", "ch": "chapter",
                 "chap": "chapter", "fig": "figure", "\u00a7": "section", "\u00a7\u00a7": "sections",
                 "\u00b6": "paragraph"}
TRAILING = {"etc": "et cetera", "Esq": "Esquire", "&c": "et cetera", "vs": "versus", "Jr": "Junior", "Sr": "Senior",
            "approx": "approximately", "viz": "namely", "cf": "compare",
            "inst": "instant", "ult": "ultimo", "prox": "proximo"}  # "your letter of the 4th inst."
# Cheap tests that let most segments skip a rule altogether.
_DIGIT = re.compile(r"\d")
_EMPHASIS_CHARS = re.compile(r"[_*<\[]")
_DASH_CHARS = re.compile(r"[—―–]|--| - ")
_QUOTE_CHARS = re.compile("[\"“”„‟«»‹›'‘’`]")
# Whether a segment has anything _abbreviations rewrites: a capital and the rest of a title,
# name or month before a stop or a name ("Mr.", "Mr Darcy", "Oct."; a class first, then the short
# alternatives, scans fast), or one of the rare lower-case and sign forms.
_ABBREVIATED_CAPS = re.compile(r"\b[A-Z](?:" + "|".join(sorted(
    {w[1:] for w in [*TITLES, *NAMES, *MONTH_NAMES, *FRENCH_TITLES, "Dr", "St", "Esq", "Jr", "Sr", "Sept"]} - {""},
    key=len, reverse=True)) + r")(?:\.|(?=\s+[A-Z" + _PARKED_CHARS + r"]))|\bM\.")
_ABBREVIATED_OTHER = re.compile(
    r"[&#\u00a7\u00b6]|\b(?:etc|vs|approx|viz|cf|inst|ult|prox|[eEiI]\.\s?[eEgG]\.|[Nn]os?\.\s*\d"
    r"|(?:[Pp]p?|[Vv]ols?|[Cc]hap|[Cc]h|[Ff]ig)\.\s*(?:\d|[ivxlcIVXLC]+\b))")
_TWO_CAPITALS = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\u017f][A-Z'À-ÖØ-Þ\u0100-\u017f]*[A-ZÀ-ÖØ-Þ\u0100-\u017f]")


def speech_text(text: str, lexicon: Mapping[str, str] | None = None, language: str = "en") -> str:
    """`language`: the book's ("en", "fr", ...).  In another language the rules
    that write English words (numbers, money, times, abbreviations, Roman
    numerals) are left out: eSpeak reads digits and "IV" in the voice's own
    language; that language's titles and common abbreviations before a name
    are written out ("M. Martin" -> "Monsieur Martin"), which eSpeak misreads."""
    parked: list[str] = []
    if lexicon:
        text = park_lexicon(text, lexicon, parked)
    if language == "en":
        for rule in _RULES:
            text = rule(text)
    else:
        if language in _OTHER_ABBREVIATIONS:
            text = _other_abbreviations(text, language)
        for rule in _ANY_LANGUAGE_RULES:
            text = rule(text)
    return unpark(text, parked) if parked else text


# Titles before a name, and a few abbreviations eSpeak reads letter by letter or as a
# sentence's end, in the languages language.py tells ("M." is "Monsieur", not "em" and a stop)
_OTHER_TITLES = {
    "fr": {"M.": "Monsieur", "MM.": "Messieurs", "Mme": "Madame", "Mme.": "Madame", "Mmes": "Mesdames",
           "Mlle": "Mademoiselle", "Mlle.": "Mademoiselle", "Mlles": "Mesdemoiselles", "Dr": "Docteur",
           "Dr.": "Docteur", "Mgr": "Monseigneur", "Mgr.": "Monseigneur"},
    "de": {"Dr.": "Doktor", "Hr.": "Herr", "Fr.": "Frau", "Prof.": "Professor", "St.": "Sankt"},
    "es": {"Sr.": "Señor", "Sra.": "Señora", "Srta.": "Señorita", "Dr.": "Doctor", "Dra.": "Doctora",
           "Dña.": "Doña"},
    "it": {"Sig.": "Signor", "Sig.ra": "Signora", "Sig.na": "Signorina", "Dott.": "Dottor", "Prof.": "Professor"},
    "nl": {"Dhr.": "De heer", "Mevr.": "Mevrouw", "Dr.": "Dokter"},
}
_OTHER_PHRASES = {
    "de": {"z. B.": "zum Beispiel", "z.B.": "zum Beispiel", "d. h.": "das heißt", "d.h.": "das heißt",
           "u. a.": "unter anderem", "usw.": "und so weiter", "bzw.": "beziehungsweise", "Nr.": "Nummer"},
    "es": {"Ud.": "usted", "Uds.": "ustedes"},
}
_OTHER_ABBREVIATIONS = {
    lang: (re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_OTHER_TITLES.get(lang, {}), key=len, reverse=True))
             + r")(?=\s+[^\W\d_])") if lang in _OTHER_TITLES else None,
           re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(_OTHER_PHRASES[lang], key=len, reverse=True))
             + r")(?!\w)") if lang in _OTHER_PHRASES else None)
    for lang in set(_OTHER_TITLES) | set(_OTHER_PHRASES)
}


def _other_abbreviations(text: str, language: str) -> str:
    titles, phrases = _OTHER_ABBREVIATIONS[language]
    if titles is not None:
        # a title only before a name: "M. Martin", not the initial of "J. M. Barrie"'s kind at a sentence end
        text = titles.sub(lambda m: _OTHER_TITLES[language][m.group(1)] if m.string[m.end():].lstrip()[:1].isupper()
                          else m.group(1), text)
    if phrases is not None:
        text = phrases.sub(lambda m: _OTHER_PHRASES[language][m.group(1)], text)
    if language == "de":
        text = german_dates(text)
    return text


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
# ... or a couple's second title ("Col. and Mrs. Campbell", "Dr. and Mrs. Hughes")
_NAME_OR_COUPLE_AHEAD = r"(?=\s+[A-Z" + _PARKED_CHARS + r"]|\s+(?:and|&)\s+(?:Mrs|Mr|Missus|Mister|Lady)\b)"
_TITLE = C(r"\b(" + "|".join(TITLES) + r")\.?" + _NAME_OR_COUPLE_AHEAD)
_TITLE_ALWAYS = C(r"\b(Mr|Mrs|Messrs)\.")
# not the middle initial of "J. M. Barrie", nor after "Mr."
_FRENCH_TITLE = C(r"\b(?=M)(?<![A-Z]\.\s)(?<!Mister\s)(?<!Missus\s)(M|MM|Mme|Mmes|Mlle|Mlles)\.?" + _NAME_AHEAD
                  + r"(?!\s+(?:The|A|An|He|She|It|I|We|They|You|This|That|There|Then|Why|What|When|Where|Who|How"
                  r"|But|And|Or|So|If|In|On|At|No|Yes|Not|My|His|Her|Our|Their|Its|As|Well|Oh)\b)")  # "the letter M. He"
_NAME_SHORT = C(r"\b(" + "|".join(NAMES) + r")\." + _NAME_AHEAD)
_NAME_SHORT_CHARS = C(r"(?:" + "|".join(NAMES) + r")\.")
_BEFORE_NUMBER_CHARS = C(r"[\u00a7\u00b6]|(?:[Pp]p?|[Vv]ols?|[Cc]hap|[Cc]h|[Ff]ig)\.")
_DOCTOR = C(r"\bDr\.?" + _NAME_OR_COUPLE_AHEAD)
_DRIVE = C(r"\b([A-Z][a-z]+) Dr\.")
_SAINT = C(r"\bSt\.(?=\s|$)")
_AND_COMPANY = C(r"&\s*Co\.?(?!\w)")
_BEFORE_NUMBER = C(r"(?:\b([Pp]p?|[Vv]ols?|[Cc]hap|[Cc]h|[Ff]ig)\.|(\u00a7\u00a7?|\u00b6))\s*(?:(?=\d)|([ivxlcIVXLC]+)\b)")


def _before_number(m: re.Match[str]) -> str:
    """pp. 12 -> pages 12; vol. ii, ch. I -> volume two, chapter one (here "I" is no pronoun)."""
    word = BEFORE_NUMBER[(m.group(1) or m.group(2)).lower()]
    if m.group(1) and m.group(1)[0].isupper():
        word = word.capitalize()
    roman = m.group(3)
    if not roman:
        return word + " "
    value = roman_value(roman.upper())
    return f"{word} {cardinal(value)}" if value else m.group(0)  # "ch. civil" is no numeral


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
    if not (_ABBREVIATED_CAPS.search(text) or _ABBREVIATED_OTHER.search(text)):
        return text
    text = _TITLE.sub(lambda m: TITLES[m.group(1)], text)
    text = _TITLE_ALWAYS.sub(lambda m: TITLES[m.group(1)], text)
    if "M" in text:
        text = _FRENCH_TITLE.sub(lambda m: FRENCH_TITLES[m.group(1)], text)
    if _NAME_SHORT_CHARS.search(text):
        text = _NAME_SHORT.sub(lambda m: NAMES[m.group(1)], text)
    text = _DOCTOR.sub("Doctor", text)
    text = _DRIVE.sub(lambda m: m.group(1) + " " + with_period("Drive", m), text)
    text = _SAINT.sub(_saint_or_street, text)
    text = _IE.sub("that is", _EG.sub("for example", text))
    text = _TRAILING.sub(lambda m: with_period(TRAILING[m.group(1)], m), text)
    text = _NUMBER_SIGN.sub(lambda m: "numbers " if (m.group(1) or "").lower() == "nos" else "number ", text)
    if _BEFORE_NUMBER_CHARS.search(text):
        text = _BEFORE_NUMBER.sub(_before_number, text)
    if "." in text and _DIGIT.search(text):
        text = _MONTH_BEFORE_DATE.sub(lambda m: MONTH_NAMES[m.group(1)], text)
        text = _MONTH_AFTER_DAY.sub(lambda m: m.group(1) + MONTH_NAMES[m.group(2)] + with_period("", m), text)
    if "&" not in text:
        return text
    text = _AND_COMPANY.sub(lambda m: with_period("and Company", m) if m.group().endswith(".") else "and Company",
                            text)
    return text.replace("&", " and ")


_PREV_WORD = C(r"([A-Za-z]+)\s+$")
_PREV_STARTS_SENTENCE = C(r"(^|[.!?\"“]\s*)[A-Za-z]+\s+$")
_CAPITAL_AHEAD = C(r"\s+[A-Z]")


def _saint_or_street(m: re.Match[str]) -> str:
    """St. Paul -> Saint Paul; Baker St. -> Baker Street (a name before, none after)."""
    before = m.string[max(0, m.start() - 40): m.start()]
    prev = _PREV_WORD.search(before)
    prev_is_name = bool(prev and prev.group(1)[0].isupper() and not _PREV_STARTS_SENTENCE.search(before))
    if prev_is_name and not _CAPITAL_AHEAD.match(m.string, m.end()):
        return with_period("Street", m)
    return "Saint"


_DOUBLE_QUOTES = C("[\"“”„‟«»‹›]")
# a letter of any alphabet counts as one, so that the apostrophes of C'était, l'été, José's stay
_OPENING_SINGLE = C(rf"(?i)(?<![^\W\d_])(?<![{_PARKED_CHARS}])'"
                    r"(?!(?:tis|twas|twere|twill|em|cause|til|till|n|round|cept|ere)\b)")
_CLOSING_SINGLE = C(r"(?<=[^\W\ds_])'(?![^\W\d_])")


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


_WORD = C(r"[^\W\d_](?:[^\W\d_]|')*")  # a letter of any alphabet: ÜBER is one word, not "Ü" and "BER"
_VOWEL = C(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ý]")
_CONSONANT_RUN = C(r"[B-DF-HJ-NP-TV-XZ]{3}")


# the two short words eSpeak spells in capitals ("IT" as "eye tee"), in a novel emphasis, not acronyms
_SPELT_WORDS = C(r"\bIT\b|(?<!\bthe )(?<!\bThe )(?<!\bTHE )\bUS\b")


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
    text = "".join(out)
    return _SPELT_WORDS.sub(lambda m: m.group().capitalize(), text) if "IT" in text or "US" in text else text


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


_RULES = [_characters, line_breaks, _emphasis, _abbreviations, roman_numerals, money, times, numbers,
          _elisions, _quotes, _sounds, _pauses, _markup, _capitals, _tidy]
_ANY_LANGUAGE_RULES = [r for r in _RULES
                       if r not in (_abbreviations, roman_numerals, money, times, numbers, _elisions, _sounds)]
