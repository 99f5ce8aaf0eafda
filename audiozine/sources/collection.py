"""`read_sources`: files and folders read into one collection of essays, in order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import SourceError
from ..models import Essay, Notice, plural
from .folders import _files_in_order, site_identity
from .frontmatter import DRAFT_NOTICE, PAGE_NOTICE
from .exports import read_folder as read_export_folder
from .feeds import read_url
from .posts import ReadOptions
from .readers import (SOURCE_SUFFIXES, SKIPPED, UNREAD_PREFIXES, read_source_file,
                      skipped_notice)
from .safety import url_of


@dataclass(frozen=True)
class SourceResult:
    """Everything read from the sources: the essays in order, and warnings."""

    essays: tuple[Essay, ...]
    notices: tuple[Notice, ...]
    skipped: tuple[Notice, ...] = ()
    """The files that could not be read and were left out, each saying where and what
    is wrong (they are among `notices` too)."""


def refuse_skipped(result: SourceResult) -> None:
    """`--strict`: raise `SourceError` when a source file was skipped as unreadable."""
    if result.skipped:
        first = result.skipped[0]
        first = dataclasses.replace(first, message=first.message.removeprefix(SKIPPED))
        more = len(result.skipped) - 1
        raise SourceError(
            f"{plural(len(result.skipped), 'source file')} could not be read (--strict "
            f"refuses to build without them): {first}"
            + (f"; and {more} more (run without --strict to list them)" if more else ""))


def read_sources(paths: Sequence[Path], options: ReadOptions = ReadOptions()
                 ) -> SourceResult:
    """Read files, folders and feed URLs into essays, in the documented order.

    A file that cannot be read (no readable text, a malformed date, undecodable
    bytes, a reader's defect) is left out with a notice saying where and what is
    wrong, in `SourceResult.skipped`: one bad post never stops an archive.

    Raises `SourceError` for a missing source, a folder without source files, or
    when no essay is found at all (the one file that cannot be read: its error).
    """
    if not paths:
        raise SourceError("no sources given")
    essays: list[Essay] = []
    notices: list[Notice] = []
    unreadable: list[SourceError] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        url = url_of(raw) if not path.exists() else None
        failed: list[SourceError] = []
        if url:
            batch = [(path, *read_url(url, options))]
        elif not path.exists():
            if path.is_symlink():
                raise SourceError("cannot read: a broken symbolic link or a symbolic link "
                                  "loop", path=path)
            raise SourceError("no such file or folder", path=path)
        elif path.is_dir() and (export := read_export_folder(path, options)) is not None:
            batch = [(path, *export)]
        elif path.is_dir():
            skipped: list[Notice] = []
            batch = list(_files_in_order(path, skipped, failed, options))
            if not batch and not failed:
                raise SourceError(f"no essay files ({', '.join(SOURCE_SUFFIXES)}) in this "
                                  "folder" + "".join(f"; {n.path.name}/: {n.message}"
                                                     for n in skipped), path=path)
            notices.extend(skipped)
        else:
            try:
                batch = [(path, *read_source_file(path, options))]
            except SourceError as error:
                batch, failed = [], [error]
        unreadable.extend(failed)
        notices.extend(skipped_notice(error) for error in failed)
        for file, file_essays, file_notices in batch:
            try:
                resolved = file.resolve()
            except (OSError, RuntimeError):
                resolved = file.absolute()
            if resolved in seen:
                notices.append(Notice("read once only (given more than once)", path=file))
                continue
            seen.add(resolved)
            essays.extend(file_essays)
            notices.extend(file_notices)
    if not essays:
        drafts = sum(n.message == DRAFT_NOTICE for n in notices)
        pages = sum(n.message == PAGE_NOTICE for n in notices)
        if len(unreadable) == 1 and not drafts and not pages:
            raise unreadable[0]
        why = [f"{drafts} draft(s) skipped: draft: true, published: false or status: draft "
               "in the front matter" if drafts else "",
               f"{pages} file(s) with only front matter skipped" if pages else "",
               f"{plural(len(unreadable), 'file')} could not be read, the first: "
               f"{unreadable[0]}" if unreadable else ""]
        why = [n.message for n in notices if n.message.startswith(UNREAD_PREFIXES)] + why
        why = "; ".join(w for w in why if w)
        raise SourceError("no essay found" + (f" ({why})" if why else ""),
                          path=Path(paths[0]))
    return SourceResult(essays=tuple(essays), notices=tuple(notices),
                        skipped=tuple(skipped_notice(error) for error in unreadable))


def collection_identity(paths: Sequence[Path]) -> tuple[str | None, str | None]:
    """(title, author) the sources give their show when no --title or --author does:
    a single site folder's config. (None, None) otherwise."""
    if len(paths) != 1:
        return None, None
    return site_identity(Path(paths[0]))
