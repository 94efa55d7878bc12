"""The engine contract, run against every installed engine, plus engine specifics."""
from __future__ import annotations

from pathlib import Path

import pytest

from audiobook.engines import Voice, all_voices, check_voice, get_engine, installed_engines
from audiobook.engines.espeak import MAX_CHUNK, split_text
from audiobook.engines.pcm import duration, fundamental_hz, gain, resample, strip_trailing_zeros
from audiobook.errors import EngineError, UserError
from audiobook.model import VoiceProfile

SENTENCE = "The quick brown fox jumps over the lazy dog, and then it runs away."
ENGINES = installed_engines()
DEFAULT_VOICE = {"espeak": "en-us", "piper": "joe"}

pytestmark = pytest.mark.e2e


def test_espeak_is_installed():
    assert "espeak" in ENGINES


@pytest.fixture(params=ENGINES)
def engine(request):
    return get_engine(request.param)


def profile(engine, **changes) -> VoiceProfile:
    return VoiceProfile(**{"engine": engine.name, "voice": DEFAULT_VOICE[engine.name], **changes})


def test_sentence_gives_audio_of_the_declared_format(engine):
    pcm = engine.synthesize(SENTENCE, profile(engine))
    assert isinstance(pcm, bytes) and len(pcm) % 2 == 0  # whole s16le samples
    seconds = duration(pcm, engine.sample_rate)
    # 13 words at 175 wpm is about 4.5 s; allow for pauses and engine differences.
    assert 2.0 < seconds < 9.0
    assert fundamental_hz(pcm, engine.sample_rate) > 50  # voiced speech, not noise or silence


def test_voices_are_listed_and_accepted(engine):
    voices = engine.voices()
    assert voices and all(isinstance(v, Voice) and v.engine == engine.name for v in voices)
    assert DEFAULT_VOICE[engine.name] in {v.id for v in voices}
    for voice in voices[:3]:
        check_voice(VoiceProfile(engine=engine.name, voice=voice.id))


def test_unknown_voice_is_a_clear_error(engine):
    with pytest.raises(UserError) as caught:
        check_voice(profile(engine, voice="no-such-voice"))
    message = str(caught.value)
    assert "no-such-voice" in message and DEFAULT_VOICE[engine.name] in message
    with pytest.raises(EngineError):
        engine.synthesize(SENTENCE, VoiceProfile(engine=engine.name, voice="no-such-voice"))


def test_rate_changes_duration(engine):
    slow = duration(engine.synthesize(SENTENCE, profile(engine, rate=120)), engine.sample_rate)
    fast = duration(engine.synthesize(SENTENCE, profile(engine, rate=250)), engine.sample_rate)
    assert fast < slow * 0.75


def test_pitch_changes_fundamental(engine):
    low = fundamental_hz(engine.synthesize(SENTENCE, profile(engine, pitch=10)), engine.sample_rate)
    high = fundamental_hz(engine.synthesize(SENTENCE, profile(engine, pitch=90)), engine.sample_rate)
    assert high > low * 1.2


def test_version_names_the_engine(engine):
    assert engine.version()


def test_all_voices_covers_every_installed_engine():
    assert {v.engine for v in all_voices()} == set(ENGINES)


def test_unknown_engine_is_a_user_error():
    with pytest.raises(UserError, match="espeak"):
        check_voice(VoiceProfile(engine="nonesuch"))


# -- eSpeak NG specifics ------------------------------------------------------

def test_espeak_lists_gendered_variants():
    by_id = {v.id: v for v in get_engine("espeak").voices()}
    assert {"en-us", "en-gb"} <= by_id.keys()
    assert by_id["en-us+f3"].gender == "female"
    assert by_id["en-gb+m3"].gender == "male"


