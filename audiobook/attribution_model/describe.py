"""Characters known only by a description: "said the landlady".

A speech tag may name its speaker by a description ("the landlady", "an old
woman", "the cabman").  Usually that is an epithet of a character the book
names ("the girl" for Lucy), and the ranker resolves it to the people in the
scene.  But when, at most of a description's speech tags, no character of
its gender has been named for a while, the speaker is somebody the book
never names: a minor character of its own, cast under the description
("The Landlady"), so that its lines get one voice instead of none.
"""
from __future__ import annotations

import bisect
import re

from ..characters import UPPER
from ..model import Character
from .context import ROLE_TITLES, WINDOW, chapter_start, description_words, tag_possessor
from .discover import quotation_open
from .kinship import KIN, RELATION_GENDER
from .noun_gender import noun_gender
from .units import VERB, Utterance

_ARTICLES = ("the", "a", "an")
# heads that are not one person: a crowd, a voice, a pointer back ("the other", "the latter")
_NOT_PERSON = {"voice", "voices", "other", "others", "former", "latter", "one", "same", "rest", "whole",
               "party", "company", "crowd", "people", "men", "women", "children", "ladies", "gentlemen"}
_RELATIONS = set(RELATION_GENDER) | {"cousin"}
NAMED_SOON = 600  # '"Yes, sir," said the boy. ... "I'm going up the Alps," replied Randolph.': the boy has a name


def description_characters(units: list[Utterance], narr: list[tuple[int, str]], quoted: list[tuple],
                           genders: dict[str, str | None], text: str = "",
                           chapter_starts: list[int] = (), beside: dict | None = None) -> list[Character]:
    """Minor characters to cast from description tags nobody in the roster can
    fill: named neither in the narration nor in the quotations just before;
    and from descriptions with a capitalised head ("said the Knave").  `beside`
    receives the names in apposition to each description (see `appositions`)."""
    keys = [description_key(u) for u in units]
    beside = {} if beside is None else beside
    told_apart = _told_apart(units, keys, narr, text, beside)
    narr = sorted(narr + [(a, n) for a, _, n in quoted])
    positions = [p for p, _ in narr]
    uses: dict[tuple[str, ...], list[bool]] = {}
    gender_of: dict[tuple[str, ...], str] = {}
    for k, u in enumerate(units):
        words = capitalised_key(u, text)
        if words is not None:  # a designation of its own, whoever else is in the scene
            gender_of[words] = u.tag_gender
            uses.setdefault(words, []).append(True)
            continue
        # (whoever the chapter before named is no one near: 'said the young gentleman' opening a chapter)
        floor = chapter_start(chapter_starts, u.tag_pos)
        words = keys[k]
        if words is None:
            # an ungendered one ('said the gardener') is a character of its own only when the
            # narration of the scene brought it in as somebody new ('An old gardener came out')
            words = ungendered_key(u)
            if words is not None and (words in uses or _stranger_brought_in(text, words, u.tag_pos, floor)):
                gender_of[words] = None
                # once brought in, its later tags are the same somebody (their noun was its own mention)
                new = any(uses[words]) if words in uses else \
                    _stranger_brought_in(text, words, u.tag_pos, floor, reach=WINDOW)
                uses.setdefault(words, []).append(new)
            continue
        gender_of[words] = u.tag_gender
        apart = _apart_near(told_apart.get(words, []), u.tag_pos)
        # nobody else: brought in as somebody new, or no one of its sex named near nor tagged soon
        nobody_else = _stranger_brought_in(text, words, u.tag_pos, floor) or (
            _nobody_near(u.tag_pos, u.tag_gender, narr, positions, genders, floor=floor, but=apart)
            and not any(genders.get(n) == u.tag_gender for n in _tagged_soon(units, k) - apart))
        uses.setdefault(words, []).append(not _named_before(beside[words], u.tag_pos) and nobody_else)
    out = []
    for words, empty in uses.items():
        if sum(empty) * 2 > len(empty):
            name = " ".join(w.capitalize() for w in ("the",) + words)
            out.append(Character(name=name, aliases=[], gender=gender_of[words], lines=len(empty)))
    return out


