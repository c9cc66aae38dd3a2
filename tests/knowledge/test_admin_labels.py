"""Every label an editor reads in the admin (fields, StreamField blocks, choices, help texts, panels) is ours in
Japanese and has an English translation for admin users whose language is English."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from wagtail import blocks

from knowledge.blocks import BodyBlock
from tests.home.support import english_catalogue  # noqa: F401 (fixture)

OUR_APPS = ("home", "knowledge", "members", "search", "syndication", "core")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LANGUAGE_SUFFIX = re.compile(r"_(ja|en)$")


def in_both(text):
    with translation.override("ja"):
        ja = str(text)
    with translation.override("en"):
        en = str(text)
    return ja, en


def problems_of(where, text):
    ja, en = in_both(text)
    found = []
    if not JAPANESE.search(ja):
        found.append(f"{where}: not Japanese in the Japanese admin: {ja!r}")
    if JAPANESE.search(en) or "（" in en or "、" in en:
        found.append(f"{where}: no English in the English admin: {en!r}")
    return found


def our_fields():
    for config in apps.get_app_configs():
        if config.label not in OUR_APPS:
            continue
        for model in config.get_models():
            for field in model._meta.get_fields(include_parents=False):
                if field.auto_created or not getattr(field, "editable", False) or field.name.endswith("_ptr"):
                    continue
                if LANGUAGE_SUFFIX.search(field.name) or field.name in ("sort_order", "page", "id"):
                    continue
                if field.model._meta.app_label not in OUR_APPS:  # Wagtail's own (ReviewTask.groups)
                    continue
                yield f"{model.__name__}.{field.name}", field


def walk_blocks(block, path):
    yield path, block
    if isinstance(block, (blocks.StructBlock, blocks.StreamBlock)):
        for name, child in block.child_blocks.items():
            yield from walk_blocks(child, f"{path}.{name}")
    elif isinstance(block, blocks.ListBlock):
        yield from walk_blocks(block.child_block, f"{path}[]")


@pytest.mark.usefixtures("english_catalogue")
def test_every_streamfield_block_has_a_japanese_label_and_an_english_one():
    found = []
    for path, block in walk_blocks(BodyBlock(), "body"):
        if path == "body":
            continue
        found += problems_of(f"block {path}", block.label)
        if getattr(block.meta, "help_text", None):
            found += problems_of(f"block {path} help", block.meta.help_text)
        for value, label in getattr(block.field, "choices", []) if isinstance(block, blocks.ChoiceBlock) else []:
            if value:
                found += problems_of(f"block {path} choice {value}", label)
    assert not found, "\n".join(found)

    with translation.override("ja"):
        menu = {str(child.label) for child in BodyBlock().child_blocks.values()}
    assert {"見出し", "画像", "引用", "リンク", "文書"} <= menu, menu
    with translation.override("en"):
        menu = {str(child.label) for child in BodyBlock().child_blocks.values()}
    assert {"Heading", "Image", "Quote", "Link", "Document"} <= menu, menu


@pytest.mark.usefixtures("english_catalogue")
def test_every_field_choice_and_help_text_of_ours_has_both_languages():
    found = []
    for where, field in our_fields():
        found += problems_of(where, field.verbose_name)
        if field.help_text:
            found += problems_of(f"{where} help", field.help_text)
        for value, label in field.choices or []:
            if value and (value, label) not in settings.LANGUAGES:  # 日本語 / English: each in its own language
                found += problems_of(f"{where} choice {value}", label)
    assert not found, "\n".join(found)
