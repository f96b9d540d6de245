"""Identify a pasted license and show how it differs from the known text.

Matcher chain, most certain first (licensee/askalono style):
  1. exact       hash of the normalized text equals a known text's
  2. similarity  Sørensen–Dice over normalized word bigrams >= CONFIDENCE_THRESHOLD
  3. containment the input holds (nearly) all of a known text plus more: an addendum, a notice, a card
     edited      the input is made of the known text's word pairs, with parts of it missing
  4. reference   front matter (`license:`, `license_name:`), a "licensed under X" sentence, or a bare id
Below that: "unknown", with the 3 closest texts and their scores. Never a guess.

Candidates come from an inverted index of bigrams over all 2,615 LicenseDB texts plus the user corpus, cached
on disk (numpy arrays), so a query touches only the postings of its own bigrams.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import clauses as clause_splitter
from . import config, licensedb
from .corpus import Corpus
from .normalize import Tokens, rules, text_hash, tokenize
from .reader import MAX_BYTES, Pasted

CONFIDENCE_THRESHOLD = 0.98
CONTAINMENT_THRESHOLD = 0.90  # share of the known text's bigrams found in the input
EDITED_PRECISION = 0.95  # share of the input's bigrams found in the known text: the input is that text, cut down
EDITED_MIN_COVERAGE = 0.5
MIN_BIGRAMS_FOR_CONTAINMENT = 40  # a tiny text (e.g. a one-line notice) cannot "contain" a license
CANDIDATES = 10
CACHE_FORMAT = 3
NOTICE = re.compile(
    r"(?:licen[cs]ed|released|distributed|made available|provided|governed)\s+(?:to\s+you\s+)?(?:under|by)\s+"
    r"(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?)?(?P<name>[^\n;()]{3,90})",
    re.I,
)
MAX_NAME_WORDS = 9


@dataclass
class Passage:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Identification:
    key: str | None
    name: str | None
    confidence: float
    coverage: float
    evidence: list[str]
    closest: list[dict]
    additions: list[Passage] = field(default_factory=list)
    removals: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.key is not None

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "confidence": round(self.confidence, 4),
            "coverage": round(self.coverage, 4),
            "closest": self.closest,
            "evidence": self.evidence,
            "additions": [a.to_dict() for a in self.additions],
            "removals": self.removals,
            "changes": self.changes,
            "references": self.references,
            "conflicts": self.conflicts,
            "warnings": self.warnings,
        }


# -- the bigram index -------------------------------------------------------------------------------------------
def _bigrams(ids: np.ndarray, vocab_size: int) -> np.ndarray:
    if len(ids) < 2:
        return np.zeros(0, dtype=np.int64)
    pairs = ids[:-1].astype(np.int64) * vocab_size + ids[1:]
    pairs = pairs[(ids[:-1] >= 0) & (ids[1:] >= 0)]
    return np.unique(pairs)


@dataclass
class KnownTexts:
    keys: list[str]
    hashes: list[str]
    sizes: np.ndarray  # bigrams per text
    vocab: dict[str, int]
    post_bigrams: np.ndarray  # sorted unique bigrams
    post_starts: np.ndarray  # postings of post_bigrams[i]: post_ids[post_starts[i]:post_starts[i + 1]]
    post_ids: np.ndarray

    def bigrams_of(self, words: tuple[str, ...]) -> np.ndarray:
        ids = np.fromiter((self.vocab.get(w, -1) for w in words), dtype=np.int64, count=len(words))
        return _bigrams(ids, len(self.vocab) + 1)

    def overlaps(self, query: np.ndarray) -> np.ndarray:
        """|query ∩ text| for every text, from the postings of the query's bigrams only."""
        where = np.searchsorted(self.post_bigrams, query)
        inside = where < len(self.post_bigrams)
        where, query = where[inside], query[inside]
        found = where[self.post_bigrams[where] == query]
        counts = np.zeros(len(self.keys), dtype=np.int64)
        if len(found):
            starts, ends = self.post_starts[found], self.post_starts[found + 1]
            postings = np.concatenate([self.post_ids[s:e] for s, e in zip(starts, ends)])
            counts += np.bincount(postings, minlength=len(self.keys))
        return counts


