"""Find a book's characters from its text alone (no casting file).

Names are capitalised runs seen in mid-sentence (a capital after a full stop
proves nothing).  Places are dropped when they mostly follow "at/in/to/from";
a name needs some sign of a person (a title, a speech verb next to it, a
possessive or being the subject of a verb) to count.  Variants are merged
into one character: "Jane Bennet", "Jane" and "Miss Jane Bennet" are one
person, while "Mr. Bennet", "Mrs. Bennet" and "Jane Bennet" stay three.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from ..characters import (_CAP_RUN, FAMILY_TITLES, FEMALE_NAMES, FEMALE_TITLES, MALE_NAMES, NOT_NAMES, TITLES,
                          UPPER, norm, title_gender)
from ..model import Character
from .name_genders import following_pronoun, pronoun_decider
from .nicknames import formal_names
from .places import PLACES
from .units import SPEECH_VERBS

SPEECH = SPEECH_VERBS.replace(" ", r"\s+")  # the speech verbs of tags (units.py)
_SPEECH_AFTER = re.compile(r"^\W{0,3}\s*(?:" + SPEECH + r")\b")
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


SURNAME_TITLES = {"mr", "mrs", "ms", "mister"}  # never before a first name alone
UNMARRIED_TITLES = {"miss", "mlle", "mademoiselle"}
_OTHER_SEX = {"male": "female", "female": "male"}
_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}


def _split_title(words: list[str]) -> tuple[str | None, list[str]]:
    if words and words[0] in TITLES and words[0] != "the":
        return words[0], words[1:]
    return None, words


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
    bare: dict[str, str] = {}        # untitled one-word form -> its word
    capitalised: Counter = Counter()  # word -> mid-sentence capitalised uses
    lowercase = Counter(w.lower() for w in re.findall(r"\b[a-z][\w-]+", text))
    for m in _CAP_RUN.finditer(text):
        run, a, b = m.group(1), m.start(1), m.end(1)
        if re.search(r"'(?!s\b)[a-z]", run):
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
                    if _PERSON_AFTER.search(text[b:b + 40]) or _SPEECH_AFTER.search(text[b:b + 40]):
                        start_person[words[0]] += 1
                    g = following_pronoun(text, b)
                    if g:
                        start_genders[words[0]][g] += 1
                words = words[1:]
                if not words:
                    continue
        if len(words) == 1 and words[0] in _NUMBERS and not sentence_start \
                and (_SPEECH_BEFORE.search(before[-25:]) or _SPEECH_AFTER.search(text[b:b + 40])):
            numerals.add(words[0])  # "said Five": a playing card, a prisoner, "Number Two"
            forms[words[0]] += 1
            person[words[0]] += 1
            speech[words[0]] += 1
            positions[words[0]].append(a)
            continue
        while words and words[0] in NOT_NAMES and words[0] not in TITLES \
                and not (words[0] in _MONTHS and len(words) > 1 and re.search(r"\b[Tt]he\s+$", before)):
            words = words[1:]  # but "the March Hare" is a name
        while words and words[-1] in NOT_NAMES:
            words = words[:-1]
        title, core = _split_title(words)
        article = re.search(r"\b[Tt]he\s+$", before)
        if article and title and not core:  # "the King", "the Duchess"
            title, core = None, [title]
        described = bool(article) and title is None and len(core) == 1
        repeated = len(set(core)) < len(core)  # "Lucy, Lucy!" is a cry, not a full name
        if not core or len(core) > 3 or repeated or any((w in NOT_NAMES and not (i == 0 and w in _MONTHS and len(core) > 1))
                                                  or (w in TITLES and not described) for i, w in enumerate(core)):
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
        spoke = bool(_SPEECH_BEFORE.search(before[-25:]) or _SPEECH_AFTER.search(after))
        speech[form] += spoke
        if title or spoke or _PERSON_AFTER.search(after):
            person[form] += 1
        g = following_pronoun(text, b)
        if g:
            genders[form][g] += 1
    for w, n in starts.items():  # "Elizabeth smiled." at a sentence start, once known as a name
        if w in forms:
            forms[w] += n
            person[w] += start_person[w]
            genders[w].update(start_genders[w])
    for f, w in bare.items():
        if lowercase[w] > 2 * (capitalised[w] + 1) and w not in numerals or w in PLACES:
            del forms[f]  # an ordinary word capitalised for emphasis ("the Park", "Heaven"), or "Italy"
    _drop_plurals(forms)
    keep = {f: n for f, n in forms.items()
            if (n >= min_mentions or person[f] or title_of(f)) and person[f] >= max(1, n // 10)
            and place[f] * 2 < n}
    keep.update(_bridging_full_names(forms, keep))
    # rare variants count only when they join a character named often enough
    # a name in a speech tag is a speaker, however rarely it is named
    # ... and so is a titled person in the narration of a paragraph of dialogue ('Mrs. Hudson
    # brought the tea. "Shall I light the fire?" she asked.'), the minor speaker named once
    return [c for c in _merge(keep, genders, positions)
            if c.lines >= min_mentions or any(speech[norm(f)] for f in [c.name, *c.aliases])
            or any(title_of(norm(f)) and _acting_beside_a_quotation(text, a)
                   for f in [c.name, *c.aliases] for a in positions.get(norm(f), ()))]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_OPENING_QUOTE = re.compile(rf"[\"\u201c\u00ab]|(?<![\w\u2018])\u2018(?=[{UPPER}])")
_CLOSING_SINGLE = re.compile(r"\u2019(?![^\W\d_])")  # not the apostrophe of "shan’t", "It’s"


# a name opening a clause and followed by its verb: a person acting in the paragraph
_CLAUSE_OPENS = re.compile(r"(?:\b(?:and|then|when|while|but|as)\s+|[.!?:;]['\"\u201d\u2019)]*\s+|\n\s*\n\s*|^\s*)$")
_NAME_THEN_VERB = re.compile(rf"(?:[{UPPER}][\w'-]*\.?\s+)*[{UPPER}][\w'-]+\s+(?:[a-z]+ly\s+)?"
                             r"(?!(?:of|and|the|in|at|to|on|with|for|from|who|whose|which|that)\b)[a-z]{3,}\b")


def _acting_beside_a_quotation(text: str, a: int) -> bool:
    """Does the name at `a` open a clause with its verb ('Mrs. Hudson brought
    the tea.') in the narration of a paragraph that holds a quotation?"""
    return bool(_CLAUSE_OPENS.search(text[max(0, a - 40):a])) and bool(_NAME_THEN_VERB.match(text, a)) \
        and _beside_a_quotation(text, a)


def _beside_a_quotation(text: str, pos: int) -> bool:
    """Is `pos` in the narration of a paragraph that holds a quotation?"""
    starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, max(0, pos - 3000), pos)]
    start = starts[-1] if starts else max(0, pos - 3000)
    end = _PARAGRAPH_BREAK.search(text, pos, pos + 3000)
    end = end.start() if end else min(len(text), pos + 3000)
    before = text[start:pos]
    inside = before.count('"') % 2 == 1 or before.rfind("\u201c") > before.rfind("\u201d") \
        or before.rfind("\u2018") > max((m.start() for m in _CLOSING_SINGLE.finditer(before)), default=-1)
    return not inside and bool(_OPENING_QUOTE.search(text, start, end))


