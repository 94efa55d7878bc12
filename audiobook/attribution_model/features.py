"""The features that rank each utterance's candidate speakers (`candidates.py`).

Every feature is a number about one (utterance, candidate) pair; the ranker
(`ranker.py`) scores candidates by a weighted sum and a softmax.  Features
that would be equal for every candidate are useless there, so the context
("this quote has no tag") enters as products with candidate facts.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from .candidates import narrator_of
from .context import (_VOCATIVE, WINDOW, Context, description_words, narr_between, quote_mentions,
                      relation_referent, tag_possessor, title_holders, vocatives)
from .idiolect import Idiolects
from .reactions import OBJECT_BEFORE, PRON_START, SENT_END
from .runs import Hints, decode
from .units import Utterance

FEATURES = [
    "tag_name", "tag_name_ambiguous",
    "pron_rank0", "pron_rank1", "pron_rank2", "pron_match", "pron_mismatch",
    "desc_match", "desc_mismatch", "desc_rank0", "desc_relation",
    "first_narrator", "narrator_any",
    "para_subject", "para_before", "para_after", "para_before_notag", "para_after_notag",
    "prevpara_last", "prevpara_any", "prevpara_last_notag",
    "rec0", "rec1", "rec2", "log_dist", "rec0_notag",
    "named_in_quote", "vocative_here",
    "prev1", "prev1_notag", "prev2", "prev2_notag", "prev3_notag",
    "next1", "next1_notag", "next2_notag",
    "addressed_prev", "addressed_prev_notag", "addressed_next",
    "voc_prev", "voc_prev_notag", "voc_next", "voc_prev_pron",
    "conv_member", "freq", "speaker_prior", "gap_prev1_far",
    "anc_even_back", "anc_odd_back", "anc_even_fwd", "anc_odd_fwd", "anc_even_near", "anc_partner",
    "pron_member", "pron_named_prev",
    "beat_after", "beat_before", "beat_after_notag", "beat_before_notag",
    "beatpron_ref", "beatpron_match", "beatpron_mismatch",
    "pron_subject",
    "alt", "alt_notag", "alt_margin", "alt_post_notag", "alt_post_pron", "alt_post_desc",
    "sal_top", "sal_share", "listener_cue", "listener_cue_pron", "desc_title",
    "cavity_notag", "cavity_log_notag", "anchor_post_notag", "cavity_pron", "cavity_desc",
    "desc_alias", "untagged_pron", "desc_possessor", "pron_rank0_object", "pron_rank1_object",
    "sex_addressed_prev", "sex_addressed_prev_not", "sex_addressed_next", "sex_addressed_next_not",
    "style_llr", "style_llr_notag", "style_top_notag", "address_llr",
    "react_after", "react_after_notag", "react_pron", "sal_any_notag",
    "parent_addressed", "child_of_addressed",
]
ANCHOR_CONF = 0.8
SPEAKER_CONF = 0.5
RUN_LIMIT = 10
INDEX = {f: i for i, f in enumerate(FEATURES)}
# 'turned to X', 'said to X', 'looked at X': X is spoken to, not speaking
_LISTENER = re.compile(r"\b(?:to|at|towards|toward|upon|addressing|addressed|asked|told|answered|interrupted|"
                       r"questioned|thanked|greeted|begged|assured)\s+(?:the\s+)?$", re.I)
_CLAUSE_END = re.compile(r"(?:[.!?;:]|\n\s*\n|^)[\s\"'\u201c\u201d\u2018\u2019_]*$")
STYLE_CLIP = 8.0    # nats of idiolect evidence at most
ADDRESS_CLIP = 4.0  # ... of forms of address


def neighbours(results, units: list[Utterance], text: str = "", trans: dict | None = None,
               genders: dict[str, str | None] | None = None, ctx: Context | None = None, workers: int = 1) -> Hints:
    """From ranked results [(prob, name), ...] per utterance: the speakers
    trusted as neighbours, the surer ones trusted as anchors of a run, and
    each run's best alternation (with the learned turn transitions `trans`)."""
    speakers = [r[0][1] if r and r[0][0] >= SPEAKER_CONF else None for r in results]
    anchors = [r[0][1] if r and r[0][0] >= ANCHOR_CONF else None for r in results]
    d = decode(units, results, text, trans, genders, ctx.narr if ctx else None,
               [vocatives(ctx, u) for u in units] if ctx else None, workers)
    # the run decoder's posteriors: each turn's words counted for whom its run says speaks it
    post = [sorted(((p, c) for c, p in g.items()), reverse=True) if g else r for g, r in zip(d.post, results)]
    style = Idiolects(ctx.words, post) if ctx is not None and ctx.words else None
    address = Idiolects(ctx.forms, post) if ctx is not None and ctx.forms else None
    return Hints(speakers, anchors, d.alt, d.post, d.cavity, d.anchor_post, style, address)


