"""Exact tests: stage directions in parentheses inside a speech are narration."""
from audiobook.asides import split_asides
from audiobook.model import Chapter
from audiobook.quotes import split_chapter


def pieces(text):
    return [(text[s:e], speech) for s, e, speech in split_asides(text, 0, len(text))]


def test_a_stage_direction_in_parentheses_is_cut_out_of_the_speech():
    text = '"I think you will agree with me, (turning with\na soft air to Emma,) that it is so."'
    assert pieces(text) == [
        ('"I think you will agree with me, ', True),
        ("(turning with\na soft air to Emma,) ", False),
        ('that it is so."', True),
    ]
    text = '"Well--(checking herself)--this is all to be forgotten. But (with a smile at his father). Find one."'
    assert pieces(text) == [
        ('"Well--', True),
        ("(checking herself)", False),
        ("--this is all to be forgotten. But ", True),
        ("(with a smile at his father). ", False),
        ('Find one."', True),
    ]
    text = '"Indeed! (in a tone of wonder and pity,) I had no idea. Will you? (to Emma.) Do."'
    assert [p for p, speech in pieces(text) if not speech] == ["(in a tone of wonder and pity,) ", "(to Emma.) "]


def test_parentheses_the_speaker_says_stay_speech():
    for text in (
        '"I went there (as you know) last year."',
        '"It is (between ourselves) a poor match."',
        '"He will come (according to him) on Monday."',
        '"Come here (darling) and sit."',
        '"I saw her (nodding to me as I passed) yesterday."',
        '"The reason is (in a generally pervading way) plain."',
    ):
        assert pieces(text) == [(text, True)], text


def test_an_aside_with_no_speech_on_one_side_stays_in_the_quotation():
    for text in ('"(turning to Emma) Yes, indeed."', '"Yes, indeed (turning to Emma)."'):
        assert pieces(text) == [(text, True)]


def test_the_speech_after_an_aside_continues_the_quotation():
    text = '"Well," said she, "I never--(laughing affectedly) I never did."\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert "".join(s.text for s in segs) == text
    assert [(s.kind[0], s.text, s.continues) for s in segs] == [
        ("d", '"Well,"', False),
        ("n", " said she, ", False),
        ("d", '"I never--', False),
        ("n", "(laughing affectedly) ", False),
        ("d", 'I never did."', True),
        ("n", "\n", False),
    ]


def test_directions_to_whom_and_gestures_in_parentheses_are_asides():
    text = '"Well, sir (to himself), a pretty business. (Aloud) Good morning!"'
    assert [p for p, speech in pieces(text) if not speech] == ["(to himself), ", "(Aloud) "]
    text = '"It was--(she hesitated)--not what I expected, (sotto voce) the brute."'
    assert [p for p, speech in pieces(text) if not speech] == ["(she hesitated)", "(sotto voce) "]
    text = '"The fact is (aside to Mr. Knightley) that I lost it."'
    assert [p for p, speech in pieces(text) if not speech] == ["(aside to Mr. Knightley) "]
    text = '"The fact is (Emma laughed a little) that I lost it."'
    assert [p for p, speech in pieces(text) if not speech] == ["(Emma laughed a little) "]
    for text in ('"My brother (he died last year) used to say so."', '"Give it (to him) now."',
                 '"It is (to the contrary) quite safe."'):
        assert pieces(text) == [(text, True)], text
