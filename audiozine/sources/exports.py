"""Platform exports that are a zip or a folder of files (Substack, Medium): which
one an archive or a folder is, and its essays. The zip is opened through `safety`
(no entry outside the archive, its size and file count bounded)."""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..models import Essay, Notice
from . import medium, substack
from .decode import read_file_bytes
from .posts import ReadOptions
from .safety import MAX_ARCHIVE_FILES, open_archive

ReadResult = tuple[list[Essay], list[Notice]]

#: (what it is called, whether file names are its export, its reader).
EXPORTS = (("a Substack export", substack.is_export, substack.read_export),
           ("a Medium export", medium.is_export, medium.read_export))


def _layouts(names: list[str]) -> list[tuple[str, list[str]]]:
    """The ways to read an archive's names: as they are, and, when every file is in
    one folder ("medium-export/posts/..."), (that folder and "/", the names in it)."""
    layouts = [("", names)]
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        top = tops.pop() + "/"
        layouts.append((top, [n[len(top):] for n in names]))
    return layouts


def read(path: Path, data: bytes, options: ReadOptions = ReadOptions()) -> ReadResult:
    archive = open_archive(path, data)
    for top, names in _layouts(archive.names()):
        for _what, is_export, read_export in EXPORTS:
            if is_export(names):
                return read_export(path, names,
                                   lambda name, top=top: archive.read(top + name), options)
    raise SourceError("a zip file that is not a Substack or Medium export (no posts.csv "
                      "or posts/*.html in it)", path=path)


def read_folder(folder: Path, options: ReadOptions = ReadOptions()) -> ReadResult | None:
    """The essays of `folder` when it is an unzipped export; None when it is not one."""
    if not (folder / "posts").is_dir():
        return None
    names = [p.relative_to(folder).as_posix() for p in (folder / "posts").iterdir()
             if p.is_file()][:MAX_ARCHIVE_FILES]
    names += [n for n in ("posts.csv", "README.html") if (folder / n).is_file()]
    names += [f"{p.name}/" for p in folder.iterdir() if p.is_dir() and p.name != "posts"]
    for _what, is_export, read_export in EXPORTS:
        if is_export(names):
            return read_export(folder, names, lambda name: read_file_bytes(folder / name),
                               options)
    return None
