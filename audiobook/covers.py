"""Cover art for the audio file: an image given with --cover, or the EPUB's own.

Audio containers hold JPEG or PNG.  A damaged image would be embedded as it is
and show as no cover (or a broken one) in every player, so ffmpeg decodes each
one first: --cover refuses a damaged image before the build; the book's own
cover of another kind (GIF, WebP) is made a PNG, and one that cannot be (SVG,
damaged) is left out with a note, so that the book is built all the same.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Callable

from .errors import UserError

COVER_PNG = b"\x89PNG\r\n\x1a\n"
COVER_TYPES = {b"\xff\xd8\xff": "image/jpeg", COVER_PNG: "image/png"}


def read_cover(path: Path) -> tuple[bytes, str]:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise UserError(f"--cover {path}: cannot be read ({e.strerror})") from None
    for magic, mime in COVER_TYPES.items():
        if data.startswith(magic):
            _check_image(path, data, mime)
            return data, mime
    raise UserError(f"--cover {path} is not a JPEG or PNG image; convert it or leave --cover out")


def _check_image(path: Path, data: bytes, mime: str) -> None:
    """A damaged image (truncated, corrupt) would be embedded as it is and show
    as no cover, or a broken one, in every player: refuse it before the build."""
    problem = image_problem(data)
    if problem:
        raise UserError(f"--cover {path} is a damaged {mime.split('/')[1].upper()} image ({problem}); "
                        "save it again from an image editor, or leave --cover out")


def book_cover(data: bytes, declared: str | None, say: Callable[[str], None]) -> tuple[bytes, str] | None:
    """The cover an EPUB brings, as the audio file can hold it (JPEG or PNG):
    another kind (GIF, WebP) made a PNG; one that cannot be (SVG) or is damaged
    left out, and said, so that the book is built all the same."""
    kind = next((mime for magic, mime in COVER_TYPES.items() if data.startswith(magic)), None)
    if kind is not None:
        problem = image_problem(data)
        if problem is None:
            return data, kind
        say(f"note: the book's own cover image is damaged ({problem}), so the audiobook has none; "
            "give one with --cover IMAGE")
        return None
    png = _decoded(data, ["-c:v", "png", "-f", "image2pipe", "pipe:1"])
    if png[0] == 0 and png[1].startswith(COVER_PNG):
        return png[1], "image/png"
    say(f"note: the book's own cover{f' ({declared})' if declared else ''} is of a kind no audio file holds "
        "(only JPEG or PNG) and could not be made a PNG, so the audiobook has none; convert it, "
        "then give it with --cover IMAGE")
    return None


def _decoded(data: bytes, output: list[str]) -> tuple[int, bytes, str]:
    """ffmpeg reading the image ``data`` to ``output``: (exit status, stdout, stderr)."""
    from .exporters import ffmpeg

    proc = ffmpeg.spawn([ffmpeg.require(), "-nostdin", "-v", "error", "-xerror", "-f", "image2pipe", "-i", "pipe:0",
                         "-frames:v", "1", *output],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = proc.communicate(data)
    except BrokenPipeError:  # it gave up before reading it all
        stdout, stderr = b"", proc.stderr.read() if proc.stderr else b""
        proc.wait()
    finally:
        ffmpeg.stop(proc)
    return proc.returncode, stdout, stderr.decode("utf-8", "replace")


def image_problem(data: bytes) -> str | None:
    """Why ffmpeg cannot decode this image, or None when it can."""
    status, _, stderr = _decoded(data, ["-f", "null", "-"])
    if status == 0:
        return None
    # "[png @ 0x55d9...] chunk too big", once per attempt: the problem itself, once
    said = [re.sub(r"^\[[^\]]*\]\s*", "", line).strip() for line in stderr.splitlines()]
    return "; ".join(dict.fromkeys(line for line in said if line)) or f"ffmpeg exit status {status}"
