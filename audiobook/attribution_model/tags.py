"""Speech tags: the `said X` beside an utterance, and whom it names.

For each utterance we read the narration around its pieces (after each
piece, then before the first) for a speech verb with a subject: a
character's name ("said Emma", "Mr. Knightley replied"), a pronoun ("she
cried"), "I", or a description ("the old man answered").  The subject may
stand apart from the verb ("Mr. Woodhouse, whose thoughts were on the
Bates's, said--") or only at the head of the sentence ("Lucy was pleased,
and said:").
"""
from __future__ import annotations

import re

from ..characters import UPPER, NameIndex
from .noun_gender import description_gender, generic_description
from .subjects import PRONOUN_RE, set_tag, walk_to_subject
from .tag_shapes import (BRIDGE, clause_subject, infinitive_subject, main_clause_subject, name_ending_at,
                         neuter_tag, object_speaker, parenthetical_subject, passive_agent, possessive_lead,
                         possessed_relation, possessive_reply, pronoun_lead, relative_subject, revealed_speaker,
                         with_lead)
from .units import _CAPNAME as CAPNAME
from .units import _SUBJECT_END as SUBJECT_END
from .units import ADVERB, MANNER, NEW_CLAUSE, SENT_BREAK, STOP_TAG, VERB, Utterance, new_sentence_after

# tag right after a piece: ', said Elizabeth' / ', Elizabeth said' / ' she cried'
TAG_AFTER_VERB_FIRST = re.compile(r"^[\s,;:!?.\u2014-]*(?:(?:[Ss]o|[Tt]hus|[Tt]hen)\s+)?(?:(?-i:[a-z])\w*ly\s+)?" + VERB
                                  + r"(?:\s+(?:to\s+\w+\s+)?(?-i:[a-z])\w*ly)?"
                                  # French inverts its pronoun with a hyphen: 'dit-il', 'demanda-t-elle'
                                  r"(?:\s+|-(?=(?:t-)?(?:il|elle)\b))"
                                  r"(?P<who>.{1,60})", re.S)
TAG_AFTER_WHO_FIRST = re.compile(r"^[\s,;:!?.\u2014-]*(?P<who>.{1,60}?)" + ADVERB + r"\s+" + VERB + r"\b", re.S)
# '"...," was Mr. Woodhouse's observation' / 'was all that Harriet could say'
TAG_AFTER_WAS = re.compile(r"^[\s,;:!?.\u2014-]*was\s+(?:all\s+that\s+)?(?P<who>.{1,60})", re.S)
# tag before the first piece: 'Elizabeth said:' / 'said Jane,' at the end of the narration
# narration within one sentence: no stop, save the dot of a title ("Mr. Darcy")
_NOSTOP = r"(?:[^.!?\"\u201c\u201d\u2018]|(?<=Mr)\.|(?<=Mrs)\.|(?<=Ms)\.|(?<=Dr)\.|(?<=St)\.)"
TAG_BEFORE = re.compile(r"(?P<who>" + _NOSTOP + r"{1,60}?)" + ADVERB + r"\s+(?P<verb>" + VERB + ")"
                        + r"\b[^.!?\"\u201c\u201d\u2018]{0,60}?[:,;\u2014-]\s*$",
                        re.S)
# a tag before the quotation with nothing between verb and quote but manner:
# 'the Queen said severely "Who is this?"', 'Rabbit said in a loud voice "In you go!"'
TAG_BEFORE_BARE = re.compile(r"(?P<who>" + _NOSTOP + r"{1,60}?)" + ADVERB + r"\s+(?P<verb>" + VERB + ")"
                             + MANNER + r"{0,2}\s*$", re.S)
