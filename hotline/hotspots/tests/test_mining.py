"""Mining on plain inputs: issues found, noise left out, heat and growth as documented,
and the known hot issues of the shared message board found in real messages."""

import csv
import datetime as dt
import math

import pytest

from hotline import clock
from hotline.hotspots import mining, sources
from hotline.hotspots.actions import params_for
from hotline.hotspots.models import Source

NOW = clock.local(2026, 11, 20, 12)

MIXER = [
    "丽发新城小区旁边搅拌站日夜施工噪音扰民", "丽发新城附近搅拌站粉尘污染严重，居民无法开窗",
    "投诉丽发新城小区附近搅拌站夜间噪音", "丽发新城搅拌站灰尘太大，请环保部门查处",
    "丽发新城旁搅拌站噪音和粉尘扰民问题何时解决", "再次反映丽发新城搅拌站噪音粉尘扰民",
]
PARKING = [
    "伊景园滨河苑开发商捆绑销售车位", "投诉伊景园滨河苑强制捆绑销售车位",
    "伊景园滨河苑购房必须买车位，捆绑销售是否合法", "伊景园滨河苑捆绑销售车位侵害购房者权益",
    "请查处伊景园滨河苑捆绑销售车位行为",
]
NOISE = [
    "咨询新生儿医保办理流程", "公交12路发车间隔太长", "建议图书馆延长开放时间", "出租车拒载投诉",
    "咨询公积金提取条件", "学校周边文具店卖三无产品", "高速收费站拥堵", "退休金调整何时发放",
]


def _items(titles, *, days_ago=1.0, people=None, votes=0, prefix="m"):
    return [
        mining.Item(key=f"{prefix}{i}", title=t, text=t + "，请相关部门尽快处理。",
                    at=NOW - dt.timedelta(days=days_ago + i * 0.1),
                    person=(people[i] if people else f"{prefix}-p{i}"), votes=votes)
        for i, t in enumerate(titles)
    ]


def _keys(issue):
    return {i.key for i in issue.items}


def test_issues_are_found_and_noise_is_left_out():
    items = _items(MIXER, prefix="a") + _items(PARKING, prefix="b") + _items(NOISE, prefix="n")
    issues = mining.mine(items, now=NOW)
    found = [_keys(i) for i in issues]
    assert {f"a{i}" for i in range(len(MIXER))} in found
    assert {f"b{i}" for i in range(len(PARKING))} in found
    assert not any(k.startswith("n") for keys in found for k in keys)
    mixer = next(i for i in issues if "a0" in _keys(i))
    assert "丽发新城" in mixer.label or "搅拌站" in mixer.label
    assert mixer.example in MIXER
    assert issues[0] is mixer  # six people outweigh five


def test_heat_counts_people_repeats_and_votes_and_fades_with_age():
    assert mining.heat(5, 0, 0, 0, 30) == 5
    assert mining.heat(5, 2, 0, 0, 30) == 6
    assert mining.heat(5, 0, 99, 0, 30) == pytest.approx(5 + math.log(100))
    assert mining.heat(5, 0, 0, 30, 30) == pytest.approx(2.5)  # one half-life later


def test_one_prolific_writer_is_not_a_crowd():
    crowd = _items(MIXER, prefix="a")
    lone = _items(["退休职工医保报销比例为何下调", "退休职工医保报销比例下调不合理",
                   "请解释退休职工医保报销比例调整"] * 4, prefix="z", people=["same-person"] * 12)
    issues = mining.mine(crowd + lone, now=NOW)
    by_key = {next(iter(_keys(i)))[0]: i for i in issues}
    assert by_key["z"].people == 1 and by_key["z"].repeats == 2  # eleven repeats, capped at two a person
    assert by_key["a"].heat > by_key["z"].heat


def test_fast_growth_raises_an_early_warning_and_steady_volume_does_not():
    growing = _items(MIXER, days_ago=0.5, prefix="a")  # all six in the last week
    steady = (_items(PARKING[:3], days_ago=1, prefix="b") + _items(PARKING[3:] + PARKING[:1], days_ago=9, prefix="c"))
    issues = mining.mine(growing + steady, now=NOW)
    mixer = next(i for i in issues if "a0" in _keys(i))
    parking = next(i for i in issues if "b0" in _keys(i))
    assert (mixer.recent, mixer.previous, mixer.warning) == (6, 0, True)
    assert mixer.growth == 7.0
    assert (parking.recent, parking.previous, parking.warning) == (3, 3, False)


def test_too_few_messages_make_no_issue():
    assert mining.mine(_items(MIXER[:2]), now=NOW) == []


def test_place_words_skip_bare_districts():
    assert mining.place_words(["丽发新城", "A3区", "A市", "东七路", "西地省", "市政府", "工作"]) == ["丽发新城", "东七路"]


KNOWN = {"丽发新城": "搅拌站", "伊景园": "车位", "58车贷": ""}


def test_the_known_hot_issues_of_the_shared_board_are_found():
    """Real messages: every row about the three best-known hot issues of the contest data,
    among the first 600 other rows of the board."""
    path = sources.board_file()
    if not path.exists():
        pytest.skip(f"shared data missing: {path}")
    items = sources.from_board(path)
    about = {name: [i for i in items if name in i.title + i.text[:300] and word in i.title + i.text]
             for name, word in KNOWN.items()}
    picked = {i.key for group in about.values() for i in group}
    sample = [i for i in items if i.key in picked] + [i for i in items if i.key not in picked][:600]
    p = params_for(Source.BOARD)
    issues = mining.mine(sample, now=max(i.at for i in sample), p=p)
    top = issues[:6]
    for name, group in about.items():
        keys = {i.key for i in group}
        best = max(top, key=lambda issue, keys=keys: len(_keys(issue) & keys))
        # most of the issue is about it, and it gathers a real share of those messages
        assert len(_keys(best) & keys) >= 0.6 * len(best.items), name
        assert len(_keys(best) & keys) >= min(8, 0.3 * len(keys)), name


def test_board_rows_read_with_local_times_and_votes(tmp_path):
    f = tmp_path / "hot.csv"
    with open(f, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"])
        w.writerow(["1", "U1", "标题", "2019/02/28 11:25:05", "内容", "2", "5"])
        w.writerow(["2", "U2", "坏时间", "昨天", "内容", "0", "0"])
        w.writerow(["3", "U3", "", "2019-02-28 11:25:05", "无标题", "0", "x"])
    items = sources.from_board(f)
    assert [(i.key, i.votes, i.at.utcoffset()) for i in items] == [("1", 7, dt.timedelta(hours=8))]
