"""The segment audio cache: keys, atomic entries, concurrent writers, prune/clear."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audiobook.cache import Cache, cache_key, default_cache_dir
from audiobook.model import VoiceProfile


def key(text="Hello.", **changes) -> str:
    return cache_key(text, VoiceProfile(**changes), "espeak", "espeak-ng 1.51", 22050)


def test_key_depends_on_everything_that_shapes_the_audio():
    base = key()
    variants = {
        key("Hello!"),
        key(voice="en-gb"),
        key(rate=176),
        key(pitch=51),
        key(speaker_id=1),
        cache_key("Hello.", VoiceProfile(), "piper", "espeak-ng 1.51", 22050),
        cache_key("Hello.", VoiceProfile(), "espeak", "espeak-ng 1.52", 22050),
        cache_key("Hello.", VoiceProfile(), "espeak", "espeak-ng 1.51", 24000),
    }
    assert base not in variants and len(variants) == 8
    assert key() == base  # stable
    assert key(volume=0.9) == base  # applied at assembly: a change of volume synthesizes nothing again


def test_put_get_roundtrip(tmp_path):
    cache = Cache(tmp_path)
    k = key()
    assert cache.get(k) is None and k not in cache
    cache.put(k, b"\x01\x02" * 1000)
    assert cache.get(k) == b"\x01\x02" * 1000 and k in cache
    cache.put(k, b"")  # an empty result is a valid entry too
    assert cache.get(k) == b""


def test_damaged_entry_is_a_miss_and_is_removed(tmp_path):
    cache = Cache(tmp_path)
    k = key()
    cache.put(k, bytes(range(256)) * 10)
    [path] = (tmp_path / "v1").glob("*/*.pcm")
    path.write_bytes(path.read_bytes()[:-7])  # truncated, as by a disk error
    assert cache.get(k) is None
    assert not path.exists()


def test_no_temporary_files_are_left_and_entries_are_fanned_out(tmp_path):
    cache = Cache(tmp_path)
    keys = [key(f"text {i}") for i in range(20)]
    for k in keys:
        cache.put(k, b"\0\0" * 10)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 20 and all(p.suffix == ".pcm" for p in files)
    assert all(p.parent.name == p.stem[:2] for p in files)


WRITER = """
import sys
from audiobook.cache import Cache
cache = Cache(sys.argv[1])
fill = int(sys.argv[2])
for round in range(15):
    for i in range(10):
        # every writer writes the same content for a key, as concurrent builds do
        cache.put(("%064x" % i), bytes([i]) * 200_000)
print("done")
"""


def test_two_processes_writing_the_same_keys_never_expose_a_partial_entry(tmp_path):
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(n)],
                                stdout=subprocess.PIPE, text=True) for n in range(2)]
    cache = Cache(tmp_path)
    seen = 0
    while any(w.poll() is None for w in writers):
        for i in range(10):
            pcm = cache.get("%064x" % i)
            if pcm is not None:
                assert pcm == bytes([i]) * 200_000
                seen += 1
    assert [w.communicate()[0].strip() for w in writers] == ["done", "done"]
    assert cache.size() == (10, 10 * (200_000 + 16))
    assert seen > 0
    assert not list(tmp_path.rglob(".tmp-*"))


KILLED_WRITER = """
import sys
from audiobook.cache import Cache
cache = Cache(sys.argv[1])
i = 0
print("started", flush=True)
while True:
    cache.put("%064x" % (i % 50), bytes([i % 50]) * 1_000_000)
    i += 1
