"""YAML (---) and TOML (+++) front matter of Markdown and HTML files."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from ..errors import SourceError
from ..models import Notice
from .clean import _squash, without_markup
from .events import _Meta


_FRONT_MATTER_KEYS = ("title", "date", "created", "description", "excerpt", "summary",
                      "subtitle", "author", "tags")
"""The front-matter keys audiozine reads (below, in `_front_matter`)."""
_OTHER_FRONT_MATTER_KEYS = ("draft", "published", "layout", "permalink", "categories",
                            "category", "slug", "lang", "weight", "image", "cover", "series")
"""Keys of static site generators, which audiozine leaves alone without a word."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)  # Hugo
DRAFT_NOTICE = ("a draft (draft: true, published: false or status: draft in its front "
                "matter): not narrated")
PAGE_NOTICE = ("only front matter, no text (a site's page made by its layout, such as an "
               "index.md with layout: home): not narrated")


def _as_date(value: object) -> dt.date | None:
    """A front-matter value as a date (a YAML date, "2024-03-01", "2024-03-01T10:00Z"),
    or None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    return None


def _parse_date(value: object, path: Path, line: int | None) -> dt.date | None:
    if value is None or value == "":
        return None
    date = _as_date(value)
    if date is not None:
        return date
    raise SourceError(f"expected a date such as 2024-03-01, got {value!r}", path=path,
                      line=line, field="date")


def _created_date(value: object) -> dt.date | None:
    """Obsidian's "created:" as a date: 2023-04-05, "2023-04-05 10:22", or a link to
    the day's note ("[[2023-04-05]]", which YAML reads as a list in a list). Unlike
    "date:", another tool's key: a value that is no date is not an error."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        value = value.strip().removeprefix("[[").removesuffix("]]")
    return _as_date(value)


def _load_front_matter(raw: str, toml: bool, path: Path) -> object:
    """The front matter's data: YAML between --- lines, or TOML between +++ (Hugo)."""
    if toml:
        import tomllib

        try:
            return tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+)", str(exc))
            raise SourceError(f"front matter: {str(exc).split(' (at line')[0]}", path=path,
                              line=int(found.group(1)) + 1 if found else 1) from None
    import yaml

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        rows = raw.split("\n")
        if problem.startswith("mapping values are not allowed"):
            # "title: Bikes: what they cost": the second colon
            pair = re.match(r"\s*([\w-]+)\s*:\s*(.+?)\s*$", rows[line - 2] if 2 <= line <= len(rows) + 1 else "")
            example = f"{pair.group(1)}: \"{pair.group(2)}\"" if pair else 'title: "Bikes: a cost"'
            problem += f"; a value with a colon in it needs quotes: {example}"
        elif "end of stream" in problem or "while scanning a quoted scalar" in str(exc):
            opened = next((n for n, text in enumerate(rows, 2)
                           if re.match(r"\s*[\w-]+\s*:\s*(['\"])", text)
                           and text.count(re.match(r"\s*[\w-]+\s*:\s*(['\"])", text).group(1)) % 2),
                          None)
            if opened is not None:
                line = opened
                problem = "a quoted value is never closed (a quote is missing at the end)"
        raise SourceError(f"front matter: {problem}", path=path, line=line) from None
    except ValueError as exc:  # a date YAML recognizes but cannot make: 2024-13-45
        row, key = _impossible_date_at(raw)
        raise SourceError(f"front matter: not a valid date ({exc})", path=path, line=row,
                          field=key) from None


def _impossible_date_at(raw: str) -> tuple[int, str]:
    """(line, key) of the YAML date that YAML cannot make (2023-13-45), which may be
    "created:" as well as "date:": each dated row is loaded alone to find the one."""
    import yaml

    for number, text in enumerate(raw.split("\n"), 2):
        found = re.match(r"\s*([\w-]+)\s*:\s*\d{4}-\d", text)
        if found:
            try:
                yaml.safe_load(text.strip())
            except ValueError:
                return number, found.group(1).lower()
            except yaml.YAMLError:  # the row is no YAML alone: not this one
                continue
    return 1, "date"


