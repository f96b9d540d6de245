"""License cards: per-right verdicts written by reading each text, with verbatim anchors resolved to clauses.

A card (`corpus/cards/<key>.yaml`) gives, for every right in `corpus/rights.yaml`, a verdict, the conditions in
our own words and anchor phrases copied from the license (at most 25 words) that locate the deciding clauses.
An addendum's `overrides` (in `corpus/addenda/`) replace rights of its base card. Anchors are resolved against
the same clause segmentation the index uses, so a card quote is always a clause id with exact offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from . import clauses as clause_splitter
from . import config, rights
from .corpus import Corpus
from .errors import StorageError

MAX_ANCHOR_WORDS = 25
THRESHOLD_METRICS = ("monthly_active_users", "annual_revenue_usd", "monthly_revenue_usd")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass(frozen=True)
class Anchor:
    phrase: str
    license_key: str
    clause_id: str
    start: int  # offsets of the phrase itself in the license body
    end: int


@dataclass(frozen=True)
class RightAnswer:
    right: str
    verdict: str
    conditions: str
    anchors: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # use_restrictions: the list, in our words
    thresholds: tuple[dict, ...] = ()  # user_or_revenue_threshold: {metric, limit, above, below, note}
    source: str = ""  # the card (license or addendum key) this answer comes from
    anchor_key: str = ""  # the text the anchors are found in

    def to_dict(self) -> dict:
        data = {"right": self.right, "verdict": self.verdict, "conditions": self.conditions, "source": self.source}
        if self.items:
            data["items"] = list(self.items)
        return data


@dataclass(frozen=True)
class Card:
    key: str
    summary: str
    rights: dict[str, RightAnswer]
    notes: str = ""
    overridden_by: tuple[str, ...] = field(default=())

    def answer(self, right: str) -> RightAnswer | None:
        return self.rights.get(right)

    def to_dict(self) -> dict:
        return {"key": self.key, "summary": self.summary, "notes": self.notes,
                "overridden_by": list(self.overridden_by),
                "rights": {name: answer.to_dict() for name, answer in self.rights.items()}}


def cards_dir(corpus: Corpus | None = None) -> Path:
    return (corpus.root if corpus is not None else config.corpus_dir()) / "cards"


def _right_answer(name: str, raw, source: str) -> RightAnswer:
    if isinstance(raw, str):  # shorthand in addenda: `hosted_service_or_api: no`
        raw = {"verdict": raw}
    if isinstance(raw, bool):  # YAML 1.1 reads a bare no/yes as a boolean
        raw = {"verdict": "yes" if raw else "no"}
    verdict = raw.get("verdict")
    verdict = {True: "yes", False: "no"}.get(verdict, verdict)
    return RightAnswer(
        right=name, verdict=str(verdict), conditions=" ".join(str(raw.get("conditions", "")).split()),
        anchors=tuple(raw.get("anchors") or ()), items=tuple(raw.get("items") or ()), source=source,
        anchor_key=source, thresholds=tuple(raw.get("thresholds") or ()),
    )


@lru_cache(maxsize=8)
def _load_dir(path: str) -> dict[str, Card]:
    raw_cards: dict[str, dict] = {}
    for file in sorted(Path(path).glob("*.yaml")):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
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
        parent = data.get("extends")
        if parent:
            if parent not in raw_cards or parent in seen:
                raise StorageError(f"license card {key}: cannot extend {parent!r}")
            base = _build_card(parent, raw_cards, (*seen, key))
            answers = {name: replace(a, source=key, anchor_key=key) for name, a in base.rights.items()}
        answers.update({name: _right_answer(name, raw, key) for name, raw in (data.get("rights") or {}).items()})
        if data.get("default_verdict") == "not_addressed":  # policies: only what they say is answered
            default = {"verdict": "not_addressed", "conditions": data.get("default_conditions", "")}
            for name in rights.names():
                answers.setdefault(name, _right_answer(name, default, key))
        summary = data.get("summary") or (base.summary if parent else "")
    except (TypeError, AttributeError) as exc:
        raise StorageError(f"cannot read license card {key}: {exc}") from exc
    return Card(key, " ".join(str(summary).split()), answers, " ".join(str(data.get("notes", "")).split()))


def all_cards(corpus: Corpus | None = None) -> dict[str, Card]:
    return _load_dir(str(cards_dir(corpus)))


def card_for(license_keys: tuple[str, ...] | list[str], addenda: tuple[str, ...] | list[str],
             corpus: Corpus) -> Card | None:
    """The card of the first license that has one, with the addenda's overrides applied."""
    cards = all_cards(corpus)
    base = next((cards[k] for k in license_keys if k in cards), None)
    if base is None:
        return None
    merged = dict(base.rights)
    applied = []
    for key in addenda:
        addendum = corpus.addenda.get(key)
        if addendum is None:
            continue
        for name, raw in (addendum.overrides or {}).items():
            merged[name] = _right_answer(name, raw, key)
        applied.append(key)
    return replace(base, rights=merged, overridden_by=tuple(applied))


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
    return _folded(body), clause_splitter.segment(key, body)


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
    entries = [(card.key, answer) for card in all_cards(corpus).values() for answer in card.rights.values()]
    for addendum in corpus.addenda.values():
        entries += [(addendum.key, _right_answer(n, raw, addendum.key)) for n, raw in addendum.overrides.items()]
    for card in all_cards(corpus).values():
        if card.key not in corpus.licenses:
            found.append(f"card {card.key}: not a license key of corpus/licenses.yaml")
        missing = right_names - set(card.rights)
        if missing:
            found.append(f"card {card.key}: rights missing: {', '.join(sorted(missing))}")
    for key, answer in entries:
        where = f"card {key}, {answer.right}"
        if answer.right not in right_names:
            found.append(f"{where}: unknown right")
        if answer.verdict not in rights.VERDICTS:
            found.append(f"{where}: verdict {answer.verdict!r} is not one of {', '.join(rights.VERDICTS)}")
        if answer.verdict != "not_addressed" and not answer.anchors:
            found.append(f"{where}: a {answer.verdict!r} verdict needs at least one anchor")
        if not answer.conditions:
            found.append(f"{where}: no conditions")
        for limit in answer.thresholds:
            if limit.get("metric") not in THRESHOLD_METRICS or not isinstance(limit.get("limit"), (int, float)):
                found.append(f"{where}: a threshold needs a metric ({', '.join(THRESHOLD_METRICS)}) and a limit")
            elif {limit.get("above", "no"), limit.get("below", "yes")} - set(rights.VERDICTS):
                found.append(f"{where}: threshold verdicts must be one of {', '.join(rights.VERDICTS)}")
        try:
            body = corpus.document(key).body
        except Exception as exc:  # noqa: BLE001 - reported as a card problem
            found.append(f"{where}: text {key} unavailable ({exc})")
            continue
        for phrase in answer.anchors:
            if len(phrase.split()) > MAX_ANCHOR_WORDS:
                found.append(f"{where}: anchor longer than {MAX_ANCHOR_WORDS} words: {phrase[:60]!r}")
            if locate(phrase, key, body) is None:
                found.append(f"{where}: anchor not found in {key}: {phrase[:80]!r}")
    return found


def check(corpus: Corpus) -> None:
    found = problems(corpus)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise StorageError(f"license cards: {found[0]}{more}", hint="fix corpus/cards or corpus/addenda")
