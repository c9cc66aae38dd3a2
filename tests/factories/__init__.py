"""Factories for the test suite: real objects in the real database, no mocks.

One function per kind of object (tree: the page tree; snippets; pages; users), and in `scenarios` the named
content sets that several test packages share. `from tests import factories` then `factories.case_study(...)`.
"""

from tests.factories.pages import case_study, members_only, notice, paragraphs, recording, reindex, standard_page
from tests.factories.snippets import (
    municipality,
    organisation,
    person,
    picture,
    sample_municipality,
    sample_theme,
    theme,
    unique,
)
from tests.factories.tree import build_site, ensure_reference_data
from tests.factories.users import member_user

__all__ = [
    "build_site",
    "case_study",
    "ensure_reference_data",
    "member_user",
    "members_only",
    "municipality",
    "notice",
    "organisation",
    "paragraphs",
    "person",
    "picture",
    "recording",
    "reindex",
    "sample_municipality",
    "sample_theme",
    "standard_page",
    "theme",
    "unique",
]
