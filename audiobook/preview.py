"""Preview: a short sample of one character's (or the narrator's) voice."""
from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from pathlib import Path
from typing import Callable

from .errors import UserError
from .model import Cast, VoiceProfile

SAMPLE_CHARS = 400  # about 20 seconds of speech
PLAYERS = (["mpv", "--no-video", "--really-quiet"], ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"],
           ["paplay"], ["aplay", "-q"])


def find_voice(cast: Cast, name: str) -> tuple[str | None, VoiceProfile]:
    """The character (by name or alias, any case) or the narrator, and its profile."""
    if name.strip().casefold() == "narrator":
        return None, cast.narrator
    wanted = name.strip().casefold()
    for member in cast.characters.values():
        if wanted in {member.name.casefold(), *(a.casefold() for a in member.aliases)}:
            return member.name, member.profile
    known = ", ".join(sorted(cast.characters)) or "(none)"
    raise UserError(f"no character '{name}' in the casting file; characters: {known}, or 'narrator'")


def sample_lines(script, speaker: str | None) -> list[str]:
    """The speaker's own first lines (the narrator's first narration) up to about SAMPLE_CHARS."""
    picked, size = [], 0
    for seg in script.segments:
        mine = seg.kind == "dialogue" and seg.speaker == speaker if speaker else seg.kind == "narration"
        text = " ".join(seg.text.split())
        if mine and len(text) > 3:
            picked.append(text)
            size += len(text)
            if size >= SAMPLE_CHARS:
                break
    return picked


def run_preview(name: str, cast_path: Path, book: Path | None, output: Path | None, play: bool,
                say: Callable[[str], None]) -> Path:
    from .atomic import atomic_path, ensure_output_folder
    from .cache import Cache, default_cache_dir
    from .cast import load_cast
    from .engines import check_voice
    from .normalize import speech_text
    from .synthesize import SAMPLE_RATE, Job, render

    if output is not None and not output.is_dir() and output.suffix.lower() != ".wav":
        raise UserError(f"--output {output}: a preview is a WAV file; name it {output.with_suffix('.wav').name}")
    cast = load_cast(cast_path, check_voice)
    speaker, profile = find_voice(cast, name)
    lines: list[str] = []
    if book is not None:
        from .book import load_book
        from .script import make_script

        lines = sample_lines(make_script(load_book(book), cast), speaker)
    if not lines:
        lines = [f"This is the voice of {speaker or 'the narrator'}. How does it sound?"]
    jobs = [Job(text=speech_text(t, cast.lexicon), profile=profile, label=f"preview of {name}") for t in lines]
    renderer = render(jobs, Cache(default_cache_dir()), workers=1)
    gap = b"\0\0" * (SAMPLE_RATE * 4 // 10)
    try:
        pcm = gap.join(renderer)
    finally:
        renderer.close()
    dest = output or Path("output") / f"preview-{(speaker or 'narrator').replace(' ', '_')}.wav"
    ensure_output_folder(dest, create=output is None)
    with atomic_path(dest) as tmp:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(pcm)
    if play and sys.stdout.isatty():
        for cmd in PLAYERS:
            if shutil.which(cmd[0]):
                subprocess.run([*cmd, str(dest)], check=False)
                break
        else:
            say("no audio player found (mpv, ffplay, paplay, aplay); open the file yourself")
    return dest
