"""What a partner site meets calling the APIs: search on API v2, the API roots, one error shape, CORS."""

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
SEARCH = "/api/search/"


def slugs(response):
    assert response.status_code == 200, response.content
    return {item["meta"]["slug"] for item in response.json()["items"]}


# ---------------------------------------------------------------- ?search= on API v2


def test_search_finds_a_japanese_word(client, content):
    response = client.get(PAGES, {"search": "湧水"})
    assert slugs(response) == {"garden-city"}
    assert response.json()["meta"]["total_count"] == 1


def test_search_with_a_type_and_filters(client, content):
    assert slugs(client.get(PAGES, {"search": "湧水", "type": "case-study", "theme": "tourism"})) == {"garden-city"}
    assert slugs(client.get(PAGES, {"search": "湧水", "type": "notice"})) == set()


def test_search_in_english_with_lang_en(client, content):
    response = client.get(PAGES, {"search": "spring", "lang": "en"})
    assert slugs(response) == {"garden-city"}
    assert response.json()["items"][0]["title"] == "A garden city built on spring water"
    assert response["Content-Language"] == "en"


def test_search_operator_or_finds_either_word(client, content):
    assert slugs(client.get(PAGES, {"search": "湧水 温泉"})) == set()
    assert slugs(client.get(PAGES, {"search": "湧水 温泉", "search_operator": "or"})) == {"garden-city", "onsen-town"}
    assert slugs(client.get(PAGES, {"search": "湧水 温泉", "search_operator": "AND"})) == set()


def test_search_with_an_order_keeps_the_order(client, content):
    for order, expected in (("title", ["onsen-town", "garden-city"]), ("-title", ["garden-city", "onsen-town"])):
        response = client.get(PAGES, {"search": "湧水 温泉", "search_operator": "or", "order": order})
        assert [i["meta"]["slug"] for i in response.json()["items"]] == expected


def test_search_never_returns_members_only_pages_anonymously(client, content):
    for params in (
        {"search": "会員限定"},
        {"search": "会員限定", "type": "case-study"},
        {"search": "Members-only", "lang": "en"},
    ):
        found = slugs(client.get(PAGES, params))
        assert not found & {"secret-case", "secret-notice"}, params


def test_members_find_members_only_pages(client, content):
    client.force_login(factories.member_user())
    assert {"secret-case", "secret-notice"} <= slugs(client.get(PAGES, {"search": "会員限定"}))


def test_blank_search_lists_as_without_it(client, content):
    assert slugs(client.get(PAGES, {"search": " ", "type": "case-study"})) == {"garden-city", "onsen-town"}


@pytest.mark.parametrize("operator", ["xor", "", "  ", "and or", "<script>"])
def test_bad_search_operator_is_a_400(client, content, operator):
    response = client.get(PAGES, {"search": "湧水", "search_operator": operator})
    if not operator.strip():  # blank means the default, and
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json() == {"error": "search_operator must be one of: and, or", "param": "search_operator"}


def test_search_on_images_and_documents_answers(client, content):
    for url in ("/api/v2/images/", "/api/v2/documents/"):
        response = client.get(url, {"search": "湧水", "search_operator": "or"})
        assert response.status_code == 200, response.content
        assert response.json()["meta"]["total_count"] == 0


# ---------------------------------------------------------------- the APIs' own addresses


def test_api_root_lists_the_endpoints(client, content):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    assert response.json()["endpoints"]["pages"] == "http://testserver/api/v2/pages/"
    assert response.json()["search"] == "http://testserver/api/search/"
    assert client.get("/api/v2").status_code == 301 and client.get("/api/v2")["Location"] == "/api/v2/"


