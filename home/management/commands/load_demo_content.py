"""Build a browsable demo site in Japanese and English from knowledge/demo/.

Sets up the home page, the default site, the three index pages and the standard pages
(about, membership, officers), imports the demo knowledge data through the importer and
rebuilds the search index. Running it again changes nothing and creates no duplicates.
"""

import copy
import datetime
import json
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Page

from core.languages import LANGUAGE_CODES as LANGS
from home.models import StandardPage
from knowledge.recordings.demo import set_up_sample_recording
from knowledge.site_tree import ensure_site_tree
from knowledge.transfer import import_knowledge

# The demo data lives with the knowledge app it describes.
DEMO_DIR = Path(apps.get_app_config("knowledge").path) / "demo"


def load_demo_file(name):
    try:
        return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read demo file {name}: {error}") from error


def with_sample_deadlines(data, deadlines, today):
    """A copy of the import data with the sample application periods counted from `today`.

    These notices' dates are placeholders (their bodies say so); counting them from the day the demo
    is loaded keeps some notices open, closing soon and upcoming whenever the demo is set up.
    """
    data = copy.deepcopy(data)
    for notice in data.get("program_notices", []):
        offsets = deadlines.get(notice["slug"])
        if offsets:
            notice["applications_open"] = (today + datetime.timedelta(days=offsets["opens"])).isoformat()
            notice["applications_close"] = (today + datetime.timedelta(days=offsets["closes"])).isoformat()
    return data


def stream_data(page, field_name, value):
    """A StreamField value (raw list or StreamValue) as comparable data: block types and values, no ids."""
    block = page._meta.get_field(field_name).stream_block
    if isinstance(value, list):
        value = block.to_python(value)

    def strip_ids(data):
        if isinstance(data, dict):
            return {k: strip_ids(v) for k, v in data.items() if k != "id"}
        if isinstance(data, list):
            return [strip_ids(v) for v in data]
        return data

    return strip_ids(block.get_prep_value(value))


def translated_values(page, spec, names, stream_fields=()):
    """{field_lang: value} for each translated field in `names`, StreamFields as StreamValues."""
    values = {}
    for name in names:
        for lang in LANGS:
            if name in stream_fields:
                # demo blocks hold both languages: [{"type": ..., "value": {"ja": ..., "en": ...}}]
                raw = [{"type": b["type"], "value": b["value"][lang]} for b in spec[name] if lang in b["value"]]
                value = page._meta.get_field(f"{name}_{lang}").stream_block.to_python(raw)
            else:
                value = spec[name].get(lang, "")
            values[f"{name}_{lang}"] = value
    return values


class Command(BaseCommand):
    help = "Load the demo content (home page, standard pages, case studies, seminars, notices) and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite edited home and standard pages with the demo text (by default only missing content is filled in).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Day the sample application periods are counted from (YYYY-MM-DD; default: today).",
        )
        parser.add_argument("--skip-index", action="store_true", help="Do not rebuild the search index.")

    def handle(self, *args, reset=False, today=None, skip_index=False, **options):
        self.reset = reset
        self.changed = []
        site = load_demo_file("site.json")
        data = load_demo_file("demo_content.json")
        today = today or timezone.localdate()

        with translation.override("ja"), transaction.atomic():
            home, indexes = ensure_site_tree()
            self.set_up_home(home, site)
            self.set_up_index_pages(indexes, site["index_pages"])
            for spec in site["standard_pages"]:
                self.set_up_standard_page(home, spec)
            result = self.import_knowledge(with_sample_deadlines(data, site.get("sample_deadlines", {}), today))
            self.changed += set_up_sample_recording()

        if not skip_index:
            call_command("update_index", verbosity=0)
        pages = ", ".join(self.changed) if self.changed else "no changes"
        self.stdout.write(self.style.SUCCESS(f"Demo pages: {pages}. Knowledge data: {result}"))

    # ------------------------------------------------------------ pages

    def sync(self, page, label, values, stream_fields=()):
        """Set `values` on the page and publish a revision, if anything differs.

        Without --reset only empty fields are filled in, so edits made in the admin survive `make run`.
        """
        wanted = {}
        for name, value in values.items():
            current = getattr(page, name)
            if name.split("_")[0] in stream_fields:
                same = stream_data(page, name, current) == stream_data(page, name, value)
                empty = not stream_data(page, name, current)
            else:
                same, empty = current == value, not current
            if not same and (self.reset or empty):
                wanted[name] = value
        if not wanted:
            return
        for name, value in wanted.items():
            setattr(page, name, value)
        if "title_ja" in wanted:
            page.title = page.title_ja
        page.save_revision().publish()
        self.changed.append(label)

    def set_up_home(self, home, site):
        spec = site["home"]
        values = {f"title_{lang}": spec["title"][lang] for lang in LANGS}
        values.update(translated_values(home, spec, ("mission", "intro")))
        self.sync(home, "home", values)
        home.refresh_from_db()
        home_site = home.get_site()
        if home_site and not home_site.site_name:
            home_site.site_name = site["site_name"]
            home_site.save()

    def set_up_index_pages(self, indexes, specs):
        by_label = {model._meta.label: page for model, page in indexes.items()}
        for spec in specs:
            page = by_label[spec["model"]].specific
            values = {f"title_{lang}": spec["title"][lang] for lang in LANGS}
            values.update(translated_values(page, spec, ("intro",)))
            values["show_in_menus"] = True
            self.sync(page, spec["slug"], values)

    def set_up_standard_page(self, home, spec):
        parent = home
        if spec.get("parent"):
            parent = StandardPage.objects.child_of(home).filter(slug=spec["parent"]).first() or home
        parent = Page.objects.get(pk=parent.pk)  # fresh tree position after earlier additions
        page = parent.get_children().filter(slug=spec["slug"]).specific().first()
        if page is not None and not isinstance(page, StandardPage):
            self.stderr.write(f"Skipped the {spec['slug']} page: a different kind of page already uses that slug.")
            return
        label = spec["slug"]
        if page is None:
            # an editor (or an earlier demo layout) may have put it elsewhere: keep it there unless --reset
            page = StandardPage.objects.descendant_of(home).filter(slug=spec["slug"]).first()
            if page is not None and self.reset:
                page.move(parent, pos="last-child")
                page = StandardPage.objects.get(pk=page.pk)
                label += " (moved)"
        if page is None:
            page = StandardPage(slug=spec["slug"], title=spec["title"]["ja"], title_ja=spec["title"]["ja"], show_in_menus=True)
            parent.add_child(instance=page)
            label += " (new)"
        values = {f"title_{lang}": spec["title"][lang] for lang in LANGS}
        values.update(translated_values(page, spec, ("intro", "body"), stream_fields=("body",)))
        self.sync(page, label, values, stream_fields=("body",))
        if label.endswith("(moved)") and label not in self.changed:
            self.changed.append(label)

    # ------------------------------------------------------------ knowledge data

    def import_knowledge(self, data):
        return import_knowledge(data)
