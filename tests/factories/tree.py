"""The page tree every factory builds on, and the rows migrations create."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page

from knowledge.models import Prefecture
from knowledge.prefectures import PREFECTURES
from knowledge.site_tree import ensure_site_tree


def ensure_reference_data():
    """The rows migrations create, in case the database was flushed without being restored."""
    ContentType.objects.clear_cache()
    for code, name_ja, name_en, region in PREFECTURES:
        names = {"name": name_ja, "name_ja": name_ja, "name_en": name_en}
        Prefecture.objects.get_or_create(code=code, defaults={**names, "region": region})
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def build_site():
    """(home page, {IndexModel: index page}) of the default site, as the importer and demo content build it.

    Also after a transactional test has flushed the rows that migrations create (locale, tree root).
    """
    ContentType.objects.clear_cache()  # a flush recreates content types under new ids
    locale = Locale.objects.first() or Locale.objects.create(language_code="ja")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return ensure_site_tree()
