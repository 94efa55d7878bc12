"""Exact tests: words nobody says aloud are narration (unspoken.py)."""
from audiobook.model import Chapter
from audiobook.quotes import split_chapter


def dialogue(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert "".join(s.text for s in segs) == text
    return [s.text for s in segs if s.kind == "dialogue"]


def test_words_held_back_are_narration():
    text = (
        'She nearly said, "Don\'t protect him." But the bell rang.\n\n'
        'She was going to answer, "No," when it struck her.\n\n'
        'He saw it, but, instead of saying, "Does that matter?" he rebelled.\n\n'
        'She hoped no one could have said to her, "How could you be so unfeeling?"\n\n'
        'A poet might have quoted, "Life like a dome of many coloured glass,"\n\n'
        'It was useless to say to him, "And would you--" and hope.\n\n'
        'Emma received a smile which seemed to say, "These are my own concerns."\n\n'
        'The ladies exchanged looks which meant, "Men never know;" and so on.\n\n'
        'Alice was very nearly getting up and saying, "Thank you, sir,"\n\n'
        '"Fine," said Tom.\n'
    )
    assert dialogue(text) == ['"Fine,"']


def test_words_that_were_said_stay_speech():
    text = (
        'She could not refrain from saying, in a gentle tone, "Let me call your maid."\n\n'
        'He began, stopping almost directly to say, "Had I been offered the sight,"\n\n'
        'She seized the opportunity of saying, "Is your sister at home?"\n\n'
        '"I cannot think," she would say, "what people are doing."\n\n'
        'She moved her hands as if she would have added, by her action, "dead!"\n\n'
        'He would have said, See how miserable I am!  "Bitzer, I have one chance."\n\n'
        '"It is useless to say," he said, "that I was wrong."\n'
    )
    assert dialogue(text) == [
        '"Let me call your maid."',
        '"Had I been offered the sight,"',
        '"Is your sister at home?"',
        '"I cannot think,"',
        '"what people are doing."',
        '"dead!"',
        '"Bitzer, I have one chance."',
        '"It is useless to say,"',
        '"that I was wrong."',
    ]


def test_the_sound_of_many_voices_is_read_by_the_narrator_but_a_named_group_speaks():
    text = (
        'The first thing she heard was a general chorus of "There goes Bill!"\n\n'
        'The sound of many voices all talking together: she made out the words: "Where\'s the ladder?"\n\n'
        'Then silence, and then another confusion of voices--"Hold up his head!"\n\n'
        'There was an universal cry of "Alive or dead?"\n\n'
        'One half of the children cried in chorus, "Yes, sir!"\n\n'
        'A few stern voices called out "No!"\n\n'
        'Hearing voices, he said, "Who is there?"\n\n'
        'Everybody was saying "Poor Mrs. Jones!" and nobody did anything.\n\n'
        'Every one cried, "Shame!"\n'
    )
    assert dialogue(text) == ['"Yes, sir!"', '"No!"', '"Who is there?"']


def test_words_wanted_or_not_said_are_narration():
    text = (
        'Tom wanted to say, "I\'m sorry," but the words would not come.\n\n'
        'She longed to cry out, "Stop! Don\'t go!" but she held her tongue.\n\n'
        'He was tempted to answer, "Mind your own business," but did not.\n\n'
        'He had half a mind to shout, "Fire!" just to see them run.\n\n'
        'He did not say, "You are a liar," though he thought it.\n\n'
        'Mary never said, "I told you so," and that was her virtue.\n\n'
        'She didn\'t say, "Go."\n\n'
        'She could not help saying, "How tall you are!"\n\n'
        'He did not stop, but said, "Come on."\n\n'
        'He not only said, "Yes," he shouted it.\n'
    )
    assert dialogue(text) == ['"How tall you are!"', '"Come on."', '"Yes,"']


def test_a_quotation_after_not_answering_stays_speech():
    text = '"You were here," repeated Rachael, as she did not answer,\n"once before."\n'
    assert dialogue(text) == ['"You were here,"', '"once before."']


def test_a_saying_quoted_in_the_narration_is_read_by_the_narrator():
    text = (
        'She thought of the old saying, "Mind your own dog and the sheep will mind themselves."\n\n'
        'As the proverb goes, "Least said, soonest mended."\n\n'
        'He kept saying, "Go away."\n\n'
        'She heard her voice saying: "It is too silly to read."\n'
    )
    assert dialogue(text) == ['"Go away."', '"It is too silly to read."']
