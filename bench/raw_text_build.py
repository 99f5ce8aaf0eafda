"""audiozine's own build given the raw text: the controlled baseline of the
intelligibility benchmark.

    python -m bench.raw_text_build audiozine build --show SHOW.toml --out DIR --cache-dir DIR

Runs the CLI with the speech stage's normalization and the lexicon switched off:
each piece of text reaches the voice as written (Unicode NFC only). Everything
else is the real build: sentence splitting, pauses, the voice and its settings,
the seeded Piper noise (a sentence the speech stage leaves alone sounds exactly
the same as in the real build), mastering and encoding. So between this build
and the real one only the text the voice is given differs.

The switch replaces one private function of the speech stage, named in TARGET.
`switch_off_speech_stage` refuses to run when that function is gone or takes
other arguments (else the baseline would silently measure the real build), and
tests/test_bench_wer.py checks that the switch still changes the script.
"""

from __future__ import annotations

import inspect
import sys
import unicodedata

from audiozine.speech import normalize as speech
from audiozine.cli import app

TARGET = (speech, "_normalize", ("text", "ctx"))
"""The module, name and parameters of the function that turns one piece of written
text into the words the voice says (normalization rules and lexicon)."""


class SwitchMissing(RuntimeError):
    """The function the raw-text switch replaces is not where it was."""


def _as_written(text: str, ctx) -> str:  # noqa: ARG001 - the replaced function's signature
    return unicodedata.normalize("NFC", text)


def switch_off_speech_stage() -> None:
    """Make the speech stage give the voice each text as written; raise SwitchMissing if
    the function it replaces is gone or has other parameters."""
    module, name, parameters = TARGET
    found = getattr(module, name, None)
    if not callable(found):
        raise SwitchMissing(f"{module.__name__}.{name} does not exist any more: the raw-text "
                            "baseline would measure the real build; point bench/"
                            "raw_text_build.py's TARGET at the function that now makes "
                            "written text speakable")
    actual = tuple(inspect.signature(found).parameters)
    if actual != parameters:
        raise SwitchMissing(f"{module.__name__}.{name} takes ({', '.join(actual)}), not "
                            f"({', '.join(parameters)}): check that it is still the function "
                            "that makes written text speakable")
    setattr(module, name, _as_written)


def main(argv: list[str]) -> int:
    if argv[:1] != ["audiozine"]:
        sys.exit("usage: python -m bench.raw_text_build audiozine build ...")
    try:
        switch_off_speech_stage()
    except SwitchMissing as error:
        sys.exit(f"bench.raw_text_build: {error}")
    app(argv[1:], prog_name="audiozine")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
