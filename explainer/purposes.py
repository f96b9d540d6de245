"""Uses a non-commercial license counts as its own: the purposes its definition of "non-commercial" names.

A non-commercial license is not a ban on every use: FLUX.1 [dev] counts a company's testing and evaluation in a
non-production environment, personal research and hobby projects, and a charity's work as non-commercial; a
research-only license counts evaluation and academic research. A user rarely names the purpose the way the text
does ("my boss wants us to try it internally before we pay for a licence", "our NGO hands the leaflets out for
free"), so the purpose is recognised by meaning: the question's passages are compared (MiniLM, as in
explainer/uses.py) with the purposes the card lists for its `non_commercial_only` entry (`items`, in our words,
each one purpose) and with descriptions of plainly commercial activities (`corpus/purposes.yaml`). A question
that describes a listed purpose, clearly nearer to it than to any commercial activity, and says nothing about
money changing hands, is a use the license allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import cards, config, embeddings, understand, uses, yamlio
from .errors import StorageError

# Chosen on the dev suites (questions-dev..dev7, para, core) with the other rules in place: a purpose is read only
# when a passage is this near one of the card's purposes and this much nearer to it than to any commercial use.
MIN_SIMILARITY = 0.42
MARGIN = 0.05

# the topics a non-commercial clause answers: using the model (or what it makes) at all, or needing another license
PURPOSE_TOPICS = ("model_commercial_use", "separate_license", "outputs_commercial", "non_commercial_only")

# money changing hands, or the product stage: a purpose the license allows is never paid for or in production.
# Talk of buying the license itself ("before we pay for a commercial license") is not a paid use.
MONEY = re.compile(r"\b(paid|pays?|paying|charg\w*|sell\w*|sold|subscri\w*|customers?|clients?|revenue|monetiz\w*|sales|"
                   r"production|commercial(ly)?|advertis\w*|marketing|price\w*|fees?|invoice\w*|"
                   r"freelanc\w*|commission\w*|bucks|\$\s?\d+|\d+\s?(usd|eur|dollars?|euros?))\b")
BUYING_THE_LICENSE = re.compile(r"\b(buy\w*|pay\w*|paid|purchas\w*|worth)\b[^.?!,;]{0,45}"
                                r"\b(licen[cs]e|deal|agreement|contract)\b|"
                                # the licensor's own offer named as such ("talk to BFL about a commercial deal")
                                r"\b(commercial|paid|enterprise) (deal|agreement|contract)\b")
# a denial and up to three words after it ("nothing goes to clients", "no money changes hands")
NEGATED = re.compile(r"\b(no|not|never|nothing|nobody|without|zero|non-?)\b[\s-]*\w+(\s+\w+){0,2}")


@dataclass(frozen=True)
class Purpose:
    item: str  # the card's purpose the question describes, in our words ("evaluation: a company testing …")
    similarity: float


@dataclass(frozen=True)
class Descriptions:
    purposes: dict[str, tuple[str, ...]]  # label -> users' words for it
    commercial: tuple[str, ...]
    in_service: tuple[str, ...] = ()  # the model put to work for people, paid or not
    named: tuple[tuple[str, re.Pattern], ...] = ()  # label -> the purpose named in plain words
    business: re.Pattern | None = None  # a business speaking: its own "research" is not a listed purpose
    non_business: frozenset[str] = frozenset()  # the labels a business does not claim by naming them
    self_label: re.Pattern | None = None  # a passage that only names the category the asker puts the use in


@lru_cache(maxsize=1)
def descriptions() -> Descriptions:
    path = config.corpus_dir() / "purposes.yaml"
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)
        return Descriptions({str(label): tuple(str(t) for t in texts) for label, texts in data["purposes"].items()},
                            tuple(str(text) for text in data["commercial"]),
                            tuple(str(text) for text in data.get("in_service") or ()),
                            tuple((str(label), re.compile(str(pattern))) for label, pattern in
                                  (data.get("named") or {}).items()),
                            re.compile(str(data["named_business"])) if data.get("named_business") else None,
                            frozenset(str(label) for label in data.get("named_only_non_business") or ()),
                            re.compile(str(data["self_label"])) if data.get("self_label") else None)
    except (OSError, KeyError, TypeError, AttributeError) as exc:
        raise StorageError(f"cannot read the purposes {path}: {exc}") from exc


def listed_purposes(card: cards.Card) -> tuple[str, ...]:
    """The purposes the card's non-commercial entry lists; () when the license is not non-commercial."""
    entry = card.answer("non_commercial_only")
    if entry is None or entry.verdict != "yes":
        return ()
    return entry.items


def label(item: str) -> str:
    """The purpose's label: "evaluation: a company testing …" -> "evaluation"."""
    return item.split(":", 1)[0].strip() if ":" in item else ""


