"""The editors' search synonyms in the admin (a snippet)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    list_display = ["__str__"]
    search_fields = ["terms_ja", "terms_en"]
    add_to_admin_menu = False


register_snippet(SearchSynonymViewSet)
