"""Group a book's name forms into characters (the second half of discover.py).

"Jane Bennet", "Jane" and "Miss Jane Bennet" are one person, while "Mr.
Bennet", "Mrs. Bennet" and "Jane Bennet" stay three; a pet name joins its
formal name ("Lizzy" and "Elizabeth"); each group is named by its most used
form and gets the sex its titles, first names or pronouns tell.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from ..characters import (FAMILY_TITLES, FEMALE_NAMES, FEMALE_TITLES, MALE_NAMES, PARTICLES, TITLES, given_name_gender,
                          title_gender)
from ..model import Character
from .name_genders import pronoun_decider
from .nicknames import formal_names

SURNAME_TITLES = {"mr", "mrs", "ms", "mister"}  # never before a first name alone
UNMARRIED_TITLES = {"miss", "mlle", "mademoiselle"}
# a woman's rank is her own, not a family's: "Countess Olenska" is the one Olenska woman named in full
FEMALE_RANKS = {"countess", "duchess", "princess", "baroness", "marchioness", "viscountess", "empress"}
NOT_CALLED_MR = {"sir", "lord", "lady", "dame", "colonel", "captain", "major", "general", "admiral", "commodore",
                 "lieutenant", "sergeant", "corporal", "count", "countess", "baron", "baroness", "duke", "duchess",
                 "earl", "prince", "princess", "king", "queen", "marquis", "viscount"}
KIN_TITLES = {"uncle", "aunt", "cousin"}  # a relative's title goes before a first name or a surname
ELDER_TITLES = KIN_TITLES | {"mother"}  # ... and an old woman's before a surname ("Mother Sparsit")
SAINTS = {"st", "saint"}  # "St. James" is a street, "St. John" a first name: neither is "James" or "John"
# ranks that go before a surname ("Colonel Brandon"), seldom before a first name
RANK_TITLES = {"colonel", "captain", "major", "general", "inspector", "sergeant", "lieutenant", "professor", "dr",
               "doctor", "admiral", "commodore", "corporal", "judge", "sheriff", "rev", "reverend"}
_OTHER_SEX = {"male": "female", "female": "male"}


def split_title(words: list[str]) -> tuple[str | None, list[str]]:
    if words and words[0] in TITLES and words[0] != "the":
        return words[0], words[1:]
    return None, words


def title_of(form: str) -> str | None:
    return split_title(form.split())[0]


def merge(forms: dict[str, int], pronouns: dict[str, Counter], positions=None,
          spoken: frozenset[str] = frozenset(), tagged=None) -> list[Character]:
    """Group name forms into characters; `spoken` holds the forms the book uses
    (almost) only inside quotations ("Harry", as Lord Henry's friends call him);
    `tagged` where each form names a speech tag's speaker."""
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
            or (decide(pronouns.get(w[0])) if len(w) > 1 else None) or census_gender(form)

    def census_gender(form: str) -> str | None:
        # last of all, the census lists: an untitled form's first word ("Edna", "Edna Pontellier")
        title, core = split_title(form.split())
        return given_name_gender(core[0]) if title is None and core and core[0] != "the" else None

    parent: dict[str, str] = {f: f for f in forms}

    def find(f):
        while parent[f] != f:
            f = parent[f]
        return f

    def union(a, b):  # b joins a's group
        ra, rb = find(a), find(b)
        # never a man's title and a woman's in one person: through the bare "Morstan",
        # "Captain Morstan" (the father) had joined "Miss Morstan"
        if ra != rb and len(sexes[ra] | sexes[rb]) < 2:
            parent[rb] = ra
            sexes[ra] |= sexes[rb]

    sexes = {f: {g} if (g := title_gender(f[4:] if f.startswith("the ") else f)) else set() for f in forms}

    full = {}  # core words (2+) without title -> form
    for f in sorted(forms, key=lambda f: -forms[f]):
        title, core = split_title(f.split())
        if core and core[0] == "the":
            continue
        if len(core) >= 2 and (title is None or title not in FAMILY_TITLES):
            full.setdefault(" ".join(core), f)
    for f in forms:  # "Miss Jane Bennet", "Mr. Sherlock Holmes" -> their full name
        title, core = split_title(f.split())
        key = " ".join(core)
        wife = title in FEMALE_TITLES and core[0] in MALE_NAMES  # "Mrs. John Knightley"
        if title and len(core) >= 2 and key in full and full[key] != f and not wife:
            union(full[key], f)
    # "Anna Pavlovna" (a name and a patronymic) or "Anna Scherer": the one "Anna Pavlovna Scherer"
    threes = [k.split() for k in full if len(k.split()) == 3]
    for f in forms:
        title, core = split_title(f.split())
        if title is None and len(core) == 2 and given_name_gender(core[0]):  # not "Mock Turtle" (Soup)
            longer = [full[" ".join(ws)] for ws in threes if core in (ws[:2], [ws[0], ws[2]])]
            if len(longer) == 1 and gender_of(longer[0]) in (None, gender_of(f)):
                union(longer[0], f)
    by_surname = defaultdict(list)
    by_first = defaultdict(list)
    for key, f in full.items():
        by_surname[key.split()[-1]].append(f)
        by_first[key.split()[0]].append(f)
    # "Mr. Harold Bell", "Miss Lucy Bell": a full name written only with a family title still
    # gives its first name an owner ("Harold"); not "Mrs. John Knightley", whose first name is her husband's
    titled_by_first = defaultdict(list)
    for f in forms:
        title, core = split_title(f.split())
        if title in FAMILY_TITLES and len(core) >= 2 and core[0] != "the" and " ".join(core) not in full \
                and not (title in FEMALE_TITLES and title not in UNMARRIED_TITLES and core[0] not in FEMALE_NAMES):
            titled_by_first[core[0]].append(f)
    long_forms = [(t, t.split()) for t in forms if len(t.split()) >= 3]  # "lord henry wotton", "mrs rachel lynde"
    # "fitzwilliam" of "colonel fitzwilliam": a surname, whatever full name it opens
    rank_surnames = {ws[1] for ws in map(str.split, forms) if len(ws) == 2 and ws[0] in RANK_TITLES}
    # "sparsit" of "Mr. Sparsit" and "Mrs. Sparsit": a family's name, so "Mother Sparsit" is no
    # title before a first name ("Mr. Lawrence" alone may be a servant's way with a first name)
    titled_sexes = defaultdict(set)
    for ws in map(str.split, forms):
        if len(ws) == 2 and ws[0] in SURNAME_TITLES:
            titled_sexes[ws[1]].add(title_gender(ws[0]))
    family_surnames = {w for w, s in titled_sexes.items() if len(s) == 2}
    # titled forms first ("Monsieur Poirot" -> "Hercule Poirot"), then bare ones ("Poirot")
    for f in sorted(forms, key=lambda f: split_title(f.split())[0] is None):
        title, core = split_title(f.split())
        if len(core) != 1 or core[0] == "the":
            continue
        word = core[0]
        g = gender_of(f)
        if title is None:
            # "Fitzwilliam" beside "Colonel Fitzwilliam" is the colonel's surname, not the first name
            # of "Fitzwilliam Darcy"
            firsts = [] if word in rank_surnames else sorted(by_first.get(word, []), key=lambda t: -forms[t])
            # one full name, or one that dwarfs a stray run ("Emma Woodhouse" / "Emma Quite")
            if len(firsts) == 1 or firsts and forms[firsts[0]] >= 4 * sum(forms[t] for t in firsts[1:]):
                union(firsts[0], f)
                continue
            titled = titled_by_first.get(word, [])
            if not firsts and word not in rank_surnames and len(titled) == 1 and gender_of(titled[0]) in (None, g):
                union(titled[0], f)
                continue
            same = [t for t in forms if t != f and len(t.split()) >= 2 and t.split()[-1] == word
                    and t.split()[0] != "the"]
            groups = Counter()
            for t in same:
                groups[find(t)] += forms[t]
            ranked = groups.most_common()
            other = _OTHER_SEX.get(g)
            lead_sexes = {gender_of(t) for t in same if ranked and find(t) == ranked[0][0]}
            # a bare surname is a man's, however much more often his wife is named: "said Hall"
            # is Mr. Hall, named once beside Mrs. Hall's dozen (unless pronouns say "she")
            mans_name = g is None and lead_sexes == {"female"} and any(gender_of(t) == "male" for t in same)
            # the pronouns after the bare surname may show it is not the family's main bearer
            # ("Marlo ... she": the daughter Tessy Marlo, not her father Signor Marlo)
            if ranked and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]) and not mans_name \
                    and not (other and lead_sexes == {other}):
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
        elif title not in SURNAME_TITLES | SAINTS and word not in by_surname and word not in family_surnames \
                and word in forms and gender_of(word) in (None, g):
            union(word, f)  # "Miss Lydia", "Mademoiselle Cynthia", "Sir William": title + first name
        elif word not in by_surname and len(titled_full := [
                t for t, ws in long_forms if ws[:2] == [title, word]]) == 1 \
                and gender_of(titled_full[0]) in (None, g):
            union(titled_full[0], f)  # "Lord Henry", "Mrs. Rachel": the one "Lord Henry Wotton", "Mrs. Rachel Lynde"
        elif title in SURNAME_TITLES | KIN_TITLES and word not in by_surname and len(by_first.get(word, [])) == 1 \
                and gender_of(by_first[word][0]) in (None, g):
            union(by_first[word][0], f)  # a servant's "Mr. Lawrence", "Cousin Charlotte": the one "Lawrence Cavendish"
        elif word not in by_surname and len(titled_full := [
                t for t, ws in long_forms if ws[0] == title and ws[-1] == word]) == 1:
            union(titled_full[0], f)  # "Mrs. Lynde": the one "Mrs. Rachel Lynde", when no one else has that name
        else:
            # a knight, a peer or an officer is no "Mr.": "Mr. Elliot" (the cousin) is not "Sir Walter
            # Elliot", nor "Mr. Wentworth" (the curate) "Captain Frederick Wentworth"; a clergyman is
            # ("Mr. Elton" is the Rev. Philip Elton)
            cands = [s for s in by_surname.get(word, [])
                     if (gender_of(s) in (None, g) or g is None)
                     and not (title in FAMILY_TITLES and title_of(s) in NOT_CALLED_MR)]
            # "Mrs. Bennet" is not "Jane Bennet": married/unmarried titles only
            # join a full name written with that title (handled above)
            if title in FEMALE_TITLES:
                # "Miss Woodhouse" is the one woman of a family the book names in full
                if title in UNMARRIED_TITLES | FEMALE_RANKS:
                    women = [s for s in by_surname.get(word, []) if gender_of(s) != "male"]
                    # ... named in full without a rank of her own: "Miss de Bourgh" is no "Lady Catherine de Bourgh"
                    if len(women) == 1 and gender_of(women[0]) == "female" and title_of(women[0]) in (None, title) \
                            and not _talk_to_each_other(f, women[0], tagged or {}):
                        union(women[0], f)
                # a married title ("Mrs. Bennet", "Lady Lucas") is the mother or the wife, not the daughter
                continue
            # "Mr. Bounderby" is the one man of the family named in full ("Josiah Bounderby")
            men = [s for s in cands if g and gender_of(s) == g]
            if len(men) == 1:
                cands = men
            elif title in FAMILY_TITLES and len(by_surname.get(word, [])) > 1:
                continue
            if len(cands) == 1 and not _side_by_side(f, cands[0], forms, positions or {}) \
                    and not _talk_to_each_other(f, cands[0], tagged or {}):
                union(cands[0], f)
    for f in forms:  # "the White Rabbit" / "the Rabbit"; "the March Hare" / "the Hare"
        ws = f.split()
        if ws[0] == "the" and len(ws) == 2:
            longer = [t for t in forms if t != f and t.split()[0] == "the" and t.split()[-1] == ws[1]]
            if len(longer) == 1:
                union(longer[0], f)
    for f in forms:  # "the Colonel" is the one "Colonel Brandon"; with two colonels, nobody
        ws = f.split()
        if len(ws) == 2 and ws[0] == "the" and ws[1] in TITLES and ws[1] not in FAMILY_TITLES | SAINTS:
            holders = {find(t) for t in forms if t != f and len(t.split()) >= 2 and t.split()[0] == ws[1]}
            if len(holders) == 1 and gender_of(next(iter(holders))) in (None, gender_of(f)):
                union(next(iter(holders)), f)
    for f in forms:  # "Uncle Pumblechook" is "Mr. Pumblechook" when nobody else of his sex bears the name
        title, core = split_title(f.split())
        if title not in ELDER_TITLES or len(core) != 1 or core[0] in by_surname:
            continue
        others = [t for t in forms if t != f and t.split()[-1] == core[0]]
        sex = gender_of(f)
        # "Mother Sparsit" is the one "Mrs. Sparsit", though a late "Mr. Sparsit" is named too
        holders = {find(t) for t in others if not sex or title_of(t) and gender_of(t) == sex}
        # (not "Aunt March" and "Mrs. March" in a family of Marches, caught by by_surname above)
        if len(holders) == 1 and find(f) not in holders \
                and all(len(t.split()) == 1 or len(t.split()) == 2 and title_of(t) in FAMILY_TITLES for t in others) \
                and sex in {gender_of(t) for t in others if title_of(t)}:
            union(holders.pop(), f)
    _join_pet_names(forms, find, union, gender_of, spoken)
    groups = defaultdict(list)
    for f in forms:
        groups[find(f)].append(f)
    out = []
    for members in groups.values():
        members.sort(key=lambda f: -forms[f])
        main = members[0]
        # titles and first names vote by how often each form is used; the untitled
        # forms vote together, by the pronouns after all of them ("the Rabbit ... it")
        votes, untitled = Counter(), [m for m in members if not named_gender(m)]
        for m in members:
            if named_gender(m):
                votes[named_gender(m)] += forms[m]
        pooled = decide(sum((pronouns.get(m, Counter()) for m in untitled), Counter()))
        if pooled:
            votes[pooled] += sum(forms[m] for m in untitled)
        gender = votes.most_common(1)[0][0] if votes else census_gender(main)
        out.append(Character(name=_pretty(main), aliases=[_pretty(m) for m in members[1:]],
                             gender=gender, lines=sum(forms[m] for m in members)))
    out.sort(key=lambda c: -c.lines)
    return out


