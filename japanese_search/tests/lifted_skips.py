"""Upstream tests that modelsearch's per-database classes skip for "MatchAll as an inner expression", run again:
the Japanese compilers simplify MatchAll/MATCH_NONE out of And/Or/Not before anything reaches the database.

Mixins (put them before upstream's class in the bases); shared by the suite in modelsearch's own settings
(japanese_search/tests) and the one in the site's settings (tests/search/test_modelsearch_suite.py).
"""

from modelsearch.tests.test_backends import BackendTests


class MatchAllSkipsLifted:
    test_search_not_match_none = BackendTests.test_search_not_match_none
    test_search_or_match_all = BackendTests.test_search_or_match_all
    test_search_or_match_none = BackendTests.test_search_or_match_none
    test_search_and_match_all = BackendTests.test_search_and_match_all


class SQLiteSkipsLifted(MatchAllSkipsLifted):
    test_search_boosting_on_related_fields = BackendTests.test_search_boosting_on_related_fields
    test_autocomplete_with_fields_arg = BackendTests.test_autocomplete_with_fields_arg


class PostgresSkipsLifted(MatchAllSkipsLifted):
    test_search_and_match_none = BackendTests.test_search_and_match_none
