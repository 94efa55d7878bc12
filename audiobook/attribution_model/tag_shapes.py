"""Speech tags of shapes the main reader (tags.py) does not take: the
object of a verb of hearing ("she heard him say"), a neuter "it said" (an
animal or creature the book calls "it"), a possessive lead-in ("this was
the spontaneous burst of Emma's feelings:"), a relative of a named
character ("said Mr. Bennet's wife") and a speaker revealed after the
quotation ("The voice was Tom's.").

"it" names no gender; it stands for the last character the narration
called by a common noun ("the Rabbit", "the Caterpillar"), not by a
proper name: people are "he" and "she", creatures named by their kind
are "it".
"""
from __future__ import annotations

import bisect
import re

from ..characters import GENERIC_NOUNS, PRONOUN_GENDER, NameIndex
from .kinship import RELATION_GENDER
from .noun_gender import noun_gender
from .units import MANNER, SENT_BREAK, VERB, Utterance

# 'heard him say', 'hear it say', 'made her cry out': the object is the speaker
OBJECT_SPEAKER = re.compile(r"\b(?:hear|hears|heard|hearing|let|lets|made|make|makes|saw|see)\s+"
                            r"(him|her|it|them|one\s+of\s+them|somebody|someone)"
                            r"(?:\s+(?:(?-i:[a-z])\w*ly|almost|soon|just|still|presently|afterwards|again|then|now|"
                            r"once\s+more))*\s*$")
_GENDER = {"him": "male", "her": "female"}
# '"...," it said.' right after a piece
_IT_AFTER = re.compile(r"[\s,;:!?.)\u2014-]*it(?:\s+(?-i:[a-z])\w*ly)?\s+" + VERB + r"\b")
# 'and it said in a low trembling voice, "...' right before the first piece
_IT_BEFORE = re.compile(r"(?:^|[\s,;(])(?:[Ii]t|and\s+it|then\s+it)(?:\s+(?-i:[a-z])\w*ly)?\s+" + VERB + MANNER
                        + r"{0,2}[\s,:\u2014-]*$")
# what may stand between the subject and the verb: 'Cecil had said', 'Frank next say'
BRIDGE = re.compile(r"^(?:\s+(?:(?-i:[a-z])\w*ly|had|has|have|was|would|could|did|then|now|next|also|again|only|still|"
                    r"just|presently|at\s+once|at\s+last|once\s+more))*\s*$")
LOOKBACK = 600   # characters searched back for the creature "it" stands for
_ARTICLE = re.compile(r"(?:the|a|an)\s+$", re.I)


def object_speaker(u: Utterance, who: str, pos: int, text: str, mentions_at: dict,
                   starts: list[int]) -> bool | None:
    """'Alice heard him say,': a pronoun tag (or a neuter one), not Alice's.
    None when the verb has no such object; False when "it" stands for nobody known."""
    m = OBJECT_SPEAKER.search(who)
    if m is None:
        return None
    p = m.group(1)
    if p == "it":
        return set_neuter(u, text, pos + m.start(1), mentions_at, starts)
    if p not in _GENDER:
        return False  # 'she heard one of them say': somebody, not the hearer
    u.tag_kind, u.tag_gender, u.tag_pos = "pronoun", _GENDER[p], pos + m.start(1)
    return True


def neuter_tag(u: Utterance, text: str, mentions_at: dict, starts: list[int]) -> bool:
    """An untagged utterance whose narration says 'it said' beside it."""
    a, b = u.after
    if b > a and not u.after_is_next_tag and _IT_AFTER.match(text, a, min(b, a + 60)):
        return set_neuter(u, text, a, mentions_at, starts)
    a, b = u.before
    if b > a:
        m = _IT_BEFORE.search(text[max(a, b - 120):b])
        if m is not None:
            return set_neuter(u, text, max(a, b - 120) + m.start(), mentions_at, starts)
    return False


def set_neuter(u: Utterance, text: str, pos: int, mentions_at: dict, starts: list[int]) -> bool:
    """Tag with the last character named by a common noun before ``pos``."""
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0 and starts[i] >= pos - LOOKBACK:
        s = starts[i]
        e, names = mentions_at[s][1], mentions_at[s][2]
        if re.match(r"(?:the|a|an)\s", text[s:e], re.I) or _ARTICLE.search(text, max(0, s - 5), s):
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(names), s
            return True
        i -= 1
    return False


