"""Numbers as English words: cardinals, ordinals, years, Roman numerals.

American style without "and" ("one hundred twenty-three"), so a number reads
the same whether it is a quantity or a year like 2005 ("two thousand five").
"""
from __future__ import annotations

import re

ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")]
IRREGULAR_ORDINALS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}
ROMAN = re.compile(r"^M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
MAX_CARDINAL = 10**15


def cardinal(n: int) -> str:
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + (" " + cardinal(rest) if rest else "")
    for scale, name in SCALES:
        if n >= scale:
            rest = n % scale
            return cardinal(n // scale) + " " + name + (" " + cardinal(rest) if rest else "")
    raise AssertionError(n)


def ordinal(n: int) -> str:
    words = cardinal(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in IRREGULAR_ORDINALS:
        last = IRREGULAR_ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year(n: int) -> str:
    """1865 -> eighteen sixty-five, 1900 -> nineteen hundred, 1905 -> nineteen oh five,
    2005 -> two thousand five, 2024 -> twenty twenty-four."""
    if not 1000 <= n <= 9999 or 2000 <= n <= 2009 or n % 1000 == 0:
        return cardinal(n)
    high, low = divmod(n, 100)
    if low == 0:
        return cardinal(high) + " hundred"
    return cardinal(high) + " " + (("oh " + ONES[low]) if low < 10 else cardinal(low))


def plural(words: str) -> str:
    """sixty -> sixties, hundred -> hundreds (for decades: the 1960s)."""
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def digits(s: str) -> str:
    return " ".join(ONES[int(d)] for d in s if d.isdigit())


def number(s: str) -> str:
    """Words for a digit string, with optional thousands commas and decimals."""
    whole, _, frac = s.replace(",", "").partition(".")
    if len(whole) > 1 and whole.startswith("0") or len(whole) > 15:
        out = digits(whole)
    else:
        out = cardinal(int(whole or "0"))
    if frac:
        out += " point " + digits(frac)
    return out


def roman_value(s: str) -> int | None:
    s = s.upper()
    if not s or not ROMAN.match(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        value = ROMAN_VALUES[a]
        total += -value if b != " " and ROMAN_VALUES[b] > value else value
    return total
