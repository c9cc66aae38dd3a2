"""A Japanese query written without spaces that matches nothing as typed is searched word by word."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser

from japanese_search import analysis
from search.params import SearchParams
from search.service import matched_pages, result_ids, run_search
from tests import factories
from tests.home.support import english_catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "relaxed"),
    [
        ("三島湧水", "三島 湧水"),
        ("生成AI議事録", "生成AI 議事録"),  # 生成AI stays one word
        ("森の学校", "森 学校"),  # particles and symbols separate words
        ("大阪・関西万博", "大阪 関西 万博"),
        ("お祭り", "祭り"),  # honorific prefix dropped
        ("第5回セミナー", "第5回 セミナー"),  # numbers keep their prefix and counter
        ("三島湧水 tourism", "三島 湧水 tourism"),
        ("地域のおまつり", "地域 まつり"),
        ("あきや活用", "あきや 活用"),  # hiragana stays with the word before it: no あき + particle や
        ("歩きたくなるまち", None),  # nor are inflections split off
        ("こそだてしえん", None),  # hiragana alone stays whole
        ("第5回", None),
        ("湧水", None),
        ("三島 湧水", None),
        ("tourism", None),
        ("!!!", None),
    ],
)
def test_relaxed_query_splits_words_written_together(typed, relaxed):
    assert analysis.relaxed_query(typed) == relaxed


def test_a_compound_that_matches_nothing_finds_the_pages_with_all_its_words(corpus):
    outcome = run_search(SearchParams(query="三島湧水", lang="ja"), AnonymousUser())
    assert [hit.page.slug for hit in outcome.hits] == ["garden-city"]
    assert (outcome.count, outcome.relaxed_query, outcome.params.query) == (1, "三島 湧水", "三島湧水")
    assert "<mark>湧水</mark>" in outcome.hits[0].title_html
    assert [hit.page.slug for hit in run_search(SearchParams(query="別府温泉", lang="ja"), AnonymousUser()).hits] == ["onsen-dx"]


def test_a_query_that_matches_as_typed_is_not_relaxed(corpus):
    outcome = run_search(SearchParams(query="生成AI", lang="ja"), AnonymousUser())
    assert outcome.count == 1 and outcome.relaxed_query == ""
    # Words written apart still mean all of them: nothing has both, and nothing is relaxed.
    outcome = run_search(SearchParams(query="湧水 温泉", lang="ja"), AnonymousUser())
    assert (outcome.count, outcome.relaxed_query) == (0, "")


def test_the_relaxed_search_never_shows_members_only_pages_to_visitors(corpus):
    params = SearchParams(query="木材事業承継", lang="ja")
    anonymous = run_search(params, AnonymousUser())
    assert (anonymous.count, anonymous.hits, anonymous.relaxed_query) == (0, [], "")
    assert result_ids(params, AnonymousUser()) == []
    member = run_search(params, factories.member_user())
    assert [hit.page.slug for hit in member.hits] == ["members-succession"]
    assert result_ids(params, factories.member_user()) == [corpus.members.pk]  # the CSV export lists the same
    assert list(matched_pages(params, factories.member_user()).values_list("slug", flat=True)) == ["members-succession"]
    assert not matched_pages(params, AnonymousUser()).exists()  # members' alerts use it too: visitors get nothing


def test_api_and_page_say_what_was_searched(client, corpus):
    body = client.get("/api/search/", {"q": "三島湧水", "lang": "ja"}).json()
    assert ([r["slug"] for r in body["results"]], body["query"], body["relaxed_query"]) == (
        ["garden-city"],
        "三島湧水",
        "三島 湧水",
    )
    assert client.get("/api/search/", {"q": "湧水", "lang": "ja"}).json()["relaxed_query"] is None
    page = BeautifulSoup(client.get("/ja/search/", {"q": "三島湧水"}).content.decode(), "html.parser")
    notice = " ".join(page.select_one(".search-notice").get_text(" ").split())
    assert (
        notice
        == "「三島湧水」と書かれたページは見つからなかったため、語を分けて「三島 湧水」ですべての語を含むページを表示しています。"
    )
    assert page.select_one("#search-q")["value"] == "三島湧水"  # the query stays as typed
    assert [a.get_text().strip() for a in page.select(".hit-title a")] == ["湧水と緑を活かしたガーデンシティ"]


def narrower(query, user=None, **filters):
    outcome = run_search(SearchParams(query=query, lang="ja", **filters), user or AnonymousUser())
    assert outcome.count == 0
    return [(n.query, n.count) for n in outcome.narrower]


def count(query, user=None):
    return run_search(SearchParams(query=query, lang="ja"), user or AnonymousUser()).count


def test_a_search_that_finds_nothing_names_each_word_that_finds_pages_alone(corpus):
    assert narrower("湧水 温泉") == [("湧水", count("湧水")), ("温泉", count("温泉"))]
    assert narrower("湧水 ロケット") == [("湧水", count("湧水"))]  # a word that finds nothing is left out
    assert narrower("温泉対策") == [("温泉", count("温泉"))]  # a compound, by its words
    assert narrower("ロケット") == []  # one word: nothing narrower
    assert run_search(SearchParams(query="湧水", lang="ja"), AnonymousUser()).narrower == []  # found: none needed


def test_narrower_searches_keep_the_filters_and_never_count_members_only_pages_for_visitors(corpus):
    assert narrower("湧水 温泉", type="notice") == []
    assert narrower("湧水 木材") == [("湧水", 1)]
    assert narrower("湧水 木材", factories.member_user()) == [("湧水", 1), ("木材", 1)]
    # A word that finds nothing is tried by its parts: visitors do not see the members' 事業承継, but 事業 elsewhere.
    assert narrower("湧水 事業承継") == [("湧水", 1), ("事業", count("事業"))]
    assert narrower("湧水 事業承継", factories.member_user()) == [("湧水", 1), ("事業承継", 1)]


@pytest.mark.usefixtures("english_catalogue")
def test_the_zero_result_page_and_the_api_link_the_narrower_searches(client, corpus):
    body = client.get("/api/search/", {"q": "湧水 木材", "lang": "ja"}).json()
    assert (body["count"], body["narrower"]) == (0, [{"query": "湧水", "count": 1}])
    assert client.get("/api/search/", {"q": "湧水", "lang": "ja"}).json()["narrower"] == []
    page = BeautifulSoup(client.get("/ja/search/", {"q": "湧水 木材", "sort": "date"}).content.decode(), "html.parser")
    (link,) = page.select(".narrower-searches a")
    assert (link.get_text(), link["href"]) == ("湧水", "?q=%E6%B9%A7%E6%B0%B4&sort=date")
    assert link.parent.get_text() == "湧水（1件）"
    assert "次の語だけなら見つかります" in page.select_one(".no-results").get_text()
    page = BeautifulSoup(client.get("/en/search/", {"q": "spring rocket"}).content.decode(), "html.parser")
    assert [li.get_text() for li in page.select(".narrower-searches li")] == ["spring (1 page)"]
