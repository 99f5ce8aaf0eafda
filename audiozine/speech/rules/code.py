"""Rules for code in prose, read the way a developer reads it aloud: tags by their
names, operators as words, identifiers as words (never "underscore"), calls, flags,
IP addresses, hashes, language versions, emoticons and shouted words.

Inline code arrives from the sources between backticks (`` `useState()` ``): the
"code span" rule reads what only code can mean there (kebab-case names, quoted
strings) and drops the backticks; the rest of the rules here work inside code spans
and in plain prose alike, on forms prose does not take.
"""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import (
    CODE_OPERATORS,
    COMMANDS_WITH_OPTIONS,
    EMOTICONS,
    IDENTIFIER_PARTS,
    INITIALISMS,
    NUMERONYMS,
    PRODUCT_NAMES,
    OPERATOR_NAMES,
    SHOUTED_WORDS,
)
from .base import Context, Rule, as_letters, split_camel

#: A code span as the sources mark it; two backticks when the code holds one.
CODE_SPAN = re.compile(r"``\s?(?P<double>.+?)\s?``|`(?P<code>[^`\n]+)`")



def without_code_marks(text: str) -> str:
    """`text` as written, without the marks the sources put around code spans (what
    a reader sees: transcripts, tags, the feed's description)."""
    return CODE_SPAN.sub(lambda m: m.group("double") or m.group("code"), text)


_QUOTED = re.compile(r"""(?<![\w'"])(['"])([^'"\n]*)\1(?!\w)""")


def _code_span(m: re.Match[str], ctx: Context) -> str:
    code = m.group("double") or m.group("code")
    if not re.search(r"<[A-Za-z/]", code):  # a tag keeps its attributes' quotes
        code = _QUOTED.sub(lambda q: q.group(2), code)   # perform('fetch'): perform of fetch
    code = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", code)  # react-dom
    if re.fullmatch(r"\$\s.*", code):
        code = code[2:]  # "$ npm test": the shell's prompt is not read
    if code.strip() in OPERATOR_NAMES:
        return OPERATOR_NAMES[code.strip()]  # "use `!==` here"
    # A short option inside code: "git rebase -i" is "git rebase dash i".
    return re.sub(r"(?<=\s)-(?P<o>[a-zA-Z]{1,3})\b(?!-)",
                  lambda o: "dash " + " ".join(o.group("o")), code)


def _said_name(part: str) -> str:
    """One part of a SCREAMING_SNAKE or snake_case name as said."""
    if part in IDENTIFIER_PARTS:
        return IDENTIFIER_PARTS[part]
    words = []
    for run in re.findall(r"[A-Za-z]+|\d+", part):  # "HASH160": letters, then digits
        if run.isdigit():
            words.append(num.in_pairs(run) if len(run) in (3, 4) else
                         num.cardinal(run) if len(run) < 3 else num.digits(run))
        elif run.isupper() and (run in INITIALISMS or not re.search(r"[AEIOUY]", run)):
            words.append(as_letters(run, final_period=False))  # "LD", "PSBT"
        else:
            words.append(run.lower() if run.isupper() else run)
    return " ".join(words)


def _snake(m: re.Match[str], ctx: Context) -> str:
    parts = [p for p in m.group(0).split("_") if p]
    return ctx.protect(" ".join(_said_name(p) for p in parts))


def _dunder(m: re.Match[str], ctx: Context) -> str:
    return "dunder " + m.group("name").replace("_", " ")


def _variable(m: re.Match[str], ctx: Context) -> str:
    name = m.group("name")
    if name is None:
        return "dollar"  # jQuery's "$.ajax"
    said = IDENTIFIER_PARTS.get(name) or (name.lower() if name.isupper() else split_camel(name))
    return ctx.protect(" ".join(["dollar"] * len(m.group("dollars")) + [said.replace("_", " ")]))


def _tag_attribute(attr: re.Match[str]) -> str:
    name, value = attr.group("name"), attr.group("value")
    if attr.group("spread"):
        return f"spread {split_camel(attr.group('spread'))}"  # "<div {...props}>"
    if not value or not value.strip("\"'{}. "):
        return split_camel(name)  # "<form action>", 'slug="..."'
    value = value.strip("\"'{}")
    value = _TAG.sub(lambda t: _tag_name(t), value)
    value = re.sub(r"(?<=[a-z])-(?=\w)", " ", value)  # "text-purple-500"
    return f"{split_camel(name)} equals {split_camel(value)}"


