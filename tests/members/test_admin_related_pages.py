"""Pinned and excluded related pages in the page editor: ordered rows chosen in the page chooser, not a list of
every knowledge page in the form; the editor's order kept; choices that make no sense refused in Japanese."""

import pytest
from bs4 import BeautifulSoup

from knowledge.models import CaseStudyIndexPage, CaseStudyPage, SeminarRecordingIndexPage
from tests import factories
from tests.members.conftest import page_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]


@pytest.fixture
def many(site_tree):
    """A case study and 30 other knowledge pages it could pin."""
    _, indexes = site_tree
    cases = indexes[CaseStudyIndexPage]
    case = factories.case_study(cases, "柿田川の湧水を守る", "Protecting the springs", slug="kakitagawa")
    others = [factories.case_study(cases, f"選べる事例その{n}", f"Choosable case {n}") for n in range(29)]
    others.append(factories.recording(indexes[SeminarRecordingIndexPage], "選べるセミナー", "A choosable seminar"))
    return case, others


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def with_rows(data, rows):
    """The edit form's data with these inline rows: {prefix: [(page, ORDER), ...]} replacing what was there."""
    for prefix, chosen in rows.items():
        for key in [key for key in data if key.startswith(f"{prefix}-")]:
            del data[key]
        data |= {f"{prefix}-TOTAL_FORMS": str(len(chosen)), f"{prefix}-INITIAL_FORMS": "0"}
        data |= {f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
        for n, (page, order) in enumerate(chosen):
            data |= {f"{prefix}-{n}-target": str(page.pk), f"{prefix}-{n}-ORDER": str(order), f"{prefix}-{n}-id": ""}
    return data


def chosen_titles(soup, prefix):
    """The titles the page chooser rows show, in the order of the rows."""
    rows = soup.select(f"#id_{prefix}-FORMS > [data-inline-panel-child]")
    titles = []
    for row in rows:
        titles.append(row.select_one("[data-chooser-title]").get_text(strip=True))
    return titles


def test_the_editor_lists_no_pages_to_pick_from(client, many, administrator):
    case, others = many
    client.force_login(administrator)
    html = client.get(edit_url(case)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    options = {option.get_text(strip=True) for option in soup.select("select option")}
    assert not options & {page.title for page in others}
    assert not soup.select("select[name*=related]")
    assert soup.select_one("input[name='pinned_related_pages-TOTAL_FORMS']") is not None
    assert soup.select_one("input[name='excluded_related_pages-TOTAL_FORMS']") is not None
    assert "必ず表示する関連ページ" in html and "表示しない関連ページ" in html


def test_pinned_and_excluded_rows_are_saved_in_the_editors_order(client, many, administrator):
    case, others = many
    first, second, third, excluded = others[5], others[29], others[0], others[12]
    client.force_login(administrator)
    data = page_form_data(client.get(edit_url(case)))
    # the rows as the editor left them: added third, first, second, then moved (the ORDER field) into place
    pinned = [(third, 3), (first, 1), (second, 2)]
    data = with_rows(data, {"pinned_related_pages": pinned, "excluded_related_pages": [(excluded, 1)]})
    response = client.post(edit_url(case), data | {"action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:3000]

    case = CaseStudyPage.objects.get(pk=case.pk)
    assert [row.target_id for row in case.pinned_related_pages.all()] == [first.pk, second.pk, third.pk]
    assert [row.target_id for row in case.excluded_related_pages.all()] == [excluded.pk]
    soup = BeautifulSoup(client.get(edit_url(case)).content, "html.parser")
    assert chosen_titles(soup, "pinned_related_pages") == [first.title, second.title, third.title]
    assert chosen_titles(soup, "excluded_related_pages") == [excluded.title]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"pinned_related_pages": "self"}, "このページ自身は選べません。"),
        ({"excluded_related_pages": "self"}, "このページ自身は選べません。"),
        ({"pinned_related_pages": "twice"}, "同じページを2回選んでいます。"),
        ({"excluded_related_pages": "twice"}, "同じページを2回選んでいます。"),
        ({"pinned_related_pages": "one", "excluded_related_pages": "one"}, "どちらか一方にしてください。"),
    ],
)
def test_choices_that_make_no_sense_are_refused_with_a_japanese_message(client, many, administrator, rows, message):
    case, others = many
    chosen = {"self": [(case, 1)], "twice": [(others[3], 1), (others[3], 2)], "one": [(others[4], 1)]}
    client.force_login(administrator)
    data = with_rows(page_form_data(client.get(edit_url(case))), {prefix: chosen[kind] for prefix, kind in rows.items()})
    response = client.post(edit_url(case), data | {"action-publish": "action-publish"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [error.get_text(" ", strip=True) for error in soup.select("[data-inline-panel-child] [data-field-errors]")]
    assert any(message in error for error in errors), errors
    case = CaseStudyPage.objects.get(pk=case.pk)
    assert not case.pinned_related_pages.exists() and not case.excluded_related_pages.exists()
