"""Conversation runs: consecutive paragraphs of dialogue alternate speakers.

A run is a maximal sequence of utterances in consecutive paragraphs.  In
annotated novels ~95% of untagged turns inside a run are spoken by whoever
spoke two turns before, so each run is decoded as the two-person exchange
(A, B, A, B, ...) that best agrees with the previous pass's probabilities
(tagged turns weigh most, being surest).  A third voice joining the run is
left to the tags, which the next pass still sees.

How likely the next turn is to go back to the speaker before (ALT), to stay
with the same speaker (SAME) or to pass to someone new depends on what lies
between the two turns: a narration paragraph between them or narration
opening the turn's own paragraph ("Jane smiled. 'Yes.'") makes the same
speaker carrying on far likelier.  These three probabilities come from a
small multinomial logit over such facts (`TRANS_FEATURES`), trained on gold
turn sequences; the constants below are the fallback without weights.
Someone other than the last two speakers whom the narration in between
names ("...," he said, turning to Mary) or whom the last turn addresses by
name makes a newcomer far likelier (the probabilities then depend on the
state), and that newcomer most likely them; the narration in between naming
the last speaker ('Jane smiled. "..."') makes their carrying on likelier.
A conversation taken up again after a stretch of narration (a new run opening
with one of the last two speakers of the run just before) is most likely
answered by the other of them (`CARRY_WEIGHT`).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from .forked import forked_map
from .units import Utterance

POOL = 3       # best candidates of each turn that may speak in the run (2/3/4/6: LOO .858/.858/.857/.856 list, .856/.857/.856/.856 auto)
MAX_POOL = 8
FLOOR = 0.02   # probability floor: one disagreeing turn must not veto a speaker
UNTAGGED_POWER = 0.5  # an untagged turn's local evidence is weak: flatten it
PRONOUN_POWER = 0.5   # "he said" names a gender surely, which man only by salience (1.0, 0.25: LOO -.003)
OTHER_GENDER = 0.05   # ... so it is strong evidence against the other gender only
ALT = 0.8             # the next turn goes back to the speaker before
SHORT_BEAT = 600      # characters of narration that still keep a conversation going
SAME = 0.07           # the same speaker carries on in a new paragraph
TRANS_FEATURES = ["bias", "gap2", "cur_before", "prev_after", "prev_question", "prev_broken",
                  "cur_tagged", "cur_pronoun", "cur_short", "between_log", "third_in_prev", "third_between",
                  "third_addressed", "last_named", "before_named"]
# a conversation taken up again: when a run opens with one of the last two speakers of a run
# ending at most CARRY_GAP characters before, the other is this much likelier to answer
# (LOO 0.876 / 0.869 against 0.874 / 0.867; 3: 0.876 / 0.868)
CARRY_WEIGHT = 8.0
CARRY_GAP = 2000
NAMED_WEIGHT = 10.0  # a newcomer is far likelier one the narration just named
SEEN_WEIGHT = 4.0    # ... or one who has spoken earlier in the run
_CLOSE = re.compile(r"[\s\"'\u201d\u2019\u201c\u2018_)]+$")


@dataclass
class Hints:
    """What a re-ranking pass knows about the other turns."""

    speakers: list[str | None]   # previous pass's speaker where fairly sure
    anchors: list[str | None]    # ... where sure
    alt: list[str | None]        # the run's alternation says this turn is spoken by
    alt_post: list[dict[str, float]]  # posterior of each speaker under alternation
    cavity: list[dict[str, float]] | None = None   # ... leaving out the turn's own evidence
    anchor_post: list[dict[str, float]] | None = None  # ... from the tagged turns alone
    style: object = None          # idiolect.Idiolects of the previous pass: whose words these sound like
    address: object = None        # ... over the forms of address a turn uses: who calls whom "Lizzy"


def runs(units: list[Utterance]) -> list[list[int]]:
    """Turns in consecutive paragraphs, or with one short narration paragraph
    between (a gesture, a pause: the conversation goes on)."""
    out: list[list[int]] = []
    for u in units:
        prev = units[out[-1][-1]] if out else None
        gap = u.p_first - prev.p_last if prev else 99
        if prev and (gap <= 1 or (gap == 2 and u.para_start - prev.para_end < SHORT_BEAT)):
            out[-1].append(u.index)
        else:
            out.append([u.index])
    return out


def named_between(narr: list[tuple[int, str]], prev: Utterance, u: Utterance) -> tuple[set[str], set[str]]:
    """Characters the narration names in the paragraph of turn `prev`
    ("...," he said, turning to Mary.) and from there up to the first words
    of turn `u` (Mary smiled. "...")."""
    lo = bisect.bisect_left(narr, (prev.para_start,))
    mid = bisect.bisect_left(narr, (prev.para_end,))
    hi = bisect.bisect_left(narr, (u.pieces[0][0],))
    return {n for _, n in narr[lo:mid]}, {n for _, n in narr[mid:hi]}


def step_flags(in_prev: set[str], between: set[str], voc: set[str], now: str, before: str) -> tuple[bool, ...]:
    """The naming facts of a step for state (now, before), as `transition_features`
    takes them: someone else named in prev's paragraph / in the narration after
    it / addressed by prev, and the narration after it naming `now` / `before`."""
    return (bool(in_prev - {now, before}), bool(between - {now, before}), bool(voc - {now, before}),
            now in between, before in between)


def transition_features(text: str, prev: Utterance, u: Utterance,
                        third: tuple[bool, ...] = (False,) * 5) -> list[float]:
    """Facts about the step from turn `prev` to turn `u` of the same run;
    `third`: the narration of prev's paragraph / the narration after it /
    prev's words addressing someone by name name someone other than the last
    two speakers (who then often speaks next)."""
    return _with_third(_step_facts(text, prev, u), third)


_THIRD = [TRANS_FEATURES.index(n) for n in ("third_in_prev", "third_between", "third_addressed",
                                             "last_named", "before_named")]


def _with_third(facts: list[float], third: tuple[bool, ...]) -> list[float]:
    """`facts` (nobody named) with the naming facts `third` put in."""
    x = list(facts)
    for i, flag in zip(_THIRD, third):
        x[i] = 1.0 if flag else 0.0
    return x


def _step_facts(text: str, prev: Utterance, u: Utterance) -> list[float]:
    """`transition_features` with nobody named: what a step's states share."""
    last = _CLOSE.sub("", text[prev.pieces[-1][0]:prev.pieces[-1][1]])
    between = u.pieces[0][0] - prev.pieces[-1][1]
    f = {
        "bias": 1.0,
        "gap2": 1.0 if u.p_first - prev.p_last >= 2 else 0.0,
        "cur_before": 1.0 if text[u.para_start:u.pieces[0][0]].strip() else 0.0,
        "prev_after": 1.0 if text[prev.after[0]:prev.after[1]].strip() else 0.0,
        "prev_question": 1.0 if last.endswith("?") else 0.0,
        "prev_broken": 1.0 if last.endswith(("-", "\u2014", "...")) else 0.0,
        "cur_tagged": 1.0 if u.tag_kind else 0.0,
        "cur_pronoun": 1.0 if u.tag_kind == "pronoun" else 0.0,
        "cur_short": 1.0 if sum(b - a for a, b in u.pieces) < 40 else 0.0,
        "between_log": math.log1p(max(between, 0)) / 5,
        "third_in_prev": 0.0,
        "third_between": 0.0,
        "third_addressed": 0.0,
        "last_named": 0.0,
        "before_named": 0.0,
    }
    return [f[n] for n in TRANS_FEATURES]


