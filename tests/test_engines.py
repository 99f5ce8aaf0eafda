"""Both voices narrate for real; engine errors say what is missing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from audiozine.config import VoiceProfile, load_voice
from audiozine.engines import ENGINES, create_engine, engine_class
from audiozine.errors import ConfigError, EngineMissingError

TEXT = "The quick brown fox jumps over the lazy dog, and then it rests for a while."
WORDS = len(TEXT.split())


def rms_dbfs(samples: np.ndarray) -> float:
    values = samples.astype(np.float64) / 32768
    return 20 * np.log10(np.sqrt(np.mean(values ** 2)) + 1e-12)


@pytest.mark.parametrize("voice", ["joe", "system_voice"])
def test_voice_narrates_plausible_audio(voice: str, request) -> None:
    profile: VoiceProfile = request.getfixturevalue(voice)
    engine = create_engine(profile)
    try:
        samples, rate = engine.synthesize(TEXT)
    finally:
        engine.close()
    seconds = len(samples) / rate
    assert samples.dtype == np.int16
    # 100-300 words a minute is speech; anything else is a broken engine.
    assert WORDS / 300 * 60 < seconds < WORDS / 100 * 60
    assert rms_dbfs(samples) > -35, "audio is (nearly) silent"


@pytest.mark.slow
def test_system_voice_survives_many_calls(system_voice: VoiceProfile) -> None:
    """pyttsx3 on Linux can return before writing: every call must still give audio."""
    engine = create_engine(system_voice)
    try:
        lengths = [len(engine.synthesize(f"Sentence number {n}.")[0]) for n in range(8)]
    finally:
        engine.close()
    assert all(length > 0 for length in lengths)


def run_with_the_system_voice(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    """`code` run in a new Python process with `engine` a system voice: what happens
    only on a process's first call, or would end the process, ends only this one."""
    script = tmp_path / "system_voice.py"
    script.write_text("import sys\n"
                      "from audiozine.config import find_voice\n"
                      "from audiozine.engines import create_engine\n"
                      "engine = create_engine(find_voice('system'))\n" + code, "utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.slow
def test_system_voice_first_call_in_a_process_is_whole_and_quiet(tmp_path: Path) -> None:
    """pyttsx3's first runAndWait returns before espeak speaks; the driver writes
    the file (and prints "Audio saved") later. The first call must wait for the
    whole file, print nothing, and give the same audio as a later call."""
    result = run_with_the_system_voice(
        tmp_path,
        f"text = {TEXT!r} * 12\n"
        "first = len(engine.synthesize(text)[0])\n"
        "second = len(engine.synthesize(text)[0])\n"
        "engine.close()\n"
        "print(first, second, file=sys.stderr)\n")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout == ""
    first, second = map(int, result.stderr.split())
    assert abs(first - second) < 0.01 * second, (first, second)


@pytest.mark.slow
def test_system_voice_reads_only_its_text(tmp_path: Path) -> None:
    """pyttsx3 2.99 tells espeak-ng the text is ten times longer than it is, and
    espeak-ng copies that much: past the end of a large text that is off the end
    of its memory mapping, a segmentation fault every time (small texts crashed
    now and then). Run in a child process so a crash fails this test only."""
    result = run_with_the_system_voice(
        tmp_path,
        "samples, rate = engine.synthesize('Hello there.' + ' ' * 300_000 + 'Goodbye.')\n"
        "print(len(samples) / rate, file=sys.stderr)\n")
    assert result.returncode == 0, (result.returncode, result.stderr[-500:])
    assert 1.0 < float(result.stderr) < 4.0  # both sentences said, the blanks skipped


@pytest.mark.slow
def test_slower_length_scale_gives_longer_audio(steady_joe: VoiceProfile) -> None:
    fast = create_engine(replace(steady_joe, length_scale=1.0)).synthesize(TEXT)[0]
    slow = create_engine(replace(steady_joe, length_scale=1.4)).synthesize(TEXT)[0]
    assert 1.25 < len(slow) / len(fast) < 1.55


def test_identity_names_engine_version_and_model(joe: VoiceProfile) -> None:
    identity = create_engine(joe).identity()
    assert identity.startswith("piper ") and "en_US-joe-medium.onnx" in identity


def test_registry_lists_both_engines() -> None:
    engine_class("piper")
    assert {"piper", "pyttsx3"} <= set(ENGINES)


def test_unknown_engine_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="unknown engine 'espeak9'.*piper.*pyttsx3"):
        engine_class("espeak9")


def test_missing_piper_model_is_reported(tmp_path: Path) -> None:
    profile = VoiceProfile(name="gone", engine="piper", model=tmp_path / "nope.onnx")
    with pytest.raises(EngineMissingError, match="nope.onnx does not exist") as info:
        create_engine(profile)
    assert info.value.exit_code == 3


def test_piper_model_without_config_is_reported(tmp_path: Path) -> None:
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"not really a model")
    with pytest.raises(EngineMissingError, match=r"voice.onnx.json does not exist"):
        create_engine(VoiceProfile(name="half", engine="piper", model=model))


@pytest.mark.slow
def test_piper_graph_rewrite_keeps_the_voice(steady_joe: VoiceProfile) -> None:
    """The 2-D convolution graph is the same voice: compared with Piper loading
    the model itself, without sampling noise, the audio matches to rounding."""
    from piper import PiperVoice, SynthesisConfig

    engine = create_engine(steady_joe)
    ours, rate = engine.synthesize(TEXT)
    stock = PiperVoice.load(engine.model_path)
    settings = SynthesisConfig(length_scale=steady_joe.length_scale, noise_scale=0.0,
                               noise_w_scale=0.0)
    theirs = np.concatenate([c.audio_int16_array for c in stock.synthesize(TEXT, settings)])
    assert rate == stock.config.sample_rate
    assert len(ours) == len(theirs)
    difference = np.abs(ours.astype(np.int32) - theirs.astype(np.int32))
    assert difference.max() <= 16  # of 32767: rounding in another summation order
    assert np.corrcoef(ours, theirs)[0, 1] > 0.9999
    assert "conv1d-as-conv2d; seeded-noise" in engine.identity()


