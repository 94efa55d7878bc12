"""Rebuilds re-encode only the chapters an edit changed: encoded chapters are
cached, and the final file is joined from them without re-encoding.

Real `audiobook build` subprocesses (real eSpeak NG, ffmpeg, ffprobe).  The
expected chapter counts come from the build's own script
(`audiobook script --format jsonl`), never from numbers written here.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit

pytestmark = pytest.mark.e2e

SUMMARY = re.compile(r"(\d+) segments? synthesized, (\d+) from cache(?:, \d+ repeated)?(?:, \d+ silent)?; .* (\d+) chapters? encoded, (\d+) reused")


def write_book(path: Path, chapters: int = 4) -> Path:
    """Chapters of narration and dialogue; Wendel speaks only in chapter 2."""
    out = []
    for c in range(1, chapters + 1):
        out.append(f"Chapter {c}")
        out.append(f"The ferry of chapter {c} left the quay at dawn, and the gulls followed it out of the bay.")
        out.append(f"\u201cHold the rope for day {c},\u201d said Mara.")
        out.append(f"\u201cI have it, crossing {c},\u201d said Tobias.")
        if c == 2:
            out.append("\u201cMind the buoy by the point,\u201d said Wendel.")
        out.append(f"They reached the island of chapter {c} before the wind rose.")
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return path


def audiobook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "audiobook", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def build(book: Path, dest: Path, cache: Path, cast: Path) -> tuple[int, int, int, int]:
    """(segments synthesized, segments from cache, chapters encoded, chapters reused)."""
    done = audiobook("build", str(book), "--output", str(dest), "--cache-dir", str(cache), "--cast", str(cast),
                     "--workers", "2", cwd=book.parent)
    found = SUMMARY.search(done.stderr)
    assert found, f"no summary line in: {done.stderr[-2000:]}"
    return tuple(int(n) for n in found.groups())


def script_rows(book: Path, cast: Path) -> list[dict]:
    out = audiobook("script", str(book), "--format", "jsonl", "--cast", str(cast), cwd=book.parent).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def probe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_chapters",
                          str(path)], capture_output=True, check=True).stdout
    info = json.loads(out)
    return {"chapters": [(c["tags"]["title"], float(c["start_time"]), float(c["end_time"]))
                         for c in info["chapters"]],
            "tags": info["format"].get("tags", {}), "duration": float(info["format"]["duration"])}


@pytest.fixture
def built(tmp_path):
    book = write_book(tmp_path / "ferry.txt")
    cast = tmp_path / "ferry.toml"
    audiobook("cast", str(book), "--output", str(cast), cwd=tmp_path)
    dest, cache = tmp_path / "ferry.m4b", tmp_path / "cache"
    chapters = len({r["chapter"] for r in script_rows(book, cast)})
    synthesized, from_cache, encoded, reused = build(book, dest, cache, cast)
    assert (encoded, reused) == (chapters, 0)
    return book, cast, dest, cache, chapters


def test_unchanged_rebuild_reuses_every_chapter_and_writes_the_same_file(built, tmp_path):
    book, cast, dest, cache, chapters = built
    first = dest.read_bytes()
    again = tmp_path / "again.m4b"
    synthesized, from_cache, encoded, reused = build(book, again, cache, cast)
    assert (synthesized, encoded, reused) == (0, 0, chapters)
    assert from_cache > 0
    assert again.read_bytes() == first


def test_new_rate_for_one_character_reencodes_only_the_chapters_where_they_speak(built, tmp_path):
    book, cast, dest, cache, chapters = built
    rows = script_rows(book, cast)
    speaks_in = {r["chapter"] for r in rows if r["kind"] == "dialogue" and r["speaker"] == "Wendel"}
    assert speaks_in and len(speaks_in) < chapters, "the test book has a character in some chapters only"
    doc = tomlkit.parse(cast.read_text(encoding="utf-8"))
    doc["characters"]["Wendel"]["rate"] = int(doc["characters"]["Wendel"]["rate"]) + 40
    cast.write_text(tomlkit.dumps(doc), encoding="utf-8")

    wendel_lines = sum(1 for r in rows if r["kind"] == "dialogue" and r["speaker"] == "Wendel")
    synthesized, from_cache, encoded, reused = build(book, dest, cache, cast)
    assert synthesized == wendel_lines
    assert (encoded, reused) == (len(speaks_in), chapters - len(speaks_in))

    # The same file as a cold build of the edited book: chapters, tags, length.
    cold = tmp_path / "cold.m4b"
    assert build(book, cold, tmp_path / "cold-cache", cast)[2:] == (chapters, 0)
    rebuilt, fresh = probe(dest), probe(cold)
    assert [c[0] for c in rebuilt["chapters"]] == [c[0] for c in fresh["chapters"]]
    assert rebuilt["tags"] == fresh["tags"]
    # (eSpeak's history-dependent voice tails make a cold build drift by a few ms per segment)
    for (_, start, end), (_, fresh_start, fresh_end) in zip(rebuilt["chapters"], fresh["chapters"]):
        assert start == pytest.approx(fresh_start, abs=0.3) and end == pytest.approx(fresh_end, abs=0.3)


def test_edited_paragraph_reencodes_only_its_chapter(built):
    book, cast, dest, cache, chapters = built
    text = book.read_text(encoding="utf-8")
    old = "They reached the island of chapter 3 before the wind rose."
    assert text.count(old) == 1
    book.write_text(text.replace(old, "They reached the island of chapter 3 as the storm broke."), encoding="utf-8")
    synthesized, from_cache, encoded, reused = build(book, dest, cache, cast)
    assert synthesized == 1
    assert (encoded, reused) == (1, chapters - 1)
    titles = [c[0] for c in probe(dest)["chapters"]]
    assert len(titles) == chapters


def test_split_parts_join_cached_chapters_without_splitting_one(tmp_path):
    from audiobook.pipeline import BuildOptions, run_build

    book = write_book(tmp_path / "ferry.txt")
    whole_dest, cache = tmp_path / "ferry.m4b", tmp_path / "cache"
    first = run_build(BuildOptions(book, output=whole_dest, cache_dir=cache, progress=False), lambda line: None)
    assert first.chapters_reused == 0 and first.chapters_encoded >= 2
    parts_dest = tmp_path / "split" / "ferry.m4b"
    parts_dest.parent.mkdir()
    # Parts of 3.6 s: every chapter is longer, so each is a part of its own.
    split = run_build(BuildOptions(book, output=parts_dest, cache_dir=cache, split_hours=0.001, progress=False),
                      lambda line: None)
    assert (split.chapters_encoded, split.chapters_reused) == (0, first.chapters_encoded)
    assert split.synthesized == 0
    parts = sorted(parts_dest.parent.glob("ferry - Part *.m4b"))
    assert split.outputs == parts and len(parts) == first.chapters_encoded
    whole = probe(whole_dest)
    for part, (title, start, end) in zip(parts, whole["chapters"]):
        info = probe(part)
        assert [c[0] for c in info["chapters"]] == [title]
        assert info["duration"] == pytest.approx(end - start, abs=0.01)
    assert not [p for p in parts_dest.parent.iterdir() if p.name.startswith(".")], "no temporary files left"


BLOCKS = re.compile(r"(\d+) chapters? encoded, (\d+) reused \((\d+) blocks? encoded, (\d+) reused\)")


def test_edit_in_a_long_chapter_reencodes_only_the_blocks_it_changed(tmp_path):
    from audiobook.pipeline import BLOCK_MIN_SECONDS

    sentences = ["The lighthouse keeper climbed the stairs of tower {n} and trimmed the wick before the dusk.",
                 "Far below, the swell of evening {n} broke on the rocks and drew back hissing.",
                 "He wrote the weather of night {n} in the log, the wind, the glass, and the ships."]
    paragraphs = [" ".join(s.format(n=n) for s in sentences) for n in range(1, 41)]
    book = tmp_path / "keeper.txt"
    book.write_text("Chapter 1\n\n" + "\n\n".join(paragraphs) + "\n\nChapter 2\n\nThe end of the log.\n",
                    encoding="utf-8")
    dest, cache = tmp_path / "keeper.m4b", tmp_path / "cache"
    cmd = ["build", str(book), "--output", str(dest), "--cache-dir", str(cache), "--transcript", "vtt"]
    first = BLOCKS.search(audiobook(*cmd, cwd=tmp_path).stderr)
    chapters, _, blocks, _ = map(int, first.groups())
    assert chapters == 2 and blocks >= 4, f"40 paragraphs (>{2 * BLOCK_MIN_SECONDS} s) make several blocks"

    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("the swell of evening 20 broke", "the swell of evening 20 crashed"),
                    encoding="utf-8")
    found = BLOCKS.search(audiobook(*cmd, cwd=tmp_path).stderr)
    encoded, reused, blocks_encoded, blocks_reused = map(int, found.groups())
    assert (encoded, reused) == (1, 1)
    assert 1 <= blocks_encoded <= 2 and blocks_encoded + blocks_reused == blocks - 1
    cold = tmp_path / "cold.m4b"
    audiobook("build", str(book), "--output", str(cold), "--cache-dir", str(tmp_path / "cold-cache"), cwd=tmp_path)
    # eSpeak NG's output depends on what its process spoke before (up to ~50 ms of voice tail per
    # segment), and the cold build synthesized every segment in another order: allow for that drift
    assert probe(dest)["duration"] == pytest.approx(probe(cold)["duration"], abs=0.5)
    vtt = dest.with_suffix(".vtt").read_text(encoding="utf-8")
    assert "the swell of evening 20 crashed" in vtt and "evening 20 broke" not in vtt


def test_two_builds_sharing_a_cache_at_once_both_finish_alike(tmp_path):
    book = write_book(tmp_path / "ferry.txt")
    cache = tmp_path / "cache"
    dests = [tmp_path / "a" / "ferry.m4b", tmp_path / "b" / "ferry.m4b"]
    procs = []
    for dest in dests:
        dest.parent.mkdir()
        procs.append(subprocess.Popen([sys.executable, "-m", "audiobook", "build", str(book), "--output", str(dest),
                                       "--cache-dir", str(cache)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    first, second = probe(dests[0]), probe(dests[1])
    assert [c[0] for c in first["chapters"]] == [c[0] for c in second["chapters"]] and first["chapters"]
    # Each build may have synthesized a segment itself: eSpeak's output differs by a
    # few samples with what the process spoke before, a chapter by an AAC frame at most.
    assert first["duration"] == pytest.approx(second["duration"], abs=0.05 * len(first["chapters"]))
    assert not [p for p in cache.rglob(".tmp-*")], "no temporary files left in the cache"
    # A third build finds every chapter whole in the cache.
    third = tmp_path / "c.m4b"
    done = audiobook("build", str(book), "--output", str(third), "--cache-dir", str(cache), cwd=tmp_path)
    assert re.search(r" 0 chapters encoded, \d+ reused", done.stderr)


def test_cues_move_with_the_blocks_they_fall_in():
    from audiobook.pipeline import _cues_in_encoded_time

    rate = 1000  # one sample per ms keeps the arithmetic readable
    cues = [(100, 900, "N", "a"), (1200, 1800, "N", "b"), (2500, 2900, "M", "c")]
    # Blocks start at 0 and 1000 samples (PCM); encoded they last 1.050 s and 2.100 s.
    moved = _cues_in_encoded_time(cues, [0, 1000], [1_050_000, 2_100_000], rate)
    assert moved == [(100, 900, "N", "a"), (1250, 1850, "N", "b"), (2550, 2950, "M", "c")]
    assert _cues_in_encoded_time([], [0], [5_000], rate) == []


def test_an_output_without_extension_takes_the_formats(tmp_path, monkeypatch):
    from audiobook.pipeline import resolve_output

    monkeypatch.chdir(tmp_path)
    assert resolve_output(Path("b.txt"), Path("book"), "mp3") == (Path("book.mp3"), "mp3")
    assert resolve_output(Path("b.txt"), Path("Alice Vol. 2"), "m4b") == (Path("Alice Vol. 2.m4b"), "m4b")
    assert resolve_output(Path("b.txt"), Path("book.MP3"), None) == (Path("book.MP3"), "mp3")


def test_a_table_without_a_voice_is_named_with_the_voice_the_build_gives_it():
    from audiobook.auto_cast import unset_voices_note
    from audiobook.model import Cast, CastMember, VoiceProfile

    v = VoiceProfile()
    given = Cast(narrator=v, characters={"Crab": CastMember("Crab", v, auto_voice=True),
                                         "Alice": CastMember("Alice", v, auto_voice=False)})
    full = Cast(narrator=v, characters={
        "Crab": CastMember("Crab", VoiceProfile(voice="en-us+m3", pitch=40), auto_voice=True, lines=2),
        "Alice": CastMember("Alice", v, auto_voice=False, lines=9),
        "Bill": CastMember("Bill", v, auto_voice=True, lines=3)})  # not in the file: another note says so
    note = unset_voices_note(given, full, Path("voices/b.toml"))
    assert note.startswith("voices/b.toml sets no voice for Crab as en-us+m3 (pitch 40)")
    assert "Alice" not in note and "Bill" not in note
    assert unset_voices_note(None, full, None) is None


def test_a_gutenberg_text_is_built_without_its_header_and_licence(tmp_path):
    from test_boilerplate import HEADER, LICENCE, STORY

    book = tmp_path / "ferry.txt"
    book.write_text(HEADER + STORY + LICENCE, encoding="utf-8")
    dest = tmp_path / "ferry.m4b"
    done = audiobook("build", str(book), "--output", str(dest), "--cache-dir", str(tmp_path / "cache"),
                     "--transcript", "vtt", "--workers", "2", cwd=tmp_path)
    assert "not read aloud" in done.stderr
    # the licence, a chapter with nothing left to read, is no chapter of the file
    assert [c[0] for c in probe(dest)["chapters"]] == ["Chapter I", "Chapter II", "Chapter III"]
    cues = (tmp_path / "ferry.vtt").read_text(encoding="utf-8")
    assert "The ferry left at dawn." in cues and "Gutenberg" not in cues and "eBook" not in cues


def test_blank_title_author_and_narrator_options_leave_the_books_own(tmp_path):
    """`--author " "` is no author: not a blank tag and a description 'by , read by'."""
    from audiobook.pipeline import BuildOptions, run_build

    book = write_book(tmp_path / "ferry.txt", chapters=1)
    book.write_text("Title: The Ferry\nAuthor: Ann Other\n\n" + book.read_text(encoding="utf-8"), encoding="utf-8")
    dest = tmp_path / "ferry.m4b"
    run_build(BuildOptions(book, output=dest, cache_dir=tmp_path / "cache", progress=False, workers=1,
                           title="", author="  ", narrator=" "), lambda line: None)
    own = probe(dest)["tags"]
    run_build(BuildOptions(book, output=dest, cache_dir=tmp_path / "cache", progress=False, workers=1),
              lambda line: None)
    assert own == probe(dest)["tags"]
    assert all(value.strip() for value in own.values()) and "by ," not in json.dumps(own)
    run_build(BuildOptions(book, output=dest, cache_dir=tmp_path / "cache", progress=False, workers=1,
                           author="  Ann   Smith ", narrator="Robo"), lambda line: None)
    tags = probe(dest)["tags"]
    assert tags["artist"] == "Ann Smith" and "by Ann Smith, read by Robo" in json.dumps(tags)


def test_audio_an_earlier_build_left_beside_the_output_is_named(tmp_path):
    """A build in fewer parts than the last (or in one, or in parts after one)
    leaves the others: it says so, and removes nothing."""
    from audiobook.pipeline import earlier_parts_note

    dest = tmp_path / "book.m4b"
    part = lambda n: tmp_path / f"book - Part {n}.m4b"  # noqa: E731
    assert earlier_parts_note(dest, [dest]) is None
    for n in (1, 2, 3):
        part(n).write_bytes(b"old")
    assert earlier_parts_note(dest, [part(1), part(2), part(3)]) is None
    note = earlier_parts_note(dest, [dest])
    assert note.startswith(f"{part(1)}, {part(2)}, {part(3)} are left from an earlier build") and "(1 file)" in note
    dest.write_bytes(b"old")
    note = earlier_parts_note(dest, [part(1), part(2)])
    assert note.startswith(f"{dest}, {part(3)} are left from an earlier build, not part of this one (2 files)")
    assert all(p.read_bytes() == b"old" for p in (dest, part(1), part(2), part(3)))


GIF_1X1 = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize("image, mime, said_first, kept", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png", "note: the book's own cover image is damaged (", None),
    (GIF_1X1, "image/gif", None, "image/png"),  # made a PNG: the build failed on it before
    (SVG, "image/svg+xml", "note: the book's own cover (image/svg+xml) is of a kind no audio file holds", None),
])
def test_an_epub_cover_no_audio_file_can_hold_as_it_is(tmp_path, image, mime, said_first, kept):
    """A damaged cover is not embedded as it is (no player would show it), a GIF is
    made a PNG, an SVG left out: the book is built all the same, and a note says
    what became of its cover."""
    from epub_factory import Doc, make_epub

    from audiobook.inspect import inspect_file
    from audiobook.pipeline import BuildOptions, run_build

    chapter = Doc("c1.xhtml", "<h1>One</h1><p>\u201cHello,\u201d said Mara.</p>", toc="One")
    book = make_epub(tmp_path / "b.epub", [chapter], cover=image, cover_mime=mime)
    said: list[str] = []
    dest = tmp_path / "b.m4b"
    run_build(BuildOptions(book, output=dest, cache_dir=tmp_path / "cache", progress=False, workers=1), said.append)
    notes = [line for line in said if "cover" in line]
    if said_first:
        assert len(notes) == 1 and notes[0].startswith(said_first) and "--cover IMAGE" in notes[0], said
    else:
        assert not notes, said
    cover = inspect_file(dest).cover
    assert (cover is None) if kept is None else kept in str(cover), cover
