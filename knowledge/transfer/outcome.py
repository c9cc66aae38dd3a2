"""What an import tells its caller: the error listing every problem, or a summary of what changed."""

from collections import Counter
from dataclasses import dataclass, field

from .shape import SECTIONS


class KnowledgeImportError(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.message)

    @property
    def message(self):
        count = len(self.problems)
        heading = f"Nothing was imported: {count} problem{'s' if count != 1 else ''} found."
        return "\n".join([heading, *(f"  - {p}" for p in self.problems)])


@dataclass
class ImportSummary:
    """How many items of each section were created, updated or left unchanged."""

    counts: dict = field(default_factory=lambda: {s: Counter() for s in SECTIONS})
    seconds: float = 0.0
    reindexed: int = 0

    def add(self, section, outcome):
        self.counts[section][outcome] += 1

    def total(self, outcome):
        return sum(c[outcome] for c in self.counts.values())

    @property
    def created(self):
        return self.total("created")

    @property
    def updated(self):
        return self.total("updated")

    @property
    def unchanged(self):
        return self.total("unchanged")

    def __str__(self):
        parts = [f"{s} {c['created']}/{c['updated']}/{c['unchanged']}" for s, c in self.counts.items() if sum(c.values())]
        detail = f" ({', '.join(parts)} created/updated/unchanged)" if parts else ""
        return (
            f"Imported in {self.seconds:.1f}s: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged{detail}; {self.reindexed} pages reindexed."
        )
