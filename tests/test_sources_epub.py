"""EPUB 2 and 3 books of essays: spine order, one chapter an essay, front and back
matter not read, the book's title and author name the show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import read_sources, source_names
from audiozine.sources.epub import read as read_epub

from .sources_helpers import FUZZ, build_and_check, plan_json, zip_bytes

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def xhtml(body: str, title: str = "x", epub_type: str = "") -> str:
    kind = f' epub:type="{epub_type}"' if epub_type else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title></head><body{kind}>{body}</body></html>"""


CHAPTERS = {
    "cover.xhtml": xhtml('<img src="cover.jpg" alt="Cover"/>'),
    "title.xhtml": xhtml("<h1>Small Hours</h1><p>Essays by Tove Lind</p>", epub_type="titlepage"),
    "nav.xhtml": xhtml('<nav epub:type="toc"><ol><li><a href="one.xhtml">Night Trains</a></li>'
                       '</ol></nav><nav epub:type="landmarks"><ol><li><a epub:type="copyright-page"'
                       ' href="legal.xhtml">Legal</a></li></ol></nav>'),
    "one.xhtml": xhtml("<section><h2>Night Trains</h2><p>A night train is a hotel that moves, "
                       "and its guests are strangers until the border.</p><p>By morning they "
                       "share a breakfast and a country.</p></section>"),
    "two.xhtml": xhtml("<h1>Early Bakeries</h1><p>The baker's day ends when ours begins, and "
                       "the bread is the letter left for us.</p>"),
    "legal.xhtml": xhtml("<p>Copyright 2020 Tove Lind. All rights reserved.</p>"),
    "colophon.xhtml": xhtml("<p>Set in Garamond.</p>", epub_type="colophon"),
    "notes.xhtml": xhtml("<p>A note not in the reading order.</p>"),
}

OPF3 = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1234-small-hours</dc:identifier>
    <dc:title>Small Hours</dc:title><dc:creator>Tove Lind</dc:creator>
    <dc:date>2020-11-03</dc:date><dc:language>en</dc:language>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    {items}
  </manifest>
  <spine>{spine}<itemref idref="notes" linear="no"/></spine>
</package>"""

OPF2 = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">isbn-000</dc:identifier><dc:title>Small Hours</dc:title>
    <dc:creator>Tove Lind</dc:creator><dc:date>2020-11-03T00:00:00Z</dc:date>
  </metadata>
  <manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>{items}</manifest>
  <spine toc="ncx">{spine}</spine>
  <guide><reference type="cover" href="cover.xhtml"/><reference type="copyright-page" href="legal.xhtml"/></guide>
</package>"""

ORDER = ["cover", "title", "one", "two", "legal", "colophon"]


def book(opf: str, chapters: dict[str, str] = CHAPTERS, order: list[str] = ORDER) -> bytes:
    ids = [Path(name).stem for name in chapters]
    items = "".join(f'<item id="{i}" href="{i}.xhtml" media-type="application/xhtml+xml"/>'
                    for i in ids if i != "nav")
    spine = "".join(f'<itemref idref="{i}"/>' for i in order)
    files = {"mimetype": "application/epub+zip", "META-INF/container.xml": CONTAINER,
             "OEBPS/content.opf": opf.replace("{items}", items).replace("{spine}", spine),
             "OEBPS/toc.ncx": '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>'
                              '<navPoint><navLabel><text>Night Trains</text></navLabel>'
                              '<content src="one.xhtml"/></navPoint></navMap></ncx>'}
    files |= {f"OEBPS/{name}": text for name, text in chapters.items()}
    return zip_bytes(files)


@pytest.mark.parametrize("opf", [OPF3, OPF2], ids=["epub3", "epub2"])
def test_chapters_in_spine_order_without_front_and_back_matter(tmp_path: Path, opf: str
                                                               ) -> None:
    path = tmp_path / "small-hours.epub"
    path.write_bytes(book(opf))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["Night Trains", "Early Bakeries"]
    trains = result.essays[0]
    assert trains.paragraphs == ("A night train is a hotel that moves, and its guests are "
                                 "strangers until the border.",
                                 "By morning they share a breakfast and a country.")
    assert trains.date == dt.date(2020, 11, 3) and trains.author == "Tove Lind"
    assert trains.source_id.endswith("#OEBPS/one.xhtml")
    text = " ".join(e.text for e in result.essays)
    for matter in ("Copyright", "Garamond", "Essays by", "not in the reading order"):
        assert matter not in text
    assert any("of the book not read" in n.message for n in result.notices)


