"""Utterances and the narration around them: the facts attribution reads.

An utterance is what one speaker says in one turn: the dialogue segments of
one paragraph (a quotation split by a tag, `"...," said she, "..."`, has one
speaker) plus the paragraphs it carries on into (``continues=True``).  For
each one we keep its pieces, the narration of its paragraph (before, between
and after the pieces); tags.py reads the speech tag found there, if any.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..characters import NOT_NAMES, PARTICLES, UPPER
from ..model import DIALOGUE, Segment

SPEECH_VERBS = (
    "said|says|say|saying|cried|cries|replied|replies|asked|asks|answered|answers|exclaimed|returned|"
    "added|adds|continued|observed|remarked|whispered|shouted|called|began|begun|repeated|muttered|"
    "murmured|declared|interrupted|thought|retorted|inquired|enquired|rejoined|explained|protested|"
    "pursued|urged|resumed|persisted|suggested|agreed|sighed|laughed|screamed|sobbed|groaned|"
    "growled|cried|said|went on|put in|broke in|broke out|burst out|struck in|concluded|"
    "demanded|insisted|admitted|assented|stammered|faltered|gasped|hissed|snapped|roared|"
    "grumbled|panted|ventured|echoed|commented|announced|warned|pleaded|begged|exclaims|"
    "thundered|bawled|yelled|sang|chuckled|observes|returns|smiled|nodded|shrieked|wailed|"
    "responded|objected|proceeded|mused|reflected|told|tells|called out|cried out|went on to say|"
    "said to|whimpered|squeaked|piped|sniffed|grunted|corrected|confessed|mumbled|breathed|whisper|"
    "sang out|calling out|drawled|teased|whined|quoth|bellowed|blurted|blurted out|chorused|lisped|chirped|"
    "purred|barked|scolded|soothed|croaked|moaned|spluttered|sputtered|countered|conceded|boasted|hollered|"
    "snarled|stuttered|cooed|taunted|jeered|scoffed|sneered|rasped|intoned|interjected|quipped|trilled|"
    "wheezed|yelped|howled|squealed|giggled|snickered|chortled|implored|entreated|volunteered|ejaculated|"
    # the commonest verbs of speech of the other languages language.py tells, none of them an English
    # word: a book in French or German has its "dit Marie", "sagte Hans" read as tags too
    "dit|répondit|demanda|s'écria|s’écria|cria|reprit|ajouta|murmura|répliqua|continua|poursuivit|"
    "s'exclama|s’exclama|interrompit|déclara|soupira|hurla|chuchota|observa|"
    "sagte|fragte|antwortete|rief|flüsterte|erwiderte|meinte|murmelte|schrie|entgegnete|seufzte|"
    "dijo|respondió|preguntó|exclamó|gritó|contestó|murmuró|añadió|replicó|susurró|repuso|"
    "disse|rispose|chiese|domandò|esclamò|gridò|aggiunse|mormorò|replicò|"
    "zei|vroeg|antwoordde|riep|fluisterde|perguntou|respondeu|exclamou|gritou|"
    "sade|frågade|svarade|ropade|viskade|sagde|spurgte|svarede|råbte|spurte|svarte|ropte")
# longest first, so 'called out Cecil' reads the verb 'called out', not 'called' and a name 'out Cecil';
# 'had begun to produce' is no tag
# participles ('was repeating,', 'shouting "Off with his head!"') and 'thus accosted her,': tags of
# the quotation they lead into (kept out of SPEECH_VERBS, which dashes.py also reads)
_PARTICIPLES = ("accosted|addressed|beginning|repeating|answering|replying|adding|whispering|shouting|exclaiming|"
                "crying|calling|muttering|murmuring|asking|observing|remarking|interrupting|continuing|calling out|"
                "crying out")
# a bare form only after a modal or 'to': 'could just answer,', 'was at last forced to add,'
_BARE = "answer|reply|add|exclaim|remark|shout|murmur|mutter|inquire|declare|interpose"  # not 'to ask her'
_AFTER_MODAL = "|".join(r"(?<=\b%s%s )" % (w, adv) for w in ("to", "could", "would", "should", "might", "must", "did")
                       for adv in ("", " just", " only", " then", " but"))


def verb_pattern(verbs: str) -> str:
    """An alternation of |-separated verbs, longest first ('called out' before
    'called'), a verb of two words allowed to break across lines ('called\nout')."""
    return "|".join(v.replace(" ", r"\s+") for v in sorted(set(verbs.split("|")), key=len, reverse=True))


SPEECH_VERB_PATTERN = verb_pattern(SPEECH_VERBS)  # for dashes.py and discover.py
VERB = r"(?:" + "|".join(v + r"(?!\s+to\b)" if v in ("began", "begun", "beginning") else v
                         for v in verb_pattern(SPEECH_VERBS + "|" + _PARTICIPLES).split("|")) \
    + r"|(?:" + _AFTER_MODAL + r")(?:" + _BARE + r"))"
# the manner between a verb and its quotation: 'sulkily', 'to Alice', 'in a rather offended tone'
MANNER = (r"(?:\s+(?-i:[a-z])\w*ly|\s+to\s+(?:(?:the|his|her|their|my|its)\s+)?\w+|"
          r",?\s+(?:in|with)\s+(?:a|an|the|his|her|its|their)\s+[\w\s,-]{1,30}?"
          r"(?:voice|tone|whisper|manner|way|air|smile|sigh|accent))")
# adverbs are lower case everywhere here: "said Emily", "Polly said" end in -ly too
ADVERB = r"(?:\s+(?-i:[a-z])\w*ly)?"
FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")


@dataclass
class Utterance:
    index: int
    segments: list[int]                    # indexes into the segment list
    pieces: list[tuple[int, int]]          # (start, end) of each dialogue segment
    para_start: int
    para_end: int
    p_first: int                           # paragraph numbers of the first and last piece
    p_last: int
    before: tuple[int, int] = (0, 0)       # narration of the paragraph before the first piece
    after: tuple[int, int] = (0, 0)        # narration after the last piece
    between: list[tuple[int, int]] = field(default_factory=list)
    tag_kind: str | None = None            # "name" | "pronoun" | "description" | "first" | None
    tag_names: set[str] = field(default_factory=set)
    tag_gender: str | None = None
    tag_pos: int = -1
    tag_side: str | None = None            # "after" | "before"
    tag_words: tuple[str, ...] = ()        # a description tag's words ("his", "wife")
    tag_alias: set[str] = field(default_factory=set)  # characters the cast lists under a description tag
    quote_text: str = ""
    after_is_next_tag: bool = False        # the narration after it tags the next quotation of its paragraph
    first_para_end: int = 0                # end of the first piece's paragraph


class SpanSet:
    """Sorted, disjoint (start, end) spans (the dialogue) that answer `pos in spans`."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


