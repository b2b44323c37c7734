"""Plausible Chinese names for the demo: surnames weighted by real frequency, given names by era and sex.

The seed's district is in Guangdong (its unit representatives include a Zhongshan college), so
residents registered by household (户籍) draw from Guangdong's surname frequencies and residents
registered where they live (人户分离) from the national ones. Weights are per mille, rounded from
published surname surveys; the rare compound (欧阳, 司马, 诸葛, 司徒, 上官) and polyphonic
(曾 单 解 仇 区 覃) surnames are kept on purpose: they are the names software gets wrong.
"""

from __future__ import annotations

import random
from itertools import accumulate

# Guangdong: 陈 leads, 梁 and 区 are far more common than nationally.
_GUANGDONG = (
    "陈103 李73 黄63 张45 梁40 林37 刘35 吴32 罗26 何26 郑22 杨21 冯15 周15 谢14 叶13 曾13 邓12 朱11 "
    "钟11 蔡10 苏10 卢10 许9 郭9 王9 潘8 赖8 彭8 余8 邱7 欧7 麦5 方5 莫5 袁5 温5 徐5 萧4 肖4 江4 "
    "胡4 高4 谭4 廖4 严4 区3 冼2 容2 简2 古2 卓1 覃1 单1 解1 仇1 欧阳2 司徒2 司马1 诸葛1 上官1"
)
# National: 王 李 张 刘 陈 lead.
_NATIONAL = (
    "王72 李72 张68 刘54 陈45 杨31 黄22 赵22 吴21 周19 徐16 孙15 马15 朱14 胡14 郭13 何12 高12 林12 "
    "罗11 郑11 梁10 谢9 宋8 唐8 许8 韩8 冯8 邓7 曹7 彭7 曾7 肖7 田6 董6 袁6 潘6 于6 蒋6 蔡6 余5 "
    "杜5 叶5 程5 苏5 魏5 吕5 丁5 任5 沈5 姚4 卢4 姜4 崔4 钟4 谭4 陆4 汪4 范4 金4 石3 廖3 贾3 夏3 "
    "韦3 付3 方3 白3 邹3 孟3 熊2 秦2 邱2 江2 尹2 覃2 单1 解1 仇1 区1 欧阳1 司马1 诸葛1 上官1"
)

# Given-name characters: older generations (born before about 1970) and younger ones.
_MALE_OLD = "国建华明德福祥荣志伟强军平永立文忠民光耀炳权灿棠锦坤海生新树林成正义庆春荣"
_MALE_YOUNG = "伟强杰涛超浩宇鹏俊峰磊亮凯健斌波辉东杰明志豪嘉俊文轩子健家乐梓锐晓阳振宇"
_FEMALE_OLD = "秀英兰桂珍凤玉淑芳丽红梅琴云莲霞娟翠萍群好娣嫦彩金妹爱月惠"
_FEMALE_YOUNG = "芳敏静丽燕玲婷雪琳颖欣怡佳晶倩妮慧洁丹蕾莹璐思敏雅琪嘉欣晓薇"
_POOLS = {("M", True): _MALE_OLD, ("M", False): _MALE_YOUNG, ("F", True): _FEMALE_OLD, ("F", False): _FEMALE_YOUNG}


def _table(text: str) -> tuple[tuple[str, ...], list[float]]:
    names, weights = [], []
    for entry in text.split():
        i = next(i for i, ch in enumerate(entry) if ch.isdigit())
        names.append(entry[:i])
        weights.append(float(entry[i:]))
    return tuple(names), list(accumulate(weights))


GUANGDONG_SURNAMES, _GUANGDONG_CUM = _table(_GUANGDONG)
NATIONAL_SURNAMES, _NATIONAL_CUM = _table(_NATIONAL)
COMPOUND_SURNAMES = frozenset(s for s in GUANGDONG_SURNAMES + NATIONAL_SURNAMES if len(s) > 1)
POLYPHONIC_SURNAMES = frozenset("曾单解仇区覃")

COMMUNITY_STEMS = (
    "东湖", "西园", "南华", "北岭", "兴中", "莲峰", "岐江", "凤鸣", "龙泉", "翠景", "松苑", "民生",
    "和平", "安栏", "悦来", "长洲", "员峰", "太平", "光明", "福苑", "紫荆", "柏苑", "康华", "孙文",
    "竹苑", "齐东", "桥头", "湖滨", "新安", "青溪",
)
STREET_SUFFIXES = ("路", "大街", "一街", "二街", "三街", "新村", "花园", "里")


def surname(rng: random.Random, local: bool = True) -> str:
    """A surname drawn by frequency: Guangdong's for local residents, national for the others."""
    if local:
        return rng.choices(GUANGDONG_SURNAMES, cum_weights=_GUANGDONG_CUM)[0]
    return rng.choices(NATIONAL_SURNAMES, cum_weights=_NATIONAL_CUM)[0]


def given_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """One or two given-name characters in the style of the person's generation and sex."""
    old = birth_year < 1970 if rng.random() < 0.8 else birth_year < 1985
    pool = _POOLS[sex, old]
    # Single-character given names were most common among people born 1975-1995.
    single = 0.35 if 1975 <= birth_year <= 1995 else 0.15
    if rng.random() < single:
        return rng.choice(pool)
    if sex == "F" and birth_year >= 1975 and rng.random() < 0.05:
        return rng.choice(pool) * 2     # 叠字 names (婷婷, 欣欣) are mostly young women's
    first, second = rng.sample(pool, 2)
    return first + second


def community_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` distinct community stems and names (东湖, 东湖社区), in the drawn order."""
    if count > len(COMMUNITY_STEMS):
        raise ValueError("not enough community names")
    return [(stem, f"{stem}社区") for stem in rng.sample(COMMUNITY_STEMS, count)]


def streets(stem: str) -> list[str]:
    """The streets of a community, named after it (东湖路, 东湖大街 ...)."""
    return [stem + suffix for suffix in STREET_SUFFIXES]
