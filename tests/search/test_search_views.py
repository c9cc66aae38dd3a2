"""The search page /ja/search/ and /en/search/ as a visitor sees it."""

import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from tests import factories
from tests.home.support import english_catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(node):
    return " ".join(node.get_text(" ").split())


def hit_titles(page):
    return [a.get_text().strip() for a in page.select(".hit-title a")]


def test_search_page_lists_results_with_marked_snippets(client, corpus):
    page = get(client, "/ja/search/", q="湧水")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one("#search-q")["value"] == "湧水"
    assert page.select_one("#site-search")["value"] == "湧水"  # the header box keeps it too
    assert "「湧水」の検索結果 1件" in text(page.select_one(".result-count"))
    hit = page.select_one(".hit")
    link = hit.select_one(".hit-title a")
    assert link["href"] == "/ja/case-studies/garden-city/"
    assert link.get_text() == "湧水と緑を活かしたガーデンシティ"
    assert [m.get_text() for m in link.select("mark")] == ["湧水"]
    assert [text(m) for m in hit.select(".hit-snippet mark")] == ["湧水"]
    assert text(hit.select_one(".hit-type")) == "先進事例"
    assert hit.select_one("time")["datetime"] == "2024-04-10"
    assert text(hit.select_one(".place")).replace(" ", "") == "三島市（静岡県）"
    assert hit.select_one(".place a")["href"] == "/ja/municipalities/222062/"


def test_snippet_text_is_escaped(client, corpus):
    response = client.get("/ja/search/", {"q": "記号"})
    html = response.content.decode()
    snippet = BeautifulSoup(html, "html.parser").select_one(".hit-snippet")
    assert "<mark>記号</mark>" in str(snippet)
    assert "&amp;" in str(snippet) and "<b>" not in str(snippet)


