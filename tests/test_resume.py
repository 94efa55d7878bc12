"""A build killed with SIGKILL at any moment leaves no partial file at the
destination, and the next build synthesizes only what the killed one had not
cached, then writes the same file as an uninterrupted build.

Real `audiobook build` subprocesses, real eSpeak NG and ffmpeg.  Every
segment of the test book is distinct (each carries its own number), so each
segment is exactly one cache entry and the expected counts follow from the
cache's contents alone.

"Same file" has two levels.  eSpeak NG's output for a text depends slightly on
what the same process synthesized before (a few samples of length), so builds
that synthesized their segments in different orders differ in the last bits;
builds that read the same cached segments are byte-identical.  So the resumed
file must be byte-identical to an uninterrupted build from the same segments,
and match a build from an empty cache in chapters, tags and length.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SUMMARY = re.compile(r"(\d+) segments? synthesized, (\d+) from cache")


def write_book(path: Path, chapters: int = 3, paragraphs: int = 12) -> Path:
    """A small novel: narration and three speakers, every segment's text unique."""
    out, n = [], 0
    for c in range(1, chapters + 1):
        out.append(f"Chapter {c}\n")
        for p in range(paragraphs):
            n += 1
            kind = p % 4
            if kind == 0:
                out.append(f"On morning number {n} the tide turned early, and the gulls wheeled over the harbour "
                           f"wall while the boats knocked together at their moorings.")
            elif kind == 1:
                out.append(f"\u201cHave you mended net number {n}?\u201d asked Mara, looking up from the ropes "
                           f"of boat {n}.")
            elif kind == 2:
                out.append(f"\u201cIt hangs by shed {n},\u201d said Tobias on day {n}. "
                           f"\u201cGo and look before rain number {n} comes.\u201d")
            else:
                out.append(f"\u201cBoat {n} is leaking again,\u201d muttered Oskar at hour {n}.")
        out.append("")
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return path


def build_cmd(book: Path, dest: Path, cache: Path, cast: Path | None = None) -> list[str]:
    return [sys.executable, "-m", "audiobook", "build", str(book), "--output", str(dest),
            "--cache-dir", str(cache), "--workers", "2"] + (["--cast", str(cast)] if cast else [])


def build(book: Path, dest: Path, cache: Path, cast: Path | None = None) -> tuple[int, int]:
    """Run a build to the end; (segments synthesized, segments from cache)."""
    done = subprocess.run(build_cmd(book, dest, cache, cast), capture_output=True, text=True, cwd=book.parent,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = SUMMARY.search(done.stderr)
    assert found, f"no summary line in: {done.stderr[-2000:]}"
    return int(found[1]), int(found[2])


def cache_entries(cache: Path) -> set[str]:
    return {p.name for p in cache.rglob("*.pcm") if not p.name.startswith(".")}


def encoding_started(dest: Path) -> bool:
    """A temporary file beside ``dest`` (the exporter's) has data in it."""
    for p in dest.parent.iterdir():
        if p.name.startswith(f".{dest.name}."):
            try:
                if p.stat().st_size > 0:
                    return True
            except FileNotFoundError:
                continue
    return False


def kill_when(book: Path, dest: Path, cache: Path, ready, poll: float = 0.002, timeout: float = 300,
              may_finish: bool = False, sig: int = signal.SIGKILL) -> bool:
    """Start a build and SIGKILL its whole process group as soon as ``ready()``
    holds (SIGTERM: the build process alone, as `kill PID` does).  False if
    the build finished first (allowed with ``may_finish``: on a loaded machine
    a short moment can fall between two polls)."""
    proc = subprocess.Popen(build_cmd(book, dest, cache), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=book.parent, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            if proc.poll() is not None:
                if may_finish and proc.returncode == 0:
                    return False
                pytest.fail(f"the build ended (exit {proc.returncode}) before the moment to kill it: "
                            f"{proc.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the moment to kill the build never came")
            time.sleep(poll)
        if sig == signal.SIGKILL:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.send_signal(sig)
    finally:
        proc.wait()
        message = proc.stderr.read().decode()
        proc.stderr.close()
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # stopped cleanly, saying how to go on
        assert proc.returncode == 128 + sig and "Traceback" not in message and "run the same command" in message
    return True


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def probe(path: Path) -> dict:
    """Chapter titles, tags and duration (s) of an audio file, from ffprobe."""
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_chapters",
                          str(path)], capture_output=True, check=True).stdout
    info = json.loads(out)
    return {"chapters": [c.get("tags", {}).get("title") for c in info["chapters"]],
            "tags": info["format"].get("tags", {}), "duration": float(info["format"]["duration"])}


