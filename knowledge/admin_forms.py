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
