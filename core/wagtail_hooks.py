from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from core.media import before_serve_document

hooks.register("before_serve_document", before_serve_document)


@hooks.register("insert_global_admin_css")
def admin_css():
    """Fixes to the admin's look that every screen shares (core/static/core/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("insert_editor_js")
def editor_js():
    """Accessible names for the rich text editors (core/static/core/admin.js)."""
    return format_html('<script src="{}"></script>', static("core/admin.js"))
