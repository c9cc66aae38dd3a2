"""Snippet listings in the admin: a search sorted by any column answers the matching rows in that order."""

import pytest
from wagtail.snippets.models import get_snippet_models

from tests import factories
from tests.home.support import soup

pytestmark = pytest.mark.django_db


def sortable_columns(response):
    return {a["href"].split("ordering=")[1].split("&")[0] for a in soup(response).select("th a[href*='ordering=']")}


def test_every_snippet_listing_searched_and_sorted_by_each_column_answers(client, site_tree, admin_user):
    factories.municipality(code="271004", name_ja="大阪市", name_en="Osaka City", prefecture_code=27)
    factories.municipality(code="272272", name_ja="東大阪市", name_en="Higashiosaka City", prefecture_code=27)
    factories.person(name_ja="大阪太郎", name_en="Taro Osaka")
    factories.theme(slug="osaka", name_ja="大阪の観光", name_en="Tourism in Osaka")
    factories.organisation()
    client.force_login(admin_user)
    checked = set()
    for model in get_snippet_models():
        url = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
        columns = sortable_columns(client.get(url))
        for column in sorted(columns):
            response = client.get(url, {"q": "大阪", "ordering": column})
            assert response.status_code == 200, (url, column)
            checked.add(model._meta.model_name)
    assert {"municipality", "person", "theme", "organisation", "prefecture"} <= checked


def test_a_search_sorted_by_a_column_lists_the_matches_in_that_order(client, site_tree, admin_user):
    factories.municipality(code="342084", name_ja="府中市", name_en="Fuchu City", prefecture_code=34)
    factories.municipality(code="132063", name_ja="府中市", name_en="Fuchu City", prefecture_code=13)
    factories.municipality(code="222062", name_ja="三島市", name_en="Mishima City", prefecture_code=22)
    client.force_login(admin_user)
    url = "/admin/snippets/knowledge/municipality/"
    for ordering, expected in (("code", ["132063", "342084"]), ("-code", ["342084", "132063"])):
        rows = soup(client.get(url, {"q": "府中", "ordering": ordering})).select("tbody tr")
        codes = [code for row in rows for code in ("132063", "342084", "222062") if code in row.get_text()]
        assert codes == expected, (ordering, codes)
