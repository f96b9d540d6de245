"""Explain a whole license: the card as a table of rights (or, for an unknown text, per-right answers by the LLM
over that text), the additions and changes identify found, the deciding clauses quoted, and the reminder."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import REMINDER, cards, prompts, rights
from . import clauses as clause_splitter
from .answer import RESTRICTIVE, Quote, anchored_quotes, complete, file_effects, restricted, source_text, verify
from .backends.base import Backend
from .corpus import Corpus
from .errors import NotFoundError
from .index import LexicalIndex, expand_query
from .resolve import PASTED_KEY, Resolved, from_file, from_name

UNKNOWN_CONTEXT = 8
UNKNOWN_CLAUSE_CHARS = 420
UNKNOWN_MAX_TOKENS = 900


@dataclass
class Explanation:
    resolved: Resolved
    card: cards.Card | None
    rights: list[dict]
    passages: list[dict]
    explanation: str
    quotes: list[Quote]
    backend: str | None
    model: str | None
    prompt_hash: str | None
    timings_ms: dict
    notes: list[str] = field(default_factory=list)
    reminder: str = REMINDER

    def to_dict(self) -> dict:
        ident = self.resolved.identification
        return {
            "license": self.resolved.license_dict(),
            "addenda": list(self.resolved.addenda),
            "summary": self.card.summary if self.card else "",
            "rights": self.rights,
            "additions": [p for p in self.passages if p["kind"] == "addition"],
            "changes": [p for p in self.passages if p["kind"] == "change"],
            "removals": ident.removals if ident else [],
            "explanation": self.explanation,
            "quotes": [q.to_dict() for q in self.quotes],
            "reminder": self.reminder,
            "backend": self.backend,
            "model": self.model,
            "prompt_hash": self.prompt_hash,
            "timings_ms": self.timings_ms,
        }


def target(corpus: Corpus, name: str | None) -> Resolved:
    """A file, stdin (-), or a license key / alias / model name."""
    if name in (None, "-"):
        return from_file(corpus, "-")
    path = Path(name).expanduser()
    if path.exists():
        return from_file(corpus, path)
    if corpus.lookup(name) is None:
        raise NotFoundError("file, license or model", name, corpus.suggestions(name))
    return from_name(corpus, name, "explicit")


def _tag(text: str) -> tuple[list[str], bool]:
    return rights.route(text), bool(RESTRICTIVE.search(text))


def card_rows(card: cards.Card) -> list[dict]:
    return [{**card.answer(name).to_dict(), "label": rights.rights()[name].label}
            for name in rights.names() if card.answer(name)]


def passages(resolved: Resolved) -> list[dict]:
    result = []
    for p in resolved.file_passages:
        touched, restricts = _tag(p.text)
        entry = {"kind": p.kind, "text": p.text, "start": p.start, "end": p.end, "rights": touched,
                 "restricts": restricts}
        if p.clause_id:
            entry["clause_id"] = p.clause_id
        result.append(entry)
    return result


@contextlib.contextmanager
def _token_budget(backend: Backend, tokens: int):
    previous = getattr(backend, "max_tokens", None)
    if previous is not None:
        backend.max_tokens = max(previous, tokens)
    try:
        yield
    finally:
        if previous is not None:
            backend.max_tokens = previous


def explain(resolved: Resolved, corpus: Corpus, backend_factory) -> Explanation:
    """`backend_factory` is called only when the LLM is needed (additions, changes or an unknown text)."""
    started = time.perf_counter()
    card = None if resolved.adhoc else cards.card_for(resolved.license_keys, resolved.addenda, corpus)
    found = passages(resolved)
    if card is not None:
        return _explain_card(resolved, corpus, card, found, backend_factory, started)
    return _explain_unknown(resolved, corpus, found, backend_factory(), started)


def rights_rows(resolved: Resolved, corpus: Corpus, card: cards.Card | None = None) -> list[dict] | None:
    """The card's rights for this license, with addenda applied and changed where a pasted file restricts them,
    by the same rule as `ask` (file_effects / restricted). None when there is no card."""
    card = card or (None if resolved.adhoc else cards.card_for(resolved.license_keys, resolved.addenda, corpus))
    if card is None:
        return None
    table = card_rows(card)
    for row in table:
        target = restricted(row["right"])
        if row["verdict"] != target and file_effects(resolved, row["right"]):
            row["verdict"] = target
            row["conditions"] = "Your copy adds or changes terms that restrict this. Base license: " + row["conditions"]
            row["source"] = PASTED_KEY
    return table


def _explain_card(resolved, corpus, card, found, backend_factory, started) -> Explanation:
    table = rights_rows(resolved, corpus, card)
    quotes = anchored_quotes(card, rights.names(), corpus)
    file_quotes = [Quote(PASTED_KEY, f"{PASTED_KEY}#{p['kind']}-{i + 1}", p["text"], p["start"], p["end"])
                   for i, p in enumerate(found)]
    verify(file_quotes + quotes, resolved, corpus)
    explanation, backend_name, model, prompt_hash, notes = card.summary, None, None, None, []
    generate_ms = 0.0
    if found:
        backend = backend_factory()
        system, task = prompts.load("system"), prompts.load("explain")
        changes = "\n".join(f"- ({p['kind']}) {' '.join(p['text'].split())[:400]}" for p in found[:8])
        schema = {"type": "object", "properties": {"explanation": {"type": "string", "maxLength": 500}},
                  "required": ["explanation"]}
        t = time.perf_counter()
        data = complete(backend, prompts.messages(system, task.render(license_name=resolved.name, changes=changes)),
                        schema)
        generate_ms = (time.perf_counter() - t) * 1000
        explanation = " ".join(str(data["explanation"]).split())
        backend_name, model, prompt_hash = backend.name, backend.model, prompts.combined_hash(system, task)
        restricting = [p for p in found if p["restricts"] and p["rights"]]
        if restricting:
            notes.append("your copy adds or changes terms that restrict: "
                         + ", ".join(sorted({r for p in restricting for r in p["rights"]})))
    total = (time.perf_counter() - started) * 1000
    return Explanation(resolved, card, table, found, explanation, file_quotes + quotes, backend_name, model,
                       prompt_hash, {"generate": round(generate_ms, 1), "total": round(total, 1)}, notes)


def _explain_unknown(resolved, corpus, found, backend, started) -> Explanation:
    key = resolved.key
    segments = clause_splitter.segment(key, source_text(resolved, corpus, key))
    lexical = LexicalIndex([c.text for c in segments]) if segments else None
    per_right: dict[str, Quote] = {}
    for name, right in rights.rights().items():
        if lexical is None:
            break
        scores = lexical.scores(expand_query(right.ask))
        best = max(range(len(segments)), key=lambda i: float(scores[i]))
        if float(scores[best]) > 0:
            c = segments[best]
            per_right[name] = Quote(key, c.id, c.text, c.start, c.end)
    context = list({q.clause_id: q for q in per_right.values()}.values())[:UNKNOWN_CONTEXT]
    block = "\n".join(f"[{q.clause_id}] {' '.join(q.text.split())[:UNKNOWN_CLAUSE_CHARS]}" for q in context)
    names = rights.names()
    schema = {"type": "object", "properties": {
        "rights": {"type": "object", "properties": {
            n: {"type": "object", "properties": {"verdict": {"enum": list(rights.VERDICTS)},
                                                 "reason": {"type": "string", "maxLength": 140}},
                "required": ["verdict", "reason"]} for n in names}, "required": names},
        "explanation": {"type": "string", "maxLength": 400}}, "required": ["rights", "explanation"]}
    system, task = prompts.load("system"), prompts.load("explain_unknown")
    t = time.perf_counter()
    with _token_budget(backend, UNKNOWN_MAX_TOKENS):
        task_text = task.render(clauses=block or "(empty)", choices=rights.choices())
        data = complete(backend, prompts.messages(system, task_text), schema)
    generate_ms = (time.perf_counter() - t) * 1000
    table = []
    for name in names:
        item = data["rights"].get(name, {})
        quote = per_right.get(name)
        table.append({"right": name, "label": rights.rights()[name].label, "verdict": item.get("verdict"),
                      "conditions": " ".join(str(item.get("reason", "")).split()), "source": "llm",
                      "clause_id": quote.clause_id if quote else None})
    quotes = context
    verify(quotes, resolved, corpus)
    total = (time.perf_counter() - started) * 1000
    return Explanation(resolved, None, table, found, " ".join(str(data["explanation"]).split()), quotes,
                       backend.name, backend.model, prompts.combined_hash(system, task),
                       {"generate": round(generate_ms, 1), "total": round(total, 1)},
                       ["no license card for this text: the verdicts below are the LLM's reading, check them"])
