"""What espeak-ng, the phonemizer under both engines, makes of words.

Piper turns text into phonemes with espeak-ng, and the system voice is
espeak-ng, so a word espeak-ng cannot pronounce is spelled out letter by letter
by either ("pwned" -> "P W N E D"). `plan --lint` asks espeak-ng itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from .errors import PhonemizerError

# The word lines of espeak-ng's -X trace (rule lines in between are skipped).
# It asks "Unpronouncable? 'word'" of many words; the next word line is
# "Translate 'word'" when it can say it, and the letters when it cannot.
_TRACE = re.compile(r"^(Found:|Translate|Unpronouncable\?) '([^']*)'", re.M)


def spelled_out_words(text: str, language: str = "en-us") -> list[str] | None:
    """Words of `text` espeak-ng would spell letter by letter, in order of first
    appearance; None if espeak-ng is not installed (nothing can be said then).

    Raises PhonemizerError if espeak-ng fails or times out, so a lint that could
    not ask it says so instead of reporting nothing.
    """
    program = shutil.which("espeak-ng")
    # [[ phonemes ]] from the lexicon are Piper's; espeak-ng would read on in its
    # own phoneme mode and report nonsense for the words after them.
    text = re.sub(r"\[\[.*?\]\]", " ", text, flags=re.S)
    if program is None or not text.strip():
        return None if program is None else []
    # espeak-ng -X read the working-life seed (31,779 characters) in 1.8 s here;
    # a second per 2,000 characters on top of a minute leaves a wide margin.
    timeout = 60 + len(text) / 2_000
    try:
        result = subprocess.run([program, "-q", "-X", "-v", language.lower()], input=text,
                                capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PhonemizerError(f"espeak-ng did not finish reading the text in {timeout:.0f} s")
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or [f"exit status {result.returncode}"]
        raise PhonemizerError(f"espeak-ng could not read the text ({detail[0]})")
    found: list[str] = []
    # espeak-ng reports a word and then the pieces it split it into; keep the
    # words that appear in the text, as written there.
    trace = _TRACE.findall(result.stdout)
    spelled = [word for (kind, word), following in zip(trace, trace[1:] + [("", "")])
               if kind == "Unpronouncable?" and following != ("Translate", word)]
    for word in spelled:
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I)
        if match and match.group(0) not in found:
            found.append(match.group(0))
    return found


#: How espeak-ng reads a word on its own (`word_readings`).
KNOWN, SPELLED, GUESSED = "known", "spelled", "guessed"


def word_readings(words: list[str], language: str = "en-us") -> dict[str, str] | None:
    """How espeak-ng reads each of `words` alone: KNOWN (in its dictionary, or a stem of
    three letters or more is: "BIOS" -> 'bio', "nginx"), SPELLED (it says the letters:
    "DNS", "pwned") or GUESSED (it makes up a word from its rules: "UTXO" -> "uhtkso").
    None if espeak-ng is not installed; PhonemizerError as `spelled_out_words`."""
    program = shutil.which("espeak-ng")
    words = [w for w in dict.fromkeys(words) if re.fullmatch(r"[^\W_]+", w)]
    if program is None:
        return None
    readings: dict[str, str] = {}
    for word in words:  # one run per word: the trace of a word never mixes with the next
        try:
            result = subprocess.run([program, "-q", "-X", "-v", language.lower()], input=word,
                                    capture_output=True, text=True, check=False, timeout=20)
        except subprocess.TimeoutExpired:
            raise PhonemizerError(f"espeak-ng did not finish reading {word!r} in 20 s")
        if result.returncode != 0:
            raise PhonemizerError(f"espeak-ng could not read {word!r}")
        trace = _TRACE.findall(result.stdout)
        lower = word.lower()
        if trace and trace[0] == ("Found:", lower) or any(
                kind == "Found:" and len(piece.strip("_")) >= 3 for kind, piece in trace):
            readings[word] = KNOWN
        elif trace and trace[0][0] == "Unpronouncable?":
            readings[word] = SPELLED
        else:
            readings[word] = GUESSED
    return readings
