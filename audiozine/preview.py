"""`audiozine say`: one text narrated as a build narrates it, to preview a voice or
a lexicon entry.

The text is made into a one-chapter episode and goes through `make_script`, the
build's path from written to spoken text (sentences, clause pauses, numbers,
lexicon); each utterance is synthesized by the voice and followed by the pause
its kind takes in the profile, then the whole is brought to the show loudness.
"""

from __future__ import annotations

import datetime as dt
import io
import wave
from pathlib import Path

import numpy as np

from .definitions import VoiceProfile
from .engines import create_engine
from .errors import ConfigError
from .files import write_atomic
from .lexicon import Lexicon
from .master import SAMPLE_RATE_HZ, encode_mp3, normalize_loudness, to_rate
from .models import Chapter, Episode, Script, Section
from .speech import make_script

#: What `say` writes, by file-name ending.
FORMATS = (".mp3", ".wav")
PREVIEW_BITRATE_KBPS = 96


def preview_script(text: str, lexicon: Lexicon) -> Script:
    """The script of `text` alone (paragraphs at blank lines; no title, intro or outro)."""
    paragraphs = tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())
    episode = Episode(number=1, title="", slug="say", guid="say",
                      pub_date=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc),
                      chapters=(Chapter("", (Section(None, paragraphs),)),), essays=())
    return make_script(episode, intro="", outro="", lexicon=lexicon)


def spoken_text(script: Script) -> str:
    return " ".join(u.spoken for u in script.utterances)


def write_preview(script: Script, profile: VoiceProfile, out: Path, *, threads: int = 1,
                  cache_dir: Path | None = None) -> Path:
    """Narrate `script` with `profile` into `out` (.mp3 or .wav), atomically."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(f"write {' or '.join(FORMATS)}", path=out, field="--out")
    engine = create_engine(profile, threads=threads, cache_dir=cache_dir)
    try:
        pieces = [(engine.synthesize(u.spoken), u.pause_after) for u in script.utterances]
    finally:
        engine.close()
    parts = []
    for (samples, rate), pause in pieces:
        parts.append(to_rate(samples.astype(np.float32) / 32768, rate))
        silence_ms = profile.pauses_ms.get(pause.value, 0)
        parts.append(np.zeros(SAMPLE_RATE_HZ * silence_ms // 1000, dtype=np.float32))
    signal = normalize_loudness(np.concatenate(parts))
    if suffix == ".wav":
        data = io.BytesIO()
        with wave.open(data, "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(SAMPLE_RATE_HZ)
            handle.writeframes((np.clip(signal, -1, 0.99997) * 32768).astype("<i2").tobytes())
        write_atomic(out, data.getvalue())
    else:
        write_atomic(out, encode_mp3(signal, PREVIEW_BITRATE_KBPS))
    return out
