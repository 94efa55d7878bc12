"""The language a book is written in, and the voices and reading rules it picks."""
from pathlib import Path

import pytest

from audiobook.book import load_book
from audiobook.auto_cast import DEFAULT_NARRATOR, narrator_for
from audiobook.engines import Voice
from audiobook.language import base_language, detect_language, is_english
from audiobook.normalize import speech_text

ROOT = Path(__file__).resolve().parent.parent

SAMPLES = {
    "fr": "Il était une fois une petite fille qui vivait dans la forêt avec sa mère. Elle ne savait pas que le "
          "loup était là, et elle marchait sur le chemin pour aller chez sa grand-mère. Le loup lui dit bonjour.",
    "de": "Es war einmal ein kleines Mädchen, das mit seiner Mutter im Wald lebte. Sie wusste nicht, dass der "
          "Wolf auf sie wartete, und sie ging auf dem Weg zu ihrer Großmutter. Der Wolf sprach mit ihr.",
    "es": "Había una vez una niña que vivía en el bosque con su madre. No sabía que el lobo la esperaba, y "
          "caminaba por el sendero para ir a casa de su abuela. El lobo le habló con una voz dulce.",
    "da": "Der var engang en lille pige, som boede i skoven med sin mor. Hun vidste ikke at ulven ventede på "
          "hende, og hun gik ad stien til sin bedstemor. Ulven sagde til mig at det var af sten.",
    "nb": "Det var en gang en liten jente som bodde i skogen med sin mor. Hun visste ikke at ulven ventet på "
          "henne, og hun gikk langs stien til sin bestemor. Ulven sa til meg at huset var av stein.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_a_text_in_another_language_is_told_by_its_commonest_words(language):
    assert detect_language(SAMPLES[language] * 3) == language


def test_english_and_texts_too_short_to_tell_are_english():
    assert detect_language((ROOT / "examples" / "alice" / "alice.txt").read_text(encoding="utf-8")) == "en"
    assert detect_language("Le chat.") == "en"
    # an English book quoting some French stays English
    assert detect_language("She said that the garden was lovely, and he agreed with her. " * 20
                           + SAMPLES["fr"]) == "en"


def test_language_codes():
    assert base_language("fr-FR") == "fr" and base_language("de_AT") == "de" and base_language(None) == "en"
    assert is_english("en-GB") and not is_english("fr")
    # ISO 639-2 codes some EPUBs give, and Norwegian, which eSpeak speaks as Bokmål
    assert is_english("eng") and base_language("fre") == "fr" and base_language("ger") == "de"
    assert base_language("no") == "nb" and base_language("nn-NO") == "nb" and base_language("nb-NO") == "nb"


def test_norwegian_without_av_or_meg_is_not_danish():
    norwegian = ("Høsten kom tidlig. Faren hadde arvet gården etter sin onkel, og moren var ikke glad. "
                 "Hun sa at det ble for kaldt, men barna gikk ut i snøen og lekte. Det var noe spesielt "
                 "med fjellet, og de fikk se mye de aldri hadde sett før. Tormod kom og satte seg ved ovnen.")
    assert detect_language(norwegian * 3) == "nb"
    danish = ("Efteråret kom tidligt. Faren havde arvet gården efter sin onkel, og moren var ikke glad. "
              "Hun sagde at det var for koldt, men børnene gik ud i sneen og legede. Der var noget særligt "
              "ved havet, og de fik meget at se som de aldrig havde set før. Tormod kom og satte sig ved ovnen.")
    assert detect_language(danish * 3) == "da"


def test_a_few_lines_are_told_when_plain():
    short = "\u00ab Bonjour, \u00bb dit le chat. \u00ab Je suis le chat de la maison, et je dors ici. \u00bb"
    assert detect_language(short) == "fr"
    assert detect_language("Il était une fois une petite fille qui vivait dans la forêt avec sa mère.") == "fr"
    # an English line with a French title, or too few words, stays English
    assert detect_language("Le Chat\n\n\u201cBonjour,\u201d said the cat. \u201cJe suis le chat.\u201d") == "en"
    assert detect_language("Je ne sais pas.") == "en"


def test_a_gutenberg_text_is_told_without_its_english_header_and_licence():
    from test_boilerplate import HEADER, LICENCE
    story = "CHAPITRE I\n\n" + SAMPLES["fr"] + "\n\n\u00ab Bonjour, \u00bb dit le loup.\n\n"
    licence = LICENCE + ("By using or distributing this work you agree to comply with all the terms of the "
                         "license, and to the use of the trademark of the Foundation in the United States. ") * 20
    assert detect_language(HEADER + story + licence) == "fr"
    # and its header's "Language:" line says it outright
    said = HEADER.replace("\n\n***", "\n\nLanguage: German\n\n***")
    assert detect_language(said + story + licence) == "de"


def test_a_text_file_and_its_narrator_take_the_language_of_the_book(tmp_path):
    path = tmp_path / "conte.txt"
    path.write_text("CHAPITRE I\n\n" + SAMPLES["fr"] * 3 + "\n", encoding="utf-8")
    assert load_book(path).language == "fr"
    french = [Voice(id="fr-be", engine="espeak", name="French (Belgium)", language="fr-be", gender="male"),
              Voice(id="fr-fr", engine="espeak", name="French (France)", language="fr-fr", gender="male"),
              Voice(id="fr-fr+f2", engine="espeak", name="French, f2", language="fr-fr", gender="female")]
    assert narrator_for(french).voice == "fr-fr"
    english = [Voice(id="en-us", engine="espeak", name="English", language="en-us", gender="male")]
    assert narrator_for(english) == DEFAULT_NARRATOR and narrator_for([]) == DEFAULT_NARRATOR


def test_another_language_is_read_without_the_english_words_for_numbers_and_titles():
    text = "Le 3 mai 1850, M. Martin arriva au Chapitre IV."
    assert speech_text(text, language="fr") == "Le 3 mai 1850, Monsieur Martin arriva au Chapitre IV."
    assert speech_text(text, language="sv") == text  # no table of its own: as written
    assert speech_text("He had 3 dogs.") == "He had three dogs."


@pytest.mark.parametrize("language, text, spoken", [
    ("fr", "Mme Bovary et Mlle Rouault virent M. Homais.", "Madame Bovary et Mademoiselle Rouault virent Monsieur Homais."),
    ("fr", "Il dit M. et partit.", "Il dit M. et partit."),  # no name after it: a letter
    ("de", "Dr. Schmidt kam, z. B. am Montag, mit Fr. Weber.", "Doktor Schmidt kam, zum Beispiel am Montag, mit Frau Weber."),
    ("es", "La Sra. García y el Dr. Ruiz.", "La Señora García y el Doctor Ruiz."),
    ("it", "Il Sig. Rossi e la Sig.ra Bianchi.", "Il Signor Rossi e la Signora Bianchi."),
])
def test_titles_before_a_name_are_written_out_in_the_books_language(language, text, spoken):
    assert speech_text(text, language=language) == spoken


def test_the_casting_file_of_a_french_book_has_a_french_narrator(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "conte.txt"
    path.write_text("CHAPITRE I\n\n" + SAMPLES["fr"] * 3 + "\n\n\u00ab Bonjour, \u00bb dit le loup.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audiobook", "cast", str(path), "-o", str(tmp_path / "c.toml")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert 'voice = "fr-fr"' in (tmp_path / "c.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, speakers", [
    ("Marie et Pierre entrèrent. Marie sourit.\n\n\u00ab Bonjour, \u00bb dit Marie.\n\n"
     "\u00ab Bonsoir, \u00bb répondit Pierre.\n\n\u00ab Tu es en retard, \u00bb dit Marie.\n", ["Marie", "Pierre", "Marie"]),
    ("Hans und Greta kamen. Hans lachte.\n\n\u201eGuten Tag\u201c, sagte Hans.\n\n"
     "\u201eWie geht es?\u201c, fragte Greta.\n\n\u201eGut\u201c, antwortete Hans.\n", ["Hans", "Greta", "Hans"]),
])
def test_speech_verbs_of_other_languages_name_their_speakers(text, speakers):
    from audiobook.model import Book, Chapter
    from audiobook.script import make_script

    script = make_script(Book(text=text, chapters=[Chapter(1, "Un", 0, len(text))], title="T", language="fr"))
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == speakers


def test_pronoun_tags_of_other_languages_give_the_speakers_sex():
    from audiobook.model import Book, Chapter
    from audiobook.script import make_script

    text = ("Marie et Pierre entrèrent dans la cuisine. Marie sourit à Pierre.\n\n"
            "\u00ab Bonjour, \u00bb dit-il.\n\n\u00ab Tu es en retard, \u00bb répondit-elle.\n\n"
            "\u00ab Le vent, \u00bb demanda-t-il.\n")
    from audiobook.model import Cast, CastMember, VoiceProfile

    v = VoiceProfile()
    cast = Cast(narrator=v, characters={"Marie": CastMember("Marie", v, gender="female"),
                                        "Pierre": CastMember("Pierre", v, gender="male")})
    script = make_script(Book(text=text, chapters=[Chapter(1, "Un", 0, len(text))], title="T", language="fr"), cast)
    assert [s.speaker for s in script.segments if s.kind == "dialogue"] == ["Pierre", "Marie", "Pierre"]
