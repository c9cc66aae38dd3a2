"""Media storage chosen by the environment: local files by default, a private bucket with signed URLs for s3."""

import json
import os
import subprocess
import sys

import pytest

from cms.settings.storage import object_storage, object_storage_origin, uses_object_storage

BUCKET = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "site-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_S3_ADDRESSING_STYLE": "path",
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
}


def production_settings(**environ):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'storage': settings.STORAGES['default'], 'serve': settings.MEDIA_SERVE, "
        "'origins': settings.MEDIA_ORIGINS, 'docs': settings.WAGTAILDOCS_SERVE_METHOD}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": "x", **environ}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_production_keeps_media_on_local_disk_and_serves_it_by_default():
    answer = production_settings()
    assert answer["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert answer["serve"] is True and answer["docs"] == "serve_view"


def test_production_with_s3_uses_a_private_bucket():
    pytest.importorskip("boto3", reason="requirements-s3.txt is not installed")
    answer = production_settings(**BUCKET)
    assert answer["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = answer["storage"]["OPTIONS"]
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["endpoint_url"] == "http://127.0.0.1:9000" and options["bucket_name"] == "site-media"
    assert answer["serve"] is False and answer["origins"] == ["http://127.0.0.1:9000"]


def test_an_unknown_storage_name_is_refused_clearly():
    with pytest.raises(ValueError, match="MEDIA_STORAGE"):
        uses_object_storage({"MEDIA_STORAGE": "ftp"})


def test_the_bucket_origin_on_aws():
    assert object_storage_origin({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_REGION_NAME": "ap-northeast-1"}) == (
        "https://b.s3.ap-northeast-1.amazonaws.com"
    )


def test_file_urls_are_signed_and_expire():
    pytest.importorskip("boto3", reason="requirements-s3.txt is not installed")
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**object_storage({**BUCKET, "AWS_QUERYSTRING_EXPIRE": "600"})["OPTIONS"])
    url = storage.url("images/closed.png")
    assert url.startswith("http://127.0.0.1:9000/site-media/images/closed.png?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=600" in url
