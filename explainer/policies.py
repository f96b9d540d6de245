"""Use policies that live outside a license's text, and the exceptions a card entry makes.

Two readings the decision needs beside a card's verdict:

- a license whose use restrictions are an outside policy it only incorporates by reference ("adhere to the
  Acceptable Use Policy", "consistent with NVIDIA's Trustworthy AI terms") cannot answer from its own text a use its
  own sentences do not name: the answer is `not_addressed`, quoting the incorporating sentence. The card says so
  with `policy_elsewhere:` on `use_restrictions`.
- an entry that excepts a case (a policy item forbidding automated decisions unless a human decides; sexual
  content except for artistic purposes; training other models on outputs, excluding the model's own derivatives)
  lists each case under `exceptions:` in our words. A question is in that case when one of its passages is near
  the case's description by MiniLM sentence similarity (the same passages explainer/uses.py reads) and, when the
  card gives the nearby case the exception does not cover (`not_case`), clearly nearer to it than to that one.
  Reading by meaning is why no phrase list is needed: "a recruiter makes the final call" and "a human officer
  approves" meet the same case. An exception anyone may take on (`always`: bilibili's "if you insist on such
  deployment, you must independently complete all compliance obligations") holds for every permission question.
- the restriction entry's own "no" cases answer a permission question whatever right it reached ("can I share my
  abliterated nemotron?" is about removing the guardrails, which ends every right), and a use on the card's list
  that the question clearly describes decides even when a nearer use off the list was read first.

Deterministic and offline; without the embedding model no described exception is found and the entry's verdict
stands (an `always` exception still holds).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from . import embeddings, topics, uses
from .cards import CaseException, Card, RightAnswer

# Chosen on the dev suites' carve-out questions (Salesforce AUP, Gemma PUP, Stability's output-training exclusion)
# against the questions on the same entries that do not meet the exception.
MIN_CASE_SIMILARITY = 0.45  # a passage this near an exception's case can describe it
CASE_MARGIN = 0.03  # ... and must be this much nearer to it than to the case the exception does not cover
PERMISSION_KINDS = ("permission", "threshold")  # questions a right's exception answers as it stands
ALWAYS_NEARNESS = 0.0  # an exception that holds for every question ranks below any the question describes
NEGATIVE_VERDICT = "no"  # an exception whose verdict is this forbids its case even so: it wins over the others
RESTRICTION_TOPICS = (topics.PROHIBITED_USE, "use_restrictions")  # the questions read against the list of uses


def policy_elsewhere(card: Card) -> str:
    """The name of the outside policy whose list the license's text incorporates without holding it, or ""."""
    listed = card.answer("use_restrictions")
    if listed is None or any(entry.source != listed.source for entry in card.prohibited.values()):
        return ""  # a companion card (the policy's own text, e.g. the Llama 4 policy) holds the list
    return listed.policy_elsewhere


# a fact question about the license's own words: "does the license text itself spell out which uses are banned?"
TEXT_ITSELF = re.compile(r"\b(text|license|licence|agreement|document) itself\b|"
                         r"\b(spell\w* out|enumerat\w*|itemi[sz]\w*|set out|write out|lay out)\b|"
                         r"\b(list|name)s? (the |which |what |all |any |its )")


def list_asked_of_the_text(card: Card, asked) -> bool:
    """A fact question whether the license's own text lists the forbidden uses, for a license that only
    incorporates a policy holding the list: its text does not (`no`), though the uses are restricted."""
    return (asked.kind == "fact" and bool(policy_elsewhere(card))
            and bool(TEXT_ITSELF.search(" ".join(asked.asking.lower().split()))))


def outside_policy_conditions(card: Card, labels: str) -> str:
    """Our words for a use the text does not name, under a list kept in an outside policy."""
    listed = card.answer("use_restrictions")
    return (f"The license's own text does not name {labels}; its use restrictions are {policy_elsewhere(card)}, "
            f"which it incorporates by reference but does not contain, so the text alone does not say whether this "
            f"use is allowed: check that policy. {listed.conditions if listed else ''}").strip()