def _join_pet_names(forms, find, union, gender_of, spoken=frozenset(), min_uses: int = 5) -> None:
    """"Lizzy" joins the one character the book calls "Elizabeth", unless the
    pet name has a full name of its own ("Tom Gradgrind" beside "Thomas
    Gradgrind": son and father) or the formal name carries a rank ("Lady
    Catherine" is nobody's "Kitty", whom the narration names) and the pet name
    is more than what friends call the ranked one ("Harry", only ever spoken,
    is Lord Henry)."""
    groups = defaultdict(list)
    for f in forms:
        groups[find(f)].append(f)
    opened_by = defaultdict(set)  # first name -> groups it opens
    opened_by_pet = defaultdict(set)  # formal name -> groups a pet name of it opens ("Sam" for samuel)
    ranked = set()
    for root, members in groups.items():
        for m in members:
            title, core = split_title(m.split())
            if title and title not in FAMILY_TITLES:
                ranked.add(root)
            if core and core[0] != "the" and title not in SURNAME_TITLES:
                opened_by[core[0]].add(root)
                for formal in formal_names(core[0]):
                    opened_by_pet[formal].add(root)
    for f in list(forms):
        title, core = split_title(f.split())
        root = find(f)
        if len(core) != 1 or title in SURNAME_TITLES or sum(forms[m] for m in groups[root]) < min_uses \
                or any(len(split_title(m.split())[1]) >= 2 for m in groups[root]):
            continue  # a pet name seen once or twice may be anyone's
        targets = {find(r) for formal in formal_names(core[0]) for r in opened_by.get(formal, ())} - {root}
        if not targets:  # no "Samuel" in the book: "Sammy" is the one "Sam"
            targets = {find(r) for formal in formal_names(core[0]) for r in opened_by_pet.get(formal, ())} - {root}
        if len(targets) == 1:
            target = next(iter(targets))
            if (target not in ranked or f in spoken) and gender_of(f) in (None, gender_of(target)):
                union(target, f)


