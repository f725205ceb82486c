"""Customer trees 客户树: group accounts (集团) with subsidiaries, some of them white space.

Four groups at the default size (one of them international), more for larger worlds; each group
has 5-15 subsidiaries in total, and every third group has a sub-subsidiary (depth 2).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from assistant.crm.demo.catalog import INDUSTRY_KEYS, INDUSTRY_WEIGHTS, INDUSTRY_WORDS
from assistant.crm.demo.names import (
    CITIES,
    CORE_FIRST,
    CORE_SECOND,
    EN_CORE_FIRST,
    EN_CORE_SECOND,
    EN_LOCATION_CODES,
    EN_LOCATIONS,
    CompanyNamer,
)

_UNIT_WORDS_ZH: tuple[tuple[str, str], ...] = (
    ("铸造", "Casting"),
    ("装配", "Assembly"),
    ("检测", "Testing"),
    ("销售", "Sales"),
)


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One account of a customer tree; ``parent`` indexes the same tree's node list (None for the group)."""

    name: str
    aliases: tuple[str, ...]
    domain: str
    region: str
    division: str
    registry_style: str
    industry: str
    lang: str
    parent: int | None
    white_space: bool


def group_count(accounts: int) -> int:
    """Four groups up to the default size, one per 30 accounts beyond it."""
    if accounts >= 120:
        return max(4, accounts // 30)
    return max(1, min(4, accounts // 25))


def subsidiary_counts(rng: random.Random, accounts: int) -> list[int]:
    """How many subsidiaries (any depth) each group has: 5-15, within about 45% of all accounts."""
    groups = group_count(accounts)
    counts = [rng.randint(5, 15) for _ in range(groups)]
    budget = int(0.45 * accounts) - groups
    while sum(counts) > budget:
        largest = max(range(groups), key=lambda i: (counts[i], -i))
        if counts[largest] <= 5:
            counts.pop()
            groups -= 1
            budget += 1
            continue
        counts[largest] -= 1
    return counts


def _industry(rng: random.Random) -> str:
    return rng.choices(INDUSTRY_KEYS, weights=INDUSTRY_WEIGHTS)[0]


def chinese_tree(rng: random.Random, namer: CompanyNamer, subsidiaries: int, deep: bool) -> list[TreeNode]:
    """A Chinese group such as 恒通重工集团有限公司 with subsidiaries 恒通精密机械(苏州)有限公司."""
    industry = _industry(rng)
    for _ in range(500):
        (c1, p1), (c2, p2) = rng.choice(CORE_FIRST), rng.choice(CORE_SECOND)
        word_zh, word_en, _slug = rng.choice(INDUSTRY_WORDS[industry])
        if c1 != c2 and namer.claim_key(f"{c1}{c2}{word_zh}集团"):
            break
    else:
        raise RuntimeError("group name space exhausted")
    core, core_en = c1 + c2, (p1 + p2).capitalize()
    root_domain = namer.claim_domain(f"{p1}{p2}group.com", "cn")
    hq = rng.choice(CITIES[:22])
    nodes = [
        TreeNode(
            f"{core}{word_zh}集团有限公司",
            (f"{core_en} {word_en} Group Co., Ltd.", f"{core}集团"),
            root_domain,
            hq[3],
            hq[4],
            "uscc",
            industry,
            "zh",
            None,
            False,
        )
    ]
    white = _white_space_flags(rng, subsidiaries, deep)
    for position in range(subsidiaries):
        sub_industry = industry if rng.random() < 0.6 else _industry(rng)
        parent = 0
        if deep and position == subsidiaries - 1:
            parent = 1
        for attempt in range(500):
            if attempt >= 50:
                sub_industry = _industry(rng)
            city = rng.choice(CITIES[:22])
            s_zh, s_en, _ = rng.choice(INDUSTRY_WORDS[sub_industry])
            if parent == 1:
                unit_zh, unit_en = rng.choice(_UNIT_WORDS_ZH)
                base = nodes[1].name.removesuffix("有限公司")
                key, name = f"{base}{unit_zh}", f"{base}{unit_zh}有限公司"
                english = f"{nodes[1].aliases[0].removesuffix(' Co., Ltd.')} {unit_en} Co., Ltd."
            else:
                key, name = f"{core}{s_zh}{city[0]}", f"{core}{s_zh}({city[0]})有限公司"
                english = f"{core_en} {s_en} ({city[2]}) Co., Ltd."
            if namer.claim_key(key):
                break
        else:
            raise RuntimeError("subsidiary name space exhausted")
        domain = namer.claim_domain(f"{city[1]}.{root_domain}", "x")
        region, division = city[3], city[4]
        if parent == 1:
            # A unit of a subsidiary sits where its parent is and works in the same trade.
            region, division, sub_industry = nodes[1].region, nodes[1].division, nodes[1].industry
        nodes.append(
            TreeNode(name, (english,), domain, region, division, "uscc", sub_industry, "zh", parent, white[position])
        )
    return nodes


def english_tree(rng: random.Random, namer: CompanyNamer, subsidiaries: int, deep: bool) -> list[TreeNode]:
    """An international group such as Meridian Group Holdings Ltd. with subsidiaries per location."""
    industry = _industry(rng)
    for attempt in range(500):
        (e1, z1), (e2, z2) = rng.choice(EN_CORE_FIRST), rng.choice(EN_CORE_SECOND)
        word_zh, word_en, _slug = rng.choice(INDUSTRY_WORDS[industry])
        # Plain names like "Seabridge Group Holdings" first; big worlds need the trade in the name too.
        label_en, label_zh = ("", "") if attempt < 20 else (f"{word_en} ", word_zh)
        if namer.claim_key(f"{e1}{e2} {label_en}group holdings".lower()):
            break
    else:
        raise RuntimeError("group name space exhausted")
    core, core_zh = e1 + e2, z1 + z2
    root_domain = namer.claim_domain(f"{core.lower()}group.com", "hq")
    nodes = [
        TreeNode(
            f"{core} {label_en}Group Holdings Ltd.",
            (f"{core_zh}{label_zh}集团控股有限公司", f"{core} {label_en}Group"),
            root_domain,
            "Singapore",
            "310115",
            "uen",
            industry,
            "en",
            None,
            False,
        )
    ]
    white = _white_space_flags(rng, subsidiaries, deep)
    for position in range(subsidiaries):
        sub_industry = industry if rng.random() < 0.5 else _industry(rng)
        parent = 1 if deep and position == subsidiaries - 1 else 0
        for attempt in range(500):
            if attempt >= 50:
                sub_industry = _industry(rng)
            location = rng.choice(EN_LOCATIONS)
            s_zh, s_en, slug = rng.choice(INDUSTRY_WORDS[sub_industry])
            extra_en, extra_zh = ("Services ", "服务") if parent == 1 else ("", "")
            key = f"{core} {label_en}{s_en} {extra_en}{location[0]}".lower()
            if namer.claim_key(key):
                break
        else:
            raise RuntimeError("subsidiary name space exhausted")
        name = f"{core} {label_en}{s_en} {extra_en}{location[2]}"
        chinese = f"{core_zh}{label_zh}{s_zh}{extra_zh}{location[3]}"
        domain = namer.claim_domain(f"{slug}.{root_domain}", location[0].lower().replace(" ", ""))
        nodes.append(
            TreeNode(
                name,
                (chinese,),
                domain,
                location[0],
                EN_LOCATION_CODES.get(location[0], "310115"),
                location[4],
                sub_industry,
                "en",
                parent,
                white[position],
            )
        )
    return nodes


def _white_space_flags(rng: random.Random, subsidiaries: int, deep: bool) -> list[bool]:
    """About 40% of the subsidiaries (at least two) have no business with us yet.

    At least one of them is a direct subsidiary without units of its own: in a deep tree the first
    subsidiary has a unit and the last one is that unit.
    """
    count = max(2, round(0.4 * subsidiaries))
    chosen = set(rng.sample(range(subsidiaries), count))
    plain = range(1, subsidiaries - 1) if deep else range(subsidiaries)
    if not any(position in chosen for position in plain):
        chosen.add(plain[0])
    return [position in chosen for position in range(subsidiaries)]
