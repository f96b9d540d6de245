"""Write `corpus/use-examples.yaml`, the labelled questions explainer/learned_uses.py learns uses from.

    python -m explainer.evals.use_examples [evals-dir] [corpus-file]

Only tuned questions are taken: never the held-out half (`questions-test`) nor the even ids of the dev halves from
dev13 on, which are kept untuned (evals/README.md), nor a rewording of one. A case is labelled from its own
evidence and the card of its license, not by hand:

- a use: the card's `prohibited_uses` items whose anchor its evidence quotes, when it is answered `no` (the
  question describes the forbidden activity, not an exception to it);
- none: a case on a license with a restriction list whose evidence quotes no item, not answered `no`;
- anything else (no card, no list, a `no` for another reason) is left out, and so is a question about any use at
  all ("can I use it for anything I want?"): its evidence quotes an item as an instance, and it names none.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from .. import config
from ..corpus import load
from ..decide import card_of
from ..understand import data as understanding, fold
from .dataset import Case, case_text, load_suite, resolve_case

HELD_OUT = ("questions-test", "identify")
FIRST_SPLIT_HALF = 13  # dev halves from this number on keep their even ids untuned
SPLIT_ID = re.compile(r"^(?:rw-)?qdev(\d+)-(\d+)")
HEADER = ("# Labelled questions for explainer/learned_uses.py, written by `python -m explainer.evals.use_examples`\n"
          "# from the tuned eval cases (never the held-out half or the untuned even ids): do not edit by hand.\n"
          "# `use`: the card item the case's evidence quotes (answered `no`); none: a case on a license with a list\n"
          "# whose evidence quotes no item. `not_by_example`: uses whose meaning is a step left out (similarity\n"
          "# does not see the \"without\"), never learned.\n")
NOT_BY_EXAMPLE = ("undisclosed_ai", "undisclosed_dangers")


def tuned(case_id: str) -> bool:
    """A case whose question may be learned from: not an untuned even id of a split dev half (or its rewording)."""
    found = SPLIT_ID.match(case_id)
    return not found or int(found.group(1)) < FIRST_SPLIT_HALF or int(found.group(2)) % 2 == 1


def words(text: str) -> str:
    """The text as anchors and evidence are compared: lower-case words and digits, single-spaced."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def labels(case: Case, prohibited: dict) -> list[str] | None:
    """The uses a case is an example of ([] for none), or None when it is no example."""
    evidence = " ".join(words(quote) for quote in case.evidence)
    quoted = sorted(use for use, entry in prohibited.items()
                    if any(words(anchor) and words(anchor) in evidence for anchor in entry.anchors))
    if quoted and case.answer == "no":
        return quoted
    if not quoted and case.answer not in ("no", None):
        return []
    return None


def tuned_cases(evals_dir: Path):
    """Every tuned case that asks a question, with the card of its license (None when it has none)."""
    corpus = load()
    for path in sorted(evals_dir.glob("*.jsonl")):
        if path.stem in HELD_OUT:
            continue
        for case in load_suite(path).cases:
            if case.expected_key is None and case.question and tuned(case.id):
                yield case, card_of(resolve_case(case, corpus, evals_dir, case_text(case, evals_dir)), corpus)


def build(evals_dir: Path) -> list[dict]:
    rows = []
    for case, card in tuned_cases(evals_dir):
        if understanding().unrestricted.search(fold(case.question)):
            continue
        found = labels(case, card.prohibited) if card is not None and card.prohibited else None
        if found is None:
            continue
        rows += [{"id": case.id, "use": use, "text": case.question} for use in found] or \
            [{"id": case.id, "text": case.question}]
    return rows


def write(rows: list[dict], target: Path) -> None:
    body = yaml.safe_dump({"not_by_example": list(NOT_BY_EXAMPLE), "examples": rows}, allow_unicode=True,
                          sort_keys=False, width=1000)
    target.write_text(HEADER + body, encoding="utf-8")


def main(argv: list[str]) -> int:
    evals_dir = Path(argv[0]) if argv else Path("evals")
    target = Path(argv[1]) if len(argv) > 1 else config.corpus_dir() / "use-examples.yaml"
    rows = build(evals_dir)
    write(rows, target)
    print(f"{len(rows)} examples ({sum(1 for row in rows if 'use' in row)} with a use) -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
