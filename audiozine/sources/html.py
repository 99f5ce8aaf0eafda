"""HTML pages: titles, sections, paragraphs; page furniture, captions' credits,
footnote marks and embeds' bylines left out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from ..errors import SourceError
from ..models import CODE_MARKER, Essay, Link, Notice
from .clean import (
    without_markup,
    clean_text, _ended, _host, _joined_lines, _LINE_BREAK, _looks_like_url, _norm, _squash,
    _unlink_urls)
from .credits import _CREDIT_CLASS_PARTS, _without_photo_credit
from .events import (
    _is_link_furniture, _labelled_notes,
    _date_from_path, _drop_contents_label, _essays_from_events, _Event, _Meta,
    NAMED_AFTER_FILE, _table_row, title_from_file_name)
from .frontmatter import DRAFT_NOTICE, _front_matter


_HTML_SKIP = {"script", "style", "nav", "noscript", "template", "form", "button", "svg",
              "iframe", "img", "picture", "video", "audio", "canvas", "select", "head",
              "object", "embed", "map", "math", "input", "textarea",
              "del", "s", "strike"}  # crossed out: the writer took it back
_HTML_BLOCK = {"p", "div", "li", "blockquote", "section", "article", "main", "ul", "ol",
               "dl", "dt", "dd", "figure", "figcaption",
               "table", "tr", "td", "th", "thead", "tbody", "pre", "address", "details",
               "summary", "body", "html", "hr", "br", "caption", "center"}
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


_HTML_CHROME = {"footer", "aside"}
_TWEET_PICTURE = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/", re.I)


def _is_page_chrome(tag, page_has_article: bool) -> bool:
    """Footers and sidebars, and a header outside any article: the site's, not the essay's.
    On a page with no article or main, the header holds the essay's own title."""
    if tag.name.lower() in _HTML_CHROME or tag.get("role") in ("contentinfo", "complementary",
                                                               "banner"):
        return True
    return (tag.name.lower() == "header" and page_has_article
            and tag.find_parent(["article", "main"]) is None)


def _soup(markup: str, path: Path, line: int | None = None):
    """`markup` parsed by BeautifulSoup's html.parser; markup the parser gives up on
    (a broken `<![` section, say) is a SourceError naming the file."""
    import warnings

    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
    from bs4.exceptions import ParserRejectedMarkup

    try:
        with warnings.catch_warnings():
            # A short essay that looks like a file name or URL is still the text.
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:
        reason = str(exc).strip().splitlines()[-1].strip()
        raise SourceError(f"the HTML cannot be parsed ({reason})", path=path, line=line) from exc


#: Parts of a class or id (split at - and _) that mark a blog's furniture rather than
#: the essay: WordPress, Substack and Ghost share buttons, comments, related posts,
#: subscribe widgets, entry meta ("Posted on ... by ..."), after Readability's list.
_CLUTTER_PARTS = frozenset("""
comment comments respond reply replies share sharing sharedaddy social related relatedposts
subscribe subscription newsletter signup widget sidebar meta byline breadcrumb breadcrumbs
pagination pager menu popup sponsor advert ad ads button btn cta footer
recommendations recommended
""".split())
_CLUTTER_NAMES = frozenset(("site-title", "site-description", "site-branding", "read-more",
                            "readmore", "kg-button-card", "wp-block-buttons",
                            "wp-block-button"))


def _captions_without_credits(events: list[_Event]) -> list[_Event]:
    """A figure caption's paragraphs without their photo credits, and the credits'
    links (the photographer's page, Unsplash) with them."""
    kept = []
    for event in events:
        text = _without_photo_credit(event.text)
        if text:
            # (in any case: a described picture's first word gets a capital)
            links = [link for link in event.links if link.text.casefold() in text.casefold()]
            kept.append(dataclasses.replace(event, text=text, links=links))
    return kept


