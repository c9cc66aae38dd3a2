"""Backups of the database and the media files in one tar archive, and their restore.

An archive holds `manifest.json` (database engine, time, file count), the database (`database.sqlite3`, made
with SQLite's online backup API, or `database.dump`, PostgreSQL's pg_dump custom format) and every stored media
file under `media/`, read through the default storage (local folder or object storage alike).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from datetime import datetime
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

from core.cache import new_generation

FORMAT = 1
ARCHIVE_PREFIX = "backup-"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


# ------------------------------------------------------------------ the database


def dump_database(target, alias="default"):
    """Write the database to `target` (a path without suffix); returns the file written."""
    connection = connections[alias]
    if engine(alias) == "sqlite":
        path = Path(f"{target}.sqlite3")
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return path
    path = Path(f"{target}.dump")
    run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}", alias=alias)
    return path


def load_database(path, alias="default"):
    """Replace the database's content with the dump at `path`."""
    connection = connections[alias]
    if engine(alias) == "sqlite":
        source = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    run_pg(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", str(path), alias=alias
    )


def run_pg(program, *args, alias="default"):
    settings = connections[alias].settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    options = [f"--dbname={settings['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            options.append(f"{flag}={settings[key]}")
    if not shutil.which(program):
        raise BackupError(f"{program} is not installed (the PostgreSQL client tools, e.g. apt-get install postgresql-client).")
    result = subprocess.run([program, *options, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


# ------------------------------------------------------------------ media


def media_names(storage=default_storage, folder=""):
    """Every stored file's name, walking the storage's folders."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from media_names(storage, f"{folder}/{sub}" if folder else sub)


def add_media(archive, storage=default_storage):
    count = 0
    try:
        names = sorted(media_names(storage))
    except FileNotFoundError:  # no media folder yet
        names = []
    for name in names:
        with storage.open(name, "rb") as handle:
            data = handle.read()
        info = tarfile.TarInfo(f"media/{name}")
        info.size = len(data)
        info.mtime = int(time.time())
        archive.addfile(info, ContentFile(data))
        count += 1
    return count


def restore_media(archive, storage=default_storage):
    count = 0
    for member in archive.getmembers():
        if not member.isfile() or not member.name.startswith("media/"):
            continue
        name = member.name.removeprefix("media/")
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"Unsafe file name in the archive: {member.name}")
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(archive.extractfile(member).read()))
        if saved != name:
            raise BackupError(f"The storage renamed {name} to {saved}: restore into an empty media folder.")
        count += 1
    return count


# ------------------------------------------------------------------ archives


def backup(directory, alias="default", now=None):
    """Write backup-YYYYmmdd-HHMMSS.tar into `directory`; returns its path and the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    final = directory / f"{ARCHIVE_PREFIX}{stamp}.tar"
    partial = directory / f".{final.name}.partial"
    with tempfile.TemporaryDirectory() as scratch:
        database = dump_database(Path(scratch) / "database", alias)
        with tarfile.open(partial, "w") as archive:
            archive.add(database, arcname=database.name)
            files = add_media(archive)
            manifest = {
                "format": FORMAT,
                "engine": engine(alias),
                "created": stamp,
                "database": database.name,
                "media_files": files,
            }
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, ContentFile(data))
    partial.replace(final)  # a half-written archive never looks like a backup
    return final, manifest


def read_manifest(archive, alias="default"):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("Not a backup made by `manage.py backup` (no readable manifest.json).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest["engine"] != engine(alias):
        raise BackupError(f"This backup is of a {manifest['engine']} database; the site runs on {engine(alias)}.")
    return manifest


def restore(path, alias="default"):
    """Replace the database and the media files with the archive's; returns its manifest."""
    try:
        archive = tarfile.open(path)  # noqa: SIM115 - closed by the with block below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from error
    with archive, tempfile.TemporaryDirectory() as scratch:
        manifest = read_manifest(archive, alias)
        archive.extract(manifest["database"], scratch, filter="data")
        load_database(Path(scratch) / manifest["database"], alias)
        restore_media(archive)
    ContentType.objects.clear_cache()  # ids as the restored database has them
    new_generation()  # cached pages and search answers are of the content before
    return manifest


def prune(directory, keep_days, now=None):
    """Delete this directory's backups older than keep_days days; returns the deleted paths."""
    limit = (now or time.time()) - keep_days * 86400
    deleted = []
    for path in sorted(Path(directory).glob(f"{ARCHIVE_PREFIX}*.tar")):
        if path.stat().st_mtime < limit:
            path.unlink()
            deleted.append(path)
    return deleted
