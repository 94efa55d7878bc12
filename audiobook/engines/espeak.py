"""eSpeak NG through the ctypes bindings that pyttsx3 ships.

pyttsx3's high-level ``save_to_file`` + ``runAndWait`` is not reliable for
batch work (measured with pyttsx3 2.99 / eSpeak NG 1.51: files written after
it returns or left empty, rate changes applied to only some files, a segfault
on very long text).  So this engine drives eSpeak NG directly through
``pyttsx3.drivers._espeak`` in synchronous mode: ``espeak_Synth`` returns only
when every sample has been handed to our callback, and voice, rate and pitch
are set before every utterance.

eSpeak NG keeps global state and is not thread-safe: use one engine per
process (the synthesizer runs engines in worker processes).
"""
from __future__ import annotations

import ctypes
import re
from importlib import metadata
from dataclasses import dataclass
from functools import cached_property

from ..errors import DependencyError, EngineError
from ..model import VoiceProfile
from . import Voice
from .pcm import strip_trailing_zeros

INSTALL_HINT = ("eSpeak NG is missing: install it with `apt-get install -y espeak-ng libespeak-ng1` "
                "(macOS: `brew install espeak-ng`), then run the command again")
MAX_CHUNK = 1000  # characters per espeak_Synth call; very long texts crashed eSpeak NG
MIN_RATE, MAX_RATE = 80, 450  # eSpeak NG's words-per-minute range
ATTEMPTS = 3
# Variants listed by voices() for every English voice (any installed variant is accepted).
LISTED_VARIANTS = [f"f{i}" for i in range(1, 6)] + [f"m{i}" for i in range(1, 8)]
_GENDERS = {1: "male", 2: "female"}


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def _load_bindings():
    try:
        from pyttsx3.drivers import _espeak  # raises RuntimeError when libespeak-ng is missing
    except ImportError as exc:
        if "pyttsx3" in str(exc):
            raise DependencyError("pyttsx3 is missing: install it with `pip install pyttsx3`") from exc
        raise DependencyError(INSTALL_HINT) from exc
    except (OSError, RuntimeError) as exc:
        raise DependencyError(INSTALL_HINT) from exc
    return _espeak


@dataclass(frozen=True)
class _BaseVoice:
    id: str  # lower-case language code, e.g. "en-us", "en-gb-x-rp"
    identifier: str  # eSpeak NG voice file, e.g. "gmw/en-US"
    name: str  # "English (America)"
    language: str
    gender: str | None


def _languages(voice) -> list[str]:
    """The voice's language codes.  ``languages`` is a packed list of
    (priority byte, NUL-terminated string) pairs ended by a zero byte, which
    ctypes' c_char_p would cut at the first NUL, so it is read from the raw pointer."""
    address = ctypes.c_void_p.from_address(ctypes.addressof(voice) + type(voice).languages.offset).value
    codes = []
    while address and ctypes.string_at(address, 1) != b"\0":
        code = ctypes.string_at(address + 1)
        codes.append(code.decode("utf-8", "replace"))
        address += len(code) + 2
    return codes


# eSpeak NG is one global synthesizer per process: initialized once, with one
# callback that collects the current utterance's samples here (None = complete).
_output: list[bytes | None] = []
_sample_rate: int | None = None


def _collect(wav, numsamples, events) -> int:
    if not wav:  # NULL buffer: synthesis of this text is complete
        _output.append(None)
    elif numsamples > 0:
        _output.append(ctypes.string_at(wav, numsamples * 2))
    return 0


