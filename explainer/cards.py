"""License cards: per-right verdicts written by reading each text, with verbatim anchors resolved to clauses.

A card (`corpus/cards/<key>.yaml`, format in `corpus/CARDS.md`) gives, for every right in `corpus/rights.yaml`
and every fact topic in `corpus/topics.yaml`, a verdict, the conditions in our own words and anchor phrases
copied from the license (at most 25 words) that locate the deciding clauses; `prohibited_uses` lists the uses its
restriction list names (ids of topics.yaml `uses`). An addendum's `overrides` (in `corpus/addenda/`) replace
rights or facts of its base card. Anchors are resolved against the same clause segmentation the index uses, so a
card quote is always a clause id with exact offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from . import config, rights, topics, yamlio
from .corpus import Corpus, split
from .errors import StorageError

MAX_ANCHOR_WORDS = 25
THRESHOLD_METRICS = ("monthly_active_users", "annual_revenue_usd", "monthly_revenue_usd")
MEASURED_AT = ("release", "any_time", "annual")
KINDS = ("right", "obligation", "fact", "value", "use")
PROHIBITED_USE = topics.PROHIBITED_USE
FACTS_REQUIRED = True  # every card answers every fact topic of topics.yaml (tests may switch it off for a small corpus)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass(frozen=True)
class Anchor:
    phrase: str
    license_key: str
    clause_id: str
    start: int  # offsets of the phrase itself in the license body
    end: int


@dataclass(frozen=True)
class CaseException:
    """A case an entry excepts (see RightAnswer.exceptions)."""
    cases: tuple[str, ...]  # our words: the situation the exception covers, one short description per form of it
    verdict: str  # the answer when a question is in that case
    conditions: str
    anchors: tuple[str, ...] = ()
    not_cases: tuple[str, ...] = ()  # our words: the nearby situations the exception does not cover (the rule's own)
    always: bool = False  # anyone may take on the exception's conditions ("if you insist on such deployment, you
    # must independently complete all compliance obligations"): it holds for every question the entry answers


def _descriptions(raw) -> tuple[str, ...]:
    """`case:` or `not_case:`, one description or a list of them (a case with several forms is read best as short
    descriptions, one per form: MiniLM finds "sex-ed handouts" near "sex education lessons", not near a sentence that
    also names novels and documentaries)."""
    listed = raw if isinstance(raw, list) else [raw] if raw else []
    return tuple(text for text in (" ".join(str(item).split()) for item in listed) if text)


def _exceptions(raw_list) -> tuple[CaseException, ...]:
    found = []
    for raw in raw_list or ():
        verdict = {True: "yes", False: "no"}.get(raw.get("verdict"), raw.get("verdict"))
        found.append(CaseException(_descriptions(raw.get("case")), str(verdict),
                                   " ".join(str(raw.get("conditions") or "").split()),
                                   tuple(raw.get("anchors") or ()), _descriptions(raw.get("not_case")),
                                   bool(raw.get("always"))))
    return tuple(found)


@dataclass(frozen=True)
class RightAnswer:
    right: str
    verdict: str
    conditions: str
    anchors: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # use_restrictions: the list, in our words
    thresholds: tuple[dict, ...] = ()  # {metric, limit, above, below, measured_at?, scope?, note?}
    source: str = ""  # the card (license or addendum key) this answer comes from
    anchor_key: str = ""  # the text the anchors are found in
    kind: str = "right"  # right | obligation | fact | value (a topic of topics.yaml) | use (a prohibited use)
    value: str = ""  # value topics (governing_law): "California, USA"
    match: tuple[str, ...] = ()  # lower-case words a question naming the same value contains ("california")
    venue: str = ""  # governing_law: the courts
    excluded: tuple[str, ...] = ()  # geography: lower-case names of the regions excluded ("eu", "european union")
    end_users_exempt: bool = False  # geography: end users of a product made outside the region are not excluded
    paid_only: tuple[str, ...] = ()  # geography: lower-case places whose users may be served only on a paid tier
    use: str = ""  # kind use: the use id of topics.yaml `uses`
    # the cases the entry excepts, each {case, verdict, conditions, anchors, not_case?}: `case` describes in our
    # words (one description or a list of short ones) the situation the exception covers (read by meaning,
    # explainer/policies.py), `verdict` is the answer when a question is in it ("no" for a case the item forbids
    # even so: payday lending with a human deciding)
    exceptions: tuple[CaseException, ...] = ()
    policy_elsewhere: str = ""  # use_restrictions: the outside policy holding the list the text only incorporates
    # non_commercial_only: the grant reaches only the purposes it names (research, evaluation); putting the model to
    # work in production or in an organisation's daily service is outside it even when nothing is charged
    production_excluded: bool = False
    # use_restrictions: who may not use it at all, by what they are (understanding.yaml `excluded_users`:
    # "public_bodies" for a license that excludes governments and public administrations)
    excluded_users: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = {"right": self.right, "verdict": self.verdict, "conditions": self.conditions, "source": self.source}
        if self.items:
            data["items"] = list(self.items)
        if self.kind != "right":
            data["kind"] = self.kind
        for name in ("value", "venue", "use"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        for name in ("match", "excluded", "paid_only"):
            if getattr(self, name):
                data[name] = list(getattr(self, name))
        if self.end_users_exempt:
            data["end_users_exempt"] = True
        if self.production_excluded:
            data["production_excluded"] = True
        if self.excluded_users:
            data["excluded_users"] = list(self.excluded_users)
        return data


@dataclass(frozen=True)
class Card:
    key: str
    summary: str
    rights: dict[str, RightAnswer]
    notes: str = ""
    overridden_by: tuple[str, ...] = field(default=())
    facts: dict[str, RightAnswer] = field(default_factory=dict)  # topic id -> answer (`right` = the topic id)
    prohibited: dict[str, RightAnswer] = field(default_factory=dict)  # use id -> answer (`right` = prohibited_use)

    def answer(self, name: str) -> RightAnswer | None:
        """A right's answer, else a fact topic's."""
        return self.rights.get(name) or self.facts.get(name)

    def to_dict(self) -> dict:
        return {"key": self.key, "summary": self.summary, "notes": self.notes,
                "overridden_by": list(self.overridden_by),
                "rights": {name: answer.to_dict() for name, answer in self.rights.items()},
                "facts": {name: answer.to_dict() for name, answer in self.facts.items()},
                "prohibited_uses": {name: answer.to_dict() for name, answer in self.prohibited.items()}}


def cards_dir(corpus: Corpus | None = None) -> Path:
    return (corpus.root if corpus is not None else config.corpus_dir()) / "cards"


def _words(raw) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    return tuple(" ".join(str(w).lower().split()) for w in raw or ())


def _right_answer(name: str, raw, source: str, kind: str = "right", use: str = "") -> RightAnswer:
    if isinstance(raw, str):  # shorthand in addenda: `hosted_service_or_api: no`
        raw = {"verdict": raw}
    if isinstance(raw, bool):  # YAML 1.1 reads a bare no/yes as a boolean
        raw = {"verdict": "yes" if raw else "no"}
    verdict = raw.get("verdict", "no" if kind == "use" else None)
    verdict = {True: "yes", False: "no"}.get(verdict, verdict)
    return RightAnswer(
        right=name, verdict=str(verdict), conditions=" ".join(str(raw.get("conditions", "")).split()),
        anchors=tuple(raw.get("anchors") or ()), items=tuple(raw.get("items") or ()), source=source,
        anchor_key=source, thresholds=tuple(raw.get("thresholds") or ()), kind=kind,
        value=" ".join(str(raw.get("value") or "").split()), match=_words(raw.get("match")),
        venue=" ".join(str(raw.get("venue") or "").split()), excluded=_words(raw.get("excluded")),
        end_users_exempt=bool(raw.get("end_users_exempt", False)), paid_only=_words(raw.get("paid_only")), use=use,
        exceptions=_exceptions(raw.get("exceptions")),
        policy_elsewhere=" ".join(str(raw.get("policy_elsewhere") or "").split()),
        production_excluded=bool(raw.get("production_excluded", False)),
        excluded_users=tuple(str(u) for u in raw.get("excluded_users") or ()),
    )


def _topic_kind(name: str) -> str:
    topic = topics.topics().get(name)
    return topic.kind if topic is not None else "fact"


def _named_answer(name: str, raw, source: str) -> RightAnswer:
    """An entry of `rights:`/`facts:`/addendum `overrides:`: a right, or else a fact topic."""
    if name in rights.rights():
        return _right_answer(name, raw, source)
    return _right_answer(name, raw, source, kind=_topic_kind(name))


def _prohibited(raw_list, source: str) -> dict[str, RightAnswer]:
    found: dict[str, RightAnswer] = {}
    for raw in raw_list or ():
        if not isinstance(raw, dict) or not raw.get("use"):
            raise TypeError(f"a prohibited_uses entry needs a `use` id: {raw!r}")
        use = str(raw["use"])
        found[use] = _right_answer(PROHIBITED_USE, raw, source, kind="use", use=use)
    return found


@lru_cache(maxsize=8)
def _load_dir(path: str) -> dict[str, Card]:
    raw_cards: dict[str, dict] = {}
    for file in sorted(Path(path).glob("*.yaml")):
        try:
            data = yamlio.load(file.read_text(encoding="utf-8"))
            raw_cards[data["key"]] = data
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise StorageError(f"cannot read license card {file.name}: {exc}") from exc
    return {key: _build_card(key, raw_cards, ()) for key in raw_cards}


def _build_card(key: str, raw_cards: dict[str, dict], seen: tuple[str, ...]) -> Card:
    """A card; `extends: other-key` starts from another card of the same family (same wording), and its
    anchors are then checked against this card's own text."""
    data = raw_cards[key]
    try:
        answers: dict[str, RightAnswer] = {}
        facts: dict[str, RightAnswer] = {}
        prohibited: dict[str, RightAnswer] = {}
        parent = data.get("extends")
        if parent:
            if parent not in raw_cards or parent in seen:
                raise StorageError(f"license card {key}: cannot extend {parent!r}")
            base = _build_card(parent, raw_cards, (*seen, key))
            answers = {name: replace(a, source=key, anchor_key=key) for name, a in base.rights.items()}
            facts = {name: replace(a, source=key, anchor_key=key) for name, a in base.facts.items()}
            prohibited = {name: replace(a, source=key, anchor_key=key) for name, a in base.prohibited.items()}
        answers.update({name: _right_answer(name, raw, key) for name, raw in (data.get("rights") or {}).items()})
        facts.update({name: _right_answer(name, raw, key, kind=_topic_kind(name))
                      for name, raw in (data.get("facts") or {}).items()})
        prohibited.update(_prohibited(data.get("prohibited_uses"), key))
        for use in data.get("drop_prohibited_uses") or ():  # an `extends` card whose list lacks a parent's item
            prohibited.pop(str(use), None)
        if data.get("default_verdict") == "not_addressed":  # policies: only what they say is answered
            default = {"verdict": "not_addressed", "conditions": data.get("default_conditions", "")}
            for name in rights.names():
                answers.setdefault(name, _right_answer(name, default, key))
            for name in topics.fact_names():
                facts.setdefault(name, _right_answer(name, default, key, kind=_topic_kind(name)))
        for name in set(answers) & set(facts):  # governing_law is both: the right carries the fact's value too
            fact = facts[name]
            if fact.value and not answers[name].value:
                answers[name] = replace(answers[name], value=fact.value, match=fact.match, venue=fact.venue)
        summary = data.get("summary") or (base.summary if parent else "")
    except (TypeError, AttributeError) as exc:
        raise StorageError(f"cannot read license card {key}: {exc}") from exc
    return Card(key, " ".join(str(summary).split()), answers, " ".join(str(data.get("notes", "")).split()),
                facts=facts, prohibited=prohibited)


