"""Reading an import file: its bytes as parsed JSON, or KnowledgeImportError saying why not."""

import json
import sys
from pathlib import Path

from .outcome import KnowledgeImportError


def load_file(path):
    """The parsed JSON of a file ("-" for standard input); KnowledgeImportError if unreadable or not JSON."""
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise KnowledgeImportError([f"File not found: {path}"]) from exc
    except IsADirectoryError as exc:
        raise KnowledgeImportError([f"{path} is a directory, not a JSON file."]) from exc
    except OSError as exc:
        raise KnowledgeImportError([f"Cannot read {path}: {exc.strerror}"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KnowledgeImportError([f"{path} is not UTF-8 text (byte {exc.start})."]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise KnowledgeImportError([f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]) from exc
