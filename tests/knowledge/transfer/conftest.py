"""The shared search-evaluation corpus, read once, and a fresh copy of it per test."""

import copy
import json

import pytest

from tests.knowledge.transfer.support import CORPUS


@pytest.fixture(scope="session")
def corpus_data():
    if not CORPUS.is_file():
        pytest.fail(f"The shared search-evaluation corpus is missing: expected it at {CORPUS} (settings.SHARED_DIR).")
    return json.loads(CORPUS.read_text(encoding="utf-8"))


@pytest.fixture
def corpus(corpus_data):
    return copy.deepcopy(corpus_data)
