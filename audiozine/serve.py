"""`audiozine serve`: a WSGI app (werkzeug) that serves one built show.

Serves only the show's own files (feed.xml, index.html, cover.jpg and the files
in episodes/), with the right types, HEAD, byte ranges, ETag/Last-Modified and
304s (werkzeug's send_file does the HTTP), and CORS for transcripts and chapters.
Hidden files and folders (the show's `.audiozine/` state) are never served.

A show without a public base URL is built with a placeholder base URL; the build
records it with `write_base_url_record`. The server then rewrites the feed (and
the page) so their URLs point at the address the request came to.
"""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path
from typing import Callable, Iterable

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.http import parse_range_header
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from . import layout
from .files import write_atomic

#: The base URL a show without `base_url` is built with.
LOCAL_BASE_URL = "http://localhost:8000/"

#: Content types by file-name ending; the longest matching ending wins.
CONTENT_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".chapters.json": "application/json+chapters",
    ".json": "application/json",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

_TOP_LEVEL_FILES = {layout.FEED, layout.PAGE, layout.ARCHIVE, layout.COVER, "cover.png"}
_EPISODE_FILE = re.compile(rf"^{re.escape(layout.EPISODES_DIR)}/[A-Za-z0-9][A-Za-z0-9._-]*$")
_REWRITTEN = {layout.FEED, layout.PAGE}
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")


def write_base_url_record(show_dir: Path, base_url: str, *, public: bool) -> None:
    """Record the base URL feed.xml was written with (the build calls this).

    `public` is False when the show has no `base_url` of its own and `base_url`
    is a placeholder that `serve` should replace with its own address.
    """
    write_atomic(Path(show_dir) / layout.BASE_URL_RECORD,
                 json.dumps({"base_url": base_url, "public": public}) + "\n")