def test_espeak_variant_really_changes_the_voice():
    espeak = get_engine("espeak")
    male = fundamental_hz(espeak.synthesize(SENTENCE, VoiceProfile(voice="en-us")), espeak.sample_rate)
    female = fundamental_hz(espeak.synthesize(SENTENCE, VoiceProfile(voice="en-us+f3")), espeak.sample_rate)
    assert female > male * 1.4


def test_espeak_rejects_an_unknown_variant():
    with pytest.raises(UserError, match="en-us\\+zz9"):
        check_voice(VoiceProfile(voice="en-us+zz9"))


def test_espeak_rate_alternation_is_honoured_every_time():
    # pyttsx3's own driver applied rate changes to only some utterances.
    espeak = get_engine("espeak")
    lengths = [len(espeak.synthesize("One two three four five six.", VoiceProfile(rate=r)))
               for r in (120, 300) * 5]
    slow, fast = lengths[0::2], lengths[1::2]
    assert max(slow) < min(slow) * 1.01 and max(fast) < min(fast) * 1.01  # each rate, every time
    assert max(fast) < min(slow) * 0.6


def test_espeak_many_consecutive_syntheses_are_all_non_empty():
    espeak = get_engine("espeak")
    empty = [i for i in range(200)
             if not espeak.synthesize(f"Line {i}.", VoiceProfile(voice=("en-us", "en-gb+f2")[i % 2]))]
    assert empty == []


def test_espeak_long_text_is_spoken_in_chunks():
    espeak = get_engine("espeak")
    text = " ".join(f"This is sentence {i} of a very long paragraph." for i in range(250))  # ~12k chars
    seconds = duration(espeak.synthesize(text, VoiceProfile(rate=400)), espeak.sample_rate)
    assert seconds > 250 * 9 * 60 / 400 * 0.7  # 9 words a sentence at 400 wpm


def test_split_text_is_lossless_and_bounded():
    text = ("Short one. " * 150) + ("x" * 2500) + " tail, with, commas, " * 80
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(len(p) <= MAX_CHUNK for p in pieces)
    assert split_text("Hello.") == ["Hello."]


# -- PCM helpers ---------------------------------------------------------------

def test_resample_keeps_duration_and_pitch():
    espeak = get_engine("espeak")
    pcm = espeak.synthesize(SENTENCE, VoiceProfile())
    down = resample(pcm, espeak.sample_rate, 16000)
    assert abs(duration(down, 16000) - duration(pcm, espeak.sample_rate)) < 0.001
    assert fundamental_hz(down, 16000) == pytest.approx(fundamental_hz(pcm, espeak.sample_rate), rel=0.05)


# -- Piper specifics (skipped when the optional engine is not installed) --------

needs_piper = pytest.mark.skipif("piper" not in ENGINES, reason="pip install 'audiobook[piper]'")


@pytest.fixture
def voices_dir(tmp_path):
    """A project voices/ folder holding a user model (a copy of the bundled one)."""
    from audiobook.engines import registry
    from audiobook.engines.piper import bundled_model

    folder = tmp_path / "voices"
    folder.mkdir()
    model = bundled_model()
    (folder / "narrator-x.onnx").symlink_to(model)
    (folder / "narrator-x.onnx.json").symlink_to(f"{model}.json")
    (folder / "no-config.onnx").write_bytes(b"not a model")  # ignored: no .onnx.json beside it
    registry.set_voice_dirs([folder])
    yield folder
    registry.set_voice_dirs(None)


@needs_piper
def test_piper_finds_models_in_the_voices_folder_and_by_path(voices_dir):
    piper = get_engine("piper")
    assert {v.id for v in piper.voices()} == {"joe", "narrator-x"}
    check_voice(VoiceProfile(engine="piper", voice="narrator-x"))
    check_voice(VoiceProfile(engine="piper", voice=str(voices_dir / "narrator-x.onnx")))
    by_name = piper.synthesize("Hello there.", VoiceProfile(engine="piper", voice="narrator-x"))
    assert duration(by_name, piper.sample_rate) > 0.4


