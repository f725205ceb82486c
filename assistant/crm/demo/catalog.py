"""Fixed vocabularies of the demo world: users, products, competitors, industries, departments, titles.

Everything here is plain data in a fixed order, so that choices drawn from it with a seeded
``random.Random`` are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_DOMAIN = "tillage-demo.com"


@dataclass(frozen=True, slots=True)
class DemoUserSpec:
    """A user of the demo sales organisation."""

    id: str
    email: str
    name: str
    role: str
    manager_id: str | None
    team: str
    slack_user_id: str


USERS: tuple[DemoUserSpec, ...] = (
    DemoUserSpec("u-zhangwei", f"zhang.wei@{DEMO_DOMAIN}", "张伟", "manager", None, "大客户部", "U0DEMO001"),
    DemoUserSpec(
        "u-emilychen",
        f"emily.chen@{DEMO_DOMAIN}",
        "Emily Chen",
        "manager",
        "u-zhangwei",
        "International KA",
        "U0DEMO002",
    ),
    DemoUserSpec("u-lina", f"li.na@{DEMO_DOMAIN}", "李娜", "rep", "u-zhangwei", "大客户部", "U0DEMO003"),
    DemoUserSpec("u-wangfang", f"wang.fang@{DEMO_DOMAIN}", "王芳", "rep", "u-zhangwei", "大客户部", "U0DEMO004"),
    DemoUserSpec(
        "u-davidlee", f"david.lee@{DEMO_DOMAIN}", "David Lee", "rep", "u-emilychen", "International KA", "U0DEMO005"
    ),
    DemoUserSpec("u-admin", f"admin@{DEMO_DOMAIN}", "Tillage Admin", "admin", None, "Operations", "U0DEMO006"),
)

REP_IDS: tuple[str, ...] = ("u-lina", "u-wangfang", "u-davidlee")
SECOND_MANAGER_ID = "u-emilychen"
#: Owner weights for Chinese and for international accounts: reps mostly, the second manager a few.
OWNER_WEIGHTS_ZH: tuple[tuple[str, int], ...] = (
    ("u-lina", 46),
    ("u-wangfang", 40),
    ("u-davidlee", 8),
    ("u-emilychen", 6),
)
OWNER_WEIGHTS_EN: tuple[tuple[str, int], ...] = (
    ("u-davidlee", 62),
    ("u-lina", 13),
    ("u-wangfang", 13),
    ("u-emilychen", 12),
)


@dataclass(frozen=True, slots=True)
class Product:
    """A product of our catalogue with a typical order value range (CNY) and its pitch."""

    name: str
    low: int
    high: int
    pain_zh: str
    pain_en: str
    value_zh: str
    value_en: str


PRODUCTS: tuple[Product, ...] = (
    Product(
        "MES 制造执行系统",
        180_000,
        900_000,
        "生产过程不透明,良品率统计滞后一周",
        "no visibility of the shop floor; yield figures arrive a week late",
        "产线数据实时采集,良品率分析从周报缩短到实时,预计良率提升3个百分点",
        "real-time shop-floor data that turns the weekly yield report into a live view and lifts yield by 3 points",
    ),
    Product(
        "Cloud ERP",
        80_000,
        450_000,
        "多套财务系统并行,月结需要十天",
        "several finance systems in parallel; month-end close takes ten days",
        "统一云端ERP,月结时间从十天缩短到三天",
        "one cloud ERP that cuts month-end close from ten days to three",
    ),
    Product(
        "Data Platform",
        120_000,
        600_000,
        "各部门数据口径不一致,报表靠手工汇总",
        "every department counts differently; reports are compiled by hand",
        "统一数据平台与指标口径,管理报表自动生成",
        "one data platform and metric model that produces management reports automatically",
    ),
    Product(
        "Supply Chain Suite",
        150_000,
        700_000,
        "库存周转慢,缺货与积压并存",
        "low inventory turns with stock-outs and overstock at the same time",
        "需求预测与补货协同,库存周转天数降低20%",
        "demand forecasting and replenishment that cut inventory days by 20%",
    ),
    Product(
        "IoT Gateway",
        20_000,
        160_000,
        "设备联网率低,故障发现靠人工巡检",
        "few machines are connected; faults are found by walking the floor",
        "设备统一接入与预警,非计划停机减少30%",
        "connected equipment with alerts that cut unplanned downtime by 30%",
    ),
    Product(
        "Support Plus",
        30_000,
        120_000,
        "系统问题响应慢,影响业务连续性",
        "late answers to system problems put operations at risk",
        "7x24专属支持与四小时响应承诺",
        "24/7 named support with a four-hour response commitment",
    ),
    Product(
        "Analytics Add-on",
        40_000,
        220_000,
        "管理层无法及时看到经营指标",
        "management cannot see operating figures in time",
        "移动端经营驾驶舱,关键指标每日更新",
        "a mobile management cockpit with key figures refreshed daily",
    ),
    Product(
        "Training Services",
        10_000,
        60_000,
        "新系统上线后员工使用率低",
        "staff barely use the new system after go-live",
        "分角色培训与认证,三个月内使用率达到90%",
        "role-based training and certification that reach 90% adoption in three months",
    ),
)
PRODUCT_BY_NAME: dict[str, Product] = {product.name: product for product in PRODUCTS}
#: Products bought again and again, added to every buying account's repeat-order pool.
RECURRING_PRODUCTS: tuple[str, ...] = ("Support Plus", "Training Services")

COMPETITORS_ZH: tuple[str, ...] = ("用友", "金蝶", "SAP", "Oracle", "鼎捷")
COMPETITORS_EN: tuple[str, ...] = ("SAP", "Oracle", "Salesforce", "Microsoft Dynamics", "Infor")

OPEN_STAGES: tuple[str, ...] = ("qualification", "needs_analysis", "proposal", "negotiation")

#: Industry key, weight, and the (zh, en, slug) words a company name in that industry may use.
INDUSTRIES: tuple[tuple[str, int, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "manufacturing",
        30,
        (
            ("精密制造", "Precision Manufacturing", "precision"),
            ("精密机械", "Precision Machinery", "machinery"),
            ("重工", "Heavy Industry", "heavy"),
            ("机电", "Electromechanical", "electromech"),
            ("汽车零部件", "Auto Parts", "autoparts"),
            ("电子科技", "Electronics", "electronics"),
            ("模具", "Moulds", "moulds"),
            ("装备制造", "Equipment", "equipment"),
        ),
    ),
    (
        "retail",
        10,
        (
            ("商贸", "Trading", "trading"),
            ("零售", "Retail", "retail"),
            ("百货", "Department Stores", "stores"),
            ("连锁超市", "Supermarkets", "mart"),
            ("电子商务", "E-Commerce", "ecommerce"),
        ),
    ),
    (
        "finance",
        7,
        (
            ("融资租赁", "Financial Leasing", "leasing"),
            ("投资", "Investment", "invest"),
            ("保险代理", "Insurance Agency", "insurance"),
            ("金融服务", "Financial Services", "finserv"),
        ),
    ),
    (
        "healthcare",
        10,
        (
            ("医疗器械", "Medical Devices", "meddevice"),
            ("生物医药", "Biopharma", "biopharma"),
            ("医药", "Pharmaceutical", "pharma"),
            ("健康科技", "Health Technology", "health"),
        ),
    ),
    (
        "logistics",
        10,
        (
            ("物流", "Logistics", "logistics"),
            ("供应链管理", "Supply Chain Management", "supplychain"),
            ("国际货运", "Freight", "freight"),
            ("仓储", "Warehousing", "warehousing"),
        ),
    ),
    (
        "energy",
        8,
        (
            ("新能源", "New Energy", "newenergy"),
            ("能源", "Energy", "energy"),
            ("光伏科技", "Solar", "solar"),
            ("电力设备", "Power Equipment", "power"),
        ),
    ),
    (
        "education",
        5,
        (
            ("教育科技", "EdTech", "edtech"),
            ("教育", "Education", "edu"),
            ("职业培训", "Vocational Training", "training"),
        ),
    ),
    (
        "technology",
        10,
        (
            ("软件", "Software", "soft"),
            ("信息技术", "Information Technology", "infotech"),
            ("网络科技", "Network Technology", "network"),
            ("数据科技", "Data Technology", "data"),
        ),
    ),
    ("food", 5, (("食品", "Foods", "foods"), ("乳业", "Dairy", "dairy"), ("饮料", "Beverages", "beverages"))),
    ("chemicals", 5, (("化工", "Chemicals", "chem"), ("新材料", "Advanced Materials", "materials"))),
)
INDUSTRY_KEYS: tuple[str, ...] = tuple(key for key, _, _ in INDUSTRIES)
INDUSTRY_WEIGHTS: tuple[int, ...] = tuple(weight for _, weight, _ in INDUSTRIES)
INDUSTRY_WORDS: dict[str, tuple[tuple[str, str, str], ...]] = {key: words for key, _, words in INDUSTRIES}

#: Decision role -> (department zh, department en, titles zh, titles en, influence range).
ROLE_PROFILES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[int, int]]] = {
    "decision_maker": (
        "总经办",
        "Management",
        ("总经理", "副总裁", "首席运营官"),
        ("CEO", "Managing Director", "COO"),
        (4, 5),
    ),
    "financial": ("财务部", "Finance", ("财务总监", "首席财务官"), ("Finance Director", "CFO"), (4, 5)),
    "technical": (
        "信息技术部",
        "IT",
        ("IT经理", "信息中心主任", "首席信息官"),
        ("IT Manager", "Head of IT", "CIO"),
        (3, 4),
    ),
    "user": (
        "生产部",
        "Operations",
        ("生产经理", "车间主任", "运营经理"),
        ("Operations Manager", "Plant Manager"),
        (2, 3),
    ),
    "influencer": (
        "采购部",
        "Procurement",
        ("采购经理", "采购总监"),
        ("Procurement Manager", "Head of Procurement"),
        (2, 4),
    ),
    "coach": ("信息技术部", "IT", ("系统主管", "项目经理"), ("Systems Lead", "Project Manager"), (2, 3)),
    "gatekeeper": (
        "总经办",
        "Management",
        ("总经理助理", "行政主管"),
        ("Executive Assistant", "Office Manager"),
        (1, 2),
    ),
}
#: The organisation-level relationship (seed 003): a strategy executive who owns the partnership.
ORG_LAYER_PROFILE: tuple[str, str, tuple[str, ...], tuple[str, ...]] = (
    "战略发展部",
    "Strategy",
    ("董事长", "战略发展部总监"),
    ("Chairman", "VP Strategy"),
)

RISK_SOURCES: dict[str, str] = {
    "dishonest_debtor": "中国执行信息公开网",
    "legal_rep_change": "国家企业信用信息公示系统",
    "lawsuit": "中国裁判文书网",
    "business_abnormal": "国家企业信用信息公示系统",
    "financial_anomaly": "企查查",
    "negative_news": "舆情监测",
}

LEAD_TITLES_ZH: tuple[str, ...] = ("采购经理", "IT经理", "生产总监", "财务总监", "总经理", "信息中心主任", "运营经理")
LEAD_TITLES_EN: tuple[str, ...] = ("Procurement Manager", "IT Director", "Head of Operations", "CFO", "CEO", "CIO")