"""


def test_kill_9_during_writes_leaves_only_whole_entries(tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "started"
    time.sleep(0.5)
    writer.kill()
    writer.wait()
    cache = Cache(tmp_path)
    entries, _ = cache.size()
    assert entries > 0
    for i in range(50):
        pcm = cache.get("%064x" % i)
        assert pcm is None or pcm == bytes([i]) * 1_000_000


def test_prune_removes_least_recently_used_first(tmp_path):
    cache = Cache(tmp_path)
    keys = [key(f"text {i}") for i in range(4)]
    for age, k in enumerate(keys):
        cache.put(k, b"\0" * 1000)
        path = next((tmp_path / "v1").glob(f"*/{k}.pcm"))
        old = time.time() - 1000 * (10 - age)
        os.utime(path, (old, old))
    cache.get(keys[0])  # used just now: kept
    removed, freed = cache.prune(max_bytes=2 * 1016)
    assert (removed, freed) == (2, 2 * 1016)
    assert [k in cache for k in keys] == [True, False, False, True]


def test_prune_by_age(tmp_path):
    cache = Cache(tmp_path)
    old_key, new_key = key("old"), key("new")
    cache.put(old_key, b"\0" * 10)
    cache.put(new_key, b"\0" * 10)
    path = next((tmp_path / "v1").glob(f"*/{old_key}.pcm"))
    os.utime(path, (time.time() - 7200, time.time() - 7200))
    assert cache.prune(older_than=3600) == (1, 26)
    assert old_key not in cache and new_key in cache


def test_clear_and_size(tmp_path):
    cache = Cache(tmp_path)
    assert cache.size() == (0, 0)
    for i in range(3):
        cache.put(key(f"t{i}"), b"\0" * 100)
    assert cache.size() == (3, 3 * 116)
    assert cache.clear() == (3, 3 * 116)
    assert cache.size() == (0, 0)


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "explicit"))
    assert default_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("AUDIOBOOK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "audiobook"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "audiobook"
    assert Cache().root == default_cache_dir()


def test_bad_key_is_rejected(tmp_path):
    with pytest.raises(ValueError):
        Cache(tmp_path).get("../../etc/passwd")


def test_clear_and_prune_touch_only_the_caches_own_files(tmp_path):
    """`audiobook cache --cache-dir DIR --clear` pointed at a book's folder that has a
    chapters/ (or v1/) of its own: the user's files are neither counted nor removed."""
    from audiobook.chapter_cache import ChapterCache

    cache = Cache(tmp_path)
    cache.put(key(), b"\0\0" * 100)
    chapters = ChapterCache(tmp_path)
    block = "ab" + "0" * 62
    encoded = chapters.temp_path(block, ".aac")
    encoded.write_bytes(b"x" * 50)
    chapters.commit_block(block, ".aac", encoded, 1000)
    chapters.put_chapter("cd" + "1" * 62, "Chapter 1", [block], [])
    own = [tmp_path / "chapters" / "01.md", tmp_path / "chapters" / "part1" / "02.md",
           tmp_path / "chapters" / "ab" / "notes.txt", tmp_path / "v1" / "ab" / "take.pcm"]
    for path in own:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("the user's own words")
    assert cache.size()[0] == 4  # the segment, the block's audio and its JSON, the chapter's JSON
    assert cache.prune(max_bytes=0)[0] == 4
    assert cache.size() == (0, 0)
    assert all(path.read_text() == "the user's own words" for path in own)
    cache.put(key(), b"\0\0" * 100)
    assert cache.clear()[0] == 1 and all(path.exists() for path in own)


def test_prune_keeps_what_the_last_build_used_through_its_cached_chapters(tmp_path):
    """A rebuild that reuses an encoded chapter reads neither its blocks' audio
    nor its segments: both are marked used all the same, so `cache --prune`
    removes first what no build needed since, not the audio of the book just built."""
    from audiobook.chapter_cache import ChapterCache

    cache, chapters = Cache(tmp_path), ChapterCache(tmp_path)
    used, unused = key("used"), key("unused")
    cache.put(used, b"\0\0" * 1000)
    cache.put(unused, b"\0\0" * 1000)
    block = "ab" + "0" * 62
    encoded = chapters.temp_path(block, ".aac")
    encoded.write_bytes(b"x" * 2000)
    chapters.commit_block(block, ".aac", encoded, 1000)
    chapters.put_chapter("cd" + "1" * 62, "Chapter 1", [block], [])
    old = time.time() - 3600
    for path in [p for p in tmp_path.rglob("*") if p.is_file()]:
        os.utime(path, (old, old))
    assert chapters.get_chapter("cd" + "1" * 62, ".aac") is not None  # the rebuild reuses the chapter
    cache.touch([used, None])  # and the pipeline marks its segments
    removed, _ = cache.prune(max_bytes=5000)
    assert removed == 1 and cache.get(unused) is None and cache.get(used) is not None
    assert chapters.get_chapter("cd" + "1" * 62, ".aac") is not None


def test_clear_removes_what_a_killed_builds_encoders_left(tmp_path):
    """`cache --clear` after a kill -9 mid-encoding leaves no hidden audio behind
    (a running build's files stay: its process is alive)."""
    folder = tmp_path / "chapters" / "ab"
    folder.mkdir(parents=True)
    dead, live = folder / ".tmp-99999999-0a1b2c.aac", folder / f".tmp-{os.getpid()}-0a1b2c.aac"
    for path in (dead, live):
        path.write_bytes(b"partial")
    Cache(tmp_path).clear()
    assert not dead.exists() and live.exists()
