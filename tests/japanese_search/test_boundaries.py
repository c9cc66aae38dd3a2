"""japanese_search is a part of its own: it imports nothing of the site and no Wagtail models."""

import ast
from pathlib import Path

import japanese_search

PACKAGE_DIR = Path(japanese_search.__file__).parent
SITE_PACKAGES = ("cms", "core", "home", "knowledge", "members", "search", "syndication", "tests")


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_engine_imports_nothing_of_the_site_nor_wagtail():
    found = [
        (path.relative_to(PACKAGE_DIR).as_posix(), name)
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in SITE_PACKAGES or name == "wagtail" or name.startswith("wagtail.")
    ]
    assert found == []


def test_private_modelsearch_names_are_used_only_in_the_adapter():
    users = [
        path.relative_to(PACKAGE_DIR).as_posix()
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if path.name != "modelsearch_private.py"
        and any(
            isinstance(node, ast.Attribute) and node.attr in {"_search", "_refresh_title_norms", "_build_rank_expression"}
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert users == []
