"""Listing columns shared by the admin's snippet views."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A true/false field in words (はい / いいえ; Yes / No): Wagtail's boolean column shows only a tick or a cross
    whose title reads "True" or "False" in every language."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return _("はい") if value else _("いいえ")


def yes_no(model, field_name):
    """The YesNoColumn of a model's boolean field, labelled and sorted like Wagtail's own column for it."""
    field = model._meta.get_field(field_name)
    return YesNoColumn(field_name, label=capfirst(field.verbose_name), sort_key=field_name)
