"""Real citizen messages from the shared data, made into demo intake.

The matter and the place are guessed with plain keyword matching (the classifier and
the place parser are other modules' jobs); names and phones are generated.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hotline.cases.choices import CaseType, Channel, Urgency
from hotline.catalog.models import Category
from hotline.orgs.models import Unit

# Words people write → the matter (path in the taxonomy). Longer, more specific first.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "物业": ("城乡建设", "住房保障与房地产", "物业服务"),
    "业委会": ("城乡建设", "住房保障与房地产", "物业服务"),
    "停车费": ("城乡建设", "住房保障与房地产", "物业服务"),
    "电梯": ("商贸旅游", "质监检验检疫", "特种设备管理"),
    "噪音": ("环境保护", "环境污染", "噪音污染"),
    "噪声": ("环境保护", "环境污染", "噪音污染"),
    "扰民": ("环境保护", "环境污染", "噪音污染"),
    "油烟": ("环境保护", "环境污染", "大气污染"),
    "臭气": ("环境保护", "环境污染", "大气污染"),
    "异味": ("环境保护", "环境污染", "大气污染"),
    "粉尘": ("环境保护", "环境污染", "大气污染"),
    "排污": ("环境保护", "环境污染", "水污染"),
    "污水": ("环境保护", "环境污染", "水污染"),
    "垃圾": ("城乡建设", "城市建设和市政管理", "环境卫生"),
    "卫生脏乱": ("城乡建设", "城市建设和市政管理", "环境卫生"),
    "占道经营": ("城乡建设", "城市建设和市政管理", "城管执法"),
    "违建": ("城乡建设", "城乡规划", "违章建筑"),
    "违章搭建": ("城乡建设", "城乡规划", "违章建筑"),
    "违法建筑": ("城乡建设", "城乡规划", "违章建筑"),
    "乱建": ("城乡建设", "城乡规划", "违章建筑"),
    "吵": ("环境保护", "环境污染", "噪音污染"),
    "冒烟": ("环境保护", "环境污染", "大气污染"),
    "废气": ("环境保护", "环境污染", "大气污染"),
    "污染": ("环境保护", "环境污染", "其他污染"),
    "养殖": ("环境保护", "环境污染", "水污染"),
    "脏乱": ("城乡建设", "城市建设和市政管理", "环境卫生"),
    "卫生很差": ("城乡建设", "城市建设和市政管理", "环境卫生"),
    "废品": ("城乡建设", "城市建设和市政管理", "环境卫生"),
    "摆摊": ("城乡建设", "城市建设和市政管理", "城管执法"),
    "城铁": ("城乡建设", "城市建设和市政管理", "地铁城铁"),
    "磁浮": ("城乡建设", "城市建设和市政管理", "地铁城铁"),
    "站点": ("城乡建设", "城市建设和市政管理", "公共汽车"),
    "吃水": ("城乡建设", "城市建设和市政管理", "自来水供应"),
    "交房": ("城乡建设", "住房保障与房地产", "房地产开发管理"),
    "入住": ("城乡建设", "住房保障与房地产", "房地产开发管理"),
    "结婚": ("民政", "社会服务", "婚姻登记"),
    "高龄补贴": ("民政", "福利慈善", "福利事业"),
    "驾照": ("政法", "交通管理", "机动车和驾驶员管理"),
    "驾驶": ("政法", "交通管理", "机动车和驾驶员管理"),
    "驾校": ("政法", "交通管理", "机动车和驾驶员管理"),
    "减速": ("政法", "交通管理", "交通安全管理"),
    "护照": ("政法", "户籍证件", "出入境管理"),
    "通行证": ("政法", "户籍证件", "出入境管理"),
    "的士": ("交通运输", "出租车管理", "行业监管"),
    "火车": ("交通运输", "客货运输", "旅客运输"),
    "大巴": ("交通运输", "客货运输", "旅客运输"),
    "见习": ("劳动和社会保障", "就业培训", "就业和再就业"),
    "人才引进": ("劳动和社会保障", "就业培训", "就业和再就业"),
    "务工": ("劳动和社会保障", "劳动关系", "农民工权益"),
    "押金": ("商贸旅游", "市场监管", "商品质量"),
    "消费者": ("商贸旅游", "市场监管", "商品质量"),
    "违章建": ("城乡建设", "城乡规划", "违章建筑"),
    "违规建设": ("城乡建设", "城乡规划", "违章建筑"),
    "路灯": ("城乡建设", "城市建设和市政管理", "城市公共设施"),
    "井盖": ("城乡建设", "城市建设和市政管理", "城市公共设施"),
    "修路": ("城乡建设", "城市建设和市政管理", "基础设施"),
    "道路": ("城乡建设", "城市建设和市政管理", "基础设施"),
    "绿化": ("城乡建设", "城市建设和市政管理", "园林绿化"),
    "公交": ("城乡建设", "城市建设和市政管理", "公共汽车"),
    "地铁": ("城乡建设", "城市建设和市政管理", "地铁城铁"),
    "燃气": ("城乡建设", "城市建设和市政管理", "燃气供应"),
    "天然气": ("城乡建设", "城市建设和市政管理", "燃气供应"),
    "停水": ("城乡建设", "城市建设和市政管理", "自来水供应"),
    "水压": ("城乡建设", "城市建设和市政管理", "自来水供应"),
    "自来水": ("城乡建设", "城市建设和市政管理", "自来水供应"),
    "停电": ("城乡建设", "城市建设和市政管理", "电力供应"),
    "供电": ("城乡建设", "城市建设和市政管理", "电力供应"),
    "高压": ("城乡建设", "城市建设和市政管理", "电力供应"),
    "小区": ("城乡建设", "城市建设和市政管理", "小区管理"),
    "安全隐患": ("城乡建设", "安全生产", "安全隐患"),
    "拆迁": ("城乡建设", "国有土地上房屋征收与补偿", "房屋拆迁"),
    "征收": ("城乡建设", "国有土地上房屋征收与补偿", "安置补偿"),
    "棚改": ("城乡建设", "国有土地上房屋征收与补偿", "棚户区和城中村改造"),
    "安置房": ("城乡建设", "国有土地上房屋征收与补偿", "回迁房"),
    "房产证": ("城乡建设", "住房保障与房地产", "房产证登记、办理"),
    "产权证": ("城乡建设", "住房保障与房地产", "房产证登记、办理"),
    "不动产": ("城乡建设", "住房保障与房地产", "房产证登记、办理"),
    "公积金": ("城乡建设", "住房保障与房地产", "住房公积金"),
    "开发商": ("城乡建设", "住房保障与房地产", "房地产开发管理"),
    "购房": ("城乡建设", "住房保障与房地产", "房地产开发管理"),
    "公租房": ("城乡建设", "住房保障与房地产", "保障性住房"),
    "廉租房": ("城乡建设", "住房保障与房地产", "保障性住房"),
    "工程款": ("城乡建设", "建筑市场", "拖欠工程款"),
    "施工": ("城乡建设", "工程质量", "施工安全"),
    "拖欠工资": ("劳动和社会保障", "工资福利", "工资发放"),
    "欠薪": ("劳动和社会保障", "工资福利", "工资发放"),
    "工资": ("劳动和社会保障", "工资福利", "工资发放"),
    "社保": ("劳动和社会保障", "城镇职工社会保险", "职工养老保险"),
    "养老保险": ("劳动和社会保障", "城镇职工社会保险", "职工养老保险"),
    "医保": ("劳动和社会保障", "城镇居民社会保险", "城镇居民医疗保险"),
    "退休": ("劳动和社会保障", "退休政策及待遇", "退休金发放"),
    "劳动合同": ("劳动和社会保障", "劳动关系", "劳动合同纠纷"),
    "农民工": ("劳动和社会保障", "劳动关系", "农民工权益"),
    "就业": ("劳动和社会保障", "就业培训", "就业和再就业"),
    "学位": ("教育文体", "教育体制", "教育资源配置"),
    "入学": ("教育文体", "考试招生", "招生录取"),
    "招生": ("教育文体", "考试招生", "招生录取"),
    "学校": ("教育文体", "教育行政管理", "教学管理"),
    "补课": ("教育文体", "教育行政管理", "学生负担"),
    "幼儿园": ("教育文体", "教育行政管理", "民办学校"),
    "学费": ("教育文体", "教育收费", "收费标准"),
    "教师": ("教育文体", "教师队伍和待遇", "工资福利"),
    "医院": ("卫生计生", "医政监管", "医疗技术和服务"),
    "医疗": ("卫生计生", "医政监管", "医疗技术和服务"),
    "疫苗": ("卫生计生", "公共卫生", "疾病预防控制"),
    "食品": ("卫生计生", "食品药品监管", "食品安全"),
    "餐馆": ("卫生计生", "食品药品监管", "食品安全"),
    "药店": ("卫生计生", "食品药品监管", "药品和医疗器械管理"),
    "出租车": ("交通运输", "出租车管理", "行业监管"),
    "网约车": ("交通运输", "出租车管理", "网约车问题"),
    "快递": ("交通运输", "邮政管理", "快递市场管理"),
    "超载": ("交通运输", "客货运输", "运输安全"),
    "红绿灯": ("政法", "交通管理", "交通安全管理"),
    "交警": ("政法", "交通管理", "交通安全管理"),
    "违停": ("政法", "交通管理", "交通安全管理"),
    "户口": ("政法", "户籍证件", "户籍管理"),
    "身份证": ("政法", "户籍证件", "身份证管理"),
    "赌博": ("政法", "社会治安", "黄赌毒"),
    "传销": ("商贸旅游", "市场监管", "传销"),
    "诈骗": ("政法", "刑案侦破", "案件侦破"),
    "消防": ("政法", "社会治安", "消防安全"),
    "虚假广告": ("商贸旅游", "市场监管", "广告监管"),
    "价格": ("商贸旅游", "市场监管", "物价监督"),
    "质量": ("商贸旅游", "市场监管", "商品质量"),
    "景区": ("商贸旅游", "旅游管理", "景区管理"),
    "旅游": ("商贸旅游", "旅游管理", "旅游市场管理"),
    "低保": ("民政", "社会救助", "城镇低保"),
    "养老院": ("民政", "福利慈善", "福利事业"),
    "残疾": ("民政", "福利慈善", "福利事业"),
    "退役": ("民政", "优抚", "老退役军人待遇"),
    "殡葬": ("民政", "社会服务", "殡葬管理"),
    "宅基地": ("农村农业", "土地承包经营", "宅基地纠纷"),
    "土地流转": ("农村农业", "土地承包经营", "土地流转"),
    "村委": ("农村农业", "村务管理", "村务公开"),
    "扶贫": ("农村农业", "扶贫开发", "扶贫开发政策"),
    "河道": ("农村农业", "水利水电", "江河湖治理"),
    "挖沙": ("农村农业", "水利水电", "江河湖治理"),
    "防汛": ("农村农业", "水利水电", "防汛抗旱"),
    "征地": ("国土资源", "土地征收", "安置补偿"),
    "宽带": ("科技与信息产业", "电信", "通信保障"),
    "信号": ("科技与信息产业", "电信", "通信保障"),
    "基站": ("科技与信息产业", "电信", "运营商监管"),
    "税": ("经济管理", "金融财税", "税收征管"),
    "集资": ("经济管理", "金融财税", "集资融资"),
    "非法经营": ("经济管理", "金融财税", "非法经济活动"),
}
SKIP_NAMES = {"其他", "其他污染", "其他补贴", "基础设施"}

DISTRICT_RE = re.compile(r"A([1-6])区")
CITY_RE = re.compile(r"A市|A[1-6]区")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波宁婷雪晨浩宇欣怡佳子涵梓轩一鸣晓东春梅德胜小龙"
PREFIXES = ["138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "186", "187", "188", "177", "133", "189"]


@dataclass
class Message:
    title: str
    content: str
    reply: str = ""
    source: str = ""  # "teddy:<id>", "replies:<id>", "shangluo:<url>"
    channel: str = Channel.PORTAL


# The mayor's mailbox is from another city: re-anonymise its places into ours.
SHANGLUO_PLACES = [
    ("商洛市", "A市"), ("商洛", "A市"), ("商州区", "A1区"), ("洛南县", "A2区"), ("丹凤县", "A3区"),
    ("商南县", "A4区"), ("山阳县", "A5区"), ("镇安县", "A6区"), ("柞水县", "A6区"),
    ("商州", "A1区"), ("洛南", "A2区"), ("丹凤", "A3区"), ("商南", "A4区"), ("山阳", "A5区"),
    ("镇安", "A6区"), ("柞水", "A6区"),
]
SHANGLUO_SHARE = 0.12  # of the replied messages


def _anonymise(text: str) -> str:
    for old, new in SHANGLUO_PLACES:
        text = text.replace(old, new)
    return text


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _clean(text: str, limit: int) -> str:
    text = (text or "").replace("\xa0", " ").replace("\u3000", " ").strip()
    text = re.sub(r"[ \t]+", " ", text)
    return text[:limit].strip()


def load_messages() -> tuple[list[Message], list[Message], list[Message]]:
    """(messages without reply, with a real reply, mayor's mailbox letters), in file order."""
    base = Path(settings.SHARED_DATA_DIR)
    open_pool: list[Message] = []
    for row in _read(base / "teddy2020" / "unlabeled_messages.csv"):
        title, content = _clean(row["留言主题"], 200), _clean(row["留言详情"], 4000)
        if title and content and CITY_RE.search(title + content):
            open_pool.append(Message(title, content, source=f"teddy:{row['留言编号']}"))
    replied: list[Message] = []
    for row in _read(base / "teddy2020" / "replies.csv"):
        title, content = _clean(row["留言主题"], 200), _clean(row["留言详情"], 4000)
        reply = _clean(row["答复意见"], 4000)
        if title and content and len(reply) >= 20 and CITY_RE.search(title + content):
            replied.append(Message(title, content, reply, source=f"replies:{row['留言编号']}"))
    mailbox: list[Message] = []
    shangluo = base / "shangluo" / "mayor_mailbox.csv"
    if shangluo.exists():
        for row in _read(shangluo):
            title = _anonymise(_clean(row["title"], 200))
            content = _anonymise(_clean(row["query"], 4000))
            reply = _anonymise(_clean(row["reply"], 4000))
            if title and content and len(reply) >= 20:
                mailbox.append(Message(title, content, reply, source=f"shangluo:{row['url']}",
                                       channel=Channel.MAILBOX))
    return open_pool, replied, mailbox


class Classifier:
    """Keyword matching against the catalogue: a stand-in for the real classifier."""

    def __init__(self, tree: dict[tuple[str, ...], Category]):
        self.tree = tree
        self.terms: list[tuple[str, Category]] = []
        for word, path in KEYWORDS.items():
            if path in tree:
                self.terms.append((word, tree[path]))
        for path, category in tree.items():
            if len(path) >= 2 and len(path[-1]) >= 2 and path[-1] not in SKIP_NAMES:
                self.terms.append((path[-1], category))

    def category(self, title: str, content: str) -> Category | None:
        scores: dict[int, tuple[float, Category]] = {}
        for word, category in self.terms:
            score = 0.0
            if word in title:
                score += 6 * len(word)
            if word in content[:600]:
                score += len(word)
            if score:
                old = scores.get(category.pk, (0.0, category))[0]
                scores[category.pk] = (old + score + 0.1 * category.level, category)
        if not scores:
            return None
        return max(scores.values(), key=lambda item: item[0])[1]


class Placer:
    """Finds our streets and communities (or at least the district) named in a text."""

    def __init__(self, districts: list[Unit], streets: list[Unit], communities: list[Unit]):
        self.districts = {u.name: u for u in districts}
        self.streets_of = {d.pk: [s for s in streets if s.parent_id == d.pk] for d in districts}
        self.names: list[tuple[str, Unit]] = []
        for unit in [*communities, *streets]:
            for name in [unit.name, *[a for a in unit.aliases.split(",") if a]]:
                if len(name) >= 3 and not name.endswith("办事处"):
                    self.names.append((name, unit))
        self.names.sort(key=lambda item: -len(item[0]))

    def place(self, text: str, rng: random.Random) -> tuple[Unit | None, Unit | None, Unit | None]:
        """(district, street, community); a district alone gets a street of its own at random."""
        for name, unit in self.names:
            if name in text:
                if unit.kind == "community":
                    return None, None, unit
                return None, unit, None
        match = DISTRICT_RE.search(text)
        district = self.districts.get(match.group(0)) if match else None
        if district is None:
            district = rng.choice(list(self.districts.values()))
        street = rng.choice(self.streets_of[district.pk])
        return district, street, None


def case_type(title: str, content: str) -> str:
    head = title + content[:40]
    if re.search(r"感谢|表扬|点赞|致敬|好干部|好人", head):
        return CaseType.PRAISE
    if re.search(r"咨询|请问|能否|是否|怎么办|如何办理|什么时候|何时|[？?]", title):
        return CaseType.CONSULTATION
    if re.search(r"建议|希望|呼吁|盼", title):
        return CaseType.SUGGESTION
    if re.search(r"举报|违法|非法|查处", head):
        return CaseType.REPORT
    if re.search(r"求助|请求帮助|救助|困难", head):
        return CaseType.HELP
    return CaseType.COMPLAINT


def urgency(title: str, content: str) -> str:
    if re.search(r"漏气|燃气泄漏|塌陷|坍塌|火灾|起火|触电", title + content[:200]):
        return Urgency.URGENT
    return Urgency.NORMAL


def citizen(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    phone = rng.choice(PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    return name, phone
