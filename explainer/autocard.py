"""The auto-card: answers for a license text that has no hand-written card, learned from the cards we have.

Training data: for every card and every right or fact topic with a verdict and anchors, the sentences of the
card's own text that hold an anchor are examples labelled (topic, verdict). No license text is stored: the
examples are rebuilt from the LicenseDB texts and only their vectors and the fitted model are cached (under
`config.cache_dir()/autocard/`, keyed by a hash of the cards, the topics and the withheld cards).

For a text and a topic:
  1. retrieve: the text's sentences are ranked by how close they are to the topic's anchored sentences in
     other cards and to those cards' conditions (our plain words; MiniLM nearest neighbours), to the topic's
     question (BM25 over the expanded question, MiniLM similarity) and by the question-routing cues;
  2. addressed or silent: a logistic regression over those retrieval scores says whether the text speaks to the
     topic at all; a silent text gets the verdict cards give that topic when their text is silent;
  3. classify: a logistic regression over the sentence's embedding, lexical features (may not, must, shall not,
     non-commercial, prohibited, royalty-free, ...) crossed with the topic, and the verdicts of its nearest
     anchored sentences, gives the verdict with a probability.
The confidence is the probability of the chosen answer; below `AUTO_THRESHOLD` the answer is `not_addressed`
with the candidate clauses quoted, never a confident guess.

Some entries are not guessed but read from the text's own sentences (`_text_reading`, as decide.py reads revocation
or registration), each quoting the sentence: the caps (every user and revenue limit, affiliates, the release date,
and whether passing them needs another license or brings a display duty: `user_or_revenue_threshold`,
`separate_license`, `built_with_display` with `thresholds`), excluded regions (`geography`), a non-commercial limit
and what it does to commercial use, hosting, sharing and changing the model, a ban on training other models with the
outputs, an outputs-for-any-purpose clause, a grant that names selling or commercial use (or, where the classifier is unsure,
a grant no sentence limits: commercial use is allowed), the governing law and where disputes go (courts, an
arbitration seat: the venue a question naming a place is answered from); and the duties and facts of `SENTENCE_RULES`, each
an ordered list of the kinds of sentence licenses use for it (a naming rule or a trademark clause, other terms or the
same license for derivatives, a machine-generated label or free outputs, using the latest version, changing the terms
or publishing new versions, a suit or a breach that ends the license, a credit line, a separate license, a source
offer to users who interact with a modified version over a network). Where
silence is the answer (no region named: none excluded; no credit line asked for: none required) that is read too. A
text with no such sentence is left to the classifier; the non-commercial limit never overrides a confident reading of
hosting, sharing or changing. bench/autocard_agreement.py checks every text-read entry against every hand-written
card (its --text-only precision is a test) and prints the auto-card's agreement with the cards per topic.

`transfer` carries a card over to a modified copy of its text: only the entries whose anchored clauses were
changed or removed are decided again, from the changed text, and the changed wording is quoted.

Leave one card out (`decide(..., without_card=True)` on a carded license, `explainer eval --without-card`): the
classifier is trained without the cards of the resolved license keys (companions included), their `extends`
ancestors and their addenda (`withheld_for`). Measured with bench/autocard.py and tests/test_autocard.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import cards, config, embeddings, rights, topics, understand
from .corpus import Corpus

VERSION = 4
AUTO_THRESHOLD = 0.55  # below this confidence the auto-card answers not_addressed, quoting its candidates
MIN_SENTENCE_WORDS = 4
CANDIDATES = 3  # sentences quoted per topic
MIX = 3  # the best sentences whose verdicts are mixed, weighted by exp(MIX_SHARPNESS * retrieval score)
MIX_SHARPNESS = 10.0
NEIGHBOURS = 5  # anchored sentences a sentence is compared with, per topic
VERDICTS = ("yes", "no", "conditional", "not_addressed")
SILENT = "silent"
CONDITIONS_AS_NEIGHBOURS = True
CONDITIONS_VOTE = True  # the conditions vote on the verdict too (False: relevance only; measured: plain terms 6/20 vs 9/20)
CONDITION_ROW = 10  # added to the verdict index of a conditions row


def topic_names() -> list[str]:
    """Every right and fact topic a card answers (governing_law is both: once)."""
    return list(dict.fromkeys([*rights.names(), *topics.fact_names()]))


# -- sentences ---------------------------------------------------------------------------------------------------
ENUMERATOR_END = re.compile(r"(?:^|\s)(?:\(?[0-9]{1,3}(?:\.[0-9]{1,3})*|\(?[a-zA-Z]|[ivxIVX]{1,4})[.)]\s*$")
SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[\"“(A-Z0-9a-z])|\n\s*\n")


@dataclass(frozen=True)
class Span:
    """A sentence of a clause, with offsets into its body."""

    key: str
    clause_id: str
    clause_start: int
    clause_end: int
    start: int
    end: int
    text: str


def sentences(key: str, segments) -> list[Span]:
    """The sentences of a text's clauses; a short one joins the next so each states something."""
    found: list[Span] = []
    for clause in segments:
        text, base = clause.text, clause.start
        cuts = [0, *[m.end() for m in SENTENCE_END.finditer(text)], len(text)]
        pieces = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if text[cuts[i]:cuts[i + 1]].strip()]
        merged: list[list[int]] = []
        for start, end in pieces:
            if merged and (len(text[merged[-1][0]:merged[-1][1]].split()) < MIN_SENTENCE_WORDS
                           or ENUMERATOR_END.search(text[merged[-1][0]:merged[-1][1]])):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        if len(merged) > 1 and len(text[merged[-1][0]:merged[-1][1]].split()) < MIN_SENTENCE_WORDS:
            last = merged.pop()
            merged[-1][1] = last[1]
        for start, end in merged:
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            found.append(Span(key, clause.id, clause.start, clause.end, base + start + lead,
                              base + start + lead + len(piece), piece))
    return found


# -- vectors (cached by text hash) -------------------------------------------------------------------------------
def _cache_root() -> Path:
    return config.cache_dir() / "autocard"


class _VectorCache:
    def __init__(self):
        self.path = _cache_root() / "vectors.npz"
        self.vectors: dict[str, np.ndarray] = {}
        self.dirty = False
        try:
            with np.load(self.path) as data:
                keys, matrix = data["keys"], data["matrix"]
            self.vectors = {str(k): matrix[i] for i, k in enumerate(keys)}
        except (OSError, ValueError, KeyError):
            pass

    def get(self, texts: list[str]) -> np.ndarray | None:
        function = embeddings.embedder()
        if function is None:
            return None
        hashes = [hashlib.sha256(" ".join(t.split()).encode()).hexdigest()[:20] for t in texts]
        missing = list(dict.fromkeys(h for h in hashes if h not in self.vectors))
        if missing:
            first = {h: t for h, t in zip(hashes, texts)}
            computed = np.asarray(function([first[h] for h in missing]), dtype=np.float32)
            self.vectors.update(zip(missing, computed))
            self.dirty = True
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.vectors[h] for h in hashes])

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys = np.array(list(self.vectors))
            matrix = np.stack(list(self.vectors.values())).astype(np.float32)
            handle, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
            os.close(handle)
            np.savez(tmp, keys=keys, matrix=matrix)
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass  # a read-only cache only costs embedding time


@lru_cache(maxsize=1)
def _vector_cache() -> _VectorCache:
    return _VectorCache()


def vectors(texts: list[str]) -> np.ndarray | None:
    cache = _vector_cache()
    found = cache.get(texts)
    cache.save()
    return found


# -- lexical features ----------------------------------------------------------------------------------------------
LEXICAL = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in [
    ("may_not", r"\b(may not|must not|shall not|will not|cannot|can ?not|do not|does not|are not|is not)\b"),
    ("prohibited", r"\b(prohibit\w*|forbid\w*|restrict\w*|not (be )?(permitted|allowed)|in violation)\b"),
    ("must", r"\b(must|shall|are required|is required|required to|have to|agree to|will (include|provide|retain))\b"),
    ("may", r"\b(may|can|permitted to|allowed to|free to|entitled to|are free)\b"),
    ("grant", r"\b(grants?|granted|hereby|permission is (hereby )?granted)\b"),
    ("royalty_free", r"\b(royalty[- ]free|free of charge|no[- ]charge|without charge|at no cost)\b"),
    ("worldwide", r"\b(worldwide|perpetual|irrevocable|non-?exclusive)\b"),
    ("non_commercial", r"\bnon-?commercial\b|\bnot for commercial\b|\bresearch (purposes )?only\b"),
    ("commercial", r"\bcommercial(ly)?\b"),
    ("condition", r"\b(unless|except|provided that|provided, however|subject to|only if|if you|on condition|so long as|as long as)\b"),
    ("separate", r"\b(separate|additional|another) (commercial )?(license|licence|agreement|terms)|\brequest a licen[cs]e\b|\bcontact\b"),
    ("threshold", r"\b(monthly active users|active users|revenue|turnover|million|billion)\b|\$\s?\d"),
    ("as_is", r"\bas is\b|\bwithout warrant\w*|\bno warrant\w*|\bdisclaim\w*"),
    ("liability", r"\b(liab\w+|damages)\b"),
    ("terminate", r"\bterminat\w+\b"),
    ("litigation", r"\b(litigation|lawsuit|patent|claim|cross-?claim|counterclaim)\b"),
    ("law", r"\b(governed by|laws? of|jurisdiction|courts?|arbitration|venue)\b"),
    ("attribution", r"\b(attribution|credit|notices?|copyright notice|acknowledg\w+)\b"),
    ("display", r"\b(display|prominently|built with|powered by)\b"),
    ("name", r"\b(name|names|naming|prefix|include .{0,20} at the beginning)\b"),
    ("share_alike", r"\b(same (license|licence|terms)|share ?alike|sharealike|copyleft|under the terms of this)\b"),
    ("copy", r"\b(copy of (this|the) (license|licence|agreement)|accompan\w+|include .{0,30}(license|agreement))\b"),
    ("update", r"\b(updat\w+|latest version|new version|modif\w+ (this|the) (license|agreement|policy))\b"),
    ("outputs", r"\b(outputs?|generated|generations?|content you generate|results)\b"),
    ("own", r"\b(own|owns|ownership|claims? no|no rights? (in|to)|retain (all )?rights)\b"),
    ("derivative", r"\b(derivative|modif\w+|fine-?tun\w+|adapt\w*)\b"),
    ("distribute", r"\b(distribut\w+|redistribut\w+|sublicens\w+|make available|copies)\b"),
    ("service", r"\b(api|service|hosted|host|saas|platform|third part\w+)\b"),
    ("train", r"\b(train\w*|improve any other|distil\w*)\b"),
    ("geography", r"\b(european union|\beu\b|countr\w+|territor\w+|export|sanction\w*|embargo\w*)\b"),
    ("negation", r"\b(no|not|none|neither|nor|without)\b"),
]]


def lexical(text: str) -> np.ndarray:
    folded = understand.fold(text)
    return np.array([1.0 if pattern.search(folded) else 0.0 for _, pattern in LEXICAL], dtype=np.float32)


