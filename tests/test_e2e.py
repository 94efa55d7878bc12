"""End to end, with the real eSpeak NG engine, real ffmpeg, read back with ffprobe and mutagen."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

BOOK = """\
The Tea Party
by Test Author


CHAPTER I.
The Garden

"Good morning," said Alice.

"Good morning to you," said the Hatter. "Will you have some tea?"

"I will," said Alice. "Thank you."

The March Hare poured the tea. "It is very hot," said the March Hare.


CHAPTER II.
The Riddle

"Why is a raven like a writing-desk?" asked the Hatter.

"I give it up," Alice replied.

"Nor have I the slightest idea," said the March Hare.
"""

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def run(*args, cwd, env=None, check=True):
    proc = subprocess.run([sys.executable, "-m", "audiobook", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:{proc.stdout}\nstderr:{proc.stderr}")
    return proc


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", "-show_format",
                          str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("e2e")
    (d / "tea.txt").write_text(BOOK, encoding="utf-8")
    (d / "cover.png").write_bytes(PNG)
    return d


@pytest.fixture(scope="module")
def env(workdir):
    return {"AUDIOBOOK_CACHE_DIR": str(workdir / "cache")}


@pytest.fixture(scope="module")
def m4b(workdir, env):
    proc = run("build", "tea.txt", "--cover", "cover.png", "--narrator", "Test Reader", cwd=workdir, env=env)
    return workdir / "output" / "tea.m4b", proc


def test_m4b_chapters_and_tags(m4b):
    path, proc = m4b
    assert path.exists() and "synthesized" in proc.stderr
    info = ffprobe(path)
    titles = [c["tags"]["title"] for c in info["chapters"]]
    assert len(titles) == 3  # the title block, then two chapters
    assert "The Garden" in titles[1] and "The Riddle" in titles[2]
    starts = [float(c["start_time"]) for c in info["chapters"]]
    assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == 3
    assert float(info["format"]["duration"]) > starts[-1] + 3

    from mutagen.mp4 import MP4

    tags = MP4(path).tags
    assert tags["\xa9nam"] == ["The Tea Party"] and tags["\xa9ART"] == ["Test Author"]
    assert tags["\xa9wrt"] == ["Test Reader"] and tags["\xa9gen"] == ["Audiobook"] and tags["stik"] == [2]
    assert bytes(tags["covr"][0]) == PNG
    with open(path, "rb") as f:
        assert f.read(12)[8:12] == b"M4B "


def test_second_build_is_served_from_cache(m4b, workdir, env):
    path, _ = m4b
    before = path.stat().st_mtime_ns
    proc = run("build", "tea.txt", "--cover", "cover.png", "--narrator", "Test Reader", cwd=workdir, env=env)
    assert " 0 segments synthesized" in proc.stderr, proc.stderr
    assert path.stat().st_mtime_ns != before


def test_mp3_chapters_in_order(m4b, workdir, env):
    proc = run("build", "tea.txt", "--output", "tea.mp3", cwd=workdir, env=env)
    assert " 0 segments synthesized" in proc.stderr  # same voices, same text: all cached
    info = ffprobe(workdir / "tea.mp3")
    titles = [c["tags"]["title"] for c in info["chapters"]]
    assert len(titles) == 3 and "The Garden" in titles[1] and "The Riddle" in titles[2]
    starts = [float(c["start_time"]) for c in info["chapters"]]
    assert starts == sorted(starts)

    from mutagen.id3 import ID3

    id3 = ID3(workdir / "tea.mp3")
    assert id3["TIT2"].text == ["The Tea Party"] and id3["TCON"].text == ["Audiobook"]
    assert [str(id3[f"CHAP:{e}"].sub_frames["TIT2"]) for e in id3["CTOC:toc"].child_element_ids] == titles


def test_characters_speak_in_different_voices(workdir, env):
    from audiobook.pipeline import BuildOptions, run_build

    os.environ["AUDIOBOOK_CACHE_DIR"] = env["AUDIOBOOK_CACHE_DIR"]
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        result = run_build(BuildOptions(book=Path("tea.txt"), output=Path("voices-check.mp3"), progress=False,
                                        cache_dir=Path(env["AUDIOBOOK_CACHE_DIR"])), say=lambda m: None)
    finally:
        os.chdir(cwd)
    speakers = {s.speaker for s in result.script.segments if s.kind == "dialogue"}
    assert len(speakers) == 3 and None not in speakers and any("Alice" in s for s in speakers), speakers
    profiles = {result.cast.profile_for(s) for s in speakers}
    assert len(profiles) == len(speakers) and result.cast.narrator not in profiles


def test_cast_command_then_edit_resynthesizes_only_that_character(m4b, workdir, env):
    run("cast", "tea.txt", cwd=workdir, env=env)
    cast_file = workdir / "voices" / "tea.toml"
    text = cast_file.read_text()
    assert "[narrator]" in text and "[characters." in text
    import tomllib

    data = tomllib.loads(text)
    name = next(n for n in data["characters"] if "Alice" in n)
    data_lines = data["characters"][name]["lines"]
    assert data_lines >= 3
    edited = text.replace(f'[characters."{name}"]', f'[characters."{name}"]\n# faster\n', 1)
    block_start = edited.index(f'[characters."{name}"]')
    rate_at = edited.index("rate = ", block_start)
    end_of_line = edited.index("\n", rate_at)
    edited = edited[:rate_at] + "rate = 230" + edited[end_of_line:]
    cast_file.write_text(edited)
    proc = run("build", "tea.txt", "--cover", "cover.png", "--narrator", "Test Reader", cwd=workdir, env=env)
    assert "using casting file" in proc.stderr
    assert f" {data_lines} segments synthesized" in proc.stderr, proc.stderr


def test_bad_casting_file_is_one_line_error(workdir, env):
    bad = workdir / "bad.toml"
    bad.write_text('[narrator]\nvoice = "no-such-voice"\n')
    proc = run("build", "tea.txt", "--cast", "bad.toml", cwd=workdir, env=env, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "bad.toml:2" in proc.stderr and "voice" in proc.stderr and "en-us" in proc.stderr
