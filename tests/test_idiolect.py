import math
from collections import Counter

from audiobook.attribution_model.idiolect import CLIP, SMOOTHING, Idiolects, tokens


def test_tokens_are_lowercase_words_contractions_and_marks():
    assert tokens("Oh! I can't -- can I?") == Counter({"oh": 1, "!": 1, "i": 2, "can't": 1, "--": 1, "can": 1,
                                                      "?": 1})
    assert tokens("...") == Counter()


def _reference(model: Idiolects, k: int, c: str) -> float:
    """The score spelt out: c's counts less turn k's own share, smoothed."""
    t = model.words[k]
    if not t:
        return 0.0
    m = model.counts.get(c, Counter())
    own = model.share[k].get(c, 0.0)
    n = max(model.totals.get(c, 0.0) - own * model.sizes[k], 0.0)
    s = 0.0
    for w, x in t.items():
        pb = model.p_background[w]
        s += x * math.log((max(m.get(w, 0.0) - own * x, 0.0) + SMOOTHING * pb) / (n + SMOOTHING) / pb)
    return max(-CLIP, min(CLIP, s))


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
    assert alone.score(0, "Pooh") < 0


def test_fast_path_equals_the_spelt_out_score():
    model = _book()
    for k in range(len(model.words)):
        for c in ("Eeyore", "Pooh", "Owl"):
            assert math.isclose(model.score(k, c), _reference(model, k, c), abs_tol=1e-12)


def test_empty_turn_scores_nothing():
    model = Idiolects([Counter(), tokens("yes")], [[(1.0, "A")], [(1.0, "A")]])
    assert model.score(0, "A") == 0.0
