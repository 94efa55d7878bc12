#!/usr/bin/env python3
"""Train the attribution ranker on PDNC-style novels.

    python training/train_attribution.py PDNC_DIR [--out audiobook/attribution_model/weights.json]
                                         [--exclude NOVEL,...]

Each novel is scripted exactly as the tool does it (the quotes stage finds the
dialogue); every utterance found is labelled with the speaker of the gold
quotation it overlaps most.  The roster is the annotated character list (the
casting-file mode); the same weights serve the automatic mode.

Model: conditional logit over candidate speakers (softmax of a weighted sum
of features), L2-regularised, fitted with L-BFGS.  Pass 1 is trained on
local features; pass 2 on features that include pass-1 guesses for the
neighbouring turns (produced by the pass-1 model, as at run time), then
refitted with the hints of the first pass-2 model added (the later passes
see those sharper hints).

Confidence: the softmax of the last pass is sharper than the truth (turns
at 0.9-0.97 were right 77% of the time), so the top probability is mapped
through an isotonic calibration fitted on held-out predictions: each novel
ranked by a model trained on the others (--no-calibration skips it).
"""
from __future__ import annotations

import argparse
import ast
import bisect
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from audiobook.attribution import prepare  # noqa: E402
from audiobook.attribution_model.candidates import candidates  # noqa: E402
from audiobook.attribution_model.features import FEATURES, featurize, neighbours  # noqa: E402
from audiobook.attribution_model.context import vocatives  # noqa: E402
from audiobook.attribution_model.runs import (TRANS_FEATURES, named_between, runs, step_flags,  # noqa: E402
                                             transition_features)
from audiobook.chapters import find_chapters  # noqa: E402
from audiobook.model import Character  # noqa: E402
from audiobook.quotes import split_chapter  # noqa: E402

GENDER = {"M": "male", "F": "female"}
# L2 0.002/0.0005/0.0002/0.0001/0.00003: LOO roster .758/.772/.774/.774/.770, auto .757/.766/.772/.775/.775
# again with today's features (2026-12-06) 3e-4/1e-4/3e-5/1e-5: roster .853/.858/.858/.855, auto .852/.857/.858/.857
L2 = 0.0001


@dataclass
class Novel:
    name: str
    text: str
    segments: list
    roster: list[Character]
    gold: list[dict]        # {"spans", "speaker", "type"}
    units: list = None
    ctx: object = None
    labels: list = None     # gold speaker per utterance (None when not a gold quote)


def load_roster(folder: Path) -> list[Character]:
    csv.field_size_limit(10 ** 9)
    out = []
    with open(folder / "character_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Main Name"]
            aliases = sorted(set(ast.literal_eval(row["Aliases"])) - {name}) if row["Aliases"].strip() else []
            out.append(Character(name=name, aliases=aliases, gender=GENDER.get(row["Gender"])))
    return out