def _build_known(texts: list[tuple[str, str]]) -> KnownTexts:
    vocab: dict[str, int] = {}
    token_lists, hashes = [], []
    for _, body in texts:
        words = tokenize(body).words
        hashes.append(text_hash(" ".join(words)))
        token_lists.append(np.array([vocab.setdefault(w, len(vocab)) for w in words], dtype=np.int64))
    size = len(vocab) + 1
    sizes, all_bigrams, all_ids = [], [], []
    for i, ids in enumerate(token_lists):
        grams = _bigrams(ids, size)
        sizes.append(len(grams))
        all_bigrams.append(grams)
        all_ids.append(np.full(len(grams), i, dtype=np.int32))
    grams = np.concatenate(all_bigrams)
    ids = np.concatenate(all_ids)
    order = np.argsort(grams, kind="stable")
    grams, ids = grams[order], ids[order]
    unique, starts = np.unique(grams, return_index=True)
    return KnownTexts(
        keys=[k for k, _ in texts],
        hashes=hashes,
        sizes=np.array(sizes, dtype=np.int64),
        vocab=vocab,
        post_bigrams=unique,
        post_starts=np.append(starts, len(grams)).astype(np.int64),
        post_ids=ids,
    )


def _cache_path() -> Path:
    tag = hashlib.sha256(f"{CACHE_FORMAT}|{licensedb.version()}|{rules().digest}".encode()).hexdigest()[:12]
    return config.cache_dir() / f"identify-{tag}.npz"


def _save(known: KnownTexts, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        keys=np.array(known.keys),
        hashes=np.array(known.hashes),
        sizes=known.sizes,
        vocab=np.array(list(known.vocab)),
        post_bigrams=known.post_bigrams,
        post_starts=known.post_starts,
        post_ids=known.post_ids,
    )
    tmp.replace(path)


def _load(path: Path) -> KnownTexts:
    with np.load(path, allow_pickle=False) as data:
        vocab_list = data["vocab"].tolist()
        return KnownTexts(
            keys=data["keys"].tolist(),
            hashes=data["hashes"].tolist(),
            sizes=data["sizes"],
            vocab={w: i for i, w in enumerate(vocab_list)},
            post_bigrams=data["post_bigrams"],
            post_starts=data["post_starts"],
            post_ids=data["post_ids"],
        )


@functools.cache
def licensedb_texts() -> KnownTexts:
    """All LicenseDB texts, from the on-disk cache when it matches this LicenseDB and these rules."""
    path = _cache_path()
    if path.is_file():
        try:
            return _load(path)
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)
    known = _build_known([(t.key, t.body) for t in licensedb.load_all() if t.body])
    try:
        _save(known, path)
    except OSError:
        pass  # a read-only cache only costs speed
    return known


