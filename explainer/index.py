"""The clause index: every clause of the corpus in Chroma (dense) with a BM25 index beside it (lexical),
ranked together by reciprocal rank fusion and filterable by license key.

Layout under `$EXPLAINER_HOME/index/`:
  manifest.json  the clauses (ids, offsets, headings, hashes); written last, so its absence marks an
                 unfinished or broken build
  chroma/        Chroma PersistentClient (unless EXPLAINER_CHROMA_URL points at a server)
  .lock          held while building, so two builds never interleave
Only derived data lives here: a broken index is deleted and rebuilt; the user corpus is never touched.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from filelock import FileLock, Timeout  # noqa: E402

from . import cards, yamlio  # noqa: E402
from . import config, embeddings, licensedb  # noqa: E402
from .corpus import Corpus, Document, short_hash, split  # noqa: E402
from .errors import StorageError  # noqa: E402

FORMAT = 2
COLLECTION = "clauses"
RRF_K = 60
DENSE_CANDIDATES = 40
LEXICAL_CANDIDATES = 40
EMBED_BATCH = 32
LOCK_TIMEOUT_S = 900


@dataclass
class Hit:
    license_key: str
    clause_id: str
    heading: str
    text: str
    start: int
    end: int
    score: float
    source: str
    ranks: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "license_key": self.license_key,
            "id": self.clause_id,
            "heading": self.heading,
            "score": round(self.score, 6),
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "ranks": self.ranks,
        }


@dataclass
class BuildReport:
    documents: int
    clauses: int
    embedded: int
    removed: int
    dense: bool
    seconds: float
    warnings: list[str]


# -- lexical ----------------------------------------------------------------------------------------------------
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@functools.cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _stopwords()]
    return _stemmer().stemWords(words)


@functools.cache
def _expansions() -> list[tuple[frozenset[str], str]]:
    import yaml

    path = config.corpus_dir() / "vocabulary.yaml"
    try:
        items = yamlio.load(path.read_text(encoding="utf-8"))["expansions"]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return []
    return [(frozenset(_stemmer().stemWords([w.lower() for w in item["words"]])), item["adds"]) for item in items]


def expand_query(query: str) -> str:
    """Add the license vocabulary for the user's words ("sell my pictures" -> "commercial ... output")."""
    stems = set(_stemmer().stemWords(_WORD.findall(query.lower())))
    extra = [adds for words, adds in _expansions() if words & stems]
    return " ".join([query, *extra])


class LexicalIndex:
    def __init__(self, texts: list[str]):
        import bm25s

        self.retriever = bm25s.BM25()
        tokens = [tokenize(t) or ["∅"] for t in texts]
        self.retriever.index(tokens, show_progress=False)
        self.vocab = self.retriever.vocab_dict

    def scores(self, query: str):
        import numpy as np

        known = [t for t in tokenize(query) if t in self.vocab]
        if not known:
            return np.zeros(self.retriever.scores["num_docs"], dtype="float32")
        return self.retriever.get_scores(known)


