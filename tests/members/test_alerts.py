"""`manage.py send_alerts`: what is sent, to whom, exactly once; checked in Django's mail outbox."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from members.models import MemberProfile, SavedSearch, SentAlert
from tests import factories
from tests.members.conftest import make_user

pytestmark = pytest.mark.django_db


def send():
    mail.outbox.clear()
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(mail.outbox)


def published(page):
    """Publish as the admin does, which stamps first_published_at (the factories only create live rows)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def new_case_study(*args, **fields):
    return published(factories.case_study(*args, **fields))


def new_notice(*args, **fields):
    return published(factories.notice(*args, **fields))


def new_recording(*args, **fields):
    return published(factories.recording(*args, **fields))


def save_search(client, user, **params):
    client.force_login(user)
    response = client.post(f"/{params.get('lang', 'ja')}/mypage/saved-searches/", params)
    assert response.status_code == 302
    return SavedSearch.objects.filter(user=user).latest("pk")


def english_member(mishima):
    user = make_user("member-en", email="intl@city.mishima.example.jp")
    MemberProfile.objects.create(user=user, municipality=mishima, language="en")
    return user


def test_new_pages_matching_a_saved_search_are_sent_once(client, site_tree, member):
    _, indexes = site_tree
    old = new_case_study(indexes[CaseStudyIndexPage], title_ja="以前からある湧水の事例", slug="old-spring")
    save_search(client, member, q="湧水", lang="ja")
    new = new_case_study(indexes[CaseStudyIndexPage], title_ja="湧水を活かした新しい公園", slug="new-spring")
    new_case_study(
        indexes[CaseStudyIndexPage],
        title_ja="商店街のにぎわいづくり",
        title_en="Shopping street",
        slug="shops",
        summary_ja="空き店舗を活用した。",
    )

    [message] = send()
    assert message.to == ["member@city.mishima.example.jp"]
    assert "新着と締切間近のお知らせ（1件）" in message.subject
    assert new.title_ja in message.body
    assert "http://testserver/ja/case-studies/new-spring/" in message.body
    assert old.title_ja not in message.body  # published before the search was saved
    assert "商店街" not in message.body
    assert "「湧水」" in message.body
    html = message.alternatives[0][0]
    assert 'href="http://testserver/ja/case-studies/new-spring/"' in html

    assert send() == []  # exactly once
    assert SentAlert.objects.filter(user=member, page=new, kind="new").count() == 1
    assert MemberProfile.objects.get(user=member).last_digest_at is not None


def test_a_page_matching_two_saved_searches_is_listed_once(client, site_tree, member):
    _, indexes = site_tree
    save_search(client, member, q="湧水")
    save_search(client, member, q="公園")
    new_case_study(indexes[CaseStudyIndexPage], title_ja="湧水を活かした公園")
    [message] = send()
    assert message.body.count("湧水を活かした公園") == 1


def test_saved_facets_narrow_what_is_sent(client, site_tree, member, mishima):
    _, indexes = site_tree
    toyooka = factories.municipality(name_ja="豊岡市", name_en="Toyooka City", prefecture_code=28)
    save_search(client, member, type="notice", prefecture="22")
    new_notice(indexes[ProgramNoticeIndexPage], title_ja="静岡県内の説明会", municipality=mishima)
    new_notice(indexes[ProgramNoticeIndexPage], title_ja="兵庫県内の説明会", municipality=toyooka)
    new_case_study(indexes[CaseStudyIndexPage], title_ja="静岡県内の事例", municipality=mishima)
    [message] = send()
    assert "静岡県内の説明会" in message.body
    assert "兵庫県内の説明会" not in message.body
    assert "静岡県内の事例" not in message.body


def test_members_only_pages_reach_members_but_not_inactive_accounts(client, site_tree, member, mishima):
    _, indexes = site_tree
    former = make_user("former-staff")
    MemberProfile.objects.create(user=former, municipality=mishima)
    save_search(client, member, q="会員向け")
    save_search(client, former, q="会員向け")
    former.is_active = False
    former.save()
    factories.members_only(new_recording(indexes[SeminarRecordingIndexPage], title_ja="会員向けセミナーの録画"))
    [message] = send()
    assert message.to == [member.email]
    assert "会員向けセミナーの録画" in message.body
    assert "[会員限定]" in message.body


def test_digest_in_the_members_language(client, site_tree, mishima):
    _, indexes = site_tree
    user = english_member(mishima)
    save_search(client, user, q="garden", lang="en")
    new_case_study(
        indexes[CaseStudyIndexPage],
        title_ja="湧水と緑を活かしたガーデンシティ",
        title_en="A garden city built on spring water",
        slug="garden-city",
    )
    [message] = send()
    assert message.subject == "[Mayoral Alliance] 1 update: new pages and deadlines"
    assert "A garden city built on spring water" in message.body
    assert "http://testserver/en/case-studies/garden-city/" in message.body
    assert "New pages matching your saved searches" in message.body
    assert "/en/alerts/unsubscribe/" in message.body


