"""Markdown: what of a .md book is read aloud, and what attribution sees.

Every offset the tool prints indexes ``Book.text``, the file as Python reads
it, so nothing here rewrites that text.  ``reading_view(text)`` is a copy of
the same length, line for line (every newline kept), in which Markdown
syntax is blanked out with spaces:

* silent blocks, blanked whole: YAML (``---``) or TOML (``+++``) front matter,
  fenced code blocks (``` or ~~~, closed; an unclosed fence is left as text,
  so a stray fence cannot silence the rest of a book), HTML comments,
  ``<script>``/``<style>`` elements and link reference definitions;
* block markers: ATX heading ``#``s, setext underlines, thematic breaks,
  block quote ``>``s, list bullets and task boxes, footnote definition labels
  (the note itself is read), table pipes and delimiter rows;
* inline markup: emphasis and strikethrough delimiters (CommonMark's
  flanking rules: ``snake_case`` keeps its underscore), code span backticks
  (and any quote mark inside a code span), backslashes of escapes, HTML tags,
  a link's brackets and destination (its text stays), an image's ``![``
  and destination (its alt text stays), footnote references (``[^1]``);
  an HTML entity becomes its character, padded with spaces.

A line that opens with inline markup (``_thoughts_ on this``) has its first
words moved left over the blanked marks, so the plain-text layout rules do
not read it as indented (a block quote, verse); only words move, never a
quote mark, stop or dash, so segment boundaries stay where the book has them.
Indented code blocks are not recognised: in a book an indented block is far
more often verse or a letter than code.

Quote splitting and attribution read the view (``reading.analysis_text``), so a quote
in a comment or a code block is no dialogue and ``said **John**`` reads
``said   John``, a name; segments keep the book's own text.  What is read
aloud and shown in transcripts is ``spoken_text``: the view with the markup
dropped, newlines kept (front matter, code blocks and comments are only
whitespace there, so silent).
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache


MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(book) -> bool:
    source = getattr(book, "source", None)
    return source is not None and source.suffix.lower() in MARKDOWN_SUFFIXES


def silenced_view(text: str) -> str:
    """``text`` with only its silent blocks blanked (front matter, fenced code,
    comments, ...): markers such as heading ``#``s kept, for finding chapters."""
    return _views(text)[0]


def reading_view(text: str) -> str:
    """``text`` with every piece of Markdown syntax blanked (same length)."""
    return _views(text)[1]


def plain_text(s: str) -> str:
    """A short piece of Markdown (a heading) as it reads: markup dropped,
    whitespace runs made single spaces."""
    return " ".join(_spoken(s, _masked(s), 0, len(s)).split())


@lru_cache(maxsize=4)  # the book being read: the reader, the script and the build ask for its views
def _views(text: str) -> tuple[str, str, bytearray]:
    return _masked(text)


def _masked(text: str) -> tuple[str, str, bytearray]:
    m = _Masker(text)
    m.silent_blocks()
    silenced = "".join(m.out)
    m.block_markers()
    blocks = bytes(m.dropped)
    m.inline()
    m.unindent(blocks)
    return silenced, "".join(m.out), m.dropped


def spoken_text(text: str, start: int = 0, end: int | None = None) -> str:
    """What is read aloud (and shown in a transcript) for ``text[start:end]``
    of a Markdown book: its reading view with the markup dropped, not
    blanked (``said **John**.`` is "said John."), newlines kept.  A dropped
    HTML tag or comment between two words leaves a space (``a<br>b``), an
    emphasis delimiter none (``un*believ*able``)."""
    return _spoken(text, _views(text), start, len(text) if end is None else end)


def _spoken(text: str, views: tuple[str, str, bytearray], start: int, end: int) -> str:
    _, view, dropped = views
    out, i = [], start
    while i < end:
        j = dropped.find(1, i, end)
        if j < 0:
            break
        k = dropped.find(0, j, end)
        k = end if k < 0 else k
        out.append(view[i:j])
        newlines = text.count("\n", j, k)
        if newlines:
            out.append("\n" * newlines)
        elif 0 < j and k < len(text) and not view[j - 1].isspace() and not view[k].isspace() \
                and "<" in text[j:k]:
            out.append(" ")
        i = k
    out.append(view[i:end])
    return "".join(out)


