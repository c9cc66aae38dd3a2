"""A Japanese query written without spaces that matches nothing as typed is searched word by word."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser

from search import analysis
from search.service import SearchParams, matched_pages, result_ids, run_search
from tests import factories
from tests.search.search_corpus import corpus_fixture  # noqa: F401 (the `corpus` fixture)

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
