"""The sources stage: finding essays in .txt, .md and .html collections."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from audiozine.errors import SourceError
from audiozine.models import Link
from audiozine.sources import DRAFT_NOTICE, clean_text, read_sources, read_text_file

from .fixtures import CUSTOMER_SUCCESS_TITLES, SEEDS, WORKING_LIFE_TITLES


BODY = ("This is a body paragraph with enough words to be clearly prose. It has two "
        "sentences, and it ends with a period.")
BODY2 = "Another paragraph follows here, also plainly body text. It ends properly too."


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def essays_of(tmp_path: Path, name: str, content: str | bytes):
    return read_sources([write(tmp_path, name, content)]).essays


def titles(essays) -> list[str]:
    return [e.title for e in essays]


# ------------------------------------------------------------------ seeds

SEED_TITLES = {  # titles -> paragraphs per essay
    tuple(WORKING_LIFE_TITLES): (6, 4, 2, 4, 5, 4, 8, 6, 4, 4),
    tuple(CUSTOMER_SUCCESS_TITLES): (8, 5, 4),
}


def test_seeds_give_the_thirteen_essays_with_every_paragraph_in_place():
    result = read_sources([SEEDS])
    assert len(result.essays) == 13
    by_file: dict[Path, list] = {}
    for essay in result.essays:
        by_file.setdefault(essay.source_path, []).append(essay)
    found = {tuple(titles(group)): tuple(len(e.paragraphs) for e in group)
             for group in by_file.values()}
    assert found == SEED_TITLES
    for path, group in by_file.items():
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        source = [line for line in lines if line]
        read = [text for e in group for text in (e.title, *e.paragraphs)]
        assert [" ".join(s.replace("\u00a0", " ").split()) for s in source] == read
    losing_hair = next(e for e in result.essays if e.title.startswith("Losing hair"))
    assert losing_hair.paragraphs[-1] == "Well, touche. He wins."
    juggling = next(e for e in result.essays if e.title.startswith("Juggling"))
    assert juggling.paragraphs[-1] == "Shame on us as a society and world."
    assert result.notices == ()


def test_folder_skips_readme_and_hidden_files(tmp_path):
    write(tmp_path, "README.md", "# About this folder\n\nNot an essay, just notes.\n")
    write(tmp_path, ".draft.txt", f"Hidden\n\n{BODY}\n")
    write(tmp_path, ".git/x.txt", f"Hidden too\n\n{BODY}\n")
    write(tmp_path, "notes.docx", "ignored")
    write(tmp_path, "a.txt", f"Real essay\n\n{BODY}\n")
    assert titles(read_sources([tmp_path]).essays) == ["Real essay"]


# -------------------------------------------------------------- plain text

def test_titles_questions_quotes_and_one_line_paragraphs(tmp_path):
    text = (f"First essay title\n\n{BODY}\n\nWell, touche. He wins.\n\n"
            f"Is remote work here to stay?\n\n{BODY}\n\nSo that's that.\n\n"
            f"“What dish would you make?”\n\n{BODY}\n\n"
            f"We did it at last!\n\n{BODY}\n\n{BODY2}\n")
    essays = essays_of(tmp_path, "c.txt", text)
    assert titles(essays) == ["First essay title", "Is remote work here to stay?",
                              "“What dish would you make?”", "We did it at last!"]
    assert essays[0].paragraphs == (BODY, "Well, touche. He wins.")
    assert essays[1].paragraphs == (BODY, "So that's that.")
    assert essays[3].paragraphs == (BODY, BODY2)
    assert [e.source_line for e in essays] == [1, 7, 13, 17]


def test_sign_off_lines_stay_in_their_essay(tmp_path):
    text = (f"One\n\n{BODY}\n\nThanks for reading!\n\nTwo\n\n{BODY}\n\n"
            f"Cheers\n\nSee you next week\n\nThree\n\n{BODY}\n\nThank you for reading!\n")
    essays = essays_of(tmp_path, "c.txt", text)
    assert titles(essays) == ["One", "Two", "Three"]
    assert essays[0].paragraphs == (BODY, "Thanks for reading!")
    assert essays[1].paragraphs == (BODY, "Cheers", "See you next week")
    assert essays[2].paragraphs == (BODY, "Thank you for reading!")


def test_sign_off_inside_an_essay_followed_by_body_is_not_a_title(tmp_path):
    text = f"One\n\n{BODY}\n\nThanks for reading!\n\n{BODY2}\n"
    essays = essays_of(tmp_path, "c.txt", text)
    assert titles(essays) == ["One"]
    assert essays[0].paragraphs == (BODY, "Thanks for reading!", BODY2)


def test_short_lines_that_are_not_titles(tmp_path):
    text = (f"Title\n\n{BODY}\n\nHere is the list:\n\nWhy?\n\n{BODY}\n\n- a list item\n\n"
            f"{BODY2}\n\nbut lower case\n\n{BODY}\n\nWhat did he say next?\n\nand then he left.\n")
    essays = essays_of(tmp_path, "c.txt", text)
    assert titles(essays) == ["Title"]
    assert len(essays[0].paragraphs) == 10


def test_a_title_like_line_at_the_end_of_the_file_is_a_sign_off(tmp_path):
    essays = essays_of(tmp_path, "c.txt", f"Title\n\n{BODY}\n\nOnward\n")
    assert titles(essays) == ["Title"]
    assert essays[0].paragraphs[-1] == "Onward"


def test_single_newline_paragraphs(tmp_path):
    text = f"First title\n{BODY}\n{BODY2}\nSecond title\n{BODY}\nOk, bye now.\n"
    essays = essays_of(tmp_path, "c.txt", text)
    assert titles(essays) == ["First title", "Second title"]
    assert essays[0].paragraphs == (BODY, BODY2)
    assert essays[1].paragraphs == (BODY, "Ok, bye now.")
    assert essays[1].source_line == 4


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    text = ("A wrapped essay\n\n"
            "This paragraph was wrapped at about sixty characters by an\n"
            "editor, so its lines end in the middle of sentences and must\n"
            "be joined back together into one paragraph.\n\n"
            "The second paragraph is wrapped the same way, with a line\n"
            "that ends without any punctuation at all and continues on\n"
            "the next line.\n")
    essays = essays_of(tmp_path, "c.txt", text)
    assert titles(essays) == ["A wrapped essay"]
    assert len(essays[0].paragraphs) == 2
    assert essays[0].paragraphs[0].startswith("This paragraph was wrapped at about sixty "
                                              "characters by an editor, so")


def test_crlf_bom_tabs_and_trailing_spaces(tmp_path):
    text = f"\ufeffTitle one  \r\n\r\n\t{BODY}\t \r\n\r\nTitle two\t\r\n\r\n{BODY2}   \r\n"
    essays = essays_of(tmp_path, "c.txt", text.encode("utf-8"))
    assert titles(essays) == ["Title one", "Title two"]
    assert essays[0].paragraphs == (BODY,)
    assert essays[1].paragraphs == (BODY2,)


def test_old_mac_line_ends(tmp_path):
    essays = essays_of(tmp_path, "c.txt", f"Title\r\r{BODY}\r".encode())
    assert titles(essays) == ["Title"]


def test_windows_1252_is_decoded_with_a_warning(tmp_path):
    text = f"Caf\u00e9 culture\r\n\r\nIt\u2019s a \u201cgood\u201d place \u2013 really. {BODY}\r\n"
    path = write(tmp_path, "c.txt", text.encode("cp1252"))
    result = read_sources([path])
    assert titles(result.essays) == ["Café culture"]
    assert result.essays[0].paragraphs[0].startswith("It’s a “good” place – really.")
    assert len(result.notices) == 1
    assert "Windows-1252" in result.notices[0].message
    assert result.notices[0].path == path and result.notices[0].line == 1


@pytest.mark.parametrize("data, line", [
    # Mostly UTF-8 with one stray byte: decoding as cp1252 would give mojibake.
    ("Title\n\nIt’s “quoted” – nicely.\n\n".encode() + b"bad \xff byte\n", 5),
    # Bytes that Windows-1252 does not define.
    (b"Title\n\nline two\n\x81\x8d\x90 text\n", 4),
    # Cyrillic in cp1251 would come out as accented Latin gibberish.
    ("Заголовок\n\nЭто текст на русском языке.\n".encode("cp1251"), 1),
])
def test_undecodable_text_is_refused_with_position(tmp_path, data, line):
    path = write(tmp_path, "c.txt", data)
    with pytest.raises(SourceError) as info:
        read_sources([path])
    assert info.value.path == path
    assert info.value.line == line
    assert "offset" in info.value.message


def test_utf16_with_bom_is_read(tmp_path):
    path = write(tmp_path, "c.txt", f"Title\n\n{BODY}\n".encode("utf-16"))
    assert titles(read_sources([path]).essays) == ["Title"]


def test_read_text_file_strips_bom(tmp_path):
    path = write(tmp_path, "c.txt", b"\xef\xbb\xbfHello\n")
    assert read_text_file(path) == ("Hello\n", [])


def test_control_zero_width_emoji_rtl_and_long_lines(tmp_path):
    long_line = " ".join(["word"] * 20000) + "."
    text = (f"Title\u200b with\x07 junk\u00ad\n\nZero\u200bwidth and \u202ebidi\u202c and "
            f"emoji 🎉👩‍💻 and عربي text.\x00\n\n{long_line}\n")
    essays = essays_of(tmp_path, "c.txt", text.replace("\x00", "\x01"))
    assert titles(essays) == ["Title with junk"]
    assert essays[0].paragraphs[0] == "Zerowidth and bidi and emoji 🎉👩💻 and عربي text."
    assert essays[0].paragraphs[1] == long_line


def test_clean_text_removes_unpaired_surrogates_and_keeps_text():
    assert clean_text("a\ud800b\u2028c\u00a0d\te") == "ab\nc d e"


def test_bare_urls_are_not_read_but_kept(tmp_path):
    text = f"Title\n\nSee https://www.example.com/a/b?c=1. {BODY}\n"
    essay = essays_of(tmp_path, "c.txt", text)[0]
    assert essay.paragraphs[0].startswith("See example.com. ")
    assert essay.links == (Link("example.com", "https://www.example.com/a/b?c=1"),)


def test_text_before_the_first_title_is_reported(tmp_path):
    text = f"{BODY}\n\nTitle\n\n{BODY2}\n"
    result = read_sources([write(tmp_path, "c.txt", text)])
    assert titles(result.essays) == ["Title"]
    assert result.essays[0].paragraphs == (BODY2,)
    assert len(result.notices) == 1
    assert "before the first title" in result.notices[0].message
    assert result.notices[0].line == 1


def test_file_without_a_title_is_named_after_the_file(tmp_path):
    result = read_sources([write(tmp_path, "my_little-essay.txt", f"{BODY}\n\n{BODY2}\n")])
    assert titles(result.essays) == ["My little essay"]
    assert result.essays[0].paragraphs == (BODY, BODY2)
    assert "named after the file" in result.notices[0].message


# --------------------------------------------------------------- markdown

def test_markdown_with_front_matter(tmp_path):
    text = ("---\ntitle: Front Title\ndate: 2024-03-05\ndescription: A short blurb.\n"
            "author: Jane Doe\ntags: [work, life]\n---\n\n# Front Title\n\n"
            "Some *emphasis* and **strong** text with [a link](https://example.com/x).\n\n"
            "## A section\n\n- first item\n- second item\n\n> A quoted line.\n\n"
            "```\ncode is not read\n```\n\n![an image](pic.png)\n\n1. one\n2. two\n")
    result = read_sources([write(tmp_path, "post.md", text)])
    [essay] = result.essays
    assert essay.title == "Front Title"
    assert essay.date == dt.date(2024, 3, 5)
    assert essay.description == "A short blurb."
    assert essay.author == "Jane Doe"
    assert essay.tags == ("work", "life")
    assert essay.sections[0].title is None
    assert essay.sections[0].paragraphs == ("Some emphasis and strong text with a link.",)
    assert essay.sections[1].title == "A section"
    assert essay.sections[1].paragraphs == ("first item", "second item", "A quoted line.",
                                            "1. one", "2. two")
    assert essay.links == (Link("a link", "https://example.com/x"),)
    assert essay.source_line == 1
    assert any("code block" in n.message for n in result.notices)


def test_markdown_without_front_matter_several_essays(tmp_path):
    text = (f"# First\n\n{BODY}\n\n## Part A\n\n{BODY2}\n\n"
            f"First Setext\n============\n\n{BODY}\n")
    essays = essays_of(tmp_path, "many.markdown", text)
    assert titles(essays) == ["First", "First Setext"]
    assert [s.title for s in essays[0].sections] == [None, "Part A"]
    assert essays[1].source_line == 9
    assert essays[0].date is None


def test_markdown_without_any_heading_uses_file_name(tmp_path):
    result = read_sources([write(tmp_path, "quiet-post.md", f"{BODY}\n")])
    assert titles(result.essays) == ["Quiet post"]


def test_markdown_heading_line_numbers_count_front_matter(tmp_path):
    text = f"---\nauthor: X\n---\n# One\n\n{BODY}\n\n# Two\n\n{BODY2}\n"
    essays = essays_of(tmp_path, "p.md", text)
    assert [(e.title, e.source_line, e.author) for e in essays] == [("One", 4, "X"),
                                                                     ("Two", 8, "X")]


def test_bad_front_matter_is_an_error_with_line(tmp_path):
    path = write(tmp_path, "p.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
    with pytest.raises(SourceError) as info:
        read_sources([path])
    assert info.value.path == path and info.value.line is not None


@pytest.mark.parametrize("text,line,says", [
    ("---\ntitle: Bikes: what they cost\ndate: 2024-05-12\n---\n\nBody.\n", 2,
     'needs quotes: title: "Bikes: what they cost"'),
    ('---\ntitle: "The Bike I Bought\ndate: 2024-05-12\n---\n\nBody.\n', 2,
     "a quoted value is never closed"),
])
def test_front_matter_mistakes_say_how_to_fix_them(tmp_path, text, line, says):
    path = write(tmp_path, "p.md", text)
    with pytest.raises(SourceError) as info:
        read_sources([path])
    assert info.value.line == line and says in info.value.message, info.value.message


@pytest.mark.parametrize("text", [
    "---\ntitle: Forgotten\n\nBody text.\n",
    "---\nlayout: post\ntitle: No close jekyll\n\nBody text with front matter never closed.\n",
    "---\nTitle: Capitalized\n\nBody.\n",
    '+++\ntitle = "Hugo"\n\nBody.\n',
])
def test_unclosed_front_matter_is_an_error_not_narration(tmp_path, text):
    """Whatever its first key: Jekyll's front matter mostly starts with layout:."""
    path = write(tmp_path, "p.md", text)
    with pytest.raises(SourceError) as info:
        read_sources([path])
    assert info.value.line == 1 and info.value.path == path
    assert info.value.message == ("front matter starting at line 1 is never closed with "
                                  + text[:3])


