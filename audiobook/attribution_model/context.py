"""Book-wide context of attribution: character mentions in narration and in
quotations, how to look them up by position, who is addressed by name, and
whether the narrator speaks as "I"."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from ..characters import GENERIC_NOUNS, NameIndex
from ..model import DIALOGUE, Segment
from .kinship import KIN, Families, kin_mentions, possessor
from .noun_gender import noun_gender
from .salience import pronoun_referents, salience_events
from .units import FIRST_PERSON, SpanSet, Utterance

WINDOW = 2500   # characters of narration looked back over
_VOCATIVE = re.compile(r"^[\s]*[,!?.]|^\s*$")
# a name spoken to: set off by punctuation (or the quote's edge) on both sides,
# or after "dear"/"oh" ("Good night, Jane." / "Jane, come here" / "my dear Jane!")
_VOC_BEFORE = re.compile(r"(?:^|[,!?.;:\u2014\"\u201c\u2018-]|\b(?:dear|oh|Oh|O))\s*$")
# (a curly apostrophe ends a British quotation, but "Mike\u2019s" is no vocative)
_VOC_AFTER = re.compile(r"^\s*(?:[,!?.;:\u2014\"\u201d-]|\u2019(?![^\W\d_])|$)")

@dataclass
class Context:
    """Book-wide facts shared by all utterances."""

    text: str
    idx: NameIndex
    genders: dict[str, str | None]
    narr: list[tuple[int, str]]        # narration mentions (position, name), sorted
    narr_pos: list[int]
    quote_mentions: list[tuple[int, int, str]]
    quote_pos: list[int]
    mentions_at: dict[int, tuple]
    freq: Counter
    narrator: str | None
    families: Families | None = None
    marked_narrator: str | None = None  # the character the casting file marks as its narrator ("I", "Narr")
    chapter_starts: list[int] = field(default_factory=list)  # where each chapter begins, sorted
    salient: dict | None = None
    salient_for: list | None = None
    salience_events: list | None = None     # what the salience tracker reads, for every pass
    salience_events_for: list | None = None
    described: list = field(default_factory=list)  # characters cast from description tags
    tagged: Counter = field(default_factory=Counter)  # name -> speech tags naming it alone
    quoted: Counter = field(default_factory=Counter)  # name -> mentions inside quotations
    addressed: list = field(default_factory=list)  # per utterance: addressed_gender, read once
    parent: list = field(default_factory=list)  # per utterance: parent_addressed
    words: list = field(default_factory=list)  # per utterance: its word counts (idiolect.tokens)
    forms: list = field(default_factory=list)  # per utterance: its forms of address (idiolect.address_forms)
    reactions: list = field(default_factory=list)  # per utterance: who reacts after it (features.reactions)
    vocative_cache: dict = field(default_factory=dict)  # first piece's start -> vocatives()

    def salience(self, units: list[Utterance], speakers: list | None = None) -> dict:
        """{tag position: {gender: [(name, salience), ...]}} for the he/she tags
        (and at each untagged turn's start: who the scene is about), the "he
        said" tags of earlier turns standing for the speakers given them."""
        if self.salient is None or self.salient_for is not speakers:
            if self.salience_events_for is not units:  # the same for every pass over these turns
                queries = [u.tag_pos if u.tag_kind else u.pieces[0][0] for u in units
                           if u.tag_kind is None or (u.tag_kind in ("pronoun", "description") and u.tag_gender)]
                spans = [p for u in units for p in u.pieces]
                self.salience_events = salience_events(self.text, self.narr, spans, queries)
                self.salience_events_for = units
            resolved = {u.tag_pos: speakers[u.index] for u in units if speakers and u.tag_kind == "pronoun"
                        and speakers[u.index] and self.genders.get(speakers[u.index]) == u.tag_gender}
            self.salient = pronoun_referents(self.text, self.narr, [], self.genders, [], resolved,
                                             events=self.salience_events)
            self.salient_for = speakers  # held, so the list's identity marks this cache
        return self.salient

    def family(self) -> Families:
        if self.families is None:
            self.families = Families(self.idx, self.genders, self.text)
        return self.families


def resolve_mentions(text: str, idx: NameIndex, segments: list[Segment], families: Families):
    """Mentions with ambiguous ones ("Bennet") settled by the most recent of
    their possible characters; split into narration and quotation mentions."""
    raw = idx.mentions(text)
    dialogue = SpanSet([(s.start, s.end) for s in segments if s.kind == DIALOGUE])
    total = Counter(next(iter(n)) for _, _, n in raw if len(n) == 1)
    last_seen: dict[str, int] = {}
    narr, quote, at = [], [], {}
    for a, b, names in raw:
        if len(names) == 1:
            name = next(iter(names))
        else:
            name = max(sorted(names), key=lambda n: (last_seen.get(n, -1), total[n]))
        last_seen[name] = a
        if a in dialogue:
            quote.append((a, b, name))
        else:
            narr.append((a, name))
            at[a] = (a, b, [name] if len(names) == 1 else sorted(sorted(names), key=lambda n: n != name))
    # "She followed her father": a mention of the father
    narr = sorted(narr + kin_mentions(text, narr, dialogue, families))
    return narr, quote, at, total


def quote_mentions(ctx: Context, u: Utterance):
    out = []
    for a, b in u.pieces:
        i = bisect.bisect_left(ctx.quote_pos, a)
        while i < len(ctx.quote_mentions) and ctx.quote_mentions[i][0] < b:
            out.append(ctx.quote_mentions[i])
            i += 1
    return out


def vocatives(ctx: Context, u: Utterance) -> frozenset[str]:
    """Characters addressed by name in the utterance ("Yes, Jane, I will");
    read once per utterance (every pass asks for each turn's neighbours')."""
    key = u.pieces[0][0]
    if key not in ctx.vocative_cache:
        ctx.vocative_cache[key] = frozenset(_vocatives(ctx, u))
    return ctx.vocative_cache[key]


def vocative_forms(ctx: Context, u: Utterance) -> list[str]:
    """The names the utterance addresses people by, as written ("Lizzy", "Miss Eliza")."""
    addressed = vocatives(ctx, u)
    return [ctx.text[a:b] for a, b, n in quote_mentions(ctx, u) if n in addressed]


def _vocatives(ctx: Context, u: Utterance) -> set[str]:
    out = set()
    for a, b, n in quote_mentions(ctx, u):
        piece = next((p for p in u.pieces if p[0] <= a < p[1]), (a, b))
        if set_off(ctx.text[max(piece[0], a - 8):a], ctx.text[b:min(piece[1], b + 3)]):
            out.add(n)
    return out


def set_off(before: str, after: str) -> bool:
    """A name between these is spoken to: punctuation (or the quote's edge) on
    both sides, or "dear"/"oh" before it."""
    return bool(_VOC_BEFORE.search(before) and _VOC_AFTER.match(after))


# a form of address that names no one but tells the listener's sex ("Yes, sir." "Oh, mamma!")
_ADDRESS = re.compile(r"(?:^|[,!?.;:\u2014\"\u201c\u2018-]|\b(?:dear|oh|Oh|O|good|Good))\s*"
                      r"(sir|mister|papa|pa|dad|daddy|father|grandpa|grandfather|uncle|brother|my\s+lord|my\s+boy|"
                      r"my\s+lad|my\s+son|young\s+man|madam|ma'am|ma\u2019am|mamma|mama|ma|mum|mummy|mom|mother|"
                      r"grandma|granny|grandmother|aunt|sister|my\s+lady|my\s+girl|my\s+daughter|young\s+lady|miss)"
                      r"\s*(?=[,!?.;:\u2014\"\u201d-]|\u2019(?![^\W\d_])|$)", re.I)
_ADDRESS_MALE = {"sir", "mister", "papa", "pa", "dad", "daddy", "father", "grandpa", "grandfather", "uncle", "brother",
                 "my lord", "my boy", "my lad", "my son", "young man"}


def address_words(text: str, u: Utterance) -> list[str]:
    """The forms of address that name no one the turn uses ("sir", "my lord", "mother")."""
    return [" ".join(m.group(1).lower().split()) for a, b in u.pieces
            for m in _ADDRESS.finditer(text[a:b].strip("\"'\u201c\u201d\u2018\u2019 \n"))]


def addressed_gender(words: list[str]) -> str | None:
    """The sex of whoever the turn addresses as "sir", "madam", "papa"...
    (`words`: its `address_words`; the listener, mostly the speaker before
    or after); None if no such word or both."""
    found = {"male" if w in _ADDRESS_MALE else "female" for w in words}
    return next(iter(found)) if len(found) == 1 else None


_PARENT_WORDS = {"papa", "pa", "dad", "daddy", "father", "mamma", "mama", "ma", "mum", "mummy", "mom", "mother"}


def parent_addressed(words: list[str]) -> str | None:
    """The sex of the parent the turn speaks to ("Hush, mother!", "But, my dear
    papa"): the speaker is that parent's child, so not the parent."""
    return addressed_gender([w for w in words if w in _PARENT_WORDS])


def chapter_floor(ctx: Context, pos: int) -> int:
    """Where the chapter holding `pos` begins: who was named in the chapter before
    is no one's recent mention (a first-person chapter opening "I entered the library")."""
    return chapter_start(ctx.chapter_starts, pos)


def chapter_start(chapter_starts: list[int], pos: int) -> int:
    """The last of the sorted `chapter_starts` at or before `pos` (0 before the first)."""
    i = bisect.bisect_right(chapter_starts, pos) - 1
    return chapter_starts[i] if i >= 0 else 0


def narr_between(ctx: Context, a: int, b: int) -> list[tuple[int, str]]:
    i = bisect.bisect_left(ctx.narr_pos, max(a, chapter_floor(ctx, b - 1)))
    out = []
    while i < len(ctx.narr) and ctx.narr[i][0] < b:
        out.append(ctx.narr[i])
        i += 1
    return out


_SPOUSE = {"wife": "mrs", "lady": "mrs", "husband": "mr"}
_TRAILING = re.compile(r"^(?:(?-i:[a-z])\w*ly|in|to|with|at|and|as|for|from|of|on|after|before)$")
_ADVERB = re.compile(r"^(?-i:[a-z])\w*ly$")
# words no description goes on past: a preposition, a verb ('the doctor was'), a conjunction
_AFTER_DESCRIPTION = re.compile(r"^(?:in|to|with|at|and|as|for|from|on|after|before|behind|beside|by|into|upon|"
                                r"was|were|had|has|is|would|could|did|then|now|again|who|that|which|but|"
                                r"said|put|ensued)$")
# role words that are also titles: "the doctor" may be Dr. Bauerstein, "the Colonel" Colonel Brandon
ROLE_TITLES = {"doctor": {"dr", "doctor"}, "inspector": {"inspector"}, "colonel": {"colonel"},
               "captain": {"captain"}, "major": {"major"}, "sergeant": {"sergeant"}, "professor": {"professor"},
               "judge": {"judge"}, "reverend": {"rev", "reverend"}, "vicar": {"vicar"}, "rector": {"rector"},
               "king": {"king"}, "queen": {"queen"}, "duke": {"duke"}, "duchess": {"duchess"},
               "countess": {"countess"}, "count": {"count"}, "lord": {"lord"}, "general": {"general"},
               "lieutenant": {"lieutenant"}, "squire": {"squire"}, "coroner": {"coroner"}, "nurse": {"nurse"}}


def description_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """A description tag's words without what follows it: the manner ('his wife
    impatiently', 'her husband in a lofty manner'), the verb ('the lawyer
    hesitated', 'the doctor was continuing').  A description ends with its
    person noun ('the little lady inquisitively'), unless 'of' goes on."""
    w = list(words)
    for i in range(1, len(w)):
        if _AFTER_DESCRIPTION.match(w[i]) or (i > 1 and _ADVERB.match(w[i])):
            return tuple(w[:i])
        if i + 1 < len(w) and w[i + 1] != "of" and (noun_gender(w[i]) or w[i] in GENERIC_NOUNS):
            return tuple(w[:i + 1])
    while len(w) > 1 and _TRAILING.match(w[-1]) and not (len(w) == 2 and _ADVERB.match(w[-1])):  # 'the family'
        w.pop()
    if len(w) >= 3 and len(w[-1]) > 4 and w[-1].endswith("ed") and w[-1].islower():  # 'the old servant hesitated': a verb
        w.pop()
    return tuple(w)


def title_holders(u: Utterance, ctx: Context) -> set[str]:
    """'said the Inspector': the characters whose names carry that title."""
    if u.tag_kind != "description":
        return set()
    titles = set().union(*(ROLE_TITLES.get(w, set()) for w in description_words(u.tag_words)[1:]))
    if not titles:
        return set()
    return {n for key, names in ctx.idx.keys.items() if titles & set(key.split()) for n in names}


TITLED_KIN = ("aunt", "uncle")  # relations that are also titles of a name ("Aunt Polly", "Uncle Henry")


def _addressed(u: Utterance, ctx: Context, gender: str) -> str | None:
    """The one character the quotation addresses by name, of `gender` or of none known."""
    spoken_to = [n for n in vocatives(ctx, u) if ctx.genders.get(n) in (gender, None)]
    return spoken_to[0] if len(spoken_to) == 1 else None


def tag_possessor(u: Utterance, ctx: Context, gender: str) -> str | None:
    """Whom the "his" or "her" of a description tag points to: the one the
    quotation addresses, if of that gender ('"Berry," said his wife': Berry's
    wife, '"Jane," said her mother'), else the last of that gender named."""
    return _addressed(u, ctx, gender) or possessor(ctx.narr, ctx.narr_pos, u.tag_pos, gender, ctx.genders)


def relation_referent(u: Utterance, ctx: Context) -> str | None:
    """'said his wife': Mrs. <surname of the man "his" points to>;
    'said her father': the man of her family with a married title;
    'said the latter': the second of the last two named."""
    w = description_words(u.tag_words)
    if u.tag_kind == "description" and len(w) == 2 and w[0].lower() == "the" and w[1] in ("latter", "former"):
        return _of_the_last_two(ctx, u.tag_pos, w[1] == "former")
    if u.tag_kind != "description" or len(w) != 2 or w[0] not in ("his", "her"):
        return None
    gender = "male" if w[0] == "his" else "female"
    if w[1] in TITLED_KIN:  # 'said his aunt': the one "Aunt Polly" of the cast
        holders = {n for key, names in ctx.idx.keys.items() if key.split()[0] == w[1] and " " in key for n in names}
        return next(iter(holders)) if len(holders) == 1 else None
    if w[1] in KIN:
        owner = tag_possessor(u, ctx, gender)
        who = ctx.family().relative(owner, w[1]) if owner else None
        if who or w[1] not in _SPOUSE:
            return who
    if w[1] not in _SPOUSE:
        return None
    spouse = _addressed(u, ctx, gender) or next(
        (n for _, n in reversed(narr_between(ctx, u.tag_pos - WINDOW, u.tag_pos)) if ctx.genders.get(n) == gender), None)
    if spouse is None:
        return None
    names = ctx.idx.keys.get(f"{_SPOUSE[w[1]]} {spouse.split()[-1].lower()}")
    return next(iter(names)) if names and len(names) == 1 else None


def _of_the_last_two(ctx: Context, pos: int, former: bool) -> str | None:
    """'said the latter': the last of the two characters the narration named
    last before `pos`; 'the former': the one before."""
    named: list[str] = []
    for _, n in reversed(narr_between(ctx, pos - WINDOW, pos)):
        if n not in named:
            named.append(n)
            if len(named) == 2:
                break
    return named[int(former)] if len(named) > int(former) else None


def first_person_narrator(text: str, segments: list[Segment], narr_mentions, quote_mentions) -> bool:
    """True when the narration speaks as "I" often enough to be a first-person book."""
    words = 0
    firsts = 0
    for s in segments:
        if s.kind == DIALOGUE:
            continue
        words += s.text.count(" ") + 1
        # (the numeral of "CHAPTER I." or "PART I" is nobody: it weighs in a short story)
        firsts += len(FIRST_PERSON.findall(s.text)) - len(_HEADING_NUMERAL_I.findall(s.text))
    # (and more than a stray "me" of a song quoted in a short story)
    return firsts >= FIRST_PERSON_MIN and firsts / words > 0.008


FIRST_PERSON_MIN = 3


_HEADING_NUMERAL_I = re.compile(r"\b(?:chapter|part|book|volume|act|scene|stave|section|letter|canto)\s+I\b"
                                r"|^[ \t]*I[.:]?[ \t]*$", re.I | re.M)