# '"...," exploded Mr. Emerson' / '"...!" Miss Lavish interposed': after a quotation
# that stops mid-sentence, any past-tense verb beside a name makes a tag
TAG_AFTER_ANY_VERB = re.compile(r"^[\s\u2014-]*(?:[a-z]+ed|came|spoke|broke|went|began|thought)\s+(?P<who>.{1,60})", re.S)
TAG_AFTER_NAME_ANY = re.compile(r"^[\s\u2014-]*(?P<who>.{1,40}?)\s+(?:(?-i:[a-z])\w*ly\s+)?[a-z]+ed\b", re.S)
TAG_AFTER_NAME_BARE = re.compile(rf"^[\s\u2014-]*(?P<who>[{UPPER}].{{0,38}}?)\s+(?:(?-i:[a-z])\w*ly\s+)?[a-z]+ed(?:\s+(?-i:[a-z])\w*ly)?\s*[.,;]", re.S)
# 'she was obliged to pause before she answered': a clause of its own ('he almost immediately began' is none)
_OWN_CLAUSE = re.compile(r"\b(?:he|she|I|we|they)\b|^(?:\s+\S+){4,}")
_AND = re.compile(r"\sand\s")
_TO_VERB = re.compile(r"^\s+(?:\w+\s+){0,2}to\s*$")  # 'he was beginning to say', 'she ventured to say'
_CONNECTIVES = re.compile(r"^(?:(?:and|but|then|so|while|when|whenever|until|till|as|(?:up)?on\s+(?:which|this|that)|"
                          r"at\s+(?:which|this|that)|after\s+(?:this|that)|with\s+that|whereupon|at\s+last|"
                          r"at\s+length|presently|here|now|there|thus|yet|still)[\s,]+)+", re.I)
# a speech running on past this many further paragraphs is tagged where it begins
LONG_SPEECH_PARAGRAPHS = 3