STRANGER_REACH = 800  # characters before a description tag where "a boy" brings in its speaker
_COPULA_BEFORE = re.compile(r"\b(?:is|was|were|be|been|being|am|are|became|become|seemed|seems|as|like|such|"
                            r"what|quite|rather|too|not|never)\s+$|['\u2019]s\s+$", re.IGNORECASE)


def _stranger_brought_in(text: str, words: tuple[str, ...], pos: int, floor: int = 0,
                         reach: int = STRANGER_REACH) -> bool:
    """Does the narration just before bring the describer in as somebody new
    ('A boy on the far bank waved to them.' before 'cried the boy')?  An
    indefinite article before the description's noun, not in a predicate ('Tom
    was a boy of twelve' is Tom) nor inside a quotation."""
    start = max(floor, pos - reach)
    head = re.escape(words[-1])
    for m in re.finditer(rf"\b([Aa]n?)\s+(?:[a-z][\w-]*\s+){{0,2}}?{head}\b", text[start:pos]):
        a = start + m.start()
        para = max(text.rfind("\n\n", max(0, a - 3000), a), a - 3000, 0)  # (a book without breaks stays linear)
        if not _COPULA_BEFORE.search(text, max(0, a - 20), a) and not quotation_open(text[para:a]):
            return True
    return False


def ungendered_key(u: Utterance) -> tuple[str, ...] | None:
    """The words after the article of a description tag whose noun tells no sex
    ("the old gardener" -> ("old", "gardener")), else None."""
    if u.tag_kind != "description" or u.tag_gender:
        return None
    w = description_words(u.tag_words)
    if not 2 <= len(w) <= 4 or w[0] not in _ARTICLES or not all(x.isalpha() for x in w[1:]):
        return None
    if any(x in _NOT_PERSON or x in _NOT_ADJECTIVE for x in w[1:]) or w[-1] in _RELATIONS:
        return None
    return tuple(w[1:])


def description_key(u: Utterance) -> tuple[str, ...] | None:
    """The words after the article of a gendered one-person description tag
    ("the old woman" -> ("old", "woman")), else None."""
    if u.tag_kind != "description" or not u.tag_gender:
        return None
    w = description_words(u.tag_words)
    if len(w) < 2 or w[0] not in _ARTICLES:
        return None
    # up to the noun that gave the gender: "the landlady to mary" -> the landlady
    head = next((i for i in range(1, len(w)) if noun_gender(w[i])), None)
    if head is None or any(x in _NOT_PERSON for x in w[1:head + 1]):
        return None
    if w[head] in _RELATIONS or w[head + 1:head + 2] == ("of",):
        return None  # "the mother", "the wife of Mr. Pell": somebody's relative, not a stranger
    return tuple(w[1:head + 1])


# 'said the Knave', 'cried a young Lucas': a capitalised head after an article and at most two
# adjectives, the subject of an inverted speech verb (where a place or thing never stands: 'the Arno')
_CAPITALISED_HEAD = re.compile(rf"(?:the|an?)\s+((?:[a-z][\w-]*\s+){{0,2}}?)([{UPPER}][\w-]+)\b")
_VERB_BEFORE = re.compile(r"\b" + VERB + r"(?:\s+(?-i:[a-z])\w*ly)?\s+$")
# 'said the Italian': a nationality may stand for any of the book's foreigners
_NATIONALITY = ("ian", "ese", "ish")
_NOT_ADJECTIVE = {"of", "to", "with", "at", "and", "in", "on", "for", "from", "by", "as"}