# --- the masker ------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A\ufeff?(?:---[ \t]*\n.*?\n(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?\n\+\+\+)[ \t]*(?=\n|\Z)",
                           re.S)
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
_FENCE_CLOSE = r"^ {0,3}%s%s*[ \t]*$"
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_RAW_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_LINK_DEFINITION = re.compile(
    r" {0,3}\[(?!\^)((?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*(?:<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$")
_BLOCK_QUOTE = re.compile(r" {0,3}>[ \t]?")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r" {0,3}=+[ \t]*$")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+(#+)[ \t]*$")
_BULLET = re.compile(r"[ \t]*([-+*])[ \t]+(\[[ xX]\](?=[ \t]))?")
_FOOTNOTE_DEFINITION = re.compile(r" {0,3}(\[\^[^\]\s]+\]:)")
_TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$"
                              r"| {0,3}\|[ \t]*:?-+:?[ \t]*\|?[ \t]*$")
_PIPE = re.compile(r"(?<!\\)\|")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|\\(?=\n)")
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[^<>\n]{0,200}?)?/?>")
_DESTINATION = re.compile(r"\(\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)"
                          r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
_REFERENCE = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]")
_DELIMITER_RUN = re.compile(r"\*+|_+|~~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WORDS = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*(?: [^\W_]+(?:['\u2019-][^\W_]+)*)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_QUOTE_MARKS = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019'"


def _label(s: str) -> str:
    return " ".join(s.split()).casefold()


class _Masker:
    def __init__(self, text: str):
        self.text = text
        self.out = list(text)
        self.done = bytearray(len(text))  # 1: blanked or literal, no further markup read there
        self.dropped = bytearray(len(text))  # 1: markup, not read aloud
        self.labels: set[str] = set()
        self._bracket_span, self._bracket_pairs = (0, -1), {}  # see _close_of

    def blank(self, a: int, b: int) -> None:
        for i in range(a, b):
            if self.out[i] != "\n":
                self.out[i] = " "
                self.dropped[i] = 1
        self.done[a:b] = b"\x01" * (b - a)

    def keep(self, a: int, b: int) -> None:
        self.done[a:b] = b"\x01" * (b - a)

    def free(self, a: int, b: int) -> bool:
        return self.done.find(1, a, b) == -1

    def lines(self):
        """(start, end) of each line that does not start in a blanked block."""
        pos = 0
        for line in self.text.split("\n"):
            a, pos = pos, pos + len(line) + 1
            if a == len(self.text) or not self.done[a]:
                yield a, a + len(line)

    # -- silent blocks: front matter, fenced code, comments, script and style
    def silent_blocks(self) -> None:
        text = self.text
        m = _FRONT_MATTER.match(text)
        if m:
            self.blank(0, m.end())
        pos = m.end() + 1 if m else 0  # a line start
        while pos < len(text):
            end = _line_end(text, pos)
            fence = _FENCE_OPEN.match(text, pos, end)
            if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
                marks = fence.group(1)
                close = re.compile(_FENCE_CLOSE % (re.escape(marks), re.escape(marks[0])), re.M)
                c = close.search(text, end + 1) if end < len(text) else None
                if c is not None:
                    self.blank(pos, c.end())
                    pos = c.end() + 1
                    continue
            lt = text.find("<", pos, end)
            while lt >= 0:
                r = _COMMENT.match(text, lt) or _RAW_BLOCK.match(text, lt)
                if r is not None:
                    self.blank(r.start(), r.end())
                    lt = r.end()
                    end = max(end, _line_end(text, lt))
                else:
                    lt += 1
                lt = text.find("<", lt, end)
            pos = end + 1

    def _paragraph_end(self, pos: int) -> int:
        m = _PARAGRAPH_BREAK.search(self.text, pos)
        return m.start() if m else len(self.text)

    # -- block markers
    def block_markers(self) -> None:
        text = self.text
        lines = list(self.lines())
        table = False
        for n, (a, b) in enumerate(lines):
            pos = a
            q = _BLOCK_QUOTE.match(text, pos, b)
            while q:
                self.blank(q.start(), q.start() + q.group().index(">") + 1)
                pos = q.end()
                q = _BLOCK_QUOTE.match(text, pos, b)
            if pos < b and self.done[pos]:
                continue
            line = text[pos:b]
            if not line.strip():
                table = False
                continue
            if _THEMATIC_BREAK.match(line) or _SETEXT.match(line):
                self.blank(pos, b)
                continue
            m = _LINK_DEFINITION.match(line)
            if m:
                self.labels.add(_label(m.group(1)))
                self.blank(pos, b)
                continue
            m = _ATX.match(line)
            if m:
                self.blank(pos + m.start(1), pos + m.end(1))
                c = _ATX_CLOSE.search(line, m.end())
                if c:
                    self.blank(pos + c.start(1), pos + c.end(1))
                continue
            if _TABLE_DELIMITER.match(line) and "|" in line and n > 0 and "|" in text[lines[n - 1][0]:lines[n - 1][1]]:
                self.blank(pos, b)
                self._pipes(*lines[n - 1])
                table = True
                continue
            if table and "|" in line:
                self._pipes(pos, b)
                continue
            table = False
            m = _FOOTNOTE_DEFINITION.match(line)
            if m:
                self.blank(pos + m.start(1), pos + m.end(1))
                continue
            m = _BULLET.match(line)
            if m and not _THEMATIC_BREAK.match(line):
                self.blank(pos + m.start(1), pos + m.end(1))
                if m.group(2):
                    self.blank(pos + m.start(2), pos + m.end(2))

    def unindent(self, blocks: bytes) -> None:
        """A line opening with inline markup (``_thoughts_ on this``) must not
        read as indented, a block quote or verse to the plain-text layout rules:
        its first words move left over the blanked markup (``thoughts   on``).
        Only words (no quote mark, stop or dash, where a segment could be cut)
        move, so every segment boundary stays where the book has it."""
        out, dropped = self.out, self.dropped
        pos = 0
        for line in self.text.split("\n"):
            a, b = pos, pos + len(line)
            pos = b + 1
            if a >= b or not dropped[a] or blocks[a]:
                continue
            j = a
            while j < b and dropped[j] and not blocks[j]:
                j += 1
            words = _WORDS.match("".join(out[j:b]))
            if j == b or not words:
                continue
            n = words.end()
            if j + n < b and not (dropped[j + n] or out[j + n].isspace()):
                continue  # "http" of "<http://...>": the words run on
            out[a:j + n] = out[j:j + n] + [" "] * (j - a)
            dropped[a:j + n] = bytes(n) + b"\x01" * (j - a)

    def _pipes(self, a: int, b: int) -> None:
        for m in _PIPE.finditer(self.text, a, b):
            self.blank(m.start(), m.end())

    # -- inline markup
    def inline(self) -> None:
        text = self.text
        self._code_spans()
        for m in _ESCAPE.finditer(text):
            if self.free(m.start(), m.end()):
                self.blank(m.start(), m.start() + 1)
                self.keep(m.start() + 1, m.end())
        for m in _COMMENT.finditer(text):
            if self.free(m.start(), m.start() + 1):
                self.blank(m.start(), m.end())
        for m in _AUTOLINK.finditer(text):
            if self.free(m.start(), m.end()):
                self.blank(m.start(), m.start() + 1)
                self.keep(m.start() + 1, m.end() - 1)
                self.blank(m.end() - 1, m.end())
        for m in _TAG.finditer(text):
            if self.free(m.start(), m.end()):
                self.blank(m.start(), m.end())
        self._links()
        self._delimiters()
        for m in _ENTITY.finditer(text):
            if self.free(m.start(), m.end()):
                char = html.unescape(m.group())
                if char != m.group() and len(char) <= len(m.group()) and "\n" not in char:
                    self.blank(m.start(), m.end())
                    self.out[m.start():m.start() + len(char)] = list(char)
                    self.dropped[m.start():m.start() + len(char)] = bytes(len(char))

    def _code_spans(self) -> None:
        text = self.text
        runs = [m for m in _BACKTICKS.finditer(text) if self.free(m.start(), m.end())
                and not _escaped(text, m.start())]
        i = 0
        while i < len(runs):
            opener = runs[i]
            limit = self._paragraph_end(opener.end())
            j = next((k for k in range(i + 1, len(runs)) if runs[k].start() < limit
                      and len(runs[k].group()) == len(opener.group())), None)
            if j is None or runs[j].start() >= limit:
                i += 1
                continue
            closer = runs[j]
            self.blank(opener.start(), opener.end())
            self.blank(closer.start(), closer.end())
            for k in range(opener.end(), closer.start()):  # no quotation: a quote mark, not an apostrophe
                if text[k] in _QUOTE_MARKS and not (text[k] in "'\u2019" and text[k - 1].isalpha()
                                                    and text[k + 1].isalpha()):
                    self.out[k] = " "
                    self.dropped[k] = 1
            self.keep(opener.end(), closer.start())
            i = j + 1

    def _links(self) -> None:
        """Links, images and footnote references, outermost first."""
        text = self.text
        pos = text.find("[")
        while pos >= 0:
            if self.free(pos, pos + 1) and not _escaped(text, pos):
                self._link_at(pos)
            pos = text.find("[", pos + 1)

    def _link_at(self, pos: int) -> None:
        text = self.text
        close = self._close_of(pos)
        if close < 0:
            return
        inner = text[pos + 1:close]
        image = pos > 0 and text[pos - 1] == "!" and self.free(pos - 1, pos) and not _escaped(text, pos - 1)
        if inner.startswith("^") and not image and " " not in inner and len(inner) > 1:
            if text[close + 1:close + 2] != ":":
                self.blank(pos, close + 1)  # a footnote reference
            return
        d = _DESTINATION.match(text, close + 1)
        end = d.end() if d and "\n\n" not in d.group() else -1
        if end < 0:
            r = _REFERENCE.match(text, close + 1)
            if r and _label(r.group(1) or inner) in self.labels:
                end = r.end()
            elif _label(inner) in self.labels and not r:
                end = close + 1
        if end < 0:
            return
        self.blank(pos - 1 if image else pos, pos + 1)
        self.blank(close, end)

    def _close_of(self, pos: int) -> int:
        """The "]" matching the "[" at pos within its paragraph, or -1: from one pass
        over the paragraph (scanning from each "[" is quadratic in a paragraph of them)."""
        start, end = self._bracket_span
        if not start <= pos < end:
            end = self._paragraph_end(pos)
            self._bracket_pairs = _bracket_pairs(self.text, pos, end)
            self._bracket_span = (pos, end)
        return self._bracket_pairs.get(pos, -1)

    def _delimiters(self) -> None:
        text = self.text
        for m in _DELIMITER_RUN.finditer(text):
            a, b = m.span()
            if not self.free(a, b) or _escaped(text, a):
                continue
            before = text[a - 1] if a else " "
            after = text[b] if b < len(text) else " "
            left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
            right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
            if m.group()[0] == "_":
                opens = left and (not right or _punctuation(before))
                closes = right and (not left or _punctuation(after))
            else:
                opens, closes = left, right
            if opens or closes:
                self.blank(a, b)


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


def _punctuation(c: str) -> bool:
    return unicodedata.category(c)[0] in "PS"


def _escaped(text: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _bracket_pairs(text: str, pos: int, limit: int) -> dict[int, int]:
    """Each "[" from pos up to limit -> its matching "]" (a backslash escapes the next character)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = pos
    while i < limit:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs
