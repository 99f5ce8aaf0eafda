"""The text cache (reuse.py): entries loaded one by one, kept only while used, and
what `plan` and a build with nothing to make load from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import sqlite3
from pathlib import Path

import pytest

import audiozine.plan as plan
import audiozine.reuse as reuse
from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.config import load_show
from audiozine.models import Script
from audiozine.prepare import prepare, read_inputs
from audiozine.reuse import TextCache

from .test_plan import SHOW, essay
from .test_scale import write_show


def test_entries_are_kept_only_while_a_build_uses_them(tmp_path) -> None:
    first = TextCache(tmp_path)
    assert first.get("a", lambda: "made a") == "made a"
    assert first.get("b", lambda: ("made", "b")) == ("made", "b")
    assert first.get(None, lambda: "never kept") == "never kept"
    assert not first.path.exists()  # nothing written before save (plan never saves)
    first.save()

    second = TextCache(tmp_path)
    assert second.get("a", lambda: "made again") == "made a"
    second.keep("b")  # kept without being loaded
    assert second.get("c", lambda: "made c") == "made c"
    second.save()

    third = TextCache(tmp_path)
    assert third.get("b", lambda: "made again") == ("made", "b")
    assert third.get("c", lambda: "made again") == "made c"
    third.save()
    with sqlite3.connect(first.path) as db:
        assert sorted(k for (k,) in db.execute("SELECT key FROM entries")) == ["b", "c"]


def test_get_each_keeps_one_entry_of_the_items_asked_for(tmp_path) -> None:
    made: list[str] = []

    def maker(name):
        return lambda: made.append(name) or name.upper()

    cache = TextCache(tmp_path)
    assert cache.get_each("ids", [(n, maker(n)) for n in "xyz"]) == ["X", "Y", "Z"]
    cache.save()
    again = TextCache(tmp_path)
    assert again.get_each("ids", [(n, maker(n)) for n in "xw"]) == ["X", "W"]
    again.save()
    assert made == ["x", "y", "z", "w"]
    with sqlite3.connect(cache.path) as db:
        (value,), = db.execute("SELECT value FROM entries WHERE key = 'ids'").fetchall()
    assert pickle.loads(value) == {"x": "X", "w": "W"}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad value", "other code"])
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(tmp_path, damage: str) -> None:
    cache = TextCache(tmp_path)
    cache.get("a", lambda: "x" * 100_000)
    cache.save()
    path = cache.path
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:6000])
    elif damage == "bad value":
        with sqlite3.connect(path) as db:
            db.execute("UPDATE entries SET value = ? WHERE key = 'a'", (b"\x80\x05broken",))
    else:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE meta SET value = 'another version' WHERE name = 'code'")

    damaged = TextCache(tmp_path)
    assert damaged.get("a", lambda: "made again") == "made again"
    damaged.save()
    assert TextCache(tmp_path).get("a", lambda: "made a third time") == "made again"


def test_the_plan_of_a_show_never_built_computes_no_text_sketch(monkeypatch) -> None:
    def refuse(_essay):
        raise AssertionError("a sketch was computed with nothing published")

    monkeypatch.setattr(plan, "_sketch", refuse)
    planned = plan.plan_episodes([essay("One"), essay("Two")], SHOW, words_per_minute=150)
    assert [e.title for e in planned.episodes] == ["One", "Two"]


def test_identities_given_plan_as_identities_computed() -> None:
    dated = [essay("Late", date=dt.date(2024, 3, 1), path="late.md"),
             essay("Early", date=dt.date(2024, 1, 1), path="early.md"),
             essay("Undated", path="undated.md")]
    first = plan.plan_episodes(dated, SHOW, words_per_minute=150)
    published = [plan.to_published(e) for e in first.episodes]
    renamed = [dated[0], dataclasses.replace(dated[1], title="Early, renamed"), dated[2],
               essay("New", path="new.md")]
    computed = plan.plan_episodes(renamed, SHOW, words_per_minute=150, published=published)
    given = plan.plan_episodes(renamed, SHOW, words_per_minute=150, published=published,
                               identities=[plan.essay_identity(e) for e in renamed])
    assert given == computed
    assert [e.guid for e in computed.episodes[:3]] == [e.guid for e in first.episodes]
    with pytest.raises(ValueError, match="3 identities for 4 essays"):
        plan.plan_episodes(renamed, SHOW, words_per_minute=150, published=published,
                           identities=["x"] * 3)


@pytest.mark.slow
def test_a_build_with_nothing_to_make_loads_no_script_and_sketches_no_essay(
        tmp_path, monkeypatch) -> None:
    cache = SentenceCache(tmp_path / "cache")
    show_dir = tmp_path / "letters"
    show_file = write_show(tmp_path, 3, None)
    scripts_made: list[str] = []
    make_script = plan.make_script
    monkeypatch.setattr(plan, "make_script", lambda episode, **kw: scripts_made.append(
        episode.title) or make_script(episode, **kw))
    sketches: list[str] = []
    sketch = plan._sketch
    monkeypatch.setattr(plan, "_sketch", lambda essay: sketches.append(essay.title)
                        or sketch(essay))
    build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    assert sorted(scripts_made) == ["Letter 1", "Letter 2", "Letter 3"]
    # Each essay sketched once: for its manifest entry, kept for the next build.
    assert sorted(sketches) == ["Letter 1", "Letter 2", "Letter 3"]
    sketches.clear()

    loaded: list[object] = []
    loads = reuse.pickle.loads
    monkeypatch.setattr(reuse.pickle, "loads", lambda data: loaded.append(loads(data))
                        or loaded[-1])
    # The second build makes no script (the podcast GUID it now keeps from the first
    # changes none), and matches the essays to what the first published by the
    # sketches the first kept.
    again = build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    assert again.made == () and len(again.unchanged) == 3
    assert sorted(scripts_made) == ["Letter 1", "Letter 2", "Letter 3"]
    assert sketches == []
    assert not [v for v in loaded if isinstance(v, tuple) and v and isinstance(v[0], Script)]

    # `plan` of the built show loads the reading results, and no script either.
    loaded.clear()
    inputs = read_inputs(load_show(show_file), text_cache=TextCache(show_dir))
    assert len(prepare(inputs, show_dir).episodes) == 3
    assert loaded and sketches == []
    assert not [v for v in loaded if isinstance(v, tuple) and v and isinstance(v[0], Script)]

    # One essay edited: only its sketch and its script are made again.
    edited = tmp_path / "essays" / "letter-02.md"
    edited.write_text(edited.read_text("utf-8").replace("says little", "says more"), "utf-8")
    report = build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    assert [stem[:3] for stem in report.made] == ["002"]
    assert sketches == ["Letter 2"]  # once: to match it, and kept for its manifest entry
    assert sorted(scripts_made) == ["Letter 1", "Letter 2", "Letter 2", "Letter 3"]
    # The identities kept in the manifest are those of the essays as they are now.
    fresh = prepare(read_inputs(load_show(show_file)), show_dir).episodes
    assert [p.identity for p in report.episodes] == [plan.episode_identity(e) for e in fresh]
    # Its files gone: remade from the kept script, which is loaded now.
    loaded.clear()
    for path in (show_dir / "episodes").glob("001-*"):
        path.unlink()
    report = build_show(load_show(show_file), show_dir, BuildOptions(cache=cache))
    assert [stem[:3] for stem in report.made] == ["001"]
    assert sorted(scripts_made) == ["Letter 1", "Letter 2", "Letter 2", "Letter 3"]
    assert [v[0].episode.title for v in loaded
            if isinstance(v, tuple) and v and isinstance(v[0], Script)] == ["Letter 1"]


def test_an_old_single_file_cache_is_removed_when_saving(tmp_path: Path) -> None:
    old = tmp_path / ".audiozine" / "text-cache.pickle"
    old.parent.mkdir()
    old.write_bytes(b"an earlier build's cache")
    cache = TextCache(tmp_path)
    cache.get("a", lambda: 1)
    cache.save()
    assert not old.exists() and cache.path.is_file()
