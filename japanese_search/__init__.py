"""Japanese and English full-text search for Wagtail / modelsearch: analysis and backends.

Imports nothing of the site that uses it: names reach it as data (abbreviations.register_names_provider),
index writes leave it as a signal (signals.index_changed), the language as a search option. See README.md.
"""