# -- the index --------------------------------------------------------------------------------------------------
class ClauseIndex:
    def __init__(self, corpus: Corpus, root: Path | None = None):
        self._dense_off = False  # set when a read-only index cannot open its dense store
        self.corpus = corpus
        self.root = root or config.index_dir()
        self.manifest_path = self.root / "manifest.json"
        self._manifest: dict | None = None
        self._lexical: LexicalIndex | None = None
        self._client = None
        self._dense_checked = False  # the dense store was opened and found complete (or turned off)
        self.progress = True  # a progress bar on stderr when a build starts from a search
        self._lock = threading.RLock()  # lazy set-up (manifest, dense store, BM25) once, whichever thread comes first

    # storage ------------------------------------------------------------------------------------------------
    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the index folder {self.root}: {exc.strerror or exc}",
                               "set EXPLAINER_HOME to a writable folder") from exc

    def _chroma(self):
        with self._lock:
            return self._chroma_locked()

    def _chroma_locked(self):
        if self._client is None:
            import chromadb
            from chromadb.config import Settings

            settings = Settings(anonymized_telemetry=False, allow_reset=True)
            url = config.chroma_url()
            if url:
                parsed = urlparse(url if "://" in url else f"http://{url}")
                self._client = chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or 8000,
                    ssl=parsed.scheme == "https",
                    settings=settings,
                )
            else:
                self._client = chromadb.PersistentClient(path=str(self.root / "chroma"), settings=settings)
        return self._client

    def _collection(self):
        return self._chroma().get_or_create_collection(
            COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def _reset_local_storage(self) -> None:
        self._client = None
        try:  # Chroma caches one system per path in the process; drop it with the files
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
        except Exception:
            pass
        shutil.rmtree(self.root / "chroma", ignore_errors=True)
        self.manifest_path.unlink(missing_ok=True)

    def read_manifest(self) -> dict | None:
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or "clauses" not in manifest:
            return None
        return manifest

    def _write_manifest(self, manifest: dict) -> None:
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest), encoding="utf-8")
        tmp.replace(self.manifest_path)

    # building -----------------------------------------------------------------------------------------------
    def expected_state(self) -> tuple[list[Document], list[dict]]:
        documents = self.corpus.documents()
        records = []
        for doc in documents:
            for clause in split(doc.key, doc.body):
                record = clause.to_dict()
                record["source"] = doc.source
                record["hash"] = short_hash(clause.text)
                records.append(record)
        return documents, records

    def is_current(self, manifest: dict | None = None) -> bool:
        manifest = manifest if manifest is not None else self.read_manifest()
        if manifest is None:
            return False
        documents = self.corpus.documents()
        return manifest.get("documents") == {d.key: d.content_hash for d in documents} and manifest.get(
            "dense"
        ) == (embeddings.embedder() is not None) and manifest.get("licensedb") == licensedb.version()

    def build(self, rebuild: bool = False, progress: bool = True) -> BuildReport:
        with self._lock:
            return self._build(rebuild, progress)

    def _build(self, rebuild: bool, progress: bool) -> BuildReport:
        self._ensure_root()
        lock = FileLock(str(self.root / ".lock"), timeout=LOCK_TIMEOUT_S)
        try:
            with lock:
                return self._build_locked(rebuild, progress)
        except Timeout as exc:
            raise StorageError("another index build is still running", f"waited {LOCK_TIMEOUT_S} s") from exc
        except OSError as exc:
            raise StorageError(f"cannot write the index under {self.root}: {exc.strerror or exc}",
                               "set EXPLAINER_HOME to a writable folder") from exc

    def _build_locked(self, rebuild: bool, progress: bool) -> BuildReport:
        started = time.perf_counter()
        cards.check(self.corpus)  # a card anchor that no clause holds fails the build
        if rebuild:
            self._reset_local_storage()
        documents, records = self.expected_state()
        dense = embeddings.embedder() is not None
        self.manifest_path.unlink(missing_ok=True)  # from here until the end, the index counts as unfinished
        embedded = removed = 0
        if dense:
            embedded, removed = self._sync_chroma(records, progress)
        manifest = {
            "format": FORMAT,
            "licensedb": licensedb.version(),
            "dense": dense,
            "embedder": embeddings.MODEL_NAME if dense else None,
            "documents": {d.key: d.content_hash for d in documents},
            "clauses": records,
        }
        self._write_manifest(manifest)
        self._manifest = manifest
        self._lexical = None
        self._dense_checked = True
        return BuildReport(len(documents), len(records), embedded, removed, dense,
                           time.perf_counter() - started, list(self.corpus.warnings))

    def _sync_chroma(self, records: list[dict], progress: bool) -> tuple[int, int]:
        try:
            collection = self._collection()
            existing = collection.get(include=["metadatas"])
        except Exception as exc:  # a corrupt local store: start it again (derived data only)
            if config.chroma_url():
                raise StorageError(f"the Chroma server at {config.chroma_url()} failed: {exc}") from exc
            self._reset_local_storage()
            collection = self._collection()
            existing = {"ids": [], "metadatas": []}
        have = {i: (m or {}).get("hash") for i, m in zip(existing["ids"], existing["metadatas"])}
        wanted = {r["id"]: r for r in records}
        stale = [i for i in have if i not in wanted]
        todo = [r for r in records if have.get(r["id"]) != r["hash"]]
        if stale:
            collection.delete(ids=stale)
        self._embed_and_store(collection, todo, progress)
        return len(todo), len(stale)

    def _embed_and_store(self, collection, todo: list[dict], progress: bool) -> None:
        if not todo:
            return
        from rich.progress import Progress

        with Progress(disable=not progress, transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("embedding clauses", total=len(todo))
            for i in range(0, len(todo), EMBED_BATCH):
                batch = todo[i:i + EMBED_BATCH]
                collection.upsert(
                    ids=[r["id"] for r in batch],
                    documents=[r["text"] for r in batch],
                    embeddings=embeddings.embed([r["text"] for r in batch]),
                    metadatas=[_metadata(r) for r in batch],
                )
                bar.advance(task, len(batch))

    # reading ------------------------------------------------------------------------------------------------
    def ensure(self, progress: bool | None = None, dense: bool = False) -> dict:
        """The manifest of a usable index, building (or repairing) it first when needed. The dense store (Chroma,
        whose import alone takes about a second) is opened and checked only with `dense=True`, i.e. by the first
        search that uses it, so that answers decided from a license card never load it."""
        manifest = self._manifest
        if manifest is not None and (self._dense_checked or not dense):
            return manifest
        with self._lock:
            return self._ensure_locked(self.progress if progress is None else progress, dense)

    def _ensure_locked(self, progress: bool, dense: bool) -> dict:
        if self._manifest is None:
            manifest = self.read_manifest()
            if manifest is None or not self.is_current(manifest):
                self.build(progress=progress)  # syncs the dense store: no check needed after it
                manifest = self.read_manifest()
            if manifest is None:
                raise StorageError(f"the index under {self.root} could not be built")
            self._manifest = manifest
        if dense and not self._dense_checked:
            self._check_dense(progress)
        return self._manifest

    def _check_dense(self, progress: bool) -> None:
        manifest = self._manifest
        if manifest.get("dense") and not self._dense_healthy(manifest):
            if not os.access(self.root, os.W_OK):  # a read-only home: answer with BM25 rather than fail
                self._dense_off = True
                _stderr_console().print(f"[yellow]warning:[/] the index under {self.root} is read-only and its "
                                        "dense part cannot be opened; searching with BM25 only")
            else:
                self._manifest = None
                self.build(progress=progress)
                manifest = self.read_manifest()
                if manifest is None:
                    raise StorageError(f"the index under {self.root} could not be built")
                self._manifest = manifest
        self._dense_checked = True

    def _dense_healthy(self, manifest: dict) -> bool:
        try:
            return self._collection().count() == len(manifest["clauses"])
        except Exception:
            return False

    def clauses(self, license_keys: list[str] | None = None) -> list[dict]:
        records = self.ensure()["clauses"]
        if license_keys:
            wanted = set(license_keys)
            records = [r for r in records if r["license_key"] in wanted]
        return records

    def clause(self, clause_id: str) -> dict | None:
        return next((r for r in self.ensure()["clauses"] if r["id"] == clause_id), None)

    def lexical(self) -> LexicalIndex:
        lexical = self._lexical
        if lexical is None:
            with self._lock:
                if self._lexical is None:
                    self._lexical = LexicalIndex([r["text"] for r in self.ensure()["clauses"]])
                lexical = self._lexical
        return lexical

    def search(self, query: str, license_keys: list[str] | None = None, k: int = 5,
               mode: str = "hybrid") -> list[Hit]:
        manifest = self.ensure(dense=mode in ("hybrid", "dense"))
        records = manifest["clauses"]
        allowed = None
        if license_keys:
            wanted = set(license_keys)
            allowed = {i for i, r in enumerate(records) if r["license_key"] in wanted}
            if not allowed:
                return []
        rankings: dict[str, list[int]] = {}
        if mode in ("hybrid", "bm25"):
            rankings["bm25"] = self._lexical_ranking(query, allowed)
        if mode in ("hybrid", "dense") and manifest.get("dense") and not self._dense_off:
            rankings["dense"] = self._dense_ranking(query, license_keys, records)
        return self._fuse(records, rankings, k)

    def _lexical_ranking(self, query: str, allowed: set[int] | None) -> list[int]:
        import numpy as np

        scores = self.lexical().scores(expand_query(query))
        if allowed is not None:
            mask = np.zeros_like(scores, dtype=bool)
            mask[list(allowed)] = True
            scores = np.where(mask, scores, -1.0)
        order = np.argsort(-scores, kind="stable")[:LEXICAL_CANDIDATES]
        return [int(i) for i in order if scores[i] > 0]

    def _dense_ranking(self, query: str, license_keys: list[str] | None, records: list[dict]) -> list[int]:
        position = {r["id"]: i for i, r in enumerate(records)}
        where = None
        if license_keys:
            keys = list(dict.fromkeys(license_keys))
            where = {"license_key": keys[0]} if len(keys) == 1 else {"license_key": {"$in": keys}}
        try:
            result = self._collection().query(
                query_embeddings=embeddings.embed([query]),
                n_results=min(DENSE_CANDIDATES, len(records)),
                where=where,
                include=[],
            )
        except Exception as exc:
            raise StorageError(f"dense search failed: {exc}", "run `explainer index --rebuild`") from exc
        return [position[i] for i in result["ids"][0] if i in position]

    @staticmethod
    def _fuse(records: list[dict], rankings: dict[str, list[int]], k: int) -> list[Hit]:
        scores: dict[int, float] = {}
        ranks: dict[int, dict] = {}
        for name, ranking in rankings.items():
            for rank, index in enumerate(ranking, 1):
                scores[index] = scores.get(index, 0.0) + 1.0 / (RRF_K + rank)
                ranks.setdefault(index, {})[name] = rank
        best = sorted(scores, key=lambda i: (-scores[i], i))[:k]
        return [
            Hit(
                license_key=records[i]["license_key"],
                clause_id=records[i]["id"],
                heading=records[i]["heading"],
                text=records[i]["text"],
                start=records[i]["start"],
                end=records[i]["end"],
                score=scores[i],
                source=records[i]["source"],
                ranks=ranks[i],
            )
            for i in best
        ]


def _metadata(record: dict) -> dict:
    return {
        "license_key": record["license_key"],
        "clause_id": record["id"],
        "start": record["start"],
        "end": record["end"],
        "heading": record["heading"][:200],
        "source": record["source"],
        "hash": record["hash"],
    }


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)
