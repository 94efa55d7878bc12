"""Roster: names found in text, family-name trap, alias merging, cast wins."""
from audiobook.characters import build_roster, discover_characters, name_index
from audiobook.model import Cast, CastMember, Character, VoiceProfile

FAMILY = (
    'Mr. Bennet came in. "Good day," said Mr. Bennet. He sat down.\n\n'
    'Mrs. Bennet looked up. "Oh!" said Mrs. Bennet. She smiled.\n\n'
    'Jane Bennet laughed. "Papa," said Jane Bennet. She was pleased.\n\n'
    'Then Jane went out, and Mr. Bennet read, and Mrs. Bennet sewed. Jane sang.\n'
)


def by_name(chars):
    return {c.name: c for c in chars}


def test_family_name_trap_keeps_three_people_with_genders():
    chars = by_name(discover_characters(FAMILY))
    assert {"Mr. Bennet", "Mrs. Bennet"} <= set(chars)
    jane = [c for c in chars.values() if c.name in ("Jane", "Jane Bennet")]
    assert len(jane) == 1
    assert set([jane[0].name, *jane[0].aliases]) == {"Jane", "Jane Bennet"}
    assert chars["Mr. Bennet"].gender == "male"
    assert chars["Mrs. Bennet"].gender == "female"
    assert jane[0].gender == "female"
    assert "Mrs. Bennet" not in chars["Mr. Bennet"].aliases


def test_sentence_start_words_are_not_characters():
    chars = by_name(discover_characters(FAMILY))
    assert "Then" not in chars and "Good" not in chars and "Oh" not in chars


def test_title_and_full_name_merge_into_one_character():
    text = ('Sherlock Holmes spoke. "Come," said Holmes. "Quick," said Mr. Holmes. '
            'Mr. Sherlock Holmes was there. Holmes ran. "Go," said Holmes.\n')
    chars = discover_characters(text)
    holmes = [c for c in chars if "Holmes" in c.name]
    assert len(holmes) == 1
    assert {"Sherlock Holmes", "Holmes", "Mr. Holmes"} <= {holmes[0].name, *holmes[0].aliases}


def test_described_characters_are_found():
    text = 'the Hatter said so. "No," said the Hatter. The Hatter sighed. the Hatter went on.\n'
    assert "The Hatter" in by_name(discover_characters(text))


def test_cast_roster_wins_and_new_strong_names_may_be_added():
    voice = VoiceProfile()
    cast = Cast(narrator=voice, characters={
        "Lizzy": CastMember(name="Lizzy", profile=voice, aliases=["Elizabeth"], gender="female")})
    text = ("Elizabeth smiled. " * 3) + ('"Hello," said Wickham. Wickham bowed. ' * 8)
    roster = by_name(build_roster(text, cast))
    assert roster["Lizzy"].aliases == ["Elizabeth"] and roster["Lizzy"].gender == "female"
    assert "Elizabeth" not in roster  # covered by the cast's alias, not added twice
    assert "Wickham" in roster


def test_name_index_short_forms_and_mentions():
    idx = name_index([Character("Mr. Darcy", ["Fitzwilliam Darcy"], "male"),
                      Character("Elizabeth", ["Lizzy"], "female")])
    text = 'Darcy bowed to Lizzy; Mr. Darcy left.'
    found = [(text[a:b], sorted(n)) for a, b, n in idx.mentions(text)]
    assert found == [("Darcy", ["Mr. Darcy"]), ("Lizzy", ["Elizabeth"]), ("Mr. Darcy", ["Mr. Darcy"])]


def test_bare_surname_of_a_family_names_its_one_man_and_shadow_entries_yield():
    roster = [Character("Josiah Crump", ["Mr. Crump"], "male"),
              Character("Ada Crump", ["Mrs. Crump", "Ada"], "female"),
              Character("Crump", [], None),
              Character("Mr. Ned Hollis", ["Mr. Hollis"], "male"),
              Character("Hollis", [], None)]
    idx = name_index(roster)
    assert idx.lookup("Crump") == {"Josiah Crump"}
    assert idx.lookup("Mrs. Crump") == {"Ada Crump"}
    assert idx.lookup("Hollis") == {"Mr. Ned Hollis"}


def test_a_description_listed_as_a_name_lends_no_surname_or_first_name():
    # "Grey, Stooping Man" and "One-Eyed Man" are descriptions: "Grey" and "Man"
    # are not their names, so "Grey" means the man also listed as "Ezra Grey"
    # (the bare "Grey" entry yields to him)
    roster = [Character("One-Eyed Man", ["Ezra Grey"], "male"),
              Character("Grey", [], None),
              Character("A Grey, Stooping Man", ["Grey, Stooping Man", "Carter"], "male"),
              Character("A Stout, Red-Faced Woman", ["Mrs. Pike"], "female")]
    idx = name_index(roster)
    assert idx.lookup("Grey") == {"One-Eyed Man"}
    assert idx.lookup("Ezra Grey") == {"One-Eyed Man"}
    assert idx.lookup("Carter") == {"A Grey, Stooping Man"}
    assert idx.lookup("Man") == set() and idx.lookup("Stooping") == set() and idx.lookup("Woman") == set()