def find_tags(text: str, units: list[Utterance], idx: NameIndex, mentions_at: dict[int, tuple]) -> None:
    """Fill each utterance's speech tag: who the adjacent `said X` names."""
    starts = sorted(mentions_at)
    for u in units:
        spans = [("after", a, b) for a, b in u.between] + [("before", *u.before)]
        if not u.after_is_next_tag:
            spans.insert(len(u.between), ("after", *u.after))
        if u.p_last - u.p_first >= LONG_SPEECH_PARAGRAPHS:
            # a speech of many paragraphs is tagged where it begins; a tag after a
            # later paragraph belongs to a quotation inside it (a story told in
            # the first person: '...guard," said I.')
            spans = [s for s in spans if s[0] == "before" or s[1] < u.first_para_end]
        if len(u.pieces) == 1 and spans[0][0] == "after" and new_sentence_after(text, spans[0][1]):
            # 'the Queen said severely "Who is this?" She said it to the Knave': a tag
            # leading into the quotation beats a fresh sentence after it
            spans.insert(0, spans.pop())
        for side, a, b in spans:
            if b <= a:
                continue
            chunk = text[a:min(b, a + 120)] if side == "after" else text[max(a, b - 160):b]
            base = a if side == "after" else max(a, b - 160)
            if side == "after":
                # only the first clause of the narration can be a tag of the quote before it
                m = TAG_AFTER_VERB_FIRST.match(chunk) or _who_first(chunk) or TAG_AFTER_WAS.match(chunk)
                if m is None and _stops_mid_sentence(text, a):
                    m = TAG_AFTER_ANY_VERB.match(chunk) or TAG_AFTER_NAME_ANY.match(chunk)
                elif m is None and _exclaims(text, a):
                    # '"Look sharp, Loo!" Tom remonstrated.': a name and a bare verb closing the sentence
                    m = TAG_AFTER_NAME_BARE.match(chunk)
                if m is not None and m.re in (TAG_AFTER_ANY_VERB, TAG_AFTER_NAME_ANY, TAG_AFTER_NAME_BARE):
                    if _leads_in(text, u):
                        continue  # 'she began, in a low voice, "If you please--" The Rabbit started': hers
                    w0 = base + m.start("who")
                    who = text[w0:base + m.end("who")]
                    # '"Oh, Miss Honeychurch!" he quavered': a pronoun serves too
                    pronoun_ok = m.re is not TAG_AFTER_NAME_BARE and re.fullmatch(r"(?:he|she)", who)
                    if set_tag(u, who, w0, idx, mentions_at, names_only=not pronoun_ok):
                        u.tag_side = side
                        break
                    continue
            else:
                m = _last(TAG_BEFORE, chunk) or _last(TAG_BEFORE_BARE, chunk)
                if m is None:  # 'and Mrs. Hurst began again.' closing the narration before it
                    m = STOP_TAG.search(chunk)
                    if m is not None and u.before[0] >= u.para_start and not _stop_subject(m.group("who")):
                        m = None  # in its own paragraph only with a subject: 'Sir William thus began.'
                if m is not None and m.re is not STOP_TAG and \
                        passive_agent(u, text, base + m.end("verb"), mentions_at):  # 'accosted by Ida,'
                    u.tag_side = side
                    break
                obj = None if m is None or m.re is STOP_TAG else \
                    object_speaker(u, m.group("who"), base + m.start("who"), text, mentions_at, starts)
                if obj is not None:  # 'Alice heard him say,': not Alice
                    u.tag_side = side if obj else None
                    break
                if m is not None and _set_before_tag(u, text, base, m, idx, mentions_at):
                    u.tag_side = side
                    break
            if not m:
                continue
            who_start = base + m.start("who")
            who = text[who_start:base + m.end("who")]
            if side == "before" or m.re is TAG_AFTER_WHO_FIRST:
                who = who.lstrip(" ,;\n\u2014-")  # "together.--Emma took"
                who_start = base + m.end("who") - len(who)
                # the subject: the last clause before the verb
                cut = max(who.rfind(","), who.rfind(";"), max((a.start() for a in _AND.finditer(who)), default=-1))
                sub = _LAST_SUBORDINATOR.match(who)  # 'her face grew paler as she answered:'
                if side == "before" and sub and sub.start(1) > cut and _SUBJECT_START.match(who, sub.start(1)):
                    cut = sub.start(1) - 1
                if side == "before" and cut >= 0:
                    who_start += cut + 1
                    who = who[cut + 1:]
            lead = len(who) - len(who.lstrip())
            who_start += lead
            who = who.lstrip()
            if m.re is TAG_AFTER_WAS:
                if set_tag(u, who, who_start, idx, mentions_at, names_only=True) or possessive_reply(u, who, who_start):
                    u.tag_side = side
                    break
                continue
            if set_tag(u, who, who_start, idx, mentions_at):
                u.tag_side = side
                break
            if side == "before" and _NOT_ONE_PERSON.search(who):
                break  # 'what they said was this:', 'it said': no character's tag
            if side == "before" and _subject_fallback(u, text, who_start, who_start + len(who), idx, mentions_at):
                u.tag_side = side
                break
        if u.tag_kind is None and (neuter_tag(u, text, mentions_at, starts)
                                   or possessive_lead(u, text, *u.before, mentions_at, starts)
                                   or with_lead(u, text, *u.before, mentions_at, starts)
                                   or pronoun_lead(u, text, *u.before, starts)
                                   or revealed_speaker(u, text, *u.after, mentions_at)):
            u.tag_side = "after" if u.tag_kind == "name" and u.tag_pos >= u.pieces[0][1] else "before"
        _described(u, text, idx, mentions_at)
        possessed_relation(u, text, idx, mentions_at)


# the verb's own subject right before it, and no one character: 'what they said', 'and it said'
_NOT_ONE_PERSON = re.compile(r"\b(?:they|it|you|one|everybody|everyone|all)\s*$", re.I)


# a stop no part of a TAG_BEFORE(_BARE) match can hold (a title's dot, "Mr.", only in its subject)
_HARD_STOP = re.compile(r"[!?\"\u201c\u201d\u2018]|(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!St)\.")


# a speech verb as TAG_BEFORE(_BARE) has it, after the space that must precede it
_SPACED_VERB = re.compile(r"\s(?:" + VERB + r")\b", re.S)
_BEFORE_VERB = re.compile(r"\s*(?:\w+\s*)?$")
_WHO_MAX = 60  # the longest subject TAG_BEFORE(_BARE) takes


def _search_near_verb(regex: re.Pattern, chunk: str, pos: int):
    """regex.search(chunk, pos), the same match found faster: a match is a
    subject of at most _WHO_MAX characters, at most an adverb and spaces,
    then a speech verb; so none starts before the first verb's reach, and
    without a verb there is none (the search tried from every position of
    the chunk was the slowest step of finding tags)."""
    v = _SPACED_VERB.search(chunk, pos)
    if v is None:
        return None
    # back over the spaces and the one word (an adverb) that may stand between subject and verb
    reach = _BEFORE_VERB.search(chunk, pos, v.start() + 1).start()
    return regex.search(chunk, max(pos, reach - _WHO_MAX))


