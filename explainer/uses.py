"""Semantic recognition of the use a question describes, beside the regular expressions of topics.yaml.

A question can name a prohibited use in words no vocabulary lists ("users snap their skin spots and the model
assesses whether they might be melanoma" is medical advice). This matcher compares the question's sentences and
clauses with short descriptions of each use's category of activity (`corpus/uses.yaml`) by MiniLM sentence
similarity (explainer/embeddings.py). A use is recognised when one passage is near one of its descriptions
(`MIN_SIMILARITY`) and clearly nearer than to every description of an ordinary, allowed activity (`MARGIN` over
the `harmless:` descriptions), so "a tutoring app" or "npc dialogue" is not taken for a restriction.

Deterministic and offline; the descriptions' vectors are computed once and kept in the cache folder. Without the
ONNX export (embeddings unavailable) it finds nothing, and the regular expressions answer alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from . import config, embeddings, rights, yamlio
from .errors import StorageError

# Chosen on the dev suites (questions-dev..dev4, para, core): recall of the uses their topics name against the
# share of questions about other topics that get a use (see tests/test_uses.py for the harmless cases).
MIN_SIMILARITY = 0.45  # a passage this near a use's description can describe that use
MARGIN = 0.1  # ... and must be this much nearer to it than to any ordinary activity
RUNNER_UP_SHARE = 0.97  # a second use counts when its similarity is this share of the best one's
MAX_USES = 2  # uses reported per question: the best and one close runner-up
MIN_CLAUSE_WORDS = 3  # shorter pieces ("allowed?", "lol") say nothing about an activity
MAX_TEXT_CHARS = 1200  # longer texts are not questions (a license passage): not compared

# A user's words about their own activity: a question mark or the first person. License sentences (which autocard
# and decide also pass to topics.uses_in) have neither; they are read by the terms alone, which were written from
# the licenses' own vocabulary, and comparing every sentence of a license would cost seconds per text.
USERS_WORDS = re.compile(r"\?|\b(?:i|i'm|i'd|i've|i'll|my|me|mine|myself|we're|we'd|we've|we'll)\b")

CLAUSE_BREAKS = re.compile(r"[.;:!?\n]+|,\s+|\s+-+\s+|\s+(?:and|but|so|because|while|though|although|then)\s+")
SENTENCE_BREAKS = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Descriptions:
    names: tuple[str, ...]  # the use of each description, "" for a harmless one
    texts: tuple[str, ...]


@lru_cache(maxsize=2)
def _load(path: str) -> Descriptions:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)
        names, texts = [], []
        for name, items in data["uses"].items():
            for text in items:
                names.append(str(name))
                texts.append(str(text))
        for text in data.get("harmless") or ():
            names.append("")
            texts.append(str(text))
        return Descriptions(tuple(names), tuple(texts))
    except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the use descriptions {path}: {exc}") from exc


def descriptions() -> Descriptions:
    """The uses' descriptions, and as ordinary activities the harmless ones and every right's own question ("May
    I use the images, text or other outputs I generate commercially?"): what a license grants is never taken for
    one of its restrictions."""
    known = _load(str(config.corpus_dir() / "uses.yaml"))
    asks = tuple(right.ask for right in rights.rights().values() if right.ask)
    return Descriptions(known.names + ("",) * len(asks), known.texts + asks)


@lru_cache(maxsize=2)
def _vectors(texts: tuple[str, ...]) -> np.ndarray | None:
    """The descriptions' vectors, computed once per set of descriptions and kept in the cache folder."""
    return embeddings.cached_vectors(texts, "use-descriptions")


def passages(text: str) -> list[str]:
    """The pieces of a question compared with the descriptions: each sentence and each clause of it (split at
    commas, semicolons and conjunctions), the ones too short to describe an activity left out."""
    pieces: list[str] = []
    for sentence in SENTENCE_BREAKS.split(text):
        sentence = sentence.strip()
        if len(sentence.split()) >= MIN_CLAUSE_WORDS:
            pieces.append(sentence)
        for clause in CLAUSE_BREAKS.split(sentence):
            clause = clause.strip()
            if len(clause.split()) >= MIN_CLAUSE_WORDS and clause not in pieces:
                pieces.append(clause)
    return pieces


def similarities(text: str) -> dict[str, float]:
    """For each use and for "" (the harmless activities): the best similarity between any passage of the text and
    any of its descriptions. Empty when embeddings are unavailable or the text has no passage."""
    known = descriptions()
    vectors = _vectors(known.texts)
    pieces = passages(text)
    if vectors is None or not pieces:
        return {}
    query = np.asarray(embeddings.embedder()(pieces), dtype=np.float32)
    sims = query @ vectors.T  # passages x descriptions
    best = sims.max(axis=0)
    per_name: dict[str, float] = {}
    for name, value in zip(known.names, best):
        if value > per_name.get(name, -1.0):
            per_name[name] = float(value)
    return per_name


@lru_cache(maxsize=512)
def semantic_uses(text: str) -> tuple[str, ...]:
    """The uses the text describes by meaning, best first (at most MAX_USES); () when none is clearly meant."""
    if len(text) > MAX_TEXT_CHARS or not USERS_WORDS.search(text.lower()):
        return ()
    per_name = similarities(text)
    if not per_name:
        return ()
    harmless = per_name.pop("", 0.0)
    ranked = sorted(per_name.items(), key=lambda item: -item[1])
    top = ranked[0][1]
    chosen = [name for name, value in ranked[:MAX_USES]
              if value >= MIN_SIMILARITY and value - harmless >= MARGIN and value >= top * RUNNER_UP_SHARE]
    return tuple(chosen)
