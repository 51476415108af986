"""The ONNX copy of a saved model, which answers visitors through onnxruntime.

Beside ``NAME.keras`` may lie ``NAME.onnx``: the same network with its
BatchNormalization folded, written by ``python -m fashion_cnn derive`` (tf2onnx, a
development dependency) and stamped with the model file's content hash. For one
28x28 image onnxruntime takes about half the time of TensorFlow's traced graph
(BENCHMARKS.md); for a batch of 256 the two are level. A copy that is missing,
stale (its hash is not the model file's) or unreadable is not used, and TensorFlow
answers instead, so the app never depends on it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

# The metadata key of the ONNX file that records the model file's SHA-256.
FINGERPRINT_KEY = "model_sha256"


def path_beside(model_file: str | Path) -> Path:
    """Return the path of the ONNX copy beside ``model_file`` (NAME.onnx)."""
    return Path(model_file).with_suffix(".onnx")


def stamp(onnx_file: str | Path, fingerprint: str) -> None:
    """Record ``fingerprint`` in the ONNX file's metadata, rewriting it in place.

    Meant for a file not yet in use: ``models.export_onnx`` stamps its partial
    file before moving it into place. Needs the ``onnx`` package (a development
    dependency).
    """
    import onnx

    proto = onnx.load(onnx_file)
    kept = [p for p in proto.metadata_props if p.key != FINGERPRINT_KEY]
    del proto.metadata_props[:]
    proto.metadata_props.extend(kept)
    proto.metadata_props.add(key=FINGERPRINT_KEY, value=fingerprint)
    onnx.save(proto, onnx_file)


def open_session(onnx_file: str | Path, fingerprint: str):
    """Return an onnxruntime InferenceSession for ``onnx_file``, or None.

    None when onnxruntime is not installed, the file is missing or unreadable, or it
    records a model hash other than ``fingerprint``. The session uses the machine's
    cores without busy-waiting between calls, so that an idle app leaves the CPU to
    a training in the same process, and keeps no memory arena between calls.
    """
    onnx_file = Path(onnx_file)
    if not onnx_file.is_file():
        return None
    try:
        import onnxruntime
    except ImportError:
        return None
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # errors only
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Without its memory arena a batch's buffers go back after the call: scoring
    # the test set in batches of 256 kept 165 MB with the arena, 24 MB without,
    # at the same speed for one image (BENCHMARKS.md).
    options.enable_cpu_mem_arena = False
    try:
        session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
    except Exception:  # noqa: BLE001 - onnxruntime raises its own types for bad files
        return None
    recorded = session.get_modelmeta().custom_metadata_map.get(FINGERPRINT_KEY)
    return session if recorded == fingerprint else None


def run_session(session, batch: np.ndarray) -> np.ndarray:
    """Return (N, 10) float32 probabilities for a (N, 28, 28, 1) float32 batch."""
    name = session.get_inputs()[0].name
    (probabilities,) = session.run(None, {name: batch})
    return np.asarray(probabilities, dtype=np.float32)