_ROW_BLOCKS = ["p", "br", "div", "table", "ul", "ol", "blockquote", "pre", *_HTML_HEADINGS]
"""A table row holding these is page layout (an essay in a table), not a data row."""
_CLUTTER_TAGS = frozenset(("div", "aside", "ul", "ol", "footer", "form", "span", "nav"))
#: A paragraph or link is chrome only by one of these exact names (Substack's
#: <p class="button-wrapper"><a class="button primary">): a link named "social-link"
#: or "related-post" is part of a sentence, and so is its text.
_CHROME_BLOCK_NAMES = frozenset(("button-wrapper", "subscribe-widget", "share-dialog",
                                 "comments-link", "post-meta", "byline"))
_MORE_LINK_NAMES = frozenset(("more-link", "read-more", "readmore", "read-more-link"))
_CHROME_LINK_NAMES = frozenset(("button", "subscribe-btn", "share-button", "kg-btn",
                                "wp-block-button__link"))
#: A subtitle under the title (Substack's h3.subtitle, Medium's p-summary...): read as
#: the essay's first paragraph, not a section, and its description.
_SUBTITLE_NAMES = frozenset(("subtitle", "p-summary", "post-subtitle", "article-subtitle",
                             "standfirst", "dek", "graf--subtitle"))
#: Embedded posts (a tweet): only their text is read, not the byline, date and counts
#: around it. Class -> where the text is (a CSS selector).
_EMBED_TEXT = {"twitter-tweet": "p", "tweet": ".tweet-text"}
_CONTENT_PARTS = frozenset(("content", "body", "main", "article", "text", "story"))


def _class_parts(name: str) -> list[str]:
    """"jp-relatedposts" -> ["jp", "relatedposts"]; "photo_credit" -> ["photo", "credit"]."""
    return [part for part in re.split(r"[-_]+", name.lower()) if part]


def _clutter_name(name: str) -> bool:
    """"entry-meta", "sharedaddy", "jp-relatedposts", "comments": furniture; not
    "content-area", "has-sidebar" (a layout flag) or "meta-content"."""
    name = name.lower()
    if name in _CLUTTER_NAMES:
        return True
    parts = _class_parts(name)
    if not parts or parts[0] in ("has", "with", "no", "is") or \
            any(part in _CONTENT_PARTS for part in parts):
        return False
    return parts[0] in _CLUTTER_PARTS or parts[-1] in _CLUTTER_PARTS


def _is_clutter(tag) -> bool:
    """A share bar, comment list, subscribe box or a caption's credit (by its class)
    inside or around the essay. Only containers are judged by their names: headings
    and sections carry ids made from their own text ("related-work")."""
    name = tag.name.lower()
    if any(part in _CREDIT_CLASS_PARTS for c in tag.get("class") or []
           for part in _class_parts(str(c))) \
            and tag.find_parent("figcaption") is not None:
        return True
    classes = {str(c).lower() for c in tag.get("class") or []}
    if name == "p":
        return bool(classes & _CHROME_BLOCK_NAMES)
    if name == "a":  # a button alone in its block, not a link inside a sentence
        if classes & _MORE_LINK_NAMES:
            return True  # WordPress's "Continue reading X →" after an excerpt's text
        parent = tag.parent
        alone = parent is not None and parent.get_text(" ").strip() == tag.get_text(" ").strip()
        return alone and bool(classes & _CHROME_LINK_NAMES)
    if name not in _CLUTTER_TAGS:
        return False
    names = [*(tag.get("class") or []), str(tag.get("id") or "")]
    return any(_clutter_name(n) for n in names if n)


def _is_subtitle(tag) -> bool:
    return tag.get("data-field") == "subtitle" or \
        any(str(c).lower() in _SUBTITLE_NAMES for c in tag.get("class") or [])


