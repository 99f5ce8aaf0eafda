"""The blog formats tried in session 17: Pelican's reStructuredText posts and its
Markdown metadata header ("Title:", "Date:"), MDX posts (Gatsby, Next.js), and
drafts marked "status: draft". Fixtures written here, after what real blogs do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audiozine.errors import SourceError
from audiozine.models import CODE_MARKER
from audiozine.sources import ReadOptions, collection_identity, read_sources
from audiozine.sources.readers import read_source_file, reader_for

from .sources_helpers import FUZZ, build_and_check, write_tree
from .test_sources_fuzz import MARKDOWN_PIECES, WORDS, read_with

PROSE = ("A static site is a folder of pages that a server hands out as they are, "
         "without a program deciding anything at the moment of the request.")

RST_POST = """\
Static Sites, Again
###################

:date: 2012-07-23 10:20
:author: Ana Reyes
:tags: web, hosting
:summary: Why the *old* way is back.
:slug: static-sites

{prose}

It is fast, and :abbr:`CDN (content delivery network)` caches love it [#]_.
See the ``make html`` target, `the docs <https://example.org/docs>`_ and the
:unknown:`sphinx role` that docutils does not know.

.. code-block:: python

   print("built")

::

   $ make publish

Hosting
=======

A substitution |nothing| is not read, and neither is this:

.. youtube:: dQw4w9WgXcQ

.. include:: /etc/hostname

.. raw:: html

   <b>raw markup</b>

.. [#] Most of them, anyway.
""".format(prose=PROSE)


def paragraphs(essay) -> list[str]:
    return [p for section in essay.sections for p in section.paragraphs]


def test_a_pelican_rst_post_is_read_with_its_fields(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"content/static.rst": RST_POST}) / "content" / "static.rst"
    result = read_sources([path])
    [essay] = result.essays
    assert (essay.title, essay.date, essay.author, essay.tags, essay.description) == (
        "Static Sites, Again", dt.date(2012, 7, 23), "Ana Reyes", ("web", "hosting"),
        "Why the old way is back.")
    assert [s.title for s in essay.sections] == [None, "Hosting"]
    assert paragraphs(essay) == [
        PROSE,
        "It is fast, and CDN (content delivery network) caches love it. See the "
        "`make html` target, the docs and the sphinx role that docutils does not know.",
        "A substitution is not read, and neither is this:",
        "Footnote 1: Most of them, anyway."]
    assert [link.url for link in essay.links] == ["https://example.org/docs"]
    assert [n.message for n in result.notices] == ["2 code block(s) will not be narrated"]
    marked = read_sources([path], ReadOptions(code_blocks="marker"))
    assert paragraphs(marked.essays[0])[2] == CODE_MARKER


def test_rst_files_in_a_folder_are_read_not_dropped(tmp_path: Path) -> None:
    """A Pelican site's content/ of .rst and .md posts: every post, dated and ordered."""
    site = write_tree(tmp_path / "blog", {
        "content/news/static.rst": RST_POST,
        "content/news/2013-01-05-second.rst": f"Second Post\n===========\n\n{PROSE}\n",
        "content/news/draft.rst": f"Not Yet\n=======\n\n:date: 2014-01-01\n:status: draft\n\n{PROSE}\n",
        "content/news/third.md": f"Title: Third Post\nDate: 2015-02-03\nTags: a, b\n\n{PROSE}\n"})
    result = read_sources([site])
    assert [(e.title, e.date) for e in result.essays] == [
        ("Static Sites, Again", dt.date(2012, 7, 23)), ("Second Post", dt.date(2013, 1, 5)),
        ("Third Post", dt.date(2015, 2, 3))]
    assert any("draft" in n.message and n.path.name == "draft.rst" for n in result.notices)


def test_an_rst_date_with_dots_or_slashes_is_read_year_first(tmp_path: Path) -> None:
    for name, date in (("dots", "2015.10.17"), ("short", "2015.3.4 10:20"),
                       ("slashes", "2012/07/23")):
        (tmp_path / f"{name}.rst").write_text(
            f"Post {name}\n==========\n\n:date: {date}\n\n{PROSE}\n")
    result = read_sources([tmp_path])
    assert not result.skipped
    assert sorted(e.date for e in result.essays) == [
        dt.date(2012, 7, 23), dt.date(2015, 3, 4), dt.date(2015, 10, 17)]


def test_a_bad_rst_date_is_one_line_with_where_and_the_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.rst"
    path.write_text(f"Bad Date\n========\n\n:tags: x\n:date: last Tuesday\n\n{PROSE}\n")
    good = tmp_path / "good.rst"
    good.write_text(f"Good\n====\n\n{PROSE}\n")
    result = read_sources([tmp_path])
    assert [e.title for e in result.essays] == ["Good"]
    [skipped] = result.skipped
    assert (skipped.path, skipped.line) == (path, 5)
    assert "date: expected a date such as 2024-03-01, got 'last Tuesday'" in skipped.message
    assert "\n" not in skipped.message


def test_an_rst_post_without_a_title_is_named_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "on-walls.rst"
    path.write_text(f"{PROSE}\n\nSecond paragraph here, still about walls.\n")
    [essay] = read_sources([path]).essays
    assert essay.title == "On walls" and paragraphs(essay)[0] == PROSE


@pytest.mark.parametrize("header, title, date", [
    ("Title: My Super Title\nDate: 2010-12-03 10:20\nModified: 2010-12-05 19:30\n"
     "Category: Python\nTags: pelican, publishing\nSlug: my-super-post\n"
     "Authors: Alexis Metaireau, Conan Doyle\nSummary: Short version\n",
     "My Super Title", dt.date(2010, 12, 3)),
    ("title: Lower Case Keys\ndate: 2011-01-02\n", "Lower Case Keys", dt.date(2011, 1, 2)),
])
def test_pelicans_markdown_metadata_header_is_read_not_narrated(
        tmp_path: Path, header: str, title: str, date: dt.date) -> None:
    path = tmp_path / "post.md"
    path.write_text(f"{header}\n{PROSE}\n\n## Later\n\nMore.\n")
    result = read_sources([path])
    [essay] = result.essays
    assert (essay.title, essay.date) == (title, date)
    assert paragraphs(essay) == [PROSE, "More."]
    assert not result.notices
    if "Authors" in header:
        assert essay.author == "Alexis Metaireau, Conan Doyle"
        assert essay.tags == ("pelican", "publishing") and essay.description == "Short version"


@pytest.mark.parametrize("opening", [
    "Note: this was written in 2009.\nIt has aged.\n",  # one "key", and not a header key
    "Title: a title alone\n",  # one row is no header
    "Warning: hot\nDanger: high\n",  # rows of keys Pelican does not read first
])
def test_prose_that_looks_like_a_key_is_no_header(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "notes.md"
    path.write_text(f"{opening}\n{PROSE}\n")
    [essay] = read_sources([path]).essays
    assert paragraphs(essay)[0].startswith(opening.split(":")[0] + ":")


def test_status_draft_in_yaml_front_matter_is_a_draft(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\ntitle: A\nstatus: draft\n---\n\n{PROSE}\n")
    (tmp_path / "b.md").write_text(f"---\ntitle: B\nstatus: published\n---\n\n{PROSE}\n")
    result = read_sources([tmp_path])
    assert [e.title for e in result.essays] == ["B"]
    assert any("status: draft" in n.message for n in result.notices)


MDX_POST = """\
---
title: Components In Prose
date: 2021-04-05
---
import { Chart } from '../components/chart'
import Callout from "../components/callout"

export const meta = {
  banner: 'x.jpg',
}

# Components In Prose

{prose}

<Callout type="tip" title={"a > b"}>

Inside a component the **Markdown** is still read.

</Callout>

<Chart data={[1, 2, {a: 3}]} options={{ stacked: true }} />

A sentence with an inline <Badge>new</Badge> tag and an {/* editor's note */} expression{' '}here.

<Themed
  dark={<img src="dark.png" alt="dark" />}
  light={<img src="light.png" alt="light" />}
/>

```jsx
import React from 'react'
export default () => <Chart data={rows} />
```

Importing is what `import x from "y"` does; export your work early.

<>
Fragments hold text too.
</>
""".replace("{prose}", PROSE)


def test_an_mdx_posts_javascript_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "components.mdx"
    path.write_text(MDX_POST)
    assert reader_for(path).name == "MDX"
    result = read_sources([path])
    [essay] = result.essays
    assert (essay.title, essay.date) == ("Components In Prose", dt.date(2021, 4, 5))
    assert paragraphs(essay) == [
        PROSE, "Inside a component the Markdown is still read.",
        "A sentence with an inline new tag and an expression here.",
        'Importing is what `import x from "y"` does; export your work early.',
        "Fragments hold text too."]
    assert [n.message for n in result.notices] == ["1 code block(s) will not be narrated"]
    marked = read_sources([path], ReadOptions(code_blocks="marker"))
    assert CODE_MARKER in paragraphs(marked.essays[0])


def test_an_mdx_tag_that_never_closes_is_one_line_and_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mdx"
    bad.write_text(f"# Bad\n\n{PROSE}\n\n" + "<Chart data={[1, 2] />\n\nMore prose.\n")
    (tmp_path / "good.mdx").write_text(f"# Good\n\n{PROSE}\n")
    result = read_sources([tmp_path])
    assert [e.title for e in result.essays] == ["Good"]
    [skipped] = result.skipped
    assert (skipped.path, skipped.line) == (bad, 5) and "never closed" in skipped.message


@FUZZ
@given(st.lists(WORDS | st.sampled_from([
    "Title\n=====\n\n", "Sub\n---\n", ":date: ", "2021-01-01", ":status: draft\n", ":tags: ",
    "\n\n", "::\n\n   code\n", ".. code-block:: python\n\n   x = 1\n", ".. [#] ", "[#]_ ",
    "`link <http://x>`_", "`ref`_", "|sub|", ":role:`x`", "``lit``", "*", "**", ".. image:: x\n",
    ".. include:: /etc/passwd\n", ".. raw:: html\n\n   <b>x</b>\n", "   ", "* item\n",
    "+---+\n| a |\n+---+\n", ".. note::\n\n   n\n", ":field: value\n", "\\", "`", "_",
]), max_size=50).map("".join))
def test_the_rst_reader_never_fails_but_with_a_source_error(text: str) -> None:
    read_with(".rst", text)


@FUZZ
@given(st.lists(MARKDOWN_PIECES | WORDS | st.sampled_from([
    "import x from 'y'\n", "export const a = {\n", "}\n", "<Callout>", "</Callout>",
    "<Chart data={", "} />", "{", "}", "{/* c */}", "<>", "</>", "<a.B x='>'>", "`", "\\{",
    "'", '"', "`{`", "<Comp\n  a={1}\n/>",
]), max_size=50).map("".join))
def test_the_mdx_reader_never_fails_but_with_a_source_error(text: str) -> None:
    read_with(".mdx", text)


@pytest.mark.slow
def test_rst_and_mdx_posts_build_into_a_show_that_passes_check(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "posts", {
        "2021-01-02-walls.rst": "On Walls\n========\n\nA wall is a decision made once.\n",
        "2021-02-03-doors.mdx": "import X from './x'\n\n# On Doors\n\n<X />\n\n"
                                "A door is a decision made every day.\n"})
    out = build_and_check(folder, tmp_path)
    assert len(list((out / "episodes").glob("*.mp3"))) == 2
    assert read_source_file(folder / "2021-02-03-doors.mdx")[0][0].title == "On Doors"


def test_org_and_asciidoc_posts_are_told_not_dropped(tmp_path: Path) -> None:
    """Formats audiozine does not read: a folder says how many and how to read them;
    a folder of only them, and such a file named, is one line saying so."""
    blog = write_tree(tmp_path / "blog", {
        "posts/2020-01-01-a.org": "#+TITLE: A\n\nText.\n", "posts/b.org": "* B\n",
        "posts/c.adoc": "= C\n\nText.\n", "posts/d.md": f"# D\n\n{PROSE}\n"})
    result = read_sources([blog])
    assert [e.title for e in result.essays] == ["D"]
    told = [n for n in result.notices if "file(s) not read" in n.message]
    assert [(n.path, n.message.split(",")[0]) for n in told] == [
        (blog, "AsciiDoc (.adoc): 1 file(s) not read"),
        (blog, "Org-mode (.org): 2 file(s) not read")]
    assert "the first: posts/2020-01-01-a.org" in told[1].message
    only = write_tree(tmp_path / "org-only", {"notes/x.org": "* X\n"})
    with pytest.raises(SourceError) as caught:
        read_sources([only])
    assert "Org-mode (.org): 1 file(s) not read" in caught.value.message
    with pytest.raises(SourceError) as caught:
        read_sources([only / "notes" / "x.org"])
    assert caught.value.message.startswith("'.org' is Org-mode, which audiozine does not read")


def test_a_pelican_site_reads_its_articles_not_its_pages_and_names_the_show(
        tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {
        "pelicanconf.py": 'import os\nAUTHOR = "Ana Reyes"\nSITENAME = "Static Notes"\n'
                          'PATH = "content"\nMENUITEMS = (("a", "b"),)\nSITENAME2 = os.sep\n',
        "content/news/static.rst": RST_POST,
        "content/second.md": f"Title: Second Post\nDate: 2015-02-03\n\n{PROSE}\n",
        "content/pages/about.rst": f"About\n=====\n\n{PROSE}\n",
        "content/extra/robots.txt": "User-agent: *\nDisallow: /drafts/\n",
        "themes/simple/templates/base.html": "<html><body><h1>{{ SITENAME }}</h1></body></html>"})
    result = read_sources([site])
    assert [e.title for e in result.essays] == ["Static Sites, Again", "Second Post"]
    assert any("a Pelican site: only content is read" in n.message for n in result.notices)
    assert collection_identity([site]) == ("Static Notes", "Ana Reyes")
    # A pelicanconf.py that is no Python names nothing, and the posts are still read.
    (site / "pelicanconf.py").write_text("SITENAME = 'unclosed\n")
    assert collection_identity([site]) == (None, None)
    assert len(read_sources([site]).essays) == 2


def test_a_zola_site_reads_content_without_section_pages_and_shortcodes(tmp_path: Path
                                                                        ) -> None:
    site = write_tree(tmp_path / "site", {
        "config.toml": 'base_url = "https://notes.example"\ntitle = "Zola Notes"\n'
                       '[extra]\nauthor = "Kim"\n',
        "content/_index.md": '+++\nsort_by = "date"\n+++\n',
        "content/about/_index.md": f"+++\ntitle = \"About\"\n+++\n\n{PROSE}\n",
        "content/walls.md": f'+++\ntitle = "On Walls"\ndate = 2021-07-19\n[taxonomies]\n'
                            f'tags = ["x"]\n+++\n\n{PROSE}\n\n{{{{ youtube(id="abc") }}}}\n\n'
                            '{% quote(author="Ann") %}\nWalls remember.\n{% end %}\n',
        "content/later.md": f'+++\ntitle = "Later"\ndate = 2022-01-01\ndraft = true\n+++\n\n{PROSE}\n',
        "templates/index.html": "<h1>{{ config.title }}</h1>"})
    result = read_sources([site])
    [essay] = result.essays
    assert (essay.title, essay.date) == ("On Walls", dt.date(2021, 7, 19))
    assert paragraphs(essay) == [PROSE, "Walls remember."]
    assert any("a Zola site: only content is read" in n.message for n in result.notices)
    assert collection_identity([site]) == ("Zola Notes", None)
