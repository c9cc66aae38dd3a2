"""The page editor as an editor sees it (issue #15): Japanese throughout for a Japanese editor, both languages'
fields shown with what the English ones are for, a short readable slug where the editor sees it, checkboxes for
themes and related pages, no Gravatar."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.users.models import UserProfile

from knowledge.models import CaseStudyIndexPage, CaseStudyPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from knowledge.romaji import hepburn
from knowledge.slugs import readable_slug
from tests import factories
from tests.members.conftest import page_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def case(site_tree):
    _, indexes = site_tree
    return factories.case_study(indexes[CaseStudyIndexPage], title_ja="柿田川の湧水を守る", slug="kakitagawa")


def test_japanese_editor_sees_wagtail_and_modeltranslation_strings_in_japanese(client, case, editor):
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "すべてのページを検索…" in dashboard and "Search all pages…" not in dashboard
    assert "ページ" in dashboard and " Pages <span" not in dashboard
    html = edit_form(client, case)[0].content.decode()
    assert "表示・編集する言語" in html and "View / edit fields for" not in html

    in_english(editor)
    html = edit_form(client, case)[0].content.decode()
    assert "View / edit fields for" in html


def test_moderation_status_reads_in_japanese(client, case, editor):
    case.save_revision(user=editor)
    case.get_workflow().start(case, editor)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{case.pk}/edit/").content.decode()
    assert "レビュー中" in html and "In Moderation" not in html


def test_both_languages_shown_and_english_fields_say_what_they_are_for(client, case, editor):
    client.force_login(editor)
    response, soup = edit_form(client, case)
    html = response.content.decode()
    assert "locale_picker_default: ['ja', 'en']" in html  # both languages open, not Japanese only
    assert "locale_picker_restore: true" in html  # the editor's choice is remembered
    help_en = soup.select_one("#panel-child-content-title_en-section, [id*='title_en']").find_parent("section")
    assert "英語版のページ（/en/）に表示されます" in help_en.get_text()
    summary_help = soup.find(id="id_summary_en").find_parent(class_="w-field__wrapper").get_text()
    assert "英語版のページ（/en/）に表示されます" in summary_help

    in_english(editor)
    soup = edit_form(client, case)[1]
    assert "Shown on the English pages (/en/)" in soup.find(id="id_summary_en").find_parent(class_="w-field__wrapper").get_text()


def test_slug_sits_under_the_title_and_themes_and_related_pages_are_checkboxes(client, site_tree, case, editor):
    _, indexes = site_tree
    factories.sample_theme("tourism")
    factories.recording(indexes[SeminarRecordingIndexPage])
    factories.notice(indexes[ProgramNoticeIndexPage])
    client.force_login(editor)
    soup = edit_form(client, case)[1]
    first_tab = soup.select('[role="tabpanel"]')[0]  # コンテンツ: the tab the editor works in
    assert first_tab.find(id="id_slug") is not None, "the slug is on the content tab"
    assert len(soup.select("input[name=slug]")) == 1
    for name in ("themes", "related_recordings", "related_notices"):
        assert soup.select(f"input[type=checkbox][name={name}]"), name
        assert soup.select_one(f"select[name={name}]") is None, name


def test_no_gravatar_anywhere_in_the_admin(client, case, editor):
    client.force_login(editor)
    for url in ("/admin/", f"/admin/pages/{case.pk}/edit/", "/admin/account/"):
        assert "gravatar.com" not in client.get(url).content.decode(), url


def test_new_page_gets_a_short_readable_slug_from_the_english_title(client, site_tree, editor):
    _, indexes = site_tree
    parent = indexes[CaseStudyIndexPage]
    client.force_login(editor)
    add_url = f"/admin/pages/add/knowledge/casestudypage/{parent.pk}/"
    title_ja = "静岡県清水町の柿田川湧水群を未来へつなぐ地域ぐるみの保全活動と観光まちづくりの取り組み"
    data = page_form_data(client.get(add_url), title_ja=title_ja, title_en="Protecting the Kakitagawa springs", slug="")
    data.update(date="2026-01-05")
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CaseStudyPage.objects.get(title_ja=title_ja)
    assert page.slug == "protecting-the-kakitagawa-springs"

    data = page_form_data(client.get(add_url), title_ja=title_ja, title_en="", slug="")
    data.update(date="2026-01-05")
    assert client.post(add_url, data).status_code == 302
    page = CaseStudyPage.objects.filter(title_ja=title_ja).exclude(slug="protecting-the-kakitagawa-springs").get()
    assert page.slug.isascii() and len(page.slug) <= 50 and "shimizu" in page.slug, page.slug


def test_existing_slugs_are_kept(client, site_tree, editor):
    _, indexes = site_tree
    old = factories.case_study(indexes[CaseStudyIndexPage], title_ja="既存の事例", slug="既存の事例")
    client.force_login(editor)
    response = client.get(f"/admin/pages/{old.pk}/edit/")
    data = page_form_data(response, title_en="An existing case")
    data["action-publish"] = "publish"
    client.post(f"/admin/pages/{old.pk}/edit/", data)
    old.refresh_from_db()
    assert old.slug == "既存の事例"
    assert client.get(old.url).status_code == 200


def test_readable_slug_rules(site_tree):
    assert readable_slug("A garden city: Mishima", "三島") == "a-garden-city-mishima"
    assert readable_slug("", "柿田川湧水群").startswith("kaki")
    assert readable_slug("", "", datetime.date(2026, 1, 5)) == "2026-01-05"
    assert len(readable_slug("word " * 40)) <= 50
    assert readable_slug("", "東京の出張") == "tokyo-no-shutcho"  # long vowels written once, as in place names
    assert hepburn("キャッシュ") == "kyasshu"
    _, indexes = site_tree
    parent = indexes[CaseStudyIndexPage]
    first = factories.case_study(parent, title_ja="同じ題", title_en="Same title", slug="")
    second = factories.case_study(parent, title_ja="同じ題", title_en="Same title", slug="")
    assert (first.slug, second.slug) == ("same-title", "same-title-2")


def wagtail_english_strings():
    """Wagtail's own interface strings (without placeholders) that stay English in the Japanese admin
    (not the few its templates hard-code, such as aria-label="Actions")."""
    import glob

    import polib
    import wagtail

    strings = set()
    for path in glob.glob(f"{wagtail.__path__[0]}/**/locale/en/LC_MESSAGES/django.po", recursive=True):
        strings |= {e.msgid for e in polib.pofile(path) if "%" not in e.msgid and re.search("[A-Za-z]{3}", e.msgid)}
    with translation.override("ja"):
        return {text for text in strings if translation.gettext(text) == text}


def visible_texts(response):
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    texts = {t.strip() for t in soup.body.find_all(string=True)}
    texts |= {el[attr].strip() for attr in ("placeholder", "aria-label", "title") for el in soup.select(f"[{attr}]")}
    return texts


def test_editor_and_moderator_screens_have_no_untranslated_wagtail_strings(client, case, editor, moderator):
    english = wagtail_english_strings()
    client.force_login(editor)
    edit_url = f"/admin/pages/{case.pk}/edit/"
    data = page_form_data(client.get(edit_url), title_en="Keeping the Kakitagawa springs")
    data["action-submit"] = "submit"
    submitted = client.post(edit_url, data, follow=True)
    assert submitted.status_code == 200
    screens = {"after submitting": submitted}
    for name, url in {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{case.get_parent().pk}/",
        "edit form": edit_url,
        "history": f"/admin/pages/{case.pk}/history/",
        "workflow history": f"/admin/pages/{case.pk}/workflow_history/",
        "search": "/admin/pages/search/?q=柿田川",
    }.items():
        screens[f"editor {name}"] = client.get(url)
    client.force_login(moderator)
    screens["moderator dashboard"] = client.get("/admin/")
    screens["moderator edit form"] = client.get(edit_url)
    left = {name: sorted(visible_texts(response) & english) for name, response in screens.items()}
    left = {name: strings for name, strings in left.items() if strings}
    assert not left, "\n".join(f"{name}: {strings}" for name, strings in left.items())


def test_standard_page_slug_is_readable_too(client, site_tree, editor, administrator):
    home, _ = site_tree
    client.force_login(administrator)
    add_url = f"/admin/pages/add/home/standardpage/{home.pk}/"
    data = page_form_data(client.get(add_url), title_ja="会員自治体の一覧", title_en="Member municipalities", slug="")
    assert client.post(add_url, data).status_code == 302
    assert home.get_children().get(title_ja="会員自治体の一覧").slug == "member-municipalities"