def capitalised_key(u: Utterance, text: str) -> tuple[str, ...] | None:
    """The words of an inverted description tag whose head is capitalised ("said
    the young Crab" -> ("young", "crab")), a role the book writes like a name; not a
    title ("the Inspector" is the inspector the cast names) nor a person
    noun with a name after it ("the man to Lucy"), nor a nationality ("the Italian")."""
    if u.tag_kind != "description" or not text:
        return None
    m = _CAPITALISED_HEAD.match(text, u.tag_pos)
    if m is None or not _VERB_BEFORE.search(text, max(0, u.tag_pos - 40), u.tag_pos):
        return None
    lead, head = m.group(1).split(), m.group(2).lower()
    if any(w in _NOT_ADJECTIVE or noun_gender(w) for w in lead) or head in ROLE_TITLES or head in _NOT_PERSON \
            or head.endswith(_NATIONALITY):
        return None
    return tuple(lead + [head])


def _nobody_near(pos: int, gender: str, narr, positions, genders, floor: int = 0, but=frozenset()) -> bool:
    """No roster character of `gender` but those in `but` named just before `pos` (after `floor`)."""
    i = bisect.bisect_left(positions, pos) - 1
    while i >= 0 and narr[i][0] >= max(pos - WINDOW, floor):
        if genders.get(narr[i][1]) == gender and narr[i][1] not in but:
            return False
        i -= 1
    return True


def _tagged_soon(units: list[Utterance], k: int) -> set[str]:
    """Who the name tags of the next few turns of the conversation make speak,
    within `NAMED_SOON` characters."""
    out, pos, last = set(), units[k].tag_pos, units[k].p_last
    for v in units[k + 1:]:
        if v.pieces[0][0] > pos + NAMED_SOON or v.p_first - last > 1:
            break
        last = v.p_last
        if v.tag_kind == "name":
            out |= v.tag_names
    return out


_GOES_ON = re.compile(r"\b(?:went|goes|going)\s+on\b|\b(?:continu|resum|pursu|add|persist)(?:ed|es|s|ing)\b")
_APPOSITION_AFTER = re.compile(r"[\w.'\u2019 -]{1,40},\s*$")
_APPOSITION_BEFORE = re.compile(rf",\s*(?:[{UPPER}][\w'\u2019-]*\.?\s+){{0,3}}")  # ", Peter " before "Coffin"
# (not the full stop of "Mr. Henfrey")
_SENTENCE_EDGE = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?;]['\"\u201d\u2019]?\s"
                            r"|\n\s*\n|[\"\u201c\u201d]")


def _told_apart(units: list[Utterance], keys: list, narr: list[tuple[int, str]],
                text: str, beside: dict | None = None) -> dict[tuple[str, ...], list]:
    """Per description, where a character is shown to be somebody else: named
    in one sentence of narration with it ("Mr. Henfrey looked up at the
    stranger") or by the speech tag of the turn just before or after one of its
    own ('"Was you hurt, sir?" said Hall.  "Not a bit," said the stranger.').
    Sorted (position, name) pairs; "the boy" may be another boy in another scene.
    `beside` gathers the names in apposition instead ("The landlord, Peter Coffin,")."""
    out: dict[tuple[str, ...], list] = {}
    beside = {} if beside is None else beside
    positions = [p for p, _ in narr]
    for k, (u, words) in enumerate(zip(units, keys)):
        if words is None:
            continue
        if words not in out:
            out[words], beside[words] = [], []
            for m in re.finditer(r"\b[Tt]he\s+" + r"\s+".join(map(re.escape, words)) + r"\b", text):
                start = max((e.end() for e in _SENTENCE_EDGE.finditer(text, max(0, m.start() - 300), m.start())),
                            default=max(0, m.start() - 300))
                end = _SENTENCE_EDGE.search(text, m.end(), m.end() + 300)
                i = bisect.bisect_left(positions, start)
                while i < len(narr) and narr[i][0] < (end.start() if end else m.end() + 300):
                    a = narr[i][0]
                    # the name the description stands beside is that one: "Hall, the landlord,", "the old man, Emerson"
                    if _APPOSITION_AFTER.match(text, a, m.start()) or _APPOSITION_BEFORE.fullmatch(text[m.end():a]):
                        beside[words].append((m.start(), narr[i][1]))
                    else:
                        out[words].append((m.start(), narr[i][1]))
                    i += 1
        for j in (k - 1, k + 1):  # the one answered or answering, in the paragraph next to it
            if 0 <= j < len(units) and units[j].tag_kind == "name" and len(units[j].tag_names) == 1:
                first, second = (units[j], u) if j < k else (u, units[j])
                # ... not the same one going on ('"I bought it!" responded Randolph.  "Her name is
                # Daisy," the boy went on.')
                if second.p_first - first.p_last <= 1 and not _GOES_ON.search(
                        text, max(0, second.tag_pos - 30), second.tag_pos + 40):
                    out[words].append((u.tag_pos, next(iter(units[j].tag_names))))
    for pairs in list(out.values()) + list(beside.values()):
        pairs.sort()
    return out


