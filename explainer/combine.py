"""The auto-card's verdict weighed with a capable LLM's reading of the same clauses (issue #18).

Without a hand-written card the auto-card (a classifier trained on the cards) decides with a confidence. When the
configured backend is capable (`combine` setting: on, or auto with an OpenAI-compatible backend), the LLM reads the
retrieved clauses too, and the two readings are combined:

- they agree: the verdict stands and its confidence rises (two independent readings);
- they disagree and the auto-card is sure (`KEEP_ABOVE`): its verdict stands, with the LLM's reading in a note and
  a lower confidence;
- they disagree otherwise: no confident guess. The answer is `unclear`, says both readings and quotes the
  candidate clauses of both, for the person to read.

The default local model (SmolLM2-135M) is not combined: its blind verdicts score 0.397 on `core`, below chance.
"""

from __future__ import annotations

from dataclasses import replace

from .decide import Decision

LLM_WEIGHT = 0.5  # how much an agreeing LLM closes the gap to certainty
KEEP_ABOVE = 0.8  # an auto-card verdict this sure stands against a disagreeing LLM
VERDICTS = ("yes", "no", "conditional", "not_addressed")
MAX_QUOTES = 4


def combine(auto: Decision, llm: Decision, model: str) -> Decision:
    """One decision from the auto-card's (`auto`, source `auto`) and the LLM's (`llm`) for the same question."""
    if llm.verdict not in VERDICTS:
        return replace(auto, notes=(*auto.notes, f"{model} gave no usable verdict; the auto-card's stands"))
    if llm.verdict == auto.verdict:
        confidence = auto.confidence + (1 - auto.confidence) * LLM_WEIGHT
        note = f"{model} read the clauses the same way ({llm.verdict}): confidence {confidence:.2f}"
        return replace(auto, confidence=confidence, notes=(*auto.notes, note))
    readings = f"the auto-card reads '{auto.verdict}' (confidence {auto.confidence:.2f}), {model} reads '{llm.verdict}'"
    if auto.confidence >= KEEP_ABOVE:
        confidence = auto.confidence * (1 - LLM_WEIGHT / 2)
        note = f"{readings}; the auto-card's verdict stands at confidence {confidence:.2f}"
        return replace(auto, confidence=confidence, notes=(*auto.notes, note))
    quotes = tuple(dict.fromkeys([*auto.quotes, *llm.quotes]))[:MAX_QUOTES]
    conditions = (f"Not clear from this text: {readings}. The clauses quoted below are the candidates; read them, "
                  f"or ask the licensor.")
    return replace(auto, verdict="unclear", conditions=conditions, quotes=quotes, confidence=min(auto.confidence, 0.5),
                   notes=(*auto.notes, readings))
