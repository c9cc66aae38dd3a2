"""iCalendar: notice application deadlines and event dates, as a feed and one notice at a time."""

import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.languages import current_language
from core.visibility import visible_pages
from knowledge.models import ProgramNoticePage

CALENDAR_PAST_DAYS = 365  # the feed keeps a year of past dates
ONE_DAY = datetime.timedelta(days=1)


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//Mayoral Alliance for LOCAL JAPAN//knowledge site//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    return calendar


def notice_events(notice, request):
    """The deadline and the event of a notice, as all-day VEVENTs."""
    url = request.build_absolute_uri(notice.get_url(request))
    host = request.get_host().split(":")[0] or "localhost"
    stamp = notice.last_published_at or timezone.now()
    lang = current_language()
    description = "\n\n".join(part for part in (notice.summary, url) if part)
    events = []
    if notice.applications_close:
        event = Event()
        event.add("uid", f"notice-{notice.pk}-deadline-{lang}@{host}")
        event.add("summary", _("【締切】%(title)s") % {"title": notice.title})
        event.add("dtstart", notice.applications_close)
        event.add("dtend", notice.applications_close + ONE_DAY)
        events.append(event)
    if notice.event_start:
        event = Event()
        event.add("uid", f"notice-{notice.pk}-event-{lang}@{host}")
        event.add("summary", notice.title)
        event.add("dtstart", notice.event_start)
        event.add("dtend", (notice.event_end or notice.event_start) + ONE_DAY)
        if notice.location:
            event.add("location", notice.location)
        events.append(event)
    for event in events:
        event.add("dtstamp", stamp)
        event.add("url", url)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
    return events


def ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def notices_calendar(request):
    """Every public notice's deadline and event from a year ago onwards."""
    since = timezone.localdate() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    notices = (
        visible_pages(ProgramNoticePage.objects.all(), None)
        .exclude(applications_close__isnull=True, event_start__isnull=True)
        .filter(date__gte=since)
        .order_by("date", "pk")
    )
    calendar = new_calendar(_("日本首長連合 お知らせの締切と開催日"))
    for notice in notices:
        for event in notice_events(notice, request):
            calendar.add_component(event)
    return ics_response(calendar, f"notices-{current_language()}.ics")


notices_calendar.cache_anonymous = True


def notice_calendar(request, page_id):
    """One notice's dates; members-only notices only for signed-in members."""
    notice = visible_pages(ProgramNoticePage.objects.filter(pk=page_id), request.user).first()
    if notice is None:
        raise Http404(_("お知らせが見つかりません。"))
    events = notice_events(notice, request)
    if not events:
        raise Http404(_("このお知らせには締切日も開催日もありません。"))
    calendar = new_calendar(notice.title)
    for event in events:
        calendar.add_component(event)
    return ics_response(calendar, f"notice-{notice.pk}.ics")