def test_markdown_opening_rule_is_not_front_matter(tmp_path):
    # A horizontal rule followed by prose that happens to contain a colon.
    path = write(tmp_path, "p.md", f"---\nNote: this is a draft.\n\n# Real Title\n\n{BODY}\n")
    [essay] = read_sources([path]).essays
    assert essay.title == "Real Title"


def test_bad_front_matter_date(tmp_path):
    path = write(tmp_path, "p.md", "---\ntitle: T\ndate: soon\n---\n\nBody.\n")
    with pytest.raises(SourceError) as info:
        read_sources([path])
    assert info.value.field == "date" and info.value.line == 3


def test_folder_order_is_by_date_then_file_name(tmp_path):
    def post(name, title, date=None):
        front = f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + "---\n"
        write(tmp_path, name, f"{front}\n{BODY}\n")
    post("z.md", "Oldest", "2023-01-01")
    post("a.md", "Newest", "2024-01-01")
    post("sub/10-x.md", "Undated ten")
    post("sub/2-x.md", "Undated two")
    post("b.md", "Undated b")
    write(tmp_path, "c.txt", f"Text one\n\n{BODY}\n")
    assert titles(read_sources([tmp_path]).essays) == [
        "Oldest", "Newest", "Undated b", "Text one", "Undated two", "Undated ten"]


# ------------------------------------------------------------------- HTML

def test_html_titles_paragraphs_lists_and_ignored_parts(tmp_path):
    text = """<!doctype html><html><head><title>Page</title><style>p{}</style></head>
<body><nav><a href="/">Home</a> <h1>Menu</h1></nav>
<article><h1>Html Essay</h1>
<p>First <em>paragraph</em> with <a href="https://example.com/y">a link</a>.</p>
<script>alert("no")</script>
<h2>A part</h2><ul><li>Item one</li><li>Item two</li></ul>
<blockquote><p>Quoted words.</p></blockquote><div>Loose text.</div>
</article><footer role="navigation">Links</footer></body></html>"""
    [essay] = essays_of(tmp_path, "page.html", text)
    assert essay.title == "Html Essay"
    assert essay.sections[0].paragraphs == ("First paragraph with a link.",)
    assert essay.sections[1].title == "A part"
    assert essay.sections[1].paragraphs == ("Item one", "Item two", "Quoted words.",
                                            "Loose text.")
    assert essay.links == (Link("a link", "https://example.com/y"),)
    assert essay.source_line == 3


def test_html_page_header_footer_and_sidebar_are_not_read(tmp_path):
    text = """<html><body><header><h1>My Site</h1><p>Tagline</p></header>
<article><header><h1>The Quiet Office</h1><p class="byline">By Ann</p><time>May 2</time></header>
<p>It was quiet in the office that morning.</p><footer>Posted in work</footer></article>
<aside>Related posts</aside><footer>Copyright 2024</footer></body></html>"""
    [essay] = essays_of(tmp_path, "page.html", text)
    assert essay.title == "The Quiet Office"
    assert [p for s in essay.sections for p in s.paragraphs] == \
        ["It was quiet in the office that morning."]


def test_html_page_without_article_keeps_its_header_title(tmp_path):
    text = f"<html><body><header><h1>My Essay Title</h1></header><p>{BODY}</p></body></html>"
    [essay] = essays_of(tmp_path, "page.html", text)
    assert essay.title == "My Essay Title"
    assert [p for s in essay.sections for p in s.paragraphs] == [BODY]


def test_html_collection_of_h2_essays(tmp_path):
    """A blog's front page: its name above its posts, each an <article> with its h2."""
    text = (f"<body><h1>My Blog</h1><article><h2>Post one</h2><p>{BODY}</p></article>"
            f"<article><h2>Post two</h2><p>{BODY2}</p><h3>Sub</h3><p>{BODY}</p></article>"
            "</body>")
    result = read_sources([write(tmp_path, "blog.htm", text)])
    assert titles(result.essays) == ["Post one", "Post two"]
    assert [s.title for s in result.essays[1].sections] == [None, "Sub"]
    assert any("collection's title" in n.message for n in result.notices)


