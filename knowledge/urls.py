"""Knowledge views outside the page tree, inside i18n_patterns: the outcomes index, the municipality directory
and the entity pages (/ja/outcomes/, /ja/municipalities/, /en/people/<slug>/)."""

from django.urls import path

from knowledge.directory import directory_page, municipality_page, person_page
from knowledge.outcomes_index import outcomes_index

urlpatterns = [
    path("outcomes/", outcomes_index, name="outcomes_index"),
    path("municipalities/", directory_page, name="municipality_directory"),
    path("municipalities/<str:code>/", municipality_page, name="municipality"),
    path("people/<slug:slug>/", person_page, name="person"),
]
