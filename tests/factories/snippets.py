"""Snippets and images the pages refer to: municipalities, people, themes, organisations, pictures.

The sample municipalities and themes are the ones the tests' content sets share (sample data, not claims about
real places).
"""

import io
import itertools

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from knowledge.models import Municipality, Organisation, Person, Prefecture, Theme

_counter = itertools.count(1)

SAMPLE_MUNICIPALITIES = {
    "mishima": {"code": "222062", "name_ja": "三島市", "name_en": "Mishima City", "prefecture_code": 22},
    "beppu": {"code": "442020", "name_ja": "別府市", "name_en": "Beppu City", "prefecture_code": 44},
}
SAMPLE_THEMES = {
    "tourism": {"axis": "connect", "name_ja": "観光・交流", "name_en": "Tourism and exchange"},
    "environment": {"axis": "protect", "name_ja": "環境", "name_en": "Environment"},
    "dx": {"axis": "create", "name_ja": "DX・デジタル", "name_en": "Digital transformation"},
}


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def municipality(code=None, name_ja="三島市", name_en="Mishima City", prefecture_code=22, membership="full"):
    code = code or f"{next(_counter):06d}"
    return Municipality.objects.create(
        code=code,
        name=name_ja,
        name_ja=name_ja,
        name_en=name_en,
        prefecture=Prefecture.objects.get(code=prefecture_code),
        membership=membership,
    )


def sample_municipality(key, **fields):
    """sample_municipality("mishima") or ("beppu"): the municipality of SAMPLE_MUNICIPALITIES, with its real code."""
    return municipality(**{**SAMPLE_MUNICIPALITIES[key], **fields})


def person(name_ja="豊岡武士", name_en="Takeshi Toyooka", role_ja="三島市長", role_en="Mayor of Mishima", municipality=None):
    return Person.objects.create(
        slug=unique("person"),
        name=name_ja,
        name_ja=name_ja,
        name_en=name_en,
        role_ja=role_ja,
        role_en=role_en,
        municipality=municipality,
    )


def theme(slug=None, axis="connect", name_ja="観光・交流", name_en="Tourism and exchange"):
    return Theme.objects.create(slug=slug or unique("theme"), axis=axis, name=name_ja, name_ja=name_ja, name_en=name_en)


def sample_theme(slug, **fields):
    """sample_theme("tourism"), ("environment") or ("dx"): the theme of SAMPLE_THEMES under that slug."""
    return theme(slug=slug, **{**SAMPLE_THEMES[slug], **fields})


def organisation(
    name_ja="国土交通省", name_en="Ministry of Land, Infrastructure, Transport and Tourism", short_ja="国交省", short_en="MLIT"
):
    return Organisation.objects.create(
        slug=unique("org"), name=name_ja, name_ja=name_ja, name_en=name_en, short_name_ja=short_ja, short_name_en=short_en
    )


def picture(title="湧水の写真", filename="spring.png", size=(64, 48), colour="green"):
    """A small PNG in the image library."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=filename))