def read_base_url_record(show_dir: Path) -> tuple[str, bool] | None:
    """(base_url, public) as recorded by the build, or None if there is no record."""
    try:
        data = json.loads((Path(show_dir) / layout.BASE_URL_RECORD).read_text(encoding="utf-8"))
        return str(data["base_url"]), bool(data["public"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def content_type(name: str) -> str | None:
    """The Content-Type served for a file name, or None if it is not a show file."""
    lower = name.lower()
    for ending in sorted(CONTENT_TYPES, key=len, reverse=True):
        if lower.endswith(ending):
            return CONTENT_TYPES[ending]
    return None


def make_app(show_dir: Path, *, public_base_url: str | None = None,
             local_urls: bool = False) -> Callable[[dict, Callable], Iterable[bytes]]:
    """A WSGI app serving the built show in `show_dir`.

    With `public_base_url` None, the app looks at the build's base-URL record: if
    the show is local-only (or there is no record), every occurrence of the
    recorded base URL (default LOCAL_BASE_URL) in feed.xml and index.html is
    replaced by "http://HOST/" from the request. With `public_base_url` given (or a
    public record), files are served exactly as built, unless `local_urls` asks
    for the recorded public URL to be replaced too (a local preview of a public
    show, so a phone on the network can play what this machine serves).
    """
    root = Path(show_dir).resolve()

    def placeholder() -> str | None:
        if public_base_url is not None:
            return None
        record = read_base_url_record(root)
        if record is None:
            return LOCAL_BASE_URL
        base_url, public = record
        return base_url if local_urls or not public else None

    @Request.application
    def app(request: Request) -> Response:
        try:
            return _respond(request, root, placeholder())
        except HTTPException as exc:
            response = exc.get_response(request.environ)
            response.headers["Access-Control-Allow-Origin"] = "*"
            return response

    return app


def _respond(request: Request, root: Path, placeholder: str | None) -> Response:
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        raise MethodNotAllowed(valid_methods=["GET", "HEAD", "OPTIONS"])
    name = _show_file(request.path, root)
    if "HTTP_RANGE" in request.environ and not _single_byte_range(request.environ["HTTP_RANGE"]):
        # Several ranges at once, another unit or a malformed header: werkzeug
        # answers 416; HTTP says to ignore an unknown unit and lets a server send
        # the whole file for the rest, which every client understands.
        del request.environ["HTTP_RANGE"]
    if request.method == "OPTIONS":
        response = Response(status=204)
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Range, If-None-Match, If-Modified-Since"
    elif name in _REWRITTEN and placeholder:
        data = (root / name).read_bytes()
        data = data.replace(placeholder.encode("utf-8"), _request_base_url(request).encode("utf-8"))
        response = Response(data, content_type=content_type(name))
        response.last_modified = os.stat(root / name).st_mtime
        response.add_etag()
        response = response.make_conditional(request, accept_ranges=True,
                                             complete_length=len(data))
    else:
        response = send_file(root / name, request.environ, mimetype=content_type(name),
                             conditional=True, etag=True, max_age=_max_age(name))
        # send_file adds its own charset only to some types; say exactly ours.
        response.headers["Content-Type"] = content_type(name)
    if name in _REWRITTEN:
        response.cache_control.no_cache = True
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = \
        "Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The HTTP server adds its own Date; a second one from make_conditional
    # would send the header twice.
    response.headers.pop("Date", None)
    return response


def _single_byte_range(header: str) -> bool:
    parsed = parse_range_header(header)
    return parsed is not None and parsed.units == "bytes" and len(parsed.ranges) == 1


def _show_file(url_path: str, root: Path) -> str:
    """The show-relative file name for a request path; NotFound for anything else."""
    path = url_path.lstrip("/") or layout.PAGE
    if "\\" in path or "\x00" in path or "%" in path:
        raise NotFound()
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise NotFound()
    if path not in _TOP_LEVEL_FILES and not _EPISODE_FILE.match(path):
        raise NotFound()
    if content_type(path) is None:
        raise NotFound()
    target = root / path
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        raise NotFound() from None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        raise NotFound()
    return path


def _max_age(name: str) -> int:
    return 0 if name in _REWRITTEN else 3600


def _request_base_url(request: Request) -> str:
    host = request.headers.get("Host", "")
    if not _HOST.match(host):
        server = request.environ.get("SERVER_NAME", "localhost")
        port = request.environ.get("SERVER_PORT", "80")
        host = server if port in ("80", "") else f"{server}:{port}"
        if ":" in server and not server.startswith("["):
            host = f"[{server}]:{port}"
    return f"{request.scheme}://{host}/"


# ------------------------------------------------------------------- running


def _handler(log: Callable[[str], None] | None) -> type[WSGIRequestHandler]:
    class Handler(WSGIRequestHandler):
        """One short line per request through `log` (none without it), not werkzeug's
        own log: so a writer sees a podcast app fetch the feed and the episodes."""

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if log is not None:
                status = getattr(code, "value", code)
                log(f"{self.client_address[0]} {self.command} {self.path} {status}")

    return Handler


def listen(show_dir: Path, host: str = "127.0.0.1", port: int = 8000, *,
           public_base_url: str | None = None, local_urls: bool = False,
           log: Callable[[str], None] | None = None):
    """A threaded werkzeug server for the show, bound and listening; prints nothing
    but the request lines it gives `log`.

    Raises OSError if the address cannot be bound (werkzeug itself would print
    and exit), so the caller can say so in its own words.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    return make_server(host, port, make_app(show_dir, public_base_url=public_base_url,
                                            local_urls=local_urls),
                       threaded=True, request_handler=_handler(log))


def local_feed_urls(host: str, port: int) -> list[str]:
    """Feed URLs to type into a podcast app for a server bound to `host`:`port`.

    For a wildcard host (0.0.0.0, ::, "") these are the machine's LAN addresses
    (loopback only if there is nothing else).
    """
    if host not in ("0.0.0.0", "::", ""):
        return [_url(host, port)]
    addresses: list[str] = []

    def add(address: str) -> None:
        if address and address not in addresses:
            addresses.append(address)

    # The address the default route leaves from (UDP connect sends nothing).
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        if host == "0.0.0.0" and family == socket.AF_INET6:
            continue
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                add(sock.getsockname()[0])
        except OSError:
            pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            family, address = info[0], str(info[4][0])
            if family == socket.AF_INET or (family == socket.AF_INET6 and host != "0.0.0.0"
                                            and not address.startswith("fe80")):
                add(address)
    except OSError:
        pass
    lan = [a for a in addresses if not a.startswith("127.") and a != "::1"]
    return [_url(a, port) for a in (lan or ["127.0.0.1"])]


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/{layout.FEED}"
