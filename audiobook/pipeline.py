"""The build: Book -> Script -> Cast -> rendered segments -> assembled chapters -> tagged file.

This module only wires the stages together and talks to the user; each stage
lives in its own module.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .atomic import ensure_output_folder, interrupts_held
from .covers import book_cover, read_cover
from .errors import UserError
from .model import Cast, Metadata, Script

Say = Callable[[str], None]

EXTENSIONS = {".m4b": "m4b", ".m4a": "m4b", ".mp4": "m4b", ".mp3": "mp3", ".opus": "opus", ".ogg": "opus"}


@dataclass
class BuildOptions:
    book: Path
    output: Path | None = None
    format: str | None = None
    cast: Cast | None = None
    cast_path: Path | None = None
    title: str | None = None
    author: str | None = None
    narrator: str | None = None
    cover: Path | None = None
    cache_dir: Path | None = None
    workers: int = 2
    split_hours: float | None = None
    transcript: str | None = None
    keep_front_matter: bool = False
    progress: bool = True


@dataclass
class BuildResult:
    outputs: list[Path]
    synthesized: int = 0
    from_cache: int = 0  # segments from earlier builds' cache
    repeated: int = 0  # segments said again in this build: synthesized once
    seconds: float = 0.0
    duration_ms: int = 0
    script: Script | None = None
    cast: Cast | None = None
    notes: list[str] = field(default_factory=list)
    chapters_encoded: int = 0  # chapters assembled and encoded by this build
    chapters_reused: int = 0  # chapters whose encoded audio came from the cache
    blocks_encoded: int = 0  # of the chapters encoded, blocks encoded (see chapter_cache.py)
    blocks_reused: int = 0  # and blocks found already encoded


def resolve_output(book: Path, output: Path | None, fmt: str | None) -> tuple[Path, str]:
    """Destination path and format; the folder must exist (output/ is made)."""
    if output is None:
        fmt = fmt or "m4b"
        dest = Path("output") / f"{book.stem}.{fmt}"
        ensure_output_folder(dest, create=True)
        return dest, fmt
    output = Path(output)
    if output.is_dir():
        raise UserError(f"--output {output} is a folder; give a file name such as {output / (book.stem + '.m4b')}")
    suffix = output.suffix.lower()
    if fmt is None:
        if suffix not in EXTENSIONS:
            raise UserError(f"--output {output}: unknown audio extension '{suffix or '(none)'}'; "
                            "name it .m4b, .mp3 or .opus, or add --format")
        fmt = EXTENSIONS[suffix]
    elif suffix in EXTENSIONS and EXTENSIONS[suffix] != fmt:
        # players go by the extension: an MP3 named .m4b would not play
        raise UserError(f"--output {output} says {EXTENSIONS[suffix]} but --format is {fmt}; "
                        f"name it {output.with_suffix('.' + fmt).name} or drop --format")
    elif suffix not in EXTENSIONS:
        # "-o book -f mp3" means book.mp3; "-o book.wav -f mp3" would be an MP3 that says WAV
        if output.suffix and output.suffix[1:].isalpha() and len(output.suffix) <= 5:
            raise UserError(f"--output {output}: {fmt} audio in a file named {suffix}; name it "
                            f"{output.with_suffix('.' + fmt).name}")
        output = output.with_name(output.name + "." + fmt)
    ensure_output_folder(output)
    return output, fmt


BUILTIN_LEXICON = Path(__file__).resolve().parent / "data" / "lexicon.toml"


def speech_lexicon(cast: Cast, english: bool = True) -> dict[str, str]:
    """The built-in lexicon (shipped in the package; English books only), then
    the user's voices/lexicon.toml, then the casting file's own entries (later
    ones win; `lexicon.speech_lexicon`, which preview reads with too)."""
    from .lexicon import speech_lexicon as assembled

    return assembled(cast, english=english)


def run_build(opts: BuildOptions, say: Say) -> BuildResult:
    from .assemble import Assembly, Cue, blank_line_paragraphs
    from .chapter_cache import ChapterCache, encoding_material, plan_chapters, segment_keys
    from .exporters import ffmpeg
    from .exporters.join import EncodedChapter, join_chapters
    from .book import load_book
    from .cache import Cache, default_cache_dir
    from .auto_cast import complete_cast, unset_voices_note
    from .engines import book_voices
    from .exporters import get_exporter
    from .language import base_language, is_english
    from .normalize import speech_text
    from .reading import boilerplate_note, spoken_segments
    from .script import make_script
    from .status import SCRIPTING, working
    from .synthesize import SAMPLE_RATE, Job, render

    started = time.perf_counter()
    _fix_mmap_threshold()
    dest, fmt = resolve_output(opts.book, opts.output, opts.format)
    exporter = get_exporter(fmt)
    cover = read_cover(opts.cover) if opts.cover else None
    if opts.split_hours is not None and not opts.split_hours > 0:
        raise UserError(f"--split-hours must be a positive number of hours, got {opts.split_hours}")

    # --author " " is no author: the book's own, as for --title "" (not a blank tag and "by , read by")
    title, author, narrator = (" ".join(v.split()) or None if v is not None else None
                               for v in (opts.title, opts.author, opts.narrator))
    book = load_book(opts.book, title=title, author=author, keep_front_matter=opts.keep_front_matter)
    for note in book.notices:
        say(f"note: {note}")
    if cover is None and book.cover:
        cover = book_cover(book.cover, book.cover_mime, say)
    with working(SCRIPTING, opts.progress and sys.stderr.isatty()):
        script = make_script(book, opts.cast)
    for note in script.notes:
        say(f"note: {note}")
    if note := boilerplate_note(book):
        say(f"note: {note}")
    cast = complete_cast(script, opts.cast, book_voices(book.language))
    if note := unset_voices_note(opts.cast, cast, opts.cast_path):
        say(f"note: {note}")
    language = base_language(book.language)  # not English: eSpeak reads numbers in the voice's own language
    lexicon = speech_lexicon(cast, is_english(language))

    titles = {c.index: c.title for c in book.chapters}
    said = spoken_segments(book, script.segments)
    jobs = []
    for seg, spoken in zip(script.segments, said):
        text = speech_text(spoken.text, lexicon, language) if spoken.text.strip() else ""
        who = seg.speaker if seg.kind == "dialogue" else None
        label = f"{titles.get(seg.chapter, seg.chapter)}: \u201c{' '.join(seg.text.split())[:60]}\u201d"
        jobs.append(Job(text=text, profile=cast.profile_for(who), label=label))

    cache = Cache(opts.cache_dir or default_cache_dir())
    metadata = Metadata(title=book.title, author=book.author, narrator=narrator, language=book.language,
                        description=f"{book.title}" + (f" by {book.author}" if book.author else "")
                        + f", read by {narrator or 'the synthetic voices of audiobook'}",
                        cover=cover[0] if cover else None, cover_mime=cover[1] if cover else None,
                        year=book.year or time.strftime("%Y"))
    profiles = _profiles_heard(script, cast)
    # the voice heard, so that pauses mark a real change of voice
    speakers = {who: repr(p) for who, p in profiles.items()}
    volumes = {who: p.volume for who, p in profiles.items()}
    keys = segment_keys(jobs, SAMPLE_RATE)
    encoding = encoding_material(exporter, SAMPLE_RATE)
    blank_lines = blank_line_paragraphs(said)
    plans = plan_chapters(book.chapters, said, keys, speakers, blank_lines, encoding)
    chapter_cache = ChapterCache(cache.root)
    chapter_cache.remove_stale_temps()
    ffmpeg.remove_stale_temps(dest)
    with _no_temps_left_on_failure(dest, chapter_cache):
        encoded = {p.key: chapter_cache.get_chapter(p.key, exporter.chapter_suffix) for p in plans if p.spoken}
        todo = [p for p in plans if p.spoken and encoded[p.key] is None]
        # the segments of the chapters reused are in use too: pruned after those no build needed since
        cache.touch(keys[i] for p in plans if p.spoken and encoded[p.key] is not None for i in range(p.start, p.end))
        todo_jobs = [i for p in todo for i in range(p.start, p.end)]

        progress = _Progress(len(todo_jobs), enabled=opts.progress and bool(todo_jobs))  # no empty 0/0 bar on a cached rebuild
        renderer = render([jobs[i] for i in todo_jobs], cache, workers=opts.workers, progress=progress.update,
                          keys=[keys[i] for i in todo_jobs])
        assembly = Assembly(book.chapters, [said[i] for i in todo_jobs], iter(renderer), SAMPLE_RATE,
                            speakers=speakers, blank_lines=blank_lines, volumes=volumes)
        blocks_encoded, blocks_reused = _encode_chapters(assembly, todo, exporter, chapter_cache, encoded, dest,
                                                         SAMPLE_RATE, renderer, progress, encoding)

        done = [(p, encoded[p.key]) for p in plans if p.spoken and encoded[p.key] is not None]
        parts = join_chapters(exporter, [EncodedChapter(p.title, c.paths, c.duration_us) for p, c in done],
                              metadata, dest, split_hours=opts.split_hours)
        outputs = [p.path for p in parts]
        if note := earlier_parts_note(dest, outputs):
            say(f"note: {note}")
        cues, book_us = [], 0
        for plan, chapter in done:
            offset = (book_us + 500) // 1000
            cues += [Cue(start + offset, end + offset, who, text, plan.index) for start, end, who, text in chapter.cues]
            book_us += chapter.duration_us
        if opts.transcript:
            from .transcript import write_transcripts

            outputs += write_transcripts(cues, parts, fmt=opts.transcript)
        reused = [p for p in plans if p.spoken and p not in todo]
        silent = sum(1 for j in jobs if not j.text.strip())  # the book's blank quotations, markup: nothing to say
        result = BuildResult(outputs=outputs, synthesized=renderer.synthesized,
                             from_cache=renderer.from_cache - renderer.repeated + sum(p.spoken for p in reused),
                             repeated=renderer.repeated,
                             seconds=time.perf_counter() - started, duration_ms=(book_us + 500) // 1000,
                             script=script, cast=cast, chapters_encoded=len(todo), chapters_reused=len(reused),
                             blocks_encoded=blocks_encoded, blocks_reused=blocks_reused)
        quotations = sum(1 for s in script.segments if s.kind == 'dialogue')
        # the chapters heard: one with nothing to read (a licence) is left out of the file
        say(f"{_count(sum(1 for p in plans if p.spoken), 'chapter')}, {_count(quotations, 'quotation')}, "
            f"{_count(len(cast.characters), 'character')}; {_count(result.synthesized, 'segment')} synthesized, "
            f"{result.from_cache} from cache" + (f", {result.repeated} repeated" if result.repeated else "")
            + (f", {silent} silent" if silent else "") + f"; {result.duration_ms / 3_600_000:.2f} h of audio in {result.seconds:.1f} s; "
            f"{_count(result.chapters_encoded, 'chapter')} encoded, {result.chapters_reused} reused "
            f"({_count(result.blocks_encoded, 'block')} encoded, {result.blocks_reused} reused)")
        return result


def earlier_parts_note(dest: Path, outputs: list[Path]) -> str | None:
    """Audio an earlier build of ``dest`` left that this one did not replace: parts
    beyond this build's (``Book - Part 3.m4b`` when it has two), or ``Book.m4b``
    beside parts, or parts beside it.  Said, not removed: they are the user's files now."""
    from .exporters.base import part_path

    stale = [] if dest in outputs else [dest]
    number = len(outputs) + 1 if len(outputs) > 1 else 1
    while part_path(dest, number).exists():
        stale.append(part_path(dest, number))
        number += 1
    stale = [p for p in stale if p.is_file()]
    if not stale:
        return None
    shown = ", ".join(str(p) for p in stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
    return (f"{shown} {'is' if len(stale) == 1 else 'are'} left from an earlier build, not part of this one "
            f"({len(outputs)} file{'s' if len(outputs) > 1 else ''}); delete {'it' if len(stale) == 1 else 'them'} "
            "if you no longer want them")


@contextmanager
def _no_temps_left_on_failure(dest: Path, chapter_cache) -> Iterator[None]:
    """Whatever stops the build (Ctrl-C, SIGTERM, an error), no temporary file
    of this process is left beside the output or in the chapter cache, even
    one made in the instant before the interrupt (each stage removes its own;
    this sweeps by the process id in their names, once the stages have stopped)."""
    from .exporters import ffmpeg

    try:
        yield
    except BaseException:
        with interrupts_held():
            ffmpeg.remove_own_temps(dest)
            chapter_cache.remove_own_temps()
        raise


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _fix_mmap_threshold() -> None:
    """glibc: large buffers (segment audio, PCM blocks) always from mmap, so
    freeing them gives the memory back; by default the threshold rises to the
    largest buffer freed and the heap keeps every size the book went through."""
    import ctypes
    from .engines.workers import MMAP_THRESHOLD

    try:
        ctypes.CDLL("libc.so.6").mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass  # not glibc


BLOCK_MIN_SECONDS = 60  # a chapter's blocks: long enough that an encoder's start-up cost is small,
BLOCK_MAX_SECONDS = 300  # short enough that re-encoding the block an edit changed is quick
BLOCK_CUT_ONE_IN = 3  # of the paragraph pauses, those before a paragraph whose text hashes to 0 mod this


def _cut_rule(assembly, chapter_start: int, sample_rate: int):
    """Where to cut a chapter into blocks: mid-way through a paragraph pause,
    chosen by the text after it (so an edit moves no cut but its own)."""
    import hashlib

    def cut(position: int, block_samples: int) -> bool:
        seg = assembly.breaks.get(chapter_start + position)
        if seg is None or block_samples < BLOCK_MIN_SECONDS * sample_rate:
            return False
        if block_samples >= BLOCK_MAX_SECONDS * sample_rate:
            return True
        return int(hashlib.sha1(seg.text.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) \
            % BLOCK_CUT_ONE_IN == 0
    return cut


def _encode_chapters(assembly, todo, exporter, chapter_cache, encoded: dict, dest: Path, sample_rate: int,
                     renderer, progress, encoding: dict) -> tuple[int, int]:
    """Assemble the chapters to (re)encode, spool each to disk in blocks, and
    encode the blocks not already cached (several at once) into the chapter
    cache; ``encoded`` gets each chapter's entry.  Returns (blocks encoded, reused)."""
    from .chapter_cache import CachedChapter, chapter_key
    from .exporters import ffmpeg
    from .exporters.join import ChapterEncoder, spool_blocks

    encoder = ChapterEncoder(exporter, sample_rate, dest)
    suffix = exporter.chapter_suffix
    temps: list[Path] = []  # the encoders' outputs in the chapter cache (moved into place when complete)
    spools: list[Path] = []  # every block spooled (the encoder, or the reuse below, removes each)
    blocks_done: dict[str, object] = {}
    chapters = []  # (plan, [(block key, pcm start samples)], cues in PCM time)
    reused = 0

    def committer(key, out):
        def commit(duration_us: int) -> None:
            blocks_done[key] = chapter_cache.commit_block(key, suffix, out, duration_us)
        return commit

    try:
        with progress:
            plan_of = iter(todo)
            for chapter in assembly.chapters():
                plan = next(plan_of)
                start, first_cue = assembly.samples, len(assembly.cues)
                start_ms = assembly.duration_ms
                blocks, gain_db = spool_blocks(chapter.chunks, dest, _cut_rule(assembly, start, sample_rate))
                spools += [block.path for block in blocks]
                cues = [(c.start_ms - start_ms, c.end_ms - start_ms, c.speaker, c.text)
                        for c in assembly.cues[first_cue:]]
                assembly.forget_taken()
                keys = []
                for block in blocks:
                    key = chapter_key({"pcm": block.sha256, "gain_db": gain_db, "encoding": encoding})
                    keys.append((key, block.start))
                    if key in blocks_done or chapter_cache.get_block(key, suffix) is not None:
                        blocks_done.setdefault(key, chapter_cache.get_block(key, suffix))
                        ffmpeg.remove_quietly(block.path)
                        reused += 1
                        continue
                    blocks_done[key] = None  # on its way
                    out = chapter_cache.temp_path(key, suffix)
                    temps.append(out)
                    encoder.submit(block.path, gain_db, out, committer(key, out))
                if blocks:
                    chapters.append((plan, keys, cues))
            encoder.wait()
    except BaseException:
        # Ctrl-C, SIGTERM or an error: the encoders and their threads stop
        # first, so that nothing writes a file once it has been removed.
        encoder.abort()
        raise
    finally:
        with interrupts_held():
            renderer.close()
            for path in (*temps, *spools):
                ffmpeg.remove_quietly(path)
    for plan, keys, cues in chapters:
        blocks = tuple(blocks_done[key] for key, _ in keys)
        cues = _cues_in_encoded_time(cues, [s for _, s in keys], [b.duration_us for b in blocks], sample_rate)
        chapter_cache.put_chapter(plan.key, plan.title, [key for key, _ in keys], cues)
        encoded[plan.key] = CachedChapter(plan.title, blocks, cues)
    return len(temps), reused


def _cues_in_encoded_time(cues, block_starts: list[int], durations_us: list[int], sample_rate: int):
    """Cue times moved from the chapter's PCM to its encoded blocks (each block
    adds its codec's priming and padding)."""
    shifts, encoded_us = [], 0
    for start, duration in zip(block_starts, durations_us):
        shifts.append((start * 1000 // sample_rate, (encoded_us - start * 1_000_000 // sample_rate) // 1000))
        encoded_us += duration
    moved = []
    for start_ms, end_ms, who, text in cues:
        shift = next(s for first, s in reversed(shifts) if first <= start_ms) if shifts else 0
        moved.append((start_ms + shift, end_ms + shift, who, text))
    return moved


def _profiles_heard(script: Script, cast: Cast) -> dict:
    """Speaker (NARRATOR for narration) -> the voice profile heard: two minor
    characters may share one; a narrator-character speaks as the narrator."""
    from .model import NARRATOR

    heard = {NARRATOR: cast.narrator}
    for seg in script.segments:
        if seg.speaker and seg.speaker not in heard:
            heard[seg.speaker] = cast.profile_for(seg.speaker)
    return heard


class _Progress:
    """A progress bar with ETA on stderr (quiet when not a terminal and disabled)."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled
        self._bar = None
        self._task = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self._bar = Progress(TextColumn("synthesizing"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("segments", total=self.total)
        return self

    def update(self, done: int, total: int | None = None) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total or self.total)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False
