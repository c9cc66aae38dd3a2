"""The recording page's player, caption tracks, transcript lines and clips (knowledge.recordings)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.languages import LANGUAGES, current_language
from knowledge.recordings.transcript import caption_languages, clock, parse_span, transcript_lines
from knowledge.video import real_youtube_id, youtube_id

register = template.Library()

LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}


@register.simple_tag(takes_context=True)
def recording_player(context, page):
    """Everything the page needs about its player: the file or embed, tracks, the clip asked for, the lines."""
    request = context.get("request")
    lang = current_language()
    span = parse_span(request.GET.get("t") if request else "")
    names = dict(LANGUAGES)
    caption_langs = caption_languages(page)
    media = page.media if page.media_id else None
    tracks = [
        {
            "lang": code,
            "label": LANGUAGE_NAMES.get(code, names.get(code, code)),
            "url": reverse("recording_captions", kwargs={"page_id": page.pk, "lang": code, "fmt": "vtt"}),
            "srt_url": reverse("recording_captions", kwargs={"page_id": page.pk, "lang": code, "fmt": "srt"}),
            "default": code == lang or (code == caption_langs[0] and lang not in caption_langs),
        }
        for code in caption_langs
    ]
    return {
        "media": media,
        "media_url": reverse("recording_media", args=[page.pk]) if media else "",
        "is_audio": bool(media and media.type == "audio"),
        "embed": not media and bool(real_youtube_id(page.video_url)),
        "placeholder": bool(youtube_id(page.video_url)) and not real_youtube_id(page.video_url),
        "tracks": tracks,
        "caption_language_names": [t["label"] for t in tracks],
        "chapters_url": reverse("recording_chapters", kwargs={"page_id": page.pk, "lang": lang})
        if page.chapters.exists()
        else "",
        "span": span,
        "start": span.start if span else 0,
        "clip_label": _("%(start)s〜%(end)s") % {"start": clock(span.start), "end": clock(span.end)}
        if span and span.is_clip
        else "",
        "lines": transcript_lines(page, lang, span),
        "clips": [{"clip": clip, "label": f"{clock(clip.start)}-{clock(clip.end)}"} for clip in page.clips.all()],
    }


@register.simple_tag
def transcript_items(lines, selectable):
    """The transcript's <li> rows. Built here rather than in a template loop: a two-hour transcript has ~2,000
    rows, which the loop rendered in ~1.5 s. `selectable` adds the boxes that choose a range to share."""
    lang = current_language()
    select_label = _("%(time)s の行を共有する範囲に含める")
    play_label = _("%(time)s から再生")
    rows = []
    for line in lines:
        time = line.timestamp
        select = (
            f'<label class="segment-select" hidden><input type="checkbox" value="{line.start}-{line.end}">'
            f'<span class="visually-hidden">{escape(select_label % {"time": time})}</span></label>'
            if selectable
            else ""
        )
        speaker = f'<span class="speaker">{escape(line.speaker)}</span> ' if line.speaker else ""
        text_lang = f' lang="{escape(line.text_lang)}"' if line.text_lang != lang else ""
        text = escape(line.text).replace("\r\n", "\n").replace("\n", "<br>")
        rows.append(
            f'<li id="t-{line.start}" data-start="{line.start_ms}" data-end="{line.end_ms}">{select}'
            f'<a class="timestamp" href="?t={line.start}" data-seek="{line.start}" '
            f'aria-label="{escape(play_label % {"time": time})}">{time}</a> '
            f'{speaker}<span class="segment-text"{text_lang}>{text}</span></li>'
        )
    return mark_safe("\n".join(rows))  # every value above is escaped
