"""Rules for inline math: `$$…$$`, `\\(…\\)` and `$…$` where it is clearly math.

The TeX is converted to MathML with latex2mathml and the MathML tree is read aloud
the way a person reads a simple formula ("x over one minus x", "sigma of z", "s sub
t minus one"). What the small reader does not know (sums, integrals, blackboard
letters, matrices) or what is too long to follow by ear is said as "a formula".
Raw TeX never reaches the voice.
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree import ElementTree

from latex2mathml.converter import convert

from ... import numbers as num
from ..tables import MATH_ACCENTS, MATH_OPERATORS
from .base import Context, Rule

#: Said in place of a formula the reader cannot say simply.
FORMULA = "a formula"

#: More leaf tokens than this and a listener loses the thread: "a formula".
MAX_TOKENS = 16

_NS = "{http://www.w3.org/1998/Math/MathML}"

#: `$…$` is math only when it looks like it: a TeX command, a power, an index or an
#: equation inside, or a single letter; never a digit first ("$5 and $10" is money).
_CLEARLY_MATH = re.compile(r"[\\^_=]|^[A-Za-z]$")

#: Where inline math is written: `$$…$$`, `\(…\)`, `\[…\]`, then `$…$`.
MATH_SPAN = re.compile(
    r"\$\$(?P<dd>[^$]{1,2000}?)\$\$|\\\((?P<paren>.+?)\\\)|\\\[(?P<bracket>.+?)\\\]"
    r"|(?<![\w$\\])\$(?P<d>[^\s$\d][^$\n]*?)(?<![\s\\])\$(?![\w$])")


class _TooHard(Exception):
    """The formula is said as "a formula"."""


def _letter(ch: str) -> str:
    """A math letter as said: Greek by name, bold or italic Latin as the letter."""
    if re.fullmatch(r"[A-Za-z]", ch):
        return ch
    name = unicodedata.name(ch, "")
    greek = re.fullmatch(r"(?:MATHEMATICAL (?:BOLD |ITALIC |BOLD ITALIC )*)?GREEK "
                         r"(SMALL|CAPITAL) LETTER (\w+)|(?:MATHEMATICAL )?(?:ITALIC )?"
                         r"(SMALL|CAPITAL) (\w+) SYMBOL", name)
    if greek:
        word = (greek.group(2) or greek.group(4)).lower()
        return word if (greek.group(1) or greek.group(3)) == "SMALL" else word.capitalize()
    latin = re.fullmatch(r"MATHEMATICAL (?:BOLD |ITALIC |SANS-SERIF )+(SMALL|CAPITAL) ([A-Z])",
                         name)
    if latin:
        return latin.group(2).lower() if latin.group(1) == "SMALL" else latin.group(2)
    raise _TooHard(ch)


def _identifier(text: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2,}", text):
        return text  # "log", "sin", "max"
    return " ".join(_letter(ch) for ch in text)


def _number(text: str) -> str:
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        raise _TooHard(text)
    return num.decimal(text) if "." in text else num.cardinal(text)


class _Reader:
    """Reads one MathML tree aloud, leaf by leaf."""

    def __init__(self) -> None:
        self.tokens = 0

    def children(self, node: ElementTree.Element) -> str:
        words: list[str] = []
        kids = list(node)
        brackets = 0
        skip_comma = False
        for i, kid in enumerate(kids):
            tag = kid.tag.removeprefix(_NS)
            text = (kid.text or "").strip()
            if tag == "mo" and text == "(":
                before = kids[i - 1].tag.removeprefix(_NS) if i else ""
                if before in ("mi", "msub", "msup", "mover"):
                    words.append("of")  # "f(x)": f of x
                continue
            if tag == "mo" and text == ")":
                continue
            if tag == "mo" and text in "[{":
                brackets += 1
                continue
            if tag == "mo" and text in "]}":
                brackets -= 1
                continue
            if tag == "mo" and text == ",":
                if skip_comma:
                    skip_comma = False
                    continue
                if brackets > 0:
                    words.append("to")  # "[0, 1]": zero to one
                elif words:
                    words[-1] += ","
                continue
            if tag == "mo" and text in ("…", "⋯"):
                words.append("and so on up to")
                skip_comma = True
                continue
            words.append(self.read(kid))
        return " ".join(w for w in words if w)

    def read(self, node: ElementTree.Element) -> str:
        tag = node.tag.removeprefix(_NS)
        text = (node.text or "").strip()
        if tag in ("mi", "mn", "mo", "mtext"):
            self.tokens += 1
            if self.tokens > MAX_TOKENS:
                raise _TooHard("long")
        if tag == "mi":
            return _identifier(text)
        if tag == "mn":
            return _number(text)
        if tag == "mtext":
            return text.replace("_", " ")  # "\text{sentence_length}"
        if tag == "mo":
            if text in MATH_OPERATORS:
                return MATH_OPERATORS[text]
            raise _TooHard(text)
        if tag in ("mrow", "math", "mstyle"):
            return self.children(node)
        if tag == "mspace":
            return ""
        kids = list(node)
        if tag == "msup" and len(kids) == 2:
            power = self.read(kids[1])
            said = {"two": "squared", "three": "cubed", "times": "star", "plus": "plus",
                    "minus": "minus", "prime": "prime"}.get(power, f"to the {power}")
            return f"{self.read(kids[0])} {said}"
        if tag == "msub" and len(kids) == 2:
            index = kids[1]
            simple = index.tag.removeprefix(_NS) in ("mi", "mn") or len(list(index)) == 1
            return f"{self.read(kids[0])} {'' if simple else 'sub '}{self.read(index)}"
        if tag == "mfrac" and len(kids) == 2:
            top, bottom = self.read(kids[0]), self.read(kids[1])
            if (top, bottom) == ("one", "two"):
                return "one half"
            return f"{top} over {bottom}"
        if tag == "msqrt":
            return f"the square root of {self.children(node)}"
        if tag == "mover" and len(kids) == 2 and (kids[1].text or "").strip() in MATH_ACCENTS:
            return f"{self.read(kids[0])} {MATH_ACCENTS[(kids[1].text or '').strip()]}"
        raise _TooHard(tag)


def say_math(tex: str) -> str:
    """One inline formula (TeX, without its delimiters) as said, or "a formula"."""
    try:
        tex = tex.strip().replace("<=", r"\leq ").replace(">=", r"\geq ")
        tree = ElementTree.fromstring(convert(tex))
        spoken = _Reader().read(tree)
    except Exception:  # latex2mathml raises many kinds on TeX it does not know
        return FORMULA
    spoken = re.sub(r"\s+", " ", spoken).strip().rstrip(",")
    return spoken or FORMULA


def _math_span(m: re.Match[str], ctx: Context) -> str:
    tex = m.group("dd") or m.group("paren") or m.group("bracket") or m.group("d")
    if m.group("d") is not None and not _CLEARLY_MATH.search(tex.strip()):
        return m.group(0)
    return " " + ctx.protect(say_math(tex)) + " "


RULES: tuple[Rule, ...] = (
    # Display math the sources cut at a Markdown line break ("\\" ending a TeX row): the
    # piece that opens with TeX and ends at "$$", and the piece that opens "$$" and never
    # closes. Before "math span", which would pair the closing "$$" with a later one.
    Rule("math tail", r"^(?P<tex>[^$]*\\[A-Za-z][^$]*?)\$\$",
         lambda m, c: c.protect(FORMULA) + " ",
         examples=(
             (r"\pi_\theta)$$ is the chance that $$s_t=s$$ holds.",
              "a formula is the chance that s t equals s holds."),
         )),
    Rule("math span", MATH_SPAN.pattern, _math_span,
         examples=(
             (r"The state $$s_{t-1}$$ comes first.", "The state s sub t minus one comes first."),
             (r"It learns $$f(x) \approx x$$ to rebuild it.",
              "It learns f of x approximately equals x to rebuild it."),
             (r"\(\sigma(z) = 1/(1+e^{-z})\)",
              "sigma of z equals one over one plus e to the minus z"),
             (r"Sorting costs $O(n \log n)$, not $5.",
              "Sorting costs O of n log n, not five dollars."),
             (r"It samples $$z \sim \mathcal{N}(0, I)$$ each time.",
              "It samples a formula each time."),
         )),
    Rule("math head", r"\$\$(?P<tex>[^$]*[\\^_=][^$]*)$", lambda m, c: " " + c.protect(FORMULA),
         examples=(
             (r"We get $$ \text{Input}_1 = [p_0, p_1], \\", "We get a formula"),
         )),
)