def _is_footnote_mark(tag) -> bool:
    """A footnote reference ("<sup><a href="#fn1">1</a></sup>") or a back-link ("↩")."""
    link = tag if tag.name.lower() == "a" else None
    if tag.name.lower() == "sup":
        link = tag.find("a")
        if link is None:
            before = tag.previous_sibling
            before = str(before) if before is not None and before.name is None else ""  # text
            # "Monday.<sup>1</sup>" or "argued<sup>3</sup>"; not "m<sup>2</sup>", "mc<sup>2</sup>".
            exponent = re.search(r"(?:^|\W)\w{1,2}$|\d$", before) is not None
            return not exponent and bool(re.fullmatch(r"\s*\[?\d{1,3}\]?\s*", tag.get_text()))
    if link is None:
        return False
    text = link.get_text().strip()
    if text in ("↩", "↩︎", "↑"):
        return True
    href = str(link.get("href") or "")
    classes = " ".join(link.get("class") or [])
    marker = re.fullmatch(r"\[?\d{1,3}\]?|[*†‡]", text) is not None
    return marker and (bool(_NOTE_HREF.match(href)) or "footnote" in classes)


#: Where a footnote marker links to: "#fn1", "#footnote-2", "#note3", "#cite_note-4",
#: and the "#f1n" of hand-made pages.
_NOTE_HREF = re.compile(r"#(?:fn|footnote|note|cite|f\d+n\b|ref)", re.I)
#: The anchor a note starts with: <a name="f1n">1</a>, <a id="fn1">1</a>.
_NOTE_ANCHOR = re.compile(r"(?:f\d+n|fn[-:_]?\d+|footnote[-:_]?\d+|note[-:_]?\d+)$", re.I)
_NOTE_LABEL_IN_BRACKETS = re.compile(r"\[\s*(Footnote \d+:)\s*\]")
_EMPTY_BRACKETS = re.compile(r"\s*\[\s*\]")
#: A link in an embedded post that is only a short link ("t.co/AbC", "bit.ly/x").
_SHORT_LINK = re.compile(r"(?:t\.co|bit\.ly|buff\.ly|ow\.ly|dlvr\.it|goo\.gl)/\S*$", re.I)
INDEX_NOTICE = ("mostly links to other pages (an index, an archive or a feed page), not an "
                "essay: not narrated")


def _footnote_paragraph_number(paragraph) -> str | None:
    """The number of a note paragraph (class "footnote", opening with <sup>1</sup>)."""
    if not any("footnote" in str(c).lower() for c in paragraph.get("class") or []):
        return None
    first = paragraph.find(True)
    found = re.fullmatch(r"\s*(\d{1,3})\s*", first.get_text()) if first is not None \
        and first.name == "sup" else None
    return found.group(1) if found else None


def _note_anchor_number(tag, label: str, href: str) -> str | None:
    """The number of a note whose text starts at this anchor (<a name="f1n">1</a>),
    or None: it is then read "Footnote 1:", as a Markdown note is."""
    anchor = str(tag.get("name") or tag.get("id") or "")
    if href or not _NOTE_ANCHOR.match(anchor):
        return None
    found = re.fullmatch(r"\[?(\d{1,3})\]?", label.strip())
    return found.group(1) if found else None


def _is_link_index(root, events: list[_Event]) -> bool:
    """Whether the page is mostly links to other pages (a site's index, an archive, a
    list of essays, a feed page) rather than an essay: five or more links, and fewer
    words outside them than twice their number."""
    links = [a for a in root.find_all("a", href=True)
             if not str(a["href"]).startswith(("#", "javascript:", "mailto:"))]
    if len(links) < 5:
        return False
    words = sum(len(e.text.split()) for e in events)
    link_words = sum(len(a.get_text(" ").split()) for a in links)
    return words - link_words < 2 * len(links)


def _list_item_number(item) -> int:
    """The number a browser shows for an <li> of an <ol> (start, reversed, value)."""
    def number(value, default: int) -> int:
        try:
            return int(str(value).strip())
        except (TypeError, ValueError):
            return default

    listing = item.parent
    items = listing.find_all("li", recursive=False)
    step = -1 if listing.has_attr("reversed") else 1
    current = number(listing.get("start"), len(items) if step < 0 else 1)
    for sibling in items:
        if sibling.has_attr("value"):
            current = number(sibling.get("value"), current)
        if sibling is item:
            return current
        current += step
    return current


