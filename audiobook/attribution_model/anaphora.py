"""Who a "he said" or "said the lawyer" most likely is, from the other turns.

Two facts the local narration does not hold:

- Recent speakers.  "He said" mostly means a man who has been talking in
  this scene, even when a narration paragraph broke the exchange (the
  conversation runs of runs.py stop there): the most recent speakers of
  the tag's gender, by the previous pass, looking back a few turns.
- The book's other uses of a description.  "Said the lawyer", "said her
  aunt" mostly mean the same person all through a book.
"""
from __future__ import annotations

from collections import Counter

from .context import description_words
from .units import Utterance

_ARTICLES = ("the", "a", "an", "that", "this")

RECENT_TURNS = 12     # turns looked back for the last speakers of a gender
RECENT_CHARS = 5000   # ... within this many characters


def recent_speakers(k: int, units: list[Utterance], speakers: list[str | None], gender: str | None,
                    genders: dict[str, str | None], limit: int = 2) -> list[str]:
    """The last `limit` distinct speakers of `gender` before turn `k`, most
    recent first (the previous pass's `speakers`)."""
    out: list[str] = []
    if not gender:
        return out
    start = units[k].pieces[0][0]
    for j in range(k - 1, max(-1, k - 1 - RECENT_TURNS), -1):
        if start - units[j].pieces[-1][1] > RECENT_CHARS:
            break
        s = speakers[j]
        if s and s not in out and genders.get(s) == gender:
            out.append(s)
            if len(out) == limit:
                break
    return out


def description_key(u: Utterance) -> tuple[str, ...] | None:
    """The words of a description tag, the article made 'the' and the manner
    dropped: 'said an old man' and 'the old man answered' -> ('the', 'old', 'man');
    'her father' stays ('her', 'father')."""
    if u.tag_kind != "description":
        return None
    w = description_words(u.tag_words)
    if len(w) < 2:
        return None
    return ("the",) + w[1:] if w[0] in _ARTICLES else w


def description_shares(k: int, units: list[Utterance], speakers: list[str | None],
                       groups: dict[tuple[str, ...], list[int]]) -> dict[str, float]:
    """How the previous pass attributed the book's other tags with turn k's
    description: {speaker: share}.  A book calls the same person "the lawyer"
    or "her aunt" again and again; the surer of those turns vouch for the rest."""
    key = description_key(units[k])
    if key is None:
        return {}
    seen = Counter(speakers[j] for j in groups.get(key, ()) if j != k and speakers[j])
    total = sum(seen.values())
    return {c: n / total for c, n in seen.items()} if total else {}


def description_groups(units: list[Utterance]) -> dict[tuple[str, ...], list[int]]:
    out: dict[tuple[str, ...], list[int]] = {}
    for u in units:
        key = description_key(u)
        if key is not None:
            out.setdefault(key, []).append(u.index)
    return out
