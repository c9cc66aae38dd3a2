"""Upload limits: a too-large image gets Wagtail's form error in the admin; a too-large request gets a 413."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


def png(size=(300, 300)):
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 100).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_admin_says_an_image_is_too_large(admin_client, settings):
    data = png()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(data) - 1
    response = admin_client.post(
        "/admin/images/add/", {"title": "大きな写真", "file": SimpleUploadedFile("big.png", data, "image/png")}
    )
    assert response.status_code == 200
    assert "大きすぎます" in response.content.decode()
    assert not Image.objects.filter(title="大きな写真").exists()


def test_an_image_within_the_limit_is_accepted(admin_client, settings):
    data = png((32, 32))
    response = admin_client.post(
        "/admin/images/add/", {"title": "小さな写真", "file": SimpleUploadedFile("s.png", data, "image/png")}
    )
    assert response.status_code == 302 and Image.objects.filter(title="小さな写真").exists()


def test_a_request_over_the_limit_is_refused_with_a_clear_message(client, settings):
    settings.UPLOAD_MAX_REQUEST_SIZE = 1024 * 1024
    response = client.post("/ja/accounts/login/", data=b"x" * (1024 * 1024 + 1), content_type="application/octet-stream")
    assert response.status_code == 413
    assert "大きすぎます" in response.content.decode() and "1 MB" in response.content.decode()
    response = client.post("/en/accounts/login/", data=b"x" * (1024 * 1024 + 1), content_type="application/octet-stream")
    assert response.status_code == 413 and "too large (limit: 1 MB)" in response.content.decode()


def test_the_limits_in_force():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.UPLOAD_MAX_REQUEST_SIZE == 25 * 1024 * 1024
