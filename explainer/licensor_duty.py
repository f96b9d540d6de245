"""A duty asked of the licensor, not of the user: "does Black Forest Labs have to warn me first and give me time to
fix it?", "does Stability have to give us an enterprise license if we ask?".

The licensor owes only what the text binds it to: a sentence in which it (by its name, as "Licensor", or as "we")
shall, will or must do what the question names. With such a sentence the answer is `yes`, quoting it; a duty no
sentence puts on the licensor is not one it has, and the answer is `no`, quoting the clauses the question's topic
was decided from (an automatic termination, a license "we may grant in our sole discretion").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from . import understand
from . import decide as _decide  # Decision and the text's sentences; decide imports this module in turn
from .corpus import Corpus
from .quotes import of_clause
from .resolve import Resolved
from .understand import Asked

def binds_licensor() -> re.Pattern:
    """A sentence in which the licensor (by a licensor's name, as "Licensor" or "Company", or as "we") shall, will
    or must act, or agrees to."""
    return _binds(understand.data().licensor)


@lru_cache(maxsize=4)
def _binds(names: str) -> re.Pattern:
    return re.compile(rf"(?i)\b(?:licensor|we|company|{names}) (?:shall|will|must|agrees? to|undertakes? to|"
                      rf"is (?:required|obligated|obliged) to)\s+(?!not\b)")


# what the question asks the licensor to do: the words after its duty word
ASKED_DUTY = re.compile(r"\b(?:have to|has to|need to|needs to|required to|obliged to|obligated to|must)\s+"
                        r"(?P<duty>[^?.!]+)")
# words of one meaning, so that "warn me" meets "give notice"
FAMILIES = (("warn", "notic", "notif", "infor", "tell"), ("grant", "give", "offer", "provi", "issu"),
            ("fix", "cure", "remed", "corre"), ("licen", "agree", "permi"))
SMALL_WORDS = frozenset("first then also just ever even still your their them they with from that this have give "
                        "time when what ask asks asked".split())


# who "he" or "she" can be when it is the licensor: the question names the model's maker
MAKER = re.compile(r"\b(author|creator|maker|developer|dev|uploader|owner|licensor|publisher|trainer)s?\b")


def asks_licensor_duty(asked: Asked) -> bool:
    """"Does Stability have to warn me first?"; "is she required to register?" only of a maker the question names
    (a freelancer, a friend or a daughter using the model is no licensor)."""
    found = understand.data().frames["licensor_duty"].search(asked.asking) if asked.kind == "fact" else None
    if found is None:
        return False
    pronoun = re.search(r"\b(he|she)\b", found.group(0))
    return pronoun is None or bool(MAKER.search(understand.fold(asked.question)))


def _stems(words: str) -> set[str]:
    stems = {w[:5] for w in re.findall(r"[a-z]{4,}", words.lower()) if w not in SMALL_WORDS}
    for family in FAMILIES:  # a family's word stands for all of it
        if any(stem.startswith(member) for stem in stems for member in family):
            stems |= set(family)
    return stems


def _meets(duty: set[str], sentence: str) -> bool:
    found = _stems(sentence[binds_licensor().search(sentence).end():])
    return any(s.startswith(d) or d.startswith(s) for s in found for d in duty)


def apply(resolved: Resolved, asked: Asked, decision: _decide.Decision, corpus: Corpus) -> _decide.Decision:
    """`decision` (the question's topic, decided as a fact) answered for the licensor's duty the question asks."""
    if not asks_licensor_duty(asked):
        return decision
    asked_duty = ASKED_DUTY.search(asked.asking)
    duty = _stems(asked_duty.group("duty")) if asked_duty else set()
    if not duty:
        return decision
    for sentence, part in _decide._text_sentences(resolved, corpus):
        if binds_licensor().search(sentence) and _meets(duty, sentence):
            return replace(decision, verdict="yes", quotes=(of_clause(part),), source="card",
                           notes=(*decision.notes, "read from the license text: a sentence binds the licensor to "
                                                   "what you ask"), origin=_decide._text_origin(resolved))
    return replace(decision, verdict="no",
                   notes=(*decision.notes, "you asked what the licensor must do: no sentence of the license binds "
                                           "it to that"))
