"""MCP server latency: `explainer mcp` started as a subprocess (stdio, the bundled local model, the user's index)
and driven by the SDK's own client. Two servers: the first gets its first call right after the handshake, while it
still warms up; the second is left to finish its warm-up ("ready in ..." on its stderr) before the first call, as
when a person starts the assistant and then types. Then later calls (ask_license over several questions,
identify_license, list_licenses), the part of each answer spent in the pipeline and in the LLM, and the load
average, since the machine may be shared. Targets on 2 cores: first call <= 3 s, later calls <= 2 s. Prints
figures only."""

from __future__ import annotations

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


def server_lines(errlog) -> list[str]:
    errlog.flush()
    errlog.seek(0)
    return [line.rstrip() for line in errlog if "explainer mcp:" in line]


async def session(wait_ready: bool) -> None:
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    from explainer import REMINDER, licensedb

    params = StdioServerParameters(command=sys.executable, args=["-m", "explainer", "mcp", "--allow", str(REPO)],
                                   cwd=str(REPO),
                                   env={k: v for k, v in os.environ.items() if k.startswith(("EXPLAINER_", "HOME"))})
    mit = licensedb.load("mit").body + "\n\nYou may not use the Software for military purposes.\n"
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write), \
                ClientSession(read, write, read_timeout_seconds=900) as client:
            await client.initialize()
            await client.list_tools()
            print(f"session ready (spawn, initialize, list_tools): {time.perf_counter() - started:.2f} s")

            async def call(name, arguments):
                begun = time.perf_counter()
                result = await client.call_tool(name, arguments)
                seconds = time.perf_counter() - begun
                if result.is_error:
                    raise SystemExit(f"{name} failed: {result.content[0].text}")
                if result.structured_content.get("reminder") != REMINDER:
                    raise SystemExit(f"{name}: no reminder")
                return seconds, result.structured_content

            if wait_ready:
                while not any("ready in" in line or "failed" in line for line in server_lines(errlog)):
                    await anyio.sleep(0.2)
                print(f"warm-up done {time.perf_counter() - started:.2f} s after the spawn")
            first, data = await call("ask_license", {"question": QUESTIONS[0]})
            when = "once the warm-up is done" if wait_ready else "right after the handshake, warm-up running"
            timings = data["timings_ms"]
            print(f"first call, ask_license {when}: {first:.2f} s [target <= 3 s] (answer pipeline "
                  f"{timings['total'] / 1000:.2f} s, LLM explanation {timings['generate'] / 1000:.2f} s; "
                  f"verdict={data['verdict']}, quotes={len(data['quotes'])})")
            if not wait_ready:
                return
            asks, inside = [], []
            for question in QUESTIONS[1:] + QUESTIONS[:1]:
                seconds, data = await call("ask_license", {"question": question})
                asks.append(seconds)
                inside.append(data["timings_ms"])
            pipeline = [t["total"] / 1000 for t in inside]
            generate = [t["generate"] / 1000 for t in inside]
            print(f"later ask_license calls ({len(asks)}): p50 {pct(asks, 0.5):.2f} s, max {max(asks):.2f} s "
                  f"[target <= 2 s] (answer pipeline p50 {pct(pipeline, 0.5):.2f} s, LLM explanation p50 "
                  f"{pct(generate, 0.5):.2f} s; protocol and server p50 "
                  f"{pct([a - p for a, p in zip(asks, pipeline)], 0.5) * 1000:.0f} ms)")
            identify_s, data = await call("identify_license", {"text": mit})
            list_s, _ = await call("list_licenses", {})
            print(f"identify_license (MIT + a sentence; key={data['key']}, additions={len(data['additions'])}): "
                  f"{identify_s:.2f} s; list_licenses: {list_s:.2f} s")
        for line in server_lines(errlog):
            print(f"  server: {line}")


async def main() -> None:
    load_before = os.getloadavg()
    await session(wait_ready=False)
    await session(wait_ready=True)
    load_after = os.getloadavg()
    print(f"load average (1 min) before/after: {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    anyio.run(main)
