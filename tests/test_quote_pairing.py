"""Exact tests for pairing quote marks into quotations (quote_pairing.py)."""
from audiobook.quote_marks import DOUBLE, SINGLE
from audiobook.quote_pairing import find_quotes


def quoted(text, style=SINGLE, start_open=False):
    quotes, open_at_end = find_quotes(text, 0, len(text), style, start_open)
    return [text[s:e] for s, e in quotes], open_at_end


def test_a_closer_with_no_opener_after_it_closed_a_nested_quote_whose_opener_is_lost():
    # The inner opening marks were lost (turned into spaces): the outer
    # quotation runs to the paragraph's last closing mark.
    text = "\u2018I heard her plainly.    You lied to me,\u2019 she said. I left at once.\u2019"
    assert quoted(text) == ([text], False)
    straight = "'I heard her plainly.    You lied to me,' she said. I left at once.'"
    assert quoted(straight) == ([straight], False)


def test_a_later_apostrophe_does_not_extend_a_closed_quotation():
    text = "\u2018Yes,\u2019 said the boys\u2019 mother."
    assert quoted(text) == (["\u2018Yes,\u2019"], False)
    text = "\u2018Come,\u2019 he said. \u2018Go!\u2019 She went."
    assert quoted(text) == (["\u2018Come,\u2019", "\u2018Go!\u2019"], False)


def test_closers_with_no_quotation_open_stay_narration():
    assert quoted("He said it was the boys\u2019. Nothing more.\u2019") == ([], False)
    assert quoted("\u2019Tis late, and the boys\u2019 hats are wet.") == ([], False)


def test_an_elision_shaped_opener_opens_a_speech_when_nothing_else_can():
    text = "\u2018I believe I am,\u2019 said Pooh. \u2018Ow!\u2019 He got up."
    assert quoted(text) == (["\u2018I believe I am,\u2019", "\u2018Ow!\u2019"], False)
    assert quoted("\u2018Ow,\u2019 he said.") == (["\u2018Ow,\u2019"], False)
    text = "'Yes,' he said. 'Tis true.'"
    assert quoted(text) == (["'Yes,'", "'Tis true.'"], False)


def test_an_elision_inside_an_open_quotation_or_in_narration_stays_an_elision():
    text = "\u2018I\u2019ll give \u2018em what for!\u2019 he said."
    assert quoted(text) == (["\u2018I\u2019ll give \u2018em what for!\u2019"], False)
    text = "He gave \u2018em a look. \u2018Go!\u2019"
    assert quoted(text) == (["\u2018Go!\u2019"], False)
    assert quoted("He gave \u2018em a look, and \u2019tis so.") == ([], False)


def test_double_style_is_unchanged_by_the_single_style_rules():
    text = '"Yes," he said. "Go!" The boys\' mother laughed.\''
    assert quoted(text, DOUBLE) == (['"Yes,"', '"Go!"'], False)


def test_straight_double_quote_nested_after_a_verb_of_speech_stays_in_the_speech():
    text = '"And I said, "Have you hurt yourself?" and he said nothing."'
    assert quoted(text, DOUBLE) == ([text], False)
    text = '"She said, "go now."'  # one mark closes both
    assert quoted(text, DOUBLE) == ([text], False)
    text = '"I like the word "clever," she said.'
    assert quoted(text, DOUBLE) == (['"I like the word "clever,"'], False)


def test_a_tag_between_two_closed_quotations_is_not_a_nesting():
    text = '"Yes," he said, "I will." "Go," she said.'
    assert quoted(text, DOUBLE) == (['"Yes,"', '"I will."', '"Go,"'], False)


def test_a_plural_possessive_inside_a_running_speech_is_an_apostrophe():
    text = "\u2018Now there was, of course, no bromide in Dr. Wilkins\u2019 prescription, you see"
    assert quoted(text) == ([text], True)  # runs on into the next paragraph
    text = "\u2018Well, I never saw so many of the boys\u2019 hats in one place"
    assert quoted(text) == ([text], True)


def test_a_closer_after_s_still_closes_before_a_tag_or_a_short_title():
    text = "\u2018Come in, come in, all of you, James\u2019 said he."
    assert quoted(text) == (["\u2018Come in, come in, all of you, James\u2019"], False)
    text = "He went to the house with the \u2018Apartments\u2019 card in the window."
    assert quoted(text) == ([], False)  # a label: closed, then dropped as a scare quote
    text = "He made long answers where \u2018Yes\u2019 would have done."
    assert quoted(text) == ([], False)


def test_a_right_mark_before_a_word_opens_a_speech_when_nothing_else_can():
    text = "\u2018Yes,\u2019 he said. \u2019Hello,\u2019 she said."
    assert quoted(text) == (["\u2018Yes,\u2019", "\u2019Hello,\u2019"], False)
    assert quoted("\u2019Twas brillig,\u2019 said he.") == (["\u2019Twas brillig,\u2019"], False)
    # an elision inside a speech, or with no sentence-ending closer after it, stays one
    text = "\u2018Well, \u2019tis true,\u2019 he said."
    assert quoted(text) == ([text[: text.index(" he")]], False)
    assert quoted("\u2019Tis late, and the boys\u2019 hats are wet.") == ([], False)


def test_only_the_first_elision_after_a_closed_quotation_reopens():
    text = "\u2018Yes,\u2019 he said. \u2019Tis true, \u2019tis so.\u2019"
    assert quoted(text) == (["\u2018Yes,\u2019", "\u2019Tis true, \u2019tis so.\u2019"], False)


def test_a_dropped_letter_inside_a_running_speech_is_an_apostrophe():
    text = "\u2018We was comin\u2019 down the hill, me and Joe, and we see the dog runnin\u2019 loose."
    assert quoted(text) == ([text], True)  # runs on into the next paragraph
    text = "\u2018Well, I told you all about it, Joe, me an\u2019 him an\u2019 the rest o\u2019 the lads"
    assert quoted(text) == ([text], True)
    text = "\u2018Well, I told you all about it, Joe, I was only goin\u2019 said he."
    assert quoted(text) == (["\u2018Well, I told you all about it, Joe, I was only goin\u2019"], False)


def test_a_dropped_h_inside_an_open_quotation_is_an_elision():
    text = "'My old woman'd have the 'ide off me if I come 'ome before ten.'"
    assert quoted(text) == ([text], False)
    text = "\u2018She\u2019d have the \u2018ide off me.\u2019"
    assert quoted(text) == ([text], False)
    # a mark after a sentence's end, or before a capital, still opens a speech
    text = "'Go on. 'Come here,' he said."
    assert quoted(text) == (["'Go on.", "'Come here,'"], False)


def test_a_quotation_opening_on_tain_t():
    text = "He said. ''Tain't natural,' said Bill."
    assert quoted(text) == (["''Tain't natural,'"], False)


def test_dropped_h_words_are_elisions_in_a_cockney_speech():
    text = "'Ere, you! 'Old 'ard!' shouted the cabman. ''Oo d'you think you are?'"
    assert quoted(text) == (["'Ere, you! 'Old 'ard!'", "''Oo d'you think you are?'"], False)
    text = "'Garn! 'Ead o' the 'ouse, is it? 'Ark at 'im!'"
    assert quoted(text) == ([text], False)
    text = "He nodded. 'Old friends are best,' he said."
    assert quoted(text) == (["'Old friends are best,'"], False)