def _is_footnote_list(listing) -> bool:
    """The notes at a page's end: <ol> (or its <section>/<div>) of class "footnotes" or
    role "doc-endnotes", or items with ids like "fn1" (Markdown renderers, Pandoc)."""
    def marked(tag) -> bool:
        return tag is not None and (tag.get("role") == "doc-endnotes" or any(
            "footnote" in str(c).lower() or "endnote" in str(c).lower()
            for c in tag.get("class") or []))
    first = listing.find("li", recursive=False)
    return marked(listing) or marked(listing.parent) or (
        first is not None and re.match(r"(?:fn|footnote)[-:_]?\d", str(first.get("id") or ""))
        is not None)


def _is_header_row(row, table) -> bool:
    """A row of column names (in <thead>, or the first row, all <th>) with data rows
    below it."""
    if table is None:
        return False
    cells = row.find_all(["td", "th"], recursive=False)
    heading = row.find_parent("thead") is not None or (
        bool(cells) and all(c.name == "th" for c in cells)
        and row is table.find(lambda tag: tag.name == "tr" and tag.find(["td", "th"])))
    return heading and any(r.find("td", recursive=False) for r in row.find_all_next("tr")
                           if r.find_parent("table") is table)


def _is_contents_list(listing) -> bool:
    """An in-page table of contents: two or more items, each one link to an #anchor
    (nested lists of them included)."""
    items = listing.find_all("li")
    if len(items) < 2:
        return False
    for item in items:
        own = "".join(str(t) for t in item.find_all(string=True)
                      if t.find_parent("li") is item)
        links = [a for a in item.find_all("a") if a.find_parent("li") is item]
        link_text = "".join(a.get_text() for a in links)
        if not links or not str(links[0].get("href") or "").startswith("#") \
                or _squash(own) != _squash(link_text):
            return False
    return True


def _in_toggle(tag) -> bool:
    """Inside a <summary> or a collapsible card (class "kg-toggle-card", "toggle")."""
    return tag.find_parent(lambda t: t.name.lower() == "summary" or any(
        "toggle" in str(c).lower() for c in t.get("class") or [])) is not None


@dataclasses.dataclass(frozen=True)
class _Page:
    """What the walk knows of the whole page: its <article>s' numbers (by id) and
    whether it has an article or a <main>."""
    article_numbers: dict[int, int]
    has_article: bool
    code_marker: bool = False
    """A run of <pre> blocks is one `CODE_MARKER` paragraph (the show's code_blocks)."""


