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

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from audiobook.errors import CastError
from audiobook.numwords import cardinal, number, ordinal, plural, roman_value, year

# Lexicon replacements are parked on private-use characters (not \w, not digits)
# while the other rules run, so no rule can touch them.
_PARK = 0xF0000
_PARKED_CHARS = "\U000f0000-\U000ffffd"
_PARKED = re.compile(f"[{_PARKED_CHARS}]")

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
TRAILING = {"etc": "et cetera", "&c": "et cetera", "vs": "versus", "Jr": "Junior", "Sr": "Senior",
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
_PAUSE_CHARS = re.compile(r"\.\.|[—―–()]|--|\s-\s")
_QUOTE_CHARS = re.compile("[\"“”„‟«»‹›'‘’`]")
_ABBREVIATED = re.compile(
    r"\b(?:" + "|".join(list(TITLES) + ["Dr", "St", "etc", "vs", "Jr", "Sr", "approx", "viz", "cf"]) + r")\b"
    r"|&|#\d|\b[eEiI]\.\s?[eEgG]\.|\b[Nn]os?\.\s*\d"
)
_HEADING = re.compile(rf"(?i:\b({HEADING_WORDS}\s+))([IVXLCDM]+|[ivxlcdm]+)\b(?!')")
_HEADING_PLAIN = [w.strip("\\.") for w in HEADING_WORDS[3:-1].split("|")]
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z']*[A-Z]")
_SENTENCE_GOES_ON = re.compile(r"\s*[a-z0-9,;:]")


def speech_text(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    parked: list[str] = []
    if lexicon:
        text = _park_lexicon(text, lexicon, parked)
    for rule in _RULES:
        text = rule(text)
    if parked:
        text = _PARKED.sub(lambda m: parked[ord(m.group()) - _PARK], text)
    return text


# --- lexicon -------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _lexicon_pattern(keys: frozenset[str]) -> re.Pattern[str] | None:
    words = sorted((k for k in keys if k.strip()), key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def _park_lexicon(text: str, lexicon: Mapping[str, str], parked: list[str]) -> str:
    lowered = {k.lower(): v for k, v in lexicon.items()}
    pattern = _lexicon_pattern(frozenset(lowered))
    if pattern is None:
        return text

    def park(m: re.Match[str]) -> str:
        parked.append(lowered[m.group().lower()])
        return chr(_PARK + len(parked) - 1)

    return pattern.sub(park, text)


def load_lexicon(path: Path) -> dict[str, str]:
    """The ``[lexicon]`` table of a TOML file: word -> respelling or [[phonemes]]."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CastError(path, None, None, f"cannot read the lexicon file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise CastError(path, None, None, "the lexicon file is not UTF-8 text; save it as UTF-8") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise CastError(path, int(line.group(1)) if line else None, None, f"invalid TOML: {exc}") from None
    table = data.get("lexicon", {})
    if not isinstance(table, dict):
        raise CastError(path, _line_of(raw, "lexicon"), "lexicon", "must be a table: [lexicon] with word = \"spoken form\" lines")
    out: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise CastError(path, _line_of(raw, key), key, 'the spoken form must be a non-empty string, e.g. Hermione = "her-MY-oh-nee"')
        if not key.strip() or not re.search(r"\w", key):
            raise CastError(path, _line_of(raw, key), key, "the word to replace must contain letters or digits")
        if value.strip().startswith("[[") != value.strip().endswith("]]"):
            raise CastError(path, _line_of(raw, key), key, "eSpeak phonemes must be wrapped in [[ and ]], e.g. \"[[h@l'oU]]\"")
        out[key] = value.strip()
    return out


def _line_of(raw: str, key: str) -> int | None:
    for n, line in enumerate(raw.splitlines(), 1):
        stripped = line.strip().strip('"\'')
        if stripped.startswith(key) or line.strip().startswith(f"[{key}]"):
            return n
    return None


# --- rules, in order -----------------------------------------------------------


def _characters(text: str) -> str:
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    return text.replace("\u2212", "-").replace("\u2026", "...")


def _emphasis(text: str) -> str:
    if not _EMPHASIS_CHARS.search(text):
        return text
    # _italics_ and *emphasis* markers (Gutenberg, Markdown); "* * *" breaks go too.
    text = re.sub(r"(?<![\w])[_*]+(?=[\w\"'“‘(])|(?<=[\w.,!?;:\"'”’)])[_*]+(?!\w)", "", text)
    text = re.sub(r"(?:\s*\*){2,}\s*", " ", text)
    text = re.sub(r"</?[A-Za-z][^<>]{0,200}>", " ", text)  # stray HTML tags
    return re.sub(r"\[(?:\d{1,3}|[*†‡§])\]", "", text)  # [1] footnote markers


def _abbreviations(text: str) -> str:
    if not _ABBREVIATED.search(text):
        return text
    def title(m):
        return TITLES[m.group(1)]

    text = re.sub(r"\b(" + "|".join(TITLES) + r")\.?(?=\s+[A-Z\U000f0000-\U000ffffd])", title, text)
    text = re.sub(r"\b(Mr|Mrs|Messrs)\.", title, text)
    text = re.sub(r"\bDr\.?(?=\s+[A-Z\U000f0000-\U000ffffd])", "Doctor", text)
    text = re.sub(r"(?<=[A-Z][a-z]) Dr\.", " Drive.", text)
    text = re.sub(r"\bSt\.(?=\s)", _saint_or_street, text)
    text = re.sub(r"\b[eE]\.\s?g\.", "for example", text)
    text = re.sub(r"\b[iI]\.\s?e\.", "that is", text)
    text = re.sub(r"(?<!\w)(" + "|".join(re.escape(k) for k in TRAILING) + r")\.", _trailing, text)
    text = re.sub(r"\b(No|no|Nos|nos)\.(?=\s*\d)", lambda m: "numbers" if m.group(1).lower() == "nos" else "number", text)
    text = re.sub(r"#(?=\d)", "number ", text)
    return text.replace("&", " and ")


def _saint_or_street(m: re.Match[str]) -> str:
    before, after = m.string[: m.start()], m.string[m.end():]
    prev = re.search(r"([A-Za-z]+)\s+$", before)
    prev_is_name = bool(prev and prev.group(1)[0].isupper() and not re.search(r"(^|[.!?\"“]\s*)[A-Za-z]+\s+$", before))
    next_is_name = bool(re.match(r"\s+[A-Z]", after))
    if prev_is_name and not (next_is_name and re.match(r"\s+[A-Z][a-z]+\s+[a-z]", after) is None):
        return "Street" + ("." if not _SENTENCE_GOES_ON.match(after) else "")
    return "Saint" if next_is_name or not prev_is_name else "Street"


def _trailing(m: re.Match[str]) -> str:
    words = TRAILING[m.group(1)]
    after = m.string[m.end():]
    # The abbreviation's period may also end the sentence.
    return words + ("" if _SENTENCE_GOES_ON.match(after) else ".")


def _roman(text: str) -> str:
    def heading(m: re.Match[str]) -> str:
        value = roman_value(m.group(2))
        if value is None:
            return m.group()
        if m.group(2).lower() == "i" and (m.group(1).islower() or re.match(r"\s+[a-z]", m.string[m.end():])):
            return m.group()  # "the book I read": the pronoun, not a numeral
        word = cardinal(value)
        return m.group(1) + (word.capitalize() if m.group(2)[0].isupper() else word)

    # "Chapter IV", "CHAPTER I.", "Book ii" (lower case only after a heading word).
    lowered = text.lower()
    if any(word in lowered for word in _HEADING_PLAIN):
        text = _HEADING.sub(heading, text)

    def regnal(m: re.Match[str]) -> str:
        name, numeral = m.group(1), m.group(2)
        value = roman_value(numeral)
        if name.lower() not in REGNAL or value is None:
            return m.group()
        if numeral == "I" and re.match(r"\s+[a-z]", m.string[m.end():]):
            return m.group()  # "Then Henry I went": too close to the pronoun to risk it
        return f"{name} the {ordinal(value).capitalize()}"

    text = re.sub(r"\b([A-Z][a-z]+) ([IVXL]+)\b(?!')", regnal, text)

    # A line that is only a numeral ("IV." as a section heading); never "I".
    def alone(m: re.Match[str]) -> str:
        value = roman_value(m.group(2))
        return m.group(1) + cardinal(value).capitalize() + m.group(3) if value and m.group(2) != "I" else m.group()

    return re.sub(r"(?m)^(\s*)([IVXLCDM]{1,8})(\.?\s*)$", alone, text)


def _money(text: str) -> str:
    if not _DIGIT.search(text):
        return text
    def money(m: re.Match[str]) -> str:
        one, many, cent, cents = CURRENCY[m.group(1)]
        whole, frac, scale = m.group(2), m.group(3), m.group(4)
        if scale:
            return f"{number(whole + ('.' + frac if frac else ''))} {scale} {many}"
        n = int(whole.replace(",", ""))
        out = f"{number(whole)} {one if n == 1 else many}"
        if frac:
            c = int(frac.ljust(2, "0"))
            if c:
                centword = f"{cardinal(c)} {cent if c == 1 else cents}"
                out = centword if n == 0 else f"{out} and {centword}"
        return out

    text = re.sub(rf"([$£€¥])\s?({NUM})(?:\.(\d{{1,2}}))?(?!\d)(?:\s+(thousand|million|billion|trillion)\b)?", money, text)
    text = re.sub(r"\b(\d+)s\.\s?(\d+)d\.", lambda m: f"{number(m.group(1))} shillings and {number(m.group(2))} pence", text)
    return re.sub(r"(\d+(?:\.\d+)?)\s?%", lambda m: number(m.group(1)) + " percent", text)


def _times(text: str) -> str:
    if not _DIGIT.search(text):
        return text
    ampm = r"(?:\s?([ap])\.\s?m\.|\s?([AaPp])[Mm]\b)"

    def clock(m: re.Match[str]) -> str:
        hour, minute = int(m.group(1)), m.group(2)
        letter = m.group(3) or m.group(4)
        words = cardinal(hour)
        if minute and minute != "00":
            words += " " + ("oh " + cardinal(int(minute)) if minute.startswith("0") else cardinal(int(minute)))
        elif not letter:
            words += " o'clock"
        if letter:
            words += f" {letter.upper()} M"
            if m.group().endswith(".") and not _SENTENCE_GOES_ON.match(m.string[m.end():]):
                words += "."
        return words

    text = re.sub(rf"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:]){ampm}?", clock, text)
    return re.sub(rf"(?<![\d:.,])(1[0-2]|0?[1-9])(){ampm}", clock, text)


def _numbers(text: str) -> str:
    if not _NUMBERISH.search(text):
        return text
    for written, words in FRACTIONS.items():
        text = re.sub(rf"(?<![\d/]){re.escape(written)}(?![\d/])", words, text)
    text = re.sub(r"(?<![\w,.])(\d+)(?:(?i:st|nd|rd|th)|(?<=[23])d)\b", lambda m: ordinal(int(m.group(1))), text)
    text = re.sub(r"(?<![\d,.])(1[1-9]\d0|20\d0)'?s\b", lambda m: plural(year(int(m.group(1)))), text)
    text = re.sub(r"(?<!\w)['’]([1-9]0)s\b", lambda m: plural(cardinal(int(m.group(1)))), text)
    text = re.sub(rf"(?<![\d,.])({NUM})\s?[–-]\s?({NUM})(?![\d,]|\.\d)",
                  lambda m: f"{_count(m, 1)} to {_count(m, 2)}", text)
    text = re.sub(rf"(?<![\w.,])-(?=\d)", "minus ", text)
    return re.sub(rf"(?<![\w,.])({NUM})(\.\d+)?(?!\w)", lambda m: _count(m, 1, m.group(2) or ""), text)


def _count(m: re.Match[str], group: int, frac: str = "") -> str:
    """A number, read as a year where it looks like one."""
    s = m.group(group)
    if not frac and "," not in s and len(s) == 4 and not s.startswith("0"):
        n = int(s)
        before = m.string[max(0, m.start(group) - 30): m.start(group)]
        cue = re.search(r"([\w.]+)\W*$", before)
        after = m.string[m.end(group): m.end(group) + 6]
        by_context = (cue and cue.group(1).lower() in YEAR_CUES) or re.search(MONTHS + r"\s*\d{0,2}\w*,?\s*$", before) \
            or re.match(r"\s?(AD|BC|BCE|CE|A\.D\.|B\.C\.)", after) or m.group(0) != s
        if 1100 <= n <= 1999 or (by_context and 1000 <= n <= 2099):
            return year(n)
    return number(s + frac)


def _quotes(text: str) -> str:
    if not _QUOTE_CHARS.search(text):
        return text
    text = re.sub("[\"“”„‟«»‹›]", " ", text)
    text = text.replace("‘", "'").replace("’", "'").replace("`", "'")
    # Keep apostrophes inside words (don't, o'clock) and in elisions ('tis, dogs'); drop quote marks.
    text = re.sub(rf"(?<![A-Za-z{_PARKED_CHARS}])'(?!(?:tis|twas|twere|twill|em|cause|til|till|n|round|cept|ere)\b)", " ", text, flags=re.I)
    return re.sub(r"(?<=[A-Za-rt-z])'(?![A-Za-z])", " ", text)


def _pauses(text: str) -> str:
    if not _PAUSE_CHARS.search(text):
        return text
    def ellipsis(m: re.Match[str]) -> str:
        after = m.string[m.end():]
        return ". " if re.match(r"\s*($|[A-Z][a-zA-Z])", after) else ", "

    text = re.sub(r"\s*(?:\.\s?){2}\.+", ellipsis, text)
    text = re.sub(r"\s*(?:—|―|--+|–|\s-\s)\s*", ", ", text)
    text = text.replace("(", ", ").replace(")", ", ")
    return text


def _markup(text: str) -> str:
    return re.sub(r"[<>{}\[\]|\\^~#*_=]+", " ", text)


_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def _capitals(text: str) -> str:
    if not _TWO_CAPITALS.search(text):
        return text
    words = list(_CAPS_WORD.finditer(text))

    def is_caps(m: re.Match[str] | None) -> bool:
        return bool(m) and len(m.group().replace("'", "")) >= 2 and m.group().isupper()

    out, last = [], 0
    for i, m in enumerate(words):
        word = m.group()
        if not is_caps(m):
            continue
        in_run = is_caps(words[i - 1] if i else None) or is_caps(words[i + 1] if i + 1 < len(words) else None)
        has_vowel = bool(re.search(r"[AEIOUY]", word))
        roman = roman_value(word) is not None and len(word) <= 4
        if has_vowel and not roman and (in_run or len(word) >= 4):
            out.append(text[last:m.start()] + word.capitalize())
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]", " ", text)
    text = re.sub(r" +(?=[,.;:!?])", "", text)
    text = re.sub(r"([,;:])(?:[ ,;:]*,)+", r"\1", text)  # ", ," -> ","
    text = re.sub(r"[,;:]+\s*([.!?])", r"\1", text)  # ",." -> "."
    text = re.sub(r"([.!?])\s*,+", r"\1", text)  # ".," -> "."
    text = re.sub(r"^[\s,;:.]+", "", text)
    text = re.sub(r"(?<=[,;:])(?=\w)", " ", text)
    return text.strip().rstrip(",;:").rstrip()


_RULES = [_characters, _emphasis, _abbreviations, _roman, _money, _times, _numbers,
          _quotes, _pauses, _markup, _capitals, _tidy]
