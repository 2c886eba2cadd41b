from hotline import clock
from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.testing import new_case as _new_case

MONDAY = clock.local(2026, 11, 23, 9, 30)


PLACES = ["东风路", "西湖路", "桂花巷", "人民大道", "解放北路", "中山路", "建设街", "胜利路", "和平里", "光明巷",
          "青年路", "文化宫", "滨江路", "长青街", "幸福里", "朝阳门", "新华路", "红星村", "金桥", "玉兰街"]
ISSUES = ["后厨卫生脏乱", "路灯整夜不亮", "噪音扰民", "占道经营", "停水三天", "井盖缺失", "垃圾未清运", "违规搭建",
          "油烟直排", "积水严重", "树木倒伏", "广告牌松动", "电梯故障", "楼道堆物", "消防通道堵塞"]
_counter = iter(range(10**6))


def new_case(city, **extra):
    """A case unlike any other (text, caller), so that intake never links it as a repeat."""
    n = next(_counter)
    place, issue = PLACES[n % len(PLACES)], ISSUES[(n // len(PLACES)) % len(ISSUES)]
    extra.setdefault("title", f"{place}{n}号{issue}")
    extra.setdefault("content", f"{place}{n}号附近{issue}，编号{n * 7919}，请尽快处理。")
    extra.setdefault("citizen_phone", f"139{n:08d}")
    return _new_case(city, **extra)


def act(case, verb, user, **data):
    return workflow.perform(case, verb, actor=Actor.staff(user), **data)


def handled(city, *, unit_user=None, category=None, satisfaction="satisfied", resolved=True, street=None,
            callback_by=None, **extra):
    """A case dispatched by intake, signed, replied and called back (closed when good)."""
    case = new_case(city, category=category, street=street, **extra)
    user = unit_user or city.market_handler
    case = act(case, "sign", user)
    case = act(case, "reply", user, reply="已处理完毕。")
    return act(case, "callback", callback_by or city.agent, satisfaction=satisfaction, resolved=resolved)
