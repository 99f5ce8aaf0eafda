"""Project exceptions. The library raises these; only the CLI turns them into
messages and exit codes (1: input or configuration, 3: missing engine or tool)."""

from __future__ import annotations

from pathlib import Path


class AudiozineError(Exception):
    """Base of every error audiozine reports to its user."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None, field: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            if self.field:
                where += f": {self.field}"
            where += ": "
        elif self.field:
            where = f"{self.field}: "
        return f"{where}{self.message}"


class SourceError(AudiozineError):
    """A source file or collection cannot be read or has no essays."""


class ConfigError(AudiozineError):
    """A show file or voice profile is invalid."""


class EngineMissingError(AudiozineError):
    """A voice engine or external tool is not installed."""

    exit_code = 3


class SynthesisError(AudiozineError):
    """A voice engine failed to produce audio."""


class PhonemizerError(AudiozineError):
    """espeak-ng is installed but could not read a text (it failed or timed out)."""


class BuildError(AudiozineError):
    """The build cannot proceed (output not writable, another build running...)."""


class CheckFailed(AudiozineError):
    """A built show does not satisfy the published requirements."""


class PublishError(AudiozineError):
    """A show cannot be published: a bad destination, or the host refused or failed."""
