"""The rules read from a built folder's files: artwork (F5), each episode's MP3
(I2, I6, A1, A3, A4, A5) and its transcript and chapter files (P3, P4). The
transcript and chapters content checks are shared with a served show."""

from __future__ import annotations

import html
import io
import json
import re
import urllib.parse
from functools import cached_property
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import ID3, CTOCFlags, ID3NoHeaderError
from mutagen.mp3 import MP3, BitrateMode
from PIL import Image, UnidentifiedImageError

from ..layout import EPISODES_DIR, FEED, ShowLayout
from ..manifest import load_feed_urls
from .common import (
    MAX_APIC_BYTES, MAX_COVER_BYTES, NS, Feed, Finding, Findings, Item, Source, blocks,
    first_attr, text,
)


class FolderSource(Source):
    """A built show folder."""

    mode = "folder"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.layout = ShowLayout(folder)

    def feed_data(self) -> bytes | None:
        try:
            return self.layout.feed.read_bytes()
        except OSError:
            return None

    def earlier_feed_urls(self) -> tuple[str, ...]:
        return load_feed_urls(self.folder)

    def local_file(self, feed: Feed, url: str) -> Path | None:
        """The file a feed URL points to, when it is in the folder."""
        base = feed.feed_url.rsplit("/", 1)[0] + "/" if feed.feed_url else None
        if base and url.startswith(base):
            relative = url[len(base):]
        else:
            path = urllib.parse.urlparse(url).path
            match = re.search(rf"({re.escape(EPISODES_DIR)}/[^/]+|[^/]+)$", path)
            relative = match.group(1) if match else ""
        relative = urllib.parse.unquote(relative)
        if not relative or ".." in relative.split("/") or relative.startswith("/"):
            return None
        return self.folder / relative


def feed_file(source: Source) -> Findings:
    """F1 for a folder: it exists and holds the feed."""
    if not isinstance(source, FolderSource):
        return
    if not source.folder.is_dir():
        yield Finding(str(source.folder), "no such folder", "build the show first")
    elif source.feed_data() is None:
        yield Finding(str(source.layout.feed), f"{FEED} is missing", "build the show (the "
                      "feed is written last, so a failed build leaves none)")


def cover_file(feed: Feed) -> Findings:
    """F5: the artwork the feed names, in the folder, is a compliant image."""
    href = first_attr(feed.channel, "itunes:image", "href")
    if not href:
        return
    path = feed.source.local_file(feed, href)
    if path is None or not path.is_file():
        yield Finding("channel", f"the cover image {href} is missing "
                      f"({path or 'not in the show folder'})", "rebuild the show")
        return
    for problem in cover_problems(path.read_bytes(), path.name):
        yield Finding(str(path.name), problem, "rebuild the show or fix the image file")


def cover_problems(data: bytes, name: str, *, max_bytes: int = MAX_COVER_BYTES,
                   min_px: int = 1400, max_px: int = 3000) -> list[str]:
    """F5 for artwork bytes named `name`; [] when the image is fine."""
    problems = []
    suffix = name.lower().rsplit(".", 1)[-1]
    magic = "jpg" if data[:3] == b"\xff\xd8\xff" else "png" if data[:8] == b"\x89PNG\r\n\x1a\n" \
        else None
    if suffix in ("jpeg",):
        suffix = "jpg"
    if suffix not in ("jpg", "png"):
        problems.append(f"{name} is not .jpg or .png")
    elif magic != suffix:
        problems.append(f"{name}'s bytes are {magic or 'not an image'}, not {suffix}")
    if len(data) > max_bytes:
        problems.append(f"{name} is {len(data)} bytes, over {max_bytes}")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            mode = image.mode
    except (UnidentifiedImageError, OSError):
        problems.append(f"{name} cannot be read as an image")
        return problems
    if mode != "RGB":
        problems.append(f"{name} is {mode}, not RGB")
    if width != height:
        problems.append(f"{name} is {width}x{height}, not square")
    if not min_px <= width <= max_px:
        problems.append(f"{name} is {width} px wide, not {min_px}..{max_px}")
    return problems


# ------------------------------------------------------------ episode files


