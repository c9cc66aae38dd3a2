"""The municipality directory and the entity pages: /ja/municipalities/, /ja/municipalities/<code>/,
/ja/people/<slug>/ (and /en/). Only facts the content holds; members-only pages are never listed or
counted for visitors who are not signed in (core.visibility)."""

import json
import re
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.languages import current_language
from core.visibility import members_only_checker, visible_pages
from knowledge.models import (
    CaseStudyPage,
    KnowledgePage,
    Membership,
    Municipality,
    Person,
    Prefecture,
    ProgramNoticePage,
    Region,
    SeminarRecordingPage,
    Theme,
)
from knowledge.recordings.transcript import SpokenLines, recordings_spoken_in, spoken_lines

# From the alliance's overview (shared/seed/alliance-overview-2026-01.txt).
ALLIANCE_PARTICIPANTS = 664
ALLIANCE_FULL_MEMBERS = 67

MAYOR_TITLES = ("市長", "町長", "村長", "区長", "知事")


def municipality_content(municipality, user):
    """What the site holds about a municipality that this user may see."""
    pages = visible_pages(KnowledgePage.objects.all(), user)
    case_studies = visible_pages(CaseStudyPage.objects.filter(municipality=municipality), user)
    speaking = SeminarRecordingPage.of_municipalities([municipality.pk])
    recordings = visible_pages(SeminarRecordingPage.objects.filter(speaking), user)
    notices = visible_pages(ProgramNoticePage.objects.filter(municipality=municipality), user)
    page_ids = set(pages.filter(municipality=municipality).values_list("pk", flat=True)) | {r.pk for r in recordings}
    themes = (
        Theme.objects.filter(pages__in=page_ids)
        .annotate(page_count=Count("pages", distinct=True))
        .order_by("-page_count", "slug")
    )
    return {
        "case_studies": list(case_studies.select_related("presenter").order_by("-date")),
        "recordings": list(recordings.order_by("-date")),
        "notices": list(notices.order_by("-date")),
        "themes": list(themes),
        "people": list(municipality.people.order_by("slug")),
    }


def mayor_of(people):
    return next((p for p in people if any(title in (p.role_ja or "") for title in MAYOR_TITLES)), None)


