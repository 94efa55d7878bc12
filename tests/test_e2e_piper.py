"""A Piper narrator with eSpeak NG characters, from the casting file (real engines, real ffmpeg)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from audiobook.engines import installed_engines

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif("piper" not in installed_engines(), reason="pip install '.[piper]'")]

BOOK = 'CHAPTER I.\n\nThe garden was quiet.\n\n"Hello," said Alice.\n\n"Good day," said Bob.\n'
CAST = """
[narrator]
engine = "piper"
voice = "joe"
rate = 170

[characters."Alice"]
voice = "en-us+f3"

[characters."Bob"]
engine = "piper"
voice = "joe"
pitch = 30
rate = 150
"""


def test_piper_narrator_and_espeak_characters(tmp_path):
    (tmp_path / "b.txt").write_text(BOOK)
    (tmp_path / "cast.toml").write_text(CAST)
    env = {**os.environ, "AUDIOBOOK_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "audiobook", "build", "b.txt", "--cast", "cast.toml", "-o", "b.mp3"],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                                     "-show_chapters", str(tmp_path / "b.mp3")], capture_output=True, text=True).stdout)
    assert out["streams"][0]["sample_rate"] == "22050" and len(out["chapters"]) == 1
    assert float(out["streams"][0]["duration"]) > 3

    from audiobook.cast import load_cast
    from audiobook.engines import check_voice

    cast = load_cast(tmp_path / "cast.toml", check_voice)
    assert cast.narrator.engine == "piper" and cast.characters["Alice"].profile.engine == "espeak"
    assert cast.characters["Bob"].profile.engine == "piper" and cast.characters["Bob"].profile.pitch == 30
