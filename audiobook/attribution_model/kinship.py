"""Family relations as mentions: "her father", "his wife", "her sister".

The narration often names a character only by relation to another one who
was just mentioned ("She followed her father to the fire place").  The
possessor is the last character of the pronoun's gender named before; the
relative is the one character of the relation's gender who shares the
possessor's surname, a married title ("Mr."/"Mrs.") marking the parents and
spouses.  Surnames come from the roster's names and from full names in the
text ("Elizabeth Bennet" when the roster has only "Elizabeth").
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from ..characters import FEMALE_NAMES, LOWER, MALE_NAMES, TITLES, UPPER, NameIndex
from .units import SpanSet

# relation -> (gender, the relative is a married elder: parent or spouse)
KIN = {"father": ("male", True), "mother": ("female", True), "husband": ("male", True),
       "wife": ("female", True), "papa": ("male", True), "mamma": ("female", True),
       "brother": ("male", False), "sister": ("female", False), "son": ("male", False),
       "daughter": ("female", False)}
# every relation a tag may name ("said her aunt"), with the relative's sex
RELATION_GENDER = {r: g for r, (g, _) in KIN.items()} | {
    "uncle": "male", "aunt": "female", "nephew": "male", "niece": "female", "grandfather": "male",
    "grandmother": "female"}
_MARRIED = ("mr", "mrs")
_SPOUSES = ("wife", "husband")
FIRST_NAMES = MALE_NAMES | FEMALE_NAMES
# words of descriptive aliases ("the light porter", "my dearest Lizzy"): no surname there
_NOT_NAME_WORDS = {"the", "a", "an", "my", "his", "her", "our", "that", "this", "dear", "dearest", "old", "young",
                   "little", "poor", "in", "of"}
KIN_PHRASE = re.compile(r"\b(?:his|her|His|Her)\s+(?:own\s+|dear\s+|poor\s+|eldest\s+|youngest\s+|elder\s+|younger\s+)?"
                        r"(" + "|".join(KIN) + r")\b")
_FULL_NAME = re.compile(rf"\b([{UPPER}][{LOWER}]+)\s+([{UPPER}][{LOWER}]+)\b")
LOOKBACK = 1500   # characters searched back for the possessor


class Families:
    """Surnames of the roster's characters, and who is whose relative."""

    def __init__(self, idx: NameIndex, genders: dict[str, str | None], text: str = ""):
        self.genders = genders
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.married: set[str] = set()
        self._parents: dict[str, tuple[set[str], set[str]]] = {}  # gender -> parents()
        single: dict[str, str] = {}
        for key, names in idx.keys.items():
            if len(names) != 1:
                continue
            name = next(iter(names))
            ws = key.split()
            if len(ws) == 1:
                single[ws[0]] = name
            elif ws[-1] not in TITLES and ws[-1] not in FIRST_NAMES and not set(ws) & _NOT_NAME_WORDS:
                self.surnames[name].add(ws[-1])
                if ws[0] in _MARRIED:
                    self.married.add(name)
        known = {s for ss in self.surnames.values() for s in ss}
        for m in _FULL_NAME.finditer(text):  # "Elizabeth Bennet": a first name and a family's surname
            first, last = m.group(1).lower(), m.group(2).lower()
            if first in single and last in known and last != first:
                self.surnames[single[first]].add(last)

    def parents(self, gender: str) -> tuple[set[str], set[str]]:
        """(parents, children) as far as names tell: a married-titled character
        of `gender` ("Mrs. Honeychurch") and the untitled or "Miss" characters
        sharing their surname ("Lucy Honeychurch")."""
        if gender not in self._parents:
            elders = {n for n in self.married if self.genders.get(n) == gender}
            young = [n for n in self.surnames if n not in self.married]
            kids = {m for m in young if any(self.surnames[m] & self.surnames[n] for n in elders)}
            self._parents[gender] = ({n for n in elders if any(self.surnames[m] & self.surnames[n] for m in kids)},
                                     kids)
        return self._parents[gender]

    def relative(self, possessor: str, relation: str) -> str | None:
        gender, elder = KIN[relation]
        family = self.surnames.get(possessor, set())
        if not family:
            return None
        kin = [n for n, ss in self.surnames.items()
               if n != possessor and ss & family and self.genders.get(n) == gender]
        # a parent may be listed untitled; a wife is never a "Miss"
        kin = [n for n in kin if (n in self.married) == elder] or (kin if elder and relation not in _SPOUSES else [])
        return kin[0] if len(kin) == 1 else None


def kin_mentions(text: str, narr: list[tuple[int, str]], dialogue: SpanSet,
                 families: Families) -> list[tuple[int, str]]:
    """(position, name) of each narration relation phrase whose relative is known."""
    positions = [p for p, _ in narr]
    out = []
    for m in KIN_PHRASE.finditer(text):
        if m.start() in dialogue:
            continue
        gender = "male" if m.group(0)[:3].lower() == "his" else "female"
        owner = possessor(narr, positions, m.start(), gender, families.genders)
        who = families.relative(owner, m.group(1).lower()) if owner else None
        if who:
            out.append((m.start(), who))
    return out


def possessor(narr, positions, pos: int, gender: str, genders) -> str | None:
    """The last character of `gender` named in the narration before `pos`."""
    j = bisect.bisect_left(positions, pos) - 1
    while j >= 0 and narr[j][0] >= pos - LOOKBACK:
        if genders.get(narr[j][1]) == gender:
            return narr[j][1]
        j -= 1
    return None
