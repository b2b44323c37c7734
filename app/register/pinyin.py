"""Reading a voter's name aloud: surname and given name, full pinyin and initials (拼音, 首字母).

pypinyin reads a character by its commonest sound, which is wrong for many surnames: 曾 is "zeng"
as a surname, not "ceng". So the surname is split off first (compound surnames such as 欧阳 and
尉迟 before single ones) and read from `SURNAME_READINGS`; only the given name goes to pypinyin.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.register.pinyin_table import reading_keys

# Compound surnames (复姓) with their reading as a surname.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "诸葛": ("zhu", "ge"), "上官": ("shang", "guan"),
    "尉迟": ("yu", "chi"), "万俟": ("mo", "qi"), "东方": ("dong", "fang"), "皇甫": ("huang", "fu"),
    "令狐": ("ling", "hu"), "公孙": ("gong", "sun"), "慕容": ("mu", "rong"), "长孙": ("zhang", "sun"),
    "宇文": ("yu", "wen"), "司徒": ("si", "tu"), "司空": ("si", "kong"), "夏侯": ("xia", "hou"),
    "轩辕": ("xuan", "yuan"), "端木": ("duan", "mu"), "独孤": ("du", "gu"), "南宫": ("nan", "gong"),
    "西门": ("xi", "men"), "闻人": ("wen", "ren"), "呼延": ("hu", "yan"), "澹台": ("tan", "tai"),
    "公冶": ("gong", "ye"), "太史": ("tai", "shi"), "申屠": ("shen", "tu"), "钟离": ("zhong", "li"),
    "拓跋": ("tuo", "ba"), "百里": ("bai", "li"), "东郭": ("dong", "guo"), "濮阳": ("pu", "yang"),
    "赫连": ("he", "lian"), "闾丘": ("lv", "qiu"), "单于": ("chan", "yu"), "鲜于": ("xian", "yu"),
    "左丘": ("zuo", "qiu"), "公羊": ("gong", "yang"), "谷梁": ("gu", "liang"), "乐正": ("yue", "zheng"),
}

# Single surnames whose surname reading differs from pypinyin's default reading.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "覃": "qin", "查": "zha",
    "朴": "piao", "繁": "po", "盖": "ge", "缪": "miao", "翟": "zhai", "乐": "yue", "尉": "wei",
    "秘": "bi", "种": "chong", "员": "yun", "召": "shao", "祭": "zhai", "隗": "wei", "句": "gou",
    "薄": "bo", "折": "she", "阚": "kan", "佴": "nai", "都": "du", "能": "nai", "重": "chong",
    "冼": "xian", "洗": "xian", "粘": "nian", "钭": "tou", "长": "chang", "蕃": "pi", "宓": "fu",
    "贲": "ben", "费": "fei", "万": "wan", "沈": "shen", "柏": "bai", "燕": "yan", "车": "che",
    "莘": "shen", "殷": "yin", "黑": "he", "石": "shi", "应": "ying", "曲": "qu", "盛": "sheng",
    "宿": "su", "过": "guo", "纪": "ji", "任": "ren", "华": "hua", "叶": "ye", "相": "xiang",
}

_LATIN = re.compile(r"[^a-z0-9]")
_NAME_DOTS = re.compile(r"[·•・‧∙⋅]|(?<=[\u3400-\u9fff])\.(?=[\u3400-\u9fff])")   # 阿卜杜·热合曼
_SINGLE_SYLLABLE = re.compile(r"^[a-z]{1,6}$")
_U_AFTER_L_OR_N = re.compile(r"(?<=[ln])y?u")    # lu, lyu (a passport's 吕 LYU), nu: perhaps lü, nü typed without ü
MAX_VARIANTS = 4
_PLAIN_HAN = re.compile("[\u4e00-\u9fff]+")    # CJK Unified Ideographs: unchanged by NFKC, no space, dot or Cf


@dataclass(frozen=True)
class NameKeys:
    """The search keys of one name: 张晓明 -> 张 / 晓明 / zhangxiaoming / zxm / 张xm."""

    name: str
    surname: str
    given: str
    pinyin: str
    initials: str
    surname_initials: str


def clean_name(raw: str) -> str:
    """A name as indexed and searched: NFKC-normalised, without spaces, invisible characters or middle dots."""
    text = "".join(unicodedata.normalize("NFKC", raw).split())   # str.split and re's \s: the same whitespace
    if not text.isascii():
        text = _NAME_DOTS.sub("", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))
    return text


def plain_latin(text: str) -> str:
    """Pinyin as typed, in the index's spelling: lower case, no tone marks, ü as v (lǚ -> lv)."""
    text = text.lower().replace("u:", "v")
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text).replace("u\u0308", "v")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1024)
def surnames_read_as(reading: str) -> tuple[str, ...]:
    """The surnames (single or compound) read `reading` as a surname: "shan" -> 单, 山, 善 ...; "ouyang" -> 欧阳."""
    found = [c for c, syllables in COMPOUND_SURNAMES.items() if "".join(syllables) == reading]
    if _SINGLE_SYLLABLE.match(reading):
        # pypinyin's dictionary, not pypinyin itself (0.3 s to load), for the characters' commonest readings
        found += [c for c in _characters_read_as().get(reading, ()) if c not in SURNAME_READINGS]
        found += [c for c, r in SURNAME_READINGS.items() if r == reading]
    return tuple(found)


