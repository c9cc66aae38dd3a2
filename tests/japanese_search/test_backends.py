"""Japanese/English search through the configured database backend (SQLite or PostgreSQL,
as DATABASE_URL selects), on modelsearch's test models."""

import pytest
from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if not apps.is_installed("modelsearch.test.testapp"):
    pytest.skip(
        "needs 'modelsearch.test.testapp' in INSTALLED_APPS (test_modelsearch_suite.py fails loudly about it)",
        allow_module_level=True,
    )

from modelsearch.query import Not, Phrase, PlainText  # noqa: E402
from modelsearch.test.testapp.models import Author, Book  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.search.utils import parse_query_string  # noqa: E402

from japanese_search import analysis  # noqa: E402
from japanese_search.conf import search_backends  # noqa: E402

pytestmark = pytest.mark.django_db

BOOKS = {
    "kyoto": ("京都府の伝統工芸", "京都の職人による展示"),
    "tokyo": ("東京都心のアンテナショップ", "東京都中央区で販売"),
    "seminar": ("第５回 地域共創セミナー", "ＤＸとｲﾝﾊﾞｳﾝﾄﾞ観光、ＩＣＴ活用"),
    "not_adjacent": ("地域の共創について", "共創と地域づくり"),
    "cases": ("先進事例集", "観光資源の磨き上げ"),
    "takatsuki": ("髙槻市の埴輪", "古墳と史跡公園"),
    "web": ("ウエブサイト改修", "サーバの取組"),
    "sme": ("中小企業支援", "事業承継"),
    "crafts": ("Traditional craft fair", "An exhibition of local crafts and IT tools"),
    "british": ("The organisation of a neighbourhood centre", "A programme that digitalises colour archives"),
    "kyoto_seminar": ("京都セミナー報告", "地域共創の先進事例"),
}


# The database backend for this database, even when SEARCH_BACKEND selects a cluster.
DATABASE_BACKEND = search_backends(connection.settings_dict["ENGINE"], {})["default"]["BACKEND"]


@pytest.fixture
def backend():
    backend = get_search_backend(DATABASE_BACKEND)
    assert type(backend).__module__ == DATABASE_BACKEND
    return backend


@pytest.fixture
def books(backend):
    author = Author.objects.create(name="山﨑 太郎")
    created = {}
    for key, (title, summary) in BOOKS.items():
        book = Book.objects.create(title=title, summary=summary, publication_date="2024-04-01", number_of_pages=10)
        created[key] = book
    created["cases"].authors.add(author)
    backend.add_bulk(Book, list(created.values()))
    backend.add(author)
    return created


def keys(results, books):
    by_pk = {book.pk: key for key, book in books.items()}
    return sorted(by_pk[result.pk] for result in results)


def search(backend, books, query, **kwargs):
    return keys(backend.search(query, Book, **kwargs), books)


def autocomplete(backend, books, query, **kwargs):
    return keys(backend.autocomplete(query, Book, **kwargs), books)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("京都", ["kyoto", "kyoto_seminar"]),  # never 東京都
        ("東京", ["tokyo"]),
        ("地域共創", ["kyoto_seminar", "seminar"]),  # inside 地域共創セミナー, not 地域の共創
        ("事例", ["cases", "kyoto_seminar"]),  # inside 先進事例
        ("第5回", ["seminar"]),
        ("第５回", ["seminar"]),
        ("DX", ["seminar"]),
        ("インバウンド", ["seminar"]),
        ("ict", ["seminar"]),
        ("高槻", ["takatsuki"]),
        ("髙槻", ["takatsuki"]),
        ("たかつき", ["takatsuki"]),  # katakana reading of 高槻
        ("磨き上げる", ["cases"]),  # base form
        ("ウェブサイト", ["web"]),
        ("サーバー", ["web"]),
        ("取り組み", ["web"]),
        ("山崎", ["cases"]),  # related field (author), variant kanji
        ("crafts", ["crafts"]),
        ("exhibiting", ["crafts"]),
        ("CRAFT FAIR", ["crafts"]),
        ("organization", ["british"]),  # American spellings find British text
        ("neighborhood center", ["british"]),
        ("program", ["british"]),
        ("digitalization", ["british"]),
        ("colors", ["british"]),
        ("organisations", ["british"]),
        ("IT", ["crafts"]),
        ("宇宙開発", []),
    ],
)
def test_search(backend, books, query, expected):
    assert search(backend, books, query) == expected


def test_several_words_mean_all_of_them(backend, books):
    assert search(backend, books, "京都 セミナー") == ["kyoto_seminar"]
    assert search(backend, books, "京都　事例") == ["kyoto_seminar"]  # ideographic space
    assert search(backend, books, "京都 宇宙") == []
    assert search(backend, books, "京都 東京", operator="or") == ["kyoto", "kyoto_seminar", "tokyo"]


def test_queryset_search_uses_the_configured_backend(books):
    assert sorted(book.title for book in Book.objects.search("京都", backend=DATABASE_BACKEND)) == [
        "京都セミナー報告",
        "京都府の伝統工芸",
    ]


def test_query_objects_and_parsed_query_strings(backend, books):
    assert search(backend, books, Phrase("地域共創")) == ["kyoto_seminar", "seminar"]
    assert search(backend, books, PlainText("京都") & Not(PlainText("セミナー"))) == ["kyoto"]
    assert search(backend, books, PlainText("東京") | PlainText("髙槻")) == ["takatsuki", "tokyo"]
    filters, query = parse_query_string('"地域共創" 京都')  # Wagtail's parser: phrase and words
    assert search(backend, books, query) == ["kyoto_seminar"]