def test_father_named_beside_the_son_stays_apart_and_described_animals_count():
    text = ("George Emerson came in. " + "Then old Mr. Emerson smiled, and George Emerson frowned; George sat. " * 3
            + "\"No,\" said Mr. Emerson. \"Yes,\" said George. "
            + "A mouse ran off. The mouse ate. " + "\"Hush!\" said the Mouse. The Mouse sat down. " * 3)
    chars = {c.name: c for c in discover_characters(text)}
    assert "Mr. Emerson" in chars and "Mr. Emerson" not in chars.get("George", chars.get("George Emerson")).aliases
    assert "The Mouse" in chars


def test_mrs_with_a_husbands_first_name_is_the_wife():
    text = ("John Knightley came. " * 3 + "Mrs. John Knightley smiled, and she sat. " * 3
            + "\"Well,\" said John. \"Yes,\" said Mrs. John Knightley.")
    chars = {c.name: c for c in discover_characters(text)}
    john = next(c for c in chars.values() if "John Knightley" in [c.name, *c.aliases])
    assert "Mrs. John Knightley" not in [john.name, *john.aliases]


def test_a_first_name_joins_a_full_name_written_only_with_a_title():
    text = ("In 1850, Mr. Harold Bell came to Ashby with his daughter Lucy.\n\n"
            "\"A fine place,\" said Mr. Bell.\n\n\"Too quiet,\" said Lucy.\n\n"
            "Harold laughed. \"You will get used to it,\" said Harold.\n\n\"Good evening,\" said Mr. Bell.\n")
    bell = [c for c in discover_characters(text) if "Harold" in [c.name, *c.aliases]]
    assert len(bell) == 1 and {"Mr. Bell", "Harold", "Mr. Harold Bell"} <= {bell[0].name, *bell[0].aliases}


def test_a_wifes_titled_full_name_lends_her_husbands_first_name_nothing():
    text = ("Mrs. John Dashwood smiled, and she sat. " * 3 + "\"Well,\" said John. \"Yes,\" said John. "
            + "\"No,\" said Mrs. John Dashwood.")
    chars = discover_characters(text)
    assert not any({"John", "Mrs. John Dashwood"} <= {c.name, *c.aliases} for c in chars)


def test_a_month_opening_a_described_name_is_kept():
    text = ("It was tea time. " + "\"More tea,\" said the March Hare. The March Hare yawned. " * 3
            + "In March the rain came.")
    names = [c.name for c in discover_characters(text)]
    assert "The March Hare" in names and "March" not in names


def test_cousin_is_a_relatives_title():
    text = ("Then Charlotte Bartlett came, and she sat. " * 3 + "\"Yes,\" said Cousin Charlotte. " * 2)
    chars = discover_characters(text)
    assert "Cousin Charlotte" in _group_of(chars, "Charlotte Bartlett").aliases


def test_two_forms_whose_tags_answer_each_other_are_two_people():
    # Sense and Sensibility: "Miss Steele" (Nancy, the elder) talks with Lucy Steele, so she is not Lucy;
    # in Emma "Miss Woodhouse" and Emma never answer each other, so they stay one
    talk = ("Then Lucy Steele came, and she sat. " * 2
            + "\"We came,\" said Miss Steele.\n\n\"We did,\" said Lucy.\n\nThe tea was cold.\n\n" * 2)
    chars = discover_characters(talk)
    assert _group_of(chars, "Miss Steele") is not _group_of(chars, "Lucy Steele")
    alone = ("Then Lucy Steele came, and she sat. " * 2
             + "\"We came,\" said Miss Steele.\n\nThe tea was cold, and nobody spoke for an hour or more; "
             "the clock ticked on the mantelpiece and the fire burnt low in the grate. " * 3 + "Lucy sighed. " * 2)
    chars = discover_characters(alone)
    assert _group_of(chars, "Miss Steele") is _group_of(chars, "Lucy Steele")
    # a vocative before another's tag ('"Lucy," said Nancy') names no tag's subject
    vocative = ("Then Lucy Steele came, and she sat. " * 2
                + "\"We came,\" said Miss Steele.\n\n\"Lucy,\" said Elinor, \"sit.\"\n\nThe tea was cold.\n\n" * 2)
    chars = discover_characters(vocative)
    assert _group_of(chars, "Miss Steele") is _group_of(chars, "Lucy Steele")


def test_a_ranks_surname_is_not_another_mans_first_name():
    # P&P: "Fitzwilliam" is Colonel Fitzwilliam's surname; "Fitzwilliam Darcy" is Mr. Darcy
    text = ("Then Colonel Fitzwilliam came, and he bowed. " * 3 + "They said that Fitzwilliam was kind. " * 3
            + "Then Fitzwilliam Darcy came, and he sat. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Colonel Fitzwilliam") is not _group_of(chars, "Fitzwilliam Darcy")
    assert "Fitzwilliam" in _group_of(chars, "Colonel Fitzwilliam").aliases


def test_two_pet_names_of_one_name_are_one_character():
    # no "Samuel" in the book: his father's "Sammy" is the one "Sam"
    text = ("Then Sam Weller came, and he sat. " * 2 + "Then Sam smiled, and he sat. " * 3
            + "\"Vell, Sammy,\" said his father. " * 6)
    chars = discover_characters(text)
    assert _group_of(chars, "Sammy") is _group_of(chars, "Sam Weller")


def test_mistress_is_a_womans_title():
    text = ("Then Mary came, and she sat. " * 3 + "\"No,\" said Mistress Mary. " * 2)
    chars = discover_characters(text)
    assert "Mistress Mary" in _group_of(chars, "Mary").aliases and _group_of(chars, "Mary").gender == "female"