@pytest.mark.parametrize("html, essays", [
    # An essay's title followed straight by its first section: one essay, not a
    # collection of h2 essays, with or without an article around it.
    (f"<h1>Remote Work</h1><h2>The commute</h2><p>{BODY}</p><h2>The office</h2><p>{BODY2}</p>",
     [("Remote Work", [("The commute", (BODY,)), ("The office", (BODY2,))])]),
    (f"<html><head><title>Remote Work | Blog</title></head><body><article><h1>Remote Work"
     f"</h1><h2>The commute</h2><p>{BODY}</p><h2>The office</h2><p>{BODY2}</p><h3>Noise</h3>"
     f"<p>{BODY}</p></article></body></html>",
     [("Remote Work", [("The commute", (BODY,)), ("The office", (BODY2,)),
                       ("Noise", (BODY,))])]),
    (f"<main><h1>Remote Work</h1><section><h2>The commute</h2><p>{BODY}</p></section>"
     f"<section><h2>The office</h2><p>{BODY2}</p></section></main>",
     [("Remote Work", [("The commute", (BODY,)), ("The office", (BODY2,))])]),
    # Several h1s: several essays, whether text or a section follows each.
    (f"<h1>One</h1><p>{BODY}</p><h2>Part</h2><p>{BODY2}</p><h1>Two</h1><p>{BODY2}</p>",
     [("One", [(None, (BODY,)), ("Part", (BODY2,))]), ("Two", [(None, (BODY2,))])]),
    (f"<h1>One</h1><h2>A</h2><p>{BODY}</p><h2>B</h2><p>{BODY}</p><h1>Two</h1><h2>C</h2>"
     f"<p>{BODY2}</p>",
     [("One", [("A", (BODY,)), ("B", (BODY,))]), ("Two", [("C", (BODY2,))])]),
])
def test_an_html_title_followed_by_its_sections_is_one_essay(tmp_path, html, essays):
    result = read_sources([write(tmp_path, "page.html", html)])
    assert [(e.title, [(s.title, s.paragraphs) for s in e.sections])
            for e in result.essays] == essays
    assert not any("collection's title" in n.message for n in result.notices)


@pytest.mark.parametrize("name, text", [("page.html", "<h1>T</h1><![0"),
                                        ("page.md", "# T\n\n<div><![0</div>\n")])
def test_html_the_parser_rejects_is_a_source_error(tmp_path, name, text):
    path = write(tmp_path, name, text)
    with pytest.raises(SourceError, match="HTML cannot be parsed") as info:
        read_sources([path])
    assert info.value.path == path


def test_html_declared_charset(tmp_path):
    text = f'<meta charset="iso-8859-2"><h1>Łódź</h1><p>{BODY}</p>'
    assert titles(essays_of(tmp_path, "p.html", text.encode("iso-8859-2"))) == ["Łódź"]


# -------------------------------------------------------------- bad input

def test_missing_source(tmp_path):
    with pytest.raises(SourceError) as info:
        read_sources([tmp_path / "nope.txt"])
    assert info.value.path == tmp_path / "nope.txt"


@pytest.mark.parametrize("content", [b"", b"  \n\n \t\n"])
def test_empty_source(tmp_path, content):
    with pytest.raises(SourceError, match="empty"):
        read_sources([write(tmp_path, "e.txt", content)])


def test_binary_source(tmp_path):
    path = write(tmp_path, "b.txt", b"Title\n\x00\x01\x02\xff\xfe")
    with pytest.raises(SourceError, match="binary") as info:
        read_sources([path])
    assert info.value.line == 2


def test_only_invisible_characters_is_no_essay(tmp_path):
    with pytest.raises(SourceError, match="no essay"):
        read_sources([write(tmp_path, "z.txt", "\u200b\u200b\x07\n")])


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_source(tmp_path):
    path = write(tmp_path, "u.txt", "Title\n\nBody.\n")
    path.chmod(0)
    with pytest.raises(SourceError, match="cannot read"):
        read_sources([path])


def test_folder_without_essays(tmp_path):
    write(tmp_path, "x.docx", "nothing")
    with pytest.raises(SourceError, match="no essay files"):
        read_sources([tmp_path])


def test_unsupported_file_given_explicitly(tmp_path):
    with pytest.raises(SourceError, match="unsupported"):
        read_sources([write(tmp_path, "x.rtf", "text")])


def test_title_without_body_in_text(tmp_path):
    path = write(tmp_path, "t.txt", "\n\nJust a title\n")
    with pytest.raises(SourceError, match="no text") as info:
        read_sources([path])
    assert info.value.path == path and info.value.line == 3


def test_title_without_body_in_markdown(tmp_path):
    path = write(tmp_path, "t.md", f"# Empty\n\n# Full\n\n{BODY}\n")
    with pytest.raises(SourceError, match="'Empty' has a title but no text") as info:
        read_sources([path])
    assert info.value.line == 1


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.txt", f"Title\n\n{BODY}\n")
    result = read_sources([path, tmp_path])
    assert titles(result.essays) == ["Title"]
    assert "once" in result.notices[0].message


