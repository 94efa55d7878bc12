#!/usr/bin/env python3
"""Where the untagged (implicit) turns' errors come from, per conversation run.

    python benchmarks/implicit_breakdown.py PDNC_DIR [--novels A,B] [--cache DIR]

Leave-one-novel-out (roster mode), as attribution_loo.py: every gold-labelled
implicit turn is counted by whether the nearest tagged turn before and after
it in its run (runs.py), the anchors of its alternation, are attributed right
(or the run has no tagged turn).  Errors are also counted as phase shifts (the guess is the gold
speaker of a neighbouring turn) and as misses (the gold speaker was not a
candidate).  --cache keeps each held-out novel's trained weights, so a change
to the decoder alone can be screened in seconds (the weights then no longer
match it: confirm with attribution_loo.py).  A development aid: it reads gold.
"""
from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "training"))

from attribution_loo import make_novel  # noqa: E402
from audiobook.attribution import rank  # noqa: E402
from audiobook.attribution_model.runs import runs  # noqa: E402
from train_attribution import label_units, to_roster, train, weights_dict  # noqa: E402


def unit_types(nv) -> list[str | None]:
    """Gold quote type of the quotation each utterance overlaps first."""
    spans = sorted((a, b, g["type"]) for g in nv.gold for a, b in g["spans"])
    starts = [s[0] for s in spans]
    out = []
    for u in nv.units:
        a, b = u.pieces[0]
        i, t = max(bisect.bisect_right(starts, a) - 1, 0), None
        while i < len(spans) and spans[i][0] < b and t is None:
            t = spans[i][2] if min(b, spans[i][1]) > max(a, spans[i][0]) else None
            i += 1
        out.append(t)
    return out


def breakdown(nv, results, n: Counter, ok: Counter, err: Counter) -> None:
    pred = [r[0][1] if r else None for r in results]
    types = unit_types(nv)
    for run in runs(nv.units):
        tagged = [j for j in run if nv.units[j].tag_kind and nv.labels[j]]
        for k in run:
            gold = nv.labels[k]
            if gold is None or types[k] != "Implicit" or nv.units[k].tag_kind:
                continue
            # the nearest tagged turn on each side in the run: the anchors of its alternation
            near = [j for j in (max((j for j in tagged if j < k), default=None),
                                min((j for j in tagged if j > k), default=None)) if j is not None]
            kind = ("no tagged turn" if not near else "nearest tagged right"
                    if all(pred[j] == nv.labels[j] for j in near) else "a nearest tagged wrong")
            n[kind] += 1
            if pred[k] == gold:
                ok[kind] += 1
                continue
            err["all"] += 1
            if pred[k] in {nv.labels[j] for j in (k - 1, k + 1) if 0 <= j < len(nv.units)}:
                err["phase shift"] += 1
            if not any(c == gold for _, c in results[k]):
                err["gold not a candidate"] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--novels", default="")
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    folders = sorted(p for p in args.data.iterdir() if (p / "quotation_info.csv").exists())
    novels = {}
    for f in folders:
        nv, _ = make_novel(f, None, auto=False)
        nv.labels = [to_roster(x, nv.roster) for x in label_units(nv.units, nv.gold)]
        novels[f.name] = nv
    n, ok, err = Counter(), Counter(), Counter()
    for name, nv in novels.items():
        if args.novels and name not in args.novels.split(","):
            continue
        path = args.cache / f"{name}.json" if args.cache else None
        if path and path.exists():
            weights = json.loads(path.read_text())
        else:
            weights = weights_dict(*train([v for k, v in novels.items() if k != name]))
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(weights))
        breakdown(nv, rank(nv.units, nv.ctx, weights), n, ok, err)
    for kind in sorted(n):
        print(f"implicit turns, {kind:22s} n={n[kind]:5d}  accuracy={ok[kind] / n[kind]:.3f}")
    print("errors:", dict(err))


if __name__ == "__main__":
    main()
