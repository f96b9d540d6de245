"""Any OpenAI-compatible chat API: OpenAI itself, vLLM, llama.cpp's server, `python -m llama_cpp.server`."""

from __future__ import annotations

import os
from collections.abc import Iterator

from .. import keys
from ..errors import BackendError
from .base import Backend

DEFAULT_MODEL = "gpt-4o-mini"
LOCAL_PLACEHOLDER_KEY = "sk-no-key-required"  # local servers accept any key


def _is_openai(base_url: str | None) -> bool:
    return not base_url or "api.openai.com" in base_url


def api_key(base_url: str | None) -> str:
    key = os.environ.get("OPENAI_API_KEY") or keys.get("openai")
    if key:
        return key
    if _is_openai(base_url):
        raise BackendError("no API key for OpenAI",
                           hint="set OPENAI_API_KEY or run `explainer keys set openai`")
    return LOCAL_PLACEHOLDER_KEY


class OpenAIBackend(Backend):
    name = "openai"

    def __init__(self, model: str | None = None, base_url: str | None = None, timeout: float = 120.0,
                 max_tokens: int = 200):
        super().__init__()
        import openai

        self.base_url = base_url
        self._model = model or ("local" if not _is_openai(base_url) else DEFAULT_MODEL)
        self._key = api_key(base_url)
        self.max_tokens = max_tokens
        self.client = openai.OpenAI(api_key=self._key, base_url=base_url, timeout=timeout, max_retries=1)
        self.structured = "json_schema" if _is_openai(base_url) else "json_object"

    @property
    def model(self) -> str:
        return self._model

    def _response_format(self, schema: dict | None) -> dict | None:
        if schema is None or self.structured == "none":
            return None
        if self.structured == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": False}}
        return {"type": "json_object", "schema": schema}  # llama.cpp servers: grammar from the schema

    def execute(self, messages: list[dict], schema: dict | None = None, prefix: str | None = None) -> Iterator[str]:
        import openai

        if prefix is not None:
            raise ValueError("a chat API cannot continue a written answer (continues_prefix is False)")
        self.usage = {}
        request = {"model": self._model, "messages": messages, "stream": True, "temperature": 0.0,
                   "max_tokens": self.max_tokens}
        if _is_openai(self.base_url):
            request["stream_options"] = {"include_usage": True}  # token counts for eval records
        response_format = self._response_format(schema)
        if response_format:
            request["response_format"] = response_format
        try:
            try:
                stream = self.client.chat.completions.create(**request)
            except openai.BadRequestError:
                if not response_format:
                    raise
                # the server does not take this response_format: fall back to a validated parse
                self.structured = "none"
                request.pop("response_format")
                stream = self.client.chat.completions.create(**request)
            for chunk in stream:
                if getattr(chunk, "usage", None):
                    self.usage = {"prompt_tokens": chunk.usage.prompt_tokens,
                                  "completion_tokens": chunk.usage.completion_tokens}
                if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except openai.APITimeoutError as exc:
            raise BackendError(f"the LLM server timed out ({self._where()})",
                               hint="raise EXPLAINER_TIMEOUT or check the server") from exc
        except openai.APIConnectionError as exc:
            raise BackendError(f"cannot reach the LLM server ({self._where()})",
                               hint="is the server running? check --base-url") from exc
        except openai.AuthenticationError:
            raise BackendError(f"the LLM server rejected the API key ({self._where()})",
                               hint="check OPENAI_API_KEY or `explainer keys set openai`") from None
        except openai.APIStatusError as exc:
            detail = keys.redact(" ".join(str(exc.message).split())[:200], [self._key])
            # from None: the server's own message may echo credentials; keep it out of --debug tracebacks too
            raise BackendError(f"the LLM server answered {exc.status_code}: {detail}") from None

    def _where(self) -> str:
        return self.base_url or "api.openai.com"
