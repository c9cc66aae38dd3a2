"""import_knowledge / export_knowledge: the corpus loads in both languages, re-imports change nothing,
exports round-trip, and bad files are refused with messages naming the item and field, writing nothing."""

import copy
import json
import os
import subprocess
import sys
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision, Site

from home.models import HomePage
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    Chapter,
    KnowledgePage,
    Municipality,
    Organisation,
    Person,
    ProgramNoticeIndexPage,
    ProgramNoticePage,
    SeminarRecordingIndexPage,
    SeminarRecordingPage,
    Theme,
    TranscriptSegment,
)
from knowledge.transfer import KnowledgeImportError, export_knowledge, import_knowledge
from knowledge.transfer.writing import Writer
from tests import factories
from tests.home.support import en, ja, soup, text

pytestmark = pytest.mark.django_db

CORPUS = settings.SHARED_DIR / "search-eval" / "corpus.json"
PAGE_SECTIONS = {"case_studies": CaseStudyPage, "seminar_recordings": SeminarRecordingPage, "program_notices": ProgramNoticePage}
ALL_SECTIONS = ("themes", "organizations", "municipalities", "people", *PAGE_SECTIONS)


@pytest.fixture(scope="session")
def corpus_data():
    if not CORPUS.is_file():
        pytest.fail(f"The shared search-evaluation corpus is missing: expected it at {CORPUS} (settings.SHARED_DIR).")
    return json.loads(CORPUS.read_text(encoding="utf-8"))


@pytest.fixture
def corpus(corpus_data):
    return copy.deepcopy(corpus_data)


