#!/usr/bin/env python3
"""List the attribution errors of one held-out novel, with their context.

    python benchmarks/attribution_errors.py PDNC_DIR NOVEL [--auto] [--type Implicit]
                                            [--limit 40] [--shipped]

Trains on the other novels (leave-one-novel-out, as attribution_loo.py does;
--shipped uses the packaged weights instead, faster but in-sample), scripts
the novel and prints every gold quotation whose predicted speaker is wrong:
quote type, gold and predicted speaker, the runner-up candidates and the
text around it.  A development aid: it reads the gold annotation.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from attribution_loo import make_novel  # noqa: E402
from audiobook.attribution import rank  # noqa: E402
from audiobook.names import most_used_names  # noqa: E402
from train_attribution import label_units, to_roster, train, weights_dict  # noqa: E402


def explain(nv, weights, pos: int) -> None:
    """For the utterance at `pos`: each candidate's probability and its
    largest feature contributions, pass by pass."""
    from audiobook.attribution_model.features import FEATURES
    target = next(u for u in nv.units if any(a <= pos < b for a, b in u.pieces))
    print(target)

    def show(p, u, cands, rows, probs):
        if u is not target:
            return
        w = weights["pass1" if p == 0 else "pass2"]
        print(f"\npass {p + 1}")
        for prob, c, row in sorted(zip(probs, cands, rows), key=lambda t: -t[0])[:4]:
            top = sorted(((row[i] * w[i], FEATURES[i], row[i]) for i in range(len(row)) if row[i]),
                         key=lambda t: -abs(t[0]))[:8]
            print(f"  {prob:.2f} {c}: " + ", ".join(f"{f}={v:.2g}({x:+.2f})" for x, f, v in top))

    rank(nv.units, nv.ctx, weights, observe=show)


def _verdicts(quotes, roster, segs) -> list[tuple[bool, bool, str | None]]:
    """Per gold quotation, as the scorer judges it: (right, found, the
    character its predicted name was read as).  The scorer reads each
    predicted name as the one character it most often stands for, so a name
    two characters share is right for one of them only."""
    import bisect
    starts = [s[0] for s in segs]
    found_pred = []
    for q in quotes:
        total = sum(b - a for a, b in q["spans"]) or 1
        overlap = Counter()
        for a, b in q["spans"]:
            i = max(bisect.bisect_right(starts, a) - 1, 0)
            while i < len(segs) and segs[i][0] < b:
                o = min(b, segs[i][1]) - max(a, segs[i][0])
                if o > 0:
                    overlap[segs[i][2]] += o
                i += 1
        found_pred.append((sum(overlap.values()) * 2 >= total, overlap.most_common(1)[0][0] if overlap else None))
    votes: dict = {}
    for q, (found, pred) in zip(quotes, found_pred):
        if found and pred:
            votes.setdefault(pred, Counter())[q["speaker"]] += 1
    meaning = {pred: max(((golds[c], c) for c in roster.candidates(pred)), default=(0, None))[1]
               for pred, golds in votes.items()}
    return [(found and pred is not None and meaning.get(pred) == q["speaker"], found, meaning.get(pred))
            for q, (found, pred) in zip(quotes, found_pred)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("novel")
    ap.add_argument("--auto", action="store_true", help="automatic cast instead of the character list")
    ap.add_argument("--type", default="", help="only this quote type (Explicit, Anaphoric, Implicit)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--shipped", action="store_true", help="packaged weights (in-sample)")
    ap.add_argument("--context", type=int, default=300, help="characters of text before the quote")
    ap.add_argument("--explain", type=int, default=-1,
                    help="offset inside a quotation: print its candidates' strongest features (last pass)")
    ap.add_argument("--scorer", type=Path, default=Path("/work/shared/eval"))
    args = ap.parse_args()
    sys.path.insert(0, str(args.scorer))
    import score_attribution as sa

    folders = sorted(p for p in args.data.iterdir() if (p / "quotation_info.csv").exists())
    if args.shipped:
        from audiobook.attribution_model.ranker import load_weights
        weights = load_weights()  # by feature name: features newer than the file weigh 0
    else:
        train_set = []
        for f in folders:
            if f.name == args.novel:
                continue
            nv, _ = make_novel(f, None, auto=False)
            nv.labels = [to_roster(x, nv.roster) for x in label_units(nv.units, nv.gold)]
            train_set.append(nv)
        weights = weights_dict(*train(train_set))
    folder = args.data / args.novel
    nv, _ = make_novel(folder, None, auto=args.auto)
    if args.explain >= 0:
        explain(nv, weights, args.explain)
        return
    res = rank(nv.units, nv.ctx, weights)
    label = {} if args.auto else most_used_names(nv.text, nv.roster)
    segs, unit_of = [], {}
    for u, r in zip(nv.units, res):
        spk = label.get(r[0][1], r[0][1]) if r else None
        for a, b in u.pieces:
            segs.append((a, b, spk))
            unit_of[a] = (u, r)
    segs.sort()
    _, quotes, roster = sa.load_pdnc(folder)
    by_type, _ = sa.score(quotes, roster, segs)
    print("  ".join(f"{t}={c['correct'] / c['n']:.3f}" for t, c in by_type.items() if c["n"]))
    starts = [s[0] for s in segs]
    import bisect
    verdicts = _verdicts(quotes, roster, segs)
    shown = Counter()
    for q, (ok, found, meant) in zip(quotes, verdicts):
        if args.type and q["type"] != args.type:
            continue
        a, b = q["spans"][0]
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        sa_, sb, spk = segs[i]
        if sb <= a and i + 1 < len(segs):
            sa_, sb, spk = segs[i + 1]
        if ok:
            continue
        shown[q["type"]] += 1
        if args.limit and sum(shown.values()) > args.limit:
            break
        u, r = unit_of.get(sa_, (None, []))
        alts = ", ".join(f"{n}:{p:.2f}" for p, n in r[:3]) if r else "-"
        before = nv.text[max(0, a - args.context):a].replace("\n", " ")
        quote = nv.text[a:q["spans"][-1][1]].replace("\n", " ")
        why = "" if found else "  NOT FOUND"
        if found and q["speaker"] in roster.candidates(spk):  # a name the gold speaker shares
            why = f"  (the scorer reads {spk!r} as {meant!r})"
        print(f"\n[{q['type']}] @{a} gold={q['speaker']!r} pred={spk!r}{why}  ({alts})")
        print(f"   ...{before}<<{quote[:200]}>>")
    print("\nerrors shown per type:", dict(shown))


if __name__ == "__main__":
    main()
