"""Folders of sources: which files are read (site roots, site folders, shows built
inside), and in what order."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import multiprocessing
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .. import layout
from ..errors import SourceError
from ..processes import end_with_parent, workers_ignore_ctrl_c
from ..models import Essay, Notice, plural
from .clean import _squash, without_markup
from .readers import read_source_file, SOURCE_SUFFIXES, UNREAD_FORMATS, unread_format_notice
from .posts import ReadOptions


def _natural_key(name: str) -> tuple:
    return tuple((0, int(chunk), chunk) if chunk.isdigit() else (1, 0, chunk.casefold())
                 for chunk in re.split(r"([0-9]+)", name) if chunk)


_NOT_ESSAYS = {"readme", "license", "licence", "changelog", "contributing", "notice"}


def _built_by_audiozine(path: Path, shows: set[Path]) -> bool:
    """A show's page or episode files, when a show was built inside the sources
    (`build . --out podcast`): read, they would become episodes of the next build."""
    return any((path.parent == show and path.name == layout.PAGE)
               or show / layout.EPISODES_DIR in path.parents for show in shows)


#: Folders that never hold essays. A static site's folders starting with "_" hold
#: its drafts, templates, data and generated pages (Jekyll's _drafts, _layouts,
#: _includes, _data, _sass, _site; Eleventy's _includes, _site); its posts are in
#: _posts, or in collections its _config.yml declares.
_NEVER_SOURCES = {"node_modules"}
_SITE_CONTENT = {"_posts"}
_SITE_FOLDERS = frozenset(("_drafts", "_layouts", "_includes", "_site", "_sass", "_data",
                           "_plugins", "_templates", "_partials"))
"""A site generator's folders, skipped wherever they are (an "_archive" is read)."""


def _site_content(folder: Path) -> set[str]:
    """The "_" folders that hold a Jekyll site's posts: _posts and declared collections."""
    import yaml

    try:
        config = yaml.safe_load((folder / "_config.yml").read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):  # no config, or not one Jekyll reads
        return _SITE_CONTENT
    collections = config.get("collections") if isinstance(config, dict) else None
    if not isinstance(collections, (dict, list)):
        return _SITE_CONTENT
    return _SITE_CONTENT | {f"_{name}" for name in collections if isinstance(name, str)}


#: Files that make a folder the root of a Hugo site, whose posts are under content/.
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_HUGO_FOLDERS = ("archetypes", "layouts", "themes")


def _site_root(folder: Path, content: set[str]) -> tuple[str, tuple[str, ...]] | None:
    """(generator, its content folders) when `folder` is a static site's root: only
    those are read, not its pages, templates, themes or built site. `content` is
    what `_site_content` found."""
    # GitHub Pages builds a Jekyll site without a _config.yml: _layouts says it is one.
    if (folder / "_posts").is_dir() and ((folder / "_config.yml").is_file()
                                         or (folder / "_layouts").is_dir()):
        return "Jekyll", tuple(sorted(content))
    if (folder / "content").is_dir() and (
            any((folder / name).is_file() for name in _HUGO_CONFIGS)
            or ((folder / "config.toml").is_file()
                and any((folder / name).is_dir() for name in _HUGO_FOLDERS))):
        return "Hugo", ("content",)
    if (folder / "content").is_dir() and (folder / "config.toml").is_file() \
            and "base_url" in _config_data(folder / "config.toml"):  # Hugo's is baseURL
        return "Zola", ("content",)
    if (folder / "pelicanconf.py").is_file():
        content = _pelican_settings(folder).get("PATH") or "content"
        if (folder / content).is_dir() and len(Path(content).parts) == 1:
            return "Pelican", (content,)
    return None


