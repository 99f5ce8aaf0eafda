"""The `sources` stage: read essay collections (.txt, .md, .html, .textile) into `Essay`
values.

Reading rules (what a writer can rely on):

* **Files and folders.** `read_sources` takes files and folders. A folder is read
  recursively; hidden files and folders (name starting with ".") and
  ``node_modules`` are skipped, as are a folder's README, LICENSE, CHANGELOG,
  CONTRIBUTING and NOTICE files (they describe the collection; name such a file
  explicitly to read it). A static site's drafts, templates and generated pages
  (``_drafts``, ``_layouts``, ``_includes``, ``_site``...) are skipped with a
  notice wherever they are (another folder starting with "_" is read). The root
  of a Jekyll site (``_posts`` beside ``_config.yml`` or, as GitHub Pages
  builds it, ``_layouts``) or a Hugo site (``hugo.toml``,
  or ``config.toml`` beside ``layouts``, ``themes`` or ``archetypes``, and
  ``content``) is read for its posts only: every ``_posts`` folder and the
  collections ``_config.yml`` declares, or ``content`` without Hugo's
  ``_index.md`` section pages. A Markdown file with front matter and no text (a
  site's ``index.md`` with ``layout: home``) is skipped with a notice. Only
  ``.txt .text .md .markdown .html .htm`` files are read. Inside a folder,
  files with a date come first, oldest first; then files without a date. Ties,
  and undated files, are in file-name order, compared folder by folder,
  case-insensitively, with runs of digits compared as numbers
  (``2.md`` before ``10.md``). The paths given are read in the order given.
* **Decoding.** UTF-8 (with or without BOM) and UTF-16 with a BOM are read as is.
  Other text is decoded as Windows-1252 with a warning when that is safe; when it
  is not (undefined bytes, broken UTF-8, text that is not Latin script) the file is
  refused with an error naming the byte offset and line. Binary files are refused.
* **Cleaning.** CRLF and CR line ends, tabs, non-breaking and other wide spaces
  become plain newlines and spaces; control characters, zero-width and other
  invisible format characters and unpaired surrogates are removed; the visible
  text (emoji, right-to-left scripts...) is kept.
* **Plain text.** An essay starts with a title line followed by its body. A title
  is a short line (at most 150 characters and 25 words) that starts a paragraph
  (after a blank line or at the start of the file, in files that separate
  paragraphs with blank lines), does not end like a sentence (``.`` ``,`` ``;``
  ``:`` ``…``), has no sentence break inside, and is followed by body text that
  does not start in lower case. A title may end with ``?`` or ``!`` or sit in
  quotes, but such a line is not a title when it is three words or fewer, follows
  a paragraph ending in ``:``, or is a common sign-off ("Thanks for reading!").
  A title-like line followed by another title-like line or by the end of the file
  is a sign-off that stays in the essay before it. Paragraphs are separated by
  blank lines, or by single newlines when every line is a paragraph; hard-wrapped
  text is joined back into paragraphs. Text before the first title is reported and
  not narrated; a file without any title is one essay named after the file.
  A title taken from a file name leaves out a leading Jekyll date
  (``2024-03-10-my-post.md``: "My post") or post id (Substack's
  ``139012345.the-quiet-office.html``: "The quiet office").
* **Datelines.** In plain text, Markdown and HTML, a line (a paragraph) right under
  an essay's title that is only a date ("March 3, 2021", "3 March 2021",
  "2021-03-03", maybe after "Posted on" or a weekday) is the essay's date and is not
  read, when nothing else dates the essay (or it repeats that date) and text follows
  it. So is such a line right above the title of a file's first essay (the line
  after it is the title), and then above each next essay's title. A title with a
  year or a number in it ("1984 Revisited", "2020: A Year in Review") stays a title,
  and a date with only body text under it is its essay's title (a diary's entry).
* **Markdown.** Optional YAML front matter (``title``, ``date``, ``description``,
  ``author``, ``tags``; Obsidian's ``created`` dates an essay that has no other
  date); the backticks of inline code in its values are dropped, as in the text.
  A Markdown or HTML file named like a Jekyll post (``2024-03-10-slug.md``)
  without a front-matter date has the file name's date. With a front-matter title
  the file is one essay and every heading is a section (a first ``#`` heading
  repeating the title is dropped).
  Without one, each ``#`` heading starts an essay. ``##`` and deeper headings start
  sections. Emphasis is dropped, list items and block-quote paragraphs become
  paragraphs, link text is read and the link kept for show notes; code blocks and
  images are not narrated. Jekyll's Liquid (``{% ... %}``, ``{{ ... }}``; a
  ``highlight`` or ``raw`` block is skipped like code) and kramdown's attribute
  lists (``{: .lead}``, ``{:toc}`` with its list), abbreviation definitions,
  task-list boxes, emoji codes (``:smile:``) and ``$$`` display math are not read.
* **HTML.** ``h1`` headings are essay titles, deeper headings start sections, also
  when the title is directly followed by an ``h2``. A single ``h1`` followed by
  ``h2`` essays each in an ``article`` of its own (a blog's front page) is the
  collection's title, and the ``h2`` are the essays' titles. A page without an
  ``h1`` is one essay titled by its ``<title>``, or by a lone heading opening it,
  or else by the file name. Paragraphs, list items, block quotes and loose text
  are read; scripts, styles, navigation, forms, images, footers,
  sidebars, the page header (outside the ``article``) and the byline and dates in
  an article's ``header`` (only its headings are read) are not, nor are share,
  subscribe and comment buttons, "read more" blocks, a linked picture, or an
  embedded tweet's byline (its text is read). A figure caption is read as a
  paragraph of its own, without its photo credit ("Photo: Jane Doe / Reuters",
  "(Photo by X on Unsplash)", "Credit: ...", a ``credit`` element); a "Photo:"
  label before a description ("Photo: the harbour at dawn") is dropped and the
  description read. A post is dated
  by its ``article:published_time`` (or similar) meta tag, Blogger's ``abbr``
  of class ``published``, its first ``time``, or its dateline. A
  subtitle (Substack's, Medium's) is the first paragraph and the description, and
  a heading repeating the one before it is dropped. The ``main``
  element, or the page's only ``article``, is read when there is one.
* **Links.** Bare URLs are not read aloud: they are replaced by their host name
  ("example.com") and kept as links.
* **One bad post never stops an archive.** A file that cannot be read (no readable
  text, a malformed date, undecodable bytes, a broken link, a reader's defect) is
  left out with a notice ``file:line: skipped, not narrated: what is wrong`` and
  listed in `SourceResult.skipped`; `refuse_skipped` is ``--strict``. A file named
  alone that cannot be read is its own error.
* **Real sites.** A newline in an HTML text node is a space (only ``<br>`` breaks a
  line). Titles and front-matter values have their entities decoded and tags
  dropped. A dateline may be a month and year ("April 2003", the 1st), be followed
  by a revision ("rev. April 2003") or a place ("19 May 2009 - San Francisco").
  Footnote markers (links to ``#fn1``, ``#f1n``...; "[1]" when a "Notes" label ends
  the page with "[1] ..." notes) are not read; notes are read "Footnote 1: ...". A
  paragraph of links only to translations or to the rest of the post ("Continue
  reading X"), an embedded tweet's links, a paragraph that is only a picture's
  credit or a licence are not read. A page of links (five or more, and fewer words
  outside them than twice their number: an index, an archive) is not an essay.
  Textile posts are read through the `textile` library. A Jekyll site may have
  ``_layouts`` instead of ``_config.yml``; a Hugo site's undated pages at the top
  of ``content/`` (about, contact) are not posts. `collection_identity` gives a
  site folder's title and author from its config.

* **Feeds and platform exports** (named as sources, not found in a folder):
  RSS and Atom feeds, files or http(s) URLs (`feeds`); WordPress WXR (`wordpress`);
  Blogger exports (`blogger`); Ghost JSON (`ghost`); Substack and Medium exports,
  zip or folder (`substack`, `medium`, found by `exports`); EPUB books (`epub`).
  Each module's docstring says what it reads and leaves out. An entry that
  cannot be read is reported (``file:line: entry N 'title': what is wrong;
  skipped``) and the rest is read; each essay keeps the platform's own id of its
  post (`Essay.source_id`), so a renamed or edited post keeps its episode. Untrusted
  archives, XML and URLs go through `safety`.

Modules: `decode` (bytes to text), `clean` (text cleaning shared by the readers),
`events` (headings and paragraphs grouped into essays), `text`, `frontmatter`,
`markdown`, `html` (one per format), `readers` (which reader reads a file: the
place to register a new format), `folders` (which files of a folder, in what
order) and `collection` (`read_sources`).
"""

from .clean import clean_text
from .collection import SourceResult, collection_identity, read_sources, refuse_skipped
from .decode import decode_bytes, read_text_file
from .events import NAMED_AFTER_FILE, title_from_file_name
from .frontmatter import DRAFT_NOTICE, PAGE_NOTICE
from .posts import ReadOptions
from .readers import (
    ALL_SUFFIXES, HTML_SUFFIXES, MARKDOWN_SUFFIXES, READERS, SOURCE_SUFFIXES, TEXT_SUFFIXES,
    Reader, read_source_file, source_names)
from .safety import url_of

__all__ = [
    "ALL_SUFFIXES", "ReadOptions", "source_names", "url_of",
    "DRAFT_NOTICE", "HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "NAMED_AFTER_FILE", "PAGE_NOTICE",
    "READERS", "SOURCE_SUFFIXES", "TEXT_SUFFIXES", "Reader", "SourceResult", "clean_text",
    "collection_identity",
    "decode_bytes", "read_source_file", "read_sources", "read_text_file", "refuse_skipped",
    "title_from_file_name",
]