# -- a text, read for every topic ----------------------------------------------------------------------------------
class TextView:
    """A text's sentences with their vectors, lexical features and per-topic BM25 scores."""

    def __init__(self, key: str, segments, more: tuple = ()):
        """`more`: further (key, segments) pairs read as part of the same text (companions, addenda)."""
        self.key = key
        self.segments = list(segments)
        self.spans = sentences(key, self.segments)
        for other_key, other_segments in more:
            self.segments += list(other_segments)
            self.spans += sentences(other_key, other_segments)
        found = vectors([s.text for s in self.spans]) if self.spans else None
        self.vectors = found if found is not None else np.zeros((len(self.spans), 384), dtype=np.float32)
        self.dense = found is not None
        self.lexical = (np.stack([lexical(s.text) for s in self.spans]) if self.spans
                        else np.zeros((0, len(LEXICAL)), dtype=np.float32))
        self._lexical_index = None
        self._bm25: dict[str, np.ndarray] = {}
        self._cues: list[dict[str, int]] | None = None

    def cues(self, topic: str) -> np.ndarray:
        """The question-routing cue score of each sentence for the topic (rights.yaml / understanding.yaml),
        capped at 10 and scaled to 0..1: plain words such as "sell", "images", "governed by" that paraphrases keep."""
        if self._cues is None:
            self._cues = [understand.cue_scores(understand.fold(s.text)) for s in self.spans]
        return np.array([min(c.get(topic, 0), 10) / 10 for c in self._cues], dtype=np.float32)

    def bm25(self, topic: str) -> np.ndarray:
        """BM25 of each sentence for the topic's question (expanded with the license vocabulary), scaled to 0..1."""
        if topic not in self._bm25:
            from .index import LexicalIndex, expand_query

            if not self.spans:
                return np.zeros(0, dtype=np.float32)
            if self._lexical_index is None:
                self._lexical_index = LexicalIndex([s.text for s in self.spans])
            raw = np.asarray(self._lexical_index.scores(expand_query(_topic_query(topic))), dtype=np.float32)
            top = float(raw.max()) if len(raw) else 0.0
            self._bm25[topic] = raw / top if top > 0 else raw
        return self._bm25[topic]


def _topic_query(topic: str) -> str:
    return f"{understand.topic_label(topic)}. {understand.topic_ask(topic)}"


@lru_cache(maxsize=1)
def _topic_vectors() -> dict[str, np.ndarray]:
    names = topic_names()
    found = vectors([_topic_query(n) for n in names])
    if found is None:
        return {}
    return dict(zip(names, found))




# -- training data: the cards ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One card's answer for one topic, located in the card's own text."""

    card: str
    topic: str
    verdict: str
    spans: tuple[int, ...]  # indices of the sentences holding an anchor (empty: the text is silent on it)
    conditions: str = ""  # the card's own words for the rule: a plain-language neighbour for plain-language terms


@dataclass
class Dataset:
    views: dict[str, TextView]  # card key -> its text
    entries: list[Entry]
    families: dict[str, str]  # card key -> its extends family (the root of its `extends` chain)
    parents: dict[str, tuple[str, ...]]  # card key -> its extends ancestors
    digest: str
    # every anchored sentence, one row each: the neighbours a text's sentences are compared with
    anchor_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.float32))
    anchor_topics: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    anchor_verdicts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    anchor_cards: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    anchor_families: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    _sims: dict = field(default_factory=dict)

    def sims(self, view: TextView) -> np.ndarray:
        """Cosine similarity of each sentence of the view to every anchored sentence (cached for card texts)."""
        cached = self._sims.get(view.key) if self.views.get(view.key) is view else None
        if cached is None:
            cached = view.vectors @ self.anchor_vectors.T
            if self.views.get(view.key) is view:
                self._sims[view.key] = cached
        return cached


_KEY_LINE = re.compile(r"^key:\s*['\"]?([^\s'\"#]+)", re.MULTILINE)
_EXTENDS_LINE = re.compile(r"^extends:\s*['\"]?([^\s'\"#]+)", re.MULTILINE)


def _extends(corpus: Corpus) -> dict[str, str]:
    """card key -> the card it extends (read from the top-level lines, without parsing every card)."""
    found = {}
    for path in sorted(cards.cards_dir(corpus).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        key, parent = _KEY_LINE.search(text), _EXTENDS_LINE.search(text)
        if key and parent:
            found[key.group(1)] = parent.group(1)
    return found


def _card_keys(corpus: Corpus) -> set[str]:
    found = set()
    for path in cards.cards_dir(corpus).glob("*.yaml"):
        key = _KEY_LINE.search(path.read_text(encoding="utf-8"))
        if key:
            found.add(key.group(1))
    return found


def ancestors(key: str, parents: dict[str, str]) -> tuple[str, ...]:
    chain, seen = [], {key}
    while key in parents and parents[key] not in seen:
        key = parents[key]
        seen.add(key)
        chain.append(key)
    return tuple(chain)


def cards_digest(corpus: Corpus) -> str:
    digest = hashlib.sha256(f"autocard-{VERSION}".encode())
    for path in sorted(cards.cards_dir(corpus).glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(topic_names()).encode())
    digest.update(json.dumps([(n, p.pattern) for n, p in LEXICAL]).encode())
    return digest.hexdigest()[:16]


_DATASETS: dict[str, Dataset] = {}


def dataset(corpus: Corpus) -> Dataset:
    digest = cards_digest(corpus)
    if digest in _DATASETS:
        return _DATASETS[digest]
    all_cards = cards.all_cards(corpus)
    extends = _extends(corpus)
    parents = {key: ancestors(key, extends) for key in all_cards}
    families = {key: (parents[key][-1] if parents[key] else key) for key in all_cards}
    views: dict[str, TextView] = {}
    entries: list[Entry] = []
    for key, card in sorted(all_cards.items()):
        try:
            body = corpus.document(key).body
        except Exception:  # noqa: BLE001, S112 - a card whose text is missing trains nothing
            continue
        view = views[key] = TextView(key, corpus.clauses(key))
        for topic in topic_names():
            answer = card.answer(topic)
            if answer is None or answer.verdict not in VERDICTS:
                continue
            held = []
            if answer.anchor_key == key:
                for anchor in (a for a in (cards.locate(p, key, body) for p in answer.anchors) if a is not None):
                    held += [i for i, s in enumerate(view.spans) if s.start < anchor.end and anchor.start < s.end]
            entries.append(Entry(key, topic, answer.verdict, tuple(dict.fromkeys(held)), answer.conditions))
    rows = [(e, i) for e in entries for i in e.spans]
    # the cards' conditions of the anchored entries join the neighbours: our plain words for each rule, so terms
    # written in plain language (a model page's own terms) find neighbours too
    worded = [e for e in entries if e.spans and e.conditions and CONDITIONS_AS_NEIGHBOURS]
    said = vectors([e.conditions for e in worded]) if worded else None
    _vector_cache().save()
    stacked = [views[e.card].vectors[i] for e, i in rows] + (list(said) if said is not None else [])
    rows += [(e, -1) for e in worded] if said is not None else []
    found = _DATASETS[digest] = Dataset(
        views, entries, families, parents, digest,
        anchor_vectors=np.stack(stacked).astype(np.float32),
        anchor_topics=np.array([e.topic for e, _ in rows], dtype=object),
        anchor_verdicts=np.array([VERDICTS.index(e.verdict) + (CONDITION_ROW if i < 0 else 0) for e, i in rows]),
        anchor_cards=np.array([e.card for e, _ in rows], dtype=object),
        anchor_families=np.array([families[e.card] for e, _ in rows], dtype=object))
    return found


def withheld_for(keys, corpus: Corpus, strict: bool = False) -> frozenset[str]:
    """The cards a leave-one-card-out run withholds for these license keys: each card, its `extends` ancestors and
    the addenda cards; `strict` also withholds every card of the same `extends` family (siblings, children)."""
    extends = _extends(corpus)
    known = _card_keys(corpus)
    root = {k: (ancestors(k, extends) or (k,))[-1] for k in known}
    out: set[str] = set()
    for key in keys:
        if key not in known and key not in corpus.addenda:
            continue
        out.add(key)
        out.update(ancestors(key, extends))
        if strict and key in root:
            out.update(k for k, r in root.items() if r == root[key])
    return frozenset(out)




# -- the model -------------------------------------------------------------------------------------------------------
REL_NEIGHBOURS = 3  # relevance of a sentence to a topic: mean similarity to its 3 closest anchored sentences
BM25_WEIGHT = 0.25
QUESTION_WEIGHT = 0.15
CUE_WEIGHT = 0.2
SHARPNESS = 20.0  # neighbour votes are weighted by exp(SHARPNESS * similarity)


@dataclass
class Reading:
    """What the auto-card reads for one topic in one text."""

    topic: str
    verdict: str
    confidence: float
    addressed: float  # probability that the text speaks to the topic at all
    distribution: dict[str, float]  # verdict probabilities, given that it does
    candidates: tuple[Span, ...]  # best first
    silent_verdict: str = "not_addressed"

    @property
    def confident(self) -> bool:
        return self.confidence >= AUTO_THRESHOLD


def _single_thread():
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)  # tiny matrices: BLAS threads only contend for the cores


