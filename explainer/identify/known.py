"""The known texts as an inverted index of normalized word bigrams (numpy arrays), cached on disk, so that ranking
a query touches only the postings of its own bigrams."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import config, licensedb
from ..normalize import rules, text_hash, tokenize

CACHE_FORMAT = 3


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


def build_known(texts: list[tuple[str, str]]) -> KnownTexts:
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
    known = build_known([(t.key, t.body) for t in licensedb.load_all() if t.body])
    try:
        _save(known, path)
    except OSError:
        pass  # a read-only cache only costs speed
    return known