@needs_piper
def test_piper_broken_model_is_an_engine_error(tmp_path):
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"this is not an onnx file")
    (tmp_path / "broken.onnx.json").write_text((get_engine("piper").model_path("joe").with_suffix(".onnx.json")).read_text())
    with pytest.raises(EngineError, match="broken.onnx"):
        get_engine("piper").synthesize("Hello.", VoiceProfile(engine="piper", voice=str(model)))


@needs_piper
def test_piper_speaker_out_of_range_is_an_engine_error():
    with pytest.raises(EngineError, match="speaker"):
        get_engine("piper").synthesize("Hello.", VoiceProfile(engine="piper", voice="joe", speaker_id=5))


@needs_piper
def test_piper_fingerprint_changes_with_the_model(voices_dir, tmp_path):
    piper = get_engine("piper")
    joe = piper.fingerprint(VoiceProfile(engine="piper", voice="joe"))
    assert joe == piper.fingerprint(VoiceProfile(engine="piper", voice="narrator-x"))  # same file content
    other = tmp_path / "other.onnx"
    other.write_bytes(b"different model bytes")
    (tmp_path / "other.onnx.json").write_text("{}")
    assert piper.fingerprint(VoiceProfile(engine="piper", voice=str(other))) != joe


def test_espeak_voices_by_language():
    espeak = get_engine("espeak")
    french = {v.id for v in espeak.voices("fr")}
    assert "fr-fr" in french and "fr-fr+f2" in french and not any(i.startswith("en") for i in french)
    check_voice(VoiceProfile(voice="fr-fr+m3"))  # any installed language is accepted


MISSING_PIPER = """
import sys
sys.modules["piper"] = None  # as if piper-tts were not installed: importing it fails
from audiobook.engines import get_engine, installed_engines
from audiobook.errors import DependencyError
assert installed_engines() == ["espeak"], installed_engines()
try:
    get_engine("piper")
except DependencyError as exc:
    print(exc)
"""


def test_missing_piper_is_a_dependency_error_with_the_install_command():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", MISSING_PIPER], capture_output=True, text=True, check=True)
    assert "pip install 'audiobook[piper]'" in out.stdout


@needs_piper
def test_piper_model_at_another_rate_is_resampled_to_the_engine_rate(tmp_path):
    import json

    from audiobook.engines.piper import bundled_model

    # The bundled network, declared as a 16 kHz model: its samples now mean
    # 22050/16000 times more time once resampled to 22050 Hz.
    config = json.loads(Path(f"{bundled_model()}.json").read_text())
    config["audio"]["sample_rate"] = 16000
    model = tmp_path / "slow16k.onnx"
    model.symlink_to(bundled_model())
    Path(f"{model}.json").write_text(json.dumps(config))
    piper = get_engine("piper")
    pcm16, rate16 = piper.synthesize_with_rate(SENTENCE, VoiceProfile(engine="piper", voice=str(model)))
    assert rate16 == 16000
    assert duration(pcm16, 16000) > 4  # ~3.2 s of speech, read as 16 kHz samples
    # Piper varies a few percent from run to run (noise), so compare ratios.
    joe = duration(piper.synthesize(SENTENCE, VoiceProfile(engine="piper", voice="joe")), piper.sample_rate)
    slow = duration(piper.synthesize(SENTENCE, VoiceProfile(engine="piper", voice=str(model))), piper.sample_rate)
    assert slow / joe == pytest.approx(22050 / 16000, rel=0.1)


def test_espeak_output_hardly_depends_on_what_was_spoken_before():
    # eSpeak NG keeps state between utterances: the zero padding at the end
    # (stripped) and a voice tail of up to ~50 ms vary with earlier texts.
    espeak = get_engine("espeak")
    text = "Line more more."
    lengths = []
    for before in ("Hi.", "Hello world, how are you", " ".join(f"Sentence {i}." for i in range(100))):
        espeak.synthesize(before, VoiceProfile())
        pcm = espeak.synthesize(text, VoiceProfile())
        assert pcm[-2:] != b"\0\0"
        lengths.append(len(pcm))
    assert max(lengths) - min(lengths) <= 2 * 0.06 * espeak.sample_rate