def test_a_man_and_a_woman_never_become_one_character():
    # through the bare "Morstan", Captain Morstan (the father) had joined Miss Morstan
    text = ("Then Miss Morstan came, and she sat. " * 6 + "Then Captain Morstan came, and he sat. " * 3
            + "They said that Morstan was dead. " * 2)
    chars = discover_characters(text)
    assert _group_of(chars, "Miss Morstan") is not _group_of(chars, "Captain Morstan")


def test_a_street_is_no_character():
    text = ("Then Pinchin Lane was quiet. " * 3 + "We drove to Pinchin Lane, and Toby barked. "
            + "Then Baker Street was quiet. " * 3 + "\"Come,\" said Holmes. " * 3)
    names = [c.name for c in discover_characters(text)]
    assert "Holmes" in names and "Pinchin Lane" not in names and "Baker Street" not in names


def test_a_titled_month_is_a_name():
    # Little Women's "Mrs. March" and "Mr. March"; the month itself is no one
    text = ("Then Mrs. March came in, and she smiled. " * 3 + "\"Well,\" said Mr. March. " * 3
            + "In March the snow melted.")
    names = [c.name for c in discover_characters(text)]
    assert "Mrs. March" in names and "Mr. March" in names and "March" not in names


def test_a_word_opening_dash_dialogue_is_a_sentence_start_not_a_name():
    text = ("The door opened.\n\n\u2014Where have you been? asked Mary.\n\n"
            "\u2014Out, said John. I went to the market.\n\n\u2014Later, said John.\n\n"
            "\u2014You are late, said Mary.\n")
    assert set(by_name(discover_characters(text))) == {"Mary", "John"}


def test_gender_from_pronouns_is_weighed_against_the_books_own_mix():
    # a book about a girl: "she" follows every name, so a name followed by "he" half the time is a man
    text = ("Wenna walked and she sang. " * 12
            + "Wenna met Tobin, and she smiled. " * 3 + "Tobin nodded, and he left. " * 3
            + "\"Hello,\" said Tobin. \"Hi,\" said Wenna.")
    chars = by_name(discover_characters(text))
    assert chars["Wenna"].gender == "female"
    assert chars["Tobin"].gender == "male"


def _group_of(chars, form):
    return next(c for c in chars if form in [c.name, *c.aliases])


def test_miss_and_surname_is_the_one_woman_named_in_full_but_a_married_title_is_not():
    text = ("Then Emma smiled, and she sat. " * 4 + "Emma Woodhouse was rich. " * 2
            + "\"Yes,\" said Miss Woodhouse. Miss Woodhouse laughed. " * 3
            + "\"No,\" said Mr. Woodhouse. Mr. Woodhouse sighed. " * 3
            + "Charlotte Lucas came, and she sat. " * 3 + "\"Dear,\" said Lady Lucas. Lady Lucas sat. " * 3)
    chars = discover_characters(text)
    emma = _group_of(chars, "Emma")
    assert {"Emma Woodhouse", "Miss Woodhouse"} <= {emma.name, *emma.aliases}
    assert "Mr. Woodhouse" not in emma.aliases
    assert "Lady Lucas" not in _group_of(chars, "Charlotte Lucas").aliases


def test_bare_surname_of_a_brother_and_sister_is_the_man_and_title_with_first_name_joins():
    text = ("\"Come,\" said Mr. Bingley. Mr. Bingley was there. " * 4
            + "\"Go,\" said Miss Bingley. Miss Bingley smiled. " * 3 + "Then Bingley smiled, and he was gay. " * 3
            + "\"Oh,\" said Lydia. Lydia ran, and she laughed. " * 3 + "\"Ah,\" said Miss Lydia. ")
    chars = discover_characters(text)
    assert "Bingley" in _group_of(chars, "Mr. Bingley").aliases
    assert "Miss Lydia" in [*_group_of(chars, "Lydia").aliases, _group_of(chars, "Lydia").name]


def test_a_family_named_in_the_plural_is_not_a_character():
    text = ("\"Come,\" said Mr. Cole. Mr. Cole was there. " * 3
            + "Emma dined with the Coles, and she smiled. " * 4)
    names = {c.name for c in discover_characters(text)}
    assert "Mr. Cole" in names and "The Coles" not in names


def test_a_pet_name_joins_its_formal_name_unless_it_has_a_full_name_of_its_own():
    text = ("Then Elizabeth Bennet came, and she smiled. " * 3 + "\"Lizzy!\" cried Jane. Then Lizzy laughed. " * 3
            + "Then Thomas Gradgrind spoke, and he frowned. " * 3 + "Then Tom Gradgrind smiled, and he left. " * 3
            + "\"Yes,\" said Tom. \"No,\" said Thomas. " * 2)
    chars = discover_characters(text)
    assert "Lizzy" in _group_of(chars, "Elizabeth Bennet").aliases + [_group_of(chars, "Elizabeth Bennet").name]
    assert _group_of(chars, "Tom Gradgrind") is not _group_of(chars, "Thomas Gradgrind")


def test_a_creature_the_book_calls_it_gets_no_gender():
    text = ("\"Who are you?\" said the Caterpillar. The Caterpillar smoked, and it yawned. " * 3
            + "Then Alice sat, and she sighed. " * 4)
    chars = by_name(discover_characters(text))
    assert chars["The Caterpillar"].gender is None and chars["Alice"].gender == "female"