# 'Emma's remark was--', 'the spontaneous burst of Emma's feelings:', 'Cecil's voice came:'
_SPEECH_NOUN = (r"(?:remark|reply|answer|words|voice|exclamation|observation|cry|comment|question|response|"
                r"rejoinder|retort|feelings|greeting|speech|thoughts?|whisper|was)")
_POSSESSIVE_LEAD = re.compile(r"(?:'s|\u2019s)\s+(?:[a-z][\w-]*\s+){0,2}" + _SPEECH_NOUN
                              + r"\b[^.!?\"\u201c\u201d]{0,40}?[:,\u2014-]\s*$")


_PRONOUN_POSSESSIVE_LEAD = re.compile(r"(?:^|[.!?;:]\s+|\b(?:then|and|but)\s+)(His|Her|his|her)\s+"
                                      r"(?:[a-z][\w-]*\s+){0,2}"
                                      + _SPEECH_NOUN + r"\b[^.!?\"\u201c\u201d]{0,40}?[:,\u2014-]\s*$")


def pronoun_tag(u: Utterance, word: str, pos: int) -> None:
    """Tag u by a pronoun at pos: 'I' is the first-person narrator; he, she,
    his or her a pronoun tag of that gender."""
    if word.lower() == "i":
        u.tag_kind, u.tag_pos = "first", pos
    else:
        u.tag_kind, u.tag_gender, u.tag_pos = "pronoun", PRONOUN_GENDER[word.lower()], pos


def possessive_lead(u: Utterance, text: str, lo: int, hi: int, mentions_at: dict, starts: list[int]) -> bool:
    """A lead-in ending in a character's speech ('Emma's remark was--'): hers;
    'His answer was puzzling:', 'Then his words rose gravely over hers:': a pronoun tag."""
    m = _POSSESSIVE_LEAD.search(text, max(lo, hi - 120), hi)
    if m is None:
        p = _PRONOUN_POSSESSIVE_LEAD.search(text, max(lo, hi - 120), hi)
        if p is not None:
            pronoun_tag(u, p.group(1), p.start(1))
        return p is not None
    end = m.start()
    i = bisect.bisect_left(starts, end) - 1
    while i >= 0 and starts[i] >= end - 60:
        if end <= mentions_at[starts[i]][1] <= end + 2:  # the mention may hold the "'s"
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(mentions_at[starts[i]][2]), starts[i]
            return True
        i -= 1
    return False


# a name starting a clause: followed by its verb (or its possessive), not the object of a preposition
# ('Mrs. Pell's accounting for it with': a possessive subject of a gerund)
_VERB_NEXT = re.compile(r"(?:'s|\u2019s)?\s+(?:(?-i:[a-z])\w*ly\s+)?(?:had|has|was|were|would|could|did|[a-z]+ed|[a-z]+s)\b"
                        r"|(?:'s|\u2019s|(?<='s)|(?<=\u2019s))\s+[a-z]+ing\b")
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|at|with|by|for|from|of|upon|on|towards|toward|than|in|into|about|"
                                 r"noticed|saw|met|heard|told|asked|watched)\s+(?:the\s+)?$", re.I)


