"""Casting file: parsing, validation messages (file, line, key), automatic casting."""
from pathlib import Path

import pytest

from audiobook.auto_cast import DEFAULT_NARRATOR, complete_cast
from audiobook.cast import parse_cast, render_cast
from audiobook.engines import Voice
from audiobook.errors import CastError, UserError
from audiobook.model import Book, Chapter, Character, Script, VoiceProfile

P = Path("voices/book.toml")

VOICES = [Voice(id=f"en-us+f{i}", engine="espeak", name=f"f{i}", gender="female") for i in range(1, 4)] + \
         [Voice(id=f"en-us+m{i}", engine="espeak", name=f"m{i}", gender="male") for i in range(1, 4)] + \
         [Voice(id="en-gb", engine="espeak", name="en-gb")]


def known_voices_only(profile: VoiceProfile) -> None:
    ids = {v.id for v in VOICES}
    if profile.voice not in ids:
        raise UserError(f"unknown voice '{profile.voice}'; valid voices: {', '.join(sorted(ids))}")


GOOD = '''
[narrator]
voice = "en-gb"
rate = 160

[characters."Alice"]
aliases = ["Miss Alice"]
gender = "female"
voice = "en-us+f2"
pitch = 70

[characters."The Queen"]
aliases = ["Queen", "Queen of Hearts"]

[lexicon]
"Alice" = "Allis"

[fixes]
"q2a41c762b0" = "Alice"
"q4106cc145f" = "queen of hearts"
"qee822bb522-096abbcb" = "Narrator"
'''


def test_parses_a_good_file():
    cast = parse_cast(GOOD, P, known_voices_only)
    spaced = parse_cast(GOOD.replace('voice = "en-us+f2"', 'voice = " en-us+f2 "'), P, known_voices_only)
    assert spaced.characters["Alice"].profile == cast.characters["Alice"].profile  # the same voice, the same audio
    assert cast.narrator == VoiceProfile(engine="espeak", voice="en-gb", rate=160, pitch=DEFAULT_NARRATOR.pitch)
    alice = cast.characters["Alice"]
    assert alice.profile.voice == "en-us+f2" and alice.profile.pitch == 70 and alice.profile.rate == 160
    assert alice.aliases == ["Miss Alice"] and alice.gender == "female" and not alice.auto_voice
    assert cast.characters["The Queen"].auto_voice
    assert cast.lexicon == {"Alice": "Allis"} and cast.fixes["q2a41c762b0"] == "Alice"
    # a fix may name a character by an alias, in any case: it is recorded under the character's name
    assert cast.fixes["q4106cc145f"] == "The Queen" and cast.fixes["qee822bb522-096abbcb"] == "Narrator"


def test_an_alias_given_to_two_characters_stays_with_both_and_is_noted():
    # PDNC-style lists may call two people alike; that is no reason to refuse the whole file
    cast = parse_cast('[characters."Mr. Weston"]\naliases = ["Weston"]\n\n'
                      '[characters."Frank Weston"]\naliases = ["weston", "Frank"]\n', P, known_voices_only)
    assert cast.characters["Mr. Weston"].aliases == ["Weston"]
    assert cast.characters["Frank Weston"].aliases == ["weston", "Frank"]
    assert cast.notes == [f"{P}:5 (key 'characters.Frank Weston.aliases'): 'Weston' names 'Mr. Weston' and "
                          "'Frank Weston'; in the book it is read as whichever of them the scene is about "
                          "(to give it to one of them only, take it out of the others' aliases)"]
    # the name of one, given to another as an alias: the line of that alias
    cast = parse_cast('[characters."Thomas"]\n\n[characters."Hale"]\naliases = ["Captain Hale", "thomas"]\n', P)
    assert cast.notes[0].startswith(f"{P}:4 (key 'characters.Hale.aliases'): 'Thomas' names 'Thomas' and 'Hale'")
    cast = parse_cast('[characters."Hale"]\naliases = ["Thomas"]\n\n[characters."Thomas"]\n', P)
    assert cast.notes[0].startswith(f"{P}:4 (key 'characters.Thomas'): 'Thomas' names 'Hale' and 'Thomas'")
    # ... and Thomas, with no name of his own left, is merged into Hale: the note says so
    assert "Hale speaks all Thomas's lines" in cast.notes[0] and 'delete [characters."Thomas"]' in cast.notes[0]
    # a fix may still use a name that is one character's own, though another has it as an alias
    cast = parse_cast('[characters."Bill"]\n[characters."Bill the Lizard"]\naliases = ["bill"]\n'
                      '[fixes]\n"q2a41c762b0" = "Bill"\n', P, known_voices_only)
    assert cast.fixes == {"q2a41c762b0": "Bill"}


