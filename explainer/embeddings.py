"""Dense embeddings offline: all-MiniLM-L6-v2 exported to ONNX at set-up, run with onnxruntime and tokenizers.

This is the computation of Chroma's `ONNXMiniLM_L6_V2` (tokenize with truncation at 256 tokens, run the export,
mean-pool over the attention mask, L2-normalise; cosine 1.0 against sentence-transformers) done here directly:
importing chromadb costs about a second, and a question answered from a license card needs the vectors of the
question but not the clause store. Two differences from Chroma's class, neither changing a vector: a batch is padded
to its longest text instead of to 256 tokens (the pooling is masked), and the session is created once per process
with a thread count fitted to the machine.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from pathlib import Path

import numpy as np

from . import config

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256
BATCH = 32
MAX_THREADS = 4  # MiniLM on clause-sized texts gains little past a few threads


def available(model_dir: Path | None = None) -> bool:
    return ((model_dir or config.embedding_model_dir()) / "onnx" / "model.onnx").is_file()


class MiniLM:
    """Callable on a list of texts -> a list of unit-length float32 vectors (384 dimensions), like Chroma's
    embedding functions. The tokenizer and the ONNX session load on the first call, once, thread-safely."""

    def __init__(self, model_dir: Path, threads: int | None = None):
        self.model_dir = Path(model_dir)
        self.threads = threads or max(1, min(os.cpu_count() or 1, MAX_THREADS))
        self._lock = threading.Lock()
        self._loaded: tuple | None = None

    def _load(self) -> tuple:
        with self._lock:
            if self._loaded is None:
                import onnxruntime as ort
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self.model_dir / "onnx" / "tokenizer.json"))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
                options = ort.SessionOptions()
                options.log_severity_level = 3
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                # idle workers sleep instead of spinning: on 2 shared cores a spinning pool took CPU from llama.cpp
                # and doubled a query's time under load, for no gain when idle
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                session = ort.InferenceSession(str(self.model_dir / "onnx" / "model.onnx"), sess_options=options,
                                               providers=["CPUExecutionProvider"])
                self._loaded = (tokenizer, session, {i.name for i in session.get_inputs()})
            return self._loaded

    def warm(self) -> None:
        self._load()

    def __call__(self, texts) -> list:
        import numpy as np

        texts = list(texts)
        if not texts:
            return []
        tokenizer, session, inputs = self._load()
        out = []
        for i in range(0, len(texts), BATCH):
            encoded = tokenizer.encode_batch(texts[i:i + BATCH])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, {k: v for k, v in feed.items() if k in inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
            norm = np.linalg.norm(pooled, axis=1)
            norm[norm == 0] = 1e-12
            out.extend((pooled / norm[:, None]).astype(np.float32))
        return out


@functools.cache
def embedder(model_dir: Path | None = None) -> MiniLM | None:
    """The embedding function, or None when the ONNX export is missing (search then runs on BM25 alone).
    Cheap: nothing loads until the first call."""
    model_dir = model_dir or config.embedding_model_dir()
    if os.environ.get("EXPLAINER_DENSE", "1") == "0" or not available(model_dir):
        return None
    return MiniLM(model_dir)


def cached_vectors(texts: list[str] | tuple[str, ...], kind: str) -> np.ndarray | None:
    """The vectors of a fixed set of texts (labelled example questions, use descriptions), computed once per set
    and kept in the cache folder as `<kind>-<digest>.npy`; None without the embedding model or texts. A read-only
    cache costs the embedding time on every process, nothing else."""
    function = embedder()
    if function is None or not texts:
        return None
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = config.cache_dir() / f"{kind}-{digest}.npy"
    try:
        return np.load(path)
    except (OSError, ValueError):
        pass
    vectors = np.asarray(function(list(texts)), dtype=np.float32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    except OSError:
        pass
    return vectors


def embed(texts: list[str]) -> list[list[float]]:
    function = embedder()
    if function is None:
        raise RuntimeError("dense embeddings are not available")
    return [list(map(float, v)) for v in function(texts)]
