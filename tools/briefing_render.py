"""A briefing as Markdown for a manager, in Chinese or English, citing records as ``[order:ord-1]``.

Text that comes from CRM records or documents (names, subjects, details) is data: it is put on one
line and Markdown control characters in it are escaped, so a record cannot restructure the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.briefing_labels import HEADINGS, label
from tools.briefing_models import (
    Briefing,
    HealthPart,
    OpportunityPart,
    PowerPart,
    Profile,
    RfmPart,
    RiskPart,
    SentimentPart,
    TreePart,
)

MAX_CITATIONS = 8
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def _text(value: object) -> str:
    return _MARKDOWN.sub(r"\\\1", " ".join(str(value).split()))


def _num(value: float | int | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _cite(sources: Sequence[str]) -> str:
    shown = " ".join(f"[{s}]" for s in sources[:MAX_CITATIONS])
    more = len(sources) - MAX_CITATIONS
    return (" " + shown + (f" (+{more})" if more > 0 else "")) if shown else ""


def _profile(p: Profile, h: dict[str, str], lang: str) -> list[str]:
    rows = [
        (h["name"], _text(p.name) + f" (`{p.id}`)"),
        (
            h["aliases"],
            "、".join(_text(a) for a in p.aliases) if lang == "zh" else ", ".join(_text(a) for a in p.aliases),
        ),
        (h["industry"], _text(p.industry) if p.industry else ""),
        (h["region"], _text(p.region) if p.region else ""),
        (h["owner"], f"{_text(p.owner.name)} (`{p.owner.id}`)"),
        (h["group"], f"{_text(p.group.name)} [account:{p.group.id}]" if p.group else ""),
        (h["parent"], f"{_text(p.parent.name)} [account:{p.parent.id}]" if p.parent else ""),
        (h["status"], label(p.status, lang)),
        (h["legal_rep"], _text(p.legal_rep) if p.legal_rep else ""),
        (h["registry_id"], _text(p.registry_id) if p.registry_id else ""),
        (h["employees"], _num(p.employees) if p.employees is not None else ""),
    ]
    return [f"- {name}: {value}" for name, value in rows if value] + [f"- [{p.sources[0]}]"]


def _rfm(r: RfmPart, h: dict[str, str], lang: str) -> list[str]:
    segment = r.segment_zh if lang == "zh" else f"{r.segment_en} ({r.segment_zh})"
    return [
        f"- {h['tier']} **{r.tier}** · {h['segment']} **{segment}** · R {r.r} · F {r.f} · M {r.m}{_cite(r.sources)}"
    ]


def _health(p: HealthPart, h: dict[str, str], lang: str) -> list[str]:
    band = f" ({label(p.band, lang)})" if p.band else ""
    lines = [f"- {h['score']} **{_num(p.score)}**{band}{_cite(p.sources)}"]
    if p.weakest:
        lines.append(f"- {h['weakest']}:")
        lines += [f"  - {label(i.name, lang)}: {_num(i.score)}{_cite(i.sources)}" for i in p.weakest]
    if p.missing:
        lines.append(f"- {h['missing']}: " + ", ".join(label(m, lang) for m in p.missing))
    return lines


def _risk(p: RiskPart, h: dict[str, str], lang: str) -> list[str]:
    lines = [f"- {h['level']} **{label(p.level, lang)}**{_cite(p.sources)}"]
    if p.signals:
        lines.append(f"- {h['signals']}:")
        lines += [
            f"  - {label(s.kind, lang)} ({label(s.severity, lang)}): {_text(s.detail)}{_cite(s.sources)}"
            for s in p.signals
        ]
    if p.actions_taken:
        lines.append(f"- {h['actions_taken']}:")
        lines += [f"  - {label(a.kind, lang)}: {_text(a.detail)}{_cite(a.sources)}" for a in p.actions_taken]
    return lines


def _opportunity(o: OpportunityPart, h: dict[str, str], lang: str) -> list[str]:
    facts = [f"{o.amount:,.2f} {o.currency}"]
    if o.stage:
        facts.append(f"{h['stage']} {_text(o.stage)}")
    if o.expected_close:
        facts.append(f"{h['close']} {o.expected_close.isoformat()}")
    if o.competitor:
        facts.append(f"{h['competitor']} {_text(o.competitor)}")
    parts = " · ".join(
        f"{label(name, lang)} {_num(score)}"
        for name, score in (
            ("coverage", o.coverage),
            ("value_proposition", o.value_proposition),
            ("key_persons", o.key_persons),
            ("competitive", o.competitive),
        )
    )
    lines = [
        f"### {_text(o.name)} [opportunity:{o.id}]",
        "",
        "- " + " · ".join(facts),
        f"- C139 **{_num(o.c139_total)}** = {parts}{_cite(o.sources)}",
    ]
    if o.gaps:
        lines.append(f"- {h['gaps']}:")
        for gap in o.gaps:
            lines.append(f"  - {label(gap.part, lang)} {_num(gap.score)}:")
            for a in gap.actions:
                action = a.action_zh if lang == "zh" else a.action_en
                lines.append(f"    - {action}" + (f" ({_text(a.subject)})" if a.subject else ""))
    if o.unknown_factors:
        lines.append(f"- {h['unknown_factors']}: " + ", ".join(o.unknown_factors))
    return lines


def _opportunities(b: Briefing, h: dict[str, str], lang: str) -> list[str]:
    if not b.opportunities:
        return [h["no_opportunities"]]
    lines: list[str] = []
    for o in b.opportunities:
        lines += ([""] if lines else []) + _opportunity(o, h, lang)
    return lines


def _power(p: PowerPart, h: dict[str, str], lang: str) -> list[str]:
    lines = [f"- {h['roles_covered']}: " + (", ".join(label(r, lang) for r in p.roles_covered) or h["none"])]
    if p.findings:
        lines.append(f"- {h['findings']}:")
        for f in p.findings:
            action = f.action.action_zh if lang == "zh" else f.action.action_en
            lines.append(f"  - `{f.finding}` {_text(f.subject)} → {action}{_cite(f.sources)}")
    lines.append(f"- {h['layers']}:")
    lines += [
        f"  - {label(layer.layer, lang)}: {layer.contacts} {h['contacts']}, {h['strength']} {_num(layer.mean_strength)}"
        + _cite(layer.sources)
        for layer in p.layers
    ]
    return lines


def _tree(t: TreePart | None, h: dict[str, str], lang: str) -> list[str]:
    if t is None:
        return [h["not_in_tree"]]
    lines = []
    if t.group is not None:
        lines.append(f"- {h['group']}: {_text(t.group.name)} [account:{t.group.id}]")
    share = f"{_num(t.penetration)}%" if t.penetration is not None else "—"
    lines.append(
        f"- {h['penetration']} **{share}** ({t.with_business}/{t.total_subsidiaries} "
        f"{h['subsidiaries_with_business']}){_cite(t.sources)}"
    )
    if t.white_space or t.hidden_white_space:
        names = ", ".join(f"{_text(s.name)} [account:{s.id}]" for s in t.white_space)
        hidden = f" (+{t.hidden_white_space} {h['hidden']})" if t.hidden_white_space else ""
        lines.append(f"- {h['white_space']}: {names}{hidden}")
    for c in t.cross_sell:
        hidden = f" (+{c.hidden_buyers} {h['hidden']})" if c.hidden_buyers else ""
        lines.append(
            f"- {h['cross_sell']}: {_text(c.product)}, {h['bought_by']} {c.bought_by}{hidden}, "
            f"{h['amount']} {c.amount:,.2f}{_cite(c.sources)}"
        )
    return lines


def _sentiment(s: SentimentPart, h: dict[str, str], lang: str) -> list[str]:
    if s.document_count == 0:
        return [h["no_documents"]]
    lines = [
        f"- {h['score']} **{s.score:+.2f}** ({label(s.label, lang)}), {s.document_count} {h['documents']}"
        + _cite(s.sources)
    ]
    for m in s.trend:
        moved = ", ".join(f"[document:{d.document_id}] {d.contribution:+.2f}" for d in m.documents)
        lines.append(
            f"- {m.month}: {m.score:+.2f} ({m.document_count} {h['documents']})"
            + (f", {h['moved_by']} {moved}" if moved else "")
        )
    return lines


def _actions(b: Briefing, h: dict[str, str], lang: str) -> list[str]:
    if not b.next_actions:
        return [h["no_actions"]]
    lines = []
    for a in b.next_actions:
        action, effect = (a.action_zh, a.effect_zh) if lang == "zh" else (a.action_en, a.effect_en)
        lines.append(f"{a.rank}. **{action}** — `{a.finding}` {_text(a.subject)}")
        lines.append(f"   {h['effect']}: {effect}{_cite(a.sources)}")
    return lines


def render_markdown(briefing: Briefing, language: str) -> str:
    """The briefing as Markdown with ``[record:id]`` citations; ``language`` is ``zh`` or ``en``."""
    if language not in HEADINGS:
        raise ValueError(f"language: must be zh or en (got {language!r})")
    h, b = HEADINGS[language], briefing
    months = h["months"].format(n=b.sentiment.months)
    sections = [
        (h["profile"], _profile(b.profile, h, language)),
        (h["rfm"], _rfm(b.rfm, h, language)),
        (h["health"], _health(b.health, h, language)),
        (h["risk"], _risk(b.risk, h, language)),
        (h["opportunities"], _opportunities(b, h, language)),
        (h["power_map"], _power(b.power_map, h, language)),
        (h["tree"], _tree(b.tree, h, language)),
        (f"{h['sentiment']} ({months})", _sentiment(b.sentiment, h, language)),
        (h["next_actions"], _actions(b, h, language)),
    ]
    out = [
        f"# {h['title']}: {_text(b.account_name)}",
        "",
        f"{h['as_of']} {b.as_of.isoformat()} [account:{b.account_id}]",
        "",
    ]
    for heading, lines in sections:
        out += [f"## {heading}", "", *lines, ""]
    return "\n".join(out).rstrip() + "\n"