def test_a_described_title_keeps_its_gender_and_variants_pool_their_pronouns():
    text = ("\"Off!\" said the Duchess. The Duchess sat. " * 3
            + "\"Late!\" said the White Rabbit, and it ran. " * 2 + "\"Oh!\" said the Rabbit, and she wept. "
            + "Then the Rabbit hopped, and it hid. " * 2)
    chars = by_name(discover_characters(text))
    assert chars["The Duchess"].gender == "female"
    rabbit = next(c for c in chars.values() if "Rabbit" in c.name)
    assert rabbit.gender is None


def test_mr_and_surname_is_the_one_man_of_the_family_and_a_servants_mr_and_first_name_joins():
    text = ("Then Josiah Crump came, and he sat. " * 3 + "Then Ada Crump came, and she sat. " * 3
            + "\"Well,\" said Mr. Crump. Mr. Crump sat. " * 3
            + "Then Lawrence Dane came, and he sat. " * 3 + "\"Sir,\" said Dorcas to Mr. Lawrence. " * 2)
    chars = discover_characters(text)
    assert "Mr. Crump" in [*_group_of(chars, "Josiah Crump").aliases, _group_of(chars, "Josiah Crump").name]
    assert "Mr. Crump" not in _group_of(chars, "Ada Crump").aliases
    assert "Mr. Lawrence" in [*_group_of(chars, "Lawrence Dane").aliases, _group_of(chars, "Lawrence Dane").name]


def test_a_name_cried_twice_is_not_a_full_name():
    text = "\"Oh,\" said Lucy. Then Lucy sat, and she wept. " * 3 + "They called Lucy Lucy again. " * 3
    assert [c.name for c in discover_characters(text)] == ["Lucy"]
    assert discover_characters(text)[0].aliases == []


def test_many_pronouns_leaning_off_the_books_mix_decide_a_gender():
    # 22 "he" against 12 "she" after Cedric, in a book evenly mixed: a man
    text = ("Then Wenna came, and she sat. " * 40 + "Then Bob came, and he sat. " * 30
            + "Then Cedric came, and he sat. " * 22 + "Then Cedric came, and she sat. " * 12)
    assert by_name(discover_characters(text))["Cedric"].gender == "male"


def test_a_number_in_a_speech_tag_is_a_speaker_but_not_elsewhere():
    text = ("\"Look out!\" said Two. \"Not I,\" said Five. Then Alice sat, and she smiled. " * 2
            + "\"Right,\" said Two. Two cards fell. There were five of them, and five more.")
    names = {c.name for c in discover_characters(text)}
    assert {"Two", "Five"} <= names and "Ten" not in names


def test_a_listed_young_alias_names_the_son_before_the_fathers_full_name():
    idx = name_index([Character("Thomas Gradgrind", [], "male"), Character("Young Thomas", ["Young Tom"], "male")])
    text = "said the unnatural young Thomas Gradgrind. Thomas Gradgrind sat."
    assert [(text[a:b], sorted(n)) for a, b, n in idx.mentions(text)] == \
        [("young Thomas", ["Young Thomas"]), ("Thomas Gradgrind", ["Thomas Gradgrind"])]


def test_a_bare_surname_followed_by_she_is_the_woman_of_the_family_not_its_man():
    text = ("\"Come,\" said Signor Marlo. Signor Marlo bowed, and he left. " * 3
            + "Then Tessy Marlo came, and she sat. " * 3 + "\"Yes,\" said Tessy. " * 2
            + "Then Marlo nodded, and she smiled. " * 4)
    chars = discover_characters(text)
    tessy = _group_of(chars, "Tessy Marlo")
    assert "Marlo" in [tessy.name, *tessy.aliases]
    assert _group_of(chars, "Signor Marlo").gender == "male"
    assert "Marlo" not in _group_of(chars, "Signor Marlo").aliases


def test_a_well_known_country_talked_of_like_a_person_is_no_character():
    text = ("Then Italy was warm, and Tessy loved it. " * 4 + "\"Yes,\" said Tessy. Tessy smiled, and she sat. " * 3
            + "She went to Italy. " * 2)
    names = {c.name for c in discover_characters(text)}
    assert "Tessy" in names and "Italy" not in names


def test_a_bare_surname_names_the_man_who_dwarfs_the_family_s_other_men():
    text = ("\"Come,\" said Mr. Tarrant. Mr. Tarrant was there. " * 6
            + "\"Go,\" said Mrs. Tarrant. Mrs. Tarrant smiled. " * 8
            + "Then Captain Tarrant came, and he left. " + "Then Tarrant smiled. " * 3)
    assert "Tarrant" in _group_of(discover_characters(text), "Mr. Tarrant").aliases


def test_a_titled_person_acting_beside_a_quotation_is_found_though_named_once():
    text = ('Holmes sat by the fire. "Come in," said Holmes.\n\n'
            'Mrs. Hudson brought the tea. "Shall I light the lamp, sir?" she asked.\n\n'
            '"Mr. Pringle wrote," said Holmes. "Dr. Ames sent word too."\n\n'
            'He thought of Colonel Burke and the letter.\n')
    names = {c.name for c in discover_characters(text)}
    assert "Mrs. Hudson" in names
    # named only inside a quotation, or not in a paragraph of dialogue: no evidence of a speaker
    assert not names & {"Mr. Pringle", "Dr. Ames", "Colonel Burke"}


