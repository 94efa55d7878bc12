"""Letters quoted in a novel: read by the narrator, not spoken.

A letter's frame tells it from speech: a salutation paragraph ("Dear
Charlotte," "MY DEAR MADAM,") with the quoted paragraphs that follow it, up to
the sign-off ("Yours, &c.") and the name under it; a quoted body ending in
"Yours ever," and a name; or a salutation run into the first sentence, as
letters were printed ("Dear Tom,--I write in haste").  documents.py turns the
quotations found here into narration.
"""
from __future__ import annotations

import re

from .model import DIALOGUE
from .quote_marks import QUOTE_CHARS

__all__ = ["letter_quotations", "opens_with_salutation"]

# "Dear Charlotte," "My dear Lizzy," "MY DEAR MADAM," "Sir," "My dear boy,"
# "Dearest mother," -- a name, a title or a word of address after the
# endearment ("Dear me," and "Dear, dear," are exclamations).
_SALUTATION_RE = re.compile(
    r"^((my|My|MY)\s+)?(dear|Dear|DEAR|dearest|Dearest|DEAREST|darling|Darling|beloved|Beloved|honoured|Honoured)"
    r"\s+(?!(me|dear|dearie)\b)[A-Za-z][\w.'\u2019-]*(\s+[A-Za-z][\w.'\u2019-]*){0,3}[,:]$"
    r"|^((dear|Dear|DEAR)\s+)?(Sir|SIR|Madam|MADAM|Madame|Gentlemen|GENTLEMEN|Ladies|LADIES)[,:]$"
)
_SIGN_OFF_RE = re.compile(
    r"(^|[.!?]\s*|--|\u2014)(ever\s+)?(yours|your's|your)\b[^.!?\n]{0,40}[,.]?$"
    r"|^(believe me|i remain|i am|affectionately|faithfully|sincerely|truly)\b[^.!?]{0,40}[,.]?$",
    re.I,
)
# A sign-off that ends a letter with a comma, a name to follow: "Yours ever,".
_CLOSING_SIGN_OFF_RE = re.compile(
    r"((ever|very)\s+)?(yours|your's|your)\b|(believe me|i remain|affectionately|faithfully|sincerely)\b", re.I
)


def letter_quotations(text, spans, paragraphs, quotations):
    """Quotations that belong to a letter: from a salutation paragraph through
    the quoted or short paragraphs after it, up to the sign-off and the name
    under it."""
    owner = {}  # span index -> quotation number
    for n, q in enumerate(quotations):
        for i in q:
            owner[i] = n
    by_paragraph: list[list[int]] = [[] for _ in paragraphs]
    k = 0
    for j, (ps, pe, gap_end) in enumerate(paragraphs):
        while k < len(spans) and spans[k][0] < gap_end:
            if spans[k][1] > ps and spans[k][2] == DIALOGUE:
                by_paragraph[j].append(k)
            k += 1
    found: set[int] = set()
    in_letter, signed = False, 0
    for j, (ps, pe, _) in enumerate(paragraphs):
        content = text[ps:pe].strip().strip(QUOTE_CHARS).strip()
        words = len(content.split())
        quoted = _all_quoted(text, spans, by_paragraph[j], ps, pe)
        last_line = content.rsplit("\n", 1)[-1].strip().strip(QUOTE_CHARS).strip()
        if words <= 8 and _SALUTATION_RE.match(last_line):
            in_letter, signed = True, 0
            for back in range(j - 1, max(-1, j - 4), -1):  # address and date above it
                bps, bpe, _ = paragraphs[back]
                head = text[bps:bpe].strip().strip(QUOTE_CHARS).strip()
                if len(head.split()) > 6 or head[-1:] in "!?" or not _all_quoted(
                    text, spans, by_paragraph[back], bps, bpe
                ):
                    break
                found.update(owner[i] for i in by_paragraph[back])
        elif not in_letter:
            if not (quoted and _ends_unheaded_letter(text, spans, paragraphs, by_paragraph, j, content)):
                continue
            in_letter, signed = True, 1  # "Yours ever," + a name under a quoted body
            for back in range(j - 1, max(-1, j - 6), -1):
                bps, bpe, _ = paragraphs[back]
                if not _all_quoted(text, spans, by_paragraph[back], bps, bpe):
                    break
                found.update(owner[i] for i in by_paragraph[back])
        elif signed:
            if not (quoted and (words <= 4 or (words <= 8 and _SIGN_OFF_RE.search(content)))) or signed > 2:
                in_letter = False
                continue
            signed += 1
        elif not (quoted or words <= 6) or (quoted and words <= 12 and content.rstrip(QUOTE_CHARS)[-1:] in "?!"):
            in_letter = False  # narration, or a short spoken reply: the letter is over
            continue
        found.update(owner[i] for i in by_paragraph[j])
        if not signed and _SIGN_OFF_RE.search(content) and words <= 60:
            signed = 1
    return found


_SALUTATION_DASH_RE = re.compile(r",\s*(--|\u2014)")


def opens_with_salutation(text, s, e):
    """The quotation text[s:e] opens with a salutation run into the letter's
    first sentence with a dash, as letters were printed: "Dear Tom,--I write
    in haste..." (a speech would not put a comma before its dash)."""
    head = text[s : min(e, s + 60)]
    body = head.lstrip(QUOTE_CHARS + "_* ")
    dash = _SALUTATION_DASH_RE.search(body)
    if not dash or "\n" in body[: dash.start()]:
        return False
    return bool(_SALUTATION_RE.match(body[: dash.start() + 1])) and any(c.isalpha() for c in body[dash.end() :])


def _ends_unheaded_letter(text, spans, paragraphs, by_paragraph, j, content, min_body_words=30):
    """Paragraph j, quoted, is a letter's sign-off with a comma ("Yours
    ever,", "Believe me,") and a name of a few words or a second sign-off
    line (on its next lines or in the next quoted paragraph), and a long
    quoted paragraph, the letter's body, comes before it."""
    lines = [line.strip().strip(QUOTE_CHARS).strip() for line in content.split("\n") if line.strip()]
    if not lines or len(content.split()) > 12 or not lines[0].endswith(",") or not _CLOSING_SIGN_OFF_RE.match(lines[0]):
        return False
    if j == 0 or (len(lines) == 1 and j + 1 >= len(paragraphs)):
        return False
    if len(lines) == 1:
        nps, npe, _ = paragraphs[j + 1]
        name = text[nps:npe].strip().strip(QUOTE_CHARS).strip()
        signature = len(name.split()) <= 4 or (len(name.split()) <= 8 and _CLOSING_SIGN_OFF_RE.match(name))
        if not signature or not _all_quoted(text, spans, by_paragraph[j + 1], nps, npe):
            return False
    bps, bpe, _ = paragraphs[j - 1]
    body = text[bps:bpe].strip().strip(QUOTE_CHARS)
    return len(body.split()) >= min_body_words and _all_quoted(text, spans, by_paragraph[j - 1], bps, bpe)


def _all_quoted(text, spans, dialogue, ps, pe):
    """Everything but whitespace in paragraph text[ps:pe] lies inside its
    dialogue spans (lines of a sign-off may each be quoted)."""
    if not dialogue:
        return False
    covered = sum(_non_space(text, max(spans[i][0], ps), min(spans[i][1], pe)) for i in dialogue)
    return _non_space(text, ps, pe) <= covered


def _non_space(text, start, end):
    return end - start - sum(1 for c in text[start:end] if c.isspace())