class Model:
    """Fitted on every card except `withheld`."""

    def __init__(self, data: Dataset, withheld: frozenset[str] = frozenset()):
        from sklearn.linear_model import LogisticRegression

        self.data = data
        self.digest = data.digest
        self.withheld = frozenset(withheld)
        self.topics = topic_names()
        self.topic_index = {t: i for i, t in enumerate(self.topics)}
        train = [e for e in data.entries if e.card not in self.withheld]
        kept = np.array([c not in self.withheld for c in data.anchor_cards], dtype=bool)
        self.columns = {t: np.flatnonzero(kept & (data.anchor_topics == t)) for t in self.topics}
        self.anchor_vectors = data.anchor_vectors
        self.anchor_verdicts = data.anchor_verdicts
        self.anchor_families = data.anchor_families
        self.silent: dict[str, tuple[str, float]] = {}
        for topic in self.topics:
            said = [e.verdict for e in train if e.topic == topic and not e.spans]
            best = max(VERDICTS, key=said.count) if said else "not_addressed"
            self.silent[topic] = (best, said.count(best) / len(said) if said else 0.5)
        # training rows: retrieval and neighbour features computed without the example's own family
        addressed_x, addressed_y, verdict_x, verdict_y = [], [], [], []
        with _single_thread():
            for entry in train:
                view = data.views[entry.card]
                scores, rel, dist = self._retrieval(view, entry.topic, data.families[entry.card])
                if scores is None:
                    continue
                order = np.argsort(-scores)
                addressed_x.append(self._addressed_features(view, entry.topic, scores, rel, order))
                addressed_y.append(1 if entry.spans else 0)
                for i in entry.spans:
                    verdict_x.append(self._verdict_features(view, entry.topic, i, rel, dist))
                    verdict_y.append(VERDICTS.index(entry.verdict))
            self.addressed = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(addressed_x),
                                                                           np.array(addressed_y))
            self.verdict = LogisticRegression(C=0.5, max_iter=2000).fit(np.array(verdict_x), np.array(verdict_y))

    # features ----------------------------------------------------------------------------------------------------
    def _retrieval(self, view: TextView, topic: str, exclude_family: str | None = None):
        """(candidate score, relevance, neighbour verdict distribution) per sentence of the view."""
        columns = self.columns.get(topic)
        n = len(view.spans)
        if columns is None or n == 0:
            return None, None, None
        if exclude_family is not None:
            columns = columns[self.anchor_families[columns] != exclude_family]
        if len(columns) == 0:
            return None, None, None
        if self.data is not None and self.data.views.get(view.key) is view:
            sims = self.data.sims(view)[:, columns]
        else:
            sims = view.vectors @ self.anchor_vectors[columns].T
        verdicts = self.anchor_verdicts[columns]
        k = min(REL_NEIGHBOURS, sims.shape[1])
        rel = -np.partition(-sims, k - 1, axis=1)[:, :k].mean(axis=1)
        kk = min(NEIGHBOURS, sims.shape[1])
        nearest = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        weights = np.exp(SHARPNESS * (np.take_along_axis(sims, nearest, 1) - 1.0))
        dist = np.zeros((n, len(VERDICTS)), dtype=np.float64)
        for j in range(kk):
            voted = verdicts[nearest[:, j]]
            votes = weights[:, j] * ((voted < CONDITION_ROW) | CONDITIONS_VOTE)  # conditions: relevance, maybe votes
            np.add.at(dist, (np.arange(n), voted % CONDITION_ROW), votes)
        dist = (dist + 1e-4) / (dist + 1e-4).sum(axis=1, keepdims=True)
        question = _topic_vectors().get(topic)
        qsim = view.vectors @ question if question is not None else np.zeros(n)
        scores = rel + BM25_WEIGHT * view.bm25(topic) + QUESTION_WEIGHT * qsim + CUE_WEIGHT * view.cues(topic)
        return scores, rel, dist

    def __getstate__(self):
        state = dict(self.__dict__)
        for name in ("data", "anchor_vectors", "anchor_verdicts", "anchor_families"):
            state[name] = None  # the training texts stay out; the anchors are cached once per set of cards
        return state

    def _onehot(self, topic: str) -> np.ndarray:
        found = np.zeros(len(self.topics), dtype=np.float32)
        found[self.topic_index[topic]] = 1.0
        return found

    def _addressed_features(self, view, topic, scores, rel, order) -> np.ndarray:
        best, second = order[0], order[min(1, len(order) - 1)]
        bm = view.bm25(topic)
        onehot = self._onehot(topic)
        cue = float(view.cues(topic)[order[:CANDIDATES]].max())
        own = np.array([scores[best], rel[best], rel[second], bm[best], float(rel.mean()), cue,
                        rel[best] - float(rel.mean())], dtype=np.float32)
        said = view.lexical[order[:CANDIDATES]].max(axis=0)  # what the closest sentences say (may not, law of, ...)
        return np.concatenate([own, onehot, onehot * rel[best], onehot * cue, said, np.outer(onehot, said).ravel()])

    def _verdict_features(self, view, topic, i, rel, dist) -> np.ndarray:
        onehot = self._onehot(topic)
        lex = view.lexical[i]
        return np.concatenate([dist[i], [rel[i]], lex, np.outer(onehot, lex).ravel(), onehot,
                               np.outer(onehot, dist[i]).ravel(), view.vectors[i]])

    # reading -----------------------------------------------------------------------------------------------------
    def read(self, view: TextView, topic: str, candidates: int = CANDIDATES,
             only: list[int] | None = None) -> Reading | None:
        """`only`: the sentences the verdict is read from (a changed passage); the rest still says whether the
        text addresses the topic."""
        with _single_thread():
            scores, rel, dist = self._retrieval(view, topic)
            if scores is None:
                return None
            order = np.argsort(-scores)
            silent_verdict, silent_share = self.silent[topic]
            p_addressed = float(self.addressed.predict_proba(
                self._addressed_features(view, topic, scores, rel, order)[None, :])[0, 1])
            read = order[:MIX]
            if only:
                order = np.array(sorted(only, key=lambda i: -scores[i]))
                read = order[:MIX]
                p_addressed = max(p_addressed, 0.5)
            weights = np.exp(MIX_SHARPNESS * (scores[read] - scores[read].max()))
            probs = self.verdict.predict_proba(np.stack([self._verdict_features(view, topic, i, rel, dist)
                                                         for i in read]))
        mixed = (probs * weights[:, None]).sum(0) / weights.sum()
        distribution = {VERDICTS[c]: float(p) for c, p in zip(self.verdict.classes_, mixed)}
        if p_addressed >= 0.5:
            verdict = max(distribution, key=distribution.get)
            confidence = p_addressed * distribution[verdict]
        else:
            verdict = silent_verdict
            confidence = (1 - p_addressed) * silent_share
        spans = tuple(view.spans[i] for i in order[:candidates])
        return Reading(topic, verdict, confidence, p_addressed, distribution, spans, silent_verdict)


# -- models, cached per set of cards and withheld cards --------------------------------------------------------------
_MODELS: dict[tuple[str, frozenset], Model] = {}


def _anchors_path(digest: str) -> Path:
    return _cache_root() / f"anchors-{digest}.npz"


def _model_path(digest: str, withheld: frozenset[str]) -> Path:
    tag = hashlib.sha256("\n".join(sorted(withheld)).encode()).hexdigest()[:12] if withheld else "all"
    return _cache_root() / f"model-{digest}-{tag}.pkl"


def _atomic_write(path: Path, write) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
        os.close(handle)
        write(tmp)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache costs a training run per process, nothing else


STALE_S = 3600  # models of other card sets older than this are removed when a new card set is trained


def _prune(digest: str) -> None:
    """Models and anchors of earlier card sets go once the cards change (kept an hour, for a process still
    reading the old cards)."""
    import time

    for path in [*_cache_root().glob("model-*.pkl"), *_cache_root().glob("anchors-*.npz"),
                 *_cache_root().glob("train-*.lock")]:
        try:
            if digest not in path.name and time.time() - path.stat().st_mtime > STALE_S:
                path.unlink()
        except OSError:
            continue


_LOCK = threading.RLock()  # eval threads share one training run per withheld set


def model(corpus: Corpus, withheld: frozenset[str] = frozenset()) -> Model | None:
    """The classifier trained on every card but `withheld` (from the cache when the cards have not changed);
    None when embeddings are unavailable."""
    if embeddings.embedder() is None:
        return None
    with _LOCK:
        return _model(corpus, withheld)


def _model(corpus: Corpus, withheld: frozenset[str]) -> Model:
    digest = cards_digest(corpus)
    withheld = frozenset(withheld)
    key = (digest, withheld)
    if key in _MODELS:
        return _MODELS[key]
    found = _cached_model(digest, withheld)
    if found is None:
        with _training_lock(digest):  # two processes at once: the second waits, then reads what the first wrote
            found = _cached_model(digest, withheld)
            if found is None:
                found = _train(corpus, digest, withheld)
    _MODELS[key] = found
    return found


def _cached_model(digest: str, withheld: frozenset[str]) -> Model | None:
    """The model and its anchors from the cache, or None when they are missing, partial or of other cards."""
    try:
        with open(_model_path(digest, withheld), "rb") as handle:
            found = pickle.load(handle)
        with np.load(_anchors_path(digest), allow_pickle=True) as anchors:
            found.anchor_vectors = anchors["vectors"]
            found.anchor_verdicts = anchors["verdicts"]
            found.anchor_families = anchors["families"]
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError, AttributeError):
        return None
    return found if found.digest == digest and found.withheld == withheld else None


def _train(corpus: Corpus, digest: str, withheld: frozenset[str]) -> Model:
    """Train on the cards and cache the model (and the anchors, shared by every withheld set)."""
    data = dataset(corpus)
    found = Model(data, withheld)
    if not _anchors_path(digest).exists():
        _prune(digest)
        _atomic_write(_anchors_path(digest), lambda tmp: np.savez(
            tmp, vectors=data.anchor_vectors, verdicts=data.anchor_verdicts,
            families=data.anchor_families.astype(str)))
    _atomic_write(_model_path(digest, withheld), lambda tmp: Path(tmp).write_bytes(pickle.dumps(found)))
    return found


@contextmanager
def _training_lock(digest: str):
    """An exclusive lock on the cache for one set of cards, across processes (POSIX `flock`); where the cache
    cannot be locked (read-only, no `fcntl`), each process trains on its own, as before."""
    try:
        import fcntl

        _cache_root().mkdir(parents=True, exist_ok=True)
        handle = open(_cache_root() / f"train-{digest}.lock", "a+b")
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


# -- the auto-card for a resolved text -------------------------------------------------------------------------------
class _Texts:
    """The corpus, plus a pasted text under its own key, so a card anchored in your file quotes your file."""

    def __init__(self, corpus: Corpus, resolved):
        self._corpus = corpus
        self._resolved = resolved

    def document(self, key: str):
        from .corpus import Document
        from .resolve import PASTED_KEY

        if key == PASTED_KEY and self._resolved.pasted is not None:
            return Document(PASTED_KEY, "your file", self._resolved.pasted.text, "user")
        return self._corpus.document(key)

    def clauses(self, key: str) -> list:
        from .quotes import clauses

        return clauses(self._resolved, self._corpus, key)

    def __getattr__(self, name):
        return getattr(self._corpus, name)


@dataclass(frozen=True)
class _ReadOnAsk(cards.Card):
    """The auto-card's card: an entry is read from the text the first time the decision asks for it."""

    reader: object = None

    def answer(self, name: str):
        found = cards.Card.answer(self, name)
        if found is None and self.reader is not None and name in topic_names():
            found = self.reader(name)
        return found


@dataclass
class AutoCard:
    """A card read by the classifier from one text, topic by topic as they are asked."""

    card: cards.Card
    view: TextView
    model: Model
    texts: _Texts
    readings: dict[str, Reading] = field(default_factory=dict)
    scanned: bool = False  # the prohibited uses have been looked for
    caps: list | None = None  # the limits the text states (`_caps`), once read


_AUTO: list[tuple[object, AutoCard]] = []  # (resolved, its auto-card), the last few


def _text_of(resolved, corpus: Corpus) -> TextView | None:
    """Your file when there is one, else the license texts (with companions and addenda) of the resolved key."""
    from .quotes import clauses
    from .resolve import PASTED_KEY

    if resolved.pasted is not None:
        segments = clauses(resolved, corpus, PASTED_KEY)
        return TextView(PASTED_KEY, segments) if segments else None
    parts = []
    for key in [*resolved.license_keys, *resolved.addenda]:
        try:
            parts.append((key, corpus.clauses(key)))
        except Exception:  # noqa: BLE001, S112 - a companion without a text adds nothing
            continue
    if not parts:
        return None
    return TextView(parts[0][0], parts[0][1], tuple(parts[1:]))


