"""What a chapter heading line looks like, one line at a time.

The patterns of heading lines ("CHAPTER I.", "Chapter 3: The Storm", "PART II",
"Prologue", a bare "IV."), the values of their numbers (digits, Roman
numerals, number words), reading the heading that starts at a given line (with
its title on the same line, the next one or a block set off below it), and
tidying titles (ALL CAPS -> Title Case).  Which of these lines split the book
into chapters is decided in chapters.py.
"""
from __future__ import annotations

import re

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth last final"
    # the first chapter of a French, Spanish or Italian book: "CHAPITRE PREMIER", "CAPÍTULO PRIMERO"
    " premier première primero primo"
).split()
_WORD_NUM = r"(?:%s)" % "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"(?:\d+|(?-i:[IVXLCDM]+|[ivxlcdm]+)\b|(?:the\s+)?{_WORD_NUM}(?:[\s-]{_WORD_NUM})*\b)"
# ... and the same words in the languages eSpeak reads best after English ("Kapitel 3", "CHAPITRE IV")
_KEY = (r"(?:chapter|chap\.|part|book|volume|vol\.|adventure|stave|letter|canto|episode"
        r"|chapitre|partie|livre|tome|kapitel|kapittel|teil|buch|cap[i\u00ed]tulo|capitolo|parte|libro|hoofdstuk"
        r"|deel|rozdzia\u0142|cz\u0119\u015b\u0107|luku|osa)")
# German ordinals before the word: "Erstes Kapitel", "ZWEITER TEIL"
_GERMAN_ORDINALS = ("erst zweit dritt viert f\u00fcnft sechst siebent siebt acht neunt zehnt elft zw\u00f6lft "
                    "dreizehnt vierzehnt f\u00fcnfzehnt sechzehnt siebzehnt achtzehnt neunzehnt zwanzigst").split()
