"""Eval runner concurrency: the whole core suite (157 cases) against a hosted-style endpoint, serial and with
--concurrency 8. The endpoint is a local stand-in for a hosted API: an OpenAI-compatible server on 127.0.0.1
that answers every request validly after a fixed delay (the network + generation time of a hosted model), so the
figure measures the runner, not a model. Prints figures only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fakes import FakeBackend  # noqa: E402

LATENCY_S = 1.0
CASES = None  # all of core.jsonl, the 150-case run the target is about


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        schema = (body.get("response_format") or {}).get("schema") or \
            ((body.get("response_format") or {}).get("json_schema") or {}).get("schema")
        content = json.dumps(FakeBackend.default(body["messages"], schema))
        time.sleep(LATENCY_S)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for i in range(0, len(content), 16):
            chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "stand-in",
                     "choices": [{"index": 0, "delta": {"content": content[i:i + 16]}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")


def run(url: str, concurrency: int, suite: Path, out: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "explainer", "eval", str(suite), "--backend", "openai",
                           "--base-url", url, "--llm-model", "stand-in", "--concurrency", str(concurrency),
                           "--out", str(out), "--json"], capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    summary = json.loads(done.stdout)
    print(f"--concurrency {concurrency}: {elapsed:.1f} s for {summary['cases']} cases "
          f"(verdict accuracy {summary['verdict_accuracy']:.3f})")
    return elapsed


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    with tempfile.TemporaryDirectory() as tmp:
        suite = Path(tmp) / "subset.jsonl"
        lines = (REPO / "evals" / "core.jsonl").read_text(encoding="utf-8").splitlines()[:CASES]
        suite.write_text("\n".join(lines) + "\n", encoding="utf-8")  # a copy: its runs go to a temp folder
        print(f"stand-in hosted endpoint: {LATENCY_S:.1f} s per request; {os.cpu_count()} CPU cores")
        serial = run(url, 1, suite, Path(tmp) / "serial")
        parallel = run(url, 8, suite, Path(tmp) / "parallel")
        print(f"concurrency 8 takes {parallel / serial:.2f} of the serial time ({serial / parallel:.1f}x faster)"
              f"   target < 0.25")
    server.shutdown()


if __name__ == "__main__":
    main()