class _HtmlWalker:
    """Walks a page's elements in order, gathering its headings and paragraphs
    (`events`), its subtitles, and the lines of its code blocks (`code`)."""

    def __init__(self, page: _Page) -> None:
        from bs4 import Comment, NavigableString, Tag

        self._comment, self._string, self._tag = Comment, NavigableString, Tag
        self.page = page
        self.events: list[_Event] = []
        self.subtitles: list[_Event] = []
        self.code: list[int] = []
        self.buffer: list[str] = []  # the paragraph being read
        self.links: list[Link] = []  # its links
        self.line = 1  # its line
        self.item_number: list[str] = []  # "5. " before a numbered list item's first words
        self.headers: dict[int, list[str]] = {}  # a table's column names, by id(table)
        self.in_embed: list[bool] = []  # inside an embedded post (a tweet): links not read

    def flush(self) -> None:
        content = _squash(_joined_lines("".join(self.buffer)))
        # "[<a name="f1n">1</a>] Evolution..." -> "Footnote 1: Evolution..."; the
        # brackets a dropped marker leaves ("rapidly.[]") go with it.
        content = _NOTE_LABEL_IN_BRACKETS.sub(r"\1", content)
        content = _squash(_EMPTY_BRACKETS.sub("", content))
        if content:
            found = list(self.links)
            self.events.append(_Event("paragraph", "".join(self.item_number)
                                      + _unlink_urls(content, found), self.line, links=found))
            self.item_number.clear()
        self.buffer.clear()
        self.links.clear()

    def article_of(self, tag) -> int:
        return self.page.article_numbers.get(id(tag.find_parent("article")), 0)

    def subtitle(self, node) -> None:
        self.flush()
        text = _inline_text(node)
        # Medium repeats the subtitle (p-summary) as the body's first heading.
        if text and not any(_norm(text) == _norm(earlier.text) for earlier in self.subtitles):
            self.subtitles.append(_Event("paragraph", text, node.sourceline or self.line,
                                         subtitle=True))
            self.events.append(self.subtitles[-1])

    def walk(self, node) -> None:
        """Reads `node`'s children. Every element with paragraphs inside is walked from
        here, one frame a level, so a page nests as deep before "nested too deeply"."""
        for child in node.children:
            if isinstance(child, self._comment):
                continue
            if isinstance(child, self._string):
                if not self.buffer and str(child).strip():
                    self.line = getattr(node, "sourceline", None) or self.line
                # A newline in the page's source is a space; only <br> breaks a line.
                self.buffer.append(str(child).replace(_LINE_BREAK, " "))
                continue
            if not isinstance(child, self._tag):
                continue
            name = child.name.lower()
            if self._unread(child, name):
                continue
            parts = self._embed_parts(child)
            if parts:  # an embedded post (a tweet): only its text, each part a paragraph
                self.flush()
                self.in_embed.append(True)
                for part in parts:
                    self.line = part.sourceline or self.line
                    self.walk(part)
                    self.flush()
                self.in_embed.pop()
                continue
            if self._element(child, name):
                continue
            if name == "figcaption":
                # A caption is read as a paragraph of its own; its photo credit is not.
                first = self._open_caption(child)
                self.walk(child)
                self.flush()
                self.events[first:] = _captions_without_credits(self.events[first:])
            elif name in _HTML_BLOCK:
                self._open_block(child, name)
                self.walk(child)
                self.flush()
                self.item_number.clear()
            elif name in ("code", "kbd") and "`" not in (inline_code := child.get_text()) \
                    and inline_code.strip() == inline_code != "":
                self.buffer.append("`")  # kept marked, so speech reads it as code (issue 25)
                self.walk(child)
                self.buffer.append("`")
            else:
                self.walk(child)

    def _skipped(self, child, name: str) -> bool:
        return name in _HTML_SKIP or child.get("role") == "navigation" \
            or child.get("aria-hidden") == "true" or child.has_attr("hidden") \
            or _is_page_chrome(child, self.page.has_article) \
            or (name in ("sup", "a") and _is_footnote_mark(child)) \
            or _is_clutter(child)

    def _unread(self, child, name: str) -> bool:
        """Whether `child` is not read as it stands: a formula read as its TeX, an element
        left out, a subtitle read on its own."""
        tex = child.get("alttext") or child.find("annotation", encoding="application/x-tex") \
            if name == "math" else None
        if tex:  # MathML (KaTeX's too): its TeX, which speech reads as math (issue 25)
            self.buffer.append(f" \\({tex if isinstance(tex, str) else tex.get_text()}\\) ")
        elif self._skipped(child, name):
            pass
        elif _is_subtitle(child):
            self.subtitle(child)
        else:
            return False
        return True

    def _element(self, child, name: str) -> bool:
        """Reads an element with a way of its own that holds no paragraphs to walk (a
        table row, a heading, a link...); False for the rest."""
        if name == "tr" and not child.find(_ROW_BLOCKS):  # one line, as in Markdown
            self._table_row(child)
        elif name in ("ul", "ol") and _is_contents_list(child):
            self.flush()
            _drop_contents_label(self.events)
        elif name == "pre":  # code, as in Markdown: not narrated
            self.flush()
            self.code.append(child.sourceline or self.line)
            if self.page.code_marker and not (self.events
                                              and self.events[-1].text == CODE_MARKER):
                self.events.append(_Event("paragraph", CODE_MARKER, self.code[-1]))
        elif name in _HTML_HEADINGS:
            self._heading(child, name)
        elif name == "a":
            self._link(child)
        elif name == "header":
            self._header(child)
        elif name == "br":
            self._line_break(child)
        else:
            return False
        return True

    @staticmethod
    def _embed_parts(child) -> list:
        """An embedded post's (a tweet's) parts holding its text; none for the rest, and
        for an embed without them, read whole as any quote."""
        embed = next((_EMBED_TEXT[c] for c in child.get("class") or [] if c in _EMBED_TEXT),
                     None)
        return child.select(embed) if embed else []

    def _table_row(self, child) -> None:
        self.flush()
        cells = [_inline_text(cell) for cell in child.find_all(["td", "th"])
                 if not _is_clutter(cell)]
        table = child.find_parent("table")
        if _is_header_row(child, table):
            self.headers[id(table)] = cells  # read with each value of the rows below
            return
        text = _table_row(self.headers.get(id(table), []), cells)
        row_links = [Link(text=label, url=str(a["href"]))
                     for a in child.find_all("a", href=True)
                     if (label := _inline_text(a)) and not str(a["href"]).startswith("#")]
        row = _Event("paragraph", text, child.sourceline or self.line, links=row_links)
        if text and not _is_link_furniture(row, text):  # (a row's links: not kept)
            self.events.append(_Event("paragraph", text, child.sourceline or self.line))

    def _heading(self, child, name: str) -> None:
        self.flush()
        title = _squash(without_markup(_inline_text(child)))
        if not title:
            return
        if _in_toggle(child):
            # A collapsible card's heading (Ghost's toggle, <summary>) is its question
            # or label, read before its text, not a chapter.
            self.events.append(_Event("paragraph", _ended(title), child.sourceline or self.line))
        else:
            self.events.append(_Event("heading", title, child.sourceline or self.line,
                                      level=_HTML_HEADINGS[name], article=self.article_of(child)))

    def _link(self, child) -> None:
        label = _inline_text(child)
        if not label and child.find(["img", "picture", "svg", "video"]):
            return  # a linked picture: not read as its host, "substackcdn.com"
        href = str(child.get("href") or "")
        if _TWEET_PICTURE.match(label) or (self.in_embed and (_looks_like_url(label)
                                                              or _SHORT_LINK.match(label))):
            return  # a tweet's picture or link, "pic.twitter.com/AbC123", "t.co/x"
        note = _note_anchor_number(child, label, href)
        if note:
            self.buffer.append(f"Footnote {note}:")
            return
        if _looks_like_url(label) or (not label and href):
            label = _host(href) if href else label
        if not self.buffer:
            self.line = child.sourceline or self.line
        self.buffer.append(label)
        if href and not href.startswith(("#", "javascript:")) and label:
            self.links.append(Link(text=label, url=href))

    def _header(self, child) -> None:
        # An article's own header: its title is read; the byline, date and
        # tags around it are page furniture.
        self.flush()
        for heading in child.find_all(lambda t: t.name.lower() in _HTML_HEADINGS
                                      or _is_subtitle(t)):
            title = _squash(without_markup(_inline_text(heading)))
            if _is_subtitle(heading):
                self.subtitle(heading)
            elif title:
                self.events.append(_Event("heading", title, heading.sourceline or self.line,
                                          level=_HTML_HEADINGS[heading.name.lower()],
                                          article=self.article_of(heading)))

    def _open_caption(self, child) -> int:
        """Ends the paragraph before a caption; the number of events before it."""
        self.flush()
        self.line = child.sourceline or self.line
        return len(self.events)

    def _line_break(self, child) -> None:
        following = child.find_next_sibling()
        between = child.next_sibling
        doubled = following is not None and following.name == "br" and (
            between is following or not str(between).strip())
        if doubled or not "".join(self.buffer).strip():
            self.flush()  # "<br><br>": the old blogs' paragraph break
        else:
            self.buffer.append(_LINE_BREAK)

    def _open_block(self, child, name: str) -> None:
        """Ends the paragraph before a block and numbers a footnote's or list item's."""
        self.flush()
        self.line = child.sourceline or self.line
        note = _footnote_paragraph_number(child) if name == "p" else None
        if note:  # Textile's <p class="footnote"><sup>1</sup> Text</p>
            self.item_number[:] = [f"Footnote {note}: "]
        if name == "li" and child.parent is not None and child.parent.name == "ol":
            number = _list_item_number(child)
            self.item_number[:] = [f"Footnote {number}: " if _is_footnote_list(child.parent)
                                   else f"{number}. "]  # as Markdown's "5." and "[^1]:"


