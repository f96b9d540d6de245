"""Facts about the license as a contract, read from the text's own sentences.

Five facets, each recognised by what the question is about (word families in corpus/contract.yaml), and answered
from the sentence of the text that does the thing asked about, so a text without a card is read the same way:

- forum: where disputes are heard. Courts or arbitration, and the place (a seat, a county, a country). A question
  confirming a court when the text sends disputes to arbitration, or a place the forum sentence does not name, is
  `no`; an open "does it say which courts…" is `yes` when the text names a forum, `no` when it is silent (the
  case format's reading of silence for "does it say which law applies?").
- prevailing language: "the english one wins, right?" against the sentence that makes one version prevail.
- class actions: "can we sue together?" is `no` where the text waives class actions; "is there a waiver?" `yes`.
- contracting party: the licensor defined per the user's place ("Meta Platforms Ireland Limited (if you are located
  in the EEA…)"), the entity the question names checked against the one its place selects.
- version / date: "version 1.0 from october 2023, right?" against the text's own version or date line.
- minimum age: "my 15 y/o wants to use it, ok?" against the text's age rule (at least 13; under 18 only with a
  parent's permission: `conditional`; a service aimed at minors where the text excludes one: `no`); "is there a
  minimum age?" is `yes` where the text sets one, and a text that sets none leaves the age open (`not_addressed`).
- a service as distribution: "does our paid api count as distributing it?" is `yes` where the text's definition of
  distribution names a hosted service or remote access, `no` where the text says interaction over a network is not
  conveying; a claim that denies it ("i'm not distributing anything by hosting it, right?") is answered as the
  claim. A text that says neither is left to the card.

The governing law itself stays with the card (decide.py); this stage answers only these facets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from . import config, thresholds, understand, yamlio
from . import decide as _decide  # Decision and the text's sentences; decide imports this module in turn
from .corpus import Corpus
from .quotes import of_clause, unique
from .resolve import Resolved
from .understand import Asked

FORUM_TOPIC = "governing_law"  # where disputes go: the topic "Governing law and courts"
LANGUAGE_TOPIC = "language_version"
CLASS_TOPIC = "class_action_waiver"
PARTY_TOPIC = "contracting_party"
VERSION_TOPIC = "version_date"
AGE_TOPIC = "minimum_age"
BOUND_TOPIC = "acceptance"  # whether the license binds someone who never clicked "I accept"
PRICE_TOPIC = "license_fee"  # what a license, or the separate license a cap calls for, costs
INDEMNITY_TOPIC = "indemnity"  # a duty to cover the licensor's costs when someone sues it over your use
ADULT = 18  # the age from which a person needs no one's permission, where a text sets a parental rule
SERVICE_TOPIC = "hosted_service_or_api"  # offering the model as a service: the right it is about
MAX_QUOTES = 2  # the sentences shown for a contract fact: the deciding one and, at most, its neighbour
HEAD_CHARS = 1500  # the version / date line of a text sits in its heading, before the first clause
MIN_ENTITY_WORD = 3  # shorter words of a company's name ("of", "co") tell no two entities apart
AS_WORDED = " Your question states the opposite and asks whether it holds: the verdict answers that."
SILENT_ANSWER = "no"  # "does it say X?" of a text silent on X: silence is the answer (case format, corpus/CARDS.md)


@dataclass(frozen=True)
class Patterns:
    """corpus/contract.yaml, compiled."""

    question: dict[str, re.Pattern]
    text: dict[str, re.Pattern]
    regions: dict[str, tuple[str, ...]]
    entity_common: frozenset[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    with open(config.corpus_dir() / "contract.yaml", encoding="utf-8") as f:
        data = yamlio.load(f)
    question = {k: re.compile(v) for k, v in data["question"].items()}
    text = {k: re.compile(v, re.I) for k, v in data["text"].items()}
    regions = {k: tuple(v) for k, v in data["regions"].items()}
    return Patterns(question, text, regions, frozenset(data["entity_common"]))


def decide(resolved: Resolved, asked: Asked, corpus: Corpus):
    """The first facet the question is about, answered from the text; None when it is about none of them."""
    if asked.kind not in ("fact", "threshold", "permission", "obligation"):
        return None
    question = understand.fold(asked.question)
    asking = understand.fold(asked.asking) or question
    if asked.kind == "obligation":  # "how old do i have to be?", "do i have to indemnify them?": a duty's subjects
        return (_price(resolved, asked, question, asking, corpus)
                or _indemnity(resolved, asked, question, asking, corpus)
                or _minimum_age(resolved, asked, question, asking, corpus))
    for facet in (_price, _class_action, _language, _forum, _party, _version, _service_distribution, _minimum_age,
                  _bound, _indemnity):  # a forum asked after a party premise is the forum
        decision = facet(resolved, asked, question, asking, corpus)
        if decision is not None:
            return decision
    return None


def _decision(resolved: Resolved, asked: Asked, topic: str, verdict: str, conditions: str, parts) -> object:
    quotes = tuple(unique([of_clause(part) for part in parts]))[:MAX_QUOTES]
    return _decide.Decision(topic, verdict, conditions, "card", quotes, ("read from the license text",),
                            kind=asked.kind, origin=_decide._text_origin(resolved))


def _sentences(resolved: Resolved, corpus: Corpus) -> list[tuple[str, object]]:
    """The text's sentences, a sentence the splitter cut after a company's "Ltd." or "Inc." joined to the next."""
    joined: list[tuple[str, object]] = []
    cut = patterns().text["abbreviation_end"]
    for sentence, part in _decide._text_sentences(resolved, corpus):
        if joined and cut.search(joined[-1][0]):
            joined[-1] = (f"{joined[-1][0]} {sentence}", joined[-1][1])
        else:
            joined.append((sentence, part))
    return joined


def _without_contrast(text: str) -> str:
    """The question less the alternative it sets aside ("arbitration in seoul rather than court")."""
    return patterns().question["contrast"].sub(" ", text)


# --- forum -------------------------------------------------------------------------------------------------------

def asks_forum(asking: str) -> bool:
    """Where disputes go, not which law governs: the asking clause names a forum word. A law named only in a
    premise ("i know it's under delaware law — does it also say which courts…") leaves the forum asked."""
    q = patterns().question
    main = q["to_court"].sub(" ", q["premise"].sub(" ", asking))
    if not (q["forum"].search(main) or q["forum_verb"].search(main) and q["forum_where"].search(main)):
        return False
    pieces = re.split(r"[—–;:]| - |\. |,? (?:so|therefore|hence|which means|meaning) ", main)
    asked = [p for p in pieces if not CONFIRMATION_TAG.match(p)] or pieces  # "…, so it's Californian law - right?"
    return not q["law"].search(asked[-1])  # the conclusion asked


# a tag that asks to confirm what came before it ("- correct?", "right?"): the conclusion is the piece before it
CONFIRMATION_TAG = re.compile(r"^\W*(correct|right|true|yes|no|ok|okay|isn'?t (it|that (so|right))|am i right|"
                              r"is that (so|right|correct|true)|yeah|yep)\W*$", re.I)


def text_forum(resolved: Resolved, corpus: Corpus) -> tuple[str, list] | None:
    """("arbitration" | "courts", [(sentence, part)…]) from the text's sentences that send disputes somewhere."""
    t = patterns().text
    arbitration, courts = [], []
    for sentence, part in _sentences(resolved, corpus):
        if t["arbitration"].search(sentence) and t["arbitration_forum"].search(sentence):
            arbitration.append((sentence, part))
        elif (t["court_forum"].search(sentence) and t["court_venue"].search(sentence)
              and not t["court_secondary"].search(sentence)):
            courts.append((sentence, part))
    if arbitration:
        return "arbitration", arbitration
    return ("courts", courts) if courts else None


