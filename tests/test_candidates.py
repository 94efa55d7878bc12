"""Candidate speakers of attribution_model/candidates.py, on invented passages."""
from audiobook.attribution import prepare
from audiobook.attribution_model.candidates import candidates
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

ROSTER = [Character("Nora", [], "female"), Character("Basil", [], "male"), Character("Ida", [], "female")]


def _candidates(text: str, k: int) -> list[str]:
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, ROSTER)
    return candidates(units[k], ctx, units, [None] * len(units))


def test_the_tag_names_come_first():
    assert _candidates('"Come in," said Basil.', 0)[0] == "Basil"


def test_someone_addressed_by_name_a_few_turns_away_is_a_candidate():
    # Ida is never named in the narration; Basil's "My dear Ida" makes her a candidate
    # for the untagged replies after it, not only the next one
    text = ('"My dear Ida, how are you?" said Basil.\n\n"Very well."\n\n"And the children?"\n\n'
            '"Growing fast."')
    for k in (1, 2, 3):
        assert "Ida" in _candidates(text, k)


def test_a_name_addressed_far_away_is_not_a_candidate():
    # eight others the book names more often than Ida fill its major characters
    others = ["Ann", "Bob", "Cyril", "Dora", "Edith", "Fred", "Gwen", "Hugh"]
    roster = ROSTER + [Character(n, [], None) for n in others]
    opening = " ".join(f"{n} and {n} walked." for n in others) + "\n\n" + "The rain went on. " * 600
    lines = "\n\n".join(f'"Line {i}."' for i in range(12))
    text = opening + '\n\n"My dear Ida," said Basil.\n\n' + lines
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    near = candidates(units[2], ctx, units, [None] * len(units))
    far = candidates(units[10], ctx, units, [None] * len(units))
    assert "Ida" in near and "Ida" not in far
