"""Real static sites and blogs: what a listener should hear of their pages. Each
fixture reproduces, in a few lines written here, a defect found on a real site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audiozine.sources import read_sources

BODY = ("This is a body paragraph with enough words to be clearly prose. It has two "
        "sentences, and it ends with a period.")


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def paragraphs(essay) -> list[str]:
    return [p for section in essay.sections for p in section.paragraphs]


def one_essay(tmp_path: Path, name: str, content: str):
    [essay] = read_sources([write(tmp_path / name, content)]).essays
    return essay


def test_a_newline_in_an_html_paragraph_is_a_space_and_br_still_breaks_a_line(tmp_path):
    essay = one_essay(tmp_path, "hard-wrapped.html", """<html><head><title>Trees</title></head>
<body><p>It is an evolutionary dead-end, a
Neanderthal language, founded by Jerry
Yang and David Filo.</p><p>Roses are red<br>Violets are blue<br>Sugar is sweet</p></body></html>""")
    assert paragraphs(essay) == [
        "It is an evolutionary dead-end, a Neanderthal language, founded by Jerry Yang and "
        "David Filo.",
        "Roses are red, Violets are blue, Sugar is sweet"]


@pytest.mark.parametrize("name, content", [
    ("2020-01-01-window.md", f"---\ntitle: \"Darwin&#39;s Window: <i>Not</i> a &amp; b\"\n"
                             f"description: It&rsquo;s <em>short</em>\n---\n{BODY}\n"),
    ("window.html", "<html><head><title>Darwin&amp;#39;s Window: &lt;i&gt;Not&lt;/i&gt; a &amp;amp; b"
                    f" | A Blog</title></head><body><p>{BODY}</p></body></html>"),
])
def test_entities_and_markup_in_titles_are_decoded_not_spoken(tmp_path, name, content):
    essay = one_essay(tmp_path, name, content)
    assert essay.title == "Darwin's Window: Not a & b"
    if name.endswith(".md"):
        assert essay.description == "It’s short"


@pytest.mark.parametrize("dateline, date", [
    ("April 2003", dt.date(2003, 4, 1)),
    ("April 2001, rev. April 2003", dt.date(2001, 4, 1)),
    ("March 3, 2021", dt.date(2021, 3, 3)),
])
def test_a_month_and_year_dateline_under_the_title_dates_the_essay(tmp_path, dateline, date):
    essay = one_essay(tmp_path, "hundred.html", f"""<html><head><title>The Hundred-Year
Language</title></head><body><img src="title.png" alt="The Hundred-Year Language"><br><br>
<font size=2 face="verdana">{dateline}<br /><br />{BODY}<br /><br />{BODY}</font></body></html>""")
    assert essay.title == "The Hundred-Year Language"
    assert essay.date == date
    assert paragraphs(essay) == [BODY, BODY]


def test_a_month_and_year_in_a_sentence_is_read(tmp_path):
    essay = one_essay(tmp_path, "plan.txt", f"The Plan\n\nMay 2002 was a good month. {BODY}\n")
    assert essay.date is None and paragraphs(essay)[0].startswith("May 2002 was")


def test_footnote_markers_are_not_read_and_the_notes_are_labelled(tmp_path):
    essay = one_essay(tmp_path, "returns.html", """<html><head><title>Returns</title></head>
