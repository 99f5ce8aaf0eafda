"""WordPress WXR exports: published posts only, dates from wp:post_date_gmt, the
body without block comments, shortcodes' tags or <!--more-->; both namespace URIs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.sources import ReadOptions, read_sources, source_names
from audiozine.sources.wordpress import read as read_wxr

from .sources_helpers import FUZZ, build_and_check, plan_json

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="{scheme}://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{scheme}://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <link>https://harbour.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[mira]]></wp:author_login>
    <wp:author_display_name><![CDATA[Mira Holm]]></wp:author_display_name></wp:author>
"""


def item(post_id: int, title: str, body: str, *, status: str = "publish",
         kind: str = "post", gmt: str = "2021-03-04 22:30:00", password: str = "",
         extra: str = "") -> str:
    return f"""
  <item>
    <title><![CDATA[{title}]]></title>
    <link>https://harbour.example/?p={post_id}</link>
    <pubDate>Fri, 05 Mar 2021 09:00:00 +0000</pubDate>
    <dc:creator><![CDATA[mira]]></dc:creator>
    <guid isPermaLink="false">https://harbour.example/?p={post_id}</guid>
    <description></description>
    <content:encoded><![CDATA[{body}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date><![CDATA[2021-03-05 08:30:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[post-{post_id}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{kind}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>
    <category domain="post_tag" nicename="boats"><![CDATA[boats]]></category>
    {extra}
  </item>"""


GUTENBERG = """<!-- wp:paragraph -->
<p>The harbour wakes before the town does, and the gulls know it first.</p>
<!-- /wp:paragraph -->

<!-- wp:more -->
<!--more-->
<!-- /wp:more -->

<!-- wp:paragraph -->
<p>By six the first boats are out past the breakwater, their wakes folding into one.</p>
<!-- /wp:paragraph -->"""

CLASSIC = """Rope is the oldest tool on the quay, older than the crane and the winch.

[caption id="attachment_7" align="alignnone" width="300"]<img src="rope.jpg" alt="" /> Coils of rope drying on the quay wall[/caption]

A sailor learns twelve knots and uses three of them. [embed]https://video.example/knots[/embed]

https://twitter.example/sailor/status/1

<!-- wp:verse -->
<pre class="wp-block-verse">Hold fast the line
and let the weather pass</pre>
<!-- /wp:verse -->

<h1>Splices</h1>

A splice joins two ropes so that neither knows where it ends.

[gallery ids="4,5,6"]

The other nine are for the stories told about them in the evening."""

COMMENT = """<wp:comment><wp:comment_id>9</wp:comment_id>
      <wp:comment_content><![CDATA[Lovely piece, thanks for writing it!]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved></wp:comment>"""


def export(scheme: str = "https", items: str | None = None) -> str:
    if items is None:
        items = "".join((
            item(11, "Morning at the &amp; Harbour", GUTENBERG, extra=COMMENT),
            item(12, "Rope and Knots", CLASSIC, gmt="2021-04-01 10:00:00"),
            item(13, "Half-written", "<p>Not yet.</p>", status="draft",
                 gmt="0000-00-00 00:00:00"),
            item(14, "Secret Tides", "<p>Hidden words here for friends.</p>",
                 status="private"),
            item(15, "Next Week", "<p>Coming soon to the blog, truly.</p>", status="future"),
            item(16, "Binned", "<p>Thrown away words of no use.</p>", status="trash"),
            item(17, "Members Only", "<p>Behind a password, this one.</p>", password="pw"),
            item(18, "About", "<p>I write about the harbour and its people every week.</p>",
                 kind="page"),
            item(19, "rope.jpg", "", kind="attachment", status="inherit"),
            item(20, "Home", "", kind="nav_menu_item"),
        ))
    return HEAD.format(scheme=scheme) + items + "\n</channel>\n</rss>\n"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_published_posts_only_with_gmt_dates_and_clean_bodies(tmp_path: Path, scheme: str
                                                              ) -> None:
    path = tmp_path / "harbour.WordPress.2024-01-01.xml"
    path.write_text(export(scheme))
    result = read_sources([path])
    titles = [e.title for e in result.essays]
    assert titles == ["Morning at the & Harbour", "Rope and Knots"]
    morning, rope = result.essays
    assert morning.date == dt.date(2021, 3, 4)  # post_date_gmt, not the local post_date
    assert morning.author == "Mira Holm" and morning.tags == ("boats",)
    assert morning.source_id == "wordpress:https://harbour.example/?p=11"
    assert morning.paragraphs == (
        "The harbour wakes before the town does, and the gulls know it first.",
        "By six the first boats are out past the breakwater, their wakes folding into one.")
    text = " ".join(rope.paragraphs)
    assert "Coils of rope drying on the quay wall" in text
    assert "[" not in text and "video.example" not in text and "ids=" not in text
    assert rope.paragraphs[0].startswith("Rope is the oldest tool")
    assert "twitter" not in text  # a URL alone on its line is an embed
    assert "Hold fast the line" in text and "let the weather pass" in text  # a verse block
    # An h1 in the body is a section of the post, not an essay of its own.
    assert [s.title for s in rope.sections] == [None, "Splices"]
    assert rope.sections[1].paragraphs[0] == ("A splice joins two ropes so that neither "
                                              "knows where it ends.")
    assert "Lovely piece" not in " ".join(e.text for e in result.essays)
    said = "\n".join(str(n) for n in result.notices)
    for what in ("1 draft", "1 private post", "1 scheduled post", "1 trashed post",
                 "1 password-protected post", "1 page"):
        assert what in said, said
    assert "attachment" not in said and "Home" not in said


