"""The editors' search synonyms in the admin (a snippet)."""

from wagtail.snippets.models import register_snippet

from core.admin_listings import SnippetListingViewSet
from search.models import SearchSynonym


class SearchSynonymViewSet(SnippetListingViewSet):
    model = SearchSynonym
    icon = "search"
    list_display = ["__str__"]
    search_fields = ["terms_ja", "terms_en"]
    add_to_admin_menu = False


register_snippet(SearchSynonymViewSet)
