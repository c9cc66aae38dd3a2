"""StreamField blocks for the body of knowledge pages, split by concern."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("見出しの文言"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("大見出し（H2）")), ("h3", _("小見出し（H3）"))], default="h2", label=_("見出しのレベル")
    )

    class Meta:
        icon = "title"
        label = _("見出し")
        template = "knowledge/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("画像ファイル"))
    alt_text = blocks.CharBlock(required=False, label=_("代替テキスト"), help_text=_("空欄の場合は画像のタイトルを使います"))
    caption = blocks.CharBlock(required=False, label=_("キャプション"))

    class Meta:
        icon = "image"
        label = _("画像")
        template = "knowledge/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("引用する文"))
    attribution = blocks.CharBlock(required=False, label=_("発言者・出典"))

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "knowledge/blocks/quote.html"


class KeyFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("項目"))
    value = blocks.DecimalBlock(label=_("数値"))
    unit = blocks.CharBlock(required=False, label=_("単位"))
    year = blocks.IntegerBlock(required=False, min_value=1900, max_value=2100, label=_("年"))

    class Meta:
        label = _("数値の項目")


class KeyFiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(KeyFigureBlock(), **kwargs)

    class Meta:
        icon = "table"
        template = "knowledge/blocks/key_figures.html"


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("リンクの文言"))
    page = blocks.PageChooserBlock(required=False, label=_("サイト内のページ"))
    url = blocks.URLBlock(required=False, label=_("外部URL"))

    class Meta:
        icon = "link"
        label = _("リンク")
        template = "knowledge/blocks/link.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文書ファイル"))
    title = blocks.CharBlock(required=False, label=_("表示名"))

    class Meta:
        icon = "doc-full"
        label = _("文書")
        template = "knowledge/blocks/document.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        label=_("本文"),
        template="knowledge/blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock(label=_("主要な数値"))
    link = LinkBlock()
    document = DocumentBlock()
