"""Speech tags read by attribution_model/tags.py, on invented sentences."""
from audiobook.attribution import prepare
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

ROSTER = [Character("Nora", [], "female"), Character("Mr. Pell", [], "male"), Character("Basil", [], "male"),
          Character("Ida", [], "female"), Character("The Duke", [], "male"), Character("The Heron", [], None)]


def tags(text, roster=ROSTER):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, roster)
    return [(u.tag_kind, sorted(u.tag_names)) for u in units]


def test_sentence_subject_when_the_verb_clause_names_nobody():
    assert tags('Nora was pleased, and said: "I hope so."') == [("name", ["Nora"])]
    assert tags('Mr. Pell, who felt responsible for her, ventured to say:\n\n"We could."') == [("name", ["Mr. Pell"])]
    assert tags('It was late. Then Basil said with great emotion:\n\n"It is true."') == [("name", ["Basil"])]


def test_name_right_before_the_verb_is_its_subject():
    assert tags('Ida heard the Duke say in a low voice, "You are pardoned."') == [("name", ["The Duke"])]
    assert tags('She was tired, and Basil had said, "Go home!"') == [("name", ["Basil"])]


def test_tag_before_a_quote_without_punctuation():
    assert tags('When they were dry, the Heron suddenly called out "The race is over!" and they ran.') \
        == [("name", ["The Heron"])]


def test_any_past_tense_verb_next_to_a_name_after_a_quote_that_runs_on():
    assert tags('"Poor girl!" exploded Mr. Pell. "Poor girl!"') == [("name", ["Mr. Pell"])]
    assert tags('"Perhaps," interposed Ida, "like myself?"') == [("name", ["Ida"])]
    assert tags('"Yes," Nora agreed.') == [("name", ["Nora"])]
    assert tags('"No." Nora looked up.') == [(None, [])]


def test_capitalised_and_unlisted_verb_pronoun_tags():
    assert tags('He came nearer, his face in the shadow. He said:\n\n"Miss Ida."') == [("pronoun", [])]
    assert tags('"Oh, Nora, that you should come!" he quavered.') == [("pronoun", [])]


def test_descriptions_keep_their_noun_and_a_voice_belongs_to_its_owner():
    text = 'Basil came in.\n\n"This is my son," said the old man; "his name is Tom."'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    assert (units[0].tag_kind, units[0].tag_gender) == ("description", "male")
    # with no man in the scene the old man is a character of his own (see test_describe.py)
    units, ctx = prepare(text[15:], split_chapter(text[15:], Chapter(1, "One", 0, len(text) - 15)), ROSTER)
    assert (units[0].tag_kind, units[0].tag_names) == ("name", {"The Old Man"})
    text = '"Not very dutiful," said her mother\'s voice.'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    assert (units[0].tag_kind, units[0].tag_gender) == ("description", "female")
    assert tags('"Hateful bishop!" exclaimed the voice of old Mr. Pell, who had darted forward.') \
        == [("name", ["Mr. Pell"])]


def test_a_particle_verb_reads_whole_and_an_aside_keeps_its_subject():
    assert tags('"Good-bye! Be good!" called out Basil.') == [("name", ["Basil"])]
    assert tags('Later Mr. Pell, whose thoughts were on the Duke, said--\n\n"A pity."') == [("name", ["Mr. Pell"])]
    assert tags('Then Basil, sharing the discontent, called out: "Play another."') == [("name", ["Basil"])]
    assert tags('Ida was there.--Basil immediately got up, and in a grave manner, said,\n\n"I must go."') \
        == [("name", ["Basil"])]


def test_a_tag_leading_into_the_quote_beats_a_new_sentence_after_it():
    assert tags('When they stopped, the Duke said severely "Who is this?" She said it to Basil.') \
        == [("name", ["The Duke"])]
    assert tags('"Go now."  Mr. Pell, to whom Ida had whispered the news, stood up.') == [(None, [])]


def test_a_tag_closing_a_paragraph_after_its_own_quotation_leads_into_the_next():
    assert tags('"Thank you," said Ida. After a pause Basil, speaking louder, said,\n\n"Here I am."') \
        == [("name", ["Ida"]), ("name", ["Basil"])]