# ------------------------------------------------------------- robustness

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=400),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_reads_or_fails_with_a_source_error(tmp_path, text, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        result = read_sources([path])
    except SourceError as exc:
        assert exc.path == path
        return
    for essay in result.essays:
        assert essay.title and essay.paragraphs
        for piece in (essay.title, *essay.paragraphs):
            assert piece == piece.strip() and "\n" not in piece
            assert not any(0xD800 <= ord(c) <= 0xDFFF or c in "\x00\u200b\ufeff"
                           for c in piece)


def test_a_100000_word_file_reads_quickly(tmp_path):
    import time

    paragraphs = "\n\n".join(" ".join(f"Word{j}" for j in range(100)) + "." for _ in range(1000))
    path = write(tmp_path, "big.txt", f"A very long essay\n\n{paragraphs}\n")
    start = time.perf_counter()
    [essay] = read_sources([path]).essays
    assert time.perf_counter() - start < 2
    assert essay.word_count == 100_000


def test_markdown_footnotes_are_read_as_footnotes_not_markers(tmp_path):
    text = ("# Notes\n\nA claim with a source[^1], and another[^long-note], and a "
            "third[^3].\n\n```\nx[^1]\n```\n\n"
            "[^1]: The first source.\n[^long-note]: The second one.\n\n"
            "[^3]: https://example.com/paper\n")
    essays = essays_of(tmp_path, "notes.md", text)
    assert essays[0].paragraphs == ("A claim with a source, and another, and a third.",
                                    "Footnote 1: The first source. Footnote 2: "
                                    "The second one.",
                                    "Footnote 3: example.com")


def test_markdown_image_leaves_no_space_before_the_stop(tmp_path):
    essays = essays_of(tmp_path, "pic.md", "# Pics\n\nA photo of the bay ![the bay](bay.jpg).\n")
    assert essays[0].paragraphs == ("A photo of the bay.",)


def test_a_show_built_inside_the_sources_is_not_read_back(tmp_path):
    """`build . --out podcast`: the show's page and episode files are not essays."""
    write(tmp_path, "one.md", f"# One\n\n{BODY}\n")
    show = tmp_path / "podcast"
    write(show, ".audiozine/manifest.json", "{}")
    write(show, "index.html", f"<h1>The Show</h1><p>{BODY}</p>")
    write(show, "episodes/001-one.html", f"<h1>Episode</h1><p>{BODY}</p>")
    write(tmp_path, "more/two.md", f"# Two\n\n{BODY2}\n")
    assert sorted(titles(read_sources([tmp_path]).essays)) == ["One", "Two"]
    # The show's own folder may hold the sources too: only the generated files are skipped.
    write(show, "three.md", f"# Three\n\n{BODY}\n")
    assert titles(read_sources([show]).essays) == ["Three"]


@pytest.mark.parametrize("front", ["draft: true", "published: false"])
def test_drafts_are_skipped_with_a_notice(tmp_path, front):
    write(tmp_path, "a.md", f"---\ntitle: Done\n---\n{BODY}\n")
    write(tmp_path, "b.md", f"---\ntitle: Unfinished\n{front}\n---\n{BODY}\n")
    result = read_sources([tmp_path])
    assert titles(result.essays) == ["Done"]
    assert any("draft" in n.message and n.path.name == "b.md" for n in result.notices)
    with pytest.raises(SourceError, match="1 draft"):
        read_sources([tmp_path / "b.md"])


@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30"])
def test_an_impossible_front_matter_date_names_the_file_and_line(tmp_path, date):
    path = write(tmp_path, "bad.md", f"---\ntitle: T\ndate: {date}\n---\n{BODY}\n")
    with pytest.raises(SourceError) as failure:
        read_sources([path])
    assert "bad.md:3" in str(failure.value) and "date" in str(failure.value)


def test_hugo_toml_front_matter_and_author_lists(tmp_path):
    toml = ('+++\ntitle = "Slow Mornings"\ndate = 2024-01-15T09:00:00-05:00\n'
            'author = ["Ana Writer", "Bob Smith"]\n+++\n' + BODY + "\n")
    [essay] = essays_of(tmp_path, "2024-01-hugo.md", toml)
    assert (essay.title, essay.date, essay.author) == ("Slow Mornings", dt.date(2024, 1, 15),
                                                       "Ana Writer and Bob Smith")
    assert essay.paragraphs == (BODY,)
    quarto = f"---\ntitle: Q\nauthor:\n  - name: Ana\n  - name: Bob\n  - name: Cy\n---\n{BODY}\n"
    assert essays_of(tmp_path, "q.md", quarto)[0].author == "Ana, Bob and Cy"


def test_obsidian_comments_links_embeds_and_callouts(tmp_path):
    text = ("# Vault note\n\nSee [[Deep Work|Cal Newport's book]] and [[Atomic Habits]]. "
            "%%a private note%%Done.\n\n![[diagram.png]]\n\n%%\nsecret\nlines\n%%\n\n"
            "> [!note] Remember\n> A callout body.\n")
    essays = essays_of(tmp_path, "vault.md", text)
    assert essays[0].paragraphs == ("See Cal Newport's book and Atomic Habits. Done.",
                                    "Remember. A callout body.")
    assert not any("secret" in p or "private" in p for p in essays[0].paragraphs)


def test_html_footnote_marks_and_code_are_not_read(tmp_path):
    html = ("<article><h1>Quiet</h1><p>It was quiet on Monday.<sup><a href=\"#fn1\" "
            "id=\"fnref1\">1</a></sup> Nobody came.</p><pre><code>sudo apt-get install x\n"
            "</code></pre><ol class=\"footnotes\"><li id=\"fn1\"><p>A note. "
            "<a href=\"#fnref1\" class=\"footnote-back\">↩︎</a></p></li></ol></article>")
    path = write(tmp_path, "quiet.html", html)
    result = read_sources([path])
    # The note is read as one, as in Markdown: not "1. A note." nor unlabeled.
    assert result.essays[0].paragraphs == ("It was quiet on Monday. Nobody came.",
                                           "Footnote 1: A note.")
    assert any("code block" in n.message for n in result.notices)


LONG_CAPTION = ("The river path at dawn, where the old mill stood until the flood of 1923 "
                "took it away; the stones you see are all that is left of its wheel house.")


def test_blog_furniture_is_not_read_and_table_rows_are(tmp_path):
    """A WordPress page without <article>: the site title, entry meta, share bar,
    related posts, comments, a photo credit and a short caption are not the essay;
    a caption long enough to say something is."""
    html = ("<html><body><div class=\"site-branding\"><h1 class=\"site-title\">Ana Writer</h1>"
            "<p class=\"site-description\">Just another site</p></div>"
            "<div class=\"single\"><h1 class=\"entry-title\">Why I Walk</h1>"
            "<div class=\"entry-meta\">Posted on May 2, 2024 by Ana</div>"
            "<div class=\"entry-content\"><p>I walk every morning. It clears my head.</p>"
            "<figure><img src=\"a.jpg\"><figcaption>Photo by Jane Doe on Unsplash"
            "</figcaption></figure><figure><figcaption>The river path at dawn.</figcaption>"
            "</figure><figure><figcaption>" + LONG_CAPTION + "</figcaption></figure><table><tr><th>Day</th><th>Miles</th></tr><tr><td>Monday</td>"
            "<td>3</td></tr></table></div>"
            "<div class=\"sharedaddy sd-sharing-enabled\"><h3 class=\"sd-title\">Share this:"
            "</h3><a href=\"https://twitter.com/x\">Twitter</a></div>"
            "<div id=\"jp-relatedposts\" class=\"jp-relatedposts\"><h3>Related</h3>"
            "<p>Another post</p></div></div>"
            "<div id=\"comments\"><h2 class=\"comments-title\">2 thoughts</h2><p>Great post!"
            "</p></div><div class=\"widget-area\"><h2 class=\"widget-title\">Recent</h2>"
            "<p>Post A</p></div></body></html>")
    [essay] = essays_of(tmp_path, "walk.html", html)
    assert essay.title == "Why I Walk"
    # A caption is a paragraph of its own; a photo credit is not read.
    assert essay.paragraphs == ("I walk every morning. It clears my head.",
                                "The river path at dawn.", LONG_CAPTION, "Monday. Miles: 3.")


@pytest.mark.parametrize("caption, read, links", [
    # The caption is read as it would be said; its photo credit is not.
    ("A crowded harbour at dawn. Photo: Jane Doe / Reuters", ("A crowded harbour at dawn.",), ()),
    ("The old mill in winter (Photo by Sam Lee on Unsplash)", ("The old mill in winter",), ()),
    ("A kitchen table, 1952. Credit: the author", ("A kitchen table, 1952.",), ()),
    ("Our street after the flood — Image courtesy of the city archive",
     ("Our street after the flood",), ()),
    ("Dawn at the pier. Jane Doe/Getty Images", ("Dawn at the pier.",), ()),
    ("Lunch on the quay. Photograph: Jane Doe/Reuters", ("Lunch on the quay.",), ()),
    ('The harbour at dusk. <span class="photo-credit">Jane Doe</span>',
     ("The harbour at dusk.",), ()),
    ('A harbour at dawn. Photo by <a href="https://unsplash.com/@jane">Jane Doe</a>',
     ("A harbour at dawn.",), ()),
    ('The <a href="https://example.com/mill">old mill</a>. Credit: Ann',
     ("The old mill.",), (Link("old mill", "https://example.com/mill"),)),
    ('Photo: <a href="https://example.com/mill">the old mill</a> at dawn',
     ("The old mill at dawn",), (Link("the old mill", "https://example.com/mill"),)),
    # A caption that is only a credit is not read.
    ("Photo by Jane Doe on Unsplash", (), ()),
    ("Credit: Jane Doe", (), ()),
    ("Image courtesy of NASA", (), ()),
    # Captions that only look like credits are read whole.
    ("Photos of the harbour from 1920.", ("Photos of the harbour from 1920.",), ()),
    ("Picture this: a town with no cars.", ("Picture this: a town with no cars.",), ()),
    ("The mural (by Ann Lee, 2019) covers the wall.",
     ("The mural (by Ann Lee, 2019) covers the wall.",), ()),
])
def test_a_figure_caption_is_read_without_its_photo_credit(tmp_path, caption, read, links):
    html = (f"<article><h1>Harbour</h1><p>{BODY}</p><figure><img src=\"a.jpg\">"
            f"<figcaption>{caption}</figcaption></figure></article>")
    [essay] = essays_of(tmp_path, "harbour.html", html)
    assert essay.paragraphs == (BODY, *read)
    assert essay.links == links


def test_front_matter_keys_in_any_case_and_titles_yaml_would_retype(tmp_path):
    [essay] = essays_of(tmp_path, "yes.md", f"---\nTitle: Yes\nDate: 2024-05-01\n---\n{BODY}\n")
    assert (essay.title, essay.date) == ("Yes", dt.date(2024, 5, 1))
    [essay] = essays_of(tmp_path, "1984.md", f"---\ntitle: 1984\nauthor: 'No'\n---\n{BODY}\n")
    assert (essay.title, essay.author) == ("1984", "No")


def test_furniture_rules_leave_real_content_alone(tmp_path):
    """Ids made from headings, layout classes, an essay laid out in a table, and
    exponents are the essay's, not clutter or footnote marks."""
    html = ('<body><div class="content-area has-sidebar"><article><h1 id="on-sharing">On '
            'Sharing</h1><section id="related-work"><p>Real words here. More of them.</p>'
            '</section><p>It is 500 m<sup>2</sup>, and it was quiet.<sup>1</sup> See <a '
            'href="#notes-on-sources">the notes on sources</a>.</p></article></div></body>')
    [essay] = essays_of(tmp_path, "share.html", html)
    assert essay.title == "On Sharing"
    assert essay.paragraphs == ("Real words here. More of them.",
                                "It is 500 m2, and it was quiet. See the notes on sources.")
    table = ("<body><table><tr><td><b>How to Think</b><br><br>March 2024<br><br>First "
             "paragraph. It goes on.<br><br>Second paragraph. Done.</td></tr></table></body>")
    assert essays_of(tmp_path, "pg.html", table)[0].paragraphs == (
        "How to Think", "March 2024", "First paragraph. It goes on.", "Second paragraph. Done.")


def test_a_lone_percent_pair_in_code_is_not_an_obsidian_comment(tmp_path):
    text = ("# Printf\n\nIn printf, write `%%` to print a percent sign.\n\n"
            "Second paragraph stays.\n\nThird one %%hidden%% too.\n")
    assert essays_of(tmp_path, "printf.md", text)[0].paragraphs == (
        "In printf, write `%%` to print a percent sign.", "Second paragraph stays.",
        "Third one too.")


def test_front_matter_value_as_written_is_the_top_level_key_without_its_comment(tmp_path):
    text = f"---\nseo:\n  title: SEO title\ntitle: 1984 # the novel\n---\n{BODY}\n"
    assert essays_of(tmp_path, "novel.md", text)[0].title == "1984"


# --------------------------------------------------- blog exports and sites

def test_html_without_h1_is_one_essay_with_h2_sections(tmp_path):
    """A Substack export's posts/<id>.<slug>.html: the body alone, no h1; the
    paragraphs before the first h2 are its opening, not text to drop."""
    html = (f"<p>{BODY}</p><h2>The social cost</h2><p>{BODY2}</p>"
            f"<h2>What I would change</h2><p>{BODY}</p>")
    result = read_sources([write(tmp_path, "posts/139012345.the-quiet-office.html", html)])
    [essay] = result.essays
    assert essay.title == "The quiet office"
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        (None, (BODY,)), ("The social cost", (BODY2,)), ("What I would change", (BODY,))]
    assert [n.message for n in result.notices] == [
        "no h1 heading: read as one essay, its h2 headings as sections (give each essay an "
        "h1 to make them episodes)", "no title found; the essay is named after the file"]
    titled = f"<html><head><title>Page Title | My Blog</title></head><body>{html}</body></html>"
    [essay] = essays_of(tmp_path, "titled.html", titled)
    assert essay.title == "Page Title" and len(essay.sections) == 3
    # A lone heading opening a fragment is still its title.
    [essay] = essays_of(tmp_path, "frag.html", f"<h2>Fragment</h2><p>{BODY}</p><h3>Sub</h3>"
                                                f"<p>{BODY2}</p>")
    assert essay.title == "Fragment" and [s.title for s in essay.sections] == [None, "Sub"]


