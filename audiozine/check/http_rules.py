"""The rules of a show served over HTTP (H1-H4), and the item rules that need the
served files (I2's length, P3 and P4 contents). Every URL is requested once for
all the rules that read the answer."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator

from ..layout import FEED
from .common import NS, Feed, Finding, Findings, Item, Source, first_attr, text
from .file_rules import chapters_content, transcript_content

#: Expected Content-Type (without parameters) by the kind of URL checked over HTTP.
HTTP_TYPES = {
    "feed": ("application/rss+xml", "application/xml", "text/xml"),
    "audio": ("audio/mpeg",),
    "image": ("image/jpeg", "image/png"),
    "chapters": ("application/json+chapters", "application/json"),
    "text/vtt": ("text/vtt",),
    "application/x-subrip": ("application/x-subrip", "text/plain"),
    "application/json": ("application/json",),
    "text/html": ("text/html",),
    "text/plain": ("text/plain",),
}
#: How many items (newest first) get the HTTP checks, to keep a check quick.
HTTP_ITEMS = 5
HTTP_TIMEOUT_S = 20

_ERRORS = (urllib.error.URLError, OSError, ValueError)


def _open(url: str, *, method: str = "GET", headers: dict | None = None):
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": "audiozine-check/1", **(headers or {})})
    return urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S)  # noqa: S310 (http(s) only)


@dataclass(frozen=True)
class Head:
    """A HEAD answer, or the error instead of one."""

    status: int | None = None
    headers: object = None
    error: str | None = None
    """ "answered 404" or "failed: ..." when there was no usable answer."""

    @property
    def length(self) -> str | None:
        return self.headers.get("Content-Length") if self.headers is not None else None


class Http:
    """Requests made once and remembered, for the rules that read their answers."""

    def __init__(self) -> None:
        self._gets: dict[str, bytes | Exception] = {}
        self._heads: dict[str, Head] = {}

    def get(self, url: str) -> bytes | Exception:
        if url not in self._gets:
            try:
                with _open(url) as response:
                    self._gets[url] = response.read()
            except _ERRORS as exc:
                self._gets[url] = exc
        return self._gets[url]

    def head(self, url: str) -> Head:
        if url not in self._heads:
            try:
                with _open(url, method="HEAD") as response:
                    self._heads[url] = Head(response.status, response.headers)
            except urllib.error.HTTPError as exc:
                self._heads[url] = Head(error=f"answered {exc.code}")
            except _ERRORS as exc:
                self._heads[url] = Head(error=f"failed: {exc}")
        return self._heads[url]

    @staticmethod
    def conditional(url: str, headers: dict) -> int | str:
        try:
            with _open(url, headers=headers) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except (urllib.error.URLError, OSError) as exc:
            return str(exc)

    @staticmethod
    def first_bytes(url: str) -> tuple[int, bytes, str] | Exception:
        """(status, body, Content-Range) of a `Range: bytes=0-1` request."""
        try:
            with _open(url, headers={"Range": "bytes=0-1"}) as response:
                return response.status, response.read(), response.headers.get(
                    "Content-Range", "")
        except (urllib.error.URLError, OSError) as exc:
            return exc


class UrlSource(Source):
    """A show served at a feed URL (or at the folder URL the feed is in)."""

    mode = "url"

    def __init__(self, url: str) -> None:
        self.url = url if not url.endswith("/") else url + FEED
        self.feed_url = self.url
        self.http = Http()

    def feed_data(self) -> bytes | None:
        data = self.http.get(self.url)
        return None if isinstance(data, Exception) else data


@dataclass(frozen=True)
class Served:
    """One URL of the show and what it must be served as."""

    url: str
    kind: str
    """A key of HTTP_TYPES (or a transcript type)."""

    name: str
    """Where a problem with it is reported."""

    audio: bool = False
    """Byte ranges and validators are checked (H2, H3)."""

    cors: bool = False
    """Access-Control-Allow-Origin: * is checked (H4)."""

    body: bool = False
    """Its content is read too (a transcript or chapters)."""


def _head_findings(http: Http, target: Served) -> Findings:
    """H1 for one URL: HEAD answers 200 with a Content-Length and the right type."""
    head = http.head(target.url)
    if head.error:
        yield Finding(target.name, f"HEAD {target.url} {head.error}",
                      "serve the file; allow HEAD" if head.error.startswith("answered")
                      else "check the server")
        return
    length = head.length
    if head.status != 200 or length is None or not length.isdigit():
        yield Finding(target.name, f"HEAD {target.url}: status {head.status}, Content-Length "
                      f"{length!r}", "answer HEAD with 200 and Content-Length")
    mime = (head.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if target.kind in HTTP_TYPES and mime not in HTTP_TYPES[target.kind]:
        yield Finding(target.name, f"{target.url} is served as {mime or 'no type'}, expected "
                      f"{HTTP_TYPES[target.kind][0]}", "configure the server's content types")


def _validators(http: Http, target: Served) -> Findings:
    """H3 for one URL: ETag or Last-Modified, and a conditional GET answers 304."""
    head = http.head(target.url)
    if head.error:
        return
    etag, modified = head.headers.get("ETag"), head.headers.get("Last-Modified")
    if not etag and not modified:
        yield Finding(target.name, f"{target.url} has neither ETag nor Last-Modified",
                      "let the server send validators")
        return
    status = http.conditional(target.url, {"If-None-Match": etag} if etag
                              else {"If-Modified-Since": modified})
    if status != 304:
        yield Finding(target.name, f"a conditional GET of {target.url} answered {status}, "
                      "not 304", "let the server answer If-None-Match / If-Modified-Since")


# ----------------------------------------------------------------- the feed


def _feed_target(source: UrlSource) -> Served:
    return Served(source.url, "feed", FEED)


def feed_served(source: Source) -> Findings:
    """H1 for the feed: it can be fetched, and HEAD answers as it should."""
    if not isinstance(source, UrlSource):
        return
    data = source.http.get(source.url)
    if isinstance(data, Exception):
        yield Finding(source.url, f"cannot fetch the feed: {data}",
                      "check the URL and that the server is running")
        return
    yield from _head_findings(source.http, _feed_target(source))


def feed_validators(source: Source) -> Findings:
    """H3 for the feed."""
    if isinstance(source, UrlSource) and source.feed_data() is not None:
        yield from _validators(source.http, _feed_target(source))


def cover_served(feed: Feed) -> Findings:
    """H1 for the artwork."""
    href = first_attr(feed.channel, "itunes:image", "href")
    if href:
        yield from _head_findings(feed.source.http, Served(href, "image", "channel"))


# ---------------------------------------------------------------- the items


class ServedFiles:
    """One item's served files (only the newest HTTP_ITEMS items are requested)."""

    def __init__(self, feed: Feed, item: Item) -> None:
        self.feed, self.item, self.name = feed, item, item.name
        self.http: Http = feed.source.http

    @cached_property
    def targets(self) -> list[Served]:
        if self.item.index >= HTTP_ITEMS:
            return []
        element, name = self.item.element, self.name
        found = []
        enclosure = element.find("enclosure")
        if enclosure is not None and enclosure.get("url"):
            found.append(Served(enclosure.get("url"), "audio", name, audio=True))
        for transcript in element.findall("podcast:transcript", NS):
            if transcript.get("url"):
                found.append(Served(transcript.get("url"), transcript.get("type", ""), name,
                                    cors=True, body=True))
        chapters = element.find("podcast:chapters", NS)
        if chapters is not None and chapters.get("url"):
            found.append(Served(chapters.get("url"), "chapters", name, cors=True, body=True))
        return found

    def where(self, test) -> Iterator[Served]:
        return (target for target in self.targets if test(target))


