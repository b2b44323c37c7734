"""A name's search keys come out the same whether pypinyin is imported or its dictionaries are read directly."""

from __future__ import annotations

import random

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from app.register.pinyin import (
    _LATIN,
    clean_name,
    given_syllables,
    name_key_texts,
    split_name,
    surname_syllables,
)
from app.register.pinyin_table import _tables, reading_keys


def _pypinyin_keys(text: str) -> tuple[str, str]:
    syllables = [s for s in (_LATIN.sub("", p.lower()) for p in lazy_pinyin(text, style=Style.NORMAL)) if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def _keys_through_pypinyin(raw: str) -> tuple[str, str, str, str, str, str]:
    """The keys as `name_keys` made them before: every reading asked of pypinyin (`given_syllables`)."""
    name = clean_name(raw)
    surname, given = split_name(name)
    sur, giv = surname_syllables(surname), given_syllables(given)
    given_initials = "".join(s[0] for s in giv)
    return (name, surname, given, "".join(sur + giv), "".join(s[0] for s in sur) + given_initials,
            surname + given_initials)


def test_the_dictionaries_read_directly_are_pypinyins_own() -> None:
    tables = _tables()
    assert tables is not None
    assert tables.phrases == set(PHRASES_DICT)
    assert tables.pairs == {k: (v[0][0], v[1][0]) for k, v in PHRASES_DICT.items() if len(k) == 2 and len(v) == 2}
    assert {int(k): v for k, v in tables.readings.items()} == PINYIN_DICT


def test_every_character_reads_as_pypinyin_reads_it() -> None:
    read = 0
    for code in PINYIN_DICT:
        char = chr(code)
        found = reading_keys(char)
        assert found is None or found == _pypinyin_keys(char), char
        read += found is not None
    assert read > 0.9 * len(PINYIN_DICT)      # nearly all are read without pypinyin
    for char in "a1·〇":
        found = reading_keys(char)
        assert found is None or found == _pypinyin_keys(char), char


def test_two_character_phrases_read_as_pypinyin_reads_them() -> None:
    phrases = sorted(k for k in PHRASES_DICT if len(k) == 2)
    for phrase in random.Random(3).sample(phrases, 3000) + ["宁静", "长江", "重庆", "朝阳", "都市", "银行"]:
        assert reading_keys(phrase) == _pypinyin_keys(phrase), phrase


def test_names_keep_the_keys_pypinyin_gives_them() -> None:
    rnd = random.Random(2011)
    pool = [chr(rnd.randrange(0x4E00, 0x9FA6)) for _ in range(300)] + list("曾单解长乐重行朝都万〇宁静江河中和民")
    pool += [c for k in rnd.sample(sorted(k for k in PHRASES_DICT if len(k) == 3), 40) for c in k]
    names = ["".join(rnd.choice(pool) for _ in range(rnd.choice((2, 3, 3, 3, 4, 5)))) for _ in range(6000)]
    names += ["欧阳宁静", "王宁静", "曾国藩", "单田芳", "司马长江", "张 三", "阿卜杜·热合曼", "Li Ming", "李a"]
    for raw in names:
        assert name_key_texts(raw) == _keys_through_pypinyin(raw), raw
