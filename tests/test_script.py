"""make_script: speakers, stable quote ids, cast names, fixes."""
from audiobook.model import Book, Cast, CastMember, Chapter, VoiceProfile
from audiobook.quote_keys import normalize_quote, quote_ids
from audiobook.script import make_script

TEXT = ('Elizabeth Bennet and Mr. Darcy met at the ball. Elizabeth smiled. Darcy bowed.\n\n'
        '"Do you dance, Miss Bennet?" said Mr. Darcy.\n\n'
        '"Not with you," said Elizabeth.\n\n'
        '"Yes."\n\n'
        'Elizabeth walked away from Mr. Darcy. Darcy frowned.\n\n'
        '"Yes."\n')


def book(text=TEXT):
    return Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T")


def cast(**fixes):
    v = VoiceProfile()
    return Cast(narrator=v, characters={
        "Lizzy": CastMember("Lizzy", v, aliases=["Elizabeth", "Elizabeth Bennet"], gender="female"),
        "Darcy": CastMember("Darcy", v, aliases=["Mr. Darcy"], gender="male")}, fixes=dict(fixes))


def dialogue(script):
    return [s for s in script.segments if s.kind == "dialogue"]


def test_segments_tile_the_text_and_dialogue_has_speaker_confidence_and_id():
    s = make_script(book())
    assert "".join(x.text for x in s.segments) == TEXT
    d = dialogue(s)
    assert [x.speaker for x in d[:2]] == ["Mr. Darcy", "Elizabeth"]
    assert all(x.quote_id and 0 <= x.confidence <= 1 for x in d)
    assert len({x.quote_id for x in d}) == len(d)  # two identical "Yes." get distinct ids


def test_cast_names_are_the_speakers():
    s = make_script(book(), cast())
    assert [x.speaker for x in dialogue(s)[:2]] == ["Darcy", "Lizzy"]
    lines = {c.name: c.lines for c in s.characters}
    assert lines["Darcy"] >= 1 and lines["Lizzy"] >= 1


def test_fixes_apply_last_with_full_confidence():
    first = make_script(book(), cast())
    qid = dialogue(first)[0].quote_id
    fixed = make_script(book(), cast(**{qid: "Lizzy"}))
    seg = dialogue(fixed)[0]
    assert (seg.speaker, seg.confidence) == ("Lizzy", 1.0)


def test_quote_ids_survive_an_edit_elsewhere():
    before = [x.quote_id for x in dialogue(make_script(book()))]
    edited = TEXT.replace("met at the ball", "met, quite by chance, at the great ball")
    after = [x.quote_id for x in dialogue(make_script(book(edited)))]
    assert before == after


def test_identical_quotations_are_told_apart_by_their_context_not_their_order():
    s = make_script(book())
    ids = quote_ids(s.segments, TEXT)
    yes = [ids[i] for i, x in enumerate(s.segments) if x.kind == "dialogue" and x.text == '"Yes."']
    assert yes[0] != yes[1] and yes[0].split("-")[0] == yes[1].split("-")[0]
    assert not yes[1].endswith("-2")
    assert normalize_quote('"Yes,  SIR."') == normalize_quote("\u201cyes, sir.\u201d")


def test_script_of_a_novel_sized_text_is_whole():
    # ~150 KB of dense dialogue, the parallel attribution path (speed: benchmarks/script_scale.py)
    text = TEXT * 600
    s = make_script(book(text))
    assert "".join(seg.text for seg in s.segments) == text
    assert all(seg.speaker for seg in dialogue(s))


def test_a_fix_covers_every_piece_of_a_split_quotation():
    text = ('Mr. Darcy and Elizabeth sat down.\n\n'
            '"I think," said Darcy, "that it will rain."\n')
    first = make_script(book(text), cast())
    pieces = dialogue(first)
    assert len(pieces) == 2 and pieces[0].speaker == pieces[1].speaker == "Darcy"
    fixed = make_script(book(text), cast(**{pieces[0].quote_id: "Lizzy"}))
    assert [(s.speaker, s.confidence) for s in dialogue(fixed)] == [("Lizzy", 1.0), ("Lizzy", 1.0)]