_GERMAN_ORDINAL = r"(?:%s)(?:es|er|e)" % "|".join(sorted(_GERMAN_ORDINALS, key=len, reverse=True))
# "--" is how plain-text editions (Project Gutenberg) write a dash: "CHAPTER I.--THE STORM"
_SEP = r"(?:\.\s*(?:--|[\u2014\u2013-])|--|[.:\u2014\u2013-])"  # the longest first
_HEADING_RE = re.compile(
    rf"(?P<key>{_KEY})\s+(?P<num>{_NUM})\s*(?:{_SEP}?\s*$|{_SEP}\s*(?P<title>\S.*?)\s*$)", re.I
)
_ORDINAL_FIRST_RE = re.compile(
    rf"(?P<num>{_GERMAN_ORDINAL})\s+(?P<key>kapitel|teil|buch|abschnitt)\s*(?:{_SEP}?\s*$|{_SEP}\s*(?P<title>\S.*?)\s*$)",
    re.I,
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
# The other languages' words, sought at line starts only (their first letters are too
# common for the class above to skip by: t, d, h)
_OTHER_CANDIDATE_RE = re.compile(
    r"^[ \t_*\ufeff]*((?i:chapitre|partie|livre|tome|kapitel|kapittel|teil|buch|cap[i\u00ed]tulo|capitolo|parte"
    r"|libro|hoofdstuk|deel|rozdzia\u0142|cz\u0119\u015b\u0107|luku|osa|" + _GERMAN_ORDINAL
    + r"\s+(?:kapitel|teil|buch|abschnitt)))\b", re.M
)
_TITLED_NUMBER_RE = re.compile(
    rf"(?:(?P<key>(?-i:[A-Z])[a-z]{{1,19}})\s+(?P<knum>{_NUM})|(?P<num>(?-i:\d{{1,3}}|[IVXLC]+)))"
    rf"\s*(?:{_SEP}?|{_SEP}\s*(?P<title>\S.*?))\s*",
    re.I,
)
_NUMBER_LINE_RE = re.compile(r"([IVXLC]+|[0-9]{1,3})\.?[ \t]*(?=\n|\Z)")
_CARDINAL = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
             r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")
# A number in words alone on its line ("ONE", "Twenty-Two"), in capitals or capitalised, without a stop
_WORD_NUMBER_LINE_RE = re.compile(rf"(?i:({_CARDINAL}(?:[ -]{_CARDINAL})?))[ \t]*(?=\n|\Z)")  # "One." is a reply


def number_line(line):
    """The number of a line that is only a number ("IV.", "12", "ONE", "Twenty-One"), as
    written; None for anything else (a lower-case "one" is a word, not a heading)."""
    m = _NUMBER_LINE_RE.fullmatch(line)
    if m:
        return m.group(1)
    m = _WORD_NUMBER_LINE_RE.fullmatch(line)
    return m.group(1) if m and m.group(1)[0].isupper() else None
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
    **dict.fromkeys(("premier", "première", "primero", "primo"), 1),
    **{stem + end: i for i, stem in enumerate(_GERMAN_ORDINALS, 1) if stem != "siebt" for end in ("es", "er", "e")},
    **{"siebtes": 7, "siebter": 7, "siebte": 7},
}
_NON_SPACE_RE = re.compile(r"\S")
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")
_SMALL_WORDS = frozenset("a an the and but or nor of in on at to by for with from as into upon".split())
_MARKUP = "_*#= \t\ufeff"
_PUNCTUATION = ".,:;!?()[]\"'\u2018\u2019\u201c\u201d\u2014\u2013-_*"
# a Roman numeral up to 399 (no D or M: "MIX", "DID" and "MID" are words)
_ROMAN_RE = re.compile(r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ABBREVIATIONS = frozenset("mr mrs ms dr st mt messrs mme mlle prof rev capt col gen lt sgt jr sr vs".split())


def _short_title(title):
    """A sentence-case title ("The river at night"): short, capitalised, not a sentence."""
    words = title.split()
    return len(title) <= 60 and len(words) <= 8 and title[0].isupper() and title[-1] not in ".,;:"


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
        m = number_line(line)
        key, num, inline, kind = "", m, None, "chapter"
        label = num and _tidy_title(num)
    else:
        m = _HEADING_RE.match(line) or _ORDINAL_FIRST_RE.match(line) or _NAMED_RE.match(line)
        key = m and m.group("key")
        kind = "part" if key and key.lower().startswith(("part", "book", "vol", "livre", "tome", "teil", "buch",
                                                          "libro", "deel", "cz\u0119\u015b\u0107", "osa")) else "chapter"
        label = key and (_tidy_title(line[:m.end("key")]) if m.re is _ORDINAL_FIRST_RE
                         else _label(key, m.groupdict().get("num")))
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
    line = line.strip().strip(_MARKUP)
    m = _HEADING_RE.match(line) or _ORDINAL_FIRST_RE.match(line)
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
    return bool(_HEADING_RE.match(line) or _ORDINAL_FIRST_RE.match(line) or _NAMED_RE.match(line)
                or _NUMBER_LINE_RE.fullmatch(line))


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
        and line[0] not in "\"'\u201c\u2018\u201e\u00ab\u00bb(\u2014-"  # no quotation ("« Bonjour »")
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
    for spaced in s.split(" "):
        # a dash joining two words ("II.--THE STORM", "II.\u2014THE STORM") parts them as a space would
        pieces = _DASH_SPLIT_RE.split(spaced)
        cased = []
        for word in pieces:
            if word in ("--", "\u2014", "\u2013") and len(pieces) > 1:
                cased.append(word)
                start = True
                continue
            core = word.strip(_PUNCTUATION)
            if core and _ROMAN_RE.fullmatch(core.upper()):
                cased.append(word.upper())
            else:
                parts = word.lower().split("-")
                cased.append("-".join(
                    p if (j or not start) and p.strip(_PUNCTUATION) in _SMALL_WORDS else _capitalize(p)
                    for j, p in enumerate(parts)
                ))
            if core or word:
                start = bool(word) and (
                    word[-1] in ":!?\u2014\u2013" or word in ("-", "--")
                    or (word[-1] == "." and core.lower() not in _ABBREVIATIONS)
                    or (core == word and (core.isdigit() or len(core) > 1 and _ROMAN_RE.fullmatch(core.upper())))
                )
        out.append("".join(cased))
    return " ".join(out)


_DASH_SPLIT_RE = re.compile(r"(--|\u2014|\u2013)")


def _capitalize(word):
    """Upper-case the first letter ("'tis" -> "'Tis", but "16th" stays)."""
    return re.sub(r"[^\W_]", lambda m: m.group().upper(), word, count=1)
