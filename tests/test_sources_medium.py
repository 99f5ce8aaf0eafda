"""Medium exports, zip or folder: posts/*.html h-entries; drafts and responses left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import read_sources
from audiozine.sources.exports import read as read_zip

from .sources_helpers import FUZZ, build_and_check, write_tree, zip_bytes


def medium_post(title: str, subtitle: str, paragraphs: list[str], *, titled: bool = True,
                date: str = "2019-05-12T21:40:00.000Z", post_id: str = "3c4d5e6f7a8b") -> str:
    grafs = "".join(f'<p name="p{n}" class="graf graf--p">{p}</p>'
                    for n, p in enumerate(paragraphs))
    title_grafs = (f'<h3 name="t" class="graf graf--h3 graf--leading graf--title">{title}</h3>'
                   f'<h4 name="s" class="graf graf--h4 graf-after--h3 graf--subtitle">'
                   f'{subtitle}</h4>') if titled else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><article class="h-entry">
<header><h1 class="p-name">{title}</h1></header>
<section data-field="subtitle" class="p-summary">{subtitle}</section>
<section data-field="body" class="e-content"><section name="a" class="section section--body">
<div class="section-inner sectionLayout--insetColumn">{title_grafs}{grafs}</div></section></section>
<footer><p>By <a href="https://medium.com/@lena" class="p-author h-card">Lena Ito</a> on
<a href="https://medium.com/p/{post_id}"><time class="dt-published" datetime="{date}">May 12, 2019</time></a>.</p>
<p><a href="https://medium.com/@lena/x-{post_id}" class="p-canonical">Canonical link</a></p>
<p>Exported from <a href="https://medium.com">Medium</a> on January 1, 2024.</p></footer>
</article></body></html>"""


FILES = {
    "README.html": "<p>This archive holds your Medium data.</p>",
    "profile/profile.html": "<p>Lena Ito</p>",
    "posts/2019-05-12_On-Slowness-3c4d5e6f7a8b.html": medium_post(
        "On Slowness", "Why the slow road is the better one",
        ["Slowness is a way of paying attention to the things that fast misses.",
         "A walk takes longer than a drive and shows you more."]),
    "posts/draft_Untitled-aaaabbbbcccc.html": medium_post(
        "Untitled", "", ["A draft of something."], post_id="aaaabbbbcccc"),
    "posts/2020-01-02_Great-point--I-agree-112233445566.html": medium_post(
        "Great point, I agree", "", ["Great point, I agree with all of it."],
        titled=False, post_id="112233445566"),
}


def check(result) -> None:
    [essay] = result.essays
    assert essay.title == "On Slowness"
    assert essay.description == "Why the slow road is the better one"
    assert essay.paragraphs == (
        "Why the slow road is the better one",
        "Slowness is a way of paying attention to the things that fast misses.",
        "A walk takes longer than a drive and shows you more.")
    assert essay.date == dt.date(2019, 5, 12) and essay.author == "Lena Ito"
    assert essay.source_id == "medium:3c4d5e6f7a8b"
    said = "\n".join(str(n) for n in result.notices)
    assert "1 draft left out" in said and "1 response left out" in said
    assert "Exported from" not in essay.text and "Canonical" not in essay.text


def test_the_zip(tmp_path: Path) -> None:
    path = tmp_path / "medium-export.zip"
    path.write_bytes(zip_bytes(FILES))
    check(read_sources([path]))


def test_the_folder(tmp_path: Path) -> None:
    check(read_sources([write_tree(tmp_path / "medium-export", FILES)]))


def test_a_post_without_a_body_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "medium-export.zip"
    path.write_bytes(zip_bytes(FILES | {"posts/2021-01-01_Broken-0000aaaa1111.html":
                                        "<html><body><p>no sections</p></body></html>"}))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["On Slowness"]
    assert any("2021-01-01_Broken-0000aaaa1111': no post body" in str(n)
               for n in result.notices)


def test_a_sites_own_posts_folder_is_not_a_medium_export(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {
        "posts/harbour.html": "<html><head><title>Harbour</title></head><body><h1>Harbour"
                              "</h1><p>The boats come in at dusk, one by one.</p></body></html>"})
    [essay] = read_sources([site]).essays
    assert essay.title == "Harbour" and essay.source_id is None


@FUZZ
@given(st.text(max_size=200), st.text(max_size=200))
def test_fuzzed_exports_never_crash(title: str, body: str) -> None:
    data = zip_bytes({"posts/2019-01-01_x-0123456789ab.html": medium_post(title, "", [body]),
                      "posts/raw.html": body, "profile/profile.html": body})
    try:
        read_zip(Path("fuzz.zip"), data)
    except SourceError:
        pass


@pytest.mark.slow
def test_an_export_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "medium-export.zip"
    path.write_bytes(zip_bytes({"README.html": "<p>Your data.</p>",
                                "posts/2019-05-12_Slow-3c4d5e6f7a8b.html": medium_post(
        "Slow", "", ["Slowness is attention. A walk shows you more."])}))
    build_and_check(path, tmp_path)
