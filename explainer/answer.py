"""Answer one question about a resolved license. The stages run once each, in order, and none reaches back:

understand (what is asked) → decide (the verdict, from the card, figures and your file; `decide.py`) → evidence
(the deciding clauses, retrieval for context, quotes verified at their offsets) → explain (the LLM paraphrases the
decided verdict in plain words, behind a guard) → the `Answer`.

Without a card (`--blind`, an unknown text) the decide stage asks the backend for a structured verdict over the
retrieved clauses; the explanation is still plain prose. The model never writes a quote.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import REMINDER, autocard, combine, decide, explanation, lineage, prompts, understand
from .backends.base import Backend
from .corpus import Corpus
from .decide import Decision
from .errors import BackendError
from .index import ClauseIndex, LexicalIndex, expand_query
from .quotes import Quote, clauses, of_clause, source_text, unique, verify
from .resolve import PASTED_KEY, Resolved
from .understand import Asked

NEAREST_NOTE = "no clause of the text decides this; the clauses shown are the nearest ones, for context"
CONTEXT_CLAUSES = 6  # clauses retrieved for the context (the backend's budget decides how many the model sees)
MAX_QUOTES = 4
MAX_HISTORY = 2  # earlier chat turns shown to the model

__all__ = ["Answer", "Prepared", "Quote", "Response", "ask", "prepare", "source_text", "verify"]


@dataclass
class Answer:
    question: str
    license: dict
    addenda: list[dict]
    right: list[str]
    verdict: str
    conditions: str
    explanation: str
    quotes: list[Quote]
    backend: str | None
    model: str | None
    prompt_hash: str
    timings_ms: dict
    verdict_source: str = "card"  # card | addendum | file | threshold | llm | auto | none
    routed_by: str = "cues"
    kind: str = "permission"
    explanation_source: str = "llm"  # llm | fallback
    candidates: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reminder: str = REMINDER

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "license": self.license,
            "addenda": self.addenda,
            "right": self.right,
            "verdict": self.verdict,
            "conditions": self.conditions,
            "explanation": self.explanation,
            "quotes": [q.to_dict() for q in self.quotes],
            "reminder": self.reminder,
            "backend": self.backend,
            "model": self.model,
            "prompt_hash": self.prompt_hash,
            "timings_ms": self.timings_ms,
            "kind": self.kind,
            "routed_by": self.routed_by,
            "verdict_source": self.verdict_source,
            "explanation_source": self.explanation_source,
            "candidates": self.candidates,
            "notes": self.notes,
        }


# -- evidence: clauses for the context ----------------------------------------------------------------------------
def retrieve(resolved: Resolved, corpus: Corpus, index: ClauseIndex | None, query: str,
             k: int = CONTEXT_CLAUSES) -> list[Quote]:
    keys = [*resolved.license_keys, *resolved.addenda]
    if not resolved.adhoc and index is not None:
        hits = index.search(query, license_keys=keys, k=k)
        if hits:
            return [Quote(h.license_key, h.clause_id, h.text, h.start, h.end) for h in hits]
    # an unidentified paste, or a LicenseDB key outside the index: rank its own clauses lexically
    segments = [c for key in keys for c in clauses(resolved, corpus, key)]
    if not segments:
        return []
    scores = LexicalIndex([c.text for c in segments]).scores(expand_query(query))
    order = sorted(range(len(segments)), key=lambda i: -float(scores[i]))[:k]
    return [of_clause(segments[i]) for i in order]


def excerpt(quote: Quote, limit: int) -> str:
    text = " ".join(quote.text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " ..."


def clause_block(context: list[Quote], budget: tuple[int, int]) -> str:
    count, chars = budget
    return "\n".join(f"[C{i + 1}] {excerpt(q, chars)}" for i, q in enumerate(context[:count]))


# -- the pipeline -------------------------------------------------------------------------------------------------
@dataclass
class Prepared:
    """Everything known before the LLM runs. Retrieval (hybrid search over the clause index) runs only when its
    clauses are used: when no card decided, when the decision quotes nothing, or when `context`/`ranked` is read
    (evals); an answer decided and quoted by its card never opens the index."""

    question: str
    resolved: Resolved
    asked: Asked
    decision: Decision  # undecided (source "none") when a backend must decide
    blind: bool
    timings: dict
    history: tuple[tuple[str, str], ...] = ()
    retrieval: Callable[[], list[Quote]] | None = field(default=None, repr=False, compare=False)
    _context: list[Quote] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def context(self) -> list[Quote]:
        """The deciding clauses first, then retrieved ones (retrieved on first use; timed as "retrieve")."""
        if self._context is None:
            started = time.perf_counter()
            retrieved = self.retrieval() if self.retrieval is not None else []
            self._context = unique([*self.decision.quotes, *retrieved])
            self.timings["retrieve"] = round(self.timings.get("retrieve", 0.0) + _ms(started), 1)
        return self._context

    @property
    def needs_context(self) -> bool:
        """Whether answering reads the retrieved clauses (a backend decides, or the decision quotes nothing)."""
        return not self.decision.decided or not self.decision.quotes

    @property
    def routed(self) -> list[str]:
        return list(self.asked.topics)

    @property
    def verdict(self) -> str | None:
        return self.decision.verdict if self.decision.decided or not self.asked.clear else None

    @property
    def routed_by(self) -> str:
        return self.asked.routed_by

    @property
    def conditions(self) -> str:
        return self.decision.conditions

    @property
    def ranked(self) -> list[Quote]:
        """Every clause considered, deciding ones first (for evidence recall in evals)."""
        return self.context


def prepare(question: str, resolved: Resolved, corpus: Corpus, index: ClauseIndex | None, blind: bool = False,
            resolve_ms: float = 0.0, history: tuple[tuple[str, str], ...] = (),
            follow: tuple[str, ...] = (), without_card: bool = False, follow_kind: str | None = None) -> Prepared:
    timings = {"resolve": round(resolve_ms, 1)}
    started = time.perf_counter()
    asked = understand.understand(question, previous=follow, previous_kind=follow_kind)
    timings["understand"] = _ms(started)
    started = time.perf_counter()
    with autocard.disabled(blind):  # --blind: the LLM alone decides (no auto-card), the baseline it is measured by
        decision = decide.decide(resolved, asked, corpus, without_card=blind or without_card)
    timings["decide"] = _ms(started)
    timings["retrieve"] = 0.0  # stays 0 when the card decided and quoted: nothing is retrieved

    def retrieval() -> list[Quote]:
        topic_words = understand.topic_ask(asked.topic) if asked.clear else ""
        return retrieve(resolved, corpus, index, f"{question} {topic_words}".strip())

    prepared = Prepared(question, resolved, asked, decision, blind or not decision.decided, timings,
                        tuple(history), retrieval)
    if prepared.needs_context:
        prepared.context  # noqa: B018 - retrieve now, inside the pipeline's own timing
    return prepared


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


class Response:
    """A lazy answer: iterating streams the explanation as it passes the guard; `answer()` finishes the run."""

    def __init__(self, prepared: Prepared, corpus: Corpus, backend: Backend):
        self.prepared = prepared
        self.corpus = corpus
        self.backend = backend
        self.decision: Decision = prepared.decision
        self.written = explanation.Written()
        self._answer: Answer | None = None
        self._chunks: list[str] = []
        self._notes: list[str] = list(prepared.decision.notes)
        self._hashes: list[prompts.Prompt] = []

    def __iter__(self) -> Iterator[str]:
        if self._answer is not None:
            yield from self._chunks
            return
        for chunk in self._run():
            self._chunks.append(chunk)
            yield chunk

    def answer(self) -> Answer:
        if self._answer is None:
            for _ in self:
                pass
        return self._answer

    @property
    def text(self) -> str:
        return "".join(self._chunks)

    def _run(self) -> Iterator[str]:
        p = self.prepared
        started = time.perf_counter()
        if not self.decision.decided and p.asked.clear:
            earlier = "".join(f"Earlier question: {q}\nEarlier answer: {a}\n" for q, a in p.history[-MAX_HISTORY:])
            self.decision = self._llm_reading(p, earlier.strip())
        elif self.decision.source == "auto" and self.backend.combines:
            self.decision = self._combined(p)
        decide_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        deciding = self.decision.quotes[0] if self.decision.quotes else (p.context[0] if p.context else None)
        allowed = {*p.resolved.license_keys, *p.resolved.addenda, PASTED_KEY}
        yield from explanation.explain(self.decision, p.question, p.resolved.name, deciding, self.backend,
                                       self.corpus, allowed, self.written)
        self._hashes += explanation.prompts_used()
        generate_ms = (time.perf_counter() - started) * 1000
        self._answer = self._finish(decide_ms, generate_ms)

    def _llm_reading(self, p: Prepared, earlier: str = "") -> Decision:
        """The backend's own verdict over the retrieved clauses (structured output)."""
        block = clause_block(p.context, self.backend.context_budget)
        read = decide.decide_by_llm(p.resolved, p.asked, p.context, block, self.backend, earlier, self._notes)
        self._hashes += [prompts.load("system"), prompts.load("decide_blind")]
        return read

    def _combined(self, p: Prepared) -> Decision:
        """The auto-card's verdict weighed with the backend's own reading of the retrieved clauses."""
        try:
            read = self._llm_reading(p)
        except BackendError as exc:
            self._notes.append(f"the LLM could not read the clauses ({exc}); the auto-card's verdict stands")
            return self.decision
        combined = combine.combine(self.decision, read, self.backend.model)
        self._notes += combined.notes[len(self.decision.notes):]  # what the combination adds
        return combined

    def _finish(self, decide_ms: float, generate_ms: float) -> Answer:
        p, decision = self.prepared, self.decision
        quotes = list(decision.quotes) or list(p.context[:2])
        if decision.decided and not decision.quotes and quotes:
            # a text silent on the question: the clauses shown are the nearest ones, not the ones that decide it
            self._notes.append(NEAREST_NOTE)
        quotes = quotes[:MAX_QUOTES + sum(1 for q in quotes if q.license_key == PASTED_KEY)]
        verify(quotes, p.resolved, self.corpus)
        timings = dict(p.timings)
        timings["decide"] = round(timings.get("decide", 0.0) + decide_ms, 1)
        timings["generate"] = round(generate_ms, 1)
        timings["total"] = round(sum(v for k, v in timings.items()), 1)
        if self.written.source == "fallback":
            self._notes.append("the model's explanation did not pass the checks; this one is built from the decision")
        resolved = p.resolved
        if resolved.model:  # what the model is built on, inherited restrictions, license drift
            self._notes += lineage.notes(self.corpus, resolved.model)
        return Answer(
            question=p.question, license=resolved.license_dict(), addenda=addenda_dicts(resolved, self.corpus),
            right=list(p.asked.topics), verdict=decision.verdict, conditions=decision.conditions,
            explanation=self.written.text, quotes=quotes, backend=self.backend.name, model=self.backend.model,
            prompt_hash=prompts.combined_hash(*self._hashes), timings_ms=timings, verdict_source=decision.source,
            routed_by=p.asked.routed_by, kind=p.asked.kind, explanation_source=self.written.source,
            candidates=[{"topic": t, "label": understand.topic_label(t), "score": round(s, 3)}
                        for t, s in p.asked.candidates] if not p.asked.clear else [],
            notes=list(dict.fromkeys(self._notes)),
        )


def addenda_dicts(resolved: Resolved, corpus: Corpus) -> list[dict]:
    result = []
    for key in resolved.addenda:
        addendum = corpus.addenda.get(key)
        if addendum:
            result.append({"key": key, "name": addendum.name, "source": addendum.source, "paraphrased": True,
                           "overrides": sorted(addendum.overrides)})
    if resolved.file_passages:
        result.append({"key": PASTED_KEY, "name": "Terms added or changed in your file", "source": "file",
                       "paraphrased": False, "passages": len(resolved.file_passages)})
    return result


def ask(question: str, resolved: Resolved, corpus: Corpus, index: ClauseIndex | None, backend: Backend,
        blind: bool = False, resolve_ms: float = 0.0, history: tuple[tuple[str, str], ...] = (),
        follow_rights: list[str] | None = None, without_card: bool = False,
        follow_kind: str | None = None) -> Response:
    """`follow_rights` / `follow_kind`: the previous chat turn's topics and kind, used when a follow-up names none
    ("same for FLUX?", "what if I only use it internally?")."""
    prepared = prepare(question, resolved, corpus, index, blind, resolve_ms, history, tuple(follow_rights or ()),
                       without_card, follow_kind)
    return Response(prepared, corpus, backend)
