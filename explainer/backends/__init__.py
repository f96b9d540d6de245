"""Choose and build the LLM backend from settings."""

from __future__ import annotations

from ..settings import LLMSettings, combines
from .base import Backend


def create(settings: LLMSettings) -> Backend:
    backend = _build(settings)
    backend.combines = combines(settings)
    return backend


def _build(settings: LLMSettings) -> Backend:
    if settings.backend == "openai":
        from .openai_backend import OpenAIBackend

        return OpenAIBackend(model=settings.llm_model, base_url=settings.base_url, timeout=settings.timeout,
                             max_tokens=settings.max_tokens)
    from .local import LocalBackend

    return LocalBackend(settings.llm_model, n_ctx=settings.n_ctx, threads=settings.threads,
                        max_tokens=settings.max_tokens)


__all__ = ["Backend", "create"]
