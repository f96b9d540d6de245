"""The use a question describes, learned from labelled questions: the last of three readings in `topics.uses_in`.

The terms of topics.yaml are precise, and the descriptions of uses.yaml (explainer/uses.py) catch activities told
in other words; both were written by us. Users tell their activity in ways neither foresaw ("auto-scores and denies
health insurance claims"). `corpus/use-examples.yaml` holds questions from the tuned eval halves, each labelled
with the use whose card item its evidence quotes (answered `no`), or with none (a question on a license with a
restriction list whose evidence quotes no item, not answered `no`); `python -m explainer.evals.use_examples`
writes it. A question is compared with all of them by MiniLM sentence similarity:

- a use is learned when its NEIGHBOURS nearest examples are at least MIN_SIMILARITY near on average and MARGIN
  nearer than the nearest examples of no use;
- and only when the descriptions' matcher ranks that same use first among all uses (without its thresholds):
  a whole question is also near examples that share its setting or its wording, not its activity ("a finetuned
  model on huggingface" near a question about stripping the safety filter of a finetune), and the descriptions
  are compared with the question's clauses, so the two agree on an activity, not on a setting;
- a use whose meaning is a step left out (`not_by_example`: undisclosed AI, undisclosed dangers) is never learned:
  similarity does not see the "without", and a bot that posts is near one that posts without a label.

Measured on the untuned even ids of the dev halves, each suite left out of the examples when its own questions
are scored: 5 verdicts gained of 2,640, none lost; in the tuned suites 2 gained, none lost (evals/README.md, with
the variants tried and why they were not kept). Without the ONNX export it finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from . import config, embeddings, uses, yamlio
from .errors import StorageError

NEIGHBOURS = 3  # the similarity of a use (and of "no use") = mean of its best k examples' similarities
MIN_SIMILARITY = 0.5  # the first setting tried; the variants after it were judged by what the tuned suites lost
MARGIN = 0.03  # ... nearer than the best examples of questions that name no use
TIE = 1e-6  # uses whose best examples are this near each other tie: the examples do not choose between them
FILE = "use-examples.yaml"


@dataclass(frozen=True)
class Examples:
    texts: tuple[str, ...]  # as compared: lower-cased, denied clauses and model names taken out
    names: tuple[str, ...]  # the use of each example, "" for none
    not_by_example: frozenset[str]


def comparable(text: str) -> str:
    """The text as examples and questions are compared: folded, without what it denies or the model's name."""
    return uses.compared(" ".join(text.lower().split()))


@lru_cache(maxsize=2)
def _load(path: str) -> Examples:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle) or {}
        rows = data.get("examples") or []
        return Examples(tuple(comparable(str(row["text"])) for row in rows),
                        tuple(str(row.get("use") or "") for row in rows),
                        frozenset(str(name) for name in data.get("not_by_example") or ()))
    except FileNotFoundError:
        return Examples((), (), frozenset())
    except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the labelled use examples {path}: {exc}") from exc


def examples() -> Examples:
    return _load(str(config.corpus_dir() / FILE))


@lru_cache(maxsize=1)
def _vectors(texts: tuple[str, ...]) -> np.ndarray | None:
    return embeddings.cached_vectors(texts, "use-examples")


def _mean_best(similarities: np.ndarray) -> float:
    return float(np.sort(similarities)[-NEIGHBOURS:].mean()) if similarities.size else -1.0


def nearest(text: str) -> tuple[tuple[str, ...], float, float] | None:
    """The uses whose examples are nearest the text (more than one when their examples tie: one question labelled
    with two uses), in the order of their names, never of a set's hashing; their similarity; and that of the
    examples of no use."""
    known = examples()
    vectors = _vectors(known.texts)
    function = embeddings.embedder()
    if vectors is None or function is None:
        return None
    similarities = vectors @ np.asarray(function([comparable(text)])[0], dtype=np.float32)
    names = np.asarray(known.names)
    per_use = {name: _mean_best(similarities[names == name]) for name in sorted(set(known.names)) if name}
    if not per_use:
        return None
    top = max(per_use.values())
    tied = tuple(name for name, value in per_use.items() if value >= top - TIE)
    return tied, top, _mean_best(similarities[names == ""])


@lru_cache(maxsize=512)
def learned_use(text: str) -> str | None:
    """The use the user's text describes by its labelled examples, when the descriptions agree; None otherwise.
    Uses whose examples tie are told apart by the descriptions."""
    if len(text) > uses.MAX_TEXT_CHARS or not uses.USERS_WORDS.search(text.lower()):
        return None
    found = nearest(text)
    if found is None:
        return None
    tied, similarity, none_similarity = found
    if similarity < MIN_SIMILARITY or similarity - none_similarity < MARGIN:
        return None
    described = {use: value for use, value in uses.similarities(comparable(text)).items() if use}
    name = max(tied, key=lambda use: described.get(use, -1.0))
    if name in examples().not_by_example:
        return None
    return name if described and max(described, key=described.get) == name else None
