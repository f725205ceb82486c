"""The sentiment scorer: negation, contrast, intensity, questions, topics, mixed language, determinism.

Expected scores are hand-computed from the lexicon weights and the default config:
sentence = tanh(sum / 2); negation -w x 0.75; 很 x1.3, 非常 x1.6, 一直 x1.2, 有点 x0.6;
contrast before x0.5, after x1.5; question x0.3.
"""

from __future__ import annotations

import math

import pytest

from index.sentiment import SentimentConfig, score_text
from index.sentiment.lexicon import LexiconError, Vocabulary, load_vocabulary, parse_lexicon
from index.sentiment.text import detect_language, split_sentences, tokenize


def _t(raw: float) -> float:
    return round(math.tanh(raw / 2), 4)


@pytest.mark.parametrize(
    ("text", "raw", "label"),
    [
        ("The customer is not satisfied.", -1.5, "negative"),  # satisfied +2, negated
        ("不满意", -2.0, "negative"),  # its own term, not 不 + 满意
        ("客户对我们的方案不是很满意。", -1.5, "negative"),  # 不是 ... 很 满意: negated, intensifier ignored
        ("not bad", 1.5, "positive"),  # bad -2, negated
        ("The customer is not unhappy with the service.", 1.5, "positive"),
        ("客户对交付进度并不担心。", 1.5, "positive"),
    ],
)
def test_negation_flips_and_dampens(text: str, raw: float, label: str) -> None:
    result = score_text(text)
    assert result.score == _t(raw)
    assert result.label == label


def test_no_problem_is_positive_or_neutral_never_negative() -> None:
    result = score_text("没有问题")
    assert result.score == _t(0.75)  # 问题 -1, negated
    assert result.label in {"positive", "neutral"}


def test_negator_outside_the_window_or_clause_does_not_apply() -> None:
    # "没有" ends its reach at the comma: 满意 stays positive.
    assert score_text("没有延期，客户满意").sentences[0].terms[-1].contribution == 2.0
    # 未来 is one word, not the negator 未.
    assert score_text("未来满意").score == _t(2.0)


def test_contrast_after_but_weighs_more() -> None:
    result = score_text("价格有优势，但是交付一直延期")
    # 优势 +2 x 0.5 = 1; 延期 -2 x 一直 1.2 x 1.5 = -3.6
    assert result.score == _t(1 - 3.6)
    assert result.label == "negative"
    terms = {t.term: t.contribution for t in result.sentences[0].terms}
    assert terms == {"优势": 1.0, "延期": -3.6}


def test_although_clause_weighs_less() -> None:
    result = score_text("虽然价格偏高，但客户非常认可方案")
    # 价格偏高 -2 x 0.5 = -1; 认可 +2 x 非常 1.6 x 1.5 = 4.8
    assert result.score == _t(-1 + 4.8)
    assert result.label == "positive"
    english = score_text("Although the price is higher, the customer values our service.")
    # "higher" is not a term; values +1 alone: a one-sided contrast keeps weight 1
    assert english.score == _t(1.0)


def test_english_contrast_and_sentence_opening_contrast() -> None:
    assert score_text("The demo went well but they are worried about the price.").score == _t(2 * 0.5 - 2 * 1.5)
    # 演示效果很好 (好 1.5 x 很 1.3 = 1.95) then a sentence opening with 但是 (担心 -2, 超出预算 -2)
    result = score_text("演示效果很好。但是客户担心价格超出预算。")
    total = 1.95 * 0.5 + (-4.0) * 1.5
    assert result.score == round(math.tanh(total / (2 * math.sqrt(2))), 4)
    assert result.label == "negative"


def test_intensifiers_and_diminishers_change_magnitude() -> None:
    plain, very, extremely = (
        score_text("客户满意").score,
        score_text("客户很满意").score,
        score_text("客户非常满意").score,
    )
    assert (plain, very, extremely) == (_t(2.0), _t(2.6), _t(3.2))
    assert plain < very < extremely
    assert score_text("客户有点担心交付时间").score == _t(-1.2)
    en_plain, en_very = score_text("They are happy.").score, score_text("They are extremely happy.").score
    assert (en_plain, en_very) == (_t(2.0), _t(3.6))
    assert score_text("They are slightly concerned.").score == _t(-1.0)


def test_questions_and_conditionals_are_dampened() -> None:
    assert score_text("客户对价格满意吗？").score == _t(0.6)
    assert score_text("客户对价格满意吗？").label == "neutral"
    assert score_text("Are they happy with the schedule?").score == _t(0.6)
    assert score_text("如果价格合适，客户就签约。").score == _t((0 + 2) * 0.5)


def test_neutral_minutes_score_zero() -> None:
    for text in ("会议讨论了实施计划", "The next review is scheduled for March 14.", "双方确认了下次会议时间。"):
        result = score_text(text)
        assert (result.score, result.label, result.sentences) == (0.0, "neutral", [])


def test_adoption_aimed_at_a_competitor_counts_against_us() -> None:
    assert score_text("对方 IT 团队 prefer 竞争对手的方案").score == _t(-1.0)
    assert score_text("They prefer our product.").score == _t(1.0)
    assert score_text("They dropped the competitor from the shortlist.").score == _t(1.0)


