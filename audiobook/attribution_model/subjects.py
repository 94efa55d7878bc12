"""Who a speech verb's subject is.

`set_tag` reads a phrase standing before or after the verb as the tag's
subject: a character's name (after "the", an epithet, a title), a pronoun
("she"; "her voice" is hers), "I", or a description of a person ("the old
man").  `walk_to_subject` finds the subject where the verb's own clause
names nobody, back over the sentence: "he held her in his arms, looking at
her in his kindest manner, and said:".
"""
from __future__ import annotations

import re

from ..characters import GENERIC_NOUNS, PRONOUN_GENDER, NameIndex
from .noun_gender import description_gender
from .tag_shapes import name_ending_at, pronoun_tag
from .units import Utterance

# a word, its apostrophe straight or curly ("lady's-maid", "lady\u2019s-maid"; not a closing \u2019)
WORD = r"(?:[\w'-]|\u2019(?=\w))+"
# ('that she could not help replying': a conjunction before a pronoun, no description)
_MENTION_WORDS = r"(?:(?:the|a|an|his|her|my|our|their|that|this|poor|old|young|little)\s+" \
                 r"(?!(?:he|she|it|they|I|we|you)\b)(?:" + WORD + r"\s+){0,2}" + WORD + ")"
# ... and the third-person pronouns of the other languages units.SPEECH_VERBS reads, lower case only
# ("dit-il", "demanda-t-elle", "sagte er", "dijo ella"; "Ella" is a name): never a word of English text
_OTHER_PRONOUNS = {"il": "male", "elle": "female", "er": "male", "sie": "female", "él": "male", "ella": "female",
                   "lui": "male", "lei": "female", "hij": "male", "zij": "female", "ze": "female", "han": "male",
                   "hon": "female", "hun": "female", "ele": "male", "ela": "female"}
PRONOUN_RE = re.compile(r"^(?:(?:so\s+)?that\s+)?(?:t-)?(he|she|I|they|we|He|She|They|We|"
                        + "|".join(_OTHER_PRONOUNS) + r")\b")
DESCRIPTION_RE = re.compile(r"^" + _MENTION_WORDS, re.I)


def set_tag(u: Utterance, who: str, pos: int, idx: NameIndex, mentions_at, names_only: bool = False) -> bool:
    """Tag u by the subject `who` (at pos) opens with: a name, else (unless
    `names_only`) a pronoun, "I" or a description.  False if it is none."""
    for off in range(0, min(len(who), 30)):
        m = mentions_at.get(pos + off)
        if m is not None:
            # the mention must start the phrase (allow a leading "the"/"Mr." etc.)
            head = who[:off].strip()
            if off == 0 or _leads_to_name(head) or _VOICE_OF.fullmatch(head):
                u.tag_kind, u.tag_names, u.tag_pos = "name", set(m[2]), pos + off
                return True
            break
    if names_only:
        return False
    pm = PRONOUN_RE.match(who)
    if pm:
        w = pm.group(1) if pm.group(1) == "I" else pm.group(1).lower()
        if w == "I" or w == "we":
            u.tag_kind, u.tag_pos = "first", pos
        elif w in ("he", "she"):
            u.tag_kind, u.tag_gender, u.tag_pos = "pronoun", PRONOUN_GENDER[w], pos
        elif pm.group(1) in _OTHER_PRONOUNS:
            u.tag_kind, u.tag_gender, u.tag_pos = "pronoun", _OTHER_PRONOUNS[pm.group(1)], pos
        else:
            return False
        return True
    dm = DESCRIPTION_RE.match(who)
    if dm:
        words = [w.rstrip("-").replace("\u2019", "'") for w in dm.group(0).lower().split()]  # 'her brother--"because'
        if words[-1] in _VOICE:
            if len(words) > 2 and words[-2].endswith("'s"):  # "her mother's voice": her mother
                words = words[:-2] + [words[-2][:-2]]
            elif words[0] in ("his", "her"):  # 'her voice said': hers, as 'she said'
                pronoun_tag(u, words[0], pos)
                return True
        u.tag_kind, u.tag_pos = "description", pos
        u.tag_gender = description_gender(words)
        u.tag_words = tuple(words)
        return True
    return False


_VOICE = {"voice", "voices", "lips", "tongue"}


