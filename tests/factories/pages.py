"""Pages of each kind under a parent, published, in Japanese and English (sample text).

Each factory takes the parent page, the titles, the snippets it links to (themes, speakers...) and any model field;
a page with themes, speakers, chapters or a transcript is published again once they are attached.
"""

import datetime

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.search import index

from home.models import StandardPage
from knowledge.models import CaseStudyPage, ProgramNoticePage, SeminarRecordingPage
from tests.factories.snippets import unique


def paragraphs(*texts):
    """A rich-text body of one paragraph block holding the texts, each in its own <p>."""
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in texts)))]


def _add(parent, page, themes=()):
    parent.add_child(instance=page)
    if themes:
        page.themes.set(themes)
        page.save_revision().publish()
    return page


def case_study(
    parent, title_ja="湧水と緑を活かしたガーデンシティ", title_en="A garden city built on spring water", themes=(), **fields
):
    fields.setdefault("date", datetime.date(2024, 4, 10))
    fields.setdefault("summary_ja", "街中の湧水と花で回遊性を高めた。")
    fields.setdefault("summary_en", "Springs and flowers that invite people to stroll the town." if title_en else "")
    page = CaseStudyPage(title=title_ja, title_ja=title_ja, title_en=title_en, slug=fields.pop("slug", unique("case")), **fields)
    return _add(parent, page, themes)


def recording(
    parent,
    title_ja="未来創造セミナー 第6回「生成AIと自治体業務」",
    title_en="Future Creation Seminar 6",
    themes=(),
    speakers=(),
    chapters=(),
    transcript=(),
    **fields,
):
    """A seminar recording; chapters and transcript are (start in seconds, Japanese, English) triples."""
    fields.setdefault("date", datetime.date(2025, 12, 3))
    fields.setdefault("series", "future-creation")
    fields.setdefault("session", 6)
    fields.setdefault("video_url", "https://www.youtube.com/watch?v=devset00006")
    page = SeminarRecordingPage(
        title=title_ja, title_ja=title_ja, title_en=title_en, slug=fields.pop("slug", unique("rec")), **fields
    )
    parent.add_child(instance=page)
    if themes:
        page.themes.set(themes)
    if speakers:
        page.speakers.set(speakers)
    for start, ja, en in transcript:
        page.transcript_segments.create(start=start, text_ja=ja, text_en=en, text=ja)
    for start, ja, en in chapters:
        page.chapters.create(start=start, title_ja=ja, title_en=en, title=ja)
    if themes or speakers or transcript or chapters:
        page.save_revision().publish()
    return page


def notice(
    parent, title_ja="ウォーカブルなまちづくり支援事業の活用説明会", title_en="Briefing on walkable towns", themes=(), **fields
):
    fields.setdefault("kind", "government-program")
    page = ProgramNoticePage(
        title=title_ja, title_ja=title_ja, title_en=title_en, slug=fields.pop("slug", unique("notice")), **fields
    )
    return _add(parent, page, themes)


def standard_page(parent, title_ja="日本首長連合について", title_en="About the alliance", **fields):
    fields.setdefault("intro_ja", "地域と人と時を 繋ぐ 紡ぐ")
    fields.setdefault("intro_en", "Connecting regions, people and time.")
    page = StandardPage(title=title_ja, title_ja=title_ja, title_en=title_en, slug=fields.pop("slug", unique("page")), **fields)
    return parent.add_child(instance=page)


def members_only(page):
    """Restrict the page to logged-in members (Wagtail's login view restriction)."""
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def reindex(*pages):
    """Index the pages' final state (themes, speakers and transcript rows are saved after the page row)."""
    for page in pages:
        index.insert_or_update_object(page.specific)
