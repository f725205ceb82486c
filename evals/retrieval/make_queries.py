"""Generate ``evals/retrieval/queries.jsonl``: labelled retrieval queries over the demo world (seed 7, 120 accounts).

    python evals/retrieval/make_queries.py [--out PATH] [--seed 7] [--accounts 120]

The relevant documents of each query are worked out from the CRM records and from what each
document says according to the demo's template banks (:mod:`doc_facts`), never by running the
retriever. The hand-written queries are in :mod:`query_specs` and :mod:`query_specs_more`; this
module adds the ones that name people, products or accounts taken from the records (contacts
quoted in notes, the absent finance director, the new legal representative, an account filter).
Review the diff of the output.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_facts import DocFacts, WorldFacts, load_world
from predicates import Pred, about, slot, tags
from query_specs import AD, DECLINE, DL, EC, FINANCE, LEGAL, LN, OVERDUE, PRICE, SERVICE, WF, ZW, Spec
from query_specs_more import DORMANT, INJECTION, INTRO, MORE_ENGLISH, NEXT_STEPS, POSITIVE, PROGRESS, VALUE

from assistant.crm import db
from assistant.crm.demo import build_world

SEED, ACCOUNTS = 7, 120
DEFAULT_OUT = Path(__file__).with_name("queries.jsonl")
HAND_WRITTEN: list[Spec] = [
    *PRICE, *SERVICE, *DECLINE, *OVERDUE, *FINANCE, *LEGAL, *VALUE, *INTRO, *DORMANT, *POSITIVE, *PROGRESS,
    *NEXT_STEPS, *INJECTION, *MORE_ENGLISH,
]  # fmt: skip

#: (user, situation, query language) -> a question about what a named contact said.
CONTACT_QUESTIONS: list[tuple[str, str, str, str]] = [
    (LN, "price", "zh", "{name}对我们的报价有什么意见?"),
    (LN, "service", "zh", "{name}对售后服务有哪些抱怨?"),
    (LN, "value_confirmed", "zh", "{name}确认过哪些价值主张?"),
    (LN, "positive", "zh", "{name}给过我们哪些正面评价?"),
    (WF, "price", "zh", "{name}是怎么评价我们价格的?"),
    (WF, "progress", "zh", "和{name}讨论过的项目方案"),
    (WF, "positive", "zh", "{name}对我们满意吗?"),
    (WF, "decline", "zh", "{name}表达过哪些不满?"),
    (DL, "price", "en", "What did {name} say about our pricing?"),
    (DL, "value_confirmed", "en", "value proposition confirmed by {name}"),
    (DL, "progress", "en", "project discussions with {name}"),
    (DL, "positive", "en", "positive feedback from {name}"),
    (DL, "service", "en", "{name}'s complaints about our support"),
    (EC, "positive", "en", "Is {name} happy with our work?"),
    (EC, "value_confirmed", "en", "Did {name} agree to our value proposition?"),
    (ZW, "decline", "zh", "{name}为什么对我们失望?"),
    (ZW, "service", "zh", "{name}投诉了什么服务问题?"),
    (AD, "price", "en", "{name} price complaint"),
]

#: (user, tag, query language, question) -> a question about one product, the user's most documented one.
PRODUCT_QUESTIONS: list[tuple[str, str, str, str]] = [
    (LN, "implementation_plan", "zh", "{product}的实施计划讨论了什么?"),
    (DL, "implementation_plan", "en", "{product} implementation plan and timeline"),
    (WF, "golive_results", "zh", "客户对{product}上线后的效果怎么评价"),
    (DL, "evaluation", "en", "where are customers with their {product} evaluation?"),
    (EC, "adoption", "en", "usage growth of {product}"),
    (ZW, "demo_request", "zh", "哪些客户想看{product}的现场演示?"),
    (LN, "interface_questions", "zh", "客户对{product}接口文档有什么疑问"),
]

#: (user, query language, question, what answers it, language the answers must be in or None).
ACCOUNT_QUESTIONS: list[tuple[str, str, str, Pred, str | None]] = [
    (LN, "zh", "客户对价格有什么意见", about("price"), None),
    (WF, "zh", "最近的价格谈判情况", about("price"), None),
    (DL, "en", "pricing feedback", about("price"), None),
    (EC, "en", "what did they say about competitor pricing", about("price"), None),
    (ZW, "zh", "客户对我们价格的反馈", about("price"), "en"),
    (LN, "zh", "售后服务方面的投诉", about("service"), None),
    (DL, "en", "complaints about our support", about("service"), "zh"),
    (ZW, "zh", "客户为什么不满意", about("decline", "service", "price"), None),
    (LN, "zh", "交付延期的问题", about("delivery_delay"), None),
    (EC, "en", "did they complain about delivery delays", about("delivery_delay"), None),
    (ZW, "zh", "财务总监那边进展如何", about("finance_absent"), None),
    (LN, "zh", "逾期货款", about("overdue"), None),
    (EC, "en", "overdue payments", about("overdue"), None),
    (LN, "zh", "客户认可的价值主张", about("value_confirmed"), None),
    (DL, "en", "value proposition agreed with the customer", about("value_confirmed"), None),
    (DL, "en", "which value proposition did they confirm", about("value_confirmed"), "zh"),
    (WF, "zh", "客户的需求和实施计划", about("progress"), None),
    (DL, "en", "latest project discussions", about("progress"), None),
    (EC, "en", "implementation planning discussions", about("progress"), "zh"),
    (LN, "zh", "客户的正面评价", about("positive"), None),
    (DL, "en", "what does the customer like about us", about("positive"), None),
    (WF, "zh", "初次拜访的情况", about("intro"), None),
    (DL, "en", "first meeting notes", about("intro"), None),
    (WF, "zh", "客户采购计划有没有变化", about("dormant"), None),
    (ZW, "zh", "法人变更的情况", about("legal_rep"), None),
    (AD, "en", "price complaints", about("price"), None),
    (AD, "zh", "客户投诉", about("service", "decline", "price"), None),
    (WF, "zh", "还没表态的价值主张", about("value_pitch"), None),
]


def visible(world: WorldFacts, user: str, test: Pred, account: str | None = None) -> list[DocFacts]:
    """The documents ``user`` may see (of ``account``) that ``test`` accepts, by id."""
    return [doc for doc in world.visible_documents(user, account) if test(doc)]


def _first_unused(candidates: Iterable[str], used: set[str]) -> str | None:
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate
    return None


def contact_specs(world: WorldFacts) -> list[Spec]:
    """Questions about what a named contact said: the contact is quoted (slot ``contact``) in such a document."""
    specs: list[Spec] = []
    used: set[str] = set()
    for user, situation, language, question in CONTACT_QUESTIONS:
        docs = visible(world, user, about(situation))
        quoted = (m.slots["contact"] for d in docs for m in d.matches if "contact" in m.slots)
        name = _first_unused(quoted, used)
        if name is None:
            continue
        test = about(situation) & Pred(lambda doc, name=name: name in doc.names)  # type: ignore[misc]
        specs.append(_named(f"contact-{situation}-{_who(user)}", user, question.format(name=name), test, language))
    return specs


def role_specs(world: WorldFacts) -> list[Spec]:
    """Questions naming the absent finance directors and the legal representatives of the records."""
    specs: list[Spec] = []
    used: set[str] = set()
    for user, language, question in (
        (ZW, "zh", "{name}又没来开会吗?"),
        (EC, "en", "Have we ever met {name}?"),
        (WF, "zh", "{name}什么时候能见上一面?"),
    ):
        name = _first_unused(
            (v for d in visible(world, user, about("finance_absent")) for v in sorted(d.slot("fin"))), used
        )
        if name is not None:
            specs.append(
                _named(f"finance-name-{_who(user)}", user, question.format(name=name), slot("fin", name), language)
            )
    for user, language, key, question in (
        (ZW, "zh", "new_rep", "{name}接任法定代表人了吗?"),
        (DL, "en", "old_rep", "Is {name} still the legal representative?"),
    ):
        names = sorted({v for d in visible(world, user, about("legal_rep")) for v in d.slot(key)})
        if names:
            test = slot(key, names[0])
            specs.append(_named(f"legal-{key}-{_who(user)}", user, question.format(name=names[0]), test, language))
    return specs


def product_specs(world: WorldFacts) -> list[Spec]:
    """Questions about one product: the one most documents of the user say that about."""
    specs: list[Spec] = []
    for user, tag, language, question in PRODUCT_QUESTIONS:
        counts: Counter[str] = Counter()
        for doc in world.visible_documents(user):
            counts.update({m.slots["product"] for m in doc.all_matches if tag in tags(m) and "product" in m.slots})
        if not counts:
            continue
        product = min(counts, key=lambda p: (-counts[p], p))
        test = Pred(
            lambda doc, t=tag, p=product: any(t in tags(m) and m.slots.get("product") == p for m in doc.all_matches)  # type: ignore[misc]
        )
        specs.append(_named(f"product-{tag}-{_who(user)}", user, question.format(product=product), test, language))
    return specs


def account_specs(world: WorldFacts) -> list[Spec]:
    """Questions asked with an account filter (as the agent does once it resolved the account)."""
    specs: list[Spec] = []
    used: set[str] = set()
    for number, (user, language, question, test, answer_language) in enumerate(ACCOUNT_QUESTIONS, start=1):
        counts: Counter[str] = Counter()
        languages: dict[str, set[str]] = {}
        for doc in visible(world, user, test):
            counts[doc.account_id] += 1
            languages.setdefault(doc.account_id, set()).add(doc.language)
        fitting = [a for a in counts if answer_language is None or languages[a] == {answer_language}]
        ranked = sorted(fitting, key=lambda a: (-counts[a], a))
        account = _first_unused(ranked, used) or (ranked[0] if ranked else None)
        if account is None:
            continue
        kind = "cross_lingual" if answer_language not in (None, language) else "account"
        spec = Spec(f"account-{number:02d}-{_who(user)}", user, question, test, language, kind, account)
        specs.append(spec)
    return specs


def _who(email: str) -> str:
    return email.split("@")[0].replace(".", "")


def _named(id: str, user: str, query: str, test: Pred, language: str) -> Spec:
    return Spec(id, user, query, test, language, "entity")


def derived_specs(world: WorldFacts) -> list[Spec]:
    """The queries built from the records."""
    return [*contact_specs(world), *role_specs(world), *product_specs(world), *account_specs(world)]


def generate(world: WorldFacts, *, strict: bool = True) -> list[dict[str, Any]]:
    """Every query with its relevant documents, in spec order.

    A query (not mixed-language) is ``cross_lingual`` when none of its answers is in its own
    language; a query built from the records gets that kind then. ``strict`` (for the published
    set): a query without relevant documents, a duplicate id, or a hand-written query whose kind
    disagrees with that rule is an error; otherwise such queries are left out (smaller worlds lack
    some stories, and their documents' languages differ).
    """
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    problems: list[str] = []
    for spec in [*HAND_WRITTEN, *derived_specs(world)]:
        if spec.id in seen:
            raise ValueError(f"{spec.id}: the id is used twice")
        seen.add(spec.id)
        docs = visible(world, spec.user, spec.relevant, spec.account)
        problem = None
        own = sum(doc.language == spec.language for doc in docs)
        # Cross-lingual: every answer is in the other language.
        crossing = spec.language != "mixed" and own == 0
        kind = "cross_lingual" if crossing else spec.kind
        if not docs:
            problem = "no relevant document"
        elif spec in HAND_WRITTEN and crossing != (spec.kind == "cross_lingual"):
            problem = f"written as {spec.kind}, but {own} of {len(docs)} relevant documents are in {spec.language}"
        if problem is not None:
            problems.append(f"{spec.id}: {problem}")
            continue
        rows.append(
            {
                "id": spec.id,
                "user": spec.user,
                "query": spec.query,
                "account": spec.account,
                "relevant": [doc.id for doc in docs],
                "language": spec.language,
                "kind": kind,
            }
        )
    if strict and problems:
        raise ValueError("; ".join(problems))
    return rows


def demo_facts(seed: int = SEED, accounts: int = ACCOUNTS) -> WorldFacts:
    """Build the demo world in a scratch SQLite database and read its facts (no index needed)."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = db.make_engine(f"sqlite:///{Path(scratch) / 'world.sqlite3'}")
        try:
            db.upgrade(engine)
            build_world(engine, seed=seed, accounts=accounts)
            return load_world(engine)
        finally:
            engine.dispose()


def write(rows: list[dict[str, Any]], out: Path) -> None:
    """One JSON object per line, UTF-8, Chinese unescaped."""
    out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--accounts", type=int, default=ACCOUNTS)
    args = parser.parse_args()
    rows = generate(demo_facts(args.seed, args.accounts))
    write(rows, args.out)
    languages = Counter(row["language"] for row in rows)
    kinds = Counter(row["kind"] for row in rows)
    print(f"{len(rows)} queries -> {args.out}; languages {dict(languages)}; kinds {dict(kinds)}")


if __name__ == "__main__":
    main()