#: A code span ("`git rebase`", "``a ` b``"): a run of backticks closed by an equal run.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _without_code_marks(text: str) -> str:
    """"Why `git rebase` scares people" -> "Why git rebase scares people": a front-matter
    value's code spans read as Markdown reads them in the text (a lone ` stays)."""
    def content(match: re.Match[str]) -> str:
        inner = match.group(2)
        both = inner.startswith(" ") and inner.endswith(" ") and inner.strip()
        return inner[1:-1] if both else inner  # "`` `x` ``" is "`x`", as in CommonMark
    return _CODE_SPAN.sub(content, text)


def _people(value: object) -> str:
    """An author list ("[Ana, Bob]", or Quarto's "- name: Ana") as "Ana and Bob"."""
    names = [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value]
    names = [_squash(n) for n in names if _squash(n)]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _fits_key(key: str, value: str) -> bool:
    """Whether `value` looks like a front-matter value of `key`, not a sentence."""
    value = value.strip().strip("'\"")
    if key in ("date", "created"):
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T].*)?", value) is not None
    return 0 < len(value.split()) <= 12 and not re.search(r"[.!?]$", value)


#: Pelican's (and MultiMarkdown's) metadata header: "Key: value" lines opening the
#: file, up to a blank line, the first of them a key Pelican reads.
_PELICAN_KEYS = ("title", "date", "modified", "slug", "tags", "category", "author",
                 "authors", "summary", "status", "lang", "translation", "save_as", "url",
                 "template", "description", "subtitle")
_METADATA_HEADER = re.compile(
    rf"\A(?i:{'|'.join(_PELICAN_KEYS)})[ \t]*:[ \t]*\S[^\n]*\n"
    r"(?:[A-Za-z][\w-]*[ \t]*:[ \t]*\S[^\n]*\n)+(?:[ \t]*\n|\Z)")


def _metadata_header(text: str) -> tuple[str, dict[str, str]] | None:
    """The rows and the data of a Pelican metadata header ("Title: X", "Date: ...",
    "Tags: a, b", then a blank line), or None when the file opens with none: two
    such rows at least, one of them the title or the date, so that a post whose first
    line is "Note: this is old." is not taken for one."""
    found = _METADATA_HEADER.match(text)
    if not found:
        return None
    data = {}
    for row in found.group(0).strip().split("\n"):
        key, _, value = row.partition(":")
        data.setdefault(key.strip().lower(), value.strip())
    if "title" not in data and "date" not in data:
        return None
    return found.group(0), data


def _front_matter(text: str, path: Path) -> tuple[_Meta, str, int]:
    """Split front matter off; returns the metadata, the body and its line offset."""
    match = _FRONT_MATTER.match(text) or _TOML_FRONT_MATTER.match(text)
    header = None if match else _metadata_header(text)
    if header is not None:
        return _meta_of(header[1], header[0].rstrip("\n"), path), text[len(header[0]):], \
            header[0].count("\n")
    if not match:
        # An opening --- (or +++) followed by keys: front matter someone forgot to
        # end, which would otherwise be read aloud ("layout: post title: ..."). A key
        # is one audiozine reads, in any case, or a lowercase name as Jekyll and Hugo
        # use (layout, permalink). It takes two lines of them, or one of audiozine's
        # keys with a value that fits it: "---" then "Edit: I rewrote the ending." or
        # "Date: a Tuesday in March" is a rule and prose.
        key = rf"(?:(?i:{'|'.join(_FRONT_MATTER_KEYS)})|[a-z_][a-z0-9_-]*)[ \t]*"
        ours = re.match(rf"\A(?:---|\+\+\+)[ \t]*\n((?i:{'|'.join(_FRONT_MATTER_KEYS)}))"
                        r"[ \t]*[:=][ \t]*(.*)\n", text)
        if re.match(rf"\A(?:---[ \t]*\n{key}:.*\n{key}:|\+\+\+[ \t]*\n{key}=.*\n{key}=)",
                    text) or (ours and _fits_key(ours.group(1).lower(), ours.group(2))):
            raise SourceError(f"front matter starting at line 1 is never closed with "
                              f"{text[:3]}", path=path, line=1)
        return _Meta(), text, 0
    raw = match.group(1) or ""
    data = _load_front_matter(raw, text.startswith("+"), path) or {}
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path=path,
                          line=1)
    body = text[match.end():]
    return _meta_of(data, raw, path, first_row=2), body, text[:match.end()].count("\n")


