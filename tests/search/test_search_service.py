"""search.service and japanese_search.highlight: the fast index paths agree with the backends; snippets."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.search.backends import get_search_backend

from japanese_search import analysis
from japanese_search.highlight import query_terms, snippet
from knowledge.models import KnowledgePage
from search.matching import index_match
from search.params import SearchParams
from search.service import run_search
from tests import factories

pytestmark = pytest.mark.django_db

QUERIES = [
    "湧水",
    "観光",
    "別府",
    "別府 観光",
    "三島市",
    "DX",
    "第5回",
    "国交省",
    "チャットボット",
    "生成AI",
    "記号",
    "springs",
    "Beppu",
    "tourism",
    "Mishima",
    "chatbot",
    "MLIT",
    "succession",
    "takeshi",
    "たかつき",
    "DX 観光",
]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("q", QUERIES)
def test_service_finds_and_orders_exactly_what_the_backend_does(corpus, q, lang):
    with analysis.search_language(lang):
        results = get_search_backend().search(q, KnowledgePage.objects.live().public(), operator="and", order_by_relevance=True)
    expected = [page.slug for page in results]
    outcome = run_search(SearchParams(query=q, lang=lang, page_size=50), AnonymousUser())
    assert [hit.page.slug for hit in outcome.hits] == expected
    assert outcome.count == len(expected)


@pytest.mark.parametrize("page, clamp_page", [(1, False), (2, False), (9, True)])
def test_without_a_fast_path_the_backend_orders_each_page_the_same_way(corpus, monkeypatch, page, clamp_page):
    """As on Elasticsearch/OpenSearch: the count comes first, then the backend returns the page asked for."""
    from search import facets, query

    member = factories.member_user()
    for q, lang in (("観光", "ja"), ("tourism", "en"), ("三島市", "ja")):
        params = SearchParams(query=q, lang=lang, page=page, page_size=1)
        fast = run_search(params, member, clamp_page=clamp_page)
        with monkeypatch.context() as patched:
            patched.setattr(query, "index_match", lambda results: None)
            patched.setattr(facets, "cache_key", lambda params, user: f"search:test-without-fast-path:{params.query}")
            slow = run_search(params, member, clamp_page=clamp_page)
        assert fast.count > 1
        assert (slow.count, slow.page, slow.num_pages) == (fast.count, fast.page, fast.num_pages)
        assert [hit.page.slug for hit in slow.hits] == [hit.page.slug for hit in fast.hits]
        assert slow.facets_json() == fast.facets_json()


def test_fast_path_is_used_on_the_database_backends(corpus):
    results = get_search_backend().search("観光", KnowledgePage.objects.all(), operator="and")
    match = index_match(results)
    assert match is not None
    assert set(KnowledgePage.objects.filter(pk__in=match.ranking()).values_list("slug", flat=True)) == {
        "garden-city",
        "beppu-tourism",
        "members-succession",  # visibility is applied by the service, not the index
    }
    assert sorted(match.matching_ids()) == sorted(match.ranking())  # the same pages, without ranking them


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("静岡県三島市", {"garden-city"}),  # prefecture and municipality written together
        ("大分県別府市", {"onsen-dx", "beppu-tourism"}),
        ("三島市の湧水", {"garden-city"}),  # a particle between two words: both must match
        ("別府の観光", {"beppu-tourism"}),
        ("湧水とは", {"garden-city"}),
        # A name with a title or honorific: the page writes the speaker 濱田剛史 with the role 高槻市長.
        ("濱田市長", {"seminar-ai"}),
        ("濱田さん", {"seminar-ai"}),
        ("高槻市長", {"seminar-ai"}),
    ],
)
def test_queries_written_as_japanese_phrases_find_their_pages(corpus, q, expected):
    outcome = run_search(SearchParams(query=q, lang="ja"), AnonymousUser())
    assert {hit.page.slug for hit in outcome.hits} == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("令和7年度", {"subsidy-2025"}),  # the page writes 2025年度
        ("2026年", {"fair-2026"}),  # the page writes 令和8年
        ("令和8年 見本市", {"fair-2026"}),
        ("令和6年度", set()),
    ],
)
def test_era_and_western_years_find_each_other(corpus, q, expected):
    from knowledge.models import CaseStudyIndexPage
    from tests.factories import reindex

    cases = CaseStudyIndexPage.objects.get()
    reindex(
        factories.case_study(cases, slug="subsidy-2025", title_ja="2025年度の補助事業", summary_ja="2025年度に採択された。"),
        factories.case_study(cases, slug="fair-2026", title_ja="見本市への出展", summary_ja="令和8年2月に開かれる見本市。"),
    )
    outcome = run_search(SearchParams(query=q, lang="ja"), AnonymousUser())
    assert {hit.page.slug for hit in outcome.hits} == expected


@pytest.mark.parametrize(
    ("q", "expected", "marked"),
    [
        ("はまだたけし", {"seminar-ai"}, None),  # the speaker 濱田剛史, read without a space
        ("おんせんがい", {"onsen-dx"}, "温泉街"),
        ("みらいそうぞう", {"seminar-ai"}, "未来創造"),
    ],
)
def test_a_kana_query_finds_kanji_words_written_together(corpus, q, expected, marked):
    outcome = run_search(SearchParams(query=q, lang="ja"), AnonymousUser())
    assert {hit.page.slug for hit in outcome.hits} == expected
    assert outcome.relaxed_query == ""  # found as typed, not word by word
    if marked:
        assert f"<mark>{marked}</mark>" in outcome.hits[0].title_html


@pytest.mark.parametrize("q", ["wifi", "Wi-Fi", "ＷｉＦｉ"])
def test_hyphenated_and_joined_spellings_find_each_other(corpus, q):
    from knowledge.models import CaseStudyIndexPage
    from tests.factories import reindex

    cases = CaseStudyIndexPage.objects.get()
    reindex(
        factories.case_study(cases, slug="station-wifi", title_ja="駅の無線LAN", title_en="Free Wi-Fi at the station"),
        factories.case_study(cases, slug="town-wifi", title_ja="町の無線LAN", title_en="WiFi across the town"),
    )
    outcome = run_search(SearchParams(query=q, lang="en"), AnonymousUser())
    assert {hit.page.slug for hit in outcome.hits} == {"station-wifi", "town-wifi"}
    assert all("<mark>" in hit.title_html for hit in outcome.hits)


def test_queries_that_analyse_to_nothing_find_nothing(corpus):
    for q in ("!!!", "🎉", "\u200b", '"'):
        outcome = run_search(SearchParams(query=q, lang="ja"), AnonymousUser())
        assert (outcome.count, outcome.hits) == (0, [])


def test_members_see_members_only_pages_in_counts_and_facets(corpus):
    member = factories.member_user()
    anonymous = run_search(SearchParams(query="三島市"), AnonymousUser())
    signed_in = run_search(SearchParams(query="三島市"), member)
    assert (anonymous.count, signed_in.count) == (1, 2)
    assert {v.value: v.count for v in signed_in.facets["year"]} == {2024: 1, 2025: 1}
    assert [h.members_only for h in signed_in.hits if h.page.slug == "members-succession"] == [True]


def marks(html):
    import re

    return re.findall(r"<mark>(.*?)</mark>", html)


def test_snippet_marks_the_text_as_written_whatever_its_width():
    text = "各校にﾀﾌﾞﾚｯﾄを配り、ＩＣＴ支援員を置いた。"
    assert marks(snippet(text, query_terms("タブレット"), 100)[0]) == ["ﾀﾌﾞﾚｯﾄ"]
    assert marks(snippet(text, query_terms("ict"), 100)[0]) == ["ＩＣＴ"]


def test_snippet_marks_kanji_found_by_a_kana_reading():
    assert marks(snippet("高槻市の埴輪", query_terms("たかつき"), 100)[0]) == ["高槻"]


def test_snippet_marks_stemmed_and_normalised_forms():
    assert marks(snippet("Two festivals were held.", query_terms("festival"), 100)[0]) == ["festivals"]
    assert marks(snippet("地域の取組を紹介する。", query_terms("取り組み"), 100)[0]) == ["取組"]


def test_snippet_marks_a_numbered_session_and_not_its_parts_elsewhere():
    text = "第3回では回遊性を論じた。今回の第5回は観光がテーマ。第五回目の案内も出た。"
    assert marks(snippet(text, query_terms("第5回"), 100)[0]) == ["第5回", "第五回"]  # 五 is 5 to the index too
    assert marks(snippet("次回は第 5 回の予定。", query_terms("第5回"), 100)[0]) == ["第 5 回"]


def test_snippet_window_shows_the_match_in_a_long_text():
    text = "前置きの文章です。" * 40 + "ここで湧水の話が出てくる。" + "後書きの文章です。" * 40
    html, matched = snippet(text, query_terms("湧水"), 80)
    assert matched and marks(html) == ["湧水"]
    assert html.startswith("…") and html.endswith("…")
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 82


def test_snippet_without_a_match_is_the_start_of_the_text():
    html, matched = snippet("湧水と緑のまちづくり。" * 20, query_terms("Mishima"), 30)
    assert not matched and html.startswith("湧水と緑") and html.endswith("…")


def test_snippet_escapes_markup_and_entities():
    html, _ = snippet('<img src=x onerror="alert(1)"> & 湧水', query_terms("湧水"), 100)
    assert html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; <mark>湧水</mark>"


@pytest.fixture
def market_pages(corpus):
    """Twelve more pages about 商店街 / shopping streets across municipalities, themes, years and types."""
    from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage
    from tests.factories import reindex

    cases = CaseStudyIndexPage.objects.get()
    notices = ProgramNoticeIndexPage.objects.get()
    themes = corpus.themes
    theme_sets = [[themes.tourism], [themes.dx], [themes.tourism, themes.environment], [], [themes.dx, themes.tourism]]
    pages = []
    for n in range(12):
        municipality = (corpus.mishima, corpus.beppu, None)[n % 3]
        fields = {
            "title_ja": f"商店街の取組 その{n + 1}",
            "title_en": f"Shopping street initiative {n + 1}",
            "summary_ja": "商店街" * (1 + n % 4) + "のにぎわいを取り戻した。",
            "summary_en": "Shopping streets brought back to life. " * (1 + n % 4),
            "themes": theme_sets[n % len(theme_sets)],
            "date": datetime.date(2022 + n % 4, 1 + n, 1),
        }
        if municipality:
            fields["municipality"] = municipality
        page = factories.notice(notices, **fields) if n % 4 == 3 else factories.case_study(cases, **fields)
        if n in (2, 7):
            factories.members_only(page)
        pages.append(page)
    reindex(*pages)
    return pages


def expected_summary(params, user):
    """Count, facet counts and date order of the matching pages, computed straight from the ORM."""
    from collections import Counter

    from knowledge.models import Theme
    from search.params import PAGE_TYPES
    from search.service import matched_pages

    pages = matched_pages(params, user)
    specific = {page.pk: page.specific for page in pages}
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    links = KnowledgePage.themes.through.objects.filter(knowledgepage_id__in=list(specific))
    page_themes = {}
    for link in links:
        page_themes.setdefault(link.knowledgepage_id, set()).add(link.theme_id)
    return {
        "count": len(specific),
        "type": Counter(
            next(slug for slug, model in PAGE_TYPES.items() if isinstance(page, model)) for page in specific.values()
        ),
        "prefecture": Counter(page.municipality.prefecture.code for page in specific.values() if page.municipality),
        "year": Counter(page.date.year for page in specific.values()),
        "theme": Counter(themes[t].slug for ids in page_themes.values() for t in ids),
        "axis": Counter(axis for ids in page_themes.values() for axis in {themes[t].axis for t in ids}),
        "date order": [page.pk for page in sorted(specific.values(), key=lambda p: (p.date, p.pk), reverse=True)],
    }


@pytest.mark.parametrize(
    "filters",
    [{}, {"type": "case-study"}, {"theme": "tourism"}, {"axis": "connect"}, {"prefecture": 44}, {"year": 2023}],
    ids=lambda filters: ",".join(f"{k}={v}" for k, v in filters.items()) or "none",
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_counts_facets_and_date_order_agree_with_the_matching_pages(market_pages, filters, signed_in):
    user = factories.member_user() if signed_in else AnonymousUser()
    for lang, q in (("ja", "商店街"), ("en", "shopping streets")):
        params = SearchParams(query=q, lang=lang, page_size=50, **filters)
        expected = expected_summary(params, user)
        assert expected["count"] > 0
        outcome = run_search(params, user)
        assert outcome.count == expected["count"]
        for name in ("type", "prefecture", "year", "theme", "axis"):
            assert {v.value: v.count for v in outcome.facets[name]} == dict(expected[name]), name
        by_date = run_search(SearchParams(query=q, lang=lang, page_size=50, sort="date", **filters), user)
        assert [hit.page.pk for hit in by_date.hits] == expected["date order"]
    if not filters:  # both members-only pages match: only the member finds them
        members_only = {market_pages[2].pk, market_pages[7].pk}
        found = {hit.page.pk for hit in outcome.hits}
        assert members_only <= found if signed_in else not members_only & found


def test_postgres_keeps_the_index_vectors_compressed_with_lz4(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone() is None:
            pytest.skip("this PostgreSQL server has no lz4")
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute"
            " WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname IN ('title', 'body', 'autocomplete')"
        )
        assert dict(cursor.fetchall()) == {"title": "l", "body": "l", "autocomplete": "l"}


def test_postgres_keeps_each_page_body_vector_inline_and_uncompressed(corpus):
    """Ranking reads every matching page's body vector: it stays in the row, not in the TOAST table."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL storage setting")
    page_ids = [str(pk) for pk in KnowledgePage.objects.values_list("pk", flat=True)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions, reltoastrelid::regclass FROM pg_class WHERE relname = 'wagtailsearch_indexentry'")
        options, toast_table = cursor.fetchone()
        assert "toast_tuple_target=8160" in options
        cursor.execute(f"SELECT count(*) FROM {toast_table}")  # noqa: S608 (a relation name from the catalogue)
        assert cursor.fetchone()[0] == 0  # nothing moved out of line
        cursor.execute(
            "SELECT length(body), pg_column_compression(body) FROM wagtailsearch_indexentry WHERE object_id = ANY(%s)",
            [page_ids],
        )
        rows = cursor.fetchall()
    assert len(rows) == len(page_ids) and all(lexemes > 0 for lexemes, _ in rows)
    assert {compression for _, compression in rows} == {None}  # not compressed


def test_postgres_checks_visibility_from_an_index_of_wagtails_page_table(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_page_visibility'")
        (definition,) = cursor.fetchone()
    assert "wagtailcore_page" in definition and "INCLUDE (live, path, content_type_id)" in definition