@pytest.mark.parametrize("name, title", [
    ("139099999.walking-to-work.html", "Walking to work"),  # Substack export post id
    ("2024-03-10-my-post.md", "My post"),  # Jekyll date
    ("2.md", "2"), ("2024-03-10.md", "2024 03 10"),  # nothing left after the prefix
    ("3.5-reasons.md", "3.5 reasons"), ("1984.orwell-revisited.md", "1984.orwell revisited"),
])
def test_a_title_from_the_file_name_drops_a_post_id_or_date(tmp_path, name, title):
    text = f"<p>{BODY}</p>" if name.endswith(".html") else f"{BODY}\n"
    assert titles(essays_of(tmp_path, name, text)) == [title]


def test_a_jekyll_post_without_a_front_matter_date_has_its_file_names_date(tmp_path):
    write(tmp_path, "_posts/2024-03-10-later-post.md", f"---\ntitle: Later Post\n---\n{BODY}\n")
    write(tmp_path, "_posts/2024-01-05-untitled-thoughts.md", f"---\nlayout: post\n---\n{BODY}\n")
    write(tmp_path, "_posts/2024-03-01-front.md", f"---\ntitle: Front\ndate: 2024-02-01\n---\n"
                                                   f"{BODY}\n")
    write(tmp_path, "_posts/2024-04-01-page.html", f"<h1>Page</h1><p>{BODY}</p>")
    write(tmp_path, "_posts/2024-13-45-not-a-date.md", f"# Not a date\n\n{BODY}\n")
    essays = read_sources([tmp_path / "_posts"]).essays
    assert [(e.title, e.date) for e in essays] == [
        ("Untitled thoughts", dt.date(2024, 1, 5)), ("Front", dt.date(2024, 2, 1)),
        ("Later Post", dt.date(2024, 3, 10)), ("Page", dt.date(2024, 4, 1)),
        ("Not a date", None)]


def test_a_jekyll_site_root_reads_posts_not_drafts_templates_or_the_built_site(tmp_path):
    write(tmp_path, "_config.yml", "title: My Blog\ncollections:\n  essays:\n    output: true\n")
    write(tmp_path, "_posts/2024-04-20-why-i-write.md", f"---\ntitle: Why I Write\n---\n{BODY}\n")
    write(tmp_path, "_essays/long-read.md", f"---\ntitle: Long Read\n---\n{BODY}\n")
    write(tmp_path, "_drafts/unfinished.md", f"---\ntitle: Unfinished Idea\n---\n{BODY}\n")
    write(tmp_path, "_layouts/default.html", "<h1>{{ site.title }}</h1><p>{{ content }}</p>")
    write(tmp_path, "_includes/newsletter.html", "<form><h2>Subscribe</h2></form>")
    write(tmp_path, "_site/2024/04/20/why-i-write.html", f"<h1>Why I Write</h1><p>{BODY}</p>")
    write(tmp_path, "_sass/main.scss", "body {}")
    write(tmp_path, "node_modules/pkg/notes.md", f"# Package notes\n\n{BODY}\n")
    write(tmp_path, "index.md", "---\n# the theme's home page\nlayout: home\n---\n")
    write(tmp_path, "about.md", f"---\nlayout: page\ntitle: About me\n---\n{BODY}\n")
    result = read_sources([tmp_path])
    assert titles(result.essays) == ["Why I Write", "Long Read"]
    assert [n.message for n in result.notices if n.path == tmp_path] == [
        "a Jekyll site: only _essays and _posts are read, not its pages, drafts, templates "
        "or built site"]
    # Named as a source, such a folder is read.
    assert titles(read_sources([tmp_path / "_drafts"]).essays) == ["Unfinished Idea"]
    with pytest.raises(SourceError, match="1 file.s. with only front matter skipped"):
        read_sources([tmp_path / "index.md"])


def test_folders_starting_with_an_underscore_are_skipped_with_a_notice(tmp_path):
    write(tmp_path, "essays/one.md", f"# One\n\n{BODY}\n")
    write(tmp_path, "_drafts/unfinished.md", f"# Unfinished Idea\n\n{BODY}\n")
    write(tmp_path, "_layouts/default.html", "<h1>{{ site.title }}</h1><p>{{ content }}</p>")
    write(tmp_path, "index.md", "---\n# the theme's home page\nlayout: home\n---\n")
    result = read_sources([tmp_path])
    assert titles(result.essays) == ["One"]
    skipped = {n.path.name: n.message for n in result.notices if n.path.is_dir()}
    assert sorted(skipped) == ["_drafts", "_layouts"]
    assert skipped["_drafts"].startswith("1 file not read: a site's folders starting with _")
    assert any(n.path.name == "index.md" and "only front matter" in n.message
               for n in result.notices)


def test_an_html_post_with_front_matter_takes_its_title_date_and_excerpt(tmp_path):
    write(tmp_path, "_posts/2024-05-06-html-post.html",
                 "---\nlayout: post\ntitle: An HTML Post\nauthor: Ann Lee\n"
                 "excerpt: A post written in HTML.\n---\n"
                 f"<p>{BODY}</p>\n<h2>Later</h2>\n<p>Second paragraph here.</p>\n")
    write(tmp_path, "_posts/2024-05-07-draft.html",
          "---\ntitle: Draft\ndraft: true\n---\n<p>x</p>\n")
    result = read_sources([tmp_path / "_posts"])
    [essay] = result.essays
    assert (essay.title, essay.date, essay.author, essay.description) == (
        "An HTML Post", dt.date(2024, 5, 6), "Ann Lee", "A post written in HTML.")
    assert [s.title for s in essay.sections] == [None, "Later"]
    assert "layout" not in essay.text
    assert essay.sections[1].paragraphs == ("Second paragraph here.",)
    assert any(n.message == DRAFT_NOTICE for n in result.notices)


def test_a_hugo_site_root_reads_its_content_without_section_pages(tmp_path):
    write(tmp_path, "hugo.toml", 'baseURL = "https://example.org/"\n')
    write(tmp_path, "content/posts/first.md", f"---\ntitle: First Post\n---\n{BODY}\n")
    write(tmp_path, "content/posts/_index.md", "---\ntitle: Posts\n---\nAll my posts.\n")
    write(tmp_path, "layouts/_default/single.html", "<h1>{{ .Title }}</h1>")
    write(tmp_path, "themes/ananke/README.md", f"# Ananke\n\n{BODY}\n")
    write(tmp_path, "public/posts/first/index.html", f"<h1>First Post</h1><p>{BODY}</p>")
    write(tmp_path, "archetypes/default.md", "---\ntitle: x\ndraft: true\n---\n")
    result = read_sources([tmp_path])
    assert titles(result.essays) == ["First Post"]
    assert any(n.path == tmp_path and n.message.startswith("a Hugo site: only content is read")
               for n in result.notices)


def test_a_folder_with_only_site_folders_says_what_it_skipped(tmp_path):
    write(tmp_path, "_drafts/a.md", f"# A\n\n{BODY}\n")
    with pytest.raises(SourceError, match=r"no essay files .* in this folder; _drafts/: "
                                          r"1 file not read"):
        read_sources([tmp_path])


def test_liquid_tags_and_blocks_are_not_read(tmp_path):
    text = ("---\ntitle: Garden\n---\n\nThe beans are up. {% include newsletter.html %}\n\n"
            "{% include footer.html %}\n\n{% highlight ruby %}\ndef foo\n  puts \"hi\"\n"
            "{% endhighlight %}\n\n{%- comment -%}\nA note to myself.\n{%- endcomment -%}\n\n"
            "Write {% raw %}{{ page.title }}{% endraw %} in a layout.\n\n{% raw %}\n```liquid\n"
            "{{ x }}\n```\n{% endraw %}\n\n"
            "Thanks for reading! Tags: {{ page.tags | join: \", \" }}\n")
    result = read_sources([write(tmp_path, "2024-05-15-garden.md", text)])
    assert result.essays[0].paragraphs == ("The beans are up.", "Write in a layout.",
                                           "Thanks for reading! Tags:")
    [code] = [n for n in result.notices if "code block" in n.message]
    assert (code.message, code.line) == ("2 code block(s) will not be narrated", 9)


def test_kramdown_markup_emoji_codes_and_math_are_not_read_task_boxes_are(tmp_path):
    text = ("---\ntitle: Kitchen Sink\n---\n\n* TOC\n{:toc}\n\n"
            "This paragraph has an emoji :smile: and ends here, at 10:30:00.\n{: .lead}\n\n"
            "{::options parse_block_html=\"true\" /}\n\n- [ ] an open task\n- [x] a done task\n\n"
            "Line two after the break.<br>Line three after br.\n\n$$ e^{i\\pi} + 1 = 0 $$\n\n"
            "$$\na^2 + b^2\n= c^2\n$$\n\n$$ to spend, said nobody.\n\n"
            "*[HTML]: Hyper Text Markup Language\n")
    result = read_sources([write(tmp_path, "sink.md", text)])
    assert result.essays[0].paragraphs == (
        "This paragraph has an emoji and ends here, at 10:30:00.", "To do: an open task",
        "Done: a done task", "Line two after the break. Line three after br.",
        "$$ to spend, said nobody.")
    [math] = [n for n in result.notices if "math" in n.message]
    assert (math.message, math.line) == ("2 math formula(s) will not be narrated", 18)


def test_a_footnotes_indented_paragraphs_are_read_not_taken_for_code(tmp_path):
    text = ("# Notes\n\nA claim.[^note]\n\n[^note]: The note has two paragraphs.\n\n"
            "    Second paragraph of the note.\n\nBack in the essay.\n\n    real code\n")
    result = read_sources([write(tmp_path, "notes.md", text)])
    assert result.essays[0].paragraphs == ("A claim.", "Footnote 1: The note has two "
                                           "paragraphs.", "Second paragraph of the note.",
                                           "Back in the essay.")
    assert [n.line for n in result.notices if "code block" in n.message] == [11]


