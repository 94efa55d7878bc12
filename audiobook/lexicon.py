"""The pronunciation lexicon: word -> respelling or [[eSpeak phonemes]].

``speech_text`` parks each lexicon match on a private-use character (not a
word character, not a digit) before its other rules run, and puts the value
back at the end, so no rule can touch a respelling or phonemes.
"""
from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from audiobook.errors import CastError

_PARK = 0xF0000
PARKED_CHARS = "\U000f0000-\U000ffffd"
_PARKED = re.compile(f"[{PARKED_CHARS}]")


@functools.lru_cache(maxsize=32)
def _lexicon_pattern(keys: frozenset[str]) -> re.Pattern[str] | None:
    words = sorted((k for k in keys if k.strip()), key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)(" + alternatives + r")(['’]s)?(?!\w)", re.IGNORECASE)


def park_lexicon(text: str, lexicon: Mapping[str, str], parked: list[str]) -> str:
    """Each lexicon word of ``text`` parked (replaced by a placeholder for its
    respelling).  A key in lower case matches the word in any case ("bath",
    "Bath"); a key with a capital matches only as written or in capitals, so a
    name that is also a word respells the name alone ("Will", not "will")."""
    any_case = {k.lower(): v for k, v in lexicon.items() if k == k.lower()}
    as_written = {k: v for k, v in lexicon.items() if k != k.lower()}
    in_capitals = {k.upper(): v for k, v in as_written.items()}
    pattern = _lexicon_pattern(frozenset(k.lower() for k in lexicon))
    if pattern is None:
        return text

    def park(m: re.Match[str]) -> str:
        word = m.group(1)
        value = as_written.get(word) or any_case.get(word.lower()) or (in_capitals.get(word) if word.isupper() else None)
        if value is None:  # "will" beside the key "Will"
            return m.group(0)
        possessive = m.group(2)
        if possessive and value.startswith("[[") and value.endswith("]]"):
            # eSpeak would spell a bare "'s" after phonemes: say it inside them.
            value, possessive = value[:-2] + _possessive_phoneme(value[2:-2]) + "]]", ""
        parked.append(value)
        return chr(_PARK + len(parked) - 1) + (possessive or "")

    return pattern.sub(park, text)


def _possessive_phoneme(phonemes: str) -> str:
    last = phonemes.rstrip("#:;,'_ ")[-1:]
    if last in ("s", "z", "S", "Z"):
        return "Iz"
    return "s" if last in ("p", "t", "k", "f", "T") else "z"


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



def unpark(text: str, parked: list[str]) -> str:
    return _PARKED.sub(lambda m: parked[ord(m.group()) - _PARK], text)
