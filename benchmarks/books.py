"""Books for the scale benchmarks, and the build's own view of them.

Books are cut from the PDNC corpus novels (read in place, never copied into
the repository): an excerpt of Pride and Prejudice, or a long book of
distinct text made of several novels one after another.  The build's view:
its script, speech jobs and audio cache keys, computed through the package's
public functions exactly as `audiobook build` computes them.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import harness  # noqa: F401  (puts this checkout first on the import path)

PRIDE_AND_PREJUDICE = Path(os.environ.get(
    "AUDIOBOOK_BENCH_BOOK", "/work/shared/pdnc-dev/PrideAndPrejudice/novel_text.txt"))
# Words per hour of finished audio: eSpeak NG at the default rates plus our pauses (measured on P&P).
WORDS_PER_HOUR = 10_800


# -- books ---------------------------------------------------------------------

# Distinct novels, in the order long books are made from them (all in the PDNC corpus).
CORPUS = Path(os.environ.get("AUDIOBOOK_BENCH_CORPUS", "/work/shared/pdnc-dev"))
NOVELS = ("PrideAndPrejudice", "Emma", "HardTimes", "ARoomWithAView", "TheMysteriousAffairAtStyles",
          "TheSignOfTheFour", "AlicesAdventuresInWonderland", "WinnieThePooh")
_CHAPTER_HEADING = re.compile(r"^[ \t]*chapter[ \t]+[ivxlc]+\b.*$", re.M | re.I)


def source_text() -> str:
    if not PRIDE_AND_PREJUDICE.is_file():
        sys.exit(f"the benchmark book {PRIDE_AND_PREJUDICE} is missing: "
                 "set AUDIOBOOK_BENCH_BOOK to a plain-text novel with 'CHAPTER I.' headings")
    return PRIDE_AND_PREJUDICE.read_text(encoding="utf-8")


def chapters_of(text: str) -> list[str]:
    """The chapter bodies (heading line removed, text before the first heading dropped), in order."""
    starts = [m.start() for m in _CHAPTER_HEADING.finditer(text)]
    if not starts:
        return [text]
    bodies = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        chunk = text[a:b]
        bodies.append(chunk.split("\n", 1)[1] if "\n" in chunk else "")
    return bodies


def roman(n: int) -> str:
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def join_chapters(bodies: list[str]) -> str:
    return "".join(f"CHAPTER {roman(i + 1)}.\n{body.rstrip()}\n\n\n" for i, body in enumerate(bodies))


def _first_chapters(bodies, hours: float | None) -> list[str]:
    """Whole chapters from the start totalling about ``hours`` of speech (at least one)."""
    if hours is None:
        return list(bodies)
    want = hours * WORDS_PER_HOUR
    taken, words = [], 0
    for body in bodies:
        if taken and words >= want:
            break
        taken.append(body)
        words += len(body.split())
    return taken


def excerpt(hours: float | None) -> str:
    """The first chapters of the novel totalling about ``hours`` of speech
    (whole chapters, at least one); None gives the whole novel."""
    return join_chapters(_first_chapters(chapters_of(source_text()), hours))


def distinct_book(hours: float) -> str:
    """About ``hours`` of speech, no paragraph repeated: the corpus novels'
    chapters one novel after another (in ``NOVELS`` order), renumbered, cut
    after the chapter that reaches the length."""
    def all_chapters():
        for name in NOVELS:
            path = CORPUS / name / "novel_text.txt"
            if path.is_file():
                yield from chapters_of(path.read_text(encoding="utf-8"))
    bodies = _first_chapters(all_chapters(), hours)
    words = sum(len(b.split()) for b in bodies)
    if words < 0.9 * hours * WORDS_PER_HOUR:
        sys.exit(f"the novels in {CORPUS} give only {words / WORDS_PER_HOUR:.1f} h of speech, not {hours} h")
    return join_chapters(bodies)


# -- the build's own view of a book ---------------------------------------------------

def cli(*args: str, cwd: Path | None = None) -> str:
    """Run an `audiobook` command; its standard output."""
    done = subprocess.run([sys.executable, "-m", "audiobook", *args], capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        raise RuntimeError(f"audiobook {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def script_rows(book: Path, cast: Path | None = None) -> list[dict]:
    import json

    args = ["script", str(book), "--format", "jsonl"] + (["--cast", str(cast)] if cast else [])
    return [json.loads(line) for line in cli(*args, cwd=book.parent).splitlines() if line.strip()]


def speech_jobs(book: Path, cast: Path | None = None) -> list:
    """The build's speech jobs for ``book``, one per script segment, made as
    `audiobook build` makes them (script, casting file or automatic cast,
    lexicon, speech text; front matter and blank segments silent)."""
    from audiobook.book import load_book
    from audiobook.auto_cast import complete_cast
    from audiobook.cast import load_cast
    from audiobook.engines import all_voices, check_voice
    from audiobook.normalize import speech_text
    from audiobook.pipeline import front_matter_end, speech_lexicon
    from audiobook.script import make_script
    from audiobook.synthesize import Job

    given = load_cast(cast, check_voice) if cast else None
    b = load_book(book)
    script = make_script(b, given)
    full = complete_cast(script, given, all_voices())
    lexicon = speech_lexicon(full)
    silent_until = front_matter_end(b)
    jobs = []
    for seg in script.segments:
        text = speech_text(seg.text, lexicon) if seg.text.strip() and seg.end > silent_until else ""
        who = seg.speaker if seg.kind == "dialogue" else None
        jobs.append(Job(text=text, profile=full.profile_for(who), label=""))
    return jobs


def job_keys(book: Path, cast: Path | None = None) -> list[str]:
    """The audio cache key of every spoken segment of ``book``, in order, as
    the build computes them (``audiobook.chapter_cache.segment_keys``)."""
    from audiobook.chapter_cache import segment_keys
    from audiobook.synthesize import SAMPLE_RATE

    return [k for k in segment_keys(speech_jobs(book, cast), SAMPLE_RATE) if k is not None]


def cached_keys(cache_dir: Path) -> set[str]:
    return {p.stem for p in Path(cache_dir).rglob("*.pcm") if not p.name.startswith(".")}
