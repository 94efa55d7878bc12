"""The pronunciation lexicon: word -> respelling or [[eSpeak phonemes]].

``speech_text`` parks each lexicon match on a private-use character (not a
word character, not a digit) before its other rules run, and puts the value
back at the end, so no rule can touch a respelling or phonemes.
"""
from __future__ import annotations

import functools
import json
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


BUILTIN_LEXICON = Path(__file__).resolve().parent / "data" / "lexicon.toml"
SHARED_LEXICON = Path("voices") / "lexicon.toml"  # in the current folder, for all the user's books
EXAMPLE = '"Caucus" = "cork us"'
FORMAT = (f"write respellings only, one a line, like {EXAMPLE} (or eSpeak phonemes in [[...]]), "
          "with or without a [lexicon] line above them")


def speech_lexicon(cast=None, shared: Path | None = None, english: bool = True) -> dict[str, str]:
    """The lexicon a book is read with: the built-in one (shipped in the
    package), then the user's ``voices/lexicon.toml`` in the current folder
    (``shared``), then the casting file's ``[lexicon]`` (``cast.lexicon``).

    Later ones win: an entry replaces an earlier entry for the same key, and
    a lower-case entry (which matches any case) also an earlier one for the
    same word in another case ("goethe" in voices/lexicon.toml replaces the
    built-in "Goethe").  ``audiobook build`` and ``audiobook preview`` both
    read text with this lexicon."""
    shared = SHARED_LEXICON if shared is None else Path(shared)
    layers = [load_lexicon(BUILTIN_LEXICON)] if english else []  # English respellings: no use to a French voice
    if shared.exists():
        layers.append(load_lexicon(shared))
    if cast is not None and cast.lexicon:
        layers.append(dict(cast.lexicon))
    return merge_lexicons(*layers)


def merge_lexicons(*layers: Mapping[str, str]) -> dict[str, str]:
    """The layers merged, later ones winning (see ``speech_lexicon``)."""
    merged: dict[str, str] = {}
    for layer in layers:
        any_case = {k.lower() for k in layer if k == k.lower()}
        if any_case:
            merged = {k: v for k, v in merged.items() if k.lower() not in any_case}
        merged.update(layer)
    return merged


def load_lexicon(path: Path) -> dict[str, str]:
    """The respellings of a lexicon file: word -> respelling or [[phonemes]].

    Either format: ``word = "spoken form"`` lines on their own (the shared
    ``voices/lexicon.toml``), or under a ``[lexicon]`` line (the built-in file,
    a casting file's table); both in one file are read together.  Anything
    else (another table, a number, a dotted key) is a CastError naming the
    file, the line and the key, and saying what to write."""
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
        advice = ("a word given twice; keep one of its lines" if "overwrite" in str(exc).lower() else
                  f"write each respelling as \"word\" = \"spoken form\", both in double quotes, e.g. {EXAMPLE}")
        raise CastError(path, int(line.group(1)) if line else None, None, f"invalid TOML: {exc}; {advice}") from None
    lines = _line_index(raw)
    out: dict[str, str] = {}
    first: dict[str, int | None] = {}

    def fail(where: tuple[str, ...], key: str, problem: str):
        raise CastError(path, _line_near(lines, where), key, problem)

    def add(table: tuple[str, ...], key: str, value) -> None:
        where = table + (key,)
        if isinstance(value, dict):
            line = lines.get(where)
            if line is not None and line[1] is None:  # a [header]
                fail(where, ".".join(where), _not_a_lexicon_table(where))
            shown = line[1] if line is not None else ".".join(where)
            fail(where, shown, f"a word with a dot must be written in double quotes, e.g. "
                 f"{_toml_str(shown)} = \"spoken form\" (unquoted, the dot makes a table)")
        problem = entry_problem(key, value)
        if problem:
            fail(where, key, problem)
        if key in out:
            again = _line_near(lines, where)
            before = f" (first on line {first[key]})" if first[key] else ""
            raise CastError(path, again, key, f"this word is given twice{before}; keep one of the two lines")
        out[key] = value.strip()
        first[key] = _line_near(lines, where)

    for key, value in data.items():
        if key == "lexicon":
            if not isinstance(value, dict):
                fail(("lexicon",), "lexicon", f"must be a table: write [lexicon] on a line of its own, then lines like "
                     f"{EXAMPLE} under it (or leave the [lexicon] line out altogether)")
            continue
        add((), key, value)
    for key, value in data.get("lexicon", {}).items():
        add(("lexicon",), key, value)
    return out


def entry_problem(word: str, spoken) -> str | None:
    """What is wrong with the lexicon entry ``word = spoken`` (a string to
    respell it as, or [[eSpeak phonemes]]), or None; the same rules for the
    shared voices/lexicon.toml and a casting file's [lexicon]."""
    if not isinstance(spoken, str) or not spoken.strip():
        return f'the spoken form must be a non-empty string in quotes, e.g. {EXAMPLE}'
    if not word.strip() or not re.search(r"\w", word):
        return "the word to replace must contain letters or digits"
    if spoken.strip().startswith("[[") != spoken.strip().endswith("]]"):
        return "eSpeak phonemes must be wrapped in [[ and ]], e.g. \"[[h@l'oU]]\""
    return None


def _not_a_lexicon_table(where: tuple[str, ...]) -> str:
    header = "[" + ".".join(where) + "]"
    if where[0] == "lexicon":
        return f"{header}: a lexicon has no sub-tables; write its lines under [lexicon] itself"
    if where[0].lower() == "lexicon":
        return f"{header} is not a lexicon table: write [lexicon], in lower case, or no header at all"
    return f"{header} has no place in a lexicon file: {FORMAT} (voices and characters go in the casting file)"


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_KEY_PART = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-]+)'
_HEADER = re.compile(r"^\s*\[\[?\s*(" + _KEY_PART + r"(?:\s*\.\s*" + _KEY_PART + r")*)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^\s*(" + _KEY_PART + r"(?:\s*\.\s*" + _KEY_PART + r")*)\s*=")


def _line_index(raw: str) -> dict[tuple[str, ...], tuple[int, str | None]]:
    """(table..., key...) -> (line number, the key as written, or None for a
    [header]), by a plain scan of the TOML text (tomllib gives no positions).
    Each prefix of a dotted key is indexed too."""
    index: dict[tuple[str, ...], tuple[int, str | None]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(raw.splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            table = tuple(_key_parts(m.group(1)))
            for n in range(1, len(table) + 1):
                index.setdefault(table[:n], (number, None))
            continue
        m = _KEY_LINE.match(line)
        if m:
            parts = _key_parts(m.group(1))
            for n in range(1, len(parts) + 1):
                index.setdefault(table + tuple(parts[:n]), (number, m.group(1).strip()))
    return index


def _line_near(index: dict[tuple[str, ...], tuple[int, str | None]], where: tuple[str, ...]) -> int | None:
    for n in range(len(where), 0, -1):
        if where[:n] in index:
            return index[where[:n]][0]
    return None


def _key_parts(key: str) -> list[str]:
    parts = re.findall(_KEY_PART, key)
    out = []
    for part in parts:
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        out.append(part)
    return out


def unpark(text: str, parked: list[str]) -> str:
    return _PARKED.sub(lambda m: parked[ord(m.group()) - _PARK], text)
