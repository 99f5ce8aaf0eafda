"""The platform's system voices through pyttsx3 (espeak-ng on Linux).

pyttsx3 2.99's `save_to_file` + `runAndWait` can return before the file is
written on Linux, so every call is checked: the WAV must exist, parse and hold
samples, or the engine is restarted and the call retried before giving up with
a clear error.

pyttsx3 2.99 also tells espeak-ng the text is ten times its length, and espeak-ng
copies that many bytes: a read past the end of the text that crashed the process
now and then (pyttsx3 issue 448). The engine hands espeak-ng the true length.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import importlib.metadata
import importlib.util
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from ..definitions import VoiceProfile
from ..errors import SynthesisError
from .base import Availability, Engine

_ATTEMPTS = 3


def _wait_seconds(text: str) -> float:
    """How long to wait for espeak's file: it speaks about 500x real time."""
    return 2.0 + len(text) / 1000


def _speech_library_hint() -> str | None:
    """Why the system speech library is unusable, or None if it is fine."""
    if sys.platform.startswith("linux"):
        if ctypes.util.find_library("espeak-ng") is None and \
                ctypes.util.find_library("espeak") is None:
            return ("the system voice needs espeak-ng "
                    "(sudo apt-get install espeak-ng)")
    return None


def _pass_the_true_text_length() -> None:
    """Replace pyttsx3's espeak `Synth` by one giving the text's real size.

    espeak-ng copies `size` bytes from the text before synthesizing (on the
    caller's thread); pyttsx3 2.99 passes len(text) * 10, reading past the end
    of the bytes object into whatever follows it, or off the end of the mapping
    (a segmentation fault). Same arguments, same call, only the size differs.
    """
    from pyttsx3.drivers import _espeak

    if getattr(_espeak.Synth, "passes_true_length", False):
        return

    def synth(text, position=0, position_type=_espeak.POS_CHARACTER, end_position=0,
              flags=0, user_data=None):
        if isinstance(text, str):
            text = text.encode("utf-8")
        return _espeak.cSynth(text, len(text) + 1, position, position_type, end_position,
                              flags, None, user_data)

    synth.passes_true_length = True
    _espeak.Synth = synth


class SystemEngine(Engine):
    NAME = "pyttsx3"
    PHONEMIZER = "espeak-ng" if sys.platform.startswith("linux") else None

    def __init__(self, profile: VoiceProfile, *, threads: int = 1,
                 cache_dir: Path | None = None) -> None:
        super().__init__(profile, threads=threads, cache_dir=cache_dir)
        self._engine = None
        self._tmp = tempfile.TemporaryDirectory(prefix="audiozine-tts-")
        self._calls = 0  # each call its own file: a late write cannot land in another's

    @classmethod
    def availability(cls, profile: VoiceProfile) -> Availability:
        if importlib.util.find_spec("pyttsx3") is None:
            return Availability(False, "pyttsx3 is not installed (pip install pyttsx3)")
        hint = _speech_library_hint()
        if hint:
            return Availability(False, hint)
        return Availability(True)

    def identity(self) -> str:
        version = importlib.metadata.version("pyttsx3")
        return f"pyttsx3 {version}; {sys.platform}; {self._library_version()}"

    @staticmethod
    def _library_version() -> str:
        path = ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
        return path or "system"

    def describe(self) -> str:
        return self.profile.description or "the system voice"

    def _start(self):
        if self._engine is None:
            import pyttsx3

            try:
                if sys.platform.startswith("linux"):  # the espeak driver
                    _pass_the_true_text_length()
                engine = pyttsx3.init()
            except (RuntimeError, OSError, ImportError) as exc:
                raise SynthesisError(f"cannot start the system voice: {exc}. "
                                     f"{_speech_library_hint() or ''}".strip()) from None
            engine.setProperty("rate", self.profile.rate_wpm)
            engine.setProperty("volume", self.profile.volume)
            if self.profile.voice_id:
                engine.setProperty("voice", self._find_voice(engine, self.profile.voice_id))
            self._engine = engine
            # A process's first utterance was once read at pyttsx3's default 200 wpm
            # instead of the profile's rate (its length 0.82 of the second's, 165/200;
            # once in hundreds of runs); no later utterance ever was. So the first one
            # is a throwaway, and the caller's first is a process's second.
            self._say_to_wav(engine, "Ready.")
        return self._engine

    @staticmethod
    def _find_voice(engine, wanted: str) -> str:
        voices = engine.getProperty("voices")
        wanted_lower = wanted.lower()
        for voice in voices:
            if voice.id.lower() == wanted_lower:
                return voice.id
        for voice in voices:
            languages = [str(lang).lower() for lang in (voice.languages or [])]
            if voice.id.lower().endswith("/" + wanted_lower) or wanted_lower in languages \
                    or voice.name.lower() == wanted_lower:
                return voice.id
        known = ", ".join(sorted(v.id for v in voices)[:12])
        raise SynthesisError(f"no system voice '{wanted}' (some that exist: {known})")

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        last_problem = "no audio file was written"
        for _ in range(_ATTEMPTS):
            samples, rate, last_problem = self._say_to_wav(self._start(), text)
            if samples is not None:
                return samples, rate
            self._restart()
        raise SynthesisError(f"the system voice gave no audio for {text[:60]!r} "
                             f"after {_ATTEMPTS} attempts ({last_problem})")

    def _say_to_wav(self, engine, text: str) -> tuple[np.ndarray | None, int, str]:
        self._calls += 1
        path = Path(self._tmp.name) / f"utterance-{self._calls}.wav"
        # The espeak driver prints "Audio saved to ..." on stdout when it
        # writes the file, which may be after runAndWait: quiet until then.
        with contextlib.redirect_stdout(io.StringIO()):
            engine.save_to_file(text, str(path))
            engine.runAndWait()
            found = self._await_wav(path, _wait_seconds(text))
        path.unlink(missing_ok=True)
        return found

    @classmethod
    def _await_wav(cls, path: Path, seconds: float) -> tuple[np.ndarray | None, int, str]:
        """The complete WAV at `path`, waiting for it up to `seconds`.

        pyttsx3's first runAndWait in a process returns before espeak has
        synthesized anything; the driver writes the file later, in one go.
        """
        deadline = time.monotonic() + seconds
        while True:
            samples, rate, problem = cls._read_wav(path)
            if samples is not None or time.monotonic() > deadline:
                return samples, rate, problem
            time.sleep(0.005)

    @staticmethod
    def _read_wav(path: Path) -> tuple[np.ndarray | None, int, str]:
        if not path.exists():
            return None, 0, "no audio file was written"
        try:
            with wave.open(str(path), "rb") as wav:
                rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
                expected = wav.getnframes()
                frames = wav.readframes(expected)
        except (wave.Error, EOFError) as exc:
            return None, 0, f"unreadable WAV: {exc}"
        if width != 2 or not frames:
            return None, 0, "empty or non-16-bit audio"
        if len(frames) < expected * width * channels:
            return None, 0, "the WAV file is incomplete"
        samples = np.frombuffer(frames, dtype="<i2")
        if channels > 1:
            samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
        return samples.copy(), rate, ""

    def _restart(self) -> None:
        if self._engine is not None:
            try:
                self._engine.stop()
            except Exception:  # noqa: BLE001 - the driver is being discarded anyway
                pass
        self._engine = None

    def close(self) -> None:
        self._restart()
        self._tmp.cleanup()
