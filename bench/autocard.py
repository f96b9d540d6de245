"""Leave-one-card-out accuracy of the auto-card: for every card, a model trained without it (and its extends
ancestors; --strict: its whole extends family) reads the card's own text, topic by topic."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict

from explainer import autocard, understand
from explainer.corpus import Corpus


def run(strict: bool = False, limit: int | None = None, verbose: bool = False):
    corpus = Corpus()
    data = autocard.dataset(corpus)
    by_card = defaultdict(list)
    for entry in data.entries:
        by_card[entry.card].append(entry)
    rows = []
    majority = 0
    for entry in data.entries:  # baseline: the verdict most cards give the topic, the held-out card left out
        withheld = autocard.withheld_for([entry.card], corpus, strict=strict)
        said = Counter(e.verdict for e in data.entries if e.topic == entry.topic and e.card not in withheld)
        majority += said.most_common(1)[0][0] == entry.verdict
    print(f"majority-verdict baseline {majority / len(data.entries):.3f}")
    for n, key in enumerate(sorted(by_card)):
        if limit and n >= limit:
            break
        withheld = autocard.withheld_for([key], corpus, strict=strict)
        model = autocard.model(corpus, withheld)
        view = data.views[key]
        for entry in by_card[key]:
            reading = model.read(view, entry.topic)
            if reading is None:
                continue
            rows.append((key, entry.topic, entry.verdict, reading.verdict, reading.confidence, bool(entry.spans)))
            if verbose:
                print(key, entry.topic, entry.verdict, reading.verdict, round(reading.confidence, 2))
    return rows


def report(rows, threshold=autocard.AUTO_THRESHOLD):
    total = len(rows)
    right = sum(r[2] == r[3] for r in rows)
    print(f"raw accuracy {right / total:.3f} over {total} card x topic")
    thresholded = sum((r[2] == r[3]) if r[4] >= threshold else (r[2] == "not_addressed") for r in rows)
    answered = [r for r in rows if r[4] >= threshold]
    print(f"with threshold {threshold}: accuracy {thresholded / total:.3f}; answered {len(answered) / total:.3f}, "
          f"accuracy when answered {sum(r[2] == r[3] for r in answered) / max(1, len(answered)):.3f}")
    kinds = defaultdict(list)
    for r in rows:
        kinds[understand.topic_kind(r[1])].append(r)
    for kind, items in sorted(kinds.items()):
        print(f"  {kind:12s} {sum(r[2] == r[3] for r in items) / len(items):.3f} (n={len(items)})")
    per_topic = defaultdict(list)
    for r in rows:
        per_topic[r[1]].append(r[2] == r[3])
    print("  " + ", ".join(f"{t} {sum(v) / len(v):.2f}" for t, v in sorted(per_topic.items())))
    for lo in (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9):
        band = [r for r in rows if r[4] >= lo]
        print(f"  conf>={lo:.2f}: n={len(band)} acc={sum(r[2] == r[3] for r in band) / max(1, len(band)):.3f}")


def suites(paths: list[str], verbose: bool = False) -> None:
    """Verdict accuracy of the decide stage alone (no LLM) on eval suites, with each case's own card withheld
    (leave one card out, as `explainer eval --without-card`) and with the cards."""
    from pathlib import Path

    from explainer import decide
    from explainer.evals.dataset import case_text, load_suite, resolve_case

    corpus = Corpus()
    for path in paths:
        suite = load_suite(path)
        cases = [c for c in suite.cases if c.task != "identify" and c.answer]
        tally = {True: Counter(), False: Counter()}
        for case in cases:
            resolved = resolve_case(case, corpus, Path(path).parent, case_text(case, Path(path).parent))
            asked = understand.understand(case.question)
            for without in (True, False):
                decision = decide.decide(resolved, asked, corpus, without_card=without)
                tally[without]["n"] += 1
                tally[without]["right"] += decision.verdict == case.answer
                tally[without][decision.source] += 1
                if verbose and without and decision.verdict != case.answer:
                    print(f"  {case.id}: {case.question!r} expected {case.answer}, got {decision.verdict} "
                          f"({decision.source}, {decision.confidence:.2f}, topic {asked.topic})")
        for without, counts in tally.items():
            label = "without card" if without else "with cards  "
            sources = ", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("n", "right"))
            print(f"{Path(path).name}: {label} {counts['right'] / max(1, counts['n']):.3f} "
                  f"(n={counts['n']}; sources: {sources})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--suites", nargs="*", help="eval suites: decide-stage accuracy without / with cards")
    parser.add_argument("-v", action="store_true")
    args = parser.parse_args()
    started = time.time()
    if args.suites:
        suites(args.suites, args.v)
    else:
        rows = run(args.strict, args.limit, args.v)
        report(rows)
    print(f"{time.time() - started:.0f} s", file=sys.stderr)
