"""Turns (utterances) grouped by attribution_model/units.py, on invented sentences."""
from audiobook.attribution import prepare
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

ROSTER = [Character("Nora", [], "female"), Character("Mr. Pell", [], "male"), Character("Basil", [], "male"),
          Character("Ida", [], "female"), Character("The Duke", [], "male"), Character("The Heron", [], None)]


def pieces(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    return [(len(u.pieces), u.tag_kind, sorted(u.tag_names)) for u in units]


def test_a_new_name_in_mid_paragraph_starts_a_new_turn():
    assert pieces('Ida looked up, and said, "Got it?" and Basil said, "Yes, nearly," and he ran.') \
        == [(1, "name", ["Ida"]), (1, "name", ["Basil"])]
    assert pieces('So, when Mrs. Tapp said with a smile, "Breakfast, sir," Mr. Pell replied, "Not yet."') \
        == [(1, None, []), (1, "name", ["Mr. Pell"])]
    assert pieces('"Yes," said Nora, and Ida said, "No."') == [(1, "name", ["Nora"]), (1, "name", ["Ida"])]


def test_one_speaker_keeps_a_split_quotation():
    assert pieces('"Hello," Mr. Pell replied, "how are you?"') == [(2, "name", ["Mr. Pell"])]
    assert pieces('"Yes," said Nora, "I will." And then she said, "How?"') == [(3, "name", ["Nora"])]


def test_a_relative_clause_after_the_tag_naming_others_keeps_the_split_quotation():
    assert pieces('"Yes," said Mr. Pell, who had heard all that Basil and Ida had to say, "I know."') \
        == [(2, "name", ["Mr. Pell"])]


def test_a_second_subject_after_while_takes_the_next_quotation():
    assert pieces('"Then I won\'t play," said Basil, while Ida, sure that she was snubbing him, added: "Quite right."') \
        == [(1, "name", ["Basil"]), (1, "name", ["Ida"])]


def test_a_sentence_opener_before_a_name_leaves_the_name():
    assert pieces('When Ida asked Basil, "How?" Basil said, "Quickly," and ran.') \
        == [(1, "name", ["Ida"]), (1, "name", ["Basil"])]


def test_a_new_sentence_naming_a_speaker_splits_an_unnamed_turn():
    assert pieces('"Do not." "That is right." On which Basil looked up and said, "Always!"') \
        == [(1, None, []), (1, None, []), (1, "name", ["Basil"])]


def test_a_quotation_tagged_with_another_name_starts_a_new_turn():
    assert pieces('"Fact!" said Basil.  And "Fact!" repeated Mr. Pell.') \
        == [(1, "name", ["Basil"]), (1, "name", ["Mr. Pell"])]
    assert pieces('"Fact!" said Basil.  "Fact!" said Basil again.') == [(2, "name", ["Basil"])]
    assert pieces('"Go!" said Basil. "You\'ll see." Ida smiled.') == [(2, "name", ["Basil"])]
    assert pieces('"Go!" said Basil. "You\'ll see!"\n\nHe smiled.') == [(2, "name", ["Basil"])]


def test_a_name_after_a_pronoun_tag_starts_a_new_turn():
    turns = pieces('"What is it?" she asked the Duke, and the Duke answered, very slowly, "Nothing."')
    assert [n for n, _, _ in turns] == [1, 1] and turns[0][1] == "pronoun"


def test_a_manner_phrase_after_the_verb_keeps_the_name_before_it():
    assert pieces('"A song, please," Ida replied, so eagerly that the Duke said, in a rather offended tone, "Hm!"') \
        == [(1, "name", ["Ida"]), (1, "name", ["The Duke"])]


def test_a_quotation_tagged_after_a_described_speaker_starts_a_new_turn():
    # Basil is named just before: "the gentleman" may be him, so it is no character of its own
    assert pieces('Basil came in. "Fact!" said the gentleman.  And "Fact!" repeated Mr. Pell.') \
        == [(1, "description", []), (1, "name", ["Mr. Pell"])]


def test_a_bare_speech_verb_closing_the_paragraph_above_tags_the_quotation():
    assert pieces('"Not at all," he replied.--A short pause followed, and Ida began again.\n\n"I like her."') \
        == [(1, "pronoun", []), (1, "name", ["Ida"])]
    assert pieces('He opened the door. Mr. Pell began at once.\n\n"Oh, sir!"') == [(1, "name", ["Mr. Pell"])]
    assert pieces('"Good heavens!" Ida exclaimed.\n\n"Indeed."') == [(1, "name", ["Ida"]), (1, None, [])]
    assert pieces('He smiled, and assured her that all she wished should be said.\n\n"Very well."') == [(1, None, [])]


def test_a_new_name_after_a_pronoun_led_turn_starts_a_new_turn():
    assert pieces('She merely said, "Well, Basil, marry soon"--and after a silence she heard Ida say in a very '
                  'serious tone, "I shall never marry."') == [(1, "pronoun", []), (1, "name", ["Ida"])]
    assert pieces('"Poor Nora! she suffered."--Even Mr. Pell shook his head, and said, "Ah! poor woman."') \
        == [(1, None, []), (1, "name", ["Mr. Pell"])]


def test_a_described_name_after_and_starts_a_new_turn():
    turns = pieces('"What a pity!" sighed Basil, as soon as it was gone; and an old Heron took the chance of '
                   'saying to her son "Let this be a lesson to you!"')
    assert turns[0] == (1, "name", ["Basil"]) and len(turns) == 2


def test_a_lead_in_after_long_narration_starts_a_new_turn():
    # the first quotation's lead-in names Basil only in passing: after several sentences, Basil's own turn
    turns = pieces('Some one had to be soothed--either Basil or a Being who whispered to her: "It will not last." '
                   'But to-day she felt safe. Her mother sat by. She played on. The audience grew restive, and '
                   'Basil, sharing the discontent, called out: "Now play us the other one."')
    assert turns[-1] == (1, "name", ["Basil"]) and len(turns) == 2


def test_the_other_pronoun_leading_into_a_quotation_starts_a_new_turn():
    assert pieces('"Oh, dear!" he cried, and then she answered, "Never mind!"') \
        == [(1, "pronoun", []), (1, "pronoun", [])]
    assert pieces('"Oh, dear!" said he. She turned pale, and after a pause she whispered, "Never mind!"') \
        == [(1, "pronoun", []), (1, "pronoun", [])]
    # the same pronoun goes on with the same turn
    assert pieces('"Oh, dear!" said he, and then he added, "Never mind!"') == [(2, "pronoun", [])]


def test_a_paragraph_longer_than_the_cap_is_read_as_pieces_cut_at_sentence_ends():
    from audiobook.attribution_model.units import PARAGRAPH_CAP, paragraph_starts
    sentence = "Mr. Smith walked on and on. "
    text = "Short one.\n\n" + sentence * (3 * PARAGRAPH_CAP // len(sentence)) + "\n\nLast one.\n"
    starts = paragraph_starts(text)
    assert starts[0] == 0 and starts[1] == text.index("Mr. Smith") and starts[-1] == text.index("Last one.")
    ends = starts[1:] + [len(text)]
    assert all(b - a <= PARAGRAPH_CAP for a, b in zip(starts, ends))
    assert len(starts) > 4 and all(text[c - 2:c] == ". " and text[c:c + 9] == "Mr. Smith" for c in starts[2:-1])
