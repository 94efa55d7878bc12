#!/usr/bin/env python3
"""How the cost of `audiobook script` grows with book length, in the book's own
layout and with every line and paragraph break taken out (a book in one line,
as a broken conversion may leave it).

    python benchmarks/script_scale.py [NOVEL.txt] [--copies 1 2 4]

The novel (default: Pride and Prejudice from the PDNC corpus) is repeated 1, 2
and 4 times and scripted as JSONL by the real command in a subprocess, with
the CPUs the tool chooses to use.  Reported per size and layout: wall time,
seconds per MB, and the growth exponent between the smallest and the largest
size (1.0 is linear; 2.0 would be the square of the length).
"""
from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BOOK = Path("/work/shared/pdnc-dev/PrideAndPrejudice/novel_text.txt")


def repeated(text: str, copies: int) -> str:
    return "\n\n".join([text] * copies)


def one_line(text: str) -> str:
    """The same words with no line or paragraph break at all."""
    return re.sub(r"\s*\n\s*", " ", text).strip() + "\n"


def script_seconds(book: Path) -> float:
    exe = Path(sys.executable).with_name("audiobook")
    start = time.perf_counter()
    subprocess.run([str(exe), "script", str(book), "--format", "jsonl", "--output", os.devnull],
                   check=True, cwd=book.parent, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("book", nargs="?", type=Path, default=DEFAULT_BOOK)
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4])
    args = ap.parse_args()
    text = args.book.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for layout, shape in (("own layout", lambda t: t), ("one line", one_line)):
            rows = []
            for n in args.copies:
                book = Path(tmp) / f"book-{n}.txt"
                book.write_text(shape(repeated(text, n)), encoding="utf-8")
                mb = book.stat().st_size / 1e6
                seconds = script_seconds(book)
                rows.append((n, mb, seconds))
                print(f"{layout:10s}  x{n}  {mb:5.2f} MB  {seconds:6.1f} s  {seconds / mb:5.1f} s/MB", flush=True)
            (_, mb0, s0), (_, mb1, s1) = rows[0], rows[-1]
            if mb1 > mb0:
                print(f"{layout:10s}  growth exponent {math.log(s1 / s0) / math.log(mb1 / mb0):.2f}")


if __name__ == "__main__":
    main()
