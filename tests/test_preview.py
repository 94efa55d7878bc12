"""Preview reads text as the build does: the same lexicons (built-in,
voices/lexicon.toml, the casting file's), the segments' spoken form, the
build's voice.  Checked on the engine input (the speech jobs), not on audio."""
from __future__ import annotations

from pathlib import Path

import pytest

from audiobook.cast import load_cast
from audiobook.errors import CastError
from audiobook.preview import preview_jobs

BOOK = """\
CHAPTER I.

"I am older than you, and must know better," said the Lory.

The best thing to get us dry would be a Caucus-race, said the Dodo to Cholmondeley.

"Caucus?" said the Lory. "What is a Caucus?"
"""
CAST = '[narrator]\nvoice = "en-gb"\n\n[characters."Lory"]\naliases = []\nvoice = "en-us"\n'


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # voices/lexicon.toml is read from the current folder, as the build reads it
    (tmp_path / "voices").mkdir()
    (tmp_path / "book.txt").write_text(BOOK)
    (tmp_path / "voices" / "book.toml").write_text(CAST)
    return tmp_path


def _texts(name: str, book: str | None = "book.txt") -> list[str]:
    cast = load_cast(Path("voices/book.toml"))
    return [job.text for job in preview_jobs(name, cast, Path(book) if book else None)[1]]


def _build_texts(book: str, speaker: str | None) -> list[str]:
    """The speaker's speech text as `audiobook build` makes it (pipeline.run_build)."""
    from audiobook.book import load_book
    from audiobook.auto_cast import complete_cast
    from audiobook.engines import all_voices
    from audiobook.normalize import speech_text
    from audiobook.pipeline import speech_lexicon
    from audiobook.reading import spoken_segments
    from audiobook.script import make_script

    given = load_cast(Path("voices/book.toml"))
    b = load_book(Path(book))
    script = make_script(b, given)
    cast = complete_cast(script, given, all_voices())
    lexicon = speech_lexicon(cast)
    out = []
    for seg, spoken in zip(script.segments, spoken_segments(b, script.segments)):
        mine = seg.kind == "dialogue" and seg.speaker == speaker if speaker else seg.kind == "narration"
        if mine and spoken.text.strip():
            out.append(speech_text(spoken.text, lexicon))
    return out


def test_preview_uses_the_shared_lexicon_file(folder):
    before = _texts("Lory")
    assert before == ["I am older than you, and must know better", "Caucus?", "What is a Caucus?"]
    (folder / "voices" / "lexicon.toml").write_text('"Caucus" = "cork us"\n')  # flat, no [lexicon] line
    assert _texts("Lory") == ["I am older than you, and must know better", "cork us?", "What is a cork us?"]
    assert _texts("Lory") == _build_texts("book.txt", "Lory")


def test_preview_uses_the_builtin_lexicon_and_the_casting_files_last(folder):
    assert "Chumley" in " ".join(_texts("narrator"))  # built-in: Cholmondeley = "Chumley"
    (folder / "voices" / "lexicon.toml").write_text('[lexicon]\nLory = "lorry"\nDodo = "doh doh"\n')
    (folder / "voices" / "book.toml").write_text(CAST + '\n[lexicon]\nLory = "lowry"\n')
    narration = _texts("narrator")
    assert "said the lowry." in narration and "doh doh" in " ".join(narration)
    assert narration == _build_texts("book.txt", None)
    # the stock sentence, without a book, is read with the same lexicon
    assert _texts("Lory", book=None) == ["This is the voice of lowry. How does it sound?"]


def test_preview_reports_a_broken_shared_lexicon(folder):
    (folder / "voices" / "lexicon.toml").write_text('"Caucus" = "cork us"\n\n[narrator]\nvoice = "en-gb"\n')
    with pytest.raises(CastError) as info:
        _texts("Lory")
    assert (info.value.line, info.value.key) == (3, "narrator")


