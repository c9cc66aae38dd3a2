"""Search-engine and sharing metadata: OpenGraph/social cards, JSON-LD, feed and calendar links."""

import json

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.languages import DEFAULT_LANGUAGE, current_language, page_languages
from core.visibility import visible_related
from home.templatetags.site_tags import breadcrumb_ancestors
from knowledge.models import CaseStudyPage, KnowledgePage, ProgramNoticePage, SeminarRecordingPage
from knowledge.recordings.transcript import clock, parse_span, transcript_lines
from knowledge.video import real_youtube_id, youtube_id

register = template.Library()

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
DESCRIPTION_LENGTH = 160
TRANSCRIPT_LIMIT = 20_000
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _request(context):
    return context.get("request")


def _page(context):
    page = context.get("page")
    return getattr(page, "specific", page) if page is not None and hasattr(page, "url_path") else None


def plain(text, limit=DESCRIPTION_LENGTH):
    from django.utils.html import strip_tags
    from django.utils.text import Truncator

    return Truncator(" ".join(strip_tags(str(text or "")).split())).chars(limit)


def description_of(page):
    if page is None:
        return _("日本首長連合の先進事例、セミナー録画、国の事業やイベントのお知らせをまとめたナレッジサイトです。")
    for candidate in (getattr(page, "search_description", ""), getattr(page, "summary", ""), getattr(page, "intro", "")):
        text = plain(candidate)
        if text:
            return text
    return plain(page.title)


def image_of(page, request):
    """A picture for the social card: the video's thumbnail, or the first image in the body."""
    if page is None:
        return ""
    video = real_youtube_id(getattr(page, "video_url", ""))
    if video:
        return f"https://i.ytimg.com/vi/{video}/hqdefault.jpg"
    for block in getattr(page, "body", None) or []:
        if block.block_type == "image" and block.value.get("image"):
            rendition = block.value["image"].get_rendition("fill-1200x630")
            return request.build_absolute_uri(rendition.url) if request else rendition.url
    return ""


@register.inclusion_tag("syndication/_social_meta.html", takes_context=True)
def seo_meta(context):
    request = _request(context)
    page = _page(context)
    lang = current_language()
    url = request.build_absolute_uri(request.path) if request else ""
    title = (getattr(page, "seo_title", "") or page.title) if page else _("日本首長連合 ナレッジサイト")
    languages = page_languages(page) if page is not None else [DEFAULT_LANGUAGE, "en"]
    members_only = bool(page is not None and isinstance(page, KnowledgePage) and page.is_members_only)
    # An English address that only repeats the Japanese text is kept out of search engines.
    untranslated = page is not None and lang != DEFAULT_LANGUAGE and lang not in languages
    image = image_of(page, request)
    description = description_of(page)
    clip = clip_of(page, request)
    if clip:  # a shared part of a recording previews its own words
        title, description, url = f"{title} ({clip['label']})", plain(clip["quote"]) or description, clip["url"]
    return {
        "title": title,
        "description": description,
        "url": url,
        "og_type": "article" if isinstance(page, KnowledgePage) else "website",
        "locale": OG_LOCALES.get(lang, lang),
        "alternate_locales": [OG_LOCALES[code] for code in languages if code != lang and code in OG_LOCALES],
        "site_name": _("日本首長連合 ナレッジサイト"),
        "image": image,
        "card": "summary_large_image" if image else "summary",
        "noindex": members_only or untranslated,
        "feeds": feed_links(lang),
    }


def feed_links(lang):
    return [
        (_("先進事例の新着"), reverse("syndication:feeds:case-studies_atom")),
        (_("セミナー録画の新着"), reverse("syndication:feeds:recordings_atom")),
        (_("お知らせの新着・更新"), reverse("syndication:feeds:notices_atom")),
    ]


def clip_of(page, request):
    """The part of a recording a link asks for (?t=120-185): its span, label, address and words; else None."""
    if not isinstance(page, SeminarRecordingPage) or request is None:
        return None
    span = parse_span(request.GET.get("t"))
    if span is None or not span.is_clip:
        return None
    lines = transcript_lines(page, current_language(), span)
    return {
        "start": span.start,
        "end": span.end,
        "label": f"{clock(span.start)}-{clock(span.end)}",
        "quote": " ".join(line.text for line in lines),
        "url": request.build_absolute_uri(f"{request.path}?t={span}"),
    }


# ---------------------------------------------------------------- JSON-LD


