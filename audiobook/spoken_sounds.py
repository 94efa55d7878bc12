"""Sounds a novel writes that eSpeak would spell out, written as they are said.

Rules of ``audiobook.normalize.speech_text`` for English books: dialect
elisions (``elisions``, before the quote marks go, while the apostrophes still
show them) and stammers and consonant interjections (``sounds``, after).
"""
from __future__ import annotations

import re

__all__ = ["elisions", "sounds"]

C = re.compile

# Dialect elisions eSpeak spells or misreads once the apostrophe is gone ("th' bed" as
# "tee aitch bed", "t'other" as "tee other", "m'm" as "em em"): the words meant.
_ELISIONS = [
    (C(r"(?<![\w'’])([Tt])h['’](?=\s)"), lambda m: "the" if m.group(1) == "t" else "The"),
    (C(r"(?<![\w'’])([Tt])['’](?=other\b)"), lambda m: "the " if m.group(1) == "t" else "The "),
    (C(r"(?<![\w'’])([Tt])['’](?=\s+[a-z])"), lambda m: "to" if m.group(1) == "t" else "To"),
    (C(r"(?<![\w'’])([Mm])['’]m(?![\w'’])"), lambda m: "mum" if m.group(1) == "m" else "Mum"),
]
_ELISION_CHARS = C(r"\b[TtMm]h?['’]")


def elisions(text: str) -> str:
    if not _ELISION_CHARS.search(text):
        return text
    for pattern, replacement in _ELISIONS:
        text = pattern.sub(replacement, text)
    return text


# Stammers and consonant interjections, which eSpeak spells out letter by letter ("B-b-but" as
# "bee bee but", "Sh-h-h" as "aitch aitch", "Hm" as "aitch em"): said as sounds instead.
# (a word of those consonants alone, or one before a hyphen: not "she", "shall", "Mmm" in a name)
_SOUND_WORD = C(r"\b[SsHhMm](?:[SsHh]*[Hh]|['’]?[Mm]+|mph)(?![\w'’])")  # a class first: scans fast
_STAMMER = C(r"(?<![\w'’-])((?:[^\W\d_]{1,3}-){1,5})([^\W\d_]{2,})(?![\w'’-])")
_HUSH = C(r"(?i)(?<![\w'’-])(?:s*sh+(?:-+h+)+|s+h+|sh+(?:-sh+)*)(?![\w'’-])")
_HUM = C(r"(?<![\w'’-])(?:[Hh]['’]?m+(?:-+m+)*|[Mm]m+)(?![\w'’-])")  # not "MM." (Messieurs)
_HMPH = C(r"(?i)(?<![\w'’-])hmph(?![\w'’-])")
_MM_HM = C(r"(?i)(?<![\w'’-])m+-h?m+(?![\w'’-])")
_VOWELS = frozenset("aeiouyAEIOUY")


def _stammer(m: re.Match[str]) -> str:
    """"B-b-but" -> "Buh, buh, but"; "Wh-what" -> "Whuh, what".  Only fragments that begin the
    word, and some without a vowel or more than one ("re-read" and "co-op" are words)."""
    fragments, word = m.group(1).split("-")[:-1], m.group(2)
    if not all(word.lower().startswith(f.lower()) and len(f) < len(word) for f in fragments):
        return m.group(0)
    if len(fragments) == 1 and _VOWELS.intersection(fragments[0]):
        return m.group(0)
    said = [f if _VOWELS.intersection(f) else f + "uh" for f in fragments]
    return ", ".join(said + [word])


def sounds(text: str) -> str:
    if "-" in text:
        text = _STAMMER.sub(_stammer, text)
        text = _MM_HM.sub(lambda m: "Uh-huh" if m.group()[0].isupper() else "uh-huh", text)
    if not _SOUND_WORD.search(text):
        return text
    text = _HUSH.sub(lambda m: "Shush" if m.group()[0].isupper() else "shush", text)
    text = _HMPH.sub(lambda m: "Humph" if m.group()[0].isupper() else "humph", text)
    return _HUM.sub(lambda m: "Hmm" if m.group()[0].isupper() else "hmm", text)
