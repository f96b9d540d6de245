"""The matchers, one small class each, most certain first (licensee's `Licensee::Matchers` style). Each has a
`name` (the evidence it gives), its threshold where it has one, and one method, `match(ctx)`, which returns an
`Identification` or None. `chain.Matcher.identify` asks them in order; the first that answers wins.

  ExactMatcher        the hash of the normalized text equals a known text's
  DiceMatcher         Sørensen–Dice over normalized word bigrams >= CONFIDENCE_THRESHOLD
  ContainmentMatcher  the input holds >= CONTAINMENT_THRESHOLD of a known text plus more (an addendum, a notice, a
                      card), or is made of a known text's bigrams (>= EDITED_PRECISION) with parts of it missing
  ReferenceMatcher    front matter (`license:`, `license_name:`), a "licensed under X" notice, or a bare id
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from ..corpus import Corpus
from ..normalize import Tokens
from ..reader import Pasted
from .diff import differences
from .references import references_in
from .result import Identification

CONFIDENCE_THRESHOLD = 0.98
CONTAINMENT_THRESHOLD = 0.90  # share of the known text's bigrams found in the input
EDITED_PRECISION = 0.95  # share of the input's bigrams found in the known text: the input is that text, cut down
EDITED_MIN_COVERAGE = 0.5
MIN_BIGRAMS_FOR_CONTAINMENT = 40  # a tiny text (e.g. a one-line notice) cannot "contain" a license


@dataclass
class Context:
    """What every matcher sees: the pasted text, its tokens, the ranked candidates (`chain.Matcher._rank`: key,
    dice, coverage, precision, bigrams, exact; best first) and the lookups into the known texts."""

    pasted: Pasted
    tokens: Tokens
    ranked: list[dict]
    closest: list[dict]  # the 3 best by Dice, as reported: [{"key", "name", "score"}]
    corpus: Corpus
    name_of: Callable[[str], str]
    body_of: Callable[[str], str]
    preferred: Callable[[str], bool]  # a curated license or a user's own text

    @property
    def top(self) -> dict | None:
        return self.ranked[0] if self.ranked else None

    @cached_property
    def references(self) -> list[dict]:
        return references_in(self.corpus, self.pasted)

    def found(self, row: dict, evidence: str) -> Identification:
        """The candidate `row` as the answer, with its differences from the pasted text."""
        result = Identification(row["key"], self.name_of(row["key"]), row["dice"], row["coverage"], [evidence],
                                self.closest)
        diff = differences(row["key"], self.body_of(row["key"]), self.tokens, self.pasted.text)
        result.additions, result.removals, result.changes = diff.additions, diff.removals, diff.changes
        return result


class LicenseMatcher(Protocol):
    name: str
    reads_text: bool  # True: the answer comes from the text itself and is cross-checked against its references

    def match(self, ctx: Context) -> Identification | None: ...


class ExactMatcher:
    name = "exact"
    reads_text = True

    def match(self, ctx: Context) -> Identification | None:
        top = ctx.top
        if top is None or not top["exact"]:
            return None
        return Identification(top["key"], ctx.name_of(top["key"]), 1.0, 1.0, [self.name], ctx.closest)


class DiceMatcher:
    name = "similarity"
    reads_text = True

    def __init__(self, threshold: float = CONFIDENCE_THRESHOLD):
        self.threshold = threshold

    def match(self, ctx: Context) -> Identification | None:
        top = ctx.top
        if top is None or top["dice"] < self.threshold:
            return None
        return ctx.found(top, self.name)


class ContainmentMatcher:
    """Containment (known text + more) and edited (known text, cut down) compete on Dice: a short license that
    happens to sit inside a long one must not beat the long one with a few words missing."""

    name = "containment"
    edited = "edited"
    reads_text = True
    threshold = CONTAINMENT_THRESHOLD
    edited_precision = EDITED_PRECISION
    edited_min_coverage = EDITED_MIN_COVERAGE
    min_bigrams = MIN_BIGRAMS_FOR_CONTAINMENT

    def match(self, ctx: Context) -> Identification | None:
        partial = []
        for row in ctx.ranked:
            if row["bigrams"] < self.min_bigrams:
                continue
            if row["coverage"] >= self.threshold:
                partial.append((row, self.name))
            elif row["precision"] >= self.edited_precision and row["coverage"] >= self.edited_min_coverage:
                partial.append((row, self.edited))
        if not partial:
            return None
        best, evidence = max(partial, key=lambda item: (item[0]["dice"], ctx.preferred(item[0]["key"])))
        return ctx.found(best, evidence)


class ReferenceMatcher:
    """The last resort: the text matched nothing, but it names a license. The first reference that resolves to a
    known license answers, with that reference's confidence (front matter 1.0, bare id 0.95, notice 0.9)."""

    name = "reference"
    reads_text = False

    def match(self, ctx: Context) -> Identification | None:
        first = next((r for r in ctx.references if r["key"]), None)
        if first is None:
            return None
        return Identification(first["key"], ctx.name_of(first["key"]), first["confidence"], 0.0,
                              [first["evidence"]], ctx.closest)


def default_chain(threshold: float = CONFIDENCE_THRESHOLD) -> tuple[LicenseMatcher, ...]:
    return (ExactMatcher(), DiceMatcher(threshold), ContainmentMatcher(), ReferenceMatcher())
