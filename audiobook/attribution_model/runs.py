"""Conversation runs: consecutive paragraphs of dialogue alternate speakers.

A run is a maximal sequence of utterances in consecutive paragraphs.  In
annotated novels ~95% of untagged turns inside a run are spoken by whoever
spoke two turns before, so each run is decoded as the two-person exchange
(A, B, A, B, ...) that best agrees with the previous pass's probabilities
(tagged turns weigh most, being surest).  A third voice joining the run is
left to the tags, which the next pass still sees.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .units import Utterance

POOL = 4       # best candidates of each turn that may speak in the run
MAX_POOL = 8
FLOOR = 0.02   # probability floor: one disagreeing turn must not veto a speaker
UNTAGGED_POWER = 0.5  # an untagged turn's local evidence is weak: flatten it
ALT = 0.8             # the next turn goes back to the speaker before
SAME = 0.07           # the same speaker carries on in a new paragraph


@dataclass
class Hints:
    """What a re-ranking pass knows about the other turns."""

    speakers: list[str | None]   # previous pass's speaker where fairly sure
    anchors: list[str | None]    # ... where sure
    alt: list[str | None]        # the run's alternation says this turn is spoken by
    alt_post: list[dict[str, float]]  # posterior of each speaker under alternation


def runs(units: list[Utterance]) -> list[list[int]]:
    out: list[list[int]] = []
    for u in units:
        if out and u.p_first - units[out[-1][-1]].p_last <= 1:
            out[-1].append(u.index)
        else:
            out.append([u.index])
    return out


def decode(units: list[Utterance], results) -> tuple[list[str | None], list[dict[str, float]]]:
    """Per turn: the most probable speaker under an alternation model of its
    run, and the posterior of every speaker in the run's pool.

    A hidden state is (speaker now, speaker before); the next speaker is the
    one before with probability ALT (a two-person exchange), else someone
    new.  Emissions are the previous pass's probabilities; forward-backward
    gives each turn's posterior.
    """
    alt: list[str | None] = [None] * len(units)
    post: list[dict[str, float]] = [{} for _ in units]
    for run in runs(units):
        mass: dict[str, float] = {}
        for k in run:
            for p, c in (results[k] or [])[:POOL]:
                mass[c] = mass.get(c, 0.0) + p
        pool = sorted(mass, key=lambda c: -mass[c])[:MAX_POOL]
        if len(run) == 1 or len(pool) < 2:
            for k in run:
                if results[k]:
                    alt[k] = results[k][0][1]
                    post[k] = {c: p for p, c in results[k]}
            continue
        ems = [_emission(results[k], pool, 1.0 if units[k].tag_kind else UNTAGGED_POWER) for k in run]
        for k, g in zip(run, _posteriors(pool, ems)):
            post[k] = g
            alt[k] = max(g, key=g.get)
    return alt, post


def _emission(ranked, pool, power):
    probs = {c: p for p, c in ranked or []}
    return [max(probs.get(c, 0.0), FLOOR) ** power for c in pool]


def _posteriors(pool: list[str], emissions: list[list[float]]) -> list[dict[str, float]]:
    n = len(pool)
    states = [(a, b) for a in range(n) for b in range(n) if a != b]
    new = (1 - ALT - SAME) / max(n - 2, 1) if n > 2 else 0.0

    def trans(b, c):  # from (a, b) to (c, a): the one before speaks again, or someone new
        return ALT if c == b else new

    fwd = []
    alpha = {(a, b): emissions[0][a] / (n - 1) for a, b in states}
    z = sum(alpha.values())
    alpha = {s: v / z for s, v in alpha.items()}
    fwd.append(alpha)
    for e in emissions[1:]:
        # sum over b of alpha(a, b) * trans(b -> c)
        nxt = {}
        for c, a in states:
            stay = alpha[(c, a)] * SAME  # the same person speaks again (a new paragraph of theirs)
            nxt[(c, a)] = e[c] * (stay + sum(alpha[(a, b)] * trans(b, c) for b in range(n) if b != a))
        z = sum(nxt.values()) or 1.0
        alpha = {s: v / z for s, v in nxt.items()}
        fwd.append(alpha)
    beta = {s: 1.0 for s in states}
    out = [None] * len(emissions)
    for t in range(len(emissions) - 1, -1, -1):
        g = [0.0] * n
        for s in states:
            g[s[0]] += fwd[t][s] * beta[s]
        z = sum(g) or 1.0
        out[t] = {pool[i]: g[i] / z for i in range(n)}
        if t == 0:
            break
        e = emissions[t]
        prev = {}
        for a, b in states:  # beta_{t-1}(a, b) = sum_c trans(b->c) e_t(c) beta_t(c, a)
            prev[(a, b)] = SAME * e[a] * beta[(a, b)] + sum(
                trans(b, c) * e[c] * beta[(c, a)] for c in range(n) if c != a)
        z = sum(prev.values()) or 1.0
        beta = {s: v / z for s, v in prev.items()}
    return out