def test_substack_page_chrome_is_not_read(tmp_path):
    html = ("<html><head><title>The Quiet Office - by Ann Lee</title></head><body>"
            "<div class=\"post-header\"><h1 class=\"post-title\">The Quiet Office</h1>"
            "<h3 class=\"subtitle\">What happens when nobody comes in on Fridays</h3></div>"
            f"<div class=\"body markup\"><p>{BODY}</p><div class=\"captioned-image-container\">"
            "<figure><a class=\"image-link\" href=\"https://substackcdn.com/x.jpg\"><img src=\""
            "https://substackcdn.com/x.jpg\"></a><figcaption>Our office on a Friday in February."
            "</figcaption></figure></div><blockquote class=\"twitter-tweet\"><p>Remote work is "
            "great until you need a stapler.</p>&mdash; Some Person (@someperson) <a href=\""
            "https://twitter.com/someperson/status/1\">March 1, 2024</a></blockquote>"
            "<div class=\"tweet\"><a class=\"tweet-link-top\" href=\"https://twitter.com/b\">"
            "<div class=\"tweet-header\"><span class=\"tweet-author-name\">Bo</span></div>"
            "<div class=\"tweet-text\">Offices are for plants.</div></a><div class=\"tweet-footer\">"
            "<p class=\"tweet-date\">Mar 2, 2024</p></div></div>"
            f"<h2>The social cost</h2><p>{BODY2}</p>"
            "<p class=\"button-wrapper\"><a class=\"button primary\" href=\"/subscribe\"><span>"
            "Subscribe now</span></a></p><p class=\"button-wrapper\"><a class=\"button\" href=\""
            "/p/the-quiet-office/comments\"><span>Leave a comment</span></a></p></div>"
            "<div class=\"read-more\"><h3>Read more</h3><a href=\"/p/other\">Another post</a>"
            "</div></body></html>")
    [essay] = essays_of(tmp_path, "123456.the-quiet-office.html", html)
    assert essay.title == "The Quiet Office"
    assert essay.description == "What happens when nobody comes in on Fridays"
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        (None, ("What happens when nobody comes in on Fridays", BODY,
                "Our office on a Friday in February.",
                "Remote work is great until you need a stapler.", "Offices are for plants.")),
        ("The social cost", (BODY2,))]


def test_medium_export_subtitle_and_repeated_title(tmp_path):
    html = ("<html><head><title>Walking to Work</title></head><body><article class=\"h-entry\">"
            "<header><h1 class=\"p-name\">Walking to Work</h1></header>"
            "<section data-field=\"subtitle\" class=\"p-summary\">Forty minutes that changed my "
            "year</section><section data-field=\"body\" class=\"e-content\"><section class=\""
            "section section--body\"><h3 class=\"graf graf--h3 graf--title\">Walking to Work</h3>"
            f"<p class=\"graf graf--p\">{BODY}</p></section></section></article></body></html>")
    [essay] = essays_of(tmp_path, "medium-export.html", html)
    assert essay.description == "Forty minutes that changed my year"
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        (None, ("Forty minutes that changed my year", BODY))]


def test_a_misspelt_front_matter_key_gets_a_hint(tmp_path):
    path = write(tmp_path, "post.md", f"---\nlayout: post\ntitel: My Post\nauthor: Ann\n"
                                      f"categories: [life]\n---\n\n{BODY}\n")
    result = read_sources([path])
    hints = [(n.line, n.message) for n in result.notices if "front matter key" in n.message]
    assert hints == [(3, "front matter key 'titel' is not read; did you mean 'title'?")]


def test_what_the_site_rules_must_leave_alone(tmp_path):
    """From a review: links inside sentences, quotes, code, prose after a rule, and
    folders that merely start with "_" are read."""
    html = (f"<h1>Links</h1><p>Download <a class=\"button\" href=\"/a.pdf\">the PDF</a> and "
            f"read it.</p><p class=\"meta\">{BODY}</p><blockquote class=\"tweet\">Quote "
            "without a tweet-text part.</blockquote>")
    [essay] = essays_of(tmp_path, "links.html", html)
    assert essay.paragraphs == ("Download the PDF and read it.", BODY,
                                "Quote without a tweet-text part.")
    code = f"# Code\n\nIn Handlebars you write `{{{{ user.name }}}}` to print it.\n\n{BODY}\n"
    assert "write `{{ user.name }}` to" in essays_of(tmp_path, "code.md", code)[0].paragraphs[0]
    for n, opening in enumerate(("edit: I rewrote the ending.", "Date: a Tuesday in March")):
        prose = essays_of(tmp_path, f"rule{n}.md", f"# Rule\n\n---\n{opening}\n\n{BODY}\n")
        assert opening in prose[0].paragraphs
    site = tmp_path / "site"
    write(site, "_archive/old-essay.md", f"# Old Essay\n\n{BODY}\n")
    assert titles(read_sources([site]).essays) == ["Old Essay"]
    write(site, "_config.yml", "title: Blog\n")
    write(site, "_posts/2024-01-01-first.md", f"---\ntitle: First\n---\n{BODY}\n")
    write(site, "travel/_posts/2024-02-01-lisbon.md", f"---\ntitle: Lisbon\n---\n{BODY}\n")
    assert titles(read_sources([site]).essays) == ["First", "Lisbon"]


@pytest.mark.parametrize("head,date", [
    ('<meta property="article:published_time" content="2024-07-02T08:00:00+00:00">',
     dt.date(2024, 7, 2)),
    ('<meta content="2023-01-05" itemprop="datePublished">', dt.date(2023, 1, 5)),
    ('', dt.date(2022, 3, 9)),  # the first <time datetime> in the page
])
def test_an_html_post_is_dated_by_its_page(tmp_path, head, date):
    body = "<p>" + "A sentence of the post that goes on for a while. " * 20 + "</p>"
    path = write(tmp_path, "post.html", f"<html><head><title>Post</title>{head}</head><body>"
                 f"<h1>Post</h1><time datetime=\"2022-03-09\">March 9</time>{body}</body></html>")
    [essay] = read_sources([path]).essays
    assert essay.date == date


BLOGGER_POST = ("<html><body><div class=\"post hentry\"><h3 class=\"post-title entry-title\">"
                "Walk</h3><div class=\"post-body\"><p>{body}</p></div><div class=\"post-footer\">"
                "<span class=\"post-timestamp\">at <a class=\"timestamp-link\" href=\"/2014/05/"
                "walk.html\">{abbr}10:00 AM</abbr></a></span></div></div></body></html>")