def test_resolved_problems_stop_counting_unless_pending() -> None:
    assert score_text("The new release fixed all the bugs.").score == _t(1.0)
    assert score_text("还有bug需要修复").score == _t(-2.0)
    assert score_text("Quality issues are still not resolved.").score == _t(-1 - 0.75)


def test_topics_in_both_languages_with_counts() -> None:
    zh = {t.topic: t.count for t in score_text("报价太高，超出预算，而且交付延期，竞品在对比。").topics}
    assert zh == {"price": 2, "budget": 1, "delivery": 1, "timeline": 1, "competitor": 2}
    en = score_text("The quote is over budget, delivery is delayed and the competitor is cheaper.")
    assert {t.topic: t.count for t in en.topics} == {
        "price": 3,
        "budget": 1,
        "delivery": 2,
        "timeline": 1,
        "competitor": 1,
    }
    assert [t.topic for t in en.topics][:2] == ["price", "delivery"]  # most mentioned first
    relationship = score_text("The CIO escalated a complaint.").topics
    assert [(t.topic, t.count) for t in relationship] == [("relationship", 2)]


def test_mixed_language_sentences() -> None:
    proposal = score_text("这个 proposal 客户很认可。")
    assert (proposal.label, proposal.language, proposal.score) == ("positive", "mixed", _t(2.6))
    pricing = score_text("客户的 CFO 觉得 pricing 太贵了。")
    assert pricing.label == "negative"
    assert "price" in {t.topic for t in pricing.topics}
    assert score_text("Delivery 又 delay 了，客户很生气。").label == "negative"


def test_sentences_carry_the_score_largest_first() -> None:
    text = "会议讨论了计划。客户很满意。交付延期了。客户非常不满意！双方约定下周再谈。"
    result = score_text(text, config=SentimentConfig(top_sentences=2))
    assert result.sentence_count == 5
    assert [(s.position, s.text) for s in result.sentences] == [(3, "客户非常不满意!"), (1, "客户很满意。")]
    assert result.sentences[0].score == _t(-3.2)
    # total -3.2 + 2.6 - 2 over 3 carrying sentences + 0.1 x 2 neutral ones
    assert result.score == round(math.tanh(-2.6 / (2 * math.sqrt(3.2))), 4)


def test_deterministic_output() -> None:
    text = "Demo 很成功，但是 budget 还没批下来。The CFO is worried about the price; 竞品报价更低。"
    first = score_text(text).model_dump_json()
    assert all(score_text(text).model_dump_json() == first for _ in range(3))


def test_thresholds_come_from_config() -> None:
    strict = SentimentConfig(positive_threshold=0.9, negative_threshold=-0.9)
    assert score_text("客户满意", config=strict).label == "neutral"
    assert score_text("客户满意", config=strict).thresholds == {"positive": 0.9, "negative": -0.9}
    with pytest.raises(ValueError, match="modifier_window"):
        SentimentConfig(negation_window=1, modifier_window=2)


def test_sentence_split_and_tokens() -> None:
    assert split_sentences("价格太高。客户犹豫！e.g. the demo was 3.5 hours. Done?\n下一步") == [
        "价格太高。",
        "客户犹豫!",
        "e.g. the demo was 3.5 hours.",
        "Done?",
        "下一步",
    ]
    assert tokenize("They aren't happy，价格") == ["they", "are", "n't", "happy", ",", "价", "格"]
    assert [detect_language(t) for t in ("客户很满意", "They are happy", "这个 proposal 很好", "123")] == [
        "zh",
        "en",
        "mixed",
        "unknown",
    ]


def test_packaged_lexicon_loads_with_both_languages() -> None:
    vocabulary = load_vocabulary()
    units = vocabulary.match(tokenize("价格太高 too expensive delays"))
    assert [(u.text, u.entry.weight if u.entry else None) for u in units] == [
        ("价格太高", -2.0),
        ("too expensive", -2.0),
        ("delays", -2.0),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("太贵\t-4\tprice", r"bad\.tsv:2: weight -4\.0 is outside -3\.\.3"),
        ("太贵\tx\tprice", r"bad\.tsv:2: weight 'x' is not a number"),
        ("太贵\t-2\tmood", r"bad\.tsv:2: categories 'mood' must be from"),
        ("太贵\t-2", r"bad\.tsv:2: expected 3 tab-separated columns"),
    ],
)
def test_malformed_lexicon_rows_name_file_and_line(row: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_lexicon("bad.tsv", "# header\n" + row + "\n")


def test_malformed_modifier_rows_and_duplicates() -> None:
    with pytest.raises(LexiconError, match=r"mods\.tsv:1: kind 'loud' must be one of"):
        parse_lexicon("mods.tsv", "很\tloud\t1.3\n", modifiers=True)
    with pytest.raises(LexiconError, match=r"mods\.tsv:1: factor 0\.5 out of range for a intensifier"):
        parse_lexicon("mods.tsv", "很\tintensifier\t0.5\n", modifiers=True)
    with pytest.raises(LexiconError, match=r"dup\.tsv:2: term 'Happy' is listed twice"):
        Vocabulary(parse_lexicon("dup.tsv", "happy\t2\trelationship\nHappy\t1\trelationship\n"))
