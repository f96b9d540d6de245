"""Competing products: a license that needs a separate license (or forbids use) when your product is similar to or
competes with the licensor's, whatever your size (HyperCLOVA X SEED: "… substantially similar to or directly
competes with any product and service provided by NAVER … must request a license").

The rule is read from the text's own sentence (corpus/competition.yaml `clause`); whether the question's product
competes is read by meaning: the question's passages against the licensor's products (data per license key) by
MiniLM similarity, as explainer/policies.py reads exceptions, or the question likening its product to the licensor
by name ("kind of like naver's"). A competing product overrides "under the cap, allowed"."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from . import config, embeddings, understand, uses, yamlio
from . import decide as _decide
from .quotes import of_clause, unique

TOPIC = "separate_license"
MIN_PRODUCT_SIMILARITY = 0.35  # a question passage at least this near a licensor product may describe it
PRODUCT_MARGIN = 0.1  # … and nearer to it than to any unrelated product by this much
ANSWERED_KINDS = ("permission", "threshold", "obligation")


@lru_cache(maxsize=1)
def data() -> dict:
    with open(config.corpus_dir() / "competition.yaml", encoding="utf-8") as f:
        return yamlio.load(f)


def licensor(key: str) -> dict | None:
    return (data().get("licensors") or {}).get(key)


def rule_sentence(resolved, corpus):
    """The text's competing-product sentence with its part, or None when the text sets no such rule."""
    clause = re.compile(data()["clause"])
    return next(((s, p) for s, p in _decide._text_sentences(resolved, corpus) if clause.search(s)), None)


def likened(question: str, names: list[str]) -> bool:
    """The question sets its product beside the licensor by name ("a portal kind of like naver's")."""
    pattern = data()["likened"].replace("{names}", "|".join(re.escape(n) for n in names))
    return bool(re.search(pattern, question))


def describes_product(question: str, products: list[str]) -> bool:
    """A passage of the question (or the whole of it) is near a licensor product and nearer to it than to any
    unrelated product; False without embeddings."""
    function = embeddings.embedder()
    pieces = list(dict.fromkeys([question, *uses.passages(question)]))
    unrelated = list(data().get("unrelated") or [])
    vectors = embeddings.cached_vectors(tuple(products + unrelated), "licensor-products") if function else None
    if vectors is None or not pieces:
        return False
    sims = np.asarray(function(pieces), dtype=np.float32) @ vectors.T
    near, other = sims[:, :len(products)].max(axis=1), sims[:, len(products):].max(axis=1, initial=0.0)
    return bool(np.any((near >= MIN_PRODUCT_SIMILARITY) & (near - other >= PRODUCT_MARGIN)))


def competes(question: str, found: dict) -> bool:
    """The product the question describes competes with the licensor's (and the question does not deny it)."""
    if re.search(data()["denied"], question):
        return False
    return likened(question, found.get("names", [])) or describes_product(question, list(found.get("products", [])))


def apply_competition(resolved, asked, decision, corpus):
    """"Fine under the standard license, we're a small search engine?": no, when the text needs a separate license
    for a competing product and the question's product competes; "do we need a separate license?": yes."""
    found = licensor(resolved.key) if getattr(resolved, "key", None) else None
    if found is None or asked.kind not in ANSWERED_KINDS:
        return decision
    polarity = _decide._polarity(asked)
    open_verdicts = ("no", "conditional") if polarity == "obligation" else ("yes", "conditional")
    if decision.verdict not in open_verdicts:
        return decision
    question = understand.fold(asked.question)
    rule = rule_sentence(resolved, corpus)
    if rule is None or not competes(question, found):
        return decision
    verdict = "yes" if polarity == "obligation" else "no"
    sentence, part = rule
    return replace(decision, topic=TOPIC, verdict=verdict, source="card",
                   conditions=f"A product similar to or competing with the licensor's needs a separate license, "
                              f"whatever its size: {sentence}",
                   quotes=tuple(unique([of_clause(part), *decision.quotes[:1]])),
                   notes=(*decision.notes, "your product is like one the licensor offers"))
