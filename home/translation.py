from modeltranslation.translator import TranslationOptions, register

from .models import HomePage, StandardPage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("mission", "intro")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")
