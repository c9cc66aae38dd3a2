import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_pages_listing_hides_members_only_pages_from_anonymous_callers(client, content):
    listed = titles(client.get("/api/v2/pages/", {"type": "case-study", "limit": 50}))
    assert "湧水と緑を活かしたガーデンシティ" in listed
    assert "会員限定の事例" not in listed
    assert client.get(f"/api/v2/pages/{content['secret_case'].pk}/").status_code == 404


def test_members_see_members_only_pages(client, content):
    client.force_login(factories.member_user())
    listed = titles(client.get("/api/v2/pages/", {"type": "case-study"}))
    assert "会員限定の事例" in listed
    assert client.get(f"/api/v2/pages/{content['secret_case'].pk}/").status_code == 200


def test_lang_parameter_and_accept_language_choose_the_language_of_fields(client, content):
    english = client.get(
        "/api/v2/pages/", {"type": "case-study", "lang": "en", "fields": "summary,themes,municipality,languages"}
    )
    assert "A garden city built on spring water" in titles(english)
    assert english["Content-Language"] == "en"
    item = next(i for i in english.json()["items"] if i["meta"]["slug"] == "garden-city")
    assert item["summary"].startswith("Springs and flowers")
    assert item["themes"] == [{"slug": "tourism", "axis": "connect", "name": "Tourism and exchange"}]
    assert item["municipality"] == {
        "code": "222062",
        "name": "Mishima City",
        "prefecture": {"code": 22, "name": item["municipality"]["prefecture"]["name"]},
        "kana": "",
        "membership": "full",
        "api_url": "/api/v2/municipalities/222062/",
    }
    assert item["meta"]["html_url"].endswith("/en/case-studies/garden-city/")
    assert item["meta"]["languages"] == ["ja", "en"]
    # an untranslated page falls back to Japanese and says which languages it really has
    onsen = next(i for i in english.json()["items"] if i["meta"]["slug"] == "onsen-town")
    assert onsen["title"] == "温泉と観光のまちづくり" and onsen["meta"]["languages"] == ["ja"]

    by_header = client.get("/api/v2/pages/", {"type": "case-study"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "A garden city built on spring water" in titles(by_header)
    japanese = client.get("/api/v2/pages/", {"type": "case-study"})
    assert "湧水と緑を活かしたガーデンシティ" in titles(japanese)


def test_filters_by_theme_prefecture_municipality_and_dates(client, content):
    assert set(titles(client.get("/api/v2/pages/", {"theme": "tourism"}))) == {
        "温泉と観光のまちづくり",
        "湧水と緑を活かしたガーデンシティ",
    }
    assert titles(client.get("/api/v2/pages/", {"type": "case-study", "prefecture": "44"})) == ["温泉と観光のまちづくり"]
    assert titles(client.get("/api/v2/pages/", {"municipality": "222062", "type": "case-study"})) == [
        "湧水と緑を活かしたガーデンシティ"
    ]
    in_2025 = titles(client.get("/api/v2/pages/", {"type": "case-study", "date_from": "2025-01-01", "date_to": "2025-12-31"}))
    assert in_2025 == ["温泉と観光のまちづくり"]  # the members-only 2025 case study stays hidden


def test_notice_fields_and_status_filter(client, content):
    response = client.get(
        "/api/v2/pages/",
        {"type": "notice", "status": "open", "fields": "status,applications_close,organisation,location", "lang": "en"},
    )
    items = response.json()["items"]
    assert [i["meta"]["slug"] for i in items] == ["walkable-briefing"]
    assert items[0]["status"] == "open"
    assert items[0]["applications_close"] == "2099-02-27"
    assert items[0]["location"] == "Chiyoda, Tokyo"
    assert items[0]["organisation"]["short_name"] == "MLIT"
    assert titles(client.get("/api/v2/pages/", {"type": "notice", "status": "closed"})) == []


def test_recording_detail_has_chapters_and_transcript(client, content):
    response = client.get(f"/api/v2/pages/{content['recording'].pk}/", {"lang": "en"})
    data = response.json()
    assert data["chapters"] == [{"start": 0, "title": "Opening"}, {"start": 600, "title": "Case examples"}]
    assert {key: data["transcript"][1][key] for key in ("start", "text")} == {"start": 95, "text": "Uses of generative AI."}
    assert data["series"] == "future-creation" and data["duration_seconds"] == 3725


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "no-such-theme"}, "unknown theme"),
        ({"prefecture": "99"}, "unknown prefecture"),
        ({"municipality": "000000"}, "unknown municipality"),
        ({"date_from": "yesterday"}, "YYYY-MM-DD"),
        ({"type": "case-study", "status": "open"}, "notices only"),
        ({"type": "nonsense"}, "type must be one of"),
        ({"lang": "fr"}, "lang must be one of"),
        ({"colour": "red"}, "not an operation or a recognised field"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, content, params, message):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_listing_query_count_does_not_grow_with_items(client, content, django_assert_max_num_queries):
    from knowledge.models import CaseStudyIndexPage

    params = {"type": "case-study", "fields": "summary,themes,municipality,presenter", "lang": "en"}
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v2/pages/", params)
    for n in range(8):
        factories.case_study(
            content["indexes"][CaseStudyIndexPage],
            title_ja=f"事例{n}",
            title_en=f"Case {n}",
            municipality=content["public_case"].municipality,
            themes=list(content["public_case"].themes.all()),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v2/pages/", params)
    assert response.json()["meta"]["total_count"] == 10


def test_documents_used_only_on_members_only_pages_are_hidden(client, content):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    public_doc = Document.objects.create(title="公開資料", file=ContentFile(b"public", name="public.pdf"))
    secret_doc = Document.objects.create(title="会員資料", file=ContentFile(b"secret", name="secret.pdf"))
    recording = content["recording"]
    recording.slides = public_doc
    recording.save_revision().publish()
    from knowledge.models import SeminarRecordingIndexPage

    hidden_recording = factories.members_only(
        factories.recording(content["indexes"][SeminarRecordingIndexPage], slug="secret-rec")
    )
    hidden_recording.slides = secret_doc
    hidden_recording.save_revision().publish()

    listed = titles(client.get("/api/v2/documents/"))
    assert "公開資料" in listed and "会員資料" not in listed
    client.force_login(factories.member_user())
    assert "会員資料" in titles(client.get("/api/v2/documents/"))


def test_filters_combine_with_search(client, content):
    response = client.get("/api/v2/pages/", {"type": "case-study", "theme": "tourism", "search": "garden", "lang": "en"})
    assert titles(response) == ["A garden city built on spring water"]