class EpisodeFiles:
    """One item's files in the folder, each read once for every rule."""

    def __init__(self, feed: Feed, item: Item) -> None:
        self.feed, self.item, self.name = feed, item, item.name
        element = item.element.find("enclosure")
        self.enclosure = element if element is not None and element.get("url") else None

    @cached_property
    def mp3(self) -> Path | None:
        """The enclosure's file; None when the feed names none or it is missing."""
        if self.enclosure is None:
            return None
        path = self.feed.source.local_file(self.feed, self.enclosure.get("url", ""))
        return path if path is not None and path.is_file() else None

    @cached_property
    def data(self) -> bytes:
        return self.mp3.read_bytes()

    @cached_property
    def info(self):
        """mutagen's MPEG info, or the MutagenError that says why there is none."""
        try:
            return MP3(self.mp3).info
        except MutagenError as exc:
            return exc

    @property
    def readable(self) -> bool:
        return self.mp3 is not None and not isinstance(self.info, MutagenError)

    @cached_property
    def tags(self):
        """The ID3 tag, or the error reading it."""
        try:
            return ID3(self.mp3, translate=False)
        except MutagenError as exc:  # ID3NoHeaderError among them
            return exc

    @property
    def tagged(self) -> bool:
        return self.readable and not isinstance(self.tags, MutagenError)

    @property
    def length_s(self) -> float | None:
        return self.info.length if self.readable else None

    @cached_property
    def chapter_frames(self) -> list:
        """The CHAP frames in start order."""
        return sorted(self.tags.getall("CHAP"), key=lambda c: c.start_time)


def enclosure_file(files: EpisodeFiles) -> Findings:
    """I2 for a folder: the enclosure's file is there, of the length the feed gives."""
    if files.enclosure is None:
        return
    if files.mp3 is None:
        url = files.enclosure.get("url", "")
        yield Finding(files.name, f"the enclosure file is missing "
                      f"({files.feed.source.local_file(files.feed, url)})", "rebuild the show")
        return
    size = files.mp3.stat().st_size
    if files.enclosure.get("length") != str(size):
        yield Finding(files.name, f"enclosure length {files.enclosure.get('length')} but "
                      f"{files.mp3.name} has {size} bytes",
                      "rebuild (the length must be taken after the last tag write)")


def mpeg_audio(files: EpisodeFiles) -> Findings:
    """A1: MPEG-1 Layer III, 44.1 kHz, mono, CBR 64..128 kbps."""
    if files.mp3 is None:
        return
    name, info = files.name, files.info
    if isinstance(info, MutagenError):
        why = str(info) or ("it is empty" if not files.data
                            else "mutagen finds no MPEG audio frames")
        yield Finding(name, f"{files.mp3.name} is not a readable MP3 ({why})",
                      "rebuild the show")
        return
    if info.version != 1 or info.layer != 3:
        yield Finding(name, f"MPEG-{info.version} Layer {info.layer}, not MPEG-1 Layer III",
                      "rebuild the show")
    if info.sample_rate != 44100:
        yield Finding(name, f"{info.sample_rate} Hz, not 44100 Hz", "rebuild the show")
    if info.channels != 1:
        yield Finding(name, f"{info.channels} channels, not mono", "rebuild the show")
    bitrates = _frame_bitrates(files.data)
    if info.bitrate_mode in (BitrateMode.VBR, BitrateMode.ABR) or len(bitrates) > 1:
        yield Finding(name, "the MP3 is not constant bitrate", "rebuild the show")
    if not 64_000 <= info.bitrate <= 128_000:
        yield Finding(name, f"{info.bitrate // 1000} kbps, not 64..128",
                      "set bitrate_kbps 64..128")


def id3_version(files: EpisodeFiles) -> Findings:
    """A3: an ID3v2.3 tag at the start, no ID3v1, no TDRC in v2.3."""
    if not files.readable:
        return
    data, name = files.data, files.name
    if data[:3] != b"ID3" or data[3] != 3:
        yield Finding(name, "the file does not start with an ID3v2.3 tag",
                      "save tags with v2_version=3")
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        yield Finding(name, "the file has an ID3v1 tag", "save tags with v1=0")
    if files.tagged and files.tags.version[:2] == (2, 3) and files.tags.getall("TDRC"):
        yield Finding(name, "TDRC in an ID3v2.3 tag", "call update_to_v23() before saving")


