"""Shared fixtures. The full clause index is built once into a cached test home (incremental on later runs),
and every test that changes an index works on its own copy or its own small corpus."""

from __future__ import annotations

import os
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


def decide_named(corpus, question: str, name: str):
    """The decision for `question` about the license or model `name`, as `explainer ask` makes it without a backend."""
    from explainer import decide, understand
    from explainer.resolve import from_name
    return decide.decide(from_name(corpus, name, "explicit"), understand.understand(question), corpus)


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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 120.0, process=None) -> None:
    import time
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


@pytest.fixture(scope="session")
def llama_server():
    """`python -m llama_cpp.server` with the bundled SmolLM2 model on 127.0.0.1, stopped after the session."""
    from explainer.backends.local import default_model_path

    port = free_port()
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"llama-server-{port}.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(default_model_path()), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--verbose", "false"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/v1/models", process=process)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def linked_home(tmp_path, shared_home, built_index, monkeypatch) -> Path:
    """An empty user dir whose index is the shared, already built one (no rebuild in a subprocess)."""
    path = tmp_path / "linked-home"
    path.mkdir()
    (path / "index").symlink_to(shared_home / "index", target_is_directory=True)
    monkeypatch.setenv("EXPLAINER_HOME", str(path))
    return path
