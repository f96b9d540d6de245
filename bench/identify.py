"""Identification benchmark: latency p50/p95 over clean and perturbed texts, matcher load (cold and cached),
speed against a naive Dice scan of every text, and the `identify` process end to end. Prints figures only."""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from explainer import identify, licensedb  # noqa: E402
from explainer.corpus import Corpus  # noqa: E402
from explainer.normalize import tokenize  # noqa: E402
from tests.test_identify import ADDENDUM, rewrap, with_random_words  # noqa: E402


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bigram_set(text: str) -> set[tuple[str, str]]:
    words = tokenize(text).words
    return set(zip(words, words[1:]))


def main() -> None:
    corpus = Corpus()
    cache = identify._cache_path()
    saved = cache.with_suffix(".bench-backup")
    if cache.exists():
        shutil.copy(cache, saved)
        cache.unlink()
    identify.licensedb_texts.cache_clear()
    started = time.perf_counter()
    identify.licensedb_texts()
    cold = time.perf_counter() - started
    identify.licensedb_texts.cache_clear()
    started = time.perf_counter()
    identify.licensedb_texts()
    cached = time.perf_counter() - started
    if saved.exists():
        saved.unlink()
    print(f"matcher load: cold {cold:.2f} s (normalizes {len(identify.licensedb_texts().keys)} texts), "
          f"from cache {cached:.2f} s   target <= 1 s")

    matcher = identify.matcher(corpus)
    samples = {"clean": [], "perturbed": []}
    rng = random.Random(3)
    for key in sorted(corpus.licenses):
        body = licensedb.load(key).body
        samples["clean"].append(body)
        samples["perturbed"].append(rng.choice([rewrap(body), with_random_words(body), body + "\n\n" + ADDENDUM]))
    for kind, texts in samples.items():
        times = []
        for text in texts:
            t = time.perf_counter()
            identify.identify_text(text, corpus)
            times.append((time.perf_counter() - t) * 1000)
        print(f"identify {kind:9}: p50 {pct(times, .5):6.1f} ms  p95 {pct(times, .95):6.1f} ms  "
              f"({len(texts)} texts)   target p50 <= 20 ms")

    all_sets = [(t.key, bigram_set(t.body)) for t in licensedb.load_all() if t.body]
    naive, fast = [], []
    for text in samples["perturbed"][:10]:
        t = time.perf_counter()
        query = bigram_set(text)
        max(all_sets, key=lambda item: 2 * len(query & item[1]) / (len(query) + len(item[1]) or 1))
        naive.append(time.perf_counter() - t)
        t = time.perf_counter()
        matcher._rank(tokenize(text))
        fast.append(time.perf_counter() - t)
    print(f"ranking all {len(all_sets)} texts: naive Dice scan {statistics.median(naive) * 1000:.0f} ms, "
          f"inverted index {statistics.median(fast) * 1000:.1f} ms -> "
          f"{statistics.median(naive) / statistics.median(fast):.0f}x faster   target >= 10x")

    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as handle:
        handle.write(licensedb.load("flux-1-nc").body + "\n\n" + ADDENDUM)
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([str(REPO / ".venv" / "bin" / "explainer"), "identify", handle.name, "--json"],
                       check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    print(f"`explainer identify` process: median {statistics.median(runs):.2f} s   target <= 1.5 s")


if __name__ == "__main__":
    main()
