from audiobook.attribution_model.nicknames import formal_names


def test_pet_names_map_to_formal_first_names():
    assert formal_names("lizzy") == {"elizabeth"}
    assert formal_names("kate") == {"catherine", "katherine"}
    assert formal_names("elizabeth") == set()