def transition_probs(x: list[float], weights: dict | None) -> tuple[float, float, float]:
    """(alternate, same, new) probabilities of one step."""
    if not weights:
        return ALT, SAME, 1 - ALT - SAME
    sa = sum([a * b for a, b in zip(x, weights["alt"])])
    ss = sum([a * b for a, b in zip(x, weights["same"])])
    top = max(sa, ss, 0.0)
    ea, es, en = math.exp(sa - top), math.exp(ss - top), math.exp(-top)
    z = ea + es + en
    return ea / z, es / z, en / z


@dataclass
class Decoded:
    alt: list[str | None]              # most probable speaker of each turn
    post: list[dict[str, float]]       # posterior of every speaker in the run's pool
    cavity: list[dict[str, float]]     # the same without the turn's own evidence
    anchor_post: list[dict[str, float]]  # posterior from the tagged turns alone


def decode(units: list[Utterance], results, text: str = "", trans: dict | None = None,
           genders: dict[str, str | None] | None = None, narr: list[tuple[int, str]] | None = None,
           addressed: list[set[str]] | None = None, workers: int = 1) -> Decoded:
    """Per turn: the most probable speaker under an alternation model of its
    run, and the posterior of every speaker in the run's pool.  The cavity
    posterior leaves out the turn's own emission (what the rest of the run
    says about it, which the ranker cannot see otherwise); the anchor
    posterior ignores all untagged evidence, so a run's confidently wrong
    untagged turns cannot pull it out of step.

    A hidden state is (speaker now, speaker before); the next speaker is the
    one before with probability ALT (a two-person exchange), else someone
    new.  Emissions are the previous pass's probabilities; forward-backward
    gives each turn's posterior.
    """
    every = runs(units)
    carry = _carried(every, units, results)
    decoded = forked_map(lambda i: _decode_run(every[i], units, results, text, trans, genders, narr, addressed,
                                               carry[i]),
                         len(every), workers)
    alt: list[str | None] = [None] * len(units)
    post: list[dict[str, float]] = [{} for _ in units]
    cavity: list[dict[str, float]] = [{} for _ in units]
    anchor_post: list[dict[str, float]] = [{} for _ in units]
    for run, per_turn in zip(every, decoded):
        for k, (a, g, c, ap) in zip(run, per_turn):
            alt[k], post[k], cavity[k], anchor_post[k] = a, g, c, ap
    return Decoded(alt, post, cavity, anchor_post)


