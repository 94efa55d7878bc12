"""Re-render after an edit, against a full build of the same book.

1. One minor character (the one with the fewest segments) gets another rate
   in the casting file: only that character's segments may be synthesized.
2. One word is inserted into a narration paragraph near the middle of the
   book (one with no quotation in it or next to it): only the segment(s)
   whose speech text changed may be synthesized.

The expected numbers are computed apart from the build: the segment cache
keys of the script after the edit that the script before it did not have
(``audiobook.chapter_cache.segment_keys``).  Times are compared with the
full build's.

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

import books
import harness


def minor_character(book: Path, cast: Path) -> tuple[str, int]:
    """The speaking character with the fewest dialogue segments, and that number."""
    counts = Counter(r["speaker"] for r in books.script_rows(book, cast)
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


def edit_middle_paragraph(book: Path, cast: Path) -> dict:
    """Insert one word into the spoken text of the narration paragraph nearest
    the middle of the book, a paragraph with no quotation in it or its
    neighbours (so that no speaker attribution can change).  Returns where."""
    text = book.read_text(encoding="utf-8")
    rows = books.script_rows(book, cast)
    quoted = re.compile("[\"\u201c\u201d]")

    def plain(i: int) -> bool:
        r = rows[i]
        return (r["kind"] == "narration" and text[r["start"]:r["end"]] == r["text"]
                and not quoted.search(r["text"]) and not r["text"].lstrip().upper().startswith("CHAPTER"))

    candidates = [i for i in range(1, len(rows) - 1)
                  if plain(i) and plain(i - 1) and plain(i + 1) and len(rows[i]["text"].split()) >= 12]
    if not candidates:
        raise RuntimeError(f"{book} has no narration paragraph between two others")
    i = min(candidates, key=lambda j: abs(rows[j]["start"] - len(text) // 2))
    row = rows[i]
    # After the paragraph's fourth word: "indeed" is spoken, so the segment's speech text changes.
    word = list(re.finditer(r"[A-Za-z]+", row["text"]))[3]
    at = row["start"] + word.end()
    book.write_text(text[:at] + " indeed" + text[at:], encoding="utf-8")
    return {"paragraph": " ".join(row["text"].split()[:8]), "offset": row["start"], "chapter": row["chapter"]}


def changed_keys(before: list[str], after: list[str]) -> int:
    """Distinct cache keys of the edited book that the book before the edit did not have."""
    return len(set(after) - set(before))


def measure_rerender(book: Path, cast: Path, dest: Path, cache: Path, full_seconds: float) -> dict:
    """``book`` has just been built to ``dest`` with ``cast`` and ``cache`` in ``full_seconds``.

    Expected counts are computed independently of the build: the difference
    between the segment cache keys of the script before and after the edit."""
    out = {"full_build_seconds": round(full_seconds, 1)}

    keys_before = books.job_keys(book, cast)
    name, lines = minor_character(book, cast)
    set_rate(cast, name, +30)
    keys_after = books.job_keys(book, cast)
    expected = changed_keys(keys_before, keys_after)
    run = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
    out["rate_change"] = {
        "character": name, "their_segments": lines, "expected_new_segments": expected,
        "synthesized": run.synthesized, "from_cache": run.from_cache, "seconds": round(run.seconds, 1),
        "percent_of_full_build": round(100 * run.seconds / full_seconds, 1),
        "only_their_segments": run.synthesized == expected and 1 <= expected <= lines,
    }

    where = edit_middle_paragraph(book, cast)
    keys_edited = books.job_keys(book, cast)
    expected = changed_keys(keys_after, keys_edited)
    run = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
    out["paragraph_edit"] = {
        **where, "expected_new_segments": expected,
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
        book.write_text(books.excerpt(args.hours), encoding="utf-8")
        books.cli("cast", str(book), "--output", str(cast), cwd=work)
        full = harness.run_build(book, dest, cache, cast=cast, watch=False).check()
        print(json.dumps(measure_rerender(book, cast, dest, cache, full.seconds), indent=2))


if __name__ == "__main__":
    main()