def _against_best(scores: dict[str, float], clip: float) -> dict[str, float]:
    """Each candidate's score less the best one's, at most `clip` below it."""
    best = max(scores.values(), default=0.0)
    return {c: max(v - best, -clip) for c, v in scores.items()}


def _anchors(k: int, units: list[Utterance], anchors: list[str | None], step: int):
    """Nearest anchored utterance of the same conversation run in one direction: (distance, name)."""
    j, d = k, 0
    while d < RUN_LIMIT:
        nj = j + step
        if not 0 <= nj < len(units):
            return None
        a, b = (units[nj], units[j]) if step < 0 else (units[j], units[nj])
        if b.p_first - a.p_last > 1:
            return None
        j, d = nj, d + 1
        if anchors[j]:
            return d, anchors[j]
    return None


def _shares(salient: list[tuple[str, float]]) -> dict[str, float]:
    """Each character's share of the salience listed."""
    total = sum(v for _, v in salient) or 1.0
    return {n: v / total for n, v in salient}


def featurize(u: Utterance, cands: list[str], ctx: Context, units: list[Utterance],
              speakers: list[str | None], prior: Counter, hints: Hints | None = None) -> list[list[float]]:
    text = ctx.text
    notag = 1.0 if u.tag_kind is None else 0.0
    k = u.index
    # narration of the own paragraph
    before = narr_between(ctx, *u.before)
    after = [m for a, b in u.between + [u.after] for m in narr_between(ctx, a, b) if m[0] != u.tag_pos]
    subject = before[0][1] if before else None
    # action beats: who acts in the sentence right after / right before the quote
    beat_after = beat_before = beat_pron = None
    a0, a1 = u.after
    if a1 > a0:
        end = SENT_END.search(text, a0, min(a1, a0 + 200))
        first = narr_between(ctx, a0, end.end() if end else min(a1, a0 + 200))
        beat_after = first[0][1] if first else None
        if not first and u.tag_kind is None:
            beat_pron = PRON_START.match(text, a0, min(a1, a0 + 40))  # 'He pushed his ear forward.'
    b0, b1 = u.before
    if b1 > b0:
        cut = max(text.rfind(". ", b0, b1 - 2), text.rfind("! ", b0, b1 - 2), text.rfind("? ", b0, b1 - 2), b0)
        last = narr_between(ctx, cut, b1)
        beat_before = last[0][1] if last else None
        if not last and u.tag_kind is None:
            beat_pron = PRON_START.match(text, cut, b1)  # 'She sat up and said, with asperity:'
    beat_gender = beat_ref = None
    if beat_pron:
        beat_gender = "male" if beat_pron.group(1).lower() == "he" else "female"
        beat_ref = next((n for _, n in reversed(narr_between(ctx, beat_pron.start() - WINDOW, beat_pron.start()))
                         if ctx.genders.get(n) == beat_gender), None)
    # previous narration paragraph(s): mentions between the previous utterance (or window) and this one
    prev_end = units[k - 1].pieces[-1][1] if k > 0 else max(0, u.para_start - WINDOW)
    prevpara = narr_between(ctx, max(prev_end, u.para_start - WINDOW), u.para_start)
    last_before = {}
    for pos, n in narr_between(ctx, u.para_start - WINDOW * 2, u.pieces[0][0]):
        last_before[n] = pos
    rec_order = sorted(last_before, key=lambda n: -last_before[n])
    # pronoun / description referents: the most recent narration mentions of that gender
    ref_rank: dict[str, int] = {}
    rank0_object = False
    if u.tag_kind in ("pronoun", "description") and u.tag_gender:
        seen = []
        first_pos = None
        for pos, n in reversed(narr_between(ctx, u.tag_pos - WINDOW, u.tag_pos)):
            if ctx.genders.get(n) == u.tag_gender and n not in seen:
                seen.append(n)
                first_pos = pos if first_pos is None else first_pos
        ref_rank = {n: r for r, n in enumerate(seen)}
        # the latest of them only an object ('turned to Frank', 'looked at Jane'): "she" is less often her
        rank0_object = bool(first_pos is not None and OBJECT_BEFORE.search(text, max(0, first_pos - 30), first_pos))
    # "he said": the last man who was the subject of a sentence
    pron_subject = None
    if u.tag_kind == "pronoun" and u.tag_gender:
        for pos, n in reversed(narr_between(ctx, u.tag_pos - WINDOW, u.tag_pos)):
            if ctx.genders.get(n) == u.tag_gender and _CLAUSE_END.search(text, max(0, pos - 6), pos):
                pron_subject = n
                break
    relation = relation_referent(u, ctx)
    # 'said her aunt', 'her companion added': not the woman "her" points to
    owner = None
    dw = description_words(u.tag_words) if u.tag_kind == "description" else ()
    if len(dw) >= 2 and dw[0] in ("his", "her"):
        owner = tag_possessor(u, ctx, "male" if dw[0] == "his" else "female")
    titled = title_holders(u, ctx)
    # salience of the tag's gender: subjects weigh more, narration pronouns renew their referent
    anchors = hints.anchors if hints else None  # the surer speakers re-anchor earlier "he said" tags
    by_position = ctx.salience(units, anchors)
    salient = by_position.get(u.tag_pos, {}).get(u.tag_gender, []) if u.tag_gender else []
    sal_share = _shares(salient)
    # untagged: how much the narration so far is about each candidate (either gender)
    scene = by_position.get(u.pieces[0][0], {}) if u.tag_kind is None else {}
    sal_any = _shares([t for g in ("male", "female") for t in scene.get(g, [])])
    listeners = {n for pos, n in before + after if _LISTENER.search(text, max(0, pos - 16), pos)}
    qm = quote_mentions(ctx, u)
    named_here = {n for _, _, n in qm}
    vocative = {n for a, b, n in qm if _VOCATIVE.match(text[b:b + 2]) or text[max(0, a - 2):a].strip() in (",", "")}
    prev_addressed, next_addressed = set(), set()
    voc_prev, voc_next, sex_prev, sex_next = set(), set(), None, None  # sex_: of the one "sir"/"madam" addresses
    gap1 = u.p_first - units[k - 1].p_last if k > 0 else 99
    if k > 0 and gap1 <= 1:
        prev_addressed = {n for _, _, n in quote_mentions(ctx, units[k - 1])}
        voc_prev = vocatives(ctx, units[k - 1])
        sex_prev = ctx.addressed[k - 1]
    if k + 1 < len(units) and units[k + 1].p_first - u.p_last <= 1:
        next_addressed = {n for _, _, n in quote_mentions(ctx, units[k + 1])}
        voc_next = vocatives(ctx, units[k + 1])
        sex_next = ctx.addressed[k + 1]
    parents, children = ctx.family().parents(ctx.parent[k]) if ctx.parent[k] else (set(), set())
    chain = [k]  # utterances of this conversation run, going back
    j = k
    while j > 0 and len(chain) < 4 and units[j].p_first - units[j - 1].p_last <= 1:
        j -= 1
        chain.append(j)
    fwd = [k]
    j = k
    while j + 1 < len(units) and len(fwd) < 3 and units[j + 1].p_first - units[j].p_last <= 1:
        j += 1
        fwd.append(j)
    members = {speakers[j] for j in chain[1:] if speakers[j]}
    reactor, react_gender = ctx.reactions[k]  # who reacts in the paragraph after
    back = _anchors(k, units, hints.anchors, -1) if hints else None
    fwd_a = _anchors(k, units, hints.anchors, 1) if hints else None
    alt = hints.alt[k] if hints else None
    odd_names = {a[1] for a in (back, fwd_a) if a and a[0] % 2}
    even_names = {a[1] for a in (back, fwd_a) if a and a[0] % 2 == 0}
    total_prior = sum(prior.values()) or 1
    narrator = narrator_of(u, ctx)
    style = {c: hints.style.score(k, c) for c in cands} if hints and hints.style else {}
    style_top = max(style, key=style.get) if style else None
    # only differences count: against the best, so one long speech cannot swamp the rest
    style = _against_best(style, STYLE_CLIP)
    address = _against_best({c: hints.address.score(k, c) for c in cands}, ADDRESS_CLIP) \
        if hints and hints.address and ctx.forms[k] else {}
    rows = []
    for c in cands:
        f = [0.0] * len(FEATURES)

        def put(name, v=1.0):
            f[INDEX[name]] = v

        if c in u.tag_names:
            put("tag_name" if len(u.tag_names) == 1 else "tag_name_ambiguous")
        if c in u.tag_alias:
            put("desc_alias")  # 'said the clergyman' and the cast lists "The Clergyman"
        if c in ref_rank:
            r = ref_rank[c]
            if u.tag_kind == "pronoun":
                put(("pron_rank0", "pron_rank1", "pron_rank2")[min(r, 2)])
                if rank0_object and r < 2:
                    put(("pron_rank0_object", "pron_rank1_object")[r])
            elif r == 0:
                put("desc_rank0")
        if relation == c:
            put("desc_relation")
        if c == owner:
            put("desc_possessor")
        if c in titled:
            put("desc_title")
        if salient and salient[0][0] == c:
            put("sal_top")
        put("sal_share", sal_share.get(c, 0.0))
        put("sal_any_notag", sal_any.get(c, 0.0))
        g = ctx.genders.get(c)
        if c in listeners:
            put("listener_cue")
            if u.tag_kind == "pronoun" and g == u.tag_gender:
                put("listener_cue_pron")
        if u.tag_kind == "pronoun" and g:
            put("pron_match" if g == u.tag_gender else "pron_mismatch")
            if g == u.tag_gender and c in members:
                put("pron_member")  # "he said" in a conversation: the man taking part
            if g == u.tag_gender and c in prev_addressed:
                put("pron_named_prev")  # ... and the one just spoken to answers
        if u.tag_kind == "description" and g and u.tag_gender:
            put("desc_match" if g == u.tag_gender else "desc_mismatch")
        if c == narrator:
            put("narrator_any")
            if u.tag_kind == "first":
                put("first_narrator")
        if subject == c:
            put("para_subject")
        if beat_after == c:
            put("beat_after")
            put("beat_after_notag", notag)
        if beat_gender and g:
            put("beatpron_match" if g == beat_gender else "beatpron_mismatch")
            if c == beat_ref:
                put("beatpron_ref")
        if c == pron_subject:
            put("pron_subject")
        if beat_before == c:
            put("beat_before")
            put("beat_before_notag", notag)
        if any(n == c for _, n in before):
            put("para_before")
            put("para_before_notag", notag)
        if any(n == c for _, n in after):
            put("para_after")
            put("para_after_notag", notag)
        if prevpara and prevpara[-1][1] == c:
            put("prevpara_last")
            put("prevpara_last_notag", notag)
        if any(n == c for _, n in prevpara):
            put("prevpara_any")
        if c in last_before:
            r = rec_order.index(c)
            if r < 3:
                put(("rec0", "rec1", "rec2")[r])
            if r == 0:
                put("rec0_notag", notag)
            put("log_dist", math.log1p(u.pieces[0][0] - last_before[c]) / 10)
        else:
            put("log_dist", math.log1p(WINDOW * 2) / 10)
        if c in named_here:
            put("named_in_quote")
        if c in vocative:
            put("vocative_here")
        if len(chain) > 1 and speakers[chain[1]] == c:
            put("prev1")
            put("prev1_notag", notag)
        if k > 0 and speakers[k - 1] == c and gap1 > 1:
            put("gap_prev1_far")
        if len(chain) > 2 and speakers[chain[2]] == c:
            put("prev2")
            put("prev2_notag", notag)
        if len(chain) > 3 and speakers[chain[3]] == c:
            put("prev3_notag", notag)
        if len(fwd) > 1 and speakers[fwd[1]] == c:
            put("next1")
            put("next1_notag", notag)
        if len(fwd) > 2 and speakers[fwd[2]] == c:
            put("next2_notag", notag)
        if c in prev_addressed:
            put("addressed_prev")
            put("addressed_prev_notag", notag)
        if c in next_addressed:
            put("addressed_next")
        if c in voc_prev:
            put("voc_prev")
            put("voc_prev_notag", notag)
            if u.tag_kind == "pronoun" and g == u.tag_gender:
                put("voc_prev_pron")
        if c in voc_next:
            put("voc_next")
        if c in members:
            put("conv_member")
        if c == reactor:
            put("react_after")
            put("react_after_notag", notag)
        if react_gender and g == react_gender:
            put("react_pron")  # 'He made no answer.': of the man spoken to, most likely
        if c in parents:
            put("parent_addressed")  # "Hush, mother!": the mother is spoken to
        if c in children:
            put("child_of_addressed")
        for sex, name in ((sex_prev, "sex_addressed_prev"), (sex_next, "sex_addressed_next")):
            if sex and g:  # the listener of the turn before or after: often this speaker
                put(name if g == sex else name + "_not")
        for a, even, odd in ((back, "anc_even_back", "anc_odd_back"), (fwd_a, "anc_even_fwd", "anc_odd_fwd")):
            if a and a[1] == c:
                put(even if a[0] % 2 == 0 else odd, notag)
                if a[0] == 2:
                    put("anc_even_near", notag)
        if odd_names and c not in odd_names and (c in even_names or c in members or c in prev_addressed):
            put("anc_partner", notag)  # the other side of an alternating exchange
        if alt == c:
            put("alt")
            put("alt_notag", notag)
        if hints:
            ap = hints.alt_post[k].get(c, 0.0)
            put("alt_margin", ap)
            put("alt_post_notag", ap * notag)
            if u.tag_kind == "pronoun" and g == u.tag_gender:
                put("alt_post_pron", ap)
            if u.tag_kind == "description" and g in (None, u.tag_gender):
                put("alt_post_desc", ap)
            if notag and hints.cavity is not None:
                cv = hints.cavity[k].get(c, 0.0)
                put("cavity_notag", cv)
                put("cavity_log_notag", math.log(max(cv, 0.01)) / 5 if hints.cavity[k] else 0.0)
                put("anchor_post_notag", hints.anchor_post[k].get(c, 0.0))
            if hints.cavity is not None and g and g == u.tag_gender:
                # 'he said' in a run: which man the alternation expects
                if u.tag_kind == "pronoun":
                    put("cavity_pron", hints.cavity[k].get(c, 0.0))
                elif u.tag_kind == "description":
                    put("cavity_desc", hints.cavity[k].get(c, 0.0))
        if style:  # whose words these sound like (idiolect.py)
            put("style_llr", style[c] / 4)
            put("style_llr_notag", style[c] / 4 * notag)
            if c == style_top:
                put("style_top_notag", notag)
        if address:  # how it addresses people: who calls whom what (idiolect.address_forms)
            put("address_llr", address[c] / 2)
        put("freq", math.log1p(ctx.freq.get(c, 0)) / 5)
        put("speaker_prior", math.log((prior.get(c, 0) + 1) / (total_prior + 1)) / 5)
        # "he said" seldom means someone only talked about: never named in a speech tag,
        # named mostly inside quotations (a found cast keeps such people; a casting list seldom does)
        if u.tag_kind == "pronoun" and not ctx.tagged.get(c, 0) and c != ctx.narrator \
                and 2 * ctx.quoted.get(c, 0) >= ctx.freq.get(c, 0):
            put("untagged_pron")
        rows.append(f)
    return rows
