"""The lock of a built show: one build or publish of it at a time.

An flock on `.audiozine/lock`, which records what holds it ("build 1234"), so the
one refused can say what is running. It imports only the layout and the errors, so
`publish` takes it without loading the synthesis stack that `build` imports.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import AudiozineError
from .layout import ShowLayout


@contextmanager
def show_lock(show_dir: Path, *, doing: str, error: type[AudiozineError]) -> Iterator[None]:
    """Hold the show's lock for `doing` ("build", "publish"); when another holds it,
    or the folder cannot be written, raise `error` saying which."""
    layout = ShowLayout(show_dir)
    try:
        layout.state.mkdir(parents=True, exist_ok=True)
        handle = open(layout.lock, "a+")
    except OSError as exc:
        raise error(f"cannot write to the show's folder: {exc.strerror}",
                    path=show_dir) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            held_by, pid = _holder(handle.read())
            raise error(f"{'another' if held_by == doing else 'a'} {held_by} of this show "
                        f"is running{f' (process {pid})' if pid else ''}; wait for it to "
                        "finish", path=show_dir) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{doing} {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def _holder(record: str) -> tuple[str, str]:
    """(what holds the lock, its process id) from the lock file; a lock written before
    the file named its holder holds only a build's process id."""
    words = record.split()
    if len(words) == 2:
        return words[0], words[1]
    return "build", words[0] if words else ""
