"""Salience of characters for "he"/"she" (attribution_model/salience.py), on invented texts."""
from audiobook.attribution_model.salience import pronoun_referents

GENDERS = {"Basil": "male", "Mr. Pell": "male", "Nora": "female"}


def ranked(text, narr, dialogue=()):
    q = len(text)
    return [n for n, _ in pronoun_referents(text, narr, list(dialogue), GENDERS, [q])[q]["male"]]


def test_the_subject_outranks_a_later_object():
    text = "Basil looked at Mr. Pell. "
    assert ranked(text, [(0, "Basil"), (16, "Mr. Pell")]) == ["Basil", "Mr. Pell"]


def test_narration_pronouns_keep_their_referent_salient():
    text = "Mr. Pell sat down by Basil. He sighed. He lit his pipe. He smiled. "
    assert ranked(text, [(0, "Mr. Pell"), (21, "Basil")])[0] == "Mr. Pell"


def test_pronouns_inside_quotations_do_not_count():
    text = 'Basil met Mr. Pell. "He is late, he is always late, he is," Nora said. '
    without = ranked(text, [(0, "Basil"), (10, "Mr. Pell")], [(20, 59)])
    assert without[0] == "Basil"


def test_a_resolved_speech_tag_pronoun_renews_its_speaker():
    text = 'Mr. Pell sat down by Basil. "Well," he said. "Yes," he said. '
    narr = [(0, "Mr. Pell"), (21, "Basil")]
    tags = [m for m in range(len(text)) if text.startswith("he said", m)]
    q = len(text)
    plain = pronoun_referents(text, narr, [(28, 34), (45, 50)], GENDERS, [q])[q]["male"]
    assert plain[0][0] == "Mr. Pell"
    # an earlier pass gave both "he said" tags to Basil: he is now the man talked about
    resolved = {t: "Basil" for t in tags}
    again = pronoun_referents(text, narr, [(28, 34), (45, 50)], GENDERS, [q], resolved)[q]["male"]
    assert again[0][0] == "Basil"


def test_a_name_opening_a_sentence_takes_the_pronouns_that_follow():
    # a paragraph about Mr. Pell, then one that opens on Basil: "he" is now Basil
    text = ("Mr. Pell was sorry. He had hoped for more, and he said so to his wife; he sighed.\n\n"
            "Basil was not sorry. He cared little for it, though he kept that to himself")
    narr = [(0, "Mr. Pell"), (text.index("Basil"), "Basil")]
    assert ranked(text, narr)[0] == "Basil"
    # ... but a man named inside a sentence does not take over the pronoun chain
    inside = text.replace("Basil was not sorry.", "The news left Basil cold.")
    assert ranked(inside, [(0, "Mr. Pell"), (inside.index("Basil"), "Basil")])[0] == "Mr. Pell"