def _last(regex: re.Pattern, chunk: str):
    """The match with the last verb: 'Alice replied, so eagerly that the
    Gryphon said, in a rather offended tone,' is the Gryphon's tag.
    The match lies within the last sentence, so the search starts there
    (same result; a long paragraph is not tried at every position)."""
    start = 0
    for stop in _HARD_STOP.finditer(chunk):
        start = stop.end()
    m = _search_near_verb(regex, chunk, start)
    while m is not None:
        nxt = _search_near_verb(regex, chunk, m.end("verb"))
        # a new clause with a subject and verb of its own: not a noun ('cried in a whisper,'),
        # nor a participle of the same clause ('continued the subject, by saying,')
        if nxt is None or nxt.group("verb").endswith("ing") or not _NEW_SUBJECT.search(nxt.group("who")):
            break
        m = nxt
    return m


_NEW_SUBJECT = re.compile(r"(?:,|\band|\bthat|\bwhile|\bwhen)\s+(?:then\s+|when\s+|(?-i:[a-z])\w*ly\s+)?(?:(?:Mr|Mrs|Ms|Dr|St)\.\s+)?"
                          rf"(?:[{UPPER}][\w'-]*|he|she|it|they|I|we|(?:the|a|an|his|her|my)\s+(?:\w+\s+)?[\w-]+)"
                          rf"(?:\s+[{UPPER}][\w'-]*)*$")


def _described(u: Utterance, text: str, idx: NameIndex, mentions_at) -> None:
    """'said the clergyman', 'said the girl': a cast alias that is a lower-case
    generic description is no name: the book may so describe any character who
    fits (the hero's father, the heroine), so it is a description tag whose
    listed owner is one candidate (tag_alias) among those who fit.  A role
    ('the cook', 'the coroner'), a possessive ('her sister') or a capitalised
    description ('the Gryphon') still names its character."""
    m = mentions_at.get(u.tag_pos)
    if u.tag_kind != "name" or m is None or not generic_description(text[m[0]:m[1]]):
        return
    words = tuple(text[m[0]:m[1]].split())
    genders = {idx.genders.get(n) for n in m[2]}
    u.tag_kind, u.tag_alias, u.tag_names, u.tag_words = "description", set(m[2]), set(), words
    u.tag_gender = description_gender(list(words)) or (genders.pop() if len(genders) == 1 else None)


# 'Mr. Bounderby, upon whom these consolations had begun': the verb is the aside's own
_OPEN_RELATIVE = re.compile(r",\s*(?:\w+\s+)?(?:who|whom|whose|which)\b[^,]*$")


def _who_first(chunk: str):
    m = TAG_AFTER_WHO_FIRST.match(chunk)
    if m is None or _OPEN_RELATIVE.search(m.group("who")):
        return None
    who = m.group("who").lstrip(" ,;\n\u2014-")
    pm = PRONOUN_RE.match(who)
    if pm and _OWN_CLAUSE.search(who[pm.end():]) and not _TO_VERB.match(who[pm.end():]):
        return None  # '"...!" she was obliged to pause before she answered': her own speech to come
    return m


def _leads_in(text: str, u: Utterance) -> bool:
    """Does a speech verb lead into the first piece ('she began, in a low voice,')?
    Then it is the tag, not a verb of any kind after the quotation."""
    a, b = u.before
    return b > a and _last(TAG_BEFORE, text[max(a, b - 160):b]) is not None


def _exclaims(text: str, end: int) -> bool:
    return text[max(0, end - 3):end].rstrip("\"'\u201d\u2019 ").endswith(("!", "?"))


def _stops_mid_sentence(text: str, end: int) -> bool:
    """Does the quotation ending at ``end`` stop with a comma, or with ! or ?
    before a lower-case word (the sentence runs on into its tag)?"""
    inner = text[max(0, end - 3):end].rstrip("\"'\u201d\u2019 ")
    if inner.endswith((",", "\u2014", "-")):
        return True
    if inner.endswith(("!", "?")):
        nxt = re.match(r"[\s\u2014-]*(\w)", text[end:end + 20])  # '"...pouf!"--he screwed up his face'
        return bool(nxt and nxt.group(1).islower())
    return False


