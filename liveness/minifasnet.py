"""MiniFASNet (Silent-Face-Anti-Spoofing, Apache-2.0) without PyTorch.

``read_state_dict`` reads the upstream weights, saved in PyTorch's legacy serialization (a few
pickles followed by the raw storages), into NumPy arrays. ``to_onnx`` rebuilds the network from the
names and shapes of those weights (a MobileFaceNet-style stem, depthwise-separable blocks with
residual stages, squeeze-excitation in the V1SE variant, a 5x5 depthwise head) with batch norm
folded into the convolutions, and onnxruntime runs it. A kiosk can thus convert fetched weights
itself, and no torch is needed at run time or at conversion.
"""

from __future__ import annotations

import collections
import io
import pickle
import re
import struct
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

BN_EPS = 1e-5
_DTYPES = {"FloatStorage": np.float32, "LongStorage": np.int64, "IntStorage": np.int32, "DoubleStorage": np.float64}


class WeightsError(Exception):
    pass


def read_state_dict(source: Path | bytes) -> dict[str, np.ndarray]:
    """The tensors of a legacy-format PyTorch checkpoint (a file, or its bytes already checked
    against their pin), by name (a leading 'module.' dropped)."""
    name = "the checkpoint" if isinstance(source, bytes) else str(source)
    try:
        with (io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")) as fh:
            return _read(fh)
    except (pickle.UnpicklingError, EOFError, struct.error, KeyError, ValueError) as exc:
        raise WeightsError(f"{name} is not a MiniFASNet checkpoint this program can read: {exc}") from None


def _read(fh: BinaryIO) -> dict[str, np.ndarray]:
    storages: dict[str, tuple[str, int]] = {}

    class Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module == "collections" and name == "OrderedDict":
                return collections.OrderedDict
            if module == "torch._utils" and name == "_rebuild_tensor_v2":
                return lambda storage, offset, size, stride, *_: ("tensor", storage, offset, tuple(size), tuple(stride))
            if module == "torch" and name in _DTYPES:
                return name
            raise pickle.UnpicklingError(f"unexpected object {module}.{name} in the checkpoint")

        def persistent_load(self, pid: Any) -> Any:
            _, kind, key, _location, size = pid[:5]
            storages[key] = (kind, size)
            return key

    for _ in range(3):  # magic number, protocol version, system info
        pickle.load(fh)
    raw = Unpickler(fh).load()
    keys = pickle.load(fh)
    data: dict[str, np.ndarray] = {}
    for key in keys:
        kind, size = storages[key]
        (count,) = struct.unpack("<q", fh.read(8))
        dtype = np.dtype(_DTYPES[kind]).newbyteorder("<")
        data[key] = np.frombuffer(fh.read(count * dtype.itemsize), dtype=dtype, count=count)
    out = {}
    for name, (_, key, offset, size, stride) in raw.items():
        flat = data[key]
        n = int(np.prod(size)) if size else 1
        # Every MiniFASNet tensor is contiguous; refuse anything else rather than guess.
        expected = tuple(int(np.prod(size[i + 1:])) for i in range(len(size)))
        if size and stride != expected:
            raise WeightsError(f"tensor {name} is not contiguous")
        out[name.removeprefix("module.")] = flat[offset:offset + n].reshape(size).astype(np.float32, copy=False)
    return out


class _Graph:
    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w, self.n = weights, 0
        self.nodes: list[Any] = []  # onnx NodeProto and TensorProto, built as the graph is written
        self.inits: list[Any] = []

    def name(self, base: str) -> str:
        self.n += 1
        return f"{base}_{self.n}"

    def const(self, base: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        name = self.name(base)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def op(self, kind: str, inputs: list[str], **attrs: Any) -> str:
        from onnx import helper

        out = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def conv_bn(self, x: str, prefix: str, bn: str, *, stride: int, pad: int) -> str:
        """Conv2d (no bias) followed by BatchNorm2d, folded into one Conv."""
        w = self.w[f"{prefix}.weight"]
        scale = self.w[f"{bn}.weight"] / np.sqrt(self.w[f"{bn}.running_var"] + BN_EPS)
        bias = self.w[f"{bn}.bias"] - self.w[f"{bn}.running_mean"] * scale
        k = w.shape[2]
        groups = w.shape[0] if w.shape[1] == 1 and w.shape[0] > 1 else 1
        return self.op("Conv", [x, self.const("w", w * scale[:, None, None, None]), self.const("b", bias)],
                       kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4, group=groups)

    def block(self, x: str, prefix: str, *, stride: int = 1, pad: int = 1, prelu: bool = True) -> str:
        """Conv_block (conv, BN, PReLU) or, without prelu, Linear_block (conv, BN)."""
        y = self.conv_bn(x, f"{prefix}.conv", f"{prefix}.bn", stride=stride, pad=pad)
        if prelu:
            y = self.op("PRelu", [y, self.const("slope", self.w[f"{prefix}.prelu.weight"][:, None, None])])
        return y

    def depth_wise(self, x: str, prefix: str, *, stride: int, residual: bool) -> str:
        y = self.block(x, f"{prefix}.conv", pad=0)
        y = self.block(y, f"{prefix}.conv_dw", stride=stride, pad=1)
        y = self.block(y, f"{prefix}.project", pad=0, prelu=False)
        if f"{prefix}.se_module.fc1.weight" in self.w:
            s = self.op("GlobalAveragePool", [y])
            s = self.op("Relu", [self.conv_bn(s, f"{prefix}.se_module.fc1", f"{prefix}.se_module.bn1", stride=1, pad=0)])
            s = self.op("Sigmoid", [self.conv_bn(s, f"{prefix}.se_module.fc2", f"{prefix}.se_module.bn2", stride=1, pad=0)])
            y = self.op("Mul", [y, s])
        return self.op("Add", [x, y]) if residual else y

    def stage(self, x: str, prefix: str) -> str:
        count = len({m.group(1) for k in self.w if (m := re.match(rf"{prefix}\.model\.(\d+)\.", k))})
        for i in range(count):
            x = self.depth_wise(x, f"{prefix}.model.{i}", stride=1, residual=True)
        return x


def to_onnx(weights: dict[str, np.ndarray], size: int = 80) -> bytes:
    """The MiniFASNet graph for these weights: input 'input' (N, 3, size, size) raw 0-255 BGR,
    output 'probs' (N, 3) softmax over (2-D attack, real, 3-D attack)."""
    from onnx import TensorProto, checker, helper

    g = _Graph(weights)
    x = g.block("input", "conv1", stride=2, pad=1)
    x = g.block(x, "conv2_dw", stride=1, pad=1)
    for down, stage in (("conv_23", "conv_3"), ("conv_34", "conv_4"), ("conv_45", "conv_5")):
        x = g.depth_wise(x, down, stride=2, residual=False)
        x = g.stage(x, stage)
    x = g.block(x, "conv_6_sep", pad=0)
    x = g.block(x, "conv_6_dw", pad=0, prelu=False)  # 5x5 depthwise over the 5x5 map: one value each
    x = g.op("Flatten", [x], axis=1)
    x = g.op("Gemm", [x, g.const("linear", weights["linear.weight"])], transB=1)
    scale = weights["bn.weight"] / np.sqrt(weights["bn.running_var"] + BN_EPS)
    x = g.op("Add", [g.op("Mul", [x, g.const("bn_scale", scale)]),
                     g.const("bn_shift", weights["bn.bias"] - weights["bn.running_mean"] * scale)])
    x = g.op("Gemm", [x, g.const("prob", weights["prob.weight"])], transB=1)
    g.nodes.append(helper.make_node("Softmax", [x], ["probs"], axis=1))
    graph = helper.make_graph(
        g.nodes, "minifasnet", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 3, size, size])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [None, 3])], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="facepay")
    model.ir_version = 8
    checker.check_model(model)
    return model.SerializeToString()


