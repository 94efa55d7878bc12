"""Speech engines behind one small interface, one file each.

An engine turns (text, VoiceProfile) into mono signed 16-bit PCM at its own
``sample_rate``.  Engines are created inside worker processes (eSpeak NG is not
thread-safe), so construction must be cheap and must not touch global state of
the parent process.

Optional methods the registry uses when an engine has them:
``has_voice(voice_id) -> bool`` (accept ids not worth listing, e.g. every
eSpeak language and variant) and ``fingerprint(profile) -> str`` (version plus
the voice model's content hash, for the cache key).

The registry (``get_engine``, ``installed_engines``, ``all_voices``,
``check_voice``) lives in ``registry.py``; workers and PCM helpers beside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import VoiceProfile


@dataclass(frozen=True)
class Voice:
    id: str  # the id a casting file uses
    engine: str
    name: str
    language: str = ""
    gender: str | None = None  # "male" | "female" | None


class Engine(Protocol):
    name: str  # "espeak", "piper", ...
    sample_rate: int

    def version(self) -> str:
        """Engine and library version; part of every cache key."""

    def voices(self) -> list[Voice]:
        """Every voice this engine offers."""

    def synthesize(self, text: str, profile: VoiceProfile) -> bytes:
        """Mono s16le PCM at ``sample_rate`` for ``text``; raises EngineError on failure."""


from .registry import all_voices, book_voices, check_voice, get_engine, installed_engines  # noqa: E402

__all__ = ["Engine", "Voice", "all_voices", "book_voices", "check_voice", "get_engine", "installed_engines"]