def absolute_url(page, request):
    """The page's address on the host the visitor used (as the canonical link does)."""
    url = page.get_url(request)
    return request.build_absolute_uri(url) if request and url else page.get_full_url(request)


def organisation_data(request):
    home = f"/{current_language()}/"
    return {
        "@type": "Organization",
        "@id": (request.build_absolute_uri("/") if request else "/") + "#organization",
        "name": _("日本首長連合"),
        "alternateName": ["地方創生を通じて、日本の未来社会を創造する首長連合", "Mayoral Alliance for LOCAL JAPAN"],
        "url": request.build_absolute_uri(home) if request else home,
        "foundingDate": "2015",
    }


def breadcrumb_data(page, request):
    crumbs = [*breadcrumb_ancestors(page), page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": crumb.title, "item": absolute_url(crumb, request)}
            for n, crumb in enumerate(crumbs, start=1)
        ],
    }


def iso_duration(seconds):
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def place_of(page):
    if page.municipality:
        return {
            "@type": "Place",
            "name": page.municipality.name,
            "address": {
                "@type": "PostalAddress",
                "addressRegion": page.municipality.prefecture.name,
                "addressLocality": page.municipality.name,
                "addressCountry": "JP",
            },
        }
    return None


def common_page_data(page, request):
    data = {
        "url": absolute_url(page, request),
        "inLanguage": current_language() if current_language() in page_languages(page) else DEFAULT_LANGUAGE,
        "description": description_of(page),
        "publisher": {"@id": organisation_data(request)["@id"]},
    }
    themes = [theme.name for theme in page.themes.all()]
    if themes:
        data["keywords"] = themes
    return data


def observation(outcome, value, year):
    data = {
        "@type": "Observation",
        "variableMeasured": {"@type": "PropertyValue", "name": outcome.indicator, "unitText": outcome.unit or None},
        "measuredValue": float(value),
    }
    if year:
        data["observationDate"] = str(year)
    return {key: item for key, item in data.items() if item is not None}


def outcomes_data(page):
    """Each outcome's baseline and result as schema.org Observations."""
    observations = []
    for outcome in page.outcomes.all():
        if outcome.baseline_value is not None:
            observations.append(observation(outcome, outcome.baseline_value, outcome.baseline_year))
        observations.append(observation(outcome, outcome.result_value, outcome.result_year))
    return observations


def funding_data(page, request):
    user = getattr(request, "user", None)
    return [
        {"@type": "Grant", "name": notice.title, "url": absolute_url(notice, request)}
        for notice in visible_related(page.funding_programmes, user)
    ]


