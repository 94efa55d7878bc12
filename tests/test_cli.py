"""The commands as a user runs them (real engine where audio is made)."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import wave
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALICE = ROOT / "examples" / "alice" / "alice.txt"

BOOK = """\
CHAPTER I.

"Good morning," said Alice.

"Good morning to you," said the Hatter. "Will you have some tea?"

"I will," said Alice.
"""


def cli(*args, cwd: Path, env: dict | None = None, check: bool = True):
    proc = subprocess.run([sys.executable, "-m", "audiobook", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_help_explains_every_command(tmp_path):
    out = cli("--help", cwd=tmp_path).stdout
    for command in ("build", "cast", "script", "voices", "inspect", "cache", "preview", "fix"):
        assert command in out
    assert "--split-hours" in cli("build", "--help", cwd=tmp_path).stdout


def test_voices_lists_ids_first_with_their_engine(tmp_path):
    rows = [line.split("\t") for line in cli("voices", cwd=tmp_path).stdout.splitlines()]
    ids = {r[0] for r in rows}
    assert {"en-us", "en-gb", "en-us+f3", "en-us+m3"} <= ids
    assert all(r[1] in ("espeak", "piper") for r in rows)


def test_script_jsonl_tiles_the_book_and_text_format_is_the_source():
    proc = cli("script", ALICE, "--format", "jsonl", cwd=ROOT)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    source = ALICE.read_text(encoding="utf-8")
    assert "".join(r["text"] for r in rows) == source
    assert all(source[r["start"]:r["end"]] == r["text"] for r in rows)
    assert all(r["kind"] in ("narration", "dialogue") for r in rows)
    dialogue = [r for r in rows if r["kind"] == "dialogue"]
    # a quotation opens with its mark; only its continuation pieces (a quote running on) may not
    assert dialogue and all(r["text"][0] in "\"\u201c'\u2018" or r["continues"] for r in dialogue)
    assert all(0 <= r["confidence"] <= 1 for r in dialogue)
    assert cli("script", ALICE, "--format", "text", cwd=ROOT).stdout == source


def test_readable_script_names_speakers(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    out = cli("script", "b.txt", cwd=tmp_path).stdout
    assert 'ALICE: "Good morning,"' in out and "HATTER" in out and "NARRATOR: said Alice." in out


def test_review_then_fix_pins_a_speaker(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    cli("cast", "b.txt", cwd=tmp_path)
    cast = tmp_path / "voices" / "b.toml"
    rows = [json.loads(x) for x in cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()]
    target = next(r for r in rows if r["kind"] == "dialogue" and r["text"].startswith('"I will'))
    assert target["quote_id"]
    review = cli("script", "b.txt", "--review", cwd=tmp_path).stdout
    # each item's fix is a command to copy: it works as printed
    command = next(line.split(": ", 1)[1] for line in review.splitlines() if "audiobook fix" in line)
    unfixed = cast.read_text()
    proc = subprocess.run([sys.executable, "-m", *shlex.split(command)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and "is now spoken by" in proc.stderr, proc.stderr
    cast.write_text(unfixed)
    hatter = next(n for n in __import__("tomllib").loads(cast.read_text())["characters"] if "Hatter" in n)
    cli("fix", target["quote_id"], hatter, "--cast", cast, cwd=tmp_path)
    assert "# Casting file" in cast.read_text()  # comments kept
    rows = [json.loads(x) for x in cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()]
    again = next(r for r in rows if r.get("quote_id") == target["quote_id"])
    assert again["speaker"] == hatter and again["confidence"] == 1.0
    # an edit elsewhere in the book keeps the fix
    (tmp_path / "b.txt").write_text(BOOK.replace("CHAPTER I.\n", "CHAPTER I.\n\nIt was a fine day.\n"))
    rows = [json.loads(x) for x in cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()]
    again = next(r for r in rows if r["text"].startswith('"I will'))
    assert again["quote_id"] == target["quote_id"] and again["speaker"] == hatter
    # an edit of the quotation itself: the fix is not applied, and the user is told
    (tmp_path / "b.txt").write_text(BOOK.replace('"I will,"', '"I will not,"'))
    proc = cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path)
    assert target["quote_id"] in proc.stderr and "not applied" in proc.stderr
    assert all(json.loads(x).get("confidence") != 1.0 for x in proc.stdout.splitlines())
    # ... the note points at the casting file's line, and its advice names the book
    line = next(n for n, text in enumerate(cast.read_text().splitlines(), 1) if target["quote_id"] in text)
    assert f"b.toml:{line}: the fix" in proc.stderr and "audiobook script b.txt --review" in proc.stderr


@pytest.mark.e2e
def test_preview_renders_the_characters_own_lines(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    env = {"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}
    cli("cast", "b.txt", cwd=tmp_path, env=env)
    out = cli("preview", "Alice", "--cast", "voices/b.toml", "--book", "b.txt", "--no-play", cwd=tmp_path,
              env=env).stdout.strip()
    with wave.open(str(tmp_path / out)) as w:
        assert w.getnchannels() == 1 and w.getframerate() == 22050 and w.getnframes() > 22050
    proc = cli("preview", "Nobody", "--cast", "voices/b.toml", cwd=tmp_path, env=env, check=False)
    assert proc.returncode != 0 and "Alice" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.e2e
def test_cache_command_reports_prunes_and_clears(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    env = {"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}
    cli("build", "b.txt", "--output", "b.mp3", cwd=tmp_path, env=env)
    shown = cli("cache", cwd=tmp_path, env=env).stdout
    count = int(shown.split(": ")[1].split()[0])
    assert count >= 5 and any((tmp_path / "cache" / "chapters").rglob("*.json"))
    assert cli("cache", "--prune", "0", cwd=tmp_path, env=env).stdout.split(": ")[1].startswith("0 entries")
    cli("build", "b.txt", "--output", "b.mp3", cwd=tmp_path, env=env)
    assert cli("cache", "--clear", cwd=tmp_path, env=env).stdout.split(": ")[1].startswith("0 entries")
    assert not [p for p in (tmp_path / "cache" / "chapters").rglob("*") if p.is_file()]


def test_cast_says_how_to_build_with_the_file_it_wrote(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    default = cli("cast", "b.txt", cwd=tmp_path).stderr
    assert "then run: audiobook build b.txt\n" in default  # voices/b.toml is found by itself
    other = cli("cast", "b.txt", "--output", "my cast.toml", cwd=tmp_path).stderr
    command = other.split("then run: ", 1)[1].strip()
    assert shlex.split(command) == ["audiobook", "build", "b.txt", "--cast", "my cast.toml"]


def test_cast_update_adds_the_characters_a_changed_book_brings(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    cli("cast", "b.txt", cwd=tmp_path)
    cast = tmp_path / "voices" / "b.toml"
    alice = cast.read_text().split('[characters."Alice"]\n', 1)
    cast.write_text(alice[0] + '[characters."Alice"]\n' + re.sub(r"rate = \d+", "rate = 151", alice[1], count=1))
    with open(tmp_path / "b.txt", "a") as f:
        f.write('\nCHAPTER II.\n\n"New here," said Zed.\n\n"Welcome," said Alice.\n')
    # before the update the script names Zed's line to another and says so
    note = cli("script", "b.txt", cwd=tmp_path).stderr
    assert "does not list (Zed)" in note and "`audiobook cast b.txt` adds them" in note
    cli("cast", "b.txt", cwd=tmp_path)
    text = cast.read_text()
    assert '[characters."Zed"]' in text
    assert "rate = 151" in text.split('[characters."Alice"]\n', 1)[1].split("[characters.", 1)[0]  # the user's kept
    lines = [json.loads(x) for x in cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()]
    assert [x["speaker"] for x in lines if x["kind"] == "dialogue" and "New here" in x["text"]] == ["Zed"]


def test_cast_update_keeps_the_users_comments_and_order(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    cli("cast", "b.txt", cwd=tmp_path)
    cast = tmp_path / "voices" / "b.toml"
    edited = cast.read_text().replace("[lexicon]\n", '[lexicon]\n"Hatter" = "hatter"  # as in hat\n')
    edited = re.sub(r'(\[characters\."Alice"\]\n(?:.*\n)*?voice = "[^"]+")', r"\1  # my choice", edited, count=1)
    cast.write_text(edited)
    with open(tmp_path / "b.txt", "a") as f:
        f.write('\nCHAPTER II.\n\n"New here," said Zed.\n')
    cli("cast", "b.txt", cwd=tmp_path)
    text = cast.read_text()
    zed = re.search(r'\[characters\."Zed"\]\n(?:.+\n)+\n', text).group(0)
    assert "# my choice" in edited and text.replace(zed, "") == edited  # the rest as the user left it
    assert text.index(zed) > text.index("[characters.")  # after the characters already there
    assert __import__("tomllib").loads(text)["characters"]["Zed"]["lines"] == 1


def test_jsonl_gives_the_casting_files_name_beside_the_books(tmp_path):
    (tmp_path / "b.txt").write_text('"Good morning," said Harold.\n\n"Morning," said Ann.\n\n"Tea?" said Harold.\n')
    (tmp_path / "c.toml").write_text('[narrator]\nvoice = "en-gb"\n\n[characters."Mr. Bell"]\naliases = ["Harold"]\n\n'
                                     '[characters."Ann"]\naliases = []\n')
    rows = [json.loads(x) for x in cli("script", "b.txt", "--cast", "c.toml", "--format", "jsonl",
                                       cwd=tmp_path).stdout.splitlines()]
    said = [(r["speaker"], r["character"]) for r in rows if r["kind"] == "dialogue"]
    assert said == [("Harold", "Mr. Bell"), ("Ann", "Ann"), ("Harold", "Mr. Bell")]