def test_bookmarked_notices_closing_within_seven_days(client, site_tree, member):
    _, indexes = site_tree
    today = timezone.localdate()
    soon = new_notice(
        indexes[ProgramNoticeIndexPage], title_ja="締切が3日後の公募", applications_close=today + datetime.timedelta(days=3)
    )
    later = new_notice(
        indexes[ProgramNoticeIndexPage], title_ja="締切が10日後の公募", applications_close=today + datetime.timedelta(days=10)
    )
    gone = new_notice(
        indexes[ProgramNoticeIndexPage], title_ja="締切が昨日の公募", applications_close=today - datetime.timedelta(days=1)
    )
    not_bookmarked = new_notice(
        indexes[ProgramNoticeIndexPage],
        title_ja="ブックマークしていない公募",
        applications_close=today + datetime.timedelta(days=2),
    )
    client.force_login(member)
    for notice in (soon, later, gone):
        client.post("/ja/mypage/bookmarks/", {"page": notice.pk})
    [message] = send()
    assert "ブックマークしたお知らせの締切が近づいています" in message.body
    assert soon.title_ja in message.body
    assert "あと3日" in message.body
    for absent in (later, gone, not_bookmarked):
        assert absent.title_ja not in message.body
    assert send() == []


def test_nothing_is_sent_to_unsubscribed_members_or_without_news(client, site_tree, member):
    _, indexes = site_tree
    assert send() == []  # a member with nothing new gets no email
    save_search(client, member, q="湧水")
    MemberProfile.objects.filter(user=member).update(unsubscribed=True)
    new_case_study(indexes[CaseStudyIndexPage], title_ja="湧水の事例")
    assert send() == []
    assert not SentAlert.objects.exists()


def test_unsubscribe_link_works_without_logging_in(client, site_tree, member):
    _, indexes = site_tree
    save_search(client, member, q="湧水")
    new_case_study(indexes[CaseStudyIndexPage], title_ja="湧水の事例")
    [message] = send()
    client.logout()
    link = re.search(r"http://testserver(/ja/alerts/unsubscribe/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>"
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "配信を停止する" in confirm.content.decode()
    assert not MemberProfile.objects.get(user=member).unsubscribed  # opening the link alone changes nothing
    done = client.post(link)
    assert done.status_code == 200
    assert "配信を停止しました" in done.content.decode()
    assert MemberProfile.objects.get(user=member).unsubscribed

    new_case_study(indexes[CaseStudyIndexPage], title_ja="もう一つの湧水の事例")
    assert send() == []


def test_a_tampered_unsubscribe_link_is_refused(client, member):
    response = client.post("/ja/alerts/unsubscribe/123:forged:token/")
    assert response.status_code == 400
    assert "このリンクは正しくありません" in response.content.decode()
    assert not MemberProfile.objects.get(user=member).unsubscribed


def test_a_failed_send_is_retried_next_time(client, site_tree, member, settings):
    _, indexes = site_tree
    save_search(client, member, q="湧水")
    new_case_study(indexes[CaseStudyIndexPage], title_ja="湧水の事例")
    settings.EMAIL_BACKEND = "tests.members.failing_email.Backend"
    assert send() == []
    assert not SentAlert.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [message] = send()
    assert "湧水の事例" in message.body


def test_dry_run_sends_and_records_nothing(client, site_tree, member):
    _, indexes = site_tree
    save_search(client, member, q="湧水")
    new_case_study(indexes[CaseStudyIndexPage], title_ja="湧水の事例")
    mail.outbox.clear()
    call_command("send_alerts", "--dry-run", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    assert not SentAlert.objects.exists()
    assert len(send()) == 1


def test_a_new_notice_in_the_digest_names_the_case_studies_that_used_it(client, site_tree, member):
    _, indexes = site_tree
    used = new_case_study(indexes[CaseStudyIndexPage], title_ja="交付金で整えた湧水公園", slug="spring-park")
    hidden = factories.members_only(new_case_study(indexes[CaseStudyIndexPage], title_ja="会員限定の活用例", slug="members-use"))
    save_search(client, member, q="交付金", lang="ja")
    programme = new_notice(indexes[ProgramNoticeIndexPage], title_ja="湧水保全の交付金（第2期）", slug="spring-grant-2")
    for case in (used, hidden):
        case.funding_programmes.add(programme)
        published(case)

    [message] = send()
    assert "湧水保全の交付金（第2期）" in message.body
    assert "この事業を活用した事例: 交付金で整えた湧水公園" in message.body
    assert "会員限定の活用例" in message.body  # a signed-in member may see members-only pages
