"""serve.py: a real werkzeug server on a free port, spoken to with http.client."""

from __future__ import annotations

import http.client
import threading

import pytest
from lxml import etree

from audiozine.serve import (content_type, local_feed_urls, make_app, read_base_url_record,
                             write_base_url_record)

from .fixtures import NS, build_fake_show, fake_show_definition, serving


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    built = build_fake_show(tmp_path_factory.mktemp("served"))
    state = built.folder / ".audiozine"
    (state / "secret.txt").write_text("state", encoding="utf-8")
    (built.folder / ".hidden.mp3").write_bytes(b"x")
    (built.folder / "episodes" / ".hidden.vtt").write_text("WEBVTT", encoding="utf-8")
    (built.folder / "notes.txt").write_text("not a show file", encoding="utf-8")
    return built


@pytest.fixture(scope="module")
def server(show):
    with serving(make_app(show.folder)) as address:
        yield address


def request(address, method: str, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True,
                              skip_host="Host" in (headers or {}))
        for key, value in (headers or {}).items():
            connection.putheader(key, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        names = [name.lower() for name, _value in response.getheaders()]
        assert len(set(names)) == len(names), f"a header sent twice: {names}"
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def mp3_path(show) -> str:
    return f"/episodes/{show.episodes[0].stem}.mp3"


@pytest.mark.parametrize("suffix, expected", [
    (".mp3", "audio/mpeg"),
    (".vtt", "text/vtt; charset=utf-8"),
    (".srt", "application/x-subrip; charset=utf-8"),
    (".json", "application/json"),
    (".chapters.json", "application/json+chapters"),
])
def test_head_on_episode_files(show, server, suffix, expected):
    path = f"/episodes/{show.episodes[0].stem}{suffix}"
    status, headers, body = request(server, "HEAD", path)
    assert status == 200
    assert headers["content-type"] == expected
    size = (show.folder / path.lstrip("/")).stat().st_size
    assert headers["content-length"] == str(size)
    assert body == b""
    assert headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path, expected", [
    ("/feed.xml", "application/rss+xml; charset=utf-8"),
    ("/cover.jpg", "image/jpeg"),
    ("/index.html", "text/html; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
])
def test_top_level_files(server, path, expected):
    status, headers, body = request(server, "GET", path)
    assert status == 200
    assert headers["content-type"] == expected
    assert int(headers["content-length"]) == len(body) > 0


def test_range_request_gets_206(show, server):
    size = show.episodes[0].size_bytes
    status, headers, body = request(server, "GET", mp3_path(show), {"Range": "bytes=0-1"})
    assert status == 206
    assert headers["content-range"] == f"bytes 0-1/{size}"
    assert body == b"ID"
    assert headers["accept-ranges"] == "bytes"


def test_the_rewritten_feed_and_page_take_ranges_too(show, server):
    for name in ("feed.xml", "index.html"):
        _status, _headers, whole = request(server, "GET", f"/{name}")
        status, headers, body = request(server, "GET", f"/{name}", {"Range": "bytes=0-9"})
        assert status == 206, name
        assert headers["content-range"] == f"bytes 0-9/{len(whole)}"
        assert body == whole[:10]


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-5", "bytes=abc", "bytes=9-2"])
def test_ranges_it_does_not_serve_get_the_whole_file(show, server, header):
    """Several ranges, another unit (which HTTP says to ignore) or a malformed range."""
    status, headers, body = request(server, "GET", mp3_path(show), {"Range": header})
    assert status == 200
    assert len(body) == show.episodes[0].size_bytes == int(headers["content-length"])


def test_a_range_past_the_end_gets_416(show, server):
    size = show.episodes[0].size_bytes
    status, headers, _ = request(server, "GET", mp3_path(show), {"Range": f"bytes={size}-"})
    assert status == 416
    assert headers["content-range"] == f"bytes */{size}"


