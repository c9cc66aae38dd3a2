"""`migrate` on a fresh database (what `make run` does first) says what a person needs: no raw SQL from
wagtail-modeltranslation, one line for the language columns it adds, and the columns are there."""

import sqlite3
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_first_migrate_adds_page_language_columns_without_printing_sql(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert "ALTER TABLE" not in run.stdout and "Executing SQL" not in run.stdout, run.stdout[-2000:]
    added = [line for line in run.stdout.splitlines() if line.startswith("Added the language columns of ")]
    assert len(added) == 1 and "wagtailcore.page.title" in added[0], run.stdout[-2000:]
    columns = {row[1] for row in sqlite3.connect(database).execute("PRAGMA table_info(wagtailcore_page)")}
    assert {"title_ja", "title_en", "seo_title_en", "search_description_en"} <= columns

    again = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert "No new translatable fields detected" not in again.stdout
    assert "language columns" not in again.stdout
