"""The index pages' filters offer only what finds something (#15: themes with 0 items were offered)."""

import pytest

from knowledge.models import CaseStudyIndexPage
from tests import factories
from tests.home.support import ja, soup

pytestmark = pytest.mark.django_db


def theme_options(client, index, **params):
    page = soup(client.get(ja(index), params))
    return [option["value"] for option in page.select("#filter-theme option")]


def test_the_theme_filter_offers_only_themes_of_pages_the_visitor_can_see(client, site_tree):
    _, indexes = site_tree
    cases = indexes[CaseStudyIndexPage]
    used = factories.theme(slug="tourism-and-exchange")
    unused = factories.theme(slug="disaster-prevention", axis="protect", name_ja="防災・減災", name_en="Disaster prevention")
    hidden = factories.theme(slug="members-theme", name_ja="会員向けテーマ", name_en="Members' theme")
    factories.case_study(cases, themes=[used])
    factories.members_only(factories.case_study(cases, slug="members-case", themes=[hidden]))

    assert theme_options(client, cases) == ["", "tourism-and-exchange"]
    assert unused.slug not in theme_options(client, cases)
    assert hidden.slug not in theme_options(client, cases)  # not even its name leaks to visitors
    # a chosen theme stays selectable even when nothing carries it any more
    assert theme_options(client, cases, theme="disaster-prevention") == ["", "tourism-and-exchange", "disaster-prevention"]
