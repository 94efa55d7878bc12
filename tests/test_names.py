from audiobook.model import Character
from audiobook.names import most_used_names

TEXT = ("Lucy laughed. Lucy ran. Miss Honeychurch was called. Lucy sat. Mr. Vyse spoke; Cecil smiled; "
        "Cecil left. Mrs. Honeychurch and Honeychurch.")


def test_most_used_unambiguous_name_labels_each_character():
    chars = [Character("Miss Honeychurch", aliases=["Lucy", "Honeychurch"]),
             Character("Mrs. Honeychurch", aliases=["Honeychurch"]),
             Character("Mr. Vyse", aliases=["Cecil"]),
             Character("Nobody Here", aliases=["Ghost"])]
    labels = most_used_names(TEXT, chars)
    assert labels == {"Miss Honeychurch": "Lucy", "Mrs. Honeychurch": "Mrs. Honeychurch",
                      "Mr. Vyse": "Cecil", "Nobody Here": "Nobody Here"}


def test_main_name_wins_a_tie_and_longer_forms_are_not_counted_twice():
    chars = [Character("Mr. Darcy", aliases=["Darcy"])]
    assert most_used_names("Mr. Darcy bowed. Darcy smiled. Mr. Darcy left.", chars) == {"Mr. Darcy": "Mr. Darcy"}
    assert most_used_names("Mr. Darcy bowed. Darcy smiled.", chars) == {"Mr. Darcy": "Mr. Darcy"}


def test_a_pronoun_alias_is_no_label():
    chars = [Character("Jake Barnes", aliases=["Jake", "I"])]
    assert most_used_names("I said so. I left. I slept. Jake woke.", chars) == {"Jake Barnes": "Jake"}
    # nor a form of address: the narration calls Mrs. Reed so, while her children say "Mama"
    chars = [Character("Mrs. Reed", aliases=["Mama"])]
    assert most_used_names('"Tell Mama," said John. "Mama!" Mrs. Reed came.', chars) == {"Mrs. Reed": "Mrs. Reed"}


def test_qualified_casting_names_are_labelled_as_the_book_writes_them():
    chars = [Character("Robin Hale - Frame", aliases=[]), Character("Robin Hale - Story", aliases=[]),
             Character("Tom (young)", aliases=[]), Character("Nobody - Else")]
    text = "Robin Hale laughed. Tom ran off."
    assert most_used_names(text, chars) == {"Robin Hale - Frame": "Robin Hale", "Robin Hale - Story": "Robin Hale",
                                            "Tom (young)": "Tom", "Nobody - Else": "Nobody - Else"}


def test_a_bare_surname_a_relative_carries_with_a_title_is_no_label():
    # "Inglethorp" alone could be his wife as well: the label says which one
    chars = [Character("Alfred Inglethorp", aliases=["Inglethorp", "Mr. Inglethorp", "Alfred"]),
             Character("Mrs. Inglethorp", aliases=["Emily"])]
    text = "Inglethorp bowed. Inglethorp sat. Inglethorp left. Mr. Inglethorp came. Mrs. Inglethorp rose."
    assert most_used_names(text, chars) == {"Alfred Inglethorp": "Mr. Inglethorp", "Mrs. Inglethorp": "Mrs. Inglethorp"}
