"""Quotations that are not speech: text read from a page, and letters.

Quote marks also enclose a letter, a newspaper column, a label or verses read
out of a book.  Nobody speaks those in a voice of their own, so the narrator
reads them: ``demote_documents`` turns such dialogue spans into narration.
The cues are general: a reading or writing verb right before the quotation
("He read:", "It ran in this way:", "the letter went on to say:"), a tag that
names reading, writing or a publication ("wrote Miss X,", "it remarked,",
"said the _Times_,"), and the frame of a letter (a salutation paragraph such as
"Dear Charlotte," or "MY DEAR MADAM," with the quoted paragraphs that follow
it, up to the sign-off "Yours, &c.", or a salutation run into the first
sentence: "Dear Tom,--I write in haste"; letters.py finds those).  Reported speech set in quote marks
is narration too (``reported_speech``), and so are words nobody says aloud
(``unspoken``: she nearly said, "...").  Verses that a character sings or
recites in a tagged line stay speech.  When in doubt a quotation stays
dialogue: a real line of speech given to the narrator is a wrong voice.
"""
from __future__ import annotations

import re

from .letters import letter_quotations, opens_with_salutation
from .model import DIALOGUE, NARRATION
from .quote_marks import QUOTE_CHARS
from .reported_speech import reported_speech
from .unspoken import unspoken

Span = tuple[int, int, str, bool]  # (start, end, kind, continues)

