"""The page editor's form for knowledge pages: the slug may be left empty, and is then made short and readable."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from knowledge.slugs import readable_slug, unique_slug

SLUG_HELP = _(
    "ページのURLの末尾になる英数字です（日本語版と英語版で共通）。空欄にすると英語タイトル（なければ日本語タイトルの読み）から"
    "短く作ります。公開後に変えると、これまでのURLが使えなくなります。"
)


class ReadableSlugPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP

    def clean(self):
        if "slug" in self.fields and not self.cleaned_data.get("slug") and "slug" not in self.errors:
            data = self.cleaned_data
            base = readable_slug(data.get("title_en"), data.get("title_ja") or data.get("title"), data.get("date"))
            parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
            data["slug"] = unique_slug(base, parent, self.instance) if parent else base
        return super().clean()


# The page's corrections to its related pages (knowledge/related.py), as inline rows of the edit form.
PINNED, EXCLUDED = "pinned_related_pages", "excluded_related_pages"
CHOSEN_ITSELF = _("このページ自身は選べません。")
CHOSEN_TWICE = _("同じページを2回選んでいます。")
PINNED_AND_EXCLUDED = _("このページは「必ず表示する関連ページ」にも選ばれています。どちらか一方にしてください。")


class KnowledgePageForm(ReadableSlugPageForm):
    """A knowledge page's editor: a page it pins or excludes is another page, chosen once, never both."""

    def clean(self):
        cleaned = super().clean()
        pinned = self.chosen_rows(PINNED)
        excluded = self.chosen_rows(EXCLUDED)
        for rows in (pinned, excluded):
            seen = set()
            for form, target in rows:
                if self.instance.pk is not None and target.pk == self.instance.pk:
                    form.add_error("target", CHOSEN_ITSELF)
                elif target.pk in seen:
                    form.add_error("target", CHOSEN_TWICE)
                seen.add(target.pk)
        pinned_ids = {target.pk for _form, target in pinned}
        for form, target in excluded:
            if target.pk in pinned_ids and "target" not in form.errors:
                form.add_error("target", PINNED_AND_EXCLUDED)
        return cleaned

    def chosen_rows(self, name):
        """(row form, chosen page) of the rows kept in the named inline panel, in the editor's order."""
        formset = self.formsets.get(name)
        if formset is None:
            return []
        formset.errors  # noqa: B018 -- cleans the rows, once
        rows = []
        for position, form in enumerate(formset.forms):
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("DELETE") and data.get("target") is not None:
                order = data.get("ORDER")
                rows.append((position if order is None else order, position, form, data["target"]))
        return [(form, target) for *_order, form, target in sorted(rows, key=lambda row: row[:2])]