def test_preview_reads_a_markdown_books_spoken_form(folder):
    (folder / "book.md").write_text('# Chapter One\n\nThe [Caucus](https://example.org/caucus) race '
                                    '<!-- a note to self --> was run by the Dodo.\n\n'
                                    '"What is a Caucus?" said the Lory.\n')
    narration = _texts("narrator", "book.md")
    assert "The Caucus race was run by the Dodo." in narration  # no link target, no comment
    assert narration == _build_texts("book.md", None)


def test_preview_keeps_the_line_breaks_the_build_reads(folder):
    (folder / "poem.txt").write_text("CHAPTER I.\n\nThey told me you had been to her\nAnd mentioned me to him\n"
                                     "She gave me a good character\nBut said I could not swim\n")
    narration = _texts("narrator", "poem.txt")
    assert "mentioned me to him, She gave me a good character, But" in " ".join(narration)  # verse: pauses
    assert narration == _build_texts("poem.txt", None)


def test_preview_gives_an_unvoiced_character_the_builds_voice(folder):
    from audiobook.book import load_book
    from audiobook.auto_cast import complete_cast
    from audiobook.engines import all_voices
    from audiobook.script import make_script

    (folder / "voices" / "book.toml").write_text('[narrator]\nvoice = "en-gb"\n\n[characters."Lory"]\naliases = []\n')
    cast = load_cast(Path("voices/book.toml"))
    jobs = preview_jobs("Lory", cast, Path("book.txt"))[1]
    given = load_cast(Path("voices/book.toml"))
    built = complete_cast(make_script(load_book(Path("book.txt")), given), given, all_voices()).profile_for("Lory")
    assert {job.profile for job in jobs} == {built}


def test_run_preview_renders_those_jobs(folder, monkeypatch):
    from audiobook import preview, synthesize

    (folder / "voices" / "lexicon.toml").write_text('"Caucus" = "cork us"\n')
    rendered = []

    class Renderer:
        def __init__(self, jobs):
            self.jobs = jobs

        def __iter__(self):
            return iter([b"\0\0" * 10 for _ in self.jobs])

        def close(self):
            pass

    def fake_render(jobs, cache, workers=None, **kw):
        rendered.extend(jobs)
        return Renderer(jobs)

    monkeypatch.setattr(synthesize, "render", fake_render)
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(folder / "cache"))
    said = []
    dest = preview.run_preview("Lory", Path("voices/book.toml"), Path("book.txt"), folder / "p.wav", play=False,
                               say=said.append)
    assert dest.exists() and not said
    assert [j.text for j in rendered] == ["I am older than you, and must know better", "cork us?", "What is a cork us?"]
    # the casting file's notes, as build and script give them
    (folder / "voices" / "book.toml").write_text(CAST + '[characters."Dodo"]\naliases = ["Lory"]\n')
    preview.run_preview("Lory", Path("voices/book.toml"), None, folder / "p.wav", play=False, say=said.append)
    assert said == [f"note: {Path('voices/book.toml')}:8 (key 'characters.Dodo.aliases'): 'Lory' names 'Lory' and "
                    "'Dodo': Lory has no name of their own, so Dodo speaks all Lory's lines, as one character (to "
                    "keep Lory apart, take 'Lory' out of Dodo's aliases; to finish the merge, delete "
                    "[characters.\"Lory\"])"]


@pytest.mark.parametrize("speaker, stem", [
    (None, "narrator"), ("Lory", "Lory"), ("The Old Crab", "The_Old_Crab"), ("Mr. Hale", "Mr._Hale"),
    ("AC/DC", "AC_DC"), ("../../etc", "etc"), ("Zoë", "Zoë"), ("?!", "character"),
])
def test_the_preview_file_is_named_after_the_speaker_and_stays_in_output(speaker, stem):
    from audiobook.preview import preview_file_stem

    assert preview_file_stem(speaker) == stem
