"""How often independent annotators agree on a suite's verdicts, and how the tool compares with them.

A suite's labels (annotator A, its writer) are compared with blind relabels of the same questions by other
annotators (`evals/relabel/<suite>.<NAME>.jsonl`: id, kind, answer, evidence, confidence, rationale; written from the
license texts, without A's labels, the tool or its cards). The tool's verdicts are decide-only, as `explainer eval`
decides them without a backend (understand, then decide).

  pairwise   the share of questions two annotators label alike (A-B, A-C, B-C, ...)
  tool       the share the tool's verdict equals each annotator's
  unanimous  the questions every annotator labels alike, and the tool's accuracy on them
  majority   the tool's agreement with the majority label, where there is one

This puts the tool's accuracy beside the agreement two careful readers reach on the same questions: the ceiling a
single writer's labels allow.

    python bench/label_agreement.py [--even] [questions-dev15 questions-dev16 ...]

`--even` keeps the even ids only: the half of dev13-dev16 never tuned on (evals/README.md), where the tool's
figures are not lifted by fixes found on the same questions.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

from explainer import corpus as corpus_module
from explainer import decide, understand
from explainer.evals.dataset import load_suite, resolve_case

EVALS = Path(__file__).resolve().parent.parent / "evals"


def relabels(suite: str) -> dict[str, dict[str, dict]]:
    """{annotator: {case id: label}} for the suite's relabel files."""
    found = {}
    for path in sorted((EVALS / "relabel").glob(f"{suite}.*.jsonl")):
        name = path.name[len(suite) + 1:-len(".jsonl")]
        with path.open(encoding="utf-8") as handle:
            found[name] = {row["id"]: row for row in (json.loads(line) for line in handle if line.strip())}
    return found


def tool_verdicts(suite: str, corpus) -> dict[str, str]:
    path = EVALS / f"{suite}.jsonl"
    verdicts = {}
    for case in load_suite(path).cases:
        if case.task != "qa":
            continue
        resolved = resolve_case(case, corpus, path.parent)
        verdicts[case.id] = decide.decide(resolved, understand.understand(case.question), corpus).verdict
    return verdicts


def main(suites: list[str], even_only: bool = False) -> None:
    corpus = corpus_module.load()
    totals: Counter = Counter()
    for suite in suites:
        others = relabels(suite)
        if not others:
            print(f"{suite}: no relabel files in {EVALS / 'relabel'}")
            continue
        labels = {"A": {c.id: c.answer for c in load_suite(EVALS / f"{suite}.jsonl").cases if c.task == "qa"}}
        labels.update({name: {i: row["answer"] for i, row in rows.items()} for name, rows in others.items()})
        tool = tool_verdicts(suite, corpus)
        ids = [i for i in labels["A"] if all(i in by for by in labels.values())
               and (not even_only or int(i.rsplit("-", 1)[1]) % 2 == 0)]
        counts: Counter = Counter(n=len(ids))
        for first, second in combinations(labels, 2):
            counts[f"{first}-{second}"] = sum(labels[first][i] == labels[second][i] for i in ids)
        for name in labels:
            counts[f"tool-{name}"] = sum(tool[i] == labels[name][i] for i in ids)
        for i in ids:
            votes = Counter(by[i] for by in labels.values())
            label, count = votes.most_common(1)[0]
            if count == len(labels):
                counts["unanimous"] += 1
                counts["tool on unanimous"] += tool[i] == label
            if count * 2 > len(labels):
                counts["with a majority"] += 1
                counts["tool-majority"] += tool[i] == label
        report(suite, counts)
        totals.update(counts)
    if len(suites) > 1:
        report("all", totals)


def report(name: str, counts: Counter) -> None:
    n = counts["n"]
    print(f"{name}: {n} questions")
    for key in sorted(k for k in counts if "-" in k and not k.startswith("tool")):
        print(f"  agreement {key:10} {counts[key] / n:.3f} ({counts[key]}/{n})")
    for key in sorted(k for k in counts if k.startswith("tool-") and k != "tool-majority"):
        print(f"  {key:20} {counts[key] / n:.3f} ({counts[key]}/{n})")
    if counts["with a majority"]:
        m = counts["with a majority"]
        print(f"  tool-majority        {counts['tool-majority'] / m:.3f} ({counts['tool-majority']}/{m})")
    if counts["unanimous"]:
        u = counts["unanimous"]
        print(f"  unanimous            {u}/{n}; tool right on {counts['tool on unanimous']} "
              f"({counts['tool on unanimous'] / u:.3f})")


if __name__ == "__main__":
    named = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(named or ["questions-dev15", "questions-dev16"], even_only="--even" in sys.argv)
