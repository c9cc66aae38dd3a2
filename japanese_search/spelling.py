"""British and American spellings of the same English word, folded to one before stemming.

The site's English is written in British spelling (organisation, programme, centre); overseas
visitors type either. The English stemmer alone keeps them apart (organisation -> "organis",
organization -> "organiz"), so the analysis of indexed text and of queries folds British spellings
to American ones first (japanese_search.analysis.stem_english; the Elasticsearch analysis applies the same
rules in index settings). Only listed word families change: a blanket -ise -> -ize rule would part
revise from revision and advise from advisory.
"""

import re

# -ise/-isation verbs (organise, digitalisation): the part before "is".
IZE_STEMS = (
    "author", "capital", "categor", "central", "character", "civil", "colon", "commercial", "computer",
    "critic", "custom", "decentral", "democrat", "digital", "digit", "econom", "emphas", "energ", "equal",
    "familiar", "final", "fertil", "global", "harmon", "hospital", "human", "ideal", "immun", "incentiv",
    "industrial", "institutional", "internal", "international", "legal", "liberal", "local", "material",
    "maxim", "memor", "minim", "mobil", "modern", "monet", "moral", "neutral", "normal", "optim", "organ",
    "penal", "personal", "polar", "popular", "priorit", "privat", "public", "rational", "real", "recogn",
    "regular", "revital", "revolution", "sanit", "scrutin", "sensit", "social", "special", "stabil",
    "standard", "steril", "subsid", "summar", "symbol", "sympath", "synchron", "synthes", "systemat",
    "theor", "traumat", "urban", "util", "visual", "vital",
)  # fmt: skip
IZE_ENDINGS = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational")
IZE_RE = re.compile(rf"^({'|'.join(IZE_STEMS)})is({'|'.join(IZE_ENDINGS)})$")

# -our words and their derivatives (colour, colourful, neighbourhood, labourer).
OR_STEMS = (
    "arbour", "ardour", "armour", "behaviour", "candour", "clamour", "colour", "endeavour", "favour",
    "flavour", "harbour", "honour", "humour", "labour", "neighbour", "odour", "rancour", "rigour", "rumour",
    "saviour", "savour", "splendour", "tumour", "valour", "vapour", "vigour",
)  # fmt: skip
OR_RE = re.compile(rf"^({'|'.join(stem[:-3] for stem in OR_STEMS)})our(?=[a-z]*$)")

# Whole words (with their inflections where they differ).
WORDS = {
    "centre": "center", "centres": "centers", "centred": "centered", "centring": "centering",
    "metre": "meter", "metres": "meters", "kilometre": "kilometer", "kilometres": "kilometers",
    "litre": "liter", "litres": "liters", "theatre": "theater", "theatres": "theaters",
    "fibre": "fiber", "fibres": "fibers", "calibre": "caliber", "manoeuvre": "maneuver",
    "programme": "program", "programmes": "programs", "catalogue": "catalog", "catalogues": "catalogs",
    "dialogue": "dialog", "dialogues": "dialogs", "analogue": "analog",
    "licence": "license", "licences": "licenses", "defence": "defense", "offence": "offense",
    "offences": "offenses", "pretence": "pretense",
    "practise": "practice", "practised": "practiced", "practises": "practices", "practising": "practicing",
    "analyse": "analyze", "analysed": "analyzed", "analyses": "analyzes", "analysing": "analyzing",
    "paralyse": "paralyze", "catalyse": "catalyze",
    "ageing": "aging", "grey": "gray", "tyre": "tire", "tyres": "tires", "cheque": "check", "cheques": "checks",
    "jewellery": "jewelry", "aluminium": "aluminum", "mould": "mold", "plough": "plow", "kerb": "curb",
    "sceptical": "skeptical", "sceptic": "skeptic", "storey": "story", "storeys": "stories",
    "enrol": "enroll", "enrolment": "enrollment", "enrolments": "enrollments", "fulfil": "fulfill",
    "fulfilment": "fulfillment", "instalment": "installment", "instalments": "installments",
    "skilful": "skillful", "wilful": "willful", "paediatric": "pediatric", "paediatrics": "pediatrics",
    "anaemia": "anemia", "encyclopaedia": "encyclopedia", "orthopaedic": "orthopedic",
}  # fmt: skip


def american(word: str) -> str:
    """The American spelling of a lowercase English word, or the word itself."""
    if word in WORDS:
        return WORDS[word]
    if "is" in word:
        word = IZE_RE.sub(r"\1iz\2", word)
    if "our" in word:
        word = OR_RE.sub(r"\1or", word)
    return word
