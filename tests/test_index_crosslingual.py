"""The glossary translates the notes' sales and product vocabulary in both directions."""

from __future__ import annotations

import pytest

from index.crosslingual import translate_terms


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("customers who accepted the mobile management cockpit", {"移动端", "驾驶舱", "认可"}),
        ("Which customers complained that our support is slow?", {"抱怨", "支持", "慢"}),
        ("the finance director was absent again", {"财务总监", "缺席"}),
        ("移动端经营驾驶舱的价值主张", {"mobile", "cockpit", "value proposition"}),
        ("非计划停机减少30%", {"unplanned downtime"}),
    ],
)
def test_product_and_service_terms_are_translated(query: str, expected: set[str]) -> None:
    translation = translate_terms(query)
    assert translation is not None
    assert all(term in translation for term in expected)


def test_the_longest_chinese_term_wins() -> None:
    translation = translate_terms("非计划停机")
    assert translation == "unplanned downtime"  # not also "downtime" for the 停机 inside it
