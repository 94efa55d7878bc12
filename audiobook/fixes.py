"""Recording a user's fix: `audiobook fix QUOTE_ID SPEAKER --cast FILE`.

Everything is checked before the casting file is touched: the id must be a
quotation id and, when the book is known (--book, or the BOOK.txt/.md/.epub
that voices/BOOK.toml was made for), one of its quotations; the speaker must
be one of the file's characters (by name or alias, in any case) or the
narrator, and is recorded under the character's name, so the fix is heard in
that character's voice.  A read-only casting file is left alone.
"""
from __future__ import annotations

import os
import shlex
from pathlib import Path

from .errors import UserError
from .model import NARRATOR, Cast, Character, Script, Segment
from .quote_keys import ID_EXAMPLE, STALE, locate, naming, parse_key

BOOK_SUFFIXES = (".txt", ".md", ".markdown", ".epub")
NAMES_SHOWN = 12


def speaker_named(speaker: str, owner_of_alias: dict[str, str | tuple[str, ...]]) -> str:
    """The character a fix names (by name or alias, in any case), or the narrator.
    An alias the casting file gives to several characters names none of them."""
    key = speaker.strip().casefold()
    if key == NARRATOR.casefold():
        return NARRATOR
    owner = owner_of_alias.get(key)
    if isinstance(owner, tuple):  # the character whose own name it is, if it is one's
        owner = next((n for n in owner if n.strip().casefold() == key), owner)
    if isinstance(owner, tuple):
        raise UserError(f"'{speaker}' is an alias of {quoted(owner)}; "
                        "write the name of the one you mean")
    if owner is not None:
        return owner
    names = list(dict.fromkeys(n for v in owner_of_alias.values() for n in ((v,) if isinstance(v, str) else v)))
    shown = ", ".join(names[:NAMES_SHOWN]) + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")
    choices = f"use one of: {shown} (or {NARRATOR})" if names else f"the casting file lists none (only {NARRATOR})"
    raise UserError(f"'{speaker}' is not a character; {choices}; to add someone new, give `audiobook fix` --new, or write a table "
                    f"[characters.\"{speaker.strip()}\"] in the casting file (a voice is chosen when none is set)")


def quoted(names) -> str:
    """'A' and 'B' (and 'C')."""
    return " and ".join(f"'{n}'" for n in names)


def alias_owners(characters) -> dict[str, str | tuple[str, ...]]:
    """Every name and alias (casefolded) of these characters -> the character's
    name; an alias given to several characters -> all their names, a tuple."""
    owners: dict[str, str | tuple[str, ...]] = {}
    for ch in characters:
        for alias in (ch.name, *ch.aliases):
            add_owner(owners, alias, ch.name)
    return owners


def add_owner(owners: dict[str, str | tuple[str, ...]], alias: str, name: str) -> None:
    """Record that `alias` names `name` (besides anyone it named already)."""
    key = alias.strip().casefold()
    had = owners.get(key)
    if had is None or had == name:
        owners[key] = name
    else:
        mine = (had,) if isinstance(had, str) else had
        owners[key] = mine if name in mine else mine + (name,)


def book_for(cast_path: Path) -> Path | None:
    """The book a casting file voices/BOOK.toml was made for, when exactly one
    BOOK.txt/.md/.epub is in the current folder or beside voices/."""
    folders = dict.fromkeys([Path("."), Path(cast_path).parent.parent])
    found = {p.resolve(): p for d in folders for p in (d / (Path(cast_path).stem + s) for s in BOOK_SUFFIXES)
             if p.is_file()}
    return next(iter(found.values())) if len(found) == 1 else None


def check_quote_id(quote_id: str) -> None:
    if parse_key(quote_id) is None:
        raise UserError(f"'{quote_id}' is not a quotation id (ids look like {ID_EXAMPLE}); "
                        "`audiobook script BOOK --review` or `--format jsonl` shows them")


def quotation_text(quote_id: str, segments: list[Segment], text: str, book: Path) -> str:
    """The quotation the id names in this book (its first 60 characters);
    `segments`: the book's, as `script.book_segments` splits it."""
    index, problem = locate(quote_id, segments, text)
    if index is None:
        if problem == STALE:
            problem = f"copy its id from `audiobook script {book} --review` or `--format jsonl`"
        problem = naming(problem, shlex.quote(str(book)))
        raise UserError(f"no quotation {quote_id} in {book}; {problem}")
    said = " ".join(segments[index].text.split())
    return said if len(said) <= 60 else said[:59].rstrip() + "\u2026"


def speaker_for_fix(speaker: str, cast: Cast, script: Script | None) -> str:
    """The name to record: a casting-file character's (else, when the file
    lists none, a character of the book's script).  Beyond names and aliases,
    a short form that names one character only ("Dodo" for "The Dodo") will do."""
    if cast.characters:
        roster = [Character(m.name, list(m.aliases)) for m in cast.characters.values()]
    elif script is not None:
        roster = script.characters
    else:
        return speaker.strip()
    return named_in(speaker, roster)


def named_in(speaker: str, roster: list[Character]) -> str:
    """The roster's character (or the narrator) `speaker` names: by name or
    alias, or by a short form that names one character only."""
    from .characters import name_index

    try:
        return speaker_named(speaker, alias_owners(roster))
    except UserError:
        short = name_index(roster).lookup(speaker.strip())
        if len(short) == 1:
            return next(iter(short))
        raise


def check_writable(path: Path, purpose: str = "to record the fix") -> None:
    """Refuse to replace a casting file the user made read-only (an atomic
    replace would succeed and drop the protection)."""
    path = Path(path)
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        raise UserError(f"{path} is read-only; make it writable (chmod u+w {path}) {purpose}")
    if not os.access(path.parent, os.W_OK):
        raise UserError(f"folder {path.parent} is not writable, so {path} cannot be rewritten; "
                        f"make the folder writable (chmod u+w) {purpose}")


def add_fix(path: Path, quote_id: str, speaker: str) -> None:
    """Pin one quotation's speaker in an existing casting file, keeping its comments."""
    import tomlkit

    from .atomic import write_text_atomic

    path = Path(path)
    doc = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    if "fixes" not in doc:
        doc["fixes"] = tomlkit.table()
    doc["fixes"][quote_id] = speaker
    write_text_atomic(path, tomlkit.dumps(doc))


def add_book_character(cast_path: Path, cast: Cast, book, segments: list[Segment], speaker: str,
                       new: bool) -> tuple[str, str, bool] | None:
    """The character ``speaker`` names among the book's (found by the script, or
    among the names in its text, though the casting file leaves them out), or
    with ``new`` anyone, added to the casting file with a voice of their own:
    (name, voice, whether the book has them); None when the book has no such
    character and ``new`` is not given."""
    from .atomic import write_text_atomic
    from .cast import add_character_text
    from .characters import discover_characters
    from .engines import book_voices
    from .reading import analysis_text
    from .script import make_script

    # as `cast` updates a file: those a speech tag names ("said Zed") join too
    script = make_script(book, cast, segments, admit_new=True)
    known = {c.name: c for c in [*script.characters, *discover_characters(analysis_text(book))]
             if c.name not in cast.characters}
    try:
        name = named_in(speaker, list(known.values()))
    except UserError:
        if not new:
            return None
        name = " ".join(speaker.split())
    if name not in known and not new:
        return None  # the narrator
    check_writable(cast_path)
    text, member = add_character_text(Path(cast_path).read_text(encoding="utf-8-sig"), cast, script, name,
                                      book_voices(book.language), book.title, known.get(name))
    write_text_atomic(cast_path, text)
    return name, member.profile.voice, name in known
