"""Rules for marks and symbols: emoji, arrows, emphasis, brackets, and symbol -> word."""

from __future__ import annotations

import re

from ..tables import SYMBOLS
from .base import Context, Rule


_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))

_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\U0001F1E6-\U0001F1FF\u2600-\u27BF\u2B00-\u2BFF"
    "\uFE0E\uFE0F\u200D\u20E3\U000E0020-\U000E007F]+")


def _emphasis(m: re.Match[str], ctx: Context) -> str:
    inner = m.group(2)
    return inner.lower() if inner.isupper() and len(inner) > 1 else inner


def _symbol(m: re.Match[str], ctx: Context) -> str:
    spoken = SYMBOLS[m.group(0)]
    if spoken.strip() in ("", ","):
        return spoken
    return f" {spoken} "


RULES: tuple[Rule, ...] = (
    Rule("emoji", _EMOJI.pattern, lambda m, c: " ",
         examples=(
             ("I love it 😀 so much 🎉!", "I love it so much!"),
         )),
    Rule("love", r"(?<!\S)<3(?!\S)", lambda m, c: "love",
         examples=(
             ("I <3 this", "I love this"),
         )),
    Rule("arrow", r"\s*(?:->|→|–>|—>)\s*", lambda m, c: " to ",
         examples=(
             ("A -> B", "A- to B"),
             ("Los Angeles –> San Francisco", "Los Angeles to San Francisco"),
         )),
    Rule("sharp", r"\b([A-G])#(?![\w#])", lambda m, c: f"{m.group(1)} sharp",
         examples=(
             ("C# on .NET 8", "C sharp on dot net eight"),
         )),
    Rule("emphasis", r"(?<![\w*])([*_])([A-Za-z][\w' -]*?)\1(?![\w*])", _emphasis,
         examples=(
             ("some even reported being *SAT* on", "some even reported being sat on"),
         )),
    Rule("brackets", r"[\[\]{}]", lambda m, c: "",
         examples=(
             ("Earlier work [12] found it; studies [3, 7, 12–15] agree; see reference [4].",
              "Earlier work found it; studies agree; see reference four."),
             ("[Insert task] is what", "Insert task is what"),
             ("Prior work [1], [2] disagrees. Press [2] to go on.",
              "Prior work disagrees. Press two to go on."),
         )),
    Rule("symbol", _SYMBOL_RE, _symbol,
         examples=(
             ("C++ code", "C plus plus code"),
             ("Tom & Jerry", "Tom and Jerry"),
             ("Set MAX_SIZE to ten.", "Set max size to ten."),
         )),
)
