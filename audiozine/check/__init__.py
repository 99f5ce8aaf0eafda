"""`audiozine check`: validate a built show (a folder) or a served one (a feed URL).

Each rule of `standards.md` that can be checked from the files (or over HTTP) is
a row of `RULES` (rules.py): an id, the scope it reads and the function that
reports what breaks it. A fresh build reports no problem.

Not checked here: A2 loudness and A6 silence/clipping (they need decoded audio,
which the master stage measures), and I4/I5 stability across rebuilds (one build
cannot show it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .common import Document, Feed, Finding, Source
from .file_rules import EpisodeFiles, FolderSource, cover_problems
from .http_rules import ServedFiles, UrlSource
from .rules import RULES, Rule, Scope

__all__ = ["Problem", "RULES", "Rule", "Scope", "check_show", "cover_problems"]


@dataclass(frozen=True)
class Problem:
    """One way a show fails the published requirements."""

    rule: str
    """The standards.md rule, e.g. "I2"."""

    item: str
    """Where: "channel", an episode's title, or a file."""

    message: str
    """What is wrong."""

    fix: str
    """What to do about it."""

    def __str__(self) -> str:
        return f"[{self.rule}] {self.item}: {self.message} (fix: {self.fix})"


def check_show(target: str | Path) -> list[Problem]:
    """Every problem found in a built show folder, or in a show served at a feed URL.

    `target` is a folder (with feed.xml), a feed.xml file, or an http(s) URL of a
    feed (or of the folder it is in). An empty list means the show passes.
    """
    text = str(target)
    if re.match(r"(?i)^https?://", text):
        return _run(UrlSource(text))
    path = Path(target)
    if path.is_file():
        path = path.parent
    return _run(FolderSource(path))


class _Run:
    """The rules of one mode, applied scope by scope."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.rules = [rule for rule in RULES if source.mode in rule.modes]
        self.problems: list[Problem] = []

    def apply(self, scope: Scope, *args) -> None:
        """Apply the rules of `scope` to `args`, in the table's order."""
        for rule in self.rules:
            if rule.scope is scope:
                self.add(rule, rule.check(*args))

    def add(self, rule: Rule, findings: Iterable[Finding]) -> None:
        self.problems.extend(Problem(rule.id, *finding) for finding in findings)


def _run(source: Source) -> list[Problem]:
    run = _Run(source)
    run.apply(Scope.SOURCE, source)
    data = source.feed_data()
    if data is None:
        return run.problems
    document = Document(source, data)
    run.apply(Scope.DOCUMENT, document)
    if document.channel is None:
        return run.problems
    feed = Feed(source, document)
    run.apply(Scope.CHANNEL, feed)
    run.apply(Scope.CHANNEL_FILES, feed)
    run.apply(Scope.ITEMS, feed)
    files = EpisodeFiles if source.mode == "folder" else ServedFiles
    for item in feed.items:
        run.apply(Scope.ITEM, feed, item)
        run.apply(Scope.ITEM_FILES, files(feed, item))
    return run.problems