def auto_card(resolved, corpus: Corpus) -> AutoCard | None:
    """The auto-card for this resolved license. In a leave-one-card-out run (a carded license whose card is
    withheld) the classifier is trained without that card, its `extends` ancestors and its addenda."""
    for seen, found in _AUTO:
        if seen is resolved:
            return found
    withheld = withheld_for([*resolved.license_keys, *resolved.addenda], corpus)
    fitted = model(corpus, withheld)
    view = _text_of(resolved, corpus) if fitted is not None else None
    if view is None or not view.spans or not view.dense:
        return None
    card = _ReadOnAsk(view.key, "A card read by a classifier from the text, not written by hand.", {}, facts={})
    found = AutoCard(card, view, fitted, _Texts(corpus, resolved))
    object.__setattr__(card, "reader", lambda name: _answer(found, name))
    _AUTO.append((resolved, found))
    del _AUTO[:-8]
    return found


def _conditions(reading: Reading) -> str:
    said = _short(reading.candidates[0].text, 240) if reading.candidates else ""
    if not reading.confident:
        likely = max(reading.distribution, key=reading.distribution.get) if reading.addressed >= 0.5 \
            else reading.silent_verdict
        return (f"Not decided: the classifier is not sure (confidence {reading.confidence:.2f}, below "
                f"{AUTO_THRESHOLD}); its most likely reading would be '{likely}'. The closest clauses of the text "
                f"are quoted: read them yourself.")
    if reading.addressed < 0.5:
        return (f"Auto-card reading (confidence {reading.confidence:.2f}): the text does not seem to address this; "
                f"texts that are silent on it read '{reading.verdict}'.")
    return f"Auto-card reading (confidence {reading.confidence:.2f}) of the clause: \"{said}\""


PLACE = re.compile(r"\blaws? of (?:the )?(?:state of |commonwealth of |republic of |people's republic of )?"
                   r"([A-Z][\w.]*(?:[ ,]+(?:the )?[A-Z][\w.]*){0,3})")


def _answer(auto: AutoCard, topic: str) -> cards.RightAnswer | None:
    """The card entry for one topic: read once, kept."""
    if topic not in auto.readings:
        reading = auto.model.read(auto.view, topic)
        if reading is None:
            return None
        auto.readings[topic] = reading
    reading = auto.readings[topic]
    verdict = reading.verdict if reading.confident else "not_addressed"
    quoted = reading.candidates[:2] if (not reading.confident or reading.addressed >= 0.5) else ()
    extra: dict = {}
    if topic == "governing_law" and verdict == "yes" and quoted:
        place = PLACE.search(" ".join(quoted[0].text.split()))
        if place:
            value = place.group(1).strip(" ,.")
            extra = {"value": value, "match": tuple(w.strip().lower() for w in re.split(r",| and ", value)
                                                     if w.strip())}
    if topic == "user_or_revenue_threshold" and verdict == "yes" and quoted:
        from . import thresholds

        said = " ".join(quoted[0].text.split())
        when = {"measured_at": "release"} if RELEASE.search(said) else {}
        limits = [{"metric": f.metric, "limit": f.value, "above": "no", "below": "yes", **when}
                  for f in thresholds.figures(said)]
        extra = {"thresholds": tuple(limits)}
    kind = understand.topic_kind(topic) if topic in topics.topics() else "right"
    read = _text_reading(auto, topic, kind if topic not in rights.rights() else "right", verdict)
    if read is not None:  # the text states it in so many words (a cap, an excluded region, non-commercial only)
        answer = read
    else:
        answer = cards.RightAnswer(topic, verdict, _conditions(reading),
                                   anchors=tuple(" ".join(s.text.split()) for s in quoted), source=auto.card.key,
                                   anchor_key=quoted[0].key if quoted else auto.card.key, kind=kind
                                   if topic not in rights.rights() else "right", **extra)
    if topic in rights.rights():
        auto.card.rights[topic] = answer
    else:
        auto.card.facts[topic] = answer
    return answer


RELEASE = re.compile(r"\brelease date\b|\bon the .{0,40} release\b", re.IGNORECASE)


# -- text readings: what the text states in so many words ------------------------------------------------------------
# A cap, an excluded region or a non-commercial limit is read from the text's own sentences (as decide.py reads
# revocation or registration), not guessed by the classifier: the entry quotes the sentence that states it, and a
# text without such a sentence is left to the classifier.
CAP_WORDS = re.compile(r"\b(more than|exceed\w*|in excess of|greater than|above|over|at least|or more|surpass\w*|"
                       r"less than|fewer than|under|below|up to|reach\w*)\b", re.I)
CAP_LICENSE = re.compile(r"\b(request|obtain|apply for|seek|get|need|requir\w*|enter into|contact|purchase)\b.{0,80}"
                         r"\b(licen[cs]e|agreement|permission|authori[sz]ation|consent)\b|\benterprise\b|"
                         r"\bnot (be )?(licensed|authori[sz]ed|permitted|granted)\b|\bterminat\w+\b|\bno longer\b|"
                         r"\b(rights|license) .{0,40}\b(end|cease|expire)", re.I)
CAP_DISPLAY = re.compile(r"\b(display\w*|prominently|user interface|built with|powered by)\b", re.I)
NOT_A_CAP = re.compile(r"\b(liab\w+|damages|warrant\w*|indemn\w+|fees? paid)\b", re.I)
AFFILIATES = re.compile(r"\baffiliat\w*\b", re.I)
COUNTED_COMMERCIAL = re.compile(r"\bcommercial(ly)?\b", re.I)
USER_ABBREVIATIONS = re.compile(r"\b(MUU|MAU|DAU)s?\b")  # "1 million MUUs": a user count
MIN_CAP = 10_000  # smaller figures next to "users" or "revenue" are not caps (a liability of $100, a year)


@dataclass(frozen=True)
class Cap:
    """A limit stated by one sentence of the text, and what passing it brings: another license or a display duty."""

    metric: str
    limit: float
    brings: str  # license | display
    measured_at: str
    scope: str
    sentence: Span


def _caps(auto: AutoCard) -> list[Cap]:
    if auto.caps is not None:
        return auto.caps
    from . import thresholds

    found: list[Cap] = []
    spans = auto.view.spans
    for i, span in enumerate(spans):
        said = " ".join(span.text.split())
        if NOT_A_CAP.search(said) or not CAP_WORDS.search(said):
            continue
        figures = [f for f in thresholds.figures(USER_ABBREVIATIONS.sub("monthly active users", said))
                   if f.value >= MIN_CAP
                   and not (1900 <= f.value <= 2100 and f.text.strip().isdigit())]
        if not figures:
            continue
        following = " ".join(spans[i + 1].text.split()) if i + 1 < len(spans) and \
            spans[i + 1].clause_id == span.clause_id else ""
        if CAP_DISPLAY.search(said):
            brings = "display"
        elif CAP_LICENSE.search(said) or CAP_LICENSE.search(following):
            brings = "license"
        else:
            continue
        scope = [w for w, hit in (("you and your affiliates", AFFILIATES.search(said)),
                                  ("commercial use", COUNTED_COMMERCIAL.search(said))) if hit]
        when = "release" if RELEASE.search(said) else "any_time"
        for figure in figures:
            if not any(c.metric == figure.metric and c.brings == brings for c in found):
                found.append(Cap(figure.metric, figure.value, brings, when, ", ".join(scope), span))
    auto.caps = found
    return found


def _cap_entry(auto: AutoCard, topic: str, kind: str) -> cards.RightAnswer | None:
    caps = _caps(auto)
    licensed = [c for c in caps if c.brings == "license"]
    shown = [c for c in caps if c.brings == "display"]
    if topic == "user_or_revenue_threshold" and caps:
        # a cap above which another license is needed: yes; figures that only bring a display duty: no cap
        chosen, verdict, above = (licensed, "yes", "no") if licensed else (shown, "no", "conditional")
        below = "yes"
    elif topic == "separate_license" and licensed:
        chosen, verdict, above, below = licensed, "conditional", "yes", "no"
    elif topic == "built_with_display" and shown:
        chosen, verdict, above, below = shown, "conditional", "yes", "no"
    else:
        return None
    limits = tuple({"metric": c.metric, "limit": c.limit, "above": above, "below": below,
                    "measured_at": c.measured_at, **({"scope": c.scope} if c.scope else {})} for c in chosen)
    quoted = list(dict.fromkeys(c.sentence for c in chosen))[:2]
    said = " / ".join(f'"{_short(s.text, 400)}"' for s in quoted)
    what = "another license is needed" if chosen[0].brings == "license" else "a display duty applies"
    conditions = f"Read from the text: above the stated limit {what} ({_limits_text(limits)}): {said}"
    return cards.RightAnswer(topic, verdict, conditions, anchors=tuple(" ".join(s.text.split()) for s in quoted),
                             thresholds=limits, source=auto.card.key, anchor_key=quoted[0].key, kind=kind)


EU = ("eu", "european union", "europe")  # a question naming a member state is read as naming the EU too; places
# are matched by substring, so no name here may hold a shorter place ("austria" holds "us")
REGIONS = [(re.compile(r"(?i:\beuropean union\b)|\bEU\b"), EU),
           (re.compile(r"\bunited kingdom\b|\bUK\b|\bgreat britain\b", re.I), ("uk", "united kingdom", "britain")),
           (re.compile(r"\bsouth korea\b|\brepublic of korea\b", re.I), ("south korea", "korea"))]
EXCLUDES = re.compile(r"\b(does|do|shall|will) not apply (in|to you if|within)\b|\bnot (being )?granted to you if\b|"
                      r"\bnot (licensed|available|permitted) (for use )?in\b|\bexclud\w+\b", re.I)
END_USERS_EXEMPT = re.compile(r"\bdoes not apply to end users\b|\bend users? .{0,80}\b(not|nor) (be )?(restricted|"
                              r"affected|subject)", re.I)
NON_COMMERCIAL_TEXT = re.compile(
    r"\bnon-?commercial (research )?(purposes?|uses?) only\b|\bfor (non-?commercial|research)( \w+)? purposes only\b|"
    r"\bonly for (non-?commercial|research) (use|purposes?)\b|\bresearch purposes only\b|"
    r"\bnot for commercial (use|purposes)\b|\bfor any non-?commercial( and non-?[\w-]+)? purposes?\b|"
    r"\bsolely for non-?commercial\b|\bother than non-?commercial\b|\bany commercial or production purposes?\b|"
    r"\b(may|shall|must|will) not exercise .{0,120}\bdirected toward\w* commercial advantage\b|"
    r"\bprohibited from using .{0,120}\bfor any commercial\b|"
    r"\b(may|shall|must|will) not (be )?us\w* .{0,80}\bfor (any )?commercial (use|purposes?|advantage)\b|"
    r"\bnon-?commercial (research )?use only\b|\bfor personal (use|projects?|purposes) only\b", re.I)


