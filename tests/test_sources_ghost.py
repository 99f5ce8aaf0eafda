"""Ghost JSON exports: published posts (pages on request), html or lexical or
mobiledoc, __GHOST_URL__, cards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import ReadOptions, read_sources, source_names
from audiozine.sources.ghost import read as read_ghost

from .sources_helpers import FUZZ, build_and_check

HTML = ('<p>A bridge is a promise in <a href="__GHOST_URL__/stone/">stone</a>, kept by '
        'everyone who crosses it.</p>'
        '<figure class="kg-card kg-image-card"><img src="__GHOST_URL__/content/b.jpg">'
        '<figcaption>The old bridge at low water</figcaption></figure>'
        '<div class="kg-card kg-button-card"><a href="#/portal/signup" class="kg-btn">'
        'Subscribe</a></div>'
        '<p>The river does not care, and that is why the promise matters.</p>')

LEXICAL = json.dumps({"root": {"type": "root", "children": [
    {"type": "paragraph", "children": [
        {"type": "text", "text": "Ferries are slower than bridges ", "format": 0},
        {"type": "link", "url": "__GHOST_URL__/ferry/", "children": [
            {"type": "text", "text": "and kinder", "format": 2}]},
        {"type": "text", "text": " to the people on them.", "format": 0}]},
    {"type": "heading", "tag": "h2", "children": [{"type": "text", "text": "Crossing"}]},
    {"type": "paragraph", "children": [
        {"type": "text", "text": "On a ferry you can watch the far bank come closer."}]},
    {"type": "image", "src": "x.jpg"}]}})

MOBILEDOC = json.dumps({
    "version": "0.3.1", "atoms": [], "markups": [["em"]],
    "cards": [["markdown", {"markdown": "Tunnels keep their *secrets* well."}],
              ["image", {"src": "t.jpg"}]],
    "sections": [[1, "p", [[0, [], 0, "A tunnel is a bridge "], [0, [0], 1, "under"],
                           [0, [], 0, " the water, out of sight."]]],
                 [10, 0], [10, 1]]})


def post(n: int, title: str, **fields) -> dict:
    base = {"id": f"60a{n}", "uuid": f"uuid-{n}", "title": title, "slug": f"p-{n}",
            "html": None, "lexical": None, "mobiledoc": None, "status": "published",
            "type": "post", "visibility": "public",
            "published_at": "2023-06-01T23:30:00.000Z", "custom_excerpt": None}
    return base | fields


def export(posts: list[dict]) -> str:
    return json.dumps({"db": [{"meta": {"exported_on": 1, "version": "5.0.0"}, "data": {
        "posts": posts, "users": [{"id": "u1", "name": "Kai Moreau"}],
        "settings": [{"key": "title", "value": "Crossings"}],
        "posts_authors": [{"post_id": p["id"], "author_id": "u1", "sort_order": 0}
                          for p in posts if isinstance(p, dict)]}}]}, indent=1)


POSTS = [post(1, "Bridges", html=HTML), post(2, "Ferries", lexical=LEXICAL),
         post(3, "Tunnels", mobiledoc=MOBILEDOC, visibility="paid"),
         post(4, "Draft", html="<p>Unfinished words here.</p>", status="draft"),
         post(5, "Later", html="<p>Scheduled words here.</p>", status="scheduled"),
         post(6, "About", html="<p>This blog is about crossings.</p>", type="page")]


def test_published_posts_with_each_body_format(tmp_path: Path) -> None:
    path = tmp_path / "site.ghost.2024-01-01.json"
    path.write_text(export(POSTS))
    result = read_sources([path])
    bridges, ferries, tunnels = result.essays
    assert bridges.paragraphs == (
        "A bridge is a promise in stone, kept by everyone who crosses it.",
        "The old bridge at low water",
        "The river does not care, and that is why the promise matters.")
    assert any(link.url == "/stone/" for link in bridges.links)
    assert bridges.date == dt.date(2023, 6, 1) and bridges.author == "Kai Moreau"
    assert bridges.source_id == "ghost:uuid-1"
    assert ferries.paragraphs == ("Ferries are slower than bridges and kinder to the "
                                  "people on them.",
                                  "On a ferry you can watch the far bank come closer.")
    assert [s.title for s in ferries.sections] == [None, "Crossing"]
    assert tunnels.paragraphs == ("A tunnel is a bridge under the water, out of sight.",
                                  "Tunnels keep their secrets well.")
    said = "\n".join(str(n) for n in result.notices)
    assert "1 draft left out" in said and "1 scheduled post left out" in said
    assert "1 page left out" in said and "--pages" in said
    assert "1 members-only or paid post read" in said
    assert "__GHOST_URL__" not in " ".join(e.text for e in result.essays)


def test_the_export_names_the_show(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(export(POSTS))
    assert source_names(path) == ("Crossings", "Kai Moreau")


def test_pages_on_request(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(export(POSTS))
    titles = [e.title for e in read_sources([path], ReadOptions(pages=True)).essays]
    assert titles == ["Bridges", "Ferries", "Tunnels", "About"]


def test_bad_posts_are_skipped_with_where(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(export([post(1, "Broken", lexical="{not json"),
                            post(2, "Empty", html="<p> </p>"),
                            post(3, "Fine", html="<p>Words that can be read aloud.</p>")]))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["Fine"]
    said = [str(n) for n in result.notices if "skipped" in n.message]
    lines = path.read_text().splitlines()
    broken_line = next(i for i, line in enumerate(lines, 1) if '"60a1"' in line)
    assert said[0].startswith(f"{path}:{broken_line}: entry 1 'Broken': ")
    assert "entry 2 'Empty': no readable text" in said[1]


def test_not_a_ghost_export(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text('{"name": "x", "version": "1.0.0"}')
    with pytest.raises(SourceError, match="none of the formats audiozine reads as '.json'"):
        read_sources([path])


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=20),
       st.sampled_from(["html", "lexical", "mobiledoc", "status", "published_at"]))
def test_fuzzed_exports_never_crash(value, field: str) -> None:
    fields = {field: value if field in ("status", "published_at", "html") else json.dumps(value)}
    for document in (export([post(1, "T", **fields)]), json.dumps(value)):
        try:
            read_ghost(Path("fuzz.json"), document.encode())
        except SourceError:
            pass


@pytest.mark.slow
def test_an_export_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(export([post(1, "Bridges", html="<p>A bridge is a promise.</p>")]))
    build_and_check(path, tmp_path)