def _similarities(question: str, texts: list[str]) -> np.ndarray | None:
    """(passages x texts) similarities, the whole question counting as one passage; None without embeddings."""
    return uses.question_similarities(question, embeddings.cached_vectors(tuple(texts), "exception-cases"))


def case_nearness(exceptions, question: str) -> list[tuple[CaseException, float, float]]:
    """Each described exception (not `always`) with how near the question comes to its case (the nearest of its
    descriptions) and to the case it does not cover (the same nearness when it names none); [] without embeddings."""
    described = [e for e in exceptions if e.cases and not e.always]
    texts = [text for e in described for text in (*e.cases, *(e.not_cases or e.cases))]
    sims = _similarities(question, texts) if described else None
    if sims is None:
        return []
    best, found, start = sims.max(axis=0), [], 0
    for exception in described:
        split = start + len(exception.cases)
        end = split + len(exception.not_cases or exception.cases)
        found.append((exception, float(best[start:split].max()), float(best[split:end].max())))
        start = end
    return found


def exception_met(entry: RightAnswer | None, question: str, kind: str = "permission") -> CaseException | None:
    """The exception of the entry whose case the question describes (a "no" exception first), or None. An exception
    that holds `always` answers only a permission (may I?): "Does it forbid medical diagnosis?" is still yes."""
    if entry is None or not entry.exceptions:
        return None
    met = [(exception.verdict == NEGATIVE_VERDICT, ALWAYS_NEARNESS, exception)
           for exception in entry.exceptions if exception.always and kind in PERMISSION_KINDS]
    for exception, near, other in case_nearness(entry.exceptions, question):
        if near >= MIN_CASE_SIMILARITY and (not exception.not_cases or near - other >= CASE_MARGIN):
            met.append((exception.verdict == NEGATIVE_VERDICT, near, exception))
    return max(met, key=lambda found: found[:2])[2] if met else None


def listed_uses(card: Card, named: tuple[str, ...]) -> list[str]:
    """The uses a question names (its understanding's `uses`) that the card's list of prohibited uses holds."""
    return [use for use in named if use in card.prohibited]


def listed_uses_described(card: Card, question: str) -> list[str]:
    """The uses on the card's list that the question clearly describes, when the ones it was read as are not
    listed: "fake 'photos' of the mayor taking cash to hurt his chances" reads first as election campaigning (not on
    the CreativeML list) and also, clearly, as disinformation (on it), which decides."""
    return [use for use in uses.clear_uses(question) if use in card.prohibited]


def as_entry(entry: RightAnswer, exception: CaseException) -> RightAnswer:
    """The entry restated as the exception's answer, so its quotes are the exception's anchors and the entry's."""
    return replace(entry, verdict=exception.verdict, conditions=exception.conditions,
                   anchors=tuple(dict.fromkeys((*exception.anchors, *entry.anchors))))


# a fact question whether the list makes an exception ("does the policy have an exception for fraud tools?"):
# the exception's "may I" verdict is its answer as it stands
ASKS_EXCEPTION = re.compile(r"\b(exceptions?|excepted|exempt\w*|carve[- ]?outs?|carved out|excluded from)\b")


def literal(verdict: str, kind: str, asking: str = "") -> str:
    """The exception's verdict (may I?) read for the question's kind: "Does it forbid it?" is its opposite, "Does it
    make an exception for it?" is not."""
    if kind != "fact":
        return verdict
    if ASKS_EXCEPTION.search(asking.lower()):
        return {"conditional": "yes"}.get(verdict, verdict)
    return {"no": "yes", "yes": "no", "conditional": "no"}.get(verdict, verdict)