def test_script_does_not_depend_on_hash_order():
    import json
    import os
    import subprocess
    import sys
    code = ("import json,sys; from audiobook.model import Book, Chapter; from audiobook.script import make_script;"
            "t=sys.stdin.read(); s=make_script(Book(text=t, chapters=[Chapter(1,'One',0,len(t))], title='T'));"
            "print(json.dumps([(x.speaker, x.confidence) for x in s.segments if x.kind=='dialogue']))")
    outs = []
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", code], input=TEXT * 3, capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        outs.append(json.loads(run.stdout))
    assert outs[0] == outs[1]


def test_a_markdown_book_is_split_and_attributed_on_its_reading_view():
    from pathlib import Path
    text = '<!-- "Hm," said Ed. -->\n\n"Hi," said **Ann**. "Yes," said [Bo](b.html).\n'
    b = Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T", source=Path("b.md"))
    s = make_script(b)
    assert all(seg.text == text[seg.start:seg.end] for seg in s.segments)  # the book's own text
    assert [(seg.speaker, seg.text) for seg in dialogue(s)] == [("Ann", '"Hi,"'), ("Bo", '"Yes,"')]
    assert "Ed" not in {c.name for c in s.characters}


def test_segments_and_characters_found_side_by_side_are_the_ones_found_in_turn(monkeypatch):
    import audiobook.script as script_module

    para = ('"Good morning, Mr. Pike," said Dr. Hale, looking up from his paper.\n\n'
            '"Good morning," said Mr. Pike. "Is there news?"\n\nDr. Hale folded the paper slowly.\n\n')
    text = "CHAPTER I.\n\n" + para * (script_module.PARALLEL_TEXT // len(para) + 1)
    book = Book(text=text, chapters=[Chapter(1, "I", 0, len(text))], title="T")
    monkeypatch.setattr(script_module, "cpu_count", lambda: 2)
    side_by_side = script_module._segments_and_characters(book, text)
    monkeypatch.setattr(script_module, "cpu_count", lambda: 1)
    in_turn = script_module._segments_and_characters(book, text)
    assert side_by_side == in_turn and {c.name for c in in_turn[1]} == {"Dr. Hale", "Mr. Pike"}


def test_a_speaker_the_casting_file_leaves_out_is_named_in_a_note():
    # Bob, named in ten tags, is plainly a speaker of his own: he joins, with a voice the build picks,
    # and the note says so (and how to add him to the file)
    text = "".join(f'"Line {i}," said Lizzy.\n\n"Answer {i}," said Bob.\n\n' for i in range(10))
    v = VoiceProfile()
    s = make_script(book(text), Cast(narrator=v, characters={"Lizzy": CastMember("Lizzy", v, gender="female")}))
    assert {x.speaker for x in dialogue(s)} == {"Lizzy", "Bob"}
    assert any("does not list" in n and "Bob (10 lines)" in n for n in s.notes)
    assert not make_script(book(text)).notes  # without a casting file, nothing to say


def test_a_book_in_german_or_swedish_marks_has_its_dialogue_found_and_keeps_its_marks():
    for text, said in (("\u201eGuten Tag\u201c, sagte Hans.\n\n\u201eWie geht es?\u201c, fragte Greta.\n", "Guten Tag"),
                       ("\u201dHej,\u201d sa Anna.\n\n\u201dHur m\u00e5r du?\u201d sa Erik.\n", "Hej,")):
        s = make_script(book(text))
        assert "".join(x.text for x in s.segments) == text
        spoken = [x.text for x in dialogue(s)]
        assert len(spoken) == 2 and said in spoken[0] and spoken[0][0] in "\u201e\u201d"