@pytest.mark.parametrize("name, text, essays", [  # essays: (title, date, paragraphs)
    # Blogger's <abbr class="published">, its attributes in either order.
    ("walk.html", BLOGGER_POST.format(body=BODY, abbr='<abbr class="published" '
                                      'title="2014-05-02T10:00:00-07:00">'),
     [("Walk", dt.date(2014, 5, 2), (BODY,))]),
    ("walk.html", BLOGGER_POST.format(body=BODY, abbr='<abbr title="2014-05-02T23:30:00-07:00" '
                                      'class="published updated">'),
     [("Walk", dt.date(2014, 5, 2), (BODY,))]),
    ("walk.html", BLOGGER_POST.format(body=BODY, abbr='<abbr class="published" title="soon">'),
     [("Walk", None, (BODY,))]),
    # Obsidian's created:, when there is no date:; a link to the day's note too.
    ("note.md", f"---\ncreated: 2023-04-05\ntags: [pkm]\n---\n# Note\n\n{BODY}\n",
     [("Note", dt.date(2023, 4, 5), (BODY,))]),
    ("note.md", f"---\ncreated: 2023-04-05 10:22\n---\n# Note\n\n{BODY}\n",
     [("Note", dt.date(2023, 4, 5), (BODY,))]),
    ("note.md", f"---\ncreated: [[2023-04-05]]\n---\n# Note\n\n{BODY}\n",
     [("Note", dt.date(2023, 4, 5), (BODY,))]),
    ("note.md", f"---\ndate: 2024-01-02\ncreated: 2023-04-05\n---\n# Note\n\n{BODY}\n",
     [("Note", dt.date(2024, 1, 2), (BODY,))]),
    ("2024-01-02-note.md", f"---\ncreated: 2023-04-05\n---\n# Note\n\n{BODY}\n",
     [("Note", dt.date(2024, 1, 2), (BODY,))]),  # a Jekyll post's file name comes first
    # A dateline under the title dates the essay and is not read.
    ("c.txt", f"The commute\n\nMarch 3, 2021\n\n{BODY}\n\nThe office\n\n"
              f"Posted on 2021-03-04\n\n{BODY2}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY,)),
      ("The office", dt.date(2021, 3, 4), (BODY2,))]),
    ("c.txt", f"The commute\nWednesday, 3 March 2021\n{BODY}\n{BODY2}\n{BODY}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY, BODY2, BODY))]),
    ("c.md", f"# The commute\n\n*Posted on March 3, 2021*\n\n{BODY}\n\n# The office\n\n"
             f"Mar. 4th, 2021\n\n## Noise\n\n{BODY2}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY,)),
      ("The office", dt.date(2021, 3, 4), (BODY2,))]),
    ("c.md", f"---\ntitle: The commute\n---\n\n2021-03-03\n\n{BODY}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY,))]),
    ("c.html", f"<h1>One</h1><p>March 3, 2021</p><p>{BODY}</p>"
               f"<h1>Two</h1><p>April 4, 2021</p><p>{BODY2}</p>",
     [("One", dt.date(2021, 3, 3), (BODY,)), ("Two", dt.date(2021, 4, 4), (BODY2,))]),
    # A date line above the title dates the essay, and the line after it is the title.
    ("c.txt", f"March 3, 2021\n\nThe commute\n\n{BODY}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY,))]),
    ("c.txt", f"2021-03-03\nThe commute\n{BODY}\n{BODY2}\n{BODY}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY, BODY2, BODY))]),
    ("c.txt", f"3 March 2021\nThe commute\n\n{BODY}\n\n{BODY2}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY, BODY2))]),
    # The first essay's layout is the file's: the next essays' dates above their titles.
    ("c.txt", f"3 March 2021\n\nThe commute\n\n{BODY}\n\nApril 4, 2021\n\nThe office\n\n"
              f"{BODY2}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY,)),
      ("The office", dt.date(2021, 4, 4), (BODY2,))]),
    ("c.md", f"March 3, 2021\n\n# The commute\n\n{BODY}\n",
     [("The commute", dt.date(2021, 3, 3), (BODY,))]),
    # Not a dateline: a sentence, a date that does not exist, a date further down,
    # one with nothing after it; and one the front matter's date overrides is read.
    ("c.txt", f"The commute\n\nMarch 3, 2021, was the day it rained.\n\n{BODY}\n",
     [("The commute", None, ("March 3, 2021, was the day it rained.", BODY))]),
    ("c.md", f"# The commute\n\nFebruary 30, 2021\n\n{BODY}\n",
     [("The commute", None, ("February 30, 2021", BODY))]),
    ("c.md", f"# The commute\n\n{BODY}\n\nMarch 3, 2021\n\n{BODY2}\n",
     [("The commute", None, (BODY, "March 3, 2021", BODY2))]),
    ("c.md", "# The commute\n\nMarch 3, 2021\n",
     [("The commute", None, ("March 3, 2021",))]),
    ("c.md", f"---\ntitle: The commute\ndate: 2024-05-06\n---\n\nMarch 3, 2021\n\n{BODY}\n",
     [("The commute", dt.date(2024, 5, 6), ("March 3, 2021", BODY))]),
    # Titles with a year or a number in them stay titles; a date alone over its text
    # (a diary's entry) is its title; a date line closing an essay in a file whose
    # first essay has no date above its title stays in that essay.
    ("c.txt", f"1984 Revisited\n\n{BODY}\n", [("1984 Revisited", None, (BODY,))]),
    ("c.txt", f"2020: A Year in Review\n\n{BODY}\n",
     [("2020: A Year in Review", None, (BODY,))]),
    ("c.txt", f"March 3, 2021\n\n{BODY}\n", [("March 3, 2021", None, (BODY,))]),
    ("c.txt", f"The commute\n\n{BODY}\n\nApril 4, 2021\n\nThe office\n\n{BODY2}\n",
     [("The commute", None, (BODY, "April 4, 2021")), ("The office", None, (BODY2,))]),
])
def test_an_essay_is_dated_by_blogger_obsidian_or_its_dateline(tmp_path, name, text, essays):
    result = read_sources([write(tmp_path, name, text)])
    assert [(e.title, e.date, e.paragraphs) for e in result.essays] == essays
    assert result.notices == ()


def test_a_created_value_that_is_no_date_is_told_not_an_error(tmp_path):
    result = read_sources([write(tmp_path, "note.md", f"---\ncreated: last spring\n---\n"
                                                      f"# Note\n\n{BODY}\n")])
    assert [e.date for e in result.essays] == [None]
    assert [(n.line, n.message) for n in result.notices] == [
        (2, "front matter 'created' is not a date such as 2023-04-05 ('last spring'): not used")]


@pytest.mark.parametrize("page, date, paragraphs", [
    # A paragraph that is only a date, right under the title, is its dateline.
    (f"<h1>The commute</h1><p>March 3, 2021</p><p>{BODY}</p>", dt.date(2021, 3, 3), (BODY,)),
    (f"<article><h1>The commute</h1><p class=\"date\">Wednesday, 3 March 2021</p>"
     f"<p>{BODY}</p></article>", dt.date(2021, 3, 3), (BODY,)),
    (f"<h1>The commute</h1><div class=\"entry-date\">Posted on 2021-03-03</div><p>{BODY}</p>",
     dt.date(2021, 3, 3), (BODY,)),
    # Under a subtitle (Substack's, a dek) too; the subtitle is still read.
    (f"<h1>The commute</h1><h3 class=\"subtitle\">Why the bus wins</h3><p>March 3, 2021</p>"
     f"<p>{BODY}</p>", dt.date(2021, 3, 3), ("Why the bus wins", BODY)),
    # The <time> dating the page, shown as the dateline, is not read either.
    (f"<h1>The commute</h1><p><time datetime=\"2021-03-03\">March 3, 2021</time></p>"
     f"<p>{BODY}</p>", dt.date(2021, 3, 3), (BODY,)),
    # Not a dateline: a paragraph starting with a date, a date further down or with
    # nothing after it, one the page's date contradicts.
    (f"<h1>The commute</h1><p>On March 3, 2021 we moved.</p><p>{BODY}</p>", None,
     ("On March 3, 2021 we moved.", BODY)),
    (f"<h1>The commute</h1><p>{BODY}</p><p>March 3, 2021</p><p>{BODY2}</p>", None,
     (BODY, "March 3, 2021", BODY2)),
    ("<h1>The commute</h1><p>March 3, 2021</p>", None, ("March 3, 2021",)),
    ('<head><meta property="article:published_time" content="2024-05-06"></head>'
     f"<h1>The commute</h1><p>March 3, 2021</p><p>{BODY}</p>", dt.date(2024, 5, 6),
     ("March 3, 2021", BODY)),
])
def test_an_html_dateline_under_the_title_dates_the_essay(tmp_path, page, date, paragraphs):
    [essay] = essays_of(tmp_path, "commute.html", page)
    assert (essay.title, essay.date, essay.paragraphs) == ("The commute", date, paragraphs)


@pytest.mark.parametrize("front, field, line", [
    ("title: T\ncreated: 2023-13-45", "created", 3),
    ("date: 2024-01-02\ncreated: 2023-02-30", "created", 3),
    ("created: 2023-04-05\ndate: 2024-13-45", "date", 3),
    ("Created: 2023-13-45", "created", 2),
])
def test_an_impossible_date_yaml_rejects_names_the_field_written(tmp_path, front, field, line):
    path = write(tmp_path, "note.md", f"---\n{front}\n---\n# Note\n\n{BODY}\n")
    with pytest.raises(SourceError) as failure:
        read_sources([path])
    assert (failure.value.field, failure.value.line) == (field, line)
    assert f"note.md:{line}: {field}: front matter: not a valid date" in str(failure.value)


@pytest.mark.parametrize("caption, read", [
    # "Photo:" before a description labels it: the description is read, without the label.
    ("Photo: the harbour at dawn", ("The harbour at dawn",)),
    ("Image: The old mill in winter", ("The old mill in winter",)),
    ("Photo: A crowded pier on a Sunday", ("A crowded pier on a Sunday",)),
    ("Photo: Fishing boats in the harbour at dawn", ("Fishing boats in the harbour at dawn",)),
    ("Image: Harbour at dawn", ("Harbour at dawn",)),
    ("Photo: the harbour by night", ("The harbour by night",)),
    ("Photo: the harbour at dawn. Photo by Sam Lee on Unsplash", ("The harbour at dawn.",)),
    ("Photograph: the quay at night. Jane Doe/Getty Images", ("The quay at night.",)),
    # "Photo:" before a name, an agency or the author is a credit, and is not read.
    ("Photo: Jane Smith", ()),
    ("Photo by Jane Smith", ()),
    ("Photo: Getty Images", ()),
    ("Image: Jane Smith/Reuters", ()),
    ("Credit: AP", ()),
    ("Photo: AP", ()),
    ("Photo: The Guardian", ()),
    ("Photo: The New York Times", ()),
    ("Photo: A. Smith", ()),
    ("Photo: the author", ()),
    ("Photo: courtesy of the family", ()),
    ("Photo: Jane Smith for The New York Times", ()),
    ("Photo: the pier, by Jane Smith", ()),
    ("Photo: Jane Smith, staff photographer", ()),
    ("Image: NASA/JPL-Caltech", ()),
    ("Photo: dpa", ()),
    ("A crowded harbour at dawn. Photo: Jane Doe", ("A crowded harbour at dawn.",)),
])
def test_a_photo_label_before_a_description_is_not_a_credit(tmp_path, caption, read):
    html = (f"<article><h1>Harbour</h1><p>{BODY}</p><figure><img src=\"a.jpg\">"
            f"<figcaption>{caption}</figcaption></figure></article>")
    [essay] = essays_of(tmp_path, "harbour.html", html)
    assert essay.paragraphs == (BODY, *read)


@pytest.mark.parametrize("front, title, description", [
    ('title: "Why `git rebase` scares people"', "Why git rebase scares people", None),
    ("title: '``a ` b`` in Markdown'", "a ` b in Markdown", None),
    ('title: "It rained 5` overnight"', "It rained 5` overnight", None),  # no code span
    ('title: Rebase\ndescription: "When `git rebase -i` helps."', "Rebase",
     "When git rebase -i helps."),
])
def test_code_marks_in_front_matter_are_read_as_in_the_text(tmp_path, front, title,
                                                            description):
    [essay] = essays_of(tmp_path, "post.md", f"---\n{front}\n---\n{BODY}\n")
    assert (essay.title, essay.description) == (title, description)


def test_markup_that_looks_like_a_file_name_is_read_without_a_warning(tmp_path):
    """BeautifulSoup warns that a page reading "index.html" looks like a file name
    (found by the property test); here it is the page's text."""
    import warnings

    path = write(tmp_path, "p.html", "index.html")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            read_sources([path])
        except SourceError:
            pass  # too little to be an essay is fine; a warning is not


def test_crossed_out_text_is_not_read(tmp_path):
    markdown = essays_of(tmp_path, "struck.md", "# Cars\n\nBuilt in the ~~1960s~~ 1950s, "
                                                "it is ~~cosy~~ small.\n")
    assert markdown[0].paragraphs == ("Built in the 1950s, it is small.",)
    html = essays_of(tmp_path, "struck.html", "<article><h1>Cars</h1><p>The room was "
                                              "<del>cosy</del> <ins>claustrophobic</ins>, "
                                              "<s>sadly</s> truly.</p></article>")
    assert html[0].paragraphs == ("The room was claustrophobic, truly.",)


def test_line_breaks_join_prose_and_pause_verse(tmp_path):
    page = ("<article><h1>Lines</h1><p>Book early and pack a<br>small bag you can keep on "
            "the bunk with you, because the racks fill up.</p>"
            "<p>The last bus sighs<br>and kneels at the kerb<br>like an old dog<br>settling.</p>"
            "<p>One paragraph.<br><br>Another, after the old blogs' double break.</p>"
            "<p>12 Main Street<br>Springfield</p></article>")
    assert essays_of(tmp_path, "lines.html", page)[0].paragraphs == (
        "Book early and pack a small bag you can keep on the bunk with you, because the "
        "racks fill up.",
        "The last bus sighs, and kneels at the kerb, like an old dog, settling.",
        "One paragraph.", "Another, after the old blogs' double break.",
        "12 Main Street, Springfield")
    verse = "# Bus\n\nThe last bus sighs\\\nand kneels at the kerb\\\nlike an old dog\\\nsettling.\n"
    assert essays_of(tmp_path, "bus.md", verse)[0].paragraphs == (
        "The last bus sighs, and kneels at the kerb, like an old dog, settling.",)


def test_wordpress_shortcodes_and_widget_text_are_not_read(tmp_path):
    page = ("<article><h1>Clay</h1><p>We bought the house in 2009.</p>"
            '<p>[caption id="attachment_1043" align="aligncenter" width="640"] The back bed in '
            "August.[/caption]</p><p>[gallery ids=\u201c1044,1045\u201d columns=\u201c3\u201d]</p>"
            "<p>Jump to Recipe | Print Recipe</p><p>This post is for subscribers only. "
            "Subscribe now.</p><p>Posted by Ann at 10:02 AM</p><p>[laughs] Fine.</p>"
            "<p>Copyright \u00a9 2024 Ann. All rights reserved.</p>"
            "<p>Copyright law is a mess.</p><p>Posted by my mother, the parcel came late.</p>"
            "</article>")
    assert essays_of(tmp_path, "clay.html", page)[0].paragraphs == (
        "We bought the house in 2009.", "The back bed in August.", "[laughs] Fine.",
        "Copyright law is a mess.", "Posted by my mother, the parcel came late.")


def test_obsidian_labels_tags_and_tasks_read_as_a_narrator_would(tmp_path):
    text = ("# Notes\n\n> [!warning] A caveat\n> I am not saying linking is useless.\n\n"
            "> **Note**\n> Your mileage may vary.\n\n"
            "Mostly a way to feel productive. #opinion #pkm\n\nWe met on #staff today.\n\n"
            "This is ==really== it, `a == b == c`.\n\n"
            "- [x] Wrote the notes\n- [ ] Published them\n")
    assert essays_of(tmp_path, "vault.md", text)[0].paragraphs == (
        "A caveat. I am not saying linking is useless.", "Note. Your mileage may vary.",
        "Mostly a way to feel productive.", "We met on #staff today.",
        "This is really it, `a == b == c`.", "Done: Wrote the notes", "To do: Published them")


def test_html_numbered_lists_keep_their_numbers(tmp_path):
    """As the same list in Markdown: "5. The Nightjet" is read "five. ..."; <ol start>,
    reversed and <li value> count as a browser shows them; bullets get no number."""
    page = ("<article><h1>Trains</h1><p>The good ones, in order.</p>"
            '<ol start="5"><li>The Nightjet.</li><li><p>The Caledonian Sleeper.</p></li></ol>'
            "<ol reversed><li>Third.</li><li>Second.</li><li>First.</li></ol>"
            '<ol><li value="10">Ten.</li><li>Eleven.</li></ol>'
            "<ul><li>A bullet.</li></ul></article>")
    assert essays_of(tmp_path, "trains.html", page)[0].paragraphs == (
        "The good ones, in order.", "5. The Nightjet.", "6. The Caledonian Sleeper.",
        "3. Third.", "2. Second.", "1. First.", "10. Ten.", "11. Eleven.", "A bullet.")


def test_toggle_cards_medium_subtitles_and_button_cards(tmp_path):
    """A Ghost toggle card's heading is its question, read before the answer, not a
    chapter; Medium's subtitle heading repeating its p-summary is read once; a Ghost
    button card ("Subscribe for the full dataset") is page furniture."""
    ghost = ("<article><h1>Four Days</h1><p>We stopped working Fridays.</p>"
             '<div class="kg-card kg-button-card"><a class="kg-btn kg-btn-accent" '
             'href="#/portal/signup">Subscribe for the full dataset</a></div>'
             '<div class="kg-card kg-toggle-card"><div class="kg-toggle-heading"><h4 '
             'class="kg-toggle-heading-text">How did you handle on-call</h4></div>'
             '<div class="kg-toggle-content"><p>A weekly rota.</p></div></div>'
             "<p>Would I do it again? Yes.</p></article>")
    [essay] = essays_of(tmp_path, "ghost.html", ghost)
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        (None, ("We stopped working Fridays.", "How did you handle on-call.",
                "A weekly rota.", "Would I do it again? Yes."))]
    medium = ('<article><h1>Marathon</h1><section data-field="subtitle" class="p-summary">'
              "Slow is smooth.</section><section><h3 class=\"graf graf--h3 graf--title\">"
              'Marathon</h3><h4 class="graf graf--h4 graf--subtitle">Slow is smooth.</h4>'
              f"<p>{BODY}</p></section></article>")
    [essay] = essays_of(tmp_path, "medium.html", medium)
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        (None, ("Slow is smooth.", BODY))]