@pytest.mark.parametrize("text, line, key, words", [
    ('[narrator]\nvoice = "en-gb"\ncolour = "red"\n', 3, "narrator.colour", "unknown key"),
    ('[narrator]\nrate = -5\n', 2, "narrator.rate", "out of range"),
    ('[narrator]\nrate = "fast"\n', 2, "narrator.rate", "whole number"),
    ('[characters."Bob"]\npitch = 101\n', 2, "characters.Bob.pitch", "out of range"),
    ('[characters."Bob"]\nvoice = "klingon"\n', 2, "characters.Bob.voice", "valid voices: en-gb"),
    ('[characters."Bob"]\ngender = "robot"\n', 2, "characters.Bob.gender", "must be one of"),
    ('[characters."Bob"]\naliases = "Bobby"\n', 2, "characters.Bob.aliases", "list of names"),
    ('[characters."Bob"]\naliases = ["Al"]\n\n[characters."Sam"]\naliases = ["Al"]\n\n'
     '[fixes]\n"q2a41c762b0" = "al"\n', 8,
     "fixes.q2a41c762b0", "'al' is an alias of 'Bob' and 'Sam'; write the name of the one you mean"),
    ('[characters."Bob"]\nvolume = true\n', 2, "characters.Bob.volume", "must be a number"),
    ('[cast]\nx = 1\n', 1, "cast", "unknown key"),
    ('[lexicon]\n"Wonderland" = 3\n', 2, "lexicon.Wonderland", "spoken form must be a non-empty string"),
    # the same rules as voices/lexicon.toml: phonemes closed, a word to replace, a dotted word quoted
    ('[lexicon]\n"Heron" = "[[h\'Er@n"\n', 2, "lexicon.Heron", "wrapped in [[ and ]]"),
    ('[lexicon]\n"" = "nothing"\n', 2, "lexicon.", "must contain letters or digits"),
    ('[narrator]\n\n[lexicon]\nSt.John = "sin jun"\n', 4, "lexicon.St", '"St.John" = "spoken form"'),
    ('[narrator]\nvoice = "en-gb"\n\n[[characters]]\nname = "Bob"\n', 4, "characters", "table of tables"),
    ('characters.Bob.pitch = "high"\n', 1, "characters.Bob.pitch", "whole number"),
    ('[characters."Bob"]\n\n[fixes]\n"q2a41c762b0" = "Rob"\n', 4, "fixes.q2a41c762b0", "not a character"),
    ('[characters."Bob"]\n\n[fixes]\n"q-1" = "Bob"\n', 4, "fixes.q-1", "not a quotation id"),
])
def test_errors_name_file_line_and_key(text, line, key, words):
    with pytest.raises(CastError) as e:
        parse_cast(text, P, known_voices_only)
    msg = str(e.value)
    assert msg.startswith(f"{P}:{line} (key '{key}')"), msg
    assert words in msg


@pytest.mark.parametrize("encoding, words", [
    ("utf-16", "is saved as UTF-16; save it as UTF-8"),  # Notepad's "Unicode", with its BOM
    ("utf-16-be", "is saved as UTF-16; save it as UTF-8"),  # without one
    ("latin-1", ":3: is not UTF-8 text (byte 0xe9"),  # the line of the first stray byte
])
def test_a_casting_file_in_another_encoding_says_which_and_what_to_do(tmp_path, encoding, words):
    from audiobook.cast import load_cast

    path = tmp_path / "book.toml"
    path.write_bytes('[characters."Zoe"]\naliases = ["Zoe Grey"]\n[characters."Renée"]\n'.encode(encoding))
    with pytest.raises(CastError) as e:
        load_cast(path)
    assert str(e.value).startswith(str(path)) and words in str(e.value), str(e.value)
    path.write_bytes('[characters."Renée"]\n'.encode("utf-8-sig"))  # UTF-8 with a BOM is read as it is
    assert list(load_cast(path).characters) == ["Renée"]