def speaks_of_money(question: str) -> bool:
    """The question has money change hands or a product in use: "she'd pay me 50 bucks", "our paid app"; words
    said in the negative ("not in production", "no money"), buying the license itself and money the licensor might
    ask ("do I have to pay cohere anything?") do not count."""
    text = understand.without_licensor_payment(BUYING_THE_LICENSE.sub(" ", understand.fold(question)))
    return bool(MONEY.search(NEGATED.sub(" ", text)))


def _described_by(items: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Each text a listed purpose is described by (the item's own words, then its label's users' words in
    purposes.yaml), with the item it stands for."""
    known = descriptions().purposes
    texts, owners = [], []
    for item in items:
        own = item.split(":", 1)[1].strip() if ":" in item else item
        for text in (own, *known.get(label(item), ())):
            texts.append(text)
            owners.append(item)
    return texts, owners


def production_excluded(card: cards.Card) -> cards.RightAnswer | None:
    """The card's non-commercial entry when its grant reaches only the purposes it names (research), so that
    putting the model to work for people is outside it even free of charge; else None."""
    entry = card.answer("non_commercial_only")
    return entry if entry is not None and entry.verdict == "yes" and entry.production_excluded else None


# the model put to work, in plain words: "in production", "deploy it", "roll it out" (not when denied: "not in
# production"), or a bot or app that a group of people use
IN_SERVICE = re.compile(r"\b(production|deploy\w*|roll(ing|ed)? (it )?out|launch\w*|go(ing)? live)\b")


def in_service(card: cards.Card, question: str) -> bool:
    """The question puts the model to work for people (a free app for students, an internal helpdesk bot,
    production) more plainly than it describes any purpose the card lists: plain words for it the question does
    not deny, or, by meaning, a passage clearly nearer to the model in service (`purposes.yaml` `in_service`) than
    to research, evaluation or a listed purpose. "a free homework chatbot for our school district … non-commercial
    is fine right?" is in service: its nearest listed purpose (a non-commercial competition) is further away."""
    purpose = described(card, question)
    if IN_SERVICE.search(NEGATED.sub(" ", understand.fold(question))):
        return purpose is None
    service = descriptions().in_service
    known = descriptions().purposes
    items = listed_purposes(card)
    texts, _ = _described_by(items) if items else ([], [])
    others = (*texts, *known.get("research", ()), *known.get("evaluation", ()), *known.get("personal", ()))
    vectors = embeddings.cached_vectors((*service, *others), "service-descriptions")
    query = _passage_vectors(question)
    if not service or vectors is None or query is None:
        return False
    sims = query @ vectors.T
    near, other = sims[:, : len(service)].max(axis=1), sims[:, len(service):].max(axis=1)
    clear = (near >= MIN_SIMILARITY) & (near - other >= MARGIN)
    if not clear.any():
        return False
    return purpose is None or float(near[clear].max()) > purpose.similarity + MARGIN


@lru_cache(maxsize=64)
def _passage_vectors(question: str) -> np.ndarray | None:
    """The question's passages (explainer/uses.py) embedded once: `described` and `in_service` both read them, and a
    research-only card asks both of the same question. None without passages or without the embedding model."""
    filing = descriptions().self_label  # "that counts as non-commercial, right?" describes no purpose
    pieces = [piece for piece in uses.passages(question) if not (filing and filing.search(understand.fold(piece)))]
    embed = embeddings.embedder()
    if not pieces or embed is None:
        return None
    return np.asarray(embed(pieces), dtype=np.float32)


def named(items: tuple[str, ...], question: str) -> Purpose | None:
    """The card's purpose the question names in plain words ("for my phd research", "our non-profit"); a business
    naming research, personal use or teaching is left to the comparison by meaning."""
    known = descriptions()
    text = NEGATED.sub(" ", understand.fold(question))
    text = known.self_label.sub(" ", text) if known.self_label else text  # "so it counts as research" names none
    business = bool(known.business and known.business.search(text))
    for label_, pattern in known.named:
        if business and label_ in known.non_business:
            continue
        item = next((item for item in items if label(item) == label_), None)
        if item is not None and pattern.search(text):
            return Purpose(item, 1.0)
    return None


def described(card: cards.Card, question: str, named_only: bool = False) -> Purpose | None:
    """The card's purpose the question names or (unless `named_only`) describes by meaning, when one is clearly
    meant and no money is involved."""
    items = listed_purposes(card)
    if not items or speaks_of_money(question):
        return None
    plainly = named(items, question)
    if plainly is not None or named_only:
        return plainly
    texts, owners = _described_by(items)
    commercial = descriptions().commercial
    vectors = embeddings.cached_vectors((*texts, *commercial), "purpose-descriptions")
    query = _passage_vectors(question)
    if vectors is None or query is None:
        return None
    sims = query @ vectors.T
    own, other = sims[:, : len(texts)], sims[:, len(texts):]
    margin = own - other.max(axis=1, keepdims=True)
    clear = (own >= MIN_SIMILARITY) & (margin >= MARGIN)
    if not clear.any():
        return None
    row, column = np.unravel_index(np.where(clear, own, -1.0).argmax(), own.shape)
    return Purpose(owners[column], float(own[row, column]))
