"""Start-up work that an answer does not need is skipped: the MiniLM embedder runs without chromadb (same vectors as
Chroma's ONNX function), and retrieval runs only when its clauses are read (no card verdict, no deciding quote, or
`context`/`ranked` read by evals), without changing the answer."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from explainer import answer, embeddings
from explainer.resolve import resolve
from tests.conftest import REPO
from tests.fakes import FakeBackend

TEXTS = [
    "Can I sell images I made with Juggernaut XL?",
    "You shall prominently display 'Built with Llama' on a related website.",
    "",
    "word " * 400,  # past the 256-token truncation
    "Is there a user cap for Llama 2?",
]
dense = pytest.mark.skipif(not embeddings.available(), reason="the MiniLM ONNX export is missing")


@dense
def test_embedder_gives_chromas_vectors():
    from chromadb.utils.embedding_functions import ONNXMiniLM_L6_V2

    from explainer import config

    class Chroma(ONNXMiniLM_L6_V2):
        DOWNLOAD_PATH = config.embedding_model_dir()

    ours = np.asarray(embeddings.MiniLM(config.embedding_model_dir())(TEXTS))
    theirs = np.asarray(Chroma(preferred_providers=["CPUExecutionProvider"])(TEXTS))
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert ours.dtype == np.float32
    cosine = (ours * theirs).sum(1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    assert cosine.min() >= 0.9999, cosine
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # batches split at BATCH give the vectors of the texts one by one
    many = [f"clause number {i} about {'outputs' if i % 2 else 'attribution'}" for i in range(embeddings.BATCH + 3)]
    together = np.asarray(embeddings.embedder()(many))
    alone = np.asarray([embeddings.embedder()([t])[0] for t in many[-4:]])
    assert np.allclose(together[-4:], alone, atol=1e-5)
    assert embeddings.embedder()([]) == []


def _probe(code: str, env: dict | None = None) -> dict:
    import os

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@dense
def test_embedding_loads_no_chromadb():
    seen = _probe("import json, sys\nfrom explainer import embeddings\nv = embeddings.embed(['sell images'])\n"
                  "print(json.dumps({'dims': len(v[0]), 'chromadb': 'chromadb' in sys.modules}))")
    assert seen == {"dims": 384, "chromadb": False}


class Counting:
    """The shared index, counting searches."""

    def __init__(self, index):
        self.index, self.searches = index, 0

    def search(self, *args, **kwargs):
        self.searches += 1
        return self.index.search(*args, **kwargs)


def _prepare(index, question, blind=False):
    corpus = index.index.corpus
    return answer.prepare(question, resolve(corpus, question), corpus, index, blind=blind)


CARD_QUESTIONS = ["Can I sell images I made with Juggernaut XL?", "Can I put FLUX.1 [dev] behind my paid API?",
                  "Do I have to write 'Built with Llama' if I ship an app on Llama 3.1?"]


@pytest.mark.parametrize("question", CARD_QUESTIONS)
def test_a_card_verdict_with_quotes_retrieves_nothing_and_answers_the_same(built_index, question):
    lazy = Counting(built_index)
    prepared = _prepare(lazy, question)
    assert prepared.decision.decided and prepared.decision.quotes and not prepared.needs_context
    lazy_answer = answer.Response(prepared, built_index.corpus, FakeBackend()).answer().to_dict()
    assert lazy.searches == 0 and lazy_answer["timings_ms"]["retrieve"] == 0.0
    assert list(lazy_answer["timings_ms"]) == ["resolve", "understand", "decide", "retrieve", "generate", "total"]

    eager = Counting(built_index)
    prepared = _prepare(eager, question)
    context = prepared.context  # what prepare() used to retrieve every time
    assert eager.searches == 1 and prepared.timings["retrieve"] > 0
    assert context[:len(prepared.decision.quotes)] == list(prepared.decision.quotes)
    eager_answer = answer.Response(prepared, built_index.corpus, FakeBackend()).answer().to_dict()
    for data in (lazy_answer, eager_answer):
        data.pop("timings_ms")
    assert lazy_answer == eager_answer


def test_ranked_retrieves_once_on_first_read(built_index):
    lazy = Counting(built_index)
    prepared = _prepare(lazy, CARD_QUESTIONS[0])
    ranked = prepared.ranked
    assert lazy.searches == 1 and len(ranked) > len(prepared.decision.quotes)
    assert ranked[0] == prepared.decision.quotes[0]
    assert prepared.ranked is ranked and lazy.searches == 1


def test_blind_retrieves_before_the_backend_decides(built_index):
    lazy = Counting(built_index)
    prepared = _prepare(lazy, "Can I put FLUX.1 [dev] behind my paid API?", blind=True)
    assert prepared.needs_context and lazy.searches == 1  # inside prepare, timed as "retrieve"
    assert prepared.timings["retrieve"] > 0
    result = answer.Response(prepared, built_index.corpus, FakeBackend()).answer()
    assert lazy.searches == 1 and result.quotes


def test_a_card_answer_never_imports_chromadb(linked_home):
    code = (
        "import json, sys\n"
        "from explainer import answer, corpus as c\n"
        "from explainer.index import ClauseIndex\n"
        "from explainer.resolve import resolve\n"
        "from tests.fakes import FakeBackend\n"
        "corpus = c.load(); index = ClauseIndex(corpus); index.ensure(progress=False)\n"
        "q = 'Can I put FLUX.1 [dev] behind my paid API?'\n"
        "a = answer.ask(q, resolve(corpus, q), corpus, index, FakeBackend()).answer()\n"
        "before = 'chromadb' in sys.modules\n"
        "index.search('sell images', ['flux-1-nc'], k=2)\n"
        "print(json.dumps({'verdict': a.verdict, 'chromadb': before, 'after_search': 'chromadb' in sys.modules}))"
    )
    seen = _probe(code)
    assert seen["verdict"] == "no" and seen["chromadb"] is False
    assert seen["after_search"] is (embeddings.embedder() is not None)


def test_concurrent_first_searches_open_the_index_once(built_index):
    from concurrent.futures import ThreadPoolExecutor

    from explainer.index import ClauseIndex

    fresh = ClauseIndex(built_index.corpus, root=built_index.root)
    opened = []
    chroma = fresh._chroma_locked

    def counting_chroma():
        if fresh._client is None:
            opened.append(1)
        return chroma()

    fresh._chroma_locked = counting_chroma
    questions = [("Can I sell images?", ["flux-1-nc"]), ("Built with Llama", ["llama-3.1-license-2024"]),
                 ("user cap", ["llama2"]), ("outputs to train another model", ["gemma-tou-2025-03-24"])] * 2
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda q: [h.clause_id for h in fresh.search(*q, k=3)], questions))
    alone = [[h.clause_id for h in built_index.search(*q, k=3)] for q in questions]
    assert together == alone and all(together[:2])
    assert len(opened) <= 1


def test_the_mcp_server_loads_the_clause_search_only_in_a_quiet_moment(tmp_path, monkeypatch):
    import threading
    import time

    from explainer import mcp_server, settings

    monkeypatch.setattr(mcp_server, "QUIET_BEFORE_SEARCH_S", 0.3)
    service = mcp_server.Service(allow=[tmp_path], llm=settings.resolve(backend="openai",
                                                                      base_url="http://127.0.0.1:9/v1"))

    class Warmed:
        loaded_at = None

        @property
        def context(self):
            self.loaded_at = time.monotonic()
            return []

    service._warm_prepared = Warmed()
    service._last_call = time.monotonic()
    done = threading.Thread(target=service.warm_retrieval)
    with service._answering():  # a call is running: nothing loads, however long it takes
        done.start()
        time.sleep(0.6)
        assert service._warm_prepared.loaded_at is None
        ended = time.monotonic()
    done.join(5)
    assert not done.is_alive()
    assert service._warm_prepared.loaded_at - ended >= 0.25  # then it waits for a quiet moment

    service._warm_prepared = Warmed()
    waiting = threading.Thread(target=service.warm_retrieval)
    with service._answering():
        waiting.start()
        service.close(timeout=5)  # the server exits: the warm-up gives up instead of loading
    waiting.join(5)
    assert not waiting.is_alive() and service._warm_prepared.loaded_at is None
