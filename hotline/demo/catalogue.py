"""The demo dispatch catalogue: categories from the shared taxonomy, who leads, time limits.

`TERRITORY` as a lead means "the street of the place" (属地): residential estates,
property management, neighbourhood noise, sanitation. Everything a line department
owns goes to that department, never down to a street by default.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from hotline.cases.choices import CaseType, Urgency
from hotline.catalog.models import Category, LeadMode, ResponsibilityRule, TimeLimitRule
from hotline.orgs.models import Unit

TERRITORY = "@street"

# path → (lead, co-handlers). Every first- and second-level category of the taxonomy
# gets a rule: a second level not listed here inherits its first level's lead.
RULES: dict[tuple[str, ...], tuple[str, list[str]]] = {
    ("城乡建设",): ("housing", []),
    ("城乡建设", "安全生产"): ("emergency", ["housing"]),
    ("城乡建设", "城市建设和市政管理"): ("urban", []),
    ("城乡建设", "城市建设和市政管理", "园林绿化环卫"): (TERRITORY, ["urban"]),
    ("城乡建设", "城市建设和市政管理", "环境卫生"): (TERRITORY, ["urban"]),
    ("城乡建设", "城市建设和市政管理", "小区管理"): (TERRITORY, ["housing"]),
    ("城乡建设", "城市建设和市政管理", "居民服务设施"): (TERRITORY, ["repairs"]),
    ("城乡建设", "城市建设和市政管理", "公共汽车"): ("bus", ["transport"]),
    ("城乡建设", "城市建设和市政管理", "地铁城铁"): ("metro", ["transport"]),
    ("城乡建设", "城市建设和市政管理", "燃气供应"): ("gas", []),
    ("城乡建设", "城市建设和市政管理", "电力供应"): ("power", []),
    ("城乡建设", "城市建设和市政管理", "自来水供应"): ("water", []),
    ("城乡建设", "城市建设和市政管理", "冬季采暖"): ("housing", []),
    ("城乡建设", "城乡规划"): ("natres", []),
    ("城乡建设", "城乡规划", "违章建筑"): ("urban", ["natres"]),
    ("城乡建设", "村镇建设"): ("housing", ["agri"]),
    ("城乡建设", "工程质量"): ("housing", []),
    ("城乡建设", "国有土地上房屋征收与补偿"): ("housing", ["natres"]),
    ("城乡建设", "集体土地上房屋拆迁与补偿"): ("natres", ["housing"]),
    ("城乡建设", "建筑市场"): ("housing", []),
    ("城乡建设", "建筑市场", "拖欠工程款"): ("housing", ["hrss"]),
    ("城乡建设", "住房保障与房地产"): ("housing", []),
    ("城乡建设", "住房保障与房地产", "物业服务"): (TERRITORY, ["housing"]),
    ("城乡建设", "住房保障与房地产", "修缮装修"): (TERRITORY, ["housing"]),
    ("城乡建设", "住房保障与房地产", "住房公积金"): ("housingfund", []),
    ("城乡建设", "住房保障与房地产", "房产证登记、办理"): ("natres", ["housing"]),
    ("党务政务",): ("govoffice", []),
    ("国土资源",): ("natres", []),
    ("国土资源", "海洋气象地震"): ("emergency", ["natres"]),
    ("环境保护",): ("ecology", []),
    ("环境保护", "环境污染", "噪音污染"): (TERRITORY, ["ecology"]),
    ("环境保护", "环保管理", "污染损害纠纷调解"): ("ecology", ["mediation"]),
    ("纪检监察",): ("discipline", []),
    ("交通运输",): ("transport", []),
    ("交通运输", "邮政管理"): ("postal", []),
    ("经济管理",): ("development", []),
    ("经济管理", "安全生产"): ("emergency", []),
    ("经济管理", "保险证券期货"): ("finance", []),
    ("经济管理", "金融财税"): ("finance", []),
    ("经济管理", "国资监管"): ("sasac", []),
    ("经济管理", "企业破产"): ("industry", ["sasac"]),
    ("经济管理", "能源管理"): ("development", ["power"]),
    ("科技与信息产业",): ("industry", []),
    ("科技与信息产业", "电信"): ("telecom", ["mobile"]),
    ("科技与信息产业", "科学技术"): ("science", []),
    ("科技与信息产业", "知识产权"): ("science", ["market"]),
    ("民政",): ("civil", []),
    ("民政", "复退安置"): ("veterans", []),
    ("民政", "优抚"): ("veterans", []),
    ("民政", "基层选举和社区建设"): (TERRITORY, ["civil"]),
    ("民政", "社会服务", "生活无着人员救助"): ("civil", ["volunteers"]),
    ("农村农业",): ("agri", []),
    ("农村农业", "水利水电"): ("waterres", []),
    ("农村农业", "水库移民"): ("waterres", []),
    ("农村农业", "村务管理"): (TERRITORY, ["agri"]),
    ("农村农业", "土地承包经营", "宅基地纠纷"): (TERRITORY, ["natres"]),
    ("商贸旅游",): ("market", []),
    ("商贸旅游", "旅游管理"): ("culture", ["market"]),
    ("商贸旅游", "商业贸易"): ("commerce", []),
    ("卫生计生",): ("health", []),
    ("卫生计生", "食品药品监管"): ("market", ["health"]),
    ("卫生计生", "医患纠纷"): ("health", ["justice"]),
    ("政法",): ("police", []),
    ("政法", "法律服务"): ("justice", []),
    ("政法", "法制建设"): ("justice", []),
    ("政法", "行政复议"): ("justice", []),
    ("政法", "诉讼"): ("justice", []),
    ("政法", "刑罚执行"): ("justice", []),
    ("政法", "仲裁与调解"): ("justice", ["mediation"]),
    ("政法", "仲裁与调解", "劳动仲裁"): ("hrss", []),
    ("政法", "仲裁与调解", "人事仲裁"): ("hrss", []),
    ("政法", "社会治安", "消防安全"): ("emergency", ["police"]),
    ("政法", "其他"): ("justice", []),
    ("教育文体",): ("education", []),
    ("教育文体", "体育"): ("culture", []),
    ("教育文体", "文化"): ("culture", []),
    ("教育文体", "文物管理"): ("culture", []),
    ("劳动和社会保障",): ("hrss", []),
    ("劳动和社会保障", "城镇居民社会保险"): ("hrss", ["medins"]),
    ("劳动和社会保障", "城镇居民社会保险", "城镇居民医疗保险"): ("medins", []),
    ("劳动和社会保障", "城镇居民社会保险", "新农村合作医疗"): ("medins", []),
    ("劳动和社会保障", "城镇职工社会保险", "职工医疗保险"): ("medins", []),
    ("劳动和社会保障", "城镇职工社会保险", "职工生育保险"): ("medins", []),
    ("劳动和社会保障", "工资福利", "住房公积金"): ("housingfund", []),
    ("劳动和社会保障", "劳动关系", "农民工权益"): ("hrss", ["housing"]),
}

# District-specific practice (the catalogue differs by place): path, district, lead, co.
DISTRICT_OVERRIDES = [
    # A1区 gave bar and building-site noise to its city-management squads.
    (("环境保护", "环境污染", "噪音污染"), "a1", "urban", ["ecology"]),
    # A2区 pushes illegal construction to the streets first (拆违 by the street office).
    (("城乡建设", "城乡规划", "违章建筑"), "a2", TERRITORY, ["urban"]),
    # A3区's municipal facilities are run by the district itself.
    (("城乡建设", "城市建设和市政管理"), "a3", "a3", ["urban"]),
    # A6区 is largely rural: land contracts are handled by the district.
    (("农村农业", "土地承包经营"), "a6", "a6", ["agri"]),
]

# Difficulty weights for assessment; deeper paths win. Default 1.
COMPLEXITY: dict[tuple[str, ...], str] = {
    ("城乡建设", "安全生产"): "2.0",
    ("经济管理", "安全生产"): "2.0",
    ("城乡建设", "安全生产", "事故处理"): "2.5",
    ("城乡建设", "国有土地上房屋征收与补偿"): "2.0",
    ("城乡建设", "集体土地上房屋拆迁与补偿"): "2.0",
    ("城乡建设", "建筑市场", "拖欠工程款"): "1.8",
    ("城乡建设", "住房保障与房地产"): "1.3",
    ("城乡建设", "城乡规划", "违章建筑"): "1.6",
    ("劳动和社会保障", "劳动关系"): "1.8",
    ("劳动和社会保障", "工资福利"): "1.6",
    ("劳动和社会保障", "劳动关系", "农民工权益"): "2.0",
    ("国土资源", "土地征收"): "1.8",
    ("环境保护", "环境污染"): "1.5",
    ("卫生计生", "医患纠纷"): "1.8",
    ("卫生计生", "食品药品监管"): "1.5",
    ("政法", "仲裁与调解"): "1.5",
    ("纪检监察",): "1.5",
    ("农村农业", "土地承包经营"): "1.5",
}

# Published practice: sign within one working day; reply by type; urgent and emergency.
TIME_LIMITS = [
    dict(sign_hours=24, reply_days=15, note="默认：1个工作日内签收，15个工作日内办结"),
    dict(case_type=CaseType.CONSULTATION, sign_hours=24, reply_days=3, note="咨询类3个工作日"),
    dict(case_type=CaseType.HELP, sign_hours=24, reply_days=5, note="求助类5个工作日"),
    dict(case_type=CaseType.COMPLAINT, sign_hours=24, reply_days=15, note="投诉类15个工作日"),
    dict(case_type=CaseType.REPORT, sign_hours=24, reply_days=15, note="举报类15个工作日"),
    dict(case_type=CaseType.SUGGESTION, sign_hours=24, reply_days=15, note="建议类15个工作日"),
    dict(case_type=CaseType.PRAISE, sign_hours=24, reply_days=5, note="表扬类5个工作日"),
    dict(urgency=Urgency.URGENT, sign_hours=4, reply_days=2, note="紧急：4小时内签收，2个工作日内答复"),
    dict(urgency=Urgency.EMERGENCY, sign_minutes=30, reply_minutes=120,
         note="突发紧急：30分钟内签收，120分钟内反馈处置情况"),
]
CATEGORY_TIME_LIMITS = [
    (("城乡建设", "安全生产"), dict(sign_hours=8, reply_days=5, note="安全隐患5个工作日")),
    (("经济管理", "安全生产"), dict(sign_hours=8, reply_days=5, note="安全隐患5个工作日")),
    (("城乡建设", "城市建设和市政管理", "自来水供应"), dict(sign_hours=4, reply_days=2, note="停水等供水问题")),
    (("城乡建设", "城市建设和市政管理", "电力供应"), dict(sign_hours=4, reply_days=2, note="停电等供电问题")),
]


def taxonomy_path() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "teddy2020" / "taxonomy.csv"


def read_taxonomy(path: Path | None = None) -> list[tuple[str, str, str]]:
    with open(path or taxonomy_path(), encoding="utf-8", newline="") as fh:
        rows = [(r["一级分类"].strip(), r["二级分类"].strip(), r["三级分类"].strip()) for r in csv.DictReader(fh)]
    return [r for r in rows if all(r)]


def _complexity(path: tuple[str, ...]) -> Decimal:
    for depth in range(len(path), 0, -1):
        if path[:depth] in COMPLEXITY:
            return Decimal(COMPLEXITY[path[:depth]])
    return Decimal(1)


def build_categories() -> dict[tuple[str, ...], Category]:
    """The three-level tree, keyed by path tuple."""
    tree: dict[tuple[str, ...], Category] = {}
    for row in read_taxonomy():
        for depth in (1, 2, 3):
            path = row[:depth]
            if path in tree:
                continue
            tree[path] = Category.objects.create(
                name=path[-1], parent=tree[path[:-1]] if depth > 1 else None,
                complexity=_complexity(path),
            )
    return tree


def _rule(category, lead: str, co: list[str], units: dict[str, Unit], territory=None, note=""):
    if lead == TERRITORY:
        rule = ResponsibilityRule.objects.create(
            category=category, territory=territory, lead_mode=LeadMode.TERRITORY, legal_basis=note,
        )
    else:
        rule = ResponsibilityRule.objects.create(
            category=category, territory=territory, lead_mode=LeadMode.UNIT, lead_unit=units[lead],
            legal_basis=note,
        )
    if co:
        rule.co_handlers.add(*[units[c] for c in co])
    return rule


def build_rules(tree: dict[tuple[str, ...], Category], units: dict[str, Unit]) -> int:
    count = 0
    for path, category in tree.items():
        spec = RULES.get(path)
        if spec is None and len(path) <= 2:
            spec = RULES.get(path[:1], ("govoffice", []))
        if spec is None:
            continue
        _rule(category, spec[0], spec[1], units, note="演示派单目录")
        count += 1
    for path, district, lead, co in DISTRICT_OVERRIDES:
        _rule(tree[path], lead, co, units, territory=units[district], note="演示：区级派单目录差异")
        count += 1
    return count


def build_time_limits(tree: dict[tuple[str, ...], Category]) -> int:
    for spec in TIME_LIMITS:
        TimeLimitRule.objects.create(**spec)
    for path, spec in CATEGORY_TIME_LIMITS:
        TimeLimitRule.objects.create(category=tree[path], **spec)
    return len(TIME_LIMITS) + len(CATEGORY_TIME_LIMITS)