def id3_frames(files: EpisodeFiles) -> Findings:
    """A4: the frames every episode carries, and a small JPEG front cover."""
    if not files.readable:
        return
    name, tags = files.name, files.tags
    if isinstance(tags, ID3NoHeaderError):
        yield Finding(name, "the file has no ID3 tags", "rebuild the show")
        return
    if isinstance(tags, MutagenError):
        yield Finding(name, f"the ID3 tag cannot be read ({tags})", "rebuild the show")
        return
    for frame in ("TIT2", "TPE1", "TALB", "TRCK", "COMM", "USLT"):
        if not tags.getall(frame) or not any(str(f).strip() for f in tags.getall(frame)):
            yield Finding(name, f"no {frame} frame", "rebuild the show")
    genres = [str(g) for f in tags.getall("TCON") for g in f.text]
    if "Podcast" not in genres:
        yield Finding(name, f"TCON is {genres or 'missing'}, not Podcast", "rebuild the show")
    if not (tags.getall("TYER") or tags.getall("TDRC")):
        yield Finding(name, "no date frame (TYER/TDRC)", "rebuild the show")
    covers = [f for f in tags.getall("APIC") if f.type == 3]
    if not covers:
        yield Finding(name, "no APIC front cover", "rebuild the show")
    for cover in covers:
        if cover.mime not in ("image/jpeg", "image/jpg") or cover.data[:3] != b"\xff\xd8\xff":
            yield Finding(name, f"APIC cover is {cover.mime}, not a JPEG", "rebuild the show")
        if len(cover.data) > MAX_APIC_BYTES:
            yield Finding(name, f"APIC cover is {len(cover.data)} bytes, over 300 KB",
                          "rebuild the show")


def chapter_frames(files: EpisodeFiles) -> Findings:
    """A5: CHAP frames with unique ids, start < end <= duration and a TIT2; one ordered
    top-level CTOC listing them all."""
    if not files.tagged:
        return
    name, tags = files.name, files.tags
    chaps = tags.getall("CHAP")
    duration_ms = files.info.length * 1000
    ids = [c.element_id for c in chaps]
    if len(set(ids)) != len(ids):
        yield Finding(name, "CHAP element ids are not unique", "rebuild the show")
    for chap in chaps:
        if chap.start_time >= chap.end_time:
            yield Finding(name, f"chapter {chap.element_id} does not start before it ends",
                          "rebuild the show")
        # mutagen's length comes from the frame count; allow for encoder padding.
        if chap.end_time > duration_ms + 250:
            yield Finding(name, f"chapter {chap.element_id} ends at {chap.end_time} ms, "
                          f"after the audio ({duration_ms:.0f} ms)", "rebuild the show")
        if not chap.sub_frames.getall("TIT2"):
            yield Finding(name, f"chapter {chap.element_id} has no TIT2", "rebuild the show")
    if not chaps:
        return
    tops = [t for t in tags.getall("CTOC") if t.flags & CTOCFlags.TOP_LEVEL]
    if len(tops) != 1:
        yield Finding(name, f"{len(tops)} top-level CTOC frames, expected 1", "rebuild the show")
        return
    toc = tops[0]
    if not toc.flags & CTOCFlags.ORDERED:
        yield Finding(name, "the CTOC is not flagged ORDERED", "rebuild the show")
    if list(toc.child_element_ids) != [c.element_id for c in files.chapter_frames]:
        yield Finding(name, "the CTOC does not list every chapter in order", "rebuild the show")


def decoded_duration(files: EpisodeFiles) -> Findings:
    """I6 for a folder: itunes:duration within 1 s of the file's."""
    length_s = files.length_s
    value = text(files.item.element, "itunes:duration")
    if length_s is not None and value.isdigit() and abs(int(value) - length_s) > 1.0:
        yield Finding(files.name, f"itunes:duration {value} s but the file lasts "
                      f"{length_s:.1f} s", "rebuild the show")


def transcript_files(files: EpisodeFiles) -> Findings:
    """P3 for a folder: every transcript the feed names is there and valid."""
    if files.mp3 is None:
        return
    for transcript in files.item.element.findall("podcast:transcript", NS):
        path = files.feed.source.local_file(files.feed, transcript.get("url", ""))
        if path is None or not path.is_file():
            yield Finding(files.name, f"transcript {transcript.get('url')} is missing",
                          "rebuild the show")
            continue
        yield from transcript_content(path.read_bytes(), transcript.get("type", ""), path.name)


def chapters_file(files: EpisodeFiles) -> Findings:
    """P4 for a folder: the chapters file is valid and equals the ID3 CHAP frames."""
    element = files.item.element.find("podcast:chapters", NS)
    if files.mp3 is None or element is None:
        return
    path = files.feed.source.local_file(files.feed, element.get("url", ""))
    if path is None or not path.is_file():
        yield Finding(files.name, f"chapters file {element.get('url')} is missing",
                      "rebuild the show")
        return
    findings: list[Finding] = []
    pairs = chapters_content(path.read_bytes(), path.name, files.length_s, findings)
    yield from findings
    if pairs is None or not files.tagged:
        return
    frames = [(c.start_time, str(c.sub_frames.getall("TIT2")[0])
               if c.sub_frames.getall("TIT2") else "") for c in files.chapter_frames]
    same = len(pairs) == len(frames) and all(
        title == f_title and abs(start * 1000 - f_start) <= 5
        for (start, title), (f_start, f_title) in zip(pairs, frames))
    if not same:
        yield Finding(files.name, f"{path.name} differs from the ID3 CHAP frames",
                      "rebuild the show (chapters come from one timeline)")