# -- the chain --------------------------------------------------------------------------------------------------
class Matcher:
    def __init__(self, corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD):
        self.corpus = corpus
        self.threshold = threshold
        self.known = licensedb_texts()
        self.user = {d.key: d for d in corpus.user_documents()}
        self._user_known = _build_known([(d.key, d.body) for d in self.user.values()]) if self.user else None

    def body_of(self, key: str) -> str:
        return self.user[key].body if key in self.user else licensedb.load(key).body

    def name_of(self, key: str) -> str:
        return self.corpus.license_name(key) if key not in self.user else self.user[key].name

    def _rank(self, tokens: Tokens) -> list[dict]:
        """Best candidates with dice, coverage (share of the known text present) and exactness."""
        rows = []
        for known in filter(None, (self.known, self._user_known)):
            query = known.bigrams_of(tokens.words)
            if not len(query):
                continue
            overlap = known.overlaps(query)
            dice = 2 * overlap / np.maximum(known.sizes + len(query), 1)
            coverage = overlap / np.maximum(known.sizes, 1)
            best = np.argsort(-dice, kind="stable")[:CANDIDATES]
            best_cover = np.argsort(-(coverage * (known.sizes >= MIN_BIGRAMS_FOR_CONTAINMENT)), kind="stable")[:CANDIDATES]
            for i in dict.fromkeys([*best.tolist(), *best_cover.tolist()]):
                rows.append({"key": known.keys[i], "dice": float(dice[i]), "coverage": float(coverage[i]),
                             "precision": float(overlap[i] / len(query)),
                             "bigrams": int(known.sizes[i]), "hash": known.hashes[i]})
        digest = text_hash(tokens.text)
        for row in rows:
            row["exact"] = row.pop("hash") == digest
        rows.sort(key=lambda r: (-r["exact"], -r["dice"], not self._preferred(r["key"]), r["key"]))
        return rows

    def _preferred(self, key: str) -> bool:
        return key in self.corpus.licenses or key in self.user

    def identify(self, pasted: Pasted) -> Identification:
        tokens = tokenize(pasted.text)
        ranked = self._rank(tokens) if tokens.words else []
        closest = [{"key": r["key"], "name": self.name_of(r["key"]), "score": round(r["dice"], 4)}
                   for r in ranked[:3] if r["dice"] > 0]
        result = self._match_text(pasted.text, tokens, ranked, closest)
        references = references_in(self.corpus, pasted)
        result.references = references
        if pasted.truncated:
            result.warnings.append(f"input truncated to its first {MAX_BYTES // 1_000_000} MB")
        if result.known and pasted.body_offset:
            _shift(result, pasted.body_offset)
        if references:
            ref_keys = {r["key"] for r in references if r["key"]}
            if result.known and ref_keys and result.key not in ref_keys:
                result.conflicts.append(
                    f"the text is {result.key} but the {references[0]['evidence']} says "
                    f"{', '.join(sorted(ref_keys))}"
                )
            if not result.known and ref_keys:
                first = next(r for r in references if r["key"])
                result.key, result.name = first["key"], self.name_of(first["key"])
                result.confidence = first["confidence"]
                result.evidence = [first["evidence"]]
            elif result.known:
                result.evidence += [r["evidence"] for r in references if r["key"] == result.key]
        return result

    def _match_text(self, text: str, tokens: Tokens, ranked: list[dict], closest: list[dict]) -> Identification:
        unknown = Identification(None, None, ranked[0]["dice"] if ranked else 0.0, 0.0, [], closest)
        if not ranked:
            return unknown
        top = ranked[0]
        if top["exact"]:
            return Identification(top["key"], self.name_of(top["key"]), 1.0, 1.0, ["exact"], closest)
        if top["dice"] >= self.threshold:
            found = Identification(top["key"], self.name_of(top["key"]), top["dice"], top["coverage"],
                                   ["similarity"], closest)
            self._differences(found, tokens, text)
            return found
        # Containment (known text + more) and edited (known text, cut down) compete on Dice: a short license
        # that happens to sit inside a long one must not beat the long one with a few words missing.
        partial = []
        for row in ranked:
            if row["bigrams"] < MIN_BIGRAMS_FOR_CONTAINMENT:
                continue
            if row["coverage"] >= CONTAINMENT_THRESHOLD:
                partial.append((row, "containment"))
            elif row["precision"] >= EDITED_PRECISION and row["coverage"] >= EDITED_MIN_COVERAGE:
                partial.append((row, "edited"))
        if partial:
            best, evidence = max(partial, key=lambda item: (item[0]["dice"], self._preferred(item[0]["key"])))
            found = Identification(best["key"], self.name_of(best["key"]), best["dice"], best["coverage"],
                                   [evidence], closest)
            self._differences(found, tokens, text)
            return found
        return unknown

    # differences ------------------------------------------------------------------------------------------------
    def _differences(self, found: Identification, pasted: Tokens, text: str) -> None:
        base_body = self.body_of(found.key)
        base = tokenize(base_body)
        matcher = difflib.SequenceMatcher(None, base.words, pasted.words, autojunk=False)
        opcodes = matcher.get_opcodes()
        touched: dict[str, dict] = {}
        base_clauses = clause_splitter.segment(found.key, base_body)
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "insert" or (tag == "replace" and (j2 - j1) > 3 * (i2 - i1) + 20):
                found.additions.append(_passage(text, pasted.spans, j1, j2))
            if tag in ("delete", "replace"):
                for clause in _clauses_over(base_clauses, base.spans, i1, i2):
                    touched.setdefault(clause.id, {"clause": clause, "deleted": 0, "replaced": False})
                    touched[clause.id]["deleted"] += _overlap_words(clause, base.spans, i1, i2)
                    touched[clause.id]["replaced"] |= tag == "replace"
        found.additions = _merge_passages(text, found.additions)
        aligned = _alignment(opcodes)
        for info in touched.values():
            clause = info["clause"]
            words = sum(1 for s in base.spans if clause.start <= s[0] < clause.end)
            if not info["replaced"] and info["deleted"] >= 0.8 * max(words, 1):
                found.removals.append({"clause_id": clause.id, "base": clause.text, "pasted": "removed"})
            else:
                found.changes.append({"clause_id": clause.id, "base": clause.text,
                                      "pasted": _pasted_wording(text, pasted, base, clause, aligned)})


def _passage(text: str, spans, j1: int, j2: int) -> Passage:
    start, end = spans[j1][0], spans[j2 - 1][1]
    return Passage(text[start:end], start, end)