def test_api_urls_never_redirect_into_the_language_prefixes(client, content):
    assert client.get("/api/search", {"q": "湧水"})["Location"] == "/api/search/?q=%E6%B9%A7%E6%B0%B4"
    for url in ("/api/", "/api/v1/", "/api/v2/nothing/", "/api/search/more/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["param"] is None and "/api/v2/" in response.json()["error"]
    assert client.get("/api/v2/nothing")["Location"] == "/api/v2/nothing/"
    assert client.get("/ja/api/v2/").status_code == 404  # the language prefixes have no API


# ---------------------------------------------------------------- Content-Language


def test_search_api_says_the_language_of_its_answer(client, content):
    assert client.get(SEARCH, {"q": "spring", "lang": "en"})["Content-Language"] == "en"
    assert client.get(SEARCH, {"q": "湧水"})["Content-Language"] == "ja"
    assert client.get(SEARCH, {"q": "湧水", "lang": "ja"}, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "ja"
    assert client.get(SEARCH, {"q": "湧水", "lang": "fr"})["Content-Language"] == "en"  # the English error message


# ---------------------------------------------------------------- one error shape


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"lang": "fr"}, "lang"),
        ({"type": "video"}, "type"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"status": "someday", "type": "notice"}, "status"),
        ({"municipality": "999999"}, "municipality"),
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"date_to": "tomorrow"}, "date_to"),
        ({"offset": "-1"}, "offset"),
        ({"limit": "lots"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"order": "nonsense"}, "order"),
        ({"order": "random", "offset": "2"}, "order"),
        ({"fields": "nonsense"}, "fields"),
        ({"page": "2"}, "page"),
        ({"nonsense": "1"}, "nonsense"),
        ({"child_of": "abc"}, "child_of"),
        ({"child_of": "999999"}, "child_of"),
        ({"descendant_of": "-3"}, "descendant_of"),
        ({"ancestor_of": "999999"}, "ancestor_of"),
        ({"search_operator": "xor"}, "search_operator"),
        ({"slug": "\x00"}, "slug"),
        ({"locale": "xx"}, "locale"),
        ({"format": "xml"}, "format"),
        ({"rich_text_format": "bogus"}, "rich_text_format"),
        ({"show_in_menus": "maybe"}, "show_in_menus"),
    ],
)
def test_api_v2_errors_have_the_search_apis_shape(client, content, params, param):
    response = client.get(PAGES, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"error", "param"}
    assert body["param"] == param and isinstance(body["error"], str) and body["error"]
    assert response["Content-Language"] == "en"


def test_find_takes_a_pages_html_url_and_refuses_a_bad_id(client, content):
    garden = content["public_case"]
    for path in ("/ja/case-studies/garden-city/", "/en/case-studies/garden-city/", "/case-studies/garden-city/"):
        response = client.get(f"{PAGES}find/", {"html_path": path})
        assert response.status_code == 302 and response["Location"].split("?")[0].endswith(f"{PAGES}{garden.pk}/"), path
    assert client.get(f"{PAGES}find/", {"html_path": "/ja/case-studies/secret-case/"}).status_code == 404
    response = client.get(f"{PAGES}find/", {"id": "abc"})
    assert response.status_code == 400 and response.json()["param"] == "id"


def test_search_api_errors_have_the_same_shape(client, content):
    body = client.get(SEARCH, {"page": "abc"}).json()
    assert set(body) == {"error", "param"} and body["param"] == "page"


def test_api_v2_not_found_has_the_same_shape(client, content):
    for url in (f"{PAGES}{content['secret_case'].pk}/", f"{PAGES}99999999/", "/api/v2/images/99999999/"):
        response = client.get(url)
        assert response.status_code == 404
        assert set(response.json()) == {"error", "param"} and response.json()["param"] is None


def test_api_v2_refuses_writes_in_the_same_shape(client, content):
    response = client.post(PAGES, {})
    assert response.status_code == 405
    assert set(response.json()) == {"error", "param"}


# ---------------------------------------------------------------- cross-origin reading


@pytest.mark.parametrize(
    "url", [f"{SEARCH}?q=湧水", f"{SEARCH}?page=abc", "/api/v2/", PAGES, f"{PAGES}?lang=fr", "/api/v2/images/"]
)
def test_anonymous_answers_are_readable_from_other_sites(client, content, url):
    for response in (client.get(url, HTTP_ORIGIN="https://partner.example"), client.head(url)):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert not response.has_header("Access-Control-Allow-Credentials")
        assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", [SEARCH, PAGES, "/api/v2/"])
def test_preflight_allows_reading_only(client, content, url):
    response = client.options(url, HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_a_members_answer_is_never_readable_from_other_sites(client, content):
    client.force_login(factories.member_user())
    assert settings.SESSION_COOKIE_NAME in client.cookies
    response = client.get(PAGES, {"search": "会員限定"}, HTTP_ORIGIN="https://partner.example")
    assert "secret-case" in slugs(response)
    assert not response.has_header("Access-Control-Allow-Origin")
    for url in (f"{PAGES}{content['secret_case'].pk}/", SEARCH + "?q=会員限定", "/api/v2/documents/"):
        response = client.get(url, HTTP_ORIGIN="https://partner.example")
        assert response.status_code == 200 and not response.has_header("Access-Control-Allow-Origin"), url


def test_writes_get_no_cross_origin_permission(client, content):
    assert not client.post(SEARCH, {"q": "湧水"}).has_header("Access-Control-Allow-Origin")


def test_site_parameter_is_accepted_and_ignored(client, content):
    assert slugs(client.get(PAGES, {"type": "case-study", "site": "elsewhere.example"})) == {"garden-city", "onsen-town"}


def test_search_api_page_past_the_last_is_empty_and_unknown_parameters_are_ignored(client, content):
    response = client.get(SEARCH, {"q": "湧水", "page": "999", "colour": "red"})
    assert response.status_code == 200
    assert response.json()["count"] == 1 and response.json()["results"] == []