# ------------------------------------------------------- contents (both modes)


def chapters_content(data: bytes, name: str, duration_s: float | None,
                     findings: list[Finding]) -> list[tuple[float, str]] | None:
    """P4 on a chapters file's bytes, added to `findings`; its (start seconds, title)
    pairs, or None when it is not JSON chapters."""
    try:
        doc = json.loads(data.decode("utf-8"))
        chapters = doc["chapters"]
        if not isinstance(doc.get("version"), str) or not isinstance(chapters, list):
            raise ValueError
        pairs = [(float(c["startTime"]), str(c["title"])) for c in chapters]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        findings.append(Finding(name, "the chapters file is not valid JSON chapters 1.2.0",
                                "rebuild the show"))
        return None
    starts = [start for start, _ in pairs]
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        findings.append(Finding(name, "chapter startTimes are not ascending",
                                "rebuild the show"))
    if pairs and duration_s is not None and starts[-1] >= duration_s:
        findings.append(Finding(name, f"the last chapter starts at {starts[-1]} s, not before "
                                f"the end ({duration_s:.1f} s)", "rebuild the show"))
    return pairs


def transcript_content(data: bytes, kind: str, name: str) -> Findings:
    """P3 on a transcript's bytes of type `kind`."""
    try:
        value = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Finding(name, f"the {kind} transcript is not UTF-8", "rebuild the show")
        return
    if kind == "text/vtt":
        if not value.startswith("WEBVTT"):
            yield Finding(name, "the VTT transcript does not start with WEBVTT",
                          "rebuild the show")
        for block in blocks(value)[1:]:
            lines = block.splitlines()
            cue = lines[1:] if lines and "-->" not in lines[0] else lines
            # What a player shows: cue text is markup ("&amp;" is one character).
            long = [line for line in cue[1:] if len(html.unescape(line)) > 65]
            if long:
                yield Finding(name, f"VTT cue line over 65 characters: {long[0][:40]!r}...",
                              "rebuild the show")
                break
    elif kind == "application/x-subrip":
        for block in blocks(value):
            lines = block.splitlines()
            if len(lines) < 3 or "-->" not in lines[1]:
                yield Finding(name, "an SRT card is malformed", "rebuild the show")
                break
            if len(lines) > 4:
                yield Finding(name, "an SRT card has more than 2 lines", "rebuild the show")
                break
    elif kind == "application/json":
        try:
            doc = json.loads(value)
            for segment in doc["segments"]:
                float(segment["startTime"]), float(segment["endTime"]), str(segment["body"])
            if not isinstance(doc.get("version"), str):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            yield Finding(name, "the JSON transcript is not valid (version, segments "
                          "with startTime, endTime, body)", "rebuild the show")


# ------------------------------------------------------------- MPEG frames

_BITRATES_V1_L3 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0)
_RATES_V1 = (44100, 48000, 32000, 0)


def _frame_bitrates(data: bytes, max_frames: int = 100_000) -> set[int]:
    """The set of bitrates (kbps) of the MPEG-1 Layer III frames after the ID3v2 tag."""
    offset = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        offset = 10 + size + (10 if data[5] & 0x10 else 0)
    found: set[int] = set()
    frames = 0
    while offset + 4 <= len(data) and frames < max_frames:
        b1, b2 = data[offset + 1], data[offset + 2]
        if data[offset] != 0xFF or (b1 & 0xFE) != 0xFA:  # sync, MPEG-1, Layer III
            if frames == 0 and offset < len(data) - 4:
                offset += 1  # skip padding before the first frame
                continue
            break
        bitrate = _BITRATES_V1_L3[b2 >> 4]
        rate = _RATES_V1[(b2 >> 2) & 3]
        if not bitrate or not rate:
            break
        length = 144_000 * bitrate // rate + ((b2 >> 1) & 1)
        if frames or not _is_info_frame(data, offset):
            found.add(bitrate)
        frames += 1
        offset += length
    return found


def _is_info_frame(data: bytes, offset: int) -> bool:
    """A Xing/Info header frame (its bitrate may differ from the audio's)."""
    window = data[offset:offset + 64]
    return b"Xing" in window or b"Info" in window

