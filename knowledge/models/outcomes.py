"""Outcomes of a case study as data: an indicator, its value before and after, and where the figures come from."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

YEAR_MIN, YEAR_MAX = 1900, 2100


class OutcomeKind(models.TextChoices):
    MEASURED = "measured", _("実績")
    TARGET = "target", _("目標")


def year_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class Outcome(Orderable):
    """One indicator of a case study: baseline and result, each with its year, in one unit."""

    page = ParentalKey("knowledge.CaseStudyPage", on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.CharField(_("指標"), max_length=200, help_text=_("例：移住者数、観光入込客数"))
    unit = models.CharField(_("単位"), max_length=40, blank=True, help_text=_("例：人、件、%"))
    baseline_value = models.DecimalField(_("基準値"), max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_year = year_field(_("基準年"))
    result_value = models.DecimalField(_("結果の値"), max_digits=16, decimal_places=2)
    result_year = year_field(_("結果の年"))
    kind = models.CharField(_("区分"), max_length=10, choices=OutcomeKind.choices, default=OutcomeKind.MEASURED)
    source_url = models.URLField(_("出典のURL"), blank=True)
    source_document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("出典の資料")
    )
    is_sample = models.BooleanField(_("サンプルの数値"), default=False, help_text=_("デモ用の架空の数値であることを表示します"))

    panels = [
        FieldPanel("indicator"),
        FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_year")]),
        FieldRowPanel([FieldPanel("result_value"), FieldPanel("result_year")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_document")]),
        FieldPanel("is_sample"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("成果指標")
        verbose_name_plural = _("成果指標")

    def __str__(self):
        return self.indicator

    def clean(self):
        super().clean()
        errors = {}
        for name in ("baseline_year", "result_year"):
            year = getattr(self, name)
            if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
                errors[name] = _("%(min)s年から%(max)s年までの西暦で入力してください。") % {"min": YEAR_MIN, "max": YEAR_MAX}
        if self.baseline_year and self.result_year and self.baseline_year > self.result_year:
            errors["result_year"] = _("結果の年は基準年と同じか、それより後にしてください。")
        if errors:
            raise ValidationError(errors)

    @property
    def change(self):
        """Result minus baseline, or None without a baseline."""
        if self.baseline_value is None or self.result_value is None:
            return None
        return self.result_value - self.baseline_value

    @property
    def change_percent(self):
        """The change as a percentage of the baseline, one decimal; None when the baseline is missing or zero."""
        change = self.change
        if change is None or not self.baseline_value:
            return None
        return (change * 100 / abs(self.baseline_value)).quantize(Decimal("0.1"))
