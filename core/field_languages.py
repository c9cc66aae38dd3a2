"""What the admin says under each language's field: an English field says it is for the English pages."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

ENGLISH_FIELD_HELP = _("英語版のページ（/en/）に表示されます。空欄のときは日本語が表示されます。")


def explain_english_fields():
    """Put ENGLISH_FIELD_HELP (in the admin user's language) first in the help text of every `*_en` field."""
    for model in translator.get_registered_models(abstract=False):
        for fields in translator.get_options_for_model(model).all_fields.values():
            for field in fields:
                if field.language != "en" or getattr(field, "_explained", False):
                    continue
                original = field.translated_field.help_text
                field.help_text = format_lazy("{} {}", ENGLISH_FIELD_HELP, original) if original else ENGLISH_FIELD_HELP
                field._explained = True
