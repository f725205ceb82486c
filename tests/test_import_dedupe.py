"""Duplicate-account candidates 撞单 (domain.md section 10): each rule, its boundary, and the import warning."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from importdata import BASE, with_files, write_dir
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.dedupe import (
    AccountFacts,
    CompanyProbe,
    DuplicateReason,
    compare,
    email_domain,
    find_candidates,
    find_duplicate_pairs,
    load_account_facts,
    normalize_company_name,
    normalize_phone,
)
from assistant.crm.importer import import_directory


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Acme Co., Ltd.", "acme"),
        ("ACME Inc", "acme"),
        ("ＡＣＭＥ　Ｉｎｃ．", "acme"),  # full-width letters, space and dot
        ("Siemens AG", "siemens"),
        ("Nestlé S.A.", "nestlé"),
        ("Globex Corp.", "globex"),
        ("Initech LLC", "initech"),
        ("Müller GmbH", "müller"),
        ("Wayne Enterprises Limited", "wayneenterprises"),
        ("华为技术有限公司", "华为技术"),
        ("华为技术股份有限公司", "华为技术"),
        ("华为技术有限责任公司", "华为技术"),
        ("华东精密（上海）有限公司", "华东精密上海"),
        ("华东精密(上海)有限公司", "华东精密上海"),
        # 集团 is part of the name: a group is a different legal entity from its companies.
        ("海尔集团公司", "海尔集团"),
        ("海尔集团有限公司", "海尔集团"),
        ("海尔有限公司", "海尔"),
        # A branch (分公司) is not its head office.
        ("中国平安北京分公司", "中国平安北京分公司"),
        # A name that is nothing but a legal form keeps one token rather than becoming empty.
        ("Co., Ltd.", "co"),
    ],
)
def test_normalize_company_name(name: str, normalised: str) -> None:
    assert normalize_company_name(name) == normalised


def test_phone_and_domain_normalisation() -> None:
    assert normalize_phone("+86 21 5555 0001") == "02155550001"
    assert normalize_phone("021-5555-0001") == "02155550001"
    assert normalize_phone("0086 138 1234 5678") == "13812345678"
    assert normalize_phone("8001") is None
    assert email_domain("Li.Na@HDJM.cn") == "hdjm.cn"
    assert email_domain("someone@qq.com") is None
    assert email_domain("not an address") is None


def _facts(key: str, name: str, **extra: object) -> AccountFacts:
    return AccountFacts.model_validate({"id": key, "name": name, "owner_id": "u1", **extra})


def test_same_registry_id_despite_different_names_and_formatting() -> None:
    found = compare(
        _facts("A1", "上海华东精密", registry_id="91310000MA1FL0001X"),
        _facts("A2", "Huadong Precision", registry_id="91310000-ma1fl0001x"),
    )
    assert found is not None
    assert (found.account.id, found.reason, found.score, found.evidence) == (
        "A2",
        DuplicateReason.REGISTRY_ID,
        100.0,
        ["91310000MA1FL0001X"],
    )


def test_same_name_after_stripping_chinese_and_english_legal_forms() -> None:
    zh = compare(_facts("A1", "华为技术有限公司"), _facts("A2", "华为技术股份有限公司"))
    en = compare(_facts("A3", "Acme Co., Ltd."), _facts("A4", "ACME Inc"))
    wide = compare(_facts("A5", "ＡＣＭＥ　Ｉｎｃ．"), _facts("A6", "acme"))
    assert zh is not None and (zh.reason, zh.evidence) == (DuplicateReason.SAME_NAME, ["华为技术"])
    assert en is not None and (en.reason, en.evidence) == (DuplicateReason.SAME_NAME, ["acme"])
    assert wide is not None and wide.reason is DuplicateReason.SAME_NAME


def test_an_alias_equal_to_the_other_name_counts() -> None:
    found = compare(_facts("A1", "华东精密制造有限公司", aliases=["HDJM"]), _facts("A2", "HDJM Ltd."))
    assert found is not None and (found.reason, found.evidence) == (DuplicateReason.SAME_NAME, ["hdjm"])


def test_two_equal_aliases_alone_are_not_a_candidate() -> None:
    # Same short name (简称), different companies in different cities.
    left = _facts("A1", "厦门德拓电子科技有限公司", aliases=["德拓电子科技"])
    right = _facts("A2", "合肥德拓电子科技有限公司", aliases=["德拓电子科技"])
    assert compare(left, right) is None
    assert find_duplicate_pairs([left, right]) == []


def test_group_and_company_are_not_the_same_name() -> None:
    assert compare(_facts("A1", "海尔集团公司"), _facts("A2", "海尔有限公司")) is None


def test_similar_names_need_a_shared_phone_or_domain() -> None:
    # "globexlabs" vs "globexlads": 10 + 10 characters, one substitution = indel distance 2,
    # ratio = (1 - 2 / 20) * 100 = 90.0 -> exactly the threshold.
    left = _facts("A1", "Globex Labs", email_domains=["globex.com"])
    right = _facts("A2", "Globex Lads", email_domains=["globex.com"])
    found = compare(left, right)
    assert found is not None
    assert (found.reason, found.score, found.evidence) == (DuplicateReason.SIMILAR_NAME, 90.0, ["globex.com"])
    assert compare(left, _facts("A2", "Globex Lads", email_domains=["other.com"])) is None
    assert compare(left, _facts("A2", "Globex Lads")) is None
    by_phone = compare(
        _facts("A1", "Globex Labs", phones=["02155550001"]), _facts("A2", "Globex Lads", phones=["02155550001"])
    )
    assert by_phone is not None and by_phone.evidence == ["02155550001"]


def test_similarity_just_under_the_threshold_is_not_a_candidate() -> None:
    # "globelabs" vs "globelads": 9 + 9 characters, indel 2 -> (1 - 2 / 18) * 100 = 88.9 < 90.
    left = _facts("A1", "Globe Labs", email_domains=["globe.com"])
    right = _facts("A2", "Globe Lads", email_domains=["globe.com"])
    assert compare(left, right) is None
    # "vandelayindustries" (18) vs "vandelayindustry" (16): common 15 -> indel 4 -> 88.2.
    assert (
        compare(
            _facts("A3", "Vandelay Industries", phones=["13812345678"]),
            _facts("A4", "Vandelay Industry", phones=["13812345678"]),
        )
        is None
    )


def test_pairs_report_the_strongest_reason_once_and_honour_among() -> None:
    accounts = [
        _facts("A1", "Acme Co., Ltd.", registry_id="X1"),
        _facts("A2", "ACME Inc", registry_id="X1"),
        _facts("A3", "Globex Labs", email_domains=["globex.com"]),
        _facts("A4", "Globex Lads", email_domains=["globex.com"]),
        _facts("A5", "华为技术有限公司"),
    ]
    pairs = find_duplicate_pairs(accounts)
    assert [(p.first.id, p.second.id, p.reason) for p in pairs] == [
        ("A1", "A2", DuplicateReason.REGISTRY_ID),
        ("A3", "A4", DuplicateReason.SIMILAR_NAME),
    ]
    assert [(p.first.id, p.second.id) for p in find_duplicate_pairs(accounts, among=["A4"])] == [("A3", "A4")]


def test_accounts_in_one_customer_tree_need_a_shared_registry_id() -> None:
    # Same group on purpose: only the shared registry id of G4/G5 is reported inside the tree.
    accounts = [
        _facts("G0", "Sunhaven Holdings"),
        _facts("G1", "Sunhaven Chemicals Pte. Ltd.", parent_id="G0"),
        _facts("G2", "Sunhaven Chemicals Limited", parent_id="G0"),
        _facts("G3", "Sunhaven Chemicals GmbH", parent_id="G2"),
        _facts("G4", "Sunhaven Chemicals Inc", registry_id="R1", parent_id="G0"),
        _facts("G5", "Sunhaven Chemicals Inc", registry_id="R1", parent_id="G4"),
        _facts("X9", "Sunhaven Chemicals S.A."),  # outside the tree
    ]
    pairs = find_duplicate_pairs(accounts)
    assert [(p.first.id, p.second.id, p.reason) for p in pairs] == [
        ("G4", "G5", DuplicateReason.REGISTRY_ID),
        ("G1", "X9", DuplicateReason.SAME_NAME),
        ("G2", "X9", DuplicateReason.SAME_NAME),
        ("G3", "X9", DuplicateReason.SAME_NAME),
        ("G4", "X9", DuplicateReason.SAME_NAME),
        ("G5", "X9", DuplicateReason.SAME_NAME),
    ]
    # Outside a tree the same pair is a candidate.
    assert compare(accounts[1], accounts[3]) is not None


def test_many_accounts_sharing_one_domain_still_find_only_similar_names() -> None:
    # 40 accounts on one mail domain: the block is scored in bulk, and only the near-twin pair remains.
    names = [f"Firm {hashlib.sha1(str(i).encode()).hexdigest()[:10]}" for i in range(40)]
    accounts = [_facts(f"B{i:02d}", name, email_domains=["group.cn"]) for i, name in enumerate(names)]
    # One substitution in 14 normalised characters: (1 - 2 / 28) * 100 = 92.9.
    twin = names[1][:-1] + ("x" if names[1][-1] != "x" else "y")
    accounts.append(_facts("B99", twin, email_domains=["group.cn"]))
    pairs = find_duplicate_pairs(accounts)
    assert [(p.first.id, p.second.id, p.reason, round(p.score, 1)) for p in pairs] == [
        ("B01", "B99", DuplicateReason.SIMILAR_NAME, 92.9)
    ]


def test_candidates_from_the_database_name_the_owner(sqlite_engine: Engine, tmp_path: Path) -> None:
    assert import_directory(sqlite_engine, write_dir(tmp_path, dict(BASE))).ok
    with Session(sqlite_engine) as session:
        facts = {f.id: f for f in load_account_facts(session)}
        assert (facts["A2"].phones, facts["A2"].email_domains) == (["02155550001"], ["hdjm.cn"])
        by_name = find_candidates(session, CompanyProbe(name="ＡＣＭＥ Inc."))
        by_registry = find_candidates(session, CompanyProbe(name="Other", registry_id="91310000MA1FL0001X"))
        by_phone = find_candidates(session, CompanyProbe(name="华东精密制造厂", phones=["021 5555 0001"]))
        excluded = find_candidates(session, CompanyProbe(name="Acme"), exclude_ids=["A3"])
    assert [(c.account.id, c.reason, c.account.owner_id, c.account.owner_name) for c in by_name] == [
        ("A3", DuplicateReason.SAME_NAME, "u2", "李娜")
    ]
    assert [(c.account.id, c.reason) for c in by_registry] == [("A2", DuplicateReason.REGISTRY_ID)]
    # "华东精密制造厂" vs "华东精密制造": 7 + 6 characters, indel 1 -> (1 - 1 / 13) * 100 = 92.3.
    assert [(c.account.id, c.reason, round(c.score, 1)) for c in by_phone] == [
        ("A2", DuplicateReason.SIMILAR_NAME, 92.3)
    ]
    assert excluded == []


def test_import_warns_about_duplicates_but_still_imports(sqlite_engine: Engine, tmp_path: Path) -> None:
    accounts = BASE["accounts.csv"] + "A4,ACME Inc,,,,,,,,,u1,,\n"
    report = import_directory(sqlite_engine, write_dir(tmp_path, with_files(BASE, accounts_csv=accounts)))
    assert report.ok, report.errors
    assert report.counts["accounts.csv"]["inserted"] == 4
    assert report.warnings == [
        "possible duplicate accounts: A3 'Acme Co., Ltd.' (owner 李娜) and A4 'ACME Inc' (owner 王伟): same_name: acme"
    ]
