"""Well-known place names (continents, countries, regions, large cities).

A novel talks of "Italy" or "Paris" the way it talks of its people: after a
verb, as a subject ("Italy was coming at last"), with a possessive.  Such a
name is no speaker, however it is used.  Names that are also given names
("Florence", "Georgia", "Victoria") are left out: a person may bear them.
"""
PLACES = frozenset("""
africa america asia australia europe antarctica arabia
albania algeria argentina armenia austria belgium bengal bohemia bolivia brazil britain bulgaria
burma canada ceylon chile china colombia corsica crete croatia cuba cyprus denmark egypt
ethiopia finland flanders france germany greece holland hungary iceland india ireland italy jamaica
japan korea lapland malta mexico mongolia morocco naples norway palestine persia peru poland
portugal prussia russia sardinia saxony scotland serbia siberia sicily spain sweden switzerland
syria tibet turkey tuscany ukraine venezuela wales
amsterdam athens baghdad berlin bombay boston brussels cairo calcutta canterbury constantinople
copenhagen dublin edinburgh geneva genoa glasgow hamburg jerusalem lisbon liverpool lucerne madras
madrid manchester marseilles milan moscow munich oxford cambridge padua palermo paris pisa prague
rome siena stockholm venice verona vienna warsaw york
""".split())

# the last word of a street's or a building's name ("Pinchin Lane", "Baker Street", "Waterloo
# Station"): words no surname is likely to be (not "Hall", "Wood", "Green", "Hill")
PLACE_ENDINGS = frozenset("""
street streets lane road square terrace avenue crescent gardens station hotel abbey cathedral
embankment quay wharf docks parish county shire
""".split())