def test_conditional_requests_get_304(show, server):
    status, headers, _ = request(server, "HEAD", mp3_path(show))
    assert headers.get("etag") and headers.get("last-modified")
    status, _, body = request(server, "GET", mp3_path(show), {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""
    status, _, _ = request(server, "GET", mp3_path(show),
                           {"If-Modified-Since": headers["last-modified"]})
    assert status == 304
    # The rewritten feed has validators too.
    status, headers, _ = request(server, "GET", "/feed.xml")
    status, _, _ = request(server, "GET", "/feed.xml", {"If-None-Match": headers["etag"]})
    assert status == 304


@pytest.mark.parametrize("path", [
    "/../feed.xml", "/episodes/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/episodes/%2e%2e/feed.xml", "/episodes%2f..%2f..%2fetc%2fpasswd", "/%252e%252e/feed.xml",
    "/episodes/..%5c..%5cfeed.xml", "/episodes\\..\\feed.xml", "//etc/passwd",
    "/.audiozine/secret.txt", "/.audiozine/base_url.json", "/%2eaudiozine/secret.txt",
    "/.hidden.mp3", "/episodes/.hidden.vtt", "/episodes/", "/episodes", "/notes.txt",
    "/episodes/missing.mp3", "/nothing", "/feed.xml/", "/./feed.xml",
])
def test_only_show_files_are_served(server, path):
    status, _, body = request(server, "GET", path)
    assert status == 404, path
    assert b"root:" not in body and b"state" not in body


def test_other_methods_are_refused(server):
    status, _, _ = request(server, "POST", "/feed.xml")
    assert status == 405


def test_local_feed_is_rewritten_to_the_requested_host(show, server):
    _, _, body = request(server, "GET", "/feed.xml", {"Host": "192.168.1.20:8000"})
    root = etree.fromstring(body)
    urls = root.xpath("//enclosure/@url | //podcast:transcript/@url | //podcast:chapters/@url"
                      " | //itunes:image/@href", namespaces=NS)
    assert urls and all(u.startswith("http://192.168.1.20:8000/") for u in urls)
    assert b"localhost:8000" not in body
    host, port = server
    _, _, body = request(server, "GET", "/feed.xml")
    assert f"http://{host}:{port}/episodes/".encode() in body
    _, _, page = request(server, "GET", "/", {"Host": "phone.lan:9000"})
    assert b"http://phone.lan:9000/feed.xml" in page


def test_a_bad_host_header_is_not_echoed(server):
    _, _, body = request(server, "GET", "/feed.xml", {"Host": 'evil"><x y="'})
    assert b"evil" not in body
    etree.fromstring(body)


def test_public_show_is_served_as_built(tmp_path):
    show = fake_show_definition(base_url="https://pods.example.org/quiet/")
    build_fake_show(tmp_path, show=show, base_url=show.base_url)
    assert read_base_url_record(tmp_path) == ("https://pods.example.org/quiet/", True)
    with serving(make_app(tmp_path)) as address:
        _, _, body = request(address, "GET", "/feed.xml")
    assert body == (tmp_path / "feed.xml").read_bytes()
    # Explicitly local-only: rewritten even so.
    write_base_url_record(tmp_path, show.base_url, public=False)
    with serving(make_app(tmp_path)) as address:
        _, _, body = request(address, "GET", "/feed.xml")
    assert b"pods.example.org" not in body
    with serving(make_app(tmp_path, public_base_url=show.base_url)) as address:
        _, _, body = request(address, "GET", "/feed.xml")
    assert body == (tmp_path / "feed.xml").read_bytes()


def test_content_type_table():
    assert content_type("001-a.chapters.json") == "application/json+chapters"
    assert content_type("001-a.JSON") == "application/json"
    assert content_type("archive.zip") is None


def test_local_feed_urls():
    assert local_feed_urls("127.0.0.1", 8000) == ["http://127.0.0.1:8000/feed.xml"]
    assert local_feed_urls("::1", 8000) == ["http://[::1]:8000/feed.xml"]
    urls = local_feed_urls("0.0.0.0", 8123)
    assert urls and all(u.startswith("http://") and u.endswith(":8123/feed.xml") for u in urls)
    assert not any("0.0.0.0" in u for u in urls)


def test_each_header_is_sent_once(server, show) -> None:
    for path in ("/feed.xml", "/index.html", mp3_path(show)):
        assert request(server, "GET", path)[0] == 200  # request() checks the headers


def test_serve_on_a_busy_port_is_one_error_line(show, server) -> None:
    from typer.testing import CliRunner

    from audiozine.cli import app

    result = CliRunner().invoke(app, ["serve", str(show.folder), "--port", str(server[1])])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: cannot listen"), result.output


def test_the_server_logs_one_line_per_request(show):
    """`audiozine serve` shows a writer each fetch (a podcast app polling the feed)."""
    from audiozine.serve import listen

    lines: list[str] = []
    server = listen(show.folder, host="127.0.0.1", port=0, local_urls=True, log=lines.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/feed.xml")
        assert connection.getresponse().read()
        connection.request("GET", "/nothing-here.mp3")
        connection.getresponse().read()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert lines == ["127.0.0.1 GET /feed.xml 200", "127.0.0.1 GET /nothing-here.mp3 404"]
