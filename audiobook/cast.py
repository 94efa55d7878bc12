"""Cast stage: the casting file (TOML) <-> Cast, validation (automatic casting: auto_cast.py).

A casting file is data, never code.  Every problem is reported with the file,
the line and the key, so a user can fix it without a traceback.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .auto_cast import DEFAULT_NARRATOR, complete_cast
from .engines.registry import SpeakerIdError
from .errors import CastError, UserError
from .fixes import add_owner, quoted, speaker_named
from .lexicon import entry_problem
from .model import Cast, CastMember, Character, Script, VoiceProfile
from .quote_keys import ID_EXAMPLE, parse_key

# Allowed keys and value checks, shared by the narrator and every character.
PROFILE_KEYS = {"engine", "voice", "rate", "pitch", "volume", "speaker_id"}
CHARACTER_KEYS = PROFILE_KEYS | {"aliases", "gender", "lines"}
TOP_KEYS = {"narrator", "characters", "lexicon", "fixes"}
GENDERS = {"male", "female", "unknown"}
RATE_RANGE = (80, 450)  # words per minute: below is unintelligibly slow, above eSpeak garbles
PITCH_RANGE = (0, 100)
VOLUME_RANGE = (0.0, 2.0)


# Voice checker: raises UserError with a message listing the valid voices.
VoiceCheck = Callable[[VoiceProfile], None]


def _line_index(text: str) -> dict[tuple[str, ...], int]:
    """Map (table..., key) -> line number, by a plain scan of the TOML text.

    tomllib gives no positions; this scan understands the subset a casting
    file uses (table headers and `key = value` lines), which is enough to
    point the user at the right line.
    """
    index: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    header = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")  # [table], or [[array]]
    part = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-]+)'
    keyline = re.compile(rf'^\s*({part}(?:\s*\.\s*{part})*)\s*=')  # key = or dotted.key =
    for number, line in enumerate(text.splitlines(), 1):
        m = header.match(line)
        if m:
            table = tuple(_split_dotted(m.group(1)))
            index.setdefault(table, number)
            continue
        m = keyline.match(line)
        if m:
            parts = _split_dotted(m.group(1))
            for n in range(1, len(parts) + 1):
                index.setdefault(table + tuple(parts[:n]), number)
    return index


def _split_dotted(key: str) -> list[str]:
    parts = re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^.\s]+', key)
    return [_unquote(p) for p in parts]


def _unquote(part: str) -> str:
    if part.startswith('"'):
        try:
            return json.loads(part)
        except ValueError:
            return part.strip('"')
    return part.strip("'")


ENGINES = ("espeak", "piper")


def _engine_knowing(profile: VoiceProfile, check_voice: VoiceCheck) -> str:
    for engine in dict.fromkeys((profile.engine, *ENGINES)):
        try:
            check_voice(replace(profile, engine=engine))
            return engine
        except SpeakerIdError:
            return engine  # its voice, with a speaker_id it has not: the check that follows says so
        except UserError:
            continue
    return profile.engine  # nobody knows it: the check that follows says so


class _Checker:
    """Validates parsed TOML, raising CastError with file, line and key."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = _line_index(text)

    def fail(self, where: tuple[str, ...], problem: str):
        raise self.error(where, problem)

    def error(self, where: tuple[str, ...], problem: str) -> CastError:
        line = None
        for n in range(len(where), 0, -1):
            line = self.lines.get(where[:n])
            if line:
                break
        return CastError(self.path, line, ".".join(where) if where else None, problem)

    def number(self, where, value, low, high, integer: bool):
        kinds = (int,) if integer else (int, float)
        if integer and isinstance(value, float) and value.is_integer():
            value = int(value)  # "rate = 175.0" means 175
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.fail(where, f"must be {'a whole number' if integer else 'a number'}, got {value!r}")
        if not low <= value <= high:
            self.fail(where, f"{value} is out of range: use {low} to {high}")
        return value

    def string(self, where, value):
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"must be a non-empty string, got {value!r}")
        return value

    def profile(self, where, table: dict, base: VoiceProfile, check_voice: VoiceCheck | None) -> VoiceProfile:
        fields = {}
        if "engine" in table:
            fields["engine"] = self.string(where + ("engine",), table["engine"])
            if fields["engine"] not in ENGINES:
                self.fail(where + ("engine",), f"unknown speech engine '{fields['engine']}': use one of "
                          f"{', '.join(ENGINES)}")
        if "voice" in table:  # " en-us+f3" is en-us+f3: the same audio, not synthesized anew
            fields["voice"] = self.string(where + ("voice",), table["voice"]).strip()
        if "rate" in table:
            fields["rate"] = self.number(where + ("rate",), table["rate"], *RATE_RANGE, integer=True)
        if "pitch" in table:
            fields["pitch"] = self.number(where + ("pitch",), table["pitch"], *PITCH_RANGE, integer=True)
        if "volume" in table:
            fields["volume"] = float(self.number(where + ("volume",), table["volume"], *VOLUME_RANGE, integer=False))
        if "speaker_id" in table:
            fields["speaker_id"] = self.number(where + ("speaker_id",), table["speaker_id"], 0, 10_000, integer=True)
        if "speaker_id" not in table and ("voice" in table or "engine" in table):
            fields["speaker_id"] = None  # the narrator's speaker of its model is no speaker of another voice
        profile = replace(base, **fields)
        if check_voice and "voice" in table and "engine" not in table:
            # a voice id alone names its engine: "en-us+f3" is eSpeak's even under a Piper narrator
            profile = replace(profile, engine=_engine_knowing(profile, check_voice))
        if profile.voice == base.voice and profile.engine == base.engine and "speaker_id" not in table:
            profile = replace(profile, speaker_id=base.speaker_id)  # the narrator's very voice: its speaker too
        if "engine" in table and "voice" not in table and profile.engine != base.engine:
            whose = "the default" if where == ("narrator",) else "the narrator's"
            self.fail(where + ("engine",), f"engine = \"{profile.engine}\" needs a voice of its own ({whose} "
                      f"'{base.voice}' is {base.engine}'s): add voice = \"...\" beside it; "
                      f"`audiobook voices --engine {profile.engine}` lists them")
        if check_voice and ("voice" in table or "engine" in table or "speaker_id" in table):
            try:
                check_voice(profile)
            except SpeakerIdError as e:
                self.fail(where + ("speaker_id" if "speaker_id" in table else "voice" if "voice" in table
                                   else "engine",), str(e))
            except UserError as e:  # unknown voice (lists the valid ones), or engine not installed
                self.fail(where + ("voice" if "voice" in table else "engine",), str(e))
        return profile

    def unknown_keys(self, where, table: dict, allowed: set[str]):
        for key in table:
            if key not in allowed:
                self.fail(where + (key,), f"unknown key '{key}'; allowed: {', '.join(sorted(allowed))}")


