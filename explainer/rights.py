"""The rights a card answers, and routing a user's question to the right(s) it concerns (deterministic)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from . import config, yamlio
from .errors import StorageError

VERDICTS = ("yes", "no", "conditional", "not_addressed")
ANSWER_VERDICTS = (*VERDICTS, "unclear")
ROUTE_SHARE = 0.6  # a second right is kept when it scores at least this share of the best one
MAX_RIGHTS = 3


@dataclass(frozen=True)
class Right:
    name: str
    label: str
    ask: str
    cues: tuple[tuple[re.Pattern, int], ...]


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Right]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)["rights"]
        return {
            name: Right(name, item["label"], item["ask"],
                        tuple((re.compile(c["re"]), int(c["w"])) for c in item.get("cues", [])))
            for name, item in data.items()
        }
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the rights file {path}: {exc}") from exc


def rights() -> dict[str, Right]:
    return _load(str(config.corpus_dir() / "rights.yaml"))


def names() -> list[str]:
    return list(rights())


def choices() -> str:
    """The rights as a list a model can pick from: `- name: plain question`."""
    return "\n".join(f"- {right.name}: {right.ask}" for right in rights().values())


def scores(question: str) -> dict[str, int]:
    text = " ".join(question.lower().split())
    result = {}
    for right in rights().values():
        score = sum(weight for pattern, weight in right.cues if pattern.search(text))
        if score:
            result[right.name] = score
    return result


def route(question: str) -> list[str]:
    """The rights a question concerns, best first; empty when no cue matched (the caller may ask the LLM)."""
    found = scores(question)
    if not found:
        return []
    order = {name: i for i, name in enumerate(rights())}
    ranked = sorted(found, key=lambda name: (-found[name], order[name]))
    best = found[ranked[0]]
    return [name for name in ranked if found[name] >= best * ROUTE_SHARE][:MAX_RIGHTS]
