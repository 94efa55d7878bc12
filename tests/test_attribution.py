"""Attribution on small constructed passages: tags, pronouns, vocatives,
alternation, split quotes, continued quotes, first-person narrators."""
from audiobook.attribution import attribute
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

ROSTER = [Character("Elizabeth", ["Lizzy"], "female"), Character("Mr. Darcy", ["Darcy"], "male")]


def speakers(text, roster=ROSTER):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    result = attribute(text, segs, roster)
    return [(segs[i].text.strip('"\n '), a.speaker) for i, a in sorted(result.by_segment.items())
            if segs[i].text.strip()], result


def test_explicit_tags_after_and_before_the_quote():
    text = ('Elizabeth and Darcy met in the hall.\n\n'
            '"Good morning," said Darcy.\n\n'
            'Elizabeth replied: "Good morning to you."\n\n'
            '"A fine day," Elizabeth said.\n\n'
            '"Indeed," said Mr. Darcy.\n')
    got, _ = speakers(text)
    assert [s for _, s in got] == ["Mr. Darcy", "Elizabeth", "Elizabeth", "Mr. Darcy"]


def test_pronoun_tag_resolves_to_the_last_character_of_that_gender():
    text = ('Darcy walked in. Elizabeth looked up from her book.\n\n'
            '"You are late," she said.\n\n'
            '"I was detained," he answered.\n')
    got, _ = speakers(text)
    assert [s for _, s in got] == ["Elizabeth", "Mr. Darcy"]


def test_untagged_run_alternates_between_the_two_speakers():
    text = ('Elizabeth and Darcy sat by the fire.\n\n'
            '"Do you dance?" said Darcy.\n\n'
            '"Seldom," said Elizabeth.\n\n'
            '"Why not?"\n\n'
            '"I have no partner."\n\n'
            '"You have one now."\n\n'
            '"Then I accept."\n')
    got, _ = speakers(text)
    assert [s for _, s in got] == ["Mr. Darcy", "Elizabeth", "Mr. Darcy", "Elizabeth", "Mr. Darcy", "Elizabeth"]


def test_vocative_names_the_listener_who_answers_next():
    text = ('Elizabeth and Darcy stood at the window.\n\n'
            '"Lizzy, will you walk with me?" said Darcy.\n\n'
            '"With pleasure."\n')
    got, _ = speakers(text)
    assert got[1] == ("With pleasure.", "Elizabeth")


def test_split_quote_has_one_speaker():
    text = ('Darcy and Elizabeth were alone.\n\n'
            '"I think," said she, "that you are proud."\n')
    got, _ = speakers(text)
    assert [s for _, s in got] == ["Elizabeth", "Elizabeth"]