def test_names_with_accented_letters_are_whole_names():
    from audiobook.characters import norm
    text = ('Émile came in where Zoë sat. "You are late," said Zoë.\n\n'
            '"The train," said Émile. Ángel laughed. "You two!" said Ángel.\n')
    names = {c.name for c in discover_characters(text)}
    assert {"Émile", "Zoë", "Ángel"} <= names
    assert norm("Zoë Ñúñez") == "zoë ñúñez"
    idx = name_index([Character("Émile", [], "male")])
    assert [(text[a:b], n) for a, b, n in idx.mentions(text)][:1] == [("Émile", {"Émile"})]


def test_a_name_after_a_closing_quote_is_mid_sentence():
    # Jake and Mom are only ever named after a quotation or at a sentence start
    text = ('Chapter 1\n\nMom is reading on the couch.\n\n"You\'re late," says Dad.\n\n'
            '"There\'s no traffic on a Tuesday," Mom says.\n\nJake comes down the stairs.\n\n'
            '"I didn\'t do anything," Jake says.\n')
    assert {"Mom", "Jake", "Dad"} <= {c.name for c in discover_characters(text)}


def test_a_name_with_an_apostrophe_is_one_name():
    from audiobook.characters import norm
    text = ("Mr Darcy met O'Brien at the door. D'Artagnan followed.\n\n"
            '"It is," said O\'Brien.\n\n"For all of us," said D\'Artagnan.\n')
    names = {c.name for c in discover_characters(text)}
    assert {"O'Brien", "D'Artagnan"} <= names
    assert norm("O'Brien") == "o'brien" and norm("Darcy\u2019s") == "darcy" and norm("Mary's Mother") == "mary mother"


def test_a_name_seen_only_beside_less_common_speech_verbs_is_a_character():
    text = ('Chapter 1\n\nTom and Ann sat on the porch.\n\n"Hot enough?" drawled Tom.\n\n'
            '"Hotter," Ann teased.\n\nTom whined, "I\'m not melting."\n')
    assert {"Tom", "Ann"} <= {c.name for c in discover_characters(text)}


def test_a_name_whose_tag_verb_follows_an_aside_is_a_speaker():
    text = ('Chapter 1\n\nAlice sat by the fire.\n\n"It is late," said Alice.\n\n'
            'Mr. Bounderby, who had been silent all evening, said, "I am a self-made man."\n\n'
            '"Indeed," said Alice.\n\nHe went to London, and from London, after a week there, '
            'he said nothing more.\n')
    names = {c.name for c in discover_characters(text)}
    assert "Mr. Bounderby" in names and "London" not in names


def test_a_name_with_a_lower_case_particle_is_one_name():
    from audiobook.characters import norm
    assert norm("Mr. van der Luyden") == "mr van-der-luyden" and norm("Lady de Winter") == "lady de-winter"
    text = ('Chapter 1\n\nDr. van Helsing and Lady de Winter stood by the fire.\n\n'
            '"The count will come tonight," said Dr. van Helsing.\n\n"Then we must be ready," said Lady de Winter.\n\n'
            '"We must," said van Helsing.\n')
    found = {c.name: c for c in discover_characters(text)}
    assert {"Dr. van Helsing", "Lady de Winter"} <= set(found)
    idx = name_index(list(found.values()))
    assert [names for _, _, names in idx.mentions(text)][-1] == {"Dr. van Helsing"}   # "van Helsing" alone


def test_a_ranked_first_name_joins_its_full_titled_name_and_a_pet_name_only_ever_spoken():
    # "Lord Henry" is "Lord Henry Wotton"; his friends call him "Harry", the narration never does
    text = ("Lord Henry Wotton lay on the divan. " * 2 + "Then Lord Henry smiled, and he smoked. " * 4
            + "\"You are vain, Harry,\" said Basil. Basil frowned. " * 5 + "\"No,\" said Lord Henry. " * 2)
    chars = discover_characters(text)
    henry = _group_of(chars, "Lord Henry")
    assert {"Lord Henry Wotton", "Harry"} <= {henry.name, *henry.aliases}


def test_a_pet_name_the_narration_uses_is_not_the_ranked_one():
    # P&P: "Kitty" is Catherine Bennet, whom the narration names; never Lady Catherine
    text = ("Then Lady Catherine spoke, and she frowned. " * 4 + "Then Kitty coughed, and she wept. " * 3
            + "\"Don't, Kitty!\" said Jane. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Kitty") is not _group_of(chars, "Lady Catherine")


def test_a_married_title_with_first_name_or_surname_joins_the_one_full_titled_name():
    # Anne of Green Gables: "Mrs. Rachel Lynde", "Mrs. Rachel" and "Mrs. Lynde" are one woman
    text = ("Mrs. Rachel Lynde lived in the hollow, and she watched the road. " * 2
            + "\"Well,\" said Mrs. Rachel. Then Mrs. Rachel sat, and she knitted. " * 3
            + "\"No,\" said Mrs. Lynde. Then Mrs. Lynde rose, and she left. " * 3
            + "\"Yes,\" said Marilla. Then Marilla smiled, and she sighed. " * 3)
    chars = discover_characters(text)
    rachel = _group_of(chars, "Mrs. Rachel Lynde")
    assert {"Mrs. Rachel", "Mrs. Lynde"} <= {rachel.name, *rachel.aliases}
    assert _group_of(chars, "Marilla") is not rachel


