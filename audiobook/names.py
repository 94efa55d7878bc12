"""The name a book mostly calls each character by.

A casting file may key a character by a formal name ("Miss Honeychurch")
while the book calls her "Lucy" on nearly every page; the script labels each
quotation with the name a reader knows.  Only names that belong to one
character qualify, so a label never becomes ambiguous.
"""
from __future__ import annotations

import re
from collections import Counter

from .characters import FEMALE_TITLES, MALE_TITLES
from .model import Character


_PRONOUNS = {"i", "me", "my", "we", "us", "you", "he", "him", "she", "her", "they", "them", "it"}
# what others call a character, said to them ("tell Mama"): no label for the narration's lines either
ADDRESS_WORDS = {"mama", "mamma", "mother", "papa", "father", "ma", "pa", "mum", "mummy", "dad", "daddy",
                 "granny", "grandma", "grandpa", "sir", "madam", "ma am", "miss", "master", "marmee"}
_NO_LABELS = _PRONOUNS | ADDRESS_WORDS
FAMILY_TITLES = MALE_TITLES | FEMALE_TITLES


def _key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def most_used_names(text: str, characters: list[Character]) -> dict[str, str]:
    """Main name -> the character's most frequent unambiguous name in ``text``
    (the main name itself when it is as frequent, or nothing else is found)."""
    owners = Counter(_key(a) for c in characters for a in {c.name, *c.aliases})
    # (a pronoun a list gives its narrator, "I", or a form of address, "Mama", is no name to label lines with)
    forms = {a for c in characters for a in {c.name, *c.aliases}
             if a.strip() and owners[_key(a)] == 1 and _key(a) not in _NO_LABELS}
    # a bare surname another character carries with a title ("Inglethorp" beside Mrs. Inglethorp) labels no one clearly
    titled: dict[str, set[str]] = {}  # what follows a family title -> who is so called
    for c in characters:
        for a in {c.name, *c.aliases}:
            title, _, rest = _key(a).partition(" ")
            if rest and title in FAMILY_TITLES:
                titled.setdefault(rest, set()).add(c.name)
    counts: Counter[str] = Counter()
    if forms:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                             + r")(?!\w)")
        counts.update(m.group(0) for m in pattern.finditer(text))
    labels = {}
    for c in characters:
        candidates = [a for a in {c.name, *c.aliases} if a in forms]
        clear = [a for a in candidates if a == c.name or not titled.get(_key(a), set()) - {c.name}]
        candidates = clear or candidates
        # the main name wins ties; longer forms are counted first, so "Mr. Darcy" is not also "Darcy"
        best = max(candidates, key=lambda a: (counts[a] + (0.5 if a == c.name else 0), a), default=c.name)
        labels[c.name] = best if counts[best] else _base_name(text, c)
    return labels


_QUALIFIER = re.compile(r"\s*(?:\s-+\s|\(|,|\[).*$")


def _base_name(text: str, c: Character) -> str:
    """A casting name never written in the book may carry a qualifier
    ("Christopher Robin - Story", "Tom (young)"): label by the name the book
    writes, even when another entry shares it (the book does not tell them apart)."""
    for a in (c.name, *c.aliases):
        base = _QUALIFIER.sub("", a).strip()
        if base and base != a and re.search(r"(?<!\w)" + re.escape(base) + r"(?!\w)", text):
            return base
    return c.name