def _set_before_tag(u: Utterance, text: str, base: int, m, idx: NameIndex, mentions_at) -> bool:
    """A name right before the verb of a tag before the quotation is its
    subject, whatever precedes it ('Alice heard the King say', 'and Cecil had said')."""
    who_start, who_end = base + m.start("who"), base + m.end("who")
    for p in range(who_end - 1, who_start, -1):
        if p in mentions_at and BRIDGE.match(text[mentions_at[p][1]:who_end]):
            u.tag_kind, u.tag_names, u.tag_pos = "name", set(mentions_at[p][2]), p
            return True
    lo = max(u.before[0], who_end - 200)
    return relative_subject(u, text, lo, who_end, mentions_at) or \
        parenthetical_subject(u, text, lo, who_end, mentions_at)


def _subject_fallback(u: Utterance, text: str, clause_start: int, who_end: int, idx: NameIndex,
                      mentions_at) -> bool:
    """When the verb's own clause names nobody: its words after a connective
    ('Then Cecil said'), else the subject of the sentence ('Mr. Beebe, who
    felt responsible for her, ventured to say:', 'Lucy was pleased, and said:')."""
    clause = text[clause_start:who_end]
    thanked = _FOR_SAYING.search(text, max(u.before[0], who_end - 60), who_end)  # 'grateful to her uncle for saying,'
    if thanked is not None and set_tag(u, thanked.group("who"), thanked.start("who"), idx, mentions_at):
        return True
    if infinitive_subject(u, text, max(u.before[0], clause_start - 120), who_end, mentions_at):
        return True
    infinitive = None
    for infinitive in _FOR_TO.finditer(clause):  # 'for Frank to draw near her and say,'
        pass
    if infinitive is not None and name_ending_at(u, clause_start, clause_start + infinitive.end(1), mentions_at):
        return True
    adv = _LEAD_ADVERBIAL.match(clause.lstrip())  # 'Suddenly he said:', 'First of all she said:'
    if adv:
        pos = clause_start + len(clause) - len(clause.lstrip()) + adv.end()
        if set_tag(u, text[pos:who_end], pos, idx, mentions_at):
            return True
    lead = _CONNECTIVES.match(clause.lstrip())
    if lead:
        pos = clause_start + len(clause) - len(clause.lstrip()) + lead.end()
        if text[pos:who_end].strip() and set_tag(u, text[pos:who_end], pos, idx, mentions_at):
            return True
    rest = _CONNECTIVES.sub("", clause.strip() + " ").strip()
    first = rest.split()[0] if rest else ""
    if first and (first[0].isupper() or first.lower() in _SUBJECT_WORDS):
        return False  # the clause has a subject of its own, just not a known one
    lo = max(u.before[0], clause_start - 300)
    lo = max([lo] + [text.rfind(q, lo, clause_start) + 1 for q in '"\u201c\u201d'])  # not into a quotation
    sent = lo
    for mm in SENT_BREAK.finditer(text, lo, clause_start):
        sent = mm.end()
    if _PARTICIPLE.match(text, who_end):
        # 'where the chambermaid burst in upon him, exclaiming': the clauses just before
        for last in [c.end() for c in _LAST_CLAUSE.finditer(text, sent, who_end)][-3:][::-1]:
            if set_tag(u, text[last:who_end], last, idx, mentions_at):
                return True
    if walk_to_subject(u, text, sent, who_end, idx, mentions_at):
        return True
    stripped = text[sent:clause_start].lstrip(" \n\"'\u201d\u2019\u2014-")
    opener = _OPENER.match(stripped)  # 'So when Pooh came along, Eeyore ... said'
    if _SUBORDINATE.match(stripped, opener.end() if opener else 0) and \
            main_clause_subject(u, text, clause_start - len(stripped), clause_start, mentions_at):
        return True
    for mm in NEW_CLAUSE.finditer(text, sent, clause_start):  # ', while Miss Bartlett, ..., added:'
        sent = mm.start(1)
    for mm in _NEW_CLAUSE_ADV.finditer(text, sent, clause_start):  # ', and at last Miss Bartlett rose'
        sent = mm.start(1)
    head = text[sent:clause_start]
    stripped = head.lstrip(" \n\"'\u201d\u2019\u2014-")
    pos = sent + len(head) - len(stripped)
    if _SUBORDINATE.match(stripped) and main_clause_subject(u, text, pos, clause_start, mentions_at):
        return True
    if _COORDINATED.match(rest) and (rest or clause.strip() == "and") and \
            clause_subject(u, text, pos, clause_start, mentions_at, sorted(mentions_at)):
        return True  # 'that Miss Bartlett had recovered her luggage and could say:'
    lead = _CONNECTIVES.match(stripped)
    if lead:
        pos += lead.end()
    return pos < clause_start and set_tag(u, text[pos:who_end], pos, idx, mentions_at)


