"""review: most doubtful first, with context and how to fix."""
import shlex
from pathlib import Path

from audiobook.model import Book, Cast, CastMember, Chapter, VoiceProfile
from audiobook.review import doubtful, format_review
from audiobook.script import make_script

TEXT = ('Elizabeth and Jane and Mr. Darcy and Mr. Bingley sat together. Elizabeth smiled.\n\n'
        '"Do you dance?" said Mr. Darcy.\n\n'
        '"Sometimes."\n\n'
        'The music began. Everyone rose.\n\n'
        '"What a crowd!"\n')


def test_doubtful_lists_least_certain_first_with_context_and_fix_hint():
    text = TEXT
    v = VoiceProfile()
    cast = Cast(narrator=v, characters={n: CastMember(n, v, gender=g) for n, g in (
        ("Elizabeth", "female"), ("Jane", "female"), ("Mr. Darcy", "male"), ("Mr. Bingley", "male"))})
    script = make_script(Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T"), cast)
    items = doubtful(script, limit=2)
    assert len(items) == 2
    margins = [it.confidence - it.runner_up_confidence for it in items]
    assert margins == sorted(margins)
    tagged = [s for s in script.segments if s.text == '"Do you dance?"'][0]
    assert all(it.quote_id != tagged.quote_id for it in items)  # the tagged quote is sure
    assert all(it.runner_up and it.runner_up != it.speaker for it in items)
    out = format_review(items, Path("voices/t.toml"))
    assert items[0].quote_id in out and "audiobook fix" in out and items[0].quote.split()[0] in out


def test_no_dialogue_means_nothing_to_review():
    text = "Nobody spoke at all.\n"
    script = make_script(Book(text=text, chapters=[Chapter(1, "One", 0, len(text))], title="T"))
    assert doubtful(script) == []
    assert "No doubtful" in format_review([], Path("voices/t.toml"))


def test_a_turns_long_narration_between_pieces_is_elided():
    from audiobook.review import _turn_text
    text = '"Hush," said she, "now." Then a very long stretch of narration follows here, far too long for a tag. "Go."'
    a, b = text.index('"Hush'), text.index(" said")
    c, d = text.index('"now'), text.index(' Then')
    e = text.index('"Go')
    assert _turn_text(text, [(a, b), (c, d)]) == '"Hush," said she, "now."'
    assert _turn_text(text, [(c, d), (e, len(text))]) == '"now." [\u2026] "Go."'


def test_every_item_says_how_to_fix_it_with_the_casting_file():

    v = VoiceProfile()
    cast = Cast(narrator=v, characters={n: CastMember(n, v) for n in ("Elizabeth", "Jane", "Mr. Darcy", "Mr. Bingley")})
    script = make_script(Book(text=TEXT, chapters=[Chapter(1, "One", 0, len(TEXT))], title="T"), cast)
    items = doubtful(script, limit=3)
    out = format_review(items, Path("voices/t.toml"))
    for it in items:
        assert f"audiobook fix {it.quote_id} {shlex.quote(it.runner_up)} --cast voices/t.toml" in out
    assert "no casting file" not in out
    assert "the first fix writes voices/t.toml, as `audiobook cast b.txt` does" in format_review(
        items, Path("voices/t.toml"), "audiobook cast b.txt")


def test_review_uses_the_scripts_own_attribution_without_attributing_again(monkeypatch):
    import audiobook.attribution as attribution
    v = VoiceProfile()
    cast = Cast(narrator=v, characters={n: CastMember(n, v) for n in ("Elizabeth", "Jane", "Mr. Darcy", "Mr. Bingley")})
    script = make_script(Book(text=TEXT, chapters=[Chapter(1, "One", 0, len(TEXT))], title="T"), cast)

    def twice(*_args, **_kwargs):
        raise AssertionError("attributed twice")
    monkeypatch.setattr(attribution, "attribute", twice)
    items = doubtful(script, limit=3)
    assert items
    for it in items:
        seg = next(s for s in script.segments if s.quote_id == it.quote_id)
        assert it.speaker == seg.speaker and it.confidence == seg.confidence
        assert (it.runner_up, it.runner_up_confidence) == script.runner_ups[script.segments.index(seg)]


def test_each_item_names_its_chapter_as_the_book_heads_it():
    # with a title page as chapter 1, "chapter 2" would not be what the reader finds in the book
    title = "THE BOOK\n\n"
    text = title + TEXT
    chapters = [Chapter(1, "The Book", 0, len(title)), Chapter(2, "Chapter I: The Ball", len(title), len(text))]
    script = make_script(Book(text=text, chapters=chapters, title="The Book"))
    items = doubtful(script, limit=1)
    assert items[0].chapter_title == "Chapter I: The Ball"
    assert f"[{items[0].quote_id}] Chapter I: The Ball \u2014 " in format_review(items, Path("voices/t.toml"))