def crop(image_bgr: np.ndarray, box: tuple[float, float, float, float], scale: float, size: int = 80) -> np.ndarray:
    """The face box (left, top, right, bottom) widened ``scale`` times around its centre, kept
    inside the frame, resized to ``size``: the crop the upstream models were trained on."""
    import cv2

    h, w = image_bgr.shape[:2]
    left, top, right, bottom = box
    bw, bh = right - left, bottom - top
    scale = min((h - 1) / bh, (w - 1) / bw, scale)
    cx, cy, nw, nh = left + bw / 2, top + bh / 2, bw * scale, bh * scale
    x0, y0, x1, y1 = cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2
    if x0 < 0:
        x1, x0 = x1 - x0, 0
    if y0 < 0:
        y1, y0 = y1 - y0, 0
    if x1 > w - 1:
        x0, x1 = x0 - (x1 - w + 1), w - 1
    if y1 > h - 1:
        y0, y1 = y0 - (y1 - h + 1), h - 1
    patch = image_bgr[int(y0):int(y1) + 1, int(x0):int(x1) + 1]
    return cv2.resize(patch, (size, size))


class PassiveModel:
    """The two upstream models together (their softmax outputs summed, as upstream does)."""

    SCALES = {"2.7_80x80_MiniFASNetV2": 2.7, "4_0_0_80x80_MiniFASNetV1SE": 4.0}

    def __init__(self, onnx_models: dict[float, bytes]) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # per-frame work beside the camera and the UI: one core
        self.sessions = {scale: ort.InferenceSession(m, options, providers=["CPUExecutionProvider"])
                         for scale, m in onnx_models.items()}

    def live_score(self, image_bgr: np.ndarray, box: tuple[float, float, float, float]) -> tuple[float, np.ndarray]:
        """(probability the face is real, the averaged 3-class output) for one frame."""
        total = np.zeros(3)
        for scale, session in self.sessions.items():
            patch = crop(image_bgr, box, scale).astype(np.float32)  # raw 0-255: no division by 255
            total += session.run(None, {"input": patch.transpose(2, 0, 1)[None]})[0][0]
        probs = total / len(self.sessions)
        return float(probs[1]), probs
