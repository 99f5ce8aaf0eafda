"""Blogger exports (both formats): posts only, never comments, settings or the
template; drafts left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import read_sources
from audiozine.sources.blogger import read as read_blogger

from .sources_helpers import FUZZ, build_and_check

KIND = '<category scheme="http://schemas.google.com/g/2005#kind" ' \
       'term="http://schemas.google.com/blogger/2008/kind#{kind}"/>'


def entry_2008(n: int, kind: str, title: str, body: str, draft: bool = False) -> str:
    control = ('<app:control xmlns:app="http://purl.org/atom/app#"><app:draft>yes</app:draft>'
               '</app:control>') if draft else ""
    return f"""<entry><id>tag:blogger.com,1999:blog-77.{kind}-{n}</id>
  <published>2015-08-09T23:10:00.000-07:00</published>
  {KIND.format(kind=kind)}<title type="text">{title}</title>
  <content type="html">{body}</content>{control}
  <author><name>Sam Oduya</name></author></entry>"""


OLD = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-77</id>
<title type="text">Kettle Days</title><author><name>Sam Oduya</name></author>
{entry_2008(1, "settings", "BLOG_NAME", "Kettle Days")}
{entry_2008(2, "template", "Template", "&lt;html&gt;&lt;b:skin&gt;body{{}}&lt;/b:skin&gt;&lt;/html&gt;")}
{entry_2008(3, "post", "Tea &amp;amp; Time", "&lt;p&gt;A kettle takes four minutes, long enough to think of one thing properly.&lt;/p&gt;")}
{entry_2008(4, "post", "Unsent", "&lt;p&gt;Not done yet.&lt;/p&gt;", draft=True)}
{entry_2008(5, "comment", "Nice", "&lt;p&gt;Nice post, Sam!&lt;/p&gt;")}
</feed>"""

NEW = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
<id>tag:blogger.com,1999:blog-77</id><title>Kettle Days</title>
<entry><id>tag:blogger.com,1999:blog-77.post-3</id><blogger:type>POST</blogger:type>
  <blogger:status>LIVE</blogger:status><title>Tea Time</title>
  <content type="html">&lt;div&gt;A kettle takes four minutes.&lt;br&gt;&lt;/div&gt;</content>
  <published>2015-08-10T06:10:00Z</published><author><name>Sam Oduya</name></author></entry>
<entry><id>tag:blogger.com,1999:blog-77.post-4</id><blogger:type>POST</blogger:type>
  <blogger:status>DRAFT</blogger:status><title>Unsent</title>
  <content type="html">Not done.</content></entry>
<entry><id>c-9</id><blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
  <title>Nice</title><content type="html">Nice post!</content></entry>
</feed>"""


def test_the_2008_export(tmp_path: Path) -> None:
    path = tmp_path / "blog-08-10-2015.xml"
    path.write_text(OLD)
    result = read_sources([path])
    [essay] = result.essays
    assert essay.title == "Tea & Time"
    assert essay.paragraphs == ("A kettle takes four minutes, long enough to think of one "
                                "thing properly.",)
    assert essay.date == dt.date(2015, 8, 10) and essay.author == "Sam Oduya"
    assert essay.source_id == "blogger:tag:blogger.com,1999:blog-77.post-3"
    assert any("1 draft left out" in str(n) for n in result.notices)


def test_the_newer_export(tmp_path: Path) -> None:
    path = tmp_path / "blog.atom"
    path.write_text(NEW)
    result = read_sources([path])
    assert [(e.title, e.date) for e in result.essays] == [("Tea Time", dt.date(2015, 8, 10))]
    assert "Nice" not in result.essays[0].text
    assert any("1 draft left out" in str(n) for n in result.notices)


@FUZZ
@given(st.text(max_size=200), st.sampled_from(["post", "comment", "settings"]))
def test_fuzzed_exports_never_crash(body: str, kind: str) -> None:
    import html

    text = OLD.replace("Not done yet.", html.escape(html.escape(body))).replace(
        "kind#comment", f"kind#{kind}")
    for data in (text.encode("utf-8", "replace"), text.encode("utf-8", "replace")[:400]):
        try:
            read_blogger(Path("fuzz.xml"), data)
        except SourceError:
            pass


@pytest.mark.slow
def test_an_export_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "blog.xml"
    path.write_text(OLD)
    build_and_check(path, tmp_path)
