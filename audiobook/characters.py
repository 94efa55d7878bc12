"""Roster stage: who the characters of a book are, and where they are named.

From a casting file the listed characters ARE the roster (their names,
aliases and genders are kept as given).  Without one, characters are found in
the text: capitalised names that are not mere sentence starts, with titles
("Mr.", "Lady", ...) kept apart (Mr. Bennet, Mrs. Bennet and Jane Bennet are
three people), variants of one name merged (Jane Bennet / Jane / Miss Jane
Bennet), and a gender guessed from titles, first names and nearby pronouns.

`NameIndex` finds the mentions of roster characters in a stretch of text; it
is what attribution uses to turn "said Darcy" into a character.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .model import Cast, Character

MALE_TITLES = {"mr", "mister", "sir", "lord", "master", "monsieur", "m", "herr", "signor",
               "colonel", "captain", "major", "general", "uncle", "father", "brother", "king",
               "prince", "duke", "earl", "count", "baron", "rev", "reverend", "inspector",
               "sergeant", "lieutenant", "professor", "dr", "doctor", "mynheer", "don", "judge",
               "admiral", "commodore", "corporal", "squire", "bishop", "marquis", "marquess", "viscount",
               "emperor", "sheriff"}
FEMALE_TITLES = {"mrs", "miss", "ms", "lady", "madame", "madam", "mme", "mlle", "mademoiselle",
                 "aunt", "mother", "sister", "queen", "princess", "duchess", "countess",
                 "dame", "mistress", "frau", "signora", "senora", "marchioness", "viscountess", "baroness", "empress"}
NEUTRAL_TITLES = {"the", "old", "young", "little", "poor", "dear", "st", "saint"}
TITLES = MALE_TITLES | FEMALE_TITLES | {"the", "st", "saint", "cousin"}  # "Cousin Charlotte"
# titles that go with the first name of one named in full ("Prince Andrew", "Lord Henry", "Sir Walter"):
# "Prince Bolkonski" is his father, not Prince Andrew Bolkonski
FIRST_NAME_TITLES = {"sir", "lord", "lady", "prince", "princess", "dame"}
# nouns any character of the kind may be called by: person, age and kin words.  They
# end a description ("Wooden-Legged Man"), never a name, and are no one's surname.
GENERIC_NOUNS = {"man", "woman", "gentleman", "lady", "boy", "girl", "child", "son", "daughter", "youth",
                 "fellow", "stranger", "clergyman", "person", "husband", "wife", "father", "mother",
                 "brother", "sister", "lad", "lass", "creature"}
# Words that open a description, not a name ("the Hatter", "That Inspector In The Cab")
DETERMINERS = {"the", "a", "an", "that", "this", "his", "her", "their", "my", "our", "your"}
# Titles that name a family member only with a surname: "Mr. Bennet" is
# never "Jane Bennet", so these never merge across titles.
FAMILY_TITLES = {"mr", "mrs", "miss", "ms", "master", "mister", "madame", "mme", "mlle",
                 "monsieur", "m", "herr", "frau"}

MALE_NAMES = set("""aaron abraham adam adrian albert alexander alfred allan andrew anthony
archibald arthur augustus barnaby bartholomew ben benjamin bernard bill billy bob bobby charles
charley charlie christopher clement daniel david dick donald douglas edgar edmund edward edwin
ernest eugene evan felix francis frank frederick fred george gerald gilbert godfrey gregory
guy harold harry henry herbert horace howard hugh humphrey isaac jack jacob james jem jim jimmy
joe john jonathan joseph josiah julian julius keith laurence lawrence leonard lewis louis
lucas luke mark martin matthew michael nathaniel ned nicholas noel oliver oscar owen patrick
paul percy peter philip ralph raymond reginald richard robert roger ronald rupert samuel sam
sebastian sidney simon stephen thomas tim timothy tom tommy victor walter wilfred william
willie willy""".split())
FEMALE_NAMES = set("""ada adela adelaide agnes alice amelia amy ann anna anne annie augusta
barbara beatrice bella bertha betsy betty caroline catherine cecilia cecily charlotte clara
constance cynthia daisy dinah dora dorothea dorothy edith eleanor elinor eliza elizabeth ella
ellen emily emma esther ethel eva evelyn fanny flora florence frances georgiana georgina
grace hannah harriet helen henrietta isabel isabella jane janet jenny jessie josephine judith
julia kate katharine katherine kitty laura lavinia letitia lizzy lizzie louisa louise lucy
lydia mabel margaret maria marian marianne marie martha mary matilda maud milly minnie molly
nancy nell nellie olivia peggy penelope phoebe polly rachel rebecca rose rosa ruth sally sarah
sophia sophie susan sybil teresa theresa victoria violet""".split())

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}

# Capitalised words that are not names even mid-sentence.
NOT_NAMES = set("""i i'm i'll i've i'd oh ah yes no well o god lord heaven heavens sir madam
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december english french england london christmas
chapter mr mrs miss dr the a an and but or if then there here what when where why how who
this that these those he she it we they you my your his her our their its me him us them
do does did is was are were be been have has had not now so yet as at by for from in into of
on to with all some any one two three four five six seven eight nine ten first last very
good dear even pray majesty highness lordship ladyship honour thank thanks let perhaps indeed upon after before while though because
nor neither either whilst although unless however therefore meanwhile nevertheless besides whose which whom
shall should would could might must never ever only once both each every such""".split())

# capital and small letters of names, accented ones too ("Émile", "Zoë", "Ñúñez", "Łukasz")
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0106\u010c\u0141\u0143\u0150\u0152\u0158\u015a\u0160\u0170\u0179\u017b\u017d"
LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
# lower-case particles inside a name ("Mr. van der Luyden", "Lady de Winter", "Leonardo da Vinci")
PARTICLES = r"(?:de|van|von|der|den|da|di|du|del|della|le|la|ten|ter)"
_PARTICLE_BEFORE_WORD = re.compile(r"\b(" + PARTICLES + r")\s+(?=[^\W\d_])")
# a run of capitalised words; inside it a word has single hyphens ("Mary-Jane", not
# "Jeffereys--Clara") and no possessive ("Mrs. Sparsit's\nCoriolanian nose" ends at "Sparsit's")
_CAP_WORD = rf"[{UPPER}]\w*(?:-\w+)*"
# what ends in a full stop inside a name: an initial ("J. Smith") or a title's abbreviation;
# not any short word ('said Owl. Pooh nodded': two names, not "Owl Pooh")
_NAME_ABBREVIATION = (rf"(?:[{UPPER}]|Mr|Mrs|Ms|Mme|Mlle|Messrs|Dr|St|Ste|Rev|Revd|Fr|Jr|Sr|Col|Gen|Lt|Capt|Maj"
                      r"|Sgt|Cpl|Adm|Hon|Gov|Prof|Esq|Wm|Jno|Chas|Thos|Geo|Jas|Benj)\.")
_CAP_RUN = re.compile(
    rf"(?<![\w'\u2019])((?:(?:{_NAME_ABBREVIATION}|{_CAP_WORD}(?:['\u2019]{_CAP_WORD})?|{PARTICLES})(?:[ \t]+|[ \t]*\n[ \t]*))*"
    rf"(?:{_CAP_WORD}(?:['\u2019][{UPPER}][\w-]+|['\u2019][A-Za-z])?))")  # "O'Brien", "Darcy's", "O\u2019Brien"
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@functools.lru_cache(maxsize=1 << 16)  # a novel says "Mr. Gradgrind" a thousand times
def norm(name: str) -> str:
    """Lower-case words of a name, punctuation and possessives dropped; a
    particle joins the word after it, so "van der Luyden" is one surname."""
    low = _PARTICLE_BEFORE_WORD.sub(r"\1-", re.sub(r"'s\b", "", name.lower().replace("\u2019", "'")))
    return " ".join(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", low))


def _words(name: str) -> list[str]:
    return norm(name).split()


_FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"


@functools.cache
def _census_names() -> dict[str, str]:
    out = {}
    for line in _FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split()
            out[name] = "male" if sex == "m" else "female"
    return out


def given_name_gender(word: str) -> str | None:
    """The sex a given name tells, from the hand lists, else from the census
    lists (data/first_names.txt).  Only for a word known to be a given name:
    many surnames are given names too ("Darcy", "Howard")."""
    if word in MALE_NAMES:
        return "male"
    if word in FEMALE_NAMES:
        return "female"
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()  # "Adèle" as "Adele"
    return _census_names().get(word) or _census_names().get(plain)


def name_gender(name: str) -> str | None:
    """The sex a name alone tells: its title or hand-listed first name ("Mrs.
    Bennet", "Jane"), else the given name of an untitled full name ("Edna
    Pontellier"; a bare name may be a surname: "Darcy")."""
    ws = _words(name)
    return title_gender(name) or (given_name_gender(ws[0]) if len(ws) >= 2 and ws[0] not in TITLES else None)


def title_gender(name: str) -> str | None:
    ws = _words(name)
    if not ws:
        return None
    if ws[0] in MALE_TITLES:
        return "male"
    if ws[0] in FEMALE_TITLES:
        return "female"
    if ws[0] in MALE_NAMES:
        return "male"
    if ws[0] in FEMALE_NAMES:
        return "female"
    return None


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}
CALENDAR = MONTHS | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_CALENDAR_BEFORE = re.compile(r"\b(?:in|of|on|by|since|till|until|last|next|every|early|late|this|that|each|"
                              r"from|through|before|after|one|\d+(?:st|nd|rd|th)?)\s+$", re.I)
