"""Where things live: the user dir ($EXPLAINER_HOME), the index, the embedding model, the repo's data folders."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "explainer"
REPO_ROOT = Path(__file__).resolve().parent.parent


def home() -> Path:
    """The user dir: index, user corpus, keys, chat history. `$EXPLAINER_HOME` or the platform data dir."""
    configured = os.environ.get("EXPLAINER_HOME")
    return Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir(APP))


def index_dir() -> Path:
    return home() / "index"


def user_corpus_dir() -> Path:
    return home() / "corpus"


def cache_dir() -> Path:
    configured = os.environ.get("EXPLAINER_CACHE")
    return Path(configured).expanduser() if configured else Path(platformdirs.user_cache_dir(APP))


def embedding_model_dir() -> Path:
    """The ONNX export of all-MiniLM-L6-v2 made by scripts/setup.sh."""
    configured = os.environ.get("EXPLAINER_EMBED_MODEL_DIR")
    return Path(configured).expanduser() if configured else cache_dir() / "models" / "all-MiniLM-L6-v2"


def chroma_url() -> str | None:
    return os.environ.get("EXPLAINER_CHROMA_URL") or None


def corpus_dir() -> Path:
    return Path(os.environ.get("EXPLAINER_CORPUS_DIR", REPO_ROOT / "corpus"))


def prompts_dir() -> Path:
    return Path(os.environ.get("EXPLAINER_PROMPTS_DIR", REPO_ROOT / "prompts"))
