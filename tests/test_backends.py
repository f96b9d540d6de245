"""The real backends: llama.cpp in process with the bundled model, and the openai client against
`python -m llama_cpp.server` on 127.0.0.1 (started by the tests). Failures are one-line BackendErrors."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading

import pytest

from explainer import answer, keys, settings
from explainer.backends import create
from explainer.backends.local import LocalBackend
from explainer.backends.openai_backend import OpenAIBackend
from explainer.errors import BackendError
from explainer.resolve import resolve
from explainer.structured import parse
from tests.conftest import free_port, run_cli

SCHEMA = {"type": "object", "properties": {"explanation": {"type": "string", "maxLength": 80}},
          "required": ["explanation"]}
MESSAGES = [{"role": "user", "content": "Say hello in JSON with a field explanation."}]


def test_local_default_model_streams_json():
    backend = LocalBackend(max_tokens=60)
    chunks = list(backend.execute(MESSAGES, SCHEMA))
    assert len(chunks) > 1  # streamed, not one block
    data = parse("".join(chunks), SCHEMA)
    # the grammar holds the model to the schema: one object, only the required field, within its maxLength
    assert json.loads("".join(chunks), strict=False) == data  # one object (raw newlines allowed in its string)
    assert set(data) == {"explanation"} and 0 < len(data["explanation"].strip()) <= 80, data
    assert backend.model.endswith(".gguf")


def test_local_answer_with_the_real_model(built_index):
    corpus = built_index.corpus
    question = "Can I sell images I made with Juggernaut XL?"
    result = answer.ask(question, resolve(corpus, question), corpus, built_index,
                        LocalBackend(max_tokens=200)).answer()
    assert result.verdict == "yes"
    assert result.explanation
    for quote in result.quotes:
        assert corpus.document(quote.license_key).body[quote.start:quote.end] == quote.text


def test_missing_and_non_gguf_model_files(tmp_path):
    with pytest.raises(BackendError, match="model file not found"):
        LocalBackend(tmp_path / "nope.gguf")
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"PK\x03\x04 not a gguf")
    with pytest.raises(BackendError, match="not a GGUF"):
        LocalBackend(fake)


def test_openai_backend_against_llama_cpp_server(llama_server, built_index):
    backend = OpenAIBackend(base_url=llama_server, max_tokens=60)
    chunks = list(backend.execute(MESSAGES, SCHEMA))
    assert len(chunks) > 1
    assert "explanation" in parse("".join(chunks), SCHEMA)
    corpus = built_index.corpus
    question = "Can I put FLUX.1 [dev] behind my paid API?"
    result = answer.ask(question, resolve(corpus, question), corpus, built_index,
                        OpenAIBackend(base_url=llama_server, max_tokens=200)).answer()
    assert result.verdict == "no" and result.backend == "openai"


def test_cli_ask_through_the_server_json(llama_server):
    done = run_cli("ask", "Can I sell images I made with Juggernaut XL?", "--backend", "openai",
                   "--base-url", llama_server, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["verdict"] == "yes" and data["backend"] == "openai"
    assert data["reminder"]


def test_dead_server_is_exit_3_without_partial_json():
    port = free_port()  # nothing listens here
    done = run_cli("ask", "Can I sell images I made with Juggernaut XL?", "--backend", "openai",
                   "--base-url", f"http://127.0.0.1:{port}/v1", "--json")
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.startswith("error: cannot reach the LLM server") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _silent_server():
    """Accepts connections and never answers: a hung LLM server."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held = []

    def accept():
        while True:
            try:
                conn, _ = sock.accept()
                held.append(conn)
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return sock


def test_timeout_is_a_backend_error():
    sock = _silent_server()
    try:
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
        backend = OpenAIBackend(base_url=url, timeout=1.0)
        with pytest.raises(BackendError, match="timed out"):
            list(backend.execute(MESSAGES))
        done = run_cli("ask", "Can I sell images made with FLUX dev?", "--backend", "openai", "--base-url", url,
                       "--json", env={"EXPLAINER_TIMEOUT": "1"})
        assert done.returncode == 3 and done.stdout == "" and "timed out" in done.stderr
    finally:
        sock.close()


def test_missing_model_file_on_the_cli_is_exit_3(tmp_path):
    done = run_cli("ask", "Can I sell images made with FLUX dev?", "--llm-model", str(tmp_path / "x.gguf"), "--json")
    assert done.returncode == 3 and done.stdout == ""
    assert "model file not found" in done.stderr and "Traceback" not in done.stderr


def test_keys_file_is_0600_and_keys_never_show(home, shared_home, built_index):
    (home / "index").symlink_to(shared_home / "index", target_is_directory=True)  # no index rebuild in this home
    sentinel = "sk-SENTINEL-7f3a9c-never-print"
    done = run_cli("keys", "set", "openai", input=sentinel + "\n")
    assert done.returncode == 0, done.stderr
    path = keys.keys_file()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sentinel not in done.stdout + done.stderr
    listed = run_cli("keys", "list")
    assert "openai" in listed.stdout and sentinel not in listed.stdout
    # a failing call with that key: the key is in no message
    port = free_port()
    failed = run_cli("ask", "Can I sell images made with FLUX dev?", "--backend", "openai",
                     "--base-url", f"http://127.0.0.1:{port}/v1", "--json")
    assert failed.returncode == 3 and sentinel not in failed.stdout + failed.stderr


def test_openai_needs_a_key_only_for_openai(monkeypatch, home):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(BackendError, match="no API key"):
        OpenAIBackend()
    assert OpenAIBackend(base_url="http://127.0.0.1:9/v1").model == "local"


def test_settings_layers(monkeypatch, home):
    (home / "config.yaml").write_text("backend: openai\nbase_url: http://127.0.0.1:1/v1\nmax_tokens: 50\n")
    monkeypatch.setenv("EXPLAINER_MAX_TOKENS", "70")
    resolved = settings.resolve(backend=None, base_url="http://127.0.0.1:2/v1")
    assert resolved.backend == "openai" and resolved.base_url == "http://127.0.0.1:2/v1" and resolved.max_tokens == 70
    assert isinstance(create(settings.resolve(backend="openai", base_url="http://127.0.0.1:2/v1")), OpenAIBackend)


def test_the_local_model_continues_an_answer_we_started():
    backend = LocalBackend(max_tokens=24)
    assert backend.continues_prefix  # the default GGUF carries its chat template
    messages = [{"role": "user", "content": "Can I sell pictures I made? The license claims no rights in them."}]
    text = "".join(backend.execute(messages, None, prefix="Yes, because"))
    assert text.strip() and not text.lstrip().startswith("Yes, because")  # only what follows the prefix
    assert "<|im_start|>assistant\n" in backend._chat_prompt(backend._llama(), messages)