def _pelican_settings(folder: Path) -> dict[str, str]:
    """The text settings of a Pelican site's pelicanconf.py (SITENAME = "..."), read
    from its syntax tree: never run."""
    import ast

    try:
        tree = ast.parse((folder / "pelicanconf.py").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return {}
    return {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for target in node.targets if isinstance(target, ast.Name)}


def _pelican_page(relative: Path) -> bool:
    """Whether a file of a Pelican site is one of its pages (content/pages/), its static
    files (content/extra/, as robots.txt) or another file Pelican does not read."""
    return relative.parts[1:2] in (("pages",), ("extra",)) or relative.suffix.lower() in (
        ".txt", ".text")


def _folder_files(folder: Path, skipped: list[Notice],
                  unreadable: list[SourceError]) -> list[Path]:
    """The source files in `folder`; the site folders left out are told in `skipped`,
    files that cannot be read (a broken link) are put in `unreadable`."""
    found = []
    paths = list(folder.rglob("*"))  # one walk of the tree, for the shows and the files
    shows = {path.parent for path in paths if path.name == layout.STATE_DIR and path.is_dir()}
    content = _site_content(folder)
    site = _site_root(folder, content)
    if site is not None:
        generator, roots = site
        # Jekyll also reads category/_posts/; Hugo's _index.md section pages list posts.
        paths = [p for p in paths if p.name != "_index.md"
                 and (p.relative_to(folder).parts[0] in roots
                      or (generator == "Jekyll" and "_posts" in p.relative_to(folder).parts))
                 and not (generator == "Pelican" and _pelican_page(p.relative_to(folder)))]
        named = " and ".join([", ".join(roots[:-1]), roots[-1]] if len(roots) > 1 else roots)
        skipped.append(Notice(f"a {generator} site: only {named} "
                              f"{'are' if len(roots) > 1 else 'is'} read, not its pages, "
                              "drafts, templates or built site", path=folder))
    site_folders: dict[Path, int] = {}
    unread_formats: dict[str, list[Path]] = {}  # .org, .adoc: told, not dropped
    for path in paths:
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part in _NEVER_SOURCES for part in relative.parts) \
                or _built_by_audiozine(path, shows):
            continue
        site = next((n for n, part in enumerate(relative.parts[:-1], 1)
                     if part in _SITE_FOLDERS and part not in content), None)
        if site is not None:
            if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
                where = folder.joinpath(*relative.parts[:site])
                site_folders[where] = site_folders.get(where, 0) + 1
            continue
        if path.stem.casefold() in _NOT_ESSAYS:
            continue
        if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
            found.append(path)
        elif path.suffix.lower() in UNREAD_FORMATS and path.is_file():
            unread_formats.setdefault(path.suffix.lower(), []).append(path)
        elif path.suffix.lower() in SOURCE_SUFFIXES and path.is_symlink() and \
                not path.exists():
            unreadable.append(SourceError("cannot read: a broken symbolic link or a "
                                          "symbolic link loop", path=path))
    for where, count in sorted(site_folders.items()):
        skipped.append(Notice(
            f"{plural(count, 'file')} not read: a site's folders starting with _ hold its "
            "drafts, templates or generated pages, not its posts (name this folder as a "
            "source to read it)", path=where))
    skipped.extend(unread_format_notice(suffix, len(files), min(files), folder)
                   for suffix, files in sorted(unread_formats.items()))
    return found


SITE_PAGE_NOTICE = ("a site's page (an about or contact page: undated, at the top of "
                    "content/), not a post: not narrated (name the file as a source to read it)")


def _hugo_pages(folder: Path) -> set[Path]:
    """A Hugo site's pages: content/about.md, content/about/index.md (a page bundle at
    the top of content/); they are posts only when dated."""
    site = _site_root(folder, _SITE_CONTENT)
    if site is None or site[0] != "Hugo":
        return set()
    content = folder / "content"
    return {*(p for p in content.glob("*.*") if p.suffix.lower() in SOURCE_SUFFIXES),
            *(p for p in content.glob("*/index.*") if p.suffix.lower() in SOURCE_SUFFIXES)}