_CALENDAR_AFTER = re.compile(r"\s+(?:(?:I|we|you|he|she|it|they)\b|\d)|\s*(?:morning|afternoon|evening|night)\b", re.I)


def calendar_word(text: str, a: int, b: int) -> bool:
    """A cast's "May" or "Sunday" standing for the month, the day or the verb
    ("in May", "last Sunday", "May 5", "May I come?", "Sunday morning"), not the character."""
    return text[a:b].lower() in CALENDAR and bool(_CALENDAR_BEFORE.search(text, max(0, a - 12), a)
                                                  or _CALENDAR_AFTER.match(text, b))


@dataclass
class NameIndex:
    """Maps every way of naming a roster character to the characters it may mean."""

    keys: dict[str, set[str]] = field(default_factory=dict)  # normalised phrase -> names
    genders: dict[str, str | None] = field(default_factory=dict)
    longest: int = 1
    description: re.Pattern | None = None  # lower-case descriptions ("the hatter")

    def lookup(self, phrase: str) -> set[str]:
        return self.keys.get(norm(phrase), set())

    def mentions(self, text: str, start: int = 0, end: int | None = None):
        """(start, end, names) of every mention in text[start:end], in order.

        A capitalised run ("Mr. Darcy", "Jane Bennet", "Darcy") is matched by
        its longest known sub-phrase; descriptions are matched case-blind.
        """
        end = len(text) if end is None else end
        found = []
        runs: dict[str, list] = {}  # a run's matches, offsets within the run: runs repeat ("Mr. Darcy")
        for m in _CAP_RUN.finditer(text, start, end):
            run, at = m.group(1), m.start(1)
            if run not in runs:
                runs[run] = self._match_run(run, 0)
            found.extend(f for f in ((a + at, b + at, names) for a, b, names in runs[run])
                         if not calendar_word(text, *f[:2]))
        if self.description is not None:
            for m in self.description.finditer(text, start, end):
                names = self.keys.get(norm(m.group(0)))
                if names:
                    found.append((m.start(), m.end(), names))
        found.sort(key=lambda f: (f[0], -f[1]))
        out, last_end = [], -1
        for f in found:
            if f[0] >= last_end:
                out.append(f)
                last_end = f[1]
        return out

    def _match_run(self, run: str, offset: int):
        toks = [(m.start(), m.end()) for m in re.finditer(r"[^\W\d_][\w-]*(?:['\u2019][^\W\d_]+)?", run)]
        out, i = [], 0
        while i < len(toks):
            hit = None
            for j in range(min(len(toks), i + self.longest), i, -1):
                phrase = run[toks[i][0]:toks[j - 1][1]]
                names = self.keys.get(norm(phrase))
                if names:
                    hit = (j, names)
                    break
            if hit:
                j, names = hit
                out.append((offset + toks[i][0], offset + toks[j - 1][1], names))
                i = j
            else:
                i += 1
        return out


