"""Fields with a Japanese and an English value (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Prefecture)
class PrefectureTR(TranslationOptions):
    fields = ("name",)


@register(models.Municipality)
class MunicipalityTR(TranslationOptions):
    fields = ("name",)


@register(models.Person)
class PersonTR(TranslationOptions):
    fields = ("name", "role")


@register(models.Organisation)
class OrganisationTR(TranslationOptions):
    fields = ("name", "short_name")


@register(models.Theme)
class ThemeTR(TranslationOptions):
    fields = ("name",)


@register(models.KnowledgePage)
class KnowledgePageTR(TranslationOptions):
    fields = ("summary", "body")


@register(models.CaseStudyPage)
class CaseStudyPageTR(TranslationOptions):
    fields = ()


@register(models.SeminarRecordingPage)
class SeminarRecordingPageTR(TranslationOptions):
    fields = ()


@register(models.ProgramNoticePage)
class ProgramNoticePageTR(TranslationOptions):
    fields = ("location", "eligibility")


@register(models.Chapter)
class ChapterTR(TranslationOptions):
    fields = ("title",)


@register(models.Outcome)
class OutcomeTR(TranslationOptions):
    fields = ("indicator", "unit")


@register(models.TranscriptSegment)
class TranscriptSegmentTR(TranslationOptions):
    fields = ("text",)


@register(models.CaseStudyIndexPage)
class CaseStudyIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(models.SeminarRecordingIndexPage)
class SeminarRecordingIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(models.ProgramNoticeIndexPage)
class ProgramNoticeIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(models.RecordingClip)
class RecordingClipTR(TranslationOptions):
    fields = ("title",)
