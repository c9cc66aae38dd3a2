"""My page, saving searches and bookmarking pages, through the site's views."""

import pytest

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from members.models import Bookmark, MemberProfile, SavedSearch
from tests import factories
from tests.members.conftest import form_data, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree, mishima):
    _, indexes = site_tree
    other = factories.municipality(name_ja="豊岡市", name_en="Toyooka City", prefecture_code=28)
    return {
        "ours": factories.case_study(
            indexes[CaseStudyIndexPage], title_ja="三島の水辺", title_en="Mishima waterside", municipality=mishima
        ),
        "ours_members": factories.members_only(
            factories.case_study(indexes[CaseStudyIndexPage], title_ja="三島の会員向け事例", title_en="", municipality=mishima)
        ),
        "recording": factories.recording(indexes[SeminarRecordingIndexPage], title_ja="三島のセミナー", municipality=mishima),
        "theirs": factories.case_study(indexes[CaseStudyIndexPage], title_ja="豊岡の演劇", municipality=other),
        "notice": factories.notice(indexes[ProgramNoticeIndexPage], title_ja="補助金の公募"),
    }


def test_my_page_shows_the_members_municipality_and_its_pages(client, member, pages):
    client.force_login(member)
    html = client.get("/ja/mypage/").content.decode()
    assert "三島市の取り組み" in html
    assert "編集 花子 さん" not in html
    assert "三島の水辺" in html
    assert "三島の会員向け事例" in html
    assert "三島のセミナー" in html
    assert "豊岡の演劇" not in html


def test_my_page_in_english(client, member, pages):
    client.force_login(member)
    html = client.get("/en/mypage/").content.decode()
    assert "My page" in html
    assert "Work of Mishima City" in html
    assert "Mishima waterside" in html


def test_my_page_needs_login(client):
    response = client.get("/en/mypage/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/mypage/"


def test_saving_a_search_from_the_search_page(client, member, pages):
    theme = factories.theme(slug="tourism")
    client.force_login(member)
    data = {
        "q": "湧水",
        "lang": "ja",
        "type": "case-study",
        "theme": "tourism",
        "axis": "connect",
        "prefecture": "22",
        "year": "2024",
        "next": "/ja/search/?q=湧水",
    }
    response = client.post("/ja/mypage/saved-searches/", data)
    assert response.status_code == 302
    assert response["Location"] == "/ja/search/?q=%E6%B9%A7%E6%B0%B4"
    saved = SavedSearch.objects.get(user=member)
    assert (saved.query, saved.type, saved.theme, saved.axis, saved.prefecture, saved.year) == (
        "湧水",
        "case-study",
        "tourism",
        "connect",
        "22",
        "2024",
    )
    # saving it again keeps one
    client.post("/ja/mypage/saved-searches/", data)
    assert SavedSearch.objects.filter(user=member).count() == 1

    html = client.get("/ja/mypage/").content.decode()
    assert "「湧水」" in html
    assert theme.name_ja in html
    assert "静岡" in html
    assert "繋ぐ" in html
    assert "/ja/search/?q=%E6%B9%A7%E6%B0%B4&amp;type=case-study" in html


def test_saving_a_search_refuses_unknown_facets_with_a_message(client, member):
    client.force_login(member)
    response = client.post(
        "/ja/mypage/saved-searches/", {"q": "防災", "theme": "no-such-theme", "axis": "sideways", "year": "20x4"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "指定したテーマが見つかりません。" in html
    assert "年は1900〜2100の数字で指定してください。" in html
    assert "軸の指定が正しくありません。" in html
    assert not SavedSearch.objects.exists()
    empty = client.post("/ja/mypage/saved-searches/", {"q": "  "}, follow=True)
    assert "検索語か絞り込み条件を一つ以上指定してください。" in empty.content.decode()


def test_anonymous_save_sends_to_login_and_back_to_the_search(client):
    response = client.post("/en/mypage/saved-searches/", {"q": "tourism", "lang": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/search/%3Fq%3Dtourism"
    assert not SavedSearch.objects.exists()


def test_deleting_a_saved_search_only_ones_own(client, member):
    other = make_user("someone-else")
    theirs = SavedSearch.objects.create(user=other, query="観光")
    mine = SavedSearch.objects.create(user=member, query="観光")
    client.force_login(member)
    assert client.post(f"/ja/mypage/saved-searches/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/ja/mypage/saved-searches/{mine.pk}/delete/").status_code == 302
    assert list(SavedSearch.objects.all()) == [theirs]


def test_bookmarking_a_page_and_removing_it(client, member, pages):
    notice = pages["notice"]
    client.force_login(member)
    detail = client.get(notice.url)
    assert "ブックマークする" in detail.content.decode()
    response = client.post("/ja/mypage/bookmarks/", {"page": notice.pk, "next": notice.url})
    assert response.status_code == 302
    assert response["Location"] == notice.url
    assert Bookmark.objects.filter(user=member, page_id=notice.pk).exists()
    assert "ブックマーク済み（外す）" in client.get(notice.url).content.decode()
    assert "補助金の公募" in client.get("/ja/mypage/").content.decode()

    assert client.post(f"/ja/mypage/bookmarks/{notice.pk}/delete/").status_code == 302
    assert not Bookmark.objects.exists()
    assert client.post(f"/ja/mypage/bookmarks/{notice.pk}/delete/").status_code == 404


def test_bookmark_refuses_bad_or_hidden_pages(client, member, pages):
    for bad in ("abc", "", "999999", str(pages["notice"].get_parent().pk)):
        client.force_login(member)
        assert client.post("/ja/mypage/bookmarks/", {"page": bad}).status_code == 404
    client.logout()
    # an anonymous visitor can't bookmark, nor learn that a members-only page exists
    assert client.post("/ja/mypage/bookmarks/", {"page": pages["ours_members"].pk}).status_code == 404
    response = client.post("/ja/mypage/bookmarks/", {"page": pages["notice"].pk})
    assert response["Location"].startswith("/ja/accounts/login/?next=")
    assert not Bookmark.objects.exists()
    assert client.get("/ja/mypage/bookmarks/").status_code == 405


def test_alert_settings_on_my_page(client, member):
    client.force_login(member)
    response = client.post("/ja/mypage/", {"language": "en"})
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert profile.language == "en"
    assert profile.unsubscribed
    client.post("/ja/mypage/", {"language": "ja", "receive_alerts": "on"})
    profile.refresh_from_db()
    assert (profile.language, profile.unsubscribed) == ("ja", False)
    assert client.post("/ja/mypage/", {"language": "fr"}).status_code == 200  # the form again, with its error


def test_header_links_for_visitors_and_members(client, member, pages):
    home = client.get("/ja/").content.decode()
    assert "会員ログイン" in home
    client.force_login(member)
    home = client.get("/ja/").content.decode()
    assert "/ja/mypage/" in home
    assert "ログアウト" in home


@pytest.mark.parametrize(("lang", "label"), [("ja", "この検索条件を保存"), ("en", "Save this search")])
def test_the_search_page_offers_to_save_the_search(client, member, pages, lang, label):
    client.force_login(member)
    response = client.get(f"/{lang}/search/", {"q": "三島", "type": "case-study"})
    assert response.status_code == 200
    assert label in response.content.decode()
    data = form_data(response, "form.save-search-form")
    assert (data["q"], data["type"], data["lang"]) == ("三島", "case-study", lang)
    saved = client.post(f"/{lang}/mypage/saved-searches/", data)
    assert saved.status_code == 302
    assert SavedSearch.objects.get(user=member).query == "三島"
