from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Japanese/English search"
    default_auto_field = "django.db.models.BigAutoField"
