"""Measure dialogue detection against PDNC-style annotated novels.

    python benchmarks/quote_detection.py /work/shared/pdnc-dev [--style straight|curly|british|all]
        [--misses N] [--false-positives N]

For each novel folder (novel_text.txt + quotation_info.csv) prints:
- found: fraction of gold quotations (all pieces of a row, quote marks
  excluded) covered at least 50% by dialogue segments;
- precision: fraction of dialogue-segment characters that fall inside a gold
  quotation (counting one quote mark on each side of each piece).  Nested
  quotes count against it: the gold leaves a quotation inside a quotation out
  of the outer speaker's pieces.

``--false-positives N`` breaks the dialogue characters outside the gold down
into whole segments (a quotation the gold does not count as speech), segment
edges and gaps inside a segment (mostly nested quotes), and prints the N
biggest false-positive segments with the narration before them.

``convert_quotes(text, style)`` rewrites a straight-quoted text to curly double
quotes ("curly"), British single quotes ("british": ‘ ’ for speech, “ ” for
nested quotes, ’ for apostrophes) or the same with straight marks
("british-straight": ' for speech and apostrophes, " nested), one character for
one so offsets stay valid.
"""
from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
import time
from pathlib import Path

from audiobook.chapters import find_chapters
from audiobook.quotes import split_chapter

_STRAIGHTEN = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ELISIONS = {"tis", "twas", "em", "im", "cause", "bout", "ere", "ow", "n", "til", "nuff", "round"}


def convert_quotes(text: str, style: str) -> str:
    """Same text with quote marks in another style (same length)."""
    if style == "straight":
        return text
    if style == "british-straight":
        return convert_quotes(text, "british").translate(_STRAIGHTEN)
    if style not in ("curly", "british"):
        raise ValueError(f"unknown quote style {style!r}: use straight, curly, british or british-straight")
    outer_open, outer_close = ("\u201c", "\u201d") if style == "curly" else ("\u2018", "\u2019")
    inner_open, inner_close = ("\u2018", "\u2019") if style == "curly" else ("\u201c", "\u201d")
    out = list(text)
    pos = 0
    for para in _PARAGRAPH_BREAK.split(text) + [""]:
        _convert_paragraph(text, pos, pos + len(para), out, outer_open, outer_close, inner_open, inner_close)
        m = _PARAGRAPH_BREAK.match(text, pos + len(para))
        pos += len(para) + (len(m.group()) if m else 0)
    return "".join(out)


def _convert_paragraph(text, start, end, out, o_open, o_close, i_open, i_close):
    in_outer = in_inner = False
    for i in range(start, end):
        ch = text[i]
        if ch not in "\"'":
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opening = (before.isspace() or before in "([{\u2014-\"'") and not after.isspace()
        if ch == '"':
            close_shaped = not before.isspace() and not after.isalnum()
            if in_outer or (close_shaped and not opening):
                out[i], in_outer, in_inner = o_close, False, False
            else:
                out[i], in_outer = o_open, True
            continue
        # straight single mark: nested quote or apostrophe
        word = re.match(r"[A-Za-z]+", text[i + 1 : i + 8])
        if opening and in_outer and not in_inner and not (word and word.group().lower() in _ELISIONS):
            out[i], in_inner = i_open, True
        elif in_inner and not after.isalnum() and not before.isspace() and not (
            before.isalpha() and _closer_follows(text, i + 1, end)
        ):
            out[i], in_inner = i_close, False
        else:
            out[i] = "\u2019"


def _closer_follows(text, start, end):
    """Another closing-shaped ' before the next " (so this one is an apostrophe: the boys' den)."""
    stop = text.find('"', start, end)
    stop = end if stop < 0 else stop
    for j in range(start, stop):
        if text[j] == "'" and not text[j - 1].isspace() and (j + 1 >= stop or not text[j + 1].isalnum()):
            return True
    return False


def load_gold(folder: Path) -> list[list[tuple[int, int]]]:
    with open(folder / "quotation_info.csv", newline="", encoding="utf-8") as f:
        return [[tuple(span) for span in ast.literal_eval(row["quoteByteSpans"])] for row in csv.DictReader(f)]


