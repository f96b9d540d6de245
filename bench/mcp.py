"""MCP server latency: `explainer mcp` started as a subprocess (stdio, the bundled local model, the user's index)
and driven by the SDK's own client. Prints the time to a ready session, the first tool call right after the
handshake (the server warms up in the background meanwhile; --no-warm to measure without), then later calls
(ask_license over several questions, identify_license, list_licenses), and the load average, since the machine
may be shared. Targets on 2 cores: first call <= 3 s, later calls <= 2 s. Prints figures only."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# this file is called mcp.py: keep its folder off the path so that `import mcp` finds the SDK
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO))

import anyio

QUESTIONS = [
    "Can I sell images I made with Juggernaut XL?",
    "Can I put FLUX.1 [dev] behind my paid API?",
    "Is there a user cap for Llama 2?",
    "Can I use Gemma outputs to train another model?",
    "Can I sell prints made with SD 1.5?",
]


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(warm: bool) -> None:
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    from explainer import REMINDER, licensedb

    args = ["-m", "explainer", "mcp", "--allow", str(REPO)] + ([] if warm else ["--no-warm"])
    params = StdioServerParameters(command=sys.executable, args=args, cwd=str(REPO),
                                   env={k: v for k, v in os.environ.items() if k.startswith(("EXPLAINER_", "HOME"))})
    mit = licensedb.load("mit").body + "\n\nYou may not use the Software for military purposes.\n"
    load_before = os.getloadavg()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write), \
                ClientSession(read, write, read_timeout_seconds=900) as session:
            await session.initialize()
            await session.list_tools()
            ready = time.perf_counter() - started

            async def call(name, arguments):
                begun = time.perf_counter()
                result = await session.call_tool(name, arguments)
                seconds = time.perf_counter() - begun
                if result.is_error:
                    raise SystemExit(f"{name} failed: {result.content[0].text}")
                if result.structured_content.get("reminder") != REMINDER:
                    raise SystemExit(f"{name}: no reminder")
                return seconds, result.structured_content

            first, data = await call("ask_license", {"question": QUESTIONS[0]})
            print(f"session ready (spawn + initialize + list_tools): {ready:.2f} s")
            print(f"first call, ask_license right after the handshake ({'warm-up running' if warm else 'no warm-up'}): "
                  f"{first:.2f} s  [target <= 3 s] verdict={data['verdict']} quotes={len(data['quotes'])}")
            asks, inside = [], []
            first_inside = data["timings_ms"]
            for question in QUESTIONS[1:] + QUESTIONS[:1]:
                seconds, data = await call("ask_license", {"question": question})
                asks.append(seconds)
                inside.append(data["timings_ms"])
            identify_s, data = await call("identify_license", {"text": mit})
            list_s, _ = await call("list_licenses", {})
            print(f"  of which in the answer pipeline: total {first_inside['total'] / 1000:.2f} s, "
                  f"LLM explanation {first_inside['generate'] / 1000:.2f} s")
            print(f"later ask_license calls ({len(asks)}): p50 {pct(asks, 0.5):.2f} s, max {max(asks):.2f} s  "
                  f"[target <= 2 s]")
            pipeline = [t["total"] / 1000 for t in inside]
            generate = [t["generate"] / 1000 for t in inside]
            print(f"  of which in the answer pipeline: p50 {pct(pipeline, 0.5):.2f} s, LLM explanation p50 "
                  f"{pct(generate, 0.5):.2f} s (the rest is the protocol and the server)")
            print(f"identify_license (MIT + a sentence; key={data['key']}, additions={len(data['additions'])}): "
                  f"{identify_s:.2f} s")
            print(f"list_licenses: {list_s:.2f} s")
        errlog.seek(0)
        for line in errlog:
            if "explainer mcp:" in line:  # the server's own log lines (a failed warm-up, a tool crash)
                print(f"server: {line.rstrip()}")
    load_after = os.getloadavg()
    print(f"load average (1 min) before/after: {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-warm", action="store_true", help="start the server with --no-warm")
    anyio.run(main, not parser.parse_args().no_warm)
