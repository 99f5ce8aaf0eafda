"""Reading untrusted inputs safely (audiozine.sources.safety): zip-slip and zip bombs,
XML entity expansion, feed URLs' schemes, download size and time limits. The URL
tests run a real HTTP server on loopback."""

from __future__ import annotations

import http.server
import threading
import time
import struct
import zipfile
from pathlib import Path

import pytest

from audiozine.errors import SourceError
from audiozine.sources import safety


def make_zip(path: Path, entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def test_a_safe_zip_is_read_entry_by_entry(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"posts.csv": b"post_id,title\n1,A\n",
                                             "posts/1.a.html": b"<p>Hello.</p>"})
    with safety.open_archive(path) as archive:
        read = {name: archive.read(name) for name in archive.names()}
    assert read == {"posts.csv": b"post_id,title\n1,A\n", "posts/1.a.html": b"<p>Hello.</p>"}


@pytest.mark.parametrize("name, why", [
    ("../../etc/cron.d/evil", "'..'"),
    ("posts/../../outside.html", "'..'"),
    ("/etc/passwd", "absolute"),
    ("C:\\Windows\\evil.html", "absolute"),
    ("\\\\server\\share\\x.html", "absolute"),
    ("..\\..\\evil.html", "'..'"),
])
def test_zip_slip_entries_are_refused(tmp_path, name, why):
    path = make_zip(tmp_path / "slip.zip", {"ok.html": b"<p>x</p>", name: b"<p>evil</p>"})
    with pytest.raises(SourceError) as failure:
        safety.open_archive(path)
    assert why in str(failure.value) and repr(name) in str(failure.value)
    assert str(failure.value).startswith(str(path))
    assert not (tmp_path.parent / "outside.html").exists()


def _lie_about_sizes(path: Path, size: int) -> None:
    """Rewrite the zip's headers (local and central) to declare each entry `size`
    bytes unpacked."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at >= 0:
            struct.pack_into("<I", data, at + offset, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_zip_bomb_is_bounded_by_what_is_read_not_what_it_declares(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ARCHIVE_BYTES", 1 << 20)
    path = make_zip(tmp_path / "bomb.zip", {"a.html": b"\0" * (3 << 20),
                                           "b.html": b"\0" * (3 << 20)})
    size = path.stat().st_size
    assert size < 20_000  # 3 MiB of zeros pack into a few KB
    with pytest.raises(SourceError, match="unpacks to 6,291,456 bytes, more than the "
                                          "1,048,576 audiozine reads"):
        safety.open_archive(path)  # as declared
    # Headers that lie (declared small) pass the declared check, and are caught
    # while reading: the total read is counted, and the entry fails its check.
    with safety.Archive(path, zipfile.ZipFile(path), left_bytes=1 << 20) as archive:
        with pytest.raises(SourceError, match="zip bomb.*'a.html'"):
            archive.read("a.html")
    _lie_about_sizes(path, 100)
    with safety.open_archive(path) as archive:
        assert [info.file_size for info in archive.zip.infolist()] == [100, 100]
        with pytest.raises(SourceError, match="cannot read the zip entry 'a.html'"):
            archive.read("a.html")
        assert archive.left_bytes >= 0


def test_an_encrypted_or_missing_entry_is_one_error(tmp_path):
    path = make_zip(tmp_path / "export.zip", {"a.html": b"<p>x</p>"})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 1  # the "encrypted" flag
    path.write_bytes(bytes(data))
    with safety.open_archive(path) as archive:
        with pytest.raises(SourceError, match="cannot read the zip entry 'a.html'"):
            archive.read("a.html")
        with pytest.raises(SourceError, match="no entry 'b.html' in the zip archive"):
            archive.read("b.html")


def test_a_zip_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ARCHIVE_FILES", 50)
    path = make_zip(tmp_path / "many.zip", {f"p/{n}.html": b"x" for n in range(51)},
                    compression=zipfile.ZIP_STORED)
    with pytest.raises(SourceError, match="51 entries, more than the 50"):
        safety.open_archive(path)


def test_a_file_that_is_no_zip_is_one_error(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(SourceError, match="not a readable zip file"):
        safety.open_archive(path)
    with pytest.raises(SourceError, match="cannot read"):
        safety.open_archive(tmp_path / "missing.zip")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><title>&lol3;</title></channel></rss>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&xxe;</title></channel></rss>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY,
                                      BILLION_LAUGHS.decode().encode("utf-16")],
                         ids=["billion-laughs", "external-entity", "utf-16"])
def test_xml_entity_declarations_are_refused_with_their_line(document):
    with pytest.raises(SourceError, match="declares entities") as failure:
        safety.parse_xml(document, "feed.xml")
    assert failure.value.line in (2, 3)


def test_entities_behind_a_comment_are_refused_and_text_about_them_is_read():
    hidden = b"""<?xml version="1.0"?>
