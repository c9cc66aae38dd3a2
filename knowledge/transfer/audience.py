"""Which pages are for members only, as the import file's "audience" says: a login view restriction on the page.

The import and export decide this here on their own; they are to use core's page visibility once it exists.
"""

from wagtail.models import PageViewRestriction


def members_only_ids(ids):
    """The ids among these pages that carry a login restriction of their own."""
    restricted = PageViewRestriction.objects.filter(page_id__in=ids, restriction_type=PageViewRestriction.LOGIN)
    return set(restricted.values_list("page_id", flat=True))


def members_only_checker():
    """A test of whether a page is for members only: it, or a page above it, carries a login restriction."""
    paths = list(
        PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.LOGIN).values_list("page__path", flat=True)
    )
    return lambda page: any(page.path.startswith(p) for p in paths)


def set_audience(page, members_only):
    """Add or remove the page's own login restriction."""
    restrictions = PageViewRestriction.objects.filter(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
    if members_only and not restrictions.exists():
        PageViewRestriction.objects.create(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
    elif not members_only and restrictions.exists():
        restrictions.delete()
