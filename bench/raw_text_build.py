"""audiozine's own build given the raw text: the controlled baseline of the
intelligibility benchmark.

    python -m bench.raw_text_build audiozine build --show SHOW.toml --out DIR --cache-dir DIR

Runs the CLI with the speech stage's normalization and the lexicon switched off:
each piece of text reaches the voice as written (Unicode NFC only). Everything
else is the real build: sentence splitting, pauses, the voice and its settings,
the seeded Piper noise (a sentence the speech stage leaves alone sounds exactly
the same as in the real build), mastering and encoding. So between this build
and the real one only the text the voice is given differs.
"""

from __future__ import annotations

import sys
import unicodedata

from audiozine.speech import normalize as speech
from audiozine.cli import app


def _as_written(text: str, ctx) -> str:  # noqa: ARG001 - the replaced function's signature
    return unicodedata.normalize("NFC", text)


if __name__ == "__main__":
    speech._normalize = _as_written
    if sys.argv[1:2] != ["audiozine"]:
        sys.exit("usage: python -m bench.raw_text_build audiozine build ...")
    app(sys.argv[2:], prog_name="audiozine")
