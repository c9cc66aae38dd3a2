from django import template
from django.utils.translation import gettext as _

from core.languages import current_language
from knowledge.models import Axis, Prefecture, Theme

from ..forms import PAGE_TYPES
from ..models import Bookmark

register = template.Library()


@register.simple_tag(takes_context=True)
def is_bookmarked(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and page is not None and page.pk):
        return False
    cache = getattr(request, "_bookmarked_ids", None)
    if cache is None:
        cache = request._bookmarked_ids = set(Bookmark.objects.filter(user=user).values_list("page_id", flat=True))
    return page.pk in cache


@register.simple_tag
def saved_search_label(saved):
    """What the saved search looks for, in the active language: 「query」 · type · theme · prefecture · year."""
    parts = [f"「{saved.query}」"] if saved.query else []
    if saved.type in PAGE_TYPES:
        parts.append(str(PAGE_TYPES[saved.type]._meta.verbose_name))
    if saved.theme:
        theme = Theme.objects.filter(slug=saved.theme).first()
        parts.append(theme.name if theme else saved.theme)
    if saved.axis in Axis.values:
        parts.append(str(Axis(saved.axis).label))
    if saved.prefecture.isdigit():
        prefecture = Prefecture.objects.filter(code=int(saved.prefecture)).first()
        parts.append(prefecture.name if prefecture else saved.prefecture)
    if saved.year:
        parts.append(_("%(year)s年") % {"year": saved.year})
    return " · ".join(parts) or _("すべてのページ")


@register.filter
def member_name(user):
    """Family name first in Japanese, given name first in English; the username when no name is set."""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if not (first or last):
        return user.get_username()
    language = current_language()
    return " ".join(part for part in ((last, first) if language == "ja" else (first, last)) if part)
