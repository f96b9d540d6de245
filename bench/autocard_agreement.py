"""Agreement of the auto-card with the hand-written cards, per topic: for every carded license, the auto-card built
from its text with its card withheld (the card, its `extends` ancestors and addenda: leave one card out, as
`decide(..., without_card=True)`), each obligation and fact entry compared with the card's.

  precision  of the entries the auto-card decides (any verdict but not_addressed), the share equal to the card's
  recall     of the card's entries that are not not_addressed, the share the auto-card decides the same way
  text       how many entries were read from the text's own sentences (not guessed by the classifier)

    python bench/autocard_agreement.py [--topics a b ...] [--limit N] [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass

from explainer import autocard, cards
from explainer.corpus import Corpus
from explainer.resolve import from_name

TOPICS = ("license_copy", "notice_file", "built_with_display", "name_prefix", "output_attribution", "share_alike",
          "separate_license", "update_duty", "warranty", "liability", "termination_litigation", "termination_breach",
          "policy_changes", "governing_law", "geography", "network_source", "model_commercial_use")
TEXT_READ = "read from the text"


@dataclass(frozen=True)
class Row:
    key: str
    topic: str
    card: str  # the hand-written card's verdict
    auto: str  # the auto-card's verdict
    from_text: bool  # read from the text's own sentences


def rows(topics=TOPICS, limit: int | None = None, verbose: bool = False) -> list[Row]:
    corpus = Corpus()
    found = []
    for n, key in enumerate(sorted(cards.all_cards(corpus))):
        if limit and n >= limit:
            break
        try:
            resolved = from_name(corpus, key, "explicit")
        except Exception:  # noqa: BLE001, S112 - a card key that does not resolve has no text to read
            continue
        card = cards.card_for(resolved.license_keys, resolved.addenda, corpus)
        auto = autocard.auto_card(resolved, corpus)
        if card is None or auto is None:
            continue
        for topic in topics:
            truth, read = card.answer(topic), auto.card.answer(topic)
            if truth is None or read is None:
                continue
            row = Row(key, topic, truth.verdict, read.verdict, TEXT_READ in read.conditions.lower())
            found.append(row)
            if verbose and row.card != row.auto:
                print(f"  {key:40s} {topic:24s} card {row.card:13s} auto {row.auto:13s}"
                      f"{' (text)' if row.from_text else ''}")
    return found


def text_readings(corpus: Corpus, topics=TOPICS) -> list[Row]:
    """Only the entries read from the text's own sentences (no classifier): for every card's text, each topic a
    sentence settles, with the card's verdict beside it. Every text-read entry is checked against every card."""
    from explainer import understand

    found = []
    for key, card in sorted(cards.all_cards(corpus).items()):
        try:
            view = autocard.TextView(key, corpus.clauses(key))
        except Exception:  # noqa: BLE001, S112 - a card whose text is missing has nothing to read
            continue
        auto = autocard.AutoCard(autocard._ReadOnAsk(key, "", {}, facts={}), view, None, corpus)
        for topic in topics:
            truth = card.answer(topic)
            read = autocard._text_reading(auto, topic, understand.topic_kind(topic))
            if truth is not None and read is not None:
                found.append(Row(key, topic, truth.verdict, read.verdict, True))
    return found


def precision(found: list[Row]) -> dict[str, tuple[int, int]]:
    """topic -> (entries read from the text, how many equal the card's verdict)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in found:
        table[row.topic][0] += 1
        table[row.topic][1] += row.card == row.auto
    return {topic: (n, right) for topic, (n, right) in table.items()}


def agreement(found: list[Row]) -> dict[str, dict[str, float]]:
    """topic -> n, agree, decided, precision, recall, text (see the module docstring)."""
    by_topic: dict[str, list[Row]] = defaultdict(list)
    for row in found:
        by_topic[row.topic].append(row)
    table = {}
    for topic, items in by_topic.items():
        decided = [r for r in items if r.auto != "not_addressed"]
        said = [r for r in items if r.card != "not_addressed"]
        table[topic] = {"n": len(items), "agree": sum(r.card == r.auto for r in items) / len(items),
                        "decided": len(decided),
                        "precision": sum(r.card == r.auto for r in decided) / max(1, len(decided)),
                        "recall": sum(r.card == r.auto for r in said) / max(1, len(said)),
                        "text": sum(r.from_text for r in items)}
    return table


def report(table: dict[str, dict[str, float]]) -> None:
    print(f"{'topic':24s} {'n':>4s} {'agree':>6s} {'decided':>7s} {'prec':>6s} {'recall':>6s} {'text':>5s}")
    for topic in [t for t in TOPICS if t in table] + sorted(set(table) - set(TOPICS)):
        t = table[topic]
        print(f"{topic:24s} {t['n']:4d} {t['agree']:6.3f} {t['decided']:7d} {t['precision']:6.3f} "
              f"{t['recall']:6.3f} {t['text']:5d}")
    n = sum(t["n"] for t in table.values())
    print(f"{'all':24s} {n:4d} {sum(t['agree'] * t['n'] for t in table.values()) / max(1, n):6.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--topics", nargs="*", default=list(TOPICS))
    parser.add_argument("--limit", type=int)
    parser.add_argument("-v", action="store_true")
    parser.add_argument("--text-only", action="store_true", help="only the entries read from the text's sentences")
    args = parser.parse_args()
    started = time.time()
    if args.text_only:
        for topic, (n, right) in sorted(precision(text_readings(Corpus(), tuple(args.topics))).items()):
            print(f"{topic:24s} read {n:3d}  agree {right:3d}  precision {right / n:.3f}")
    else:
        report(agreement(rows(tuple(args.topics), args.limit, args.v)))
    print(f"{time.time() - started:.0f} s", file=sys.stderr)
