"""RSS and Atom feeds, from files and from http(s) URLs served by a real server on
127.0.0.1: full text, summary-only feeds, --fetch-articles, footers, URL safety."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import ReadOptions, read_sources, source_names
from audiozine.sources import safety
from audiozine.sources.feeds import read_feed

from .sources_helpers import FUZZ, build_and_check, plan_json

BODY = ("<p>Lanterns were the first street lights, and the lamplighter walked his round "
        "every evening at dusk.</p><p>Gas came later, then the electric arc, and the round "
        "became a timer in a box.</p>")
FOOTER = '<p>The post <a href="https://lamps.example/a">Lanterns</a> appeared first on ' \
         '<a href="https://lamps.example">Lamp Notes</a>.</p>'

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Lamp Notes</title><link>https://lamps.example</link>
  <description>Essays on light</description>
  {items}
</channel></rss>"""

RSS_ITEM = """<item><title>{title}</title><link>{link}</link>
  <guid isPermaLink="false">lamps-{n}</guid><pubDate>{date}</pubDate>
  <dc:creator>Ines Ruiz</dc:creator>
  <description><![CDATA[{summary}]]></description>{content}</item>"""


def rss_item(n: int, title: str, *, full: bool = True, link: str = "",
             summary: str = "Lanterns were the first street lights [&#8230;]") -> str:
    content = f"<content:encoded><![CDATA[{BODY}{FOOTER}]]></content:encoded>" if full else ""
    return RSS_ITEM.format(n=n, title=title, link=link or f"https://lamps.example/{n}",
                           date="Tue, 02 Mar 2021 23:30:00 -0500", summary=summary,
                           content=content)


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Quiet Rooms</title><id>urn:uuid:6b1c</id><updated>2022-05-01T00:00:00Z</updated>
  <author><name>Ola Berg</name></author>
  <entry><title type="html">Rooms &amp;amp; &lt;em&gt;Corners&lt;/em&gt;</title>
    <id>tag:rooms.example,2022:1</id><link href="https://rooms.example/1"/>
    <published>2022-04-30T08:00:00+02:00</published><updated>2022-05-01T00:00:00Z</updated>
    <content type="html">&lt;p&gt;A quiet room is a room with one chair and a window that
    looks onto nothing in particular.&lt;/p&gt;&lt;p&gt;Nothing in it asks for attention.&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_rss_full_text_dates_guid_and_no_footer(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(items=rss_item(1, "Lanterns") + rss_item(2, "Arc Lamps")))
    result = read_sources([path])
    first, second = result.essays
    assert (first.title, second.title) == ("Lanterns", "Arc Lamps")
    assert first.date == dt.date(2021, 3, 3)  # 23:30 at -05:00 is the 3rd in UTC
    assert first.source_id == "feed:lamps-1" and first.author == "Ines Ruiz"
    assert first.paragraphs[0].startswith("Lanterns were the first street lights")
    assert not any("appeared first" in p for p in first.paragraphs)
    assert not any("summary" in n.message for n in result.notices)


def test_entries_oldest_first_and_full_text_in_the_description(tmp_path: Path) -> None:
    whole = " ".join(["The lamplighter's round took an hour on a dry evening."] * 12)
    newest = rss_item(3, "Arc Lamps").replace("Tue, 02 Mar 2021", "Sun, 02 May 2021")
    middle = rss_item(2, "Gas Light", full=False, summary=f"<p>{whole}</p>").replace(
        "Tue, 02 Mar 2021", "Fri, 02 Apr 2021")
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(items=newest + middle + rss_item(1, "Lanterns")))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["Lanterns", "Gas Light", "Arc Lamps"]
    assert result.essays[1].paragraphs == (whole,)  # a description of 100 words or more
    assert not any("summary" in n.message for n in result.notices)


def test_atom_content_and_markup_in_titles(tmp_path: Path) -> None:
    path = tmp_path / "atom.xml"
    path.write_text(ATOM)
    [essay] = read_sources([path]).essays
    assert essay.title == "Rooms & Corners"
    assert essay.date == dt.date(2022, 4, 30) and essay.author == "Ola Berg"
    assert essay.paragraphs[0].startswith("A quiet room is a room with one chair and a window "
                                          "that looks onto")
    assert source_names(path) == ("Quiet Rooms", "Ola Berg")


def test_summary_only_entries_are_not_read_as_whole(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(items=rss_item(1, "Lanterns")
                               + rss_item(2, "Gas Light", full=False)
                               + rss_item(3, "Arc Light", full=False,
                                          summary="Short words only here.")))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["Lanterns"]
    [notice] = [n for n in result.notices if "summary" in n.message]
    assert "2 entries of 3 carry only a summary" in notice.message
    assert "--fetch-articles" in notice.message


def test_a_feed_of_summaries_only_says_how_to_read_it(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(items=rss_item(1, "Gas Light", full=False)))
    with pytest.raises(SourceError, match="only summaries.*--fetch-articles"):
        read_sources([path])


