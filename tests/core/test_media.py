"""core.media: members-only documents and images do not download anonymously; public files still do."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from knowledge.models import CaseStudyIndexPage
from tests import factories

pytestmark = pytest.mark.django_db


def document(name="plan.pdf", title="計画書"):
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4 sample", name=name))


def body(image=None, doc=None):
    blocks = [("paragraph", "<p>本文（サンプル）</p>")]
    if image:
        blocks.append(("image", {"image": image, "alt_text": "写真", "caption": ""}))
    if doc:
        blocks.append(("document", {"document": doc, "title": doc.title}))
    return blocks


@pytest.fixture
def files(site_tree):
    _home, indexes = site_tree
    cases = indexes[CaseStudyIndexPage]
    public_image, secret_image = factories.picture(filename="open.png"), factories.picture(filename="closed.png")
    secret_doc, shared_doc, draft_doc = (document(f"{n}.pdf") for n in ("closed", "shared", "draft"))
    public_doc = document("open.csv")
    public = factories.case_study(cases, slug="open", body_ja=body(public_image, public_doc))
    secret = factories.members_only(factories.case_study(cases, slug="closed", body_ja=body(secret_image, secret_doc)))
    factories.case_study(cases, slug="open-shared", body_ja=body(doc=shared_doc))
    factories.members_only(factories.case_study(cases, slug="closed-shared", body_ja=body(doc=shared_doc)))
    factories.case_study(cases, slug="draft", body_ja=body(doc=draft_doc)).unpublish()
    return {
        "public": public,
        "secret": secret,
        "public_image": public_image,
        "secret_image": secret_image,
        "public_doc": public_doc,
        "secret_doc": secret_doc,
        "shared_doc": shared_doc,
        "draft_doc": draft_doc,
    }


def image_urls(response):
    return re.findall(r'<img src="(/media/images/[^"]+)"', response.content.decode())


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def member_client(client):
    client.force_login(factories.member_user())
    return client


def test_anonymous_visitors_cannot_download_a_members_only_pages_document(client, files):
    url = files["secret_doc"].url
    assert url.startswith("/documents/")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    direct = client.get("/media/" + files["secret_doc"].file.name)
    assert direct.status_code == 302 and "/accounts/login/" in direct["Location"]


def test_members_download_it_with_download_headers(member_client, files):
    response = member_client.get(files["secret_doc"].url)
    assert response.status_code == 200
    assert body_of(response) == b"%PDF-1.4 sample"
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    direct = member_client.get("/media/" + files["secret_doc"].file.name)
    assert direct.status_code == 200 and body_of(direct) == b"%PDF-1.4 sample"


def test_public_documents_download_for_everyone_and_may_be_cached(client, files):
    response = client.get(files["public_doc"].url)
    assert response.status_code == 200 and body_of(response) == b"%PDF-1.4 sample"
    assert response["Cache-Control"].startswith("public")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment") and "open" in response["Content-Disposition"]


def test_a_file_on_a_public_and_a_members_only_page_is_public(client, files):
    assert client.get(files["shared_doc"].url).status_code == 200


def test_a_file_used_only_on_an_unpublished_page_is_refused(client, files):
    assert client.get(files["draft_doc"].url).status_code == 302


def test_anonymous_visitors_cannot_fetch_a_members_only_pages_images(client, files):
    member = factories.member_user()
    client.force_login(member)
    urls = image_urls(client.get(files["secret"].url))
    assert urls, "the member sees the page's image"
    assert client.get(urls[0]).status_code == 200
    client.logout()
    assert client.get(files["secret"].url).status_code == 302
    rendition = client.get(urls[0])
    assert rendition.status_code == 403
    assert "会員" in rendition.content.decode()
    assert client.get("/media/" + files["secret_image"].file.name).status_code == 403


def test_public_images_and_renditions_are_served_with_their_type(client, files):
    urls = image_urls(client.get(files["public"].url))
    assert urls
    response = client.get(urls[0])
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"].startswith("public") and response["X-Content-Type-Options"] == "nosniff"
    original = client.get("/media/" + files["public_image"].file.name)
    assert original.status_code == 200 and body_of(original).startswith(b"\x89PNG")


def test_making_the_page_public_frees_its_files(client, files):
    from core.visibility import set_members_only

    set_members_only(files["secret"], False)
    assert client.get(files["secret_doc"].url).status_code == 200


def test_unknown_and_escaping_paths_are_not_found(client, files):
    assert client.get("/media/../cms/settings/base.py").status_code == 404
    assert client.get("/media/images/nothing.png").status_code == 404
    assert client.get("/media/secrets/file.txt").status_code == 404


def test_x_accel_redirect_hands_public_files_to_the_proxy(client, files, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_media/"
    name = files["public_image"].file.name
    response = client.get("/media/" + name)
    assert response.status_code == 200 and response["X-Accel-Redirect"] == "/_media/" + name
    assert response.content == b"" and response["Content-Type"] == "image/png"
    assert client.get("/media/" + files["secret_image"].file.name).status_code == 403