def test_speaker_id_is_checked_where_written_and_stays_with_its_voice():
    from audiobook.engines.registry import SpeakerIdError

    def checker(profile: VoiceProfile) -> None:
        if (profile.voice in ("joe", "many")) != (profile.engine == "piper"):
            raise UserError(f"'{profile.voice}' is no {profile.engine} voice")
        if profile.speaker_id is not None and profile.voice != "many":
            raise SpeakerIdError(f"'{profile.voice}' has no speakers to pick: remove speaker_id")

    narrator = '[narrator]\nengine = "piper"\nvoice = "many"\nspeaker_id = 7\n\n'
    cast = parse_cast(narrator + '[characters."Bob"]\nvoice = "en-us+m1"\n\n[characters."Ann"]\nvoice = "many"\n'
                      '[characters."Cy"]\nrate = 150\n', P, checker)
    assert cast.narrator.speaker_id == 7
    bob, ann, cy = (cast.characters[n].profile for n in ("Bob", "Ann", "Cy"))
    assert (bob.engine, bob.speaker_id) == ("espeak", None)  # the narrator's speaker is no speaker of his voice
    assert ann.speaker_id == 7 and cy.speaker_id == 7  # the narrator's very voice: its speaker too
    with pytest.raises(CastError) as e:
        parse_cast(narrator + '[characters."Bob"]\nvoice = "en-us+m1"\nspeaker_id = 2\n', P, checker)
    assert str(e.value).startswith(f"{P}:8 (key 'characters.Bob.speaker_id')") and "remove speaker_id" in str(e.value)
    with pytest.raises(CastError) as e:  # the engine alone: the narrator's voice is no Piper voice
        parse_cast('[characters."Bob"]\nengine = "piper"\n', P, checker)
    assert str(e.value).startswith(f"{P}:2 (key 'characters.Bob.engine')"), str(e.value)
    assert 'needs a voice of its own' in str(e.value) and "audiobook voices --engine piper" in str(e.value)


@pytest.mark.parametrize("text", ["", "\n\n", "# my voices\n"])
def test_an_empty_casting_file_is_read_and_noted(text):
    cast = parse_cast(text, P, known_voices_only)
    assert cast.narrator == DEFAULT_NARRATOR and not cast.characters and not cast.fixes
    assert cast.notes == [f"{P} sets nothing (it is empty), so the build chooses every voice; "
                          "`audiobook cast BOOK` writes the narrator and the characters into it, to edit"]
    assert not parse_cast("[narrator]\n", P, known_voices_only).notes  # a narrator alone is no empty file


def test_syntax_error_names_the_line():
    with pytest.raises(CastError) as e:
        parse_cast('[narrator]\nvoice = "en-gb\n', P)
    assert str(e.value).startswith(f"{P}:2") and "not valid TOML" in str(e.value)


def _script(characters, narrator_character=None):
    book = Book(text="", chapters=[Chapter(1, "One", 0, 0)], title="T")
    return Script(book=book, segments=[], characters=characters, narrator_character=narrator_character)


def test_automatic_casting_gives_main_characters_distinct_voices_of_their_gender():
    chars = [Character("Ann", gender="female", lines=40), Character("Beth", gender="female", lines=30),
             Character("Carl", gender="male", lines=20), Character("Dan", gender="male", lines=10),
             Character("Extra", gender=None, lines=1)]
    cast = complete_cast(_script(chars), None, VOICES)
    profiles = {n: m.profile for n, m in cast.characters.items()}
    main = [profiles[n] for n in ("Ann", "Beth", "Carl", "Dan")]
    assert len(set(main)) == 4 and cast.narrator not in main
    assert profiles["Ann"].voice.endswith(("f1", "f2", "f3")) and profiles["Carl"].voice.endswith(("m1", "m2", "m3"))
    assert cast.characters["Ann"].lines == 40


