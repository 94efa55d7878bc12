"""Find the chapters of a book's text.

Chapters tile the text: the first starts at 0, the last ends at ``len(text)``,
and each starts where the previous ends.  A chapter starts at a heading line
("CHAPTER I.", "Chapter 3: The Storm", "PART II", "Prologue", a Markdown
heading) that stands on its own line after a blank line.  A heading with no
body (a part heading right before a chapter heading, a table of contents entry)
joins the next chapter, so no chapter is empty.

Single heading lines are recognised in chapter_headings.py; this module
decides which of them split the text (numbered sequences, lists and tables of
contents, Markdown headings) and tiles it into chapters.
"""
from __future__ import annotations

import bisect
import re

from .chapter_headings import (
    _BLANK_LINES_RE,
    _CANDIDATE_RE,
    _OTHER_CANDIDATE_RE,
    _HEADING_RE,
    _KEY,
    _MARKUP,
    _NAMED_RE,
    _NUM,
    _NUMBER_LINE_RE,
    _SMALL_WORDS,
    _TITLED_NUMBER_RE,
    _WORD_NUMBER_LINE_RE,
    _is_blank,
    _line_end,
    _line_start,
    _number_value,
    _read_heading,
    _short_title,
    _tidy_title,
    _title_like,
    is_heading_line,
    is_numbered_heading_line,
    title_case,
)
from .model import Chapter

# The public names callers import from here (readers/text.py, paragraphs.py, tests).
__all__ = ["FRONT_MATTER", "find_chapters", "is_heading_line", "is_numbered_heading_line", "title_case"]

_GUTENBERG_END_RE = re.compile(r"\*\*\*[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG")
_MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+(\S[^\n]*?)[ \t#]*$", re.M)
_MD_FENCE_RE = re.compile(r"^(?:```|~~~)", re.M)
# the same, sought only at line starts: tried at every position of a long book it cost half a second
_WORD_NUMBER_LINE_AT_START_RE = re.compile(r"^[ \t\ufeff]*" + _WORD_NUMBER_LINE_RE.pattern, re.M)
_MD_SETEXT_RE = re.compile(r"^[ \t]{0,3}(\S[^\n]{0,99}?)[ \t]*\n[ \t]{0,3}(=+|-{2,})[ \t]*$", re.M)


FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S)


def find_chapters(text: str, default_title: str | None = None, *, markdown: bool = False) -> list[Chapter]:
    """Chapters tiling ``text``; ``default_title`` names the text before the
    first heading, or the whole text when it has no headings."""
    fallback = default_title or "Opening"
    headings = _markdown_headings(text) if markdown else []
    if not headings:
        headings = _plain_headings(text)
    # Each heading: (line start, body start, title, kind)
    chapters: list[list] = []  # [start, body_start, title, kind]
    first = headings[0][0] if headings else len(text)
    # Markdown front matter is metadata, not something to read: it alone makes no opening chapter
    lead = FRONT_MATTER.sub("", text[:first], count=1) if markdown else text[:first]
    if not _is_blank(lead) or not headings:
        chapters.append([0, 0, fallback, "opening"])
    chapters.extend(list(h) for h in headings)
    if not chapters[0][0] == 0:
        chapters[0][0] = 0
    ends = [c[0] for c in chapters[1:]] + [len(text)]
    for c, end in zip(chapters, ends):
        c.append(end)
    chapters = _merge_empty(text, chapters)
    return [Chapter(i + 1, c[2], c[0], c[4]) for i, c in enumerate(chapters)]


def _merge_empty(text, chapters):
    """Join heading-only chapters to the next one and tables of contents to
    the previous one, so every chapter has something to read."""
    merged: list[list] = []
    pending = None  # a heading-only chapter waiting for the next one
    part = None  # title of a heading-only part heading, to name the next chapter
    for start, body, title, kind, end in chapters:
        if pending is not None:
            start, pending = pending[0], None
        if kind == "part" and kind != "opening" and _is_blank(text[body:end]):
            part = title
        elif part and kind == "chapter":
            title = f"{part} \u2014 {title}"
        c = [start, body, title, kind, end]
        if kind != "opening" and _is_blank(text[body:end]):
            pending = c
            continue
        part = None
        if kind != "opening" and end - body < 5000 and _is_contents(text[body:end]):
            if merged:
                merged[-1][4] = end
                continue
            c[2] = "Contents"
        merged.append(c)
    if pending is not None:
        if merged:
            merged[-1][4] = pending[4]
        else:
            merged.append(pending)
    return merged


def _is_contents(body):
    lines = [line.strip(_MARKUP) for line in body.splitlines() if line.strip()]
    return len(lines) >= 2 and all(
        _HEADING_RE.match(line) or _NAMED_RE.match(line) or _looks_like_toc_line(line)
        or is_numbered_heading_line(line) for line in lines  # "I. THE STORM", listed under "PREFACE"
    )


