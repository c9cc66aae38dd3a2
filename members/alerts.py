"""The daily digest: new pages matching each member's saved searches, and bookmarked notices closing soon.

Each (member, page, reason) is recorded in SentAlert in the same transaction as the email is sent,
so an item goes out once even if the command runs twice or a send fails (it is then retried next run).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.visibility import visible_pages
from knowledge.models import KnowledgePage, ProgramNoticePage
from search.params import SearchParams
from search.query import filtered_pages
from search.service import SearchUnavailable, matched_pages

from .models import Bookmark, MemberProfile, SavedSearch, SentAlert
from .views import unsubscribe_url

logger = logging.getLogger(__name__)

DEADLINE_WITHIN_DAYS = 7
# Pages are looked for a little before the last digest, in case one was being published while it ran;
# SentAlert keeps them from being sent twice.
OVERLAP = datetime.timedelta(hours=1)


def matching_pages(saved_search, user):
    """The pages `user` may see that the saved search finds today: the site's own search (search/service.py)."""
    data = {"q": saved_search.query, **saved_search.facets()}
    params = SearchParams.from_request(data, lang=saved_search.language)
    return matched_pages(params, user) if params.query else filtered_pages(params, user)


def matching_page_ids(saved_search, user, since):
    """Ids of pages first published after `since` that `user` may see and that match the saved search."""
    with translation.override(saved_search.language):
        pages = matching_pages(saved_search, user)
        return set(pages.filter(first_published_at__gt=since).values_list("pk", flat=True))


@dataclass
class Digest:
    profile: MemberProfile
    searches: list = field(default_factory=list)  # [(SavedSearch, [page, ...])]
    deadlines: list = field(default_factory=list)  # [notice, ...]

    def is_empty(self):
        return not (self.deadlines or any(pages for _search, pages in self.searches))

    def alerts(self):
        user = self.profile.user
        rows = [SentAlert(user=user, page_id=p.pk, kind=SentAlert.Kind.NEW_PAGE) for _s, pages in self.searches for p in pages]
        rows += [SentAlert(user=user, page_id=p.pk, kind=SentAlert.Kind.DEADLINE) for p in self.deadlines]
        return rows

    def count(self):
        return sum(len(pages) for _s, pages in self.searches) + len(self.deadlines)


def build_digest(profile, now):
    user = profile.user
    already = set(SentAlert.objects.filter(user=user).values_list("page_id", "kind"))
    digest = Digest(profile=profile)
    listed = set()
    for saved in SavedSearch.objects.filter(user=user).order_by("created_at", "pk"):
        since = saved.created_at
        if profile.last_digest_at:
            since = max(since, profile.last_digest_at - OVERLAP)
        ids = {
            pk
            for pk in matching_page_ids(saved, user, since)
            if (pk, SentAlert.Kind.NEW_PAGE) not in already and pk not in listed
        }
        if ids:
            pages = list(KnowledgePage.objects.filter(pk__in=ids).specific().order_by("-first_published_at", "-pk"))
            listed.update(ids)
            digest.searches.append((saved, pages))

    today = timezone.localdate(now)
    bookmarked = Bookmark.objects.filter(user=user).values("page_id")
    notices = visible_pages(
        ProgramNoticePage.objects.filter(
            pk__in=bookmarked,
            applications_close__gte=today,
            applications_close__lte=today + datetime.timedelta(days=DEADLINE_WITHIN_DAYS),
        ),
        user,
    ).order_by("applications_close", "pk")
    digest.deadlines = [n for n in notices if (n.pk, SentAlert.Kind.DEADLINE) not in already]
    return digest


def past_uses(page, user):
    """For a programme notice: the case studies that used it, as the member may see them (the digest names them)."""
    if not isinstance(page, ProgramNoticePage):
        return []
    return list(visible_pages(page.funded_case_studies.all(), user).order_by("-date", "pk")[:3])


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path.startswith("/") else path


def render_digest(digest, now):
    profile = digest.profile
    language = profile.language or settings.LANGUAGE_CODE
    with translation.override(language):
        today = timezone.localdate(now)
        context = {
            "user": profile.user,
            "language": language,
            "searches": [
                (saved, [(page, absolute(page.get_url() or ""), past_uses(page, profile.user)) for page in pages])
                for saved, pages in digest.searches
                if pages
            ],
            "deadlines": [(n, absolute(n.get_url() or ""), (n.applications_close - today).days) for n in digest.deadlines],
            "count": digest.count(),
            "mypage_url": absolute(reverse("members:mypage")),
            "unsubscribe_url": unsubscribe_url(profile.user, language),
        }
        subject = render_to_string("members/email/digest_subject.txt", context).strip()
        text = render_to_string("members/email/digest.txt", context)
        html = render_to_string("members/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[profile.user.email],
        headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def recipients():
    return (
        MemberProfile.objects.filter(unsubscribed=False, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )


def send_alerts(now=None, dry_run=False):
    """Send every digest due; returns (emails sent, items sent)."""
    now = now or timezone.now()
    emails = items = 0
    for profile in recipients():
        try:
            digest = build_digest(profile, now)
        except SearchUnavailable as error:  # every later digest would fail the same way: all wait for the next run
            logger.warning("digests not sent: search is unavailable (%s); they will be sent on the next run", error)
            break
        if digest.is_empty():
            if not dry_run:
                MemberProfile.objects.filter(pk=profile.pk).update(last_digest_at=now)
            continue
        if dry_run:
            emails, items = emails + 1, items + digest.count()
            continue
        try:
            with transaction.atomic():
                SentAlert.objects.bulk_create(digest.alerts())  # fails if another run already sent one of them
                render_digest(digest, now).send()
                MemberProfile.objects.filter(pk=profile.pk).update(last_digest_at=now)
        except IntegrityError:
            logger.warning("digest for user %s skipped: sent by a concurrent run", profile.user_id)
            continue
        except Exception:
            logger.exception("digest for user %s not sent; it will be retried on the next run", profile.user_id)
            continue
        emails, items = emails + 1, items + digest.count()
    return emails, items