def all_cards(corpus: Corpus | None = None) -> dict[str, Card]:
    return _load_dir(str(cards_dir(corpus)))


def card_for(license_keys: tuple[str, ...] | list[str], addenda: tuple[str, ...] | list[str],
             corpus: Corpus) -> Card | None:
    """The card of the first license that has one, with the addenda's overrides applied.

    The other license keys with a card (companions such as an acceptable use policy) add what the first card
    lacks: their prohibited uses, and their facts where the first card's verdict is `not_addressed`. Such
    answers keep their own `source` and `anchor_key`, so their quotes come from the companion's text."""
    cards = all_cards(corpus)
    base = next((cards[k] for k in license_keys if k in cards), None)
    if base is None:
        return None
    merged = dict(base.rights)
    facts = dict(base.facts)
    prohibited = dict(base.prohibited)
    for key in license_keys:
        companion = cards.get(key)
        if companion is None or companion.key == base.key:
            continue
        for use, answer in companion.prohibited.items():
            prohibited.setdefault(use, answer)
        for name, answer in companion.facts.items():
            if answer.verdict != "not_addressed" and facts.get(name, answer).verdict == "not_addressed":
                facts[name] = answer
    applied = []
    for key in addenda:
        addendum = corpus.addenda.get(key)
        if addendum is None:
            continue
        for name, raw in (addendum.overrides or {}).items():
            answer = _named_answer(name, raw, key)
            (merged if answer.kind == "right" else facts)[name] = answer
        applied.append(key)
    return replace(base, rights=merged, facts=facts, prohibited=prohibited, overridden_by=tuple(applied))