<!-- <!ENTITY --><!DOCTYPE r [<!-- ]> -->
<!ENTITY lol "lol">]>
<rss><channel><title>&lol;</title></channel></rss>"""
    with pytest.raises(SourceError, match="declares entities") as failure:
        safety.refuse_entities(hidden, "feed.xml")
    assert failure.value.line == 3
    about = (b'<?xml version="1.0"?>\n<!DOCTYPE rss>\n<rss><channel><item><description>'
             b'<![CDATA[<p>Write <!ENTITY x "y"> and see.</p>]]></description>'
             b'<!-- <!ENTITY note --></item></channel></rss>')
    safety.refuse_entities(about, "feed.xml")
    assert "<!ENTITY x" in safety.parse_xml(about, "feed.xml").find(".//description").text


def test_well_formed_xml_is_parsed_and_malformed_xml_names_its_line():
    root = safety.parse_xml(b"<rss version='2.0'><channel><title>T</title></channel></rss>",
                            "feed.xml")
    assert root.find("channel/title").text == "T"
    with pytest.raises(SourceError, match="not well-formed XML") as failure:
        safety.parse_xml(b"<rss>\n<channel>\n<title>T</channel></rss>", "feed.xml")
    assert failure.value.line == 3


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/feed.xml":
            body = b"<rss><channel><title>T</title></channel></rss>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.path.split("to=", 1)[1])
            self.end_headers()
        elif self.path == "/big-undeclared":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the body runs until the server closes
            for _ in range(40):
                self.wfile.write(b"x" * 65536)
        elif self.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 << 20))
            self.end_headers()
        elif self.path == "/cut":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"<rss>")  # and the connection closes
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_url_is_fetched(server):
    data, final = safety.download(f"{server}/feed.xml")
    assert data.startswith(b"<rss>") and final == f"{server}/feed.xml"
    data, final = safety.download(f"{server}/redirect?to={server}/feed.xml")
    assert data.startswith(b"<rss>") and final == f"{server}/feed.xml"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed.xml",
                                 "data:text/xml,<rss/>", "/etc/passwd", "http:///feed.xml"])
def test_only_http_urls_are_fetched(url):
    with pytest.raises(SourceError, match="only http and https|no host"):
        safety.download(url)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"])
def test_a_redirect_to_another_scheme_is_refused(server, target):
    with pytest.raises(SourceError, match="redirected to a '(file|ftp):' URL") as failure:
        safety.download(f"{server}/redirect?to={target}")
    assert target in str(failure.value)


def test_downloads_have_a_size_cap_declared_or_not(server):
    with pytest.raises(SourceError, match="52,428,800 bytes, more than"):
        safety.download(f"{server}/big-declared", max_bytes=1 << 20)
    with pytest.raises(SourceError, match="more than the 1,048,576 bytes .* stopped"):
        safety.download(f"{server}/big-undeclared", max_bytes=1 << 20)


def test_downloads_have_a_timeout(server):
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"no answer within 0\.5 s"):
        safety.download(f"{server}/slow", timeout_s=0.5)
    assert time.monotonic() - started < 1.9


def test_an_http_error_and_a_closed_port_are_one_line_errors(server):
    with pytest.raises(SourceError, match="answered 404"):
        safety.download(f"{server}/missing")
    with pytest.raises(SourceError, match="broke off after 5 of 1,000 bytes"):
        safety.download(f"{server}/cut")
    with pytest.raises(SourceError, match="cannot download"):
        safety.download("http://127.0.0.1:9/feed.xml", timeout_s=2)
