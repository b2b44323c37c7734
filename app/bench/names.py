"""Plausible Chinese names for synthetic registers: surnames by their rough frequency, given names of 1-2 characters."""

from __future__ import annotations

import random

# Surnames with weights roughly following their share of the population (per 1,000), a few
# polyphonic and compound surnames included on purpose: the lookup must read them as surnames.
SURNAMES: dict[str, float] = {
    "王": 71, "李": 70, "张": 67, "刘": 54, "陈": 45, "杨": 31, "黄": 22, "赵": 20, "吴": 20, "周": 19,
    "徐": 13, "孙": 12, "马": 11, "朱": 11, "胡": 10, "郭": 10, "何": 9, "高": 9, "林": 9, "罗": 9,
    "郑": 8, "梁": 8, "谢": 7, "宋": 6, "唐": 6, "许": 6, "韩": 5, "冯": 5, "邓": 5, "曹": 5, "彭": 5,
    "曾": 5, "肖": 5, "田": 4, "董": 4, "袁": 4, "潘": 4, "于": 4, "蒋": 4, "蔡": 4, "余": 4, "杜": 4,
    "叶": 4, "程": 4, "苏": 3, "魏": 3, "吕": 3, "丁": 3, "任": 3, "沈": 3, "姚": 3, "卢": 3, "姜": 3,
    "崔": 3, "钟": 3, "谭": 3, "陆": 3, "汪": 3, "范": 3, "金": 3, "石": 3, "廖": 3, "贾": 3, "夏": 3,
    "韦": 3, "付": 3, "方": 2, "白": 2, "邹": 2, "孟": 2, "熊": 2, "秦": 2, "邱": 2, "江": 2, "尹": 2,
    "薛": 2, "闫": 2, "段": 2, "雷": 2, "侯": 2, "龙": 2, "史": 2, "陶": 2, "黎": 2, "贺": 2, "顾": 2,
    "毛": 2, "郝": 2, "龚": 2, "邵": 2, "万": 2, "钱": 2, "严": 2, "覃": 1, "武": 1, "戴": 1, "莫": 1,
    "孔": 1, "向": 1, "汤": 1, "单": 0.3, "解": 0.3, "仇": 0.3, "区": 0.2, "查": 0.3, "朴": 0.2,
    "缪": 0.3, "翟": 0.3, "乐": 0.3, "盖": 0.2, "欧阳": 0.5, "司马": 0.2, "诸葛": 0.1, "上官": 0.1,
    "尉迟": 0.05, "万俟": 0.02, "东方": 0.05, "皇甫": 0.05, "令狐": 0.05, "慕容": 0.05,
}

GIVEN_CHARACTERS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志红梅琴云莲真环"
    "雪荣爱妹霞香月莺媛凤洁琳素云莉晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊"
    "薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊"
    "亚宜可姬舒影荔枝思丽秀飞彪富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群"
    "豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏"
)


class NameMaker:
    """Draws names from a seeded random source, so a benchmark register is the same every run."""

    def __init__(self, seed: int = 2011) -> None:
        self._random = random.Random(seed)
        self._surnames = list(SURNAMES)
        self._cumulative: list[float] = []
        total = 0.0
        for weight in SURNAMES.values():
            total += weight
            self._cumulative.append(total)

    def surname(self) -> str:
        """A surname, common ones more often."""
        return self._random.choices(self._surnames, cum_weights=self._cumulative)[0]

    def given(self) -> str:
        """A given name of one character (three in ten) or two."""
        count = 1 if self._random.random() < 0.3 else 2
        return "".join(self._random.choice(GIVEN_CHARACTERS) for _ in range(count))

    def name(self) -> str:
        """A full name: surname then given name."""
        return self.surname() + self.given()

    @property
    def random(self) -> random.Random:
        """The same seeded source, for the rest of a synthetic person."""
        return self._random
