"""Training another model on a model's outputs (distillation, synthetic data) and what the student model is.

Licenses make three cases of it: training other models on outputs is forbidden (Llama 2, Qianwen, FLUX.1 [dev]
for a competing model, IndexTTS2 for a commercial one); it is allowed but the student is a derivative bound by
the license (Gemma's "Model Derivatives", Stability's "Derivative Works"); or the text is silent. Questions ask
three different things of them, and the card's `train_other_models_on_outputs` entry (a permission) answers only
the first literally:

- **may I train it?** the entry, read with its exceptions (policies.exception_met);
- **is the student covered / a derivative?** a fact about the definition's reach: yes when the card's reading of
  the definition (or of the training right) names models made from outputs, no when a definition exists and does
  not; a negated claim ("my student isn't a derivative, right?") is turned round later by decide;
- **is training on outputs banned?** the permission's opposite, read as a fact.

A permission to train a model that the license counts as a derivative, asked together with releasing that model,
holds only under the license's terms for derivatives: `conditional`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from . import cards, policies, understand, yamlio
from .understand import Asked

TRAINING_TOPIC = "train_other_models_on_outputs"
DEFINITION_TOPIC = "derivative_definition"
STUDENT_TOPICS = (TRAINING_TOPIC, DEFINITION_TOPIC)
DERIVATIVE_RULES = "derivatives_allowed"  # the entry that says on what terms derivatives may be made and shared
USE_TOPIC = "prohibited_use"
# a question read as a listed use the card does not list, whose next reading is training on outputs at least this
# strongly, is about the training ("bootstrap a paid speech model's training set with clips it produced")
MIN_TRAINING_READING = 0.6
# a permission asked of a model's outputs made to train a model ("generate a pile of its images to finetune my
# checkpoint") is about the training whenever training on outputs is among its closest readings this strongly
MIN_OUTPUTS_TRAINING_READING = 0.5
DATA_FILE = Path(__file__).resolve().parent.parent / "corpus" / "distillation.yaml"
CLAUSE_SPLIT = re.compile(r"[.;]\s+|,\s+(?:and|but)\s+")


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    """The question and card patterns of corpus/distillation.yaml, compiled."""
    return {name: re.compile(pattern) for name, pattern in yamlio.load(DATA_FILE.read_text(encoding="utf-8")).items()}


def decide(card: cards.Card, asked: Asked, corpus):
    """The decision on training with outputs or on the student it makes, or None to leave the question to the
    chain. A question first read as a use the card does not list is answered from the training entry."""
    reading = _training_reading(card, asked)
    if reading is None:
        return None
    from . import decide as decide_module

    def quote(entry):
        return decide_module._quotes(entry, corpus)

    return (_student_status(card, reading, quote) or _ban_asked(card, reading, quote)
            or _student_released(card, reading, quote)
            or (decide_module._from_card(card, reading, corpus) if reading is not asked else None))


def _training_reading(card: cards.Card, asked: Asked) -> Asked | None:
    """The question read as one on training with outputs or on the student, or None when it is not one."""
    if asked.topic in STUDENT_TOPICS:
        return asked
    found, text = patterns(), understand.fold(asked.question)
    if (asked.kind == "fact" and found["status"].search(understand.fold(asked.asking))
            and found["reaches_outputs"].search(text) and found["student"].search(text)):
        return replace(asked, topics=(TRAINING_TOPIC,), uses=())  # "my student model is free of the terms now?"
    if asked.kind != "permission" or policies.listed_uses(card, asked.uses):
        return None
    training = dict(asked.candidates).get(TRAINING_TOPIC, 0.0)
    if found["from_outputs"].search(text) and training >= MIN_OUTPUTS_TRAINING_READING:
        return replace(asked, topics=(TRAINING_TOPIC,), uses=())  # the model makes the data a model is trained on
    if asked.topic != USE_TOPIC or not found["training"].search(text):
        return None
    return replace(asked, topics=(TRAINING_TOPIC,), uses=()) if training >= MIN_TRAINING_READING else None


def reaches_students(entry: cards.RightAnswer | None) -> bool | None:
    """Whether the card's reading of a definition says a model made from outputs is a derivative: True when one of
    its clauses names outputs (or distillation) without denying it and the reading says such a model is a
    derivative; False when it defines derivatives without that; None for a silent entry."""
    if entry is None or entry.verdict == "not_addressed":
        return None
    found = patterns()
    named = any(found["reaches_outputs"].search(c) and not found["denial"].search(c)
                for c in CLAUSE_SPLIT.split(entry.conditions))
    return bool(named and understand.says_derivative(entry.conditions))


def _definition_reach(card: cards.Card) -> tuple[cards.RightAnswer, bool] | None:
    """The entry that settles whether a student is a derivative, with its answer: the definition first, then the
    training right's reading (Gemma's says the student "is a Model Derivative")."""
    readings = [(card.answer(name), reaches_students(card.answer(name))) for name in (DEFINITION_TOPIC, TRAINING_TOPIC)]
    for entry, reach in readings:
        if reach:
            return entry, True
    entry, reach = readings[0]
    return (entry, False) if reach is False else None


def _student_status(card: cards.Card, asked: Asked, quote):
    """"Is my distilled student still covered by the terms?" / "…isn't a derivative, right?": the definition's
    reach, for a question about a model made from outputs."""
    found = patterns()
    text = understand.fold(asked.question)
    about_outputs = asked.topic == TRAINING_TOPIC or found["reaches_outputs"].search(text)
    if asked.kind not in ("fact", "permission") or not about_outputs or not found["student"].search(text) \
            or not found["status"].search(understand.fold(asked.asking)):
        return None
    reach = _definition_reach(card)
    if reach is None:
        return None
    entry, reaches = reach
    if not reaches and found["modification"].search(text):
        return None  # a LoRA or fine-tune of the model is its modification: the definition's own entry decides
    from . import decide as decide_module
    note = ("the license's definition of a derivative reaches a model trained on its outputs" if reaches else
            "the license's definition of a derivative does not name a model trained only on its outputs")
    return decide_module.Decision(DEFINITION_TOPIC, "yes" if reaches else "no", entry.conditions, "card",
                                  quote(entry), (note,), kind=asked.kind, origin=entry.source)


def _permission(entry: cards.RightAnswer, question: str) -> cards.RightAnswer:
    """The training entry as it answers the case the question describes (its exception when one is met)."""
    excepted = policies.exception_met(entry, question)
    return policies.as_entry(entry, excepted) if excepted is not None else entry


def _ban_asked(card: cards.Card, asked: Asked, quote):
    """"Is using its outputs to train another model banned?": the permission's opposite, as a fact."""
    entry = card.answer(TRAINING_TOPIC)
    if asked.kind != "fact" or asked.topic != TRAINING_TOPIC or entry is None or entry.verdict == "not_addressed" \
            or not patterns()["ban"].search(understand.fold(asked.asking)):
        return None
    allowed = _permission(entry, asked.question)
    verdict = policies.literal(allowed.verdict, "fact")
    if allowed.verdict == "conditional" and patterns()["partial_ban"].search(allowed.conditions):
        verdict = "conditional"  # forbidden for the trained models its conditions name, allowed for others
    from . import decide as decide_module
    return decide_module.Decision(TRAINING_TOPIC, verdict, allowed.conditions, "card",
                                  quote(allowed), ("you asked whether it is forbidden: the verdict answers that",),
                                  kind=asked.kind, origin=entry.source)


def _student_released(card: cards.Card, asked: Asked, quote):
    """"Train a LoRA on its outputs and release it": allowed to train, and the model is a derivative, so sharing it
    follows the license's terms for derivatives (conditional)."""
    entry = card.answer(TRAINING_TOPIC)
    if asked.kind != "permission" or asked.topic != TRAINING_TOPIC or entry is None \
            or not patterns()["release"].search(understand.fold(asked.question)):
        return None
    allowed = _permission(entry, asked.question)
    reach = _definition_reach(card)
    if allowed.verdict != "yes" or reach is None or not reach[1]:
        return None
    rules = card.answer(DERIVATIVE_RULES)
    conditions = f"{allowed.conditions} {rules.conditions if rules else reach[0].conditions}".strip()
    from . import decide as decide_module
    return decide_module.Decision(TRAINING_TOPIC, "conditional", conditions, "card", quote(allowed),
                                  ("the model you train is a derivative: releasing it follows the license's terms "
                                   "for derivatives",), kind=asked.kind, origin=entry.source)