def _asked_mode(text: str) -> str | None:
    q = patterns().question
    kept = _without_contrast(text)
    if q["mode_arbitration"].search(kept):
        return "arbitration"
    return "courts" if re.search(r"\b(courts?|courtroom|judges?|sue|sued|suing|lawsuits?|litigat\w*)\b", kept) \
        and not re.search(r"\bwhich courts?\b|\bwhat courts?\b", kept) else None


def _asked_places(text: str) -> list[str]:
    """Places the question names for the forum, most specific first, less the regions they only imply."""
    kept = _without_contrast(text)
    named = understand.places_in(kept)
    implied = {region for region, members in understand.data().regions.items()  # "seoul" names south korea too
               if any(m in named for m in members) and not re.search(rf"\b{re.escape(region)}\b", kept)}
    found = [p for p in named if p not in (understand.WORLDWIDE, "eu", "european union", "europe") and p not in implied]
    found += [w for w in re.findall(r"\b(?:in|at|to) ([a-z]+)(?: county| city)?\b(?=[ ?,.!]*(?:$|right|correct|\?))",
                                    kept) if w not in found and w not in ("court", "courts", "arbitration", "it")]
    return found


def _places_met(places: list[str], forum_text: str) -> bool:
    folded = understand.fold(forum_text)
    return all(re.search(rf"\b{re.escape(p)}\b", folded) for p in places)


