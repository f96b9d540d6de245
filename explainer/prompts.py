"""Prompts are files in `prompts/` with `$named` variables; a missing variable is an error that names it.

A prompt that asks for structured output keeps its JSON schema with it, in a front-matter block at the top of the
same file (`---` / `schema: {...}` / `---`), so the prompt and its schema change together and share one hash."""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import config
from .errors import StorageError


class PromptError(StorageError):
    pass


@dataclass(frozen=True)
class Prompt:
    name: str
    text: str
    schema: dict | None = None
    source: str = ""  # the whole file, schema included: what the hash covers

    @property
    def variables(self) -> set[str]:
        found = set()
        for _, named, braced, _ in string.Template.pattern.findall(self.text):
            if named or braced:
                found.add(named or braced)
        return found

    @property
    def hash(self) -> str:
        return hashlib.sha256((self.source or self.text).encode("utf-8")).hexdigest()[:12]

    def render(self, **values) -> str:
        missing = sorted(self.variables - set(values))
        if missing:
            raise PromptError(f"prompt {self.name!r} needs variable(s) {', '.join(missing)}")
        return string.Template(self.text).substitute({k: str(v) for k, v in values.items()})


@lru_cache(maxsize=32)
def _load(directory: str, name: str) -> Prompt:
    path = Path(directory) / f"{name}.txt"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"prompt {name!r} not found in {path.parent}") from exc
    text, schema = source, None
    if source.startswith("---\n"):
        head, _, text = source[4:].partition("\n---\n")
        try:
            schema = json.loads(head.removeprefix("schema:").strip())
        except json.JSONDecodeError as exc:
            raise PromptError(f"prompt {name!r}: its schema block is not JSON ({exc.msg})") from exc
    return Prompt(name, text, schema, source)


def load(name: str) -> Prompt:
    return _load(str(config.prompts_dir()), name)


def messages(system: Prompt, user_text: str) -> list[dict]:
    """A chat request: the system prompt, then one rendered task."""
    return [{"role": "system", "content": system.text.strip()}, {"role": "user", "content": user_text}]


def combined_hash(*prompts: Prompt) -> str:
    """One hash for the prompts behind an answer, so a changed prompt shows in every JSON record."""
    digest = hashlib.sha256()
    for prompt in prompts:
        digest.update(prompt.name.encode() + b"\0" + (prompt.source or prompt.text).encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]