def _looks_like_toc_line(line):
    return bool(re.match(rf"(?:{_KEY}\s+)?{_NUM}\b.{{0,80}}$", line, re.I)) and bool(
        re.search(r"(?:\.{3,}|\s)\d+$|^(?:chapter|part|book)", line, re.I)
    )


def _plain_headings(text):
    found = []
    starts = sorted([m.start() for m in _CANDIDATE_RE.finditer(text)]
                    + [m.start(1) for m in _OTHER_CANDIDATE_RE.finditer(text)])
    for at in starts:
        line_start = _line_start(text, at, " \t_*\ufeff")
        heading = line_start is not None and _read_heading(text, line_start)
        if heading and (not found or found[-1][0] != line_start):
            found.append(heading)
    bare = _numbered_headings(text)
    ends = [(m.start(), m.start(), "End of the Project Gutenberg eBook", "end")
            for m in _GUTENBERG_END_RE.finditer(text) if _line_start(text, m.start(), "") is not None]
    keyed = [h for h in found if h[3] == "chapter"]
    if len(keyed) < 3:  # else numbered lines are sections or lists
        titled = _titled_number_headings(text, found + ends)
        if titled and bare and _nested(text, bare, titled):
            bare = []
        found.extend(titled)
    elif bare and _nested(text, bare, keyed):  # "ADVENTURE I." then its sections "I.", "II."
        bare = []
    found.extend(bare)
    found.extend(ends)
    found.sort()
    return found


def _numbered_headings(text):
    """Bare numbers on their own lines ("I.", "2") set off by blank lines,
    taken as chapter headings only when they count up 1, 2, 3, ..."""
    for regex in (_NUMBER_LINE_RE, _WORD_NUMBER_LINE_AT_START_RE):  # "IV." or "12"; else "FOUR" or "Twelve"
        found, values = [], []
        for m in regex.finditer(text):
            line_start = _line_start(text, m.start(1), " \t\ufeff")
            heading = line_start is not None and _read_heading(text, line_start, numbered=True)
            if heading:
                found.append(heading)
                values.append(_number_value(m.group(1)))
        if _counts_up(values):
            return found
    return []


def _counts_up(values):
    """At least three numbers that start at 1 and mostly count up by one (a
    new book or part may start again at 1)."""
    if len(values) < 3 or values[0] != 1:
        return False
    steps = sum(1 for a, b in zip(values, values[1:]) if b == a + 1 or (b == 1 and a > 1))
    return steps >= 0.8 * (len(values) - 1)


def _titled_number_headings(text, others):
    """Numbered headings with a title ("I. The River", "12. At Sea",
    "ADVENTURE I. A SCANDAL IN BOHEMIA", "Letter 3"), each a short line alone
    between blank lines.  Such a line is also how a numbered list looks, so they
    count as chapters only as a whole: a sequence counting up from 1 (like bare
    numbers), every heading followed by prose before the next, and spread through
    the text rather than bunched in one part of it.  Adjacent ones with nothing
    between them are a list or a table of contents, not headings.  ``others`` are
    the headings found otherwise, where a chapter also ends."""
    groups = {}
    for c in _titled_number_lines(text):
        groups.setdefault(c[2], []).append(c)  # by keyword and numerals: ("adventure", "I"), ("", "1") ...
    bounds = sorted(h[0] for h in others)
    best = []
    for group in groups.values():
        kept = _without_lists(text, group)
        starts = [c[0] for c in kept]
        ends = []
        for k, c in enumerate(kept):
            after = bounds[bisect.bisect_right(bounds, c[0]):][:1]
            ends.append(min([starts[k + 1] if k + 1 < len(kept) else len(text), *after]))
        kept = [c for c, end in zip(kept, ends) if _has_prose(text[c[1]:end])]
        if not _counts_up([c[3] for c in kept]) or not _spread_out(text, kept, bounds):
            continue
        if len(kept) > len(best):
            best = kept
    return [(start, body, title, "chapter") for start, body, _, _, title in best]


def _titled_number_lines(text):
    """(line start, line end, keyword, value, title) of each numbered heading line."""
    found = []
    starts = [m.end() for m in _BLANK_LINES_RE.finditer(text)]
    for start in [0] + starts:
        while start < len(text) and text[start] in " \t\ufeff":
            start += 1
        end = _line_end(text, start)
        if end - start > 100 or not text[start:start + 1].strip() or not _blank_line_after(text, end):
            continue
        line = text[start:end].strip().strip(_MARKUP)
        m = _TITLED_NUMBER_RE.fullmatch(line)
        if not m or _HEADING_RE.match(line) or _NAMED_RE.match(line):
            continue
        title = m.group("title")
        if title and not (_title_like(title) or _short_title(title)):
            continue
        key, num = (m.group("key") or "").lower(), m.group("knum") or m.group("num")
        value = _number_value(num)
        if value is None or key in _SMALL_WORDS or (not key and not title):
            continue  # bare numbers are _numbered_headings' business
        style = "1" if num.isdigit() else "I" if re.fullmatch(r"[IVXLCDMivxlcdm]+", num) else "one"
        display = _tidy_title(line)
        if display.endswith(".") and not display.endswith(".."):
            display = display[:-1]
        found.append((start, end, (key, style), value, display))
    return found