def test_title_matches_rank_first(backend, books):
    results = list(backend.search("事例", Book))
    assert results[0].pk == books["cases"].pk  # in the title (boost 10), the other only in the summary


def test_fields_argument_narrows_to_the_title(backend, books):
    assert search(backend, books, "事例", fields=["title"]) == ["cases"]
    assert search(backend, books, "京都", fields=["title"]) == ["kyoto", "kyoto_seminar"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("地域共", ["seminar"]),
        ("地域共創", ["seminar"]),
        ("中小企", ["sme"]),
        ("京", ["kyoto", "kyoto_seminar"]),  # not 東京都
        ("京都", ["kyoto", "kyoto_seminar"]),
        ("東京都", ["tokyo"]),
        ("都心", ["tokyo"]),
        ("第5", ["seminar"]),
        ("地域共創セ", ["seminar"]),
        ("髙", ["takatsuki"]),
        ("ウェブ", ["web"]),
        ("ウエブサ", ["web"]),
        ("tradi", ["crafts"]),
        ("Traditional cra", ["crafts"]),
        ("craft fa", ["crafts"]),
        ("先進事", ["cases"]),
        ("宇宙", []),
    ],
)
def test_autocomplete(backend, books, query, expected):
    assert autocomplete(backend, books, query) == expected


def test_autocomplete_through_the_queryset_api(books):
    assert [book.title for book in Book.objects.autocomplete("中小企", backend=DATABASE_BACKEND)] == ["中小企業支援"]


HOSTILE = [
    "",
    " ",
    '"',
    '"""',
    "*",
    "-",
    "()",
    "(",
    ")",
    ":",
    "^",
    "'",
    ";",
    "NEAR",
    "OR",
    "AND",
    "NOT",
    'title:"京都" OR body:*',
    "京都 NEAR/2 東京",
    "a' OR '1'='1",
    "!京都 & |東京 <-> :*",
    "\\",
    "%s %d %%",
    "\x00\x01\x1f\x7f",
    "\u200b\u200c\u200d\ufeff",
    "😀🎌👨‍👩‍👧",
    "京都" * 1000,
    "x" * 2000,
    "あ " * 1000,
    "-京都",
    '"京都',
    "京都*",
    "{title}: 京都",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(backend, books, query):
    assert isinstance(search(backend, books, query), list)
    assert isinstance(autocomplete(backend, books, query), list)
    filters, parsed = parse_query_string(query)
    assert isinstance(search(backend, books, parsed), list)


query_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list("\"*-():^';!&|<>{}\\% NEAROTAND京都地域共創ｲﾝﾊﾞｳﾝﾄﾞ\u200b\x00😀")), max_size=40),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=query_text, operator=st.sampled_from(["and", "or"]))
def test_generated_queries_never_raise(backend, books, query, operator):
    assert isinstance(search(backend, books, query, operator=operator), list)
    assert isinstance(autocomplete(backend, books, query, operator=operator), list)
    filters, parsed = parse_query_string(query, operator=operator)
    assert isinstance(search(backend, books, parsed), list)


def test_related_fields_are_analysed_once_at_the_leaves(backend, books, monkeypatch):
    seen = []
    original = analysis.index_text

    def spy(text, lang=None):
        seen.append(text)
        return original(text, lang)

    monkeypatch.setattr(analysis, "index_text", spy)
    backend.add(books["cases"])
    assert sorted(seen) == sorted(["先進事例集", "観光資源の磨き上げ", "山﨑 太郎"])


def test_the_language_reaches_the_compiler_as_a_search_option(backend, books):
    assert backend.search("京都", Book, language="en").query_compiler.search_language == "en"
    assert backend.search("京都", Book).query_compiler.search_language is None  # both languages
    with analysis.search_language("ja"):  # the default when no option is given
        assert backend.search("京都", Book).query_compiler.search_language == "ja"
        assert backend.search("京都", Book, language=None).query_compiler.search_language is None
    # The test models' fields have no language suffix: indexed in both languages, found in either.
    found = search(backend, books, "京都", language="en")
    assert found == search(backend, books, "京都", language="ja") == ["kyoto", "kyoto_seminar"]


def test_english_text_is_searched_in_english_only(backend, books):
    with analysis.search_language("ja"):
        terms = backend.search("craft", Book).query_compiler.plain_text_terms(PlainText("craft"))
    english = backend.search("craft", Book, language="en").query_compiler.plain_text_terms(PlainText("craft"))
    assert terms[0].alternatives[0][0].tokens == ("craft",)
    assert english[0].alternatives[0][0].tokens == (analysis.ENGLISH_TAG + "craft",)


def test_index_writes_send_index_changed(backend, books):
    from japanese_search.signals import index_changed

    received = []

    def record(sender, index, **kwargs):
        received.append(index)

    index_changed.connect(record)
    try:
        backend.add(books["kyoto"])
        backend.delete(books["tokyo"])
    finally:
        index_changed.disconnect(record)
    assert len(received) == 2


def test_names_handed_in_by_the_site_find_each_other(backend, books):
    from japanese_search import abbreviations

    previous = abbreviations._names_provider
    abbreviations.register_names_provider(lambda: [("職人", "クラフトマン", "")])
    try:
        assert search(backend, books, "クラフトマン") == ["kyoto"]
        assert abbreviations.known_names()["国交省"]  # the built-in groups stay
    finally:
        abbreviations.register_names_provider(previous)
    assert search(backend, books, "クラフトマン") == []