def _inline_text(node) -> str:
    """The text in `node`, without what is never read (scripts, pictures...)."""
    from bs4 import Comment, NavigableString, Tag

    parts: list[str] = []
    for piece in node.descendants:
        if isinstance(piece, NavigableString) and not isinstance(piece, Comment):
            if not any(p.name in _HTML_SKIP for p in piece.parents if isinstance(p, Tag)):
                parts.append(str(piece))
    return _squash("".join(parts))


def _html_events(text: str, path: Path, notices: list[Notice] | None = None,
                 code_marker: bool = False) -> tuple[list[_Event], str | None, list[_Event]]:
    """The page's headings and paragraphs, its <title>, and its subtitle paragraphs;
    with `code_marker`, a run of <pre> blocks is one `CODE_MARKER` paragraph."""
    soup = _soup(text, path)
    page_title = _squash(without_markup(soup.title.get_text(" "))) if soup.title else None
    articles = soup.find_all("article")
    main = soup.find("main")
    page = _Page(article_numbers={id(article): n for n, article in enumerate(articles, 1)},
                 has_article=main is not None or bool(articles), code_marker=code_marker)
    root = main or (articles[0] if len(articles) == 1 else None) or soup.body or soup
    walker = _HtmlWalker(page)
    try:
        walker.walk(root)
    except RecursionError:  # thousands of nested elements: no essay is written so
        raise SourceError("the HTML is nested too deeply to read (thousands of elements "
                          "inside one another)", path=path) from None
    walker.flush()
    events = walker.events
    if walker.code and notices is not None:
        notices.append(Notice(f"{len(walker.code)} code block(s) will not be narrated",
                              path=path, line=walker.code[0]))
    if _is_link_index(root, events):
        events = []
        if notices is not None:
            notices.append(Notice(INDEX_NOTICE, path=path, line=1))
    return events, page_title, walker.subtitles


