import pytest

from hotline.knowledge.models import Article
from hotline.knowledge.search import search, terms

pytestmark = pytest.mark.django_db


def test_terms_segment_chinese_and_keep_latin_words():
    words = terms("社保卡怎么补办 ETC")
    assert "社保卡" in words and "etc" in words
    assert all(len(w) >= 2 for w in words)


def test_search_ranks_title_hits_first_and_skips_unpublished():
    Article.objects.create(title="社保卡补办流程", body="携带身份证到社保服务窗口办理。", keywords="社保卡,挂失")
    Article.objects.create(title="公积金提取", body="提取公积金时也可以带上社保卡。")
    Article.objects.create(title="未发布", body="社保卡", is_published=False)
    hits = search("社保卡怎么补办")
    assert [h.article.title for h in hits] == ["社保卡补办流程", "公积金提取"]
    assert search("") == [] and search("完全无关的内容xyz") == []


def test_category_of_the_call_lifts_an_article(city):
    Article.objects.create(title="噪音投诉", body="夜间施工噪音由城管受理。", category=city.cat_noise)
    Article.objects.create(title="噪音扰民", body="社会生活噪音由公安受理。")
    assert search("噪音", category_id=city.cat_noise.pk)[0].article.title == "噪音投诉"
