"""Rules for the web and for code: addresses, paths, options, handles, hashtags."""

from __future__ import annotations

import re

from ... import numbers as num
from ..tables import FILE_EXTENSIONS, TLDS
from .base import Context, Rule, split_camel


#: The path of a folder URL short enough to say: "https://me.github.io/podcast/".
_SAYABLE_FOLDER = re.compile(r"(?:/[A-Za-z][\w-]{0,29}){1,2}/")


def _url(m: re.Match[str], ctx: Context) -> str:
    """The domain, which a listener can use; a short folder after it is said too
    (a show's own address is often a folder on a shared host)."""
    text = m.group(0)
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text, flags=re.I)
    host, path = re.match(r"([^/?#:]*)(.*)", rest).groups()
    host = re.sub(r"^www\d?\.", "", host, flags=re.I)
    port = re.match(r":(\d{2,5})\b", path)
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):  # "127.0.0.1": its groups
        spoken = " dot ".join(num.in_pairs(g) if len(g) == 3 else num.cardinal(g)
                              for g in host.split("."))
        return ctx.protect(spoken + (f" port {num.in_pairs(port.group(1))}" if port else ""))
    labels = [label for label in host.split(".") if label]
    if not labels:
        return ctx.protect("link")
    spoken = " dot ".join(_say_label(label) for label in labels)
    if _SAYABLE_FOLDER.fullmatch(path):
        spoken += "".join(f" slash {_say_label(part)}" for part in path.strip("/").split("/"))
    return ctx.protect(spoken)


def _say_label(label: str) -> str:
    label = label.replace("-", " ")
    return re.sub(r"\d+", lambda d: " " + num.digits(d.group(0)) + " "
                  if len(d.group(0)) > 2 else " " + num.cardinal(d.group(0)) + " ", label).strip()


def _email(m: re.Match[str], ctx: Context) -> str:
    user, _, domain = m.group(0).partition("@")
    user_words = " dot ".join(_say_label(part) for part in user.split(".") if part)
    domain_words = " dot ".join(_say_label(part) for part in domain.split(".") if part)
    return ctx.protect(f"{user_words} at {domain_words}")


def _path(m: re.Match[str], ctx: Context) -> str:
    path = m.group(0)
    if "/" not in path:
        return path  # "main.py": espeak-ng says "main dot py" itself
    said = path.replace("~", " tilde ").replace("/", " slash ").replace(".", " dot ")
    said = re.sub(r"(?<=\w)[_-](?=\w)", " ", said)  # "date_format", "asmap-tool"
    return ctx.protect(re.sub(r"\s+", " ", said).strip())


def _hashtag(m: re.Match[str], ctx: Context) -> str:
    tag = m.group(1)
    words = split_camel(tag.replace("_", " ").replace("-", " "))
    after = m.string[m.end():]
    if re.match(r"\s+(?:channels?|room|group|tag)\b", after, re.I):
        return words
    if re.search(r"\bhashtag\s+$", m.string[:m.start()], re.I):
        return words  # "the hashtag #MeToo"
    return f"hashtag {words}"


def _handle(m: re.Match[str], ctx: Context) -> str:
    name = split_camel(m.group(1).replace("_", " "))
    return name if re.search(r"\bat\s+$", m.string[:m.start()], re.I) else "at " + name


RULES: tuple[Rule, ...] = (
    Rule("email", r"(?<![\w.])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", _email,
         examples=(
             ("Write to jane.doe@example.org.", "Write to jane dot doe at example dot org."),
             ("Mail help@my-site.org today.", "Mail help at my site dot org today."),
         )),
    Rule("url", r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\d?\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"
                r"|(?<![\w@./])(?:[\w-]+\.)+(?:" + TLDS + r")\b(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?",
         _url,
         examples=(
             ("see example.com.", "see example dot com."),
             ("http://blog.example.co.uk/2020/01/post?x=1", "blog dot example dot co dot uk"),
             ("See docs.example.com/robots.txt now.", "See docs dot example dot com now."),
         )),
    # A file path ("src/main.py", "~/.bashrc", "./run.sh", "/etc/hosts") is read as a
    # developer says it: "src slash main dot py", "tilde slash dot bashrc".
    Rule("path", r"(?<![\w/.~])(?:~/|\./|/)?(?:[\w.-]+/)*\.?[\w-]+\.(?:" + FILE_EXTENSIONS
                 + r")\b(?![\w/])|(?<![\w/.~])(?:~|\.)/[\w.-]*(?:/[\w.-]+)*(?<![.])|"
                   r"(?<![\w/.~])/(?:etc|usr|var|tmp|home|opt|bin|dev|proc|sys)(?:/[\w.-]+)+(?<![.])", _path,
         examples=(
             ("in src/main.py, ~/.bashrc, ./run.sh and /etc/hosts; vendor/partner",
              "in src slash main dot py, tilde slash dot bashrc, dot slash run dot sh and slash "
              "etc slash hosts; vendor or partner"),
         )),
    # A subreddit or a Reddit user: "r/AskHistorians" -> "r slash Ask Historians".
    Rule("subreddit", r"(?<![\w/])(?P<kind>[ru])/(?P<name>[A-Za-z0-9_]{2,})\b",
         lambda m, c: c.protect(f"{m.group('kind')} slash {split_camel(m.group('name'))}"),
         examples=(
             ("I read r/AmItheAsshole daily", "I read r slash Am I the Asshole daily"),
             ("Read r/AskHistorians and u/spez", "Read r slash Ask Historians and u slash spez"),
         )),
    Rule("dot net", r"(?<![\w.])\.NET\b", lambda m, c: "dot net",
         examples=(
             ("C# on .NET 8", "C sharp on dot net eight"),
         )),
    # "the .zip file", "your .env"
    Rule("file extension", r"(?:(?<=\s)|^)\.([a-z][a-z0-9]{1,9})\b(?![\w]|\.\w)",
         lambda m, c: f"dot {m.group(1)}",
         examples=(
             ("the .zip file, your .env", "the dot zip file, your dot env"),
             ("Set DEBUG=true in .env.", "Set debug equals true in dot env."),
         )),
    Rule("http status", r"\b([45]0\d)(?=\s+(?:errors?|pages?|status|codes?|responses?)\b)",
         lambda m, c: num.in_pairs(m.group(1)),
         examples=(
             ("404 errors", "four oh four errors"),
         )),
    # "HEAD~1"
    Rule("git revision", r"(?<=[A-Za-z])~(?=\d)", lambda m, c: " tilde ",
         examples=(
             ("git reset HEAD~1, then wait ~5 minutes",
              "git reset HEAD tilde one, then wait about five minutes"),
         )),
    Rule("hashtag", r"(?<![\w&])#([A-Za-z][\w-]*\w|[A-Za-z])", _hashtag,
         examples=(
             ("our #staff channel", "our staff channel"),
             ("The hashtag #MeToo", "The hashtag Me Too"),
         )),
    Rule("handle", r"(?<![\w.])@([A-Za-z_]\w*)", _handle,
         examples=(
             ("follow @jack_dorsey", "follow at jack dorsey"),
             ("Follow me at @janedoe", "Follow me at janedoe"),
         )),
)