def _meta_of(data: dict, raw: str, path: Path, first_row: int = 1) -> _Meta:
    """The metadata of front matter whose `data` was read from the rows `raw` (the
    first of them row `first_row` of the file)."""
    # "Title:" as "title:" (a lowercase key wins when both are given).
    data = {str(key).lower(): value for key, value in
            sorted(data.items(), key=lambda item: str(item[0]).islower())}
    if "authors" in data and "author" not in data:  # Pelican's, Hugo's
        data["author"] = data.pop("authors")

    def line_of(key: str) -> int | None:
        for number, row in enumerate(raw.split("\n"), first_row):
            if re.match(rf"{re.escape(key)}\s*[:=]", row, re.I):  # top level, not "seo: title:"
                return number
        return None

    def as_written(key: str) -> str:
        """The value as typed: YAML makes "title: Yes" True and "title: 1984" a number."""
        number = line_of(key)
        row = raw.split("\n")[number - 2] if number else ""
        value = re.sub(r"\s+#.*$", "", re.sub(r"^[^:=]*[:=]\s*", "", row))  # "1984 # the novel"
        return value.strip().strip("'\"")

    def text_field(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if key == "author" and isinstance(value, list):
            return _people(value) or None
        if isinstance(value, (dict, list)):
            raise SourceError(f"expected text, got {type(value).__name__}", path=path,
                              line=line_of(key), field=key)
        if isinstance(value, (bool, int, float, dt.date)):
            value = as_written(key) or value
        value = _squash(without_markup(_without_code_marks(str(value))))
        return value or None

    tags = data.get("tags") or ()
    if isinstance(tags, str):
        tags = [t for t in re.split(r"[,\s]+" if "," not in tags else r"\s*,\s*", tags) if t]
    elif not isinstance(tags, (list, tuple)):
        raise SourceError("expected a list of tags", path=path, line=line_of("tags"),
                          field="tags")
    # "titel:" is ignored like any key audiozine does not read: say so when it is
    # one letter or two from a key it does read.
    typos = []
    for key in data:
        if key not in _FRONT_MATTER_KEYS + _OTHER_FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, _FRONT_MATTER_KEYS, n=1, cutoff=0.8)
            if close:
                typos.append(Notice(f"front matter key '{key}' is not read; did you mean "
                                    f"'{close[0]}'?", path=path, line=line_of(key)))
    created = _created_date(data.get("created"))
    unread = []
    if data.get("created") not in (None, "") and created is None:
        unread.append(Notice(f"front matter 'created' is not a date such as 2023-04-05 "
                             f"({data['created']!r}): not used", path=path,
                             line=line_of("created")))
    meta = _Meta(title=text_field("title"), date=_parse_date(data.get("date"), path,
                                                             line_of("date")),
                 created=created,
                 # Jekyll calls it excerpt, Hugo summary, Substack subtitle.
                 description=text_field("description") or text_field("excerpt")
                 or text_field("summary") or text_field("subtitle"),
                 author=text_field("author"),
                 tags=tuple(_squash(without_markup(str(t))) for t in tags
                            if _squash(without_markup(str(t)))),
                 draft=data.get("draft") is True or data.get("published") is False
                 or str(data.get("status", "")).strip().lower() == "draft",
                 notices=tuple(typos + unread))
    return meta
