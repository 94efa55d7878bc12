"""Review stage: the least certain attributions, for a person to check.

`doubtful` ranks dialogue turns by the confidence of their speaker (lowest
first) and gives each with its context: the quotation, the narration around
it, the chosen speaker and the runner-up.  `format_review` renders them for
the terminal with the casting-file line that pins a speaker.
"""
from __future__ import annotations

import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .model import DIALOGUE, Script

CONTEXT_CHARS = 160
MAX_TAG_CHARS = 60  # narration between a turn's pieces shown in full up to this


@dataclass
class ReviewItem:
    quote_id: str
    chapter: int
    chapter_title: str    # as the book heads it ("Chapter II: Mr. Teddy Henfrey's First Impressions")
    quote: str
    before: str           # narration just before the quotation
    after: str            # narration just after it
    speaker: str | None
    confidence: float
    runner_up: str | None
    runner_up_confidence: float


def doubtful(script: Script, limit: int = 20) -> list[ReviewItem]:
    """The `limit` least certain turns, most doubtful first (one item per turn:
    its first quotation stands for the pieces split off by a tag)."""
    segs = script.segments
    titles = {c.index: c.title for c in script.book.chapters}
    items = []
    for group in script.turns:
        first = segs[group[0]]
        if first.kind != DIALOGUE or not first.quote_id:
            continue
        conf = first.confidence if first.confidence is not None else 0.0
        if conf >= 1.0:
            continue  # fixed by the user
        runner, runner_conf = script.runner_ups.get(group[0], (None, 0.0))
        text = script.book.text
        start, end = first.start, segs[group[-1]].end
        items.append(ReviewItem(
            quote_id=first.quote_id, chapter=first.chapter, chapter_title=titles.get(first.chapter, ""),
            quote=_turn_text(text, [(segs[i].start, segs[i].end) for i in group]),
            before=_clip_left(text[max(0, start - CONTEXT_CHARS):start]),
            after=_clip_right(text[end:end + CONTEXT_CHARS]),
            speaker=first.speaker, confidence=conf,
            runner_up=runner, runner_up_confidence=runner_conf))
    items.sort(key=lambda it: (it.confidence - it.runner_up_confidence, it.confidence))
    return items[:limit]


def _turn_text(text: str, pieces: list[tuple[int, int]]) -> str:
    """The turn's quotations with the narration between them: a short tag
    ("said she,") as written, longer narration elided so the reader sees
    that it is not part of the speech."""
    out = [text[pieces[0][0]:pieces[0][1]]]
    for (_, prev_end), (start, end) in zip(pieces, pieces[1:]):
        between = text[prev_end:start]
        out.append(between if len(between) <= MAX_TAG_CHARS else " […] ")
        out.append(text[start:end])
    return "".join(out).strip()


def _clip_left(s: str) -> str:
    s = " ".join(s.split())
    cut = s.find(" ")
    return ("…" + s[cut + 1:]) if len(s) >= CONTEXT_CHARS - 10 and cut >= 0 else s


def _clip_right(s: str) -> str:
    s = " ".join(s.split())
    cut = s.rfind(" ")
    return (s[:cut] + "…") if len(s) >= CONTEXT_CHARS - 10 and cut >= 0 else s


def format_review(items: list[ReviewItem], cast_path: Path, make_cast: str | None = None,
                  book: Path | None = None) -> str:
    """The items for the terminal, each with the command that pins its speaker
    (the runner-up, the likeliest other speaker) in the casting file;
    ``make_cast``: the command that writes it, when there is none yet;
    ``book``: the book, for `fix` to check the id (and write the casting
    file), when `fix` would not find it beside the casting file by itself."""
    if not items:
        return "No doubtful attributions: every quotation has a confident speaker.\n"
    out = [f"{len(items)} least certain attributions, most doubtful first:", ""]
    for n, it in enumerate(items, 1):
        quote = " ".join(it.quote.split())
        if len(quote) > 300:
            quote = quote[:297] + "…"
        runner = (f"{it.runner_up} ({it.runner_up_confidence:.0%})" if it.runner_up else "nobody else")
        # the chapter as the book heads it, so it can be found there ("chapter 3" counted the title page)
        where = it.chapter_title if 0 < len(it.chapter_title) <= 60 else f"chapter {it.chapter}"
        out.append(f"{n}. [{it.quote_id}] {where} \u2014 "
                   f"{it.speaker or 'unknown'} ({it.confidence:.0%}), runner-up {runner}")
        if it.before:
            out.extend(textwrap.wrap(it.before, width=88, initial_indent="   ", subsequent_indent="   "))
        out.extend(textwrap.wrap(quote, width=88, initial_indent=" > ", subsequent_indent=" > "))
        if it.after:
            out.extend(textwrap.wrap(it.after, width=88, initial_indent="   ", subsequent_indent="   "))
        out.append(f"   if wrong: {fix_command(it, cast_path, book)}")
        out.append("")
    out.append("Each fix pins that quotation's speaker (put the right name in place of the runner-up);")
    out.append("script and build then keep it, even after edits elsewhere in the book.")
    if make_cast:
        out.append(f"There is no casting file yet: the first fix writes {cast_path}, as `{make_cast}` does.")
    return "\n".join(out) + "\n"


def fix_command(item: ReviewItem, cast_path: Path, book: Path | None = None) -> str:
    speaker = shlex.quote(item.runner_up) if item.runner_up else "SPEAKER"
    command = f"audiobook fix {item.quote_id} {speaker} --cast {shlex.quote(str(cast_path))}"
    return command + (f" --book {shlex.quote(str(book))}" if book is not None else "")
