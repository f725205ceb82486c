"""Names, e-mail domains, registry ids and phone numbers for the demo world.

Company names are built from small banks of parts and kept unique (after stripping the legal
suffix, as the duplicate check does), so the only near-duplicate pair in the world is the one
placed on purpose. Registry ids and phone numbers come from a bijection of a running number, so
they never collide either.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"王:wang 李:li"`` -> ``(("王", "wang"), ("李", "li"))``."""
    return tuple((word.split(":")[0], word.split(":")[1]) for word in _words(text))


SURNAMES: tuple[tuple[str, str], ...] = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma "
    "朱:zhu 胡:hu 郭:guo 何:he 林:lin 高:gao 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 韩:han "
    "冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 潘:pan 袁:yuan 蔡:cai 蒋:jiang 余:yu "
    "杜:du 叶:ye 程:cheng 魏:wei 苏:su 丁:ding 任:ren 姚:yao 沈:shen 钟:zhong 崔:cui 谭:tan 陆:lu 范:fan "
    "廖:liao 石:shi 金:jin 贾:jia 夏:xia 方:fang 邹:zou 熊:xiong 白:bai 孟:meng 秦:qin 邱:qiu 侯:hou "
    "江:jiang 薛:xue 段:duan 雷:lei 龙:long 史:shi 陶:tao 贺:he 顾:gu 龚:gong 邵:shao 万:wan 钱:qian "
    "戴:dai 严:yan 孔:kong 常:chang"
)
GIVEN_NAMES: tuple[tuple[str, str], ...] = _pairs(
    "伟:wei 芳:fang 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie 涛:tao "
    "明:ming 超:chao 秀英:xiuying 霞:xia 平:ping 刚:gang 建国:jianguo 建华:jianhua 志强:zhiqiang "
    "海燕:haiyan 晓东:xiaodong 文博:wenbo 思远:siyuan 雨桐:yutong 子涵:zihan 浩然:haoran 欣怡:xinyi "
    "俊杰:junjie 立华:lihua 振宇:zhenyu 晓明:xiaoming 国栋:guodong 美玲:meiling 春梅:chunmei 宏伟:hongwei "
    "志华:zhihua 佳琪:jiaqi 一鸣:yiming 家豪:jiahao 雪:xue 婷:ting 鹏:peng 辉:hui 斌:bin 颖:ying 琳:lin "
    "凯:kai 鑫:xin 蕾:lei 倩:qian 慧:hui 健:jian 亮:liang 宁:ning 悦:yue 晨:chen 昊:hao 德明:deming "
    "玉兰:yulan 红梅:hongmei 永刚:yonggang"
)
EN_FIRST: tuple[str, ...] = tuple(
    _words(
        "James Michael David Daniel Andrew Kevin Jason Ryan Brian Eric Steven Mark Paul Peter Thomas Richard "
        "Robert William Benjamin Samuel Sarah Emily Jessica Jennifer Amanda Michelle Rachel Laura Olivia "
        "Sophia Grace Hannah Chloe Natalie Rebecca Victoria Claire Helen Linda Karen Priya Raj Arjun Kenji "
        "Yuki Anna Lucas Mia Noah"
    )
)
EN_LAST: tuple[str, ...] = tuple(
    _words(
        "Smith Johnson Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright Robinson Thompson White "
        "Hughes Edwards Green Hall Wood Harris Martin Jackson Clarke Lewis Young Tan Lim Lee Ng Wong Chan Goh "
        "Teo Koh Ong Chua Patel Singh Kumar Sharma Nakamura Tanaka Kim Park Schmidt Fischer Weber Dubois "
        "Rossi"
    )
)