def served_length(files: ServedFiles) -> Findings:
    """I2 over HTTP: the enclosure length is what the server sends."""
    for target in files.where(lambda t: t.audio):
        head = files.http.head(target.url)
        length = head.length
        if head.error is None and length and length.isdigit():
            element = files.item.element.find("enclosure")
            if element.get("length") != length:
                yield Finding(files.name, f"enclosure length {element.get('length')} but the "
                              f"server sends {length} bytes", "rebuild the show")


def files_served(files: ServedFiles) -> Findings:
    """H1 for an item's files: each is served, and HEAD answers as it should."""
    for target in files.targets:
        yield from _head_findings(files.http, target)
        if target.body:
            data = files.http.get(target.url)
            if isinstance(data, Exception):
                yield Finding(files.name, f"GET {target.url} failed: {data}",
                              "upload every file of the show")


def byte_ranges(files: ServedFiles) -> Findings:
    """H2: `Range: bytes=0-1` on the audio answers 206 with those two bytes."""
    for target in files.where(lambda t: t.audio):
        head = files.http.head(target.url)
        if head.error:
            continue
        answer = files.http.first_bytes(target.url)
        if isinstance(answer, Exception):
            yield Finding(files.name, f"a Range request to {target.url} failed: {answer}",
                          "serve byte ranges")
            continue
        status, body, content_range = answer
        expected = f"bytes 0-1/{head.length}"
        if status != 206 or len(body) != 2 or content_range != expected:
            yield Finding(files.name, f"Range bytes=0-1 gave {status}, {len(body)} bytes, "
                          f"Content-Range {content_range!r} (expected 206 and {expected!r})",
                          "serve byte ranges (Apple's player needs them)")


def audio_validators(files: ServedFiles) -> Findings:
    """H3 for the audio."""
    for target in files.where(lambda t: t.audio):
        yield from _validators(files.http, target)


def cross_origin(files: ServedFiles) -> Findings:
    """H4: transcripts and chapters send Access-Control-Allow-Origin: *."""
    for target in files.where(lambda t: t.cors):
        head = files.http.head(target.url)
        if head.error is None and head.headers.get("Access-Control-Allow-Origin") != "*":
            yield Finding(files.name, f"{target.url} lacks Access-Control-Allow-Origin: *",
                          "send Access-Control-Allow-Origin: * for transcripts and chapters")


def served_transcripts(files: ServedFiles) -> Findings:
    """P3 over HTTP: every served transcript is valid."""
    for target in files.where(lambda t: t.body and t.kind != "chapters"):
        data = files.http.get(target.url)
        if not isinstance(data, Exception):
            yield from transcript_content(data, target.kind, files.name)


def served_chapters(files: ServedFiles) -> Findings:
    """P4 over HTTP: the served chapters file is valid JSON chapters."""
    for target in files.where(lambda t: t.kind == "chapters"):
        data = files.http.get(target.url)
        if isinstance(data, Exception):
            continue
        value = text(files.item.element, "itunes:duration")
        findings: list[Finding] = []
        chapters_content(data, files.name, float(value) if value.isdigit() else None, findings)
        yield from findings
