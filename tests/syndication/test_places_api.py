"""API v2 /municipalities/ and /people/, the pages API's municipality and person filters, and /api/search/'s
municipalities and people: names in both languages, counts that never include members-only pages for visitors."""

import pytest

from knowledge.models import CaseStudyIndexPage, Municipality
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def kameoka(site_tree):
    _home, indexes = site_tree
    town = factories.municipality(code="262064", name_ja="亀岡市", name_en="Kameoka City", prefecture_code=26)
    Municipality.objects.filter(pk=town.pk).update(kana="かめおかし")
    mayor = factories.person(
        name_ja="桂川孝裕", name_en="Takahiro Katsuragawa", role_ja="亀岡市長", role_en="Mayor of Kameoka", municipality=town
    )
    cases = indexes[CaseStudyIndexPage]
    factories.case_study(cases, slug="open", title_ja="公開の事例", municipality=town, presenter=mayor)
    factories.members_only(
        factories.case_study(cases, slug="closed", title_ja="会員限定の事例", municipality=town, presenter=mayor)
    )
    factories.municipality(code="262013", name_ja="福知山市", name_en="Fukuchiyama City", prefecture_code=26, membership="")
    return town, mayor


def test_municipalities_list_names_readings_and_visible_counts_in_both_languages(client, kameoka):
    body = client.get("/api/v2/municipalities/?prefecture=26").json()
    assert [m["code"] for m in body["items"]] == ["262064"]  # 福知山市: no member, no content
    (item,) = body["items"]
    assert (item["name"], item["kana"], item["membership"]) == ("亀岡市", "かめおかし", "full")
    assert item["counts"] == {"case_studies": 1, "recordings": 0, "notices": 0}
    assert item["html_url"].endswith("/ja/municipalities/262064/")
    english = client.get("/api/v2/municipalities/262064/?lang=en").json()
    assert english["name"] == "Kameoka City" and english["prefecture"]["name"] == "Kyoto"
    assert english["people"][0]["name"] == "Takahiro Katsuragawa"
    assert english["html_url"].endswith("/en/municipalities/262064/")


def test_signed_in_members_get_members_only_pages_counted(client, kameoka):
    client.force_login(factories.member_user())
    assert client.get("/api/v2/municipalities/262064/").json()["counts"]["case_studies"] == 2
    assert client.get("/api/v2/people/?municipality=262064").json()["items"][0]["counts"]["case_studies"] == 2


def test_people_list_and_detail(client, kameoka):
    _town, mayor = kameoka
    body = client.get("/api/v2/people/?municipality=262064").json()
    assert [(p["slug"], p["name"], p["counts"]["case_studies"]) for p in body["items"]] == [(mayor.slug, "桂川孝裕", 1)]
    assert client.get(f"/api/v2/people/{mayor.slug}/?lang=en").json()["role"] == "Mayor of Kameoka"
    assert client.get("/api/v2/people/nobody/").status_code == 404


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v2/municipalities/?prefecture=48", "prefecture"),
        ("/api/v2/municipalities/?membership=gold", "membership"),
        ("/api/v2/municipalities/?limit=0", "limit"),
        ("/api/v2/municipalities/?lang=fr", "lang"),
        ("/api/v2/municipalities/?colour=red", "colour"),
        ("/api/v2/people/?municipality=999999", "municipality"),
        ("/api/v2/pages/?municipality=999999", "municipality"),
        ("/api/v2/pages/?type=case-study&person=nobody", "person"),
        ("/api/v2/pages/?type=notice&person=nobody", "person"),
    ],
)
def test_bad_values_answer_400_in_the_shared_error_shape(client, kameoka, url, param):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["param"] == param and response.json()["error"]


def test_pages_filter_by_municipality_and_person(client, kameoka):
    _town, mayor = kameoka
    slugs = lambda url: [i["meta"]["slug"] for i in client.get(url).json()["items"]]  # noqa: E731
    assert slugs("/api/v2/pages/?type=case-study&municipality=262064") == ["open"]
    assert slugs(f"/api/v2/pages/?type=case-study&person={mayor.slug}") == ["open"]
    item = client.get("/api/v2/pages/?type=case-study&municipality=262064&fields=municipality,presenter").json()["items"][0]
    assert item["municipality"]["kana"] == "かめおかし" and item["presenter"]["slug"] == mayor.slug


def test_search_api_names_municipalities_and_people_by_reading_and_english(client, kameoka):
    body = client.get("/api/search/?q=かめおか&lang=ja").json()
    assert [(m["code"], m["counts"]["case_studies"]) for m in body["municipalities"]] == [("262064", 1)]
    body = client.get("/api/search/?q=Kameoka&lang=en").json()
    assert [m["name"] for m in body["municipalities"]] == ["Kameoka City"]
    assert [p["name"] for p in body["people"]] == ["Takahiro Katsuragawa"]  # Mayor of Kameoka
    assert client.get("/api/search/?q=福知山&lang=ja").json()["municipalities"] == []
