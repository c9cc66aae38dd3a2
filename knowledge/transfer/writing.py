"""Writing validated import data: snippets upserted by slug or code, then pages by slug, published when changed.

Runs inside the import's transaction with per-save indexing paused; at the end each page that changed, or that
shows a changed snippet, is reindexed once.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ReferenceIndex

from core.visibility import set_members_only

from .. import search_index
from ..models import Municipality, Organisation, Person, Theme
from ..site_tree import ensure_site_tree
from .keys import KeyCache
from .outcome import KnowledgeImportError
from .page_fields import apply
from .page_state import current_states, desired_state
from .shape import PAGE_SECTIONS
from .text import blank


def theme_fields(v, keys):
    return {"axis": v["axis"], "name_ja": v["name"]["ja"], "name_en": v["name"]["en"]}


def organisation_fields(v, keys):
    return {
        "name_ja": v["name"]["ja"],
        "name_en": v["name"]["en"],
        "short_name_ja": v["short_name"]["ja"],
        "short_name_en": v["short_name"]["en"],
    }


def municipality_fields(v, keys):
    return {
        "name_ja": v["name"]["ja"],
        "name_en": v["name"]["en"],
        "prefecture_id": v["prefecture"].pk,
        "membership": v["membership"],
    }


def person_fields(v, keys):
    return {
        "name_ja": v["name"]["ja"],
        "name_en": v["name"]["en"],
        "kana": v["kana"],
        "role_ja": v["role"]["ja"],
        "role_en": v["role"]["en"],
        "municipality_id": keys.one(Municipality, "code", v["municipality"]),
    }


# (section, model, key field, its columns from an item's clean values), in the order they are written
SNIPPET_SECTIONS = (
    ("themes", Theme, "slug", theme_fields),
    ("organizations", Organisation, "slug", organisation_fields),
    ("municipalities", Municipality, "code", municipality_fields),
    ("people", Person, "slug", person_fields),
)
# pages are written so that a case study's related recordings and notices exist before it
PAGE_ORDER = ("seminar_recordings", "program_notices", "case_studies")


class Writer:
    def __init__(self, validator, summary):
        self.items = validator.items
        self.summary = summary
        self.keys = KeyCache()
        self.changed_snippets = {model: set() for _, model, _, _ in SNIPPET_SECTIONS}
        self.touched_pages = set()

    def run(self):
        with translation.override("ja"):
            for section, model, key_name, fields in SNIPPET_SECTIONS:
                self.write_snippets(section, model, key_name, fields)
            if any(self.items[s] for s in PAGE_SECTIONS):
                _, self.indexes = ensure_site_tree()
                for section in PAGE_ORDER:
                    self.write_pages(section, PAGE_SECTIONS[section])
            self.reindex()

    # -- snippets
    def write_snippets(self, section, model, key_name, fields):
        items = self.items[section]
        if not items:
            return
        keys = [i.values[key_name] for i in items]
        existing = {getattr(o, key_name): o for o in model.objects.filter(**{f"{key_name}__in": keys})}
        for item in items:
            key = item.values[key_name]
            wanted = fields(item.values, self.keys)
            # the untranslated column mirrors Japanese, the default language
            for name in list(wanted):
                if name.endswith("_ja"):
                    wanted[name[:-3]] = wanted[name]
            obj = existing.get(key)
            if obj is None:
                obj = model(**{key_name: key}, **wanted)
                self.save(item, obj)
                self.summary.add(section, "created")
            elif any(blank(getattr(obj, name)) != blank(value) for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(obj, name, value)
                self.save(item, obj)
                self.changed_snippets[model].add(obj.pk)
                self.summary.add(section, "updated")
            else:
                self.summary.add(section, "unchanged")
            self.keys.remember(model, key, obj.pk)

    def save(self, item, obj):
        try:
            obj.full_clean(validate_unique=False)
            obj.save()
        except ValidationError as exc:
            raise KnowledgeImportError(
                [f'{item.where}, field "{name}": {" ".join(msgs)}' for name, msgs in exc.message_dict.items()]
            ) from exc

    # -- pages
    def write_pages(self, section, model):
        items = self.items[section]
        if not items:
            return
        parent = self.indexes[next(m for m in self.indexes if m.child_model is model)]
        found = self.existing_pages(model, parent, [i.values["slug"] for i in items])
        states = current_states(model, list(found.values()))
        for item in items:
            page = found.get(item.values["slug"])
            outcome, page = self.write_page(item, model, parent, page, states.get(page.pk) if page else None)
            if outcome != "unchanged":
                self.touched_pages.add(page.pk)
            self.keys.remember(model, page.slug, page.pk)
            self.summary.add(section, outcome)

    def existing_pages(self, model, parent, slugs):
        """{slug: page}: an editor may have moved a page: prefer the one under the index page, else any."""
        found = {}
        for page in model.objects.filter(slug__in=slugs).order_by("path"):
            under_index = page.path.startswith(parent.path) and page.depth == parent.depth + 1
            if page.slug not in found or under_index:
                found[page.slug] = page
        return found

    def write_page(self, item, model, parent, page, current):
        """("created" | "updated" | "unchanged", page) after bringing one page in line with its item."""
        wanted = desired_state(model, item.values, self.keys)
        members_only = wanted.pop("members_only")
        if page is None:
            page = model(slug=item.values["slug"], live=False)
            apply(page, wanted, self.keys)
            try:
                parent.add_child(instance=page)
            except ValidationError as exc:
                raise self.error(item, exc) from exc
            self.publish(item, page)
            outcome, was_members_only = "created", False
        else:
            was_members_only = current.pop("members_only")
            if current != wanted or not page.live:
                apply(page, wanted, self.keys)
                self.publish(item, page)
                outcome = "updated"
            else:
                outcome = "unchanged" if was_members_only == members_only else "updated"
        if members_only != was_members_only:
            set_members_only(page, members_only)
        return outcome, page

    def publish(self, item, page):
        try:
            page.save_revision(clean=False).publish()  # publishing saves and validates
        except ValidationError as exc:
            raise self.error(item, exc) from exc

    def error(self, item, exc):
        messages = getattr(exc, "message_dict", None) or {None: exc.messages}
        return KnowledgeImportError(
            [
                f'{item.where}, field "{name}": {" ".join(m)}' if name else f"{item.where}: {' '.join(m)}"
                for name, m in messages.items()
            ]
        )

    # -- search index
    def reindex(self):
        """Search and reference indexes, once per page from the final state (save signals are paused during the import:
        they fire several times per page, and before themes, speakers and inline rows are written)."""
        ids = set(self.touched_pages)
        for model, changed in self.changed_snippets.items():
            ids |= search_index.pages_showing(model, changed)
        for model, chunk in search_index.indexed_page_chunks(ids):
            search_index.index_pages(model, chunk)
            for page in chunk:
                if page.pk in self.touched_pages:
                    ReferenceIndex.create_or_update_for_object(page)
        self.summary.reindexed = len(ids)
