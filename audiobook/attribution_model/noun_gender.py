"""Gender of person nouns in descriptions ("the old man", "his landlady")."""
from __future__ import annotations

from ..characters import GENERIC_NOUNS

_MALE_NOUNS = {"man", "gentleman", "boy", "husband", "father", "brother", "son", "uncle", "king",
               "lord", "sir", "fellow", "lad", "master", "host", "old man", "stranger", "doctor",
               "inspector", "colonel", "captain", "major", "prince", "duke", "count", "detective",
               "clergyman", "rector", "vicar", "squire", "butler", "footman", "coachman", "waiter",
               # roles the novels of the period give to men
               "lawyer", "attorney", "solicitor", "barrister", "coroner", "magistrate", "judge", "parson",
               "priest", "curate", "bishop", "monk", "friar", "abbot", "sergeant", "lieutenant", "general",
               "admiral", "constable", "soldier", "sailor", "clerk", "valet", "groom", "baronet", "knight",
               "earl", "baron", "marquis", "nephew", "grandfather", "grandson",
               "miller", "farmer", "blacksmith", "smith", "carpenter", "porter", "shepherd", "guard",
               "gamekeeper", "innkeeper", "jailer", "gaoler", "sexton", "beadle", "warder", "bailiff"}
_FEMALE_NOUNS = {"woman", "lady", "girl", "wife", "mother", "sister", "daughter", "aunt", "queen",
                 "mistress", "maid", "hostess", "widow", "duchess", "princess", "governess", "nurse",
                 "niece", "grandmother", "granddaughter", "housekeeper", "nun", "bride", "lass", "spinster"}



def generic_description(phrase: str) -> bool:
    """'the girl', 'a stranger': a lower-case description the book may use of
    any character who fits, not a name, whatever a casting list says.  A role
    ('the cook'), a possessive ('her sister') or a capitalised description
    ('the Gryphon') is not generic."""
    if any(c.isupper() for c in phrase):
        return False
    words = phrase.split()
    return len(words) > 1 and words[0] in ("the", "a", "an", "that") and words[-1] in GENERIC_NOUNS


# compounds of a gendered noun: "landlady", "chambermaid", "cabman", "schoolmaster", "hostess"
_FEMALE_ENDS = ("woman", "lady", "wife", "maid", "mother", "girl", "ess")
_MALE_ENDS = ("man", "boy", "father", "lord", "master")
_NOT_ESS = ("ness", "less", "witness", "address", "process", "business", "mattress", "congress")
_NOT_MAN = ("human", "german", "roman", "norman", "ottoman", "talisman")


def noun_gender(w: str) -> str | None:
    """The gender a person noun implies, from the word lists and compounds."""
    if w in _MALE_NOUNS:
        return "male"
    if w in _FEMALE_NOUNS:
        return "female"
    if len(w) > 4 and w.isalpha():
        if w.endswith(_FEMALE_ENDS) and not w.endswith(_NOT_ESS):
            return "female"
        if w.endswith(_MALE_ENDS) and not w.endswith(_NOT_MAN):
            return "male"
    return None


def description_gender(words: list[str]) -> str | None:
    """The gender of a description's head noun ("her mother's voice": female)."""
    for w in reversed(words):
        w = w[:-2] if w.endswith(("'s", "\u2019s")) else w  # "her mother's voice"
        g = noun_gender(w)
        if g:
            return g
    return None
