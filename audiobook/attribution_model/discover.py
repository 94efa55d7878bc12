"""Find a book's characters from its text alone (no casting file).

Names are capitalised runs seen in mid-sentence (a capital after a full stop
proves nothing).  Places are dropped when they mostly follow "at/in/to/from";
a name needs some sign of a person (a title, a speech verb next to it, a
possessive or being the subject of a verb) to count.  Variants are merged
into one character by name_groups.py: "Jane Bennet", "Jane" and "Miss Jane
Bennet" are one person, while "Mr. Bennet", "Mrs. Bennet" and "Jane Bennet"
stay three.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from ..characters import (_CAP_RUN, CALENDAR, MONTHS, NOT_NAMES, TITLES, UPPER, calendar_word, given_name_gender, norm,
                          title_gender)
from ..model import Character
from ..names import ADDRESS_WORDS
from ..paragraphs import paragraph_spans
from .name_genders import following_pronoun
from .name_groups import merge, split_title, title_of
from .places import PLACE_ENDINGS, PLACES
from .units import SPEECH_VERB_PATTERN

SPEECH = SPEECH_VERB_PATTERN  # the speech verbs of tags (units.py)
_SPEECH_AFTER = re.compile(r"^\W{0,3}\s*(?:" + SPEECH + r")\b")
# the verbs that only ever tag a speech (not 'smiled', 'laughed'), for who talks with whom
_SAYS = (r"(?:said|says|asked|asks|cried|replied|answered|exclaimed|returned|rejoined|retorted|inquired|"
         r"enquired|whispered|shouted|muttered|murmured|remarked|observed|added|continued|repeated|went\s+on)")
_SAYS_NEXT = re.compile(r"\s+" + _SAYS + r"\b")
# the name, an aside set off by commas, then the tag's verb: 'Mr. Bounderby, who had been silent, said'
_SAYS_AFTER_ASIDE = re.compile(r",[^\"\u201c\u201d\u2018.!?;:()]{1,100},\s+(?:[a-z]+ly\s+)?" + _SAYS + r"\b")
_SAYS_BEFORE = re.compile(r"\b" + _SAYS + r"\s+$")
_SPEECH_BEFORE = re.compile(r"\b(?:" + SPEECH + r")\s+(?:[Tt]he\s+)?$")
_PLACE_BEFORE = re.compile(r"\b(?:at|in|to|from|near|towards|through|into|of|for|via)\s+(?:the\s+)?$",
                           re.IGNORECASE)
_PERSON_AFTER = re.compile(r"^(?:'s\b|\s+(?:was|had|did|would|could|looked|went|came|took|made|"
                           r"turned|smiled|laughed|nodded|felt|saw|knew|thought|spoke|sat|stood|"
                           r"got|gave|seemed|is|has|himself|herself)\b)")
# (a line opening with a dash starts a sentence too: dash-dialogue books, "—Out, said John.")
# (an opening quote mark starts one too; a closing one after a comma does not: '"Late," Jake said')
_SENTENCE_START = re.compile(r"(?:[.!?:;]['\"\u201d\u2019)]*\s+|\n\s*\n\s*|^\s*|(?:^|[\s(\u2014-])[\"\u201c\u2018'(_]\s*"
                             r"|(?:^|\n)[ \t]*(?:[\u2014\u2015\u2013]|--)[ \t]*)$")
_DESCRIPTION = re.compile(rf"\b[Tt]he\s+((?:[{UPPER}][\w-]+\s+)?[{UPPER}][\w-]+)")


_QUOTE_ENDS = re.compile(r"[,.!?;:]?[\"'\u201d\u2019]")  # '"Friday or Saturday," said Tom': a word of the quotation
_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}


def discover_characters(text: str, min_mentions: int = 3) -> list[Character]:
    forms: Counter = Counter()       # normalised form -> mid-sentence count
    place: Counter = Counter()
    person: Counter = Counter()
    genders: dict[str, Counter] = defaultdict(Counter)
    starts: Counter = Counter()
    speech: Counter = Counter()  # forms seen in a speech tag ("said the Hatter")
    start_person: Counter = Counter()
    start_genders: dict[str, Counter] = defaultdict(Counter)
    numerals: set[str] = set()  # number words seen as speakers
    positions: dict[str, list[int]] = defaultdict(list)
    tagged: dict[str, list[int]] = defaultdict(list)  # where a form names a tag's speaker
    opening: dict[str, list[int]] = defaultdict(list)  # where a one-word run opens a sentence
    bare: dict[str, str] = {}        # untitled one-word form -> its word
    capitalised: Counter = Counter()  # word -> mid-sentence capitalised uses
    lowercase = Counter(w.lower() for w in re.findall(r"\b[a-z][\w-]+", text))
    paras = [start for start, _, _ in paragraph_spans(text, 0, len(text))]
    for run, a, b in _name_runs(text, paras):
        if re.search(r"['\u2019](?!s\b)[a-z]", run):
            continue  # a contraction ("Don't"), not a name
        before = text[max(0, a - 40):a]
        words = norm(run).split()
        sentence_start = bool(_SENTENCE_START.search(before))
        if sentence_start:
            # the first word may be an ordinary word: keep the rest if it is a title/name run
            if words and words[0] not in TITLES and (lowercase[words[0]] or words[0] in NOT_NAMES
                                                        or len(words) == 1):
                if len(words) == 1:
                    starts[words[0]] += 1  # counts later if the name is seen mid-sentence
                    opening[words[0]].append(a)
                    if _PERSON_AFTER.search(text[b:b + 40]) or _SPEECH_AFTER.search(text[b:b + 40]):
                        start_person[words[0]] += 1
                    g = following_pronoun(text, b)
                    if g:
                        start_genders[words[0]][g] += 1
                words = words[1:]
                if not words:
                    continue
        if len(words) == 1 and (words[0] in _NUMBERS or words[0] in CALENDAR and not calendar_word(text, a, b)
                                and not _QUOTE_ENDS.match(text, b)) \
                and not sentence_start \
                and (_SPEECH_BEFORE.search(before[-25:]) or _SPEECH_AFTER.search(text[b:b + 40])):
            # "said Five": a playing card, a prisoner, "Number Two"; "said Sunday", "said May" (Welland)
            numerals.add(words[0])
            forms[words[0]] += 1
            person[words[0]] += 1
            speech[words[0]] += 1
            positions[words[0]].append(a)
            continue
        while words and words[0] in NOT_NAMES and words[0] not in TITLES \
                and not (words[0] in MONTHS and len(words) > 1 and re.search(r"\b[Tt]he\s+$", before)):
            words = words[1:]  # but "the March Hare" is a name
        # ... but "Mrs. March", "Aunt March", "Miss May" are names
        while words and words[-1] in NOT_NAMES and not (len(words) == 2 and words[0] in TITLES
                                                         and words[0] != "the" and words[1] in CALENDAR):
            words = words[:-1]
        title, core = split_title(words)
        article = re.search(r"\b[Tt]he\s+$", before)
        if article and title and not core:  # "the King", "the Duchess"
            title, core = None, [title]
        described = bool(article) and title is None and len(core) == 1
        repeated = len(set(core)) < len(core)  # "Lucy, Lucy!" is a cry, not a full name
        if not core or len(core) > 3 or repeated or any(_no_name_word(i, w, title, core, described)
                                                        for i, w in enumerate(core)):
            continue
        form = " ".join(([title] if title else []) + core)
        if article and not title:
            form = "the " + form
        forms[form] += 1
        positions[form].append(a)
        if title is None and len(core) == 1:
            bare[form] = core[0]
            capitalised[core[0]] += 1
        if _PLACE_BEFORE.search(before) and not title:
            place[form] += 1
        after = text[b:b + 40]
        aside = _SAYS_AFTER_ASIDE.match(text, b, b + 140)
        spoke = bool(_SPEECH_BEFORE.search(before[-25:]) or _SPEECH_AFTER.search(after) or aside)
        speech[form] += spoke
        if _SAYS_BEFORE.search(before[-25:]) or _SAYS_NEXT.match(after) or aside:
            tagged[form].append(a)  # the tag's subject ("said Lucy", "Lucy said"), not '"Lucy," said Nancy'
        if title or spoke or _PERSON_AFTER.search(after):
            person[form] += 1
        g = following_pronoun(text, b)
        if g:
            genders[form][g] += 1
    for w, n in starts.items():  # "Elizabeth smiled." at a sentence start, once known as a name
        # ... or a given name that only ever opens sentences, acting ("Anna turned.", "Anna laughed.")
        if w in forms or (not lowercase[w] and start_person[w] >= 2 and given_name_gender(w)):
            forms[w] += n
            person[w] += start_person[w]
            genders[w].update(start_genders[w])
    for f, w in bare.items():
        if lowercase[w] > 2 * (capitalised[w] + 1) and w not in numerals or w in PLACES:
            del forms[f]  # an ordinary word capitalised for emphasis ("the Park", "Heaven"), or "Italy"
    _drop_plurals(forms)
    keep = {f: n for f, n in forms.items()
            if (n >= min_mentions or person[f] or title_of(f)) and person[f] >= max(1, n // 10)
            and (place[f] * 2 < n or len(tagged.get(f, ())) >= 2)  # "turned back to Anne", but "said Anne" twice
            and not (len(f.split()) > 1 and f.split()[-1] in PLACE_ENDINGS and not title_of(f))
            # "Mamma!", "Papa": what children call a parent, no name of its own unless a tag makes it speak
            and not (f in ADDRESS_WORDS and not tagged.get(f))}
    keep.update(_bridging_full_names(forms, keep))
    # rare variants count only when they join a character named often enough
    # a name in a speech tag is a speaker, however rarely it is named
    # ... and so is a titled person in the narration of a paragraph of dialogue ('Mrs. Hudson
    # brought the tea. "Shall I light the fire?" she asked.'), the minor speaker named once
    # forms the narration (almost) never uses: what characters call each other ("Harry")
    spoken = frozenset(f for f in keep if len(positions[f]) >= 3 and _mostly_quoted(text, positions[f], paras))
    # ... and so is the nearest person of a pronoun tag's sex before it, however rarely named
    # (a given name seen only opening sentences counts too: 'Anna opened the door.')
    # (one seen mid-sentence too was judged above: "in Florence")
    openers = {w: ps for w, ps in opening.items() if not positions.get(w) and not lowercase[w]
               and w not in NOT_NAMES and w not in PLACES and given_name_gender(w)}
    seen = {f: sorted(positions.get(f, []) + openers.get(f, [])) for f in set(positions) | set(openers)}
    # a name's sex from its title or given name (the pronouns after a name let in "Robinson Crusoe"
    # and "Astrakhan" in the dev novels)
    sex = {f: _form_gender(f) for f in seen}
    referents = _pronoun_referents(text, seen, sex, paras)
    # ... and one acting beside a quotation: 'Elena put down her cup. "You're early."'
    referents |= {w for w, ps in openers.items() if any(_acting_beside_a_quotation(text, a, paras) for a in ps)}
    for f in referents:
        if f in openers and not positions.get(f):
            forms[f], positions[f] = max(forms[f], len(openers[f])), openers[f]
            genders[f].update(start_genders[f])
        if f not in keep and forms.get(f) and place[f] * 2 < forms[f]:
            keep[f] = forms[f]
    return [c for c in merge(keep, genders, positions, spoken, tagged)
            if c.lines >= min_mentions or any(speech[norm(f)] for f in [c.name, *c.aliases])
            or any(norm(f) in referents for f in [c.name, *c.aliases])
            or any(_form_gender(norm(f)) and _acting_beside_a_quotation(text, a, paras)
                   for f in [c.name, *c.aliases] for a in positions.get(norm(f), ()))]


_OPENING_QUOTE = re.compile(rf"[\"\u201c\u00ab]|(?<![\w\u2018])\u2018(?=[{UPPER}])")
_CLOSING_SINGLE = re.compile(r"\u2019(?![^\W\d_])")  # not the apostrophe of "shan’t", "It’s"


# a name opening a clause and followed by its verb: a person acting in the paragraph
_CLAUSE_OPENS = re.compile(r"(?:\b(?:and|then|when|while|but|as)\s+|[.!?:;]['\"\u201d\u2019)]*\s+|\n\s*\n\s*|^\s*)"
                           # ... and a relation before the name: 'Her brother Philip was waiting'
                           r"(?:(?:[Hh]is|[Hh]er|[Mm]y|[Tt]heir|[Oo]ur)\s+(?:little\s+|elder\s+|younger\s+)?"
                           r"(?:brother|sister|cousin|friend|mother|father|aunt|uncle|son|daughter|wife|husband)\s+)?$")
_NAME_THEN_VERB = re.compile(rf"(?:[{UPPER}][\w'-]*\.?\s+)*[{UPPER}][\w'-]+\s+(?:[a-z]+ly\s+)?"
                             r"(?!(?:of|and|the|in|at|to|on|with|for|from|who|whose|which|that)\b)[a-z]{3,}\b")


def _name_runs(text: str, paras: list[int]):
    """(run, start, end) of each capitalised run, cut where a paragraph starts: a
    name may wrap onto the next line ("Mr.\nDarcy"), not into the next paragraph
    (a heading's "CHAPTER VII" above "Emma sat down", in a text without blank lines)."""
    for m in _CAP_RUN.finditer(text):
        a, b = m.start(1), m.end(1)
        i = bisect.bisect_right(paras, a)
        cuts = paras[i:bisect.bisect_left(paras, b)]
        if not cuts:
            yield m.group(1), a, b
            continue
        for cut in cuts + [b]:
            piece = text[a:cut].rstrip()
            if piece and piece[-1].isalpha():  # a run ends on a word ("Mr." alone is none)
                yield piece, a, a + len(piece)
            a = cut


def _acting_beside_a_quotation(text: str, a: int, paras: list[int]) -> bool:
    """Does the name at `a` open a clause with its verb ('Mrs. Hudson brought
    the tea.') in the narration of a paragraph that holds a quotation?"""
    return bool(_CLAUSE_OPENS.search(text[max(0, a - 40):a])) and bool(_NAME_THEN_VERB.match(text, a)) \
        and _beside_a_quotation(text, a, paras)


def _beside_a_quotation(text: str, pos: int, paras: list[int]) -> bool:
    """Is `pos` in the narration of a paragraph that holds a quotation, or of
    the one right before a paragraph opening with a quotation ('Mr. Pemberton
    sat by the fire.' then '"You never listen," said his wife.')?"""
    start, end = _paragraph(text, pos, paras)
    if _inside_a_quotation(text, pos, paras):
        return False
    if _OPENING_QUOTE.search(text, start, end):
        return True
    i = bisect.bisect_right(paras, pos)
    return i < len(paras) and bool(_OPENING_QUOTE.match(text, paras[i]))  # (a paragraph starts on its text)


# a pronoun tag: '"...," she said', '"...?" asked he', and in a dash book '—Let it wait, she said.'
_PRONOUN_TAG = re.compile(r"[,!?.\u2014-]['\"\u201d\u2019]?\s*(?:(?P<a>[Hh]e|[Ss]he)\s+(?:[a-z]+ly\s+)?" + _SAYS
                          + r"|" + _SAYS + r"\s+(?P<b>he|she))\b")
REFERENT_REACH = 600  # characters before a pronoun tag to look for its referent (two paragraphs at most)


def _pronoun_referents(text: str, positions: dict[str, list[int]], sex: dict[str, str | None],
                       paras: list[int]) -> set[str]:
    """Forms that are the nearest name of the right sex before a pronoun tag
    ('His niece, Mary Smith, waited at the top.' then '"You are late, uncle,"
    she said.'): a short story names a speaker once or twice, just where they
    come in.  Only names whose sex is known (`sex`: a title, a given name); the
    search stops at a name of that sex inside a quotation (one addressed, '"Mr.
    Bounderby," said Alice.  "Why, ma'am," he returned'), adding nothing."""
    occurrences = sorted((a, f) for f, ps in positions.items() if not f.startswith("the ")
                         for a in ps)
    starts = [a for a, _ in occurrences]
    out: set[str] = set()
    for m in _PRONOUN_TAG.finditer(text):
        g = "male" if (m.group("a") or m.group("b")).lower() == "he" else "female"
        i = bisect.bisect_left(starts, m.start())
        # back to the start of the paragraph two before the tag's, within the reach
        p = bisect.bisect_right(paras, m.start()) - 1
        floor = max(m.start() - REFERENT_REACH, paras[max(p - 2, 0)] if paras else 0)
        while i > 0 and starts[i - 1] >= floor:
            i -= 1
            a, f = occurrences[i]
            if sex[f] == g:
                if not _inside_a_quotation(text, a, paras):
                    out.add(f)
                # the nearest person of that sex is the referent; one inside a quotation
                # (addressed: '"Mr. Bounderby," said she') is not added
                break
    return out


def _form_gender(form: str) -> str | None:
    """The sex a name form tells by its title or its given name."""
    title, core = split_title(form.split())
    if title:  # but "St. Francis" is a church or a saint, seldom a speaker
        return title_gender(form) if title not in ("st", "saint") else None
    # "Mary-Jane" as "Mary"
    return given_name_gender(core[0]) or given_name_gender(core[0].split("-")[0]) if core else None


def _mostly_quoted(text: str, positions: list[int], paras: list[int], share: float = 0.9) -> bool:
    """Are at least `share` of the positions inside quotations?  (Stops at the
    first few in the narration: most names are narrated.)"""
    allowed = int(len(positions) * (1 - share))
    outside = 0
    for a in positions:
        outside += not _inside_a_quotation(text, a, paras)
        if outside > allowed:
            return False
    return True


def _inside_a_quotation(text: str, pos: int, paras: list[int]) -> bool:
    """Is `pos` inside a quotation of its paragraph (an open mark before it)?"""
    return quotation_open(text[_paragraph(text, pos, paras)[0]:pos])


def quotation_open(before: str) -> bool:
    """Does `before` (a paragraph's text up to some point) leave a quotation open?"""
    return before.count('"') % 2 == 1 or before.rfind("\u201c") > before.rfind("\u201d") \
        or before.rfind("\u2018") > max((m.start() for m in _CLOSING_SINGLE.finditer(before)), default=-1)


def _paragraph(text: str, pos: int, paras: list[int]) -> tuple[int, int]:
    """The paragraph around `pos` (`paras`: paragraph starts), at most 3000
    characters to either side."""
    i = bisect.bisect_right(paras, pos)
    start = paras[i - 1] if i else 0
    end = paras[i] if i < len(paras) else len(text)
    return max(start, pos - 3000), min(end, pos + 3000)


def _drop_plurals(forms: Counter) -> None:
    """A family or a people ("the Coles", "the Emersons", "Italians") is not
    one speaker: drop a plural whose singular is named too."""
    last_words = {f.split()[-1] for f in forms}
    for f in [f for f in forms if len(f) > 3 and f.endswith("s")]:
        singular = f.split()[-1][:-1]
        if singular in last_words or singular.endswith("e") and singular[:-1] in last_words:
            del forms[f]


def _no_name_word(i: int, w: str, title: str | None, core: list[str], described: bool) -> bool:
    """A word that makes a run no name: an ordinary word (but a month may open a
    described name, "the March Hare", or follow a title, "Mrs. March"), or a title
    inside the name."""
    ordinary = w in NOT_NAMES and not (i == 0 and w in MONTHS and len(core) > 1) \
        and not (title and len(core) == 1 and w in CALENDAR)
    return ordinary or (w in TITLES and not described)


def _bridging_full_names(forms: Counter, keep: dict[str, int]) -> dict[str, int]:
    """Full names seldom written ("Emma Woodhouse") whose first name and
    surname are both kept on their own ("Emma", "Miss Woodhouse"): they show
    that the two are one person."""
    first_names = {f for f in keep if len(f.split()) == 1}
    surnames = {f.split()[-1] for f in keep if len(f.split()) == 2 and title_of(f)} | first_names
    out = {}
    for f, n in forms.items():
        ws = f.split()
        if f not in keep and len(ws) == 2 and not title_of(f) and ws[0] in first_names and ws[1] in surnames:
            out[f] = n
    return out
