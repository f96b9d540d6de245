"""Shared output helpers: a stdout console for results, a stderr console for progress and warnings."""

from __future__ import annotations

import json
import sys
import threading

from rich.console import Console

out = Console(soft_wrap=False)
err = Console(stderr=True)

# Loaders running in the background. llama.cpp (verbose=False) points fds 1 and 2 at /dev/null while it loads a
# model, for the whole process: whatever any thread prints meanwhile is lost. Output waits for them (`settle`).
_LOADERS: list[threading.Thread] = []


def in_background(load) -> None:
    """Run a loader in a thread; a failure is left for the foreground call to report (it loads again and raises).
    Not a daemon: a process that exits early (an error) waits for it, since killing a thread inside onnxruntime's
    or llama.cpp's C++ at exit aborts the process."""
    if load is None:
        return

    def run() -> None:
        try:
            load()
        except Exception:  # noqa: BLE001 - reported by the foreground call
            pass

    thread = threading.Thread(target=run, name="explainer-preload")
    _LOADERS.append(thread)
    thread.start()


def settle() -> None:
    """Wait for the background loaders, so that what is printed next reaches the terminal."""
    while _LOADERS:
        _LOADERS.pop().join()


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)
