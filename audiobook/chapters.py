"""Find the chapters of a book's text.

Chapters tile the text: the first starts at 0, the last ends at ``len(text)``,
and each starts where the previous ends.  A chapter starts at a heading line
("CHAPTER I.", "Chapter 3: The Storm", "PART II", "Prologue", a Markdown
heading) that stands on its own line after a blank line.  A heading with no
body (a part heading right before a chapter heading, a table of contents entry)
joins the next chapter, so no chapter is empty.
"""
from __future__ import annotations

import bisect
import re

from .model import Chapter

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth last final"
).split()
_WORD_NUM = r"(?:%s)" % "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"(?:\d+|(?-i:[IVXLCDM]+|[ivxlcdm]+)\b|(?:the\s+)?{_WORD_NUM}(?:[\s-]{_WORD_NUM})*\b)"
_KEY = r"(?:chapter|chap\.|part|book|volume|vol\.|adventure|stave|letter|canto|episode)"
_SEP = r"(?:[.:\u2014\u2013-]|\.\s*[\u2014\u2013-])"
_HEADING_RE = re.compile(
    rf"(?P<key>{_KEY})\s+(?P<num>{_NUM})\s*(?:{_SEP}?\s*$|{_SEP}\s*(?P<title>\S.*?)\s*$)", re.I
)
_NAMED_RE = re.compile(
    rf"(?P<key>prologue|epilogue|preface|foreword|afterword|introduction|interlude)\s*"
    rf"(?:[.:]?\s*$|{_SEP}\s*(?P<title>\S.*?)\s*$)",
    re.I,
)
# A heading keyword; the search starts with a plain character class so the
# regex engine can skip through huge texts fast.  Line position is checked after.
_CANDIDATE_RE = re.compile(
    r"[CcPpBbVvEeFfAaIiSsLl](?i:hapter|hap\.|art|ook|olume|ol\.|rologue|pilogue|reface|oreword"
    r"|fterword|ntroduction|nterlude|dventure|tave|etter|anto|pisode)\b"
)
_TITLED_NUMBER_RE = re.compile(
    rf"(?:(?P<key>(?-i:[A-Z])[a-z]{{1,19}})\s+(?P<knum>{_NUM})|(?P<num>(?-i:\d{{1,3}}|[IVXLC]+)))"
    rf"\s*(?:{_SEP}?|{_SEP}\s*(?P<title>\S.*?))\s*",
    re.I,
)
_NUMBER_LINE_RE = re.compile(r"([IVXLC]+|[0-9]{1,3})\.?[ \t]*(?=\n|\Z)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WORD_VALUES = {
    **{w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())},
    **{w: i for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())},
    **{w: 10 * i for i, w in enumerate("- - twenty thirty forty fifty sixty seventy eighty ninety".split(), 0) if i > 1},
    **{w: 10 * i for i, w in enumerate("- - twentieth thirtieth fortieth fiftieth".split()) if i > 1},
}
_GUTENBERG_END_RE = re.compile(r"\*\*\*[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG")
_MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+(\S[^\n]*?)[ \t#]*$", re.M)
_MD_FENCE_RE = re.compile(r"^(?:```|~~~)", re.M)
_NON_SPACE_RE = re.compile(r"\S")
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")
_SMALL_WORDS = frozenset("a an the and but or nor of in on at to by for with from as into upon".split())
_MARKUP = "_*#= \t\ufeff"
_PUNCTUATION = ".,:;!?()[]\"'\u2018\u2019\u201c\u201d\u2014\u2013-_*"
# a Roman numeral up to 399 (no D or M: "MIX", "DID" and "MID" are words)
_ROMAN_RE = re.compile(r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ABBREVIATIONS = frozenset("mr mrs ms dr st mt messrs mme mlle prof rev capt col gen lt sgt jr sr vs".split())


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
        _HEADING_RE.match(line) or _NAMED_RE.match(line) or _looks_like_toc_line(line) for line in lines
    )


def _looks_like_toc_line(line):
    return bool(re.match(rf"(?:{_KEY}\s+)?{_NUM}\b.{{0,80}}$", line, re.I)) and bool(
        re.search(r"(?:\.{3,}|\s)\d+$|^(?:chapter|part|book)", line, re.I)
    )


def _plain_headings(text):
    found = []
    for m in _CANDIDATE_RE.finditer(text):
        line_start = _line_start(text, m.start(), " \t_*\ufeff")
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
    found, values = [], []
    for m in _NUMBER_LINE_RE.finditer(text):
        line_start = _line_start(text, m.start(), " \t\ufeff")
        heading = line_start is not None and _read_heading(text, line_start, numbered=True)
        if heading:
            found.append(heading)
            values.append(_number_value(m.group(1)))
    return found if _counts_up(values) else []


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


def _short_title(title):
    """A sentence-case title ("The river at night"): short, capitalised, not a sentence."""
    words = title.split()
    return len(title) <= 60 and len(words) <= 8 and title[0].isupper() and title[-1] not in ".,;:"


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


def _number_value(num):
    """1 for "1", "I", "i", "One", "the First"; None for "Last" or anything else."""
    num = num.strip().rstrip(".")
    if num.isdigit():
        return int(num)
    if re.fullmatch(r"[IVXLCDM]+|[ivxlcdm]+", num):
        total, prev = 0, 0
        for ch in reversed(num.upper()):
            v = _ROMAN[ch]
            total += -v if v < prev else v
            prev = max(prev, v)
        return total
    words = [w for w in re.split(r"[\s-]+", num.lower()) if w and w != "the"]
    values = [_WORD_VALUES.get(w) for w in words]
    return sum(values) if words and None not in values else None


def _read_heading(text, line_start, numbered=False):
    """(line start, body start, title, kind) if a heading starts here."""
    # a heading stands after a blank line; in a text without blank lines, alone on its
    # line ('Chapter II'), which no wrapped line of prose is
    unspaced = line_start > 0 and not _after_blank_line(text, line_start)
    if unspaced and (numbered or _beside_a_heading(text, line_start)):
        return None  # ... and not one of a column of them (a table of contents)
    line_end = text.find("\n", line_start, line_start + 200)
    if line_end < 0:
        if len(text) - line_start >= 200:
            return None  # far too long for a heading
        line_end = len(text)
    line = text[line_start:line_end].strip().strip(_MARKUP)
    if len(line) > 100:
        return None
    if numbered:
        m = _NUMBER_LINE_RE.fullmatch(line)
        key, num, inline, kind = "", m and m.group(1), None, "chapter"
        label = num
    else:
        m = _HEADING_RE.match(line) or _NAMED_RE.match(line)
        key = m and m.group("key")
        kind = "part" if key and key.lower().startswith(("part", "book", "vol")) else "chapter"
        label = key and _label(key, m.groupdict().get("num"))
        inline = m and m.group("title")
    if not m or unspaced and inline and not _title_like(inline):
        return None  # ... or with a title ('Chapter II: In Santa Croce'), not a sentence
    next_start = line_end + 1
    next_line = text[next_start : _line_end(text, next_start)].strip() if next_start < len(text) else ""
    if numbered and next_line and not _title_like(next_line):
        return None  # a number starting a paragraph, or a list
    body = line_end
    title_parts = []
    if inline:
        if next_line and not _title_like(inline):
            return None  # "Chapter 3. The report said that ..." inside prose
        title_parts.append(inline)
        if next_line and _title_like(next_line) and len(inline) + len(next_line) <= 160:
            after = _line_end(text, next_start)
            if not text[after + 1 : _line_end(text, after + 1)].strip():
                title_parts.append(next_line)  # the title wraps onto a second line
                body = after
    elif next_line:
        after = _line_end(text, next_start)
        following = text[after + 1 : _line_end(text, after + 1)].strip() if after < len(text) else ""
        # the title on the next line, set off below by a blank line, or short (in a text
        # without blank lines: 'Chapter I' / 'The One Thing Needful' / 'Now, what I want')
        if (not following or len(next_line) <= 60) and _title_like(next_line) \
                and not is_heading_line(next_line) and not is_numbered_heading_line(next_line):
            title_parts.append(next_line)
            body = after
    else:
        block = _caps_block_after(text, line_end)
        if block:
            title_parts.append(block[0])
            body = block[1]
    title = label
    if title_parts:
        title += ": " + _tidy_title(" ".join(title_parts))
    return (line_start, body, title, kind)


def _is_blank(s):
    """Only whitespace, byte-order marks and zero-width spaces."""
    return not s.strip().replace("\ufeff", "").replace("\u200b", "").strip()


def _line_start(text, pos, allowed):
    """Start of the line holding ``pos`` if only ``allowed`` characters come
    before ``pos`` on that line, else None."""
    while pos > 0 and text[pos - 1] in allowed:
        pos -= 1
    return pos if pos == 0 or text[pos - 1] == "\n" else None


def _after_blank_line(text, line_start):
    prev_end = line_start - 1  # the newline ending the previous line
    prev_start = text.rfind("\n", 0, prev_end) + 1
    return _is_blank(text[prev_start:prev_end])


def _beside_a_heading(text, line_start):
    """The line before or after the one at `line_start` heads a chapter of the same
    kind (not 'VOLUME I' above 'CHAPTER I')."""
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    end = _line_end(text, line_start)
    kind = _heading_key(text[line_start:end])
    return any(is_heading_line(line) and _heading_key(line) == kind
               for line in (text[prev_start:line_start], text[end + 1:_line_end(text, end + 1)]))


def _heading_key(line):
    m = _HEADING_RE.match(line.strip().strip(_MARKUP))
    return m.group("key").lower() if m else None


def _line_end(text, start):
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _caps_block_after(text, pos):
    """A title set off by blank lines after a bare heading: up to four lines
    in capitals, or one short title-cased line without sentence punctuation
    ("Chapter 1" / "The Beginning").  (title, end of block) or None."""
    m = _BLANK_LINES_RE.match(text, pos)
    if not m:
        return None
    lines, cursor = [], m.end() - 1
    while len(lines) <= 4:
        start = cursor + 1
        end = _line_end(text, start)
        line = text[start:end].strip()
        if not line:
            break
        lines.append(line)
        cursor = end
        if end >= len(text):
            break
    block = " ".join(lines).strip(_MARKUP)
    if any(is_heading_line(line) or is_numbered_heading_line(line) for line in lines):
        return None  # the next heading, not a title
    if not lines or len(lines) > 4 or len(block) > 200 or not any(c.isalpha() for c in block):
        return None
    if block != block.upper() and not (len(lines) == 1 and _plain_title(block)):
        return None
    if not _NON_SPACE_RE.search(text, cursor):
        return None  # nothing after it: it is the chapter's only text
    return block, cursor


def is_heading_line(line):
    line = line.strip().strip(_MARKUP)
    return bool(_HEADING_RE.match(line) or _NAMED_RE.match(line) or _NUMBER_LINE_RE.fullmatch(line))


def is_numbered_heading_line(line):
    """A line shaped like a numbered heading with a title ("I. The River",
    "ADVENTURE I. A SCANDAL IN BOHEMIA"); a heading only in a sequence of them."""
    line = line.strip().strip(_MARKUP)
    m = _TITLED_NUMBER_RE.fullmatch(line)
    return bool(m and (m.group("key") or m.group("title")) and (m.group("key") or "").lower() not in _SMALL_WORDS
                and not (m.group("title") and not (_title_like(m.group("title")) or _short_title(m.group("title"))))
                and _number_value(m.group("knum") or m.group("num")) is not None)


def _plain_title(line):
    return (
        len(line) <= 60
        and line[-1] not in ".,;:!?\"'\u201d\u2019)"
        and line[0] not in "\"'\u201c\u2018(\u2014-"
        and _title_like(line)
    )


def _title_like(line):
    line = line.strip(_MARKUP)
    if not line or len(line) > 80 or line[-1] in ",;:" or not any(c.isalpha() for c in line):
        return False
    if line == line.upper():
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", line) if w.lower() not in _SMALL_WORDS]
    if not words:
        return False
    capitalized = sum(1 for w in words if w[0].isupper())
    return capitalized / len(words) >= 0.6


def _label(key, num):
    key = key.strip().capitalize()
    if not num:
        return key
    num = " ".join(num.split()).rstrip(".")
    if not re.fullmatch(r"[IVXLCDMivxlcdm]+|\d+", num) and num == num.upper():
        return title_case(f"{key} {num}")
    if re.fullmatch(r"[ivxlcdm]+", num):
        num = num.upper()
    return f"{key} {num}"


def _tidy_title(title):
    title = " ".join(title.replace("_", " ").replace("*", " ").split())
    return title_case(title) if title == title.upper() else title


def title_case(s: str) -> str:
    """ALL CAPS TITLE -> All Caps Title: small words in lower case except the
    first word and one after a number or a colon, period or dash ("I. The
    River", "Adventure I. A Scandal in Bohemia"); Roman numerals stay capitals."""
    out = []
    start = True  # the next word starts the title or a part of it
    for word in s.split(" "):
        core = word.strip(_PUNCTUATION)
        if core and _ROMAN_RE.fullmatch(core.upper()):
            out.append(word.upper())
        else:
            parts = word.lower().split("-")
            out.append("-".join(
                p if (j or not start) and p.strip(_PUNCTUATION) in _SMALL_WORDS else _capitalize(p)
                for j, p in enumerate(parts)
            ))
        if core or word:
            start = bool(word) and (
                word[-1] in ":!?\u2014\u2013" or word in ("-", "--")
                or (word[-1] == "." and core.lower() not in _ABBREVIATIONS)
                or (core == word and (core.isdigit() or len(core) > 1 and _ROMAN_RE.fullmatch(core.upper())))
            )
    return " ".join(out)


def _capitalize(word):
    """Upper-case the first letter ("'tis" -> "'Tis", but "16th" stays)."""
    return re.sub(r"[^\W_]", lambda m: m.group().upper(), word, count=1)


def _markdown_headings(text):
    fences = [m.start() for m in _MD_FENCE_RE.finditer(text)]
    found = []
    for m in _MD_HEADING_RE.finditer(text):
        if m.start() and text[m.start() - 1] != "\n":
            continue
        if bisect.bisect_left(fences, m.start()) % 2:
            continue  # inside a code block
        found.append((m.start(), len(m.group(1)), m.group(2), m.end()))
    if not found:
        return []
    levels = sorted({level for _, level, _, _ in found})
    split_level = next((lv for lv in levels if sum(1 for f in found if f[1] == lv) >= 2), levels[0])
    once = {lv for lv in levels if sum(1 for f in found if f[1] == lv) == 1}
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
