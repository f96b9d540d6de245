"""Calls to a backend: structured output validated against the prompt's own schema (one repair retry), and
plain text streamed as it is written."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from . import prompts
from .backends.base import Backend
from .errors import BackendError
from .structured import ParseError, parse


def structured(backend: Backend, system: prompts.Prompt, task: prompts.Prompt, notes: list[str] | None = None,
               **values) -> dict:
    """The task's JSON answer, validated against `task.schema`; one repair retry (the error is shown to the model),
    then a BackendError."""
    schema = task.schema or {"type": "object"}
    messages = prompts.messages(system, task.render(**values))
    raw = "".join(backend.execute(messages, schema))
    try:
        return parse(raw, schema)
    except ParseError as first:
        repair = prompts.load("repair").render(error=str(first))
        retry = messages + [{"role": "assistant", "content": raw[:2000]}, {"role": "user", "content": repair}]
        raw = "".join(backend.execute(retry, schema))
        try:
            data = parse(raw, schema)
        except ParseError as second:
            raise BackendError(f"the model's answer could not be parsed, even after one repair: {second}",
                               hint="try a larger model (--llm-model) or another backend") from second
        if notes is not None:
            notes.append("the model's first answer was malformed and was repaired")
        return data


def text(backend: Backend, system: prompts.Prompt, task: prompts.Prompt, max_tokens: int | None = None,
         prefix: str | None = None, **values) -> Iterator[str]:
    """Plain text as the model writes it (no grammar, no JSON), at most `max_tokens` when the backend has a cap.
    With `prefix` (a backend that `continues_prefix`), only what the model writes after it is yielded."""
    with budget(backend, max_tokens):
        messages = prompts.messages(system, task.render(**values))
        yield from (backend.execute(messages, None, prefix=prefix) if prefix is not None
                    else backend.execute(messages, None))


@contextlib.contextmanager
def budget(backend: Backend, tokens: int | None, at_least: bool = False):
    """Set the backend's token cap for one call: lowered to `tokens` (or, with `at_least`, raised to it)."""
    previous = getattr(backend, "max_tokens", None)
    if previous is not None and tokens is not None:
        backend.max_tokens = max(previous, tokens) if at_least else min(previous, tokens)
    try:
        yield
    finally:
        if previous is not None:
            backend.max_tokens = previous