def test_continued_quotation_keeps_its_speaker():
    text = ('Elizabeth and Darcy sat down.\n\n'
            '"It was a long journey," said Darcy. "We left at dawn.\n\n'
            '"Then the rain came, and we stopped at an inn."\n\n'
            '"How tiresome," said Elizabeth.\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert any(s.continues for s in segs)
    result = attribute(text, segs, ROSTER)
    names = [result.by_segment[i].speaker for i, s in enumerate(segs) if s.kind == "dialogue"]
    assert names == ["Mr. Darcy", "Mr. Darcy", "Mr. Darcy", "Elizabeth"]


def test_first_person_narrator_speaks_as_the_name_others_call_them():
    roster = [Character("Holmes", [], "male"), Character("Watson", [], "male")]
    para = ('I looked at my friend and I thought of my own past. I said nothing for a while, '
            'and then I rose and I went to my window.\n\n')
    text = para + ''.join(
        f'"Watson, look at this," said Holmes.\n\n"What is it?" said I.\n\n{para}' for _ in range(4))
    got, result = speakers(text, roster)
    assert result.narrator_character == "Watson"
    assert ("What is it?", "Watson") in got and ("Watson, look at this,", "Holmes") in got


def test_chapter_numerals_and_a_songs_me_make_no_first_person_narrator():
    # a short third-person story: "PART I", "CHAPTER I." and one "me" in a verse are nobody's "I"
    roster = [Character("Tom", [], "male"), Character("Ben", [], "male")]
    text = ('PART I\n\nCHAPTER I.\n\nSaturday morning came.\n\n"Say, Tom, let me whitewash a little," said Ben.\n\n'
            '"No, Ben."\n\nThe river runs down to the sea\n\nAnd nobody waits for me\n\n'
            '"Well, here, now don\'t," said Tom.\n')
    got, result = speakers(text, roster)
    assert result.narrator_character is None and "Narrator" not in [s for _, s in got]


def test_a_name_only_asked_about_or_tagged_is_not_the_first_person_narrator():
    # "Gatsby?" and "I'm Gatsby," do not address him, and "said Gatsby" tags are not the narrator's "I said"
    roster = [Character("Gatsby", [], "male"), Character("Daisy", [], "female")]
    para = ('I looked at the bay and I thought of my own past. I said nothing for a while, '
            'and then I rose and I went to my window.\n\n')
    text = para + ''.join(f'"Gatsby?" said Daisy.\n\n"I\'m Gatsby," said Gatsby.\n\n"Well," said I.\n\n{para}'
                          for _ in range(4))
    got, result = speakers(text, roster)
    assert result.narrator_character is None
    assert ("Well,", "Narrator") in got


def test_a_casting_file_may_mark_its_narrator():
    # too few vocatives to find the narrator's name; the list marks him ("Narr", "I") and no "I" is his mention
    roster = [Character("Jake Barnes", ["Jake", "Narr"], "male"), Character("Brett", [], "female")]
    para = ('I looked at the bay and I thought of my own past. I said nothing for a while, '
            'and then I rose and I went to my window.\n\n')
    text = para + '"Hello," Brett said.\n\n"Hello," I said.\n\n' + para
    got, result = speakers(text, roster)
    assert result.narrator_character == "Jake Barnes" and got[1] == ("Hello,", "Jake Barnes")
    from audiobook.characters import name_index
    assert not name_index([Character("Jake Barnes", ["Jake", "I"], "male")]).lookup("I")


def test_who_was_named_in_the_chapter_before_is_not_in_this_chapters_scene():
    # Jane Eyre: a chapter opens "Mr. Rochester was sitting by the fire when I entered", and the
    # untagged answers are the narrator's, not Miss Abbot's from the chapter before
    roster = [Character("Jane", ["Narr"], "female"), Character("Miss Abbot", [], "female"),
              Character("Mr. Rochester", [], "male")]
    one = ('I was locked in the red-room. I cried for an hour, and then I slept.\n\n'
           '"You are less than a servant," said Miss Abbot. Miss Abbot went out.\n\n')
    two = ('CHAPTER II\n\nMr. Rochester was sitting by the fire when I entered the library.\n\n'
           '"You have been here three months?" he asked.\n\n"Yes, sir."\n\n'
           '"And you came from Lowood?"\n\n"From Lowood school."\n\n"How long were you there?"\n\n'
           '"Eight years."\n')
    text = one + two
    segs = (split_chapter(text, Chapter(1, "One", 0, len(one)))
            + split_chapter(text, Chapter(2, "Two", len(one), len(text))))
    result = attribute(text, segs, roster)
    got = [(segs[i].text.strip('"\n '), a.speaker) for i, a in sorted(result.by_segment.items())]
    assert ("Yes, sir.", "Jane") in got and ("Eight years.", "Jane") in got


def test_confidence_is_a_probability():
    text = 'Darcy came in.\n\n"Hello," said Darcy.\n\n"Hello."\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    result = attribute(text, segs, ROSTER)
    assert all(0.0 <= a.confidence <= 1.0 for a in result.by_segment.values())
    assert result.by_segment[min(result.by_segment)].confidence > 0.5


def test_run_transitions_favour_the_same_speaker_after_narration():
    """A narration paragraph between two turns makes the same speaker going on
    likelier than in a plain exchange (learned transition weights)."""
    from audiobook.attribution_model.ranker import load_weights
    from audiobook.attribution_model.runs import transition_features, transition_probs
    from audiobook.attribution_model.units import build_utterances, paragraph_starts
    text = ('"Will you come?" said Darcy.\n\n'
            '"No."\n\n'
            'Elizabeth turned to the window and watched the rain for a while.\n\n'
            '"It is too wet."\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units = build_utterances(text, segs, paragraph_starts(text))
    trans = load_weights()["transition"]
    plain = transition_probs(transition_features(text, units[0], units[1]), trans)
    after_narration = transition_probs(transition_features(text, units[1], units[2]), trans)
    assert abs(sum(plain) - 1) < 1e-9 and abs(sum(after_narration) - 1) < 1e-9
    assert plain[0] > 0.5 and after_narration[1] > plain[1]


def test_vocatives_are_names_set_off_by_punctuation():
    from audiobook.attribution import prepare
    text = ('Elizabeth and Darcy met.\n\n'
            '"Good night, Lizzy."\n\n'
            '"I hear that Darcy is rich."\n\n'
            '"Darcy, my friend!"\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, ROSTER)
    from audiobook.attribution_model.context import vocatives
    assert [vocatives(ctx, u) for u in units] == [{"Elizabeth"}, set(), {"Mr. Darcy"}]


def test_pronoun_subject_of_the_action_beat_speaks():
    """'"..." She turned to the window.': the woman of the scene speaks."""
    text = ('Darcy came into the room where Elizabeth sat reading.\n\n'
            '"You are early," said Darcy.\n\n'
            '"I could not sleep." She turned back to the window.\n')
    got, _ = speakers(text)
    assert got[1] == ("I could not sleep.", "Elizabeth")


def test_i_said_in_a_third_person_book_is_the_narrators_line():
    text = ('Darcy walked in. Elizabeth looked up from her book. She smiled at him, and he sat down.\n\n'
            '"What about a story?" said Darcy.\n\n'
            '"What about a story?" I said.\n')
    got, result = speakers(text)
    assert result.narrator_character is None
    assert [s for _, s in got] == ["Mr. Darcy", "Narrator"]


def test_confidence_follows_the_calibration_knots():
    from audiobook.attribution_model.ranker import calibrated
    knots = ([0.3, 0.6, 0.9], [0.2, 0.5, 0.8])
    assert calibrated(0.1, knots) == 0.2 and calibrated(0.95, knots) == 0.8
    assert abs(calibrated(0.75, knots) - 0.65) < 1e-9
    assert calibrated(0.42, None) == 0.42


def test_sir_and_madam_tell_the_listeners_sex():
    from audiobook.attribution import prepare
    from audiobook.attribution_model.context import address_words, addressed_gender
    text = ('Elizabeth and Darcy met.\n\n'
            '"Good night, sir."\n\n'
            '"My dear madam, no!"\n\n'
            '"He is my uncle, you know."\n\n'
            '"Sir William is here."\n\n'
            '"Yes, papa; and yes, mamma."\n\n'
            '"Come here, my\nboy!"\n\n'
            '"Yes, miss."\n\n'
            '"Miss Bennet is out."\n\n'
            '"Is that the boy, pa?"\n\n'
            '"Oh, granny, do!"\n\n'
            '"Ma went to town."\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    assert [addressed_gender(address_words(text, u)) for u in units] == [
        "male", "female", None, None, None, "male", "female", None, "male", "female", None]


def test_a_gender_the_casting_file_leaves_out_is_read_from_the_book():
    from audiobook.attribution import prepare
    text = ('Winterbourne came in; he was tired. Winterbourne sat down, and he sighed. '
            'Later Winterbourne rose, for he was restless. Daisy laughed; she was gay. '
            'Daisy turned, and she smiled. Then Daisy ran off, though she was late. Mrs. Costello frowned.\n\n'
            '"Who is she?" asked the young man.\n')
    roster = [Character("Winterbourne", [], None), Character("Daisy", [], None), Character("Mrs. Costello", [], None)]
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    _, ctx = prepare(text, segs, roster, from_cast=True)
    assert ctx.genders == {"Winterbourne": "male", "Daisy": "female", "Mrs. Costello": "female"}
    assert all(c.gender is None for c in roster)  # the cast itself stays as written
    assert speakers(text, roster)[0] == [("Who is she?", "Winterbourne")]


def test_a_pronoun_tag_no_candidate_of_its_sex_can_fill_stays_unattributed():
    roster = [Character("Mr. Hale", [], "male")]
    text = ('A tall man stood on the step. Mr. Hale came to the door.\n\n'
            '"Is your father at home?" asked Mr. Hale.\n\n"He is in the garden," she said.\n\n'
            '"Thank you," he said.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["Mr. Hale", None, "Mr. Hale"]
    assert [a.confidence for _, a in sorted(result.by_segment.items())][1] == 0.0