def _geography_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """Regions the text withholds its rights in ("does not apply in the European Union ..."), by name."""
    excluded: list[str] = []
    quoted: list[Span] = []
    for span in auto.view.spans:
        said = " ".join(span.text.split())
        if not EXCLUDES.search(said):
            continue
        named = [p for pattern, places in REGIONS if pattern.search(said) for p in places]
        if named:
            excluded += [p for p in named if p not in excluded]
            quoted.append(span)
    if not excluded:
        return None
    exempt = any(END_USERS_EXEMPT.search(" ".join(s.text.split())) for s in auto.view.spans)
    said = " / ".join(f'"{_short(s.text, 300)}"' for s in quoted[:2])
    return cards.RightAnswer("geography", "yes", f"Read from the text: the license withholds its rights in some "
                             f"regions: {said}", anchors=tuple(" ".join(s.text.split()) for s in quoted[:2]),
                             source=auto.card.key, anchor_key=quoted[0].key, kind=kind, excluded=tuple(excluded),
                             end_users_exempt=exempt)


def _non_commercial_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """"for non-commercial purposes only", "research purposes only": the license is non-commercial."""
    quoted = [s for s in auto.view.spans if NON_COMMERCIAL_TEXT.search(" ".join(s.text.split()))]
    if not quoted:
        return None
    said = " / ".join(f'"{_short(s.text, 300)}"' for s in quoted[:2])
    return cards.RightAnswer("non_commercial_only", "yes", f"Read from the text: non-commercial use only: {said}",
                             anchors=tuple(" ".join(s.text.split()) for s in quoted[:2]), source=auto.card.key,
                             anchor_key=quoted[0].key, kind=kind)


TRAIN_BAN = re.compile(r"\b(will not|shall not|may not|must not|can ?not|agree not to|not (be )?(permitted|allowed) to|"
                       r"prohibit\w*|forbid\w*)\b.{0,160}\b(train\w*|improv\w*|develop\w*|distill?\w*|creat\w*)\b"
                       r".{0,120}\b(models?|llms?|ai|systems?)\b", re.I)
TRAIN_ITEM = re.compile(r"^\W*(\w+\W+){0,3}(use|using) (the )?outputs? (\w+ ){0,3}to (develop|train|improve|create)\w* .{0,60}"
                        r"\bmodels?\b", re.I)  # an item of a list of what you may not do
TRAIN_OUTPUTS = re.compile(r"\b(outputs?|results|generated|generations?|synthetic)\b", re.I)
COMPETING = re.compile(r"\bcompet\w*\b", re.I)


def _train_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """"You will not use ... any output ... to improve any other large language model": training other models on
    the outputs is not allowed (only a competing one: conditional)."""
    quoted = [s for s in auto.view.spans if TRAIN_OUTPUTS.search(" ".join(s.text.split()))
              and (TRAIN_BAN.search(" ".join(s.text.split()))
                   or (TRAIN_ITEM.search(" ".join(s.text.split())) and _in_restrictive_list(auto, s)))]
    if not quoted:
        return None
    said = " / ".join(f'"{_short(s.text, 300)}"' for s in quoted[:2])
    competing = all(COMPETING.search(s.text) for s in quoted)
    verdict = "conditional" if competing else "no"
    what = ("using the outputs to train a model that competes is not allowed; other training is not forbidden"
            if competing else "using the outputs to train or improve other models is not allowed")
    return cards.RightAnswer("train_other_models_on_outputs", verdict, f"Read from the text: {what}: {said}", anchors=tuple(" ".join(s.text.split()) for s in quoted[:2]),
                             source=auto.card.key, anchor_key=quoted[0].key, kind=kind)


LAW_PLACE = re.compile(r"\blaws? of (?:the )?(?:(?:State|Commonwealth|Republic|People'?s Republic|Province) of (?:the )?)?(?!State\b)"
                       r"([A-Z][\w.]*(?:[ ]+(?:of )?[A-Z][\w.]*){0,3})")
