"""Municipalities and people as the APIs show them: names, readings, membership and how many pages of each
kind the caller may see (members-only pages are counted for signed-in people only: core.visibility)."""

from django.db.models import Count, Q

from core.visibility import visible_pages
from knowledge.models import CaseStudyPage, Municipality, Person, ProgramNoticePage, SeminarRecordingPage
from knowledge.romaji import KANA_READING, hiragana

PAGE_KINDS = (("case_studies", CaseStudyPage), ("recordings", SeminarRecordingPage), ("notices", ProgramNoticePage))


def on_site():
    """Municipalities that have a page of their own: members, or named by a page or a person."""
    return Q(membership__gt="") | Q(pages__isnull=False) | Q(people__isnull=False)


def municipality_counts(user, municipality_ids):
    """{municipality id: {"case_studies": n, "recordings": n, "notices": n}} of pages the user may see; recordings
    by the rule of the municipality page (SeminarRecordingPage.of_municipalities)."""
    counts = {pk: {kind: 0 for kind, _model in PAGE_KINDS} for pk in municipality_ids}
    for kind, model in PAGE_KINDS:
        if model is SeminarRecordingPage:
            recordings = visible_pages(SeminarRecordingPage.objects.all(), user)
            for pk, _recording in SeminarRecordingPage.municipality_pairs(municipality_ids, recordings):
                counts[pk][kind] += 1
            continue
        rows = visible_pages(model.objects.filter(municipality_id__in=municipality_ids), user).values_list("municipality_id")
        for pk, n in rows.annotate(n=Count("pk")).order_by():
            counts[pk][kind] = n
    return counts


def person_counts(user, person_ids):
    """{person id: {"case_studies": n, "recordings": n}}: case studies presented, recordings spoken in (a listed
    speaker or the speaker of a transcript line: SeminarRecordingPage.spoken_in_by)."""
    counts = {pk: {"case_studies": 0, "recordings": 0} for pk in person_ids}
    presented = visible_pages(CaseStudyPage.objects.filter(presenter_id__in=person_ids), user)
    for pk, n in presented.values_list("presenter_id").annotate(n=Count("pk")).order_by():
        counts[pk]["case_studies"] = n
    recordings = visible_pages(SeminarRecordingPage.objects.all(), user)
    for pk, _recording in SeminarRecordingPage.speaking_pairs(person_ids, recordings):
        counts[pk]["recordings"] += 1
    return counts


def name_query(text):
    """Municipalities whose name (either language), reading or code contains the text."""
    text = text.strip()
    return Q(name_ja__icontains=text) | Q(name_en__icontains=text) | Q(kana__icontains=text) | Q(code=text)


def person_name_query(text):
    """People whose name (either language), reading (in hiragana or katakana) or role contains the text."""
    text = text.strip()
    by_name = Q(name_ja__icontains=text) | Q(name_en__icontains=text) | Q(role_ja__icontains=text) | Q(role_en__icontains=text)
    reading = hiragana(text)
    return by_name | Q(kana__icontains=reading) if reading and KANA_READING.fullmatch(reading) else by_name


def municipality_json(municipality, counts, request=None):
    url = municipality.get_absolute_url()
    return {
        "code": municipality.code,
        "name": municipality.name,
        "name_ja": municipality.name_ja,
        "name_en": municipality.name_en,
        "kana": municipality.kana,
        "level": municipality.level,
        "current": municipality.is_current,
        "membership": municipality.membership or None,
        "prefecture": {"code": municipality.prefecture.code, "name": municipality.prefecture.name},
        "counts": counts,
        "html_url": request.build_absolute_uri(url) if request else url,
    }


def person_json(person, counts, request=None):
    url = person.get_absolute_url()
    return {
        "slug": person.slug,
        "name": person.name,
        "name_ja": person.name_ja,
        "name_en": person.name_en,
        "kana": person.kana,
        "role": person.role,
        "municipality": person.municipality.code if person.municipality_id else None,
        "counts": counts,
        "html_url": request.build_absolute_uri(url) if request else url,
    }


def matching_entities(text, user, request=None, limit=5):
    """({"municipalities": [...], "people": [...]}) whose names match the text, for search answers."""
    if not text or not text.strip():
        return {"municipalities": [], "people": []}
    municipalities = list(
        Municipality.objects.filter(on_site()).filter(name_query(text)).select_related("prefecture").distinct()[:limit]
    )
    people = list(Person.objects.filter(person_name_query(text)).order_by("slug")[:limit])
    m_counts = municipality_counts(user, [m.pk for m in municipalities])
    p_counts = person_counts(user, [p.pk for p in people])
    return {
        "municipalities": [municipality_json(m, m_counts[m.pk], request) for m in municipalities],
        "people": [person_json(p, p_counts[p.pk], request) for p in people],
    }