# aliases that mark a character list's narrator ("I", PDNC's "Narr"): no name to look for in the text
NARRATOR_MARKERS = {"i", "me", "narrator", "the narrator", "narr"}


def narrator_marked(characters: list[Character]) -> str | None:
    """The one character a casting file marks as the narrator by such an alias."""
    marked = {c.name for c in characters if any(norm(a) in NARRATOR_MARKERS for a in c.aliases)}
    return next(iter(marked)) if len(marked) == 1 else None


def name_index(characters: list[Character]) -> NameIndex:
    """Index full names and aliases, plus the short forms that name only one
    character (a surname, a first name, title + surname)."""
    full: dict[str, set[str]] = defaultdict(set)
    short: dict[str, set[str]] = defaultdict(set)
    multi: dict[str, set[str]] = defaultdict(set)  # full name without title: may stay ambiguous
    surname_of: dict[str, set[str]] = defaultdict(set)
    aliases_of = {ch.name: {norm(a) for a in [ch.name, *ch.aliases] if norm(a)} for ch in characters}
    for ch in characters:
        for alias in [ch.name, *ch.aliases]:
            n = norm(alias)
            if not n or n in NARRATOR_MARKERS and alias != ch.name:
                continue
            full[n].add(ch.name)
            ws = n.split()
            core = [w for w in ws if w not in TITLES and w not in NEUTRAL_TITLES]
            title = ws[0] if ws[0] in TITLES else None
            if ws[0] in ("the", "a", "an", "that", "old", "little") and len(ws) > 1:
                short[" ".join(ws[1:])].add(ch.name)
                short["the " + " ".join(ws[1:])].add(ch.name)
            if ws[0] in DETERMINERS or (len(ws) > 1 and ws[-1] in GENERIC_NOUNS):
                # a description ("That Inspector In The Cab", "Wooden-Legged Man",
                # "Small, Dark, Brisk Man") has no first name or surname
                continue
            if len(core) >= 2:
                short[core[-1]].add(ch.name)  # surname
                surname_of[core[-1]].add(ch.name)
                if title not in FAMILY_TITLES:
                    short[core[0]].add(ch.name)  # first name
                if title and title not in FIRST_NAME_TITLES:
                    short[f"{title} {core[-1]}"].add(ch.name)
                for n in range(2, len(core) + 1):  # "Christopher Robin" of "Christopher Robin Milne"
                    multi[" ".join(core[:n])].add(ch.name)
            elif len(core) == 1 and title and title != "the":
                short[core[0]].add(ch.name)
                surname_of[core[0]].add(ch.name)
    genders = {ch.name: ch.gender or name_gender(ch.name) for ch in characters}
    for k, names in short.items():
        # a bare surname shared by a family names its one man ("Bennet" is Mr. Bennet)
        men = [n for n in names if genders[n] == "male"]
        if len(names) > 1 and k in surname_of and len(men) == 1 and k not in multi:
            short[k] = set(men)
    keys = {k: set(v) for k, v in full.items()}
    for k, names in list(short.items()) + list(multi.items()):
        if k in NOT_NAMES or (len(names) > 1 and k not in multi):
            continue
        if k in keys and not all(len(aliases_of[n]) == 1 for n in keys[k]):
            continue  # a whole alias of a fuller character wins over a short form
        # a surname that is also another character's whole alias ("Bounderby")
        # may mean either: mentions settle it by context
        keys[k] = keys.get(k, set()) | names
    _drop_shadows(keys, aliases_of)
    idx = NameIndex(keys=keys, genders={c.name: c.gender for c in characters})
    # in words as the text writes them: "van-der-luyden" is three ("Mr. van der Luyden")
    idx.longest = max((len(re.split(r"[\s-]+", k)) for k in keys), default=1) + 1
    descs = sorted((k for k in keys if k.split()[0] in ("the", "a", "an", "that", "old", "young", "little", "his", "her")
                    and len(k.split()) > 1), key=len, reverse=True)
    if descs:
        idx.description = re.compile(r"\b(?:" + "|".join(
            r"\s+".join(re.escape(w) for w in d.split()) for d in descs) + r")\b", re.IGNORECASE)
    return idx