STATE_OF = re.compile(r"\b(?:State|Commonwealth) of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
MEMBER_STATE = re.compile(r"\bmember state\b|\b(country|state) (where|in which)\b|\bwhere the licensor\b", re.I)
ADMINISTRATIVE = re.compile(r"\s+Special Administrative( Region)?.*$")
PLACE_LAW = re.compile(r"\b(?:by|under) (?:the )?([A-Z][a-z]+(?: [A-Z][a-z]+)?) law\b")
PLACE_ALIASES = {"korea": ("korean", "south korea"), "china": ("chinese", "prc"),
                 "people's republic of china": ("china", "chinese", "prc"), "prc": ("china", "chinese"),
                 "united states": ("usa", "u.s.", "us law", "american"), "france": ("french",),
                 "germany": ("german",), "japan": ("japanese",), "new york": ("ny",), "hong kong": ("hk",),
                 "england": ("english law", "uk"), "singapore": ("singaporean",)}
GOVERNED = re.compile(r"\bgovern(ed|s) by\b|\bgoverning law\b|\bconstrued (in accordance with|under)\b|\bsubject to the laws? of\b", re.I)


def _law_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """"This agreement is governed by the laws of the Republic of Korea": the place, as a question would name it."""
    for span in auto.view.spans:
        said = " ".join(span.text.split())
        said = said.replace("’", "'")
        if not GOVERNED.search(said) or MEMBER_STATE.search(said):  # "the law of the Member State": it depends
            continue
        places = [m.group(1) for m in [*LAW_PLACE.finditer(said), *STATE_OF.finditer(said), *PLACE_LAW.finditer(said)]]
        places = list(dict.fromkeys(ADMINISTRATIVE.sub("", p).strip(" ,.") for p in places))
        if not places:
            continue
        value = ", ".join(places)
        words = [w.lower() for w in places]
        match = tuple(dict.fromkeys(words + [a for w in words for a in PLACE_ALIASES.get(w, ())]))
        forum = _forum(auto)
        venue = "; ".join(_short(s.text, VENUE_CHARS) for s in forum)
        return cards.RightAnswer("governing_law", "yes", f"Read from the text: governed by the laws of {value}: "
                                 f"\"{_short(span.text, 300)}\"" + (f"; disputes: \"{venue}\"" if venue else ""),
                                 anchors=(said, *(_said(s) for s in forum if s is not span)), source=auto.card.key,
                                 anchor_key=span.key, kind=kind, value=value, match=match, venue=venue)
    return None


# where disputes go ("The seat of arbitration shall be Seoul", "the courts located in Santa Clara County"): the venue a
# question naming a place for arbitration or a court is answered from (decide.py `_value`)
FORUM = re.compile(r"\b(arbitrat\w*|seat of|venue|(exclusive )?jurisdiction of|courts? (of|in|located|sitting))\b", re.I)
PROPER_NAME = re.compile(r"\b(in|of|at|be) (the )?[A-Z][a-z]+")
FORUM_SENTENCES = 3
VENUE_CHARS = 400


def _forum(auto: AutoCard) -> list[Span]:
    """The sentences that send disputes to a named place: a court or an arbitration seat."""
    return [s for s in auto.view.spans if FORUM.search(_said(s)) and PROPER_NAME.search(_said(s))][:FORUM_SENTENCES]


# -- duties and facts a sentence states: ordered rules per topic, the first rule a sentence of the text meets wins ------
@dataclass(frozen=True)
class Rule:
    """A kind of sentence licenses use to settle one topic: the verdict it gives and our words for it. `needs`: the
    sentence must also say this (e.g. that it is about sharing); `unless`: it must not say this."""

    verdict: str
    what: str
    pattern: re.Pattern
    needs: re.Pattern | None = None
    unless: re.Pattern | None = None
    about: re.Pattern | None = None  # the sentence itself must say this (e.g. that it is about derivatives)

    def holds(self, said: str, before: str = "") -> bool:
        """`before`: the sentences just before it in the text, where `needs` may be said instead ("You may convey
        a modified version, provided that: ... c) you must license the entire work ...")."""
        return bool(self.pattern.search(said) and (self.needs is None or self.needs.search(f"{before} {said}"))
                    and (self.unless is None or not self.unless.search(said))
                    and (self.about is None or self.about.search(said)))


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


SHARED = _rx(r"\b(distribut\w*|redistribut\w*|made available|make available|makes available|convey\w*|publish\w*|"
             r"shar(e|es|ing))\b")
NAME_BEGINS = _rx(r"\bat the (beginning|start) of (\w+ ){0,4}names?\b|\bnames? (\w+ ){0,4}(must|shall) (begin|start) with\b")
NAME_PREFIX = re.compile(r"[\"“']([^\"”']{2,40})[\"”']\s+at the (?:beginning|start) of|(?:begin|start)s? with [\"“']([^\"”']{2,40})[\"”']",
                         re.I)
TRADEMARKS = _rx(r"\b(does|do) not grant (you )?(any )?(permission|rights?|licen[cs]es?) to use (the |its |our |any )?"
                 r"(trade ?names?|trademarks?|names?|marks?|logos?)\b|\bno trademark licen[cs]es? (is |are )?(granted|given)\b|"
                 r"\bnot been granted any trademark\b|\bnothing in this \w+ (grants?|gives?) you any rights? to use .{0,40}"
                 r"\btrademarks?\b|\bbe used to endorse or promote products derived\b|\bno endorsement\b")
OTHER_TERMS = _rx(r"\bmay (provide|add|apply) (your own )?(additional or different|different|other) (license |licence )?terms\b|"
                  r"\b(under|with) (any|a) licen[cs]e of (your|their) choice\b|\bmay be distributed under a different licen[cs]e\b|"
                  r"\bmodify, merge, publish, distribute, sublicense\b|"
                  r"\bwith or without modifications?,? (in source and/or binary forms,? )?(are|is) permitted\b")
NO_ADAPTATIONS = _rx(r"\b(do|does) not have permission .{0,60}\bshare adapted\b|\bno rights to make adaptations\b")
DERIVED = _rx(r"\b(derivative\w*|derived|modif\w+|adapt\w+|changes|based on|as a whole|entire work|part of)\b")
DISTRIBUTES = _rx(r"\b(distribut\w*|convey\w*)\b")
SAME_LICENSE = _rx(r"\bunder the same terms\b|\bonly under\b.{0,30}\bthis (license|licence|agreement)\b|"
                   r"\b(must|shall|will) (\w+ ){0,6}under (the terms of )?(this|the same) (license|licence|agreement)\b|"
                   r"\bsame license elements\b|\blicensed as a whole\b")
OUTPUTS_FREE = _rx(r"\bclaims? no (ownership )?(rights?|ownership) in (the |any )?outputs?\b|\byou own (any |all |the )?outputs?\b|"
                   r"\b(does|do) not impose any (restrictions?|obligations?)( or (restrictions?|obligations?))?\b.{0,80}"
                   r"\b(outputs?|results)\b|\bimposes no obligations\b.{0,60}\b(outputs?|results)\b|"
                   r"\boutputs? of (this|the) (software|model) (is|are) not covered\b|\baccountable for the outputs? (you|they) generate\b")
MACHINE_LABEL = _rx(r"\b(without|fail\w* to|unless) .{0,80}\b(identif|disclos|disclaim|indicat|label|mark)\w* .{0,80}"
                    r"\b(machine[- ]generated|ai[- ]generated|artificially generated|were generated|generated by (an? )?"
                    r"(ai|artificial intelligence|machine))")
ACKNOWLEDGE = _rx(r"\b(acknowledg|cite|credit)\w* .{0,80}\b(in|within) (your|any|the) (publications?|papers?|presentations?)\b|"
                  r"\bin any publication\w* .{0,120}\b(attribution|acknowledg\w*|cit\w+)\b")
LATEST_VERSION = _rx(r"\b(use|update\w* (\w+ ){0,5}to) the (latest|most recent)( \w+)? version\b")
DUTY = _rx(r"\b(shall|must|agree\w*|efforts|required|obliged)\b")
NOT_BINDING = _rx(r"\bno (change|modification|amendment)\b.{0,80}\bbinding unless\b|\bmay only be (modified|amended)\b.{0,60}"
                  r"\bwritten\b|\bwill not (serve to )?withdraw this licen[cs]e\b|\bwill not terminate this public license\b")
TERMS = r"(this|these|the|our|its) (agreement|terms|terms of use|license|licence|(\w+ ){0,3}policy)"
MAY_CHANGE = _rx(rf"\b(may|reserves? the right to|can) (\w+ ){{0,2}}(modify|amend|update|change|revise)( or (modify|amend|update|"
                 rf"change|revise))? {TERMS}\b|\b{TERMS} (may|can) be (modified|amended|updated|changed|revised)\b")
NEW_VERSIONS = _rx(r"\bmay publish (\w+ ){0,3}(revised|new|other)( \w+)? versions\b|\bany new version will apply\b|"
                   r"\boption of following the terms of any later version\b")
PATENT_ENDS = _rx(r"\bpatent licen[cs]es? (granted|from)\b.{0,120}\b(terminat\w*|ends?)\b")
SUES = _rx(r"\b(institut\w*|commenc\w*|initiat\w*|files?|filing|bring\w*) .{0,60}\b(litigation|lawsuit|proceedings?|suit|"
           r"cross-?claim|counterclaim)\b")
ENDS = _rx(r"\bterminat\w*\b|\bno longer\b|\bend(s)? automatically\b")
BREACH = _rx(r"\b(breach\w*|violat\w*|fail\w* to comply|non-?compliance|not comply)\b")
WORLDWIDE = _rx(r"\bworldwide\b|\bworld-wide\b")
EXPORT = _rx(r"\bexport\w*\b|\bsanction\w*|\bembargo\w*")
PROMINENT_NOTICE = _rx(r"\bprominent(ly)? (notice|display)\w*\b|\bnotice associated with\b")
DISPLAY_LINE = _rx(r"\b(display|include|state|mention)\w* .{0,60}[\"“](built|powered|improved|made|created) (with|by|on|using)\b|"
                   r"\bis built using .{0,60}\btechnology from\b")
SEPARATE_NEEDED = _rx(r"\b(requires?|need|must (request|obtain)|contact|enter(ed)? into|obtain|request) .{0,60}\b(separate|commercial|"
                      r"additional|another)( \w+)? (licen[cs]e|agreement)\b|\b(need|require)\w* .{0,40}\b(additional|separate|"
                      r"further) (rights|permission)\b")
NETWORK_USERS = _rx(r"\busers?\b.{0,60}\b(interact\w*|access\w*)\b.{0,60}\b(through|over|via|by means of) (a |the )?"
                    r"(computer )?network\b")
SOURCE_OFFER = _rx(r"\b(corresponding )?source( code)?\b")
FREE_GRANT = _rx(r"\bpermission is hereby granted, free of charge\b|\broyalty[- ]free\b")
# a text that gives the work away ("hereby dedicates ... to the public domain", "waives, abandons, and surrenders"):
# it keeps no rights to attach conditions to, so no credit and no same-license duty; "dedicated to the public domain
# under CC0" (a CC-BY notice naming another text) is passive and not read
PUBLIC_DOMAIN = _rx(r"\bdedicates? (\w+ ){0,8}to the public domain\b|\bwaives?,? abandons?\b")
NO_ATTRIBUTION = _rx(r"\b(is|are) not (a )?requirements? (\w+ ){0,12}attribut\w*|\bno attribution is required\b")

SENTENCE_RULES: dict[str, tuple[Rule, ...]] = {
    "attribution_or_naming": (
        Rule("no", "No credit is required: the text says attribution is not a requirement", NO_ATTRIBUTION),
        Rule("no", "No credit is required: the text gives the work to the public domain, keeping no rights to attach "
                   "conditions to", PUBLIC_DOMAIN)),
    "name_prefix": (
        Rule("conditional", "Only when you distribute or make available a model made with it: its name must begin with "
                            "the name the text gives", NAME_BEGINS, about=SHARED),
        Rule("yes", "A modified model's name must begin with the name the text gives", NAME_BEGINS),
        Rule("no", "No naming rule: the text only withholds the licensor's names and marks", TRADEMARKS)),
    "share_alike": (
        Rule("no", "Not share-alike: the text gives the work to the public domain, so any terms may be used",
             PUBLIC_DOMAIN),
        Rule("no", "Not share-alike: your changes and derivatives may be put under other terms", OTHER_TERMS),
        Rule("no", "There is nothing to relicense: the text gives no permission to share adaptations", NO_ADAPTATIONS),
        Rule("conditional", "Only when you distribute a derivative: it must stay under this license", SAME_LICENSE,
             needs=DISTRIBUTES, about=DERIVED),
        Rule("yes", "Derivatives must stay under this license", SAME_LICENSE, about=DERIVED)),
    "output_attribution": (
        Rule("conditional", "When generated content is placed in public, it must be identified as machine-generated",
             MACHINE_LABEL),
        Rule("conditional", "In publications of results made with the model, the model must be acknowledged",
             ACKNOWLEDGE),
        Rule("no", "No credit or AI label is required on outputs: the text leaves them to you", OUTPUTS_FREE)),
    "update_duty": (
        Rule("yes", "You must make efforts to use the latest version", LATEST_VERSION, needs=DUTY),),
    "policy_changes": (
        Rule("no", "The terms you received cannot be changed on you", NOT_BINDING),
        Rule("yes", "The licensor may change the terms or policy later", MAY_CHANGE, unless=_rx(r"\byou may\b")),
        Rule("conditional", "New versions may be published; whether they bind you depends on the quoted clause",
             NEW_VERSIONS)),
    "termination_litigation": (
        Rule("conditional", "Only the patent license ends, when you start patent litigation", PATENT_ENDS, needs=SUES),
        Rule("yes", "Your license ends if you sue the licensor as the text describes", SUES, needs=ENDS)),
    "termination_breach": (
        Rule("yes", "Your license can end if you break its terms", ENDS, needs=BREACH, unless=SUES),),
    "built_with_display": (
        Rule("conditional", "When you distribute or make available the model, a derivative or a product or service using "
                            "it, the credit line the text names must be shown", DISPLAY_LINE),),
    "network_source": (
        Rule("conditional", "Only when you let users interact with your modified version over a network: you must offer "
                            "them its source", NETWORK_USERS, needs=SOURCE_OFFER, about=DUTY),),
    "separate_license": (
        Rule("conditional", "Only for uses this license does not grant: they need a separate license", SEPARATE_NEEDED),),
}


LOOKBACK = 3  # sentences before a rule's sentence that may say the case it applies in


def _said(span: Span) -> str:
    return " ".join(span.text.split()).replace("’", "'")


def _sentence_entry(auto: AutoCard, topic: str, kind: str) -> cards.RightAnswer | None:
    """The first rule of the topic (`SENTENCE_RULES`) that a sentence of the text meets, quoting the sentences that
    meet it; None when no sentence does (the classifier's reading stands)."""
    for rule in SENTENCE_RULES.get(topic, ()):
        spans = auto.view.spans
        quoted = [s for i, s in enumerate(spans) if rule.holds(_said(s), " ".join(_said(p) for p in
                                                                                   spans[max(0, i - LOOKBACK):i]))]
        if quoted:
            return _quoting(auto, topic, kind, rule.verdict, _what(rule, topic, quoted), quoted)
    return None


def _what(rule: Rule, topic: str, quoted: list[Span]) -> str:
    """Our words for the rule; a naming rule names the prefix the text requires."""
    if topic != "name_prefix" or rule.verdict == "no":
        return rule.what
    found = next((m for m in (NAME_PREFIX.search(_said(s)) for s in quoted) if m), None)
    prefix = (found.group(1) or found.group(2)).strip() if found else ""
    return rule.what.replace("the name the text gives", f'"{prefix}"') if prefix else rule.what


def _quoting(auto: AutoCard, topic: str, kind: str, verdict: str, what: str, quoted: list[Span]) -> cards.RightAnswer:
    said = " / ".join(f'"{_short(s.text, 300)}"' for s in quoted[:2])
    return cards.RightAnswer(topic, verdict, f"{what} (read from the text): {said}",
                             anchors=tuple(" ".join(s.text.split()) for s in quoted[:2]), source=auto.card.key,
                             anchor_key=quoted[0].key, kind=kind)


def _worldwide_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """A worldwide grant and no sentence excluding a region, naming countries, export rules or sanctions: no region
    is excluded."""
    if any(EXPORT.search(_said(s)) for s in auto.view.spans):
        return None
    quoted = [s for s in auto.view.spans if WORLDWIDE.search(_said(s))]
    if not quoted:
        return _silent(auto, "geography", kind, "No region is excluded: the text names no country or region it "
                                                "withholds its rights from")
    return _quoting(auto, "geography", kind, "no", "No region is excluded: the license is granted worldwide", quoted)


def _silent(auto: AutoCard, topic: str, kind: str, what: str, quoted: list[Span] = ()) -> cards.RightAnswer:
    """`no` where the text has no sentence on the topic and silence is the answer (cards: corpus/CARDS.md)."""
    if quoted:
        return _quoting(auto, topic, kind, "no", what, list(quoted))
    return cards.RightAnswer(topic, "no", f"{what} (read from the text: no sentence says otherwise).", anchors=(),
                             source=auto.card.key, anchor_key=auto.card.key, kind=kind)


def _display_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """A credit line or a prominent notice the text asks for, else no credit line is required."""
    found = _cap_entry(auto, "built_with_display", kind) or _sentence_entry(auto, "built_with_display", kind)
    if found is not None or any(PROMINENT_NOTICE.search(_said(s)) for s in auto.view.spans):
        return found
    return _silent(auto, "built_with_display", kind, "No credit line is required in products or services")


def _separate_entry(auto: AutoCard, kind: str) -> cards.RightAnswer | None:
    """Another license is needed above a cap, for what the text says needs one, or for the commercial use a
    non-commercial text does not grant; a free grant without any of these needs none."""
    found = _cap_entry(auto, "separate_license", kind) or _sentence_entry(auto, "separate_license", kind)
    if found is not None:
        return found
    limited = _non_commercial_entry(auto, kind)
    if limited is not None:
        return cards.RightAnswer("separate_license", "conditional", "Only for commercial use, which this license does "
                                 "not grant (read from the text): " + limited.conditions.split("only: ", 1)[-1],
                                 anchors=limited.anchors, source=auto.card.key, anchor_key=limited.anchor_key,
                                 kind=kind)
    free = [s for s in auto.view.spans if FREE_GRANT.search(_said(s))]
    if free:
        return _quoting(auto, "separate_license", kind, "no", "No separate license is needed: the grant is free and "
                        "sets no cap", free)
    return None


LIMITED_BY_NON_COMMERCIAL = {"hosted_service_or_api", "redistribute_weights", "derivatives_allowed"}
OUTPUTS = re.compile(r"\boutputs?\b|\bresults\b|\bgenerated (content|images?|text)\b", re.I)
OUTPUTS_ANY_PURPOSE = re.compile(r"\b(may|can|are free to|is free to) use (the |any |such )?outputs? .{0,40}\b(any purpose|"
                                 r"commercial(ly)? (purposes?|use))", re.I)
MODEL_COMMERCIAL = re.compile(r"\b(may|can|are free to|is free to) use (this|the) (model|software|weights)\b.{0,60}\b(including "
                              r"commercial\w*|for commercial (use|uses|purposes?|work)|commercially)\b", re.I)
# a grant that names selling or commercial use among the rights it gives ("... to use, copy, modify ... and/or sell
# copies", "for any purpose, including commercial applications", "Models are commercially usable"); a patent grant
# ("to make, use, sell ... under its patent claims") licenses patents, not the use of the model, and is not read
GRANT_SELLS = re.compile(r"\b(grant\w*|permission|permitted|rights? to|may|free to|allowed to)\b[^.;]{0,240}\b(sell|"
                         r"commercial(ly)?( use| purposes?| applications?| usable)?)\b|\bcommercially usable\b|"
                         r"\bany purpose( whatsoever)?,? including (without limitation )?commercial\b", re.I)
PATENT_GRANT = re.compile(r"\bpatent\w*\b", re.I)
# a grant of rights, whatever it names: with no sentence limiting commercial use, it grants commercial use too
GRANT = re.compile(r"\bhereby grants?\b|\bgrants? (to )?(you|licensee|recipient)\b|\bpermission is (hereby )?granted\b|"
                   r"\b(are|is) (hereby )?permitted\b|\bmay (freely )?(use|copy|distribute|reproduce)\b", re.I)
LIMITED_GRANT = re.compile(r"\b(use|used|access) only\b|\b(only|solely|exclusively) (for|to use|in connection)\b", re.I)  # "you may use only ...", "solely for": a narrower grant
ABOUT_CONTENT = re.compile(r"\b(outputs?|content|results|generated)\b", re.I)  # the outputs' own rule, not the model's
COMMERCIAL = re.compile(r"\bcommercial\w*\b|\bsell\w*\b|\bsold\b", re.I)
SAVE_AS = re.compile(r"\b(except|save) as (expressly |otherwise )?(prohibited|restricted|provided|set out)( \w+){0,3}", re.I)
NEGATED = re.compile(r"\b(not|never|prohibit\w*|forbid\w*|restrict\w*)\b", re.I)


def _non_commercial_limits(auto: AutoCard, topic: str, kind: str, verdict: str) -> cards.RightAnswer | None:
    """On a text limited to non-commercial use: commercial use of the model is not allowed, and hosting, sharing and
    changing it are allowed only non-commercially (where the classifier does not read a stricter answer); the
    outputs follow the text's own sentence on them."""
    if topic == "outputs_commercial":
        free = [s for s in auto.view.spans if OUTPUTS_ANY_PURPOSE.search(" ".join(s.text.split()))
                and not NEGATED.search(SAVE_AS.sub("", " ".join(s.text.split())))]
        if free:
            return cards.RightAnswer(topic, "yes", f"Read from the text: the outputs may be used for any purpose: "
                                     f"\"{_short(free[0].text, 300)}\"", anchors=(" ".join(free[0].text.split()),),
                                     source=auto.card.key, anchor_key=free[0].key, kind=kind)
    limited = _non_commercial_entry(auto, kind)
    if limited is None:
        return _commercial_allowed(auto, kind, verdict) if topic == "model_commercial_use" else None
    said = limited.conditions.split("only: ", 1)[-1]
    if topic == "model_commercial_use":
        verdict, conditions = "no", f"Read from the text: the license allows non-commercial use only: {said}"
    elif topic in LIMITED_BY_NON_COMMERCIAL and verdict == "not_addressed":  # a confident reading stands
        verdict, conditions = "conditional", f"Read from the text: only for non-commercial purposes: {said}"
    elif topic == "outputs_commercial":
        quoted = [a for a in limited.anchors if OUTPUTS.search(a)]
        if not quoted:
            return None
        return cards.RightAnswer(topic, "no", f"Read from the text: the outputs too may be used non-commercially "
                                 f"only: \"{_short(quoted[0], 300)}\"", anchors=(quoted[0],), source=auto.card.key,
                                 anchor_key=limited.anchor_key, kind=kind)
    else:
        return None
    return cards.RightAnswer(topic, verdict, conditions, anchors=limited.anchors, source=auto.card.key,
                             anchor_key=limited.anchor_key, kind=kind)


def _commercial_allowed(auto: AutoCard, kind: str, verdict: str = "not_addressed") -> cards.RightAnswer | None:
    """"You can use this model for anything, including commercial work", "... and/or sell copies": commercial use of
    the model is allowed. Where the classifier is not sure (`verdict` not_addressed), a grant with no sentence
    limiting commercial use and no cap that needs another license grants commercial use too (the text is silent
    on it, and a grant's silence does not withhold it)."""
    free = [s for s in auto.view.spans if (MODEL_COMMERCIAL.search(_said(s)) or GRANT_SELLS.search(_said(s)))
            and not PATENT_GRANT.search(_said(s)) and not ABOUT_CONTENT.search(_said(s))
            and not NEGATED.search(SAVE_AS.sub("", _said(s)))]
    if free:
        return _quoting(auto, "model_commercial_use", kind, "yes", "The model may be used commercially", free)
    if verdict != "not_addressed" or any(c.brings == "license" for c in _caps(auto)):
        return None
    if any(COMMERCIAL.search(_said(s)) and NEGATED.search(_said(s)) for s in auto.view.spans):
        return None  # a sentence limits commercial use somehow: left to the classifier
    if any(LIMITED_GRANT.search(_said(s)) and GRANT.search(_said(s)) for s in auto.view.spans):
        return None  # a grant for some uses only
    granted = [s for s in auto.view.spans if GRANT.search(_said(s)) and not PATENT_GRANT.search(_said(s))
               and not ABOUT_CONTENT.search(_said(s))]
    if not granted:
        return None
    return _quoting(auto, "model_commercial_use", kind, "yes", "The model may be used commercially: the grant sets "
                    "no limit on commercial use and no sentence of the text adds one", granted)


def _text_reading(auto: AutoCard, topic: str, kind: str, verdict: str = "not_addressed") -> cards.RightAnswer | None:
    """The entry the text states in so many words, or None (the classifier's reading, `verdict`, stands)."""
    if topic == "separate_license":
        return _separate_entry(auto, kind)
    if topic == "user_or_revenue_threshold":
        return _cap_entry(auto, topic, kind)
    if topic == "built_with_display":
        return _display_entry(auto, kind)
    if topic == "geography":
        return _geography_entry(auto, kind) or _worldwide_entry(auto, kind)
    if topic in SENTENCE_RULES:
        return _sentence_entry(auto, topic, kind)
    if topic == "non_commercial_only":
        return _non_commercial_entry(auto, kind)
    if topic == "train_other_models_on_outputs":
        return _train_entry(auto, kind)
    if topic == "governing_law":
        return _law_entry(auto, kind)
    if topic in LIMITED_BY_NON_COMMERCIAL | {"model_commercial_use", "outputs_commercial"}:
        return _non_commercial_limits(auto, topic, kind, verdict)
    return None
RESTRICTIVE_INTRO = re.compile(r"\b(not|never|prohibit\w*|restrict\w*|forbid\w*|agree not)\b", re.IGNORECASE)


def _prohibited(auto: AutoCard) -> None:
    """The uses the text forbids, scanned once: a sentence naming a use (topics.yaml `uses`) that is restrictive
    itself, or an item of a list whose opening clause says what is not allowed ("You agree not to ...:")."""
    if auto.scanned:
        return
    segments = auto.view.segments
    where = {(c.license_key, c.id): i for i, c in enumerate(segments)}
    known = topics.uses()
    for span in auto.view.spans:
        folded = understand.fold(span.text)
        named = [u for u in topics.uses_in(folded) if u not in auto.card.prohibited]
        named += [u for u, pattern in TEXT_USES if u in known and u not in named and u not in auto.card.prohibited
                  and pattern.search(folded)]
        if not named:
            continue
        if not (RESTRICTIVE_INTRO.search(span.text) or _in_restrictive_list(auto, span, where)):
            continue
        for use in named:
            label = topics.uses()[use].label
            auto.card.prohibited[use] = cards.RightAnswer(
                topics.PROHIBITED_USE, "no", f"Auto-card reading: the text's restrictions name {label}: "
                                             f"\"{_short(span.text, 300)}\"",
                anchors=(" ".join(span.text.split()),), source=auto.card.key, anchor_key=span.key, kind="use",
                use=use)
    auto.scanned = True


def _in_restrictive_list(auto: AutoCard, span: Span, where: dict | None = None) -> bool:
    """The sentence is an item of a list whose opening clause says what is not allowed ("You may not: ...")."""
    segments = auto.view.segments
    where = where if where is not None else {(c.license_key, c.id): i for i, c in enumerate(segments)}
    at = where.get((span.key, span.clause_id), 0)
    for back in range(at, max(-1, at - LIST_LOOKBACK), -1):  # up the list to the clause that opens it
        text = segments[back].text
        if RESTRICTIVE_INTRO.search(text[:300]) or RESTRICTIVE_INTRO.search(text[-300:]):
            return True
        if back < at and not ENUMERATOR_START.match(text):
            return False
    return False


# how restriction lists word some uses, which the question wordings of topics.yaml `uses` do not catch
TEXT_USES = [(use, re.compile(pattern, re.I)) for use, pattern in [
    ("undisclosed_ai", r"\bwithout .{0,60}\b(disclaim|disclos|identif|indicat)\w* .{0,60}\bmachine[- ]generated\b|"
                       r"\brepresent\w* .{0,40}\b(outputs?|content|text|it) (is|are|was|were) human[- ]generated\b|"
                       r"\bhuman[- ]generated when (it|they) (was|were|is|are) not\b|"
                       r"\bfail\w* to (appropriately )?disclose .{0,80}\b(ai|artificial intelligence|automated|machine)"),
    ("automated_decisions", r"\blegal or (material|similarly significant) (impact|effect)\b|"
                            r"\bfully automated decision|\bautomated decision[- ]making\b"),
    ("medical_advice", r"\bmedical advice\b|\bmedical results? interpretation\b|\bpractice of medicine\b"),
    ("legal_advice", r"\blegal advice\b|\bpractice of law\b"),
    ("financial_advice", r"\bfinancial advice\b|\binvestment advice\b"),
]]


LIST_LOOKBACK = 30
ENUMERATOR_START = re.compile(r"^\s*(?:[-*•]|\(?(?:[0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])\s")


_OFF: ContextVar[bool] = ContextVar("autocard_off", default=False)


@contextmanager
def disabled(off: bool = True):
    """`--blind`: the LLM alone decides from the clauses (the baseline the auto-card is measured against)."""
    token = _OFF.set(off)
    try:
        yield
    finally:
        _OFF.reset(token)


def decide(resolved, asked, corpus: Corpus):
    """The auto-card's Decision for what `asked` asks (source `auto`, with a confidence), or None when the
    classifier cannot read this text (no embeddings) or is switched off (`disabled`). The card's verdict is read
    literally for the question's kind by decide.py, exactly as a hand-written card's."""
    from . import decide as core

    if _OFF.get():
        return None
    auto = auto_card(resolved, corpus)
    topic = asked.topic
    if auto is None or topic is None:
        return None
    names = [topic]
    _prohibited(auto)  # the restriction list: prohibited uses, and the disclosure questions read it too
    if topic == topics.PROHIBITED_USE:
        names = ["use_restrictions"]
    if asked.figures:
        names.append("user_or_revenue_threshold")
    for name in names:
        _answer(auto, name)
    decision = core.decide_with_card(resolved, asked, auto.texts, auto.card)
    reading = auto.readings.get(decision.topic) or auto.readings.get(names[0])
    confidence = reading.confidence if reading is not None else 0.6
    if topic == topics.PROHIBITED_USE and asked.uses and auto.card.prohibited:
        confidence = 0.8 if any(u in auto.card.prohibited for u in asked.uses) else 0.6
    note = (f"no card for this text: the verdict is the auto-card's (a classifier trained on the hand-written "
            f"cards), confidence {confidence:.2f}")
    return replace_decision(decision, source="auto", confidence=confidence, notes=(*decision.notes, note))


def replace_decision(decision, **changes):
    from dataclasses import replace

    return replace(decision, **changes)


def table(resolved, corpus: Corpus, names: list[str] | None = None) -> list[tuple[str, object]] | None:
    """(topic, Decision) for every right and fact topic, as the auto-card decides them; None without one."""
    from . import decide as core

    if auto_card(resolved, corpus) is None:
        return None
    return [(name, core.decide_topic(resolved, name, corpus, without_card=True))
            for name in (names or topic_names())]


# -- card transfer: a modified copy of a carded text -------------------------------------------------------------------
@dataclass(frozen=True)
class TransferredCard(cards.Card):
    """A card carried over to your modified copy of its text: `changed` holds, per re-decided topic, the quotes
    of your changed wording, and `confidence` the classifier's confidence."""

    changed: dict = field(default_factory=dict)
    confidence: dict = field(default_factory=dict)


_TRANSFERS: list[tuple[object, str, cards.Card]] = []


def transfer(resolved, card: cards.Card, corpus: Corpus) -> cards.Card:
    """The base card for a text identified as a modified copy of it: entries whose anchored clauses your copy
    changed or removed are decided again from your wording (the classifier reads the changed sentences; a
    figure such as a user cap is taken from them), everything else stays as the card says."""
    ident = getattr(resolved, "identification", None)
    if ident is None or resolved.pasted is None or not (ident.changes or ident.removals) or ident.key != card.key:
        return card
    for seen, key, found in _TRANSFERS:
        if seen is resolved and key == card.key:
            return found
    found = _transfer(resolved, card, corpus, ident)
    _TRANSFERS.append((resolved, card.key, found))
    del _TRANSFERS[:-8]
    return found


def _transfer(resolved, card: cards.Card, corpus: Corpus, ident) -> cards.Card:
    from dataclasses import fields, replace

    from .quotes import clause, of_passage

    removed = {r["clause_id"] for r in ident.removals}
    touched = {c["clause_id"] for c in ident.changes} | removed
    body = corpus.document(card.key).body
    entries = [*card.rights.items(), *card.facts.items()]
    hits: dict[str, set[str]] = {}
    for name, answer in entries:
        if answer.anchor_key != card.key or answer.verdict == "not_addressed":
            continue
        located = [cards.locate(p, card.key, body) for p in answer.anchors]
        ids = {a.clause_id for a in located if a is not None}
        if ids & touched:
            hits[name] = ids & touched
    if not hits:
        return card
    fitted = model(corpus)
    view = _text_of(resolved, corpus)
    if fitted is None or view is None:
        return card
    numbers = {id(p): i + 1 for i, p in enumerate(resolved.file_passages)}
    rights_, facts_ = dict(card.rights), dict(card.facts)
    changed, confidence = {}, {}
    for name, ids in hits.items():
        answer = card.answer(name)
        passages = [p for p in resolved.file_passages if p.kind == "change" and p.clause_id in ids]
        inside = [i for i, s in enumerate(view.spans) if any(s.start < p.end and p.start < s.end for p in passages)]
        reading = fitted.read(view, name, only=inside or None)
        if reading is None:
            continue
        gone = sorted(ids & removed)
        said = " / ".join(f'"{_short(p.text)}"' for p in passages)
        if gone:
            said = (f"{said}; " if said else "") + f"it removes {', '.join(gone)} of the standard text (quoted)"
        kept = [a for a in answer.anchors if _anchor_outside(a, card.key, body, ids)]
        new = {"anchors": tuple(kept)}
        limits = _changed_limits(answer, passages)
        if limits is not None:  # the clause still states a cap: the verdict stays, the figure is yours
            new.update(thresholds=limits, verdict=answer.verdict,
                       conditions=f"Your copy changes this clause: {said}. {answer.conditions} "
                                  f"(limits read from your copy: "
                                  f"{_limits_text(limits)})")
            score = max(reading.confidence, 0.9)
        elif reading.confident:
            new.update(verdict=reading.verdict,
                       conditions=f"Your copy changes the clause this rests on: {said}. Decided again from your "
                                  f"wording (auto-card, confidence {reading.confidence:.2f}). The card for the "
                                  f"standard text says: {answer.conditions}")
            score = reading.confidence
        else:
            new.update(verdict="not_addressed",
                       conditions=f"Your copy changes the clause this rests on: {said}. The classifier is not sure "
                                  f"how to read the new wording (confidence {reading.confidence:.2f}): read it "
                                  f"yourself. The card for the standard text says: {answer.conditions}")
            score = reading.confidence
        replaced = replace(answer, **new)
        (rights_ if name in card.rights else facts_)[name] = replaced
        standard = [clause(corpus, card.key, cid) for cid in gone]
        changed[name] = tuple([of_passage(p, numbers[id(p)]) for p in passages] + [q for q in standard if q])
        confidence[name] = score
    base = {f.name: getattr(card, f.name) for f in fields(cards.Card)}
    base.update(rights=rights_, facts=facts_)
    return TransferredCard(**base, changed=changed, confidence=confidence)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def _anchor_outside(phrase: str, key: str, body: str, ids: set[str]) -> bool:
    """The anchor is still in the text, outside the changed clauses."""
    found = cards.locate(phrase, key, body)
    return found is not None and found.clause_id not in ids


def _limits_text(limits) -> str:
    return ", ".join(f"{float(t['limit']):,.0f} {str(t.get('metric', '')).replace('_', ' ')}" for t in limits)


def _changed_limits(answer: cards.RightAnswer, passages) -> tuple[dict, ...] | None:
    if not answer.thresholds or not passages:
        return None
    from . import thresholds

    stated = [f for p in passages for f in thresholds.figures(" ".join(p.text.split()))]
    limits = []
    for limit in answer.thresholds:
        same = [f for f in stated if f.metric == limit.get("metric")]
        limits.append({**limit, "limit": same[0].value} if same else dict(limit))
    return tuple(limits) if any(f.metric in {t.get("metric") for t in answer.thresholds} for f in stated) else None


def quote_changes(card: cards.Card, decision):
    """A decision from a transferred card whose entry your copy changed: your wording quoted first, source
    `auto`, the classifier's confidence."""
    if not isinstance(card, TransferredCard) or decision.topic is None:
        return decision
    names = [decision.topic] + (["user_or_revenue_threshold"] if decision.source == "threshold" else [])
    names = [n for n in names if n in card.changed]
    if not names:
        return decision
    from .quotes import unique

    quotes = [q for n in names for q in card.changed[n]]
    note = "your copy changes the clause this answer rests on: decided again from your wording"
    return replace_decision(decision, source="auto", confidence=min(card.confidence[n] for n in names),
                            quotes=tuple(unique([*quotes, *decision.quotes])), notes=(*decision.notes, note))


# -- explain: the auto-card's rights table ----------------------------------------------------------------------------
def explanation(resolved, corpus: Corpus, found: list[dict], started: float):
    """explain's result for a text without a card: every right and fact as the auto-card decides it, each row
    with its verdict, confidence and deciding clause; None when the classifier cannot read the text."""
    import time

    from .explain import Explanation
    from .quotes import unique, verify

    decided = table(resolved, corpus)
    if decided is None:
        return None
    rows, quotes = [], []
    for name, decision in decided:
        row = {"right": name, "label": understand.topic_label(name), "verdict": decision.verdict,
               "conditions": decision.conditions, "source": decision.source,
               "confidence": round(decision.confidence, 3), "clause_ids": decision.clause_ids,
               "clause_id": decision.clause_ids[0] if decision.clause_ids else None}
        rows.append(row)
        quotes += list(decision.quotes)
    quotes = unique(quotes)
    verify(quotes, resolved, corpus)
    right_names = set(rights.names())
    sure = sum(1 for r in rows if r["verdict"] != "not_addressed" and r["confidence"] >= AUTO_THRESHOLD)
    summary = (f"We have no hand-written card for this text. The table is the auto-card: a classifier trained on "
               f"our cards read the text's clauses; {sure} of {len(rows)} rights and facts were read with enough "
               f"confidence (at least {AUTO_THRESHOLD}); the others are marked not decided, with the closest "
               f"clauses quoted. Check the quoted clauses yourself.")
    total = (time.perf_counter() - started) * 1000
    return Explanation(resolved, None, [r for r in rows if r["right"] in right_names], found, summary, quotes,
                       None, None, None, {"generate": 0.0, "total": round(total, 1)},
                       [("no license card for this text: the verdicts are the auto-card's (source auto), each with "
                         "its confidence")], [r for r in rows if r["right"] not in right_names or
                                            r["right"] == "governing_law"], explanation_source="auto")