def test_lead_in_connectives_and_so_began():
    assert tags('After this, whenever Ida bowed to Mr. Pell, and said, "Any letter?" he shook his head.') \
        == [("name", ["Ida"])]
    assert tags('"How do you do?"  So began Nora; and he waited.') == [("name", ["Nora"])]


def test_a_name_and_a_bare_verb_after_an_exclamation():
    assert tags('"Look sharp, Ida!" Basil remonstrated.') == [("name", ["Basil"])]
    assert tags('"Look sharp, Ida!" He looked away.') == [(None, [])]
    assert tags('"Look sharp!" Basil looked up at the sky.') == [(None, [])]


def test_epithets_before_a_name():
    assert tags('Then the kind-hearted, gentle Ida had left her seat to join him and say, "Do you dance?"') \
        == [("name", ["Ida"])]
    assert tags('The wife of Mr. Pell had left her seat to say, "Do you dance?"') == [("description", [])]


def test_the_main_clause_subject_after_an_opening_subordinate_clause():
    assert tags('When Ida, assenting to this, was gone, Mr. Pell lifted up his head, and said to Nora:\n\n"Well?"') \
        == [("name", ["Mr. Pell"])]
    assert tags('Then Mr. Pell, shocked by the possibility which dawned upon him, said:\n\n"Do you deny it?"') \
        == [("name", ["Mr. Pell"])]


def test_so_began_opening_the_next_paragraph():
    assert tags('"How do you do? Come in."\n\nSo began Ida; and Basil waited.') == [("name", ["Ida"])]


def test_a_second_subject_with_an_article_after_and():
    assert tags('"Call the witness," said Mr. Pell; and the Heron blew the trumpet, and called out, "First!"') \
        == [("name", ["Mr. Pell"]), ("name", ["The Heron"])]


def test_a_relative_pronoun_subject_is_the_name_before_it():
    assert tags('The Duke looked at Basil, who said in a low voice, "Cross-examine him."') == [("name", ["Basil"])]
    assert tags('She was met by Ida, who, flying to her, cried in a whisper, "Such fun!"') == [("name", ["Ida"])]
    # a place between the name and its 'who'; a person there is no place
    assert tags('She opened the door, and met Ida in the landing place, who, breathless with\nagitation, '
                'cried out,\n\n"Oh, make haste!"') == [("name", ["Ida"])]
    assert tags('She saw Ida with the little dog, who barked, and Basil said,\n\n"Oh!"') == [("name", ["Basil"])]


def test_a_verb_of_two_words_may_break_across_lines():
    assert tags('At this\nmoment Basil, who had been anxiously looking across the garden, called\nout '
                '"The Queen! The Queen!" and they fell flat.') == [("name", ["Basil"])]
    assert tags('"Yes," went\non Basil.') == [("name", ["Basil"])]


def test_that_before_a_pronoun_is_a_conjunction_not_a_description():
    assert tags('He boasted so, that she could not help saying with quickness,\n\n"Mr. Pell!"') == [("pronoun", [])]


def test_a_lower_case_description_alias_is_a_description_with_its_listed_owner():
    roster = ROSTER + [Character("The Clergyman", [], "male")]
    for text, kind in (('"Yes," said the clergyman.', "description"), ('"Yes," said the Clergyman.', "name")):
        segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
        u = prepare(text, segs, roster)[0][0]
        names = u.tag_alias if kind == "description" else u.tag_names
        assert (u.tag_kind, names) == (kind, {"The Clergyman"})
        assert u.tag_gender == ("male" if kind == "description" else None)
    roster = ROSTER + [Character("The Cook", [], "female")]
    text = '"Shan\'t," said the cook.'
    u = prepare(text, split_chapter(text, Chapter(1, "One", 0, len(text))), roster)[0][0]
    assert (u.tag_kind, u.tag_names) == ("name", {"The Cook"})  # a role, not a generic noun


