"""GET /api/search/: what is found, who sees it, facets, filters, sorting, paging and hostile input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage, TranscriptSegment
from tests import factories
from tests.factories import paragraphs, reindex

pytestmark = pytest.mark.django_db

API = "/api/search/"


def search(client, q, lang="ja", **params):
    response = client.get(API, {"q": q, "lang": lang, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(body):
    return [result["slug"] for result in body["results"]]


def result_for(body, slug):
    return next(result for result in body["results"] if result["slug"] == slug)


@pytest.mark.parametrize(
    ("q", "lang", "slug"),
    [
        ("ガーデンシティ", "ja", "garden-city"),  # title
        ("回遊性", "ja", "garden-city"),  # summary
        ("水辺空間", "ja", "garden-city"),  # body
        ("Waterside", "en", "garden-city"),  # English body
        ("チャットボット", "ja", "seminar-ai"),  # transcript segment
        ("enquiries", "en", "seminar-ai"),  # English transcript segment
        ("三島市", "ja", "garden-city"),  # municipality
        ("静岡県", "ja", "garden-city"),  # prefecture
        ("Shizuoka", "en", "garden-city"),
        ("豊岡武士", "ja", "garden-city"),  # presenter
        ("Toyooka", "en", "garden-city"),
        ("濱田剛史", "ja", "seminar-ai"),  # speaker
        ("Hamada", "en", "seminar-ai"),
        ("国土交通省", "ja", "walkable-briefing"),  # organisation name
        ("国交省", "ja", "walkable-briefing"),  # organisation short name
        ("MLIT", "en", "walkable-briefing"),
        ("環境", "ja", "garden-city"),  # theme name
        ("Environment", "en", "garden-city"),
        ("第5回", "ja", "onsen-dx"),  # episode number
        ("第6回", "ja", "seminar-ai"),  # session number
        ("episode 5", "en", "onsen-dx"),
        ("session 6", "en", "seminar-ai"),
        ("未来創造セミナー", "ja", "seminar-ai"),  # series
        ("ＩＣＴ", "ja", None),  # full-width letters are analysed like half-width (nothing here has ICT)
    ],
)
def test_each_kind_of_text_and_metadata_is_found(client, corpus, q, lang, slug):
    body = search(client, q, lang)
    if slug is None:
        assert body["count"] == 0
    else:
        assert slug in slugs(body)


def test_several_words_find_only_pages_with_all_of_them(client, corpus):
    assert sorted(slugs(search(client, "別府"))) == ["beppu-tourism", "onsen-dx"]
    assert "garden-city" in slugs(search(client, "観光"))
    assert slugs(search(client, "別府 観光")) == ["beppu-tourism"]
    assert slugs(search(client, "別府　観光")) == ["beppu-tourism"]  # ideographic space separates words too


def test_english_query_finds_untranslated_page_through_english_names(client, corpus):
    body = search(client, "Beppu", "en")
    assert sorted(slugs(body)) == ["beppu-tourism", "onsen-dx"]
    untranslated = result_for(body, "onsen-dx")
    assert untranslated["untranslated"] is True
    assert untranslated["title"] == "温泉街の回遊を促すデジタル案内"  # shown in Japanese, flagged
    assert untranslated["url"].startswith("/en/")
    assert result_for(body, "beppu-tourism")["untranslated"] is False
    assert result_for(body, "beppu-tourism")["title"] == "Reorganising tourist information in Beppu"


@pytest.mark.parametrize(
    ("q", "lang"),
    [
        ("tourist", "ja"),  # only in English text
        ("Waterside", "ja"),
        ("観光", "en"),  # only in Japanese text
        ("水辺空間", "en"),
        ("第5回", "en"),
    ],
)
def test_each_language_searches_its_own_text(client, corpus, q, lang):
    other = "en" if lang == "ja" else "ja"
    assert search(client, q, other)["count"] > 0  # the words are there, in the other language
    assert search(client, q, lang)["count"] == 0


def test_answers_follow_content_and_visibility_changes(client, corpus):
    assert slugs(search(client, "ガーデンシティ")) == ["garden-city"]
    assert slugs(search(client, "ガーデンシティ")) == ["garden-city"]  # the same answer again
    page = corpus.garden
    page.title_ja = "湧水と緑を活かした緑園都市"
    page.save_revision().publish()
    assert search(client, "ガーデンシティ")["count"] == 0
    assert slugs(search(client, "緑園都市")) == ["garden-city"]
    factories.members_only(page)
    assert search(client, "緑園都市")["count"] == 0


def test_results_are_shown_in_the_language_asked_for(client, corpus):
    ja = result_for(search(client, "湧水", "ja"), "garden-city")
    en = result_for(search(client, "springs", "en"), "garden-city")
    assert ja["title"] == "湧水と緑を活かしたガーデンシティ" and ja["url"] == "/ja/case-studies/garden-city/"
    assert en["title"] == "A garden city built on spring water" and en["url"] == "/en/case-studies/garden-city/"
    assert "<mark>湧水</mark>" in ja["snippet"]
    assert "<mark>Springs</mark>" in en["snippet"]
    assert ja["municipality"] == "三島市" and en["municipality"] == "Mishima City"
    assert ja["date"] == "2024-04-10" and ja["type"] == "case-study"


def test_members_only_pages_never_reach_anonymous_visitors(client, corpus):
    for q, lang in (("事業承継", "ja"), ("succession", "en"), ("木材加工業", "ja")):
        assert search(client, q, lang)["count"] == 0
    body = search(client, "三島市")
    assert slugs(body) == ["garden-city"]
    assert body["count"] == 1
    assert sum(v["count"] for v in body["facets"]["type"]) == 1  # not in the facet counts either
    assert "members-succession" not in str(body)


def test_signed_in_members_see_members_only_pages_marked(client, corpus):
    client.force_login(factories.member_user())
    body = search(client, "事業承継")
    assert slugs(body) == ["members-succession"]
    assert body["results"][0]["members_only"] is True
    body = search(client, "三島市")
    assert sorted(slugs(body)) == ["garden-city", "members-succession"]
    assert result_for(body, "garden-city")["members_only"] is False


def test_a_members_answer_is_never_reused_for_an_anonymous_visitor(client, corpus):
    client.force_login(factories.member_user())
    assert sorted(slugs(search(client, "三島市"))) == ["garden-city", "members-succession"]
    client.logout()
    body = search(client, "三島市")  # the same search, now anonymous
    assert slugs(body) == ["garden-city"] and body["count"] == 1
    client.force_login(factories.member_user())
    assert search(client, "三島市")["count"] == 2


def test_drafts_and_unpublished_pages_are_never_found(client, corpus):
    client.force_login(factories.member_user())
    assert search(client, "宇宙開発")["count"] == 0
    assert search(client, "rocket", "en")["count"] == 0


def test_transcript_hits_give_the_segment_and_its_second(client, corpus):
    result = result_for(search(client, "チャットボット"), "seminar-ai")
    text = "チャットボットで窓口の問い合わせが三割減りました。"
    # the last line has no known end: it links to its second (lines with an end link to their clip)
    assert result["transcript_hits"] == [
        {"start": 1260, "end": None, "text": text, "url": "/ja/seminars/seminar-ai/?t=1260#t-1260"}
    ]
    result = result_for(search(client, "chatbot", "en"), "seminar-ai")
    assert [(hit["start"], hit["text"]) for hit in result["transcript_hits"]] == [
        (1260, "A chatbot cut counter enquiries by thirty per cent.")
    ]
    # A match outside the transcript gives no transcript hits.
    assert result_for(search(client, "議事録"), "seminar-ai")["transcript_hits"] == []


def test_snippet_marks_matches_and_escapes_the_rest(client, corpus):
    snippet = result_for(search(client, "記号"), "garden-city")["snippet"]
    assert "<mark>記号</mark>" in snippet
    assert "&amp;" in snippet
    assert "<b>" not in snippet
    without_marks = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks


def test_facets_count_the_matching_pages(client, corpus):
    body = search(client, "観光")
    assert sorted(slugs(body)) == ["beppu-tourism", "garden-city"]
    facets = body["facets"]
    assert facets["type"] == [{"value": "case-study", "label": "先進事例", "count": 2, "selected": False}]
    assert {v["value"]: v["count"] for v in facets["theme"]} == {"tourism": 2, "environment": 1}
    assert {v["value"]: v["count"] for v in facets["axis"]} == {"connect": 2, "protect": 1}
    assert {v["value"]: (v["label"], v["count"]) for v in facets["prefecture"]} == {22: ("静岡県", 1), 44: ("大分県", 1)}
    assert {v["value"]: v["count"] for v in facets["year"]} == {2024: 1, 2023: 1}
    english = search(client, "tourism", "en")["facets"]
    assert {v["value"]: v["label"] for v in english["prefecture"]} == {22: "Shizuoka", 44: "Oita"}
    assert {v["value"]: v["label"] for v in english["theme"]}["tourism"] == "Tourism and exchange"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "case-study"}, ["onsen-dx"]),
        ({"type": "recording"}, ["seminar-ai"]),
        ({"type": "notice"}, []),
        ({"theme": "dx"}, ["onsen-dx", "seminar-ai"]),
        ({"axis": "create"}, ["onsen-dx", "seminar-ai"]),
        ({"prefecture": "44"}, ["onsen-dx"]),
        ({"year": "2025"}, ["onsen-dx", "seminar-ai"]),
        ({"year": "2024"}, []),
        ({"type": "recording", "year": "2025", "theme": "dx"}, ["seminar-ai"]),
    ],
)
def test_filters_narrow_the_results(client, corpus, params, expected):
    body = search(client, "DX", **params)
    assert sorted(slugs(body)) == expected
    assert body["count"] == len(expected)
    for name, value in params.items():
        chosen = [v for v in body["facets"].get(name, []) if v["selected"]]
        if expected:
            assert [str(v["value"]) for v in chosen] == [value]


def test_sort_by_date_puts_the_newest_first(client, corpus):
    assert slugs(search(client, "別府", sort="date")) == ["onsen-dx", "beppu-tourism"]
    body = search(client, "Beppu", "en", sort="date")
    assert body["sort"] == "date" and slugs(body) == ["onsen-dx", "beppu-tourism"]


def test_pages_of_results(client, corpus):
    first = search(client, "別府", page_size=1, sort="date")
    second = search(client, "別府", page_size=1, page=2, sort="date")
    assert (first["count"], first["num_pages"], slugs(first)) == (2, 2, ["onsen-dx"])
    assert (second["page"], slugs(second)) == (2, ["beppu-tourism"])
    beyond = search(client, "別府", page=99999)
    assert beyond["count"] == 2 and beyond["results"] == [] and beyond["page"] == 99999
    assert search(client, "別府", page_size=100000)["page_size"] == 50


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        ({"lang": "fr"}, "lang"),
        ({"lang": "<script>"}, "lang"),
        ({"type": "video"}, "type"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"theme": "tourism\x00"}, "theme"),
        ({"theme": "観光"}, "theme"),
        ({"theme": "t" * 1000}, "theme"),
        ({"axis": "sideways"}, "axis"),
        ({"prefecture": "48"}, "prefecture"),
        ({"prefecture": "tokyo"}, "prefecture"),
        ({"year": "20x5"}, "year"),
        ({"year": "99999999999999999999"}, "year"),
        ({"sort": "random"}, "sort"),
        ({"q": "あ" * 2000}, "q"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, corpus, params, param):
    response = client.get(API, {"q": "別府", **params})
    assert response.status_code == 400
    body = response.json()
    assert body["param"] == param
    assert body["error"] and isinstance(body["error"], str)


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        '"',
        '"別府',
        "*",
        "別府*",
        "-別府",
        "NOT 別府",
        "別府 OR 観光",
        "別府 AND",
        "NEAR(別府 観光)",
        "(",
        ")",
        "title:別府",
        "^",
        "'",
        "'; DROP TABLE wagtailcore_page; --",
        "別府\x00観光",
        "\x1b[31m",
        "🎉🎉",
        "別府🎉",
        "\u200b",
        "別\u200b府",
        "\ufeff別府",
        "%",
        "_",
        "\\",
        "a" * 199,
    ],
)
def test_hostile_queries_get_a_sensible_answer(client, corpus, q):
    body = search(client, q)
    assert isinstance(body["count"], int) and isinstance(body["results"], list)
    assert "members-succession" not in slugs(body)


def test_invisible_characters_inside_a_word_are_ignored(client, corpus):
    assert sorted(slugs(search(client, "別\u200b府"))) == ["beppu-tourism", "onsen-dx"]
    assert sorted(slugs(search(client, "\ufeff別府\x00"))) == ["beppu-tourism", "onsen-dx"]


def test_empty_query_returns_nothing(client, corpus):
    body = search(client, "")
    assert body == {**body, "count": 0, "results": [], "facets": {}}


def test_only_get_is_allowed(client, corpus):
    assert client.post(API, {"q": "別府"}).status_code == 405


query_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\"*-():^';NEAR OR AND NOT 別府観光湧水\u200b\u3000\x00\t")),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=query_text, lang=st.sampled_from(["ja", "en"]))
def test_generated_queries_never_fail(client, corpus, q, lang):
    response = client.get(API, {"q": q, "lang": lang})
    assert response.status_code == 200, (q, response.content[:500])
    body = response.json()
    assert body["count"] >= len(body["results"])
    assert "members-succession" not in slugs(body)


any_value = st.one_of(
    st.just(""), st.integers(-(10**12), 10**12).map(str), st.text(max_size=12), st.sampled_from(["tourism", "ja"])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    params=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(["page", "page_size", "year", "prefecture", "theme", "type", "axis", "sort", "lang"], any_value),
    )
)
def test_generated_parameter_values_never_fail(client, corpus, params):
    response = client.get(API, {"q": "別府", **params})
    assert response.status_code in (200, 400), response.content[:500]
    body = response.json()
    if response.status_code == 400:
        assert body["error"] and body["param"] in params
    else:
        assert "members-succession" not in slugs(body)


def test_query_count_does_not_depend_on_page_size(client, corpus):
    indexes = {type(page.get_parent().specific): page.get_parent() for page in (corpus.garden, corpus.seminar, corpus.walkable)}
    extra = []
    for n in range(12):
        extra.append(
            factories.case_study(
                indexes[CaseStudyIndexPage],
                title_ja=f"共通の取り組み その{n}",
                title_en=f"Shared effort {n}",
                body_ja=paragraphs("共通の取り組みを紹介する。"),
                municipality=factories.municipality(name_ja=f"テスト町{n}", name_en=f"Test Town {n}", prefecture_code=1 + n),
                date=datetime.date(2031 if n == 0 else 2020, 1 + n, 1),
            )
        )
    for n in range(4):  # the newest: on every page of results, whatever its size
        recording = factories.recording(
            indexes[SeminarRecordingIndexPage],
            title_ja=f"共通セミナー 第{n}回",
            title_en=f"Shared seminar {n}",
            date=datetime.date(2030, 1, 1 + 2 * n),
        )
        TranscriptSegment.objects.create(page=recording, start=60 * n, text_ja="共通の話題です。", text_en="A shared topic.")
        notice = factories.notice(
            indexes[ProgramNoticeIndexPage],
            title_ja=f"共通の募集 {n}",
            title_en=f"Shared call {n}",
            applications_close=datetime.date(2030, 1, 2 + 2 * n),
        )
        extra += [recording, notice]
    reindex(*extra)

    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            body = search(client, "共通", page_size=page_size, sort="date")
        assert len(body["results"]) == min(page_size, 20)
        assert {r["type"] for r in body["results"]} == {"case-study", "recording", "notice"}
        return len(captured.captured_queries)

    queries(5)  # warm caches (content types, site root paths)
    assert queries(5) == queries(50)