# -- anchors ----------------------------------------------------------------------------------------------------
def _folded(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with whitespace runs collapsed and typographic quotes straightened, plus, for each
    character kept, its offset in the original (so a match maps back to exact offsets)."""
    out: list[str] = []
    where: list[int] = []
    previous_space = True
    for i, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if not previous_space:
                out.append(" ")
                where.append(i)
            previous_space = True
            continue
        out.append(char.lower())
        where.append(i)
        previous_space = False
    return "".join(out), where


@lru_cache(maxsize=128)
def _segmented(key: str, body: str):
    return _folded(body), split(key, body)


def locate(phrase: str, key: str, body: str) -> Anchor | None:
    """Where a verbatim phrase sits in a body, and the clause that holds it."""
    (folded, where), segments = _segmented(key, body)
    wanted = " ".join(phrase.translate(_QUOTES).lower().split())
    at = folded.find(wanted)
    if at < 0 or not wanted:
        return None
    start, end = where[at], where[at + len(wanted) - 1] + 1
    clause = next((c for c in segments if c.start <= start < c.end), None)
    if clause is None:
        return None
    return Anchor(phrase, key, clause.id, start, end)


def clause_of(key: str, body: str, clause_id: str):
    _, segments = _segmented(key, body)
    return next((c for c in segments if c.id == clause_id), None)


def resolve_anchors(answer: RightAnswer, corpus: Corpus) -> list[Anchor]:
    body = corpus.document(answer.anchor_key).body
    return [a for a in (locate(p, answer.anchor_key, body) for p in answer.anchors) if a is not None]


def problems(corpus: Corpus) -> list[str]:
    """Everything wrong with the cards and addendum overrides: the index build and a test fail on any."""
    found: list[str] = []
    if not all_cards(corpus) and not any(a.overrides for a in corpus.addenda.values()):
        return found
    right_names = set(rights.names())
    fact_names = set(topics.fact_names())
    use_names = set(topics.uses())
    entries: list[tuple[str, RightAnswer]] = []
    for card in all_cards(corpus).values():
        entries += [(card.key, a) for a in (*card.rights.values(), *card.facts.values(), *card.prohibited.values())]
    for addendum in corpus.addenda.values():
        entries += [(addendum.key, _named_answer(n, raw, addendum.key)) for n, raw in addendum.overrides.items()]
    for card in all_cards(corpus).values():
        if card.key not in corpus.licenses:
            found.append(f"card {card.key}: not a license key of corpus/licenses.yaml")
        missing = right_names - set(card.rights)
        if missing:
            found.append(f"card {card.key}: rights missing: {', '.join(sorted(missing))}")
        missing = fact_names - set(card.facts)
        if missing and FACTS_REQUIRED:
            found.append(f"card {card.key}: facts missing: {', '.join(sorted(missing))}")
        for name in set(card.facts) - fact_names:
            found.append(f"card {card.key}, {name}: not a fact topic of corpus/topics.yaml")
    for key, answer in entries:
        where = f"card {key}, {answer.use or answer.right}"
        if answer.kind == "right" and answer.right not in right_names:
            found.append(f"{where}: unknown right or fact topic")
        if answer.kind == "use" and answer.use not in use_names:
            found.append(f"{where}: unknown prohibited use (not in topics.yaml uses)")
        if answer.verdict not in rights.VERDICTS:
            found.append(f"{where}: verdict {answer.verdict!r} is not one of {', '.join(rights.VERDICTS)}")
        optional = answer.verdict == "no" and answer.kind in ("obligation", "fact")
        if answer.verdict != "not_addressed" and not answer.anchors and not optional:
            found.append(f"{where}: a {answer.verdict!r} verdict needs at least one anchor")
        if not answer.conditions:
            found.append(f"{where}: no conditions")
        if answer.kind == "value" and answer.verdict == "yes" and not (answer.value and answer.match):
            found.append(f"{where}: a 'yes' on a value topic needs a value and match words")
        if answer.kind != "right" and answer.right == "geography" and answer.verdict == "yes" and not answer.excluded:
            found.append(f"{where}: a 'yes' on geography needs the excluded regions")
        for limit in answer.thresholds:
            if not isinstance(limit, dict):
                found.append(f"{where}: a threshold must be a mapping")
                continue
            if limit.get("metric") not in THRESHOLD_METRICS or not isinstance(limit.get("limit"), (int, float)):
                found.append(f"{where}: a threshold needs a metric ({', '.join(THRESHOLD_METRICS)}) and a limit")
            elif {limit.get("above", "no"), limit.get("below", "yes")} - set(rights.VERDICTS):
                found.append(f"{where}: threshold verdicts must be one of {', '.join(rights.VERDICTS)}")
            if "measured_at" in limit and limit["measured_at"] not in MEASURED_AT:
                found.append(f"{where}: threshold measured_at must be one of {', '.join(MEASURED_AT)}")
        text_key = answer.anchor_key or key
        try:
            body = corpus.document(text_key).body
        except Exception as exc:  # noqa: BLE001 - reported as a card problem
            found.append(f"{where}: text {text_key} unavailable ({exc})")
            continue
        for exception in answer.exceptions:
            if not (exception.cases or exception.always) or not exception.conditions:
                found.append(f"{where}: an exception needs a case (or `always`) and conditions")
            elif exception.verdict not in rights.VERDICTS or not exception.anchors:
                found.append(f"{where}: an exception needs a verdict ({', '.join(rights.VERDICTS)}) and anchors")
        for phrase in (*answer.anchors, *(p for e in answer.exceptions for p in e.anchors)):
            if len(phrase.split()) > MAX_ANCHOR_WORDS:
                found.append(f"{where}: anchor longer than {MAX_ANCHOR_WORDS} words: {phrase[:60]!r}")
            if locate(phrase, text_key, body) is None:
                found.append(f"{where}: anchor not found in {text_key}: {phrase[:80]!r}")
    return found


def check(corpus: Corpus) -> None:
    found = problems(corpus)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise StorageError(f"license cards: {found[0]}{more}", hint="fix corpus/cards or corpus/addenda")
