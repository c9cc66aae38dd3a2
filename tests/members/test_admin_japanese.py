"""The demo's editor and moderator walk through the admin in Japanese (#15): every screen they use shows Japanese,
not Wagtail's, wagtailmedia's or our own strings left in English; snippet listings say はい / いいえ.

Each screen is rendered as the user's browser gets it and its visible text (with the labels, placeholders and
titles screen readers and tooltips show) is searched for English words. What may stay in Latin letters is listed
below: abbreviations, product names, and what the content itself spells so (slugs, file and user names)."""

import json
import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup, Comment
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile
from wagtailmedia.models import get_media_model

from knowledge.models import CaseStudyPage, Municipality, Organisation, ProgramNoticePage, SeminarRecordingPage, Theme
from tests import factories

Media = get_media_model()

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]

WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Latin letters a Japanese admin legitimately shows: abbreviations, formats, names of products and of the
# alliance's own programmes, the language switch's codes, units.
ALLOWED = {
    "URL", "JSON", "CSV", "XLSX", "PDF", "JIS", "ID", "MB", "KB", "GB", "HTML", "SEO", "Wagtail", "YouTube",
    "AVIF", "GIF", "JPG", "JPEG", "PNG", "WEBP", "SVG", "DX", "IR", "TOP", "LIVE", "LOCAL", "JAPAN", "ja", "en",
    "JA", "EN", "English",
}  # fmt: skip


@pytest.fixture
def demo(db):
    """The demo site of `make run`: its pages, snippets, media and the editor and moderator accounts."""
    factories.ensure_reference_data()
    factories.build_site()
    call_command("ensure_roles", verbosity=0)
    call_command("load_demo_content", stdout=StringIO())
    call_command("ensure_admin", "--demo-roles", stdout=StringIO())
    users = get_user_model().objects
    return {"editor": users.get(username="editor"), "moderator": users.get(username="moderator")}


def content_words():
    """Latin words the demo content itself is written in (slugs, file and user names): shown as they are."""
    spelled = [*Theme.objects.values_list("slug", flat=True), *Organisation.objects.values_list("slug", flat=True)]
    for media in Media.objects.all():
        spelled += [media.title, media.filename]
    spelled += get_user_model().objects.values_list("username", flat=True)
    spelled += Group.objects.values_list("name", flat=True)  # the roles' groups (Editors, Moderators, Members)
    return {word for text in spelled for word in WORD.findall(text)}


