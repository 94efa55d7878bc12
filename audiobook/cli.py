"""Command-line front end.  Every command is a thin shell over the stages;
user errors end as one line on stderr with a non-zero exit code."""
from __future__ import annotations

import errno
import json
import os
import shlex
import signal
import sys
import threading
import traceback
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import UserError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn a book (.txt, .md, .epub) into a chaptered, multi-voice audiobook (M4B, MP3, Opus).\n\n"
    "Typical use: `audiobook cast BOOK` writes voices/BOOK.toml; edit voices there; "
    "`audiobook build BOOK` writes output/BOOK.m4b. Rebuilds reuse cached audio.",
)

_debug = False


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _version(shown: bool) -> None:
    if shown:
        from . import __version__

        typer.echo(f"audiobook {__version__}")
        raise typer.Exit()


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="Show a full traceback on errors."),
             version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")) -> None:
    global _debug
    _debug = debug


class AudioFormat(str, Enum):
    m4b = "m4b"
    mp3 = "mp3"
    opus = "opus"


class ScriptFormat(str, Enum):
    script = "script"
    jsonl = "jsonl"
    text = "text"


class TranscriptFormat(str, Enum):
    vtt = "vtt"
    srt = "srt"


def default_cast_path(book: Path) -> Path:
    return Path("voices") / f"{book.stem}.toml"


def _cast_for(cast: Optional[Path], book: Optional[Path]) -> Path:
    """The casting file named, else the book's own voices/BOOK.toml."""
    if cast is not None:
        return cast
    if book is None:
        raise UserError("which casting file? give --cast FILE, or --book BOOK to use voices/BOOK.toml")
    return default_cast_path(book)


def _load_cast(cast: Optional[Path], book: Path, check_voices: bool = True):
    """The casting file given, or voices/<book>.toml when it exists (said so)."""
    from .cast import load_cast

    path = cast
    if path is None and default_cast_path(book).exists():
        path = default_cast_path(book)
        _say(f"using casting file {path} (pass --cast to choose another)")
    if path is None:
        return None, None
    checker = None
    if check_voices:
        from .engines import check_voice
        from .engines.registry import set_voice_dirs

        # user voice models (.onnx) beside the casting file, or in ./voices
        set_voice_dirs(list(dict.fromkeys([path.parent.resolve(), Path("voices").resolve()])))
        checker = check_voice
    cast_obj = load_cast(path, checker)
    for n in cast_obj.notes:
        _say(f"note: {n}")
    return cast_obj, path


