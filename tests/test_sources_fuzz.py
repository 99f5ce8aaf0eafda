"""Fuzzing every reader with hypothesis: whatever the input, a reader returns essays
and notices or raises `SourceError` (a one-line message): never another exception,
which `read_source_file` would report as a defect of audiozine's. A fixed budget
(derandomized, a few dozen examples each) keeps this part of the suite fast."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiozine.errors import SourceError
from audiozine.sources import readers, safety
from audiozine.sources.decode import decode_bytes

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from(["The", "quiet", "office", "April 2003", "March 3, 2021", "1984",
                         "[1]", "[^1]", "&amp;", "&#39;", "&lt;i&gt;", "Notes", "é", "🙂",
                         "http://example.com/x", "Continue reading", "Japanese Translation",
                         "Photo by Jane on Unsplash", "CC BY 4.0", ":", ",", ".", "?", "\n",
                         "\n\n", " ", "\t", "\u200b", "\r\n", "--", "2024-13-45"])
TEXT = st.lists(WORDS | st.text(max_size=8), max_size=40).map("".join)

HTML_PIECES = st.sampled_from([
    "<p>", "</p>", "<h1>", "</h1>", "<h2>", "</h2>", "<table>", "</table>", "<tr>", "</tr>",
    "<td>", "</td>", "<th>", "</th>", "<thead>", "<ul>", "<ol start=x>", "<li value=3>",
    "</li>", "<br>", "<br/><br/>", "<a href='#fn1'>", "<a name='f1n'>", "<a href='http://x'>",
    "</a>", "<sup>", "</sup>", "<figure><figcaption>", "</figcaption>", "<article>",
    "</article>", "<main>", "<header>", "</header>", "<blockquote class='twitter-tweet'>",
    "<title>", "</title>", "<font>", "<b>", "</b>", "<pre>", "</pre>", "<![CDATA[", "<!--",
    "-->", "<img src=x>", "<p class='footnote'>", "<span class=credit>", "<div class=share>",
    "<meta property='article:published_time' content='2021-02-30'>", "<time datetime=x>",
    "<script>", "</script>", "<svg>", "<", ">", "&", "<![", "<details><summary>",
])
HTML = st.lists(HTML_PIECES | WORDS, max_size=60).map("".join)

MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "\n", "\n\n", "- ", "1. ", "> ", "> [!note] ", "```", "~~~", "    ", "| a | b |",
    "|---|---|", "[^1]", "[^1]: ", "[[Note|x]]", "![[embed]]", "%%", "$$", "{% highlight %}",
    "{% endhighlight %}", "{{ x }}", "{: .lead}", "*[HTML]: ", "- [ ] ", ":smile:", "==hi==",
    "**", "_", "~~", "[link](http://x)", "![img](x.png)", "<div>", "</div>", "<br>", "---\n",
    "+++\n", "title: x\n", "date: 2021-02-30\n", "draft: true\n",
])
MARKDOWN = st.lists(MARKDOWN_PIECES | WORDS, max_size=60).map("".join)

KEYS = st.sampled_from(["title", "date", "created", "description", "author", "tags", "draft",
                        "published", "Title", "titel", "layout", "- x", "? y", "[a]"])
VALUES = st.sampled_from(["", "x", "'unclosed", "\"a: b\"", "a: b", "2024-01-01", "2024-13-45",
                          "[a, b]", "{a: 1}", "- name: Ann", "yes", "1984", "[[2023-04-05]]",
                          "&#39;x&#39;", "<i>x</i>", "!!binary x", "*anchor", "&a x"])
FRONT_MATTER = st.tuples(
    st.sampled_from(["---", "+++"]),
    st.lists(st.tuples(KEYS, st.sampled_from([": ", "= ", ":"]), VALUES), max_size=6),
    st.sampled_from(["---", "+++", "...", ""]), MARKDOWN,
).map(lambda t: t[0] + "\n" + "".join(f"{k}{s}{v}\n" for k, s, v in t[1]) + t[2] + "\n" + t[3])


def read_with(suffix: str, text: str | bytes) -> None:
    """Read `text` as a file with `suffix`: only `SourceError` may come out."""
    path = Path(f"fuzz{suffix}")
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    reader = readers.reader_for(path, data)
    try:
        essays, notices = reader.read(path, data)
    except SourceError as error:
        assert "\n" not in str(error).strip()
        return
    for essay in essays:
        assert essay.title.strip() and essay.sections


@FUZZ
@given(HTML)
def test_the_html_reader_never_fails_but_with_a_source_error(page):
    read_with(".html", page)


@FUZZ
@given(MARKDOWN)
def test_the_markdown_reader_never_fails_but_with_a_source_error(text):
    read_with(".md", text)


@FUZZ
@given(FRONT_MATTER)
def test_front_matter_never_fails_but_with_a_source_error(text):
    read_with(".md", text)
    read_with(".html", text)


@FUZZ
@given(TEXT)
def test_the_text_reader_never_fails_but_with_a_source_error(text):
    read_with(".txt", text)


@FUZZ
@given(st.lists(MARKDOWN_PIECES | WORDS | st.sampled_from(
    ["h1. ", "h2. ", "p. ", "bc. ", "bq. ", "fn1. ", "\"x\":http://y ", "* ", "# ", "|a|b|",
     "!img.png!", "==", "notextile. ", "<notextile>", "pre.. "]), max_size=50).map("".join))
def test_the_textile_reader_never_fails_but_with_a_source_error(text):
    read_with(".textile", "---\ntitle: T\n---\n" + text)


@FUZZ
@given(st.binary(max_size=200))
def test_decoding_any_bytes_is_text_or_one_source_error(data):
    try:
        text, _notices = decode_bytes(data, Path("fuzz.txt"))
    except SourceError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(text, str)


XML_PIECES = st.sampled_from([
    "<?xml version='1.0'?>", "<rss>", "</rss>", "<channel>", "<item>", "</item>", "<title>",
    "</title>", "<!DOCTYPE r [", "<!ENTITY a 'b'>", "]>", "&a;", "&amp;", "<![CDATA[x]]>",
    "<wp:post_type>", "xmlns:wp='http://wordpress.org/export/1.2/'", "<", ">", "/>", "\n",
])


@FUZZ
@given(st.lists(XML_PIECES | WORDS, max_size=40).map("".join))
def test_xml_is_parsed_or_refused_with_one_source_error(document):
    for data in (document.encode("utf-8", "surrogatepass"),
                 document.encode("utf-16", "surrogatepass")):
        try:
            safety.parse_xml(data, "fuzz.xml")
        except SourceError as error:
            assert "\n" not in str(error)


NAMES = st.sampled_from(["posts.csv", "posts/1.a.html", "../x", "/abs", "C:\\x", "a/../../b",
                         "ok/", "p\x00.html", "..\\x", "é.html", "a" * 300])


@FUZZ
@given(st.lists(st.tuples(NAMES, st.binary(max_size=50)), max_size=6, unique_by=lambda e: e[0]),
       st.integers(min_value=0, max_value=40))
def test_any_zip_is_read_or_refused_with_one_source_error(entries, cut):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data)
    data = buffer.getvalue()
    for sample in (data, data[:len(data) - cut] if cut else data[::-1]):
        try:
            with safety.open_archive(Path("fuzz.zip"), sample) as archive:
                for name in archive.names():
                    archive.read(name)
        except SourceError as error:
            assert "\n" not in str(error)


@FUZZ
@given(st.lists(st.lists(st.text(max_size=6) | st.sampled_from(["\"", ",", "\n", "\r\n"]),
                         max_size=5).map(",".join), max_size=8).map("\n".join))
def test_csv_like_text_is_read_as_text_or_refused(text):
    read_with(".txt", text)


@pytest.mark.parametrize("depth", [50, 5000])
def test_a_deeply_nested_page_is_read_or_one_source_error(depth):
    page = "<div>" * depth + "<p>Deep text here.</p>" + "</div>" * depth
    if depth < 100:
        [essay] = readers.reader_for(Path("x.html")).read(Path("x.html"), page.encode())[0]
        assert essay.sections[0].paragraphs == ("Deep text here.",)
    else:
        with pytest.raises(SourceError, match="nested too deeply"):
            readers.reader_for(Path("x.html")).read(Path("x.html"), page.encode())
