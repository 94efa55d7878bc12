"""The run decoder: alternation posteriors, with and without a turn's own evidence."""
from audiobook.attribution_model.runs import decode
from audiobook.attribution_model.units import Utterance


def _turns(tags):
    return [Utterance(index=i, segments=[i], pieces=[(i * 10, i * 10 + 5)], para_start=i * 10, para_end=i * 10 + 9,
                      p_first=i, p_last=i, tag_kind=t) for i, t in enumerate(tags)]


def test_anchor_posterior_alternates_from_the_tagged_turn_alone():
    units = _turns(["name", None, None])
    # Anna is tagged; the untagged turns' own evidence wrongly says Anna twice
    results = [[(0.95, "Anna"), (0.05, "Ben")], [(0.9, "Anna"), (0.1, "Ben")], [(0.9, "Ben"), (0.1, "Anna")]]
    d = decode(units, results)
    assert max(d.anchor_post[1], key=d.anchor_post[1].get) == "Ben"
    assert max(d.anchor_post[2], key=d.anchor_post[2].get) == "Anna"


def test_cavity_leaves_out_the_turns_own_evidence():
    units = _turns(["name", None, "name"])
    results = [[(0.95, "Anna"), (0.05, "Ben")], [(0.9, "Anna"), (0.1, "Ben")], [(0.95, "Anna"), (0.05, "Ben")]]
    d = decode(units, results)
    assert d.cavity[1]["Ben"] > d.post[1]["Ben"]
    assert d.cavity[1]["Ben"] > 0.5
    assert abs(sum(d.cavity[1].values()) - 1.0) < 1e-9


def test_single_turn_runs_have_no_run_evidence():
    units = _turns(["name"])
    d = decode(units, [[(0.8, "Anna"), (0.2, "Ben")]])
    assert d.alt == ["Anna"] and d.cavity == [{}] and d.anchor_post == [{}]


def test_untagged_turns_see_the_cavity_and_anchor_posteriors_as_features():
    from audiobook.attribution import prepare
    from audiobook.attribution_model.features import INDEX, featurize, neighbours
    from audiobook.model import Chapter, Character
    from audiobook.quotes import split_chapter
    text = ('Anna and Ben sat by the fire.\n\n'
            '"Do you dance?" said Ben.\n\n'
            '"Seldom."\n\n'
            '"Why not?" said Ben.\n')
    roster = [Character("Anna", [], "female"), Character("Ben", [], "male")]
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    assert [u.tag_kind for u in units] == ["name", None, "name"]
    # the untagged turn's own evidence wrongly favours Ben
    results = [[(0.95, "Ben"), (0.05, "Anna")], [(0.7, "Ben"), (0.3, "Anna")], [(0.95, "Ben"), (0.05, "Anna")]]
    hints = neighbours(results, units, text)
    rows = featurize(units[1], ["Anna", "Ben"], ctx, units, hints.speakers, {}, hints)
    anna, ben = rows
    assert anna[INDEX["cavity_notag"]] > 0.9 > ben[INDEX["cavity_notag"]]
    assert anna[INDEX["anchor_post_notag"]] > ben[INDEX["anchor_post_notag"]]
    tagged = featurize(units[0], ["Anna", "Ben"], ctx, units, hints.speakers, {}, hints)
    assert all(r[INDEX["cavity_notag"]] == 0.0 for r in tagged)


def test_pronoun_tagged_turn_sees_the_cavity_of_candidates_of_its_gender():
    from audiobook.attribution import prepare
    from audiobook.attribution_model.features import INDEX, featurize, neighbours
    from audiobook.model import Chapter, Character
    from audiobook.quotes import split_chapter
    text = ('Anna, Ben and Carl sat by the fire.\n\n'
            '"Do you dance?" said Ben.\n\n'
            '"Seldom," said Anna.\n\n'
            '"Why not?" he asked.\n')
    roster = [Character("Anna", [], "female"), Character("Ben", [], "male"), Character("Carl", [], "male")]
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster)
    assert units[2].tag_kind == "pronoun"
    results = [[(0.95, "Ben"), (0.05, "Anna")], [(0.95, "Anna"), (0.05, "Ben")],
               [(0.5, "Carl"), (0.4, "Ben"), (0.1, "Anna")]]
    hints = neighbours(results, units, text)
    anna, ben, carl = featurize(units[2], ["Anna", "Ben", "Carl"], ctx, units, hints.speakers, {}, hints)
    assert anna[INDEX["cavity_pron"]] == 0.0  # not a 'he'
    assert ben[INDEX["cavity_pron"]] > carl[INDEX["cavity_pron"]] > 0.0


