"""WebVTT and SRT caption files: read them into cues, write cues back.

Reads what YouTube Studio, Zoom, Microsoft Teams and Whisper-style tools write: voice tags (<v 澤井宏文>),
"名前：" / "Speaker:" prefixes, inline timestamps and styling tags, YouTube's rolling two-line cues.
Every problem raises CaptionError naming the line; nothing is returned half read.
"""

import html
import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024
TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?P<settings>\s.*)?$"
)
TIME = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2})[.,](?P<ms>\d{1,3})$")
LOOKS_LIKE_TIME = re.compile(r"\d:\d\d[.,]\d")
VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
# "澤井宏文：", "Speaker 1:", "SPEAKER_00:" before the words; no sentence punctuation in the name
PREFIX = re.compile(
    r"^(?P<name>[^\s:：。、，,.!?！？「」()（）][^:：。、，,.!?！？「」()（）]{0,29}?)\s*(?:：\s*|:\s+)(?P<rest>\S.*)$", re.S
)


class CaptionError(ValueError):
    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(line, message)

    def __str__(self):
        """In the language active when it is shown, not when it was raised."""
        return gettext("%(line)s 行目: %(message)s") % {"line": self.line, "message": str(self.message)}


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""


def decode(data):
    """Text of an uploaded file (UTF-8, with or without a byte-order mark)."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaptionError(line, _("UTF-8 の文字として読めません。UTF-8 で保存し直してください。")) from error


def parse(data):
    """Cues of a WebVTT or SRT file (bytes or str), in order; the format is told by the first line."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CaptionError(1, _("ファイルが空です。"))
    if lines[first].startswith("WEBVTT"):
        cues = _read_blocks(lines, first, webvtt=True)
    elif lines[first].strip().isdigit() or TIMING.match(lines[first]):
        cues = _read_blocks(lines, first, webvtt=False)
    else:
        raise CaptionError(first + 1, _("WebVTT（1行目が WEBVTT）でも SRT（字幕番号と時刻の行）でもありません。"))
    if not cues:
        raise CaptionError(len(lines), _("字幕が1つもありません。"))
    return cues


def _blocks(lines, start, webvtt):
    """(line number of the block's first line, its lines) for each run of non-empty lines (in WebVTT a line
    of spaces belongs to its cue, as YouTube writes them; in SRT it ends the cue)."""
    block, at = [], None
    for n in range(start, len(lines)):
        if lines[n] if webvtt else lines[n].strip():
            if not block:
                at = n + 1
            block.append(lines[n])
        elif block:
            yield at, block
            block = []
    if block:
        yield at, block


def _read_blocks(lines, start, webvtt):
    cues = []
    blocks = _blocks(lines, start, webvtt)
    if webvtt:
        next(blocks)  # the header: WEBVTT, Kind:, Language:, X-TIMESTAMP-MAP
    for at, block in blocks:
        if webvtt and block[0].split(" ", 1)[0].split("\t", 1)[0] in {"NOTE", "STYLE", "REGION"}:
            continue
        cue, timing_line = _read_cue(at, block, webvtt)
        if cue is None:
            continue
        if cues and cue.start_ms < cues[-1].start_ms:
            raise CaptionError(timing_line, _("この字幕の開始時刻が前の字幕より前です。時刻の順に並べてください。"))
        cues = _append(cues, cue)
    return cues


def _read_cue(at, block, webvtt):
    timing_at = 0
    if "-->" not in block[0]:
        timing_at = 1
        if not webvtt and not block[0].strip().isdigit():
            raise CaptionError(at, _("字幕番号の行が数字ではありません。"))
    if timing_at >= len(block) or not TIMING.match(block[timing_at]):
        # a first line that looks like a time is the broken timing line, not a cue's name
        line = at if LOOKS_LIKE_TIME.search(block[0]) else at + min(timing_at, len(block) - 1)
        raise CaptionError(line, _("時刻の行（例: 00:00:01.000 --> 00:00:04.000）がないか、書式が正しくありません。"))
    match = TIMING.match(block[timing_at])
    start, end = _ms(match["start"]), _ms(match["end"])
    if None in (start, end):
        raise CaptionError(at + timing_at, _("時刻の分・秒は 59 までです。"))
    if end <= start:
        raise CaptionError(at + timing_at, _("終了時刻が開始時刻と同じか、それより前です。"))
    body = block[timing_at + 1 :]
    if not body:
        if webvtt:
            return None, at + timing_at  # an empty WebVTT cue is allowed and says nothing
        raise CaptionError(at + timing_at + 1, _("字幕の文がありません。"))
    speaker, text = _speaker_and_text(body)
    return (Cue(start, end, text, speaker) if text else None), at + timing_at


def _ms(value):
    match = TIME.match(value)
    minutes, seconds = int(match["m"]), int(match["s"])
    if minutes > 59 or seconds > 59:
        return None
    return ((int(match["h"] or 0) * 60 + minutes) * 60 + seconds) * 1000 + int(match["ms"].ljust(3, "0"))


def _speaker_and_text(body):
    raw = "\n".join(body)
    voice = VOICE.search(raw)
    speaker = voice[1].strip() if voice else ""
    text = "\n".join(line for line in (html.unescape(TAG.sub("", line)).strip() for line in body) if line)
    if not speaker:
        prefixed = PREFIX.match(text)
        if prefixed and not prefixed["rest"].startswith("//"):
            speaker, text = prefixed["name"].strip(), prefixed["rest"].strip()
    return speaker, text


def _append(cues, cue):
    """YouTube's automatic captions repeat the last line of a cue at the top of the next one, and show the
    same words again in 10 ms cues: those repeats are dropped."""
    if cues:
        previous = cues[-1]
        lines = cue.text.split("\n")
        if len(lines) > 1 and lines[0] == previous.text.split("\n")[-1]:
            cue = Cue(cue.start_ms, cue.end_ms, "\n".join(lines[1:]), cue.speaker)
        if cue.text == previous.text.split("\n")[-1] and cue.end_ms - cue.start_ms <= 50:
            return cues
    cues.append(cue)
    return cues


def timestamp(ms, separator="."):
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(cues, language="", kind=""):
    head = ["WEBVTT"] + ([f"Kind: {kind}"] if kind else []) + ([f"Language: {language}"] if language else [])
    parts = ["\n".join(head)]
    for n, cue in enumerate(cues, 1):
        voice = f"<v {_escape(cue.speaker)}>" if cue.speaker else ""
        parts.append(f"{n}\n{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}\n{voice}{_escape(cue.text)}")
    return "\n\n".join(parts) + "\n"


def to_srt(cues):
    parts = []
    for n, cue in enumerate(cues, 1):
        prefix = f"{cue.speaker}: " if cue.speaker else ""
        parts.append(f"{n}\n{timestamp(cue.start_ms, ',')} --> {timestamp(cue.end_ms, ',')}\n{prefix}{cue.text}")
    return "\n\n".join(parts) + "\n"
