"""Worker processes of a build: started with Ctrl-C ignored, and ended with the build.

Shared by the synthesis pool (narrate.py), the mastering pool (build.py) and the
cluster client (cluster.py); it imports nothing of the project.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def workers_ignore_ctrl_c() -> Iterator[None]:
    """Start worker processes with SIGINT ignored.

    The terminal sends Ctrl-C to the whole process group; the parent stops the
    build cleanly, and workers must not each print a KeyboardInterrupt traceback.
    Workers start at `submit` and keep the disposition they were started with.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def end_with_parent(parent_pid: int) -> None:
    """Have Linux end this worker when the build process dies (killed, or ended by a
    signal it does not catch), instead of leaving it synthesizing for nobody.

    Linux sends the signal when the *thread* that started the worker ends: a pool
    using this must be submitted to from a thread that lives as long as the build
    (both of audiozine's are driven by the build's own thread)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1
