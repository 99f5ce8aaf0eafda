"""Pronunciation lexicons: loading, matching, errors."""

from __future__ import annotations

import pytest

from audiozine.errors import ConfigError
from audiozine.lexicon import Lexicon, Pronunciation, load_lexicon, parse_entry

from .fixtures import REPO

SHIPPED = REPO / "voices" / "lexicon.toml"


def _lex(**entries: str) -> Lexicon:
    return Lexicon({k.replace("_", " "): Pronunciation(say=v) for k, v in entries.items()})


def test_whole_word_only():
    lex = _lex(Kaia="Kya")
    assert lex.apply("Kaia and Kaiak") == "Kya and Kaiak"
    assert lex.apply("Kaia's school, Kaia-like, (Kaia).") == "Kya's school, Kya-like, (Kya)."
    assert lex.apply("MyKaia") == "MyKaia"


def test_case_aware():
    lex = Lexicon({"AA": Pronunciation(say="A.A."), "paella": Pronunciation(say="pa-ay-ya")})
    assert lex.apply("flying AA") == "flying A.A."
    assert lex.apply("aa batteries and Aa") == "aa batteries and Aa"
    assert lex.apply("Paella and PAELLA and paella") == "pa-ay-ya and pa-ay-ya and pa-ay-ya"


def test_multi_word_and_longest_first():
    lex = _lex(cha="tea", cha_gio="chah yaw")
    assert lex.apply("cha gio and cha") == "chah yaw and tea"
    assert lex.apply("cha\n gio") == "chah yaw"


def test_keys_with_punctuation():
    lex = _lex(**{"C++": "C plus plus", "Dr. Who": "Doctor Who"})
    assert lex.apply("I like C++ and Dr. Who.") == "I like C plus plus and Doctor Who."


def test_phonemes_only_for_piper():
    lex = Lexicon({"Maughan": Pronunciation(say="Mawn", phonemes="mˈɔːn"),
                   "paella": Pronunciation(phonemes="paɪˈeɪə")})
    assert lex.apply("Maughan's paella") == "[[ mˈɔːn ]]'s [[ paɪˈeɪə ]]"
    other = lex.for_engine("pyttsx3")
    assert other.apply("Maughan's paella") == "Mawn's paella"
    assert other.for_engine("piper").apply("Maughan") == "[[ mˈɔːn ]]"


def test_empty_lexicon_is_identity():
    assert Lexicon().apply("Anything at all.") == "Anything at all."
    assert len(Lexicon()) == 0


def test_load_shipped_lexicon():
    lex = load_lexicon([SHIPPED])
    for word in ("Kaia", "SoHo", "SpiderOak", "Duckworth", "Maughan", "cha gio", "paella"):
        assert word in lex, word
    assert lex.apply("Kaia") == "Kya"
    assert load_lexicon([SHIPPED], engine="pyttsx3").apply("Maughan") == "Mawn"


def test_show_entries_override_files(tmp_path):
    path = tmp_path / "lex.toml"
    path.write_text('Kaia = "Kya"\nGable = "Gay-bull"\n', encoding="utf-8")
    lex = load_lexicon([path], {"Kaia": "Kai-ah", "Amber": "Am-ber"})
    assert lex.apply("Kaia Gable Amber") == "Kai-ah Gay-bull Am-ber"


def test_later_files_override_earlier(tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text('Kaia = "one"\n', encoding="utf-8")
    second.write_text('Kaia = "two"\n', encoding="utf-8")
    assert load_lexicon([first, second]).apply("Kaia") == "two"


def test_table_and_phoneme_block_forms(tmp_path):
    path = tmp_path / "lex.toml"
    path.write_text(
        'Maughan = { say = "Mawn", phonemes = "mˈɔːn" }\n'
        'paella = "[[ paɪˈeɪə ]]"\n'
        '[Duckworth]\nsay = "Duck worth"\n', encoding="utf-8")
    lex = load_lexicon([path])
    assert lex.entries["Maughan"] == Pronunciation(say="Mawn", phonemes="mˈɔːn")
    assert lex.entries["paella"] == Pronunciation(phonemes="paɪˈeɪə")
    assert lex.entries["Duckworth"] == Pronunciation(say="Duck worth")


@pytest.mark.parametrize("body,line,field", [
    ('Kaia = "Kya"\nBad = ""\n', 2, "Bad"),
    ('Kaia = "Kya"\n\nBad = 3\n', 3, "Bad"),
    ('Bad = { sya = "x" }\n', 1, "Bad"),
    ('Bad = { phonemes = 1 }\n', 1, "Bad"),
    ('Bad = {}\n', 1, "Bad"),
    ('"cha gio" = ["x"]\n', 1, "cha gio"),
])
def test_bad_entries_raise_with_location(tmp_path, body, line, field):
    path = tmp_path / "lex.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon([path])
    assert info.value.path == path
    assert info.value.line == line
    assert info.value.field == field
    assert str(path) in str(info.value)


def test_bad_toml_and_missing_file(tmp_path):
    path = tmp_path / "lex.toml"
    path.write_text('Kaia = "Kya"\nBroken = \n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon([path])
    assert info.value.line == 2
    with pytest.raises(ConfigError, match="not found"):
        load_lexicon([tmp_path / "missing.toml"])


def test_bad_show_entry_names_the_field():
    with pytest.raises(ConfigError) as info:
        load_lexicon([], {"Kaia": "  "})
    assert info.value.field == "lexicon.Kaia"


def test_parse_entry_forms():
    assert parse_entry("x", "y") == Pronunciation(say="y")
    assert parse_entry("x", "[[ a ]]") == Pronunciation(phonemes="a")
    assert parse_entry("x", {"say": "y", "phonemes": "z"}) == Pronunciation("y", "z")


def test_bad_show_entry_points_into_the_show_file(tmp_path):
    show = tmp_path / "show.toml"
    show.write_text('title = "x"\n[lexicon]\nKaia = ""\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon([], {"Kaia": ""}, extra_path=show)
    assert (info.value.path, info.value.line, info.value.field) == (show, 3, "lexicon.Kaia")