# 'the good-hearted Mrs. John Knightley', 'The kind-hearted, gentle Mrs. Weston' (not 'the wife of')
_EPITHETS = re.compile(r"[Tt]he(?:\s+(?!(?:of|to|with|for|by|from|at|in|on|and|or)\b)[^\W\d_][\w-]*,?){1,3}")
_VOICE_OF = re.compile(r"(?:the|a)\s+(?:[a-z]+\s+)?voice\s+of(?:\s+(?:old|young|little|poor))?", re.I)
# 'said Mr. E. W. B. Childers': a title and initials before a name the cast knows without them
# (a lone initial is no lead: '"...," said I. Lal Chowdar shook his head')
_INITIALS = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady)\.?\s+(?:[A-Z]\.\s*)+|(?:[A-Z]\.\s*){2,}")
_NAME_LEADS = {"the", "little", "old", "young", "poor", "dear", "little old", "even"}


def _leads_to_name(head: str) -> bool:
    """May the words `head` stand before a name in its subject?  "the", an epithet
    ("the good-hearted Mrs. John Knightley": only lower-case words), or initials."""
    return head.lower() in _NAME_LEADS or bool(_EPITHETS.fullmatch(head) or _INITIALS.fullmatch(head))


# the stretches of a sentence between commas, semicolons and dashes
_CHUNK_BREAK = re.compile(r"[,;]|--|\u2014|(?<=\S) {3,}(?=\S)")  # (three spaces: a dash some e-texts lost)
# what may stand between a subject's verb phrases: 'and', 'and then', 'but eagerly', 'thus', 'for' (she said)
_LINKS = re.compile(r"(?:(?:and|but|or|nor|then|thus|so|yet|again|now|soon|presently|at\s+(?:last|length)|"
                    r"for(?=\s+(?:he|she|I|we)\b)|"
                    r"(?-i:[a-z])\w*ly)\b[\s,]*)+", re.I)
_RELATIVE_WHO = re.compile(r"(?:who|which)\b")
# an aside set off by commas: a relative clause, a participle, a prepositional phrase
_ASIDE_START = re.compile(r"(?:who|whom|whose|which|where|(?!(?:some|no|any|every)?thing\b|morning\b|evening\b)"
                          r"(?-i:[a-z])\w+ing|(?:in|with|at|on|upon|after|for|without|by|from|under|through|to|into|"
                          r"towards?|amid|among)\s+(?:a|an|the|his|her|their|my|its|that|this|one|some|all|such|no|"
                          r"every)|(?:in|with)\s+(?-i:[a-z])\w*)\b")
_SUBORDINATOR = re.compile(r"(?:(?:as|so)\s+soon\s+as|as\s+long\s+as|as\s+(?:if|though)|even\s+(?:if|though|when)|"
                           r"when|whenever|while|whilst|as|after|before|though|although|if|since|until|till|"
                           r"once|lest|because)\b", re.I)
_NEW_EVENT = re.compile(r"(?:when|whenever|until|till)\b", re.I)  # not 'as she went hunting about' (a background)
_PRONOUN_SUBJECT = re.compile(r"(?:[Hh]e|[Ss]he|I|[Ww]e)\b")
_CLAUSE_PRONOUN = re.compile(r"\b(?:he|she|He|She|I|we|We)\s+(?:(?-i:[a-z])\w*ly\s+)?(?-i:[a-z])")
_NOT_A_VERB = re.compile(r"\s+(?:and|or|but|with|to|of|in|on|at|for|by|from|as|who|whom|whose|which|that|the|a|an|"
                         r"his|her|into|upon|than|nor)\b")
_AFTER_PREPOSITION = re.compile(r"\b(?:to|at|with|by|for|from|of|upon|on|towards?|than|in|into|about|and|or)\s+$", re.I)
# a subject that is no character: 'the clock struck', 'it was over'
_OTHER_OPENER = re.compile(r"(?:the|a|an|his|her|its|their|my|our|this|that|it|there)\b|(?-i:[A-Z])", re.I)
_OTHER_SUBJECT = re.compile(r"(?:it|they|there|this|that|these|those|one|nobody|everybody|all)\b", re.I)
_ANTECEDENT = re.compile(r"(?:the|a|an|his|her|their|my|our)\s+(?:[\w-]+\s+){0,2}[\w-]+\s*$", re.I)


def _subject_end(text: str, p: int, b: int, mentions_at) -> int | None:
    """The end of the subject text[p:b] opens with: a pronoun, a character's
    name (after 'the', an epithet, a title) or a description of a person."""
    m = _PRONOUN_SUBJECT.match(text, p, b)
    if m is not None:
        return m.end()
    for off in range(min(b - p, 30)):
        if p + off in mentions_at:
            if off == 0 or _leads_to_name(text[p:p + off].strip()):
                return mentions_at[p + off][1]
            break
    d = DESCRIPTION_RE.match(text[p:b])
    if d is not None and _person(d.group(0)):
        return p + d.end()
    return None