PARAGRAPH_CAP = 4000  # characters: a longer paragraph is read as several


def paragraph_starts(text: str) -> list[int]:
    """Sorted starts of paragraphs (via the quotes stage's paragraph rule).  A
    paragraph longer than `PARAGRAPH_CAP` is cut at sentence ends into pieces
    of at most that length: the features look over a turn's whole paragraph,
    and a book with no paragraph breaks at all would otherwise cost time
    growing with the square of its length (a 2 MB one took minutes).  The
    dev novels' longest paragraphs are letters, with no dialogue in them."""
    from ..quotes import paragraph_spans
    out: list[int] = []
    for start, end, _ in paragraph_spans(text, 0, len(text)):
        out.append(start)
        while end - out[-1] > PARAGRAPH_CAP:
            a = out[-1]
            cut = None
            for m in SENT_BREAK.finditer(text, a + PARAGRAPH_CAP // 2, a + PARAGRAPH_CAP):
                cut = m.end()
            if cut is None:  # no sentence end: at the last space
                cut = text.rfind(" ", a + PARAGRAPH_CAP // 2, a + PARAGRAPH_CAP) + 1 or a + PARAGRAPH_CAP
            out.append(cut)
    return out


def build_utterances(text: str, segments: list[Segment], para_starts: list[int]) -> list[Utterance]:
    units: list[Utterance] = []

    def para_of(pos: int) -> int:
        return max(bisect.bisect_right(para_starts, pos) - 1, 0)

    last_para = -1
    turn_names: set = set()
    turn_lead = ""
    for i, seg in enumerate(segments):
        if seg.kind != DIALOGUE or not seg.text.strip():
            continue
        p = para_of(seg.start)
        # same paragraph: one turn, unless nothing at all stands between two
        # quotations ('"...front--" "You must have it,"': two speakers)
        gap = text[units[-1].pieces[-1][1]:seg.start] if units else ""
        same_turn = bool(units) and p == last_para and gap.strip() != ""
        if same_turn and not seg.continues:
            # '"Got it?" and Pooh said, "Yes"': a new name tags the next quotation
            new = _new_speaker_before(gap, turn_names, fresh=new_sentence_after(text, units[-1].pieces[-1][1])
                                      or bool(SENT_BREAK.search(gap.strip())))
            # '"Fact!" said the gentleman.  And "Fact!" repeated Thomas Gradgrind.': the
            # next quotation's own tag names another speaker
            own = None if new_sentence_after(text, seg.end) else \
                _last_word(_after_name(text[seg.end:min(seg.end + 80, _para_end(text, para_starts, p))]))
            named = {n for n in turn_names | {_last_word(_after_name(gap)) or _described_after(gap)} if n}
            # 'when Rabbit said, "Honey?" he was so excited that he said, "Both,"': the quotation of a
            # 'when' clause, then the main clause leading in to the answer
            answer = len(units[-1].pieces) == 1 and _WHEN_LEAD.search(turn_lead) and _LEADS_IN.search(gap)
            if new or answer or (own and own not in _PRONOUNS and named and own not in named
                                 and SENT_BREAK.search(gap)):
                same_turn = False
                units[-1].after = (units[-1].pieces[-1][1], seg.start)
                # the gap is the next quotation's lead-in, unless it opens with a tag of its own
                own_tag = _after_name(gap) or _PRONOUN_TAG.match(gap) or _GAP_PRONOUN.match(gap) or _described_after(gap)
                units[-1].after_is_next_tag = bool(answer) or \
                    bool(new) and (not own_tag or _last_word(_after_name(gap)) == new)
            else:
                turn_names.add(_last_word(_after_name(gap)))
        if units and (seg.continues or same_turn):
            u = units[-1]
            u.segments.append(i)
            u.pieces.append((seg.start, seg.end))
            if p != last_para:
                u.para_end = _para_end(text, para_starts, p)
                u.p_last = p
        else:
            ps = para_starts[p] if para_starts else 0
            units.append(Utterance(index=len(units), segments=[i], pieces=[(seg.start, seg.end)],
                                   para_start=ps, para_end=_para_end(text, para_starts, p),
                                   p_first=p, p_last=p, first_para_end=_para_end(text, para_starts, p)))
            lead_start = units[-2].pieces[-1][1] if p == last_para and len(units) > 1 else ps
            lead = text[lead_start:seg.start]
            # 'She merely said, "..."': a pronoun tag names the turn's speaker too
            turn_names = {_last_word(_before_name(lead)) or _pronoun_lead(lead)}
            turn_lead = lead
        last_para = p
    dialogue_paras = {p for u in units for p in range(u.p_first, u.p_last + 1)}
    last_piece_end = {}  # paragraph -> end of its last dialogue piece
    for u in units:
        for a, b in u.pieces:
            last_piece_end[para_of(a)] = max(b, last_piece_end.get(para_of(a), 0))
    for u in units:
        u.before = (u.para_start, u.pieces[0][0])
        p = u.p_first - 1
        if not text[u.para_start:u.pieces[0][0]].strip() and p >= 0:
            # 'Forcing a smile, she said,' closing the paragraph above (after any
            # quotation of its own) introduces this one's quotation
            lead_start = last_piece_end.get(p, para_starts[p]) if p in dialogue_paras else para_starts[p]
            lead = text[lead_start:_para_end(text, para_starts, p)]
            if lead.strip() and (lead.rstrip().endswith((":", ",", "\u2014", "-"))
                                 or _closes_with_tag(lead, p in dialogue_paras)):
                u.before = (lead_start, u.pieces[0][0])
        if not u.after_is_next_tag and u.after[1] <= u.pieces[-1][1]:
            u.after = (u.pieces[-1][1], max(u.para_end, u.pieces[-1][1]))
            q = u.p_last + 1
            if not text[u.after[0]:u.after[1]].strip() and q < len(para_starts) and q not in dialogue_paras \
                    and _SO_SAID.match(text, para_starts[q]):
                # 'So began Miss Bates; and ...' opening the paragraph below tags this quotation
                u.after = (u.pieces[-1][1], _para_end(text, para_starts, q))
        u.between = [(a[1], b[0]) for a, b in zip(u.pieces, u.pieces[1:])]
        u.quote_text = " ".join(text[a:b] for a, b in u.pieces)
    return units


_NAME_WORD = rf"[{UPPER}](?:[\w'-]|\u2019(?=\w))+"  # "O'Brien", "O\u2019Brien"; not a closing \u2019
_CAPNAME = rf"(?:(?:Mr|Mrs|Ms|Dr|St)\.\s+)?(?:{PARTICLES}\s+)*{_NAME_WORD}(?:\s+(?:{PARTICLES}\s+)*{_NAME_WORD})*"
_BEFORE_NAME = re.compile(r"(?:^|[\s,;(])(?:the\s+)?(?P<n>" + _CAPNAME + r")(?:\s+(?:(?-i:[a-z])\w*ly|had|has|was|would|could|"
                          r"did|then|now|next|also|again|only|still|just))*\s+" + VERB
                          + r"\b" + MANNER + r"{0,2}[\s,:\u2014-]*$")
_AFTER_NAME = re.compile(r"^[\s,;:!?.\u2014-]*(?:" + VERB + r"\s+(?:the\s+)?(?P<a>" + _CAPNAME
                         + r")|(?:the\s+)?(?P<b>" + _CAPNAME + r")\s+(?:(?-i:[a-z])\w*ly\s+)?" + VERB + r"\b)")


# ', while Miss Bartlett ... added:', '; and an old Crab took the opportunity of saying': a new subject
NEW_CLAUSE = re.compile(r"\b(?:while|and|but|whereupon|when)\s+(?:then\s+)?((?:(?:the|a|an)\s+(?:[a-z]+\s+){0,2})?"
                        + _CAPNAME + ")")
# the last speech verb of a stretch ending the lead-in of a quotation
_VERB_END = re.compile(r"(?s).*\b(?=" + VERB + r"\b[^.!?\"\u201c\u201d]{0,60}?[\s,:\u2014-]*$)")


def _before_name(s: str) -> str | None:
    """The capitalised name tagging a quotation from before it: the one right
    before the verb, else the first name of the sentence that ends in the verb."""
    s = s[-200:]
    m = _BEFORE_NAME.search(s)
    if m and m.group("n").split()[0].lower() not in NOT_NAMES:  # 'And then whispering--' names nobody
        return m.group("n")
    v = _VERB_END.match(s)  # it opens with .*: search would retry it from every position (quadratic)
    if not v:
        return None
    sent = s[:v.end()]
    cut = max((mm.end() for mm in SENT_BREAK.finditer(sent)), default=0)
    # '..., said Cecil, while Miss Bartlett, under the impression..., added:'
    cut = max([cut] + [mm.start(1) for mm in NEW_CLAUSE.finditer(sent, cut)])
    for mm in re.finditer(_CAPNAME, sent[cut:]):
        words = mm.group(0).split()
        while words and words[0].lower() in NOT_NAMES:  # 'When Pooh asked'
            words.pop(0)
        if words:
            return " ".join(words)
    return None


def _after_name(s: str) -> str | None:
    m = _AFTER_NAME.match(s)
    return (m.group("a") or m.group("b")) if m else None


# '"Fact!" said the gentleman.': a tag naming a described speaker
_DESCRIBED_AFTER = re.compile(r"^[\s,;:!?.\u2014-]*(?:" + VERB + r"\s+(?:the|a|an|his|her)\s+(?P<a>[a-z][\w-]*)"
                              r"|(?:the|a|an|his|her)\s+(?P<b>[a-z][\w-]*)\s+(?:(?-i:[a-z])\w*ly\s+)?" + VERB + r"\b)")


def _described_after(s: str) -> str | None:
    m = _DESCRIBED_AFTER.match(s)
    return (m.group("a") or m.group("b")) if m else None


def _last_word(name: str | None) -> str | None:
    return name.split()[-1].lower() if name else None


# 'A short pause followed, and Mrs. Hurst began again.': a sentence closing the
# paragraph before a quotation with a speech verb that has nothing to say yet
_NOSTOP = r"(?:[^.!?\"\u201c\u201d\u2018]|(?<=Mr)\.|(?<=Mrs)\.|(?<=Ms)\.|(?<=Dr)\.|(?<=St)\.)"
_ABOUT_TO_SPEAK = (r"(?:began|continued|went\s+on|resumed|replied|answered|rejoined|added|spoke|interposed|"
                   r"persisted|pursued|said|asked|cried|exclaimed|observed|remarked|submitted|stammered|demurred|"
                   r"interrupted|protested)"
                   r"(?:\s+(?:again|once\s+more|at\s+once|at\s+last|at\s+length|presently|then|now|(?-i:[a-z])\w*ly))?")
STOP_TAG = re.compile(r"(?P<who>" + _NOSTOP + r"{1,80}?)(?:\s+(?:thus|then|now|presently))?" + ADVERB
                      + r"\s+(?P<verb>" + _ABOUT_TO_SPEAK + r")" + MANNER + r"?\s*\.\s*$")
_STOP_VERB = re.compile(r"\s(?:" + _ABOUT_TO_SPEAK + r")\s*\.\s*$")


# the words before the verb end in a subject: a name, a pronoun or a description
_SUBJECT_END = re.compile(r"(?:^|[,;\u2014-]\s*|\b(?:and|but|then|when|while|till|until|as)\s+)\s*(?:then\s+)?(?:(?:Mr|Mrs|Ms|Dr|St)\.\s+)?"
                          rf"(?:[{UPPER}][\w'-]*(?:\s+[{UPPER}][\w'-]*)*|he|she|they|I|we|"
                          r"(?:the|a|an|his|her|my)\s+(?:\w+\s+)?[\w-]+)\s*$")


def _closes_with_tag(lead: str, after_quote: bool) -> bool:
    """Does the narration `lead` end with a bare speech verb in a sentence of
    its own, not in the tag of a quotation before it ('"Yes!" Emma replied.')?"""
    body = len(lead.rstrip())
    if not lead[:body].endswith("."):
        return False
    # find the closing verb first: STOP_TAG tried from every position of a long
    # paragraph was the slowest step of scripting
    v = _STOP_VERB.search(lead, max(0, body - 80))
    if v is None:
        return False
    m = STOP_TAG.search(lead, max(0, v.start() - 160))
    if m is None or not _SUBJECT_END.search(m.group("who")):
        return False  # 'whatever she wished him to say should be said.'
    return not after_quote or bool(SENT_BREAK.search(lead[:m.start("who")] + " ")) \
        or bool(re.search(r"[,;]\s+(?:and|but|while|when|then)\b", m.group("who")))


_SO_SAID = re.compile(r"\s*(?:So|Thus)\s+" + VERB + r"\b")
_WHEN_LEAD = re.compile(r"\bwhen\s+(?:the\s+)?" + _CAPNAME + r"(?:\s+(?-i:[a-z])\w*ly)?\s+" + VERB
                        + r"\b[^.!?\"\u201c\u201d]{0,30}"
                        r"[,:]?\s*$")
_LEADS_IN = re.compile(r"\b" + VERB + r"\b[^.!?\"\u201c\u201d]{0,40}?[,:\u2014-]\s*$")
_PRONOUN_TAG = re.compile(r"[\s,;:!?.\u2014-]*(?:he|she|they|I)\s+(?:(?-i:[a-z])\w*ly\s+)?" + VERB + r"\b")
_PRONOUNS = {"he", "she", "i", "we", "they", "it"}
_LAST_PRONOUN_LEAD = re.compile(r"(?s).*\b(he|she|He|She)\s+(?:(?-i:[a-z])\w*ly\s+)?" + VERB
                                + r"\b[^.!?\"\u201c\u201d]{0,60}?[,:\u2014-]\s*$")
_GAP_PRONOUN = re.compile(r"[\s,;:!?.\u2014-]*(?:" + VERB + r"\s+(he|she)\b|(he|she|He|She)\s+(?:(?-i:[a-z])\w*ly\s+)?"
                          + VERB + r"\b)")


_PRONOUN_LEAD = re.compile(r"\b(he|she|they|I)\s+(?:(?-i:[a-z])\w*ly\s+)?" + VERB + r"\b[^.!?\"\u201c\u201d]{0,60}$", re.I)


def _pronoun_lead(lead: str) -> str | None:
    m = _PRONOUN_LEAD.search(lead[-120:])
    return m.group(1).lower() if m else None


LONG_GAP_SENTENCES = 2


def _new_speaker_before(gap: str, turn_names: set, fresh: bool = False) -> str | None:
    """The name tagging the next quotation of a paragraph, when the current
    turn already goes by another ('"Hush!" said Kanga, while Roo said "Hush!"'),
    or by nobody yet and a new sentence leads to it ('"Right!" On which Seven said, "..."')."""
    new = _last_word(_before_name(gap))
    after = _last_word(_after_name(gap))
    known = {n for n in turn_names | {after} if n and n != new}
    unnamed = not any(n for n in turn_names | {after})
    # '"What is his sorrow?" she asked the Gryphon, and the Gryphon answered, "..."'
    pronoun_tagged = bool(_PRONOUN_TAG.match(gap))
    # a long stretch of narration ('"It will not last." But to-day ... and Cecil, sharing the discontent,
    # called out:'): what the turn went by before it is stale, a lead-in naming another speaker starts a turn
    far = len(SENT_BREAK.findall(gap)) >= LONG_GAP_SENTENCES and new != after
    if after and _TAG_WITH_RELATIVE.match(gap) and not SENT_BREAK.search(gap):
        return None  # '"Yes," said Mr. Bennet, who had heard all that Mary had to say, "I know."': his aside
    if new is None and after is None:
        # '..., he said, "Oh! the Duchess!" Alice was desperate; so she began, "If you please--"':
        # the other pronoun leads into the next quotation
        tagged = _GAP_PRONOUN.match(gap)  # the tag of the quotation before: '"Oh!" he cried,' / 'said he'
        lead = _LAST_PRONOUN_LEAD.match(gap, tagged.end() if tagged else 0)
        said = turn_names | ({(tagged.group(1) or tagged.group(2)).lower()} if tagged else set())
        if lead and lead.group(1).lower() in ("he", "she") and {"he", "she"} - {lead.group(1).lower()} & said:
            return lead.group(1).lower()
    return new if new and (known or pronoun_tagged or (fresh and unnamed) or far) else None


# a tag whose speaker a relative clause describes, up to the comma where the quotation resumes
_TAG_WITH_RELATIVE = re.compile(r"[^,]*,\s*(?:\w+\s+)?(?:who|whom|whose|which)\b[^;:]*,\s*$")


def _para_end(text: str, para_starts: list[int], p: int) -> int:
    end = para_starts[p + 1] if p + 1 < len(para_starts) else len(text)
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


# a stop before a space, or before a dash run into the next sentence ('her father.--Mr. Knightley got up')
SENT_BREAK = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.!?]['\"\u201d\u2019)]*"
                         r"(?:\s+|(?:--|\u2014)(?=\s*[A-Z]))|\n\s*\n")


def new_sentence_after(text: str, end: int) -> bool:
    """Does the quotation ending at ``end`` close its sentence, the narration
    going on with a capital ('"Who is this?" She said it to him')?"""
    inner = text[max(0, end - 3):end].rstrip("\"'\u201d\u2019 ")
    nxt = re.match(r"[\s\u2014-]*(\w)", text[end:end + 20])  # '"...!"--Even Mr. Weston'
    return inner.endswith((".", "!", "?")) and bool(nxt and nxt.group(1).isupper())
