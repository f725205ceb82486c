"""BM25 tokens: a Chinese or English negation is joined to the word it negates, so complaints never match praise."""

from __future__ import annotations

import bm25s

from index.keyword_tokens import tokenize


def test_a_negated_word_is_one_token_with_its_negated_parts_and_never_the_bare_word() -> None:
    tokens = tokenize("客户为什么不满意")
    assert {"不满意", "不满"} <= set(tokens)
    assert "满意" not in tokens and "不" not in tokens


def test_which_negation_was_used_does_not_matter() -> None:
    assert "不兑现" in tokenize("认为我们没有兑现上线承诺")
    assert "不兑现" in tokenize("go-live 承诺没兑现")
    assert "不兑现" in tokenize("承诺一直未兑现")
    assert "兑现" not in tokenize("认为我们没有兑现上线承诺")


def test_words_without_a_negation_are_unchanged() -> None:
    assert tokenize("客户对整体服务表示满意") == ["客户", "整体", "服务", "表示", "满意", "表示满意"]
    assert tokenize("对此非常不满") == ["对此", "非常", "不满"]  # 不满 is a word of its own
    assert tokenize("不") == ["不"]  # a negation with nothing after it stays


def test_a_complaint_query_ranks_the_complaint_above_the_compliments() -> None:
    corpus = ["客户对整体服务表示满意。", "我们的管理层很满意。", "客户对交付延期表示强烈不满。"]
    retriever = bm25s.BM25()
    retriever.index([tokenize(text) for text in corpus], show_progress=False)
    scores = retriever.get_scores(retriever.get_tokens_ids(tokenize("客户为什么不满意")))
    assert int(scores.argmax()) == 2
    assert scores[1] == 0  # nothing but the bare 满意 in common


def test_an_english_negation_is_joined_to_the_next_content_word() -> None:
    assert tokenize("not happy with the support") == ["不happy", "support"]
    assert tokenize("the CFO never really met us") == ["cfo", "really", "不met"]  # a filler between stays a word
    assert tokenize("the CFO didn't show up") == tokenize("the CFO did not show up") == ["cfo", "不show", "up"]
    assert "不received" in tokenize("we haven’t received payment")  # a typographic apostrophe too
    assert "happy" not in tokenize("customers are not happy")


def test_an_english_negation_ends_at_punctuation_numbers_and_chinese() -> None:
    assert tokenize("not yet, sadly") == ["yet", "sadly"]
    assert tokenize("no. 5 invoice") == ["5", "invoice"]
    assert tokenize("not 满意") == ["满意"]
    assert tokenize("happy customers") == ["happy", "customer"]


def test_an_english_complaint_query_does_not_match_praise() -> None:
    corpus = [
        "The customer is happy with the rollout.",
        "Management is very happy.",
        "They are not happy with support.",
    ]
    retriever = bm25s.BM25()
    retriever.index([tokenize(text) for text in corpus], show_progress=False)
    scores = retriever.get_scores(retriever.get_tokens_ids(tokenize("who is not happy")))
    assert int(scores.argmax()) == 2
    assert scores[0] == scores[1] == 0
