"""Import and export knowledge content in the JSON shape of shared/search-eval/corpus.json.

`import_knowledge(data)` validates everything first and writes nothing if anything is wrong
(raising KnowledgeImportError with every problem); otherwise it upserts snippets by slug/code and
pages by slug in one transaction, publishes changed pages and refreshes their search index entries.
`export_knowledge()` returns the same shape.

By job: reading.py (the file), fields.py + validation.py (every problem by item and field), writing.py with
page_state.py and page_fields.py (upserts), exporting.py, text.py (plain text <-> rich text), audience.py
(members-only pages).
"""

from .exporting import dump_json, export_knowledge
from .importing import import_knowledge, import_knowledge_file
from .outcome import ImportSummary, KnowledgeImportError
from .reading import load_file
from .validation import validate

__all__ = [
    "ImportSummary",
    "KnowledgeImportError",
    "dump_json",
    "export_knowledge",
    "import_knowledge",
    "import_knowledge_file",
    "load_file",
    "validate",
]
