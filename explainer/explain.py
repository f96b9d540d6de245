"""Explain a whole license: every right and fact as the decision core decides it (or, for an unknown text, a
per-right reading marked as such), the additions and changes identify found and what they touch, the deciding
clauses quoted, and the reminder."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import REMINDER, cards, decide, explanation, generate, lineage, prompts, rights, topics, understand
from .corpus import Corpus
from .errors import NotFoundError
from .index import LexicalIndex, expand_query
from .quotes import Quote, clauses, of_clause, of_passage, unique, verify
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
    facts: list[dict] = field(default_factory=list)
    explanation_source: str = "card"  # card (the card's summary) | llm | fallback
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
            "facts": self.facts,
            "explanation_source": self.explanation_source,
            "notes": self.notes,
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


def row(decision: decide.Decision, card: cards.Card | None) -> dict:
    """One line of the rights table, as every surface shows it."""
    entry = {"right": decision.topic, "label": understand.topic_label(decision.topic), "verdict": decision.verdict,
             "conditions": decision.conditions, "source": decision.origin or decision.source,
             "verdict_source": decision.source, "clause_ids": decision.clause_ids}
    answer = card.answer(decision.topic) if card is not None else None
    if answer is not None and answer.items:
        entry["items"] = list(answer.items)
    if answer is not None and answer.value:
        entry["value"] = answer.value
    return entry


def rights_rows(resolved: Resolved, corpus: Corpus, names: list[str] | None = None) -> list[dict] | None:
    """The rights (or the named topics) as the decision core decides them for this license: addenda applied,
    lowered where your file restricts them. None when there is no card."""
    card = decide.card_of(resolved, corpus)
    decisions = decide.table(resolved, corpus, names)
    if decisions is None:
        return None
    return [row(d, card) for d in decisions]


def passages(resolved: Resolved) -> list[dict]:
    """The additions and changes of a pasted file, each with the topics it restricts or requires."""
    result = []
    names = [*rights.names(), *topics.fact_names()]
    for number, passage in enumerate(resolved.file_passages, 1):
        touched = decide.passage_effects(passage, names)
        entry = {"kind": passage.kind, "text": passage.text, "start": passage.start, "end": passage.end,
                 "rights": sorted(touched), "restricts": any(e == "restricts" for e in touched.values()),
                 "clause_id": passage.clause_id or f"{PASTED_KEY}#{passage.kind}-{number}"}
        result.append(entry)
    return result


def explain(resolved: Resolved, corpus: Corpus, backend_factory, without_card: bool = False) -> Explanation:
    """`backend_factory` is called only when the LLM is needed (additions, changes or an unknown text)."""
    started = time.perf_counter()
    card = decide.card_of(resolved, corpus, without_card)
    found = passages(resolved)
    if card is not None:
        return _explain_card(resolved, corpus, card, found, backend_factory, started)
    return _explain_unknown(resolved, corpus, found, backend_factory(), started)


def _explain_card(resolved, corpus, card, found, backend_factory, started) -> Explanation:
    decisions = decide.table(resolved, corpus) or []
    facts = [decide.decide_topic(resolved, name, corpus, card) for name in topics.fact_names() if card.answer(name)]
    file_quotes = [of_passage(p, i + 1) for i, p in enumerate(resolved.file_passages)]
    quotes = unique(file_quotes + [q for d in decisions for q in d.quotes])
    verify(quotes, resolved, corpus)
    text, source, backend_name, model, prompt_hash, notes = card.summary, "card", None, None, None, []
    generate_ms = 0.0
    if found:
        backend = backend_factory()
        t = time.perf_counter()
        written = explanation.Written()
        changes = "\n".join(f"- ({p['kind']}) {' '.join(p['text'].split())[:400]}" for p in found[:8])
        allowed = {*resolved.license_keys, *resolved.addenda, PASTED_KEY}
        text = "".join(explanation.describe("explain", backend, corpus, allowed, written, _changes_fallback(found),
                                            license_name=resolved.name, changes=changes)).strip()
        source = written.source
        generate_ms = (time.perf_counter() - t) * 1000
        backend_name, model = backend.name, backend.model
        prompt_hash = prompts.combined_hash(prompts.load("system_plain"), prompts.load("explain"))
        restricting = sorted({r for p in found if p["restricts"] for r in p["rights"]})
        if restricting:
            notes.append("your copy adds or changes terms that restrict: " + ", ".join(restricting))
    if resolved.model:
        notes += lineage.notes(corpus, resolved.model)
    total = (time.perf_counter() - started) * 1000
    return Explanation(resolved, card, [row(d, card) for d in decisions], found, text, quotes, backend_name, model,
                       prompt_hash, {"generate": round(generate_ms, 1), "total": round(total, 1)}, notes,
                       [row(d, card) for d in facts], source)


def _changes_fallback(found: list[dict]) -> str:
    touched = sorted({understand.topic_label(r).lower() for p in found for r in p["rights"]})
    if not touched:
        return f"Your copy adds or changes {len(found)} passage(s); none of them changes a right we track."
    return (f"Your copy adds or changes {len(found)} passage(s) of the standard text. They concern: "
            + "; ".join(touched) + ". The rights table shows their effect.")


def _explain_unknown(resolved, corpus, found, backend, started) -> Explanation:
    from . import autocard  # the auto-card's rows (verdict, confidence, clause) when the classifier can read it

    auto = autocard.explanation(resolved, corpus, found, started)
    if auto is not None:
        return auto
    key = resolved.key
    segments = clauses(resolved, corpus, key)
    lexical = LexicalIndex([c.text for c in segments]) if segments else None
    per_right: dict[str, Quote] = {}
    for name, right in rights.rights().items():
        if lexical is None:
            break
        scores = lexical.scores(expand_query(right.ask))
        best = max(range(len(segments)), key=lambda i: float(scores[i]))
        if float(scores[best]) > 0:
            per_right[name] = of_clause(segments[best])
    context = list({q.clause_id: q for q in per_right.values()}.values())[:UNKNOWN_CONTEXT]
    block = "\n".join(f"[{q.clause_id}] {' '.join(q.text.split())[:UNKNOWN_CLAUSE_CHARS]}" for q in context)
    system, task = prompts.load("system"), prompts.load("explain_unknown")
    t = time.perf_counter()
    with generate.budget(backend, UNKNOWN_MAX_TOKENS, at_least=True):
        data = generate.structured(backend, system, task, clauses=block or "(empty)", choices=rights.choices())
    generate_ms = (time.perf_counter() - t) * 1000
    table = []
    for name in rights.names():
        item = data["rights"].get(name, {})
        quote = per_right.get(name)
        table.append({"right": name, "label": rights.rights()[name].label, "verdict": item.get("verdict"),
                      "conditions": " ".join(str(item.get("reason", "")).split()), "source": "llm",
                      "clause_id": quote.clause_id if quote else None})
    verify(context, resolved, corpus)
    total = (time.perf_counter() - started) * 1000
    summary = ("We do not recognise this license, so there is no card for it: the table below is the model's "
               "reading of the clauses shown, not a checked answer.")
    return Explanation(resolved, None, table, found, summary, context, backend.name, backend.model,
                       prompts.combined_hash(system, task),
                       {"generate": round(generate_ms, 1), "total": round(total, 1)},
                       ["no license card for this text: the verdicts below are the LLM's reading, check them"],
                       explanation_source="fallback")
