"""An EPUB to M4B, MP3 and Opus with the real engine and ffmpeg: TOC chapter
titles, metadata, cover, ACX loudness, transcripts that line up, and the
chapter lists that ffprobe, mpv and mutagen read."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from epub_factory import PNG_1X1 as PNG, Doc, make_epub
from test_exporters import mpv_chapters

pytestmark = pytest.mark.e2e


CHAPTERS = [
    ("The Arrival", '<h1>1</h1><p>\u201cYou are late,\u201d said Holmes.</p>'
                    '<p>\u201cThe train was slow,\u201d said Watson.<sup><a href="#n1" epub:type="noteref">1</a></sup></p>'
                    '<aside epub:type="footnote" id="n1"><p>The 4:15 from Paddington.</p></aside>'),
    ("The Letter", '<h1>2</h1><p>Mrs. Hudson brought a letter on 12 March 1887.</p>'
                   '<p>\u201cRead it aloud,\u201d said Holmes.</p><p>\u201cIt is unsigned,\u201d Watson replied.</p>'),
    ("The Chase", '<h1>3</h1><p>They ran down Baker Street in the fog, and the cab rattled after them '
                  'for a long way into the night.</p><p>\u201cQuick!\u201d cried Holmes.</p>'),
]


def cli(*args, cwd, env):
    proc = subprocess.run([sys.executable, "-m", "audiobook", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("epub")
    docs = [Doc("copyright.xhtml", "<p>Copyright 2026. All rights reserved.</p>", body_attrs='epub:type="copyright-page"')]
    docs += [Doc(f"c{i}.xhtml", body, toc=title) for i, (title, body) in enumerate(CHAPTERS, 1)]
    make_epub(d / "case.epub", docs, title="The Case of the Test", authors=("A. C. Doyle",), cover=PNG,
              dates=("1891",))
    env = {"AUDIOBOOK_CACHE_DIR": str(d / "cache")}
    outputs = {}
    for fmt in ("m4b", "mp3", "opus"):
        cli("build", "case.epub", "--output", f"case.{fmt}", "--transcript", "vtt", cwd=d, env=env)
        outputs[fmt] = d / f"case.{fmt}"
    return d, outputs, env


def probe_chapters(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return [(round(float(c["start_time"]), 2), c["tags"]["title"]) for c in json.loads(out)["chapters"]]


@pytest.mark.parametrize("fmt", ["m4b", "mp3", "opus"])
def test_toc_titles_metadata_and_cover(built, fmt):
    d, outputs, env = built
    chapters = probe_chapters(outputs[fmt])
    assert [t for _, t in chapters][-3:] == [t for t, _ in CHAPTERS] or \
        [t for _, t in chapters] == [t for t, _ in CHAPTERS] + ["Notes"]
    from audiobook.inspect import inspect_file

    info = inspect_file(outputs[fmt])
    tags = " ".join(str(v) for v in info.tags.values())
    assert "The Case of the Test" in tags and "A. C. Doyle" in tags
    assert "1891" in tags  # the book's year of publication, not the build's
    assert info.cover is not None and "none" not in str(info.cover).lower()


@pytest.mark.parametrize("fmt", ["m4b", "mp3", "opus"])
def test_players_list_the_chapters(built, fmt):
    d, outputs, env = built
    titles = [t for _, t in probe_chapters(outputs[fmt])]
    assert len(titles) >= 3
    if shutil.which("mpv"):
        assert [title for title, _ in mpv_chapters(outputs[fmt])] == titles
    from audiobook.inspect import inspect_file  # mutagen-based for Opus comments, ffprobe for the rest

    assert [c.title for c in inspect_file(outputs[fmt]).chapters] == titles


def test_footnote_reference_not_read_and_notes_last(built):
    d, outputs, env = built
    text = cli("script", "case.epub", "--format", "text", cwd=d, env=env).stdout
    assert "Watson.1" not in text and "Watson. 1" not in text and "Copyright 2026" not in text
    assert text.rstrip().endswith("Paddington.")


def test_loudness_meets_acx(built):
    d, outputs, env = built
    from audiobook.inspect import inspect_file
    from audiobook.loudness import measure

    for fmt, path in outputs.items():
        report = measure(path, inspect_file(path).chapters)
        for c in report:
            assert -23 <= c.rms_db <= -18 and c.peak_db <= -3, (fmt, c)


def test_transcript_lines_up_with_the_audio(built):
    d, outputs, env = built
    vtt = (d / "case.vtt").read_text()
    assert vtt.startswith("WEBVTT")
    cues = re.findall(r"(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n(.*)", vtt)

    def ms(stamp):
        h, m, s = stamp.split(":")
        return int((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)

    assert "<v Holmes>" in vtt and "<v Watson>" in vtt
    spans = [(ms(a), ms(b)) for a, b, _ in cues]
    assert all(a < b for a, b in spans) and all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    chapters = probe_chapters(outputs["opus"])
    total_ms = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                     "csv=p=0", str(outputs["opus"])], capture_output=True, text=True).stdout) * 1000
    assert spans[-1][1] <= total_ms + 50
    # every chapter starts just before its first cue
    for start_s, title in chapters:
        first = min((a for a, _ in spans if a >= start_s * 1000 - 1), default=None)
        assert first is not None and first - start_s * 1000 < 3000, (title, start_s, first)
