# ruff: noqa: E501  (CSV fixture lines are data; wrapping them would change them)
"""CSV fixtures for the import tests: a small consistent world, written into tmp_path."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, select
from sqlmodel import Session, SQLModel

# Every file of the import format, with every column, as plain CSV text.
BASE: dict[str, str] = {
    "users.csv": """id,email,name,role,manager_id,team,slack_user_id
u2,li.na@example.com,李娜,rep,u1,East,U002
u1,wang.wei@example.com,王伟,manager,,East,U001
u3,admin@example.com,Admin,admin,,,
""",
    "accounts.csv": """id,name,aliases,registry_id,industry,region,employees,registered_capital,founded,parent_id,owner_id,status,legal_rep
A2,华东精密制造有限公司,华东精密;HDJM,91310000MA1FL0001X,制造,上海,1200,50000000.00,2008-05-12,A1,u2,active,张三
A1,华东集团,,91310000MA1FL0000X,制造,上海,8000,,1998-01-01,,u1,,李四
A3,"Acme Co., Ltd.",,,Software,Berlin,,,,,u2,high_risk,
""",
    "contacts.csv": """id,account_id,name,title,department,role,influence,stance,strength,layer,email,phone,last_contacted
c1,A2,赵敏,CFO,财务部,financial,5,supporter,4,key,zhao.min@hdjm.cn,+86 21 5555 0001,2026-02-20
c2,A2,钱伟,IT经理,信息部,technical,3,neutral,2,general,qian.wei@hdjm.cn,,
c3,A3,Jane Doe,CTO,,decision_maker,4,opponent,1,key,jane@acme.de,,
""",
    "opportunities.csv": """id,account_id,name,stage,amount,currency,expected_close,owner_id,status,products,competitor,value_proposition,customer_pain,value_confirmed,f_price,f_product_fit,f_service,f_delivery,f_technical,f_brand,f_relationship,f_commercial,f_responsiveness
o1,A2,MES 升级,proposal,1200000.50,,2026-06-30,,open,MES;WMS,SAP,降低停线时间,停线损失,true,-1,2,1,0,1,0,2,-2,1
o2,A3,Cloud ERP,won,300000,EUR,2025-12-01,u3,won,,,,,,,,,,,,,,
""",
    "orders.csv": """id,account_id,opportunity_id,product,amount,ordered_at,due_at,paid_at
r1,A2,o1,MES,600000.25,2026-01-15,2026-02-15,2026-02-10
r2,A3,,Support,12000,2025-11-03,2025-12-03,
""",
    "quotes.csv": """id,opportunity_id,amount,status
q1,o1,1250000,sent
""",
    "activities.csv": """id,account_id,contact_ids,opportunity_id,kind,occurred_at,summary
a1,A2,c1;c2,o1,meeting,2026-02-20T10:00:00+08:00,需求澄清会
a2,A3,,,call,2026-01-05 09:30,Intro call
""",
    "tickets.csv": """id,account_id,opened_at,resolved_at,severity,sla_breached
t1,A2,2026-01-10T08:00:00Z,2026-01-12T08:00:00Z,high,true
""",
    "surveys.csv": """id,account_id,nps,answered_at
s1,A2,9,2026-01-20T12:00:00
""",
    "risk_events.csv": """id,account_id,kind,severity,occurred_at,source,details
e1,A3,lawsuit,,2026-02-01T00:00:00+01:00,court feed,Contract dispute
""",
    "leads.csv": """id,company,contact_name,title,industry,employees,region,created_at,outcome,owner_id
l1,苏州新材料科技有限公司,孙丽,采购经理,材料,300,苏州,2026-01-02T09:00:00+08:00,,u2
""",
    "lead_events.csv": """id,lead_id,kind,occurred_at
le1,l1,whitepaper_download,2026-01-03T10:00:00+08:00
le2,l1,demo_request,2026-01-09T15:00:00+08:00
""",
}

MINIMAL: dict[str, str] = {name: BASE[name] for name in ("users.csv", "accounts.csv")}


def write_dir(root: Path, files: Mapping[str, str | bytes], name: str = "export") -> Path:
    """Write ``files`` (text as UTF-8, bytes as they are) into a fresh folder under ``root``."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for filename, content in files.items():
        path = folder / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return folder


def with_files(base: dict[str, str], **changes: str | None) -> dict[str, str | bytes]:
    """``base`` with files replaced (``users_csv="..."`` for users.csv) or removed (``None``)."""
    files: dict[str, str | bytes] = dict(base)
    for key, content in changes.items():
        filename = key.removesuffix("_csv") + ".csv"
        if content is None:
            files.pop(filename, None)
        else:
            files[filename] = content
    return files


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, for before/after comparisons."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    # Only tables the migrations created: other modules may register models whose migration is not applied here.
    present = set(inspect(engine).get_table_names())
    with Session(engine) as session:
        for table in (t for t in SQLModel.metadata.sorted_tables if t.name in present):
            rows = session.execute(select(table)).all()
            result[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return result


def messages(report: Any) -> list[str]:
    """The report's errors as the CLI prints them."""
    return [str(issue) for issue in report.errors]
