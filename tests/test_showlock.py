"""The lock of a built show, shared by build and publish: whoever comes second is
refused by a message naming what runs and its process."""

from __future__ import annotations

import os

import pytest

from audiozine.errors import BuildError, PublishError
from audiozine.layout import ShowLayout
from audiozine.showlock import show_lock


def test_a_build_is_refused_while_a_publish_holds_the_show(tmp_path):
    with show_lock(tmp_path, doing="publish", error=PublishError):
        assert ShowLayout(tmp_path).lock.read_text() == f"publish {os.getpid()}"
        with pytest.raises(BuildError, match=rf": a publish of this show is running "
                                             rf"\(process {os.getpid()}\); wait"):
            with show_lock(tmp_path, doing="build", error=BuildError):
                pass
        with pytest.raises(PublishError, match=": another publish of this show"):
            with show_lock(tmp_path, doing="publish", error=PublishError):
                pass
    with show_lock(tmp_path, doing="build", error=BuildError):  # free again
        pass


def test_a_lock_written_before_it_named_its_holder_is_a_builds(tmp_path):
    with show_lock(tmp_path, doing="build", error=BuildError):
        ShowLayout(tmp_path).lock.write_text("4242")  # as builds wrote it before
        with pytest.raises(PublishError, match=r": a build of this show is running "
                                               r"\(process 4242\)"):
            with show_lock(tmp_path, doing="publish", error=PublishError):
                pass