def test_pronoun_tag_is_gender_evidence_the_run_can_overrule_within_the_gender():
    units = _turns(["name", "name", "pronoun", "name"])
    units[2].tag_gender = "male"
    genders = {"Anna": "female", "Ben": "male", "Carl": "male"}
    # Ben and Anna alternate; salience wrongly resolved the middle "he said" to Carl
    results = [[(0.95, "Ben"), (0.05, "Anna")], [(0.95, "Anna"), (0.05, "Ben")],
               [(0.85, "Carl"), (0.1, "Ben"), (0.05, "Anna")], [(0.95, "Anna"), (0.05, "Ben")]]
    d = decode(units, results, genders=genders)
    assert d.alt[2] == "Ben"
    assert d.post[2]["Anna"] < 0.1  # 'he' is not Anna, however well she fits the alternation



def test_narration_naming_a_third_character_makes_them_the_likelier_newcomer():
    # Anna and Ben talk; a third turn, after the narration names Carl, is neither of theirs
    units = _turns(["name", "name", None])
    results = [[(0.9, "Anna"), (0.05, "Carl"), (0.05, "Dora")], [(0.9, "Ben"), (0.05, "Carl"), (0.05, "Dora")],
               [(0.45, "Carl"), (0.45, "Dora"), (0.1, "Anna")]]
    plain = decode(units, results, narr=[])
    assert abs(plain.post[2]["Carl"] - plain.post[2]["Dora"]) < 1e-9
    named = decode(units, results, narr=[(16, "Carl")])  # in the narration of the turn before
    assert named.post[2]["Carl"] > 2 * named.post[2]["Dora"]
    addressed = decode(units, results, narr=[], addressed=[set(), {"Carl"}, set()])  # "..., Carl?"
    assert addressed.post[2]["Carl"] > 2 * addressed.post[2]["Dora"]


def test_named_between_splits_the_previous_paragraph_from_what_follows_it():
    from audiobook.attribution_model.runs import named_between
    units = _turns([None, None])
    narr = [(2, "Anna"), (7, "Ben"), (9, "Carl"), (10, "Dora")]
    assert named_between(narr, units[0], units[1]) == ({"Anna", "Ben"}, {"Carl"})


def test_narration_naming_the_last_speaker_lets_them_carry_on():
    from audiobook.attribution_model.runs import TRANS_FEATURES
    units = _turns(["name", "name", None])
    results = [[(0.9, "Anna"), (0.1, "Ben")], [(0.9, "Ben"), (0.1, "Anna")], [(0.5, "Anna"), (0.5, "Ben")]]
    alt = [0.0] * len(TRANS_FEATURES)
    alt[TRANS_FEATURES.index("bias")] = 3.0
    same = [0.0] * len(TRANS_FEATURES)
    same[TRANS_FEATURES.index("last_named")] = 6.0  # learned: 'Ben smiled. "..."' is Ben again
    trans = {"alt": alt, "same": same}
    text = " " * 30
    plain = decode(units, results, text, trans, narr=[])
    assert plain.alt[2] == "Anna"
    named = decode(units, results, text, trans, narr=[(19, "Ben")])  # between turn 1 and turn 2
    assert named.alt[2] == "Ben"


def test_seen_before_is_the_surest_earlier_turn_of_each_pool_member():
    from audiobook.attribution_model.runs import _seen_before
    results = [[(0.9, "A"), (0.1, "B")], [(0.6, "B"), (0.4, "C")], [(0.8, "C")]]
    # one row per step: who had spoken before turns 1 and 2 (the last turn starts no step)
    assert _seen_before([0, 1, 2], results, ["A", "B", "C", "D"]) == [[0.9, 0.1, 0.0, 0.0], [0.9, 0.6, 0.4, 0.0]]