def forbidden_case(card: Card, asked, decision) -> CaseException | None:
    """The case the card's use restrictions forbid ("no") that the permission question describes, when the decision
    came from another right or said more than "no": removing a model's safety guardrails ends every right under the
    NVIDIA text however the question was routed ("strip the guardrails for an uncensored fine-tune", "can I share my
    abliterated model?"). Only the restriction entry's own "no" cases are read, by meaning."""
    listed = card.answer("use_restrictions")
    if listed is None or asked.kind not in PERMISSION_KINDS or decision.verdict == NEGATIVE_VERDICT:
        return None
    forbidding = tuple(e for e in listed.exceptions if e.verdict == NEGATIVE_VERDICT)
    if not forbidding:
        return None
    return exception_met(replace(listed, exceptions=forbidding), asked.question)


EXCEPTION_NOTE = "the license makes an exception for the case your question describes"
USE_RIGHTS = ("model_commercial_use", "non_commercial_only")  # the right to use the model, asked two ways
ANOTHER_LICENSE = "separate_license"  # whether the use needs a license besides this one


def apply_right_exception(card: Card, asked, decision, quote):
    """A permission whose card entry excepts the case the question describes ("train a LoRA of SD3.5 on its own
    outputs" under "not to improve any foundational model, excluding the Models or Derivative Works"): the
    exception's verdict, quoting (`quote` turns an entry into its quotes) the exception's anchors. Only a decision
    read from that entry (same topic and verdict) is changed."""
    forbidden = forbidden_case(card, asked, decision)
    if forbidden is not None:
        listed = card.answer("use_restrictions")
        return replace(decision, topic="use_restrictions", verdict=forbidden.verdict, conditions=forbidden.conditions,
                       quotes=quote(as_entry(listed, forbidden)), source="card", origin=listed.source,
                       notes=(*decision.notes, "the license's use restrictions forbid the case your question describes"))
    if decision.topic == ANOTHER_LICENSE and asked.kind in PERMISSION_KINDS:
        # "can we fork it on staging before we buy seats?" read as whether another license is needed: the use
        # rights' carve-outs are the text's answer for the case they name
        candidates = tuple(card.rights.get(name) for name in USE_RIGHTS)
    else:
        entry = card.rights.get(decision.topic) if decision.topic else None
        if entry is None or asked.kind not in PERMISSION_KINDS or decision.verdict != entry.verdict:
            return decision
        # the right to use the model is one right, asked as "commercial use" or as "the non-commercial terms": an
        # exception either entry makes ("a Kaggle competition") answers both
        other = USE_RIGHTS[1 - USE_RIGHTS.index(decision.topic)] if decision.topic in USE_RIGHTS else None
        candidates = (entry, card.rights.get(other) if other else None)
    for candidate in candidates:
        found = exception_met(candidate, asked.question)
        if found is not None:
            return replace(decision, verdict=found.verdict, conditions=found.conditions,
                           quotes=quote(as_entry(candidate, found)), notes=(*decision.notes, EXCEPTION_NOTE))
    return decision


def read_activity(card: Card | None, asked):
    """The question read for the activity it describes, apart from what it says the license holds: "my license
    mentions something about medical advice. I build invoicing software for a dentist's office" names medical advice
    only as the license's content. When the clauses about the license name a use, the question's uses are those of
    the rest of it (the activity), and it is read against the card's list as a check of that activity (an activity
    the list does not name is allowed). Only permission questions about the use restrictions are read so."""
    if card is None or not card.prohibited or asked.kind != "permission" or asked.topic not in RESTRICTION_TOPICS:
        return asked
    talk, activity = uses.split_license_talk(asked.question)
    if not talk or not uses.talk_uses(talk):
        return asked
    routed = (topics.PROHIBITED_USE, *(topic for topic in asked.topics if topic != topics.PROHIBITED_USE))
    return replace(asked, topics=routed, uses=tuple(topics.uses_in(activity)), checks_policy=True)
