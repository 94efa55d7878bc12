"""The language a book is written in, and what follows from it for speech.

An EPUB says its language (dc:language); a text file does not, so it is read
from the book's commonest words: every language's short function words ("the",
"and"; "le", "et"; "der", "und") make up a fifth to a third of its running
text.  The language picks the voices (eSpeak NG speaks some hundred
languages) and whether the English-only reading rules apply (numbers and
abbreviations spelt out in English words, the English lexicon).
"""
from __future__ import annotations

import re
from collections import Counter

ENGLISH = "en"

# Frequent function words, none of them a common word of another language on the list
# (single letters only where no other language has them as a word).
_FUNCTION_WORDS = {
    "en": "the and of to in that is was he for it with as his on be at by had her not but you which",
    "fr": "le la les des et est une du que qui dans pour pas ne il elle au sur avec se son sa je vous",
    "de": "der die und das ist nicht ein eine zu den mit sich des auf für dem sie er es ich auch",
    "es": "el los las que y en una por con para es su lo como más pero del al le se",
    "it": "il di che è un una per non del della con si sono gli ma come anche alla nel",
    "nl": "het een en van dat niet op zijn met voor hij ze er maar ook aan wat bij",
    "pt": "os que do da em um uma para não com por se no na mas ao dos como",
    "sv": "och att det som på är av för med den till inte har jag han var hon",
    "da": "og at det er til på som med for af ikke har den jeg han var hun mig "
          "havde sagde noget hvad meget ud hende",
    "nb": "og at det er til på som med for av ikke har den jeg han var hun meg "
          "hadde noe hva etter ble dere mye seg deg gikk",
    "fi": "ja on ei se että hän oli ovat mutta kun niin jo tai vain minä sinä",
    "pl": "nie na się do to że jest jak ale co tak po od za jego jej",
}
_WORDS = {lang: set(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+")
_SAMPLE = 200_000   # characters read from the middle of the book (front matter is often English)
_MIN_SHARE = 0.08   # of the sample's words, for a language to count at all
_MARGIN = 1.5       # ... and this many times the share of English
_FEW_WORDS = 50     # fewer words than this are told by stricter rules:
_FEW_HITS, _FEW_SHARE = 4, 0.2  # this many function words, this share of the words


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, of those
    listed above; English when the text is too short or too mixed to tell.
    A Project Gutenberg text is read without its (English) header and licence,
    and its header's "Language: French" line, when it has one, says it."""
    from .boilerplate import blank_boilerplate, gutenberg_spans

    spans = gutenberg_spans(text)
    if spans and spans[0][0] == 0:
        said = _LANGUAGE_LINE.search(text, 0, spans[0][1])
        if said and said.group(1).lower() in _NAMES:
            return _NAMES[said.group(1).lower()]
    text = blank_boilerplate(text)
    mid = max(0, len(text) // 2 - _SAMPLE // 2)
    words = Counter(w.lower() for w in _TOKEN.findall(text, mid, mid + _SAMPLE))
    total = sum(words.values())
    if not total:
        return ENGLISH
    hits = {lang: sum(words[w] for w in vocab) for lang, vocab in _WORDS.items()}
    share = {lang: n / total for lang, n in hits.items()}
    # the likeliest other language, if it stands well clear of English (Danish and Norwegian,
    # close kin, are told apart by their few words of their own: "af", "mig", "havde" / "av", "meg", "hadde")
    best = max((lang for lang in share if lang != ENGLISH), key=share.get)
    if total < _FEW_WORDS:
        # a few lines (a poem, a short scene): told only when plain, its function words
        # frequent and English ones next to none ("Le Chat" over an English text stays English)
        if hits[best] >= _FEW_HITS and share[best] >= _FEW_SHARE and hits[ENGLISH] * 4 <= hits[best]:
            return best
        return ENGLISH
    if share[best] >= _MIN_SHARE and share[best] >= _MARGIN * share[ENGLISH]:
        return best
    return ENGLISH


# A Gutenberg header's "Language: French"
_LANGUAGE_LINE = re.compile(r"^Language:[ \t]*([A-Za-z]+)[ \t]*$", re.M)
_NAMES = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "dutch": "nl",
          "portuguese": "pt", "swedish": "sv", "danish": "da", "norwegian": "nb", "finnish": "fi", "polish": "pl",
          "latin": "la", "esperanto": "eo", "catalan": "ca", "hungarian": "hu", "czech": "cs", "greek": "el",
          "russian": "ru", "welsh": "cy", "icelandic": "is"}
# Codes eSpeak knows under another: ISO 639-2 ("eng", "fre"/"fra", "ger"/"deu"), which some EPUBs'
# dc:language gives, and Norwegian ("no", Nynorsk "nn"), which eSpeak reads as Bokmål
_ALIASES = {"eng": "en", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "spa": "es", "ita": "it",
            "dut": "nl", "nld": "nl", "por": "pt", "swe": "sv", "dan": "da", "nor": "nb", "nob": "nb",
            "nno": "nb", "no": "nb", "nn": "nb", "fin": "fi", "pol": "pl", "lat": "la", "epo": "eo",
            "cat": "ca", "hun": "hu", "cze": "cs", "ces": "cs", "gre": "el", "ell": "el", "rus": "ru",
            "wel": "cy", "cym": "cy", "ice": "is", "isl": "is"}


def base_language(code: str | None) -> str:
    """"fr-FR" -> "fr", "fre" -> "fr", "no" -> "nb" (eSpeak's Norwegian); None or "" -> English."""
    base = (code or ENGLISH).strip().lower().replace("_", "-").split("-")[0] or ENGLISH
    return _ALIASES.get(base, base)


def is_english(code: str | None) -> bool:
    return base_language(code) == ENGLISH


# ISO 639-2/T codes, as audio files tag their language (MP4's media header, ID3's TLAN)
_ISO639_2 = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "nl": "nld", "pt": "por",
             "sv": "swe", "da": "dan", "nb": "nob", "fi": "fin", "pl": "pol", "la": "lat", "eo": "epo",
             "ca": "cat", "hu": "hun", "cs": "ces", "el": "ell", "ru": "rus", "cy": "cym", "is": "isl"}


def iso639_2(code: str | None) -> str:
    """The three-letter code of a language ("fr-FR" -> "fra"); "und" when it is unknown."""
    base = base_language(code)
    if len(base) == 3 and base.isalpha():
        return base
    return _ISO639_2.get(base, "und")
