"""Answer benchmark: warm `ask` latency p50/p95 and time to the first shown explanation sentence with the local
default model (sentences are shown once they pass the guard),
the `explainer ask` process end to end (cold start), and the same through the openai backend against
`python -m llama_cpp.server` on 127.0.0.1. Also checks that every quote is verbatim and every answer has the
reminder. Prints figures only. `--cold`: only the `explainer ask --json` process (5 runs, local model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from explainer import REMINDER, answer  # noqa: E402
from explainer.backends.local import LocalBackend, default_model_path  # noqa: E402
from explainer.backends.openai_backend import OpenAIBackend  # noqa: E402
from explainer.corpus import Corpus  # noqa: E402
from explainer.index import ClauseIndex  # noqa: E402
from explainer.resolve import resolve  # noqa: E402
from tests.conftest import free_port, wait_for_http  # noqa: E402

QUESTIONS = [
    "Can I sell images I made with Juggernaut XL?",
    "Can I put FLUX.1 [dev] behind my paid API?",
    "Do I have to write 'Built with Llama' for an app on Llama 3.1?",
    "Is there a user cap for Llama 2?",
    "Does my LoRA trained on SDXL inherit the restrictions?",
    "Can I use Gemma outputs to train another model?",
    "Can I sell prints made with SD 1.5?",
    "Can I upload a quantized Qwen2.5 72B to Hugging Face?",
    "Who owns the images I make with Stable Diffusion 3.5?",
    "Can I use FLUX schnell in my company's product?",
]


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(backend, corpus, index, label: str) -> None:
    latencies, first_tokens, verbatim, reminders, fallbacks = [], [], 0, 0, 0
    quotes_total = 0
    for i, question in enumerate([QUESTIONS[0], *QUESTIONS]):  # the first one warms up (model load, caches)
        started = time.perf_counter()
        response = answer.ask(question, resolve(corpus, question), corpus, index, backend)
        first = None
        for _ in response:
            if first is None:
                first = time.perf_counter() - started
        result = response.answer()
        elapsed = time.perf_counter() - started
        if i == 0:
            continue
        latencies.append(elapsed)
        first_tokens.append(first if first is not None else elapsed)
        reminders += result.reminder == REMINDER
        fallbacks += result.explanation_source == "fallback"
        print(f"  [{result.verdict}] {question} -> ({result.explanation_source}) {result.explanation}")
        for quote in result.quotes:
            quotes_total += 1
            verbatim += corpus.document(quote.license_key).body[quote.start:quote.end] == quote.text
    n = len(latencies)
    print(f"{label}: warm ask p50 {pct(latencies, .5):.2f} s, p95 {pct(latencies, .95):.2f} s   target p50 <= 5 s")
    print(f"{label}: first shown text p50 {pct(first_tokens, .5):.2f} s, p95 {pct(first_tokens, .95):.2f} s"
          f"   target <= 1.5 s")
    print(f"{label}: quotes verbatim {verbatim}/{quotes_total}, reminder {reminders}/{n}, "
          f"explanation fallback {fallbacks}/{n}")


def cold_process(args: list[str], label: str, repeats: int = 3) -> None:
    times, stages = [], []
    load = os.getloadavg()[0]
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "explainer", "ask", QUESTIONS[1], "--json", *args],
                              capture_output=True, text=True, cwd=REPO)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            print(f"{label}: process failed: {done.stderr.strip()}")
            return
        stages.append(json.loads(done.stdout)["timings_ms"])
    inside = pct([t["total"] for t in stages], .5) / 1000
    print(f"{label}: `explainer ask --json` process p50 {pct(times, .5):.2f} s, min {min(times):.2f} s over {repeats} "
          f"(cold start, model load included; pipeline p50 {inside:.2f} s, the rest is start-up)   target <= 3 s; "
          f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    if "--cold" in sys.argv[1:]:  # only the `explainer ask --json` process, local model
        cold_process([], "local", repeats=5)
        return
    corpus = Corpus()
    index = ClauseIndex(corpus)
    index.ensure(progress=False)
    print(f"CPU cores: {os.cpu_count()}; model: {default_model_path().name}")
    run(LocalBackend(), corpus, index, "local")
    cold_process([], "local")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(default_model_path()),
                               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        wait_for_http(f"{url}/models", process=server)
        run(OpenAIBackend(base_url=url), corpus, index, "openai -> llama_cpp.server")
        cold_process(["--backend", "openai", "--base-url", url], "openai -> llama_cpp.server")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
