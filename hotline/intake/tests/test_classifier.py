"""The intake classifier: training writes a versioned artifact, evaluation prints one
JSON line, suggestions map onto the catalogue, corrections are kept and learnt from."""

import csv
import io
import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Satisfaction
from hotline.catalog.models import Category
from hotline.intake import suggest as suggesting
from hotline.intake.classifier import artifacts, data, serving, text, training
from hotline.intake.models import CategoryFeedback
from hotline.testing import new_case

from .conftest import SAMPLE

FIRST_LEVEL = ["城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "环境保护", "卫生计生", "交通运输"]
POLLUTION = "A3区化工厂偷排污水污染河流，环境污染严重，鱼虾大量死亡，请环保局查处排污企业。"


def _english(message) -> str:
    with translation.override("en"):
        return str(message)


def test_raw_text_meets_the_segmented_form():
    raw = "尊敬的领导：我们小区的自来水龙头的水有严重霉味，请环保部门检测！"
    toks = text.tokens(raw)
    assert "自来水" in toks and "霉味" in toks
    assert not {"的", "我们", "，", "！", "："} & set(toks)
    assert text.segmented_tokens("小区 自来水   龙头 霉味") == ["小区", "自来水", "龙头", "霉味"]


def test_training_writes_a_versioned_artifact_with_metrics(model_dir):
    version = artifacts.current_version(model_dir)
    assert version and artifacts.versions(model_dir) == [version]
    folder = model_dir / version
    assert (folder / "model.joblib").exists()
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["version"] == version
    assert set(metrics["classes"]) == set(FIRST_LEVEL)
    assert 0 < metrics["cv"]["macro_f1"] <= 1 and metrics["cv"]["n"] == SAMPLE
    assert metrics["raw_holdout"]["n"] == metrics["examples"]["shared"]["raw"]
    assert metrics["temperature"] > 0 and metrics["train_seconds"] > 0


def test_a_second_training_makes_a_new_current_version(tmp_path):
    first = training.train(limit=150, include_platform=False, evaluate=False, base=tmp_path, log=lambda *_: None)
    second = training.train(limit=150, include_platform=False, evaluate=False, base=tmp_path, log=lambda *_: None)
    assert first.version != second.version
    assert artifacts.current_version(tmp_path) == second.version
    artifacts.point(first.version, tmp_path)
    assert artifacts.current_version(tmp_path) == first.version


def test_evaluate_prints_one_json_line(served, tmp_path, capsys):
    path = tmp_path / "eval.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        writer.writerow([POLLUTION, "环境保护"])
        writer.writerow(["孩子所在小学乱收补课费，教育局能否查处？学校还强制订购教辅资料。", "教育文体"])
        writer.writerow(["公司拖欠工资三个月，社保也没有缴纳，劳动监察部门请帮忙。", "劳动和社会保障"])
    out = io.StringIO()
    call_command("classifier", "evaluate", "--csv", str(path), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert {"macro_f1", "accuracy", "n", "per_class"} <= set(result)
    assert result["n"] == 3
    assert set(result["per_class"]) == {"环境保护", "教育文体", "劳动和社会保障"}
    assert set(result["per_class"]["环境保护"]) == {"precision", "recall", "f1", "support"}


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        writer.writerows(rows)


def _evaluate(path) -> dict:
    out = io.StringIO()
    call_command("classifier", "evaluate", "--csv", str(path), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_evaluate_figures_are_computed_from_the_predictions(served, tmp_path):
    texts = [
        POLLUTION, "孩子所在小学乱收补课费，教育局能否查处？学校还强制订购教辅资料。",
        "公司拖欠工资三个月，社保也没有缴纳，劳动监察部门请帮忙。", "公交车司机开车打电话，线路经常绕行，乘客投诉无门。",
        "医院收费不合理，医生态度差，请卫健委调查。", "小区物业乱收费，楼道电梯长期故障无人维修。",
    ]
    predicted = serving.bundle().model.predict(texts)
    _write(tmp_path / "as_predicted.csv", list(zip(texts, predicted, strict=True)))
    perfect = _evaluate(tmp_path / "as_predicted.csv")
    assert perfect["n"] == 6 and perfect["accuracy"] == 1.0 and perfect["macro_f1"] == 1.0
    # every label moved to another class: nothing can be right
    classes = sorted(set(FIRST_LEVEL))
    wrong = [classes[(classes.index(p) + 1) % len(classes)] for p in predicted]
    _write(tmp_path / "wrong.csv", list(zip(texts, wrong, strict=True)))
    worst = _evaluate(tmp_path / "wrong.csv")
    assert worst["accuracy"] == 0.0 and worst["macro_f1"] == 0.0
    # half right: the figures follow
    half = [p if i % 2 == 0 else w for i, (p, w) in enumerate(zip(predicted, wrong, strict=True))]
    _write(tmp_path / "half.csv", list(zip(texts, half, strict=True)))
    mixed = _evaluate(tmp_path / "half.csv")
    assert mixed["accuracy"] == 0.5 and 0 < mixed["macro_f1"] < 1
    assert sum(c["support"] for c in mixed["per_class"].values()) == 6
    assert mixed["ms_per_message"] > 0


def test_evaluate_refuses_a_csv_without_the_columns(served, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("content,category\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column.*label, text"):
        call_command("classifier", "evaluate", "--csv", str(path), stdout=io.StringIO())


def test_suggest_names_a_catalogue_category_with_confidence_and_words(served, db):
    tops = {name: Category.objects.create(name=name) for name in FIRST_LEVEL}
    s = suggesting.suggest("化工厂排污污染河流", POLLUTION)
    assert s.category in tops.values()
    assert s.label == s.category.name == "环境保护"
    assert 0 < s.confidence <= 1
    assert s.is_confident == (s.confidence >= suggesting.min_confidence())
    assert s.top_words and all(isinstance(w, str) and weight > 0 for w, weight in s.top_words)
    assert s.model_version == artifacts.current_version(served)
    assert s.as_dict()["category_id"] == s.category.pk


def test_low_confidence_and_missing_catalogue_fall_back_to_the_rules(served, db, settings):
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 0.0
    s = suggesting.suggest("化工厂排污污染河流", POLLUTION)
    assert s.category is None and not s.is_confident  # the catalogue is empty
    assert "not in the catalogue" in _english(s.reason)
    Category.objects.create(name=s.label)
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 1.01
    s = suggesting.suggest("化工厂排污污染河流", POLLUTION)
    assert s.category is not None and not s.is_confident and "Low confidence" in _english(s.reason)


def test_no_model_is_said_not_guessed(settings, tmp_path, db):
    settings.HOTLINE_CLASSIFIER_DIR = str(tmp_path / "none")
    serving.forget()
    s = suggesting.suggest("任何标题", "任何内容")
    assert s.category is None and s.label == "" and not s.is_confident
    assert "No classifier model" in _english(s.reason)


def test_serving_loads_once_and_follows_the_pointer(served):
    first = serving.bundle()
    assert serving.bundle() is first  # cached
    other = training.train(limit=150, include_platform=False, evaluate=False, base=served, log=lambda *_: None)
    assert serving.bundle().version == other.version
    artifacts.point(first.version, served)


def test_corrections_are_kept_and_become_training_data(city, tmp_path):
    case = new_case(city, title="路灯坏了", content="东风路路灯坏了一个月，晚上一片漆黑。")
    suggestion = suggesting.Suggestion(
        category=city.cat_env, label="环境保护", path=["环境保护"], confidence=0.42, model_version="v",
    )
    fb = suggesting.record_feedback(case, suggestion, chosen=city.cat_lights, actor=city.agent)
    assert fb.is_correction and fb.suggested_label == "环境保护" and fb.actor == city.agent
    assert CategoryFeedback.objects.filter(case=case, chosen=city.cat_lights).count() == 1

    # a closed case counts too (its category as registered)
    closed = new_case(city)
    for verb, user, extra in [
        ("sign", city.market_handler, {}), ("reply", city.market_handler, {"reply": "已处理。"}),
        ("callback", city.agent, {"satisfaction": Satisfaction.SATISFIED, "resolved": True}),
    ]:
        closed = workflow.perform(closed, verb, actor=Actor.staff(user), **extra)
    examples = data.load_platform()
    by_source = {e.source: e for e in examples}
    assert by_source[data.CORRECTION].path == ("城乡建设", "城市建设和市政管理", "路灯照明")
    assert by_source[data.CORRECTION].label == "城乡建设" and "路灯" in by_source[data.CORRECTION].tokens
    assert by_source[data.CASE].path[:2] == ("商贸旅游", "市场监管")

    result = training.train(limit=150, evaluate=False, base=tmp_path, log=lambda *_: None)
    assert result.metrics["examples"]["platform"] == {"correction": 1, "case": 1}


def test_prediction_is_fast(served):
    model = serving.bundle().model
    model.explain(POLLUTION)  # warm (jieba's dictionary)
    started = time.perf_counter()
    for _ in range(50):
        model.explain(POLLUTION)
    assert (time.perf_counter() - started) / 50 < 0.02  # sanity only; bench/classifier.py measures


def test_single_message_fast_path_matches_scikit_learn(served):
    model = serving.bundle().model
    toks = text.tokens(POLLUTION + "  路灯 A3区")
    idx, val = model.vector(toks)
    row = model._features([toks]).getrow(0)
    assert dict(zip(idx.tolist(), val.round(10).tolist(), strict=True)) == dict(
        zip(row.indices.tolist(), row.data.round(10).tolist(), strict=True),
    )
    assert model.explain(POLLUTION).label == model.predict([POLLUTION])[0]