_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she|I|we|He|She|We)\s+(?:(?-i:[a-z])\w*ly\s+)?(?!(?:and|or|to|of|in|on|at|with|for|as|"
                              r"by|from|who|that|the|a|an)\b)[a-z]+\b")


def clause_subject(u: Utterance, text: str, lo: int, hi: int, mentions_at: dict, starts: list[int]) -> bool:
    """The first name in text[lo:hi] that stands before a verb of its own:
    'that Miss Bartlett had recovered her luggage and could say:'."""
    pron = _PRONOUN_SUBJECT.search(text, lo, hi)  # 'he began, as soon as Mr. Woodhouse had ...': his
    if pron is not None:
        hi = pron.start()
    i = bisect.bisect_left(starts, lo)
    while i < len(starts) and starts[i] < hi:
        s = starts[i]
        e, names = mentions_at[s][1], mentions_at[s][2]
        if _VERB_NEXT.match(text, e) and not _PREPOSITION_BEFORE.search(text, max(0, s - 20), s):
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(names), s
            return True
        i += 1
    return False


# 'Mr. Weston immediately accosted her with,': the lead-in's subject speaks
_WITH_LEAD = re.compile(r"\s(?:with|thus|as\s+follows)\s*[,:\u2014-]*\s*$")
_CLAUSE_START = re.compile(SENT_BREAK.pattern + r"|[;:]\s+|--|\u2014")


_PRONOUN_HEAD = re.compile(r"[\s\"'\u201d\u2019]*(?:(?:and|but|then|so|And|But|Then|So)\s+)*(he|she|He|She|I)\s+"
                           r"(?!(?:was|is|were|had)\b)")


def with_lead(u: Utterance, text: str, lo: int, hi: int, mentions_at: dict, starts: list[int]) -> bool:
    if hi <= lo or not _WITH_LEAD.search(text, max(lo, hi - 30), hi):
        return False
    start = max(lo, hi - 300)
    for m in _CLAUSE_START.finditer(text, start, hi - 2):
        start = m.end()
    p = _PRONOUN_HEAD.match(text, start, hi)  # 'He cut her short with,'
    if p is not None:
        pronoun_tag(u, p.group(1), p.start(1))
        return True
    return clause_subject(u, text, start, hi, mentions_at, starts)


# '"...," was her answer': the speaker's answer, by a possessive
_POSSESSIVE_REPLY = re.compile(r"(?:then\s+|only\s+)?(his|her)\s+(?:[\w-]+,?\s+){0,2}(?:answer|reply|remark|rejoinder|"
                               r"response|comment|observation|exclamation|retort|question)\b")


def possessive_reply(u: Utterance, who: str, pos: int) -> bool:
    m = _POSSESSIVE_REPLY.match(who)
    if m is None:
        return False
    pronoun_tag(u, m.group(1), pos)
    return True


def main_clause_subject(u: Utterance, text: str, lo: int, hi: int, mentions_at) -> bool:
    """'When Rachael, assenting to this, was gone, Mr. Gradgrind lifted up his
    head, and said': past the opening subordinate clause, a name after a comma
    and before a verb starts the main clause."""
    found = None
    for c in re.finditer(r",\s+(?:then\s+)?(?:the\s+)?", text[lo:hi]):
        p = lo + c.end()
        m = mentions_at.get(p)
        if m is not None and re.match(r"\s+(?:(?-i:[a-z])\w*ly\s+)?[a-z]", text[m[1]:m[1] + 30]):
            found = (p, m)
    if found is None:
        return False
    u.tag_kind, u.tag_names, u.tag_pos = "name", set(found[1][2]), found[0]
    return True


# 'which gave the Pigeon the opportunity of adding,', 'so near as to give Emma time only to say':
# the one given the chance speaks; 'continually was she repeating,': the inverted subject
_GIVEN = re.compile(r"\b(?:gave|give|gives|giving|allowed|allow|left|leave|leaving)\s+(?P<who>\S[\s\S]{0,40}?)\s+"
                    r"(?:the\s+|an\s+|a\s+)?(?:opportunity|chance|time|occasion|leisure)\b[^.!?\"]{0,30}$")
_INVERTED = re.compile(r"\b(?:was|were|did|had|could|would)\s+(he|she|I)\s*$")


def infinitive_subject(u: Utterance, text: str, lo: int, hi: int, mentions_at: dict) -> bool:
    """The speaker of a verb whose subject stands elsewhere in its clause."""
    inv = _INVERTED.search(text, lo, hi)
    if inv is not None:
        pronoun_tag(u, inv.group(1), inv.start(1))
        return True
    g = _GIVEN.search(text, lo, hi)
    if g is None:
        return False
    end = g.end("who")
    for p in range(g.start("who"), end):
        m = mentions_at.get(p)
        if m is not None and m[1] == end:
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(m[2]), p
            return True
    return False


_BY = re.compile(r"\s+by\s+(?:the\s+)?")


def passive_agent(u: Utterance, text: str, verb_end: int, mentions_at: dict) -> bool:
    """'when thus accosted by Miss Bingley,': the agent of a passive speech verb."""
    b = _BY.match(text, verb_end)
    if b is None or not text[verb_end - 2:verb_end] == "ed":
        return False
    for p in (b.end(), b.end() - 4):
        if p in mentions_at:
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(mentions_at[p][2]), p
            return True
    return False


# 'looked at the White Rabbit, who said in a low voice,' / 'by Lydia, who, flying to her, cried':
# the relative pronoun is the verb's subject and stands for the name before it
_RELATIVE = re.compile(r",\s*who\b(?:\s*,[^,;:.!?\"\u201c\u201d]{0,100},)?(?P<bridge>[^,;:.!?\"\u201c\u201d]{0,30})$")


# 'met Maria in the landing place, who ... cried out': a place between the name and its 'who'
_PLACE_AFTER_NAME = re.compile(r"\s+(?:in|at|on|by|near|upon|outside|inside|from)\s+(?:the|a|an|his|her|their|its)"
                               r"(?:\s+[a-z-]+){1,3}$")


def relative_subject(u: Utterance, text: str, lo: int, verb: int, mentions_at) -> bool:
    r = _RELATIVE.search(text, lo, verb)
    if r is None or not BRIDGE.match(r.group("bridge")):
        return False
    place = _PLACE_AFTER_NAME.search(text, max(lo, r.start() - 60), r.start())
    return name_ending_at(u, lo, r.start(), mentions_at) or \
        bool(place and name_ending_at(u, lo, place.start(), mentions_at))


def name_ending_at(u: Utterance, lo: int, end: int, mentions_at) -> bool:
    for p in range(end - 1, max(lo, end - 60) - 1, -1):
        if p in mentions_at and mentions_at[p][1] == end:
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(mentions_at[p][2]), p
            return True
    return False


# ', whose thoughts were on the Bates's,' / ', speaking louder,': an aside between subject and verb
_ASIDE = re.compile(r",(?P<aside>\s*(?:who|whose|whom|which|[a-z]+ing|[a-z]+ed|[a-z]+ly|in|on|at|with|without|after|"
                    r"before|upon|from|for|as|though|however|too|still|not|having|being)\b"
                    r"[^,;:.!?\"\u201c\u201d\u2018]{0,100}),(?P<bridge>[^,;:.!?\"\u201c\u201d]{0,30})$")


def parenthetical_subject(u: Utterance, text: str, lo: int, verb: int, mentions_at) -> bool:
    """'Mr. Woodhouse, whose thoughts were on the Bates's, said--': the
    name right before an aside that ends just before the verb."""
    a = _ASIDE.search(text, lo, verb)
    if a is None or not BRIDGE.match(a.group("bridge")):
        return False
    return name_ending_at(u, lo, a.start(), mentions_at)


# the lead-in ends in a speech verb and its manner: 'and said with some discomposure to Sir William,'
_VERB_END = re.compile(r"(?s).*\b(?P<verb>" + VERB + r")\b[^.!?\"\u201c\u201d]{0,60}?[\s,:;\u2014-]*$")
# a pronoun with a verb of its own: 'he turned away', 'she instantly drew back' (not 'she was sitting')
_PRONOUN_CLAUSE = re.compile(r"(?<![\w'])(he|she|He|She|I)\s+(?:(?-i:[a-z])\w*ly\s+)?(?!(?:and|or|to|of|in|on|at|with|for|"
                             r"as|by|from|who|that|the|a|an|is|was|were|had|could|would|should|must|might)\b)[a-z]+\b")
_SUBORDINATE_BEFORE = re.compile(r"\b(?:where|who|whom|which|that|if|because|though|although|unless|whether|what)\s*$")
_NAME_AS_OBJECT = re.compile(r"\b(?:to|at|with|by|upon|on|towards|toward|from|of)\s+(?:the\s+)?$")


def pronoun_lead(u: Utterance, text: str, lo: int, hi: int, narr_pos: list[int]) -> bool:
    """'then he turned away, saying in a tone of disappointment,' / 'At the
    close of his examination, he paused, and said:': the lead-in's verb has
    no subject of its own, and its sentence's subject is a pronoun (the first
    one with a verb of its own, not in a relative clause: 'he approached the
    table where she was sitting with Kitty; and ... said').  Nobody named as
    a subject between them ('had not Mr. Collins thus addressed her,')."""
    if hi <= lo:
        return False
    base = max(lo, hi - 200)
    m = _VERB_END.match(text, base, hi)
    if m is None:
        return False
    verb = m.start("verb")
    if OBJECT_SPEAKER.search(text, max(lo, verb - 60), verb):
        return False  # 'she heard one of them say,'
    sent = base
    for s in SENT_BREAK.finditer(text, base, verb):
        sent = s.end()
    found = list(_PRONOUN_CLAUSE.finditer(text, sent, verb))
    main = [p for p in found if not _SUBORDINATE_BEFORE.search(text, max(0, p.start() - 12), p.start())]
    if not found:
        return False
    p = (main or found)[0]
    i = bisect.bisect_left(narr_pos, p.end())
    while i < len(narr_pos) and narr_pos[i] < verb:
        if not _NAME_AS_OBJECT.search(text, max(0, narr_pos[i] - 16), narr_pos[i]):
            return False
        i += 1
    pronoun_tag(u, p.group(1), p.start(1))
    return True


_POSSESSIVE = ("'s", "\u2019s")
# the people a named character has: 'said Tom's friend' is not Tom (but 'Tom's voice came' is)
_POSSESSED_PEOPLE = set(RELATION_GENDER) | GENERIC_NOUNS | {
    "cousin", "friend", "companion", "servant", "maid", "guest", "visitor", "neighbour", "neighbor", "partner",
    "lover", "secretary", "clerk", "valet", "nurse", "governess", "landlady", "landlord", "fiance", "fianc\u00e9",
    "fianc\u00e9e", "footman", "coachman", "butler"}
_POSSESSED_NOUN = re.compile(r"\s+(" + "|".join(sorted(_POSSESSED_PEOPLE, key=len, reverse=True)) + r")\b", re.I)


def possessed_relation(u: Utterance, text: str, idx: NameIndex, mentions_at) -> None:
    """'said Mr. Bennet's wife', 'said Tom's friend': not Mr. Bennet or Tom but
    his wife or friend, read as the description tag 'said his wife' right after his name."""
    m = mentions_at.get(u.tag_pos)
    if u.tag_kind != "name" or m is None:
        return
    end = m[1] + 2 if text[m[1]:m[1] + 2] in _POSSESSIVE else m[1]  # the mention may hold the "'s"
    r = _POSSESSED_NOUN.match(text, end) if text[end - 2:end] in _POSSESSIVE else None
    genders = {idx.genders.get(n) for n in m[2]}
    if r is None or len(genders) != 1 or None in genders:
        return
    relation = r.group(1).lower()
    u.tag_kind, u.tag_names, u.tag_pos = "description", set(), r.start(1)
    u.tag_words = ("his" if genders.pop() == "male" else "her", relation)
    u.tag_gender = RELATION_GENDER.get(relation) or noun_gender(relation)


# after an untagged quotation: 'The voice was Tom's.', 'It was Jane, back again.'
_REVEAL = re.compile(r"\s*(?:[Tt]he\s+(?:voice|speaker|question|answer|reply|cry|call)\s+(?:was|came\s+from)|It\s+was)\s+")
_REVEAL_END = re.compile(r"(?:['\u2019]s(?:\s+voice)?)?\s*(?:[.,;!\u2014]|who\b|$)")


def revealed_speaker(u: Utterance, text: str, lo: int, hi: int, mentions_at) -> bool:
    """'"Who's there?" The voice was Tom's.': the sentence right after an
    untagged quotation names who spoke it."""
    m = _REVEAL.match(text, lo, hi)
    mention = mentions_at.get(m.end()) if m else None
    if mention is None or not _REVEAL_END.match(text, mention[1], hi):
        return False
    u.tag_kind, u.tag_names, u.tag_pos = "name", set(mention[2]), m.end()
    return True
