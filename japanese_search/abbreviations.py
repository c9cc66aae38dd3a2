"""Official names and their abbreviations: a query word that is one of them also finds the others.

Municipal staff write 国交省 as often as 国土交通省, and overseas visitors METI for the Ministry of Economy,
Trade and Industry. A query word that equals a listed name (after the same normalisation as the index:
width, case) also matches each other name of its group, as a phrase, in either language. The groups are
the central ministries and national bodies listed here, plus the groups the site hands in through
register_names_provider (e.g. every organisation's name and short name in Japanese and English). Only whole
query words are looked up: several-word English names are found from their abbreviation, not the other way round.
"""

from functools import lru_cache

from japanese_search import analysis

# Only abbreviations in common use that name nothing else (no MIC, MOE, JTA).
BUILT_IN = (
    ("国土交通省", "国交省", "MLIT", "Ministry of Land, Infrastructure, Transport and Tourism"),
    ("経済産業省", "経産省", "METI", "Ministry of Economy, Trade and Industry"),
    ("文部科学省", "文科省", "MEXT", "Ministry of Education, Culture, Sports, Science and Technology"),
    ("厚生労働省", "厚労省", "MHLW", "Ministry of Health, Labour and Welfare"),
    ("農林水産省", "農水省", "MAFF", "Ministry of Agriculture, Forestry and Fisheries"),
    ("外務省", "MOFA", "Ministry of Foreign Affairs"),
    ("中小企業庁", "中企庁", "Small and Medium Enterprise Agency"),
    ("消防庁", "FDMA", "Fire and Disaster Management Agency"),
    ("気象庁", "JMA", "Japan Meteorological Agency"),
    ("国土地理院", "GSI", "Geospatial Information Authority of Japan"),
    ("国際協力機構", "JICA", "Japan International Cooperation Agency"),
    ("日本貿易振興機構", "ジェトロ", "JETRO", "Japan External Trade Organization"),
    ("日本政府観光局", "JNTO", "Japan National Tourism Organization"),
    ("宇宙航空研究開発機構", "JAXA", "Japan Aerospace Exploration Agency"),
    ("新エネルギー・産業技術総合開発機構", "NEDO", "New Energy and Industrial Technology Development Organization"),
    ("中小企業基盤整備機構", "中小機構", "SMRJ"),
    ("地方公共団体情報システム機構", "J-LIS", "Japan Agency for Local Authority Information Systems"),
    ("日本経済団体連合会", "経団連", "Keidanren", "Japan Business Federation"),
)


def _key(name: str) -> str:
    """A name as a query word is compared: normalised like the index, without spaces."""
    return analysis.normalize_text(name).replace(" ", "")


def build(groups, base=None) -> dict[str, tuple[str, ...]]:
    """{query word: the other names of its groups} for groups of names (blanks and repeats ignored),
    added to `base` (a dict build() made)."""
    others = {key: list(names) for key, names in (base or {}).items()}
    for group in groups:
        names = {}  # key -> name as written, first spelling kept
        for name in group:
            if name and name.strip():
                names.setdefault(_key(name.strip()), name.strip())
        for key in names:
            found = others.setdefault(key, [])
            found.extend(name for other, name in names.items() if other != key and name not in found)
    return {key: tuple(names) for key, names in others.items() if names}


BUILT_IN_NAMES = build(BUILT_IN)


_names_provider = None


def register_names_provider(provider) -> None:
    """Hand the engine the site's names: `provider()` returns groups of names that find each other
    (iterables of strings; blanks ignored), e.g. each organisation's name and short name in every language.
    It is called whenever a search is made, so it should cache; equal groups are merged only once.
    None removes the provider (the built-in groups remain)."""
    global _names_provider
    _names_provider = provider


def known_names() -> dict[str, tuple[str, ...]]:
    """The built-in groups and the provider's, as {query word: the other names of its groups}."""
    if _names_provider is None:
        return BUILT_IN_NAMES
    return _with_groups(tuple(tuple(group) for group in _names_provider()))


@lru_cache(maxsize=1)
def _with_groups(groups) -> dict[str, tuple[str, ...]]:
    """BUILT_IN_NAMES with these groups added (built again only when the groups change)."""
    return build(groups, base=BUILT_IN_NAMES)
