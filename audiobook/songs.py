"""Songs a character sings, set as indented verse without quote marks.

Children's books and ballad-loving novels print a song as an indented block
of short lines right after the narrator says someone sings it ("he hummed a
little song to himself. It went like this:").  The words are the singer's, so
each stanza of such a block becomes one dialogue segment (the later stanzas
continue the first) for attribution to give the singer's voice.  Indented
verse with no singing announced before it (an epigraph, a poem the narrator
quotes) stays narration.
"""
from __future__ import annotations

import re

from .model import DIALOGUE

Span = tuple[int, int, str, bool]  # (start, end, kind, continues)

_SINGING_RE = re.compile(r"\b(sang|sing|sings|singing|sung|hummed|hum|hums|humming|chanted|chant)\b", re.I)
_MAX_LINE = 60  # verse lines are short; an indented block of prose is a document


def promote_songs(text: str, spans: list[Span], paragraphs: list[tuple[int, int, int]]) -> list[Span]:
    """``spans`` with the stanzas of announced songs turned into dialogue."""
    stanzas = []  # paragraph indices
    j = 0
    while j < len(paragraphs):
        if j > 0 and _is_verse(text, paragraphs[j], min_lines=2) and _announces_song(text, paragraphs[j - 1]):
            run = j
            while run < len(paragraphs) and _is_verse(text, paragraphs[run], min_lines=1):
                stanzas.append(run)
                run += 1
            j = run
        else:
            j += 1
    if not stanzas:
        return spans
    replaced: dict[int, list[Span]] = {}
    for n, idx in enumerate(stanzas):
        ps, pe, gap_end = paragraphs[idx]
        continues = n > 0 and stanzas[n - 1] == idx - 1
        piece = [(ps, pe, DIALOGUE, continues)]
        if gap_end > pe:
            piece.append((pe, gap_end, "narration", False))
        replaced[ps] = piece
    out: list[Span] = []
    skip_until = -1
    for span in spans:
        if span[0] < skip_until:
            continue
        piece = replaced.get(span[0])
        if piece is None:
            out.append(span)
            continue
        out.extend(piece)
        skip_until = piece[-1][1]
    return out


def _is_verse(text, paragraph, min_lines):
    """Every line indented and short, at least ``min_lines`` lines."""
    ps, pe, _ = paragraph
    if ps == 0 or text[ps - 1] not in " \t":
        return False
    lines = text[ps:pe].split("\n")
    if len(lines) < min_lines or any(line[:1] not in (" ", "\t") for line in lines[1:]):
        return False
    return max(len(line.strip()) for line in lines) <= _MAX_LINE


def _announces_song(text, paragraph):
    """The paragraph's last sentences say that someone sings."""
    ps, pe, _ = paragraph
    return bool(_SINGING_RE.search(text, max(ps, pe - 160), pe))
