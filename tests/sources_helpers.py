"""Helpers of the tests of the platform readers (tests/test_sources_*.py): zip
archives made in the test, one build of a source into a show that `audiozine check`
then reads, and hypothesis settings with a small fixed budget."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from audiozine.cli import app

runner = CliRunner()

#: The budget of each reader's fuzz test: small and fixed, so the suite stays fast.
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    """A zip archive holding `files` (name -> text or bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """`files` written under `root` (the unzipped form of an export)."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_bytes if isinstance(content, bytes) else target.write_text)(content)
    return root


def build_and_check(source: Path | str, tmp_path: Path, *options: str) -> Path:
    """Build `source` with the Piper voice into a show; assert `check` passes it."""
    out = tmp_path / "show"
    result = runner.invoke(app, ["build", str(source), "--out", str(out),
                                 "--cache-dir", str(tmp_path / "cache"), *options])
    assert result.exit_code == 0, result.output
    assert list((out / "episodes").glob("*.mp3"))
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0, check.output
    return out


def plan_json(*args: str) -> list[dict]:
    import json

    result = runner.invoke(app, ["plan", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