def _blank_line_after(text, line_end):
    if line_end >= len(text):
        return True
    next_end = _line_end(text, line_end + 1)
    return not text[line_end + 1:next_end].strip()


def _without_lists(text, group):
    """Drop runs of numbered lines with nothing between them: a list, or a table of
    contents, whose last line is kept when it starts the numbering again (the
    first chapter's heading after the contents)."""
    kept, run = [], []
    for c in group + [None]:
        if c is not None and run and _is_blank(text[run[-1][1]:c[0]]):
            run.append(c)
            continue
        if len(run) == 1:
            kept.append(run[0])
        elif run and run[-1][3] <= run[-2][3]:
            kept.append(run[-1])
        run = [c]
    return kept


def _has_prose(body):
    """Text a chapter could be made of (a sentence or two at least), not a list
    item's short note."""
    return len("".join(body.split())) >= 60


def _spread_out(text, headings, bounds):
    """The chapters take up the text: no part before the first or after the last
    is far longer than the longest chapter (a numbered list inside one chapter
    of an otherwise unheaded book is not the book's chapters)."""
    starts = [h[0] for h in headings]
    longest = max(b - a for a, b in zip(starts, starts[1:]))
    before = [b for b in bounds if b < starts[0]]
    after = [b for b in bounds if b > starts[-1]]
    opening = starts[0] - (before[-1] if before else 0)
    tail = (after[0] if after else len(text)) - starts[-1]
    return max(opening, tail) <= 3 * longest + 5000


def _nested(text, inner, outer):
    """Each numbering of ``inner`` (bare section numbers) starts right under a
    heading of ``outer``: they are its sections, not chapters."""
    bodies = sorted(body for _, body, _, _ in outer)
    for start, _, title, _ in inner:
        if _number_value(title.split(":")[0]) == 1:
            before = bodies[:bisect.bisect_right(bodies, start)]
            if not before or not _is_blank(text[before[-1]:start]):
                return False
    return True


def _markdown_headings(text):
    fences = [m.start() for m in _MD_FENCE_RE.finditer(text)]
    found = []
    for m in _MD_HEADING_RE.finditer(text):
        if m.start() and text[m.start() - 1] != "\n":
            continue
        if bisect.bisect_left(fences, m.start()) % 2:
            continue  # inside a code block
        found.append((m.start(), len(m.group(1)), m.group(2), m.end()))
    for m in _MD_SETEXT_RE.finditer(text):
        # a one-line paragraph underlined with "=" (level 1) or "-" (level 2)
        if m.start() and not _after_blank(text, m.start()):
            continue
        if bisect.bisect_left(fences, m.start()) % 2 or m.group(1)[0] in "#>" or not m.group(1).strip("=-* \t"):
            continue
        if m.group(2)[0] == "-" and m.group(1)[-1] in ".,;:\"'\u201d\u2019":
            continue  # a sentence above a rule ("He closed the door.\n---"): a scene break, not a title
        found.append((m.start(), 1 if m.group(2)[0] == "=" else 2, m.group(1), m.end()))
    if not found:
        return []
    found.sort()
    levels = sorted({level for _, level, _, _ in found})
    count = {lv: sum(1 for f in found if f[1] == lv) for lv in levels}
    # The chapters are the top level that comes twice or more, unless every heading of it
    # only stands over deeper ones ("## Part One" right above "### Chapter 1"): parts
    body_less = {lv for lv in levels if all(
        k + 1 < len(found) and found[k + 1][1] > lv and _is_blank(text[found[k][3]:found[k + 1][0]])
        for k, f in enumerate(found) if f[1] == lv)}
    repeated = [lv for lv in levels if count[lv] >= 2]
    split_level = next((lv for lv in repeated if lv not in body_less), repeated[0] if repeated else levels[0])
    once = {lv for lv in levels if count[lv] == 1}
    headings = []
    for n, (start, level, title, end) in enumerate(found):
        if level > split_level:
            continue
        kind = "chapter"
        if level < split_level:
            # a lone top heading first is the book's title; others are parts
            kind = "title" if n == 0 and level in once else "part"
        headings.append((start, end, _tidy_title(title.strip(_MARKUP)), kind))
    return headings


def _after_blank(text, line_start):
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    return _is_blank(text[prev_start:line_start - 1])
