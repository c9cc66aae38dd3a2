"""import_knowledge: the corpus loads in both languages and into the search index, re-imports change nothing,
changed items are updated in place, and references may name rows already in the database."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction, Revision, Site

from home.models import HomePage
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    KnowledgePage,
    Municipality,
    Organisation,
    Person,
    ProgramNoticeIndexPage,
    ProgramNoticePage,
    SeminarRecordingIndexPage,
    SeminarRecordingPage,
    Theme,
)
from knowledge.transfer import KnowledgeImportError, export_knowledge, import_knowledge
from tests import factories
from tests.home.support import en, ja, soup, text
from tests.knowledge.transfer.support import CORPUS, PAGE_SECTIONS, item_in, row_counts, run_import

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ importing the corpus


def test_import_command_loads_every_document_with_both_languages(client, corpus):
    output = run_import(CORPUS)
    assert "30 created, 0 updated, 0 unchanged" in output

    # the site tree exists and every page hangs under its index page
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    for section, model in PAGE_SECTIONS.items():
        pages = model.objects.all()
        assert sorted(p.slug for p in pages) == sorted(item["slug"] for item in corpus[section])
        for page in pages:
            assert page.live and page.live_revision_id is not None
            assert page.get_parent().specific.child_model is model
            assert page.get_parent().get_parent().pk == home.pk

    # every page, as a visitor sees it in each language; members-only pages only after signing in
    member = factories.member_user()
    for section, model in PAGE_SECTIONS.items():
        for item in corpus[section]:
            page = model.objects.get(slug=item["slug"])
            members_only = item["audience"] == "members"
            for lang, url in (("ja", ja(page)), ("en", en(page))):
                client.logout()
                response = client.get(url)
                if members_only:
                    assert response.status_code == 302, url
                    assert urlsplit(response["Location"]).path == f"/{lang}/accounts/login/"
                    client.force_login(member)
                body = text(soup(client.get(url)).body)
                title = item["title"].get(lang) or item["title"]["ja"]
                assert title in body, (url, title)
                paragraphs = item.get("body", {}).get(lang) or item.get("body", {}).get("ja")
                for paragraph in (paragraphs or "").split("\n\n"):
                    assert " ".join(paragraph.split()) in body, (url, paragraph)

    restricted = PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.LOGIN)
    expected = {i["slug"] for s in PAGE_SECTIONS for i in corpus[s] if i["audience"] == "members"}
    assert {r.page.slug for r in restricted} == expected == {"izumi-mokuzai", "general-meeting"}


def test_imported_fields_in_both_languages(corpus):
    import_knowledge(corpus)

    mishima = Municipality.objects.get(code="222062")
    assert (mishima.name_ja, mishima.name_en, mishima.membership) == ("三島市", "Mishima City", "full")
    assert (mishima.prefecture.code, mishima.prefecture.name_en) == (22, "Shizuoka")
    assert Municipality.objects.get(code="262013").membership == "participant"
    person = Person.objects.get(slug="toyooka-takeshi")
    assert (person.name_ja, person.name_en, person.role_ja, person.role_en) == (
        "豊岡武士",
        "Takeshi Toyooka",
        "三島市長",
        "Mayor of Mishima",
    )
    assert person.municipality == mishima
    mlit = Organisation.objects.get(slug="mlit")
    assert (mlit.short_name_ja, mlit.short_name_en) == ("国交省", "MLIT")
    assert [(t.slug, t.axis, t.name_ja, t.name_en) for t in Theme.objects.order_by("slug")] == sorted(
        (t["slug"], t["axis"], t["name"]["ja"], t["name"]["en"]) for t in corpus["themes"]
    )

    case = CaseStudyPage.objects.get(slug="toyonaka-schools")
    source = item_in(corpus, "case_studies", "toyonaka-schools")
    assert case.title == case.title_ja == source["title"]["ja"]
    assert case.title_en == source["title"]["en"]
    assert (case.summary_ja, case.summary_en) == (source["summary"]["ja"], source["summary"]["en"])
    assert case.date.isoformat() == "2024-08-01" and case.episode == 7
    assert case.presenter.slug == "osanai-shigeki" and case.municipality.code == "272035"
    assert sorted(case.themes.values_list("slug", flat=True)) == ["childcare", "dx"]
    # body text: one paragraph block per blank-line-separated paragraph, HTML-escaped, in each language
    for lang in ("ja", "en"):
        blocks = list(getattr(case, f"body_{lang}"))
        paragraphs = source["body"][lang].split("\n\n")
        assert [b.block_type for b in blocks] == ["paragraph"] * len(paragraphs)
        assert [b.value.source for b in blocks] == [f"<p>{p}</p>" for p in paragraphs]
    assert CaseStudyPage.objects.get(slug="izumi-mokuzai").presenter is None

    untranslated = CaseStudyPage.objects.get(slug="fukuchiyama-flood")
    assert "en" not in item_in(corpus, "case_studies", "fukuchiyama-flood")["body"]
    assert list(untranslated.body_en) == [] and len(untranslated.body_ja) == 1

    recording = SeminarRecordingPage.objects.get(slug="regional-02")
    source = item_in(corpus, "seminar_recordings", "regional-02")
    assert recording.date.isoformat() == source["recorded_on"]
    assert (recording.series, recording.session, recording.video_url, recording.duration_seconds) == (
        "regional-co-creation",
        2,
        source["video_url"],
        2700,
    )
    assert [(c.start, c.title_ja, c.title_en) for c in recording.chapters.all()] == [
        (c["start"], c["title"]["ja"], c["title"]["en"]) for c in source["chapters"]
    ]
    assert [(t.start, t.text_ja, t.text_en) for t in recording.transcript_segments.all()] == [
        (t["start"], t["text"]["ja"], t["text"]["en"]) for t in source["transcript"]
    ]
    assert list(SeminarRecordingPage.objects.get(slug="toplive-01").speakers.values_list("slug", flat=True)) == ["hamada-takeshi"]

    notice = ProgramNoticePage.objects.get(slug="osaka-expo-legacy")
    assert (notice.organisation.slug, notice.kind) == ("bunka", "international-event")
    assert notice.applications_open is None and notice.applications_close.isoformat() == "2026-05-31"
    assert (notice.event_start.isoformat(), notice.event_end.isoformat()) == ("2026-10-01", "2026-12-20")
    assert (notice.location_ja, notice.location_en) == ("大阪府大阪市", "Osaka, Osaka Prefecture")
    assert notice.date == notice.applications_close


def test_missing_english_title_stays_empty_and_the_page_falls_back_to_japanese(client, corpus):
    item = item_in(corpus, "case_studies", "tokyo-antenna")
    del item["title"]["en"]
    del item["summary"]["en"]
    import_knowledge(corpus)
    page = CaseStudyPage.objects.get(slug="tokyo-antenna")
    assert page.title_ja == page.title == "東京都心のアンテナショップ運営"
    assert not page.title_en and not page.summary_en
    english = soup(client.get(en(page)))
    assert text(english.h1) == "東京都心のアンテナショップ運営"
    assert page.lacks_english


def test_body_text_is_escaped_and_keeps_line_breaks(client, corpus):
    item = item_in(corpus, "case_studies", "mishima-greenway")
    item["body"]["ja"] = "一行目 <script>alert(1)</script> & 「湧水」\n二行目\n\n\n  次の段落  "
    import_knowledge(corpus)
    page = CaseStudyPage.objects.get(slug="mishima-greenway")
    assert [b.value.source for b in page.body_ja] == [
        "<p>一行目 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 「湧水」<br/>二行目</p>",
        "<p>次の段落</p>",
    ]
    html = client.get(ja(page)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        item_in(export_knowledge(), "case_studies", "mishima-greenway")["body"]["ja"]
        == "一行目 <script>alert(1)</script> & 「湧水」\n二行目\n\n次の段落"
    )


def test_search_index_holds_final_content_with_related_rows():
    call_command("import_knowledge", str(CORPUS), stdout=StringIO())

    def found(query):
        return sorted(p.slug for p in KnowledgePage.objects.live().search(query))

    assert found("医薬品") == ["regional-02"]  # only in a transcript segment
    assert found("子育て") == ["toyonaka-schools"]  # only in a theme name
    assert found("静岡") == ["mishima-greenway", "tokyo-antenna"]  # only in the municipality's prefecture
    assert found("豊岡") == ["mishima-greenway", "tokyo-antenna"]  # only in the presenter's name


def test_reimport_reindexes_changed_pages_and_pages_of_changed_snippets(corpus):
    import_knowledge(corpus)
    item_in(corpus, "themes", "childcare")["name"]["ja"] = "子ども・若者"
    recording = item_in(corpus, "seminar_recordings", "regional-02")
    recording["transcript"][1]["text"]["ja"] = "ドローンで山間部の集落に郵便物を届けました。"
    summary = import_knowledge(corpus)
    assert summary.counts["themes"]["updated"] == 1 and summary.counts["seminar_recordings"]["updated"] == 1

    def found(query):
        return sorted(p.slug for p in KnowledgePage.objects.live().search(query))

    assert found("若者") == ["toyonaka-schools"]
    assert found("郵便物") == ["regional-02"]
    assert found("医薬品") == []


# ------------------------------------------------------------------ idempotency and updates


def test_importing_twice_changes_nothing(corpus):
    import_knowledge(corpus)
    before = row_counts()
    exported = export_knowledge()
    output = run_import(CORPUS)
    assert "0 created, 0 updated, 30 unchanged" in output
    assert row_counts() == before  # no new pages, revisions, log entries or rows
    assert export_knowledge() == exported


def test_changed_items_are_updated_in_place_with_a_new_published_revision(client, corpus):
    import_knowledge(corpus)
    page = CaseStudyPage.objects.get(slug="mishima-greenway")
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    pages = Page.objects.count()

    item_in(corpus, "case_studies", "mishima-greenway")["title"]["en"] = "Garden City Mishima"
    item_in(corpus, "case_studies", "izumi-mokuzai")["audience"] = "public"
    item_in(corpus, "program_notices", "company-matching")["audience"] = "members"
    summary = import_knowledge(corpus)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 3, 27)
    assert Page.objects.count() == pages
    page.refresh_from_db()
    assert page.title_en == "Garden City Mishima" and page.title_ja == "湧水と緑を活かしたガーデンシティ"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1
    assert page.live_revision == page.latest_revision
    assert "Garden City Mishima" in text(soup(client.get(en(page))).h1)
    # audience changes move the page in or out of the members-only area
    assert client.get(ja(CaseStudyPage.objects.get(slug="izumi-mokuzai"))).status_code == 200
    assert client.get(ja(ProgramNoticePage.objects.get(slug="company-matching"))).status_code == 302


def test_import_uses_an_existing_site_tree(site_tree, corpus):
    home, indexes = site_tree
    import_knowledge(corpus)
    assert (
        CaseStudyIndexPage.objects.count()
        == SeminarRecordingIndexPage.objects.count()
        == ProgramNoticeIndexPage.objects.count()
        == 1
    )
    assert CaseStudyPage.objects.child_of(indexes[CaseStudyIndexPage]).count() == len(corpus["case_studies"])
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk


def test_slug_of_a_page_of_another_type_is_refused(site_tree, corpus):
    _, indexes = site_tree
    factories.recording(indexes[SeminarRecordingIndexPage], slug="mishima-greenway")
    with pytest.raises(KnowledgeImportError) as error:
        import_knowledge(corpus)
    assert (
        'case_studies[0] (slug "mishima-greenway"), field "slug": "mishima-greenway" is already used by a seminar recording'
        in str(error.value)
    )


def test_prefecture_by_english_name_and_references_to_existing_rows(corpus):
    import_knowledge(corpus)
    summary = import_knowledge(
        {
            "municipalities": [
                {"code": "011002", "name": {"ja": "札幌市"}, "prefecture": {"en": "Hokkaido"}, "membership": "participant"},
                {"code": "131016", "name": {"ja": "千代田区"}, "prefecture": "Tokyo", "membership": "participant"},
            ],
            "case_studies": [
                {
                    "slug": "sapporo-snow",
                    "municipality": "011002",
                    "presenter": "toyooka-takeshi",  # already in the database
                    "themes": ["tourism"],
                    "date": "2025-02-01",
                    "audience": "public",
                    "title": {"ja": "雪まつりと観光"},
                }
            ],
        }
    )
    assert (summary.created, summary.unchanged) == (3, 0)
    assert Municipality.objects.get(code="011002").prefecture.code == 1
    assert Municipality.objects.get(code="131016").prefecture.code == 13
    page = CaseStudyPage.objects.get(slug="sapporo-snow")
    assert page.presenter.slug == "toyooka-takeshi" and not page.title_en
