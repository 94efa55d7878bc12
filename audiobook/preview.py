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


def sample_lines(script, speaker: str | None, said: list | None = None) -> list[str]:
    """The speaker's own first lines (the narrator's first narration) up to
    about SAMPLE_CHARS, as the build reads them: ``said`` is the segments'
    spoken form (``reading.spoken_segments``: a Markdown book's without its
    markup), by default the script's own segments."""
    picked, size = [], 0
    for seg, spoken in zip(script.segments, script.segments if said is None else said):
        mine = seg.kind == "dialogue" and seg.speaker == speaker if speaker else seg.kind == "narration"
        length = len(" ".join(spoken.text.split()))
        if mine and length > 3:
            picked.append(spoken.text)  # as it is: its line breaks are pauses, or not, as in the build
            size += length
            if size >= SAMPLE_CHARS:
                break
    return picked


def preview_jobs(name: str, cast: Cast, book: Path | None) -> tuple[str | None, list]:
    """The speaker named and the speech jobs of its sample: its own lines in
    ``book`` (or a stock sentence), in its voice, read as ``audiobook build``
    reads them (the segments' spoken form, the same lexicons in the same
    order: built-in, voices/lexicon.toml, the casting file's [lexicon]; with
    a book, the voice the build gives a character the casting file leaves
    without one)."""
    from .lexicon import speech_lexicon
    from .normalize import speech_text
    from .synthesize import Job

    speaker, profile = find_voice(cast, name)
    lexicon = speech_lexicon(cast)  # a mistake in voices/lexicon.toml is reported before the book is read
    lines: list[str] = []
    language = "en"
    if book is not None:
        from .book import load_book
        from .auto_cast import complete_cast
        from .engines import book_voices
        from .language import base_language, is_english
        from .reading import spoken_segments
        from .script import make_script

        loaded = load_book(book)
        script = make_script(loaded, cast)
        lines = sample_lines(script, speaker, spoken_segments(loaded, script.segments))
        # a character the casting file gives no voice speaks in the one the build chooses
        profile = complete_cast(script, cast, book_voices(loaded.language)).profile_for(speaker)
        language = base_language(loaded.language)
        if not is_english(language):
            lexicon = speech_lexicon(cast, english=False)
    if not lines:
        lines = [f"This is the voice of {speaker or 'the narrator'}. How does it sound?"]
    return speaker, [Job(text=speech_text(t, lexicon, language), profile=profile, label=f"preview of {name}")
                     for t in lines]


def preview_file_stem(speaker: str | None) -> str:
    """The character's name as a file name: "AC/DC" must not make a folder, nor ".." climb out."""
    import re

    stem = re.sub(r"[^\w.\-]+", "_", (speaker or "narrator").strip()).strip("._") or "character"
    return stem


def run_preview(name: str, cast_path: Path, book: Path | None, output: Path | None, play: bool,
                say: Callable[[str], None]) -> Path:
    from .atomic import atomic_path, ensure_output_folder
    from .cache import Cache, default_cache_dir
    from .cast import load_cast
    from .engines import check_voice
    from .synthesize import SAMPLE_RATE, render

    if output is not None and not output.is_dir() and output.suffix.lower() != ".wav":
        raise UserError(f"--output {output}: a preview is a WAV file; name it {output.with_suffix('.wav').name}")
    cast = load_cast(cast_path, check_voice)
    for note in cast.notes:  # as build and script say them: an alias two characters share, an empty file
        say(f"note: {note}")
    speaker, jobs = preview_jobs(name, cast, book)
    renderer = render(jobs, Cache(default_cache_dir()), workers=1)
    gap = b"\0\0" * (SAMPLE_RATE * 4 // 10)
    try:
        pcm = gap.join(renderer)
    finally:
        renderer.close()
    dest = output or Path("output") / f"preview-{preview_file_stem(speaker)}.wav"
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
