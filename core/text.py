"""Small questions about field values that templates and search ask alike."""


def is_empty(value):
    """True for None, blank text and an empty StreamField value."""
    if value is None:
        return True
    if hasattr(value, "raw_data"):  # StreamValue
        return len(value.raw_data) == 0
    return not str(value).strip()
