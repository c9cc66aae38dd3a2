"""Media storage chosen by the environment: the local file system (default) or S3-compatible object storage.

MEDIA_STORAGE=s3 keeps uploads in a private bucket (AWS_STORAGE_BUCKET_NAME; AWS_S3_ENDPOINT_URL for MinIO and
other S3-compatible services; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role).
Pages link to signed URLs that expire after AWS_QUERYSTRING_EXPIRE seconds, so a members-only page's images
cannot be fetched by guessing their address. Needs `pip install -r requirements-s3.txt` (boto3).
"""

from urllib.parse import urlparse


def uses_object_storage(environ):
    choice = environ.get("MEDIA_STORAGE", "local").strip().lower()
    if choice not in ("local", "s3"):
        raise ValueError(f"MEDIA_STORAGE must be 'local' or 's3', not {choice!r}")
    return choice == "s3"


def object_storage(environ):
    """STORAGES["default"] for a private bucket with signed, short-lived file URLs."""
    options = {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
        "file_overwrite": False,
        "signature_version": "s3v4",
        "object_parameters": {"CacheControl": "private, max-age=3600"},
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
    }
    options.update({option: environ[name] for option, name in optional.items() if environ.get(name)})
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def object_storage_origin(environ):
    """The origin the browser fetches media from (for the Content-Security-Policy)."""
    if environ.get("AWS_S3_ENDPOINT_URL"):
        parsed = urlparse(environ["AWS_S3_ENDPOINT_URL"])
        return f"{parsed.scheme}://{parsed.netloc}"
    region = environ.get("AWS_S3_REGION_NAME", "")
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"https://{environ['AWS_STORAGE_BUCKET_NAME']}.{host}"
