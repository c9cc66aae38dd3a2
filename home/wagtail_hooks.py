from wagtail import hooks

from core.cache import remember_served_page

hooks.register("before_serve_page", remember_served_page)