def json_ld(data):
    """A JSON-LD body safe inside <script>."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


@require_GET
def municipality_page(request, code):
    municipality = Municipality.objects.select_related("prefecture").filter(code=code).first()
    if municipality is None:
        raise Http404
    content = municipality_content(municipality, request.user)
    has_content = any(content[key] for key in ("case_studies", "recordings", "notices", "people"))
    if not (has_content or municipality.is_member):
        raise Http404
    url = request.build_absolute_uri(reverse("municipality", kwargs={"code": code}))
    ld = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": municipality.name,
        "alternateName": [
            n for n in (municipality.name_ja, municipality.name_en, municipality.kana) if n and n != municipality.name
        ],
        "identifier": {"@type": "PropertyValue", "propertyID": "全国地方公共団体コード", "value": municipality.code},
        "address": {"@type": "PostalAddress", "addressRegion": municipality.prefecture.name, "addressCountry": "JP"},
        "url": url,
    }
    return TemplateResponse(
        request,
        "knowledge/municipality_page.html",
        {
            "municipality": municipality,
            "mayor": mayor_of(content["people"]),
            "json_ld": json_ld(ld),
            **content,
        },
    )


@require_GET
def person_page(request, slug):
    person = Person.objects.select_related("municipality__prefecture").filter(slug=slug).first()
    if person is None:
        raise Http404
    case_studies = list(visible_pages(CaseStudyPage.objects.filter(presenter=person), request.user).order_by("-date"))
    recordings = spoken_recordings(person, request)
    ld = {"@context": "https://schema.org", "@type": "Person", "name": person.name}
    if person.role:
        ld["jobTitle"] = person.role
    if person.municipality_id:
        ld["worksFor"] = {
            "@type": "GovernmentOrganization",
            "name": person.municipality.name,
            "identifier": person.municipality.code,
        }
    return TemplateResponse(
        request,
        "knowledge/person_page.html",
        {"person": person, "case_studies": case_studies, "recordings": recordings, "json_ld": json_ld(ld)},
    )


SPOKEN_LINES_SHOWN = 5  # per recording on a person's page; "all N lines" shows the rest (?recording=<id>)


@dataclass
class SpokenRecording:
    page: SeminarRecordingPage
    url: str
    members_only: bool
    spoken: SpokenLines | None  # None: a listed speaker with no transcript line of their own


def spoken_recordings(person, request):
    """The recordings a person speaks in that the visitor may see, each with the lines they speak (a few, or all
    on the recording named by ?recording=): a constant number of queries however many recordings and lines."""
    pages = list(recordings_spoken_in(person, request.user))
    expanded = request.GET.get("recording", "")
    expanded = int(expanded) if re.fullmatch(r"[0-9]{1,9}", expanded) else None  # anything else: none expanded
    lines = spoken_lines(person, [p.pk for p in pages], current_language(), SPOKEN_LINES_SHOWN, expanded) if pages else {}
    locked = members_only_checker() if pages and request.user.is_authenticated else (lambda page: False)
    return [SpokenRecording(p, p.get_url(request), locked(p), lines.get(p.pk)) for p in pages]


def _directory_filters(request):
    regions = dict(Region.choices)
    region = request.GET.get("region") or ""
    prefecture = request.GET.get("prefecture") or ""
    membership = request.GET.get("membership") or ""
    problems = []
    if region and region not in regions:
        problems.append(_("地方の指定が正しくありません。"))
        region = ""
    if prefecture and not (prefecture.isdigit() and 1 <= int(prefecture) <= 47):
        problems.append(_("都道府県の指定が正しくありません。"))
        prefecture = ""
    if membership and membership not in (Membership.FULL, Membership.PARTICIPANT):
        problems.append(_("会員区分の指定が正しくありません。"))
        membership = ""
    return region, prefecture, membership, problems


@require_GET
def directory_page(request):
    region, prefecture, membership, problems = _directory_filters(request)
    members = Municipality.objects.exclude(membership=Membership.NONE).select_related("prefecture")
    all_members = members
    if region:
        members = members.filter(prefecture__region=region)
    if prefecture:
        members = members.filter(prefecture__code=int(prefecture))
    if membership:
        members = members.filter(membership=membership)
    public_counts = dict(
        visible_pages(KnowledgePage.objects.filter(municipality__in=members), request.user)
        .values_list("municipality")
        .annotate(n=Count("pk"))
    )
    by_prefecture = {}
    for municipality in members.order_by("prefecture__code", "code"):
        municipality.page_count = public_counts.get(municipality.pk, 0)
        by_prefecture.setdefault(municipality.prefecture, []).append(municipality)
    groups = []
    for value, label in Region.choices:
        prefectures = [(p, ms) for p, ms in by_prefecture.items() if p.region == value]
        if prefectures:
            groups.append({"region": label, "prefectures": prefectures, "count": sum(len(ms) for _p, ms in prefectures)})
    totals = all_members.aggregate(members=Count("pk"), full=Count("pk", filter=Q(membership=Membership.FULL)))
    status = 400 if problems else 200
    return TemplateResponse(
        request,
        "knowledge/municipality_directory.html",
        {
            "groups": groups,
            "shown": sum(g["count"] for g in groups),
            "totals": totals,
            "participants": ALLIANCE_PARTICIPANTS,
            "full_members": ALLIANCE_FULL_MEMBERS,
            "regions": Region.choices,
            "prefectures": Prefecture.objects.order_by("code"),
            "memberships": [(Membership.FULL, Membership.FULL.label), (Membership.PARTICIPANT, Membership.PARTICIPANT.label)],
            "chosen": {"region": region, "prefecture": prefecture, "membership": membership},
            "problems": problems,
            "language": current_language(),
        },
        status=status,
    )


# Anonymous answers hold only public facts: the page cache may keep them (core.cache, keyed by content generation).
for _view in (directory_page, municipality_page, person_page):
    _view.cache_anonymous = True
