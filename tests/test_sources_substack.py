"""Substack exports, zip or folder: posts.csv and posts/<post_id>.html; drafts and
threads left out, paid posts read with a notice, widgets not read; zip safety."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import ReadOptions, read_sources
from audiozine.sources import safety
from audiozine.sources.exports import read as read_zip

from .sources_helpers import FUZZ, build_and_check, write_tree, zip_bytes

CSV = """post_id,post_date,is_published,email_sent_at,inbox_sent_at,type,audience,title,subtitle,podcast_url
101.the-quiet-office,2022-02-01T23:30:00.000Z,true,,,newsletter,everyone,The Quiet Office,On rooms where nobody talks,
102.paid-thoughts,2022-03-01T10:00:00.000Z,true,,,newsletter,only_paid,"Paid Thoughts, Vol. 1",,
103.half-done,,false,,,newsletter,everyone,Half Done,,
104.open-thread,2022-03-05T10:00:00.000Z,true,,,thread,everyone,Open Thread #4,,
105.lost-body,2022-03-06T10:00:00.000Z,true,,,newsletter,everyone,Lost Body,,
106.about,2022-01-01T10:00:00.000Z,true,,,page,everyone,About Me,,
"""

QUIET = """<div class="captioned-image-container"><figure><img src="desk.jpg"></figure></div>
<p>An office is quiet when the work in it does not need to be announced.</p>
<div class="subscription-widget-wrap"><div class="subscription-widget show-subscribe">
<div class="preamble"><p>Thanks for reading! Subscribe for free to receive new posts.</p></div>
<form><input type="email"><button>Subscribe</button></form></div></div>
<p class="button-wrapper"><a class="button primary" href="https://x.substack.com/subscribe"><span>Subscribe now</span></a></p>
<p>Most of the loud offices I have worked in were loud about very little.</p>
<p class="button-wrapper"><a class="button primary" href="https://x.substack.com/p/x?utm_source=share"><span>Share</span></a></p>"""

PAID = "<p>These are thoughts for the people who pay, and they are mine to give.</p>"


def files() -> dict[str, str]:
    return {"posts.csv": CSV, "posts/101.the-quiet-office.html": QUIET,
            "posts/102.paid-thoughts.html": PAID,
            "posts/103.half-done.html": "<p>Not finished yet.</p>",
            "posts/104.open-thread.html": "<p>What are you reading?</p>",
            "posts/106.about.html": "<p>I write about offices and the people in them.</p>",
            "email_list.x.csv": "email\nreader@example.com\n"}


def check(result) -> None:
    quiet, paid = result.essays
    assert quiet.title == "The Quiet Office" and quiet.description == "On rooms where nobody talks"
    assert quiet.paragraphs == (
        "On rooms where nobody talks",
        "An office is quiet when the work in it does not need to be announced.",
        "Most of the loud offices I have worked in were loud about very little.")
    assert quiet.date == dt.date(2022, 2, 1) and quiet.source_id == "substack:101"
    assert paid.title == "Paid Thoughts, Vol. 1"
    said = "\n".join(str(n) for n in result.notices)
    assert "1 draft left out" in said and "1 thread left out" in said
    assert "1 page left out" in said and "--pages" in said
    assert "1 paid post read as well" in said
    assert "entry 5 'Lost Body': no posts/105.lost-body.html" in said
    assert "posts.csv:6:" in said  # the row of the post that cannot be read


def test_the_zip(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes(files()))
    check(read_sources([path]))


def test_the_unzipped_folder(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "substack-export", files())
    check(read_sources([folder]))


def test_pages_on_request(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes(files()))
    titles = [e.title for e in read_sources([path], ReadOptions(pages=True)).essays]
    assert titles == ["About Me", "The Quiet Office", "Paid Thoughts, Vol. 1"]  # by date


def test_a_zip_inside_a_folder_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes({f"export/{name}": text for name, text in files().items()}))
    check(read_sources([path]))


@pytest.mark.parametrize("name", ["../evil.html", "/etc/evil.html", "posts/../../x.html",
                                  "C:/x.html"])
def test_zip_slip_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes(files() | {name: "<p>x</p>"}))
    with pytest.raises(SourceError, match="points outside the archive"):
        read_sources([path])


def test_zip_bombs_are_bounded(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes(files() | {"posts/101.the-quiet-office.html":
                                          "<p>" + "a" * 2_000_000 + "</p>"}))
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(safety, "MAX_ARCHIVE_BYTES", 1_000_000)
    with pytest.raises(SourceError, match="unpacks to 2,00.,... bytes, more than the "
                                          "1,000,000 audiozine reads"):
        read_sources([path])
    monkeypatch.setattr(safety, "MAX_ARCHIVE_FILES", 3)
    with pytest.raises(SourceError, match="holds 7 entries, more than the 3 audiozine reads"):
        read_sources([path])


@FUZZ
@given(st.text(max_size=300), st.binary(max_size=200))
def test_fuzzed_exports_never_crash(table: str, body: bytes) -> None:
    for data in (zip_bytes({"posts.csv": table, "posts/1.a.html": body}),
                 zip_bytes({"posts.csv": "post_id,title,is_published\n" + table,
                            "posts/1.a.html": body}),
                 zip_bytes(files())[: 50 + len(body)]):
        try:
            read_zip(Path("fuzz.zip"), data)
        except SourceError:
            pass


@pytest.mark.slow
def test_an_export_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes({"posts.csv": CSV.splitlines()[0] + "\n" + CSV.splitlines()[1],
                                "posts/101.the-quiet-office.html":
                                "<p>A quiet office. Work without noise.</p>"}))
    build_and_check(path, tmp_path)
