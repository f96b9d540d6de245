"""Write `corpus/topic-examples.yaml`, the labelled questions the topic classifier of explainer/understand.py
learns routing from, beside the example questions we wrote.

    python -m explainer.evals.topic_examples [evals-dir] [corpus-file]

Only tuned questions are taken, as for the use examples (explainer/evals/use_examples.py): never the held-out
half, the untuned even ids of the split dev halves, nor a rewording of one. A case is labelled from its own
fields and its card, not by hand:

- the topic it was written for (its `topic` field), when that is one of our topics or rights;
- else the one topic of its card (a right, a fact, or `prohibited_use` for an item of the restriction list) whose
  anchor its evidence quotes: the clause that decides it;
- anything else (no card, no quoted anchor, anchors of several topics quoted) is left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from .. import config, topics, understand
from ..cards import Card
from .dataset import Case
from .use_examples import tuned_cases, words

MIN_ANCHOR_CHARS = 10  # shorter anchors ("the Model") are quoted by evidence about anything
HEADER = ("# Labelled questions for the topic classifier (explainer/understand.py), written by\n"
          "# `python -m explainer.evals.topic_examples` from the tuned eval cases (never the held-out half or the\n"
          "# untuned even ids): do not edit by hand. `topic`: the topic the case was written for when it is one of\n"
          "# ours, else the one topic of its card whose anchor its evidence quotes.\n")


def quoted_topics(case: Case, card: Card) -> set[str]:
    """The card's topics (rights, facts, `prohibited_use`) with an anchor the case's evidence quotes."""
    evidence = [words(quote) for quote in case.evidence]

    def quoted(anchors) -> bool:
        return any(len(words(a)) >= MIN_ANCHOR_CHARS and words(a) in quote for a in anchors for quote in evidence)

    found = {name for group in (card.rights, card.facts) for name, entry in group.items() if quoted(entry.anchors)}
    if any(quoted(entry.anchors) for entry in card.prohibited.values()):
        found.add(topics.PROHIBITED_USE)
    return found


def label(case: Case, card: Card | None) -> str | None:
    """The topic a case is an example of, or None when it is no example."""
    if case.topic in understand.topic_names():
        return case.topic
    found = quoted_topics(case, card) if card is not None else set()
    return found.pop() if len(found) == 1 else None


def build(evals_dir: Path) -> list[dict]:
    rows = []
    for case, card in tuned_cases(evals_dir):
        found = label(case, card)
        if found is not None:
            rows.append({"id": case.id, "topic": found, "text": case.question})
    return rows


def write(rows: list[dict], target: Path) -> None:
    body = yaml.safe_dump({"examples": rows}, allow_unicode=True, sort_keys=False, width=1000)
    target.write_text(HEADER + body, encoding="utf-8")


def main(argv: list[str]) -> int:
    evals_dir = Path(argv[0]) if argv else Path("evals")
    target = Path(argv[1]) if len(argv) > 1 else config.corpus_dir() / "topic-examples.yaml"
    rows = build(evals_dir)
    write(rows, target)
    print(f"{len(rows)} examples -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