def test_a_saint_is_no_title_of_a_first_name():
    text = ("Then James Harthouse came, and he smiled. " * 3 + "He walked down St. James's Street. " * 3)
    chars = discover_characters(text)
    assert "St. James" not in _group_of(chars, "James Harthouse").aliases


def test_a_name_run_ends_at_a_possessive_or_a_double_hyphen():
    # "Mrs. Sparsit's\nCoriolanian nose", "Mrs.\nJeffereys--Clara Partridge, that was"
    from audiobook.characters import _CAP_RUN
    runs = [m.group(1) for m in _CAP_RUN.finditer("Mrs. Sparsit's\nCoriolanian nose and Mrs.\nJeffereys--Clara Partridge")]
    assert runs == ["Mrs. Sparsit's", "Coriolanian", "Mrs.\nJeffereys", "Clara Partridge"]
    assert [m.group(1) for m in _CAP_RUN.finditer("Mary-Jane O'Brien met D'Artagnan")] == ["Mary-Jane O'Brien", "D'Artagnan"]


def test_the_rank_alone_is_the_one_who_holds_it():
    # "the Colonel" is Colonel Brandon; with two captains, "the Captain" is neither
    text = ("Then Colonel Brandon came, and he bowed. " * 3 + "\"Yes,\" said the Colonel. " * 3
            + "Then Captain Harville came, and he sat. " * 3 + "Then Captain Benwick came, and he read. " * 3
            + "\"No,\" said the Captain. " * 3)
    chars = discover_characters(text)
    brandon = _group_of(chars, "Colonel Brandon")
    assert "The Colonel" in brandon.aliases
    assert _group_of(chars, "Captain Harville") is not _group_of(chars, "Captain Benwick")
    assert not any("The Captain" in c.aliases for c in chars)


def test_a_relatives_title_with_a_surname_is_the_one_who_bears_it():
    # Joe's "Uncle Pumblechook" is Mr. Pumblechook; in a family of Carrows "Aunt Carrow" may not be Mrs. Carrow (Little Women's Aunt March)
    text = ("Then Mr. Pumblechook came, and he sat. " * 3 + "\"Yes,\" said Uncle Pumblechook. " * 3)
    chars = discover_characters(text)
    assert "Uncle Pumblechook" in _group_of(chars, "Mr. Pumblechook").aliases
    text = ("Then Mrs. Carrow came, and she sat. " * 3 + "\"Yes,\" said Aunt Carrow. " * 3
            + "Then Meg Carrow came, and she sat. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Mrs. Carrow") is not _group_of(chars, "Aunt Carrow")


def test_a_given_name_the_hand_lists_lack_takes_its_sex_from_the_census_lists():
    from audiobook.characters import given_name_gender, roster_from_cast
    from audiobook.model import Cast, CastMember, VoiceProfile
    assert given_name_gender("edna") == "female" and given_name_gender("basil") == "male"
    assert given_name_gender("adèle") == "female" and given_name_gender("zzyzx") is None
    # only the last resort: pronouns still decide, and a casting file's bare "Darcy" stays unknown
    text = "Then Edna came, and he smiled. " * 4 + "\"Hi,\" said Becky. " * 3
    chars = by_name(discover_characters(text))
    assert chars["Edna"].gender == "male" and chars["Becky"].gender == "female"
    cast = Cast(VoiceProfile(), {n: CastMember(n, VoiceProfile()) for n in ("Edna Pontellier", "Darcy")})
    assert [c.gender for c in roster_from_cast(cast)] == ["female", None]


def test_a_day_or_month_that_speaks_is_a_character_and_the_calendar_is_not():
    # The Man Who Was Thursday's "Sunday"; The Age of Innocence's "May"
    text = ("\"Comrades,\" said Sunday. " * 3 + "\"You are late,\" said May, smiling. " * 3
            + "In May the club is full. \"May I go?\" Last Sunday morning it rained. ")
    names = {c.name for c in discover_characters(text)}
    assert {"Sunday", "May"} <= names
    idx = name_index([Character("May Welland", ["May"], "female")])
    found = [text[a:b] for a, b, _ in idx.mentions(text)]
    assert found == ["May"] * 3  # not "In May", "May I", "Last Sunday"


def test_a_given_name_that_only_opens_sentences_is_found():
    text = "Anna and Vronsky stood there. \"Wrong?\" Anna turned to him. \"Where?\" Anna laughed. " \
           "\"To Italy,\" said Vronsky, and Vronsky smiled. \"Friday or Saturday,\" said Vronsky. " * 2
    names = {c.name for c in discover_characters(text)}
    assert "Anna" in names and "Saturday" not in names


def test_miss_and_a_surname_is_no_lady_of_the_family():
    # P&P: "Miss de Bourgh" is Lady Catherine's daughter; "Miss Woodhouse" is still Emma Woodhouse
    text = ("Then Lady Catherine de Bourgh came, and she frowned. " * 3 + "\"Come,\" said Miss de Bourgh. " * 3
            + "Then Emma Woodhouse came, and she smiled. " * 3 + "\"Yes,\" said Miss Woodhouse. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Miss de Bourgh") is not _group_of(chars, "Lady Catherine de Bourgh")
    assert _group_of(chars, "Miss Woodhouse") is _group_of(chars, "Emma Woodhouse")