# people named by their part in a scene ('her companion'), besides GENERIC_NOUNS and gendered nouns
_PERSON_NOUNS = {"companion", "friend", "partner", "visitor", "guest", "neighbour", "neighbor", "cousin",
                 "servant", "host", "guardian", "acquaintance", "relation", "relative", "speaker"}


def _person(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(description_gender(words)) or words[-1] in GENERIC_NOUNS or words[-1] in _PERSON_NOUNS


def _clause_subjects(text: str, p: int, b: int, mentions_at) -> list[int]:
    """Where the subjects of clauses in text[p:b] start: a pronoun, or a name
    not after a preposition, before a word that may be a verb ('As she
    entered he stopped'; not 'to Emma with')."""
    out = [m.start() for m in _CLAUSE_PRONOUN.finditer(text, p, b)]
    for q in range(p, b):
        if q in mentions_at and mentions_at[q][1] < b and not _NOT_A_VERB.match(text, mentions_at[q][1], b) and \
                re.match(r"\s+(?-i:[a-z])", text[mentions_at[q][1]:b]) and \
                not _AFTER_PREPOSITION.search(text, max(p, q - 12), q):
            out.append(q)
    return sorted(out)


def walk_to_subject(u: Utterance, text: str, sent: int, verb: int, idx: NameIndex, mentions_at) -> bool:
    """'he held her in his arms, looking at her in his kindest manner, and said:',
    'As she entered he stopped, and said:', 'while her sister, panting for breath,
    came up with him, and eagerly cried out': back from the verb, over verb phrases
    of the same subject ('came up with him, and') and asides set off by commas (a
    relative or subordinate clause, a participle, a prepositional phrase), to the
    subject they belong to.  False where a stretch is none of these."""
    bounds, start = [], sent
    for m in _CHUNK_BREAK.finditer(text, sent, verb):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, verb))
    linked = False  # passed 'and' or a verb phrase: the verb is coordinated with an earlier one
    for i in range(len(bounds) - 1, -1, -1):
        a, b = bounds[i]
        while a < b and text[a] in " \n\t\"'\u201d\u2019":
            a += 1
        lead = _LINKS.match(text, a, b)
        p = lead.end() if lead else a
        if not text[p:b].strip():
            linked = linked or bool(lead)
            continue  # 'and', 'and then', 'eagerly'
        sub = _SUBORDINATOR.match(text, p, b)
        if sub is not None:
            q = sub.end() + len(text[sub.end():b]) - len(text[sub.end():b].lstrip())
            end = _subject_end(text, q, b, mentions_at)
            if end is not None and not text[end:b].strip():  # 'while her sister, ..., cried'
                return set_tag(u, text[q:end], q, idx, mentions_at)
            subjects = _clause_subjects(text, q, b, mentions_at)
            if end is None and not _OTHER_OPENER.match(text, q, b):
                subjects = []  # the clause's own subject unknown: nothing said of the main clause's
            later = [s for s in subjects if s >= (end if end is not None else q + 1)]
            if later:  # 'As she entered he stopped', 'When the clock struck he rose'
                return set_tag(u, text[later[0]:b], later[0], idx, mentions_at)
            if end is not None and linked and i > 0 and _NEW_EVENT.match(text, p, b):
                # '..., when she instantly drew back, and said': a new event after the main clause goes on
                return set_tag(u, text[q:end], q, idx, mentions_at)
            continue  # 'and when Mary had finished her second song, said'
        if _RELATIVE_WHO.fullmatch(text[p:b].strip()) and i > 0:
            # 'her companion, who, in a manner ..., said': the one 'who' stands for
            pa, pb = bounds[i - 1]
            if name_ending_at(u, pa, pb, mentions_at):
                return True
            d = _ANTECEDENT.search(text, pa, pb)
            return d is not None and _person(text[d.start():pb]) and \
                set_tag(u, text[d.start():pb].rstrip(), d.start(), idx, mentions_at)
        if _ASIDE_START.match(text, p, b):
            continue
        end = _subject_end(text, p, b, mentions_at)
        if end is not None:
            return set_tag(u, text[p:end], p, idx, mentions_at)
        if _OTHER_SUBJECT.match(text, p, b) or DESCRIPTION_RE.match(text[p:b]) or not text[p].islower() or \
                _clause_subjects(text, p, b, mentions_at):
            return False  # a clause with a subject of its own, not a character ('had not Mr. Collins thus')
        linked = True  # a verb phrase of the same subject: 'came up with him'
    return False
