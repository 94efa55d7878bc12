#!/usr/bin/env python3
"""Leave-one-novel-out evaluation of speaker attribution.

    python benchmarks/attribution_loo.py PDNC_DIR [--novels A,B] [--style curly|british]
                                          [--layout LAYOUT] [--shipped]
                                          [--scorer /work/shared/eval] [--calibration]

For each novel: train the ranker on the other novels, script the held-out
one (quotes stage + roster + attribution, as the tool does) and score it
with the shared scorer, both with the annotated character list (roster
mode, the casting file) and fully automatic (characters found in the text).
Prints a row per novel (accuracy, seconds to attribute) and the totals per
quote type.  --style converts the text first (length-preserving) to check
that accuracy holds in other quote styles, --layout in other plain-text
layouts (one paragraph per line, no blank lines, ...: see layouts.py).
--shipped scores the packaged weights instead of retraining (in-sample, but
seconds instead of minutes: enough to compare styles and layouts).  --calibration adds, for roster
mode, how well the confidence the JSONL carries sorts right from wrong:
accuracy per confidence band, and the share of all wrong turns that the
least confident 10/20/30% (what `audiobook script --review` lists first) hold.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from audiobook.attribution import prepare, rank  # noqa: E402
from audiobook.attribution_model.ranker import load_weights  # noqa: E402
from audiobook.characters import build_roster  # noqa: E402
from audiobook.names import most_used_names  # noqa: E402
from layouts import LAYOUTS, convert_layout  # noqa: E402
from train_attribution import (Novel, label_units, load_gold, load_roster,  # noqa: E402
                               script_segments, to_roster, train, weights_dict)

TYPES = ("Explicit", "Anaphoric", "Implicit", "Other", "All")


def make_novel(folder: Path, style: str | None, auto: bool, layout: str = "own") -> tuple[Novel, float]:
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    if style:
        from benchmarks.quote_detection import convert_quotes
        text = convert_quotes(text, style)
    text = convert_layout(text, layout)
    t0 = time.perf_counter()
    segs = script_segments(text)
    roster = build_roster(text) if auto else load_roster(folder)
    nv = Novel(folder.name, text, segs, roster, load_gold(folder))
    nv.units, nv.ctx = prepare(nv.text, nv.segments, nv.roster, from_cast=not auto)
    return nv, time.perf_counter() - t0


def predictions(nv: Novel, weights: dict, relabel: bool):
    res = rank(nv.units, nv.ctx, weights)
    # as the CLI's JSONL does with a casting file: label characters as the book calls them
    label = most_used_names(nv.text, nv.roster) if relabel else {}
    segs = []
    for u, r in zip(nv.units, res):
        spk = r[0][1] if r else None
        spk = label.get(spk, spk)
        for a, b in u.pieces:
            segs.append((a, b, spk))
    return sorted(segs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--novels", default="")
    ap.add_argument("--style", default=None)
    ap.add_argument("--scorer", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--modes", default="roster,auto")
    ap.add_argument("--calibration", action="store_true")
    ap.add_argument("--layout", default="own", choices=LAYOUTS)
    ap.add_argument("--shipped", action="store_true", help="the packaged weights, not retrained per novel")
    args = ap.parse_args()
    sys.path.insert(0, str(args.scorer))
    import score_attribution as sa

    folders = sorted(p for p in args.data.iterdir() if (p / "quotation_info.csv").exists())
    targets = [f for f in folders if not args.novels or f.name in args.novels.split(",")]
    train_set = {}
    for f in [] if args.shipped else folders:
        nv, _ = make_novel(f, args.style, auto=False, layout=args.layout)
        nv.labels = [to_roster(x, nv.roster) for x in label_units(nv.units, nv.gold)]
        train_set[f.name] = nv
    totals = {m: defaultdict(Counter) for m in args.modes.split(",")}
    turns = []  # (confidence, right) of every gold-labelled turn, roster mode
    for f in targets:
        weights = load_weights(None) if args.shipped else weights_dict(
            *train([nv for name, nv in train_set.items() if name != f.name]))
        _, quotes, roster = sa.load_pdnc(f)
        row = [f"{f.name:30s}"]
        for mode in args.modes.split(","):
            t0 = time.perf_counter()
            nv, prep_secs = make_novel(f, args.style, auto=(mode == "auto"), layout=args.layout)
            segs = predictions(nv, weights, relabel=(mode == "roster"))
            if args.calibration and mode == "roster":
                turns += confidence_and_truth(nv, weights)
            secs = time.perf_counter() - t0
            by_type, _ = sa.score(quotes, roster, segs)
            for t, c in by_type.items():
                totals[mode][t].update(c)
            a = by_type["All"]
            row.append(f"{mode}={a['correct'] / a['n']:.3f} "
                       f"(E {_acc(by_type, 'Explicit')} A {_acc(by_type, 'Anaphoric')} "
                       f"I {_acc(by_type, 'Implicit')}) {secs:.1f}s")
        print("  ".join(row), flush=True)
    for mode, tot in totals.items():
        print(f"{mode}: " + "  ".join(f"{t}={tot[t]['correct'] / tot[t]['n']:.3f} (n={tot[t]['n']}, "
                                      f"found={tot[t]['found'] / tot[t]['n']:.3f})"
                                      for t in TYPES if tot[t]["n"]))
    if turns:
        print_calibration(turns)


def confidence_and_truth(nv: Novel, weights: dict) -> list[tuple[float, bool]]:
    gold = [to_roster(x, nv.roster) for x in label_units(nv.units, nv.gold)]
    return [(r[0][0] if r else 0.0, bool(r) and r[0][1] == g)
            for r, g in zip(rank(nv.units, nv.ctx, weights), gold) if g is not None]


def print_calibration(turns: list[tuple[float, bool]]) -> None:
    wrong = sum(not ok for _, ok in turns) or 1
    print(f"calibration (roster, {len(turns)} gold-labelled turns, {wrong} wrong):")
    for lo, hi in ((0, .5), (.5, .7), (.7, .9), (.9, .97), (.97, 1.01)):
        band = [ok for c, ok in turns if lo <= c < hi]
        if band:
            print(f"  confidence {lo:.2f}-{min(hi, 1):.2f}: {len(band):5d} turns, accuracy {sum(band) / len(band):.3f}")
    ranked = sorted(turns)
    for share in (.1, .2, .3):
        head = ranked[:int(len(ranked) * share)]
        print(f"  least confident {share:.0%} of turns hold {sum(not ok for _, ok in head) / wrong:.0%} of the wrong ones")


def _acc(by_type, t):
    c = by_type.get(t)
    return f"{c['correct'] / c['n']:.3f}" if c and c["n"] else "  -  "


if __name__ == "__main__":
    main()
