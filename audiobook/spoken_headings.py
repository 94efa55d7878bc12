"""Headings and verse in the spoken text: Roman numerals read as numbers in headings
("Chapter IV", "II. THE BRIDGE", a line that is only "IV.") and regnal names ("Henry
VIII"), never the pronoun "I"; and line breaks the book means (verse, a heading on two
lines) marked as pauses, while hard-wrapped prose lines are not.

These are rules of ``audiobook.normalize.speech_text`` (``line_breaks``, ``roman_numerals``).
"""
from __future__ import annotations

import re

from audiobook.numwords import cardinal, ordinal, roman_value

__all__ = ["line_breaks", "roman_numerals"]

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
_HEADING = re.compile(rf"(?i:\b({HEADING_WORDS}\s+))([IVXLCDM]+|[ivxlcdm]+)\b(?!')")
# Cheap test that lets most segments skip the heading rule altogether.
_HEADING_PLAIN = [w.strip("\\.") for w in HEADING_WORDS[3:-1].split("|")]
# Patterns are compiled once: a novel has tens of thousands of segments.
C = re.compile


# A line break the book means (verse, a heading set on two lines: "Chapter One<br/>The
# Orchard Gate") is a pause; a hard-wrapped line of prose is not.  speech_text joins all
# lines at the end (normalize._tidy), so a meant break gets a comma when its line has no
# punctuation of its own, and a stop after a heading's label ("Chapter One", "PART I", "Book
# the First", "IV").  Meant: no line but the last is as long as a wrapped one; the next line
# opens on a capital; the line doesn't end on a word that can't end a phrase ("the", "of",
# "Mr"); and there are three lines or more (a stanza, an address), or two of which the first
# is a heading's label.  Two short lines of prose ("said\nAlice", "Good\nHeaven!") or a
# heading wrapped in a text file ("In Which Pooh Goes Hunting\nAnd Nearly Catches A Woozle")
# stay run together.
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


def line_breaks(text: str) -> str:
    """Mark the line breaks the book means with a comma or a stop (rules above)."""
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


def roman_numerals(text: str) -> str:
    """Roman numerals as numbers in headings, numbered title lines and regnal names."""
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
    if len(m.group(2)) == 1 and m.group(1).strip() == "letter":
        return m.group()  # "the letter M": the letter itself ("Letter L." heads the fiftieth)
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
    line ("I.<br/>The Mill") or as a paragraph "I." of its own set off by a blank line (the
    first of a book's numbered headings), never alone otherwise (the pronoun)."""
    value = roman_value(m.group(2))
    if not value:
        return m.group()
    if m.group(2) == "I" and not (m.string.strip() == "I." and m.group(3).count("\n") >= 2):
        title = _NEXT_LINE.match(m.string, m.end())
        if not (title and _title_like(title.group(1)) and len(_TITLE_TOKEN.findall(title.group(1))) >= 2):
            return m.group()
    return m.group(1) + cardinal(value).capitalize() + m.group(3)
