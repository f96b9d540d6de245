"""Shared fixtures. The full clause index is built once into a cached test home (incremental on later runs),
and every test that changes an index works on its own copy or its own small corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
EXPLAINER = [sys.executable, "-m", "explainer"]


@pytest.fixture(scope="session")
def shared_home() -> Path:
    from explainer import config

    home = config.cache_dir() / "test-home"
    home.mkdir(parents=True, exist_ok=True)
    return home


@pytest.fixture(scope="session")
def built_index(shared_home):
    """The full corpus index, built (or updated) once per session."""
    from explainer.corpus import Corpus
    from explainer.index import ClauseIndex

    old = os.environ.get("EXPLAINER_HOME")
    os.environ["EXPLAINER_HOME"] = str(shared_home)
    try:
        corpus = Corpus(user_dir=shared_home / "corpus")
        index = ClauseIndex(corpus, root=shared_home / "index")
        index.build(progress=False)
        yield index
    finally:
        if old is None:
            os.environ.pop("EXPLAINER_HOME", None)
        else:
            os.environ["EXPLAINER_HOME"] = old


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty user dir for one test."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("EXPLAINER_HOME", str(path))
    return path


def make_small_corpus(root: Path, keys: list[str]) -> Path:
    """A corpus folder with a few LicenseDB keys, so index tests stay fast."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "addenda").mkdir(exist_ok=True)
    (root / "licenses.yaml").write_text(
        yaml.safe_dump({"licenses": [{"key": k, "name": k, "kind": "model"} for k in keys]}), encoding="utf-8"
    )
    (root / "models.yaml").write_text(yaml.safe_dump({"models": []}), encoding="utf-8")
    return root


def run_cli(*args: str, env: dict | None = None, input: str | bytes | None = None, timeout: float = 300):
    full_env = {**os.environ, **(env or {})}
    text = not isinstance(input, bytes)
    return subprocess.run(
        [*EXPLAINER, *args], capture_output=True, text=text, input=input, env=full_env, timeout=timeout, cwd=REPO
    )