@pytest.mark.slow
def test_piper_noise_is_seeded_by_the_sentence(joe: VoiceProfile) -> None:
    """With the voice's own noise on, a sentence sounds the same in every engine,
    whatever was synthesized before it; and the noise is really there."""
    first = create_engine(joe).synthesize(TEXT)[0]
    other = create_engine(joe)
    other.synthesize("Something else first, to move any generator along.")
    again = other.synthesize(TEXT)[0]
    assert np.array_equal(first, again)
    still = create_engine(replace(joe, noise_scale=0.0, noise_w_scale=0.0)).synthesize(TEXT)[0]
    assert not np.array_equal(still, first)
    louder = create_engine(replace(joe, noise_scale=joe.noise_scale * 2)).synthesize(TEXT)[0]
    assert not np.array_equal(louder, first)


@pytest.mark.slow
def test_piper_noise_seed_is_another_take_of_every_sentence(joe: VoiceProfile) -> None:
    """Another noise seed gives another rendition, the same one every time; the
    default seed is the voice as it always sounded."""
    default = create_engine(joe).synthesize(TEXT)[0]
    assert np.array_equal(create_engine(replace(joe, noise_seed=0)).synthesize(TEXT)[0], default)
    take = create_engine(replace(joe, noise_seed=7)).synthesize(TEXT)[0]
    assert not np.array_equal(take, default)
    assert np.array_equal(create_engine(replace(joe, noise_seed=7)).synthesize(TEXT)[0], take)


@pytest.mark.slow
def test_piper_noise_guessed_short_gives_the_same_audio(joe: VoiceProfile) -> None:
    """The engine guesses how much noise a sentence needs; a guess too small
    costs another run of the model and never changes the sound."""
    expected = create_engine(joe).synthesize(TEXT)[0]
    engine = create_engine(joe)
    engine._load()
    session = engine._voice.session
    session._FIRST_GUESS_PER_ID = 1
    calls = []
    run = session.session.run
    session.session.run = lambda *args: calls.append(1) or run(*args)
    assert np.array_equal(engine.synthesize(TEXT)[0], expected)
    assert len(calls) == 2
    calls.clear()
    assert np.array_equal(engine.synthesize(TEXT)[0], expected)
    assert len(calls) == 1  # it learned what the voice needs


@pytest.mark.slow
def test_piper_keeps_its_prepared_model_in_the_cache(joe: VoiceProfile, tmp_path: Path,
                                                     monkeypatch) -> None:
    """The voice prepared and optimized for this CPU is saved once, loaded after,
    sounds the same, and is made again when the saved file is damaged."""
    from audiozine.engines import piper

    plain = create_engine(joe).synthesize(TEXT)[0]
    assert np.array_equal(create_engine(joe, cache_dir=tmp_path).synthesize(TEXT)[0], plain)
    saved = list(tmp_path.glob("piper-*.onnx"))
    # No temporary file is left; the lock that lets one process prepare it stays.
    assert len(saved) == 1
    assert [p.name for p in tmp_path.glob(".*")] == [f".{saved[0].name}.lock"]
    with monkeypatch.context() as patch:
        patch.setattr(piper, "prepared_graph", lambda model: pytest.fail("prepared again"))
        assert np.array_equal(create_engine(joe, cache_dir=tmp_path).synthesize(TEXT)[0], plain)
    saved[0].write_bytes(saved[0].read_bytes()[:1000])
    assert np.array_equal(create_engine(joe, cache_dir=tmp_path).synthesize(TEXT)[0], plain)
    assert saved[0].stat().st_size > 1_000_000


@pytest.mark.slow
def test_piper_engines_loading_at_once_prepare_the_model_once(joe: VoiceProfile,
                                                              tmp_path: Path,
                                                              monkeypatch) -> None:
    """The workers of a first build load the voice together: one prepares the model
    (holding the lock beside it) and the others wait and load what it saved. Here two
    engines in two threads (each opens the lock file itself, so they exclude each
    other as processes do); preparing is made slow so that, unlocked, both would."""
    from audiozine.engines import piper

    prepare, prepared = piper.prepared_graph, []

    def slow_prepare(model):
        prepared.append(model)
        time.sleep(1.0)
        return prepare(model)

    monkeypatch.setattr(piper, "prepared_graph", slow_prepare)
    engines = [create_engine(joe, cache_dir=tmp_path) for _ in range(2)]
    together = threading.Barrier(2)
    failures: list[BaseException] = []

    def load(engine) -> None:
        together.wait()
        try:
            engine.load()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)

    threads = [threading.Thread(target=load, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(prepared) == 1, "both engines prepared the model"
    assert len(list(tmp_path.glob("piper-*.onnx"))) == 1


@pytest.mark.parametrize("value", ["1.5", "true", '"2"'])
def test_noise_seed_must_be_a_whole_number(tmp_path: Path, value: str) -> None:
    profile = tmp_path / "take.toml"
    profile.write_text(f'engine = "piper"\nnoise_seed = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as failure:
        load_voice(profile)
    assert "take.toml:2" in str(failure.value) and "noise_seed" in str(failure.value)
    profile.write_text('engine = "piper"\nnoise_seed = 3\n', encoding="utf-8")
    assert load_voice(profile).noise_seed == 3