def _tag_name(m: re.Match[str]) -> str:
    name = split_camel(m.group("name"))
    attrs = [_tag_attribute(a) for a in _ATTRIBUTE.finditer(m.group("attrs") or "")]
    return name + (" with " + " and ".join(attrs) if attrs else "")


def _tag(m: re.Match[str], ctx: Context) -> str:
    if m.group("close"):
        before = m.string[:m.start()]
        if re.search(rf"<{re.escape(m.group('name'))}\b[^<>]*>[^<>]*$", before):
            return ""  # "<p>Hello</p>": the closing tag of a tag just said
        return f"end {split_camel(m.group('name'))}"
    said = _tag_name(m)
    if re.match(r"[^\s<>.,;:!?)]", m.string[m.end():]):
        said += ", "  # "<p>Hello" is "p, Hello"
    return said


_ATTR_VALUE = r"""(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\})"""
_SPREAD = r"\{\.\.\.\w+\}"
_ATTRIBUTE = re.compile(rf"\{{\.\.\.(?P<spread>\w+)\}}|(?P<name>[A-Za-z][\w:-]*)"
                        rf"(?:=(?P<value>{_ATTR_VALUE})?)?")
_TAG = re.compile(rf"<(?P<close>/)?(?P<name>[A-Za-z][\w.]*)(?P<attrs>(?:\s+(?:{_SPREAD}|"
                  rf"[A-Za-z][\w:-]*(?:=(?:{_ATTR_VALUE})?)?))*)\s*/?>")


def _emoticon(m: re.Match[str], ctx: Context) -> str:
    """Dropped; where it ended a sentence ("better luck ;) Fork it") a period is left."""
    after = m.string[m.end():].lstrip()
    return ". " if after[:1].isupper() else ", " if after[:1].islower() else " "


def _version_pin(m: re.Match[str], ctx: Context) -> str:
    """"numpy>=1.24": the version read as versions are, "one point twenty four"."""
    parts = " point ".join(num.cardinal(p) for p in m.group("version").split("."))
    return f" {_PIN_OPERATORS[m.group('op')]} {ctx.protect(parts)}"


_PIN_OPERATORS = {">=": "greater than or equal to", "<=": "less than or equal to",
                  "==": "equals", "<": "less than", ">": "greater than", "~=": "compatible with",
                  "!=": "does not equal"}


def _operator(m: re.Match[str], ctx: Context) -> str:
    return f" {CODE_OPERATORS[m.group('op')]} "


def _call(m: re.Match[str], ctx: Context) -> str:
    args = _QUOTED.sub(lambda q: q.group(2), m.group("args") or "").strip()
    return f"{m.group('name')} of {args}" if args else m.group("name")


def _ip(m: re.Match[str], ctx: Context) -> str:
    groups = m.group("ip").split(".")
    said = " dot ".join(num.in_pairs(g) if len(g) == 3 else num.cardinal(g) for g in groups)
    if m.group("mask"):
        said += f" slash {num.cardinal(m.group('mask'))}"
    if m.group("port"):
        said += f" port {num.in_pairs(m.group('port'))}"
    return ctx.protect(said)


def _hex_digits(chars: str) -> str:
    return " ".join(num.cardinal(ch) if ch.isdigit() else ch.upper() for ch in chars)


def _flag(m: re.Match[str], ctx: Context) -> str:
    said = re.sub(r"[-.]", " ", m.group("name"))
    if m.group("value"):
        said += " equals " + re.sub(r"(?<=[a-z])-(?=[a-z])", " ", m.group("value"))
    return said


def _short_option(m: re.Match[str], ctx: Context) -> str:
    option = m.group("option")
    said = " ".join(option) if len(option) <= 3 and option.isalpha() else option
    if option.isdigit():
        said = num.cardinal(option)
    return f"{m.group('command')} dash {said}"


def _shouted(m: re.Match[str], ctx: Context) -> str:
    word = m.group(0)
    squeezed = re.sub(r"(.)\1+", r"\1", word).lower()
    if squeezed in SHOUTED_WORDS:
        return squeezed
    return word


_EMOTICON_RE = "|".join(re.escape(e) for e in sorted(EMOTICONS, key=len, reverse=True))
_OPERATOR_RE = "|".join(re.escape(o) for o in sorted(CODE_OPERATORS, key=len, reverse=True))
_NAMED_RE = "|".join(re.escape(o) for o in sorted(OPERATOR_NAMES, key=len, reverse=True))
_NUMERONYM_RE = "|".join(NUMERONYMS)

