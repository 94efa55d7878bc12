"""Automatic casting: a voice for every character the script speaks, and the
narrator's when no casting file names one.

Main characters get distinct voices of their gender, minor characters share;
a book in another language is cast from that language's voices
(``engines.book_voices``).  What the casting file sets always wins.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from .model import Cast, CastMember, Script, VoiceProfile

MAIN_CHARACTER_LINES = 3  # fewer quotations than this: a minor character, who may share a voice
DEFAULT_NARRATOR = VoiceProfile(engine="espeak", voice="en-gb", rate=165, pitch=45)

ACCENTS = ("en-us", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-gb-x-gbclan", "en-029", "en-gb-x-gbcwmd")


def _variant_rank(voice) -> tuple[bool, int, int, str]:
    """Order voices so that neighbours differ: the two main accents first,
    alternating, through the variants (f1, f2, ...), then the other accents."""
    base, _, variant = voice.id.partition("+")
    number = int("".join(ch for ch in variant if ch.isdigit()) or 0)
    accent = ACCENTS.index(base.lower()) if base.lower() in ACCENTS else len(ACCENTS)
    return (accent >= 2, number, accent, voice.id)


def voice_pool(voices: Iterable, gender: str | None, avoid: str | None = None) -> list[VoiceProfile]:
    """Distinct-sounding profiles for one gender, most distinct first.

    ``voices`` are engine Voice records (id, engine, gender); ``avoid`` is the
    narrator's voice id, which no character should sound like.  Differences
    in pitch and rate multiply the eSpeak variants into many more voices.
    """
    voices = [v for v in voices if v.id != avoid and v.engine == "espeak"] or list(voices)
    matching = [v for v in voices if v.gender == gender] or [v for v in voices if v.gender is None] or voices
    matching.sort(key=_variant_rank)
    base_pitch = {"female": 60, "male": 40}.get(gender or "", 50)
    pool = []
    for pitch_shift, rate in ((0, 175), (12, 165), (-10, 185), (20, 155)):
        for v in matching:
            pool.append(VoiceProfile(engine=v.engine, voice=v.id, rate=rate,
                                     pitch=max(0, min(100, base_pitch + pitch_shift))))
    return pool


def narrator_for(voices: list) -> VoiceProfile:
    """The narrator when no casting file names one: the English default, or for
    a book in another language that language's plain voice ("fr-fr" for French,
    "de" for German; ``voices`` are the book's, see engines.book_voices)."""
    plain = [v for v in voices if v.engine == "espeak" and "+" not in v.id]
    if not plain or any((v.language or "en").lower().startswith("en") for v in plain):
        return DEFAULT_NARRATOR
    language = (plain[0].language or "").lower().split("-")[0]
    voice = next((v for v in plain if v.id.lower() in (language, f"{language}-{language}")), plain[0])
    return replace(DEFAULT_NARRATOR, voice=voice.id)


def complete_cast(script: Script, cast: Cast | None, voices: list, narrator: VoiceProfile | None = None) -> Cast:
    """Fill in every character the script speaks with a voice.

    Characters the casting file set keep their settings; the rest get
    automatic choices: distinct voices for the main characters, by gender,
    minor characters (few lines) share.  The first-person narrator's own
    character speaks in the narrator's voice.
    """
    cast = cast or Cast(narrator=narrator or narrator_for(voices))
    lines = {c.name: c.lines for c in script.characters}
    genders = {c.name: c.gender for c in script.characters}
    members = dict(cast.characters)
    for ch in script.characters:
        if ch.name not in members and ch.lines > 0:  # a character who never speaks needs no voice
            members[ch.name] = CastMember(name=ch.name, profile=cast.narrator, aliases=list(ch.aliases),
                                          gender=ch.gender, lines=ch.lines, auto_voice=True)
    for name, m in members.items():
        m.lines = lines.get(name, m.lines)
        m.gender = m.gender or genders.get(name)
    taken = {cast.narrator}
    taken |= {m.profile for m in members.values() if not m.auto_voice}
    by_gender = {g: voice_pool(voices, g, avoid=cast.narrator.voice) for g in ("female", "male")}
    # a character of unknown gender may take either kind of voice
    by_gender[None] = [p for pair in zip(by_gender["male"], by_gender["female"]) for p in pair]
    used_voices = {p.voice for p in taken}
    shared: list[VoiceProfile] = []  # voices given to minor characters, to share
    auto = sorted((m for m in members.values() if m.auto_voice), key=lambda m: (-m.lines, m.name))
    for m in auto:
        if m.name == script.narrator_character:
            m.profile = cast.narrator
            continue
        pool = by_gender[m.gender if m.gender in ("female", "male") else None]
        if m.lines >= MAIN_CHARACTER_LINES:
            # a voice of its own: an unused voice id first, else an unused pitch/rate of a used one
            m.profile = next((p for p in pool if p.voice not in used_voices), None) \
                or next((p for p in pool if p not in taken), cast.narrator)
        else:  # minor characters share voices among themselves, never a main character's
            m.profile = next((p for p in pool if p.voice not in used_voices), None) \
                or next((p for p in shared if p in pool), None) or pool[len(shared) % len(pool)]
            shared.append(m.profile)
        taken.add(m.profile)
        used_voices.add(m.profile.voice)
        if m.settings:  # the file's own rate, pitch, volume for the voice chosen here
            m.profile = replace(m.profile, **m.settings)
    return Cast(narrator=cast.narrator, characters=members, lexicon=cast.lexicon, fixes=cast.fixes)


def unset_voices_note(given: Cast | None, full: Cast, path: Path | None) -> str | None:
    """A note naming the casting file's characters that set no voice and what
    this build gives them: such choices are the build's, remade each time, so
    another character's new voice may change them."""
    if given is None:
        return None
    unset = [m for n, m in full.characters.items() if n in given.characters and m.auto_voice and m.lines]
    if not unset:
        return None
    shown = ", ".join(f"{m.name} as {m.profile.voice} (pitch {m.profile.pitch})" for m in unset[:4])
    more = f" and {len(unset) - 4} more" if len(unset) > 4 else ""
    return (f"{path or 'the casting file'} sets no voice for {shown}{more}; the build chooses one each time, "
            f"so a voice changed elsewhere may change it: set voice (and pitch) there to keep it")
