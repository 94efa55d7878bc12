"""Re-rendering after an edit synthesizes only what the edit changed: a new
rate for one character re-synthesizes that character's segments and nothing
else; an edited paragraph re-synthesizes only its changed segments.

Real `audiobook build` subprocesses with real eSpeak NG.  The expected counts
come from the build's own script (`audiobook script --format jsonl`) before
and after the edit, never from numbers written here.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import tomlkit

from test_resume import build, cache_entries, write_book

pytestmark = pytest.mark.e2e


def audiobook(*args: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "audiobook", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def spoken_segments(book: Path, cast: Path) -> Counter:
    """(voice, text) of every segment with something to say: the voice is the
    speaker's name for dialogue, None for narration."""
    rows = [json.loads(line) for line in
            audiobook("script", str(book), "--format", "jsonl", "--cast", str(cast), cwd=book.parent).splitlines()
            if line.strip()]
    return Counter((r["speaker"] if r["kind"] == "dialogue" else None, r["text"])
                   for r in rows if any(ch.isalnum() for ch in r["text"]))


@pytest.fixture
def built(tmp_path):
    """A book, its casting file, and a complete build with a warm cache."""
    book = write_book(tmp_path / "harbour.txt", chapters=2, paragraphs=8)
    cast = tmp_path / "harbour.toml"
    audiobook("cast", str(book), "--output", str(cast), cwd=tmp_path)
    dest, cache = tmp_path / "harbour.m4b", tmp_path / "cache"
    synthesized, from_cache = build(book, dest, cache, cast)
    assert from_cache == 0 and synthesized == len(cache_entries(cache))
    return book, cast, dest, cache, synthesized


def test_new_rate_for_one_character_resynthesizes_only_that_characters_segments(built):
    book, cast, dest, cache, total = built
    segments = spoken_segments(book, cast)
    lines = Counter()
    for (speaker, _), n in segments.items():
        if speaker is not None:
            lines[speaker] += n
    assert len(lines) >= 2, f"the test book needs several speakers, the script found {dict(lines)}"
    minor = min(lines, key=lambda name: (lines[name], name))

    doc = tomlkit.parse(cast.read_text(encoding="utf-8"))
    member = doc["characters"][minor]
    member["rate"] = int(member["rate"]) + 40
    cast.write_text(tomlkit.dumps(doc), encoding="utf-8")
    assert spoken_segments(book, cast) == segments, "a rate changes no attribution"

    synthesized, from_cache = build(book, dest, cache, cast)
    assert synthesized == lines[minor]
    assert from_cache == total - lines[minor]


def test_edited_paragraph_resynthesizes_only_its_changed_segments(built):
    book, cast, dest, cache, total = built
    before = spoken_segments(book, cast)
    text = book.read_text(encoding="utf-8")
    old = "before rain number 7 comes."
    assert text.count(old) == 1
    book.write_text(text.replace(old, "before the storm of day 7 comes."), encoding="utf-8")
    after = spoken_segments(book, cast)
    changed = sum((after - before).values())
    assert changed >= 1

    synthesized, from_cache = build(book, dest, cache, cast)
    assert synthesized == changed
    assert from_cache == total - changed