def _drop_shadows(keys: dict[str, set[str]], aliases_of: dict[str, set[str]]) -> None:
    """A character listed only under names that also belong to a fuller
    character ("Bounderby" beside "Josiah Bounderby", alias "Mr. Bounderby")
    is that character's shadow: its names mean the fuller one."""
    own = defaultdict(set)  # character -> keys naming it alone
    for k, names in keys.items():
        if len(names) == 1:
            own[next(iter(names))].add(k)
    for k, names in keys.items():
        if len(names) < 2:
            continue
        shadows = {n for n in names if not own[n] and aliases_of[n] <= set(keys)}
        if shadows and names - shadows:
            keys[k] = names - shadows


def roster_from_cast(cast: Cast) -> list[Character]:
    """The casting file's characters, exactly as listed."""
    out = []
    for name, member in cast.characters.items():
        gender = member.gender if member.gender in ("male", "female") else None
        out.append(Character(name=name, aliases=list(member.aliases), gender=gender or name_gender(name)))
    return out


def discover_characters(text: str) -> list[Character]:
    """Characters found in the text alone (see attribution_model/discover.py)."""
    from .attribution_model.discover import discover_characters as discover
    return discover(text)


def build_roster(text: str, cast: Cast | None = None) -> list[Character]:
    """The cast's characters when given (plus clearly new ones found in the
    text that no cast name or alias covers), else the characters found."""
    return roster_and_unlisted(text, cast)[0]


