"""Lexicon files: a flat voices/lexicon.toml or a [lexicon] table, the errors
for anything else, and how the built-in, shared and casting-file lexicons
are assembled for the build and the preview."""
from __future__ import annotations

from pathlib import Path

import pytest

from audiobook.errors import CastError
from audiobook.lexicon import BUILTIN_LEXICON, load_lexicon, merge_lexicons, speech_lexicon
from audiobook.model import Cast, VoiceProfile
from audiobook.normalize import speech_text


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> CastError:
    with pytest.raises(CastError) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)
    return info.value


# --- the file as the user writes it ----------------------------------------------


def test_a_flat_file_of_respellings_is_read(tmp_path):
    path = _write(tmp_path / "lexicon.toml", '# my words\n"Caucus" = "cork us"\nLory = "lorry"  # the bird\n'
                                             "Goethe = \"[[g'3:t@]]\"\n")
    assert load_lexicon(path) == {"Caucus": "cork us", "Lory": "lorry", "Goethe": "[[g'3:t@]]"}


def test_a_lexicon_table_is_read_and_both_together(tmp_path):
    path = _write(tmp_path / "lexicon.toml", '[lexicon]\n"Caucus" = "cork us"\n')
    assert load_lexicon(path) == {"Caucus": "cork us"}
    _write(path, 'Lory = "lorry"\n\n[lexicon]           # more\n"Caucus" = "cork us"\n')
    assert load_lexicon(path) == {"Lory": "lorry", "Caucus": "cork us"}


def test_another_table_is_an_error_naming_file_line_and_key(tmp_path):
    path = _write(tmp_path / "lexicon.toml", '"Caucus" = "cork us"\n\n[narrator]\nvoice = "en-gb"\n')
    err = _error(path)
    assert (err.line, err.key) == (3, "narrator")
    assert '"Caucus" = "cork us"' in err.problem and "[lexicon]" in err.problem  # what to write instead
    _write(path, '[characters."Alice"]\nvoice = "en-gb"\n')
    assert (_error(path).line, _error(path).key) == (1, "characters")


def test_a_misspelt_or_nested_lexicon_table_is_an_error(tmp_path):
    path = _write(tmp_path / "lexicon.toml", '[Lexicon]\nCaucus = "cork us"\n')
    err = _error(path)
    assert (err.line, err.key) == (1, "Lexicon") and "[lexicon], in lower case" in err.problem
    _write(path, '[lexicon]\nCaucus = "cork us"\n\n[lexicon.birds]\nLory = "lorry"\n')
    err = _error(path)
    assert (err.line, err.key) == (4, "lexicon.birds") and "under [lexicon]" in err.problem
    _write(path, '[[lexicon]]\nCaucus = "cork us"\n')
    assert (_error(path).line, _error(path).key) == (1, "lexicon")


def test_an_unquoted_word_with_a_dot_is_an_error_saying_to_quote_it(tmp_path):
    path = _write(tmp_path / "lexicon.toml", 'Caucus = "cork us"\nSt. Ives = "saint eyes"\n')
    err = _error(path)
    assert (err.line, err.key) == (2, "St. Ives")
    assert '"St. Ives" = "spoken form"' in err.problem


def test_values_that_are_not_respellings_are_errors(tmp_path):
    path = _write(tmp_path / "lexicon.toml", 'Badger = "badge er"\nBad = 3\n')
    err = _error(path)
    assert (err.line, err.key) == (2, "Bad")  # not line 1, whose key merely starts with "Bad"
    _write(path, 'Caucus = cork us\n')
    err = _error(path)
    assert err.line == 1 and "invalid TOML" in err.problem and "double quotes" in err.problem
    _write(path, 'Caucus = ""\n')
    assert _error(path).key == "Caucus"


def test_a_word_given_twice_is_an_error(tmp_path):
    path = _write(tmp_path / "lexicon.toml", 'Caucus = "cork us"\n\n[lexicon]\nCaucus = "caw kus"\n')
    err = _error(path)
    assert (err.line, err.key) == (4, "Caucus") and "line 1" in err.problem


def test_an_empty_file_is_an_empty_lexicon(tmp_path):
    assert load_lexicon(_write(tmp_path / "lexicon.toml", "# nothing yet\n")) == {}


# --- assembly: built-in, then voices/lexicon.toml, then the casting file ---------------


def _cast(lexicon: dict[str, str]) -> Cast:
    return Cast(narrator=VoiceProfile(engine="espeak", voice="en-gb"), lexicon=lexicon)


def test_assembly_order_later_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    builtin = load_lexicon(BUILTIN_LEXICON)
    assert speech_lexicon(_cast({})) == builtin  # no voices/lexicon.toml: the built-in alone
    _write(tmp_path / "voices" / "lexicon.toml", '"Caucus" = "cork us"\nLory = "lorry"\nCholmondeley = "Cholm"\n')
    merged = speech_lexicon(_cast({"Lory": "lowry"}))
    assert merged["Caucus"] == "cork us"  # the flat shared file counts
    assert merged["Cholmondeley"] == "Cholm"  # ... over the built-in
    assert merged["Lory"] == "lowry"  # the casting file over both
    assert merged["Goethe"] == builtin["Goethe"]
    assert speech_lexicon(None)["Lory"] == "lorry"


def test_a_later_lower_case_word_replaces_an_earlier_capitalised_one():
    merged = merge_lexicons({"Niamh": "Neeve", "Will": "Vill"}, {"niamh": "nee av", "will": "wil"})
    assert speech_text("Niamh and NIAMH", merged) == "nee av and nee av"
    assert "Will" not in merged and speech_text("Will will.", merged) == "wil wil."
    # a later capitalised word leaves an earlier lower-case one for the other cases
    assert speech_text("Will will.", merge_lexicons({"will": "wil"}, {"Will": "Vill"})) == "Vill wil."
    # one layer with a name and a word keeps both
    assert speech_text("Will will.", merge_lexicons({"Will": "Vill", "will": "wil"})) == "Vill wil."


def test_the_build_reads_a_flat_shared_lexicon_as_preview_does(tmp_path, monkeypatch):
    from audiobook import pipeline

    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "voices" / "lexicon.toml", '"Caucus" = "cork us"\n')
    cast = _cast({"Dodo": "doh doh"})
    assert pipeline.speech_lexicon(cast) == speech_lexicon(cast)
    assert speech_text("A Caucus-race, said the Dodo.", pipeline.speech_lexicon(cast)) == \
        "A cork us-race, said the doh doh."


# --- the built-in file says what the code does -----------------------------------------


def test_builtin_header_states_the_case_rule_the_code_applies():
    header = "\n".join(line for line in BUILTIN_LEXICON.read_text().splitlines() if line.startswith("#"))
    assert "case-insensitive" not in header
    assert "only as written or in capitals" in header and "in any case" in header
    lexicon = load_lexicon(BUILTIN_LEXICON)
    goethe = lexicon["Goethe"]
    assert speech_text("Goethe, GOETHE, goethe, Goethe's, Goethean", lexicon) == \
        f"{goethe}, {goethe}, goethe, {goethe[:-2]}z]], Goethean"
    assert speech_text("bath Bath BATH", {"bath": "bahth"}) == "bahth bahth bahth"