def _carried(every: list[list[int]], units, results) -> list[set[str]]:
    """Per run: the last two speakers of the run before, when it ended shortly
    before this one began (a conversation taken up again after narration)."""
    out: list[set[str]] = [set()]
    for prev, run in zip(every, every[1:]):
        if units[run[0]].para_start - units[prev[-1]].para_end > CARRY_GAP:
            out.append(set())
            continue
        pair = {results[k][0][1] for k in prev[-2:] if results[k]}
        first = results[run[0]][0][1] if results[run[0]] else None
        # only when one of them opens the new run: then the other is likely who answers
        out.append(pair - {first} if first in pair else set())
    return out


def _decode_run(run: list[int], units, results, text, trans, genders, narr, addressed,
                carry: set[str] = frozenset()) -> list[tuple]:
    """(alt, post, cavity, anchor_post) of each turn of one run (see `decode`)."""
    mass: dict[str, float] = {}
    for k in run:
        for p, c in (results[k] or [])[:POOL]:
            mass[c] = mass.get(c, 0.0) + p
    pool = sorted(mass, key=lambda c: -mass[c])[:MAX_POOL]
    if len(run) == 1 or len(pool) < 2:
        return [(results[k][0][1], {c: p for p, c in results[k]}, {}, {}) if results[k] else (None, {}, {}, {})
                for k in run]
    ems = [_emission(results[k], pool, units[k], genders) for k in run]
    seen = _seen_before(run, results, pool)
    steps = [_step(text, units[a], units[b], trans, pool, narr, addressed[a] if addressed else set(), s)
             for a, b, s in zip(run, run[1:], seen)]
    flat = [e if units[k].tag_kind else [1.0] * len(pool) for k, e in zip(run, ems)]
    before = [CARRY_WEIGHT if c in carry else 1.0 for c in pool]
    return [(max(g, key=g.get), g, _normalised({c: g[c] / e[i] for i, c in enumerate(pool)}), ga)
            for e, g, ga in zip(ems, _posteriors(pool, ems, steps, before), _posteriors(pool, flat, steps, before))]


def _normalised(d: dict[str, float]) -> dict[str, float]:
    z = sum(d.values()) or 1.0
    return {c: v / z for c, v in d.items()}


def _emission(ranked, pool, u: Utterance, genders=None):
    """The previous pass's probabilities as evidence; a pronoun tag with known
    genders is gender-constrained soft evidence, so the run's alternation can
    pick which man "he said" is while the other gender stays excluded."""
    probs = {c: p for p, c in ranked or []}
    if u.tag_kind == "pronoun" and genders and u.tag_gender:
        return [max(probs.get(c, 0.0), FLOOR) ** PRONOUN_POWER *
                (1.0 if genders.get(c) in (u.tag_gender, None) else OTHER_GENDER) for c in pool]
    power = 1.0 if u.tag_kind else UNTAGGED_POWER
    return [max(probs.get(c, 0.0), FLOOR) ** power for c in pool]


def _seen_before(run: list[int], results, pool: list[str]) -> list[list[float]]:
    """Per step of the run: how surely each pool member has already spoken in
    it (the largest previous-pass probability over the turns so far).  Someone
    coming back into a conversation is likelier than a newcomer."""
    out, best = [], [0.0] * len(pool)
    for k in run[:-1]:
        probs = {c: p for p, c in results[k] or []}
        best = [max(b, probs.get(c, 0.0)) for b, c in zip(best, pool)]
        out.append(best)
    return out


