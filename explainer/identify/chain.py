"""Walk the matcher chain over a pasted text: rank the candidates once, ask each matcher in order, the first that
answers wins; below all of them, "unknown" with the 3 closest texts. Never a guess."""

from __future__ import annotations

import functools

import numpy as np

from .. import licensedb
from ..corpus import Corpus
from ..normalize import Tokens, text_hash, tokenize
from ..reader import MAX_BYTES, Pasted
from .diff import shift
from .known import build_known, licensedb_texts
from .matchers import (
    CONFIDENCE_THRESHOLD,
    MIN_BIGRAMS_FOR_CONTAINMENT,
    Context,
    LicenseMatcher,
    default_chain,
)
from .references import cross_check
from .result import Identification

CANDIDATES = 10


class Matcher:
    """The chain over one corpus: all LicenseDB texts (cached index) plus the user's own license files."""

    def __init__(self, corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD,
                 chain: tuple[LicenseMatcher, ...] | None = None):
        self.corpus = corpus
        self.threshold = threshold
        self.chain = chain if chain is not None else default_chain(threshold)
        self.known = licensedb_texts()
        self.user = {d.key: d for d in corpus.user_documents()}
        self._user_known = build_known([(d.key, d.body) for d in self.user.values()]) if self.user else None

    def body_of(self, key: str) -> str:
        return self.user[key].body if key in self.user else licensedb.load(key).body

    def name_of(self, key: str) -> str:
        return self.corpus.license_name(key) if key not in self.user else self.user[key].name

    def _rank(self, tokens: Tokens) -> list[dict]:
        """Best candidates with dice, coverage (share of the known text present) and exactness."""
        rows = []
        for known in filter(None, (self.known, self._user_known)):
            query = known.bigrams_of(tokens.words)
            if not len(query):
                continue
            overlap = known.overlaps(query)
            dice = 2 * overlap / np.maximum(known.sizes + len(query), 1)
            coverage = overlap / np.maximum(known.sizes, 1)
            best = np.argsort(-dice, kind="stable")[:CANDIDATES]
            best_cover = np.argsort(-(coverage * (known.sizes >= MIN_BIGRAMS_FOR_CONTAINMENT)), kind="stable")[:CANDIDATES]
            for i in dict.fromkeys([*best.tolist(), *best_cover.tolist()]):
                rows.append({"key": known.keys[i], "dice": float(dice[i]), "coverage": float(coverage[i]),
                             "precision": float(overlap[i] / len(query)),
                             "bigrams": int(known.sizes[i]), "hash": known.hashes[i]})
        digest = text_hash(tokens.text)
        for row in rows:
            row["exact"] = row.pop("hash") == digest
        rows.sort(key=lambda r: (-r["exact"], -r["dice"], not self._preferred(r["key"]), r["key"]))
        return rows

    def _preferred(self, key: str) -> bool:
        return key in self.corpus.licenses or key in self.user

    def context(self, pasted: Pasted) -> Context:
        """What the matchers see: the text's tokens and its ranked candidates, computed once."""
        tokens = tokenize(pasted.text)
        ranked = self._rank(tokens) if tokens.words else []
        closest = [{"key": r["key"], "name": self.name_of(r["key"]), "score": round(r["dice"], 4)}
                   for r in ranked[:3] if r["dice"] > 0]
        return Context(pasted, tokens, ranked, closest, self.corpus, self.name_of, self.body_of, self._preferred)

    def identify(self, pasted: Pasted) -> Identification:
        ctx = self.context(pasted)
        winner, result = None, None
        for step in self.chain:
            result = step.match(ctx)
            if result is not None:
                winner = step
                break
        if result is None:
            result = Identification(None, None, ctx.top["dice"] if ctx.top else 0.0, 0.0, [], ctx.closest)
        result.references = ctx.references
        if pasted.truncated:
            result.warnings.append(f"input truncated to its first {MAX_BYTES // 1_000_000} MB")
        if result.known and pasted.body_offset:
            shift(result, pasted.body_offset)
        if winner is not None and winner.reads_text:
            cross_check(result, ctx.references)
        return result


def identify_text(text: str, corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD) -> Identification:
    """Identify text already in memory (tests, chat /paste, evals); front matter is split off first."""
    from ..reader import split_front_matter

    front_matter, body, offset = split_front_matter(text)
    return identify(Pasted(text=body, front_matter=front_matter, body_offset=offset), corpus, threshold)


def identify(pasted: Pasted, corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD) -> Identification:
    return matcher(corpus, threshold).identify(pasted)


@functools.lru_cache(maxsize=8)
def matcher(corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD) -> Matcher:
    """One matcher per corpus and threshold in a process (loading the cached index costs ~0.3 s)."""
    return Matcher(corpus, threshold)
