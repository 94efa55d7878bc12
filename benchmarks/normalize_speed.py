#!/usr/bin/env python3
"""Speech normalisation speed: CPU seconds for a novel's worth of segments.

    python benchmarks/normalize_speed.py [--kb 900]

900 KB of prose in which one segment in ten uses the rules (numbers, titles,
dashes, capitals, a lexicon entry), like a real novel; the rest is plain
narration.  Reports CPU time (other processes on the machine don't count) and
the rate in MB per CPU second.  Target: under 2 s for 900 KB, a small part of
a build whose synthesis takes minutes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audiobook.normalize import speech_text  # noqa: E402

BUSY = ("\u201cWell,\u201d said Mr. Darcy, \u201cI think it was in 1865\u2014or perhaps 1866\u2026 I cannot say.\u201d "
        "CHAPTER IV. She paid $3.50 at 3:30 pm on the 22nd, and laughed _very_ loudly at Henry VIII.")
PLAIN = "\u201cI am sure I don't know,\u201d said Alice, as she looked up at the tall trees in the garden."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=900, help="how much prose (default 900 KB, a long novel)")
    args = ap.parse_args()
    segments = [(BUSY if i % 10 == 0 else PLAIN) + f" {chr(97 + i % 26)}"
                for i in range(args.kb * 1000 // len(PLAIN))]
    size = sum(len(s) for s in segments)
    start = time.process_time()
    for s in segments:
        speech_text(s, {"Darcy": "DAR-see"})
    cpu = time.process_time() - start
    target = 2.0 * size / 900_000
    print(f"{len(segments)} segments, {size / 1e6:.2f} MB: {cpu:.2f} CPU s ({size / 1e6 / cpu:.2f} MB/s); "
          f"target < {target:.2f} s: {'met' if cpu < target else 'NOT met'}")


if __name__ == "__main__":
    main()
