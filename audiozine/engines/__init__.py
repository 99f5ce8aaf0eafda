"""Voice engines: one small interface, a registry by name, one module per engine.

An engine turns one utterance into 16-bit mono PCM at its native sample rate.
Constructing an engine checks that it can run here (and raises
EngineMissingError saying what to install); the voice model itself is loaded
lazily on the first synthesis, so a build with everything cached loads nothing.
The interface is in `base`; `ENGINES` lists the engine modules' classes.
"""

from __future__ import annotations

from pathlib import Path

from ..definitions import VoiceProfile
from ..errors import ConfigError
from .base import Availability, Engine
from .piper import PiperEngine
from .system import SystemEngine

__all__ = ["Availability", "Engine", "ENGINES", "create_engine", "engine_class"]

ENGINES: dict[str, type[Engine]] = {engine.NAME: engine for engine in (PiperEngine, SystemEngine)}
"""Every engine by the name a voice profile gives it."""


def engine_class(name: str) -> type[Engine]:
    try:
        return ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown engine '{name}' (choose one of: "
                          f"{', '.join(sorted(ENGINES))})", field="engine") from None


def create_engine(profile: VoiceProfile, *, threads: int = 1,
                  cache_dir: Path | None = None) -> Engine:
    """The engine for a voice profile; raises if it cannot run here."""
    return engine_class(profile.engine)(profile, threads=threads, cache_dir=cache_dir)
