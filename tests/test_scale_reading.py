"""A large folder is read over a pool of processes: the same essays, notices and
skipped files, in the same order, as read in one process."""

from __future__ import annotations

import os

import pytest

import audiozine.sources.folders as folders
from audiozine.sources import read_sources


def write_folder(root):
    root.mkdir()
    for n in range(1, 41):
        (root / f"post-{n:02d}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-{(n * 5) % 12 + 1:02d}-{n % 27 + 1:02d}\n---\n\n"
            f"Post number {n} says a few things.\n\nAnd then a few more, in a second "
            "paragraph.\n", "utf-8")
    (root / "notes.txt").write_text("Notes\n\nA plain text essay, undated.\n", "utf-8")
    (root / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n\nBody.\n")
    (root / "binary.html").write_bytes(b"\xff\xfe\x00garbage\x00" * 50)
    (root / "draft.md").write_text("---\ntitle: Draft\ndraft: true\n---\n\nNot yet.\n", "utf-8")


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores for a pool")
def test_a_large_folder_read_over_the_cores_gives_the_same_result(tmp_path, monkeypatch):
    folder = tmp_path / "posts"
    write_folder(folder)
    alone = read_sources([folder])
    assert len(alone.essays) == 42 and len(alone.skipped) >= 1 and alone.notices

    started, mapped = [], []

    class Pool(folders.concurrent.futures.ProcessPoolExecutor):
        def map(self, *args, **kwargs):  # what the workers read, not a quiet fallback
            results = list(super().map(*args, **kwargs))
            mapped.append(len(results))
            return results

    def counted(*args, **kwargs):
        started.append(kwargs["max_workers"])
        return Pool(*args, **kwargs)

    monkeypatch.setattr(folders, "PARALLEL_FILES", 10)
    monkeypatch.setattr(folders.concurrent.futures, "ProcessPoolExecutor", counted)
    pooled = read_sources([folder])
    assert started and started[0] >= 2  # the pool was started
    assert mapped == [44]  # and its workers read every file (none read here after it broke)
    assert pooled == alone
    assert [str(n) for n in pooled.notices] == [str(n) for n in alone.notices]
    assert [(n.path, n.line) for n in pooled.skipped] == [(n.path, n.line) for n in alone.skipped]