def load_gold(folder: Path) -> list[dict]:
    csv.field_size_limit(10 ** 9)
    out = []
    with open(folder / "quotation_info.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            spans = [tuple(s) for s in ast.literal_eval(row["quoteByteSpans"])]
            t = row["quoteType"] if row["quoteType"] in ("Explicit", "Anaphoric", "Implicit") else "Other"
            out.append({"spans": spans, "speaker": row["speaker"], "type": t})
    return out


def script_segments(text: str) -> list:
    segs = []
    for ch in find_chapters(text):
        segs.extend(split_chapter(text, ch))
    return segs


def load_novel(folder: Path, roster: list[Character] | None = None) -> Novel:
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    nv = Novel(folder.name, text, script_segments(text), roster or load_roster(folder), load_gold(folder))
    nv.units, nv.ctx = prepare(nv.text, nv.segments, nv.roster, from_cast=roster is None)
    nv.labels = [to_roster(label, nv.roster) for label in label_units(nv.units, nv.gold)]
    return nv


def to_roster(label: str | None, roster: list[Character]) -> str | None:
    """The roster name of a gold speaker label (some annotations label a
    character by an alias rather than its main name)."""
    if label is None or any(c.name == label for c in roster):
        return label
    owners = [c.name for c in roster if label in c.aliases]
    return owners[0] if len(owners) == 1 else label


def label_units(units, gold) -> list[str | None]:
    spans = sorted((a, b, g["speaker"]) for g in gold for a, b in g["spans"])
    starts = [s[0] for s in spans]
    labels = []
    for u in units:
        votes = Counter()
        for a, b in u.pieces:
            i = max(bisect.bisect_right(starts, a) - 1, 0)
            while i < len(spans) and spans[i][0] < b:
                o = min(b, spans[i][1]) - max(a, spans[i][0])
                if o > 0:
                    votes[spans[i][2]] += o
                i += 1
        labels.append(votes.most_common(1)[0][0] if votes else None)
    return labels


def examples(nv: Novel, speakers: list, prior: Counter, hints=None):
    """(rows, gold index) for every labelled utterance whose gold speaker is a candidate."""
    out = []
    for u, gold in zip(nv.units, nv.labels):
        if gold is None:
            continue
        cands = candidates(u, nv.ctx, nv.units, speakers, hints)
        if gold not in cands or len(cands) < 2:
            continue
        out.append((featurize(u, cands, nv.ctx, nv.units, speakers, prior, hints), cands.index(gold)))
    return out


def fit(data) -> np.ndarray:
    k = max(len(r) for r, _ in data)
    F = len(FEATURES)
    X = np.zeros((len(data), k, F))
    mask = np.full((len(data), k), -1e9)
    y = np.zeros(len(data), dtype=int)
    for i, (rows, gi) in enumerate(data):
        X[i, :len(rows)] = rows
        mask[i, :len(rows)] = 0
        y[i] = gi
    n = len(data)

    def loss(w):
        s = X @ w + mask
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        ll = np.log(p[np.arange(n), y] + 1e-12).sum()
        grad = X[np.arange(n), y].sum(0) - np.einsum("nk,nkf->f", p, X)
        return -ll / n + L2 * w @ w, -grad / n + 2 * L2 * w

    res = minimize(loss, np.zeros(F), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x


def predict(nv: Novel, w1, w2, trans=None, passes=3):
    from audiobook.attribution import rank
    return rank(nv.units, nv.ctx, weights_dict(w1, w2, trans), passes=passes)


def weights_dict(w1, w2, trans=None) -> dict:
    out = {"pass1": list(w1), "pass2": list(w2)}
    if trans is not None:
        out["transition"] = {"alt": list(trans[0]), "same": list(trans[1])}
    return out


OUTCOMES = ("alt", "same", "new")


def transition_examples(nv: Novel):
    """(features, outcome) of every step inside a run between gold-labelled
    turns: back to the last other speaker (alt), the same one again, or new."""
    out = []
    for run in runs(nv.units):
        before = None   # the last speaker of the run other than the current one
        for a, b in zip(run, run[1:]):
            la, lb = nv.labels[a], nv.labels[b]
            if la is None or lb is None:
                before = None
                continue
            if before is not None:
                o = 1 if lb == la else 0 if lb == before else 2
                in_prev, between = named_between(nv.ctx.narr, nv.units[a], nv.units[b])
                third = step_flags(in_prev, between, vocatives(nv.ctx, nv.units[a]), la, before)
                out.append((transition_features(nv.text, nv.units[a], nv.units[b], third), o))
            if lb != la:
                before = la
    return out


def fit_transitions(novels: list[Novel]):
    """Multinomial logit of the run decoder's steps (new is the reference outcome)."""
    data = [e for nv in novels for e in transition_examples(nv)]
    X = np.array([x for x, _ in data])
    y = np.array([o for _, o in data])
    n, F = X.shape

    def loss(w):
        W = np.concatenate([w.reshape(2, F), np.zeros((1, F))])
        s = X @ W.T
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        ll = np.log(p[np.arange(n), y] + 1e-12).sum()
        onehot = np.eye(3)[y]
        grad = ((onehot - p).T @ X)[:2].ravel()
        return -ll / n + L2 * w @ w, -grad / n + 2 * L2 * w

    res = minimize(loss, np.zeros(2 * F), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = res.x.reshape(2, F)
    return w[0], w[1]


def train(novels: list[Novel]):
    """Turn transitions from the gold sequences; pass 1 on local features;
    pass 2 on features built from pass-1 guesses.
    (Cross-fitting the pass-1 guesses was tried: LOO 0.665 vs 0.700, as the
    few first-person novels then teach the narrator features too little.)"""
    trans = fit_transitions(novels)
    w1 = fit([e for nv in novels for e in examples(nv, [None] * len(nv.units), Counter())])
    d2 = []
    tw = weights_dict(w1, w1, trans)["transition"]
    for nv in novels:
        hints = neighbours(predict(nv, w1, w1, trans, passes=1), nv.units, nv.text, tw, nv.ctx.genders, nv.ctx)
        d2.extend(examples(nv, hints.speakers, Counter(s for s in hints.speakers if s), hints))
    w2 = fit(d2)
    # the last pass sees hints from pass 2, sharper than pass 1's: train on both
    for nv in novels:
        hints = neighbours(predict(nv, w1, w2, trans, passes=2), nv.units, nv.text, tw, nv.ctx.genders, nv.ctx)
        d2.extend(examples(nv, hints.speakers, Counter(s for s in hints.speakers if s), hints))
    w2 = fit(d2)
    return w1, w2, trans


CALIBRATION_KNOTS = 12
MAX_CONFIDENCE = 0.995


def calibration(novels: list[Novel]) -> tuple[list[float], list[float]]:
    """Isotonic map from the top candidate's probability to the share of such
    turns that are right, on leave-one-novel-out predictions: equal-count bins,
    then adjacent bins pooled until accuracy rises with probability."""
    pairs = []
    for nv in novels:
        w1, w2, trans = train([o for o in novels if o is not nv])
        for ranked, gold in zip(predict(nv, w1, w2, trans, passes=4), nv.labels):
            if ranked and gold is not None:
                pairs.append((ranked[0][0], ranked[0][1] == gold))
    pairs.sort()
    size = max(len(pairs) // CALIBRATION_KNOTS, 1)
    bins = [pairs[i:i + size] for i in range(0, len(pairs), size)]
    pooled = []  # [sum of p, right, n]
    for b in bins:
        pooled.append([sum(p for p, _ in b), sum(ok for _, ok in b), len(b)])
        while len(pooled) > 1 and pooled[-2][1] / pooled[-2][2] >= pooled[-1][1] / pooled[-1][2]:
            last = pooled.pop()
            pooled[-1] = [a + b for a, b in zip(pooled[-1], last)]
    raw = [round(sp / n, 4) for sp, _, n in pooled]
    # a model's guess is never certain: only the user's own fix is 1.0
    cal = [round(min(r / n, MAX_CONFIDENCE), 4) for _, r, n in pooled]
    return raw, cal


def save(w1, w2, trans, path: Path, note: str, calib=None) -> None:
    data = {"note": note, "features": FEATURES,
            "pass1": [round(float(x), 4) for x in w1], "pass2": [round(float(x), 4) for x in w2],
            "transition": {"features": TRANS_FEATURES,
                           "alt": [round(float(x), 4) for x in trans[0]],
                           "same": [round(float(x), 4) for x in trans[1]]}}
    if calib:
        data["calibration"] = {"probability": calib[0], "right": calib[1]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1]
                    / "audiobook" / "attribution_model" / "weights.json")
    ap.add_argument("--exclude", default="")
    ap.add_argument("--no-calibration", action="store_true", help="skip fitting the confidence map (faster)")
    args = ap.parse_args()
    skip = set(filter(None, args.exclude.split(",")))
    folders = sorted(p for p in args.data.iterdir() if (p / "quotation_info.csv").exists() and p.name not in skip)
    novels = [load_novel(f) for f in folders]
    w1, w2, trans = train(novels)
    calib = None if args.no_calibration else calibration(novels)
    save(w1, w2, trans, args.out, "trained on " + ", ".join(nv.name for nv in novels), calib)
    for f, a, b in zip(FEATURES, w1, w2):
        print(f"{f:24s} {a:8.3f} {b:8.3f}")
    for f, a, b in zip(TRANS_FEATURES, *trans):
        print(f"transition {f:13s} alt {a:7.3f} same {b:7.3f}")


if __name__ == "__main__":
    main()
