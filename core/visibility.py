"""Who may see which page: the one place for the members-only rule.

A page is members only when a view restriction covers it or an ancestor. Anonymous visitors see live pages
with no restriction; signed-in people see every live page. Search, listings, templates, feeds, the API,
the sitemap and the export all ask here.
"""

from django.db.models import Q
from django.db.models.functions import Substr
from wagtail.models import Page, PageViewRestriction

from core.memo import remembered


def view_restrictions(page):
    """The view restrictions on a page and its ancestors, read once per request."""
    return remembered(("view-restrictions", page.pk), lambda: list(page.get_view_restrictions()))


def is_members_only(page):
    """True when a login restriction covers the page (on it or an ancestor)."""
    return any(r.restriction_type == r.LOGIN for r in view_restrictions(page))


def members_only_checker():
    """is_members_only for many pages: a function of a page that reads the restricted paths once."""
    paths = tuple(
        PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.LOGIN).values_list("page__path", flat=True)
    )
    return lambda page: any(page.path.startswith(path) for path in paths)


def members_only_ids(ids):
    """The ids among these pages that carry a login restriction of their own (not an ancestor's)."""
    restricted = PageViewRestriction.objects.filter(page_id__in=ids, restriction_type=PageViewRestriction.LOGIN)
    return set(restricted.values_list("page_id", flat=True))


def set_members_only(page, members_only):
    """Add or remove the page's own login restriction."""
    restrictions = PageViewRestriction.objects.filter(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
    if members_only and not restrictions.exists():
        PageViewRestriction.objects.create(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
    elif not members_only and restrictions.exists():
        restrictions.delete()


def may_see(user, page):
    """Whether the user may see this page: live, and unrestricted unless the user is signed in."""
    return page.live and (bool(user and user.is_authenticated) or not view_restrictions(page))


def visible_related(queryset, user):
    """The live pages of a relation (e.g. `page.funding_programmes`) the user may see, newest first: read once per
    request however many parts of the page list them (its template, its JSON-LD, its related pages)."""
    rows = queryset.all()
    audience = "members" if user and user.is_authenticated else "public"
    query = getattr(rows, "query", None)  # an unsaved relation (a preview) has none: not remembered
    key = ("visible-related", rows.model._meta.label, str(query) if query is not None else id(rows), audience)
    return remembered(key, lambda: list(visible_pages(rows, user).order_by("-date", "-pk")))


def visible_pages(queryset, user):
    """Live pages the user may see: members-only pages only for signed-in people."""
    queryset = queryset.live()
    if not (user and user.is_authenticated):
        queryset = public_pages(queryset)
    return queryset


def public_pages(queryset):
    """queryset.public() (no view restriction on the page or an ancestor), at a cost that does not grow
    with the number of restrictions: Wagtail's builds one `path LIKE` condition per restricted page.

    A page is hidden when its own path or an ancestor's (its first 4, 8, 12... characters) is the path of
    a restricted page: one set lookup per depth that has restrictions.
    """
    depths = remembered(
        "restricted-depths", lambda: sorted(set(PageViewRestriction.objects.values_list("page__depth", flat=True)))
    )
    hidden = Q()
    aliases = {}
    for depth in depths:
        alias = f"_ancestor_path_{depth}"
        aliases[alias] = Substr("path", 1, Page.steplen * depth)
        restricted = Page.objects.filter(depth=depth, pk__in=PageViewRestriction.objects.values("page_id")).values("path")
        hidden |= Q(**{f"{alias}__in": restricted})
    return queryset.alias(**aliases).exclude(hidden) if depths else queryset
