"""Snippet listings in the admin: a search can be sorted by any column the listing offers."""

from wagtail.snippets.views.snippets import IndexView, SnippetViewSet


class SortableSearchIndexView(IndexView):
    """Wagtail sorts search results through the search backend, which refuses any column that is not an
    `index.FilterField` (a 500). Here the backend only finds the rows; the database sorts them."""

    def search_queryset(self, queryset):
        if not (self.is_searching and self.is_explicitly_ordered):
            return super().search_queryset(queryset)
        found = super().search_queryset(queryset.order_by())
        return queryset.filter(pk__in=[row.pk for row in found])


class SnippetListingViewSet(SnippetViewSet):
    """The base of the site's snippet view sets."""

    index_view_class = SortableSearchIndexView
