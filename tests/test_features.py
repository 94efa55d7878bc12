"""Features of attribution_model/features.py, on invented passages."""
from collections import Counter

from audiobook.attribution import prepare
from audiobook.attribution_model.features import INDEX, featurize
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

ROSTER = [Character("Nora", [], "female"), Character("Basil", [], "male"), Character("Mr. Pell", [], "male")]


def features(text, k=0):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, ROSTER)
    cands = [c.name for c in ROSTER]
    rows = featurize(units[k], cands, ctx, units, [None] * len(units), Counter())
    return {c: row for c, row in zip(cands, rows)}


def test_the_one_turned_to_is_a_listener():
    f = features('Basil came in. Mr. Pell turned to Basil and said, "You are late."')
    assert f["Basil"][INDEX["listener_cue"]] == 1.0
    assert f["Mr. Pell"][INDEX["listener_cue"]] == 0.0


def test_listener_of_a_pronoun_tag_of_the_same_gender():
    f = features('Mr. Pell looked at Basil.\n\n"You are late," he said to Nora.')
    assert f["Nora"][INDEX["listener_cue"]] == 1.0
    assert f["Nora"][INDEX["listener_cue_pron"]] == 0.0   # "he" is not Nora anyway


def test_salience_of_the_pronoun_tag_prefers_the_subject():
    f = features('Mr. Pell looked at Basil for a while.\n\n"You are late," he said.')
    assert f["Mr. Pell"][INDEX["sal_top"]] == 1.0
    assert f["Mr. Pell"][INDEX["sal_share"]] > f["Basil"][INDEX["sal_share"]] > 0


def test_a_title_word_in_a_description_tag_points_to_the_titled_characters():
    from audiobook.attribution_model.context import description_words, title_holders
    roster = ROSTER + [Character("Inspector Japp", [], "male"), Character("Dr. Bauer", [], "male")]
    text = 'Basil came in.\n\n"Sit down," said the inspector gravely.\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    assert description_words(units[0].tag_words) == ("the", "inspector")
    assert title_holders(units[0], ctx) == {"Inspector Japp"}


def test_a_description_tag_ends_with_its_person_noun():
    from audiobook.attribution_model.context import description_words

    def words(phrase):
        return " ".join(description_words(tuple(phrase.split())))
    # the manner, a verb or a preposition after it is no part of it
    assert words("her husband in a") == "her husband"
    assert words("the lawyer hesitated a") == "the lawyer"
    assert words("the doctor was") == "the doctor"
    assert words("the little lady inquisitively") == "the little lady"
    assert words("a sleepy voice behind") == "a sleepy voice"
    # ... whose relative it names goes on, and a noun in -ly stays
    assert words("the wife of mr.") == "the wife of mr."
    assert words("the family") == "the family"


def test_a_pronoun_tag_marks_a_man_only_talked_about_never_one_named_in_a_tag():
    f = features('"Where is Mr. Pell?" said Basil.\n\n"Mr. Pell is away," said Nora.\n\n'
                 'Basil sat down.\n\n"I miss him," he said.\n', k=2)
    assert f["Mr. Pell"][INDEX["untagged_pron"]] == 1.0
    assert f["Basil"][INDEX["untagged_pron"]] == 0.0
    first = features('"Where is Mr. Pell?" said Basil.\n', k=0)  # a name tag: the feature is for "he said"
    assert first["Mr. Pell"][INDEX["untagged_pron"]] == 0.0


def test_the_woman_her_points_to_is_not_her_companion():
    f = features('Nora was too tired to say a word.\n\n"You are late," said her companion.')
    assert f["Nora"][INDEX["desc_possessor"]] == 1.0
    assert f["Basil"][INDEX["desc_possessor"]] == 0.0


