"""Knowledge pages (case studies, seminar recordings, programme notices) and the snippets they use."""

import datetime
import operator
from functools import reduce

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.languages import LANGUAGE_CODES
from core.visibility import is_members_only
from knowledge.admin_forms import KnowledgePageForm
from knowledge.blocks import BodyBlock
from knowledge.models.media import RecordingMedia
from knowledge.romaji import KANA_READING, hiragana, romanised_name
from knowledge.slugs import readable_slug, unique_slug
from knowledge.video import embed_url

CLOSING_SOON_DAYS = 7


def per_language(field_class, name, **kwargs):
    """One index field per language, whatever language is active when the object is saved."""
    return [field_class(f"{name}_{lang}", **kwargs) for lang in LANGUAGE_CODES]


# ---------------------------------------------------------------- snippets


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", _("北海道")
    TOHOKU = "tohoku", _("東北")
    KANTO = "kanto", _("関東")
    CHUBU = "chubu", _("中部")
    KINKI = "kinki", _("近畿")
    CHUGOKU = "chugoku", _("中国")
    SHIKOKU = "shikoku", _("四国")
    KYUSHU = "kyushu", _("九州・沖縄")


class Prefecture(index.Indexed, models.Model):
    code = models.PositiveSmallIntegerField(_("都道府県コード"), unique=True)
    name = models.CharField(_("名称"), max_length=20)
    region = models.CharField(_("地方"), max_length=10, choices=Region.choices)

    search_fields = [*per_language(index.SearchField, "name"), *per_language(index.AutocompleteField, "name")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")

    def __str__(self):
        return self.name


class Membership(models.TextChoices):
    FULL = "full", _("正会員")
    PARTICIPANT = "participant", _("参加自治体")
    NONE = "", _("会員でない")


class GovernmentLevel(models.TextChoices):
    PREFECTURE = "prefecture", _("都道府県")
    MUNICIPALITY = "municipality", _("市区町村")
    WARD = "ward", _("政令指定都市の区")


class Municipality(index.Indexed, models.Model):
    """A local government of Japan (全国地方公共団体コード): a prefecture, a municipality or a designated city's ward.

    Loaded from the published code list by `sync_municipalities`; membership stays editorial."""

    code = models.CharField(_("団体コード"), max_length=6, unique=True, help_text=_("全国地方公共団体コード（6桁）"))
    name = models.CharField(_("名称"), max_length=50)
    kana = models.CharField(_("よみがな"), max_length=100, blank=True)
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("都道府県")
    )
    level = models.CharField(_("種別"), max_length=12, choices=GovernmentLevel.choices, default=GovernmentLevel.MUNICIPALITY)
    membership = models.CharField(_("会員区分"), max_length=12, choices=Membership.choices, default=Membership.NONE, blank=True)
    is_current = models.BooleanField(
        _("現行の団体"),
        default=True,
        help_text=_("合併・名称変更で団体コード一覧から外れた団体は、ページを残したまま「現行でない」とします。"),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("kana"),
        FieldPanel("prefecture"),
        FieldPanel("level"),
        FieldPanel("membership"),
        FieldPanel("is_current"),
    ]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("kana"),
        *per_language(index.SearchField, "name"),
        *per_language(index.AutocompleteField, "name"),
        index.RelatedFields("prefecture", per_language(index.SearchField, "name")),
        index.FilterField("membership"),
        index.FilterField("prefecture"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("自治体")
        verbose_name_plural = _("自治体")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """Its page in the current language (shown when it has content or membership)."""
        return reverse("municipality", kwargs={"code": self.code})

    @property
    def is_member(self):
        return bool(self.membership)

    @property
    def address_ja(self):
        """Prefecture and municipality as written together in Japanese: 京都府福知山市."""
        return f"{self.prefecture.name_ja or ''}{self.name_ja or self.name}"


def validate_kana(value):
    if not KANA_READING.fullmatch(value):
        raise ValidationError(_("よみがなは、ひらがなかカタカナで入力してください。"))


class Person(index.Indexed, models.Model):
    slug = models.SlugField(_("スラッグ"), max_length=80, unique=True)
    name = models.CharField(_("氏名"), max_length=80)
    kana = models.CharField(
        _("よみがな"),
        max_length=80,
        blank=True,
        validators=[validate_kana],
        help_text=_("姓と名の間に空白を入れます（例：さわい ひろふみ）。英語の氏名が空なら、ここからローマ字で補います。"),
    )
    role = models.CharField(_("役職"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="people", verbose_name=_("自治体")
    )

    panels = [FieldPanel("slug"), FieldPanel("name"), FieldPanel("kana"), FieldPanel("role"), FieldPanel("municipality")]
    search_fields = [
        *per_language(index.SearchField, "name"),
        *per_language(index.AutocompleteField, "name"),
        index.SearchField("kana"),
        *per_language(index.SearchField, "role"),
        index.FilterField("municipality"),
    ]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("人物")
        verbose_name_plural = _("人物")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.kana = hiragana(self.kana)
        if self.kana and not (self.name_en or "").strip():
            self.name_en = romanised_name(self.kana, self.name_ja or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person", kwargs={"slug": self.slug})


class Organisation(index.Indexed, models.Model):
    slug = models.SlugField(_("スラッグ"), max_length=80, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("略称"), max_length=40, blank=True)

    panels = [FieldPanel("slug"), FieldPanel("name"), FieldPanel("short_name")]
    search_fields = [
        *per_language(index.SearchField, "name"),
        *per_language(index.SearchField, "short_name"),
        *per_language(index.AutocompleteField, "name"),
    ]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("団体・省庁")
        verbose_name_plural = _("団体・省庁")

    def __str__(self):
        return self.name


class Axis(models.TextChoices):
    CREATE = "create", _("創る")
    CONNECT = "connect", _("繋ぐ")
    PROTECT = "protect", _("守る")


class Theme(index.Indexed, models.Model):
    slug = models.SlugField(_("スラッグ"), max_length=80, unique=True)
    axis = models.CharField(_("軸"), max_length=10, choices=Axis.choices)
    name = models.CharField(_("名称"), max_length=80)

    panels = [FieldPanel("slug"), FieldPanel("axis"), FieldPanel("name")]
    search_fields = [
        *per_language(index.SearchField, "name"),
        *per_language(index.AutocompleteField, "name"),
        index.FilterField("axis"),
    ]

    class Meta:
        ordering = ["axis", "slug"]
        verbose_name = _("テーマ")
        verbose_name_plural = _("テーマ")

    def __str__(self):
        return self.name


# ---------------------------------------------------------------- pages

# The title, then the slug where the editor sees it (not on the promote tab); typing the title no longer writes a
# Japanese slug: an empty slug is made readable when the page is saved (knowledge/slugs.py).
TITLE_AND_SLUG_PANELS = [TitleFieldPanel("title", targets=[]), FieldPanel("slug")]
PROMOTE_PANELS = [
    MultiFieldPanel([FieldPanel("seo_title"), FieldPanel("search_description")], heading=_("検索エンジン向け")),
    MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("サイトのメニュー")),
]


class KnowledgePage(Page):
    """What every knowledge page shares: a date, a summary, themes, a body and an optional municipality.

    Concrete, so that listings, facets and search can span all three types in one query.
    """

    date = models.DateField(_("日付"), help_text=_("事例の発表日、セミナーの収録日、お知らせの基準日"))
    summary = models.TextField(_("概要"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("本文"))
    themes = ParentalManyToManyField(Theme, blank=True, related_name="pages", verbose_name=_("テーマ"))
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="pages", verbose_name=_("自治体")
    )
    # Editors' corrections to the computed related pages (knowledge/related.py): the ordered rows
    # `pinned_related_pages` and `excluded_related_pages` (PinnedRelatedPage, ExcludedRelatedPage below).

    search_fields = [
        *Page.search_fields,
        *per_language(index.SearchField, "title", boost=3),
        *per_language(index.AutocompleteField, "title"),
        *per_language(index.SearchField, "summary", boost=1.5),
        *per_language(index.SearchField, "body"),
        index.RelatedFields("themes", per_language(index.SearchField, "name")),
        index.RelatedFields(
            "municipality",
            [
                *per_language(index.SearchField, "name"),
                index.SearchField("address_ja"),  # 京都府福知山市, as people write it
                index.RelatedFields("prefecture", per_language(index.SearchField, "name")),
            ],
        ),
        index.FilterField("date"),
        index.FilterField("municipality"),
        index.FilterField("themes"),
    ]

    is_creatable = False
    page_description = _("ナレッジページの共通部分")
    base_form_class = KnowledgePageForm
    promote_panels = PROMOTE_PANELS
    # Related rows the search index reads, fetched with each batch of pages (not one query per page).
    index_select_related = ("municipality__prefecture",)
    index_prefetch_related = ("themes",)

    @classmethod
    def get_indexed_objects(cls):
        queryset = super().get_indexed_objects()
        return queryset.select_related(*cls.index_select_related).prefetch_related(*cls.index_prefetch_related)

    # Rows the page's view reads more than once (the page, its JSON-LD, its related list): read once per request.
    view_prefetch_related = ("themes",)

    def get_context(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False):  # a preview shows the rows of the edit form, not the saved ones
            prefetch_related_objects([self], *self.view_prefetch_related)
        if self.municipality_id and "municipality" not in self._state.fields_cache:  # with its prefecture: one query
            self.municipality = Municipality.objects.select_related("prefecture").filter(pk=self.municipality_id).first()
        return super().get_context(request, *args, **kwargs)

    class Meta:
        verbose_name = _("ナレッジページ")
        ordering = ["-date"]
        # Listings show the newest first: the first cards are found without sorting every page.
        indexes = [
            models.Index(fields=["-date", "-page_ptr"], name="knowledge_newest_first"),
            # Search facets read these columns of every matching page from the index alone.
            models.Index(fields=["page_ptr", "date", "municipality"], name="knowledge_search_facets"),
        ]

    @cached_property
    def is_members_only(self):
        return is_members_only(self)

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.path:  # a new page saved in code (imports) without a slug
            base = readable_slug(self.title_en, self.title_ja or self.title, self.date)
            self.slug = unique_slug(base, self.get_parent(), self)
        super().full_clean(*args, **kwargs)

    @property
    def lacks_english(self):
        """True when the English title or summary is missing: the page then falls back to Japanese."""
        return not (self.title_en and (self.summary_en or not self.summary_ja))

    @property
    def type_slug(self):
        return self.specific_class.type_slug if hasattr(self.specific_class, "type_slug") else "page"


# The pages an editor may pin or exclude: the knowledge page types (the chooser lists no other).
RELATED_CHOICE_TYPES = ["knowledge.CaseStudyPage", "knowledge.SeminarRecordingPage", "knowledge.ProgramNoticePage"]


class RelatedPageChoice(Orderable):
    """An editor's correction to a page's computed related pages: another knowledge page, chosen in the page
    chooser (not a list of every page), in the order the editor sets."""

    target = models.ForeignKey(KnowledgePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("ページ"))

    panels = [PageChooserPanel("target", page_type=RELATED_CHOICE_TYPES)]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return str(self.target)


class PinnedRelatedPage(RelatedPageChoice):
    page = ParentalKey(KnowledgePage, on_delete=models.CASCADE, related_name="pinned_related_pages")

    class Meta(RelatedPageChoice.Meta):
        verbose_name = _("必ず表示する関連ページ")
        verbose_name_plural = _("必ず表示する関連ページ")


class ExcludedRelatedPage(RelatedPageChoice):
    page = ParentalKey(KnowledgePage, on_delete=models.CASCADE, related_name="excluded_related_pages")

    class Meta(RelatedPageChoice.Meta):
        verbose_name = _("表示しない関連ページ")
        verbose_name_plural = _("表示しない関連ページ")


def related_page_panels():
    return [
        InlinePanel(
            "pinned_related_pages",
            heading=_("必ず表示する関連ページ"),
            label=_("必ず表示する関連ページ"),
            help_text=_("関連ページの一覧の先頭に、この順で表示します（閲覧できる人にだけ）。"),
        ),
        InlinePanel(
            "excluded_related_pages",
            heading=_("表示しない関連ページ"),
            label=_("表示しない関連ページ"),
            help_text=_("関連ページの一覧に表示しません。"),
        ),
    ]


def date_panels(*names):
    return FieldRowPanel([FieldPanel(n) for n in names])


class CaseStudyPage(KnowledgePage):
    type_slug = "case-study"
    view_prefetch_related = (*KnowledgePage.view_prefetch_related, "outcomes")
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_studies", verbose_name=_("発表者")
    )
    episode = models.PositiveSmallIntegerField(_("首長TOP LIVE 回数"), null=True, blank=True)
    related_recordings = ParentalManyToManyField(
        "knowledge.SeminarRecordingPage", blank=True, related_name="related_case_studies", verbose_name=_("関連するセミナー")
    )
    related_notices = ParentalManyToManyField(
        "knowledge.ProgramNoticePage", blank=True, related_name="related_case_studies", verbose_name=_("関連するお知らせ")
    )
    funding_programmes = ParentalManyToManyField(
        "knowledge.ProgramNoticePage",
        blank=True,
        related_name="funded_case_studies",
        verbose_name=_("活用した事業・補助金"),
        help_text=_("この取り組みの財源になった国の事業や補助金のお知らせ"),
    )

    content_panels = [
        *TITLE_AND_SLUG_PANELS,
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("presenter"),
                date_panels("date", "episode"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("基本情報"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("outcomes", heading=_("成果指標"), label=_("成果指標")),
        FieldPanel("funding_programmes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("related_recordings", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_notices", widget=forms.CheckboxSelectMultiple),
                *related_page_panels(),
            ],
            heading=_("関連ページ"),
        ),
    ]
    search_fields = [
        *KnowledgePage.search_fields,
        *per_language(index.SearchField, "episode_label"),
        index.RelatedFields("presenter", [*per_language(index.SearchField, "name"), *per_language(index.SearchField, "role")]),
    ]
    parent_page_types = ["knowledge.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("先進事例")
        verbose_name_plural = _("先進事例")

    # Searchable labels in each language (第5回 / episode 5), read by the search index.
    def episode_label_ja(self):
        return f"第{self.episode}回" if self.episode else ""

    def episode_label_en(self):
        return f"episode {self.episode}" if self.episode else ""


class Series(models.TextChoices):
    FUTURE_CREATION = "future-creation", _("未来創造セミナー")
    REGIONAL_CO_CREATION = "regional-co-creation", _("地域共創セミナー")
    TOP_LIVE = "top-live", _("首長TOP LIVE")


class SeminarRecordingPage(KnowledgePage):
    type_slug = "recording"
    series = models.CharField(_("シリーズ"), max_length=30, choices=Series.choices)
    session = models.PositiveSmallIntegerField(_("回"), null=True, blank=True)
    speakers = ParentalManyToManyField(Person, blank=True, related_name="recordings", verbose_name=_("登壇者"))
    video_url = models.URLField(_("動画のURL"), blank=True, help_text=_("YouTube などの埋め込みに対応したURL"))
    duration_seconds = models.PositiveIntegerField(_("長さ（秒）"), null=True, blank=True)
    slides = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("スライド")
    )
    media = models.ForeignKey(
        RecordingMedia,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recordings",
        verbose_name=_("音声・動画ファイル"),
        help_text=_("サイトから配信する動画・音声。動画のURLより優先して再生します"),
    )

    content_panels = [
        *TITLE_AND_SLUG_PANELS,
        MultiFieldPanel(
            [
                date_panels("series", "session", "date"),
                FieldPanel("speakers"),
                FieldPanel("municipality"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("基本情報"),
        ),
        MultiFieldPanel(
            [FieldPanel("media"), FieldPanel("video_url"), FieldPanel("duration_seconds"), FieldPanel("slides")],
            heading=_("動画と資料"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(related_page_panels(), heading=_("関連ページ")),
        InlinePanel("chapters", label=_("チャプター")),
        InlinePanel("clips", label=_("クリップ")),
        InlinePanel("transcript_segments", label=_("文字起こし")),
    ]
    search_fields = [
        *KnowledgePage.search_fields,
        *per_language(index.SearchField, "session_label"),
        *per_language(index.SearchField, "series_label"),
        index.RelatedFields("speakers", [*per_language(index.SearchField, "name"), *per_language(index.SearchField, "role")]),
        index.RelatedFields("transcript_segments", per_language(index.SearchField, "text")),
        index.RelatedFields("chapters", per_language(index.SearchField, "title")),
        index.RelatedFields("clips", per_language(index.SearchField, "title")),
        index.FilterField("series"),
    ]
    index_prefetch_related = (*KnowledgePage.index_prefetch_related, "speakers")
    parent_page_types = ["knowledge.SeminarRecordingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("セミナー録画")
        verbose_name_plural = _("セミナー録画")

    # Searchable labels in each language, read by the search index.
    def session_label_ja(self):
        return f"第{self.session}回" if self.session else ""

    def session_label_en(self):
        return f"session {self.session}" if self.session else ""

    def series_label_ja(self):
        with translation.override("ja"):
            return str(self.get_series_display())

    def series_label_en(self):
        with translation.override("en"):
            return str(self.get_series_display())

    @property
    def embed_url(self):
        """A YouTube embed URL with the JS API enabled, so the page can seek the player."""
        return embed_url(self.video_url)

    # Who speaks in a recording: a listed speaker of the page, or the speaker of one of its transcript segments.
    # The one place for this rule (person page, municipality page, API counts).

    @classmethod
    def _speaking_rows(cls, people):
        """(listed speakers, segment speakers) as querysets of (person id, recording id), for `people` (a Person
        queryset or ids)."""
        listed = cls.speakers.through.objects.filter(person__in=people)
        spoken = TranscriptSegment.objects.filter(speaker__in=people)
        return (
            listed.values_list("person_id", "seminarrecordingpage_id"),
            spoken.values_list("speaker_id", "page_id").distinct(),
        )

    @classmethod
    def spoken_in_by(cls, people):
        """A filter (Q) for the recordings in which someone among `people` speaks."""
        listed, spoken = cls._speaking_rows(people)
        return Q(pk__in=listed.values("seminarrecordingpage_id")) | Q(pk__in=spoken.values("page_id"))

    @classmethod
    def speaking_pairs(cls, people, recordings):
        """{(person id, recording id)} of `people` speaking in `recordings` (a queryset): two queries."""
        listed, spoken = cls._speaking_rows(people)
        ids = recordings.order_by().values("pk")
        return set(listed.filter(seminarrecordingpage__in=ids)) | set(spoken.filter(page__in=ids))

    @classmethod
    def of_municipalities(cls, municipality_ids):
        """A filter (Q) for the recordings of these municipalities: assigned to one, or one of its people speaks."""
        people = Person.objects.filter(municipality_id__in=municipality_ids)
        return Q(municipality_id__in=municipality_ids) | cls.spoken_in_by(people)

    @classmethod
    def municipality_pairs(cls, municipality_ids, recordings):
        """{(municipality id, recording id)} by the rule of of_municipalities, within `recordings` (a queryset)."""
        ids = recordings.order_by().values("pk")
        assigned = cls.objects.filter(pk__in=ids, municipality_id__in=municipality_ids)
        home_of = dict(Person.objects.filter(municipality_id__in=municipality_ids).values_list("pk", "municipality_id"))
        spoken = {(home_of[person], recording) for person, recording in cls.speaking_pairs(list(home_of), recordings)}
        return set(assigned.values_list("municipality_id", "pk")) | spoken


class TimedText(models.Model):
    start = models.PositiveIntegerField(_("開始（秒）"))

    class Meta:
        abstract = True
        ordering = ["start"]

    @property
    def timestamp(self):
        return str(datetime.timedelta(seconds=self.start)).removeprefix("0:")


class Chapter(Orderable, TimedText):
    page = ParentalKey(SeminarRecordingPage, on_delete=models.CASCADE, related_name="chapters")
    title = models.CharField(_("見出し"), max_length=200)

    panels = [FieldPanel("start"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("チャプター")

    def __str__(self):
        return f"{self.timestamp} {self.title}"


class CaptionLanguage(models.TextChoices):
    BOTH = "", _("日本語と英語")
    JA = "ja", _("日本語")
    EN = "en", _("英語")


class TranscriptSegment(Orderable, TimedText):
    """A line of the transcript. Typed in by hand it holds both languages (language ""); imported from a
    caption file it belongs to that file's language, with the file's exact times in milliseconds."""

    page = ParentalKey(SeminarRecordingPage, on_delete=models.CASCADE, related_name="transcript_segments")
    text = models.TextField(_("発言"))
    language = models.CharField(_("言語"), max_length=2, choices=CaptionLanguage.choices, default="", blank=True)
    start_ms = models.PositiveIntegerField(_("開始（ミリ秒）"), null=True, blank=True)
    end_ms = models.PositiveIntegerField(_("終了（ミリ秒）"), null=True, blank=True)
    speaker_label = models.CharField(_("話者"), max_length=120, blank=True)
    speaker = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transcript_segments",
        verbose_name=_("話者（人物）"),
    )

    panels = [FieldPanel("start"), FieldPanel("language"), FieldPanel("speaker_label"), FieldPanel("speaker"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("文字起こし")

    def __str__(self):
        return f"{self.timestamp} {self.text[:40]}"


class RecordingClip(Orderable):
    """A named span of a recording that editors pick out (シェアしたい2分間)."""

    page = ParentalKey(SeminarRecordingPage, on_delete=models.CASCADE, related_name="clips")
    title = models.CharField(_("クリップ名"), max_length=200)
    start = models.PositiveIntegerField(_("開始（秒）"))
    end = models.PositiveIntegerField(_("終了（秒）"))

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("クリップ")

    def __str__(self):
        return self.title

    def clean(self):
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("終了は開始より後の時刻にしてください。")})

    @property
    def span(self):
        return f"{self.start}-{self.end}"


class NoticeKind(models.TextChoices):
    GOVERNMENT_PROGRAM = "government-program", _("国の事業")
    INTERNATIONAL_EVENT = "international-event", _("国際イベント・博覧会")
    MATCHING = "matching", _("マッチング")
    OTHER = "other", _("その他")


class NoticeStatus(models.TextChoices):
    """A notice with application dates is an open call (予告 .. 終了); one with event dates only is an event."""

    UPCOMING = "upcoming", _("予告")
    OPEN = "open", _("募集中")
    CLOSING_SOON = "closing-soon", _("締切間近")
    CLOSED = "closed", _("終了")
    EVENT_UPCOMING = "event-upcoming", _("開催予定")
    EVENT_ONGOING = "event-ongoing", _("開催中")
    EVENT_ENDED = "event-ended", _("開催終了")
    UNSCHEDULED = "unscheduled", _("日程未定")  # no application or event dates yet


# Notices taking applications now: what "open calls" lists (home page, the listing's "open" choice, the API).
OPEN_CALL_STATUSES = (NoticeStatus.OPEN, NoticeStatus.CLOSING_SOON)


class ProgramNoticePage(KnowledgePage):
    type_slug = "notice"
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="notices", verbose_name=_("実施団体")
    )
    kind = models.CharField(_("種別"), max_length=30, choices=NoticeKind.choices, default=NoticeKind.OTHER)
    applications_open = models.DateField(_("募集開始日"), null=True, blank=True)
    applications_close = models.DateField(_("募集締切日"), null=True, blank=True)
    event_start = models.DateField(_("開催開始日"), null=True, blank=True)
    event_end = models.DateField(_("開催終了日"), null=True, blank=True)
    location = models.CharField(_("開催地"), max_length=200, blank=True)
    external_url = models.URLField(_("詳細・申込みのURL"), blank=True)
    eligibility = RichTextField(_("対象"), blank=True, features=["bold", "link", "ol", "ul"])

    content_panels = [
        *TITLE_AND_SLUG_PANELS,
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("kind"),
                FieldPanel("municipality"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("基本情報"),
        ),
        MultiFieldPanel(
            [
                date_panels("applications_open", "applications_close"),
                date_panels("event_start", "event_end"),
                FieldPanel("location"),
                FieldPanel("external_url"),
            ],
            heading=_("日程と申込み"),
        ),
        FieldPanel("summary"),
        FieldPanel("eligibility"),
        FieldPanel("body"),
    ]
    search_fields = [
        *KnowledgePage.search_fields,
        index.RelatedFields(
            "organisation", [*per_language(index.SearchField, "name"), *per_language(index.SearchField, "short_name")]
        ),
        *per_language(index.SearchField, "location"),
        *per_language(index.SearchField, "eligibility"),
        index.FilterField("kind"),
        index.FilterField("applications_close"),
        index.FilterField("event_start"),
    ]
    parent_page_types = ["knowledge.ProgramNoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("プログラム・イベントのお知らせ")
        verbose_name_plural = _("プログラム・イベントのお知らせ")

    def clean(self):
        super().clean()
        for start, end in (("applications_open", "applications_close"), ("event_start", "event_end")):
            if getattr(self, start) and getattr(self, end) and getattr(self, start) > getattr(self, end):
                raise ValidationError({end: _("終了日は開始日より後の日付にしてください。")})

    def save(self, *args, **kwargs):
        self.date = self.reference_date() or self.date or timezone.localdate()
        super().save(*args, **kwargs)

    def reference_date(self):
        """The date a notice is listed under: its deadline, else its event, else when applications open."""
        return self.applications_close or self.event_start or self.applications_open

    def status(self, today=None):
        """Derived from the dates at request time, never stored (`status_filter` is the same rule in SQL)."""
        today = today or timezone.localdate()
        opens, closes = self.applications_open, self.applications_close
        if opens or closes:
            if opens and today < opens:
                return NoticeStatus.UPCOMING
            if closes and today > closes:
                return NoticeStatus.CLOSED
            if closes and (closes - today).days < CLOSING_SOON_DAYS:
                return NoticeStatus.CLOSING_SOON
            return NoticeStatus.OPEN
        first, last = self.event_start or self.event_end, self.event_end or self.event_start
        if first is None:
            return NoticeStatus.UNSCHEDULED
        if today < first:
            return NoticeStatus.EVENT_UPCOMING
        if today > last:
            return NoticeStatus.EVENT_ENDED
        return NoticeStatus.EVENT_ONGOING

    @property
    def current_status(self):
        return self.status()

    @property
    def is_open_call(self):
        return self.current_status in OPEN_CALL_STATUSES

    @classmethod
    def open_calls_filter(cls, today=None):
        """A Q object for notices taking applications on the given day (OPEN_CALL_STATUSES)."""
        return reduce(operator.or_, (cls.status_filter(status, today) for status in OPEN_CALL_STATUSES))

    @classmethod
    def status_filter(cls, status, today=None):
        """A Q object that selects notices in the given status on the given day (mirrors `status`)."""
        today = today or timezone.localdate()
        soon = today + datetime.timedelta(days=CLOSING_SOON_DAYS)
        no_app_dates = Q(applications_open__isnull=True, applications_close__isnull=True)
        no_event_dates = Q(event_start__isnull=True, event_end__isnull=True)
        upcoming = Q(applications_open__gt=today)
        closed = ~upcoming & Q(applications_close__lt=today)
        closing_soon = ~upcoming & Q(applications_close__gte=today, applications_close__lt=soon)
        event_upcoming = Q(event_start__gt=today) | Q(event_start__isnull=True, event_end__gt=today)
        event_ended = Q(event_end__lt=today) | Q(event_end__isnull=True, event_start__lt=today)
        return {
            NoticeStatus.UPCOMING: upcoming,
            NoticeStatus.CLOSED: closed,
            NoticeStatus.CLOSING_SOON: closing_soon,
            NoticeStatus.OPEN: ~no_app_dates & ~upcoming & ~closed & ~closing_soon,
            NoticeStatus.EVENT_UPCOMING: no_app_dates & event_upcoming,
            NoticeStatus.EVENT_ENDED: no_app_dates & event_ended,
            NoticeStatus.EVENT_ONGOING: no_app_dates & ~no_event_dates & ~event_upcoming & ~event_ended,
            NoticeStatus.UNSCHEDULED: no_app_dates & no_event_dates,
        }[status]