def test_query_with_markup_is_shown_as_text(client, corpus):
    response = client.get("/ja/search/", {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html


def test_transcript_hit_links_to_the_second_in_the_recording(client, corpus):
    page = get(client, "/ja/search/", q="チャットボット")
    hit = page.select_one(".hit-recording")
    segment = hit.select_one(".transcript-hits li")
    assert segment.select_one("a")["href"] == "/ja/seminars/seminar-ai/?t=1260#t-1260"
    assert text(segment.select_one("a")) == "21:00"
    assert [text(m) for m in segment.select("mark")] == ["チャットボット"]


def test_facets_show_counts_and_filter_when_clicked(client, corpus):
    page = get(client, "/ja/search/", q="観光")
    themes = {text(a): a["href"] for a in page.select(".facet-theme a")}
    assert set(themes) == {"観光・交流 (2)", "環境 (1)"}
    assert {text(a) for a in page.select(".facet-prefecture a")} == {"静岡県 (1)", "大分県 (1)"}
    assert {text(a) for a in page.select(".facet-year a")} == {"2024 (1)", "2023 (1)"}
    assert {text(a) for a in page.select(".facet-type a")} == {"先進事例 (2)"}

    filtered = get(client, "/ja/search/" + themes["環境 (1)"])
    assert hit_titles(filtered) == ["湧水と緑を活かしたガーデンシティ"]
    assert filtered.select_one("#search-q")["value"] == "観光"
    selected = filtered.select_one(".facet-theme a[aria-current]")
    assert text(selected).startswith("環境 (1)")
    assert "環境" in text(filtered.select_one(".chosen-filters"))

    unfiltered = get(client, "/ja/search/" + selected["href"])  # clicking a chosen value removes it
    assert len(hit_titles(unfiltered)) == 2

    by_prefecture = get(client, "/ja/search/", q="観光", prefecture="44")
    assert hit_titles(by_prefecture) == ["別府の観光案内所の再編"]


def test_sort_by_date_and_relevance_links(client, corpus):
    page = get(client, "/ja/search/", q="別府", sort="date")
    assert hit_titles(page) == ["温泉街の回遊を促すデジタル案内", "別府の観光案内所の再編"]
    links = {text(a): a["href"] for a in page.select(".sort-links a")}
    assert links == {"関連度順": "?q=%E5%88%A5%E5%BA%9C"}
    assert text(page.select_one(".sort-links [aria-current]")) == "新しい順"


@pytest.mark.parametrize("number", ["abc", "-1", "0", "99999", "1e3", "", "２"])
def test_any_page_number_gives_a_page(client, corpus, number):
    page = get(client, "/ja/search/", q="別府", page=number)
    assert len(hit_titles(page)) == 2  # a wrong number shows the nearest real page


def test_pagination_links_keep_the_query_and_filters(client, corpus):
    first = get(client, "/ja/search/", q="別府", sort="date", page_size="1")
    assert hit_titles(first) == ["温泉街の回遊を促すデジタル案内"]
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "q=%E5%88%A5%E5%BA%9C" in next_link and "sort=date" in next_link and "page=2" in next_link
    second = get(client, "/ja/search/" + next_link)
    assert hit_titles(second) == ["別府の観光案内所の再編"]
    assert second.select_one(".pagination [aria-current=page]").get_text() == "2"
    assert "全2件（2ページ中2ページ目）" in text(second.select_one(".pagination-summary"))
    last = get(client, "/ja/search/", q="別府", sort="date", page_size="1", page="99999")
    assert hit_titles(last) == ["別府の観光案内所の再編"]


def test_zero_results_page_helps(client, corpus):
    page = get(client, "/ja/search/", q="宇宙開発 温泉")
    box = page.select_one(".no-results")
    words = text(box)
    assert "「宇宙開発 温泉」に一致するページは見つかりませんでした。" in words
    assert "漢字やつづりに誤りがないか確かめてください。" in words
    assert [li.get_text() for li in box.select(".narrower-searches li")] == ["温泉（1件）"]  # the draft's 宇宙開発 is not counted
    assert "語の数を減らすと" in text(get(client, "/ja/search/", q="宇宙開発 ロケット").select_one(".no-results"))
    theme_links = {text(a): a["href"] for a in box.select(".theme-links a")}
    assert theme_links["環境"] == "/ja/case-studies/?theme=environment"
    assert not page.select(".hit")


def test_zero_results_with_a_filter_offers_to_remove_it(client, corpus):
    page = get(client, "/ja/search/", q="湧水", type="notice")
    remove = [a for a in page.select(".no-results a") if "条件を外して" in text(a)]
    assert remove and remove[0]["href"] == "?q=%E6%B9%A7%E6%B0%B4"


def test_empty_search_page_invites_a_query(client, corpus):
    page = get(client, "/ja/search/")
    assert "キーワードを入力してください" in text(page.select_one("main"))
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not page.select(".hit")


def test_members_only_results_only_for_members_and_labelled(client, corpus):
    assert not hit_titles(get(client, "/ja/search/", q="事業承継"))
    client.force_login(factories.member_user())
    page = get(client, "/ja/search/", q="事業承継")
    assert hit_titles(page) == ["木材加工業の事業承継"]
    assert text(page.select_one(".hit .members-only")) == "会員限定"
    assert not get(client, "/ja/search/", q="湧水").select(".hit .members-only")


def test_english_page_marks_untranslated_results(client, corpus, english_catalogue):  # noqa: F811
    page = get(client, "/en/search/", q="Beppu")
    assert page.find("html")["lang"] == "en"
    hits = {h.select_one(".hit-title a").get_text(): h for h in page.select(".hit")}
    assert set(hits) == {"温泉街の回遊を促すデジタル案内", "Reorganising tourist information in Beppu"}
    untranslated = hits["温泉街の回遊を促すデジタル案内"]
    assert text(untranslated.select_one(".untranslated")) == "Japanese only"
    assert untranslated.select_one(".hit-title a")["lang"] == "ja"
    assert untranslated.select_one(".hit-title a")["href"] == "/en/case-studies/onsen-dx/"
    assert not hits["Reorganising tourist information in Beppu"].select(".untranslated")
    assert "2 results for “Beppu”" in text(page.select_one(".result-count"))
    assert text(page.select_one(".facet-prefecture a")) == "Oita (2)"


def popular_search_hits():
    return {q.query_string: sum(h.hits for h in QueryDailyHits.objects.filter(query=q)) for q in Query.objects.all()}


def test_searches_are_counted_for_the_popular_search_report_once_per_visitor_and_day(client, corpus):
    from django.core.cache import cache

    cache.clear()
    for address in ("192.0.2.1", "192.0.2.2"):
        client.get("/ja/search/", {"q": "湧水"}, REMOTE_ADDR=address)
        client.get("/ja/search/", {"q": " 湧水 "}, REMOTE_ADDR=address)  # the same visitor again: not counted
        client.get("/ja/search/", {"q": "湧水", "page": "2"}, REMOTE_ADDR=address)  # paging is not a new search
    client.get("/ja/search/", {"q": "ＩＣＴ"}, REMOTE_ADDR="192.0.2.1")  # full width counted with half width
    client.get("/ja/search/", {"q": "ict"}, REMOTE_ADDR="192.0.2.3")
    client.get("/ja/search/", {"q": "ict"}, REMOTE_ADDR="192.0.2.3")
    client.get("/ja/search/", {"q": ""})
    assert popular_search_hits() == {"湧水": 2, "ict": 2}


def test_popular_search_counts_keep_no_address(client, corpus):
    from django.core.cache import cache

    cache.clear()
    client.get("/ja/search/", {"q": "湧水"}, REMOTE_ADDR="198.51.100.77")
    stored = repr(dict(cache._cache))  # LocMemCache: every key and value
    assert "198.51.100.77" not in stored
    assert popular_search_hits() == {"湧水": 1}


def test_popular_search_counts_a_visitor_again_the_next_day(client, corpus, monkeypatch):
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()
    client.get("/ja/search/", {"q": "湧水"}, REMOTE_ADDR="192.0.2.9")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr("search.views.timezone.localdate", lambda: tomorrow)
    client.get("/ja/search/", {"q": "湧水"}, REMOTE_ADDR="192.0.2.9")
    assert popular_search_hits() == {"湧水": 2}


def test_promotions_appear_above_the_results_when_visible(client, corpus):
    query = Query.get("湧水")
    SearchPromotion.objects.create(query=query, page=corpus.walkable, description="歩きたくなるまちの説明会", sort_order=0)
    SearchPromotion.objects.create(query=query, page=corpus.members, description="会員向け", sort_order=1)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.jp/mizu", external_link_text="水の資料", sort_order=2
    )
    page = get(client, "/ja/search/", q="湧水")
    promoted = [text(a) for a in page.select(".promotions a")]
    assert promoted == ["ウォーカブルなまちづくり支援事業の説明会", "水の資料"]  # not the members-only page
    assert "歩きたくなるまちの説明会" in text(page.select_one(".promotions"))
    client.force_login(factories.member_user())
    promoted = [text(a) for a in get(client, "/ja/search/", q="湧水").select(".promotions a")]
    assert "木材加工業の事業承継" in promoted


def test_hostile_input_on_the_page_never_fails(client, corpus):
    for params in (
        {"q": "別府", "type": "video", "theme": "nope", "prefecture": "東京", "year": "-1", "sort": "x", "page_size": "0"},
        {"q": "あ" * 2000},
        {"q": "\"*-():^';NEAR OR AND NOT"},
        {"q": "\x00\u200b🎉"},
    ):
        response = client.get("/ja/search/", params)
        assert response.status_code == 200
    page = get(client, "/ja/search/", q="あ" * 2000)
    assert "先頭の200文字" in text(page.select_one(".search-notice"))
    assert len(page.select_one("#search-q")["value"]) == 200


def test_search_page_is_not_taken_by_the_page_tree(client, corpus):
    assert client.get("/en/search/", {"q": "Mishima"}).status_code == 200
    assert client.get("/search/", {"q": "湧水"}).status_code in (301, 302)


def test_page_query_count_does_not_grow_with_the_results_shown(client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            page = get(client, "/ja/search/", q="DX", sort="date", page_size=str(page_size))
        assert len(page.select(".hit")) == page_size
        return len(captured.captured_queries)

    queries(1)
    assert queries(1) == queries(2)


def other_language_notice(page):
    notice = page.select_one(".other-language-results")
    return (text(notice), notice.a["href"]) if notice else None


def test_a_kanji_search_on_the_english_site_points_to_the_japanese_pages_it_finds(client, corpus, english_catalogue):  # noqa: F811
    page = get(client, "/en/search/", q="温泉街")
    assert hit_titles(page) == []
    assert other_language_notice(page) == (
        "1 page in Japanese matches “温泉街”. Search the Japanese site",
        "/ja/search/?q=%E6%B8%A9%E6%B3%89%E8%A1%97",
    )
    page = get(client, "/en/search/", q="別府", type="case-study")
    notice, url = other_language_notice(page)
    assert notice.startswith("2 pages in Japanese match “別府”.")
    assert url.startswith("/ja/search/?q=") and "type=case-study" in url
    assert hit_titles(get(client, url.split("?")[0], **{"q": "別府", "type": "case-study"})) != []
    # the Japanese site itself, and an English search that finds as many, say nothing
    assert other_language_notice(get(client, "/ja/search/", q="温泉街")) is None
    assert other_language_notice(get(client, "/en/search/", q="chatbot")) is None


def test_the_japanese_count_on_the_english_site_counts_members_only_pages_only_for_members(client, corpus, english_catalogue):  # noqa: F811
    assert other_language_notice(get(client, "/en/search/", q="承継")) is None  # the only page is members-only
    client.force_login(factories.member_user())
    notice = other_language_notice(get(client, "/en/search/", q="承継"))
    assert notice and notice[0].startswith("1 page in Japanese matches “承継”.")
