"""/recordings/<page id>/...: a recording's file, captions and chapters (not under /ja/ or /en/: one file each)."""

from django.urls import path, re_path

from knowledge.recordings import views

urlpatterns = [
    path("recordings/<int:page_id>/media", views.media_file, name="recording_media"),
    re_path(
        r"^recordings/(?P<page_id>\d+)/captions\.(?P<lang>[a-z]{2})\.(?P<fmt>vtt|srt)$", views.captions, name="recording_captions"
    ),
    re_path(r"^recordings/(?P<page_id>\d+)/chapters\.(?P<lang>[a-z]{2})\.vtt$", views.chapters, name="recording_chapters"),
    path("recordings/media-files/<int:media_id>", views.admin_media_file, name="recording_media_admin"),
]