def measure(text: str, gold: list[list[tuple[int, int]]]) -> dict:
    start = time.perf_counter()
    chapters = find_chapters(text)
    dialogue = bytearray(len(text))
    for chapter in chapters:
        for seg in split_chapter(text, chapter):
            if seg.kind == "dialogue":
                dialogue[seg.start : seg.end] = b"\x01" * (seg.end - seg.start)
    seconds = time.perf_counter() - start
    inside = bytearray(len(text))
    found = 0
    for spans in gold:
        total = sum(e - s for s, e in spans)
        covered = sum(dialogue[s:e].count(1) for s, e in spans)
        found += total == 0 or covered >= 0.5 * total
        for s, e in spans:
            lo, hi = max(0, s - 1), min(len(text), e + 1)
            inside[lo:hi] = b"\x01" * (hi - lo)
    said = dialogue.count(1)
    hits = sum(1 for a, b in zip(dialogue, inside) if a and b) if said else 0
    return {
        "found": found / len(gold) if gold else 1.0,
        "precision": hits / said if said else 1.0,
        "quotes": len(gold),
        "chapters": len(chapters),
        "seconds": seconds,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of PDNC novel folders")
    parser.add_argument(
        "--style", default="all", choices=["straight", "curly", "british", "british-straight", "all"]
    )
    parser.add_argument("--misses", type=int, default=0, help="print this many missed quotations per novel")
    parser.add_argument(
        "--false-positives", type=int, default=0, metavar="N",
        help="break down dialogue outside the gold and print the N biggest such segments per novel",
    )
    args = parser.parse_args(argv)
    styles = ["straight", "curly", "british", "british-straight"] if args.style == "all" else [args.style]
    novels = sorted(p for p in args.corpus.iterdir() if (p / "novel_text.txt").exists())
    if not novels:
        print(f"{args.corpus}: no novel folders (novel_text.txt + quotation_info.csv) found", file=sys.stderr)
        return 2
    for style in styles:
        print(f"== {style}")
        worst_found = worst_precision = 1.0
        for folder in novels:
            text = convert_quotes((folder / "novel_text.txt").read_text(encoding="utf-8"), style)
            gold = load_gold(folder)
            r = measure(text, gold)
            worst_found, worst_precision = min(worst_found, r["found"]), min(worst_precision, r["precision"])
            print(
                f"{folder.name:32s} found {r['found']:.4f}  precision {r['precision']:.4f}  "
                f"quotes {r['quotes']:5d}  chapters {r['chapters']:3d}  {r['seconds']:.2f}s"
            )
            if args.misses:
                _print_misses(text, gold, args.misses)
            if args.false_positives:
                _print_false_positives(text, gold, args.false_positives)
        print(f"{'worst':32s} found {worst_found:.4f}  precision {worst_precision:.4f}")
    return 0


def _print_misses(text, gold, limit):
    dialogue = bytearray(len(text))
    for chapter in find_chapters(text):
        for seg in split_chapter(text, chapter):
            if seg.kind == "dialogue":
                dialogue[seg.start : seg.end] = b"\x01" * (seg.end - seg.start)
    shown = 0
    for spans in gold:
        total = sum(e - s for s, e in spans)
        if total and sum(dialogue[s:e].count(1) for s, e in spans) < 0.5 * total:
            s, e = spans[0]
            print("   MISS", repr(text[max(0, s - 40) : e + 20]))
            shown += 1
            if shown >= limit:
                break


def _print_false_positives(text, gold, limit):
    inside = bytearray(len(text))
    for spans in gold:
        for s, e in spans:
            lo, hi = max(0, s - 1), min(len(text), e + 1)
            inside[lo:hi] = b"\x01" * (hi - lo)
    whole = edges = gaps = 0
    worst = []
    for chapter in find_chapters(text):
        for seg in split_chapter(text, chapter):
            if seg.kind != "dialogue":
                continue
            marks = inside[seg.start : seg.end]
            bad = len(marks) - marks.count(1)
            if not bad:
                continue
            worst.append((bad, seg.start, seg.end))
            if bad == len(marks):
                whole += bad
                continue
            edge = marks.find(1) + (len(marks) - 1 - marks.rfind(1))
            edges += edge
            gaps += bad - edge
    print(f"   false-positive chars: whole segments {whole}, segment edges {edges}, inner gaps (nested quotes) {gaps}")
    for bad, s, e in sorted(worst, reverse=True)[:limit]:
        quote = text[s:e]
        quote = quote if len(quote) <= 160 else quote[:100] + " ... " + quote[-55:]
        print(f"   FP {bad:5d}/{e - s:<5d} after {text[max(0, s - 70) : s]!r}\n      {quote!r}")


if __name__ == "__main__":
    sys.exit(main())