@app.command()
def build(
    book: Path = typer.Argument(..., help="The book: .txt, .md or .epub."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Audio file to write (default output/BOOK.m4b); its extension picks the format."),
    format: Optional[AudioFormat] = typer.Option(None, "--format", "-f", help="m4b, mp3 or opus (default: from --output, else m4b)."),
    cast: Optional[Path] = typer.Option(None, "--cast", "-c", help="Casting file (default voices/BOOK.toml when it exists)."),
    title: Optional[str] = typer.Option(None, help="Book title (default: from the book)."),
    author: Optional[str] = typer.Option(None, help="Author (default: from the book)."),
    narrator: Optional[str] = typer.Option(None, help="Narrator credit for the tags."),
    cover: Optional[Path] = typer.Option(None, help="Cover image (JPEG or PNG); an EPUB's own cover is used otherwise."),
    cache_dir: Optional[Path] = typer.Option(None, envvar="AUDIOBOOK_CACHE_DIR",
                                             help="Audio cache folder (default $XDG_CACHE_HOME/audiobook, "
                                                  "else ~/.cache/audiobook)."),
    workers: int = typer.Option(0, metavar="N", min=0, max=64,
                                help="Synthesis processes; 0 (the default) is one per core."),
    split_hours: Optional[float] = typer.Option(None, "--split-hours", min=0.5, metavar="HOURS",
                                                help="Write parts of at most HOURS hours each, split between chapters: "
                                                     "-o book.m4b gives 'book - Part 1.m4b', 'book - Part 2.m4b', ..."),
    transcript: Optional[TranscriptFormat] = typer.Option(None, help="Also write a transcript beside the audio: vtt or srt."),
    keep_front_matter: bool = typer.Option(False, help="EPUB: keep copyright, contents and index pages."),
) -> None:
    """Build the audiobook: read, script, cast, synthesize, assemble, export.

    \b
    Examples:
      audiobook build book.epub                    # -> output/book.m4b
      audiobook build book.txt -o book.mp3         # the format from the extension
      audiobook build book.md --cast voices/book.toml --transcript vtt
      audiobook build long.epub --split-hours 10   # parts that never split a chapter

    Run it again after editing the casting file or the book: unchanged
    segments and chapters come from the cache.  An interrupted build resumes.
    A book in another language (its EPUB's dc:language, or as its words read)
    gets that language's voices; a Project Gutenberg text's header and
    licence are not read."""
    from .pipeline import BuildOptions, run_build

    cast_obj, cast_path = _load_cast(cast, book)
    options = BuildOptions(book=book, output=output, format=format.value if format else None, cast=cast_obj,
                           cast_path=cast_path, title=title, author=author, narrator=narrator, cover=cover,
                           cache_dir=cache_dir, workers=workers or (os.cpu_count() or 1), split_hours=split_hours,
                           transcript=transcript.value if transcript else None, keep_front_matter=keep_front_matter)
    result = run_build(options, say=_say)
    for path in result.outputs:
        typer.echo(str(path))


@app.command("cast")
def cast_command(
    book: Path = typer.Argument(..., help="The book: .txt, .md or .epub."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Casting file to write (default voices/BOOK.toml)."),
    force: bool = typer.Option(False, help="Start afresh instead of keeping the settings already in the file."),
    keep_front_matter: bool = typer.Option(False, help="EPUB: keep copyright, contents and index pages."),
) -> None:
    """Write the casting file: narrator and one table per character, voices chosen automatically.

    An existing file is updated: its characters keep their settings, new ones are added."""
    from .atomic import ensure_output_folder, write_bytes_atomic, write_text_atomic
    from .book import load_book
    from .auto_cast import complete_cast
    from .cast import load_cast, render_cast, update_cast_text
    from .engines import book_voices, check_voice
    from .script import make_script
    from .status import SCRIPTING, working

    dest = output or default_cast_path(book)
    _not_the_book(dest, book)
    if dest.is_dir():
        raise UserError(f"--output {dest} is a folder; give a file name such as {dest / (book.stem + '.toml')}")
    if dest.exists():
        from .fixes import check_writable

        check_writable(dest, "to update it, or write another with --output")
    existing = load_cast(dest, check_voice) if dest.exists() and not force else None
    b = load_book(book, keep_front_matter=keep_front_matter)
    _notices(b)
    with working(SCRIPTING):
        script = make_script(b, existing, admit_new=True)  # the book may have changed: new characters join
    _script_notes(script)
    full = complete_cast(script, existing, book_voices(b.language))
    ensure_output_folder(dest, create=output is None)
    # an update keeps the file as the user wrote it (order, comments), adding what is new
    text = update_cast_text(dest.read_text(encoding="utf-8-sig"), full, b.title) if existing \
        else render_cast(full, b.title)
    # as bytes: the file --force replaces may be one no longer readable as UTF-8 (saved as UTF-16, Latin-1)
    old = dest.read_bytes() if force and dest.is_file() else None
    if old is not None and old.removeprefix(b"\xef\xbb\xbf") != text.encode("utf-8"):
        # starting afresh drops its fixes, lexicon and settings: keep a copy
        backup = next(p for n in range(1000) if not (p := dest.with_name(dest.name + (f".{n}" if n else "") + ".bak"))
                      .exists() or p.read_bytes() == old)
        write_bytes_atomic(backup, old)
        _say(f"--force: the old file is kept as {backup} (its settings, [lexicon] and [fixes] are not in the new one)")
    write_text_atomic(dest, text)
    speaking = sum(1 for m in full.characters.values() if m.lines)
    # the build finds voices/BOOK.toml by itself; any other casting file must be named to it
    picked_up = dest.resolve() == default_cast_path(book).resolve()
    build = f"audiobook build {shlex.quote(str(book))}" + ("" if picked_up else f" --cast {shlex.quote(str(dest))}")
    _say(f"{'updated' if existing else 'wrote'} {dest}: narrator and {len(full.characters)} characters "
         f"({speaking} with lines); edit it, then run: {build}")
    typer.echo(str(dest))


@app.command()
def script(
    book: Path = typer.Argument(..., help="The book: .txt, .md or .epub."),
    format: ScriptFormat = typer.Option(ScriptFormat.script, "--format", "-f",
                                        help="script (SPEAKER: line), jsonl (one segment per line) or text (the text offsets refer to)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    cast: Optional[Path] = typer.Option(None, "--cast", "-c", help="Casting file (default voices/BOOK.toml when it "
                                                                   "exists): its characters are the roster, its [fixes] apply."),
    review: bool = typer.Option(False, help="List the least certain attributions, most doubtful first, and how to fix them."),
    limit: Optional[int] = typer.Option(None, metavar="N",
                                        help="How many doubtful quotations --review lists (default 20).",
                                        min=1),
    keep_front_matter: bool = typer.Option(False, help="EPUB: keep copyright, contents and index pages."),
) -> None:
    """Show the attributed script: who speaks each quotation.

    --format jsonl gives each segment with its offsets in the book and, for
    dialogue, the speaker's confidence and the quotation's id; --review lists
    the doubtful ones with the `audiobook fix` command for each."""
    from .book import load_book
    from .script import make_script
    from .status import SCRIPTING, working

    if output is not None:
        _not_the_book(output, book)
    if limit is not None and not review:
        raise UserError("--limit says how many quotations --review lists; add --review")
    if review and format != ScriptFormat.script:
        raise UserError(f"--review lists doubtful quotations for reading, in no other format; leave out "
                        f"--format {format.value} (--format jsonl gives every quotation's confidence)")
    cast_obj, cast_path = _load_cast(cast, book, check_voices=False)
    b = load_book(book, keep_front_matter=keep_front_matter)
    _notices(b)
    if format == ScriptFormat.text:
        _emit(b.text, output)
        return
    with working(SCRIPTING):
        s = make_script(b, cast_obj)
    _script_notes(s)
    if review:
        from .review import doubtful, format_review

        from .fixes import book_for

        fix_in = cast_path or default_cast_path(book)
        make_cast = None if cast_path else f"audiobook cast {shlex.quote(str(book))}"
        found = book_for(fix_in)  # where `fix` looks: else each command names the book
        named = None if found is not None and found.resolve() == book.resolve() else book
        _emit(format_review(doubtful(s, limit or REVIEW_LIMIT), fix_in, make_cast, named), output)
        return
    if format == ScriptFormat.jsonl:
        from .names import most_used_names

        # a casting file may key characters by formal names; label them as the book calls them
        label = most_used_names(b.text, [c for c in s.characters if cast_obj and c.name in cast_obj.characters])
        lines = []
        for seg in s.segments:
            speaker = label.get(seg.speaker, seg.speaker) if seg.speaker else None
            row = {"chapter": seg.chapter, "kind": seg.kind, "speaker": speaker, "text": seg.text,
                   "start": seg.start, "end": seg.end}
            if seg.kind == "dialogue":
                row["character"] = seg.speaker  # the casting file's name for them (its table key)
                row["confidence"] = None if seg.confidence is None else round(seg.confidence, 3)
                row["quote_id"] = seg.quote_id
                row["continues"] = seg.continues
            lines.append(json.dumps(row, ensure_ascii=False))
        _emit("\n".join(lines) + "\n", output)
        return
    _emit(readable_script(s), output)


REVIEW_LIMIT = 20  # doubtful quotations --review lists by default


def readable_script(s) -> str:
    """SPEAKER: line, with chapter headings; narration as NARRATOR."""
    out: list[str] = []
    titles = {c.index: c.title for c in s.book.chapters}
    chapter = None
    for seg in s.segments:
        if seg.chapter != chapter:
            chapter = seg.chapter
            out.append(f"\n== {titles.get(chapter, chapter)} ==")
        text = " ".join(seg.text.split())
        if not text:
            continue
        who = (seg.speaker or "UNKNOWN").upper() if seg.kind == "dialogue" else "NARRATOR"
        out.append(f"{who}: {text}")
    return "\n".join(out).lstrip("\n") + "\n"


@app.command()
def fix(
    quote_id: str = typer.Argument(..., help="The quotation's id, as `audiobook script BOOK --review` shows it."),
    speaker: str = typer.Argument(..., help="Who really says it: a name or alias from the casting file, or Narrator."),
    cast: Optional[Path] = typer.Option(None, "--cast", "-c", help="The casting file to record the fix in "
                                                                   "(default voices/BOOK.toml for --book BOOK)."),
    book: Optional[Path] = typer.Option(None, help="The book, to check the id names one of its quotations "
                                                   "(default: BOOK.txt/.md/.epub for voices/BOOK.toml, looked for in "
                                                   "the current folder and the one holding voices/)."),
    new: bool = typer.Option(False, "--new", help="SPEAKER is someone the casting file and the book's names do not "
                                                  "have (\"said the old Crab\"): add them as a character."),
) -> None:
    """Pin a quotation's speaker in the casting file's [fixes].

    The fix survives re-scripting and edits elsewhere in the book; if that
    quotation itself is edited or removed, script and build say so.  A
    speaker the casting file does not list yet is added to it when the book
    names them (or with --new)."""
    from .cast import load_cast
    from .fixes import add_fix, book_for, check_quote_id, check_writable, quotation_text, speaker_for_fix

    quote_id = quote_id.strip().lower()
    check_quote_id(quote_id)
    if not any(ch.isalnum() for ch in speaker):  # "" would become a character without a name, breaking the file
        raise UserError(f"{speaker.strip()!r} names nobody: give the speaker's name, as the casting file has it, "
                        f"or Narrator, e.g. audiobook fix {quote_id} \"Alice\"")
    cast = _cast_for(cast, book)
    book = book or book_for(cast)
    b = segments = quoted = None
    if book is not None:
        from .book import load_book
        from .script import book_segments

        b = load_book(book)
        segments = book_segments(b)
        quoted = quotation_text(quote_id, segments, b.text, book)  # checked before anything is written
    created = not cast.exists() and book is not None
    if created:
        # --review suggests this command before any casting file exists: write it first, as `cast` does
        default = cast.resolve() == default_cast_path(book).resolve()
        cast_command(book=book, output=None if default else cast, force=False, keep_front_matter=False)
    try:
        cast_obj = load_cast(cast)  # refuse to edit a broken file
        script_obj = None
        if b is not None and not cast_obj.characters:  # only then do the book's own characters name the speaker
            from .script import make_script

            script_obj = make_script(b, cast_obj, segments)
        try:
            name = speaker_for_fix(speaker, cast_obj, script_obj)
        except UserError:
            # --review may name as runner-up a character of the book the casting file leaves out
            from .fixes import add_book_character

            added = add_book_character(cast, cast_obj, b, segments, speaker, new) if b is not None else None
            if added is None:
                raise
            name, voice, of_book = added
            _say(f"{cast}: added {name} (voice {voice}), "
                 + ("a character of the book it did not list" if of_book else "new to it"))
        check_writable(cast)
        add_fix(cast, quote_id, name)
    except BaseException:
        if created:  # the casting file was written for this fix only
            cast.unlink(missing_ok=True)
            _say(f"{cast} not kept: the fix was not made")
        raise
    what = f"quotation {quote_id} ({quoted})" if quoted else f"quotation {quote_id}"
    _say(f"{cast}: {what} is now spoken by {name}")
    if book is None:
        _say("note: the book was not found beside the casting file, so the id was not checked; pass --book BOOK")


@app.command()
def voices(engine: Optional[str] = typer.Option(None, help="Only this engine's voices."),
           language: str = typer.Option("en", help="Language code prefix (en, en-gb, fr, ...), or 'all'.")) -> None:
    """List the voices of every installed engine, one per line: id (as the casting
    file's `voice` uses it), engine, name, language, gender."""
    from .engines import all_voices, get_engine

    if engine:
        get_engine(engine)  # an unknown or missing engine says so (and how to install it)
    from .language import base_language

    wanted = "" if language.lower() == "all" else language
    # "no", "fre", "nb-NO": the language as a book's casting reads it, when the code as given finds none
    found = all_voices(wanted) or all_voices(base_language(wanted))
    listed = [v for v in found if not engine or v.engine == engine]
    if not listed:
        raise UserError(f"no {engine + ' ' if engine else ''}voices for language '{language}'; try --language all")
    for v in listed:
        typer.echo(f"{v.id}\t{v.engine}\t{v.name}\t{v.language}\t{v.gender or '-'}")


@app.command()
def inspect(
    file: Path = typer.Argument(..., help="An audio file made by audiobook (or any M4B/MP3/Opus)."),
    loudness: bool = typer.Option(False, help="Measure RMS, peak and LUFS per chapter against the ACX standard."),
) -> None:
    """Duration, chapters (start, title) and tags, read back from the file."""
    from .inspect import format_inspection, inspect_file

    if file.is_dir():
        raise UserError(f"{file} is a folder; give the path of an audio file in it (m4b, mp3, opus)")
    if not file.is_file():
        raise UserError(f"{file}: no such file")
    info = inspect_file(file)
    typer.echo(format_inspection(info))
    if loudness:
        from .loudness import format_loudness, measure

        report = measure(file, info.chapters)
        typer.echo(format_loudness(report))
        if not all(c.passed for c in report):
            raise typer.Exit(1)


@app.command()
def cache(
    cache_dir: Optional[Path] = typer.Option(None, envvar="AUDIOBOOK_CACHE_DIR",
                                             help="The cache folder (default $XDG_CACHE_HOME/audiobook, "
                                                  "else ~/.cache/audiobook)."),
    clear: bool = typer.Option(False, help="Delete everything cached: segment audio and encoded chapters."),
    prune: Optional[float] = typer.Option(None, min=0, metavar="MB",
                                          help="Shrink the cache to at most this many MB, oldest first."),
) -> None:
    """Show the audio cache's size (synthesized segments, encoded chapters); prune or clear it."""
    from .cache import Cache, default_cache_dir

    c = Cache(cache_dir or default_cache_dir())
    if c.root.exists() and not c.root.is_dir():
        raise UserError(f"cache folder {c.root} is a file, not a folder: give the folder builds cache in "
                        "(--cache-dir or AUDIOBOOK_CACHE_DIR)")
    if clear and prune is not None:
        raise UserError("--clear empties the cache and --prune shrinks it: give one of them")
    before = c.size()
    if clear:
        c.clear()
    elif prune is not None:
        c.prune(max_bytes=int(prune * 1024 * 1024))
    entries, size = c.size()
    if clear or prune is not None:
        _say(f"removed {before[0] - entries} entries ({(before[1] - size) / 1024 / 1024:.1f} MB)")
    typer.echo(f"{c.root}: {entries} entries (segment audio and encoded chapters), {size / 1024 / 1024:.1f} MB")


@app.command()
def preview(
    name: str = typer.Argument(..., help="A character's name, or 'narrator'."),
    cast: Optional[Path] = typer.Option(None, "--cast", "-c", help="The casting file (default voices/BOOK.toml "
                                                                   "for --book BOOK)."),
    book: Optional[Path] = typer.Option(None, help="The book, to take the character's own lines from."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write the sample (default output/preview-NAME.wav)."),
    play: bool = typer.Option(True, help="Play the sample when run in a terminal and a player (mpv, ffplay, "
                                          "aplay) is installed; --no-play only writes it."),
) -> None:
    """Render a short sample of one character's voice (its own lines when --book is given)."""
    from .engines.registry import set_voice_dirs
    from .preview import run_preview

    cast_path = _cast_for(cast, book)
    # user voice models (.onnx) beside the casting file, or in ./voices, as build finds them
    set_voice_dirs(list(dict.fromkeys([cast_path.parent.resolve(), Path("voices").resolve()])))
    path = run_preview(name, cast_path, book, output, play, say=_say)
    typer.echo(str(path))


def _notices(book) -> None:
    for n in book.notices:
        _say(f"note: {n}")


def _not_the_book(output: Path, book: Path) -> None:
    """Writing over the book would lose it."""
    if output.exists() and book.exists() and output.resolve() == book.resolve():
        raise UserError(f"--output {output} is the book itself; choose another file to write")


def _script_notes(script) -> None:
    for n in script.notes:
        _say(f"note: {n}")


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from .atomic import ensure_output_folder, write_text_atomic

    ensure_output_folder(output)
    write_text_atomic(output, text)


_terminated = 0  # the signal that stopped us, when not Ctrl-C


def _terminate(signum, frame) -> None:
    """SIGTERM (or SIGHUP), met as Ctrl-C is: the build stops cleanly, its temporary files removed."""
    global _terminated
    _terminated = signum
    raise KeyboardInterrupt


def _interrupted() -> None:
    _say("interrupted; run the same command again to resume (finished segments are cached)")
    sys.exit(128 + _terminated if _terminated else 130)


def main() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
        if hasattr(signal, "SIGHUP"):  # the terminal closed: the same clean stop
            signal.signal(signal.SIGHUP, _terminate)
    try:
        rc = app(standalone_mode=False)
        if rc == 130:  # typer's answer to Ctrl-C (or SIGTERM, raised as Ctrl-C), returned silently
            _interrupted()
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except UserError as e:
        if _debug:
            traceback.print_exc()
        _say(f"error: {e}")
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        _say("aborted")
        sys.exit(1)
    except Exception as e:  # usage errors and the like
        show = getattr(e, "show", None)
        if callable(show) and hasattr(e, "exit_code"):  # click/typer usage error: prints usage + message
            show()
            sys.exit(e.exit_code)
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            _say("error: the disk is full; free some space and run again (finished segments are cached)")
            sys.exit(5)
        if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            # a folder or file this user may not write (the default output/ or voices/ in a read-only place)
            where = f" {e.filename}" if e.filename else ""
            _say(f"error: cannot write{where}: {e.strerror}; run from a writable folder or choose another --output")
            sys.exit(6)
        raise


if __name__ == "__main__":
    main()
