"""Evidence: quotes are clauses of a text, with exact offsets, checked against their source before anything shows.

A quote is never written by a model: it is a clause of the corpus (or of the user's pasted file) picked by a card
anchor, by retrieval, or by an added passage, and `verify` re-reads the source at its offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

from .corpus import Corpus, split
from .errors import StorageError
from .resolve import PASTED_KEY, FilePassage, Resolved


@dataclass(frozen=True)
class Quote:
    license_key: str
    clause_id: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"license_key": self.license_key, "clause_id": self.clause_id, "text": self.text,
                "start": self.start, "end": self.end}


def of_clause(clause) -> Quote:
    return Quote(clause.license_key, clause.id, clause.text, clause.start, clause.end)


def of_passage(passage: FilePassage, number: int) -> Quote:
    """A passage your file adds or changes, quoted from your file (key `pasted`)."""
    return Quote(PASTED_KEY, f"{PASTED_KEY}#{passage.kind}-{number}", passage.text, passage.start, passage.end)


def source_text(resolved: Resolved, corpus: Corpus, key: str) -> str:
    if key == PASTED_KEY and resolved.pasted is not None:
        return resolved.pasted.text
    return corpus.document(key).body


def clauses(resolved: Resolved, corpus: Corpus, key: str) -> list:
    """The clauses of one of the answer's texts: the corpus split, or the split of the pasted text."""
    if key == PASTED_KEY:
        return list(split(key, source_text(resolved, corpus, key)))
    return corpus.clauses(key)


def clause(corpus: Corpus, key: str, clause_id: str) -> Quote | None:
    found = next((c for c in corpus.clauses(key) if c.id == clause_id), None)
    return of_clause(found) if found else None


def verify(quotes: list[Quote], resolved: Resolved, corpus: Corpus) -> None:
    """Every quote must equal its source at its offsets; a mismatch means a stale index, never a shown quote."""
    for quote in quotes:
        body = source_text(resolved, corpus, quote.license_key)
        if body[quote.start:quote.end] != quote.text:
            raise StorageError(f"quote {quote.clause_id} does not match its source text",
                               hint="the index is stale: run `explainer index --rebuild`")


def unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[str, str]] = set()
    result = []
    for quote in quotes:
        if (quote.license_key, quote.clause_id) not in seen:
            seen.add((quote.license_key, quote.clause_id))
            result.append(quote)
    return result
