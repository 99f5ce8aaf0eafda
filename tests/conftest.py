"""Shared fixtures: the repository's seeds and voices, real engines, a fresh cache.
Helpers that are not fixtures (folders, seed titles, the fake show, a server) are
in tests/fixtures.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audiozine.build import BuildOptions, build_show
from audiozine.cache import SentenceCache
from audiozine.config import VoiceProfile, find_voice, load_show

from .fixtures import FEEDS, SEEDS


@pytest.fixture
def cache(tmp_path: Path) -> SentenceCache:
    return SentenceCache(tmp_path / "cache")


@pytest.fixture(scope="session")
def joe() -> VoiceProfile:
    return find_voice("joe")


@pytest.fixture(scope="session")
def system_voice() -> VoiceProfile:
    return find_voice("system")


@pytest.fixture(scope="session")
def steady_joe() -> VoiceProfile:
    """The bundled voice without sampling noise, comparable with Piper running its own
    graph (which draws its noise unseeded)."""
    profile = find_voice("joe")
    return VoiceProfile(name="steady", engine="piper", length_scale=profile.length_scale,
                        noise_scale=0.0, noise_w_scale=0.0, pauses_ms=profile.pauses_ms)


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    """A copy of feeds/ and seeds/ with the seed shows built once, from a cold cache:
    customer-success with the default voice (Piper), working-life with the system
    voice (espeak-ng), so both engines make a whole show (`make demo` uses Piper for both).
    """
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "feeds").mkdir()
    for show_file in FEEDS.glob("*.toml"):
        shutil.copy(show_file, root / "feeds" / show_file.name)
    cache = SentenceCache(root / "cache")
    # The short show with the default Piper voice; the long one with the fast
    # system voice, so the suite stays quick while both engines run end to end.
    build_show(load_show(root / "feeds" / "customer-success.toml"),
               root / "feeds" / "customer-success", BuildOptions(cache=cache))
    build_show(load_show(root / "feeds" / "working-life.toml"), root / "feeds" / "working-life",
               BuildOptions(cache=cache, voice="system"))
    return root
