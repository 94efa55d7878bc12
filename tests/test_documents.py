"""Exact tests: quotations that are documents read out are narration."""
from audiobook.model import Chapter
from audiobook.quotes import split_chapter


def split(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert "".join(s.text for s in segs) == text
    return segs


def dialogue(text):
    return [s.text for s in split(text) if s.kind == "dialogue"]


def shape(text):
    return [(s.kind[0], s.text, s.continues) for s in split(text)]


def test_text_introduced_by_a_reading_verb_is_narration():
    text = 'He took the book from her.\n\nHe read: "The season was spring."\n\n"Rubbish," said Cecil.\n'
    assert shape(text) == [
        ("n", "He took the book from her.\n\n", False),
        ("n", 'He read: "The season was spring."\n\n', False),
        ("d", '"Rubbish,"', False),
        ("n", " said Cecil.\n", False),
    ]


def test_a_document_introduced_by_a_colon_paragraph_is_narration():
    text = 'The notice in the paper ran in this way:\n\n"Lost, a black dog. Reward offered."\n\n"Poor dog," she said.\n'
    assert dialogue(text) == ['"Poor dog,"']


def test_a_tag_naming_writing_makes_both_pieces_narration():
    text = '"Since Florence did us good," wrote Miss Alan, "we shall try Athens."\n\n"Athens!" cried Lucy.\n'
    assert dialogue(text) == ['"Athens!"']


def test_speech_near_a_letter_or_by_an_it_stays_dialogue():
    text = (
        "Putting away the letter, she said,\n\n"
        '"I did not know you walked this way."\n\n'
        'Its face was pale, and it said in a low voice, "Let us get to the shore."\n\n'
        'While her daughter read,\n\n"Well, who is it from?"\n'
    )
    assert dialogue(text) == [
        '"I did not know you walked this way."',
        '"Let us get to the shore."',
        '"Well, who is it from?"',
    ]


def test_a_letter_from_salutation_to_signature_is_narration():
    text = (
        'Lucy replied:\n\n"Windy Corner,"\n\n"Dear Charlotte,"\n\n'
        '"Many thanks for your warning.\n\nI shall not tell mother."\n\n'
        '"Yours affectionately,"\n\n"Lucy."\n\n'
        '"There," said Lucy, "that is done."\n'
    )
    assert dialogue(text) == ['"There,"', '"that is done."']


def test_an_unquoted_salutation_starts_a_letter_running_through_paragraphs():
    text = (
        "WINDSOR, JULY.\nMY DEAR MADAM,\n\n"
        '"If I made myself understood yesterday,\n\n'
        'this letter will be expected.\n\nYours ever,"\n\n'
        "She laid the letter down.\n\n"
        '"Well?" asked Emma.\n'
    )
    assert dialogue(text) == ['"Well?"']
    assert all(not s.continues for s in split(text) if s.kind == "narration")


def test_narration_made_from_a_quotation_is_one_span_per_paragraph():
    text = 'He read, "Rule one." Then he stopped.\n\nNext.\n'
    assert shape(text) == [
        ("n", 'He read, "Rule one." Then he stopped.\n\n', False),
        ("n", "Next.\n", False),
    ]


def test_reported_speech_in_quote_marks_after_a_finished_sentence_is_narration():
    text = (
        'He did consent. "Some fine morning he could go very well; he should like to see the old '
        'house again, and she would walk about the gardens while he sat still, if it was not damp."\n\n'
        '"He was here only a quarter of an hour, and he was in a state of agitation that he could '
        'not hide," said Mr. Knightley.\n\n'
        'She nodded. "Emma, I said so. Do you remember?"\n'
    )
    assert dialogue(text) == [
        '"He was here only a quarter of an hour, and he was in a state of agitation that he could not hide,"',
        '"Emma, I said so. Do you remember?"',
    ]


def test_short_reported_speech_after_a_beat_is_narration_but_direct_speech_stays():
    text = (
        'Mr. Weston began to move.--"He must be going. He had business at the Crown and errands."\n\n'
        'She heard what each thought. "He had never seen so lovely a face, and was delighted with her."\n\n'
        'Poirot shrugged. "He was lying, of course."\n\n'
        'Tom frowned. "He was there when it happened, and he saw it."\n\n'
        'Poirot shrugged. "He is lying, and he knew it all along."\n\n'
        'Poirot shrugged. "He had been lying all along, the rascal," he said.\n\n'
        '"Well?" said Tom. She smiled. "He had been lying all along, the rascal."\n'
    )
    assert dialogue(text) == [
        '"He was lying, of course."',
        '"He was there when it happened, and he saw it."',
        '"He is lying, and he knew it all along."',
        '"He had been lying all along, the rascal,"',
        '"Well?"',
        '"He had been lying all along, the rascal."',
    ]


def test_quotations_in_an_indented_block_of_prose_are_narration():
    text = (
        "The letter was short.\n\n"
        '     "It was greatly my wish that he should do so," he added, "as soon as\n'
        "     his marriage was fixed on, and I think you will agree with me in this,\n"
        '     considering all that has passed between the families this summer."\n\n'
        '"There," said he.\n'
    )
    assert dialogue(text) == ['"There,"']


def test_a_quotation_that_carries_on_the_narrators_sentence_is_narration():
    text = (
        "Emma felt the bad taste of her friend, but let it pass with a "
        '"very true; and it would be a small consolation to her, for the clownish manner which '
        'might be offending her every hour of the day."\n\n'
        '"Very true," said Harriet, "and it was good of him."\n'
    )
    assert dialogue(text) == ['"Very true,"', '"and it was good of him."']


def test_an_exclamation_is_no_salutation():
    text = '"Dear me,"\n\n"What is it?"\n\n"Nothing at all."\n'
    assert dialogue(text) == ['"Dear me,"', '"What is it?"', '"Nothing at all."']


def test_a_short_spoken_reply_ends_a_letter_without_a_sign_off():
    text = '"Dear Harriet,"\n\n"I shall come on Monday."\n\n"Will she really come?"\n\n"I think so."\n'
    assert dialogue(text) == ['"Will she really come?"', '"I think so."']


def test_curly_and_british_marks_get_the_same_rules():
    curly = "He read: \u201cThe season was spring.\u201d\n\n\u201cRubbish,\u201d said Cecil.\n"
    british = "He read: \u2018The season was spring.\u2019\n\n\u2018Rubbish,\u2019 said Cecil.\n"
    letter = "\u2018Dear Charlotte,\u2019\n\n\u2018Many thanks for your warning.\u2019\n\n\u2018Yours ever,\u2019\n\n\u2018Lucy.\u2019\n\n\u2018Done,\u2019 she said.\n"
    assert dialogue(curly) == ["\u201cRubbish,\u201d"]
    assert dialogue(british) == ["\u2018Rubbish,\u2019"]
    assert dialogue(letter) == ["\u2018Done,\u2019"]


def test_whitespace_before_the_first_paragraph_stays_its_own_segment():
    text = '\n\nHe read: "Rule one."\n\nNext.\n'
    assert shape(text) == [
        ("n", "\n\n", False),
        ("n", 'He read: "Rule one."\n\n', False),
        ("n", "Next.\n", False),
    ]


def test_quoted_verse_is_recited_by_the_narrator():
    text = (
        'The frog cleared his throat and began:\n\n'
        '"Down by the mill where the rushes grow,\n'
        '    The water runs so slow;\n'
        'And every stone the miller knows\n'
        '    Is where the water goes."\n\n'
        '"Very pretty," said the heron.\n'
    )
    assert dialogue(text) == ['"Very pretty,"']


def test_short_quoted_couplet_without_indent_is_verse_but_wrapped_speech_is_not():
    couplet = 'She sang:\n\n"Over the hill and under the moon,\nHome we go by the end of June."\n'
    assert dialogue(couplet) == []
    speech = (
        '"I went down to the market this morning and bought a basket of\n'
        'Apples, which the old woman swore were picked yesterday," said Tom.\n'
    )
    assert len(dialogue(speech)) == 1


def test_lines_that_each_hold_a_whole_quotation_are_speeches_not_verse():
    # single newlines between speeches (no blank lines): short capitalised lines, but no poem
    text = '"Hello," said Ann.\n"Goodbye," said Bob.\n"Wait," said Ann.\n"No," said Bob.\n'
    assert dialogue(text) == ['"Hello,"', '"Goodbye,"', '"Wait,"', '"No,"']


def test_speech_that_goes_on_after_a_verse_stanza_starts_afresh():
    # The stanza's quotation runs on (no closing mark) into a prose paragraph:
    # that paragraph is speech and must not continue the speech before it.
    text = (
        '"Hush," said Ann.\n\n'
        '"Roses are red,\n    Violets are blue,\n\n'
        '"And that is all the poem I know," said Tom.\n'
    )
    segs = [s for s in split(text) if s.kind == "dialogue"]
    assert [s.text for s in segs] == ['"Hush,"', '"And that is all the poem I know,"']
    assert not segs[1].continues


def test_quoted_verse_in_curly_and_british_marks():
    for open_, close in (("\u201c", "\u201d"), ("\u2018", "\u2019")):
        text = (
            f"He sang:\n\n{open_}Down by the mill where the rushes grow,\n"
            f"    The water runs so slow.{close}\n\n{open_}Bravo!{close} she cried.\n"
        )
        assert dialogue(text) == [f"{open_}Bravo!{close}"]


def test_a_text_a_speaker_says_they_will_read_out_is_narration():
    letter = (
        '"We set out on Monday and the roads were very bad, so that the horses\n'
        'were tired long before noon and the whole party was obliged to stop at\n'
        'the inn by the bridge for the night."\n'
    )
    text = '"Here is her letter. I will read it to you--"\n\n' + letter
    assert dialogue(text) == ['"Here is her letter. I will read it to you--"']
    # Having read something is no announcement: the reply stays speech.
    reply = '"I have read it."\n\n' + letter
    assert len(dialogue(reply)) == 2


def test_a_document_named_with_to_this_effect_is_narration():
    text = (
        'There was also a postscript to this effect.\n\n'
        '"Do not forget the parcel for the vicar, which is on the hall table."\n\n'
        '"Well?" said Ann.\n'
    )
    assert dialogue(text) == ['"Well?"']


def test_a_document_named_before_a_colon_is_narration():
    text = 'The answer came in this short note: "Not today. Perhaps on Friday."\n\n"Oh dear," said Ann.\n'
    assert dialogue(text) == ['"Oh dear,"']


def test_speech_from_behind_a_paper_stays_speech():
    text = ('Then came his voice from behind his paper: "Do as you please."\n\n'
            'She looked up from her letter: "He is coming."\n')
    assert dialogue(text) == ['"Do as you please."', '"He is coming."']


def test_speech_after_a_named_document_and_a_colon_stays_speech_when_tagged():
    text = 'She held out the letter: "Read it," she said.\n'
    assert dialogue(text) == ['"Read it,"']


def test_document_wording_broken_over_lines_still_introduces_a_document():
    text = (
        'She promised to write again. There was also a postscript to this\neffect.\n\n'
        '"I have written to Colonel Forster to ask about his friends."\n\n'
        'He looked at her, as much as\nto say, "You are mine."\n'
    )
    assert dialogue(text) == []


def test_a_letter_without_salutation_ends_with_a_quoted_sign_off_and_name():
    body = (
        '"I have the greatest pleasure, my dear Emma, in forwarding to you the enclosed. I know what '
        'thorough justice you will do it, and have scarcely a doubt of its happy effect. We shall '
        'never differ again about the writer."'
    )
    text = (
        "A note came from Mrs. Weston.\n\n" + body + '\n\n          "Yours ever,"\n              "A. W."\n\n'
        '"Thank you," said Emma.\n\n'
        + body + '\n\n"Believe me,"\n\n"Your anxious and loving cousin,"\n\n"Charlotte."\n\n'
        "Lucy was annoyed.\n"
    )
    assert dialogue(text) == ['"Thank you,"']
    reply = body + '\n\n"I am,"\n\n"Good."\n'  # "I am," is no sign-off to end a letter on
    assert dialogue(reply) == [body, '"I am,"', '"Good."']


def test_an_it_tag_after_a_named_document_or_publication_is_the_document_read_out():
    text = (
        'He handed me the telegram. "Go to Baker Street at once," it\nsaid. "If I have not returned, wait."\n\n'
        'On opening the _Standard_ I found more. "With reference to the tragedy," it remarked,\n"we have reason to believe."\n\n'
        'First the Dodo marked out a race-course. "The exact shape doesn\'t matter," it said.\n\n'
        '"Thanks," said I.\n'
    )
    assert dialogue(text) == ['"The exact shape doesn\'t matter,"', '"Thanks,"']


def test_reported_speech_opening_a_paragraph_after_a_paragraph_of_narration_is_narration():
    narration = (
        "The plan was new to him, and being quite new, farther representations were necessary to "
        "make it acceptable to a man of his habits.\n\n"
    )
    text = (
        narration + '"No; he thought it very far from an improvement. A room at an inn was always damp; '
        'he would not hear of it."\n\n'
        + narration + '"She must have had some motive, more powerful than she had owned, for refusing it," was her conclusion.\n\n'
        'Poirot shook his head.\n\n"Why should she? She had bolted the door leading into his room, as she had never done."\n\n'
        + narration + '"He had been lying all along, and you knew that he had been lying to us."\n'
    )
    assert dialogue(text) == [
        '"She must have had some motive, more powerful than she had owned, for refusing it,"',
        '"Why should she? She had bolted the door leading into his room, as she had never done."',
        '"He had been lying all along, and you knew that he had been lying to us."',
    ]


def test_a_salutation_with_a_word_of_address_starts_a_letter_read_to_its_signature():
    text = (
        "A letter came for George. He read it aloud, because his aunt asked him to.\n\n"
        '"My dear boy,\n\n"I am well, and the ship is sound.\n\n"Be good, and mind your lessons.\n\n'
        '"Your loving father,\n"James Holloway."\n\n'
        'When he had finished, his aunt took the letter. "Christmas," she said.\n'
    )
    assert shape(text) == [
        ("n", "A letter came for George. He read it aloud, because his aunt asked him to.\n\n", False),
        ("n", '"My dear boy,\n\n', False),
        ("n", '"I am well, and the ship is sound.\n\n', False),
        ("n", '"Be good, and mind your lessons.\n\n', False),
        ("n", '"Your loving father,\n"James Holloway."\n\n', False),
        ("n", "When he had finished, his aunt took the letter. ", False),
        ("d", '"Christmas,"', False),
        ("n", " she said.\n", False),
    ]
    for salutation in ("Dear sir,", "Dearest mother,", "My dear old friend,", "Dear Sir and brother,"):
        letter = f'"{salutation}"\n\n"I shall come on Monday."\n\n"Will she really come?"\n'
        assert dialogue(letter) == ['"Will she really come?"'], salutation
    for exclamation in ("Dear me,", "Dear dear,", "My dear,"):
        speech = f'"{exclamation}"\n\n"I shall come on Monday."\n\n"Will she really come?"\n'
        assert len(dialogue(speech)) == 3, exclamation


def test_words_written_on_something_are_narration():
    text = (
        'He rose, and wrote upon a half-sheet of paper, "J. O. is dead. S. H.," and sealed it.\n\n'
        'She scribbled on the back of the card: "Gone to town."\n\n'
        '"That is for the inspector," he said.\n'
    )
    assert dialogue(text) == ['"That is for the inspector,"']


def test_a_letter_opening_with_its_salutation_run_into_the_text_is_narration():
    text = (
        "A letter came by the evening post.\n\n"
        '"Dear Tom,--I write in haste. Come at once. Your cousin, MARY."\n\n'
        '"My dear Sir,\u2014We beg to inform you that the goods are sent."\n\n'
        '"Dear me,--how late it is!" she said.\n\n'
        '"Dear Tom--I mean, Mr. Smith--do sit down."\n'
    )
    assert dialogue(text) == ['"Dear me,--how late it is!"', '"Dear Tom--I mean, Mr. Smith--do sit down."']


def test_third_person_past_speech_after_a_gesture_beat_stays_speech():
    text = (
        'Mrs. Smith wiped her eyes. "He was a good man. He had always been kind\n'
        'to the poor, and he would never have done such a thing."\n\n'
        'The inspector nodded. "She was seen at the station at nine. She had a\n'
        'ticket for Dover, and she was carrying a small brown bag."\n\n'
        'He did consent. "He should like to see the old house again, and she\n'
        'would show him the garden, if the weather held."\n'
    )
    assert dialogue(text) == [
        '"He was a good man. He had always been kind\nto the poor, and he would never have done such a thing."',
        '"She was seen at the station at nine. She had a\nticket for Dover, and she was carrying a small brown bag."',
    ]


def test_long_third_person_speech_of_someone_of_the_other_sex_stays_speech():
    text = (
        'Mrs. Smith looked out of the window for a long time. "He was a good man.\n'
        'He had always been kind to the poor, and he would never have done such a\n'
        'thing to anybody, not even to his worst enemy."\n\n'
        'Mr. Weston looked at the clock. "He had business at the Crown about his hay,\n'
        'and a great many errands at Ford\'s, but he need not hurry any body else."\n'
    )
    assert dialogue(text) == [
        '"He was a good man.\nHe had always been kind to the poor, and he would never have done such a\n'
        'thing to anybody, not even to his worst enemy."'
    ]
    text = (
        "She was obliged to repeat and explain it, before it was fully comprehended, and then\n"
        "more was needed to make it acceptable.\n\n"
        '"No; he thought it very far from an improvement--a very bad plan--much worse than the\n'
        'other. A room at an inn was always damp and dangerous; never properly aired."\n'
    )
    assert dialogue(text) == []  # a paragraph of its own before it may be about someone else


def test_a_document_that_says_or_bears_words_is_read_by_the_narrator():
    text = (
        'The card bore the words "Mr. Sherlock Holmes, Baker Street."\n\n'
        'Across the top of the page was written, "Private and Confidential."\n\n'
        'The telegram said simply, "Come at once. Father dying."\n\n'
        'The headline ran, "MURDER IN MAYFAIR."\n\n'
        'Holding up the letter, he said, "Look at this!"\n\n'
        'The boy said simply, "Come at once."\n'
    )
    assert dialogue(text) == ['"Look at this!"', '"Come at once."']