def _merge_passages(text: str, passages: list[Passage]) -> list[Passage]:
    """Join additions separated only by blank space or punctuation, and extend each to the end of its sentence."""
    merged: list[Passage] = []
    for passage in passages:
        if merged and not re.search(r"\w", text[merged[-1].end:passage.start]):
            merged[-1] = Passage(text[merged[-1].start:passage.end], merged[-1].start, passage.end)
        else:
            merged.append(passage)
    out = []
    for p in merged:
        end = p.end
        tail = re.match(r"[^\w\n]*?[.!?;:)\]”\"']+", text[end:end + 5])
        if tail:
            end += tail.end()
        out.append(Passage(text[p.start:end], p.start, end))
    return out


def _clauses_over(base_clauses, spans, i1: int, i2: int):
    if i1 >= i2:
        return []
    start, end = spans[i1][0], spans[i2 - 1][1]
    return [c for c in base_clauses if c.start < end and start < c.end]


def _overlap_words(clause, spans, i1: int, i2: int) -> int:
    return sum(1 for s in spans[i1:i2] if clause.start <= s[0] < clause.end)


def _alignment(opcodes) -> dict[int, int]:
    mapping = {}
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "equal":
            for offset in range(i2 - i1):
                mapping[i1 + offset] = j1 + offset
    return mapping


def _pasted_wording(text: str, pasted: Tokens, base: Tokens, clause, aligned: dict[int, int]) -> str:
    inside = [i for i, s in enumerate(base.spans) if clause.start <= s[0] < clause.end]
    mapped = [aligned[i] for i in inside if i in aligned]
    if not mapped:
        return "removed"
    start, end = pasted.spans[min(mapped)][0], pasted.spans[max(mapped)][1]
    return text[start:end]


def _shift(result: Identification, offset: int) -> None:
    for passage in result.additions:
        passage.start += offset
        passage.end += offset


# -- references: front matter, notices, bare ids ----------------------------------------------------------------
def _reference(corpus: Corpus, value: str, evidence: str, confidence: float) -> dict:
    found = corpus.lookup(value)
    key = found.license_keys[0] if found and found.license_keys else None
    return {"evidence": evidence, "value": value, "key": key, "confidence": confidence if key else 0.0}


def _front_matter_values(front: dict) -> list[str]:
    values = []
    for field_name in ("license_name", "license", "license_link"):
        value = front.get(field_name)
        if isinstance(value, list):
            values += [str(v) for v in value]
        elif value not in (None, ""):
            values.append(str(value))
    return [v for v in values if v.lower() not in ("other", "unknown")]


def _longest_name(corpus: Corpus, phrase: str) -> dict | None:
    """The longest known name the phrase starts with: "Llama 3.1 Community License. You may..." -> Llama 3.1."""
    words = phrase.split()[:MAX_NAME_WORDS]
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).rstrip(".,:;!?\"'”’")
        ref = _reference(corpus, candidate, "notice", 0.9)
        if ref["key"]:
            return ref
    return None


def references_in(corpus: Corpus, pasted: Pasted) -> list[dict]:
    refs = []
    for value in _front_matter_values(pasted.front_matter):
        ref = _reference(corpus, value.rsplit("/", 1)[-1] if value.startswith("http") else value, "front matter", 1.0)
        if ref["key"] or not value.startswith("http"):
            refs.append(ref)
    head = pasted.text[:20000]
    for match in NOTICE.finditer(head):
        ref = _longest_name(corpus, match.group("name"))
        if ref:
            refs.append(ref)
    stripped = pasted.text.strip()
    if stripped and len(stripped.split()) <= 8 and "\n" not in stripped:
        ref = _reference(corpus, stripped.strip("`'\"“”"), "alias", 0.95)
        if ref["key"]:
            refs.append(ref)
    unique, seen = [], set()
    for ref in refs:
        marker = (ref["evidence"], ref["key"], ref["value"])
        if marker not in seen:
            seen.add(marker)
            unique.append(ref)
    return unique


def identify_text(text: str, corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD) -> Identification:
    """Identify text already in memory (tests, chat /paste, evals); front matter is split off first."""
    from .reader import split_front_matter

    front_matter, body, offset = split_front_matter(text)
    return identify(Pasted(text=body, front_matter=front_matter, body_offset=offset), corpus, threshold)


def identify(pasted: Pasted, corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD) -> Identification:
    return matcher(corpus, threshold).identify(pasted)


@functools.lru_cache(maxsize=8)
def matcher(corpus: Corpus, threshold: float = CONFIDENCE_THRESHOLD) -> Matcher:
    """One matcher per corpus and threshold in a process (loading the cached index costs ~0.3 s)."""
    return Matcher(corpus, threshold)