@lru_cache(maxsize=1)
def _characters_read_as() -> dict[str, list[str]]:
    """The common characters (GB 2312) by their first toneless reading in pypinyin's dictionary (built once)."""
    from pypinyin.constants import PINYIN_DICT

    by_reading: dict[str, list[str]] = {}
    for code, readings in PINYIN_DICT.items():
        if 0x4E00 <= code <= 0x9FFF and _is_common(chr(code)):
            by_reading.setdefault(plain_latin(readings.split(",")[0]), []).append(chr(code))
    return by_reading


def variant_readings(typed: str) -> list[str]:
    """Other spellings a clerk may have meant by `typed` (plain pinyin): ü typed as u, or as yu (a passport's
    吕 LYU), after l and n (luxiaohu -> lvxiaohu, 吕小虎); each spot alone, then all of them. A surname typed in
    its everyday reading is not one of them: 曾 is zeng, never ceng (`SURNAME_READINGS`)."""
    spots = list(_U_AFTER_L_OR_N.finditer(typed))[:MAX_VARIANTS]
    found = [typed[:spot.start()] + "v" + typed[spot.end():] for spot in spots]
    if len(spots) > 1:
        found.append(_U_AFTER_L_OR_N.sub("v", typed))
    return found


def _is_common(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name): compound surnames first, then the first character."""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=4096)
def surname_syllables(surname: str) -> tuple[str, ...]:
    """The surname read as a surname (曾 -> zeng, 尉迟 -> yu chi)."""
    if surname in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[surname]
    if surname in SURNAME_READINGS:
        return (SURNAME_READINGS[surname],)
    return given_syllables(surname)


@lru_cache(maxsize=200_000)
def given_syllables(given: str) -> tuple[str, ...]:
    """The given name in toneless pinyin, one lowercase syllable per character (ü as v)."""
    if len(given) == 2 and _read_char_by_char(given):   # most given names: two characters, read on their own
        return given_syllables(given[0]) + given_syllables(given[1])
    from pypinyin import Style, lazy_pinyin  # 0.3 s to load its dictionary: only when a name is read

    syllables = (_LATIN.sub("", s.lower()) for s in lazy_pinyin(given, style=Style.NORMAL))
    return tuple(s for s in syllables if s)


def _read_char_by_char(text: str) -> bool:
    """True when pypinyin reads `text` as its characters each read alone (their commonest single reading).

    That is so when neither the text nor any of its characters is an entry of its phrase dictionary
    (a phrase, or a one-character entry, has a reading of its own) and every character is a Han
    character with a reading of its own (others are passed through in runs, not one by one).
    """
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS

    return text not in PHRASES_DICT and all(
        c not in PHRASES_DICT and ord(c) in PINYIN_DICT and RE_HANS.match(c) for c in text)


def name_keys(raw_name: str) -> NameKeys:
    """Every search key of a name."""
    return NameKeys(*name_key_texts(raw_name))


def name_key_texts(raw_name: str) -> tuple[str, str, str, str, str, str]:
    """A name's search keys as a plain tuple in `NameKeys` order (the cheap form for building the index)."""
    name = raw_name if _PLAIN_HAN.fullmatch(raw_name) else clean_name(raw_name)   # most names: already clean
    surname, given = split_name(name)
    sur_pinyin, sur_initials = _surname_keys(surname)
    giv_pinyin, giv_initials = _given_keys(given)
    return name, surname, given, sur_pinyin + giv_pinyin, sur_initials + giv_initials, surname + giv_initials


@lru_cache(maxsize=8192)
def _surname_keys(surname: str) -> tuple[str, str]:
    if surname not in COMPOUND_SURNAMES and surname not in SURNAME_READINGS:
        return _given_keys(surname)
    syllables = surname_syllables(surname)
    return "".join(syllables), "".join(s[0] for s in syllables)


@lru_cache(maxsize=200_000)
def _given_keys(given: str) -> tuple[str, str]:
    """(pinyin, initials) of `given_syllables(given)`, without importing pypinyin for the usual name."""
    found = reading_keys(given)
    if found is not None:
        return found
    syllables = given_syllables(given)
    return "".join(syllables), "".join(s[0] for s in syllables)