@needs_piper
@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="converts with the espeak-ng program")
def test_piper_speaks_lexicon_phonemes_as_sounds_not_letters():
    piper = get_engine("piper")
    joe = VoiceProfile(engine="piper", voice="joe")
    words = duration(piper.synthesize("I met Goethe in Southwark.", joe), piper.sample_rate)
    phonemes = duration(piper.synthesize("I met [[g'3:t@]] in [[s'VD@k]].", joe), piper.sample_rate)
    spelled = duration(piper.synthesize("I met g'3:t@ in s'VD@k.", joe), piper.sample_rate)
    assert abs(phonemes - words) < 0.3 * words < abs(spelled - words)


def test_espeak_speaks_lexicon_phonemes_as_sounds_not_letters():
    espeak = get_engine("espeak")
    words = duration(espeak.synthesize("I met Goethe in Southwark.", VoiceProfile()), espeak.sample_rate)
    phonemes = duration(espeak.synthesize("I met [[g'3:t@]] in [[s'VD@k]].", VoiceProfile()), espeak.sample_rate)
    spelled = duration(espeak.synthesize("I met g'3:t@ in s'VD@k.", VoiceProfile()), espeak.sample_rate)
    assert abs(phonemes - words) < 0.3 * words < abs(spelled - words)


def test_strip_trailing_zeros_searches_back_across_blocks():
    sample = (5).to_bytes(2, "little", signed=True)
    low_byte_zero = (256).to_bytes(2, "little", signed=True)  # b"\x00\x01": not a zero sample
    assert strip_trailing_zeros(sample + bytes(2 * 10), step=3) == sample
    assert strip_trailing_zeros(sample + low_byte_zero + bytes(2 * 7), step=2) == sample + low_byte_zero
    assert strip_trailing_zeros(bytes(2 * 9), step=4) == b""
    assert strip_trailing_zeros(b"") == b""
    assert strip_trailing_zeros(sample * 3, step=1) == sample * 3


def test_gain_in_blocks_scales_and_clips_every_sample():
    samples = [1000, -1000, 30000, -30000] * 40_000  # longer than one block
    pcm = b"".join(s.to_bytes(2, "little", signed=True) for s in samples)
    doubled = gain(pcm, 2.0)
    want = [max(-32768, min(32767, 2 * s)) for s in samples]
    assert [int.from_bytes(doubled[i:i + 2], "little", signed=True) for i in range(0, len(doubled), 2)] == want


def test_a_speaker_id_an_espeak_voice_has_not_is_refused_when_checked():
    from audiobook.engines.registry import SpeakerIdError

    with pytest.raises(SpeakerIdError, match="remove speaker_id"):
        check_voice(VoiceProfile(voice="en-us+f1", speaker_id=3))
    check_voice(VoiceProfile(voice="en-us+f1"))


@needs_piper
def test_a_speaker_id_the_piper_model_has_not_is_refused_when_checked():
    """Before the build, not after three failed attempts at the first line."""
    from audiobook.engines.registry import SpeakerIdError

    assert get_engine("piper").speakers("joe") == 1
    check_voice(VoiceProfile(engine="piper", voice="joe", speaker_id=0))
    with pytest.raises(SpeakerIdError, match="speaker_id 5 is not a speaker of Piper voice 'joe': it has one speaker"):
        check_voice(VoiceProfile(engine="piper", voice="joe", speaker_id=5))
    with pytest.raises(UserError, match="'joe' is a voice of Piper, not of eSpeak: give it engine = \"piper\""):
        check_voice(VoiceProfile(engine="espeak", voice="joe"))
