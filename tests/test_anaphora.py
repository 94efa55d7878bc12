"""Referents of pronoun and description tags from the other turns (attribution_model/anaphora.py)."""
from audiobook.attribution_model.anaphora import (description_groups, description_key, description_shares,
                                                  recent_speakers)
from audiobook.attribution_model.units import Utterance

GENDERS = {"Nora": "female", "Ida": "female", "Basil": "male", "Mr. Pell": "male"}


def turns(n, gap=100, tags=None):
    """n turns `gap` characters apart; tags={index: (kind, words)}."""
    out = []
    for i in range(n):
        u = Utterance(index=i, segments=[i], pieces=[(i * gap, i * gap + 20)], para_start=i * gap,
                      para_end=i * gap + 30, p_first=i, p_last=i)
        if i in (tags or {}):
            u.tag_kind, u.tag_words = tags[i]
        out.append(u)
    return out


def test_recent_speakers_of_a_gender_across_the_turns_before():
    units = turns(6)
    speakers = ["Basil", "Nora", "Mr. Pell", None, "Ida", None]
    assert recent_speakers(5, units, speakers, "male", GENDERS) == ["Mr. Pell", "Basil"]
    assert recent_speakers(5, units, speakers, "female", GENDERS) == ["Ida", "Nora"]
    assert recent_speakers(5, units, speakers, "female", GENDERS, limit=1) == ["Ida"]
    assert recent_speakers(5, units, speakers, None, GENDERS) == []


def test_recent_speakers_stop_far_back():
    units = turns(3, gap=4000)
    assert recent_speakers(2, units, ["Basil", "Mr. Pell", None], "male", GENDERS) == ["Mr. Pell"]


def test_description_key_drops_the_manner_and_evens_the_article():
    units = turns(3, tags={0: ("description", ("the", "lawyer", "hesitatingly")), 1: ("description", ("a", "lawyer")),
                        2: ("description", ("her", "aunt"))})
    assert description_key(units[0]) == description_key(units[1]) == ("the", "lawyer")
    assert description_key(units[2]) == ("her", "aunt")
    assert description_key(turns(1)[0]) is None


def test_the_books_other_uses_of_a_description_vouch_for_a_speaker():
    units = turns(5, tags={0: ("description", ("the", "lawyer")), 1: ("description", ("the", "lawyer")),
                        3: ("description", ("the", "lawyer")), 4: ("description", ("her", "aunt"))})
    groups = description_groups(units)
    speakers = ["Mr. Pell", "Mr. Pell", "Nora", "Basil", "Ida"]
    # turn 3's own attribution is left out: the two others say Mr. Pell
    assert description_shares(3, units, speakers, groups) == {"Mr. Pell": 1.0}
    assert description_shares(0, units, speakers, groups) == {"Mr. Pell": 0.5, "Basil": 0.5}
    assert description_shares(4, units, speakers, groups) == {}   # the only "her aunt"
    assert description_shares(2, units, speakers, groups) == {}   # no description tag