def test_table_rows_are_read_with_their_column_names(tmp_path):
    """A narrator reads a table row by row, each value with its column's name; the
    first cell names the row ("Day 1"); an empty cell or a dash is not read."""
    markdown = ("# Starter\n\n| Day | Flour | Notes |\n|---|---|---|\n"
                "| 1 | 50g whole wheat | Mix, cover loosely |\n| 2–3 | — | Wait. |\n")
    assert essays_of(tmp_path, "starter.md", markdown)[0].paragraphs == (
        "Day 1. Flour: 50g whole wheat. Notes: Mix, cover loosely.", "Day 2–3. Notes: Wait.")
    html = ("<article><h1>Numbers</h1><table><thead><tr><th>Metric</th><th>Before</th>"
            "<th>After</th></tr></thead><tbody><tr><td>Sick days (total)</td><td>96</td>"
            "<td>41</td></tr></tbody></table><table><tr><td>No</td><td>header</td></tr>"
            "</table></article>")
    assert essays_of(tmp_path, "numbers.html", html)[0].paragraphs == (
        "Sick days (total). Before: 96. After: 41.", "No, header")


def test_an_in_page_table_of_contents_is_not_read(tmp_path):
    """Links to the page's own headings cannot be followed by ear, and the headings are
    read where they stand; a list of real links is read."""
    markdown = ("---\ntitle: Sourdough\n---\n\n**Table of Contents**\n\n"
                "1. [What is a starter?](#what-is-a-starter)\n2. [Troubleshooting](#trouble)\n"
                "   1. [It smells](#it-smells)\n\n## What is a starter?\n\nA jar of flour.\n\n"
                "## Troubleshooting\n\nFeed it.\n\n- [Reading](https://example.com/a)\n"
                "- [More](https://example.com/b)\n")
    [essay] = essays_of(tmp_path, "sourdough.md", markdown)
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        ("What is a starter?", ("A jar of flour.",)), ("Troubleshooting", ("Feed it.",
                                                                         "Reading", "More"))]
    html = ('<article><h1>Guide</h1><p>Two parts.</p><p>In this post:</p><ul><li><a href="#one">One</a></li>'
            '<li><a href="#two">Two</a></li></ul><h2 id="one">One</h2><p>First part.</p>'
            '<h2 id="two">Two</h2><p>See <a href="#one">One</a>.</p></article>')
    [essay] = essays_of(tmp_path, "guide.html", html)
    assert [(s.title, s.paragraphs) for s in essay.sections] == [
        (None, ("Two parts.",)), ("One", ("First part.",)), ("Two", ("See One.",))]


def test_footnotes_are_numbered_as_shown_and_labels_end_after_brackets(tmp_path):
    """Renderers number footnotes in the order they are referred to, so "[^2]" referred
    to first is read "Footnote 1"; a callout title ending in a bracket still ends
    before its body; a header-only table is read even when a table with rows follows."""
    text = ("# Notes\n\nFirst[^2] and then[^1].\n\n[^1]: Later one.\n\n[^2]: Earlier one.\n\n"
            "> [!note] Status (draft)\n> Not final.\n\n| Only | Header |\n|---|---|\n\n"
            "Between.\n\n| Day | Miles |\n|---|---|\n| 1 | 3 |\n")
    assert essays_of(tmp_path, "order.md", text)[0].paragraphs == (
        "First and then.", "Footnote 2: Later one.", "Footnote 1: Earlier one.",
        "Status (draft). Not final.", "Only, Header", "Between.", "Day 1. Miles: 3.")
