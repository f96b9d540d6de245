"""Retrieval benchmark: cold/warm index build, clause count, latency p50/p95, recall@1/3/5 per method, and a
warm `explainer search` process end to end. Prints figures; asserts nothing (targets are in the README)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from explainer.corpus import Corpus  # noqa: E402
from explainer.index import ClauseIndex  # noqa: E402
from tests.test_index import TABLE, recall_at  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["EXPLAINER_HOME"] = str(home)
        index = ClauseIndex(Corpus(user_dir=home / "corpus"), root=home / "index")
        cold = index.build(progress=False)
        warm = index.build(progress=False)
        print(f"cold index build: {cold.seconds:6.1f} s  ({cold.documents} documents, {cold.clauses} clauses, "
              f"dense={cold.dense})   target <= 60 s")
        print(f"warm index build: {warm.seconds:6.2f} s  ({warm.embedded} re-embedded)")

        for row in TABLE[:3]:  # warm-up: loads BM25 and the ONNX session
            index.search(row["question"], [row["license"]])
        latencies = []
        for _ in range(3):
            for row in TABLE:
                started = time.perf_counter()
                index.search(row["question"], [row["license"]], k=5)
                latencies.append((time.perf_counter() - started) * 1000)
        print(f"retrieval latency (hybrid, in process): p50 {percentile(latencies, 0.5):.1f} ms, "
              f"p95 {percentile(latencies, 0.95):.1f} ms over {len(latencies)} queries   target p50 <= 30 ms")

        print(f"\nrecall over {len(TABLE)} labelled questions   target hybrid@5 >= 0.9")
        print(f"{'method':8} {'@1':>6} {'@3':>6} {'@5':>6}")
        for mode in ("bm25", "dense", "hybrid"):
            figures = [recall_at(index, k, mode)[0] for k in (1, 3, 5)]
            print(f"{mode:8} " + " ".join(f"{f:6.2f}" for f in figures))

        runs = []
        env = {**os.environ, "EXPLAINER_HOME": str(home)}
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([str(REPO / ".venv" / "bin" / "explainer"), "search", "can I sell images", "-l",
                            "juggernaut-xl", "--json"], env=env, check=True, capture_output=True)
            runs.append(time.perf_counter() - started)
        print(f"\nwarm `explainer search` process: median {statistics.median(runs):.2f} s "
              f"(min {min(runs):.2f} s) over 5 runs   target <= 2 s")


if __name__ == "__main__":
    main()
