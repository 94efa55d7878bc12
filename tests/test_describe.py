"""Speakers known only by a description ("said the landlady") and the gender
a description's noun implies."""
from audiobook.attribution_model.describe import capitalised_key, description_key
from audiobook.attribution_model.noun_gender import noun_gender
from audiobook.attribution_model.units import Utterance
from audiobook.attribution import attribute, prepare
from audiobook.attribution_model.context import relation_referent
from audiobook.model import Chapter, Character
from audiobook.quotes import split_chapter

from test_attribution import speakers


def test_compound_person_nouns_have_a_gender():
    assert [noun_gender(w) for w in ("landlady", "chambermaid", "hostess", "cabman", "schoolmaster", "landlord")] \
        == ["female", "female", "female", "male", "male", "male"]
    assert [noun_gender(w) for w in ("witness", "business", "human", "cook", "voice")] == [None] * 5
    # roles the period's novels give to one sex: 'said the lawyer' (Utterson), 'the housekeeper'
    assert [noun_gender(w) for w in ("lawyer", "coroner", "curate", "clerk", "housekeeper", "niece")] \
        == ["male"] * 4 + ["female"] * 2


def test_the_periods_trades_of_men_have_a_gender():
    # 'said the miller' is no landlady's line
    assert [noun_gender(w) for w in ("miller", "blacksmith", "porter", "guard", "gamekeeper")] == ["male"] * 5


def test_a_one_off_tradesman_in_a_scene_is_a_character_of_his_own():
    roster = [Character("Mr. Bell", [], "male")]
    text = ('Mr. Bell walked to the inn. The landlady met him at the door.\n\n'
            '"You want a room?" said the landlady.\n\n"Two rooms," said Mr. Bell.\n\n'
            '"Only me here," said the miller, who sat by the fire.\n')
    got, _ = speakers(text, roster)
    assert [s for _, s in got] == ["The Landlady", "Mr. Bell", "The Miller"]


def _tag(words, gender):
    u = Utterance(index=0, segments=[], pieces=[(0, 1)], para_start=0, para_end=1, p_first=0, p_last=0)
    u.tag_kind, u.tag_words, u.tag_gender, u.tag_pos = "description", tuple(words), gender, 0
    return u


def test_description_key_stops_at_the_person_noun():
    assert description_key(_tag(["the", "landlady", "to", "mary"], "female")) == ("landlady",)
    assert description_key(_tag(["an", "old", "woman"], "female")) == ("old", "woman")
    assert description_key(_tag(["her", "mother"], "female")) is None      # a relation: kinship resolves it
    assert description_key(_tag(["the", "wife", "of", "mr"], "female")) is None
    assert description_key(_tag(["a", "grave", "voice"], None)) is None



def test_a_description_stops_before_its_verb():
    # '"Yes, m'm." The old servant hesitated, then added': the servant, not "The Old Servant Hesitated"
    from audiobook.attribution_model.context import description_words
    assert description_words(("the", "old", "servant", "hesitated")) == ("the", "old", "servant")
    assert description_words(("the", "servant", "hesitated")) == ("the", "servant")
    assert description_words(("the", "tall", "bearded", "stranger")) == ("the", "tall", "bearded", "stranger")


