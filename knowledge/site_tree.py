"""The page tree every knowledge page hangs from: home page, default site, three index pages."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage

HOME_SLUG = "home"
HOME_TITLE = {"ja": "日本首長連合", "en": "Mayoral Alliance for LOCAL JAPAN"}
SITE_NAME = "日本首長連合"
ROOT_TITLE = {"ja": "ルートページ", "en": "Root"}  # the tree root as the admin names it (Wagtail says "Root")


def index_page_specs():
    """(model, slug, Japanese title, English title) of the three index pages."""
    return (
        (CaseStudyIndexPage, "case-studies", "先進事例", "Case studies"),
        (SeminarRecordingIndexPage, "seminars", "セミナー", "Seminars"),
        (ProgramNoticeIndexPage, "notices", "お知らせ", "Notices"),
    )


def _placeholder_pages(root):
    """Wagtail's initial 'Welcome' page: a plain Page with no children, directly under the root."""
    return [page for page in root.get_children() if page.specific_class is Page and page.numchild == 0]


@transaction.atomic
def base_url_site_values() -> dict:
    """The default Site's hostname and port from the site's one base URL (settings.WAGTAILADMIN_BASE_URL, set
    from SITE_BASE_URL or WAGTAILADMIN_BASE_URL), so API v2's html_url names the host the sitemap, feeds,
    JSON-LD and emails name."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {"hostname": parts.hostname or "localhost", "port": port}


def sync_site_with_base_url() -> None:
    """Point the default Site record at the base URL's host and port (nothing to do if it already does)."""
    values = base_url_site_values()
    Site.objects.filter(is_default_site=True).exclude(**values).update(**values)
    Site.clear_site_root_paths_cache()


def ensure_site_tree():
    """Return (home page, {IndexModel: index page}), creating whatever is missing.

    Reuses an existing HomePage and index pages; repoints the default site at the home page;
    removes only Wagtail's empty placeholder page, never real content.
    """
    # By name: the home app sits above knowledge (docs/architecture.md), as in the index pages' parent_page_types.
    HomePage = apps.get_model("home", "HomePage")  # noqa: N806

    with translation.override("ja"):
        root = Page.get_first_root_node()
        if root.draft_title or not root.title_ja:  # the admin shows the tree root in the editor's language
            Page.objects.filter(pk=root.pk).update(draft_title="", title_ja=ROOT_TITLE["ja"], title_en=ROOT_TITLE["en"])
            root.refresh_from_db()
        home = HomePage.objects.first()
        site = Site.objects.filter(is_default_site=True).first()
        site_values = {**base_url_site_values(), "site_name": (site.site_name if site else "") or SITE_NAME}
        if home is None:
            for placeholder in _placeholder_pages(root):
                placeholder.delete()  # cascades to a Site rooted there; recreated below
            root.refresh_from_db()
            slug = HOME_SLUG if not root.get_children().filter(slug=HOME_SLUG).exists() else "alliance-home"
            home = root.add_child(
                instance=HomePage(title=HOME_TITLE["ja"], title_ja=HOME_TITLE["ja"], title_en=HOME_TITLE["en"], slug=slug)
            )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(is_default_site=True, root_page=home, **site_values)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        sync_site_with_base_url()

        indexes = {}
        for model, slug, title_ja, title_en in index_page_specs():
            page = model.objects.child_of(home).first() or model.objects.first()
            if page is None:
                page = home.add_child(instance=model(title=title_ja, title_ja=title_ja, title_en=title_en, slug=slug))
                home.refresh_from_db()
            indexes[model] = page
    return home, indexes
