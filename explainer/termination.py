"""Questions about the end of a license, read against the license text's own sentences.

Three situations, each recognised by word families and where they sit in the question (a supposing clause or the
asking one), never by one question's wording:

- revocation: "can they revoke it whenever they want?" (the end is what is asked): yes when the text lets the
  licensor end it at any time, no when it grants the license irrevocably or ends it only on a breach;
- after termination: "if they terminate my license, can I keep the outputs / must I delete my fine-tunes?" (the end
  is supposed, the question asks what may or must be done then): read from the text's effect-of-termination
  sentence and what it names (the model, derivatives, outputs);
- cure periods: "I got a notice 10 days ago, is my license gone?", "I get 60 days to fix it, right?": the period
  and the moment it runs from are read from the text's cure / reinstatement sentences, so any text (an unknown
  one too) is judged by its own figure, and the question's figure or elapsed time is compared with it.

Patterns are data (corpus/termination.yaml); this module holds how they are combined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import cards, config, embeddings, understand, uses, yamlio
from . import decide as _decide  # Decision and the text's sentences; decide imports this module in turn
from .corpus import Corpus
from .quotes import of_clause, unique
from .resolve import Resolved
from .understand import Asked

TOPIC = "termination_breach"
DAYS_PER = {"day": 1, "week": 7, "month": 30}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty-five": 45, "sixty": 60, "ninety": 90, "couple": 2, "a couple of": 2, "few": 3}
MAX_PERIOD_DAYS = 365  # a figure of days longer than this in a cure sentence is not a cure period
MIN_TRIGGER_SIMILARITY = 0.5  # a question passage this near a text's ending trigger describes that act


@dataclass(frozen=True)
class Patterns:
    """corpus/termination.yaml, compiled."""

    flat: dict[str, re.Pattern]
    objects: dict[str, re.Pattern]
    effect_objects: dict[str, re.Pattern]
    question_anchor: dict[str, re.Pattern]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    with open(config.corpus_dir() / "termination.yaml", encoding="utf-8") as f:
        data = yamlio.load(f)
    nested = ("objects", "effect_objects", "question_anchor")
    flat = {k: re.compile(v) for k, v in data.items() if k not in nested}
    return Patterns(flat, {k: re.compile(v) for k, v in data["objects"].items()},
                    {k: re.compile(v) for k, v in data["effect_objects"].items()},
                    {k: re.compile(v) for k, v in data["question_anchor"].items()})


def decide_termination(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """The first of the three readings that answers the question, or None (the card decides as usual)."""
    return (after_termination(resolved, asked, corpus, card) or cure_period(resolved, asked, corpus)
            or litigation_scope(resolved, asked, corpus) or ending_act(resolved, asked, corpus)
            or revocation(resolved, card, asked, corpus) or terms_change(resolved, asked, corpus))


# --- after termination -------------------------------------------------------------------------------------------

def supposes_end(question: str) -> bool:
    """The question supposes the license has ended or will ("if Google ends my agreement", "meta terminated my
    license", "once it's revoked"): the end is its situation, not what it asks."""
    return bool(patterns().flat["supposed"].search(question))


def asked_object(text: str) -> str:
    """What the asking clause is about: "output", "derivative", or "model" (the copy, the weights)."""
    return next((name for name, found in patterns().objects.items() if found.search(text)), "model")


def _after_clause(question: str) -> str:
    """The part of the question after its supposing clause: where it says what it wants to keep or do."""
    found = patterns().flat["supposed"].search(question)
    return question[found.end():] if found else question


def effect_sentences(resolved: Resolved, corpus: Corpus):
    """The text's effect-of-termination sentences ("Upon termination … you must delete and cease use of …")."""
    effect = patterns().flat["effect"]
    return [(sentence, part) for sentence, part in _decide._text_sentences(resolved, corpus) if effect.search(sentence)]


def _covers(sentence: str, thing: str) -> bool:
    """The effect sentence reaches the thing asked about: the model always; derivatives and outputs when named."""
    return thing == "model" or bool(patterns().effect_objects[thing].search(sentence))


def _outputs_spared(effects: list, thing: str) -> bool:
    """Outputs asked about, and the text's effect sentences list what must go without naming outputs: they are
    not among it (what the model made is not the model; a derivative may be, so it is left to the card)."""
    return thing == "output" and bool(effects) and not any(_covers(s, thing) for s, _ in effects)


def after_termination(resolved: Resolved, asked: Asked, corpus: Corpus, card: cards.Card | None = None):
    """"If they terminate my license, can I keep …? / must I delete …?": no / yes when the text's effect sentence
    makes you stop and delete what is asked about; "must I delete it?" of a text with no effect sentence, and a
    card that names no deletion either, is no; None otherwise (an effect that does not name that thing)."""
    question = understand.fold(asked.question)
    if not supposes_end(question):
        return None
    rest = _after_clause(question)
    flat = patterns().flat
    keeps, must = bool(flat["keeps"].search(rest)), bool(flat["must_end"].search(rest))
    if keeps and must:  # "I'd stop using it but can keep the outputs, right?": the kind says which is asked
        keeps, must = asked.kind != "obligation", asked.kind == "obligation"
    if not (keeps or must):
        return None
    thing = asked_object(rest)
    effects = effect_sentences(resolved, corpus)
    if _outputs_spared(effects, thing):
        return _spared(resolved, asked, keeps, effects[0])
    found = [(s, p) for s, p in effects if _covers(s, thing)]
    if not found:
        return _no_deletion(resolved, card, asked) if must and not effects and not keeps else None
    if asked.kind == "obligation" or (asked.kind == "fact" and must):
        verdict = "yes" if must else None
    elif asked.kind in ("permission", "fact", "threshold"):
        verdict = "no" if keeps else None
    else:
        verdict = None
    if verdict is None:
        return None
    sentence, part = found[0]
    return _decide.Decision(TOPIC, verdict, f"After termination: {sentence}", "card", (of_clause(part),),
                            ("read from the license text: what you must do once the license ends",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


DELETION = re.compile(r"(?i)\b(delet\w*|destroy\w*|eras\w*|return (all )?copies)\b")


def _no_deletion(resolved: Resolved, card: cards.Card | None, asked: Asked):
    """No sentence of the text says what must go when the license ends, and the card names no deletion: nothing
    obliges you to delete (stopping use of a license that has ended is another matter)."""
    if card is None or asked.kind not in ("obligation", "fact") or any(
            DELETION.search(entry.conditions or "") for entry in (*card.rights.values(), *card.facts.values())):
        return None
    return _decide.Decision(TOPIC, "no", "The license names nothing you must delete or return when it ends; without "
                            "a license you may no longer use the model under it.", "card", (),
                            ("read from the license text: it has no clause on what happens once it ends",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


def _spared(resolved: Resolved, asked: Asked, keeps: bool, effect):
    """What the effect sentence leaves out: keeping it is allowed ("yes"), deleting it is not required ("no")."""
    verdict = "yes" if keeps else "no"
    sentence, part = effect
    return _decide.Decision(TOPIC, verdict, f"After termination the license names what must go, and not your "
                                            f"outputs: {sentence}", "card", (of_clause(part),),
                            ("read from the license text: what you must do once the license ends",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


# --- cure periods ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CurePeriod:
    days: int
    anchor: str  # notice | discovery | cessation | "" (what the period runs from)
    keeps: bool  # the license is kept while it runs (a grace period), not ended and given back
    sentence: str
    part: object


def to_days(number: str, unit: str) -> int | None:
    """"thirty" "days" → 30, "3" "weeks" → 21."""
    value = int(number) if number.isdigit() else NUMBER_WORDS.get(number.lower())
    return None if value is None else value * DAYS_PER[unit.lower().rstrip("s")]


# a time to cure stated in days ("60 days", "a sixty-day period"), in a question or a card's conditions
STATED_DAYS = re.compile(r"\b(?P<n>\d+|thirty|sixty|ninety|fourteen|seven)[- ](?P<unit>days?)\b", re.I)


def cure_period_differs(asked: Asked, conditions: str) -> tuple[int, int] | None:
    """The time to cure the question names and the one the card's conditions give, when the question's is longer
    ("i have 60 days to sort it out, right?" under "30 days to comply"); None when either names none, or the
    question's is within the time given ("do i get 14 days?" gets them, and more)."""
    cure = understand.data().cure
    if not cure["card"].search(conditions) or not cure["period"].search(understand.fold(asked.question)):
        return None
    said, given = ({to_days(m.group("n"), m.group("unit")) for m in STATED_DAYS.finditer(text)}
                   for text in (asked.question, conditions))
    if len(given) != 1 or not said or min(said) <= min(given):
        return None
    return min(said), next(iter(given))


def cure_periods(resolved: Resolved, corpus: Corpus) -> list[CurePeriod]:
    """The text's cure / reinstatement periods with their figures and from when they run, in text order."""
    flat, found = patterns().flat, []
    for sentence, part in _decide._text_sentences(resolved, corpus):
        days = flat["days"].search(sentence)
        if not days or not flat["cure_sentence"].search(sentence):
            continue
        count = to_days(days.group("n"), days.group("unit"))
        if count is None or count > MAX_PERIOD_DAYS:
            continue
        anchor = flat["anchor"].search(sentence)
        keeps = not re.search(r"(?i)\b(reinstat|restor)", sentence)
        found.append(CurePeriod(count, anchor.group("anchor").lower() if anchor else "", keeps, sentence, part))
    return found


def _meeting(periods: list[CurePeriod], question: str) -> CurePeriod:
    """The period that runs from the moment the question counts from (a notice, the discovery), else the first."""
    counted = [name for name, found in patterns().question_anchor.items() if found.search(question)]
    return next((p for p in periods if p.anchor in counted), periods[0])


def question_days(question: str) -> int | None:
    """The figure of time the question states ("10 days ago", "about 2 months after", "60 days to fix")."""
    found = patterns().flat["question_time"].search(question)
    return to_days(found.group("n"), found.group("unit")) if found else None


def cure_period(resolved: Resolved, asked: Asked, corpus: Corpus):
    """A breach being put right, asked whether the license is lost or comes back, or how long there is: judged
    against the text's own period. Within the period the license is kept / restored; past it, it is not."""
    question = understand.fold(asked.question)
    flat = patterns().flat
    if not flat["breach_context"].search(question):
        return None
    lost, back = flat["asks_lost"].search(asked.asking), flat["asks_back"].search(asked.asking)
    if not (lost or back):
        return None
    periods = cure_periods(resolved, corpus)
    if not periods:
        return None
    period = _meeting(periods, question)
    elapsed = question_days(question)
    if elapsed is not None:
        within = elapsed <= period.days
        verdict = ("yes" if within else "no") if back else ("no" if within else "yes")
    elif lost and (period.keeps or flat["asks_final"].search(asked.asking)):
        verdict = "no"  # no time stated: not lost outright, the text gives time to put it right
    else:
        return None
    runs = f" from the {period.anchor}" if period.anchor else ""
    conditions = (f"The license gives {period.days} days{runs} to put a breach right: {period.sentence}")
    return _decide.Decision(TOPIC, verdict, conditions, "card", (of_clause(period.part),),
                            ("read from the license text: the cure period and when it runs",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


# --- revocation --------------------------------------------------------------------------------------------------

def asks_revocation(asked: Asked) -> str | None:
    """"revoke" for "can they revoke / pull it whenever they want?" (active or passive), "lasting" for "is it
    irrevocable?", also "revoke" for "they changed the license: do I lose my rights?"; None otherwise. A question
    that only supposes the end ("if they revoke it, must I …") asks about its effect, not this."""
    found = understand.asks_revocation(asked)
    if found:
        return found
    text, flat = asked.asking, patterns().flat
    if flat["end_words"].search(text) and flat["at_will"].search(text):
        return "revoke"
    question = understand.fold(asked.question)
    if flat["licensor_change"].search(question) and flat["asks_lost"].search(text):
        return "revoke"
    if claims_lasting(question):
        return "lasting"
    return None


def asks_keep_using(asked: Asked) -> bool:
    """"if i sue meta, can i keep using it meanwhile?": a permission to go on after an act that ends the license,
    answered as the opposite of "does that act end it?"."""
    return asked.kind == "permission" and bool(patterns().flat["keeps_using"].search(understand.fold(asked.asking)))


def claims_lasting(question: str) -> bool:
    """The question states that the license cannot be ended, or only in one case, and asks to confirm it
    ("nobody can take it back from me?", "they can only pull it if i break the rules, right?"): answered as
    "is it irrevocable?". The end word has a denied or limited agent, not a plain "can they revoke it?"."""
    flat = patterns().flat
    return any(flat["end_words"].search(clause) and flat["lasting_claim"].search(clause)
               for clause in re.split(r"(?<=[?!.])\s+", question))


def revocation(resolved: Resolved, card: cards.Card, asked: Asked, corpus: Corpus):
    """"Can they just revoke the license later?": yes when the text lets the licensor end it at any time, no when
    it grants the license irrevocably or ends it only on a breach; read from the text's own sentences."""
    asks = asks_revocation(asked)
    if asks is None or (asked.kind == "obligation" and supposes_end(understand.fold(asked.question))):
        return None
    found = understand.revocation_patterns()
    at_will, lasting = [], []
    for sentence, part in _decide._text_sentences(resolved, corpus):
        if (found["at_will"].search(sentence) and not found["not_at_will"].search(sentence)) \
                or found["revocable"].search(sentence):
            at_will.append(of_clause(part))
        elif found["irrevocable"].search(sentence) or patterns().flat["denied_revocation"].search(sentence):
            lasting.append(of_clause(part))
    breach = card.answer("termination_breach")
    if at_will:
        verdict, conditions, quotes = "yes", "The licensor may revoke or end the license at any time.", at_will
    elif lasting:
        verdict, conditions, quotes = "no", "The license is granted irrevocably; it can end only as its terms say.", lasting
    elif breach is not None and breach.verdict in ("yes", "conditional"):
        verdict, conditions, quotes = ("no", f"Only if you break its terms. {breach.conditions}",
                                       list(_decide._quotes(breach, corpus)))
    else:
        return None
    if asks == "lasting":
        verdict = _decide.INVERT[verdict]
    return _decide.Decision(TOPIC, verdict, conditions, "card", tuple(unique(quotes[:2])),
                            ("read from the license text: who may end the license, and when",), kind=asked.kind,
                            origin=_decide._text_origin(resolved))


# --- the licensor's changes to its terms --------------------------------------------------------------------------

CHANGE_TOPIC = "policy_changes"


def change_sentences(resolved: Resolved, corpus: Corpus) -> list:
    """The text's sentences letting the licensor change, update or amend the agreement or policy."""
    found = patterns().flat["text_change"]
    return [(sentence, part) for sentence, part in _decide._text_sentences(resolved, corpus) if found.search(sentence)]


def _change_notice(changes: list) -> str | None:
    """ "yes" when a change sentence gives notice before a change applies, "no" when it applies at once (on
    posting, without notice), None when the text says neither."""
    flat = patterns().flat
    if any(flat["change_noticed"].search(s) and not flat["change_at_once"].search(s) for s, _ in changes):
        return "yes"
    return "no" if any(flat["change_at_once"].search(s) for s, _ in changes) else None


def terms_change(resolved: Resolved, asked: Asked, corpus: Corpus):
    """"Does the license let the AUP change after I started?" (yes when the text lets the licensor change it),
    "we get a notice period before a change applies, right?" (read from the change sentence: on posting is no).
    Whether the asker keeps the earlier terms is left to the card's `keeps_earlier_terms` reading; a duty is too."""
    question, flat = understand.fold(asked.question), patterns().flat
    if asked.kind == "obligation" or not flat["terms_changed"].search(question) \
            or understand.keeps_earlier_terms(asked):
        return None
    changes = change_sentences(resolved, corpus)
    if not changes:
        return None
    if flat["asks_change_notice"].search(asked.asking):
        verdict, why = _change_notice(changes), "when a change of the terms applies"
    elif flat["asks_change_allowed"].search(asked.asking):
        verdict, why = "yes", "the licensor may change its terms"
    else:
        return None
    if verdict is None:
        return None
    sentence, part = changes[0]
    return _decide.Decision(CHANGE_TOPIC, verdict, f"The licensor may change the terms: {sentence}", "card",
                            (of_clause(part),), (f"read from the license text: {why}",), kind=asked.kind,
                            origin=_decide._text_origin(resolved))


# --- an act that ends the license ---------------------------------------------------------------------------------

def ending_triggers(resolved: Resolved, corpus: Corpus) -> list:
    """(trigger clause, sentence, part) for each text sentence that ends the license on a named act ("If You bypass
    … any safety guardrail …, your rights … will automatically terminate"); a bare "if you breach" is left out, and
    so is patent litigation, which the card's litigation entry reads with its exceptions."""
    flat, found = patterns().flat, []
    for sentence, part in _decide._text_sentences(resolved, corpus):
        trigger = flat["ending_trigger"].search(sentence)
        said = trigger.group("trigger").strip() if trigger else ""
        if trigger and not flat["generic_trigger"].search(said) and not flat["litigation_trigger"].search(said):
            found.append((trigger.group("trigger").strip(), sentence, part))
    return found


def _nearest_trigger(question: str, triggers: list):
    """The trigger a passage of the question describes (highest MiniLM similarity at or above the minimum), or
    None; None without embeddings."""
    function = embeddings.embedder()
    if function is None or not triggers:
        return None
    vectors = np.asarray(function([t for t, _, _ in triggers]), dtype=np.float32)  # per text: not cached
    sims = uses.question_similarities(question, vectors)
    if sims is None:
        return None
    sims = sims.max(axis=0)
    best = int(sims.argmax())
    return triggers[best] if sims[best] >= MIN_TRIGGER_SIMILARITY else None


def ending_act(resolved: Resolved, asked: Asked, corpus: Corpus):
    """"I'll strip the safety guardrails out: does my license just end?": yes when the text ends the license on the
    act the question describes (its trigger compared by meaning); None when no trigger is described."""
    flat = patterns().flat
    if asked.kind == "obligation" or not (flat["asks_ended"].search(asked.asking)
                                          and flat["asks_ended_object"].search(asked.asking)):
        return None
    question = understand.fold(asked.question)
    if (supposes_end(question) or flat["at_will"].search(asked.asking) or claims_lasting(question)
            or flat["licensor_change"].search(question)):  # the licensor's act, not the asker's: revocation reads it
        return None
    met = _nearest_trigger(question, ending_triggers(resolved, corpus))
    if met is None:
        return None
    _, sentence, part = met
    return _decide.Decision(TOPIC, "yes", f"The license ends on the act your question describes: {sentence}",
                            "card", (of_clause(part),), ("read from the license text: what ends the license",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


# --- what a lawsuit ends: the patent license only, or every license the text grants ---------------------------

LITIGATION_TOPIC = "termination_litigation"


def litigation_ends(resolved: Resolved, corpus: Corpus):
    """("patent", sentence, part) when the text's litigation sentence ends only the patent licenses (Apache, the
    RAILs), ("all", sentence, part) when it ends every license it grants (Llama), None when it has neither."""
    flat = patterns().flat
    for sentence, part in _decide._text_sentences(resolved, corpus):
        if not flat["litigation_trigger"].search(sentence) or not re.search(r"(?i)\bterminat", sentence):
            continue
        if flat["ends_patent_only"].search(sentence):
            return "patent", sentence, part
        if flat["ends_all"].search(sentence):
            return "all", sentence, part
    return None


def litigation_scope(resolved: Resolved, asked: Asked, corpus: Corpus):
    """"If I file a patent suit, do I also lose the copyright license, not just the patent one?": what the text's
    litigation sentence ends, against the rights the question asks about (the copyright license, everything, the
    whole license): `no` when only the patent licenses end, `yes` when every license does; a question asking
    whether it keeps them is answered the other way round. None when the question names no such rights."""
    flat = patterns().flat
    question = understand.fold(asked.question)
    if asked.kind == "obligation" or not flat["litigation_trigger"].search(question):
        return None
    whole = flat["asks_other_rights"].search(asked.asking)
    if whole is None:
        return None
    ends = litigation_ends(resolved, corpus)
    if ends is None:
        return None
    scope, sentence, part = ends
    lost = scope == "all"
    verdict = ("no" if lost else "yes") if flat["keeps_using"].search(asked.asking) else ("yes" if lost else "no")
    said = ("ends every license the text grants, not only a patent license" if lost
            else "ends only the patent license; the copyright license and your other rights are not ended by it")
    return _decide.Decision(LITIGATION_TOPIC, verdict, f"The text's litigation clause {said}: {sentence}", "card",
                            (of_clause(part),), ("read from the license text: what a lawsuit ends",),
                            kind=asked.kind, origin=_decide._text_origin(resolved), worded=True)
