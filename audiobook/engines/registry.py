"""Find engines by name, list their voices, check a casting file's voice ids.

Engines are created lazily, once per process (eSpeak NG has global state).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import DependencyError, UserError
from ..model import VoiceProfile
from . import Engine, Voice

ENGINE_NAMES = ("espeak", "piper")
_engines: dict[str, Engine] = {}
_voice_dirs: list[Path] | None = None  # None: the engines' defaults


def set_voice_dirs(dirs: list[Path] | None) -> None:
    """Folders searched for user voice models (e.g. ``voices/`` beside the
    casting file); None restores the default (AUDIOBOOK_VOICE_DIRS, else
    ./voices).  Call before synthesis; worker processes receive them."""
    global _voice_dirs
    _voice_dirs = None if dirs is None else [Path(d).resolve() for d in dirs]
    _engines.pop("piper", None)  # rebuilt with the new folders


def voice_dirs() -> list[Path] | None:
    return _voice_dirs


def _create(name: str) -> Engine:
    if name == "espeak":
        from .espeak import EspeakEngine

        return EspeakEngine()
    if name == "piper":
        from .piper import PiperEngine, default_voice_dirs

        return PiperEngine(_voice_dirs if _voice_dirs is not None else default_voice_dirs())
    raise UserError(f"unknown speech engine '{name}': use one of {', '.join(ENGINE_NAMES)}")


def get_engine(name: str) -> Engine:
    """The engine called ``name`` (created once per process).

    Raises UserError for an unknown name and DependencyError (with the install
    command) when the engine is not installed.
    """
    if name not in _engines:
        _engines[name] = _create(name)
    return _engines[name]


def installed_engines() -> list[str]:
    """Names of the engines that can be created here."""
    found = []
    for name in ENGINE_NAMES:
        try:
            get_engine(name)
        except DependencyError:
            continue
        found.append(name)
    return found


def all_voices(language: str = "en") -> list[Voice]:
    """Every voice of every installed engine for ``language`` (a code prefix:
    "en", "fr", "en-gb"; "" for every language)."""
    prefix = language.lower().replace("_", "-")
    out = []
    for name in installed_engines():
        engine = get_engine(name)
        try:
            found = engine.voices(language=prefix)  # eSpeak knows ~130 languages: ask for these only
        except TypeError:  # an engine with no language filter of its own
            found = engine.voices()
        out.extend(v for v in found if not prefix or (v.language or "").lower().replace("_", "-").startswith(prefix))
    return out


def book_voices(language: str | None) -> list[Voice]:
    """The voices to cast a book in ``language`` ("fr", "de-AT", an EPUB's
    dc:language) with: that language's, else English ones."""
    from ..language import ENGLISH, base_language

    return all_voices(base_language(language)) or all_voices(ENGLISH)


def has_voice(engine: Engine, voice_id: str) -> bool:
    check = getattr(engine, "has_voice", None)
    if check is not None:
        return check(voice_id)
    return any(v.id == voice_id for v in engine.voices())


class SpeakerIdError(UserError):
    """A ``speaker_id`` the voice has not (``check_voice``)."""


ENGINE_TITLES = {"espeak": "eSpeak", "piper": "Piper"}


def check_voice(profile: VoiceProfile) -> None:
    """Raise UserError (naming the valid ids) if ``profile``'s engine or voice is
    unknown, SpeakerIdError if its ``speaker_id`` is not one of the voice's."""
    engine = get_engine(profile.engine)
    if has_voice(engine, profile.voice):
        _check_speaker_id(engine, profile)
        return
    ids = [v.id for v in engine.voices()]
    bases = [i for i in ids if "+" not in i]
    shown = ", ".join(bases)
    if len(bases) < len(ids):  # variants: "en-us+f3"
        variants = sorted({i.split("+", 1)[1] for i in ids if "+" in i})
        shown += f" (each also with a variant: +{', +'.join(variants)})"
    elsewhere = [name for name in installed_engines() if name != profile.engine
                 and has_voice(get_engine(name), profile.voice)]
    if elsewhere:  # "joe" without engine = "piper"
        raise UserError(f"'{profile.voice}' is a voice of {ENGINE_TITLES.get(elsewhere[0], elsewhere[0])}, not of "
                        f"{ENGINE_TITLES.get(profile.engine, profile.engine)}: give it engine = \"{elsewhere[0]}\"")
    raise UserError(f"unknown {profile.engine} voice '{profile.voice}': valid voice ids are {shown}; "
                    "run `audiobook voices` to list them all")


def _check_speaker_id(engine: Engine, profile: VoiceProfile) -> None:
    """Caught when the casting file is read, not after three failed attempts
    mid-build; and an eSpeak voice given one would only be synthesized anew."""
    if profile.speaker_id is None:
        return
    speakers = getattr(engine, "speakers", None)
    if speakers is None:
        raise SpeakerIdError(f"speaker_id picks a speaker of a multi-speaker Piper model; "
                             f"{ENGINE_TITLES.get(profile.engine, profile.engine)} voice '{profile.voice}' "
                             "has no speakers to pick: remove speaker_id")
    count = speakers(profile.voice)
    if not 0 <= profile.speaker_id < count:
        which = "it has one speaker: remove speaker_id (or set it to 0)" if count == 1 else \
            f"use 0 to {count - 1}"
        raise SpeakerIdError(f"speaker_id {profile.speaker_id} is not a speaker of Piper voice '{profile.voice}': "
                             f"{which}")


def engine_fingerprint(engine: Engine, profile: VoiceProfile) -> str:
    """What identifies the engine's output for ``profile`` (part of the cache key):
    the engine version, plus the voice model's hash for engines that load model files."""
    fingerprint = getattr(engine, "fingerprint", None)
    return fingerprint(profile) if fingerprint is not None else engine.version()
