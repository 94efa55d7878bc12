"""Common English diminutives of first names ("Lizzy" is Elizabeth).

Used only to join a pet name to the formal first name the same book uses;
a pet name the book gives its own full name ("Tom Gradgrind" beside
"Thomas Gradgrind") stays a person of its own.
"""
from __future__ import annotations

_FORMAL = {
    "elizabeth": "lizzy lizzie liz lizbeth eliza betsy betty bess bessie beth libby elsie",
    "margaret": "maggie meg peggy madge daisy greta",
    "catherine": "kate kitty katie kit cathy kath",
    "katherine": "kate kitty katie kit kathy",
    "mary": "molly polly mamie minnie",
    "sarah": "sally sadie",
    "ann": "annie nan nancy nannie",
    "anne": "annie nan nancy nannie",
    "eleanor": "nell nellie nelly ellie",
    "helen": "nell nellie nelly",
    "evelyn": "evie eve",
    "frances": "fanny fan frankie",
    "isabella": "bella belle isa",
    "harriet": "hattie hetty",
    "henrietta": "hetty etta",
    "dorothy": "dolly dot dora",
    "susan": "sue susie sukey",
    "matilda": "tilly tilda maud",
    "louisa": "lou louie",
    "caroline": "carrie caro",
    "charlotte": "lottie lotty",
    "theresa": "tess tessa terry",
    "william": "will willie willy bill billy",
    "robert": "rob robin bob bobby bert",
    "richard": "dick dicky rick",
    "edward": "ned ted teddy eddie ed",
    "thomas": "tom tommy",
    "james": "jim jimmy jem jamie",
    "john": "jack johnny",
    "henry": "harry hal hank",
    "charles": "charley charlie chas",
    "frederick": "fred freddy freddie",
    "alfred": "alf alfie fred",
    "albert": "bert bertie al",
    "joseph": "joe joey",
    "samuel": "sam sammy",
    "benjamin": "ben benny",
    "nicholas": "nick nicky",
    "christopher": "kit chris",
    "francis": "frank frankie",
    "lawrence": "larry laurie",
    "laurence": "larry laurie",
    "archibald": "archie",
    "george": "georgie",
    "peter": "pete",
    "michael": "mike mick",
    "daniel": "dan danny",
    "david": "dave davy",
    "timothy": "tim timmy",
    "augustus": "gus",
    "theodore": "theo ted teddy",
}
DIMINUTIVE_OF: dict[str, set[str]] = {}
for _formal, _pets in _FORMAL.items():
    for _pet in _pets.split():
        DIMINUTIVE_OF.setdefault(_pet, set()).add(_formal)


def formal_names(word: str) -> set[str]:
    """The formal first names a lower-case pet name may stand for."""
    return DIMINUTIVE_OF.get(word, set())