def _drop_plurals(forms: Counter) -> None:
    """A family or a people ("the Coles", "the Emersons", "Italians") is not
    one speaker: drop a plural whose singular is named too."""
    last_words = {f.split()[-1] for f in forms}
    for f in [f for f in forms if len(f) > 3 and f.endswith("s")]:
        singular = f.split()[-1][:-1]
        if singular in last_words or singular.endswith("e") and singular[:-1] in last_words:
            del forms[f]


def _bridging_full_names(forms: Counter, keep: dict[str, int]) -> dict[str, int]:
    """Full names seldom written ("Emma Woodhouse") whose first name and
    surname are both kept on their own ("Emma", "Miss Woodhouse"): they show
    that the two are one person."""
    first_names = {f for f in keep if len(f.split()) == 1}
    surnames = {f.split()[-1] for f in keep if len(f.split()) == 2 and title_of(f)}
    out = {}
    for f, n in forms.items():
        ws = f.split()
        if f not in keep and len(ws) == 2 and not title_of(f) and ws[0] in first_names and ws[1] in surnames:
            out[f] = n
    return out


def title_of(form: str) -> str | None:
    return _split_title(form.split())[0]


def _merge(forms: dict[str, int], pronouns: dict[str, Counter], positions=None) -> list[Character]:
    """Group name forms into characters."""
    decide = pronoun_decider(pronouns)

    def named_gender(form: str) -> str | None:  # from a title or a known first name
        g = title_gender(form[4:] if form.startswith("the ") else form)  # "the Duchess" as "Duchess"
        if g:
            return g
        w = [x for x in form.split() if x not in TITLES]
        if w and w[0] in MALE_NAMES:
            return "male"
        if w and w[0] in FEMALE_NAMES:
            return "female"
        return None

    def gender_of(form: str) -> str | None:
        w = [x for x in form.split() if x not in TITLES]
        # an unknown first name ("Sissy Jupe"): what follows the full name, else the first name alone
        return named_gender(form) or decide(pronouns.get(form)) \
            or (decide(pronouns.get(w[0])) if len(w) > 1 else None)

    parent: dict[str, str] = {f: f for f in forms}

    def find(f):
        while parent[f] != f:
            f = parent[f]
        return f

    def union(a, b):  # b joins a's group
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    full = {}  # core words (2+) without title -> form
    for f in sorted(forms, key=lambda f: -forms[f]):
        title, core = _split_title(f.split())
        if core and core[0] == "the":
            continue
        if len(core) >= 2 and (title is None or title not in FAMILY_TITLES):
            full.setdefault(" ".join(core), f)
    for f in forms:  # "Miss Jane Bennet", "Mr. Sherlock Holmes" -> their full name
        title, core = _split_title(f.split())
        key = " ".join(core)
        wife = title in FEMALE_TITLES and core[0] in MALE_NAMES  # "Mrs. John Knightley"
        if title and len(core) >= 2 and key in full and full[key] != f and not wife:
            union(full[key], f)
    by_surname = defaultdict(list)
    by_first = defaultdict(list)
    for key, f in full.items():
        by_surname[key.split()[-1]].append(f)
        by_first[key.split()[0]].append(f)
    # titled forms first ("Monsieur Poirot" -> "Hercule Poirot"), then bare ones ("Poirot")
    for f in sorted(forms, key=lambda f: _split_title(f.split())[0] is None):
        title, core = _split_title(f.split())
        if len(core) != 1 or core[0] == "the":
            continue
        word = core[0]
        g = gender_of(f)
        if title is None:
            firsts = sorted(by_first.get(word, []), key=lambda t: -forms[t])
            # one full name, or one that dwarfs a stray run ("Emma Woodhouse" / "Emma Quite")
            if len(firsts) == 1 or firsts and forms[firsts[0]] >= 4 * sum(forms[t] for t in firsts[1:]):
                union(firsts[0], f)
                continue
            same = [t for t in forms if t != f and len(t.split()) >= 2 and t.split()[-1] == word
                    and t.split()[0] != "the"]
            groups = Counter()
            for t in same:
                groups[find(t)] += forms[t]
            ranked = groups.most_common()
            other = _OTHER_SEX.get(g)
            # the pronouns after the bare surname may show it is not the family's main bearer
            # ("Marlo ... she": the daughter Tessy Marlo, not her father Signor Marlo)
            if ranked and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]) \
                    and not (other and {gender_of(t) for t in same if find(t) == ranked[0][0]} == {other}):
                union(ranked[0][0], f)
            else:
                # a bare surname shared by a family names its one man ("Bingley": Mr., not Miss Bingley),
                # or its one woman when the pronouns after it say so
                sex = g or "male"
                kin = Counter()
                for t in same:
                    if gender_of(t) == sex:
                        kin[find(t)] += forms[t]
                others = {find(t) for t in same if gender_of(t) == _OTHER_SEX[sex]}
                main = kin.most_common(2)
                # one such person, or one who dwarfs the rest ("Captain" beside the usual "Mr.")
                if main and (len(main) == 1 or main[0][1] >= 3 * main[1][1]) and main[0][0] not in others:
                    union(main[0][0], f)
        elif title not in SURNAME_TITLES and word not in by_surname and word in forms \
                and gender_of(word) in (None, g):
            union(word, f)  # "Miss Lydia", "Mademoiselle Cynthia", "Sir William": title + first name
        elif title in SURNAME_TITLES and word not in by_surname and len(by_first.get(word, [])) == 1 \
                and gender_of(by_first[word][0]) in (None, g):
            union(by_first[word][0], f)  # a servant's "Mr. Lawrence": the one "Lawrence Cavendish"
        else:
            cands = [s for s in by_surname.get(word, [])
                     if gender_of(s) in (None, g) or g is None]
            # "Mrs. Bennet" is not "Jane Bennet": married/unmarried titles only
            # join a full name written with that title (handled above)
            if title in FEMALE_TITLES:
                # "Miss Woodhouse" is the one woman of a family the book names in full
                if title in UNMARRIED_TITLES:
                    women = [s for s in by_surname.get(word, []) if gender_of(s) != "male"]
                    if len(women) == 1 and gender_of(women[0]) == "female":
                        union(women[0], f)
                # a married title ("Mrs. Bennet", "Lady Lucas") is the mother or the wife, not the daughter
                continue
            # "Mr. Bounderby" is the one man of the family named in full ("Josiah Bounderby")
            men = [s for s in cands if g and gender_of(s) == g]
            if len(men) == 1:
                cands = men
            elif title in FAMILY_TITLES and len(by_surname.get(word, [])) > 1:
                continue
            if len(cands) == 1 and not _side_by_side(f, cands[0], forms, positions or {}):
                union(cands[0], f)
    for f in forms:  # "the White Rabbit" / "the Rabbit"; "the March Hare" / "the Hare"
        ws = f.split()
        if ws[0] == "the" and len(ws) == 2:
            longer = [t for t in forms if t != f and t.split()[0] == "the" and t.split()[-1] == ws[1]]
            if len(longer) == 1:
                union(longer[0], f)
    _join_pet_names(forms, find, union, gender_of)
    groups = defaultdict(list)
    for f in forms:
        groups[find(f)].append(f)
    out = []
    for members in groups.values():
        members.sort(key=lambda f: -forms[f])
        main = members[0]
        titled = [m for m in members if _split_title(m.split())[0]]
        # titles and first names vote by how often each form is used; the untitled
        # forms vote together, by the pronouns after all of them ("the Rabbit ... it")
        votes, untitled = Counter(), [m for m in members if not named_gender(m)]
        for m in members:
            if named_gender(m):
                votes[named_gender(m)] += forms[m]
        pooled = decide(sum((pronouns.get(m, Counter()) for m in untitled), Counter()))
        if pooled:
            votes[pooled] += sum(forms[m] for m in untitled)
        gender = votes.most_common(1)[0][0] if votes else None
        out.append(Character(name=_pretty(main), aliases=[_pretty(m) for m in members[1:]],
                             gender=gender, lines=sum(forms[m] for m in members)))
        del titled
    out.sort(key=lambda c: -c.lines)
    return out


