"""Related ids and inline rows of many pages, one query each, for comparing pages with the file and exporting them."""

from .text import blank


def m2m_map(model, field_name, ids):
    """{page id: set of related ids} read straight from the through table."""
    field_ = model._meta.get_field(field_name)
    through = field_.remote_field.through
    source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
    result = {pk: set() for pk in ids}
    for source_id, target_id in through.objects.filter(**{f"{source}_id__in": ids}).values_list(f"{source}_id", f"{target}_id"):
        result[source_id].add(target_id)
    return result


def rows_map(model, ids, text_field, **only):
    """{page id: [(start, {"ja": text, "en": text}), …]} of a page's timed rows (chapters, transcript) in order."""
    result = {pk: [] for pk in ids}
    for row in model.objects.filter(page_id__in=ids, **only).order_by("page_id", "sort_order", "pk"):
        result[row.page_id].append(
            (row.start, {"ja": blank(getattr(row, f"{text_field}_ja")), "en": blank(getattr(row, f"{text_field}_en"))})
        )
    return result