def test_a_description_nobody_fills_becomes_a_minor_character():
    roster = [Character("Mr. Holloway", [], "male")]
    text = ('Mr. Holloway knocked at the door. The landlady opened it.\n\n'
            '"You are late again," said the landlady.\n\n'
            '"I am sorry," said Mr. Holloway.\n\n'
            '"Trains!" said the landlady. "Always trains."\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["The Landlady", "Mr. Holloway", "The Landlady", "The Landlady"]
    assert [(c.name, c.gender) for c in result.described] == [("The Landlady", "female")]


def test_a_casting_file_names_who_speaks_so_a_rare_describer_is_one_of_its_characters():
    # A Passage to India: Aziz meets "the old lady" in the mosque before she gives her name;
    # the character list has Mrs. Moore and no old lady, so her lines are Mrs. Moore's
    roster = [Character("Aziz", [], "male"), Character("Mrs. Moore", [], "female")]
    text = ('Aziz rested by the tank in the mosque, and an old woman stepped out of the shadows.\n\n'
            '"Madam, you should have taken off your shoes," said Aziz.\n\n'
            '"I have taken them off," said the old lady.\n\n'
            '"Then please forgive me," said Aziz.\n\n'
            '"That makes no difference. God is here," said the old lady.\n\n'
            '"Madam, may I know your name?" said Aziz.\n\n'
            '"I am Mrs. Moore."\n')
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    assert [c.name for c in attribute(text, segs, roster).described] == ["The Old Lady"]
    listed = attribute(text, segs, roster, from_cast=True)
    assert listed.described == []
    assert [listed.by_segment[i].speaker for i in sorted(listed.by_segment)
            if segs[i].text.strip()] == ["Aziz", "Mrs. Moore"] * 3


def test_an_indefinite_description_names_the_minor_character_it_makes():
    # The Time Machine: 'said a very young man', a newcomer among the cast's sexless designations
    roster = [Character("The Time Traveller", [], None), Character("The Psychologist", [], None)]
    text = ('The Time Traveller spoke. The Psychologist listened.\n\n'
            '"Any real body has four dimensions," said the Time Traveller.\n\n'
            '"Go on," said the Psychologist.\n\n'
            '"That," said a very young man, "is all right."\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got][-2:] == ["The Very Young Man", "The Very Young Man"]


def test_a_description_of_someone_present_is_not_cast():
    roster = [Character("Lucy", [], "female"), Character("Mr. Beebe", [], "male")]
    text = ('Lucy sat by the window while Mr. Beebe read.\n\n'
            '"It is raining," said the girl.\n\n'
            '"So it is," said Mr. Beebe.\n')
    got, result = speakers(text, roster)
    assert result.described == [] and got[0][1] == "Lucy"


def test_a_capitalised_description_is_a_character_of_its_own_even_in_company():
    roster = [Character("Alice", [], "female"), Character("The King", [], "male")]
    text = ('Alice looked at the King, and the King looked at the court.\n\n'
            '"What are tarts made of?" said the King.\n\n'
            '"Pepper, mostly," said the Knave.\n\n'
            '"Treacle," said an old Crab, and the King frowned.\n\n'
            'Alice looked at the Arno.  "How high it is," she said.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got][:3] == ["The King", "The Knave", "The Old Crab"]
    assert {c.name for c in result.described} == {"The Knave", "The Old Crab"}


def test_a_capitalised_title_or_a_name_after_a_noun_is_no_new_character():
    u = _tag(["the", "inspector"], "male")
    assert capitalised_key(u, "the Inspector said") is None  # the cast's Inspector Japp
    u.tag_pos = 6
    assert capitalised_key(u, "cried the man to Lucy") is None
    assert capitalised_key(u, "cried a young Lucas who came") == ("young", "lucas")
    assert capitalised_key(u, "cried the Italian, laughing") is None
    u.tag_pos = 15
    assert capitalised_key(u, "walked towards the Arno.") is None  # no speech verb before it


def test_a_relative_the_book_never_names_becomes_a_minor_character():
    roster = [Character("Mary", [], "female"), Character("Mrs. Hudson", [], "female")]
    text = ('CHAPTER I\n\nMrs. Hudson brought the tea.\n\n"Tea, sir?" she asked.\n\n'
            'CHAPTER II\n\nMary came home late, and her mother was waiting at the door.\n\n'
            '"Where were you?" asked her mother.\n\n"At the library," said Mary.\n\n"Until midnight?"\n\n'
            '"It was open late."\n\n"Go to bed," said her mother.\n')
    mid = text.index("CHAPTER II")
    segs = split_chapter(text, Chapter(1, "I", 0, mid)) + split_chapter(text, Chapter(2, "II", mid, len(text)))
    result = attribute(text, segs, roster)
    got = [result.by_segment[i].speaker for i, s in enumerate(segs) if i in result.by_segment]
    assert got == ["Mrs. Hudson", "Mary's Mother", "Mary", "Mary's Mother", "Mary", "Mary's Mother"]
    assert [(c.name, c.gender) for c in result.described] == [("Mary's Mother", "female")]
    # a casting file written from that run lists her: her lines stay hers
    listed = attribute(text, segs, roster + result.described, from_cast=True)
    assert [listed.by_segment[i].speaker for i in sorted(listed.by_segment)] == got
    assert listed.described == []
    # ... under the list's own spelling too
    spelled = attribute(text, segs, roster + [Character("Mary'S mother", [], "female")], from_cast=True)
    assert [spelled.by_segment[i].speaker for i in sorted(spelled.by_segment)][1] == "Mary'S mother"
    # a casting file that leaves her out names who speaks: she is one of its women
    unlisted = attribute(text, segs, roster, from_cast=True)
    assert unlisted.described == []
    assert {unlisted.by_segment[i].speaker for i in sorted(unlisted.by_segment)} <= {c.name for c in roster}


def test_a_relative_who_may_be_someone_named_is_not_cast():
    roster = [Character("Mary", [], "female"), Character("Ann", [], "female")]
    text = ('Mary came home late. Ann was waiting at the door.\n\n'
            '"Where were you?" asked her mother.\n\n"At the library," said Mary.\n')
    got, result = speakers(text, roster)
    assert result.described == []


def test_a_description_shown_to_be_someone_else_is_cast_though_others_are_present():
    # The Invisible Man: the stranger talks with Henfrey and Hall, who are named all around him
    roster = [Character("Mr. Henfrey", [], "male"), Character("Hall", [], "male")]
    text = ('Hall and Mr. Henfrey came into the parlour.\n\n'
            'Mr. Henfrey looked up at the stranger and then down at the clock.\n\n'
            '"Certainly," said the stranger. "I like to be alone."\n\n'
            '"Was you hurt, sir?" said Hall.\n\n'
            '"Not a bit," said the stranger.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["The Stranger", "The Stranger", "Hall", "The Stranger"]
    assert [c.name for c in result.described] == ["The Stranger"]


def test_a_description_the_cast_lists_without_its_article_is_that_character():
    # a PDNC-style list names "Italian Lady"; the book says "said the Italian lady"
    roster = [Character("Lucy", [], "female"), Character("Mr. Emerson", [], "male"),
              Character("Italian Lady", [], "female")]
    text = ('Lucy knelt by the child.\n\n'
            '"You are a clever woman," said Mr. Emerson.\n\n'
            '"Niente," said the Italian lady.\n\n'
            '"I am not sure she understands English," said Lucy.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["Mr. Emerson", "Italian Lady", "Lucy"]
    assert result.described == []


def test_a_description_whose_name_the_conversation_soon_gives_is_not_cast():
    # Daisy Miller: "the boy" is Randolph, named by a tag two turns later; "the boy went on"
    # after Randolph's line is Randolph going on, not somebody answering him
    roster = [Character("Winterbourne", [], "male"), Character("Randolph", [], "male")]
    text = ('Winterbourne sat in the garden.\n\n'
            '"You are an American boy?" asked Winterbourne.\n\n'
            '"Yes, sir," said the boy. "And you?"\n\n'
            '"I am an American man," said Winterbourne.\n\n'
            '"I bought it!" responded Randolph.\n\n'
            '"Her name is Daisy," the boy went on.\n')
    got, result = speakers(text, roster)
    assert result.described == []


def test_a_name_in_apposition_is_the_description_not_somebody_else():
    # "Mr. Emerson, the old man, ...": one person, so "said the old man" may still be him
    roster = [Character("Mr. Emerson", [], "male"), Character("Lucy", [], "female")]
    text = ('Mr. Emerson, the old man, sat down by Lucy.\n\n'
            '"I have a view," said the old man.\n\n'
            '"Have you?" said Lucy.\n')
    got, result = speakers(text, roster)
    assert result.described == [] and got[0][1] == "Mr. Emerson"


def test_who_the_chapter_before_named_is_nobody_near():
    # Oliver Twist: the young gentleman who opens chapter VIII is not Mr. Bumble of chapter II
    roster = [Character("Mr. Bumble", [], "male"), Character("Oliver", [], "male")]
    first = '"Not a drop," said Mr. Bumble.\n\n'
    text = first + ('It was a cold morning on the London road.\n\n'
                    '"Hullo, my covey!" said the young gentleman to Oliver.\n\n'
                    '"I am very hungry," replied Oliver.\n\n'
                    '"Walking for sivin days!" said the young gentleman.\n')
    segs = split_chapter(text, Chapter(1, "II", 0, len(first))) \
        + split_chapter(text, Chapter(2, "VIII", len(first), len(text)))
    result = attribute(text, segs, roster)
    assert [c.name for c in result.described] == ["The Young Gentleman"]
    assert [result.by_segment[i].speaker for i in sorted(result.by_segment)][-1] == "The Young Gentleman"


def test_a_name_in_apposition_to_a_description_speaks_its_tags():
    # Moby-Dick: "The landlord, Peter Coffin, met me": 'said the landlord' is Coffin, a man
    roster = [Character("Coffin", [], None), Character("Ahab", [], "male")]
    text = ('Chapter 1\n\nAhab stood on deck.\n\nChapter 3\n\n'
            'The landlord, Peter Coffin, met me at the door.\n\n'
            '"You want a bed?" said the landlord.\n\n'
            '"Yes," said I.\n\n'
            '"No room," he replied.\n')
    got, result = speakers(text, roster)
    assert result.described == []
    assert [s for _, s in got][0] == "Coffin" and got[-1][1] == "Coffin"


def test_a_relation_tag_belongs_to_the_one_the_quotation_addresses():
    text = ('Berry Pell and Mrs. Pell lived by the big house; their boy, Joe Hart, had grown up there.\n\n'
            '"Berry," said his wife one evening, "Joe wants to go."\n')
    roster = [Character("Berry Pell", ["Berry"], "male"), Character("Mrs. Pell", [], "female"),
              Character("Joe Hart", ["Joe"], "male")]
    segs = split_chapter(text, Chapter(1, "One", 0, len(text)))
    units, ctx = prepare(text, segs, roster, from_cast=True)
    # "his" is Berry, whom she addresses, not Joe, the man named last
    assert relation_referent(units[0], ctx) == "Mrs. Pell"


def test_a_describer_brought_in_with_an_indefinite_article_is_somebody_new():
    # Tom is near and male, but "A boy on the far bank" is somebody new; "Tom was a boy" would be Tom
    roster = [Character("Tom", [], "male"), Character("Mrs. Hale", [], "female")]
    text = ('Tom reached the river at dusk. Mrs. Hale sat in the ferry.\n\n'
            '"Can you take me across?" asked Tom.\n\n"Sit down," said Mrs. Hale.\n\n'
            'The boat moved out. A boy on the far bank waved to them.\n\n'
            '"Grandmother!" cried the boy. "Supper is ready!"\n\n"Coming," said Mrs. Hale.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["Tom", "Mrs. Hale", "The Boy", "The Boy", "Mrs. Hale"]
    predicate = text.replace("A boy on the far bank waved", "Tom was a boy of twelve and waved")
    got, result = speakers(predicate, roster)
    assert [s for _, s in got][2] == "Tom" and not result.described


def test_an_ungendered_describer_brought_in_as_somebody_new_is_a_character_of_its_own():
    roster = [Character("Clara", [], "female")]
    text = ('Clara dropped into the orchard.\n\nAn old gardener came out from behind the shed.\n\n'
            '"Only me," said Clara. "I was looking for my ball."\n\n'
            '"Your ball," said the gardener, "is in my cabbages."\n\n"Oh dear," said Clara.\n\n'
            '"And stay out," said the gardener.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["Clara", "Clara", "The Gardener", "The Gardener", "Clara", "The Gardener"]
    assert [(c.name, c.gender) for c in result.described] == [("The Gardener", None)]
    # never brought in: "the gardener" is one of the people the book names
    got, result = speakers(text.replace("An old gardener came out", "Nobody came out"), roster)
    assert not result.described


def test_an_ungendered_describer_brought_in_once_keeps_its_later_tags_far_from_its_entrance():
    # "An old gardener" brings him in; his tags after a long passage are his all the same
    roster = [Character("Mary", [], "female")]
    filler = " ".join(["The afternoon went on slowly, and the bees hummed over the lavender."] * 50)
    text = ('Mary walked down the path. An old gardener came out of the shed with a rake.\n\n'
            '"Good morning, miss," said the gardener.\n\n"Good morning," said Mary.\n\n' + filler + '\n\n'
            '"It is shut now, miss," said the gardener.\n\n"Then I shall wait," said Mary.\n')
    got, result = speakers(text, roster)
    assert [s for _, s in got] == ["The Gardener", "Mary", "The Gardener", "Mary"]
    assert [c.name for c in result.described] == ["The Gardener"]
