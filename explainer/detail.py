"""A detail asked of a rule: how long a duty lasts, what size a notice must be, on what date a count is taken, how
much notice the licensor gives, whether a revenue figure is gross or net (understanding.yaml `details`).

The rule that decided the question answers such a detail only in its own words: when its conditions or the clauses
quoted for it give a value of that kind ("30 days", "the preceding calendar month"), the decision stands; when they
give none, the text does not address the detail and the answer is `not_addressed`, whatever the rule itself says
("display 'Built with Llama' prominently" names no minimum size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import understand
from .understand import Asked


@dataclass(frozen=True)
class Detail:
    name: str
    question: re.Pattern  # the asking clause asks this detail
    value: re.Pattern  # the rule's words give it
    says: str  # what the detail is, in words ("how long")


def details() -> tuple[Detail, ...]:
    """The details of understanding.yaml, read with the rest of that file (understand.data)."""
    return tuple(Detail(*found) for found in understand.data().details)


def asked_detail(asked: Asked) -> Detail | None:
    asking = understand.fold(asked.asking) or understand.fold(asked.question)
    return next((d for d in details() if d.question.search(asking)), None)


def apply(asked: Asked, decision):
    """`decision` kept when its rule gives the detail asked, else `not_addressed` (the rule's words kept as the
    conditions, after what the text leaves open)."""
    detail = asked_detail(asked)
    if detail is None or not decision.decided or decision.verdict in ("not_addressed", "unclear"):
        return decision
    said = " ".join([decision.conditions or "", *(quote.text for quote in decision.quotes)])
    if detail.value.search(said):
        return decision
    conditions = f"The license does not say {detail.says}. What it says: {decision.conditions}".strip()
    return replace(decision, verdict="not_addressed", conditions=conditions,
                   notes=(*decision.notes, f"you asked {detail.says}: the rule that applies gives no such detail"))
