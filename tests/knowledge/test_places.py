"""Municipalities from the code list (sync_municipalities), membership from CSV, the directory and the entity
pages (/ja|en/municipalities/, /ja|en/people/<slug>/): both languages, members-only never shown to visitors."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from knowledge.models import CaseStudyIndexPage, Membership, Municipality, SeminarRecordingIndexPage
from knowledge.municipalities import MembershipImportError, read_membership_csv, sync
from knowledge.municipality_list import ListedGovernment, check_digit, listed_governments
from knowledge.romaji import english_name, romanised_name
from tests import factories
from tests.home.support import english_catalogue, soup, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


# ---------------------------------------------------------------- the code list and its English names


@pytest.mark.parametrize(
    ("name", "reading", "english"),
    [
        ("亀岡市", "かめおかし", "Kameoka City"),
        ("高野町", "こうやちょう", "Koya Town"),
        ("村上市", "むらかみし", "Murakami City"),
        ("大阪府", "おおさかふ", "Osaka Prefecture"),
        ("東京都", "とうきょうと", "Tokyo Metropolis"),
        ("北海道", "ほっかいどう", "Hokkaido"),
        ("別府市", "べっぷし", "Beppu City"),
        ("飯舘村", "いいたてむら", "Iitate Village"),
        ("千代田区", "ちよだく", "Chiyoda City"),
        # A long vowel is written once only inside one character's reading: 豊|岡, 瀬|戸|内, 松|浦 keep both.
        ("豊岡市", "とよおかし", "Toyooka City"),
        ("瀬戸内市", "せとうちし", "Setouchi City"),
        ("松浦市", "まつうらし", "Matsuura City"),
        ("山ノ内町", "やまのうちまち", "Yamanouchi Town"),
        ("十日町市", "とおかまちし", "Tokamachi City"),
        ("まんのう町", "まんのうちょう", "Manno Town"),
    ],
)
def test_english_names_are_romanised_from_the_reading_without_macrons(name, reading, english):
    assert english_name(name, reading) == english


@pytest.mark.parametrize(
    ("name", "reading", "english"),
    [
        ("澤井宏文", "さわい ひろふみ", "Hirofumi Sawai"),
        ("豊岡武士", "とよおか たけし", "Takeshi Toyooka"),
        ("大野 浩一", "おおの こういち", "Koichi Ono"),
        ("", "とよおか たけし", "Takeshi Toyoka"),  # without the written name, the reading alone decides
    ],
)
def test_people_are_romanised_given_name_first(name, reading, english):
    assert romanised_name(reading, name) == english


def test_the_package_list_has_every_prefecture_municipality_and_designated_ward():
    listed = listed_governments()
    by_code = {g.code: g for g in listed}
    assert len(by_code) == len(listed)  # codes are unique
    assert sum(g.level == "prefecture" for g in listed) == 47
    assert sum(g.level == "municipality" for g in listed) > 1700
    assert by_code["262064"].name == "亀岡市" and by_code["262064"].kana == "かめおかし"
    assert by_code["011002"].name == "札幌市"  # leading zero kept
    assert by_code["011011"].level == "ward" and by_code["011011"].name == "札幌市中央区"
    assert by_code["270008"].name_en == "Osaka Prefecture"
    assert all(g.code[5] == check_digit(g.code[:5]) for g in listed)


def listed(code, name, kana, prefecture=26, name_en=""):
    return ListedGovernment(code, name, kana, prefecture, "municipality", name_en or english_name(name, kana))


def test_sync_adds_updates_and_retires_without_losing_pages_membership_or_edited_english(site_tree):
    _home, indexes = site_tree
    kept = factories.municipality(code="262064", name_ja="亀岡", name_en="Kameoka (edited)", prefecture_code=26)
    gone = factories.municipality(code="262099", name_ja="旧町", name_en="Old Town", prefecture_code=26)
    page = factories.case_study(indexes[CaseStudyIndexPage], municipality=gone)
    report = sync([listed("262064", "亀岡市", "かめおかし"), listed("262013", "福知山市", "ふくちやまし")])
    assert (report.created, report.updated, report.retired) == (1, 1, ["262099"])
    kept.refresh_from_db()
    assert (kept.name_ja, kept.kana, kept.name_en, kept.membership) == ("亀岡市", "かめおかし", "Kameoka (edited)", "full")
    new = Municipality.objects.get(code="262013")
    assert (new.name_en, new.membership, new.is_current) == ("Fukuchiyama City", Membership.NONE, True)
    gone.refresh_from_db()
    assert not gone.is_current
    page.refresh_from_db()
    assert page.municipality_id == gone.pk  # never orphaned
    again = sync([listed("262064", "亀岡市", "かめおかし"), listed("262013", "福知山市", "ふくちやまし")])
    assert (again.created, again.updated, again.retired, again.unchanged) == (0, 0, [], 2)


def test_sync_completes_a_five_digit_code_with_its_check_digit(db):
    factories.municipality(code="26206", name_ja="亀岡市", prefecture_code=26)
    report = sync([listed("262064", "亀岡市", "かめおかし")])
    assert report.recoded == [("26206", "262064")]
    assert Municipality.objects.filter(code="262064").count() == 1 and report.created == 0


def test_the_command_loads_the_whole_list_and_a_second_run_changes_nothing(db):
    out = StringIO()
    call_command("sync_municipalities", stdout=out)
    assert "japancode 0.1.0" in out.getvalue()
    assert Municipality.objects.filter(level="prefecture").count() == 47
    assert Municipality.objects.get(code="303445").name_en == "Koya Town"
    out = StringIO()
    call_command("sync_municipalities", stdout=out)
    assert " 0 added, 0 updated" in out.getvalue()


# ---------------------------------------------------------------- membership from a CSV of codes


def test_membership_csv_sets_members_and_a_bad_file_writes_nothing(db, tmp_path):
    kameoka = factories.municipality(code="262064", name_ja="亀岡市", prefecture_code=26, membership="")
    koya = factories.municipality(code="303445", name_ja="高野町", prefecture_code=30, membership="")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,membership\n262064,正会員\n303441,participant\n999999\n26206,gold\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_membership", str(bad), stdout=StringIO())
    message = str(error.value)
    assert "line 3" in message and "line 5" in message and "999999" in message
    kameoka.refresh_from_db()
    assert kameoka.membership == ""  # nothing half-imported
    good = tmp_path / "good.csv"
    good.write_text("262064,正会員\n30344\n", encoding="utf-8")
    call_command("import_membership", str(good), stdout=StringIO())
    kameoka.refresh_from_db()
    koya.refresh_from_db()
    assert (kameoka.membership, koya.membership) == ("full", "participant")


def test_membership_csv_rejects_a_file_without_codes(db):
    with pytest.raises(MembershipImportError):
        read_membership_csv("code,membership\n")


# ---------------------------------------------------------------- directory and entity pages


@pytest.fixture
def kameoka(site_tree):
    _home, indexes = site_tree
    town = factories.municipality(code="262064", name_ja="亀岡市", name_en="Kameoka City", prefecture_code=26)
    Municipality.objects.filter(pk=town.pk).update(kana="かめおかし")
    mayor = factories.person(
        name_ja="桂川孝裕", name_en="Takahiro Katsuragawa", role_ja="亀岡市長", role_en="Mayor of Kameoka", municipality=town
    )
    theme = factories.theme(slug="env", name_ja="環境", name_en="Environment")
    public = factories.case_study(
        indexes[CaseStudyIndexPage], slug="plastic-free", title_ja="プラスチックごみゼロ", title_en="Zero plastic waste",
        municipality=town, presenter=mayor, themes=[theme],
    )  # fmt: skip
    secret = factories.members_only(
        factories.case_study(
            indexes[CaseStudyIndexPage], slug="secret-plan", title_ja="会員限定の計画", title_en="Members-only plan",
            municipality=town, presenter=mayor, themes=[theme],
        )
    )  # fmt: skip
    talk = factories.recording(
        indexes[SeminarRecordingIndexPage], slug="kameoka-talk", title_ja="亀岡の挑戦", title_en="Kameoka talk", speakers=[mayor]
    )
    factories.municipality(code="303445", name_ja="高野町", name_en="Koya Town", prefecture_code=30, membership="participant")
    factories.municipality(code="262013", name_ja="福知山市", name_en="Fukuchiyama City", prefecture_code=26, membership="")
    return {"town": town, "mayor": mayor, "public": public, "secret": secret, "talk": talk}


def test_directory_lists_members_by_region_and_prefecture_with_counts_in_both_languages(client, kameoka):
    page = soup(client.get("/ja/municipalities/"))
    summary = text(page.select_one(".directory-summary"))
    assert "664" in summary and "67" in summary and "2自治体" in summary
    names = [text(a) for a in page.select(".directory-list a")]
    assert names == ["亀岡市", "高野町"]  # 福知山市 is no member
    assert [text(h) for h in page.select(".directory-region h2")] == ["近畿 (2自治体)"]
    # the members-only case study is not counted for a visitor
    assert "1件のページ" in text(page.select_one(".directory-list li"))
    page = soup(client.get("/en/municipalities/?prefecture=30"))
    english = str(page.select_one("main"))
    assert [text(a) for a in page.select(".directory-list a")] == ["Koya Town"]
    assert "664" in text(page.select_one(".directory-summary"))
    assert "（" not in english and "、" not in english


def test_directory_answers_400_with_a_message_for_a_bad_filter(client, kameoka):
    response = client.get("/ja/municipalities/?prefecture=99")
    assert response.status_code == 400
    assert "都道府県の指定が正しくありません" in text(BeautifulSoup(response.content, "html.parser").select_one(".form-error"))


def test_municipality_page_shows_its_facts_and_hides_members_only_pages_from_visitors(client, kameoka):
    response = client.get("/ja/municipalities/262064/")
    page = soup(response)
    body = text(page.select_one("main"))
    assert text(page.h1) == "亀岡市"
    assert "かめおかし" in body and "京都府" in body and "正会員" in body and "桂川孝裕" in body
    assert "プラスチックごみゼロ" in body and "亀岡の挑戦" in body
    assert "会員限定の計画" not in body
    assert "環境 : 1件" in body  # the members-only page is not counted
    ld = json.loads(page.select_one('script[type="application/ld+json"]:-soup-contains("GovernmentOrganization")').string)
    assert ld["identifier"]["value"] == "262064" and ld["@type"] == "GovernmentOrganization"
    member = factories.member_user()
    client.force_login(member)
    body = text(soup(client.get("/ja/municipalities/262064/")).select_one("main"))
    assert "会員限定の計画" in body and "環境 : 2件" in body


def test_municipality_page_in_english(client, kameoka):
    page = soup(client.get("/en/municipalities/262064/"))
    assert text(page.h1) == "Kameoka City"
    body = text(page.select_one("main"))
    assert "Zero plastic waste" in body and "Members-only plan" not in body and "Kyoto" in body


def test_a_municipality_without_content_or_membership_has_no_page(client, kameoka):
    assert client.get("/ja/municipalities/262013/").status_code == 404  # 福知山市: no member, no content
    assert client.get("/ja/municipalities/303445/").status_code == 200  # 高野町: member
    assert client.get("/ja/municipalities/abc/").status_code == 404


def test_person_page_lists_what_they_present_and_where_they_speak(client, kameoka):
    slug = kameoka["mayor"].slug
    page = soup(client.get(f"/ja/people/{slug}/"))
    body = text(page.select_one("main"))
    assert text(page.h1) == "桂川孝裕" and "亀岡市長" in body
    assert "プラスチックごみゼロ" in body and "亀岡の挑戦" in body and "会員限定の計画" not in body
    assert page.select_one('a[href="/ja/municipalities/262064/"]')
    english = soup(client.get(f"/en/people/{slug}/"))
    assert text(english.h1) == "Takahiro Katsuragawa" and "Mayor of Kameoka" in text(english.select_one("main"))
    assert client.get("/ja/people/nobody/").status_code == 404


def test_a_persons_reading_is_shown_searched_and_exposed_and_fills_a_missing_english_name(client, kameoka):
    mayor = kameoka["mayor"]
    mayor.kana = "カツラガワ　タカヒロ"  # as an editor may type it
    mayor.save()
    assert mayor.kana == "かつらがわ たかひろ"
    page = soup(client.get(f"/ja/people/{mayor.slug}/"))
    assert "かつらがわ たかひろ" in text(page.select_one(".page-details"))
    for query in ("かつらがわ", "カツラガワ"):
        found = client.get("/api/search/", {"q": query}).json()["people"]
        assert [(p["name"], p["kana"]) for p in found] == [("桂川孝裕", "かつらがわ たかひろ")], query
    assert client.get("/api/v2/people/", {"q": "たかひろ"}).json()["items"][0]["slug"] == mayor.slug
    newcomer = factories.person(name_ja="南出賢一", name_en="", role_ja="泉大津市長", role_en="")
    newcomer.kana = "みなみで けんいち"
    newcomer.save()
    assert text(soup(client.get(f"/en/people/{newcomer.slug}/")).h1) == "Kenichi Minamide"
    vice_president = factories.person(name_ja="豊岡武士", name_en="")
    vice_president.kana = "とよおか たけし"  # 豊|岡: both vowels written where two characters' readings meet
    vice_president.save()
    assert text(soup(client.get(f"/en/people/{vice_president.slug}/")).h1) == "Takeshi Toyooka"


def test_a_reading_must_be_kana(kameoka):
    mayor = kameoka["mayor"]
    mayor.kana = "Katsuragawa"
    with pytest.raises(ValidationError, match="ひらがなかカタカナ"):
        mayor.full_clean()


def test_case_study_links_its_municipality_and_presenter(client, kameoka):
    page = soup(client.get(kameoka["public"].url))
    assert page.select_one('a[href="/ja/municipalities/262064/"]')
    assert page.select_one(f'a[href="/ja/people/{kameoka["mayor"].slug}/"]')


def test_case_study_index_filters_by_municipality_and_person(client, kameoka):
    _other = factories.case_study(CaseStudyIndexPage.objects.get(), slug="elsewhere", title_ja="よその事例")
    titles = lambda url: [text(a) for a in soup(client.get(url)).select(".card-title a")]  # noqa: E731
    assert titles("/ja/case-studies/?municipality=262064") == ["プラスチックごみゼロ"]
    assert titles(f"/ja/case-studies/?person={kameoka['mayor'].slug}") == ["プラスチックごみゼロ"]
    assert len(titles("/ja/case-studies/")) == 2


def test_visitors_get_cached_entity_pages_and_members_never_get_a_cached_answer(client, kameoka):
    assert client.get("/ja/municipalities/262064/")["X-Page-Cache"] == "miss"
    assert client.get("/ja/municipalities/262064/")["X-Page-Cache"] == "hit"
    client.force_login(factories.member_user())
    response = client.get("/ja/municipalities/262064/")
    assert "X-Page-Cache" not in response and "会員限定の計画" in response.content.decode()


def test_export_keeps_members_and_named_municipalities_not_the_whole_code_list(db):
    factories.municipality(code="262064", name_ja="亀岡市", prefecture_code=26, membership="full")
    sync([listed("262064", "亀岡市", "かめおかし"), listed("262013", "福知山市", "ふくちやまし")])
    out = StringIO()
    call_command("export_knowledge", "-", stdout=out)
    assert [m["code"] for m in json.loads(out.getvalue())["municipalities"]] == ["262064"]