def roster_and_unlisted(text: str, cast: Cast | None = None,
                        found: list[Character] | None = None) -> tuple[list[Character], list[Character]]:
    """The roster (see `build_roster`) and the characters found in the text
    that no cast name or alias covers but that did not join it, most
    mentioned first.  `found`: discover_characters(text), if already known."""
    found = discover_characters(text) if found is None else found
    if cast is None or not cast.characters:
        return found, []
    roster = roster_from_cast(cast)
    idx = name_index(roster)
    taken = set()
    for ch in roster:
        for a in [ch.name, *ch.aliases]:
            taken.update(w for w in _words(a) if w not in TITLES)
    unlisted = []
    for ch in found:
        ws = {w for a in [ch.name, *ch.aliases] for w in _words(a) if w not in TITLES}
        if ws and not (ws & taken) and not idx.lookup(ch.name) and ch.lines >= 0:
            if _strong(ch):
                roster.append(ch)
            else:
                unlisted.append(ch)
    return roster, sorted(unlisted, key=lambda c: -c.lines)


# Someone a casting file leaves out joins it only with this much evidence: a name used
# this often, or a description in this many speech tags (attribution.prepare)
UNLISTED_MIN = 8


def _strong(ch: Character) -> bool:
    # found characters carry their mention count in `lines` until attributed
    return ch.lines >= UNLISTED_MIN


def count_mentions(text: str, idx: NameIndex) -> Counter:
    c = Counter()
    for _, _, names in idx.mentions(text):
        if len(names) == 1:
            c[next(iter(names))] += 1
    return c
