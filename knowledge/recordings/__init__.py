"""Seminar recordings' media, captions, transcripts and clips: reading and writing caption files (captions.py),
importing them into a page (importing.py), what the page shows (transcript.py) and the views that serve the
files and the admin's caption upload (views.py, admin_views.py)."""
