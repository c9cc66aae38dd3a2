"""Knowledge views outside the page tree, under the language prefix (/ja/outcomes/, /en/outcomes/)."""

from django.urls import path

from .outcomes_index import outcomes_index

urlpatterns = [path("outcomes/", outcomes_index, name="outcomes_index")]
