"""`read_sources`: files and folders read into one collection of essays, in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import SourceError
from ..models import Essay, Notice
from .folders import _files_in_order
from .frontmatter import DRAFT_NOTICE, PAGE_NOTICE
from .exports import read_folder as read_export_folder
from .feeds import read_url
from .posts import ReadOptions
from .readers import SOURCE_SUFFIXES, read_source_file
from .safety import url_of


@dataclass(frozen=True)
class SourceResult:
    """Everything read from the sources: the essays in order, and warnings."""

    essays: tuple[Essay, ...]
    notices: tuple[Notice, ...]


def read_sources(paths: Sequence[Path], options: ReadOptions = ReadOptions()
                 ) -> SourceResult:
    """Read files, folders and feed URLs into essays, in the documented order.

    Raises `SourceError` for a missing, empty, binary or undecodable source, a
    folder without source files, an essay with a title but no text, or when no
    essay is found at all.
    """
    if not paths:
        raise SourceError("no sources given")
    essays: list[Essay] = []
    notices: list[Notice] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        url = url_of(raw) if not path.exists() else None
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
            batch = list(_files_in_order(path, skipped))
            if not batch:
                raise SourceError(f"no essay files ({', '.join(SOURCE_SUFFIXES)}) in this "
                                  "folder" + "".join(f"; {n.path.name}/: {n.message}"
                                                     for n in skipped), path=path)
            notices.extend(skipped)
        else:
            batch = [(path, *read_source_file(path, options))]
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
        why = [f"{drafts} draft(s) skipped: draft: true or published: false in the front "
               "matter" if drafts else "",
               f"{pages} file(s) with only front matter skipped" if pages else ""]
        why = "; ".join(w for w in why if w)
        raise SourceError("no essay found" + (f" ({why})" if why else ""),
                          path=Path(paths[0]))
    return SourceResult(essays=tuple(essays), notices=tuple(notices))
