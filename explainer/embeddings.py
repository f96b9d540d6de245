"""Dense embeddings offline: all-MiniLM-L6-v2 exported to ONNX at set-up, run by Chroma's own ONNX function.

Chroma's default embedding function downloads its model at first use, which fails offline; pointing its
DOWNLOAD_PATH at our export gives the same vectors as sentence-transformers (cosine 1.0) without torch.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from . import config

MODEL_NAME = "all-MiniLM-L6-v2"


def available(model_dir: Path | None = None) -> bool:
    return ((model_dir or config.embedding_model_dir()) / "onnx" / "model.onnx").is_file()


@functools.cache
def embedder(model_dir: Path | None = None):
    """The embedding function, or None when the ONNX export is missing (search then runs on BM25 alone)."""
    model_dir = model_dir or config.embedding_model_dir()
    if os.environ.get("EXPLAINER_DENSE", "1") == "0" or not available(model_dir):
        return None
    from chromadb.utils.embedding_functions import ONNXMiniLM_L6_V2

    class LocalMiniLM(ONNXMiniLM_L6_V2):
        DOWNLOAD_PATH = model_dir

        @functools.cached_property
        def tokenizer(self):
            tokenizer = self.Tokenizer.from_file(str(model_dir / "onnx" / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=256)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            return tokenizer

        def _forward(self, documents, batch_size: int = 32):
            # Chroma pads every text to 256 tokens; padding a batch to its longest text gives the same vectors
            # (the pooling is masked) and embeds short clauses several times faster.
            import numpy as np

            out = []
            for i in range(0, len(documents), batch_size):
                encoded = self.tokenizer.encode_batch(list(documents[i:i + batch_size]))
                ids = np.array([e.ids for e in encoded], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
                hidden = self.model.run(None, {"input_ids": ids, "attention_mask": mask,
                                               "token_type_ids": np.zeros_like(ids)})[0]
                weights = mask[..., None].astype(np.float32)
                pooled = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
                out.append(self._normalize(pooled).astype(np.float32))
            return np.concatenate(out)

    return LocalMiniLM(preferred_providers=["CPUExecutionProvider"])


def embed(texts: list[str]) -> list[list[float]]:
    function = embedder()
    if function is None:
        raise RuntimeError("dense embeddings are not available")
    return [list(map(float, v)) for v in function(texts)]
