"""A conversation about one license: the context (license, addenda, pasted text), the history, slash commands.
The terminal front end lives in `cli/chat_cmd.py`; this module holds no I/O so it can be tested directly."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import re

from . import answer as answer_module
from . import understand
from .answer import Answer, Response
from .backends.base import Backend
from .corpus import Corpus
from .errors import ExplainerError, InputError
from .explain import rights_rows
from .index import ClauseIndex
from .reader import from_text
from .resolve import Resolved, from_name, from_pasted, from_question

QUOTED = re.compile(r"[\"“”]([^\"“”]{2,80})[\"“”]|(?<!\w)['‘]([^'‘’]{2,80})['’](?!\w)")

COMMANDS = {
    "/license": "/license KEY       talk about this license (key or alias)",
    "/model": "/model NAME        talk about this model's license (e.g. /model Juggernaut XL)",
    "/paste": "/paste             paste a license; end with a line holding only '.' (or Ctrl-D)",
    "/sources": "/sources           the clauses quoted in the last answer, with ids and offsets",
    "/card": "/card              the rights table of the current license",
    "/json": "/json              the last answer as JSON",
    "/outputs": "/outputs PATH      which images in a folder may be sold (summary of `explainer outputs`)",
    "/reset": "/reset             forget the license and the conversation",
    "/help": "/help              this list",
    "/quit": "/quit              leave (Ctrl-D works too)",
}


@dataclass
class Turn:
    question: str
    answer: Answer


@dataclass
class Session:
    corpus: Corpus
    index: ClauseIndex
    backend_factory: object  # () -> Backend, called on the first question
    blind: bool = False
    resolved: Resolved | None = None
    turns: list[Turn] = field(default_factory=list)
    _backend: Backend | None = None

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = self.backend_factory()
        return self._backend

    @property
    def last(self) -> Answer | None:
        return self.turns[-1].answer if self.turns else None

    # -- context ---------------------------------------------------------------------------------------------
    def use_license(self, name: str) -> str:
        if not name.strip():
            raise InputError("which license?", hint="/license KEY, e.g. /license flux-1-nc")
        self.resolved = from_name(self.corpus, name, "explicit")
        return f"Now talking about {self.describe()}."

    def use_model(self, name: str) -> str:
        if not name.strip():
            raise InputError("which model?", hint="/model NAME, e.g. /model Juggernaut XL")
        self.resolved = from_name(self.corpus, name, "model_name")
        return f"Now talking about {self.describe()}."

    def paste(self, text: str) -> tuple[str, Resolved]:
        self.resolved = from_pasted(self.corpus, from_text(text, "paste"))
        return f"Pasted text: {self.describe()}.", self.resolved

    def reset(self) -> str:
        self.resolved = None
        self.turns.clear()
        return "Forgot the license and the conversation."

    def describe(self) -> str:
        r = self.resolved
        if r is None:
            return "no license yet"
        parts = [f"{r.name} ({r.key})"]
        if r.model:
            parts.insert(0, f"{r.model}:")
        if r.addenda:
            parts.append("+ " + ", ".join(r.addenda))
        if r.file_passages:
            parts.append(f"+ {len(r.file_passages)} passage(s) your text adds or changes")
        return " ".join(parts)

    def card_rows(self) -> list[dict]:
        if self.resolved is None:
            raise InputError("no license yet", hint="ask about a model, or use /license or /model")
        rows = rights_rows(self.resolved, self.corpus)
        if rows is None:
            raise InputError(f"no license card for {self.resolved.key}",
                             hint="answers for it come from the LLM reading the clauses")
        return rows

    # -- questions --------------------------------------------------------------------------------------------
    def switch_for(self, question: str) -> str | None:
        """A question naming another model or license moves the conversation there; returns what to say. Words in
        quotes ("Built with Llama") are not a model, and a bare family name ("Llama") never replaces a more
        specific license already in context."""
        current = self.resolved
        unquoted = QUOTED.sub(" ", question)
        named = from_question(self.corpus, unquoted,
                              keep=None if current is None else lambda m: not understand.generic_family(m.matched))
        if named is None:
            return None
        if current is not None and named.license_keys == current.license_keys and named.addenda == current.addenda:
            return None
        self.resolved = named
        before = f" (was {current.name})" if current is not None else ""
        return f"Switched to {self.describe()}{before}."

    def ask(self, question: str) -> tuple[str | None, Response]:
        question = question.strip()
        if not question:
            raise InputError("empty question")
        started = time.perf_counter()
        notice = self.switch_for(question)
        if self.resolved is None:
            raise InputError("which model or license is this about?",
                             hint="name the model in your question, or use /model NAME or /license KEY")
        history = tuple((t.question, f"{t.answer.verdict}: {t.answer.conditions[:160]}") for t in self.turns)
        last = next((t.answer for t in reversed(self.turns) if t.answer.right), None)  # the last clear topic
        resolve_ms = (time.perf_counter() - started) * 1000
        response = answer_module.ask(question, self.resolved, self.corpus, self.index, self.backend,
                                     blind=self.blind, resolve_ms=resolve_ms, history=history,
                                     follow_rights=last.right if last else None,
                                     follow_kind=last.kind if last else None)
        return notice, response

    def record(self, question: str, response: Response) -> Answer:
        result = response.answer()
        self.turns.append(Turn(question, result))
        return result


def parse_command(line: str) -> tuple[str, str] | None:
    """('/license', 'flux-1-nc') for a slash command; None for a question. Unknown commands raise InputError."""
    stripped = line.strip()
    if not stripped.startswith("/"):
        return None
    name, _, rest = stripped.partition(" ")
    name = name.lower()
    if name in ("/exit", "/q"):
        name = "/quit"
    if name not in COMMANDS:
        raise InputError(f"unknown command {name}", hint="/help lists the commands")
    return name, rest.strip()


__all__ = ["COMMANDS", "ExplainerError", "Session", "parse_command"]
