"""Quotation ids and fixes: a fix stays with its own quotation through edits
elsewhere, and one whose quotation changed applies to no other, said so."""
from audiobook.model import Book, Cast, CastMember, Chapter, VoiceProfile
from audiobook.quote_keys import parse_key
from audiobook.script import make_script

TEXT = ('CHAPTER I.\n\n'
        'Elizabeth Bennet and Mr. Darcy met at the ball. Elizabeth smiled. Darcy bowed.\n\n'
        '"Do you dance, Miss Bennet?" said Mr. Darcy.\n\n'
        '"Yes."\n\n'
        'Elizabeth walked away from Mr. Darcy. Darcy frowned.\n\n'
        '"Will you dance with me?"\n\n'
        '"Yes."\n\n'
        'The music began and the couples took their places.\n\n'
        '"Yes."\n\n'
        'They danced until midnight.\n')


def script(text, **fixes):
    v = VoiceProfile()
    cast = Cast(narrator=v, characters={
        "Lizzy": CastMember("Lizzy", v, aliases=["Elizabeth", "Elizabeth Bennet"], gender="female"),
        "Darcy": CastMember("Darcy", v, aliases=["Mr. Darcy"], gender="male")}, fixes=dict(fixes))
    return make_script(Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T"), cast)


def yeses(s):
    return [x for x in s.segments if x.kind == "dialogue" and x.text == '"Yes."']


def pinned(s):
    return [x.start for x in s.segments if x.confidence == 1.0]


def test_ids_are_unique_and_a_unique_text_keeps_its_short_id():
    s = script(TEXT)
    ids = [x.quote_id for x in s.segments if x.kind == "dialogue"]
    assert len(set(ids)) == len(ids)
    dance = next(x for x in s.segments if x.text.startswith('"Do you dance'))
    assert parse_key(dance.quote_id).context is None  # as before: text alone
    assert all(parse_key(x.quote_id).context for x in yeses(s))  # "Yes." three times: its context too


def test_a_fix_stays_with_its_quotation_when_an_identical_one_is_added_before_it():
    second = yeses(script(TEXT))[1]
    edited = TEXT.replace('CHAPTER I.\n\n', 'CHAPTER I.\n\n"Yes."\n\nShe said it at once.\n\n')
    s = script(edited, **{second.quote_id: "Darcy"})
    moved = len(edited) - len(TEXT)
    assert pinned(s) == [second.start + moved] and not s.notes


def test_a_fix_stays_with_its_quotation_when_an_earlier_copy_is_removed():
    third = yeses(script(TEXT))[2]
    edited = TEXT.replace('"Yes."\n\nElizabeth walked', 'Elizabeth walked')
    s = script(edited, **{third.quote_id: "Darcy"})
    assert [x.text for x in s.segments if x.confidence == 1.0] == ['"Yes."']
    assert pinned(s) == [third.start - len('"Yes."\n\n')] and not s.notes


def test_a_fix_survives_a_new_paragraph_right_before_its_quotation():
    second = yeses(script(TEXT))[1]
    edited = TEXT.replace('"Will you dance with me?"\n\n', '"Will you dance with me?"\n\nHe held out his hand.\n\n')
    s = script(edited, **{second.quote_id: "Darcy"})
    assert pinned(s) == [second.start + len("He held out his hand.\n\n")] and not s.notes


def test_a_fix_whose_quotation_was_edited_applies_to_no_other_and_is_reported():
    second = yeses(script(TEXT))[1]
    edited = TEXT.replace('"Will you dance with me?"\n\n"Yes."', '"Will you dance with me?"\n\n"Yes, gladly."')
    s = script(edited, **{second.quote_id: "Darcy"})
    assert pinned(s) == []
    assert len(s.notes) == 1 and second.quote_id in s.notes[0] and "Darcy" in s.notes[0]


def test_a_fix_whose_unique_quotation_was_deleted_is_reported():
    dance = next(x for x in script(TEXT).segments if x.text.startswith('"Will you'))
    s = script(TEXT.replace('"Will you dance with me?"\n\n', ''), **{dance.quote_id: "Darcy"})
    assert pinned(s) == [] and len(s.notes) == 1 and dance.quote_id in s.notes[0]


def test_an_old_numbered_id_is_reported_not_guessed():
    s = script(TEXT, **{yeses(script(TEXT))[0].quote_id.split("-")[0] + "-2": "Darcy"})
    assert pinned(s) == [] and len(s.notes) == 1 and "again" in s.notes[0]


def test_without_characters_in_the_casting_file_a_fix_names_one_of_the_book():
    text = 'CHAPTER I.\n\n"Hello," said Alice.\n\n"Goodbye," said Bob.\n'
    book = Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T")
    ids = [x.quote_id for x in make_script(book).segments if x.kind == "dialogue"]
    s = make_script(book, Cast(narrator=VoiceProfile(), fixes={ids[0]: "bob", ids[1]: "Nobody"}))
    assert [(x.speaker, x.confidence) for x in s.segments if x.kind == "dialogue"][0] == ("Bob", 1.0)
    assert len(s.notes) == 1 and "Nobody" in s.notes[0] and "Alice" in s.notes[0]


def test_copies_alike_on_one_side_need_both_sides_so_a_deleted_ones_fix_moves_to_no_other():
    text = ('CHAPTER I.\n\nLizzy came in.\n\n"Yes," said Darcy, and went out.\n\n'
            'Then Lizzy sat down alone.\n\n"Yes," said Darcy, and went out.\n\nThe end.\n')
    first = [x for x in script(text).segments if x.text == '"Yes,"'][0]
    assert first.quote_id.endswith("s")  # its words after are those of the other copy
    s = script(text.replace('Lizzy came in.\n\n"Yes," said Darcy, and went out.\n\n', ''),
               **{first.quote_id: "Lizzy"})
    assert pinned(s) == [] and len(s.notes) == 1