def _side_by_side(titled: str, full: str, forms, positions, window: int = 150) -> bool:
    """"Mr. Emerson" is not "George Emerson" when "Mr. Emerson" and "George"
    keep being named together (father and son in one scene): twice or more
    within a short stretch."""
    first = full.split()[0] if split_title(full.split())[0] is None else None
    if not first:
        return False
    others = positions.get(first, [])  # the first name alone: how one names a son or a brother
    if not others:
        return False
    return _times_near(positions.get(titled, []), others, window) >= 2


def _talk_to_each_other(titled: str, full: str, tagged, reach: int = 300) -> bool:
    """"Miss Steele" (Nancy) is not "Lucy Steele" when speech tags name the two
    (the full name or its first name) within a few lines of each other, twice or
    more: one replies to the other, as nobody replies to herself."""
    theirs = sorted(tagged.get(full, []) + tagged.get(full.split()[0], []))
    return _times_near(tagged.get(titled, []), theirs, reach) >= 2


def _times_near(points: list[int], others: list[int], reach: int) -> int:
    """How many of `points` have one of the sorted `others` within `reach`."""
    near = 0
    for p in points:
        i = bisect.bisect_left(others, p - reach)
        near += i < len(others) and others[i] <= p + reach
    return near


def _pretty(form: str) -> str:
    words = form.split()
    out = []
    for i, w in enumerate(words):
        if w in ("mr", "mrs", "dr", "st", "ms", "mme", "mlle", "rev") and i < len(words) - 1:
            out.append(w.capitalize() + ".")
        else:
            out.append(_pretty_word(w))
    return " ".join(out)


def _pretty_word(w: str) -> str:
    """ "o'brien" -> "O'Brien", "mary-jane" -> "Mary-Jane", "van-der-luyden" -> "van der Luyden"."""
    parts = w.split("-")
    out = []
    for i, part in enumerate(parts):
        if i < len(parts) - 1 and re.fullmatch(PARTICLES, part):
            out.append(part + " ")
        else:
            out.append("'".join(q.capitalize() for q in part.split("'")) + ("-" if i < len(parts) - 1 else ""))
    return "".join(out)
