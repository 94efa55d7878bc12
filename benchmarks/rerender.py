"""Re-render after an edit, against a full build of the same book.

1. One minor character (the one with the fewest segments) gets another rate
   in the casting file: only that character's segments may be synthesized.
2. One narration paragraph near the middle of the book is edited: only its
   changed segments may be synthesized.

The expected numbers are the build's own: the cache keys of the book's
segments after the edit that are not in the cache yet.  Times are compared
with the full build's.

    python benchmarks/rerender.py [--hours 1] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import tomlkit

import harness


def minor_character(book: Path, cast: Path) -> tuple[str, int]:
    """The speaking character with the fewest dialogue segments, and that number."""
    counts = Counter(r["speaker"] for r in harness.script_rows(book, cast)
                     if r["kind"] == "dialogue" and r["speaker"] and any(c.isalnum() for c in r["text"]))
    doc = tomlkit.parse(cast.read_text(encoding="utf-8"))
    listed = set(doc.get("characters", {}))
    candidates = [(n, name) for name, n in counts.items() if name in listed]
    if not candidates:
        raise RuntimeError(f"no character of {cast} speaks in {book}")
    n, name = min(candidates)
    return name, n


def set_rate(cast: Path, name: str, delta: int) -> None:
    doc = tomlkit.parse(cast.read_text(encoding="utf-8"))
    member = doc["characters"][name]
    member["rate"] = int(member["rate"]) + delta
    cast.write_text(tomlkit.dumps(doc), encoding="utf-8")


def edit_middle_paragraph(book: Path) -> str:
    """Change one word of the narration paragraph (no quotation marks) nearest
    the middle of the book; returns the paragraph's first words."""
    text = book.read_text(encoding="utf-8")
    spans = [m.span() for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]
    plain = [(a, b) for a, b in spans if not re.search("[\"\u201c\u201d]", text[a:b])
             and len(text[a:b].split()) >= 12 and not text[a:b].startswith("CHAPTER")]
    a, b = min(plain, key=lambda s: abs(s[0] - len(text) // 2))
    paragraph = text[a:b]
    edited = re.sub(r"\b(\w+)([.!?;:]?)\s*$", r"\1 indeed\2", paragraph, count=1)
    book.write_text(text[:a] + edited + text[b:], encoding="utf-8")
    return " ".join(paragraph.split()[:8])


def measure_rerender(book: Path, cast: Path, dest: Path, cache: Path, full_seconds: float) -> dict:
    """``book`` has just been built to ``dest`` with ``cast`` and ``cache`` in ``full_seconds``."""
    out = {"full_build_seconds": round(full_seconds, 1)}

    name, lines = minor_character(book, cast)
    set_rate(cast, name, +30)
    expected = len({k for k in harness.job_keys(book, cast) if k not in harness.cached_keys(cache)})
    run = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
    out["rate_change"] = {
        "character": name, "their_segments": lines, "expected_new_segments": expected,
        "synthesized": run.synthesized, "from_cache": run.from_cache, "seconds": round(run.seconds, 1),
        "percent_of_full_build": round(100 * run.seconds / full_seconds, 1),
        "only_their_segments": run.synthesized == expected and expected <= lines,
    }

    where = edit_middle_paragraph(book)
    expected = len({k for k in harness.job_keys(book, cast) if k not in harness.cached_keys(cache)})
    run = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
    out["paragraph_edit"] = {
        "paragraph": where, "expected_new_segments": expected,
        "synthesized": run.synthesized, "from_cache": run.from_cache, "seconds": round(run.seconds, 1),
        "percent_of_full_build": round(100 * run.seconds / full_seconds, 1),
        "only_its_segments": run.synthesized == expected and expected >= 1,
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiobook-rerender-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        book, cast, dest, cache = work / "book.txt", work / "book.toml", work / "book.m4b", work / "cache"
        book.write_text(harness.excerpt(args.hours), encoding="utf-8")
        harness.cli("cast", str(book), "--output", str(cast), cwd=work)
        full = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
        print(json.dumps(measure_rerender(book, cast, dest, cache, full.seconds), indent=2))


if __name__ == "__main__":
    main()
