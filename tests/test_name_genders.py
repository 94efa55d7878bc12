from collections import Counter

from audiobook.attribution_model.name_genders import following_pronoun, pronoun_decider


def test_the_first_pronoun_counts_only_before_another_name_or_a_quotation():
    assert following_pronoun("Tobin nodded, and he left.", 5) == "male"
    assert following_pronoun("Tobin met Wenna, and she left.", 5) is None
    assert following_pronoun('Tobin said, "she is here."', 5) is None
    assert following_pronoun("Rabbit ran, and it hid.", 6) == "neuter"
    # the next sentence's opening pronoun counts as well
    assert following_pronoun("Berry had been butler twenty years. His wife kept house.", 5) == "male"
    assert following_pronoun("Tobin sat down. She was tired.", 5) == "female"


def test_genders_are_measured_against_the_books_mix():
    counts = {"wenna": Counter(female=40), "tobin": Counter(male=5, female=5)}
    decide = pronoun_decider(counts)
    assert decide(counts["wenna"]) == "female"
    assert decide(counts["tobin"]) == "male"  # far more "he" than this book's names get
    assert decide(Counter(male=3, female=1, neuter=4)) is None
    assert decide(Counter(male=1)) is None  # too few to tell
