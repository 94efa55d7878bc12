"""Every user error: one line on stderr saying what, where and what to do; a
non-zero exit; no traceback; nothing left at the destination."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from epub_factory import Doc, make_epub

GOOD = '"Hello," said Alice.\n\n"Goodbye," said Bob.\n'


def cli(*args, cwd: Path, env: dict | None = None, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "audiobook", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def assert_user_error(proc, *words):
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def _write(path: Path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _epub_with(tmp_path, extra):
    p = make_epub(tmp_path / "book.epub", [Doc("c1.xhtml", "<p>Hello there.</p>", toc="One")])
    files = {}
    with zipfile.ZipFile(p) as z:
        for n in z.namelist():
            files[n] = z.read(n)
    files.update(extra)
    p.unlink()
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), files.pop("mimetype"))
        for n, b in files.items():
            z.writestr(n, b, zipfile.ZIP_DEFLATED)
    return p


BOOK_CASES = {
    "empty": (lambda d: _write(d / "b.txt", b""), ["b.txt", "empty"]),
    "whitespace": (lambda d: _write(d / "b.txt", "  \n\n\t \n"), ["b.txt", "empty"]),
    "binary": (lambda d: _write(d / "b.txt", bytes(range(256)) * 40), ["b.txt", "not a text file"]),
    "nul bytes": (lambda d: _write(d / "b.txt", b"Hello\x00world\x00" * 100), ["b.txt", "not a text file"]),
    "missing": (lambda d: d / "nope.txt", ["nope.txt", "no such file"]),
    "folder": (lambda d: (d / "adir").mkdir() or d / "adir", ["adir", "folder"]),
    "text named epub": (lambda d: _write(d / "b.epub", GOOD), ["b.epub", "not"]),
    "truncated epub": (lambda d: _write(d / "b.epub", (make_epub(d / "full.epub", [Doc("c.xhtml", "<p>x</p>")])
                                                        .read_bytes())[:300]), ["b.epub"]),
    "drm epub": (lambda d: _epub_with(d, {"META-INF/encryption.xml": b"""<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
<enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"""}),
                 ["DRM"]),
    "escaping entry": (lambda d: _epub_with(d, {"../../evil.txt": b"x"}), ["book.epub"]),
    "pdf": (lambda d: _write(d / "b.pdf", b"%PDF-1.4\n..."), ["PDF"]),
}


@pytest.mark.parametrize("case", sorted(BOOK_CASES))
@pytest.mark.parametrize("command", ["script", "build"])
def test_bad_books(tmp_path, case, command):
    make, words = BOOK_CASES[case]
    book = make(tmp_path)
    proc = cli(command, book, cwd=tmp_path)
    assert_user_error(proc, *words)
    assert not list((tmp_path / "output").glob("*")) if (tmp_path / "output").exists() else True


def test_other_encodings_are_decoded_with_a_notice(tmp_path):
    _write(tmp_path / "u16.txt", GOOD.encode("utf-16"))
    _write(tmp_path / "w.txt", "\u201cCaf\u00e9,\u201d said Ren\u00e9e.\n".encode("cp1252"))
    p = cli("script", "u16.txt", cwd=tmp_path)
    assert p.returncode == 0 and "UTF-16" in p.stderr and "ALICE" in p.stdout.upper()
    p = cli("script", "w.txt", cwd=tmp_path)
    assert p.returncode == 0 and "cp1252" in p.stderr.lower() and "Café" in p.stdout


CAST_CASES = {
    "syntax": ('[narrator]\nvoice = "en-gb\n', ["bad.toml:2", "not valid TOML"]),
    "unknown key": ('[narrator]\ncolour = "red"\n', ["bad.toml:2", "colour", "unknown key"]),
    "unknown voice": ('[characters."Alice"]\nvoice = "xx-klingon"\n', ["bad.toml:2", "voice", "en-us"]),
    "negative rate": ('[characters."Alice"]\nrate = -20\n', ["bad.toml:2", "rate", "out of range"]),
    "wrong type": ('[characters."Alice"]\npitch = "high"\n', ["bad.toml:2", "pitch", "whole number"]),
    "fix names a shared alias": ('[characters."Alice"]\naliases = ["Al"]\n[characters."Bob"]\naliases = ["Al"]\n'
                                 '[fixes]\n"q2a41c762b0" = "Al"\n', ["bad.toml:6", "Al", "Alice", "Bob", "one you mean"]),
    "engine not installed": ('[narrator]\nengine = "festival"\n', ["bad.toml:2", "engine"]),
}


@pytest.mark.parametrize("case", sorted(CAST_CASES))
def test_bad_casting_files(tmp_path, case):
    text, words = CAST_CASES[case]
    _write(tmp_path / "b.txt", GOOD)
    _write(tmp_path / "bad.toml", text)
    assert_user_error(cli("build", "b.txt", "--cast", "bad.toml", cwd=tmp_path), *words)
    assert not (tmp_path / "output" / "b.m4b").exists()


def test_an_alias_shared_by_two_characters_is_a_note_not_an_error(tmp_path):
    _write(tmp_path / "b.txt", '"Come in," said Weston.\n\n"Thank you," said Frank.\n')
    _write(tmp_path / "c.toml", '[characters."Mr. Weston"]\naliases = ["Weston"]\n'
                                '[characters."Frank Churchill"]\naliases = ["Weston", "Frank"]\n')
    p = cli("script", "b.txt", "--cast", "c.toml", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "note: c.toml:4 (key 'characters.Frank Churchill.aliases'): 'Weston' names 'Mr. Weston' and " \
           "'Frank Churchill'" in p.stderr
    assert "FRANK CHURCHILL: \"Thank you,\"" in p.stdout


@pytest.mark.parametrize("args, words", [
    (["--cover", "cover.jpg"], ["cover.jpg", "not a JPEG or PNG"]),
    (["--cover", "damaged.png"], ["damaged.png", "damaged PNG image", "leave --cover out"]),
    (["--output", "b.wav"], ["b.wav", ".wav"]),
    (["--output", "missing/b.m4b"], ["missing", "does not exist"]),
    (["--output", "locked/b.m4b"], ["locked", "not writable"]),
    (["--cast", "nope.toml"], ["nope.toml", "audiobook cast"]),
    (["--format", "mp3", "--output", "b.m4b"], ["b.m4b", "mp3", "b.mp3"]),
    (["--format", "mp3", "--output", "b.wav"], ["b.wav", "mp3", "b.mp3"]),
])
def test_bad_options(tmp_path, args, words):
    _write(tmp_path / "b.txt", GOOD)
    _write(tmp_path / "cover.jpg", "this is not an image")
    _write(tmp_path / "damaged.png", b"\x89PNG\r\n\x1a\nnot really")  # a PNG's signature, then nothing whole
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0o555)
    try:
        if os.geteuid() == 0 and "locked/b.m4b" in args:
            pytest.skip("root can write anywhere")
        assert_user_error(cli("build", "b.txt", *args, cwd=tmp_path), *words)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert not list(tmp_path.glob("**/*.m4b"))


def test_unknown_format_option_is_a_usage_error(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    proc = cli("build", "b.txt", "--format", "wav", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "'wav' is not one of" in proc.stderr


def test_ffmpeg_missing_says_how_to_install(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(sys.executable, bin_dir / "python")
    env = {"PATH": str(bin_dir), "AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}
    line = assert_user_error(cli("build", "b.txt", cwd=tmp_path, env=env), "ffmpeg")
    assert "apt-get install" in line
    assert not list(tmp_path.glob("output/*.m4b"))


def test_engine_failure_names_the_chapter_and_text(tmp_path):
    _write(tmp_path / "b.txt", "CHAPTER I.\n\nIt began.\n\nCHAPTER II.\n\n\"Zebra crossing,\" said Alice.\n")
    env = {"AUDIOBOOK_FAULT_INJECTION": "segfault:Zebra", "AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}
    line = assert_user_error(cli("build", "b.txt", cwd=tmp_path, env=env), "Zebra crossing")
    assert "II" in line
    assert not list(tmp_path.glob("output/*.m4b"))
    # what was synthesized before the failure is kept
    assert any((tmp_path / "cache").rglob("*.pcm")) or any(p.is_file() for p in (tmp_path / "cache").rglob("*"))


def test_hostile_texts_script_quickly(tmp_path):
    huge = ("word " * 1_000_000).strip() + "\n"  # a single 5 MB paragraph
    _write(tmp_path / "huge.txt", huge)
    p = cli("script", "huge.txt", "--format", "jsonl", "--output", "huge.jsonl", cwd=tmp_path, timeout=120)
    assert p.returncode == 0, p.stderr
    many = "".join(f"CHAPTER {i}\n\nThe {i}th room.\n\n" for i in range(1, 10_001))
    _write(tmp_path / "many.txt", many)
    p = cli("script", "many.txt", "--format", "jsonl", "--output", "many.jsonl", cwd=tmp_path, timeout=120)
    assert p.returncode == 0, p.stderr
    assert len({line.split('"chapter": ')[1].split(",")[0] for line in (tmp_path / "many.jsonl").read_text().splitlines()}) == 10_000
    _write(tmp_path / "open.txt", '"This never closes.\n\nNor does "this one.\n\nThe end.\n')
    p = cli("script", "open.txt", cwd=tmp_path)
    assert p.returncode == 0 and "The end." in p.stdout


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KB filesystem (tmpfs; needs root, as in CI): the disk fills up during export."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.mark.e2e
def test_disk_filling_up_during_export(tmp_path, tiny_disk):
    _write(tmp_path / "b.txt", GOOD * 6)
    env = {"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}
    line = assert_user_error(cli("build", "b.txt", "--output", tiny_disk / "b.m4b", cwd=tmp_path, env=env), "full")
    assert "space" in line or "full" in line
    assert list(tiny_disk.iterdir()) == []  # neither the file nor a temporary one is left
    # what was synthesized before the failure was kept (only segments still in flight are redone)
    proc = cli("build", "b.txt", "--output", "b.m4b", cwd=tmp_path, env=env)
    import re

    done, cached = map(int, re.search(r"(\d+) segments? synthesized, (\d+) from cache", proc.stderr).groups())
    assert cached >= 20 and done + cached == 24, proc.stderr


FIX_CAST = '[characters."Alice"]\naliases = ["Miss Alice"]\n\n[characters."Bob"]\n\n[fixes]\n'


def _fix_setup(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    cast = _write(tmp_path / "voices" / "b.toml", FIX_CAST)
    rows = cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()
    qid = next(r for r in map(__import__("json").loads, rows) if r["kind"] == "dialogue")["quote_id"]
    return cast, qid


@pytest.mark.parametrize("args, words", [
    (["{qid}", "Carol"], ["Carol", "not a character", "Alice, Bob"]),
    (["{qid}", "Ali"], ["Ali", "not a character"]),
    (["not-an-id", "Alice"], ["not-an-id", "not a quotation id", "--review"]),
    (["q0123456789", "Alice"], ["q0123456789", "b.txt", "no quotation"]),  # the book, found beside voices/
    (["q0123456789", "Alice", "--book", "b.txt"], ["q0123456789", "b.txt", "no quotation"]),
    (["{qid}", "", "--new"], ["names nobody", "speaker's name"]),  # no nameless character is added
    (["{qid}", " - ", "--new"], ["names nobody", "Narrator"]),
])
def test_bad_fixes_leave_the_casting_file_alone(tmp_path, args, words):
    cast, qid = _fix_setup(tmp_path)
    args = [a.format(qid=qid) for a in args]
    assert_user_error(cli("fix", *args, "--cast", cast, cwd=tmp_path), *words)
    assert cast.read_text() == FIX_CAST


def test_a_fix_by_alias_is_recorded_under_the_characters_name(tmp_path):
    cast, qid = _fix_setup(tmp_path)
    proc = cli("fix", qid, "miss alice", "--cast", cast, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert __import__("tomllib").loads(cast.read_text())["fixes"] == {qid: "Alice"}
    assert '"Hello,"' in proc.stderr  # the quotation fixed, as a check


def test_a_fix_to_a_read_only_casting_file_is_refused(tmp_path):
    cast, qid = _fix_setup(tmp_path)
    cast.chmod(0o444)
    try:
        assert_user_error(cli("fix", qid, "Bob", "--cast", cast, cwd=tmp_path), "b.toml", "read-only", "chmod")
        assert cast.read_text() == FIX_CAST and not (cast.stat().st_mode & 0o222)
    finally:
        cast.chmod(0o644)


def test_cast_does_not_replace_a_read_only_casting_file(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    cast = _write(tmp_path / "voices" / "b.toml", FIX_CAST)
    cast.chmod(0o444)
    try:
        assert_user_error(cli("cast", "b.txt", cwd=tmp_path), "b.toml", "read-only", "chmod")
        assert cast.read_text() == FIX_CAST
    finally:
        cast.chmod(0o644)


def test_cast_output_to_a_folder_is_refused(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    (tmp_path / "adir").mkdir()
    assert_user_error(cli("cast", "b.txt", "--output", "adir", "--force", cwd=tmp_path), "adir", "folder", "b.toml")


def test_script_output_to_a_folder_is_refused(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    (tmp_path / "adir").mkdir()
    assert_user_error(cli("script", "b.txt", "--format", "jsonl", "-o", "adir", cwd=tmp_path), "adir", "folder")


def test_preview_output_to_a_folder_is_refused(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    _write(tmp_path / "voices" / "b.toml", FIX_CAST)
    (tmp_path / "adir").mkdir()
    proc = cli("preview", "Alice", "--cast", "voices/b.toml", "-o", "adir", "--no-play", cwd=tmp_path,
               env={"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert_user_error(proc, "adir", "folder")


@pytest.mark.parametrize("command", [["script", "b.txt", "-o", "b.txt"], ["cast", "b.txt", "-o", "./b.txt"]])
def test_output_over_the_book_itself_is_refused(tmp_path, command):
    book = _write(tmp_path / "b.txt", GOOD)
    assert_user_error(cli(*command, cwd=tmp_path), "b.txt", "the book itself")
    assert book.read_text() == GOOD


def test_default_output_folder_that_is_a_file_is_an_error(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    _write(tmp_path / "output", "not a folder")
    assert_user_error(cli("build", "b.txt", cwd=tmp_path), "output", "not a folder")


def test_unknown_engine_for_voices_is_an_error(tmp_path):
    assert_user_error(cli("voices", "--engine", "festival", cwd=tmp_path), "festival", "espeak, piper")


def test_negative_cache_size_is_refused(tmp_path):
    proc = cli("cache", "--prune", "-5", cwd=tmp_path, env={"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "--prune" in proc.stderr


def test_a_fix_before_any_casting_file_writes_it_first(tmp_path):
    # `script --review` suggests `audiobook fix ID NAME --cast voices/b.toml` before the file exists
    _write(tmp_path / "b.txt", GOOD)
    review = cli("script", "b.txt", "--review", cwd=tmp_path).stdout
    command = next(line.split("if wrong: ", 1)[1] for line in review.splitlines() if "if wrong: " in line)
    _, _, qid, _, *rest = command.split()
    proc = cli("fix", qid, "Alice", *rest, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    cast = __import__("tomllib").loads((tmp_path / "voices" / "b.toml").read_text())
    assert cast["fixes"] == {qid: "Alice"} and {"Alice", "Bob"} <= set(cast["characters"])


def test_an_unknown_engine_is_blamed_on_its_own_key(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    _write(tmp_path / "c.toml", '[narrator]\nvoice = "en-gb"\n\n[characters."Alice"]\naliases = []\n'
                                'engine = "festival"\nvoice = "en-us+f1"\n')
    assert_user_error(cli("script", "b.txt", "--cast", "c.toml", cwd=tmp_path),
                      "c.toml:6", "characters.Alice.engine", "festival", "espeak, piper")


def test_preview_output_must_be_a_wav(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    _write(tmp_path / "voices" / "b.toml", FIX_CAST)
    proc = cli("preview", "Alice", "--cast", "voices/b.toml", "-o", "p.mp3", "--no-play", cwd=tmp_path,
               env={"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert_user_error(proc, "p.mp3", "WAV", "p.wav")
    assert not (tmp_path / "p.mp3").exists()


@pytest.mark.parametrize("args, words", [
    (["script", "b.txt", "--limit", "3"], ["--limit", "--review"]),
    (["cache", "--clear", "--prune", "3"], ["--clear", "--prune"]),
])
def test_options_that_go_together_or_not(tmp_path, args, words):
    _write(tmp_path / "b.txt", GOOD)
    assert_user_error(cli(*args, cwd=tmp_path, env={"AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}), *words)


def test_fix_and_preview_find_the_books_casting_file_or_ask_for_one(tmp_path):
    cast, qid = _fix_setup(tmp_path)  # voices/b.toml beside b.txt
    assert_user_error(cli("fix", qid, "Bob", cwd=tmp_path), "--cast", "--book")
    proc = cli("fix", qid, "Bob", "--book", "b.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert __import__("tomllib").loads(cast.read_text())["fixes"] == {qid: "Bob"}


def test_review_names_the_book_when_fix_would_not_find_it(tmp_path):
    # the book in a folder of its own (examples/alice/alice.txt): each suggested fix passes --book,
    # so it writes the casting file and checks the id
    _write(tmp_path / "books" / "b.txt", GOOD)
    review = cli("script", "books/b.txt", "--review", cwd=tmp_path).stdout
    command = next(line.split("if wrong: ", 1)[1] for line in review.splitlines() if "if wrong: " in line)
    assert command.endswith("--book books/b.txt")
    _, _, qid, _, *rest = command.split()
    proc = cli("fix", qid, "Alice", *rest, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert __import__("tomllib").loads((tmp_path / "voices" / "b.toml").read_text())["fixes"] == {qid: "Alice"}
    proc = cli("fix", "q0123456789", "Alice", *rest, cwd=tmp_path)
    assert_user_error(proc, "q0123456789", "no quotation")


CAROL = GOOD + '\n"And I," said Carol.\n\n"Me too," said Carol.\n'


def test_a_fix_naming_a_character_of_the_book_the_casting_file_leaves_out_adds_them(tmp_path):
    _write(tmp_path / "b.txt", CAROL)
    cast = _write(tmp_path / "voices" / "b.toml", FIX_CAST + "# mine\n")
    rows = cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()
    qid = next(r for r in map(__import__("json").loads, rows) if r["kind"] == "dialogue")["quote_id"]
    proc = cli("fix", qid, "Carol", "--cast", cast, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "added Carol" in proc.stderr
    text = cast.read_text()
    assert "# mine" in text and '"Miss Alice"' in text  # the user's file kept as written
    data = __import__("tomllib").loads(text)
    assert set(data) == {"characters", "fixes"} and data["characters"]["Bob"] == {}  # only Carol's table added
    assert data["fixes"] == {qid: "Carol"} and data["characters"]["Carol"]["voice"]
    assert set(data["characters"]) == {"Alice", "Bob", "Carol"}
    # somebody the book does not have is still refused, and the message says how to add them
    assert_user_error(cli("fix", qid, "Zed", "--cast", cast, cwd=tmp_path), "Zed", '[characters."Zed"]')


def test_cast_force_keeps_the_old_file_beside_the_new_one(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    cast = _write(tmp_path / "voices" / "b.toml", FIX_CAST + '\n[lexicon]\n"Bob" = "Bobby"\n')
    old = cast.read_text()
    proc = cli("cast", "b.txt", "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "voices" / "b.toml.bak").read_text() == old and "b.toml.bak" in proc.stderr
    assert "Bobby" not in cast.read_text()
    # again: the new file equals the fresh one, nothing to keep; the first copy is not overwritten
    proc = cli("cast", "b.txt", "--force", cwd=tmp_path)
    assert proc.returncode == 0 and ".bak" not in proc.stderr
    assert (tmp_path / "voices" / "b.toml.bak").read_text() == old


@pytest.mark.parametrize("encoding", ["utf-16", "latin-1"])
def test_cast_force_writes_afresh_a_file_no_longer_utf8_and_keeps_it_as_it_was(tmp_path, encoding):
    """The way out `cast` itself suggests for a file it cannot read: no traceback, nothing lost."""
    _write(tmp_path / "b.txt", GOOD)
    old = (FIX_CAST + '\n[lexicon]\n"Bob" = "Böbby"\n').encode(encoding)
    cast = _write(tmp_path / "voices" / "b.toml", old)
    assert_user_error(cli("cast", "b.txt", cwd=tmp_path), "b.toml", "UTF-16" if encoding == "utf-16" else "UTF-8")
    proc = cli("cast", "b.txt", "--force", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert (tmp_path / "voices" / "b.toml.bak").read_bytes() == old and "b.toml.bak" in proc.stderr
    assert __import__("tomllib").loads(cast.read_text(encoding="utf-8"))["characters"]


def test_a_fix_for_someone_new_needs_new_and_a_failed_fix_leaves_no_casting_file(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    rows = cli("script", "b.txt", "--format", "jsonl", cwd=tmp_path).stdout.splitlines()
    qid = next(r for r in map(__import__("json").loads, rows) if r["kind"] == "dialogue")["quote_id"]
    assert_user_error(cli("fix", qid, "The Old Crab", "--book", "b.txt", cwd=tmp_path), "The Old Crab", "--new")
    assert not (tmp_path / "voices" / "b.toml").exists()  # written for the fix, removed with it
    proc = cli("fix", qid.upper(), "The Old Crab", "--book", "b.txt", "--new", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = __import__("tomllib").loads((tmp_path / "voices" / "b.toml").read_text())
    assert data["fixes"] == {qid: "The Old Crab"} and data["characters"]["The Old Crab"]["voice"]


def test_review_in_another_format_is_refused(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    assert_user_error(cli("script", "b.txt", "--review", "--format", "jsonl", cwd=tmp_path), "--review", "--format")


def test_voices_by_language(tmp_path):
    french = cli("voices", "--language", "fr", cwd=tmp_path)
    assert french.returncode == 0 and french.stdout
    assert all(line.split("\t")[3].startswith("fr") for line in french.stdout.splitlines())
    english = cli("voices", cwd=tmp_path).stdout.splitlines()
    assert english and all(line.split("\t")[3].startswith("en") for line in english if "\tespeak\t" in line)
    assert_user_error(cli("voices", "--language", "xx", cwd=tmp_path), "xx", "--language all")
    # the codes a book may give: ISO 639-2 "fre", Norwegian "no" (eSpeak's "nb")
    assert cli("voices", "--language", "fre", cwd=tmp_path).stdout.split("\t")[3].startswith("fr")
    assert cli("voices", "--language", "no", cwd=tmp_path).stdout.split("\t")[3] == "nb"


def test_cache_and_inspect_given_the_wrong_kind_of_path(tmp_path):
    _write(tmp_path / "b.txt", GOOD)
    (tmp_path / "out").mkdir()
    assert_user_error(cli("cache", "--cache-dir", "b.txt", "--clear", cwd=tmp_path), "b.txt", "is a file, not a folder")
    assert (tmp_path / "b.txt").read_text() == GOOD
    assert_user_error(cli("inspect", "out", cwd=tmp_path), "out is a folder", "audio file")
