"""Answer templates for the document tools (tools/agent_documents.py): search, sentiment, drafts.

Passages and sentences are quoted as data between quotation marks; nothing in them is acted on.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.answers import sep, t, template

LABEL_ZH = {"positive": "正面", "neutral": "中性", "negative": "负面"}
KIND = {"meeting_note": ("meeting note", "会议纪要"), "email": ("e-mail", "邮件")}
TOPIC_ZH = {"price": "价格", "budget": "预算", "competitor": "竞争对手", "delivery": "交付", "quality": "质量",
            "timeline": "时间进度", "relationship": "关系"}  # fmt: skip
LANGUAGE = {"zh": ("Chinese", "中文"), "en": ("English", "英文")}


def _label(value: str | None, lang: str) -> str:
    return LABEL_ZH.get(value or "", value or "-") if lang == "zh" else value or "-"


def _kind(value: str | None, lang: str) -> str:
    pair = KIND.get(value or "")
    return (pair[1] if lang == "zh" else pair[0]) if pair else value or "-"


def _quote(text: str | None) -> str:
    return "“" + " ".join((text or "").split()) + "”"


@template("search_documents")
def search(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """The matching documents, best first, each with date, kind, account, subject and passage."""
    hits = data.get("hits") or []
    filters = []
    if data.get("account_id"):
        filters.append(data["account_id"])
    if data.get("since") or data.get("until"):
        filters.append(f"{data.get('since') or '…'} – {data.get('until') or '…'}")
    if data.get("kind"):
        filters.append(_kind(data["kind"], lang))
    shown = f" ({sep(lang).join(filters)})" if filters else ""
    if not hits:
        return t(lang, f"No meeting note or e-mail you can see matches {_quote(data.get('query'))}{shown}.",
                 f"在您有权查看的会议纪要和邮件中,没有找到与{_quote(data.get('query'))}"
                 f"相关的内容{shown}。")  # fmt: skip
    lines = [t(lang, f"{len(hits)} documents match {_quote(data.get('query'))}{shown}:",
               f"找到 {len(hits)} 份与{_quote(data.get('query'))}相关的文档{shown}:")]  # fmt: skip
    for h in hits:
        account = f"{h.get('account_name')} [{h.get('account_id')}]" if h.get("account_id") else "-"
        lines.append(f"{h['rank']}. [{h['document_id']}] {h.get('date') or '-'} {_kind(h.get('kind'), lang)}, "
                     f"{account}: {_quote(h.get('subject'))} — {_quote(h.get('snippet'))}")  # fmt: skip
    return "\n".join(lines)


def _topics(topics: list[dict[str, Any]], lang: str) -> str:
    names = [(TOPIC_ZH.get(x["topic"], x["topic"]) if lang == "zh" else x["topic"]) for x in topics]
    return sep(lang).join(f"{n} {x['count']}" for n, x in zip(names, topics, strict=True))


def _account(a: dict[str, Any], lang: str) -> list[str]:
    who = f"{a['account_name']} [{a['account_id']}]"
    if not a.get("document_count"):
        return [t(lang, f"{who} has no dated meeting notes or e-mails from {a['from_month']} to {a['to_month']}.",
                  f"{who} 在 {a['from_month']} 至 {a['to_month']} 期间没有会议纪要或邮件。")]  # fmt: skip
    lines = [t(lang, f"Sentiment of {who}, {a['from_month']} to {a['to_month']}: {a['score']} "
               f"({_label(a.get('label'), lang)}) over {a['document_count']} documents.",
               f"{who} 在 {a['from_month']} 至 {a['to_month']} 的情感:{a['score']}({_label(a.get('label'), lang)}),"
               f"共 {a['document_count']} 份文档。")]  # fmt: skip
    for month in a.get("trend") or []:
        moved = sep(lang).join(f"[{d['document_id']}] {d['score']}" for d in month.get("documents") or [])
        lines.append(t(lang, f"- {month['month']}: {month['score']} ({month['document_count']} documents)",
                       f"- {month['month']}:{month['score']}({month['document_count']} 份)")
                     + (f" ← {moved}" if moved else ""))  # fmt: skip
    topics = a.get("topics") or []
    if topics:
        lines.append(t(lang, "Topics: ", "话题:") + _topics(topics, lang))
    for s in (a.get("sentences") or [])[:3]:
        lines.append(f"  {_quote(s.get('text'))} [{s.get('document_id')}] {s.get('score')}")
    return lines


def _document(d: dict[str, Any], lang: str) -> list[str]:
    lines = [t(lang, f"[{d['document_id']}] {_kind(d.get('kind'), lang)} {_quote(d.get('subject'))}: sentiment "
               f"{d['score']} ({_label(d.get('label'), lang)}).", f"[{d['document_id']}] {_kind(d.get('kind'), lang)}"
               f"{_quote(d.get('subject'))}:情感 {d['score']}({_label(d.get('label'), lang)})。")]  # fmt: skip
    topics = d.get("topics") or []
    if topics:
        lines.append(t(lang, "Topics: ", "话题:") + _topics(topics, lang))
    for s in (d.get("sentences") or [])[:3]:
        lines.append(f"  {_quote(s.get('text'))} {s.get('score')}")
    return lines


@template("sentiment_review")
def sentiment(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """An account's score, label, monthly trend with the documents that moved it, topics; or one document."""
    if data.get("scope") == "document" and data.get("document"):
        return "\n".join(_document(data["document"], lang))
    return "\n".join(_account(data.get("account") or {}, lang))


@template("draft_follow_up")
def draft(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """The saved (never sent) draft: id, recipient, subject, body, and what it was based on."""
    to = sep(lang).join(data.get("to") or []) or t(lang, "no e-mail address on file", "无邮箱地址")
    written_in = LANGUAGE.get(data.get("language") or "", (data.get("language") or "-",) * 2)
    head = t(
        lang,
        f"I saved draft {data['id']} for {data['account_name']} [{data['account_id']}] (not sent; review and send it "
        f"yourself). Language: {written_in[0]}. To: {to}.",
        f"已为 {data['account_name']} [{data['account_id']}] 保存草稿 {data['id']}(未发送,请审阅后自行发送)。"
        f"语言:{written_in[1]}。收件人:{to}。",
    )
    lines = [
        head,
        t(lang, f"Subject: {data.get('subject')}", f"主题:{data.get('subject')}"),
        "",
        data.get("body") or "",
    ]
    basis = []
    if data.get("source_document_id"):
        basis.append(f"[{data['source_document_id']}]")
    if data.get("opportunity_id"):
        basis.append(f"[{data['opportunity_id']}]")
    if basis:
        lines += ["", t(lang, "Based on ", "依据:") + sep(lang).join(basis)]
    return "\n".join(lines)
