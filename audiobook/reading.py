"""The two views of a book's text the pipeline reads, offsets unchanged.

``analysis_text``: what quote splitting and attribution read.  A Markdown
book's reading view (markup blanked, markdown.py); a Project Gutenberg
text's header and licence blanked (boilerplate.py); quote marks written as
most books use them (quote_marks.uniform_marks: „…“ and »…« as “…”).

``spoken_segments``: what is read aloud and shown in transcripts, segment by
segment: a Markdown book's without its markup, a Gutenberg text's without its
header and licence.
"""
from __future__ import annotations

from dataclasses import replace

from .boilerplate import blank_boilerplate, gutenberg_spans, unread
from .markdown import is_markdown, reading_view, spoken_text
from .quote_marks import uniform_marks


def analysis_text(book) -> str:
    """The text quote splitting and attribution read, the same length as
    ``book.text`` (the very object when nothing in it is rewritten)."""
    return uniform_marks(reading_view(book.text) if is_markdown(book) else blank_boilerplate(book.text))


def spoken_segments(book, segments: list) -> list:
    """The segments as they are read aloud and shown in transcripts: a
    Markdown book's without its markup (front matter, code blocks and comments
    are whitespace, so silent), a Project Gutenberg text's without its header
    and licence, with the same offsets; other books' segments as they are."""
    if is_markdown(book):
        segments = [replace(s, text=spoken_text(book.text, s.start, s.end)) for s in segments]
    elif spans := gutenberg_spans(book.text):
        segments = [replace(s, text=unread(book.text, spans, s.start, s.end))
                    if any(a < s.end and s.start < b for a, b in spans) else s for s in segments]
    # a byte-order mark kept at the start of the text (offsets count it) is no part of any cue
    if segments and "\ufeff" in segments[0].text:
        segments = [replace(segments[0], text=segments[0].text.replace("\ufeff", "")), *segments[1:]]
    return segments


def boilerplate_note(book) -> str | None:
    """What a build says of a Project Gutenberg text's header and licence."""
    spans = () if is_markdown(book) else gutenberg_spans(book.text)
    if not spans:
        return None
    parts = ["header" if a == 0 else "licence" for a, _ in spans]
    return (f"the Project Gutenberg {' and '.join(parts)} ({sum(b - a for a, b in spans):,} characters) "
            f"{'stay' if len(parts) > 1 else 'stays'} in the script but {'are' if len(parts) > 1 else 'is'} "
            "not read aloud")
