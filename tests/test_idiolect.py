import math
from collections import Counter

from audiobook.attribution_model.idiolect import BACKGROUND_SHARE, Idiolects, tokens


def test_tokens_are_lowercase_words_contractions_and_marks():
    assert tokens("Oh! I can't -- can I?") == Counter({"oh": 1, "!": 1, "i": 2, "can't": 1, "--": 1, "can": 1,
                                                      "?": 1})
    assert tokens("...") == Counter()


def _reference(model: Idiolects, k: int, c: str) -> float:
    """The score spelt out: c's counts less turn k's own share, mixed with the book's."""
    t = model.words[k]
    m = model.counts.get(c, Counter())
    own = model.share[k].get(c, 0.0)
    n = model.totals.get(c, 0.0) - own * model.sizes[k]
    if not t or n < 1e-9:
        return 0.0
    s = 0.0
    for w, x in t.items():
        pb = model.p_background[w]
        p = (1 - BACKGROUND_SHARE) * max(m.get(w, 0.0) - own * x, 0.0) / n + BACKGROUND_SHARE * pb
        s += x * math.log(p / pb)
    return s


def _book():
    gloomy = ["nobody cares about me", "thanks for nothing", "nobody ever asks me", "it is all the same to me"]
    cheery = ["oh how lovely", "what fun it is", "oh hooray hooray", "how lovely and fun"]
    words = [tokens(t) for t in gloomy + cheery]
    ranked = [[(0.9, "Eeyore"), (0.1, "Pooh")]] * 4 + [[(1.0, "Pooh")]] * 4
    return Idiolects(words, ranked)


def test_a_turn_sounds_like_the_character_whose_words_it_shares():
    model = _book()
    model.words.append(tokens("nobody asks me"))
    model.sizes.append(3)
    model.share.append({})
    k = len(model.words) - 1
    assert model.score(k, "Eeyore") > 0 > model.score(k, "Pooh")


def test_a_turn_never_vouches_for_itself():
    # Pooh's only "hooray" turn: with its own words left out, "hooray" is new to Pooh too
    model = _book()
    assert model.score(6, "Pooh") == _reference(model, 6, "Pooh")
    alone = Idiolects([tokens("hooray"), tokens("oh")], [[(1.0, "Pooh")], [(1.0, "Pooh")]])
    assert alone.score(0, "Pooh") == math.log(BACKGROUND_SHARE)


def test_a_new_word_costs_a_talkative_and_a_quiet_character_the_same():
    chatter = [tokens("oh how lovely what fun")] * 20
    words = chatter + [tokens("oh dear"), tokens("zebra")]
    model = Idiolects(words, [[(1.0, "Talker")]] * 20 + [[(1.0, "Quiet")], []])
    assert model.score(21, "Talker") == model.score(21, "Quiet") == math.log(BACKGROUND_SHARE)


def test_a_character_with_no_other_turns_scores_as_the_book():
    model = Idiolects([tokens("hello there")], [[(1.0, "Once")]])
    assert model.score(0, "Once") == 0.0 and model.score(0, "Never") == 0.0


def test_fast_path_equals_the_spelt_out_score():
    model = _book()
    for k in range(len(model.words)):
        for c in ("Eeyore", "Pooh", "Owl"):
            assert math.isclose(model.score(k, c), _reference(model, k, c), abs_tol=1e-12)


def test_empty_turn_scores_nothing():
    model = Idiolects([Counter(), tokens("yes")], [[(1.0, "A")], [(1.0, "A")]])
    assert model.score(0, "A") == 0.0


def test_curly_and_straight_apostrophes_make_the_same_word():
    assert tokens("I can\u2019t") == tokens("I can't") == Counter({"i": 1, "can't": 1})


def test_address_forms_are_the_names_and_generic_forms_a_turn_calls_people_by_once_each():
    from audiobook.attribution_model.idiolect import address_forms

    forms = address_forms('"Oh, papa! You know, sir, that my dear Lizzy is right, sir. My dear, do come."', ["Lizzy"])
    assert forms == Counter({"lizzy": 1, "my dear": 1, "papa": 1, "sir": 1})
    # not a form of address: "dear" inside a phrase, a name only talked about (not passed in)
    assert address_forms('"It is a dear little house, and Jane likes it."', []) == Counter()
    # curly apostrophes read as straight ones
    assert address_forms("\u201cYes, ma\u2019am.\u201d", []) == Counter({"ma'am": 1})
    # a form broken across lines is the same form
    assert address_forms('"Yes, my\ndear. Come, Mr.\nBennet."', ["Mr.\nBennet"]) == Counter({"my dear": 1, "mr. bennet": 1})
