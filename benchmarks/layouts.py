"""Plain-text layouts of one book, for checking that attribution holds in each.

Every conversion keeps the text's length and the offset of every character
that is not whitespace, so a gold annotation's offsets still hold:

- ``own``: the file as it is (PDNC: hard-wrapped, blank lines between paragraphs);
- ``unwrapped``: one line per paragraph, blank lines between them;
- ``one-line``: one line per paragraph, blank lines only where the book had two
  or more in a row (around chapter headings), as many e-book exports are;
- ``no-blank``: one line per paragraph and no blank line anywhere;
- ``indented``: hard-wrapped, no blank lines, each paragraph's first line indented;
- ``wrapped``: hard-wrapped, nothing at all between paragraphs (the hardest:
  only line lengths, sentence ends and quotation marks tell paragraphs apart).
"""
from __future__ import annotations

import re

from audiobook.chapters import is_heading_line

LAYOUTS = ("own", "unwrapped", "one-line", "no-blank", "indented", "wrapped")


def convert_layout(text: str, layout: str) -> str:
    """`text` (hard-wrapped, blank lines between paragraphs) in another layout."""
    if layout == "own":
        return text
    if layout == "unwrapped":
        out = _join_wrapped_lines(text)
    elif layout == "one-line":
        out = _join_wrapped_lines(re.sub(r"\n\n", " \n", text))
    elif layout == "no-blank":
        out = _join_wrapped_lines(re.sub(r"\n{2,}", lambda m: " " * (len(m.group()) - 1) + "\n", text))
    elif layout == "indented":
        out = re.sub(r"\n{2,}", lambda m: "\n" + " " * (len(m.group()) - 1), text)
    elif layout == "wrapped":
        out = re.sub(r"\n{2,}", lambda m: " " * (len(m.group()) - 1) + "\n", text)
    else:
        raise ValueError(f"unknown layout {layout!r}: one of {', '.join(LAYOUTS)}")
    assert len(out) == len(text)
    return out


def _join_wrapped_lines(text: str) -> str:
    # a single newline inside a paragraph (not after a space a conversion left) becomes a
    # space, but between the lines of a heading ("Chapter I" / "The Science of Deduction")
    def join(m: re.Match) -> str:
        line_start = text.rfind("\n", 0, m.start()) + 1
        next_end = text.find("\n", m.end())
        next_line = text[m.end():next_end if next_end >= 0 else len(text)]
        heading = is_heading_line(text[line_start:m.start()])
        return "\n" if heading and m.start() - line_start < 60 and len(next_line) < 60 else " "
    return re.sub(r"(?<![ \n])\n(?!\n)", join, text)