# A verb of reading or writing ends the narration before the quotation:
# "He read:", "read as follows:--", "Elizabeth read on;", "he read, ",
# "wrote upon a half-sheet of paper,".
_READ_INTRO_RE = re.compile(
    r"\b(read|reads|wrote|writes|written|scribbled|scrawled|pencilled|penciled)"
    r"( (on|out|aloud|again|as follows|thus|down))*"
    r"( (from|upon|on|in|across|on the (back|top|foot|bottom) of) [^.,;:!?]{1,40})?"
    r"\s*[:;,]?\s*(--|\u2014)?\s*$",
    re.I,
)
# A document named in the clause that introduces the quotation with a colon
# or comma: "the letter went on to say:", "It ran in this way:".
# Words written on something, or a look that says something without a word:
# "addressed to", "superscribed,", "bore the words", "as much as to say,".
_WRITTEN_INTRO_RE = re.compile(
    r"(\b(addressed to|superscribed|inscribed|endorsed|engraved|printed|labell?ed|"
    r"(bore|bears|bearing) (the )?(words?|inscription|legend|name|motto))"
    r"|\bas (much as|if|though) to say)\s*[:,]?\s*(--|\u2014)?\s*$",
    re.I,
)
_DOCUMENT_NOUNS = (
    r"letter|note|notes|paper|newspaper|notice|telegram|message|article|advertisement|inscription|"
    r"postscript|card|label|placard|scroll|document|manuscript|entry|will|verses|lines|passage"
)
_DOCUMENT_INTRO_RE = re.compile(
    rf"\b(the|this|that|his|her|its|their|a|an|my|your)\s+(\w+\s+)?({_DOCUMENT_NOUNS})\b"
    r"[^.!?\"\u201c\u201d]{0,50}\b(ran|runs|read|reads|went on to say|as follows|"
    r"in these words|to this effect|to the following effect)\b[^.!?]{0,30}[:,]\s*(--|\u2014)?\s*$",
    re.I,
)
# Wording that only introduces a text to be quoted, with the document named:
# "a postscript to this effect.", "the note ran in these words."
_DOCUMENT_WORDING_RE = re.compile(
    rf"\b({_DOCUMENT_NOUNS})\b[^.!?\"\u201c\u201d]{{0,40}}\b(as follows|in these words|to this effect|"
    r"to the following effect)\s*[.:,]?\s*(--|\u2014)?\s*$",
    re.I,
)
# A document named right before a colon: "in this short note:", "this inscription:".
_DOCUMENT_COLON_RE = re.compile(
    rf"\b(the|this|that|these|a|an|his|her|their|its|my|your)\s+(\w+\s+)?({_DOCUMENT_NOUNS}):\s*(--|\u2014)?\s*$",
    re.I,
)
# ... but a paper one is behind or looks up from is only where a voice comes from:
# "came his voice from behind his paper:", "looking up from her letter:"
_PLACE_PREPOSITION_RE = re.compile(
    r"\b(behind|over|under|beneath|above|across|beside|around|from|down|up|onto|at|with|by|near|past|without)\s*$",
    re.I,
)
# A speaker about to read out: "I will read it to you--", "Pray read on."
_READ_ALOUD_RE = re.compile(
    r"\bread\b(\s+(it|this|that|them|the rest|what \w+ says?))?\s+(to (you|us|them|him|her)|aloud|out|on)\b"
    r"[^.!?]{0,20}[.:]?\s*(--|\u2014)?\s*$",
    re.I,
)
# A document that says something: "The telegram said simply,", "the sign says:".
_DOCUMENT_SAYS_RE = re.compile(
    rf"\b({_DOCUMENT_NOUNS}|headlines?|heading|caption|sign|poster|page|diary|journal|report|wire|cable|"
    r"epitaph|legend)\s+(\w+ly\s+)?(said|says|ran|runs)\b(\s+\w+ly)?\s*[:,]\s*(--|\u2014)?\s*$",
    re.I,
)
_IT_SAYS_RE = re.compile(
    r"\b(it|which)\s+(ran|runs|read|reads)\b[^.!?\"]{0,30}"
    r"[:,]\s*(--|\u2014)?\s*$",
    re.I,
)
# A tag after the first piece that names writing, reading or a publication.
_DOCUMENT_TAG_RE = re.compile(
    r"[\s,;:]*(\b(wrote|writes)\b|((he|she|they|I|we|[A-Z][\w.]*( [A-Z][\w.]*)?)\s+)(read|reads|wrote|writes)\b"
    r"|(it|which)\s+(ran|runs|read|reads)\b"
    r"|(said|says|remarked|observed|added|continued)\s+the\s+_[A-Z])"
)
_IT_TAG_RE = re.compile(
    r"[\s,;:]*(it|which)\s+(said|says|remarked|observed|went on|continued|added|stated|announced)\b"
)
_NAMED_DOCUMENT_RE = re.compile(rf"\b(?i:{_DOCUMENT_NOUNS}|telegram|wire|journal|gazette)\b|\b_[A-Z][^_\n]{{0,40}}_")
_WHITESPACE_RE = re.compile(r"\s+")
_CLAUSE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")


def demote_documents(text: str, spans: list[Span], paragraphs: list[tuple[int, int, int]]) -> list[Span]:
    """``spans`` tiling a chapter (as built by quotes.py) with the quotations
    that are documents read out, not speech, turned into narration; adjacent
    narration inside one paragraph is merged back into one span."""
    quotations = _quotations(spans)
    demoted: set[int] = set()  # indices into quotations
    first_span = {q[0]: n for n, q in enumerate(quotations)}
    starts = {ps for ps, _, _ in paragraphs}
    for n, q in enumerate(quotations):
        if _introduced_as_document(text, spans, q[0], starts):
            demoted.add(n)
        tag = _tag_after(text, spans, q[0])
        it_tag = tag is not None and _document_it_tag(text, spans, q[0], tag, starts)
        if it_tag or (tag is not None and _DOCUMENT_TAG_RE.match(text, spans[tag][0], spans[tag][1])):
            demoted.add(n)
            tag_end = text[spans[tag][0] : spans[tag][1]].rstrip()[-1:]
            if (tag_end == "," or (it_tag and tag_end == ".")) and tag + 1 in first_span:
                demoted.add(first_span[tag + 1])  # "...," wrote Miss C., "the rest of it"
        if reported_speech(text, spans, q, starts) or unspoken(text, spans, q[0], starts):
            demoted.add(n)
    for n in _block_quotations(text, spans, paragraphs, quotations):
        demoted.add(n)
    for n in letter_quotations(text, spans, paragraphs, quotations):
        demoted.add(n)
    for n, q in enumerate(quotations):
        if spans[q[0]][0] in starts and opens_with_salutation(text, spans[q[0]][0], spans[q[0]][1]):
            demoted.add(n)
    verse_pieces = _verse_pieces(text, spans, paragraphs)
    if not demoted and not verse_pieces:
        return spans
    to_narration = {i for n in demoted for i in quotations[n]} | verse_pieces
    # A quotation whose first pieces were verse starts again at its first
    # piece of speech: that one must not continue an earlier quotation.
    restarts = set()
    for q in quotations:
        kept = [i for i in q if i not in to_narration]
        if kept and kept[0] != q[0]:
            restarts.add(kept[0])
    # Spans that end a paragraph, or the whitespace before the first one.
    boundaries = {gap_end for _, _, gap_end in paragraphs} | {ps for ps, _, _ in paragraphs}
    out: list[Span] = []
    for i, (s, e, kind, cont) in enumerate(spans):
        if i in to_narration:
            kind, cont = NARRATION, False
        elif i in restarts:
            cont = False
        if kind == NARRATION and out and out[-1][2] == NARRATION and out[-1][1] not in boundaries:
            out[-1] = (out[-1][0], e, NARRATION, False)
        else:
            out.append((s, e, kind, cont))
    return out


def _quotations(spans):
    """Dialogue span indices grouped by quotation (pieces that continue)."""
    groups: list[list[int]] = []
    for i, (_, _, kind, cont) in enumerate(spans):
        if kind != DIALOGUE:
            continue
        if cont and groups:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _introduced_as_document(text, spans, i, paragraph_starts):
    """The narration right before span i introduces a document: in the same
    paragraph, or as a paragraph of its own that ends with a colon."""
    if i == 0 or spans[i - 1][2] != NARRATION:
        return False
    before = text[spans[i - 1][0] : spans[i - 1][1]]
    if not before.strip():  # whitespace after a quotation: no narration before
        return _announced_in_speech(text, spans, i, paragraph_starts)
    clause = _last_clause(before)
    if _DOCUMENT_WORDING_RE.search(clause):
        return True  # "a postscript to this effect." before the quoted postscript
    colon = _DOCUMENT_COLON_RE.search(clause)
    if colon and not _PLACE_PREPOSITION_RE.search(clause, 0, colon.start()):
        # "this short note:" -- unless a tag follows ("the letter: "Read it," she said)
        return text[spans[i][0] : spans[i][1]].rstrip(QUOTE_CHARS)[-1:] != ","
    if spans[i][0] in paragraph_starts and not before.rstrip().endswith((":", ":--", ":\u2014")):
        return False
    return bool(
        _READ_INTRO_RE.search(clause)
        or _DOCUMENT_INTRO_RE.search(clause)
        or _IT_SAYS_RE.search(clause)
        or _WRITTEN_INTRO_RE.search(clause)
        or _DOCUMENT_SAYS_RE.search(clause)
    )


def _announced_in_speech(text, spans, i, paragraph_starts, min_chars=150):
    """The paragraph before quotation i ends with a speaker saying they will
    read something out ("I will read it to you--", "Pray read on."), and
    quotation i, a long one, opens the next paragraph: the text read."""
    if spans[i][0] not in paragraph_starts or i < 2 or spans[i - 2][2] != DIALOGUE:
        return False
    if spans[i][1] - spans[i][0] < min_chars:
        return False
    speech = text[spans[i - 2][0] : spans[i - 2][1]].strip(QUOTE_CHARS + " \n")
    return bool(_READ_ALOUD_RE.search(_last_clause(speech)))


def _last_clause(narration):
    """The narration after its last sentence end, each run of whitespace one
    space (a hard-wrapped "to this\neffect." reads as "to this effect.")."""
    narration = narration.rstrip()
    last = 0
    for m in _CLAUSE_END_RE.finditer(narration):
        last = m.end()
    return _WHITESPACE_RE.sub(" ", narration[last:])


def _document_it_tag(text, spans, i, tag, paragraph_starts):
    """An "it" speaks after quotation i ("...," it remarked,) and the
    narration before it in its paragraph names a document or a publication
    (the telegram, the _Standard_): the document's words, read out.  (An
    "it" alone may be a creature that talks.)"""
    if not _IT_TAG_RE.match(text, spans[tag][0], spans[tag][1]):
        return False
    j = i
    while j > 0 and spans[j][0] not in paragraph_starts:
        j -= 1
    return any(
        spans[k][2] == NARRATION and _NAMED_DOCUMENT_RE.search(text, spans[k][0], spans[k][1]) for k in range(j, i)
    )


def _tag_after(text, spans, i):
    """Index of the narration span right after span i in the same paragraph."""
    if i + 1 >= len(spans) or spans[i + 1][2] != NARRATION:
        return None
    s, e = spans[i + 1][0], spans[i + 1][1]
    if "\n\n" in text[s:e].replace(" ", "").replace("\t", "") or not text[s:e].strip():
        return None
    return i + 1


def _block_quotations(text, spans, paragraphs, quotations, min_line=55):
    """Quotations that start in a paragraph set as an indented block of prose
    (every line indented, lines long): a letter or extract copied into the
    page, tag and all."""
    blocks = []
    for ps, pe, _ in paragraphs:
        if ps == 0 or text[ps - 1] not in " \t" or "\n" not in text[ps:pe]:
            continue
        lines = text[ps:pe].split("\n")
        if all(line[:1] in (" ", "\t") for line in lines[1:]) and (pe - ps) / len(lines) >= min_line:
            blocks.append((ps, pe))
    found = []
    b = 0
    for n, q in enumerate(quotations):
        start = spans[q[0]][0]
        while b < len(blocks) and blocks[b][1] <= start:
            b += 1
        if b < len(blocks) and blocks[b][0] <= start:
            found.append(n)
    return found


def _verse_pieces(text, spans, paragraphs):
    """Dialogue span indices that lie in a paragraph set as verse."""
    verse = [(ps, pe) for ps, pe, _ in paragraphs if _is_verse_paragraph(text, ps, pe)]
    # A quoted poem runs on over its lines; lines that each hold a whole
    # quotation are separate speeches ("Hi," said A.\n"Bye," said B.).
    crossing = [s for s, e, kind, _ in spans if kind == DIALOGUE and "\n" in text[s:e].strip()]
    verse = [(ps, pe) for ps, pe in verse if any(ps <= s < pe for s in crossing)]
    found = set()
    v = 0
    for i, (s, e, kind, _) in enumerate(spans):
        if kind != DIALOGUE:
            continue
        while v < len(verse) and verse[v][1] <= s:
            v += 1
        if v < len(verse) and verse[v][0] <= s and e <= verse[v][1]:
            found.add(i)
    return found


def _is_verse_paragraph(text, ps, pe, short_line=45, long_line=75):
    """Lines of verse: every line opens with a capital (quote marks and
    indentation aside), and the lines are short or indented (hard-wrapped
    prose fills its lines and breaks them anywhere in a sentence); from four
    lines on, capitals at every line start are evidence enough."""
    lines = text[ps:pe].split("\n")
    if len(lines) < 2:
        return False
    starts = [line.strip().lstrip(QUOTE_CHARS + "_*(").lstrip() for line in lines]
    if not all(start[:1].isupper() for start in starts):
        return False
    lengths = [len(line.strip()) for line in lines]
    if max(lengths) > long_line:
        return False
    indented = any(line[:1] in (" ", "\t") for line in lines[1:])
    return len(lines) >= 4 or indented or max(lengths[:-1]) <= short_line