# verbs only: "the courts of which state" names a place, not what the text states
TEXT_SAYS = re.compile(r"\b(say|says|said|specify|specifies|mention\w*|(?<!which )(?<!what )(?<!whose )(?<!the )(?<!a )"
                       r"(state|states)|name|names|pick|picks|set|sets)\b")


def _silent_answer(asking: str) -> str:
    """Silence answers "does it say where disputes go?" (`no`) but leaves "which courts hear disputes?" open, and
    "would it be german courts?" too: a place asked of a text that names none is for the law to settle."""
    if patterns().question["asks_value"].search(asking) or (patterns().question["asks_value_inline"].search(asking)
                                                            and not TEXT_SAYS.search(asking)):
        return "not_addressed"
    if _asked_places(asking) and not TEXT_SAYS.search(asking):
        return "not_addressed"
    return SILENT_ANSWER


def _forum(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    if not asks_forum(asking):
        return None
    found = text_forum(resolved, corpus)
    if found is None:
        # silence answers "does it say where disputes go?" (as it answers "does it say which law applies?"): no
        return _decision(resolved, asked, FORUM_TOPIC, _silent_answer(asking),
                         "The license text names no court or arbitration for disputes.", ())
    mode, hits = found
    forum_text = " ".join(s for s, _ in hits)
    parts = [p for _, p in hits]
    said = "arbitration" if mode == "arbitration" else "the courts"
    asked_mode, places = _asked_mode(asking), _asked_places(asking)
    if asked_mode and asked_mode != mode:
        return _decision(resolved, asked, FORUM_TOPIC, "no",
                         f"No: the license sends disputes to {said}, not to {asked_mode}.", parts)
    if places and not _places_met(places, forum_text):
        return _decision(resolved, asked, FORUM_TOPIC, "no",
                         f"No: the license's {mode} clause does not name "  # mode: "arbitration" | "courts"
                         f"{', '.join(p.title() for p in places)}{_named_instead(forum_text)}.", parts)
    named = _forum_places(forum_text)
    where = f" ({', '.join(named)})" if named else ""
    return _decision(resolved, asked, FORUM_TOPIC, "yes", f"Disputes go to {said}{where}, as the license says.", parts)


def _named_instead(forum_text: str) -> str:
    """", it names Santa Clara, California": the places the forum clause does name, for the answer's reader."""
    named = _forum_places(forum_text)
    return f"; it names {', '.join(_place_name(p) for p in named)}" if named else ""


def _forum_places(forum_text: str) -> list[str]:
    """The places the forum clause names, as a reader says them ("Santa Clara, California"), regions left out."""
    regions = {understand.WORLDWIDE, "eu", "european union", "europe", "european"}
    return [_place_name(p) for p in understand.places_in(understand.fold(forum_text)) if p not in regions]


def _place_name(place: str) -> str:
    """A folded place as written in prose: "republic of korea" -> "Republic of Korea", "uk" -> "UK"."""
    return " ".join(w if w in ("of", "and", "the") else w.upper() if w in ("uk", "us", "usa", "uae") else w.capitalize()
                    for w in place.split())


# --- prevailing language -------------------------------------------------------------------------------------------

def _language(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    q = patterns().question
    languages = q["language"].findall(question)
    if len(set(languages)) < 2 and not (languages and q["versions"].search(question)):
        return None
    if not (q["prevails"].search(asking) and q["versions"].search(question)):
        return None
    t = patterns().text
    found = [(s, p) for s, p in _sentences(resolved, corpus) if t["prevails"].search(s)]
    prevailing = next((m.group(1).lower() for s, _ in found for m in [t["prevailing_language"].search(s)] if m), None)
    if prevailing is None:
        return _decision(resolved, asked, LANGUAGE_TOPIC, "not_addressed",
                         "The license text does not say which language version prevails.", ())
    parts = [p for s, p in found if prevailing in s.lower()]
    named = _asked_language(asking) or _asked_language(question)
    if named is None or q["open"].search(asking) and named is None:
        return _decision(resolved, asked, LANGUAGE_TOPIC, "yes",
                         f"The {prevailing.title()} version prevails.", parts)
    verdict = "yes" if named == prevailing else "no"
    return _decision(resolved, asked, LANGUAGE_TOPIC, verdict,
                     f"{'Yes' if verdict == 'yes' else 'No'}: the {prevailing.title()} version prevails.", parts)


def _asked_language(text: str) -> str | None:
    """The language the question says wins: the one named nearest before its word of prevailing."""
    q = patterns().question
    last = re.split(r"[,;—–]|\. ", text)
    for clause in reversed(last):
        win = q["prevails"].search(clause)
        named = q["language"].findall(clause[:win.start()] if win else "")
        if win and named:
            return named[-1]
        named = q["language"].findall(clause)
        if win and named:
            return named[0]
    return None


# --- a service as distribution -----------------------------------------------------------------------------------

def asks_service_distribution(asked: Asked, question: str, asking: str) -> bool:
    """A fact question whether offering the model as a service is distribution: the asking sentence names
    distribution with a frame that asks what counts as it, and the question names a service."""
    q = patterns().question
    return (asked.kind == "fact" and bool(q["distribution"].search(asking)) and bool(q["counts_as"].search(asking))
            and bool(q["service"].search(question)))


def _service_distribution(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    if not asks_service_distribution(asked, question, asking):
        return None
    t = patterns().text
    sentences = _sentences(resolved, corpus)
    included = [(s, p) for s, p in sentences if t["service_distribution"].search(s)]
    excluded = [(s, p) for s, p in sentences if t["service_not_distribution"].search(s)]
    if included:
        holds, found = True, included
        conditions = ("Yes: the license defines distribution to include offering the model as a hosted service "
                      "(an API or web access), so the duties that come with distributing it apply to the service.")
    elif excluded:
        holds, found = False, excluded
        conditions = ("No: the license says interaction with users over a network, with no copy handed over, is "
                      "not conveying it; the duties that come with distributing copies do not apply to a service.")
    else:
        return None  # the text does not define it: the card's entry for services answers
    denied = bool(patterns().question["not_distribution"].search(asking))
    verdict = "yes" if holds != denied else "no"
    if denied:
        conditions += AS_WORDED
    return replace(_decision(resolved, asked, SERVICE_TOPIC, verdict, conditions, [p for _, p in found]), worded=True)


# --- bound without clicking "I accept" ------------------------------------------------------------------------------

def _bound(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    """"a friend sent me the weights and i never clicked accept: am i bound by the license?": where the text makes
    using (or distributing, or exercising its rights) the act of accepting it, how the model reached the asker
    changes nothing. A text without such a sentence is left to the card."""
    q = patterns().question
    if not (q["bound"].search(question) and q["acceptance_premise"].search(question)):
        return None
    accepting = [(s, p) for s, p in _sentences(resolved, corpus) if patterns().text["accepted_by_use"].search(s)]
    if not accepting:
        return None
    conditions = ("By using or sharing the model you accept its license, so its terms bind you, however you got "
                  "the model.")
    denied = bool(q["not_bound"].search(asking))
    if denied:
        conditions += AS_WORDED
    return replace(_decision(resolved, asked, BOUND_TOPIC, "no" if denied else "yes", conditions,
                             [p for _, p in accepting]), worded=True)


# --- indemnity ----------------------------------------------------------------------------------------------------

def _indemnity(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    """"do i have to indemnify meta if someone sues over my app?": the text's promise to indemnify the licensor. It
    binds everyone, only businesses (the asker's own words say which they are), or only someone offering warranty
    or support of their own; a text with no such promise sets no such duty. Leave asked to offer a warranty of
    one's own ("may I charge clients for my own warranty?") is allowed with that promise as its condition."""
    q = patterns().question
    offers = asked.kind == "permission" and bool(q["offers_warranty"].search(question))
    if not (q["indemnity"].search(question) or offers):
        return None
    t = patterns().text
    promises = [(s, p) for s, p in _sentences(resolved, corpus) if t["licensee_indemnifies"].search(s)]
    if offers and not promises:  # "may I sell my own warranty?" under a text that ties no promise to it
        return _decision(resolved, asked, INDEMNITY_TOPIC, "not_addressed",
                         "The license does not speak of warranties you offer yourself; it only disclaims its own.", [])
    found, verdict, conditions = _indemnity_promise(promises, question)
    if q["not_indemnity"].search(asking) and verdict in ("yes", "no"):
        verdict = _decide.INVERT[verdict]
        conditions = _decide.without_answer_word(conditions) + AS_WORDED
    elif asked.kind == "permission" and verdict == "yes":
        # "can we sell a warranty and indemnity package on top?": allowed, with the promise as its condition
        verdict, conditions = "conditional", _decide.without_answer_word(conditions)
    return replace(_decision(resolved, asked, INDEMNITY_TOPIC, verdict, conditions, [p for _, p in found]),
                   worded=True)


# a promise to indemnify that binds only in a case: (its text pattern, the question's words for that case, the case,
# the duty then)
SCOPED_INDEMNITY = (
    ("indemnity_commercial", "commercial_offering", "you include it in a commercial product offering",
     "defend and indemnify the other contributors against claims that offering causes"),
    ("indemnity_warranty", "own_warranty", "you offer warranty, support or liability terms of your own",
     "indemnify the licensor and contributors for what those terms cost them"),
)


def _indemnity_promise(promises: list, question: str) -> tuple[list, str, str]:
    """(the deciding promises, the verdict, the conditions): a promise every licensee makes first, then one only
    businesses make (read by how the asker describes itself), then one bound to a case the question may name."""
    q, t = patterns().question, patterns().text
    scopes = ("indemnity_business", *(scope for scope, _, _, _ in SCOPED_INDEMNITY))
    general = [(s, p) for s, p in promises if not any(t[scope].search(s) for scope in scopes)]
    if general:
        return general, "yes", ("Yes: you must indemnify the licensor (cover its losses and legal costs) against "
                                "claims by others arising from your use or distribution.")
    business = [(s, p) for s, p in promises if t["indemnity_business"].search(s)]
    if business:
        verdict = ("no" if q["as_individual"].search(question) else "yes" if q["as_business"].search(question)
                   else "conditional")
        return business, verdict, {
            "no": "No: only businesses and organisations must indemnify the licensor, and you describe yourself as "
                  "an individual.",
            "yes": "Yes: businesses and organisations, as you describe yourselves, must indemnify the licensor "
                   "against claims arising from their use.",
            "conditional": "Only if you are a business or organisation: then you must indemnify the licensor "
                           "against claims arising from your use."}[verdict]
    for scope, named, case, duty in SCOPED_INDEMNITY:
        scoped = [(s, p) for s, p in promises if t[scope].search(s)]
        if scoped:
            if q[named].search(question):
                return scoped, "yes", f"Yes: {case}, so you must {duty}."
            return scoped, "conditional", f"Only if {case}: then you must {duty}."
    return [], "no", "No: the license text sets no duty to indemnify the licensor."


# --- minimum age ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgeRule:
    """A text's age rule: the minimum age, the age under which a parent must agree, the age a service may not be
    aimed under, each with the clauses that set it (None where the text sets no such limit)."""

    minimum: tuple[int, list] | None
    parental: tuple[int, list] | None
    service: tuple[int, list] | None
    consent: list  # the clauses asking for the age of legal consent where one lives, with no number ([] if none)

    def parts(self) -> list:
        return [part for rule in (self.minimum, self.parental) if rule for part in rule[1]]


def _age_rule(resolved: Resolved, corpus: Corpus) -> AgeRule:
    t = patterns().text
    found: dict[str, list[tuple[int, object]]] = {"min_age": [], "parental": [], "minors_service": []}
    consent = []
    for sentence, part in _sentences(resolved, corpus):
        for name, ages in found.items():
            match = t[name].search(sentence)
            if match:
                ages.append((int(next(g for g in match.groups() if g and g.isdigit())), part))
        if t["consent_age"].search(sentence):
            consent.append(part)

    def lowest(ages: list[tuple[int, object]]) -> tuple[int, list] | None:
        return (min(a for a, _ in ages), [p for _, p in ages]) if ages else None

    return AgeRule(lowest(found["min_age"]), lowest(found["parental"]), lowest(found["minors_service"]), consent)


def _asked_age(question: str) -> tuple[bool, int | None]:
    """(whether the question asks about age, the age it gives). An adult's age told in passing ("i'm 25, can i use
    it for work?") asks nothing about age."""
    q = patterns().question
    given = q["age_given"].search(question)
    age = next((int(g) for g in given.group("age", "aged", "am", "is") if g), None) if given else None
    if not q["age_words"].search(question):
        return False, None
    if given and given.group("am") and age >= ADULT and not q["age_words"].search(
            question[:given.start()] + question[given.end():]):
        return False, None
    return True, age


def _minimum_age(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    asks_age, age = _asked_age(question)
    for_minors = bool(patterns().question["for_minors"].search(question))
    if not (asks_age or for_minors):
        return None
    rule = _age_rule(resolved, corpus)
    if rule.service and for_minors:
        return _decision(resolved, asked, AGE_TOPIC, "no", "No: the terms exclude services aimed at, or likely to be "
                         f"used by, people under {rule.service[0]}.", rule.service[1])
    if not asks_age:
        return None  # children as a service's users: only a rule about such services answers it
    if not (rule.minimum or rule.parental):
        return _consent_age(resolved, asked, age, rule.consent)
    if age is None:  # "is there a minimum age?", "is she too young?" with no age given
        says = (f"at least {rule.minimum[0]}" if rule.minimum
                else f"under {rule.parental[0]} only with a parent's permission")
        return _decision(resolved, asked, AGE_TOPIC, "yes", f"Yes: users must be {says}.", rule.parts())
    if rule.minimum and age < rule.minimum[0]:
        return _decision(resolved, asked, AGE_TOPIC, "no",
                         f"No: users must be at least {rule.minimum[0]}; you said {age}.", rule.minimum[1])
    if rule.parental and age < rule.parental[0]:
        return _decision(resolved, asked, AGE_TOPIC, "conditional",
                         f"Only with a parent's or legal guardian's permission: users under {rule.parental[0]} need "
                         f"it (you said {age}).", rule.parts())
    return _decision(resolved, asked, AGE_TOPIC, "yes", f"Yes: {age} meets the age rule.", rule.parts())


def _consent_age(resolved: Resolved, asked: Asked, age: int | None, consent: list):
    """A text that sets no number but asks for the age of legal consent where one lives ("of the age required under
    applicable laws … to provide legal consent"): the local law decides an age under the adult one."""
    if not consent:
        return _decision(resolved, asked, AGE_TOPIC, "not_addressed",
                         "The license text sets no minimum age; the law where you live may.", ())
    rule = ("the license holder must be old enough to give legal consent under the law where they live; the text "
            "names no number")
    if age is None:
        return _decision(resolved, asked, AGE_TOPIC, "yes", f"Yes: {rule}.", consent)
    if age >= ADULT:
        return _decision(resolved, asked, AGE_TOPIC, "yes", f"Yes: {rule}, and at {age} you are an adult in most "
                         "places.", consent)
    return _decision(resolved, asked, AGE_TOPIC, "conditional", f"Only if your local law lets someone of {age} "
                     f"consent to an agreement: {rule}.", consent)


# --- class actions -------------------------------------------------------------------------------------------------

def _class_action(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    q = patterns().question
    if not q["class_action"].search(question):
        return None
    t = patterns().text
    found = [(s, p) for s, p in _sentences(resolved, corpus)
             if t["class_waiver"].search(s) and t["waived"].search(s)]
    asks_waiver = bool(q["waiver"].search(asking))
    if not found:
        # "is there a waiver?" is answered by silence (no); "can we sue together?" is not: the text leaves it open
        return _decision(resolved, asked, CLASS_TOPIC, SILENT_ANSWER if asks_waiver else "not_addressed",
                         "The license text says nothing about class actions.", ())
    verdict = "yes" if asks_waiver else "no"
    return _decision(resolved, asked, CLASS_TOPIC, verdict,
                     "Disputes must be brought individually: the text waives class and representative actions.",
                     [p for _, p in found])


# --- contracting party ---------------------------------------------------------------------------------------------

def _party(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    if not patterns().question["party"].search(asking):
        return None  # "meta ireland is our counterparty. is it governed by irish law then?": the party is a premise
    t = patterns().text
    for sentence, part in _sentences(resolved, corpus):
        if not t["party_definition"].search(sentence):
            continue
        entities = t["party_entity"].findall(sentence)
        if len(entities) >= 2:
            return _party_verdict(resolved, asked, question, entities, part)
    return None


def _party_verdict(resolved: Resolved, asked: Asked, question: str, entities, part):
    names = [name for name, _ in entities]
    places = [p for p in understand.places_in(_without_entities(_without_contrast(question), names))
              if p != understand.WORLDWIDE]
    applies = next((name for name, condition in entities if _condition_met(condition, places)), None)
    if applies is None:
        return None
    named = _named_entity(_without_contrast(question), [name for name, _ in entities])
    conditions = f"For a user where your question says, the contracting party is {applies.strip(' ,')}."
    verdict = "yes" if named is None or named == applies else "no"
    return _decision(resolved, asked, PARTY_TOPIC, verdict, conditions, [part])


def _without_entities(question: str, names: list[str]) -> str:
    """The question less the entities' names, so "Meta Platforms Ireland" is not read as the user's place."""
    for word in {w for n in names for w in re.findall(r"[a-z]+", n.lower())}:
        question = re.sub(rf"\b{re.escape(word)}\b", " ", question)
    return question


def _condition_met(condition: str, places: list[str]) -> bool:
    """"if you are located in … the EEA or Switzerland" holds for a place in it; "outside of" for one not in it."""
    folded = understand.fold(condition)
    named = set(understand.places_in(folded))
    for region, members in patterns().regions.items():
        if re.search(rf"\b{region}\b", folded):
            named |= {region, *members}
    inside = any(p in named for p in places)
    if not places:
        return False
    return not inside if patterns().text["outside"].search(folded) else inside


def _named_entity(question: str, names: list[str]) -> str | None:
    """The entity the question names, by the words of its name no other entity shares ("Ireland")."""
    words = [set(re.findall(r"[a-z]+", n.lower())) - patterns().entity_common for n in names]
    for name, own in zip(names, words):
        others = set().union(*(w for w in words if w is not own))
        distinct = {w for w in own - others if len(w) >= MIN_ENTITY_WORD}
        if distinct and any(re.search(rf"\b{re.escape(w)}\b", question) for w in distinct):
            return name
    return None


# --- version / date ------------------------------------------------------------------------------------------------

def _version(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    q = patterns().question
    asked_dates = thresholds.dates(asking)
    asked_version = q["version_number"].search(asking)
    if not asked_dates or not q["dated"].search(asking) or q["not_dated"].search(asking):
        return None
    lines = _version_lines(resolved, corpus)
    if not lines:
        return None
    text = " ".join(s for s, _ in lines)
    said_dates = thresholds.dates(text)
    said_version = q["version_number"].search(understand.fold(text))
    if asked_version and said_version and asked_version.group(1).rstrip(".0") != said_version.group(1).rstrip(".0"):
        return _decision(resolved, asked, VERSION_TOPIC, "no", f"No: the text is {lines[0][0]}.", [lines[0][1]])
    if asked_dates and said_dates and not any(_same_date(a, s) for a in asked_dates for s in said_dates):
        return _decision(resolved, asked, VERSION_TOPIC, "no", f"No: the text says {lines[0][0]}.", [lines[0][1]])
    if asked_dates and not said_dates:
        return None
    return _decision(resolved, asked, VERSION_TOPIC, "yes", f"Yes: the text says {lines[0][0]}.",
                     [p for _, p in lines])


def _price(resolved: Resolved, asked: Asked, question: str, asking: str, corpus: Corpus):
    """"How much does the commercial license cost?": the price a sentence of the text names, else not addressed
    (the price of a separate license is the licensor's to set; a cap or a grant that calls for one names none)."""
    q = patterns().question
    if not q["asks_price"].search(asking) or q["running_cost"].search(asking):
        return None
    sentences = _sentences(resolved, corpus)
    if not q["paid_license"].search(question) and any(patterns().text["free_grant"].search(s) for s, _ in sentences):
        return None  # "how much do I pay to use it?" of a royalty-free grant: the grant answers it
    priced = [(s, p) for s, p in sentences if patterns().text["price"].search(s)]
    if priced:
        return _decision(resolved, asked, PRICE_TOPIC, "yes", f"Yes: the text says {priced[0][0]}",
                         [p for _, p in priced])
    return _decision(resolved, asked, PRICE_TOPIC, "not_addressed",
                     "The license names no price or fee: what a license costs is for the licensor to say when "
                     "you ask.", [])


def _same_date(asked: thresholds.Date, said: thresholds.Date) -> bool:
    return asked.year == said.year and (not asked.month or not said.month or asked.month == said.month)


def _version_lines(resolved: Resolved, corpus: Corpus) -> list[tuple[str, object]]:
    """The text's heading sentences that give its version or date ("Version 1.0, 23 October 2023")."""
    t = patterns().text
    found, seen = [], 0
    for sentence, part in _sentences(resolved, corpus):
        seen += len(sentence)
        if seen > HEAD_CHARS:
            break
        if t["version_line"].search(sentence) and (thresholds.dates(sentence) or re.search(r"\d", sentence)):
            found.append((sentence, part))
    return found
