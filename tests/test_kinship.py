"""Family relations read as mentions (attribution_model/kinship.py), on invented texts."""
from audiobook.attribution import prepare
from audiobook.attribution_model.kinship import Families
from audiobook.characters import name_index
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

ROSTER = [Character("Nora", [], "female"), Character("Mr. Pell", [], "male"), Character("Mrs. Pell", [], "female"),
          Character("Basil Pell", ["Basil"], "male"), Character("Mr. Vane", [], "male")]
TEXT = "Nora Pell came down. Basil was out. "


def families(text=TEXT):
    return Families(name_index(ROSTER), {c.name: c.gender for c in ROSTER}, text)


def test_surnames_from_the_roster_and_from_full_names_in_the_text():
    f = families()
    assert f.surnames["Basil Pell"] == {"pell"}
    assert f.surnames["Nora"] == {"pell"}          # "Nora Pell" in the text
    assert "Nora" not in families("Nora came down.").surnames


def test_parents_and_spouses_carry_a_married_title_children_do_not():
    f = families()
    assert f.relative("Nora", "father") == "Mr. Pell"
    assert f.relative("Nora", "mother") == "Mrs. Pell"
    assert f.relative("Mr. Pell", "wife") == "Mrs. Pell"
    assert f.relative("Mrs. Pell", "son") == "Basil Pell"
    assert f.relative("Nora", "brother") == "Basil Pell"
    assert f.relative("Mr. Vane", "wife") is None     # no one of his family
    # a wife or husband is married: a "Miss" of the family is a sister
    sister = Families(name_index([Character("Mr. Lane", [], "male"), Character("Miss Lane", [], "female")]),
                      {"Mr. Lane": "male", "Miss Lane": "female"})
    assert sister.relative("Mr. Lane", "wife") is None
    assert sister.relative("Mr. Lane", "sister") == "Miss Lane"


def test_her_father_in_the_narration_is_a_mention_of_him():
    text = (TEXT + 'Mr. Vane bowed. Nora followed her father into the library.\n\n'
            '"Sit down," he said.\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, ROSTER)
    assert (text.index("her father"), "Mr. Pell") in ctx.narr


def test_said_her_father_names_the_father():
    text = TEXT + 'Nora looked up.\n\n"Come here," said her father.\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, ROSTER)
    from audiobook.attribution_model.context import relation_referent
    assert units[0].tag_words == ("her", "father")
    assert relation_referent(units[0], ctx) == "Mr. Pell"


def test_said_his_aunt_names_the_one_aunt_of_the_cast():
    roster = [Character("Tom", [], "male"), Character("Mary", [], "female"), Character("Aunt Polly", [], "female")]
    text = 'Tom ran in. Mary smiled.\n\n"Leave him alone," said his aunt.\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    from audiobook.attribution_model.context import relation_referent
    assert relation_referent(units[0], ctx) == "Aunt Polly"
    two = roster + [Character("Aunt Sally", [], "female")]
    units, ctx = prepare(text, segs, two)
    assert relation_referent(units[0], ctx) is None  # two aunts: the text must decide


def test_said_the_latter_is_the_second_of_the_last_two_named():
    from audiobook.attribution_model.context import relation_referent
    text = 'Nora turned to Mr. Vane.\n\n"Will you come?"\n\n"With pleasure," replied the latter.\n\n' \
           '"Then go," said the former.\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, ROSTER)
    assert [relation_referent(u, ctx) for u in units] == [None, "Mr. Vane", "Nora"]


def test_parents_are_the_married_elders_with_a_child_of_their_name():
    parents, children = families().parents("female")
    assert parents == {"Mrs. Pell"}
    assert children == {"Nora", "Basil Pell"}
    assert families().parents("male")[0] == {"Mr. Pell"}