def _files_in_order(folder: Path, skipped: list[Notice], unreadable: list[SourceError],
                    options: ReadOptions = ReadOptions()
                    ) -> Iterable[tuple[Path, list[Essay], list[Notice]]]:
    """The files of `folder` read, in the documented order; one that cannot be read is
    put in `unreadable` and left out: one bad post never stops an archive."""
    read = []
    failed: list[SourceError] = []
    pages = _hugo_pages(folder)
    files = _folder_files(folder, skipped, failed)
    for path, result in zip(files, _read_files(files, options)):
        if isinstance(result, SourceError):
            failed.append(result)
            continue
        essays, notices = result
        if path in pages and not any(essay.date for essay in essays):
            skipped.append(Notice(SITE_PAGE_NOTICE, path=path))
            continue
        read.append((path, essays, notices))
    unreadable.extend(sorted(failed, key=lambda error: _path_key(Path(error.path), folder)))
    undated = dt.date.max

    def key(item):
        path, essays, _ = item
        dates = [e.date for e in essays if e.date]
        return (min(dates) if dates else undated, *_path_key(path, folder))
    return sorted(read, key=key)


PARALLEL_FILES = 2000
"""A folder of this many source files or more is read over the cores: below it, starting
the worker processes (about a second each on a loaded machine) costs more than it saves."""


def _read_one(path: Path, options: ReadOptions
              ) -> tuple[list[Essay], list[Notice]] | SourceError:
    """`read_source_file`, its error as a value (it pickles with its fields: path, line)."""
    try:
        return read_source_file(path, options)
    except SourceError as error:
        return error


def _read_files(paths: Sequence[Path], options: ReadOptions
                ) -> Iterator[tuple[list[Essay], list[Notice]] | SourceError]:
    """Each file read (essays and notices) or its `SourceError`, in the order given; a
    large folder over a pool of processes, one per core."""
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                  else (os.cpu_count() or 1), 8)
    results: Iterable[tuple[list[Essay], list[Notice]] | SourceError] | None = None
    if len(paths) >= PARALLEL_FILES and workers > 1:
        try:
            with workers_ignore_ctrl_c():
                pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=end_with_parent, initargs=(os.getpid(),))
            with pool:
                results = list(pool.map(functools.partial(_read_one, options=options), paths,
                                        chunksize=max(1, len(paths) // (workers * 8))))
        except (concurrent.futures.process.BrokenProcessPool, OSError):
            results = None  # a worker that died or could not start: read them here
    if results is None:
        results = (_read_one(path, options) for path in paths)
    yield from results


def _path_key(path: Path, folder: Path) -> tuple:
    """File-name order inside `folder`: folder by folder, digits as numbers."""
    relative = path.relative_to(folder)
    return tuple(_natural_key(p) for p in relative.parts), str(relative)


#: A site's config files that name it, in the order they are looked for.
_SITE_CONFIGS = ("_config.yml", "_config.yaml", "hugo.toml", "hugo.yaml", "hugo.yml",
                 "hugo.json", "config.toml", "config.yaml", "config.yml")


def _config_data(path: Path) -> dict:
    """A config file's data ({} when it cannot be read: the title then comes from
    elsewhere, and the posts are still read)."""
    import json
    import tomllib

    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _name_in(value: object) -> str | None:
    """A config's author: "Ann Lee", {name: "Ann Lee", email: ...} or ["Ann Lee"]."""
    if isinstance(value, dict):
        value = value.get("name")
    elif isinstance(value, list) and value:
        return _name_in(value[0])
    text = _squash(without_markup(str(value))) if isinstance(value, str) else ""
    return text or None


def site_identity(folder: Path) -> tuple[str | None, str | None]:
    """(title, author) a static site's config gives it (Jekyll's _config.yml, Hugo's
    hugo.toml or config.toml, its params.author too); (None, None) for a folder that
    is no site, or whose config names neither."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, None
    for name in _SITE_CONFIGS:
        if not (folder / name).is_file():
            continue
        if name.startswith("config.") and _site_root(folder, _site_content(folder)) is None:
            continue  # a config.toml that is not a Hugo site's: some other tool's
        data = _config_data(folder / name)
        params = data.get("params") if isinstance(data.get("params"), dict) else {}
        title = _name_in(data.get("title"))
        author = _name_in(data.get("author")) or _name_in(params.get("author"))
        if title or author:
            return title, author
    if (folder / "pelicanconf.py").is_file():
        settings = _pelican_settings(folder)
        title, author = _name_in(settings.get("SITENAME")), _name_in(settings.get("AUTHOR"))
        if title or author:
            return title, author
    return None, None
