"""The candidate ranker: a conditional-logit (softmax over candidates) model.

Weights are plain JSON shipped beside this file (trained by
``training/train_attribution.py``): one weight vector per pass, and the
turn-transition logit of the run decoder (``runs.py``).  Pass 1 sees
only local evidence; pass 2 also sees pass-1 guesses for the neighbouring
turns (who spoke just before and just after).  An optional calibration
maps the top probability to how often such turns were right on novels the
model did not see (the softmax alone is overconfident).
"""
from __future__ import annotations

import bisect
import json
import math
from functools import lru_cache
from pathlib import Path

from .features import FEATURES
from .runs import TRANS_FEATURES

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> dict:
    p = Path(path) if path else WEIGHTS_PATH
    data = json.loads(p.read_text(encoding="utf-8"))
    names = data["features"]
    out = {}
    for key in ("pass1", "pass2"):
        by_name = dict(zip(names, data[key]))
        out[key] = [by_name.get(f, 0.0) for f in FEATURES]
    t = data.get("transition")
    if t:  # the run decoder's turn-transition logit (outcomes alt/same against new)
        out["transition"] = {o: [dict(zip(t["features"], t[o])).get(f, 0.0) for f in TRANS_FEATURES]
                             for o in ("alt", "same")}
    c = data.get("calibration")
    if c:
        out["calibration"] = (c["probability"], c["right"])
    return out


def calibrated(p: float, table: tuple[list[float], list[float]] | None) -> float:
    """`p` through the calibration knots: linear between them, flat beyond."""
    if not table:
        return p
    xs, ys = table
    i = bisect.bisect_left(xs, p)
    if i == 0:
        return ys[0]
    if i == len(xs):
        return ys[-1]
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1


def softmax_scores(rows: list[list[float]], w: list[float]) -> list[float]:
    scores = [sum([a * b for a, b in zip(r, w) if a]) for r in rows]  # a list: faster than a generator
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]