def test_a_latest_referent_named_only_as_an_object():
    f = features('Mr. Pell came in, and Nora looked at Basil.\n\n"You are late," he said.')
    assert f["Basil"][INDEX["pron_rank0_object"]] == 1.0
    assert f["Mr. Pell"][INDEX["pron_rank1_object"]] == 1.0
    f = features('Mr. Pell came in, and Basil looked at Nora.\n\n"You are late," he said.')
    assert f["Basil"][INDEX["pron_rank0_object"]] == 0.0


def test_the_one_reacting_in_the_next_paragraph_is_marked():
    # 'Basil smiled.' on its own after a turn: mostly the listener reacting
    f = features('"You are late."\n\nBasil smiled.\n\n"Am I?"\n', k=0)
    assert f["Basil"][INDEX["react_after"]] == 1.0
    assert f["Basil"][INDEX["react_after_notag"]] == 1.0
    assert f["Nora"][INDEX["react_after"]] == 0.0
    # named only as an object, or deep in the sentence: no reaction
    f = features('"You are late."\n\nThe old clock on the mantelpiece struck nine as Nora looked at Basil.\n\n"Am I?"\n', k=0)
    assert f["Basil"][INDEX["react_after"]] == f["Nora"][INDEX["react_after"]] == 0.0
    # 'He made no answer.': the men are marked, not the woman
    f = features('"You are late."\n\nHe made no answer.\n\n"Well?"\n', k=0)
    assert f["Basil"][INDEX["react_pron"]] == f["Mr. Pell"][INDEX["react_pron"]] == 1.0
    assert f["Nora"][INDEX["react_pron"]] == 0.0
    # the next paragraph is a turn, not narration: nothing reacts
    f = features('"You are late."\n\nBasil smiled. "Am I?"\n', k=0)
    assert f["Basil"][INDEX["react_after"]] == 0.0


def test_an_untagged_turn_sees_who_the_scene_is_about():
    # Nora is the subject the narration keeps returning to ("she ... her ... herself");
    # Mrs. Pell's name is printed last, as a possessor, and Basil only as an object
    roster = ROSTER + [Character("Mrs. Pell", [], "female")]
    text = ('Nora was not in a mood to care about it. She wanted to be quiet, but she took care '
            'to seem herself, and found herself arguing with Basil, making use of Mrs. Pell\'s '
            'arguments against herself.\n\n"I do not know why you should say so."\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    cands = [c.name for c in roster]
    rows = featurize(units[0], cands, ctx, units, [None] * len(units), Counter())
    share = {c: row[INDEX["sal_any_notag"]] for c, row in zip(cands, rows)}
    assert share["Nora"] > share["Mrs. Pell"] > 0 and share["Nora"] > share["Basil"] > 0
    assert abs(sum(share.values()) - 1.0) < 1e-9
    # a tagged turn carries no such share
    f = features('Nora looked at Basil.\n\n"You are late," said Mr. Pell.')
    assert all(row[INDEX["sal_any_notag"]] == 0.0 for row in f.values())


def test_a_turn_spoken_to_a_parent_is_the_childs():
    # "Hush, mother!": the mother is spoken to; the one who calls her so is her child
    roster = [Character("Lucy Pell", ["Lucy"], "female"), Character("Mrs. Pell", [], "female"),
              Character("Basil", [], "male")]
    text = 'Lucy and Mrs. Pell sat down.\n\n"Hush, mother! People will hear you."\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    cands = [c.name for c in roster]
    rows = dict(zip(cands, featurize(units[0], cands, ctx, units, [None] * len(units), Counter())))
    assert rows["Mrs. Pell"][INDEX["parent_addressed"]] == 1.0
    assert rows["Lucy Pell"][INDEX["child_of_addressed"]] == 1.0
    assert rows["Basil"][INDEX["parent_addressed"]] == rows["Basil"][INDEX["child_of_addressed"]] == 0.0
    # a father spoken to says nothing of the women
    plain = features('Nora sat down.\n\n"Yes, papa."')
    assert all(row[INDEX["parent_addressed"]] == row[INDEX["child_of_addressed"]] == 0.0 for row in plain.values())
