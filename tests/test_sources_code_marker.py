"""`code_blocks = "marker"` in every format, not only Markdown and HTML: the platform
exports (WordPress, Ghost, Blogger, Substack, Medium, EPUB), feeds and Textile leave
one spoken marker where each run of code blocks stands, and nothing by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audiozine.models import CODE_MARKER
from audiozine.sources import ReadOptions, read_sources

from .sources_helpers import write_tree, zip_bytes
from .test_sources_blogger import KIND
from .test_sources_epub import OPF3, book, xhtml
from .test_sources_feeds import RSS
from .test_sources_ghost import export as ghost_export, post as ghost_post
from .test_sources_medium import medium_post
from .test_sources_wordpress import HEAD, item

FIRST = "Before the code comes a sentence of prose that explains it."
SECOND = "Between the examples stands a second paragraph of prose."
LAST = "And the post ends here, after its last example."
#: Two <pre> blocks side by side (one run), prose, a third one, prose.
BODY = (f"<p>{FIRST}</p><pre><code>total = add(1, 2)</code></pre><pre>print(total)</pre>"
        f"<p>{SECOND}</p><figure><pre>tail -f log</pre></figure><p>{LAST}</p>")
MARKED = [FIRST, CODE_MARKER, SECOND, CODE_MARKER, LAST]


def _escaped(markup: str) -> str:
    return markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wordpress(root: Path) -> Path:
    path = root / "export.xml"
    path.write_text(HEAD.format(scheme="https") + item(1, "Code Post", BODY)
                    + "\n</channel></rss>\n", encoding="utf-8")
    return path


def _ghost(root: Path) -> Path:
    path = root / "ghost.json"
    path.write_text(export_of_ghost(), encoding="utf-8")
    return path


def export_of_ghost() -> str:
    return ghost_export([ghost_post(1, "Code Post", html=BODY)])


def _blogger(root: Path) -> Path:
    path = root / "blog.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-9</id>
<title type="text">Kettle Code</title>
<entry><id>tag:blogger.com,1999:blog-9.post-1</id>
  <published>2015-08-09T23:10:00.000-07:00</published>
  {KIND.format(kind="post")}<title type="text">Code Post</title>
  <content type="html">{_escaped(BODY)}</content>
  <author><name>Sam Oduya</name></author></entry>
</feed>""", encoding="utf-8")
    return path


def _substack(root: Path) -> Path:
    path = root / "substack.zip"
    path.write_bytes(zip_bytes({
        "posts.csv": "post_id,post_date,is_published,email_sent_at,inbox_sent_at,type,"
                     "audience,title,subtitle,podcast_url\n201.code-post,"
                     "2022-02-01T23:30:00.000Z,true,,,newsletter,everyone,Code Post,,\n",
        "posts/201.code-post.html": BODY}))
    return path


def _medium(root: Path) -> Path:
    page = medium_post("Code Post", "A subtitle", ["PLACE"]).replace(
        '<p name="p0" class="graf graf--p">PLACE</p>', BODY)
    return write_tree(root / "medium-export", {
        "README.html": "<p>This archive holds your Medium data.</p>",
        "posts/2019-05-12_Code-Post-3c4d5e6f7a8b.html": page})


def _epub(root: Path) -> Path:
    path = root / "book.epub"
    path.write_bytes(book(OPF3, {"one.xhtml": xhtml(f"<h1>Code Post</h1>{BODY}")}, ["one"]))
    return path


def _feed(root: Path) -> Path:
    path = root / "feed.xml"
    path.write_text(RSS.replace("{items}", f"""<item><title>Code Post</title>
  <link>https://lamps.example/1</link><guid isPermaLink="false">code-1</guid>
  <pubDate>Tue, 02 Mar 2021 23:30:00 -0500</pubDate>
  <content:encoded><![CDATA[{BODY}]]></content:encoded></item>"""), encoding="utf-8")
    return path


SOURCES = {"wordpress": _wordpress, "ghost": _ghost, "blogger": _blogger,
           "substack": _substack, "medium": _medium, "epub": _epub, "feed": _feed}


def _said(result) -> list[str]:
    """The essay's paragraphs, without a Medium post's subtitle (read before them)."""
    [essay] = result.essays
    return [p for section in essay.sections for p in section.paragraphs if p != "A subtitle"]


@pytest.mark.parametrize("kind", SOURCES)
def test_a_platform_posts_code_runs_leave_one_marker_each(tmp_path: Path, kind: str) -> None:
    source = SOURCES[kind](tmp_path)
    marked = read_sources([source], ReadOptions(code_blocks="marker"))
    assert _said(marked) == MARKED
    plain = read_sources([source])
    assert _said(plain) == [FIRST, SECOND, LAST]
    # The marker changes what is said, not what is reported.
    assert [n.message for n in marked.notices] == [n.message for n in plain.notices]


TEXTILE = """---
title: Parable Of Code
date: 2009-05-19
---

h2. Once upon a time

Imagine a computer with nothing on it but a text editor and a file system.

{% highlight ruby %}
def hello; end
{% endhighlight %}

bc. puts hello

Between the examples stands a second paragraph of prose.

{% highlight ruby %}
goodbye
{% endhighlight %}
"""


def test_textile_code_runs_liquid_and_bc_leave_one_marker_each(tmp_path: Path) -> None:
    path = tmp_path / "_posts" / "2009-05-19-parable.textile"
    write_tree(tmp_path, {"_posts/2009-05-19-parable.textile": TEXTILE})
    marked = read_sources([path], ReadOptions(code_blocks="marker"))
    assert _said(marked) == [
        "Imagine a computer with nothing on it but a text editor and a file system.",
        CODE_MARKER, SECOND, CODE_MARKER]
    plain = read_sources([path])
    assert CODE_MARKER not in _said(plain) and "hello" not in " ".join(_said(plain))
    # One notice counts the Liquid blocks and the Textile one together.
    notices = [n.message for n in plain.notices]
    assert "3 code block(s) will not be narrated" in notices, notices
    assert notices == [n.message for n in marked.notices]


def test_a_show_file_with_the_marker_marks_an_exports_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from audiozine.cli import app

    source = _ghost(tmp_path)
    show = tmp_path / "show.toml"
    show.write_text('title = "Code Show"\nauthor = "Ann Lee"\ndescription = "Essays."\n'
                    f"sources = {json.dumps([str(source)])}\ncode_blocks = \"marker\"\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "--show", str(show), "--json", "--script"])
    assert result.exit_code == 0, result.output
    said = [u["written"] for u in json.loads(result.stdout)[0]["scripts"][0]
            if u["chapter"] not in ("Intro", "Outro")]
    assert said == MARKED