def test_a_name_with_particles_is_found_as_the_text_writes_it():
    # The Age of Innocence: "Mr. van der Luyden" is four words in the text, two once normalised
    from audiobook.characters import name_index
    idx = name_index([Character("Mr. van der Luyden", [], "male"), Character("Newland Archer", ["Archer"], "male")])
    text = '"No," said Mr. van der Luyden, and Archer bowed.'
    found = idx.mentions(text)
    assert [(text[a:b], names) for a, b, names in found] == [("Mr. van der Luyden", {"Mr. van der Luyden"}),
                                                             ("Archer", {"Newland Archer"})]


def test_a_womans_rank_with_a_surname_is_the_one_woman_named_in_full():
    # The Age of Innocence: "Countess Olenska" is Ellen Olenska; a married "Mrs." stays apart (Mrs. Bennet)
    text = ("Then Ellen Olenska came, and she sat. " * 3 + "\"Yes,\" said Countess Olenska. " * 3
            + "Then Mrs. Olenska came, and she sat. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Countess Olenska") is _group_of(chars, "Ellen Olenska")
    assert _group_of(chars, "Mrs. Olenska") is not _group_of(chars, "Ellen Olenska")


def test_a_knight_or_an_officer_is_no_mister_but_a_clergyman_is():
    # Persuasion: "Mr. Elliot" (the cousin) is not Sir Walter Elliot; Emma: "Mr. Elton" is the Rev. Philip Elton
    text = ("Then Sir Walter Elliot came, and he sat. " * 3 + "\"Yes,\" said Mr. Elliot. " * 3
            + "Then the Rev. Philip Elton came, and he sat. " * 3 + "\"No,\" said Mr. Elton. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Mr. Elliot") is not _group_of(chars, "Sir Walter Elliot")
    assert _group_of(chars, "Mr. Elton") is _group_of(chars, "Rev. Philip Elton")


def test_a_full_name_written_once_bridges_a_first_name_and_a_surname():
    # "Henry Clerval met me": Clerval's friend calls him "Henry", the narration "Clerval"
    text = ("Henry Clerval met me at the inn. " + "\"Victor!\" said Clerval. " * 3 + "\"Yes, Henry,\" said I. " * 3
            + "I looked at Henry, and he smiled. ")
    chars = discover_characters(text)
    assert _group_of(chars, "Henry") is _group_of(chars, "Clerval")


def test_a_speaker_named_mostly_after_to_is_no_place():
    # "bowing to Anne", "turned back to Anne": still a person when tags name her as a speaker
    text = ("He turned back to Anne. " * 3 + "\"Yes,\" said Anne. \"No,\" said Anne. ")
    assert "Anne" in [c.name for c in discover_characters(text)]
    assert "Coketown" not in [c.name for c in discover_characters("They went to Coketown. " * 4 + "\"Hi,\" said Coketown. ")]


def test_a_bare_surname_is_the_mans_though_his_wife_is_named_more():
    # The Invisible Man: "said Hall" is Mr. Hall, named once beside Mrs. Hall's many mentions
    text = ("Then Mrs. Hall came in, and she sat down. " * 6 + "\"Aye,\" said Hall. " * 3
            + "Then Mr. Hall went out. ")
    chars = discover_characters(text)
    assert _group_of(chars, "Hall") is _group_of(chars, "Mr. Hall")
    assert _group_of(chars, "Hall") is not _group_of(chars, "Mrs. Hall")
    # ... unless the pronouns after it say it is she
    text = ("Then Mrs. Hall came in, and she sat down. " * 6 + "Then Hall came, and she sat. " * 3
            + "Then Mr. Hall went out. " + "Then Tom Bell came in, and he sat down. " * 6)
    chars = discover_characters(text)
    assert _group_of(chars, "Hall") is _group_of(chars, "Mrs. Hall")


def test_mother_and_a_surname_is_the_one_woman_of_that_family():
    # Hard Times: "Mother Sparsit" is Mrs. Sparsit, though her late husband Mr. Sparsit is named too
    text = ("Then Mrs. Sparsit came in, and she sat down. " * 4 + "\"Mother Sparsit!\" said Tom. " * 3
            + "The late Mr. Sparsit was a Powler. " * 2)
    chars = discover_characters(text)
    assert _group_of(chars, "Mother Sparsit") is _group_of(chars, "Mrs. Sparsit")


def test_a_name_and_patronymic_is_the_one_full_name_they_open():
    # War and Peace: "Anna Pavlovna" is Anna Pavlovna Scherer; "Mock Turtle" opens no "Mock Turtle Soup"
    text = ("\"Well,\" said Anna Pavlovna Scherer. " * 2 + "\"Yes,\" said Anna Pavlovna, and she smiled. " * 3)
    chars = discover_characters(text)
    assert _group_of(chars, "Anna Pavlovna") is _group_of(chars, "Anna Pavlovna Scherer")


def test_a_title_that_goes_with_a_first_name_is_no_short_form_with_the_surname():
    # War and Peace: "Prince Bolkonski" is the old prince, not "Prince Andrew Bolkonski";
    # a rank that goes with the surname still is one ("Captain Wentworth")
    idx = name_index([Character("Prince Andrew Bolkonski", ["Prince Andrew"], "male"),
                      Character("Prince Bolkonski", [], "male"),
                      Character("Captain Frederick Wentworth", [], "male")])
    assert idx.lookup("Prince Bolkonski") == {"Prince Bolkonski"}
    assert idx.lookup("Captain Wentworth") == {"Captain Frederick Wentworth"}


