"""Archive scale: the feed's episode limit, the page's archive, reuse by content hash."""

from __future__ import annotations

from pathlib import Path

import feedparser
import lxml.html
import pytest

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.config import load_show
from audiozine.errors import ConfigError

ESSAY = "# Letter {n}\n\nThis is letter number {n}. It is short, and it says little.\n"


def write_show(root: Path, count: int, limit: int | None) -> Path:
    essays = root / "essays"
    essays.mkdir(exist_ok=True)
    for n in range(1, count + 1):
        (essays / f"letter-{n:02d}.md").write_text(ESSAY.format(n=n), "utf-8")
    show_file = root / "letters.toml"
    show_file.write_text(
        'title = "Letters"\nauthor = "A. Writer"\ndescription = "Short letters."\n'
        'sources = ["essays"]\nstart_date = 2024-01-01\nvoice = "system"\n'
        + (f"feed_episodes = {limit}\n" if limit is not None else ""), "utf-8")
    return show_file


def items(show_dir: Path) -> list[tuple[str, str, str, str]]:
    feed = feedparser.parse((show_dir / "feed.xml").read_bytes())
    return [(e.id, e.title, e.enclosures[0].href, e.published) for e in feed.entries]


@pytest.mark.slow
def test_the_feed_lists_the_latest_episodes_and_the_page_links_an_archive(tmp_path) -> None:
    cache = SentenceCache(tmp_path / "cache")
    show_dir = tmp_path / "letters"
    build_show(load_show(write_show(tmp_path, 3, None)), show_dir, BuildOptions(cache=cache))
    everything = items(show_dir)
    assert [title for _g, title, _u, _d in everything] == ["Letter 3", "Letter 2", "Letter 1"]
    assert not (show_dir / "archive.html").exists()

    build_show(load_show(write_show(tmp_path, 3, 2)), show_dir, BuildOptions(cache=cache))
    assert items(show_dir) == everything[:2]  # the latest two, GUIDs, URLs, dates as before
    page = lxml.html.document_fromstring((show_dir / "index.html").read_bytes())
    assert [a.findtext("h2") for a in page.xpath("//article")] == ["Letter 3", "Letter 2"]
    assert page.xpath("//a[@href='archive.html']/text()") == ["All 3 episodes"]
    archive = lxml.html.document_fromstring((show_dir / "archive.html").read_bytes())
    assert archive.xpath("//ol/li/a/text()") == ["Letter 1", "Letter 2", "Letter 3"]
    assert archive.xpath("//ol/li/a/@href") == [
        "episodes/" + url.rsplit("/", 1)[1] for _g, _t, url, _d in reversed(everything)]

    build_show(load_show(write_show(tmp_path, 3, None)), show_dir, BuildOptions(cache=cache))
    assert items(show_dir) == everything
    assert not (show_dir / "archive.html").exists()


@pytest.mark.parametrize("value", ["0", "-3", "true", '"ten"'])
def test_a_bad_feed_limit_names_the_line(tmp_path, value: str) -> None:
    show_file = write_show(tmp_path, 1, None)
    show_file.write_text(show_file.read_text("utf-8") + f"feed_episodes = {value}\n", "utf-8")
    with pytest.raises(ConfigError) as error:
        load_show(show_file)
    assert (error.value.field, error.value.line) == ("feed_episodes", 7)


@pytest.mark.slow
def test_reading_and_scripts_are_reused_only_while_the_text_is_the_same(tmp_path) -> None:
    cache = SentenceCache(tmp_path / "cache")
    show_dir = tmp_path / "letters"
    show_file = write_show(tmp_path, 2, None)
    build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    kept = show_dir / ".audiozine" / "text-cache.sqlite"
    assert kept.is_file()
    again = build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    assert again.made == () and len(again.unchanged) == 2

    edited = tmp_path / "essays" / "letter-02.md"
    edited.write_text(edited.read_text("utf-8").replace("says little", "says a great deal"),
                      "utf-8")
    report = build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    assert [stem[:3] for stem in report.made] == ["002"]
    transcript = (show_dir / "episodes" / f"{report.made[0]}.vtt").read_text("utf-8")
    assert "says a great deal" in transcript

    kept.write_bytes(b"not a pickle")  # a damaged cache is ignored, not fatal
    assert build_show(load_show(show_file), show_dir, BuildOptions(cache=cache)).made == ()