class _Site(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, kind, body = self.pages.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", kind)
        else:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Site.pages = {}
    yield base, _Site.pages
    server.shutdown()
    server.server_close()


ARTICLE = ("<html><head><title>Gas Light | Lamp Notes</title></head><body>"
           "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav><main><article>"
           "<h1>Gas Light</h1>"
           + "".join(f"<p>Gas light paragraph {n}: the mantle glowed white and the street "
                     f"could be read by it, as the old reports of the gas company say.</p>"
                     for n in range(1, 6))
           + "</article></main><footer>Copyright Lamp Notes. Subscribe.</footer></body></html>")


def test_feed_url_and_fetch_articles(site) -> None:
    base, pages = site
    feed = RSS.format(items=rss_item(1, "Lanterns")
                      + rss_item(2, "Gas Light", full=False, link=f"{base}/gas"))
    pages["/feed.xml"] = (200, "application/rss+xml", feed.encode())
    pages["/gas"] = (200, "text/html", ARTICLE.encode())
    plain = read_sources([Path(f"{base}/feed.xml")])  # as Typer hands it over
    assert [e.title for e in plain.essays] == ["Lanterns"]
    fetched = read_sources([f"{base}/feed.xml"], ReadOptions(fetch_articles=True))
    assert [e.title for e in fetched.essays] == ["Lanterns", "Gas Light"]
    gas = fetched.essays[1]
    assert gas.paragraphs[0].startswith("Gas light paragraph 1: the mantle glowed white")
    assert len(gas.paragraphs) == 5 and not any("Home" in p or "Subscribe" in p
                                                for p in gas.paragraphs)
    [show] = plan_json(f"{base}/feed.xml", "--out", "/nonexistent/show-plan")
    assert [e["title"] for e in show["episodes"]] == ["Lanterns"]


def test_a_show_file_names_a_feed_url_and_asks_for_the_articles(site, tmp_path: Path) -> None:
    base, pages = site
    feed = RSS.format(items=rss_item(1, "Lanterns")
                      + rss_item(2, "Gas Light", full=False, link=f"{base}/gas"))
    pages["/feed.xml"] = (200, "application/rss+xml", feed.encode())
    pages["/gas"] = (200, "text/html", ARTICLE.encode())
    show = tmp_path / "lamps.toml"
    show.write_text(f'title = "Lamps"\nauthor = "Ines Ruiz"\ndescription = "Light."\n'
                    f'sources = ["{base}/feed.xml"]\nfetch_articles = true\n')
    [planned] = plan_json("--show", str(show))
    assert [e["title"] for e in planned["episodes"]] == ["Lanterns", "Gas Light"]
    show.write_text(show.read_text().replace("fetch_articles = true", "fetch_articles = 1"))
    from .sources_helpers import runner
    from audiozine.cli import app

    result = runner.invoke(app, ["plan", "--show", str(show)])
    assert result.exit_code == 1 and "lamps.toml:5: fetch_articles: expected true or " \
        "false" in result.output
    show.write_text(show.read_text().replace("fetch_articles = 1", "fetch_articles = true")
                    .replace(f"{base}/feed.xml", "file:///etc/passwd"))
    result = runner.invoke(app, ["plan", "--show", str(show)])
    assert result.exit_code == 1 and "only http and https URLs are read" in result.output


def test_url_safety(site, monkeypatch) -> None:
    base, pages = site
    with pytest.raises(SourceError, match="only http and https URLs are read, not 'file:'"):
        read_sources([Path("file:///etc/passwd")])
    pages["/away"] = (302, "file:///etc/passwd", b"")
    with pytest.raises(SourceError, match=r"redirected to a 'file:' URL \(file:///etc/passwd\)"):
        read_sources([f"{base}/away"])
    pages["/page"] = (200, "text/html", ARTICLE.encode())
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        read_sources([f"{base}/page"])
    with pytest.raises(SourceError, match="answered 404"):
        read_sources([f"{base}/missing.xml"])
    monkeypatch.setattr(safety, "MAX_DOWNLOAD_BYTES", 1000)
    pages["/big.xml"] = (200, "application/rss+xml", b"<rss>" + b" " * 5000)
    with pytest.raises(SourceError, match="not downloaded"):
        read_sources([f"{base}/big.xml"])


def test_a_download_that_hangs_times_out(monkeypatch) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    monkeypatch.setattr(safety, "DOWNLOAD_TIMEOUT_S", 0.5)
    try:
        with pytest.raises(SourceError, match=r"no answer within 0\.5 s"):
            read_sources([f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"])
    finally:
        listener.close()


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "xxxxxxxx">]>'
                    + RSS.format(items=rss_item(1, "&x;")).split("?>", 1)[1])
    with pytest.raises(SourceError, match="entity expansion is refused"):
        read_sources([path])


@FUZZ
@given(st.text(max_size=200), st.text(max_size=200), st.booleans())
def test_fuzzed_feeds_never_crash(title: str, body: str, atom: bool) -> None:
    import html

    if atom:
        text = ATOM.replace("Rooms &amp;amp; &lt;em&gt;Corners&lt;/em&gt;", html.escape(title))
        text = text.replace("Nothing in it asks for attention.", html.escape(body))
    else:
        text = RSS.format(items=rss_item(1, html.escape(title)).replace(
            BODY, body.replace("]]>", "")))
    for data in (text.encode("utf-8", "replace"), text.encode()[:len(text) // 3]):
        try:
            read_feed(data, Path("fuzz.xml"))
        except SourceError:
            pass


@pytest.mark.slow
def test_a_feed_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM.replace("Nothing in it asks for attention.", ""))
    build_and_check(path, tmp_path)
