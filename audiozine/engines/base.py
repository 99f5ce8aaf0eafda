"""The interface every voice engine implements (the registry is the package's).

An engine turns one utterance into 16-bit mono PCM at its native sample rate.
Constructing an engine checks that it can run here (and raises
EngineMissingError saying what to install); the voice model itself is loaded
lazily on the first synthesis, so a build with everything cached loads nothing.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from ..definitions import VoiceProfile
from ..errors import EngineMissingError


@dataclass(frozen=True)
class Availability:
    """Whether an engine can narrate on this machine, and why not."""

    ok: bool
    reason: str = ""


class Engine(abc.ABC):
    """A voice engine bound to one voice profile."""

    NAME: ClassVar[str]
    PHONEMIZER: ClassVar[str | None] = None
    """The program that turns its text into phonemes, when there is one ("espeak-ng")."""

    def __init__(self, profile: VoiceProfile, *, threads: int = 1,
                 cache_dir: Path | None = None) -> None:
        self.profile = profile
        self.threads = threads
        """CPU threads the engine may use (worker processes get one each)."""
        self.cache_dir = cache_dir
        """Where the engine may keep what it prepares once per machine (a prepared
        model); None: prepare it again on every load."""
        availability = self.availability(profile)
        if not availability.ok:
            raise EngineMissingError(availability.reason, field=f"voice {profile.name}")

    @classmethod
    @abc.abstractmethod
    def availability(cls, profile: VoiceProfile) -> Availability:
        """Check, without loading a model, that this engine can run the profile."""

    @abc.abstractmethod
    def identity(self) -> str:
        """Engine, engine version and model version: part of every cache key.

        Must not load the voice model (it is computed on fully cached builds).
        """

    @abc.abstractmethod
    def describe(self) -> str:
        """The voice as a listener is told about it, e.g. "Piper, voice Joe"."""

    @abc.abstractmethod
    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        """Speak `text`; return (int16 mono samples, sample rate in Hz).

        Raises SynthesisError when the engine produced no audio.
        """

    def load(self) -> None:  # noqa: B027 - optional hook
        """Load the voice model now rather than on the first synthesis (a worker
        started before its work is ready loads it meanwhile)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the engine's resources."""