<body><font>The rich get richer.
<font color=#dddddd>[<a href="#f1n"><font color=#dddddd>1</font></a>]</font><br /><br />It
helps to iterate rapidly.[2] But not always.<br /><br /><b>Notes</b><br /><br />
[<a name="f1n"><font color=#000000>1</font></a>]
Evolution is the most pervasive example.<br /><br />[2] Ask any gardener.</font></body></html>""")
    assert paragraphs(essay) == [
        "The rich get richer.", "It helps to iterate rapidly. But not always.", "Notes",
        "Footnote 1: Evolution is the most pervasive example.", "Footnote 2: Ask any gardener."]


def test_without_a_notes_label_bracketed_numbers_stay(tmp_path):
    essay = one_essay(tmp_path, "arrays.html", "<html><head><title>Arrays</title></head><body>"
                      "<p>Take the value at a[1] and at a[2] and add them.</p></body></html>")
    assert paragraphs(essay) == ["Take the value at a[1] and at a[2] and add them."]


def test_translation_and_continue_reading_links_are_not_read(tmp_path):
    essay = one_essay(tmp_path, "essay.html", f"""<html><head><title>The Essay</title></head>
<body><table><tr><td><a href="http://x.example/ja.html">Japanese Translation</a><br>
<a href="http://x.example/ru.html">Russian Translation</a></td></tr>
<tr><td><a href="http://x.example/zh1.html">Chapter 1, Chinese Translation</a></td></tr></table>
<p>{BODY} <a class="more-link" href="/the-essay/">Continue reading <span>The Essay</span>
&rarr;</a></p><p><a href="/the-essay/">Continue reading The Essay &rarr;</a></p>
<p>Read more about it in <a href="/book">my book</a>.</p>
<p><a href="/rest">Read the rest</a></p></body></html>""")
    assert paragraphs(essay) == [BODY, "Read more about it in my book."]


def test_an_embedded_tweet_is_read_without_its_links(tmp_path):
    essay = one_essay(tmp_path, "tweet.html", f"""<html><head><title>Tweets</title></head><body>
<p>{BODY}</p><blockquote class="twitter-tweet"><p lang="en">Shipping beats perfect.
<a href="https://t.co/AbC123">https://t.co/AbC123</a> <a href="https://t.co/XyZ">t.co/XyZ</a>
<a href="https://twitter.com/x/status/1/photo/1">pic.twitter.com/Qq1</a></p>&mdash; Ann (@ann)
<a href="https://twitter.com/ann/status/1">March 3, 2021</a></blockquote></body></html>""")
    assert paragraphs(essay) == [BODY, "Shipping beats perfect."]
    assert not any("t.co" in link.url for link in essay.links)


@pytest.mark.parametrize("credit", [
    "Photo by Jane Doe on Unsplash",
    "Image: Wikimedia Commons, CC BY-SA 4.0",
    "This work is licensed under a Creative Commons Attribution 4.0 International License.",
    "CC BY-NC 4.0",
])
@pytest.mark.parametrize("kind", ["html", "md"])
def test_image_credits_and_licences_are_not_read(tmp_path, credit, kind):
    keep = ("Photographs by my grandfather hang on every wall of the house. Creative Commons "
            "changed how I think about sharing them.")
    content = (f"<html><head><title>Harbour</title></head><body><p>{BODY}</p><p>{credit}</p>"
               f"<p>{keep}</p></body></html>" if kind == "html"
               else f"# Harbour\n\n{BODY}\n\n{credit}\n\n{keep}\n")
    essay = one_essay(tmp_path, f"harbour.{kind}", content)
    assert paragraphs(essay) == [BODY, keep]


def test_a_page_of_links_is_not_an_essay(tmp_path):
    folder = tmp_path / "site"
    links = "".join(f'<a href="essay{n}.html">Essay number {n}</a><br>' for n in range(30))
    write(folder / "articles.html", f"<html><head><title>Essays</title></head><body>{links}"
                                    "</body></html>")
    write(folder / "index.html", "<html><head><title>Home</title></head><body>" + "".join(
        f'<a href="p{n}.html"><img src="p{n}.png"></a>' for n in range(12))
        + "<p>New: an essay.</p></body></html>")
    nav = "".join(f'<a href="n{n}.html">Page {n}</a> ' for n in range(20))
    write(folder / "essay.html", f"<html><head><title>A Real Essay</title></head><body>{nav}"
                                 f"<p>{BODY} {BODY}</p><p>{BODY} {BODY}</p><p>{BODY}</p>"
                                 "</body></html>")
    result = read_sources([folder])
    assert [e.title for e in result.essays] == ["A Real Essay"]
    notices = sorted(str(n) for n in result.notices if "mostly links" in n.message)
    assert notices == [
        f"{folder / name}:1: mostly links to other pages (an index, an archive or a feed page), "
        "not an essay: not narrated" for name in ("articles.html", "index.html")]
    assert not result.skipped


TEXTILE_POST = """---
layout: post
title: The Parable
---

h2. Once upon a time

Imagine that you have a computer with *nothing* on it but a text editor
and a "file system":http://example.com/fs. Imagine a _time_ machine.[1]

{% highlight ruby %}
def hello; end
{% endhighlight %}

* one thing
* another thing

fn1. Not really a time machine.
"""


def test_a_jekyll_sites_textile_posts_are_read_not_dropped(tmp_path):
    site = tmp_path / "site"
    write(site / "_config.yml", "title: Tex\n")
    write(site / "_posts" / "2009-05-19-the-parable.textile", TEXTILE_POST)
    write(site / "_posts" / "2009-06-01-second.md", f"---\ntitle: Second\n---\n{BODY}\n")
    result = read_sources([site])
    assert [(e.title, e.date) for e in result.essays] == [
        ("The Parable", dt.date(2009, 5, 19)), ("Second", dt.date(2009, 6, 1))]
    parable = result.essays[0]
    assert [s.title for s in parable.sections] == ["Once upon a time"]
    assert paragraphs(parable) == [
        "Imagine that you have a computer with nothing on it but a text editor and a file "
        "system. Imagine a time machine.", "one thing", "another thing",
        "Footnote 1: Not really a time machine."]
    assert [link.url for link in parable.links] == ["http://example.com/fs"]
    assert any("1 code block(s)" in n.message for n in result.notices)


def test_a_textile_draft_is_left_out_with_a_notice(tmp_path):
    path = write(tmp_path / "_posts" / "2009-05-19-wip.textile",
                 "---\ntitle: WIP\npublished: false\n---\n\nh2. Soon\n\nNot yet.\n")
    result = read_sources([tmp_path / "_posts", write(tmp_path / "a.md", f"# A\n\n{BODY}\n")])
    assert [e.title for e in result.essays] == ["A"]
    assert any(n.path == path and "draft" in n.message for n in result.notices)


def test_a_github_pages_jekyll_site_without_config_reads_its_posts_only(tmp_path):
    site = tmp_path / "site"
    write(site / "_layouts" / "post.html", "<html>{{ content }}</html>")
    write(site / "index.html", "---\nlayout: default\n---\n<h1>Blog Posts</h1><ul>"
                               "{% for post in site.posts %}<li>{{ post.title }}</li>"
                               "{% endfor %}</ul>")
    write(site / "pgp.txt", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n=vrTm\n")
    write(site / "_posts" / "2009-05-19-the-parable.md", f"""---
layout: post
title: The Parable
---

{{{{ page.title }}}}
================

<p class="meta">19 May 2009 - San Francisco</p>

{BODY}
""")
    result = read_sources([site])
    [essay] = result.essays
    assert (essay.title, essay.date) == ("The Parable", dt.date(2009, 5, 19))
    assert paragraphs(essay) == [BODY]
