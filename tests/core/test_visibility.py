"""core.visibility: the one members-only rule, for querysets, single pages and many pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from core import visibility
from knowledge.models import CaseStudyIndexPage, SeminarRecordingIndexPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree):
    _home, indexes = site_tree
    cases, seminars = indexes[CaseStudyIndexPage], indexes[SeminarRecordingIndexPage]
    public = factories.case_study(cases, slug="open")
    secret = factories.members_only(factories.case_study(cases, slug="closed"))
    recording = factories.recording(seminars, slug="under-restricted-index")
    factories.members_only(seminars)
    draft = factories.case_study(cases, slug="draft")
    draft.unpublish()
    return {"public": public, "secret": secret, "under_index": recording, "draft": draft}


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_anonymous_visitors_see_live_unrestricted_pages_only(pages):
    visible = slugs(visibility.visible_pages(Page.objects.all(), AnonymousUser()))
    assert "open" in visible
    assert not visible & {"closed", "under-restricted-index", "seminars", "draft"}
    assert slugs(visibility.visible_pages(Page.objects.all(), None)) == visible


def test_signed_in_people_see_every_live_page(pages):
    visible = slugs(visibility.visible_pages(Page.objects.all(), factories.member_user()))
    assert {"open", "closed", "under-restricted-index"} <= visible and "draft" not in visible


def test_public_pages_match_wagtails_public(pages):
    assert slugs(visibility.public_pages(Page.objects.all())) == slugs(Page.objects.public())


def test_members_only_covers_the_page_and_its_descendants(pages):
    assert not visibility.is_members_only(pages["public"])
    assert visibility.is_members_only(pages["secret"])
    assert visibility.is_members_only(pages["under_index"])
    assert [r.page_id for r in visibility.view_restrictions(pages["secret"])] == [pages["secret"].pk]


def test_the_checker_for_many_pages_agrees_with_the_single_page_rule(pages):
    checker = visibility.members_only_checker()
    for page in Page.objects.all():
        assert checker(page) == visibility.is_members_only(page), page.slug


def test_may_see(pages):
    member = factories.member_user()
    assert visibility.may_see(None, pages["public"])
    assert not visibility.may_see(AnonymousUser(), pages["secret"])
    assert visibility.may_see(member, pages["secret"])
    assert not visibility.may_see(member, Page.objects.get(pk=pages["draft"].pk))


def test_knowledge_pages_ask_core(pages):
    assert pages["secret"].is_members_only and not pages["public"].is_members_only