def visible_texts(html):
    """The text a user sees or hears on the screen: text, labels, placeholders and titles; not what an editor typed
    (text areas), not the time zone names, not comments or scripts."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "textarea", "noscript"]) + soup.select("[hidden]"):
        hidden.decompose()
    for option in soup.select("select[name$=current_time_zone] option"):
        option.decompose()
    body = soup.body or soup
    texts = [t for t in body.find_all(string=True) if not isinstance(t, Comment)]
    texts += [el[attr] for attr in ("placeholder", "aria-label", "title", "alt") for el in body.select(f"[{attr}]")]
    return [" ".join(t.split()) for t in texts if t.strip()]


def block_texts(html):
    """The labels, groups and help texts of the StreamField blocks the edit form offers (its block menu)."""
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and key in ("label", "group", "helpText", "description"):
            found.append(node)

    for element in BeautifulSoup(html, "html.parser").select("[data-w-block-data-value]"):
        walk(json.loads(element["data-w-block-data-value"]))
    return found


def english_left(texts, allowed):
    return sorted({text for text in texts if set(WORD.findall(text)) - allowed})


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"].startswith("application/json"):  # a chooser's modal
        return json.loads(response.content)["html"]
    return response.content.decode()


def screens(pages, moderator=False):
    case, recording, notice = pages
    ids = f"id={case.pk}&id={recording.pk}"
    found = {
        "dashboard": "/admin/",
        "explorer (root)": "/admin/pages/",
        "explorer (case studies)": f"/admin/pages/{case.get_parent().pk}/",
        "edit case study": f"/admin/pages/{case.pk}/edit/",
        "edit recording": f"/admin/pages/{recording.pk}/edit/",
        "edit notice": f"/admin/pages/{notice.pk}/edit/",
        "new case study": f"/admin/pages/add/knowledge/casestudypage/{case.get_parent().pk}/",
        "history": f"/admin/pages/{case.pk}/history/",
        "workflow history": f"/admin/pages/{case.pk}/workflow_history/",
        "compare revisions": f"/admin/pages/{case.pk}/revisions/compare/earliest...latest/",
        "search": "/admin/pages/search/?q=松原",
        "municipalities": "/admin/snippets/knowledge/municipality/",
        "people": "/admin/snippets/knowledge/person/",
        "themes": "/admin/snippets/knowledge/theme/",
        "organisations": "/admin/snippets/knowledge/organisation/",
        "edit municipality": f"/admin/snippets/knowledge/municipality/edit/{Municipality.objects.first().pk}/",
        "images": "/admin/images/",
        "documents": "/admin/documents/",
        "media": "/admin/media/",
        "media chooser": "/admin/media/chooser/",
        "image chooser": "/admin/images/chooser/",
        "document chooser": "/admin/documents/chooser/",
        "page chooser": "/admin/choose-page/",
        "workflow report": "/admin/reports/workflow/",
        "workflow tasks report": "/admin/reports/workflow_tasks/",
        "site history": "/admin/reports/site-history/",
        "pages without English": "/admin/reports/missing-english/",
        "account": "/admin/account/",
        "bulk publish": f"/admin/bulk/wagtailcore/page/publish/?{ids}",
        "bulk unpublish": f"/admin/bulk/wagtailcore/page/unpublish/?{ids}",
        "bulk move": f"/admin/bulk/wagtailcore/page/move/?{ids}",
        "bulk delete": f"/admin/bulk/wagtailcore/page/delete/?{ids}",
    }
    if Media.objects.exists():
        found["edit media"] = f"/admin/media/edit/{Media.objects.first().pk}/"
    if moderator:
        task_state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state
        found |= {
            "approve": f"/admin/pages/workflow/action/{case.pk}/approve/{task_state.pk}/",
            "request changes": f"/admin/pages/workflow/action/{case.pk}/reject/{task_state.pk}/",
            "locked pages": "/admin/reports/locked/",
            "move": f"/admin/pages/{case.pk}/move/",
            "privacy": f"/admin/pages/{case.pk}/privacy/",
            "unpublish": f"/admin/pages/{case.pk}/unpublish/",
        }
    return found


def test_editor_and_moderator_see_japanese_on_every_screen_they_use(client, demo):
    pages = [model.objects.live().first() for model in (CaseStudyPage, SeminarRecordingPage, ProgramNoticePage)]
    case = pages[0]
    case.save_revision(user=demo["editor"])
    case.get_workflow().start(case, demo["editor"])  # a page in review, as the moderator finds it
    allowed = ALLOWED | content_words()
    left = {}
    for role in ("editor", "moderator"):
        client.force_login(demo[role])
        for name, url in screens(pages, moderator=role == "moderator").items():
            html = get(client, url)
            texts = visible_texts(html) + block_texts(html)
            if found := english_left(texts, allowed):
                left[f"{role}: {name}"] = found
    assert not left, "\n".join(f"{name}: {texts}" for name, texts in left.items())


def test_block_menu_is_japanese_for_japanese_editors_and_english_for_english_ones(client, demo):
    case = CaseStudyPage.objects.live().first()
    client.force_login(demo["editor"])
    labels = block_texts(get(client, f"/admin/pages/{case.pk}/edit/"))
    assert {"見出し", "画像", "引用", "リンク", "文書"} <= set(labels), labels
    profile = UserProfile.get_for_user(demo["editor"])
    profile.preferred_language = "en"
    profile.save()
    labels = block_texts(get(client, f"/admin/pages/{case.pk}/edit/"))
    assert {"Heading", "Image", "Quote", "Link", "Document"} <= set(labels), labels


def test_snippet_listings_say_yes_or_no_in_words(client, demo):
    client.force_login(demo["editor"])
    soup = BeautifulSoup(get(client, "/admin/snippets/knowledge/municipality/"), "html.parser")
    column = [th.get_text(" ", strip=True) for th in soup.select("thead th")].index("現行の団体")
    cells = {row.select("td")[column].get_text(strip=True) for row in soup.select("tbody tr")}
    assert cells and cells <= {"はい", "いいえ"}, cells

    profile = UserProfile.get_for_user(demo["editor"])
    profile.preferred_language = "en"
    profile.save()
    soup = BeautifulSoup(get(client, "/admin/snippets/knowledge/municipality/"), "html.parser")
    assert "Yes" in {td.get_text(strip=True) for td in soup.select("tbody td")}