def _initialize(bindings) -> int:
    global _sample_rate
    if _sample_rate is None:
        rate = bindings.Initialize(bindings.AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
        if rate <= 0:
            raise EngineError("eSpeak NG failed to initialize (espeak_Initialize returned an error); "
                              "check the espeak-ng installation with `espeak-ng --version`")
        bindings.SetSynthCallback(_collect)
        _sample_rate = rate
    return _sample_rate


def split_text(text: str, limit: int = MAX_CHUNK) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at sentence
    ends if possible, else at clause breaks, else at spaces.  Joining the
    pieces gives back ``text`` exactly."""
    if len(text) <= limit:
        return [text]
    for pattern in (r"(?<=[.!?…;:])\s+", r"(?<=[,—–])\s*", r"\s+"):
        cuts = [m.end() for m in re.finditer(pattern, text) if 0 < m.end() < len(text)]
        pieces, start, last = [], 0, 0
        for cut in cuts + [len(text)]:
            if cut - start > limit and last > start:
                pieces.append(text[start:last])
                start = last
            last = cut
        pieces.append(text[start:])
        if all(len(p) <= limit for p in pieces):
            return pieces
    # No break at all (e.g. one enormous "word"): hard cuts.
    return [text[i:i + limit] for i in range(0, len(text), limit)]


class EspeakEngine:
    name = "espeak"

    def __init__(self) -> None:
        self._e = _load_bindings()
        self.sample_rate = _initialize(self._e)

    # -- catalogue ---------------------------------------------------------

    def version(self) -> str:
        info = self._e.Info(None)
        espeak = info.decode() if isinstance(info, bytes) else str(info)
        return f"espeak-ng {espeak}; pyttsx3 {_package_version('pyttsx3')}"

    @cached_property
    def _bases(self) -> dict[str, _BaseVoice]:
        """Every language voice by id (first language code) and by aliases."""
        found: dict[str, _BaseVoice] = {}
        aliases: dict[str, _BaseVoice] = {}
        for v in self._e.ListVoices(None):
            identifier = v.identifier.decode()
            codes = _languages(v)
            if not codes:
                continue
            base = _BaseVoice(id=codes[0].lower(), identifier=identifier, name=v.name.decode(),
                              language=codes[0], gender=_GENDERS.get(v.gender))
            found.setdefault(base.id, base)
            aliases.setdefault(identifier.lower(), base)  # "gmw/en-us"
            aliases.setdefault(identifier.rsplit("/", 1)[-1].lower(), base)  # "en", "fr"
        return {**aliases, **found}

    @cached_property
    def _variants(self) -> dict[str, tuple[str, str | None]]:
        """Variant file name (lower case) -> (file name, gender), e.g. "f3" -> ("f3", "female")."""
        spec = self._e.VOICE()
        spec.languages = b"variant"
        out = {}
        for v in self._e.ListVoices(ctypes.pointer(spec)):
            file = v.identifier.decode().split("/", 1)[-1]  # "!v/f3" -> "f3"
            out[file.lower()] = (file, _GENDERS.get(v.gender))
        return out

    def resolve(self, voice_id: str) -> tuple[str, str | None] | None:
        """(eSpeak voice name for SetVoiceByName, gender) or None if unknown."""
        base_id, _, variant = voice_id.strip().lower().partition("+")
        base = self._bases.get(base_id)
        if base is None:
            return None
        if not variant:
            return base.identifier, base.gender
        if variant not in self._variants:
            return None
        file, gender = self._variants[variant]
        return f"{base.identifier}+{file}", gender

    def has_voice(self, voice_id: str) -> bool:
        return self.resolve(voice_id) is not None

    def voices(self, language: str = "en") -> list[Voice]:
        """The voices of ``language`` (a code prefix such as "en" or "fr-fr"; "" for
        every language), each also with the gendered variants f1-f5 and m1-m7.
        Any other installed variant ("+klatt", "+whisper", …) is accepted too."""
        prefix = language.lower().replace("_", "-")
        chosen = sorted({b for b in self._bases.values()
                         if b.id == prefix or b.id.startswith(prefix + "-") or not prefix}, key=lambda b: b.id)
        out = []
        for base in chosen:
            out.append(Voice(base.id, self.name, base.name, base.language, base.gender))
            for variant in LISTED_VARIANTS:
                if variant in self._variants:
                    file, gender = self._variants[variant]
                    out.append(Voice(f"{base.id}+{file}", self.name, f"{base.name}, variant {file}",
                                     base.language, gender))
        return out

    # -- synthesis ---------------------------------------------------------

    def _set_voice(self, profile: VoiceProfile) -> None:
        resolved = self.resolve(profile.voice)
        if resolved is None:
            raise EngineError(f"eSpeak NG has no voice '{profile.voice}'; "
                              "run `audiobook voices` to list the voice ids")
        e = self._e
        if e.SetVoiceByName(resolved[0].encode()) != e.EE_OK:
            raise EngineError(f"eSpeak NG could not load voice '{profile.voice}' ({resolved[0]})")
        # After the voice, because selecting a voice resets the parameters.
        e.SetParameter(e.RATE, max(MIN_RATE, min(MAX_RATE, int(profile.rate))), 0)
        e.SetParameter(e.PITCH, max(0, min(100, int(profile.pitch))), 0)
        e.SetParameter(e.RANGE, 50, 0)
        e.SetParameter(e.VOLUME, 100, 0)  # profile.volume is applied as gain by the synthesizer

    def _synth_once(self, text: str, end_pause: bool) -> bytes | None:
        e = self._e
        _output.clear()
        flags = e.CHARS_UTF8 | e.PHONEMES | (e.ENDPAUSE if end_pause else 0)
        # NUL would end the C string early; lone surrogates cannot be UTF-8.
        data = text.replace("\0", " ").encode("utf-8", "replace")
        status = e.Synth(data, flags=flags)
        finished = _output and _output[-1] is None
        if status != e.EE_OK or not finished:
            return None
        return b"".join(_output[:-1])

    def _min_bytes(self, text: str) -> int:
        """Less audio than this is a truncated result: 40 ms per word is far
        below eSpeak NG's fastest speech (133 ms per word at 450 wpm)."""
        words = len(re.findall(r"\w+", text))
        return int(0.04 * words * self.sample_rate) * 2

    def synthesize(self, text: str, profile: VoiceProfile) -> bytes:
        pieces = [p for p in split_text(text) if p.strip()]
        out = []
        for i, piece in enumerate(pieces):
            speaks = any(c.isalnum() for c in piece)
            for _ in range(ATTEMPTS):
                self._set_voice(profile)
                pcm = self._synth_once(piece, end_pause=i < len(pieces) - 1)
                if pcm is not None and (not speaks or len(pcm) >= self._min_bytes(piece)):
                    break
            else:
                raise EngineError(f"eSpeak NG returned no audio for {piece[:60]!r} "
                                  f"after {ATTEMPTS} attempts (voice '{profile.voice}')")
            out.append(pcm)
        # eSpeak NG pads the end with a run of zeros whose length depends on
        # earlier utterances (measured: 0.3 to 40 ms); without it the same text
        # gives the same audio whatever was spoken before.
        pcm = b"".join(out)
        out.clear()  # one copy of a long segment at a time
        return strip_trailing_zeros(pcm)
