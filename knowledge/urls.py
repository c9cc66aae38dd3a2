"""The directory and entity pages, inside i18n_patterns (/ja/municipalities/, /en/people/<slug>/)."""

from django.urls import path

from knowledge.directory import directory_page, municipality_page, person_page

urlpatterns = [
    path("municipalities/", directory_page, name="municipality_directory"),
    path("municipalities/<str:code>/", municipality_page, name="municipality"),
    path("people/<slug:slug>/", person_page, name="person"),
]