def write_json(tmp_path, data, name="data.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path):
    out = StringIO()
    call_command("import_knowledge", str(path), stdout=out)
    return out.getvalue()


def row_counts():
    """Everything an import could write."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            PageLogEntry,
            PageViewRestriction,
            Site,
            Theme,
            Organisation,
            Municipality,
            Person,
            Chapter,
            TranscriptSegment,
            KnowledgePage.themes.through,
        )
    }


def keyed(data):
    """{section: {slug or code: item}}, with unordered lists sorted, for comparing documents."""
    result = {}
    for section in ALL_SECTIONS:
        key = "code" if section == "municipalities" else "slug"
        items = {}
        for item in data.get(section, []):
            item = copy.deepcopy(item)
            for name in ("themes", "speakers", "related_recordings", "related_notices"):
                if name in item:
                    item[name] = sorted(item[name])
            items[item[key]] = item
        result[section] = items
    return result


def item_in(data, section, slug):
    return next(item for item in data[section] if item.get("slug") == slug)


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


# ------------------------------------------------------------------ export and round trip


def test_export_gives_back_every_document_of_the_corpus(corpus):
    import_knowledge(corpus)
    exported = export_knowledge()
    assert list(exported) == list(ALL_SECTIONS)
    assert keyed(exported) == keyed(corpus)


def test_export_import_round_trip(tmp_path, corpus):
    import_knowledge(corpus)
    first = tmp_path / "first.json"
    call_command("export_knowledge", str(first), stderr=StringIO())
    raw = first.read_text(encoding="utf-8")
    assert "湧水と緑を活かしたガーデンシティ" in raw  # UTF-8, not \u escapes
    assert raw.startswith('{\n "themes": [\n  {\n   "slug"')  # indent=1

    # into an emptied database: the second export equals the first
    for page in KnowledgePage.objects.all():
        page.delete()
    for model in (Person, Municipality, Organisation, Theme):
        model.objects.all().delete()
    assert "30 created" in run_import(first)
    second = StringIO()
    call_command("export_knowledge", "-", stdout=second)
    assert second.getvalue() == raw
    # and into the database it came from: nothing changes
    assert "0 created, 0 updated, 30 unchanged" in run_import(first)


# ------------------------------------------------------------------ bad input


def mutate(path, value):
    """Set data[path...] = value (or delete it when value is DELETE)."""

    def apply(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data

    return apply


DELETE = object()


def extra_top_level_key(data):
    data["videos"] = []
    return data


def duplicate_case_study(data):
    data["case_studies"].append(copy.deepcopy(data["case_studies"][0]))
    return data


def notice_with_case_study_slug(data):
    data["program_notices"][4]["slug"] = "mishima-greenway"
    return data


BAD_DATA = [
    ("unknown top-level key", extra_top_level_key, ['Unknown top-level key "videos"']),
    ("top level not an object", lambda d: [d], ["The top level must be a JSON object"]),
    (
        "unknown municipality",
        mutate(["case_studies", 4, "municipality"], "999999"),
        ['case_studies[4] (slug "fukuchiyama-flood"), field "municipality": unknown municipality "999999"'],
    ),
    (
        "unknown person",
        mutate(["seminar_recordings", 2, "speakers"], ["nobody"]),
        ['seminar_recordings[2] (slug "toplive-01"), field "speakers": unknown person "nobody"'],
    ),
    (
        "unknown presenter",
        mutate(["case_studies", 1, "presenter"], "nobody"),
        ['case_studies[1] (slug "toyonaka-schools"), field "presenter": unknown person "nobody"'],
    ),
    (
        "unknown theme",
        mutate(["program_notices", 4, "themes"], ["culture", "sports"]),
        ['program_notices[4] (slug "bunka-festival"), field "themes": unknown theme "sports"'],
    ),
    (
        "unknown organisation",
        mutate(["program_notices", 1, "organization"], "meti"),
        ['program_notices[1] (slug "company-matching"), field "organization": unknown organisation "meti"'],
    ),
    (
        "unknown person's municipality",
        mutate(["people", 2, "municipality"], "000000"),
        ['people[2] (slug "hamada-takeshi"), field "municipality": unknown municipality "000000"'],
    ),
    ("missing slug", mutate(["themes", 1, "slug"], DELETE), ['themes[1], field "slug": is required']),
    (
        "missing Japanese title",
        mutate(["case_studies", 2, "title"], {"en": "History tourism"}),
        ['case_studies[2] (slug "takatsuki-haniwa"), field "title.ja": the Japanese text is required'],
    ),
    (
        "missing title",
        mutate(["program_notices", 0, "title"], DELETE),
        ['program_notices[0] (slug "osaka-expo-legacy"), field "title": is required'],
    ),
    (
        "missing case study date",
        mutate(["case_studies", 3, "date"], DELETE),
        ['case_studies[3] (slug "izumi-mokuzai"), field "date": is required'],
    ),
    (
        "missing recorded_on",
        mutate(["seminar_recordings", 0, "recorded_on"], DELETE),
        ['seminar_recordings[0] (slug "future-06"), field "recorded_on": is required'],
    ),
    (
        "missing series",
        mutate(["seminar_recordings", 1, "series"], DELETE),
        ['seminar_recordings[1] (slug "regional-02"), field "series": is required'],
    ),
    (
        "missing prefecture",
        mutate(["municipalities", 2, "prefecture"], DELETE),
        ['municipalities[2] (code "272078"), field "prefecture": is required'],
    ),
    (
        "unknown prefecture",
        mutate(["municipalities", 2, "prefecture"], {"ja": "大坂府", "en": "Osake"}),
        ['municipalities[2] (code "272078"), field "prefecture": no prefecture is named'],
    ),
    (
        "missing municipality code",
        mutate(["municipalities", 0, "code"], DELETE),
        ['municipalities[0], field "code": is required'],
    ),
    (
        "municipality code as a number",
        mutate(["municipalities", 0, "code"], 222062),
        ['municipalities[0], field "code": 222062 is not a six-digit local government code'],
    ),
    (
        "missing municipality name",
        mutate(["municipalities", 1, "name"], DELETE),
        ['municipalities[1] (code "272035"), field "name": is required'],
    ),
    (
        "impossible date",
        mutate(["case_studies", 0, "date"], "2025-02-30"),
        ['case_studies[0] (slug "mishima-greenway"), field "date": "2025-02-30" is not a real date'],
    ),
    (
        "date in another format",
        mutate(["program_notices", 3, "applications_close"], "28/02/2026"),
        [
            'program_notices[3] (slug "mlit-walkable"), field "applications_close": '
            '"28/02/2026" is not a date in the form YYYY-MM-DD'
        ],
    ),
    (
        "unknown audience",
        mutate(["case_studies", 5, "audience"], "staff"),
        ['case_studies[5] (slug "tokyo-antenna"), field "audience": "staff" is not one of public, members'],
    ),
    (
        "missing audience",
        mutate(["case_studies", 5, "audience"], DELETE),
        ['case_studies[5] (slug "tokyo-antenna"), field "audience": is required'],
    ),
    (
        "unknown kind",
        mutate(["program_notices", 2, "kind"], "party"),
        ['program_notices[2] (slug "general-meeting"), field "kind": "party" is not one of'],
    ),
    (
        "unknown series",
        mutate(["seminar_recordings", 2, "series"], "late-show"),
        ['seminar_recordings[2] (slug "toplive-01"), field "series": "late-show" is not one of'],
    ),
    ("unknown axis", mutate(["themes", 0, "axis"], "grow"), ['themes[0] (slug "tourism"), field "axis": "grow" is not one of']),
    (
        "unknown membership",
        mutate(["municipalities", 4, "membership"], "associate"),
        ['municipalities[4] (code "262013"), field "membership": "associate" is not one of full, participant'],
    ),
    (
        "episode as a word",
        mutate(["case_studies", 1, "episode"], "seven"),
        ['case_studies[1] (slug "toyonaka-schools"), field "episode": "seven" is not a whole number'],
    ),
    (
        "negative duration",
        mutate(["seminar_recordings", 0, "duration_seconds"], -5),
        ['seminar_recordings[0] (slug "future-06"), field "duration_seconds": -5 is out of range'],
    ),
    (
        "transcript start as text",
        mutate(["seminar_recordings", 1, "transcript", 1, "start"], "ten"),
        ['seminar_recordings[1] (slug "regional-02"), field "transcript[1].start": "ten" is not a whole number of seconds'],
    ),
    (
        "chapter without Japanese title",
        mutate(["seminar_recordings", 1, "chapters", 2, "title"], {"en": "Questions"}),
        ['seminar_recordings[1] (slug "regional-02"), field "chapters[2].title.ja": the Japanese text is required'],
    ),
    (
        "title as a plain string",
        mutate(["case_studies", 0, "title"], "湧水"),
        ['case_studies[0] (slug "mishima-greenway"), field "title": must be an object like {"ja": "...", "en": "..."}'],
    ),
    (
        "themes not a list",
        mutate(["case_studies", 0, "themes"], "tourism"),
        ['case_studies[0] (slug "mishima-greenway"), field "themes": must be a list of theme slugs'],
    ),
    (
        "misspelt field",
        mutate(["case_studies", 0, "presnter"], "toyooka-takeshi"),
        ['case_studies[0] (slug "mishima-greenway"), field "presnter": unknown field'],
    ),
    (
        "event ends before it starts",
        mutate(["program_notices", 4, "event_end"], "2026-06-30"),
        ['program_notices[4] (slug "bunka-festival"), field "event_end": 2026-06-30 is before event_start 2026-07-01'],
    ),
    (
        "duplicate slug in a section",
        duplicate_case_study,
        [
            'case_studies[6] (slug "mishima-greenway"), field "slug": '
            'duplicate page slug "mishima-greenway" (also at case_studies[0])'
        ],
    ),
    (
        "duplicate slug across page types",
        notice_with_case_study_slug,
        [
            'program_notices[4] (slug "mishima-greenway"), field "slug": '
            'duplicate page slug "mishima-greenway" (also at case_studies[0])'
        ],
    ),
    (
        "duplicate theme",
        mutate(["themes", 5, "slug"], "dx"),
        ['themes[5] (slug "dx"), field "slug": duplicate slug "dx" (also at themes[2])'],
    ),
    (
        "bad video URL",
        mutate(["seminar_recordings", 0, "video_url"], "javascript:alert(1)"),
        ['seminar_recordings[0] (slug "future-06"), field "video_url": "javascript:alert(1)" is not an http(s) URL'],
    ),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in BAD_DATA], ids=[case[0] for case in BAD_DATA])
def test_bad_data_is_refused_naming_item_and_field_and_nothing_is_written(tmp_path, corpus, change, expected):
    path = write_json(tmp_path, change(corpus))
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert message.startswith(f"{path}: Nothing was imported: ")
    for fragment in expected:
        assert fragment in message
    assert row_counts() == before


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'{"themes": [', "is not valid JSON: Expecting value at line 1, column 13."),
        (b"", "is not valid JSON"),
        ('{"themes": []}'.encode("utf-16"), "is not UTF-8 text"),
        (b'"just a string"', "The top level must be a JSON object"),
        (b'{"themes": {"slug": "dx"}}', '"themes" must be a list.'),
        (b'{"themes": ["dx"]}', "themes[0]: must be an object."),
    ],
)
def test_unreadable_files_are_refused(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert expected in str(error.value)
    assert row_counts() == before


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"File not found: .*nowhere\.json"):
        run_import(tmp_path / "nowhere.json")


def test_every_problem_is_listed_and_an_existing_database_is_left_as_it_was(tmp_path, corpus):
    import_knowledge(copy.deepcopy(corpus))
    exported, before = export_knowledge(), row_counts()
    # valid changes mixed with three problems: none of the changes may land
    item_in(corpus, "themes", "dx")["name"]["ja"] = "デジタル"
    item_in(corpus, "case_studies", "mishima-greenway")["title"]["ja"] = "新しい題名"
    corpus["case_studies"].append({"slug": "new-page", "date": "2025-01-01", "audience": "public", "title": {"ja": "新しい事例"}})
    item_in(corpus, "case_studies", "toyonaka-schools")["episode"] = "seven"
    item_in(corpus, "seminar_recordings", "future-06")["recorded_on"] = "2025-13-01"
    item_in(corpus, "program_notices", "general-meeting")["audience"] = "everyone"
    with pytest.raises(CommandError) as error:
        run_import(write_json(tmp_path, corpus))
    message = str(error.value)
    assert "3 problems found." in message
    assert 'case_studies[1] (slug "toyonaka-schools"), field "episode"' in message
    assert 'seminar_recordings[0] (slug "future-06"), field "recorded_on"' in message
    assert 'program_notices[2] (slug "general-meeting"), field "audience"' in message
    assert row_counts() == before
    assert export_knowledge() == exported


def test_a_failure_while_writing_rolls_everything_back(monkeypatch, corpus):
    before = row_counts()
    original = Writer.write_pages

    def fail_on_case_studies(self, section, model):
        if section == "case_studies":
            raise RuntimeError("disk full")
        return original(self, section, model)

    monkeypatch.setattr(Writer, "write_pages", fail_on_case_studies)
    with pytest.raises(RuntimeError):
        import_knowledge(corpus)
    assert row_counts() == before


def test_real_command_reports_bad_input_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"themes": [{"slug": "dx",}]}', encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_knowledge", str(bad)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"CommandError: {bad}: Nothing was imported: 1 problem found." in result.stderr
    assert "is not valid JSON" in result.stderr


def test_dry_run_validates_without_writing(tmp_path, corpus):
    before = row_counts()
    out = StringIO()
    call_command("import_knowledge", str(CORPUS), "--dry-run", stdout=out)
    assert "valid, nothing written" in out.getvalue()
    item_in(corpus, "case_studies", "mishima-greenway")["date"] = "2024-04-31"
    with pytest.raises(
        CommandError, match=r'case_studies\[0\] \(slug "mishima-greenway"\), field "date": "2024-04-31" is not a real date'
    ):
        call_command("import_knowledge", str(write_json(tmp_path, corpus)), "--dry-run", stdout=StringIO())
    assert row_counts() == before
