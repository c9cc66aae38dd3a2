"""The search app's models: synonyms editors keep in the admin (words that find each other in a search,
japanese_search.synonyms), and index writes waiting for the search cluster (search/index_queue.py)."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# Terms are written one per line, or separated by commas or Japanese commas.
_TERM_SEPARATORS = re.compile(r"[\n\r,，、]+")


def split_terms(text: str) -> list[str]:
    return [term.strip() for term in _TERM_SEPARATORS.split(text or "") if term.strip()]


class SearchSynonym(models.Model):
    """One group of words that mean the same thing: a search for any of them also finds the others (ranked
    below pages with the word as typed). Applied when a search is made: no reindex."""

    terms_ja = models.TextField(
        _("日本語の語"),
        help_text=_("同じものを指す語を1行に1つ、または「、」で区切って書きます（例: 湧水、湧き水）。"),
    )
    terms_en = models.TextField(
        _("英語の語"),
        blank=True,
        help_text=_("英語のページの検索で同じ意味になる語（例: inbound, overseas visitors）。空欄でもかまいません。"),
    )

    class Meta:
        verbose_name = _("検索の同義語")
        verbose_name_plural = _("検索の同義語")
        ordering = ["pk"]

    def __str__(self):
        return " / ".join(split_terms(self.terms_ja) + split_terms(self.terms_en))

    def terms(self) -> list[str]:
        return split_terms(self.terms_ja) + split_terms(self.terms_en)


class PendingIndexUpdate(models.Model):
    """An object whose search entry could not be written because the Elasticsearch/OpenSearch cluster did not
    answer: written again by `retry_search_index` (cron) or made moot by `update_index`."""

    app_label = models.CharField(max_length=100)
    model_name = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    deleted = models.BooleanField(default=False)  # the object was deleted: remove its entry
    queued_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["app_label", "model_name", "object_id"], name="search_pending_unique")]
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return f"{self.app_label}.{self.model_name} {self.object_id}{' (deleted)' if self.deleted else ''}"
