"""The clause index: hybrid retrieval quality, incremental builds, user files, corruption, concurrency."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from explainer.corpus import Corpus
from explainer.index import ClauseIndex
from tests.conftest import make_small_corpus

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "retrieval.yaml").read_text(encoding="utf-8"))["rows"]


def expected_clause_ids(index: ClauseIndex, row: dict) -> set[str]:
    ids = {c["id"] for c in index.clauses([row["license"]]) if row["anchor"] in " ".join(c["text"].split())}
    assert ids, f"anchor not found in {row['license']}: {row['anchor']!r}"
    return ids


def recall_at(index: ClauseIndex, k: int, mode: str) -> tuple[float, list[str]]:
    misses = []
    for row in TABLE:
        hits = index.search(row["question"], [row["license"]], k=k, mode=mode)
        if not {h.clause_id for h in hits} & expected_clause_ids(index, row):
            misses.append(row["question"])
    return 1 - len(misses) / len(TABLE), misses


def test_table_has_at_least_30_rows():
    assert len(TABLE) >= 30


def test_hybrid_recall_at_5_is_at_least_0_9(built_index):
    recall, misses = recall_at(built_index, 5, "hybrid")
    assert recall >= 0.9, f"hybrid recall@5 = {recall:.2f}; missed: {misses}"


def test_search_is_limited_to_the_requested_licenses(built_index):
    keys = ["flux-1-nc", "rundiffusion-juggernaut"]
    hits = built_index.search("can I sell the images", keys, k=10)
    assert hits and {h.license_key for h in hits} <= set(keys)


def test_search_results_quote_the_source_exactly(built_index):
    from explainer import licensedb

    for hit in built_index.search("monthly active users", ["llama-3.1-license-2024"], k=5):
        assert licensedb.load(hit.license_key).body[hit.start:hit.end] == hit.text


def test_second_build_embeds_nothing(built_index):
    report = built_index.build(progress=False)
    assert report.embedded == 0 and report.removed == 0


def small_index(tmp_path: Path, keys=("mit", "apache-2.0"), dense=False, monkeypatch=None) -> ClauseIndex:
    if monkeypatch is not None:
        monkeypatch.setenv("EXPLAINER_DENSE", "1" if dense else "0")
    corpus = Corpus(root=make_small_corpus(tmp_path / "corpus", list(keys)), user_dir=tmp_path / "home" / "corpus")
    return ClauseIndex(corpus, root=tmp_path / "home" / "index")


@pytest.fixture
def no_dense_cache():
    from explainer import embeddings

    embeddings.embedder.cache_clear()
    yield
    embeddings.embedder.cache_clear()


def test_user_files_are_indexed_and_unreadable_ones_skipped(tmp_path, monkeypatch, no_dense_cache):
    index = small_index(tmp_path, monkeypatch=monkeypatch)
    user_dir = tmp_path / "home" / "corpus"
    user_dir.mkdir(parents=True)
    (user_dir / "my-studio-license.md").write_text(
        "Studio terms.\n\nYou may not resell the generated sprites as a standalone asset pack.\n", encoding="utf-8"
    )
    (user_dir / "broken.txt").write_bytes(b"\xff\xfe\x00bad\x80")
    report = index.build(progress=False)
    assert any("broken.txt" in w for w in report.warnings)
    hits = index.search("resell sprites asset pack", k=3)
    assert hits[0].license_key == "user-my-studio-license"


def test_corrupt_manifest_is_detected_and_rebuilt(tmp_path, monkeypatch, no_dense_cache):
    index = small_index(tmp_path, monkeypatch=monkeypatch)
    index.build(progress=False)
    index.manifest_path.write_text("{ half written", encoding="utf-8")
    fresh = ClauseIndex(index.corpus, root=index.root)
    assert fresh.read_manifest() is None
    assert fresh.search("copyright notice", ["mit"], k=1)[0].license_key == "mit"
    assert fresh.read_manifest() is not None


def test_corrupt_chroma_store_is_rebuilt_without_touching_the_user_corpus(tmp_path, monkeypatch, no_dense_cache):
    index = small_index(tmp_path, keys=("mit",), dense=True, monkeypatch=monkeypatch)
    user_file = tmp_path / "home" / "corpus" / "mine.txt"
    user_file.parent.mkdir(parents=True)
    user_file.write_text("My own terms. Do not sell.", encoding="utf-8")
    index.build(progress=False)
    sqlite = tmp_path / "home" / "index" / "chroma" / "chroma.sqlite3"
    assert sqlite.is_file()
    sqlite.write_bytes(b"this is not a database" * 100)
    fresh = ClauseIndex(index.corpus, root=index.root)
    report = fresh.build(progress=False)
    assert report.dense and report.embedded == report.clauses
    assert fresh.search("copyright notice", ["mit"], k=1, mode="dense")[0].license_key == "mit"
    assert user_file.read_text(encoding="utf-8") == "My own terms. Do not sell."


def test_two_builds_at_once_both_succeed(tmp_path):
    corpus_dir = make_small_corpus(tmp_path / "corpus", ["mit", "apache-2.0", "bsd-new"])
    env = {**os.environ, "EXPLAINER_HOME": str(tmp_path / "home"), "EXPLAINER_CORPUS_DIR": str(corpus_dir),
           "EXPLAINER_DENSE": "0"}
    procs = [subprocess.Popen([sys.executable, "-m", "explainer", "index"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    manifest = json.loads((tmp_path / "home" / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert {c["license_key"] for c in manifest["clauses"]} == {"mit", "apache-2.0", "bsd-new"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_chroma_server_mode_uses_the_same_code_path(tmp_path, monkeypatch, chroma_server, no_dense_cache):
    monkeypatch.setenv("EXPLAINER_CHROMA_URL", chroma_server)
    index = small_index(tmp_path, keys=("mit", "bsd-new"), dense=True, monkeypatch=monkeypatch)
    report = index.build(progress=False)
    assert report.dense and report.embedded == report.clauses > 0
    assert not (tmp_path / "home" / "index" / "chroma").exists(), "server mode must not write a local store"
    hits = index.search("keep the copyright notice in copies", ["mit"], k=3, mode="dense")
    assert hits and hits[0].license_key == "mit"
    assert ClauseIndex(index.corpus, root=index.root).build(progress=False).embedded == 0