RULES: tuple[Rule, ...] = (
    Rule("code span", CODE_SPAN.pattern, _code_span,
         examples=(
             ("Install `react-dom` next to it.", "Install react dom next to it."),
             ("Run `git rebase -i` on the branch.", "Run git rebase dash i on the branch."),
             ("Run `bash -c 'echo hi'` first.", "Run bash dash c echo hi first."),
             ("Use `!==` when types may differ.", "Use strict not equals when types may differ."),
         )),
    Rule("emoticon", rf"(?<!\S)(?:{_EMOTICON_RE})(?=\s|$)", _emoticon,
         examples=(
             ("6.473 MB :D", "six point four seven three megabytes"),
             ("Well ¯\\_(ツ)_/¯ that happens.", "Well, that happens."),
             ("Maybe you will have better luck ;) Fork it.",
              "Maybe you will have better luck. Fork it."),
         )),
    Rule("generic type", r"\b(?P<name>[A-Z]\w*)<(?P<a>\w+)(?:,\s*(?P<b>\w+))?>",
         lambda m, c: f"{m.group('name')} of {m.group('a')}"
                      + (f" to {m.group('b')}" if m.group("b") else ""),
         examples=(
             ("Store it in a Map<string, number> first.",
              "Store it in a Map of string to number first."),
             ("The type Array<T> is generic.", "The type Array of T is generic."),
         )),
    Rule("tag", _TAG.pattern, _tag,
         examples=(
             ("<p>Hello</p>", "p, Hello"),
             ("A <Greeting /> on the page.", "A Greeting on the page."),
             ("Write <a href={url}> instead.", "Write a with href equals url instead."),
             ("I closed the rant with </rant>.", "I closed the rant with end rant."),
             ('Spread it like `<div {...userData}>` or `<p className="text-purple-500">`.',
              "Spread it like div with spread user Data or p with class Name equals text purple "
              "five hundred."),
             ("Render <Suspense fallback={<Spinner />}> around it.",
              "Render Suspense with fallback equals Spinner around it."),
         )),
    Rule("ip address", r"(?<![\w.])(?P<ip>(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}"
                       r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?:/(?P<mask>\d{1,2}))?"
                       r"(?::(?P<port>\d{2,5}))?(?!\w|\.\d)", _ip,
         examples=(
             ("192.168.1.10", "one ninety two dot one sixty eight dot one dot ten"),
             ("The router is at 10.0.0.1.", "The router is at ten dot zero dot zero dot one."),
             ("The subnet 10.0.0.0/8 is private.",
              "The subnet ten dot zero dot zero dot zero slash eight is private."),
         )),
    Rule("localhost port", r"\b(?:[a-z]+://)?localhost:(?P<port>\d{2,5})\b(?:/[\w/.-]*)?",
         lambda m, c: c.protect(f"localhost port {num.cardinal(m.group('port'))}"
                                if m.group("port").endswith("000") else
                                f"localhost port {num.in_pairs(m.group('port'))}"),
         examples=(
             ("The app is on localhost:3000 now.",
              "The app is on localhost port three thousand now."),
         )),
    Rule("redirect", r"(?<![\w&])([12])>&([12])\b",
         lambda m, c: f"{num.cardinal(m.group(1))} to {num.cardinal(m.group(2))}",
         examples=(
             ("Redirect with 2>&1 at the end.", "Redirect with two to one at the end."),
         )),
    Rule("arrow function", r"\(\)\s*=>\s*(?P<empty>\{\s*\})?|(?<![\w$])(?P<param>[a-z]\w{0,2})"
                           r"\s*=>(?=\s*\w)",
         lambda m, c: ("an empty arrow function" if m.group("empty") else "arrow function ")
         if m.group("param") is None else f"{m.group('param')} arrow ",
         examples=(
             ("Call it with () => {} for now.", "Call it with an empty arrow function for now."),
             ("Pass c => c + 1 to the updater.", "Pass c arrow c plus one to the updater."),
         )),
    Rule("so arrow", r"\s+(?:=>|⇒)\s+", lambda m, c: ", so ",
         examples=(
             ("Three ratios => nine anchors.", "Three ratios, so nine anchors."),
             ("It goes input ⇒ output.", "It goes input, so output."),
         )),
    Rule("version pin", r"(?<=[a-z])(?P<op>>=|<=|==|~=|!=|<|>)(?P<version>\d+(?:\.\d+)+)\b",
         _version_pin,
         examples=(
             ("Pin numpy>=1.24,<2.0 in the file.",
              "Pin numpy greater than or equal to one point twenty four, less than two point zero "
              "in the file."),
             ("Install it for python>=3.11 only.",
              "Install it for python greater than or equal to three point eleven only."),
         )),
    Rule("code operator", rf"(?<=[\w)\]'\"])\s*(?P<op>{_OPERATOR_RE})\s*(?=[\w('\"-])", _operator,
         examples=(
             ("Complexity == Bugs", "Complexity equals Bugs"),
             ("The loop runs while j != i.", "The loop runs while j does not equal i."),
             ("Keep 0 <= i < n true.", "Keep zero less than or equal to i less than n true."),
             ("The result is a ?? b.", "The result is a, or else b."),
         )),
    Rule("operator named", rf"(?<!\S)(?:{_NAMED_RE})(?!\S)",
         lambda m, c: OPERATOR_NAMES[m.group(0)],
         examples=(
             ("!== is the strict one.", "strict not equals is the strict one."),
         )),
    Rule("spaced operator", r"(?<=\b[a-z]) (?P<op>[>*]) (?=-?\w)",
         lambda m, c: " greater than " if m.group("op") == ">" else " times ",
         examples=(
             ("The check is x > 0.", "The check is x greater than zero."),
             ("Write x => x * 2 as the mapper.", "Write x arrow x times two as the mapper."),
         )),
    Rule("not", r"(?<=\s)!(?=[a-z_]\w*)", lambda m, c: "not ",
         examples=(
             ("Then !done flips the flag.", "Then not done flips the flag."),
         )),
    Rule("scope", r"(?<=\w)::(?=\w)", lambda m, c: " ",
         examples=(
             ("Use std::vector for the buffer.", "Use std vector for the buffer."),
         )),
    Rule("long option", r"(?<![\w-])--(?P<name>[a-z][\w.-]*[\w])(?:=(?P<value>[\w.-]+))?", _flag,
         examples=(
             ("Install it with npm install --save-dev.", "Install it with npm install save dev."),
             ("Run it with --help, a 10x engineer, 3x faster",
              "Run it with help, a ten-x engineer, three times faster"),
             ("Set --unresolved-symbols=ignore-all too.",
              "Set unresolved symbols equals ignore all too."),
         )),
    Rule("short option", r"\b(?P<command>" + "|".join(sorted(COMMANDS_WITH_OPTIONS)) +
                         r") -(?P<option>[a-zA-Z]{1,3}|\d{1,2})\b(?!-)", _short_option,
         examples=(
             ("Run ls -la in the folder.", "Run ls dash l a in the folder."),
             ("Then kill -9 the process.", "Then kill dash nine the process."),
         )),
    Rule("dunder", r"(?<![\w])__(?P<name>[a-z]\w*?)(?:__)?(?!\w)", _dunder,
         examples=(
             ("The __init__ method runs first.", "The dunder init method runs first."),
             ("Read it from __dirname instead.", "Read it from dunder dirname instead."),
         )),
    Rule("shell variable", r"(?<![\w$])(?P<dollars>\$\$?)(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)\b"
                           r"|(?=\.[A-Za-z]))",
         _variable,
         examples=(
             ("Add it to your $PATH.", "Add it to your dollar path."),
             ("What does the $$typeof field do?", "What does the dollar dollar type of field do?"),
             ("Compare $.addClass with it.", "Compare dollar.add Class with it."),
         )),
    Rule("call", r"(?<![\w.])(?P<name>[A-Za-z_](?:[\w.]*\w)?)\((?P<args>[^()]*)\)"
                 r"(?<!\(s\))(?<!\(es\))",
         _call,
         examples=(
             ("Calling Person('Fred') with no new keyword fails.",
              "Calling Person of Fred with no new keyword fails."),
             ("Only call useState() at the top level.", "Only call use State at the top level."),
             ("Call len(xs) first, or any item(s).", "Call len of xs first, or any item, s."),
             ("Sorting is O(n log n).", "Sorting is O of n log n."),
         )),
    Rule("index", r"(?<=\w)\[(['\"]?)(?P<key>\w+)\1\]", lambda m, c: f" {m.group('key')}",
         examples=(
             ("Access it with obj['key'] instead.", "Access it with obj key instead."),
             ("Read it from xs[0] first.", "Read it from xs zero first."),
         )),
    Rule("hex number", r"\b0x(?P<digits>[0-9A-Fa-f]+)\b",
         lambda m, c: c.protect("hex " + _hex_digits(m.group("digits"))),
         examples=(
             ("The value is 0xeac7 on purpose.", "The value is hex E A C seven on purpose."),
         )),
    Rule("hash", r"(?<![\w.])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{16,}\b"
                 r"|(?<![\w.])(?=[0-9A-F]*[A-F])(?=[0-9A-F]*\d)[0-9A-F]{16,}\b",
         lambda m, c: c.protect("a hash starting " + _hex_digits(m.group(0)[:4])),
         examples=(
             ("The key hashes to 4b3518229b0d3554fe7cd3796ade632aff3069d8.",
              "The key hashes to a hash starting four B three five."),
         )),
    Rule("language year", r"\bES(?P<year>20[1-3]\d)\b",
         lambda m, c: c.protect(f"E.S {num.year(m.group('year'))}"),
         examples=(
             ("This works in ES2015 and later.", "This works in E.S twenty fifteen and later."),
         )),
    Rule("protocol version", r"\b(?P<name>HTTP|SSL|TLS)/(?P<n>\d(?:\.\d)?)\b",
         lambda m, c: c.protect(f"{as_letters(m.group('name'), final_period=False)} "
                                + num.decimal(m.group("n")) if "." in m.group("n") else
                                f"{as_letters(m.group('name'), final_period=False)} "
                                + num.cardinal(m.group("n"))),
         examples=(
             ("HTTP/2 multiplexes streams.", "H.T.T.P two multiplexes streams."),
         )),
    Rule("number possessive", r"\b(?P<name>" + PRODUCT_NAMES + r"|Form)\s(?P<n>\d{1,3})'s\b",
         lambda m, c: f"{m.group('name')} "
                      f"{(num.in_pairs if len(m.group('n')) == 3 else num.cardinal)(m.group('n'))}"
                      "'s",
         examples=(
             ("Node 20's test runner", "Node twenty's test runner"),
             ("Form 990's", "Form nine ninety's"),
         )),
    Rule("power", r"(?<![\w^.])(?P<base>\d+)\^(?P<power>\d+)\b",
         lambda m, c: f"{num.cardinal(m.group('base'))} to the {num.ordinal(m.group('power'))}",
         examples=(
             ("That is 2^32 addresses.", "That is two to the thirty second addresses."),
         )),
    Rule("key chord", r"\bCtrl-(?P<key>[A-Za-z0-9])\b",
         lambda m, c: f"Control {m.group('key').upper()}",
         examples=(
             ("Press Ctrl-C to stop it.", "Press Control C to stop it."),
         )),
    Rule("numeronym", rf"\b(?:{_NUMERONYM_RE})\b", lambda m, c: NUMERONYMS[m.group(0)],
         examples=(
             ("It runs on k8s now.", "It runs on kubernetes now."),
             ("Good a11y is not optional.", "Good accessibility is not optional."),
         )),
    Rule("glued seconds", r"(?:(?<=~)|(?<=\btakes )|(?<=\btook )|(?<=\bin )|(?<=\bafter )"
                          r"|(?<=\bevery )|(?<=\bunder ))"
                          r"(?P<n>\d+(?:\.\d+)?)s\b",
         lambda m, c: f"{num.cardinal(m.group('n'))} second{'' if m.group('n') == '1' else 's'}",
         examples=(
             ("runs in ~2s", "runs in about two seconds"),
             ("The build takes 30s on my laptop.", "The build takes thirty seconds on my laptop."),
         )),
    Rule("snake case", r"(?<![\w$])(?=[A-Za-z0-9]*_)[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b",
         _snake,
         examples=(
             ("The flag was set with OP_NOP9 in mind.",
              "The flag was set with op nop nine in mind."),
             ("I love LD_PRELOAD for this.", "I love L.D preload for this."),
             ("Set GRUB_CMDLINE_LINUX before you reboot.",
              "Set grub command line linux before you reboot."),
             ("Try model.most_similar next.", "Try model.most similar next."),
         )),
    Rule("shouted word", r"\b(?=[A-Z]*([A-Z])\1\1)[A-Z]{4,}\b|\bOH\b(?= [A-Z]{2,}\b)", _shouted,
         examples=(
             ("AAAANNNDD it booted.", "and it booted."),
             ("NOOOO, not the disk.", "no, not the disk."),
             ("OH MY.", "oh my."),
         )),
)
