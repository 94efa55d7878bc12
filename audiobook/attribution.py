"""Attribution stage: who speaks each quotation, and how sure we are.

Pipeline: group dialogue segments into utterances (one speaker per turn:
a quotation split by a tag, or running over paragraphs, is one turn); find
every character mention; read the speech tag next to each turn ("said Jane",
"she cried", "the old man answered", "I said"); then rank the candidate
speakers of each turn with a small trained model (tag, pronoun referent,
who acts in the paragraph, who was addressed, who spoke two turns ago in an
untagged run, ...).  A second pass re-ranks with the first pass's guesses for
the neighbouring turns, which is what makes untagged runs alternate between
the right two people.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .characters import UNLISTED_MIN, name_gender, name_index, narrator_marked, norm
from .model import NARRATOR, Character, Segment
from .attribution_model.describe import (appositions, capitalised_key, description_characters, description_key,
                                         relative_characters, relative_key)
from .attribution_model.context import (Context, address_words, addressed_gender, first_person_narrator,
                                        parent_addressed, resolve_mentions, set_off, vocative_forms)
from .attribution_model.kinship import Families
from .attribution_model.name_genders import following_pronoun, pronoun_decider
from .attribution_model.idiolect import address_forms, tokens
from .attribution_model.candidates import candidates
from .attribution_model.features import featurize, neighbours
from .attribution_model.forked import cpu_count, forked_map
from .attribution_model.reactions import reactions
from .attribution_model.ranker import calibrated, load_weights, softmax_scores
from .attribution_model.tags import find_tags
from .attribution_model.units import build_utterances, paragraph_starts


@dataclass
class Attribution:
    speaker: str | None
    confidence: float
    runner_up: str | None = None
    runner_up_confidence: float = 0.0


@dataclass
class Attributed:
    by_segment: dict[int, Attribution]   # dialogue segment index -> attribution
    narrator_character: str | None
    groups: list[list[int]]              # segment indexes of each turn (one speaker each)
    described: list[Character] = field(default_factory=list)  # minor characters cast from descriptions


def prepare(text: str, segments: list[Segment], roster: list[Character], from_cast: bool = False):
    """Utterances with their tags, and the book-wide context.  Speakers known
    only by a description that nobody in the roster can fill ("said the
    landlady") join the roster as minor characters (`ctx.described`).
    `from_cast`: the roster is a casting file's, which names who speaks; then
    only a describer that speaks often joins it (as with names, `build_roster`)."""
    units, ctx = _prepare(text, segments, roster)

    def joins(c: Character) -> bool:
        # with a casting file, a describer speaks often to join it: a character the file
        # leaves out is more likely one of its own under an epithet ("said the old lady")
        return not from_cast or c.lines >= UNLISTED_MIN

    beside: dict = {}  # description -> names in apposition to it
    found = description_characters(units, ctx.narr, ctx.quote_mentions, ctx.genders, text, ctx.chapter_starts, beside)
    # the cast may list it already: "The Clergyman", or "Italian Lady" for "said the Italian lady"
    listed = {c.name: ctx.idx.keys.get(norm(c.name)) or ctx.idx.keys.get(norm(c.name)[4:]) for c in found}
    extra = [c for c in found if not listed[c.name] and joins(c)]
    # the description is that character's name, not an epithet of others: a new one ('an old Crab
    # took the opportunity of saying', 'said a very young man'), or the cast's "Italian Lady" for
    # "said the Italian lady" (the ranker weighs a listed "The Clergyman" as it does any alias)
    named = {tuple(c.name.lower().split()[1:]): listed[c.name] for c in found
             if norm(c.name) not in ctx.idx.keys and listed[c.name] and len(listed[c.name]) == 1}
    if extra:
        units, ctx = _prepare(text, segments, roster + extra)
        ctx.described = extra
        named.update({tuple(c.name.lower().split()[1:]): {c.name} for c in extra})  # "The Old Crab" -> (old, crab)
    cast = {c.name for c in extra}
    for u in units:
        if u.tag_kind == "description" and u.tag_alias and u.tag_alias <= cast:
            u.tag_kind, u.tag_names = "name", set(u.tag_alias)
        elif (key := capitalised_key(u, text) or description_key(u)) in named:
            u.tag_kind, u.tag_names = "name", set(named[key])
    # relatives the book never names ("said her mother"): found ones are kept out of the
    # name index, where "Mary's Mother" would lend "Mary" a second owner
    relatives = relative_characters(units, ctx, ctx.chapter_starts)
    if relatives:
        # new unless the cast already lists them (a casting file written from an earlier run,
        # or a character list's "Alice's Sister"): then the cast's own name
        known = {k: ctx.idx.keys.get(norm(c.name), set()) for k, c in relatives.items()}
        new = {k: c for k, c in relatives.items() if not known[k] and joins(c)}
        ctx.described = ctx.described + list(new.values())
        ctx.genders.update({c.name: c.gender for c in new.values()})
        for u in units:
            if (key := relative_key(u, ctx)) in relatives and (known[key] or key in new):
                u.tag_kind, u.tag_names = "name", set(known[key]) or {new[key].name}
    ctx.tagged = Counter(next(iter(u.tag_names)) for u in units if u.tag_kind == "name" and len(u.tag_names) == 1)
    ctx.quoted = Counter(n for _, _, n in ctx.quote_mentions)
    forms = [address_words(text, u) for u in units]
    ctx.addressed = [addressed_gender(f) for f in forms]
    ctx.parent = [parent_addressed(f) for f in forms]
    ctx.words = [tokens(u.quote_text) for u in units]
    ctx.forms = [address_forms(u.quote_text, vocative_forms(ctx, u)) for u in units]
    ctx.reactions = reactions(ctx, units)
    # 'The landlord, Peter Coffin, met me': "said the landlord" names him as a cast's alias would
    for u, names in zip(units, appositions(units, beside)):
        if u.tag_kind == "description" and names:
            u.tag_alias = set(u.tag_alias) | names
            for n in names:  # ... and a man, as landlords are
                ctx.genders[n] = ctx.genders.get(n) or u.tag_gender
    return units, ctx


def _prepare(text: str, segments: list[Segment], roster: list[Character]):
    idx = name_index(roster)
    families = Families(idx, idx.genders, text)
    narr, quote, at, total = resolve_mentions(text, idx, segments, families)
    units = build_utterances(text, segments, paragraph_starts(text))
    genders = _genders(text, roster, narr, at)
    ctx = Context(text=text, idx=idx, genders=genders, narr=narr, narr_pos=[p for p, _ in narr],
                  quote_mentions=quote, quote_pos=[q[0] for q in quote], mentions_at=at,
                  freq=total, narrator=None, families=families)
    ctx.chapter_starts = [s.start for i, s in enumerate(segments) if i == 0 or s.chapter != segments[i - 1].chapter]
    find_tags(text, units, idx, at)
    ctx.marked_narrator = narrator_marked(roster)
    if first_person_narrator(text, segments, narr, quote):
        tagged = Counter(n for u in units if u.tag_kind == "name" for n in u.tag_names)
        ctx.narrator = ctx.marked_narrator or narrator_name(text, roster, quote, total, tagged) or NARRATOR
        genders.setdefault(ctx.narrator, None)
    return units, ctx


def _genders(text: str, roster: list[Character], narr, mentions_at) -> dict[str, str | None]:
    """Each character's gender as given; where a casting file leaves it unknown,
    as attribution reads it from the name ("Mrs. Pell") or from the pronouns
    after the name in the narration ("Winterbourne ... he"), the cast unchanged."""
    genders = {c.name: c.gender for c in roster}
    unknown = {n for n, g in genders.items() if g is None}
    if not unknown:
        return genders
    follows: dict[str, Counter] = {}
    for pos, name in narr:
        if pos not in mentions_at:
            continue  # 'her father': a kinship mention, no name of its own
        g = following_pronoun(text, mentions_at[pos][1])
        if g:
            follows.setdefault(name, Counter())[g] += 1
    decide = pronoun_decider(follows)
    for n in unknown:
        genders[n] = name_gender(n) or decide(follows.get(n))
    return genders


def narrator_name(text: str, roster: list[Character], quote_mentions, total: Counter,
                  tagged: Counter | None = None) -> str | None:
    """The first-person narrator's name: the character others address by name
    most often (vocatives in quotes) relative to how often the narration names them,
    and whom the narration's speech tags seldom name (the narrator says "I said")."""
    voc = Counter()
    for a, b, n in quote_mentions:
        # set off on both sides: "Nick!", "Good night, Jake."; not "I'm Gatsby," or "know Gatsby?"
        if set_off(text[max(0, a - 8):a], text[b:b + 3]):
            voc[n] += 1
    tagged = tagged or Counter()
    in_narration = Counter(total)
    for _, _, n in quote_mentions:
        in_narration[n] -= 1
    best, best_score = None, 0.0
    for n, v in voc.items():
        # often addressed, seldom named by the narration: the narrator's own name
        score = v * v / (v + max(in_narration[n], 0) + 1)
        if v >= 3 and score > best_score and tagged[n] * 4 <= v:
            best, best_score = n, score
    return best


PARALLEL_MIN = 400   # turns: a shorter book is scored before a fork would pay off


def rank(units, ctx, weights, passes: int = 4, observe=None, workers: int | None = None):
    """Decide every utterance's speaker: pass 1 on local evidence, then passes
    that also see the previous pass's neighbours, anchors and run alternation
    (a fourth pass lets the run evidence settle: LOO +.001-.003 over three).
    `observe(pass, utterance, candidates, rows, probs)`, if given, sees every
    scoring (benchmarks/attribution_errors.py --explain).  Within a pass the
    turns are scored independently, so `workers` processes share them (by
    default one per CPU for a book long enough to repay the fork)."""
    speakers: list[str | None] = [None] * len(units)
    hints = None
    results: list = []
    if workers is None:
        workers = cpu_count() if len(units) >= PARALLEL_MIN else 1
    for p in range(passes):
        w = weights["pass1" if p == 0 else "pass2"]
        prior = Counter(s for s in speakers if s) if p else Counter()
        # worked out here, once, for the anchors featurize asks it for: a forked child inherits it
        ctx.salience(units, hints.anchors if hints else None)
        job = _PassJob(units, ctx, speakers, prior, hints, w, observe and (lambda *a, p=p: observe(p, *a)))
        results = forked_map(job.score, len(units), workers if observe is None else 1)
        if p + 1 < passes:  # the last pass's hints would not be used
            hints = neighbours(results, units, ctx.text, weights.get("transition"), ctx.genders, ctx, workers)
            speakers = hints.speakers
    return results


def _nobody_of_its_sex(u, ranked, genders: dict) -> bool:
    """A "she said" whose candidates are all men (or "he said", all women): the
    speaker is somebody the cast does not hold, better read by the narrator and
    listed first for review than given another's voice."""
    return u.tag_kind == "pronoun" and u.tag_gender in ("male", "female") \
        and all(genders.get(c) not in (u.tag_gender, None) for _, c in ranked)


@dataclass
class _PassJob:
    """What scoring one turn of a pass needs (read-only while the pass runs)."""

    units: list
    ctx: object
    speakers: list
    prior: Counter
    hints: object
    weights: list
    observe: object = None

    def score(self, k: int) -> list:
        u = self.units[k]
        cands = candidates(u, self.ctx, self.units, self.speakers, self.hints)
        if not cands:
            return []
        rows = featurize(u, cands, self.ctx, self.units, self.speakers, self.prior, self.hints)
        probs = softmax_scores(rows, self.weights)
        if self.observe is not None:
            self.observe(u, cands, rows, probs)
        return sorted(zip(probs, cands), reverse=True)


def attribute(text: str, segments: list[Segment], roster: list[Character],
              weights_path: str | None = None, from_cast: bool = False) -> Attributed:
    """The speaker and confidence of every dialogue segment (`from_cast`: the
    roster is a casting file's, see `prepare`)."""
    units, ctx = prepare(text, segments, roster, from_cast)
    weights = load_weights(weights_path)
    results = rank(units, ctx, weights)
    out: dict[int, Attribution] = {}
    for u, ranked in zip(units, results):
        if not ranked or _nobody_of_its_sex(u, ranked, ctx.genders):
            a = Attribution(None, 0.0)
        else:
            (p1, s1), rest = ranked[0], ranked[1:]
            c1 = calibrated(p1, weights.get("calibration"))
            # the runner-up keeps its share of what the top candidate does not hold
            c2 = rest[0][0] * (1 - c1) / (1 - p1) if rest and p1 < 1 else 0.0
            a = Attribution(s1, round(c1, 4), rest[0][1] if rest else None, round(min(c2, c1), 4))
        for i in u.segments:
            out[i] = a
    return Attributed(out, ctx.narrator if ctx.narrator != NARRATOR else None, [u.segments for u in units],
                      ctx.described)