def _without_site_name(title: str | None) -> str | None:
    """"Why I Walk | My Blog" -> "Why I Walk"; "The Quiet Office - by Ann Lee" -> "The
    Quiet Office": a page's <title> often ends with the site or the author."""
    if not title:
        return title
    title = re.sub(r"\s+[-–—]\s+by\s+.+$", "", title)
    return re.split(r"\s+[|–—·]\s+", title)[0] or title


_HTML_DATE_META = re.compile(
    r"""<meta\b(?=[^>]*\b(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|"""
    r"""og:published_time|datePublished|date|dc\.date|dc\.date\.issued|pubdate|publish[-_]date)"""
    r"""["'])[^>]*\bcontent\s*=\s*["'](\d{4}-\d\d-\d\d)""", re.I)
_HTML_TIME = re.compile(r"""<time\b[^>]*\bdatetime\s*=\s*["'](\d{4}-\d\d-\d\d)""", re.I)
#: Blogger's (and hAtom's) <abbr class="published" title="2014-05-02T10:00:00-07:00">.
_HTML_ABBR_PUBLISHED = re.compile(
    r"""<abbr\b(?=[^>]*\bclass\s*=\s*["'][^"']*\bpublished\b)[^>]*\btitle\s*=\s*["']"""
    r"""(\d{4}-\d\d-\d\d)""", re.I)


