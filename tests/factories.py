"""Small factories for the test suite: real objects in the real database, no mocks."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, PageViewRestriction

from knowledge.models import (
    CaseStudyPage,
    Municipality,
    Organisation,
    Person,
    Prefecture,
    ProgramNoticePage,
    SeminarRecordingPage,
    Theme,
)
from knowledge.site_tree import ensure_site_tree

_counter = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def ensure_reference_data():
    """The rows migrations create, in case the database was flushed without being restored."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection

    from knowledge.models import Prefecture
    from knowledge.prefectures import PREFECTURES

    ContentType.objects.clear_cache()
    for code, name_ja, name_en, region in PREFECTURES:
        names = {"name": name_ja, "name_ja": name_ja, "name_en": name_en}
        Prefecture.objects.get_or_create(code=code, defaults={**names, "region": region})
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def build_site():
    """(home page, {IndexModel: index page}) of the default site, as the importer and demo content build it.

    Also after a transactional test has flushed the rows that migrations create (locale, tree root).
    """
    ContentType.objects.clear_cache()  # a flush recreates content types under new ids
    locale = Locale.objects.first() or Locale.objects.create(language_code="ja")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return ensure_site_tree()


def municipality(code=None, name_ja="三島市", name_en="Mishima City", prefecture_code=22, membership="full"):
    code = code or f"{next(_counter):06d}"
    return Municipality.objects.create(
        code=code,
        name=name_ja,
        name_ja=name_ja,
        name_en=name_en,
        prefecture=Prefecture.objects.get(code=prefecture_code),
        membership=membership,
    )


def person(name_ja="豊岡武士", name_en="Takeshi Toyooka", role_ja="三島市長", role_en="Mayor of Mishima", municipality=None):
    return Person.objects.create(
        slug=unique("person"),
        name=name_ja,
        name_ja=name_ja,
        name_en=name_en,
        role_ja=role_ja,
        role_en=role_en,
        municipality=municipality,
    )


def theme(slug=None, axis="connect", name_ja="観光・交流", name_en="Tourism and exchange"):
    return Theme.objects.create(slug=slug or unique("theme"), axis=axis, name=name_ja, name_ja=name_ja, name_en=name_en)


def organisation(
    name_ja="国土交通省", name_en="Ministry of Land, Infrastructure, Transport and Tourism", short_ja="国交省", short_en="MLIT"
):
    return Organisation.objects.create(
        slug=unique("org"), name=name_ja, name_ja=name_ja, name_en=name_en, short_name_ja=short_ja, short_name_en=short_en
    )


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
    parent, title_ja="未来創造セミナー 第6回「生成AIと自治体業務」", title_en="Future Creation Seminar 6", themes=(), **fields
):
    fields.setdefault("date", datetime.date(2025, 12, 3))
    fields.setdefault("series", "future-creation")
    fields.setdefault("session", 6)
    fields.setdefault("video_url", "https://www.youtube.com/watch?v=devset00006")
    page = SeminarRecordingPage(
        title=title_ja, title_ja=title_ja, title_en=title_en, slug=fields.pop("slug", unique("rec")), **fields
    )
    return _add(parent, page, themes)


def notice(
    parent, title_ja="ウォーカブルなまちづくり支援事業の活用説明会", title_en="Briefing on walkable towns", themes=(), **fields
):
    fields.setdefault("kind", "government-program")
    page = ProgramNoticePage(
        title=title_ja, title_ja=title_ja, title_en=title_en, slug=fields.pop("slug", unique("notice")), **fields
    )
    return _add(parent, page, themes)


def members_only(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def member_user(username=None, password="pass-for-tests-1"):
    user = get_user_model().objects.create_user(username=username or unique("member"), password=password, email="m@example.jp")
    return user