def test_paragraphs_written_as_blank_lines_in_one_p_are_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    chapter = xhtml("<p>Harbours keep their own time.\n\nThe tide sets it, not the clock."
                    "\n\nThe clock only agrees.</p>", title="Harbour Time")
    path.write_bytes(book(OPF3, {"one.xhtml": chapter}, ["one"]))
    [essay] = read_sources([path]).essays
    assert essay.title == "Harbour Time"
    assert essay.paragraphs == ("Harbours keep their own time.",
                                "The tide sets it, not the clock.", "The clock only agrees.")


def test_the_book_names_the_show(tmp_path: Path) -> None:
    path = tmp_path / "small-hours.epub"
    path.write_bytes(book(OPF3))
    assert source_names(path) == ("Small Hours", "Tove Lind")
    [show] = plan_json(str(path), "--out", str(tmp_path / "show"))
    assert show["show"] == "Small Hours"
    [given] = plan_json(str(path), "--out", str(tmp_path / "show"), "--title", "Mine")
    assert given["show"] == "Mine"


def test_an_empty_chapter_is_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    chapters = CHAPTERS | {"three.xhtml": xhtml('<img src="plate.jpg"/>')}
    path.write_bytes(book(OPF3, chapters, ORDER + ["three"]))
    result = read_sources([path])
    assert len(result.essays) == 2
    assert any("three.xhtml': no readable text" in str(n) for n in result.notices)


def test_entities_in_the_package_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    bomb = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]>' + OPF3.split("?>", 1)[1]
    path.write_bytes(book(bomb.replace("Small Hours", "&a;")))
    with pytest.raises(SourceError, match="entity expansion is refused"):
        read_sources([path])


def test_zip_slip_in_a_book_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(zip_bytes({"META-INF/container.xml": CONTAINER, "../../x": "x"}))
    with pytest.raises(SourceError, match="points outside the archive"):
        read_sources([path])


@FUZZ
@given(st.text(max_size=200), st.text(max_size=200))
def test_fuzzed_books_never_crash(opf_noise: str, chapter: str) -> None:
    for data in (book(OPF3.replace("<dc:title>", "<dc:title>" + opf_noise[:20]),
                      CHAPTERS | {"one.xhtml": chapter}),
                 book(opf_noise + OPF2), book(OPF3)[:len(chapter) * 10]):
        try:
            read_epub(Path("fuzz.epub"), data)
        except SourceError:
            pass


@pytest.mark.slow
def test_a_book_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(book(OPF3, {"one.xhtml": xhtml("<h1>Night</h1><p>Trains at night.</p>")},
                          ["one"]))
    build_and_check(path, tmp_path)


def test_a_banner_line_above_a_dateline_in_one_block_is_left_out_and_the_date_kept(
        tmp_path: Path) -> None:
    """A book made from a site's pages (no date of its own): the first block holds the
    site's banner, the dateline on the next line, then the essay (one <p>, paragraphs
    as blank lines)."""
    path = tmp_path / "book.epub"
    undated = OPF3.replace("<dc:date>2020-11-03</dc:date>", "")
    assert undated != OPF3
    chapter = xhtml("<p>Need a boat? Hire one from Lind Marine.\nMarch 2011\n\nHarbours keep "
                    "their own time.\n\nThe tide sets it, not the clock.</p>",
                    title="Harbour Time")
    path.write_bytes(book(undated, {"one.xhtml": chapter}, ["one"]))
    result = read_sources([path])
    [essay] = result.essays
    assert essay.date == dt.date(2011, 3, 1)
    assert essay.paragraphs == ("Harbours keep their own time.",
                                "The tide sets it, not the clock.")
    assert any("'Need a boat? Hire one from Lind Marine.' between the title and the "
               "dateline is not read" in n.message for n in result.notices)