#: Chinese city prefix: (zh, pinyin, English, macro-region, administrative division code).
CITIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("上海", "sh", "Shanghai", "华东", "310115"),
    ("北京", "bj", "Beijing", "华北", "110108"),
    ("深圳", "sz", "Shenzhen", "华南", "440300"),
    ("广州", "gz", "Guangzhou", "华南", "440106"),
    ("杭州", "hz", "Hangzhou", "华东", "330106"),
    ("苏州", "su", "Suzhou", "华东", "320505"),
    ("南京", "nj", "Nanjing", "华东", "320104"),
    ("成都", "cd", "Chengdu", "西南", "510107"),
    ("重庆", "cq", "Chongqing", "西南", "500112"),
    ("武汉", "wh", "Wuhan", "华中", "420106"),
    ("天津", "tj", "Tianjin", "华北", "120116"),
    ("宁波", "nb", "Ningbo", "华东", "330212"),
    ("无锡", "wx", "Wuxi", "华东", "320214"),
    ("东莞", "dg", "Dongguan", "华南", "441900"),
    ("佛山", "fs", "Foshan", "华南", "440604"),
    ("厦门", "xm", "Xiamen", "华东", "350206"),
    ("青岛", "qd", "Qingdao", "华东", "370212"),
    ("西安", "xa", "Xi'an", "西北", "610113"),
    ("长沙", "cs", "Changsha", "华中", "430104"),
    ("合肥", "hf", "Hefei", "华东", "340104"),
    ("郑州", "zz", "Zhengzhou", "华中", "410105"),
    ("昆明", "km", "Kunming", "西南", "530102"),
    ("华东", "hd", "East China", "华东", "310000"),
    ("华南", "hn", "South China", "华南", "440000"),
    ("华北", "hb", "North China", "华北", "110000"),
    ("西南", "xn", "Southwest China", "西南", "510000"),
)
CORE_FIRST: tuple[tuple[str, str], ...] = _pairs(
    "华:hua 恒:heng 瑞:rui 鼎:ding 宏:hong 天:tian 金:jin 远:yuan 新:xin 星:xing 中:zhong 嘉:jia 博:bo 海:hai 永:yong "
    "昌:chang 盛:sheng 泰:tai 安:an 德:de 富:fu 润:run 信:xin 和:he 东:dong 腾:teng 凯:kai 立:li 万:wan"
)
CORE_SECOND: tuple[tuple[str, str], ...] = _pairs(
    "通:tong 丰:feng 达:da 成:cheng 桥:qiao 航:hang 源:yuan 河:he 辰:chen 联:lian 科:ke 创:chuang 峰:feng 隆:long "
    "康:kang 宇:yu 晟:sheng 运:yun 拓:tuo 鑫:xin 耀:yao 锦:jin 誉:yu 驰:chi"
)
EN_CORE_FIRST: tuple[tuple[str, str], ...] = _pairs(
    "North:北 South:南 Blue:蓝 Silver:银 Golden:金 Red:红 Green:绿 Ever:恒 Star:星 Sun:日 Iron:铁 Stone:石 Oak:橡 "
    "Pine:松 Maple:枫 River:河 Lake:湖 Sea:海 Sky:天 Cloud:云 Bright:明 Clear:清 Swift:迅 Grand:宏 Prime:博 Nova:新 "
    "Apex:顶 Crystal:晶 Eagle:鹰 Harbor:港"
)
EN_CORE_SECOND: tuple[tuple[str, str], ...] = _pairs(
    "wind:风 water:水 field:田 bridge:桥 gate:门 way:道 line:线 point:点 crest:冠 ridge:岭 view:景 port:港 haven:湾 "
    "brook:溪 wood:林 light:光 peak:峰 star:星 vale:谷 stone:石"
)
#: Optional middle words of international names (with a trailing space), and their Chinese.
EN_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("", ""),
    ("Pacific ", "太平洋"),
    ("Global ", "环球"),
    ("Asia ", "亚洲"),
    ("International ", "国际"),
)
#: International locations: (region, zh, legal suffix en, suffix zh, registry style).
EN_LOCATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Singapore", "新加坡", "Pte. Ltd.", "私人有限公司", "uen"),
    ("Shanghai", "上海", "(Shanghai) Co., Ltd.", "(上海)有限公司", "uscc"),
    ("Shenzhen", "深圳", "(Shenzhen) Co., Ltd.", "(深圳)有限公司", "uscc"),
    ("Hong Kong", "香港", "Limited", "有限公司", "hk"),
    ("Beijing", "北京", "(Beijing) Co., Ltd.", "(北京)有限公司", "uscc"),
)
EN_LOCATION_CODES: dict[str, str] = {"Shanghai": "310115", "Shenzhen": "440300", "Beijing": "110105"}

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc(division: str, number: int) -> str:
    """A unified social credit code (GB 32100-2015) with valid check characters, unique per ``number``."""
    body = f"{(number * 7_919_311 + 12_345_678) % 100_000_000:08d}"
    org_check = 11 - sum(int(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    org = body + ("X" if org_check == 10 else "0" if org_check == 11 else str(org_check))
    head = "91" + division + org
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(head, _USCC_WEIGHTS, strict=True))
    return head + USCC_CHARS[(31 - total % 31) % 31]


def foreign_registry(style: str, founded_year: int, number: int) -> str:
    """A Singapore UEN or Hong Kong company number, unique per ``number``."""
    digits = (number * 7919 + 4211) % 100_000
    if style == "uen":
        return f"{founded_year}{digits:05d}{'ABCDEFGHJKLMNRWZ'[number % 16]}"
    return f"{digits + 1_000_000:07d}"


def mobile(number: int, international: bool) -> str:
    """A phone number unique per ``number`` (a bijection modulo the number space)."""
    if international:
        return f"+65 9{(number * 7_654_321 + 1_234_567) % 10_000_000:07d}"
    return f"13{(number * 387_420_489 + 98_765_432) % 1_000_000_000:09d}"


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's display name and the local part of their e-mail address."""

    name: str
    local: str


def chinese_person(rng: random.Random) -> PersonName:
    """A Chinese name, e.g. 王建国 / jianguo.wang."""
    surname, s_py = rng.choice(SURNAMES)
    given, g_py = rng.choice(GIVEN_NAMES)
    return PersonName(surname + given, f"{g_py}.{s_py}")


def english_person(rng: random.Random) -> PersonName:
    """An English name, e.g. Daniel Tan / daniel.tan."""
    first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
    return PersonName(f"{first} {last}", f"{first.lower()}.{last.lower()}")


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A generated company: names in both languages, a short alias, a domain and where it is."""

    name: str
    aliases: tuple[str, ...]
    domain: str
    region: str
    division: str
    registry_style: str


class CompanyNamer:
    """Hands out company names that are unique after removing legal suffixes, and unique domains."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._keys: set[str] = set()
        self._domains: set[str] = set()

    def reserve(self, key: str, domain: str | None = None) -> None:
        """Keep a name key (without legal suffix) and a domain away from generated companies."""
        self._keys.add(key)
        if domain:
            self._domains.add(domain)

    def claim_domain(self, wanted: str, fallback_tag: str) -> str:
        """``wanted`` if still free, else a variant with ``fallback_tag``, else numbered variants."""
        for number in range(10_000):
            if number == 0:
                candidate = wanted
            elif number == 1:
                candidate = wanted.replace(".", f"-{fallback_tag}.", 1)
            else:
                candidate = wanted.replace(".", f"{number}.", 1)
            if candidate not in self._domains:
                self._domains.add(candidate)
                return candidate
        raise RuntimeError(f"no free domain for {wanted}")

    def claim_key(self, key: str) -> bool:
        """Take a name key if it is free."""
        if key in self._keys:
            return False
        self._keys.add(key)
        return True

    def chinese(self, industry_words: tuple[tuple[str, str, str], ...]) -> CompanyName:
        """A Chinese company such as 上海恒通精密制造有限公司 with an English alias."""
        rng = self._rng
        for _ in range(200):
            city = rng.choice(CITIES)
            (c1, p1), (c2, p2) = rng.choice(CORE_FIRST), rng.choice(CORE_SECOND)
            word_zh, word_en, slug = rng.choice(industry_words)
            if c1 != c2 and self.claim_key(city[0] + c1 + c2 + word_zh):
                break
        else:
            raise RuntimeError("company name space exhausted")
        core_py = (p1 + p2).capitalize()
        suffix = "股份有限公司" if rng.random() < 0.2 else "有限公司"
        name = f"{city[0]}{c1}{c2}{word_zh}{suffix}"
        english = f"{city[2]} {core_py} {word_en} Co., Ltd."
        domain = self.claim_domain(f"{p1}{p2}-{slug}.com.cn", city[1])
        return CompanyName(name, (english, c1 + c2 + word_zh), domain, city[3], city[4], "uscc")

    def english(self, industry_words: tuple[tuple[str, str, str], ...]) -> CompanyName:
        """An international company such as Northwind Logistics Pte. Ltd. with a Chinese alias."""
        rng = self._rng
        for _ in range(200):
            (e1, z1), (e2, z2) = rng.choice(EN_CORE_FIRST), rng.choice(EN_CORE_SECOND)
            word_zh, word_en, slug = rng.choice(industry_words)
            qualifier_en, qualifier_zh = rng.choice(EN_QUALIFIERS)
            location = rng.choice(EN_LOCATIONS)
            core = e1 + e2
            # The key ignores the location: "X Logistics Limited" and "X Logistics Pte. Ltd." would be duplicates.
            if self.claim_key(f"{core} {qualifier_en}{word_en}".lower()):
                break
        else:
            raise RuntimeError("company name space exhausted")
        name = f"{core} {qualifier_en}{word_en} {location[2]}"
        chinese = f"{z1}{z2}{qualifier_zh}{word_zh}{location[3]}"
        domain = self.claim_domain(f"{core.lower()}-{slug}.com", location[0].lower().replace(" ", ""))
        division = EN_LOCATION_CODES.get(location[0], "310115")
        return CompanyName(
            name, (chinese, f"{core} {qualifier_en}{word_en}"), domain, location[0], division, location[4]
        )