def test_casting_file_settings_win_and_narrator_character_uses_narrator_voice():
    given = parse_cast('[characters."Ann"]\nvoice = "en-us+m1"\n', P, known_voices_only)
    chars = [Character("Ann", gender="female", lines=5), Character("Watson", gender="male", lines=50)]
    cast = complete_cast(_script(chars, narrator_character="Watson"), given, VOICES)
    assert cast.characters["Ann"].profile.voice == "en-us+m1"
    assert cast.characters["Watson"].profile == cast.narrator


def test_render_then_parse_round_trips():
    chars = [Character("Ann", aliases=["Annie"], gender="female", lines=4), Character("Carl", gender="male", lines=3)]
    cast = complete_cast(_script(chars), parse_cast(GOOD, P, known_voices_only), VOICES)
    again = parse_cast(render_cast(cast, "A Book"), P, known_voices_only)
    assert {n: m.profile for n, m in again.characters.items()} == {n: m.profile for n, m in cast.characters.items()}
    assert again.characters["Ann"].aliases == ["Annie"] and again.fixes == cast.fixes


def test_rate_pitch_volume_without_a_voice_tune_the_voice_the_build_chooses():
    # a table that sets no voice gets one of its own, not the narrator's; its own settings stay
    cast = parse_cast('[characters."Dinah"]\ngender = "female"\nrate = 120\npitch = 20\nvolume = 0.5\n', P,
                      known_voices_only)
    dinah = cast.characters["Dinah"]
    assert dinah.auto_voice and dinah.settings == {"rate": 120, "pitch": 20, "volume": 0.5}
    book = Book(text="x", chapters=[Chapter(1, "One", 0, 1)], title="T")
    script = Script(book=book, segments=[], characters=[Character("Dinah", gender="female", lines=4)])
    p = complete_cast(script, cast, VOICES).characters["Dinah"].profile
    assert p.voice.startswith("en-us+f") and (p.rate, p.pitch, p.volume) == (120, 20, 0.5)


@pytest.mark.parametrize("existing", [
    'characters = { Alice = { voice = "en-us+f2" } }\n',  # one inline table, which no [table] may enter
    '[characters]\nAlice = { voice = "en-us+f2" }\n',
    'characters.Alice.voice = "en-us+f2"\n',
    '# mine\n[characters."Alice"]\nvoice = "en-us+f2"  # keep\n',
])
def test_update_keeps_any_layout_of_the_file_and_adds_the_new_characters(existing):
    import tomllib

    from audiobook.cast import update_cast_text

    cast = parse_cast(existing, P, known_voices_only)
    full = complete_cast(_script([Character("Alice", gender="female", lines=5),
                                  Character("Bob", gender="male", lines=4)]), cast, VOICES)
    text = update_cast_text(existing, full, "T")
    again = parse_cast(text, P, known_voices_only)
    assert list(again.characters) == ["Alice", "Bob"]
    assert again.characters["Alice"].profile.voice == "en-us+f2" and again.characters["Bob"].lines == 4
    assert again.characters["Bob"].profile == full.characters["Bob"].profile
    assert tomllib.loads(text)["narrator"]["voice"] == "en-gb"
    if "#" in existing:
        assert "# mine" in text and "# keep" in text


def test_a_whole_rate_written_as_a_decimal_and_a_capitalised_gender_are_read():
    cast = parse_cast('[characters."Bob"]\nrate = 175.0\npitch = 40.0\ngender = "Male"\n', P)
    bob = cast.characters["Bob"]
    assert bob.profile.rate == 175 and isinstance(bob.profile.rate, int) and bob.profile.pitch == 40
    assert bob.gender == "male"
    with pytest.raises(CastError, match="whole number"):
        parse_cast('[characters."Bob"]\nrate = 175.5\n', P)
