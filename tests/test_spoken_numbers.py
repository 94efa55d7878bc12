"""spoken_numbers, through speech_text: numbers, money (also pounds, shillings and pence),
clock times, fractions, degrees, and years or quantities."""
from __future__ import annotations

import pytest

from audiobook.normalize import speech_text


@pytest.mark.parametrize("text, spoken", [
    # cardinals, decimals, ranges, negatives, leading zeros
    ("He had 3 cats and 1,000,000 fleas.", "He had three cats and one million fleas."),
    ("Pi is 3.14 and it was -5 outside.", "Pi is three point one four and it was minus five outside."),
    ("Agent 007 read pages 10–20.", "Agent zero zero seven read pages ten to twenty."),
    ("MP3 and B12 stay.", "MP3 and B12 stay."),
    # ordinals
    ("the 1st, 22nd and 103rd days", "the first, twenty-second and one hundred third days"),
    # years
    ("In 1865 the war ended.", "In eighteen sixty-five the war ended."),
    ("in 2005 and in 2024, but 2024 people", "in two thousand five and in twenty twenty-four, but two thousand twenty-four people"),
    ("the 1960s and the '80s", "the nineteen sixties and the eighties"),
    ("From 1939-1945.", "From nineteen thirty-nine to nineteen forty-five."),
    ("On July 4, 2021 we met.", "On July fourth, twenty twenty-one we met."),
    # money, percentages
    ("It cost $3.50, not $1 or $0.50.", "It cost three dollars and fifty cents, not one dollar or fifty cents."),
    ("£5 and €2.01 and $3 million", "five pounds and two euros and one cent and three million dollars"),
    ("It was 10s. 6d. a week.", "It was ten shillings and six pence a week."),
    ("Up 50% or 3.5%.", "Up fifty percent or three point five percent."),
    ("½ a cup and 3/4 of it", "one half a cup and three quarters of it"),
    # times
    ("We met at 3:30 pm and 10:05.", "We met at three thirty P M and ten oh five."),
    ("At 3:00 sharp.", "At three o'clock sharp."),
    ("Up at 7 a.m. He slept at 11 p.m.", "Up at seven A M. He slept at eleven P M."),
])
def test_numbers_money_times(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("It cost £2 10s. a week.", "It cost two pounds ten shillings a week."),
    ("It cost £2 10s. Then he left.", "It cost two pounds ten shillings. Then he left."),
    ("£1 1s. 1d. each", "one pound one shilling and one penny each"),
    ("£2 10s. 6d. in all", "two pounds ten shillings and six pence in all"),
    ("7s 6d a week", "seven shillings and six pence a week"),
    ("It cost 7s. 6d. Then", "It cost seven shillings and six pence. Then"),
    ("in the 1920s.", "in the nineteen twenties."),
])
def test_pounds_shillings_and_pence(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("at 4.30 p.m. sharp", "at four thirty P M sharp"),
    ("at 10.05 a.m. and 9.15 pm", "at ten oh five A M and nine fifteen P M"),
    ("at 4.30 o'clock", "at four thirty"),
    ("at 4.00 o\u2019clock", "at four o'clock"),
    ("it weighed 4.30 kilos", "it weighed four point three zero kilos"),
])
def test_dotted_times(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("3½ miles", "three and a half miles"),
    ("2¾ inches", "two and three quarters inches"),
    ("1¼ and 5⅓ and 3⅛", "one and a quarter and five and a third and three and an eighth"),
    ("3 1/2 feet", "three and a half feet"),
    ("⅜ inch and ⅛ and ⅔", "three eighths inch and one eighth and two thirds"),
    ("½ a cup", "one half a cup"),
])
def test_fractions(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("It was 98.6°F.", "It was ninety-eight point six degrees Fahrenheit."),
    ("20°C and -5 °C", "twenty degrees Celsius and minus five degrees Celsius"),
    ("1° off, a 45° angle, 90° in all", "one degree off, a forty-five degree angle, ninety degrees in all"),
    ("It was 20 degrees C today and 70 degrees F.", "It was twenty degrees Celsius today and seventy degrees Fahrenheit."),
])
def test_degrees(text, spoken):
    assert speech_text(text) == spoken


@pytest.mark.parametrize("text, spoken", [
    ("It was 1066.", "It was ten sixty-six."),
    ("1850 saw riots.", "eighteen fifty saw riots."),
    ("in 1850 or 1851", "in eighteen fifty or eighteen fifty-one"),
    ("He scored 1850 points.", "He scored one thousand eight hundred fifty points."),
    ("1200 men and 1500 ft and 1500 of them", "one thousand two hundred men and one thousand five hundred feet and one thousand five hundred of them"),
    ("1001 nights", "one thousand one nights"),
    ("since 1850 prices rose", "since eighteen fifty prices rose"),
    ("the year 2026", "the year twenty twenty-six"),
    ("In 2005 and by 2026.", "In two thousand five and by twenty twenty-six."),
    ("2024 was long", "two thousand twenty-four was long"),
    ("A.D. 1066", "A.D. ten sixty-six"),
    ("page 2500 of 3000", "page two thousand five hundred of three thousand"),
])
def test_years_and_quantities(text, spoken):
    assert speech_text(text) == spoken
