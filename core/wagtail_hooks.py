from wagtail import hooks

from core.media import before_serve_document

hooks.register("before_serve_document", before_serve_document)
