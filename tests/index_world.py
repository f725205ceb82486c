"""A small bilingual CRM world with notes and e-mails on disk, for the index tests."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from sqlmodel import Session

from assistant.crm.models import Account, Contact, Opportunity, User

NOTES = {
    "a1-price.md": """---
id: note-a1-price
account_id: A1
opportunity_id: O1
occurred_at: 2026-03-02
author: rep1@tillage.example
subject: 价格谈判
---
客户王总表示，今年的预算比去年削减了百分之二十。他们正在评估竞争对手的报价，认为我们的价格太高！

我们需要在下周提交新的报价方案，并争取财务总监的支持。
""",
    "a1-training.md": """---
id: note-a1-training
account_id: A1
occurred_at: 2026-01-15
author: rep1@tillage.example
subject: Operator training
---
The training session for the operators went well. They asked for more exercises on the reporting dashboard.
The delivery of the dashboard licence is confirmed for next month.
""",
    "a2-delivery.md": """---
id: note-a2-delivery
account_id: A2
opportunity_id: O2
occurred_at: 2026-04-10
author: rep2@tillage.example
subject: Acme Servers delivery review
---
Acme Servers complained that the server delivery is delayed by two weeks. The delivery delay blocks their
data-centre migration. They want a delivery recovery plan by Friday, otherwise they will escalate.
""",
    "a3-lunch.md": """---
id: note-a3-lunch
account_id: A3
occurred_at: 2026-02-20
author: rep2@tillage.example
subject: 午餐交流
---
和北方制造的李主任一起吃了午饭，聊了足球和天气。关系维护得不错，他答应介绍采购部的新负责人。
""",
    "a3-quality.md": """---
id: note-a3-quality
account_id: A3
occurred_at: 2026-05-05
author: rep2@tillage.example
subject: 设备质量投诉
---
北方制造投诉上个月安装的设备频繁故障，生产线停了两次。质量部门要求我们在三天内派工程师到现场。
""",
}


def build_world(session: Session) -> None:
    """Users (rep1 reports to mgr; rep2 to nobody; an admin), three accounts, contacts, opportunities."""
    session.add_all(
        [
            User(id="u-mgr", email="mgr@tillage.example", name="Manager", role="manager"),
            User(id="u-rep2", email="rep2@tillage.example", name="Rep Two", role="rep"),
            User(id="u-admin", email="admin@tillage.example", name="Admin", role="admin"),
        ]
    )
    session.flush()
    session.add(User(id="u-rep1", email="rep1@tillage.example", name="Rep One", role="rep", manager_id="u-mgr"))
    session.flush()
    session.add_all(
        [
            Account(id="A1", name="华东电力", owner_id="u-rep1"),
            Account(id="A2", name="Acme Servers", owner_id="u-rep2"),
            Account(id="A3", name="北方制造", owner_id="u-rep2"),
        ]
    )
    session.flush()
    session.add_all(
        [
            Contact(id="C1", account_id="A1", name="王总", email="wang@hdpower.cn"),
            Contact(id="C2", account_id="A2", name="John Doe", email="john@acme-servers.com"),
            Contact(id="C3", account_id="A3", name="李主任", email="li@bfzz.cn"),
            Opportunity(id="O1", account_id="A1", name="调度系统", amount=1_200_000, status="open", owner_id="u-rep1"),
            Opportunity(
                id="O2", account_id="A2", name="Server refresh", amount=800_000, status="open", owner_id="u-rep2"
            ),
        ]
    )
    session.commit()


def _mail(sender: str, to: str, subject: str, body: str, message_id: str, *, attachment: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Tue, 03 Mar 2026 09:30:00 +0800"
    message["Message-ID"] = f"<{message_id}>"
    message.set_content(body)
    if attachment:
        message.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="invoice-0042.pdf")
    return bytes(message)


def write_documents(folder: Path) -> Path:
    """The notes above plus two e-mails: one linked by its sender's contact address, one matching nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "mail-a2.eml").write_bytes(
        _mail(
            "John Doe <john@acme-servers.com>",
            "rep2@tillage.example",
            "Invoice question",
            "Hello,\n\nCould you confirm the payment terms on invoice 0042? Our finance team needs them.\n\nJohn",
            "m-a2-invoice@acme-servers.com",
            attachment=True,
        )
    )
    (folder / "mail-unknown.eml").write_bytes(
        _mail(
            "Stranger <someone@unknown-corp.com>",
            "rep1@tillage.example",
            "Partnership",
            "We would like to discuss a partnership.",
            "m-unknown@unknown-corp.com",
        )
    )
    return folder
