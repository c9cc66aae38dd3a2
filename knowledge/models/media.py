"""Video and audio files of recordings (wagtailmedia), kept where no web server serves them.

The files live in the `recording_media` storage (settings.STORAGES), outside MEDIA_ROOT, under a random name.
Visitors reach them only through knowledge.recordings.views, which checks the recording page's privacy.
"""

import secrets
from pathlib import PurePath

from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import AbstractMedia


def recording_media_storage():
    return storages["recording_media"]


def unguessable_name(instance, filename):
    return f"recordings/{secrets.token_urlsafe(24)}{PurePath(filename).suffix.lower()}"


class RecordingMediaType(models.TextChoices):
    AUDIO = "audio", _("音声ファイル")
    VIDEO = "video", _("動画ファイル")


class RecordingMedia(AbstractMedia):
    # wagtailmedia's own fields, with labels in the admin's languages (upstream has no Japanese).
    type = models.CharField(_("種類"), choices=RecordingMediaType.choices, max_length=255)
    duration = models.FloatField(
        _("長さ（秒）"), blank=True, default=0, validators=[MinValueValidator(0)], help_text=_("再生時間（秒）")
    )
    file = models.FileField(_("ファイル"), upload_to=unguessable_name, storage=recording_media_storage)
    thumbnail = models.FileField(_("サムネイル"), upload_to=unguessable_name, blank=True, storage=recording_media_storage)
    is_sample = models.BooleanField(_("サンプル"), default=False, help_text=_("デモ用に作ったサンプルの音声・動画"))

    admin_form_fields = (*AbstractMedia.admin_form_fields, "is_sample")

    class Meta(AbstractMedia.Meta):
        verbose_name = _("音声・動画")
        verbose_name_plural = _("音声・動画")

    @property
    def url(self):
        """For the admin only: editors preview the file through a view that asks for admin access."""
        return reverse("recording_media_admin", args=[self.pk])

    @property
    def mime_type(self):
        import mimetypes

        return mimetypes.guess_type(self.file.name)[0] or ("audio/mpeg" if self.type == "audio" else "video/mp4")