def test_what_children_call_a_parent_is_no_character_unless_tags_make_it_speak():
    # War and Peace: Natasha's "Mamma! Mamma!" names nobody new; "said Mamma" does
    text = ('"Mamma!" cried Natasha. "Boris is here!"\n\n"But, Mamma, he is so handsome!" said Natasha.\n\n'
            '"Mamma, look!" cried Natasha.\n\n')
    assert "Mamma" not in by_name(discover_characters(text))
    text += '"Come here," said Mamma.\n'
    assert "Mamma" in by_name(discover_characters(text))


def test_a_short_name_ending_a_sentence_does_not_run_into_the_next():
    # 'said Owl. Pooh nodded': "Owl." is no title's abbreviation ("Mr.", "St.", "J.")
    text = ('"Handsome bell-rope, isn\'t it?" said Owl. Pooh nodded. "Yes," said Pooh.\n\n'
            '"It reminds me of something," said Owl. Pooh thought. "What?" said Owl.\n\n'
            'Owl looked at Pooh, and Pooh looked at Owl. "Well," said Owl. Pooh sat down.\n')
    found = {c.name: c.aliases for c in discover_characters(text)}
    assert set(found) == {"Owl", "Pooh"} and not any(found.values())



def test_the_person_a_pronoun_tag_points_to_is_a_speaker_however_rarely_named():
    # a short story names its speakers once, where they come in; "she said" needs a woman to be
    text = ('THE LIGHTHOUSE\n\nCaptain Brown climbed the stair with his lantern. His niece, Mary-Jane Smith, '
            'waited at the top.\n\n"You are late, uncle," she said.\n\n"The wind," he answered.\n\n'
            'Anna opened the door.\n\n"Is he here?" she asked.\n\n'
            'Everyone admired John Bull.\n\n"Mr. Bounderby," said Alice, "you are slow."\n\n'
            '"Why, ma\'am," he returned, "I am thinking."\n\n"Do go on," said Alice.\n\n"Alice!"\n')
    names = {c.name for c in discover_characters(text)}
    assert {"Captain Brown", "Mary-Jane Smith", "Anna"} <= names
    # the man "he returned" points to is the one just addressed, inside the quotation: nobody is added
    assert "John Bull" not in names


def test_a_given_name_that_only_opens_sentences_is_found_as_a_pronoun_tags_person():
    text = ('CHAPTER ONE\n\n"Come and eat. Margaret has made a pie."\n\nMargaret was his sister. She met us '
            'at the gate.\n\n"You must be Mr. Carter," she said.\n\n"I am," I said.\n')
    assert "Margaret" in {c.name for c in discover_characters(text)}


def test_a_given_name_that_only_opens_sentences_is_found_acting_beside_its_quotation():
    text = ('Chapter 1\n\nElena put down her cup. "You\'re early."\n\nMarcus shrugged and sat down. "The traffic '
            'was light."\n\n"It never is on a Tuesday."\n\nElena frowned at him. "I take milk."\n\n'
            'Florence was quiet. "So it is." We had come to Florence by train.\n')
    names = {c.name for c in discover_characters(text)}
    assert {"Elena", "Marcus"} <= names and "Florence" not in names


def test_a_given_name_after_a_relation_acting_beside_its_quotation_is_a_speaker():
    text = ('One\n\nClara climbed the wall.\n\n"Only me," said Clara.\n\nHer brother Philip was waiting at the '
            'gate. "Did you get it?"\n\n"No," she said.\n')
    assert "Philip" in {c.name for c in discover_characters(text)}


def test_a_pronoun_tag_in_a_dash_book_points_to_its_person_too():
    text = ('I\n\nMarguerite opened the shutters.\n\n\u2014Are you coming down? called Henri.\n\n'
            '\u2014In a minute, she said.\n\n\u2014The cart is waiting.\n')
    assert "Marguerite" in {c.name for c in discover_characters(text)}


def test_a_titled_name_acting_just_before_a_paragraph_of_dialogue_is_a_speaker():
    text = ('CHAPTER I\n\nMr. Pemberton sat by the fire with his paper; his wife stood at the window.\n\n'
            '"You never listen," said his wife.\n\n"I am listening now," said her husband.\n')
    assert "Mr. Pemberton" in {c.name for c in discover_characters(text)}


def test_a_fix_naming_nobody_when_the_file_lists_nobody_says_so():
    import pytest

    from audiobook.errors import UserError
    from audiobook.fixes import speaker_named

    with pytest.raises(UserError, match=r"lists none \(only Narrator\).*--new"):
        speaker_named("Lotte", {})


def test_a_function_word_opening_a_reply_is_no_name():
    # '"Nor I," said Thomas.': "Nor" opens the quotation, it names no one
    text = ("Captain Hale sat by the stove with a blanket round his shoulders.\n\n"
            "\"I have sailed these waters thirty years,\" he said. \"I never saw a night like that one.\"\n\n"
            "\"Nor I,\" said Thomas.\n\n"
            "Martha brought bread and butter and set it on the table. \"Eat,\" she said. "
            "\"You can tell us about it afterwards.\"\n\n"
            "The captain ate, and told them. Thomas went out. Martha smiled at Captain Hale.\n")
    names = [c.name for c in discover_characters(text)]
    assert "Nor" not in names
    assert {"Thomas", "Martha"} <= set(names)