def case_study_data(page, request):
    data = {
        "@type": "Article",
        "headline": page.title[:110],
        "datePublished": page.date.isoformat(),
        "mainEntityOfPage": absolute_url(page, request),
        **common_page_data(page, request),
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.presenter:
        data["author"] = {"@type": "Person", "name": page.presenter.name, "jobTitle": page.presenter.role}
    else:
        data["author"] = {"@id": organisation_data(request)["@id"]}
    place = place_of(page)
    if place:
        data["contentLocation"] = place
    image = image_of(page, request)
    if image:
        data["image"] = image
    observations = outcomes_data(page)
    if observations:
        data["mentions"] = observations
    funding = funding_data(page, request)
    if funding:
        data["funding"] = funding
    return data


def recording_data(page, request):
    url = absolute_url(page, request)
    data = {
        "@type": "VideoObject",
        "name": page.title,
        "uploadDate": page.date.isoformat(),
        **common_page_data(page, request),
    }
    thumbnail = image_of(page, request)
    if thumbnail:
        data["thumbnailUrl"] = thumbnail
    if page.media_id:
        media_url = reverse("recording_media", args=[page.pk])
        data["contentUrl"] = request.build_absolute_uri(media_url) if request else media_url
        data["encodingFormat"] = page.media.mime_type
    elif page.video_url and (real_youtube_id(page.video_url) or not youtube_id(page.video_url)):  # no placeholder
        data["contentUrl"] = page.video_url
        if page.embed_url and page.embed_url != page.video_url:
            data["embedUrl"] = page.embed_url
    if page.duration_seconds:
        data["duration"] = iso_duration(page.duration_seconds)
    chapters = list(page.chapters.all())
    if chapters:
        clips = []
        for n, chapter in enumerate(chapters):
            end = chapters[n + 1].start if n + 1 < len(chapters) else page.duration_seconds
            clip = {"@type": "Clip", "name": chapter.title, "startOffset": chapter.start, "url": f"{url}?t={chapter.start}"}
            if end and end > chapter.start:
                clip["endOffset"] = end
            clips.append(clip)
        data["hasPart"] = clips
    extra = [
        {"@type": "Clip", "name": clip.title, "startOffset": clip.start, "endOffset": clip.end, "url": f"{url}?t={clip.span}"}
        for clip in page.clips.all()
    ]
    asked = clip_of(page, request)
    if asked:
        extra.append(
            {
                "@type": "Clip",
                "name": f"{page.title} ({asked['label']})",
                "startOffset": asked["start"],
                "endOffset": asked["end"],
                "url": asked["url"],
                **({"description": plain(asked["quote"], 300)} if asked["quote"] else {}),
            }
        )
    if extra:
        data["hasPart"] = [*data.get("hasPart", []), *extra]
    data["potentialAction"] = {
        "@type": "SeekToAction",
        "target": f"{url}?t={{seek_to_second_number}}",
        "startOffset-input": "required name=seek_to_second_number",
    }
    transcript = " ".join(line.text for line in transcript_lines(page, current_language()))
    if transcript:
        data["transcript"] = transcript[:TRANSCRIPT_LIMIT]
    speakers = [{"@type": "Person", "name": s.name, "jobTitle": s.role} for s in page.speakers.all()]
    if speakers:
        data["actor"] = speakers
    return data


def notice_data(page, request):
    if not page.event_start:
        return None
    data = {
        "@type": "Event",
        "name": page.title,
        "startDate": page.event_start.isoformat(),
        "endDate": (page.event_end or page.event_start).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        **common_page_data(page, request),
    }
    place = place_of(page) or {"@type": "Place", "address": {"@type": "PostalAddress", "addressCountry": "JP"}}
    if page.location:
        place = {**place, "name": page.location}
    data["location"] = place
    if page.organisation:
        data["organizer"] = {"@type": "Organization", "name": page.organisation.name}
    if page.external_url:
        data["sameAs"] = page.external_url
    if page.applications_open or page.applications_close:
        offer = {"@type": "Offer", "url": page.external_url or data["url"], "price": 0, "priceCurrency": "JPY"}
        if page.applications_open:
            offer["validFrom"] = page.applications_open.isoformat()
        if page.applications_close:
            offer["validThrough"] = page.applications_close.isoformat()
        data["offers"] = offer
    return data


def website_data(request):
    lang = current_language()
    home = request.build_absolute_uri(f"/{lang}/") if request else f"/{lang}/"
    return {
        "@type": "WebSite",
        "name": _("日本首長連合 ナレッジサイト"),
        "url": home,
        "inLanguage": lang,
        "publisher": {"@id": organisation_data(request)["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{home}search/?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def json_ld_graph(page, request):
    graph = [organisation_data(request)]
    if page is None:
        return graph
    if page.depth <= 2:
        graph.append(website_data(request))
    else:
        graph.append(breadcrumb_data(page, request))
    builder = {CaseStudyPage: case_study_data, SeminarRecordingPage: recording_data, ProgramNoticePage: notice_data}.get(
        type(page)
    )
    if builder:
        item = builder(page, request)
        if item:
            graph.append(item)
    return graph


def dump_json_ld(graph):
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, default=str)
    return text.translate(JSON_ESCAPES)


@register.simple_tag(takes_context=True)
def json_ld(context):
    request = _request(context)
    page = _page(context)
    nonce = escape(getattr(request, "csp_nonce", ""))
    graph = dump_json_ld(json_ld_graph(page, request))
    return mark_safe(f'<script type="application/ld+json" nonce="{nonce}">{graph}</script>')  # noqa: S308


# ---------------------------------------------------------------- links for pages


@register.simple_tag(takes_context=True)
def notice_calendar_url(context, page):
    return reverse("syndication:notice_ics", kwargs={"page_id": page.pk})


@register.simple_tag(takes_context=True)
def listing_csv_url(context, page):
    request = _request(context)
    query = request.GET.copy() if request else None
    if query is not None:
        query.pop("page", None)
    url = reverse("syndication:listing_csv", kwargs={"page_id": page.pk})
    return f"{url}?{query.urlencode()}" if query else url


@register.simple_tag(takes_context=True)
def search_csv_url(context):
    request = _request(context)
    query = request.GET.copy() if request else None
    if query is not None:
        query.pop("page", None)
    url = reverse("syndication:search_csv")
    return f"{url}?{query.urlencode()}" if query else url