def appositions(units: list[Utterance], beside: dict) -> list[set[str]]:
    """Per turn tagged by a description, the characters named in apposition to
    that description just before ("The landlord, Peter Coffin, met me": 'said
    the landlord' is Peter Coffin), from the `beside` of `description_characters`."""
    return [_named_before(beside.get(w, []), u.tag_pos) if (w := description_key(u)) else set() for u in units]


def _named_before(pairs: list, pos: int) -> set[str]:
    i = bisect.bisect_left(pairs, (pos - WINDOW, ""))
    return {n for p, n in pairs[i:bisect.bisect_left(pairs, (pos, ""))]}


def _apart_near(pairs: list, pos: int) -> set[str]:
    """The characters `pairs` tell apart within a scene's reach of `pos`."""
    i = bisect.bisect_left(pairs, (pos - WINDOW, ""))
    return {n for p, n in pairs[i:bisect.bisect_right(pairs, (pos + WINDOW, "\uffff"))]}


def relative_characters(units: list[Utterance], ctx, chapter_starts: list[int] = ()) -> dict[tuple[str, str], Character]:
    """Relatives the book never names ("said her mother", when Mary's mother
    has no name): for each (possessor, relation) whose tags mostly find no
    character of the relative's sex named just before in the chapter but the
    possessor, and that the roster's families cannot fill, a minor character
    "Mary's Mother"."""
    uses: dict[tuple[str, str], list[bool]] = {}
    family = ctx.family()
    for u in units:
        key = relative_key(u, ctx)
        if key is None or (key[1] in KIN and family.relative(*key)):
            continue
        owner, relation = key
        gender = RELATION_GENDER[relation]
        if any(family.surnames.get(owner, set()) & ss and ctx.genders.get(n) == gender
               for n, ss in family.surnames.items() if n != owner):
            continue  # a relative of that sex is named, though which one is unclear
        floor = chapter_start(chapter_starts, u.tag_pos)
        i = bisect.bisect_left(ctx.narr_pos, u.tag_pos) - 1
        while i >= 0 and ctx.narr[i][0] >= floor and ctx.narr[i][1] != owner:
            i -= 1
        # "her" must be someone of this chapter, and no one else who could be the relative near
        uses.setdefault(key, []).append(i >= 0 and ctx.narr[i][0] >= floor and _nobody_near(
            u.tag_pos, gender, ctx.narr, ctx.narr_pos, ctx.genders, floor=floor, but={owner}))
    return {key: Character(name=f"{key[0]}'s {key[1].capitalize()}", aliases=[],
                           gender=RELATION_GENDER[key[1]], lines=len(empty))
            for key, empty in uses.items() if sum(empty) * 2 > len(empty)}


def relative_key(u: Utterance, ctx) -> tuple[str, str] | None:
    """(possessor, relation) of a 'said her mother' tag (`tag_possessor`)."""
    w = description_words(u.tag_words) if u.tag_kind == "description" else ()
    if len(w) != 2 or w[0] not in ("his", "her") or w[1] not in RELATION_GENDER:
        return None
    owner = tag_possessor(u, ctx, "male" if w[0] == "his" else "female")
    return (owner, w[1]) if owner else None
