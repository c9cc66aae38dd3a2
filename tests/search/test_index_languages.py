"""The index holds both languages whatever language was active when a page was saved."""

import pytest
from django.utils import translation

from knowledge.models import CaseStudyIndexPage, CaseStudyPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("saving_language", ["ja", "en"])
def test_both_titles_are_in_the_title_column_whoever_saved_the_page(site_tree, saving_language):
    _, indexes = site_tree
    with translation.override(saving_language):
        page = factories.case_study(
            indexes[CaseStudyIndexPage],
            title_ja="湧水と緑を活かしたガーデンシティ",
            title_en="A garden city built on spring water",
        )
        page.save_revision().publish()

    for language in ("ja", "en"):
        with translation.override(language):
            for word in ("湧水", "garden"):
                found = CaseStudyPage.objects.live().search(word, fields=["title"])
                assert page in list(found), (word, language)
            assert page in list(CaseStudyPage.objects.live().autocomplete("ガーデン"))
            assert page in list(CaseStudyPage.objects.live().autocomplete("gard"))