def _html_date(text: str) -> dt.date | None:
    """A page's publication date: its article:published_time (or datePublished...)
    meta tag, else its <abbr class="published"> (Blogger), else its first <time
    datetime>: how blogs mark a post's date. The date is the one written, in the
    writer's time zone."""
    for pattern in (_HTML_DATE_META, _HTML_ABBR_PUBLISHED, _HTML_TIME):
        found = pattern.search(text)
        if found:
            try:
                return dt.date.fromisoformat(found.group(1))
            except ValueError:
                continue
    return None


def _is_collection_title(events: list[_Event], h1: int) -> bool:
    """Whether the page's only h1 (at `h1` in `events`) names a collection whose h2s are
    the essays: a blog's front page, where the h1 is followed directly by an h2 and
    the h2s sit in two or more <article> elements of their own. An essay whose
    title is followed straight by its first h2 section has its h2s beside its h1 (in
    its one article, or in none)."""
    following = events[h1 + 1] if h1 + 1 < len(events) else None
    if following is None or following.kind != "heading" or following.level != 2:
        return False
    h2_articles = {e.article for e in events if e.kind == "heading" and e.level == 2}
    return 0 not in h2_articles and len(h2_articles) >= 2 \
        and events[h1].article not in h2_articles


def _parse_html(text: str, path: Path, *, code_marker: bool = False
                ) -> tuple[list[Essay], list[Notice]]:
    notices: list[Notice] = []
    text = clean_text(text)
    front = _Meta()
    if text.startswith(("---", "+++")):  # a Jekyll or Hugo page written in HTML
        front, body, offset = _front_matter(text, path)
        if front.draft:
            return [], [Notice(DRAFT_NOTICE, path=path, line=1)]
        text = "\n" * offset + body  # the lines keep their numbers
        notices += front.notices
    events, page_title, subtitles = _html_events(text, path, notices, code_marker)
    events = _labelled_notes(events)
    # A heading repeating the one before it (Medium repeats the title as the body's
    # first heading, after the subtitle) is not a section of its own.
    kept: list[_Event] = []
    for event in events:
        previous = next((e for e in reversed(kept) if all(e is not s for s in subtitles)),
                        None)
        if not (event.kind == "heading" and previous is not None and previous.kind == "heading"
                and _norm(previous.text) == _norm(event.text)):
            kept.append(event)
    events = kept
    headings = [e for e in events if e.kind == "heading"]
    levels = [e.level for e in headings]
    h1 = [i for i, e in enumerate(events) if e.kind == "heading" and e.level == 1]
    essay_level = 1
    meta = _Meta()
    if len(h1) == 1 and _is_collection_title(events, h1[0]):
        collection = events.pop(h1[0])
        notices.append(Notice(f"'{collection.text}' is read as the collection's title; "
                              "each h2 heading starts an essay", path=path,
                              line=collection.line))
        essay_level = 2
    elif not h1 and events:
        # No h1: one essay (a Substack export's posts/<id>.<slug>.html is the body
        # alone, its title kept elsewhere), whose h2s are sections. Its title is the
        # page's <title>, or a lone heading opening the page, or the file name.
        first = events[0]
        lone_heading = first.kind == "heading" and \
            not any(e.level <= first.level for e in headings[1:])
        if levels.count(2) >= 2:
            notices.append(Notice("no h1 heading: read as one essay, its h2 headings as "
                                  "sections (give each essay an h1 to make them episodes)",
                                  path=path, line=first.line))
        if front.title or page_title:
            meta = _Meta(title=front.title or _without_site_name(page_title))
        elif not lone_heading:
            meta = _Meta(title=title_from_file_name(path))
            notices.append(Notice(NAMED_AFTER_FILE, path=path, line=first.line))
    meta.date = front.date or _html_date(text) or _date_from_path(path) or front.created
    meta.description = front.description or (subtitles[0].text if subtitles else None)
    meta.author = front.author
    meta.tags = front.tags
    # Datelines as in plain text: a page often shows its date as a paragraph under
    # the title ("<p>March 3, 2021</p>"), outside any <header> or <time>.
    essays, more = _essays_from_events(events, path, meta, essay_level=essay_level,
                                       datelines=True)
    return essays, notices + more
