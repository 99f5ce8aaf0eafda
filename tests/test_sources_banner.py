"""A site's banner between an essay's title and its dateline ("Want a boat? Hire one
here.", a call to action on every page) is not read, and the dateline below it
still dates the essay; a short first paragraph with no dateline under it is read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audiozine.sources import read_sources

BODY = ("<p>Harbours keep their own time. The tide sets it, not the clock, and every "
        "sailor learns to wait for it.</p><p>The clock only agrees.</p>")


def read_page(tmp_path: Path, between: str):
    page = tmp_path / "harbour.html"
    page.write_text(f"<html><head><title>Harbour Time</title></head><body><h1>Harbour Time"
                    f"</h1>{between}{BODY}</body></html>", "utf-8")
    result = read_sources([page])
    [essay] = result.essays
    return essay, [n.message for n in result.notices]


@pytest.mark.parametrize("banner", [
    # A one-cell table as old sites drew their banners, and a plain paragraph.
    '<table><tr><td><b>Need a boat?</b> Hire one from <a href="https://example.org/">'
    'Lind Marine</a>.</td></tr></table>',
    "<p>Like to sail? Try the harbour club.</p>",
])
def test_a_banner_above_the_dateline_is_not_read_and_the_date_is_kept(tmp_path, banner):
    essay, notices = read_page(tmp_path, banner + "<p>April 2003</p>")
    assert essay.date == dt.date(2003, 4, 1)
    assert essay.paragraphs[0].startswith("Harbours keep their own time.")
    assert not any("boat" in p or "sail?" in p or "April" in p for p in essay.paragraphs)
    assert any("between the title and the dateline is not read" in n for n in notices)


def test_a_short_first_paragraph_without_a_dateline_below_is_read(tmp_path):
    essay, notices = read_page(tmp_path, "<p>Like to sail? Try the harbour club.</p>")
    assert essay.paragraphs[0] == "Like to sail? Try the harbour club."
    assert not any("dateline" in n for n in notices)


def test_a_longer_first_paragraph_above_a_dateline_is_read(tmp_path):
    lead = ("<p>This essay began as a talk to the harbour club in the spring, and it keeps "
            "the talk's order.</p>")
    essay, _notices = read_page(tmp_path, lead + "<p>April 2003</p>")
    assert essay.paragraphs[0].startswith("This essay began as a talk")


def test_a_title_like_line_above_a_dateline_is_read(tmp_path):
    """An essay laid out in a table with its bold title, then its date: no banner."""
    essay, _notices = read_page(tmp_path, "<p><b>How to Think</b></p><p>April 2003</p>")
    assert "How to Think" in essay.paragraphs[0]