# adverbs and adverbial phrases that may open a sentence before its pronoun subject
_LEAD_ADVERBIAL = re.compile(r"(?:(?:[A-Za-z]+ly|first\s+of\s+all|at\s+(?:last|length)|"
                             r"soon(?:\s+after(?:wards)?)?|again|once\s+more|at\s+once|"
                             r"in\s+a\s+(?:moment|minute|little\s+while)|for\s+a\s+(?:moment|minute)|"
                             r"after\s+a\s+(?:\w+\s+)?(?:pause|while|silence|moment|minute))[,\s]+)+(?=(?:he|she|I|we)\b)",
                             re.I)
def _stop_subject(who: str) -> bool:
    """A subject before 'began.' closing the narration: 'Sir William thus began.',
    'Presently she began again.' (its own sentence, past an opening adverb)."""
    sentence = re.split(r"[.!?)]\s+|\n\s*\n", who)[-1].strip()
    lead = _LEAD_ADVERBIAL.match(sentence)
    return bool(SUBJECT_END.search(who) or SUBJECT_END.search(sentence[lead.end():] if lead else sentence))


# a subordinate clause holding the verb: 'as she answered:', 'before he said:'
_LAST_SUBORDINATOR = re.compile(r".*\s(?:as|before|when|while|till|until|after)\s+((?:he|she|I|we)\b.*)$", re.S)
_SUBJECT_START = re.compile(r"(?:he|she|I|we)(?:\s+(?:then|again|(?-i:[a-z])\w*ly))?\s*$")
_NEW_CLAUSE_ADV = re.compile(r"\b(?:and|but|while|whereupon)\s+(?:(?:at\s+last|at\s+length|presently|then|now|soon|"
                             r"again|(?-i:[a-z])\w*ly)[,\s]+)+((?:the\s+)?" + CAPNAME + ")")
_PARTICIPLE = re.compile(r"\s*(?:(?-i:[a-z])\w*ly\s+)?[a-z]+ing\b")
_LAST_CLAUSE = re.compile(r"(?:[,;:]\s+(?:where|when|while|and|as|whereupon)|[;:])\s+|--|\u2014")
_FOR_SAYING = re.compile(r"\b(?:to|thanked|thanking|thank|bless|blessed)\s+(?P<who>\S[\s\S]{0,30}?)\s+for\s*$")
_OPENER = re.compile(r"(?:(?:and|but|so|then|yet)[\s,]+)+", re.I)
_FOR_TO = re.compile(r"\bfor\s+(?:the\s+)?(\S[\s\S]{0,40}?)\s+to\s+\w+")
# a verb phrase with no subject of its own: 'and could say', 'and then said'
_COORDINATED = re.compile(r"^(?:could|would|should|might|must|did|was|had|then|(?-i:[a-z])\w*ly)?$")

_SUBORDINATE = re.compile(r"(?:when|while|as|after|before|if|though|although|since|until|till|once)\b", re.I)


_SUBJECT_WORDS = {"he", "she", "i", "we", "they", "it", "the", "a", "an", "his", "her", "my", "our", "their",
                  "this", "that", "one", "everybody", "everyone", "somebody", "someone", "nobody", "all"}