def test_a_long_speech_is_tagged_where_it_begins_not_after_its_last_paragraph():
    story = ('"I was born in the north.\n\n"We went south in the spring.\n\n"The rain came early.\n\n'
             '"Run for the gate," said Basil. We ran.')
    assert tags('"Tell us," said Nora.\n\n' + story) == [("name", ["Nora"]), (None, [])]
    short = '"We went south.\n\n"Run for the gate," said Basil.'
    assert tags(short) == [("name", ["Basil"])]


def pronoun_tags(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    return [(u.tag_kind, u.tag_gender) for u in units]


def test_pronoun_after_an_opening_adverbial():
    assert pronoun_tags('Nora said nothing. Suddenly he said:\n\n"Go home."') == [("pronoun", "male")]
    assert pronoun_tags('Basil sat down. First of all he said to himself:\n\n"Honey."') == [("pronoun", "male")]
    assert pronoun_tags('Basil sat down. In a moment she went on--\n\n"Honey."') == [("pronoun", "female")]


def test_pronoun_in_a_subordinate_clause_holding_the_verb():
    assert pronoun_tags('Surely her face grew paler as she answered:\n\n"No."') == [("pronoun", "female")]
    assert pronoun_tags('There was a pause before he answered:\n\n"No."') == [("pronoun", "male")]


def test_was_her_reply_is_a_pronoun_tag():
    assert pronoun_tags('"At the Loggia," was her reply.') == [("pronoun", "female")]
    assert pronoun_tags('"Never," was his frigid answer.') == [("pronoun", "male")]
    assert pronoun_tags('"Never," was the answer.') == [(None, None)]


def test_a_description_drops_the_dash_after_it():
    text = 'Nora and Basil came in.\n\n"Hush," cried her brother--"he will hear."'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    assert (units[0].tag_kind, units[0].tag_gender) == ("description", "male")


def test_participles_and_bare_verbs_after_a_modal():
    assert tags('Mr. Pell was repeating, "No husbands at present," with a smile.') == [("name", ["Mr. Pell"])]
    assert tags('Nora could just answer, "Oh! dear, yes," before he came.') == [("name", ["Nora"])]
    assert tags('Ida was at last forced to add, "Is it good?"') == [("name", ["Ida"])]
    assert tags('The Heron turned angrily away, and said to the Duke "Turn them over!"') == [("name", ["The Heron"])]


def test_the_object_of_a_verb_of_hearing_speaks():
    assert tags('Basil came in. Nora heard him say, "Hello."') == [("pronoun", [])]
    assert tags('The Heron ran off. Nora was just in time to hear it say, "Oh my ears!"') \
        == [("name", ["The Heron"])]
    # "it" with no creature named before: no tag, and not the hearer's
    assert tags('Nora was just in time to hear it say, "Oh my ears!"') == [(None, [])]


def test_neuter_it_stands_for_the_creature_named_by_a_common_noun():
    assert tags('The Heron ran off, Nora after it.\n\n"Hello," it said.') == [("name", ["The Heron"])]
    assert tags('The Heron looked at Nora, and it said in a low voice, "Let us go."') == [("name", ["The Heron"])]
    assert tags('Nora ran off.\n\n"Hello," it said.') == [(None, [])]


def test_a_possessive_lead_in_names_the_speaker():
    assert tags("this was the spontaneous burst of Nora's feelings: \"Oh God!\"") == [("name", ["Nora"])]
    assert tags("They passed the house.--Nora's remark was--\n\n\"There it is.\"") == [("name", ["Nora"])]
    assert tags("Basil's voice came:\n\n\"My dear Ida.\"") == [("name", ["Basil"])]


def test_the_subject_of_an_infinitive_or_a_coordinated_verb_speaks():
    assert tags('So when Basil came along, Ida was very glad to be able to stop thinking, in order to say "Hi?"') \
        == [("name", ["Ida"])]
    assert tags('It was late before Ida had recovered and could say in her usual tone:\n\n"Well, dear."') \
        == [("name", ["Ida"])]
    assert tags('When Basil joined the party, however, there was courage for Mr. Pell to draw near her and say,'
                '\n\n"I have to thank you."') == [("name", ["Mr. Pell"])]
    assert tags('Very soon the Heron noticed Nora, as she went about, and called out to her in an angry tone, "Why!"') \
        == [("name", ["The Heron"])]


def test_a_lead_in_ending_with_with_names_its_subject():
    assert tags('Then Mr. Pell immediately accosted her with,\n\n"How do you do?"') == [("name", ["Mr. Pell"])]
    assert tags('Ida eagerly interposed with,\n\n"Oh! Mr. Pell."') == [("name", ["Ida"])]


def test_a_pronoun_starting_a_clause_of_its_own_is_no_tag_of_the_quote_before():
    assert tags('Ida sat; and when Basil ended with, "We have not had it," she was obliged to pause before she '
                'answered.') == [("name", ["Basil"])]
    assert tags('"Yes," she at last said.') == [("pronoun", [])]
    assert tags('"Yes," he was beginning to say.') == [("pronoun", [])]


def test_a_new_clause_after_an_adverb_has_its_own_subject():
    assert tags('Thus the half-hour crept profitably away, and at last Ida rose with a sigh, and said:\n\n'
                '"I think so."') == [("name", ["Ida"])]


def test_words_between_a_pronoun_and_its_verb_keep_the_tag():
    assert tags('"Well, Nora," he almost immediately began, "your wish holds."') == [("pronoun", [])]
    assert tags('"I have scarce seen you," she shortly afterwards began.') == [("pronoun", [])]


def test_a_participle_speaks_for_the_clause_just_before():
    assert tags('Mr. Pell told of his trip, where the maid burst in upon him in his bath, exclaiming cheerfully, '
                '"Fa niente."') == [("name", ["The Maid"])]
    assert tags('It was the Heron, with a fan in one hand: he came trotting along in a hurry, muttering to himself '
                'as he came, "Oh! the Duke!"') == [("pronoun", [])]


def test_a_pronoun_subject_before_a_name_keeps_the_fallback_off_the_name():
    assert tags("I told him of Ida's excitement on hearing that Mr. Pell had been there, and added:\n\n"
                '"He said twice."') == [("first", [])]


def test_a_new_speaker_after_a_participle_tag_starts_a_new_turn():
    assert tags('"There is no such thing!" Nora was beginning very angrily, but Basil and Ida went "Sh! sh!" and '
                'the Heron sulkily remarked, "If you are not civil, go."')[-1] == ("name", ["The Heron"])


def test_the_answer_to_a_quotation_in_a_when_clause_is_a_new_turn():
    assert tags('Nora smiled; and when Basil said, "Honey or milk?" he was so excited that he said, "Both," and '
                'then he added, "Thank you."') == [("name", ["Basil"]), ("pronoun", [])]
    assert tags('And when Mr. Pell said, "Your health, ma\'am!" she answered with great feeling, "Thank you, sir."') \
        == [("name", ["Mr. Pell"]), ("pronoun", [])]


def test_a_pronoun_lead_in_ending_with_with():
    assert tags('"So obliged to you!" resumed Ida.\n\nHe cut her short with,\n\n"I am going to Kingston."')[-1] \
        == ("pronoun", [])
    assert tags('"He is not disappointed," was his short, full answer.') == [("pronoun", [])]


def test_the_hearer_is_not_the_speaker():
    assert tags('As she came up she heard one of them say, "Look out now!"') == [(None, [])]
    assert tags('Basil was silent; but Nora heard him almost immediately afterwards say to himself, "Hum!"') \
        == [("pronoun", [])]
    assert tags('The Heron turned round: its face was pale (with passion, Nora thought), and it said in a low '
                'trembling voice, "Let us go."') == [("name", ["The Heron"])]


def test_a_possessive_pronoun_lead_in_and_a_semicolon():
    assert tags('Anxiety moved her to question him.  His answer was puzzling: "I shall want to live."') \
        == [("pronoun", [])]
    assert tags('Silence.  Wishing to round off the episode, he added; "We are all so glad."') == [("pronoun", [])]


def test_the_one_given_the_chance_and_an_inverted_subject_speak():
    assert tags('Nora was silent for a minute, which gave the Heron the opportunity of adding, "You look for eggs."') \
        == [("name", ["The Heron"])]
    assert tags('Her astonishment was extreme; and continually was she repeating, "Why is it so?"') \
        == [("pronoun", [])]
    text = ('He wanted her to smile; and having brought herself not to smile too broadly--she did--cheerfully '
            'answering,\n\n"You need not be at any pains."')
    units, _ = prepare(text, split_chapter(text, Chapter(1, "One", 0, len(text))), ROSTER)
    assert (units[0].tag_kind, units[0].tag_gender) == ("pronoun", "female")


def test_a_capitalised_connective_names_no_new_speaker():
    assert tags('"I saw you," replied he. "I saw you first." And then whispering--"Our companions are dull."') \
        == [("pronoun", [])]


def test_a_sentence_ending_in_a_bare_speech_verb_tags_the_quotation_after_it():
    assert tags('Basil was too engrossed to notice his neighbour, till Mr. Pell thus began.  "What a charming '
                'amusement!"') == [("name", ["Mr. Pell"])]
    assert tags('"I\'ll wait," said Basil.\n\nIda resumed in a lower voice.  "At last poor father left."')[-1] \
        == ("name", ["Ida"])
    assert tags('She walked away, when thus accosted by Ida,\n\n"I can guess the subject."') == [("name", ["Ida"])]
    assert tags('She was left alone; whatever she wished him to say should be said.  "Yes."') == [(None, [])]
    # a paragraph of its own: the subject after an opening adverb, past the paragraph before
    assert tags('They were nice grand words to say.)\n\nPresently she began again.  "I wonder if I shall fall."') \
        == [("pronoun", [])]
    assert tags('The clock struck.\n\nAt last he began.  "Well, then."') == [("pronoun", [])]


def test_the_one_thanked_for_saying_speaks():
    assert tags('She longed to hear more, and was grateful to Mr. Pell for saying,\n\n"There are few such people."') \
        == [("name", ["Mr. Pell"])]
    text = 'She longed to hear more, and was grateful to her uncle for saying,\n\n"There are few such people."'
    units, _ = prepare(text, split_chapter(text, Chapter(1, "One", 0, len(text))), ROSTER)
    assert (units[0].tag_kind, units[0].tag_words, units[0].tag_gender) == ("description", ("her", "uncle"), "male")


def test_a_pronoun_subject_far_from_its_speech_verb():
    assert tags('It was late, and then he turned away, saying in a tone of disappointment, "Missed her!"') \
        == [("pronoun", [])]
    assert tags('Nora was silent. At the close of the day, she paused, and said:\n\n"I will go."') \
        == [("pronoun", [])]
    # the first pronoun with a verb of its own, not the one of a relative clause
    assert tags('Soon he approached the table where she was sitting with Ida; and, while pretending to admire '
                'her work, said in a whisper, "Go to your father."') == [("pronoun", [])]
    units = _units('Soon he approached the table where she was sitting; and said in a whisper, "Go."')
    assert units[0].tag_gender == "male"
    # somebody named as a subject in between: no pronoun tag
    assert tags('But never did she go without Mr. Pell\'s giving a gentle sigh, and saying, "Poor Ida."') \
        == [(None, [])]
    assert tags('It was impossible for Basil to leave her, or to refrain from saying, in a gentle tone, "Dear."') \
        == [(None, [])]


def _units(text):
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    return prepare(text, segs, ROSTER)[0]


def test_a_subject_wrapped_onto_the_next_line_still_reads():
    # hard-wrapped text: the line break falls inside the phrase before the verb
    assert tags('There was no longer a want of courage and opportunity for Mr.\nPell to draw near her and say,\n\n'
                '"I have to thank you."') == [("name", ["Mr. Pell"])]
    assert tags('Nora was silent, which gave the\nHeron the opportunity of adding, "You look for eggs."') \
        == [("name", ["The Heron"])]
    assert tags('She longed to hear more, and was grateful to Mr.\nPell for saying,\n\n"There are few such people."') \
        == [("name", ["Mr. Pell"])]


def test_a_possessive_subject_of_a_gerund_leads_in_with():
    assert tags('None had come for her; and Ida\'s accounting for it with "I suppose they will not take the '
                'liberty," was all she said.') == [("name", ["Ida"])]


def test_a_title_and_initials_lead_into_a_known_name():
    assert tags('"By your leaves," said Mr. E. W. B. Pell, glancing round the room.') == [("name", ["Mr. Pell"])]
    assert tags('"I did not kill him," said I. Nora shook her head.') == [("first", [])]


def test_last_tag_is_searched_in_the_last_sentence_only_with_titles_kept():
    from audiobook.attribution_model.tags import TAG_BEFORE, _last
    chunk = ("Jane said nothing for a while. She sat down! Was it late? "
             "Then Mr. Darcy, who had watched them, said gravely,")
    m = _last(TAG_BEFORE, chunk)
    assert m is not None and "Mr. Darcy" in m.group("who") and m.group("verb") == "said"
    assert _last(TAG_BEFORE, "Jane said, turning away. The rain fell.") is None


def test_a_name_ending_in_ly_is_no_adverb():
    roster = [Character("Polly", [], "female"), Character("Emily", [], "female"), Character("Basil", [], "male")]
    assert tags('Basil came in.\n\nThen Polly said, "Yes."', roster) == [("name", ["Polly"])]
    assert tags('Basil came in.\n\n"Yes," said Emily softly.', roster) == [("name", ["Emily"])]
    assert tags('Basil came in.\n\n"Yes," Polly said to Basil.', roster) == [("name", ["Polly"])]
    assert tags('"Yes," Basil quietly said.', roster) == [("name", ["Basil"])]


def test_less_common_speech_verbs_tag_their_quotation():
    assert tags('Basil came in.\n\n"Hot enough?" drawled Basil.') == [("name", ["Basil"])]
    assert tags('Basil came in.\n\n"You are," quoth Nora.') == [("name", ["Nora"])]
    assert tags('Basil came in. Nora teased, "You are melting."') == [("name", ["Nora"])]


def test_a_named_characters_relative_is_a_relation_tag():
    # 'said Mr. Pell's wife' is his wife speaking, not Mr. Pell
    segs_text = 'Nora came in.\n\n"Nonsense!" said Mr. Pell\'s wife.\n\n"Hush," said Ida\u2019s brother.\n'
    segs = split_chapter(segs_text, Chapter(1, "One", 0, len(segs_text)))
    units, _ = prepare(segs_text, segs, ROSTER)
    assert [(u.tag_kind, u.tag_words, u.tag_gender) for u in units] == [
        ("description", ("his", "wife"), "female"), ("description", ("her", "brother"), "male")]
    text = 'Nora came in.\n\n"Go," said Basil\'s friend.\n\n"No," said Ida\'s maid.\n\n"Well," Basil\'s voice came.\n'
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, _ = prepare(text, segs, ROSTER)
    assert [(u.tag_kind, u.tag_words, u.tag_gender) for u in units][:2] == [
        ("description", ("his", "friend"), None), ("description", ("her", "maid"), "female")]
    assert units[2].tag_kind != "description"  # 'Basil's voice came': Basil speaks


def test_a_speaker_revealed_right_after_an_untagged_quotation():
    text = ('Nora and Basil sat there.\n\n"Who is there?" The voice was Basil\'s.\n\n'
            '"Only me." It was Ida, back again.\n\n"Late?" It was Nora\'s fault.\n')
    assert [t for t in tags(text)] == [("name", ["Basil"]), ("name", ["Ida"]), (None, [])]


def test_curly_apostrophes_read_as_straight_ones():
    # "the lady’s-maid" is one description, "O’Brien" one name, and "Mike’s" no vocative
    from audiobook.attribution_model.context import _VOC_AFTER
    segs_text = '\u201cFor shame!\u201d cried the lady\u2019s-maid.\n'
    segs = split_chapter(segs_text, Chapter(1, "One", 0, len(segs_text)))
    units, _ = prepare(segs_text, segs, ROSTER)
    assert units[0].tag_words == ("the", "lady's-maid")
    roster = [Character("O'Brien", [], "male"), Character("Mary", [], "female")]
    assert tags('\u201cIt is late,\u201d said O\u2019Brien.\n', roster) == [("name", ["O'Brien"])]
    assert not _VOC_AFTER.match("\u2019s got to go") and _VOC_AFTER.match("\u2019 said Tom")


def subject(text, roster=ROSTER):
    """The one turn's tag: a name, or the gender of a pronoun or description."""
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    (u,), _ = prepare(text, segs, roster)
    return sorted(u.tag_names)[0] if u.tag_kind == "name" else (u.tag_kind, u.tag_gender)


def test_subject_back_over_asides_and_verb_phrases_of_the_same_subject():
    # a subordinate clause before the main clause, with no comma between
    assert subject('Nora stood by the door. As she came in he rose, and said:\n\n"Sit down."') == ("pronoun", "male")
    # a participle, and the verb phrases of one subject
    assert subject('Ida wept; and he, raising his hat, said: "Forgive me."') == ("pronoun", "male")
    assert subject('When the clock struck he took her hands, smiling at her in his old way, and said:\n\n'
                   '"Be brave, Ida."') == ("pronoun", "male")
    # a clause inside the sentence naming somebody else
    assert subject('Ida looked at him. He rose, and when Nora had closed the piano, said quietly,\n\n'
                   '"That is enough."') == ("pronoun", "male")
    # an absolute phrase naming somebody else
    assert subject('Nora at that moment passing the window, he was seized with a happy thought, and called '
                   'out to her,\n\n"Come in!"') == ("pronoun", "male")
    # a prepositional phrase before the verb
    assert subject('A long minute passed, and he sat down; and in a firmer voice said,\n\n"Well then."') \
        == ("pronoun", "male")


def test_subject_of_a_clause_opened_by_a_conjunction():
    assert subject('Basil lagged behind, while her sister, quite out of breath, reached the gate, and '
                   'eagerly cried out,\n\n"News!"') == ("description", "female")
    assert subject('Ida glanced at Nora; but she, who never noticed anything, gaily went on, "And then?"') \
        == ("pronoun", "female")
    assert subject('It was absurd, though it was a thing she thought it right to frown at; for she said, '
                   '"Hush!"') == ("pronoun", "female")
    # a new event after the main clause carries the verb after it
    assert subject('Basil was about to hand it to Mr. Pell, when Ida suddenly drew back, and said, "No."') == "Ida"
    # ... a background clause does not
    assert subject('Presently Basil noticed Ida, as she went looking about, and called out to her, "Here!"') \
        == "Basil"


def test_who_stands_for_the_one_before_it():
    assert subject('She was roused by the voice of her companion, who, in a manner that was kind but '
                   'guarded, said, "I have kept you."') == ("description", None)


def test_a_speech_verb_leading_into_the_quotation_beats_any_verb_after_it():
    assert subject('Presently Ida came near; so, when Basil looked up, she began, in a low voice, '
                   '"If you please--" Basil started violently and ran away.') == ("pronoun", "female")


def test_a_voice_is_its_owners():
    # 'her voice said': the woman 'her' points to speaks, as with 'she said'
    assert subject('Ida opened her own door, and her voice said:\n\n"One word with you."') == ("pronoun", "female")
    # 'her mother's voice': her mother
    assert subject('She closed the piano.\n\n"Not very dutiful," said her mother\'s voice.') == \
        ("description", "female")


def test_three_spaces_standing_for_a_lost_dash_part_a_sentence():
    # some e-texts print an em-dash as three spaces: 'the morning   he held her'
    assert subject('When he was going out, and Ida came to bid him good-bye   as she would not see him until '
                   'the morning   he held her hand, looking at her kindly, and said:\n\n"Good night."') \
        == ("pronoun", "male")


def test_a_plural_subject_before_the_verb_is_no_ones_tag():
    assert subject('Nora watched Ida and Basil from afar; but what they said was this:\n\n"Well?"') == (None, None)


def test_a_tag_after_a_dash():
    assert subject('Basil smiled.\n\n"We will examine   and reject!"   he screwed up his face.') == ("pronoun", "male")
    assert subject('Basil smiled.\n\n"We will examine and reject!"--he screwed up his face.') == ("pronoun", "male")