def test_killed_build_resumes_without_resynthesizing_and_matches_an_uninterrupted_build(tmp_path):
    book = write_book(tmp_path / "harbour.txt")
    clean_cache, cache = tmp_path / "clean-cache", tmp_path / "cache"
    clean = tmp_path / "clean" / "harbour.m4b"
    clean.parent.mkdir()
    total, cached = build(book, clean, clean_cache)
    assert cached == 0
    assert total == len(cache_entries(clean_cache)), "one cache entry per (distinct) segment"

    dest = tmp_path / "out" / "harbour.m4b"
    dest.parent.mkdir()
    kill_when(book, dest, cache, lambda: len(cache_entries(cache)) >= 5)
    assert not dest.exists(), "a killed first build must not leave a file at the destination"
    kept = cache_entries(cache)
    assert 5 <= len(kept) < total, "killed in the middle of synthesis"

    synthesized, from_cache = build(book, dest, cache)
    assert from_cache == len(kept), "every segment the killed build cached is reused"
    assert synthesized == total - len(kept), "and nothing else is synthesized twice"
    assert cache_entries(cache) == cache_entries(clean_cache)

    again = tmp_path / "again" / "harbour.m4b"
    again.parent.mkdir()
    assert build(book, again, cache) == (0, total)
    assert digest(dest) == digest(again), "the resumed file is the uninterrupted build's, byte for byte"
    resumed, fresh = probe(dest), probe(clean)
    assert resumed["chapters"] == fresh["chapters"] and len(fresh["chapters"]) == 3
    assert resumed["tags"] == fresh["tags"]
    assert resumed["duration"] == pytest.approx(fresh["duration"], rel=0.01)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_build_stopped_while_encoding_keeps_the_previous_file(tmp_path, sig):
    book = write_book(tmp_path / "harbour.txt", chapters=2)
    cache = tmp_path / "cache"
    dest = tmp_path / "harbour.m4b"
    build(book, dest, cache)

    # Everything is cached now: the rebuild only assembles and encodes.  Stop it
    # once the encoder's temporary file beside the destination has data (a try
    # whose encode ends between two polls is run again).
    for _ in range(5):
        previous = digest(dest)
        if kill_when(book, dest, cache, lambda: encoding_started(dest), may_finish=True, sig=sig):
            break
    else:
        pytest.fail("every build finished before its encoding could be interrupted")
    assert dest.exists() and digest(dest) == previous, "the previous complete file is untouched"
    if sig == signal.SIGTERM:  # stopped cleanly: its temporary files removed at once
        assert not [p.name for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}.")]

    synthesized, from_cache = build(book, dest, cache)
    assert synthesized == 0 and from_cache == len(cache_entries(cache))
    assert digest(dest) == previous


def test_a_fully_cached_rebuild_shows_no_empty_progress_bar(tmp_path):
    book = write_book(tmp_path / "quay.txt", chapters=1, paragraphs=4)
    cache = tmp_path / "cache"
    dest = tmp_path / "quay.m4b"
    first = subprocess.run(build_cmd(book, dest, cache), capture_output=True, text=True, cwd=book.parent, timeout=600)
    assert first.returncode == 0 and "synthesizing" in first.stderr  # work to do: the bar shows
    again = subprocess.run(build_cmd(book, dest, cache), capture_output=True, text=True, cwd=book.parent, timeout=600)
    assert again.returncode == 0 and SUMMARY.search(again.stderr)[1] == "0"
    assert "synthesizing" not in again.stderr  # nothing to synthesize: no 0/0 bar