def _join_pet_names(forms, find, union, gender_of, min_uses: int = 5) -> None:
    """"Lizzy" joins the one character the book calls "Elizabeth", unless the
    pet name has a full name of its own ("Tom Gradgrind" beside "Thomas
    Gradgrind": son and father) or the formal name carries a rank ("Lady
    Catherine" is nobody's "Kitty")."""
    groups = defaultdict(list)
    for f in forms:
        groups[find(f)].append(f)
    opened_by = defaultdict(set)  # first name -> groups it opens
    ranked = set()
    for root, members in groups.items():
        for m in members:
            title, core = _split_title(m.split())
            if title and title not in FAMILY_TITLES:
                ranked.add(root)
            if core and core[0] != "the" and title not in SURNAME_TITLES:
                opened_by[core[0]].add(root)
    for f in list(forms):
        title, core = _split_title(f.split())
        root = find(f)
        if len(core) != 1 or title in SURNAME_TITLES or sum(forms[m] for m in groups[root]) < min_uses \
                or any(len(_split_title(m.split())[1]) >= 2 for m in groups[root]):
            continue  # a pet name seen once or twice may be anyone's
        targets = {find(r) for formal in formal_names(core[0]) for r in opened_by.get(formal, ())} - {root}
        if len(targets) == 1:
            target = next(iter(targets))
            if target not in ranked and gender_of(f) in (None, gender_of(target)):
                union(target, f)


def _side_by_side(titled: str, full: str, forms, positions, window: int = 150) -> bool:
    """"Mr. Emerson" is not "George Emerson" when "Mr. Emerson" and "George"
    keep being named together (father and son in one scene): twice or more
    within a short stretch."""
    first = full.split()[0] if _split_title(full.split())[0] is None else None
    if not first:
        return False
    others = positions.get(first, [])  # the first name alone: how one names a son or a brother
    if not others:
        return False
    near = 0
    for p in positions.get(titled, []):
        i = bisect.bisect_left(others, p - window)
        near += i < len(others) and others[i] <= p + window
    return near >= 2


def _pretty(form: str) -> str:
    words = form.split()
    out = []
    for i, w in enumerate(words):
        if w in ("mr", "mrs", "dr", "st", "ms", "mme", "mlle", "rev") and i < len(words) - 1:
            out.append(w.capitalize() + ".")
        else:
            out.append("-".join("'".join(q.capitalize() for q in p.split("'")) for p in w.split("-")))  # O'Brien
    return " ".join(out)
