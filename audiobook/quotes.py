"""Split a chapter into narration and dialogue segments.

The segments of a chapter tile ``text[chapter.start:chapter.end]`` exactly.
A dialogue segment is a quotation with its quote marks and nothing around it
(or a piece of one, cut at an aside); everything else is narration, cut so
that one narration segment holds at most one paragraph.  The whitespace
between paragraphs ends the preceding narration segment, or stands alone as a
whitespace-only narration segment after dialogue (later stages speak nothing
for it and pause there).

The stages, one module each: ``quote_marks`` decides the book's quote style
and what each mark is; ``quote_pairing`` pairs marks into quotations per
paragraph, dropping scare quotes, titles and block quotes (``scare_quotes``);
this module carries quotations across paragraphs and cuts a speech's stage
directions in parentheses out as narration (``asides``); ``documents`` turns
quotations read from a page, reported speech and words nobody says aloud
(``unspoken``) into narration and ``songs`` promotes sung verses;
``long_segments`` cuts long pieces at sentence ends.  Books that mark speech
with a leading dash get those paragraphs split by ``dashes``.

In a Markdown book the chapter is split in its reading view (markdown.py:
the markup blanked, offsets kept), where a heading's ``#`` marks look like
the whitespace between paragraphs.  Given the book's own text as ``source``,
markup blanked at the start of a narration paragraph (a heading's ``#``
marks, a block quote's ``>``, a list bullet) opens that paragraph's segment
instead of ending the one before.
"""
from __future__ import annotations

from .asides import split_asides
from .dashes import dash_speech
from .documents import demote_documents
from .long_segments import MAX_SEGMENT, bounded
from .model import DIALOGUE, NARRATION, Chapter, Segment
from .paragraphs import paragraph_spans
from .quote_marks import book_quote_style, chapter_quote_style
from .quote_pairing import closing_paragraph, find_quotes, opens_with_mark, stray_apostrophe
from .songs import promote_songs

# Also imported from here by other modules and tests.
__all__ = ["split_chapter", "book_quote_style", "paragraph_spans", "MAX_SEGMENT"]


def split_chapter(text: str, chapter: Chapter, source: str | None = None) -> list[Segment]:
    """Narration and dialogue segments tiling ``text[chapter.start:chapter.end]``
    (absolute offsets; ``speaker`` left None for attribution).  ``source``:
    the book's own text when ``text`` is its Markdown reading view (the same
    length), so the cuts fall before the markup that opens a paragraph."""
    style, dash_dialogue = book_quote_style(text)
    style = chapter_quote_style(text, chapter.start, chapter.end, style)
    spans = _chapter_spans(text, chapter.start, chapter.end, style, dash_dialogue)
    if source is not None and source is not text:
        spans = _markup_opens_its_paragraph(text, source, spans, chapter.start)
    return [
        Segment(chapter=chapter.index, kind=kind, start=s, end=e, text=text[s:e], continues=cont)
        for s, e, kind, cont in bounded(text, spans)
    ]


def _chapter_spans(text, start, end, style, dash_dialogue):
    """(start, end, kind, continues) spans tiling text[start:end]."""
    spans: list[tuple[int, int, str, bool]] = []
    pos = start
    carried = False  # the previous paragraph ended inside an open quotation
    running_until = -1  # last paragraph of a quotation running without marks
    paragraphs = paragraph_spans(text, start, end)
    for idx, (ps, pe, gap_end) in enumerate(paragraphs):
        if ps > pos:  # whitespace before the first paragraph
            spans.append((pos, ps, NARRATION, False))
        dash_pieces = dash_speech(text, ps, pe) if dash_dialogue else None
        if dash_pieces is not None:
            quotes, open_at_end, continues = dash_pieces, False, False
        else:
            start_open = idx <= running_until
            if carried and not start_open and not opens_with_mark(text, ps, pe, style):
                closing = closing_paragraph(text, paragraphs, idx, style)
                if closing is not None:
                    running_until, start_open = closing, True
            quotes, open_at_end = find_quotes(text, ps, pe, style, start_open)
            if open_at_end and stray_apostrophe(text, quotes[-1][0], ps, style) and not _goes_on(
                text, paragraphs, idx + 1, style
            ):
                quotes, open_at_end = quotes[:-1], False  # supported by 'Enery, her son, ...
            continues = carried and bool(quotes) and quotes[0][0] == ps
        cursor = ps
        for i, (qs, qe) in enumerate(quotes):
            if qs > cursor:
                spans.append((cursor, qs, NARRATION, False))
            for s, e, speech in split_asides(text, qs, qe):
                if not speech:
                    spans.append((s, e, NARRATION, False))
                else:  # the speech after an aside continues the quotation
                    spans.append((s, e, DIALOGUE, (continues and i == 0) or s > qs))
            cursor = qe
        if cursor < pe:
            spans.append((cursor, gap_end, NARRATION, False))
        elif gap_end > pe:
            spans.append((pe, gap_end, NARRATION, False))
        carried = open_at_end
        pos = gap_end
    if pos < end:
        spans.append((pos, end, NARRATION, False))
    return promote_songs(text, demote_documents(text, spans, paragraphs), paragraphs)


def _markup_opens_its_paragraph(text, source, spans, start):
    """``spans`` with each narration span that starts a line after markup
    blanked in the view (``text``) but not in ``source`` (``### `` before a
    heading) starting at the markup's first mark, taken from the span before;
    a span left empty is dropped.  Indentation the source has itself (spaces
    before the ``#``) still ends the span before, as in a plain-text book."""
    out: list[tuple[int, int, str, bool]] = []
    for s, e, kind, cont in spans:
        if kind == NARRATION and out and out[-1][1] == s:
            line = s
            while line > start and text[line - 1] in " \t":
                line -= 1
            if line < s and (line == 0 or text[line - 1] == "\n"):
                mark = next((i for i in range(line, s) if not source[i].isspace()), s)
                if out[-1][0] <= mark < s:
                    ps, _, pkind, pcont = out.pop()
                    if ps < mark:
                        out.append((ps, mark, pkind, pcont))
                    s = mark
        out.append((s, e, kind, cont))
    return out


def _goes_on(text, paragraphs, idx, style):
    """A quotation left open would go on in paragraph idx: it reopens with a
    mark, or a later paragraph closes it."""
    if idx >= len(paragraphs):
        return False
    ps, pe, _ = paragraphs[idx]
    return opens_with_mark(text, ps, pe, style) or closing_paragraph(text, paragraphs, idx, style) is not None
