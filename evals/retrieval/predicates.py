"""Relevance predicates over :class:`doc_facts.DocFacts`: situations, sentence meanings, slots, next steps.

A *tag* names what a template sentence means beyond its situation ("considering a switch to
another vendor", "asked for an on-site demo"); the Chinese and English banks list their sentences
in the same order, so one table serves both (the few Chinese-only sentences are added apart).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from doc_facts import DocFacts, Match, product_of_value

#: (situation, voice, index) -> what the sentence says, in both banks.
TAGS: dict[tuple[str, str, int], tuple[str, ...]] = {
    ("positive", "note", 0): ("golive_results",),
    ("positive", "note", 1): ("management_praise", "smooth", "team_praise"),
    ("positive", "note", 2): ("team_thanks", "team_praise"),
    ("positive", "note", 3): ("adoption",),
    ("positive", "note", 4): ("reference", "fast_response"),  # Chinese bank only
    ("positive", "customer", 0): ("golive_results", "smooth", "team_thanks", "team_praise", "management_praise"),
    ("positive", "customer", 1): ("auto_reports",),
    ("progress", "note", 0): ("implementation_plan", "pain_points"),
    ("progress", "note", 1): ("evaluation",),
    ("progress", "note", 2): ("it_roadmap",),
    ("progress", "note", 3): ("interfaces", "migration"),
    ("progress", "customer", 0): ("requirements_list", "requirements_sent"),
    ("progress", "customer", 1): ("interfaces", "interface_questions"),
    ("intro", "note", 0): ("first_visit",),
    ("intro", "note", 1): ("first_visit", "business_issue"),
    ("intro", "note", 2): ("demo_request",),
    ("value_confirmed", "note", 0): ("charter",),
    ("value_confirmed", "note", 1): ("acceptance",),
    ("price", "note", 2): ("procurement",),
    ("service", "note", 2): ("production_impact",),
    ("service", "customer", 0): ("production_impact",),
    ("injection", "note", 0): ("requirements_sent",),
    ("injection", "customer", 0): ("requirements_sent",),
    ("decline", "note", 0): ("delivery_delay", "broken_promise"),
    ("decline", "note", 1): ("unresolved",),
    ("decline", "note", 2): ("switch_vendor",),
    ("decline", "note", 3): ("delivery_delay", "budget_cut"),
    ("decline", "customer", 0): ("delivery_delay",),
    ("decline", "customer", 1): ("delivery_delay", "switch_vendor"),
    ("decline", "customer", 2): ("service_unhappy", "improvement_plan"),
    ("dormant", "note", 0): ("no_purchase_plan",),
    ("dormant", "note", 1): ("on_hold",),
    ("dormant", "customer", 0): ("no_purchase_plan",),
    # Subject lines that say as much as a sentence: "{product} implementation planning", "{product} go-live
    # review", "Delivery issues".
    ("progress", "subject", 2): ("implementation_plan",),
    ("positive", "subject", 1): ("golive_results",),
    ("decline", "subject", 1): ("delivery_delay",),
}
#: Sentences whose meaning only one bank's wording carries.
LANGUAGE_TAGS: dict[tuple[str, str, str, int], tuple[str, ...]] = {
    ("zh", "positive", "note", 2): ("stable",),  # 客户反馈系统运行稳定
}


def tags(match: Match) -> set[str]:
    """What a matched sentence says: its situation plus its tags."""
    situation, voice, language, index = match.key
    extra = LANGUAGE_TAGS.get((language, situation, voice, index), ())
    return {situation, *TAGS.get((situation, voice, index), ()), *extra}


@dataclass(frozen=True)
class Pred:
    """A relevance test on one document; combine with ``&`` and ``|``."""

    test: Callable[[DocFacts], bool]

    def __call__(self, doc: DocFacts) -> bool:
        return self.test(doc)

    def __and__(self, other: Pred) -> Pred:
        return Pred(lambda doc: self(doc) and other(doc))

    def __or__(self, other: Pred) -> Pred:
        return Pred(lambda doc: self(doc) or other(doc))


def about(*names: str) -> Pred:
    """Documents with a sentence or subject line of one of these situations or tags."""
    wanted = set(names)
    return Pred(lambda doc: any(tags(m) & wanted for m in doc.all_matches))


def competitor(name: str) -> Pred:
    """Price complaints naming this competitor."""
    return Pred(lambda doc: "price" in doc.situations and name in doc.slot("competitor"))


def confirmed_value(product: str) -> Pred:
    """Confirmed value propositions of this product."""
    return Pred(
        lambda doc: any(
            m.template.situation == "value_confirmed" and product_of_value(m.slots.get("vp", "")) == product
            for m in doc.matches
        )
    )


def product(name: str) -> Pred:
    """Documents whose template sentences are about this product."""
    return Pred(lambda doc: name in doc.slot("product"))


def step(index: int) -> Pred:
    """Documents closing with this next step (index into NEXT_STEPS)."""
    return Pred(lambda doc: doc.next_step == index)


def names(person: str) -> Pred:
    """Documents that name this contact of their account."""
    return Pred(lambda doc: person in doc.names)


def slot(name: str, value: str) -> Pred:
    """Documents in which the slot ``name`` takes ``value``."""
    return Pred(lambda doc: value in doc.slot(name))