def test_an_untitled_post_is_named_after_its_url(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(items=item(51, "", "<p>A post with no title, only words.</p>")))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["Post 51"]
    assert any("no title; named 'Post 51' after its URL" in n.message for n in result.notices)


def test_pages_on_request(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export())
    titles = [e.title for e in read_sources([path], ReadOptions(pages=True)).essays]
    assert titles == ["Morning at the & Harbour", "About", "Rope and Knots"]  # by date


def test_one_bad_post_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(items=item(31, "Pictures Only", '<img src="a.jpg">')
                           + item(32, "Words", "<p>" + "Real words of an essay. " * 5 + "</p>")))
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["Words"]
    [bad] = [n for n in result.notices if "Pictures Only" in n.message]
    assert bad.path == path
    assert bad.line == path.read_text().splitlines().index("    <wp:post_id>31</wp:post_id>") + 1
    assert "entry 1 'Pictures Only': no readable text" in str(bad)


def test_control_characters_from_a_word_processor_do_not_break_the_export(tmp_path: Path
                                                                         ) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(items=item(61, "Pasted", "<p>Pasted\x0b from a\x0c word processor.</p>")))
    [essay] = read_sources([path]).essays
    assert essay.paragraphs == ("Pasted from a word processor.",)


def test_a_truncated_export_keeps_the_posts_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    text = export(items=item(71, "First Whole Post", "<p>All of this one arrived.</p>")
                  + item(72, "Cut Off", "<p>Only half of this one arrived, and then</p>"))
    path.write_text(text[:text.index("and then")])
    result = read_sources([path])
    assert [e.title for e in result.essays] == ["First Whole Post"]
    [broken] = [n for n in result.notices if "not well-formed" in n.message]
    assert "read up to there (1 complete entries before it)" in broken.message
    assert broken.line == text[:text.index("and then")].count("\n") + 1


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    bomb = export().replace('<?xml version="1.0" encoding="UTF-8" ?>',
                            '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    path.write_text(bomb.replace("Harbour Notes", "&b;"))
    with pytest.raises(SourceError, match="entity expansion is refused"):
        read_sources([path])


def test_the_export_names_the_show(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export())
    assert source_names(path) == ("Harbour Notes", "Mira Holm")
    [show] = plan_json(str(path), "--out", str(tmp_path / "show"))
    assert show["show"] == "Harbour Notes"


def test_a_renamed_and_edited_post_keeps_its_episode(tmp_path: Path) -> None:
    from audiozine.config import default_show
    from audiozine.plan import plan_episodes, to_published

    path = tmp_path / "export.xml"
    path.write_text(export())
    show = default_show((path,), tmp_path / "show")
    first = plan_episodes(read_sources([path]).essays, show, words_per_minute=150)
    path.write_text(export().replace("Rope and Knots", "Knots, Mostly").replace(
        "Rope is the oldest tool", "A knot is the oldest trick"))
    second = plan_episodes(read_sources([path]).essays, show, words_per_minute=150,
                           published=[to_published(e) for e in first.episodes])
    before = {e.number: e.guid for e in first.episodes}
    after = {e.number: (e.guid, e.title) for e in second.episodes}
    assert after[2] == (before[2], "Knots, Mostly")


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["publish", "draft", ""]),
       st.text(max_size=40))
def test_fuzzed_exports_never_crash(tmp_path_factory, body: str, status: str, date: str) -> None:
    import html

    text = export(items=item(1, html.escape(body[:30]), body.replace("]]>", ""),
                             status=status, gmt=html.escape(date)))
    data = text.encode("utf-8", "replace")
    try:
        read_wxr(Path("fuzz.xml"), data)
    except SourceError:
        pass
    try:
        read_wxr(Path("fuzz.xml"), data[: len(data) // 2])
    except SourceError:
        pass


@pytest.mark.slow
def test_an_export_builds_into_a_show_that_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export(items=item(41, "Short Harbour Note",
                                      "<p>The tide came in. The boats rose with it.</p>")))
    build_and_check(path, tmp_path)