def _shared_alias_note(alias: str, owners: tuple[str, ...], characters: dict[str, CastMember],
                       owner_of_alias: dict) -> str:
    """What a name two characters share does.  When every name of one of them is
    another's too ("Thomas" listed, and an alias of Hale), that one is the
    other's shadow: the fuller character speaks all its lines, a merge."""
    def shadow(name: str) -> bool:
        own = {name, *characters[name].aliases} if name in characters else {name}
        return all(isinstance(owner_of_alias.get(n.strip().casefold()), tuple) for n in own)

    shadows = [o for o in owners if shadow(o)]
    if len(shadows) == 1 and len(owners) == 2:
        gone, fuller = shadows[0], next(o for o in owners if o != shadows[0])
        return (f"'{alias}' names {quoted(owners)}: {gone} has no name of their own, so {fuller} speaks all "
                f"{gone}'s lines, as one character (to keep {gone} apart, take '{alias}' out of {fuller}'s "
                f"aliases; to finish the merge, delete [characters.{_toml_str(gone)}])")
    return (f"'{alias}' names {quoted(owners)}; in the book it is read as whichever of them the scene is about "
            "(to give it to one of them only, take it out of the others' aliases)")


def parse_cast(text: str, path: Path, check_voice: VoiceCheck | None = None) -> Cast:
    """Parse and validate casting-file text; ``path`` is used in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise CastError(path, int(m.group(1)) if m else None, None,
                        f"not valid TOML ({e}); fix the syntax, or write it afresh with "
                        f"'audiobook cast BOOK --force' (the old file is kept as {Path(path).name}.bak)") from None
    c = _Checker(path, text)
    c.unknown_keys((), data, TOP_KEYS)

    narrator_table = data.get("narrator", {})
    if not isinstance(narrator_table, dict):
        c.fail(("narrator",), "must be a table: [narrator]")
    c.unknown_keys(("narrator",), narrator_table, PROFILE_KEYS)
    narrator = c.profile(("narrator",), narrator_table, DEFAULT_NARRATOR, check_voice)

    characters: dict[str, CastMember] = {}
    owner_of_alias: dict[str, str | tuple[str, ...]] = {}
    spelled: dict[str, str] = {}  # alias key -> the alias as first written
    shared_at: dict[str, tuple[str, ...]] = {}  # alias key -> where a second character was given it
    table = data.get("characters", {})
    if not isinstance(table, dict):
        c.fail(("characters",), 'must be a table of tables: [characters."Name"]')
    for name, entry in table.items():
        where = ("characters", name)
        if not name.strip():
            c.fail(where, "a character needs a name")
        if not isinstance(entry, dict):
            c.fail(where, f'must be a table: [characters."{name}"]')
        c.unknown_keys(where, entry, CHARACTER_KEYS)
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            c.fail(where + ("aliases",), "must be a list of names, e.g. aliases = [\"Lizzy\", \"Miss Bennet\"]")
        gender = entry.get("gender")
        if isinstance(gender, str) and gender.strip().lower() in GENDERS:
            gender = gender.strip().lower()  # "Female" is female
        if gender is not None and gender not in GENDERS:
            c.fail(where + ("gender",), f"must be one of {', '.join(sorted(GENDERS))}, got {gender!r}")
        lines = entry.get("lines", 0)
        if "lines" in entry:
            c.number(where + ("lines",), lines, 0, 10**9, integer=True)
        has_voice = "voice" in entry  # rate, pitch or volume alone tune the voice the build chooses
        profile = c.profile(where, entry, narrator, check_voice)
        settings = {k: getattr(profile, k) for k in ("rate", "pitch", "volume") if k in entry}
        for alias in (name, *aliases):
            key = alias.strip().casefold()
            if owner_of_alias.get(key) not in (None, name) and key not in shared_at:
                shared_at[key] = where if alias == name else where + ("aliases",)  # where it was given again
            add_owner(owner_of_alias, alias, name)
            spelled.setdefault(key, alias.strip())
        characters[name] = CastMember(name=name, profile=profile, aliases=[a for a in aliases if a != name],
                                      gender=None if gender in (None, "unknown") else gender, lines=lines,
                                      auto_voice=not has_voice, settings={} if has_voice else settings)

    # two people the book calls alike ("Mr. Weston" and his son): the name stays with
    # both, and each mention of it goes to whichever of them the scene is about
    notes = [str(c.error(shared_at[key], _shared_alias_note(spelled[key], owners, characters, owner_of_alias)))
             for key, owners in owner_of_alias.items() if isinstance(owners, tuple)]
    lexicon = data.get("lexicon", {})
    if not isinstance(lexicon, dict):
        c.fail(("lexicon",), 'must be a table: [lexicon] with lines like "Hermione" = "her-MY-oh-nee"')
    for word, spoken in lexicon.items():
        if isinstance(spoken, dict):  # St.John = "..." is a table St holding John
            dotted = f"{word}.{next(iter(spoken), '')}"
            c.fail(("lexicon", word), f"a word with a dot must be written in double quotes, e.g. "
                                      f"\"{dotted}\" = \"spoken form\" (unquoted, the dot makes a table)")
        problem = entry_problem(word, spoken)
        if problem:
            c.fail(("lexicon", word), problem)
    fixes = data.get("fixes", {})
    if not isinstance(fixes, dict):
        c.fail(("fixes",), 'must be a table: [fixes] with lines like "q3f9a1c20b7" = "Alice"')
    named = {}
    for key, speaker in fixes.items():
        if not isinstance(speaker, str) or not speaker.strip():
            c.fail(("fixes", key), "must be the speaker's name as a string")
        if parse_key(key) is None:
            c.fail(("fixes", key), f"'{key}' is not a quotation id (ids look like {ID_EXAMPLE}, as "
                                   "`audiobook script BOOK --review` shows them)")
        named[key] = speaker
        if characters:  # the file's characters are the roster: a fix names one of them
            try:
                named[key] = speaker_named(speaker, owner_of_alias)
            except UserError as e:
                c.fail(("fixes", key), str(e))
    if not data:  # emptied, or made with `touch`: it sets nothing, which is no mistake, but say so
        notes.append(f"{path} sets nothing (it is empty), so the build chooses every voice; "
                     "`audiobook cast BOOK` writes the narrator and the characters into it, to edit")
    places = {key: f"{path}:{c.lines[('fixes', key)]}" if ("fixes", key) in c.lines else str(path) for key in named}
    return Cast(narrator=narrator, characters=characters, lexicon=dict(lexicon), fixes=named, notes=notes,
                fix_places=places)


def load_cast(path: Path, check_voice: VoiceCheck | None = None) -> Cast:
    path = Path(path)
    if not path.exists():
        raise CastError(path, None, None, "no such casting file; create one with 'audiobook cast BOOK'")
    if path.is_dir():
        raise CastError(path, None, None, "is a folder, not a casting file")
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in data[:200]:  # Notepad's "Unicode"
        raise CastError(path, None, None, "is saved as UTF-16; save it as UTF-8 (in Notepad: "
                                          "File > Save As, Encoding: UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise CastError(path, line, None, f"is not UTF-8 text (byte {data[e.start]:#04x} on this line: "
                                          "Latin-1 or Windows-1252?); save it as UTF-8") from None
    return parse_cast(text, path, check_voice)


# ---------------------------------------------------------------- writing

HEADER = """\
# Casting file for {title}, written by `audiobook cast`.
# Edit it and build again: only the segments whose voice changed are synthesized anew.
#   voice  = engine voice id (list them with `audiobook voices`)
#   engine = "espeak" (default) or "piper"; speaker_id = which speaker of a multi-speaker Piper model
#   rate   = words per minute ({rate_lo}-{rate_hi}); pitch = {pitch_lo}-{pitch_hi}
#   volume = loudness beside the other voices: 1 alike, 0.5 half (-6 dB), up to 2.0 (+6 dB, less where it would clip)
#   aliases = other names the book uses for the character; gender = "male", "female" or "unknown"
#   lines  = how many quotations the script gives the character (information only)
# [lexicon] respells words: "Hermione" = "her my oh nee" (or eSpeak phonemes in [[...]]).
# [fixes] pins a quotation's speaker: "quote id" = "Name" (ids from `audiobook script BOOK --review`).
"""


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _profile_lines(p: VoiceProfile) -> list[str]:
    out = [f"engine = {_toml_str(p.engine)}", f"voice = {_toml_str(p.voice)}",
           f"rate = {p.rate}", f"pitch = {p.pitch}", f"volume = {p.volume:g}"]
    if p.speaker_id is not None:
        out.append(f"speaker_id = {p.speaker_id}")
    return out


def render_cast(cast: Cast, title: str) -> str:
    """The casting file text: narrator, then characters by number of lines."""
    out = [HEADER.format(title=title, rate_lo=RATE_RANGE[0], rate_hi=RATE_RANGE[1],
                         pitch_lo=PITCH_RANGE[0], pitch_hi=PITCH_RANGE[1]), "[narrator]",
           *_profile_lines(cast.narrator), ""]
    for m in sorted(cast.characters.values(), key=lambda m: (-m.lines, m.name)):
        out.append(f"[characters.{_toml_str(m.name)}]")
        out.append("aliases = [" + ", ".join(_toml_str(a) for a in m.aliases) + "]")
        out.append(f"gender = {_toml_str(m.gender or 'unknown')}")
        out.extend(_profile_lines(m.profile))
        out.append(f"lines = {m.lines}")
        out.append("")
    out.append("[lexicon]")
    out.extend(f"{_toml_str(k)} = {_toml_str(v)}" for k, v in cast.lexicon.items())
    out.append("")
    out.append("[fixes]")
    out.extend(f"{_toml_str(k)} = {_toml_str(v)}" for k, v in cast.fixes.items())
    out.append("")
    return "\n".join(out)


def update_cast_text(existing: str, cast: Cast, title: str, sections: bool = True) -> str:
    """The casting file text ``existing`` brought up to date with ``cast``, the
    complete cast made from it: new characters appended, each character's
    ``lines`` renewed and any setting it lacks filled in (and, with
    ``sections``, a missing [narrator], [lexicon] or [fixes] table added);
    everything the user wrote (values, order, comments) kept as it was."""
    import tomlkit
    from tomlkit.items import InlineTable, KeyType, SingleKey

    doc = tomlkit.parse(existing)
    fresh = tomlkit.parse(render_cast(cast, title))
    if "narrator" not in doc and sections:
        doc["narrator"] = fresh["narrator"]
    if "characters" not in doc:
        doc["characters"] = tomlkit.table(is_super_table=True)
    characters = doc["characters"]
    for name, table in fresh["characters"].items():
        if name not in characters:
            if isinstance(characters, InlineTable):  # characters = { ... }: no [table] fits inside it
                entry = tomlkit.inline_table()
                entry.update(table.unwrap())
                characters.add(SingleKey(name, t=KeyType.Basic), entry)
            else:
                characters.add(SingleKey(name, t=KeyType.Basic), table)  # [characters."Zed"], as render_cast writes
            continue
        own = characters[name]
        for key, value in table.items():
            if key == "lines" or key not in own:
                own[key] = value
    for section in ("lexicon", "fixes"):
        if section not in doc and sections:
            doc[section] = fresh[section]
    return tomlkit.dumps(doc)


def add_character_text(existing: str, cast: Cast, script: Script, name: str, voices: list,
                       title: str, character: Character | None = None) -> tuple[str, CastMember]:
    """The casting file text ``existing`` (parsed as ``cast``) with the
    character ``name`` added (the script's, else ``character``, else someone
    new), a voice chosen for them as `complete_cast` would; nothing else in
    the file changes."""
    # the fix gives them this line, so they are cast as a speaker, not left out as one who never speaks
    others = [c for c in script.characters if c.name != name]
    own = next((c for c in script.characters if c.name == name), character) or Character(name=name)
    script = replace(script, characters=[*others, replace(own, lines=max(own.lines, 1))])
    member = complete_cast(script, cast, voices).characters[name]
    added = update_cast_text(existing, Cast(narrator=cast.narrator, characters={name: member}), title, sections=False)
    return added, member


def characters_of(cast: Cast) -> list[Character]:
    """The roster a casting file gives: its characters with their aliases."""
    return [Character(name=m.name, aliases=list(m.aliases), gender=m.gender, lines=m.lines)
            for m in cast.characters.values()]