def _step(text: str, prev: Utterance, u: Utterance, trans, pool: list[str], narr, voc: set[str],
          seen: list[float] | None = None):
    """The step prev -> u as matrices over states (a, b) = (speaker now,
    speaker before): alt[a][b] (back to b), same[a][b] (a again), new[a][b]
    (a given newcomer c, times its weight w[c], of total weight W - w[a] - w[b]).
    A pool member the narration in between names, or prev addresses by name
    (`voc`), weighs NAMED_WEIGHT, and whether someone besides a and b is
    named so changes the step's probabilities."""
    n = len(pool)
    in_prev, between = named_between(narr, prev, u) if narr is not None else (set(), set())
    is_named = [c in in_prev or c in between or c in voc for c in pool]
    w = [NAMED_WEIGHT if x else 1.0 + SEEN_WEIGHT * (seen[i] if seen else 0.0) for i, x in enumerate(is_named)]
    total = sum(w)
    probs: dict = {}
    facts = _step_facts(text, prev, u) if text else None  # the text read once per step, not per state

    def step_probs(third):
        if third not in probs:
            probs[third] = (transition_probs(_with_third(facts, third), trans) if text else
                            (ALT, SAME, 1 - ALT - SAME))
        return probs[third]

    # the flags count anyone named, pool member or not, as training counts them
    alt = [[0.0] * n for _ in range(n)]
    same = [[0.0] * n for _ in range(n)]
    new = [[0.0] * n for _ in range(n)]
    plain = step_probs((False,) * 5) if not (in_prev or between or voc) else None  # nobody named
    for a in range(n):
        for b in range(n):
            if a == b:
                continue
            pa, ps, po = plain or step_probs(step_flags(in_prev, between, voc, pool[a], pool[b]))
            alt[a][b], same[a][b] = pa, ps
            rest = total - w[a] - w[b]
            new[a][b] = po / rest if n > 2 and rest > 0 else 0.0
    return alt, same, new, w


def _posteriors(pool: list[str], emissions: list[list[float]], steps,
                before: list[float] | None = None) -> list[dict[str, float]]:
    """Forward-backward over states (a, b) = (speaker now, speaker before).

    From (a, b) the next state is (b, a) with probability alt[a][b], (a, b)
    itself with same[a][b], and (c, a) for any other c with new[a][b] * w[c]
    (`steps`: one (alt, same, new, w) per step, from `_step`).
    The sums over b (forward) and c (backward) collapse to a row total plus
    one correction term, so each step costs O(n^2).
    """
    n = len(pool)
    rng = range(n)

    def normalise(m):
        z = sum(sum(row) for row in m) or 1.0
        return [[v / z for v in row] for row in m]

    prior = before or [1.0] * n  # who the first turn answers: uniform, or the conversation before
    alpha = normalise([[emissions[0][a] * prior[b] if a != b else 0.0 for b in rng] for a in rng])
    fwd = [alpha]
    for e, (alt, same, new, w) in zip(emissions[1:], steps):
        totals = [sum(alpha[a][b] * new[a][b] for b in rng) for a in rng]  # T_a = sum_b alpha(a, b) new(a, b)
        # alpha'(c, a) = e(c) (same(c, a) alpha(c, a) + alt(a, c) alpha(a, c) + w(c) (T_a - alpha(a, c) new(a, c)))
        alpha = normalise([[e[c] * (same[c][a] * alpha[c][a] + alt[a][c] * alpha[a][c] +
                                    w[c] * (totals[a] - alpha[a][c] * new[a][c])) if a != c else 0.0
                            for a in rng] for c in rng])
        fwd.append(alpha)
    beta = [[1.0 if a != b else 0.0 for b in rng] for a in rng]
    out: list[dict[str, float]] = [{} for _ in emissions]
    for t in range(len(emissions) - 1, -1, -1):
        g = [sum(fwd[t][a][b] * beta[a][b] for b in rng) for a in rng]
        z = sum(g) or 1.0
        out[t] = {pool[i]: g[i] / z for i in rng}
        if t == 0:
            break
        e = emissions[t]
        alt, same, new, w = steps[t - 1]
        col = [sum(w[c] * e[c] * beta[c][a] for c in rng if c != a) for a in rng]  # U_a = sum_c w(c) e(c) beta(c, a)
        beta = normalise([[same[a][b] * e[a] * beta[a][b] + alt[a][b] * e[b] * beta[b][a] +
                           new[a][b] * (col[a] - w[b] * e[b] * beta[b][a]) if a != b else 0.0
                           for b in rng] for a in rng])
    return out
