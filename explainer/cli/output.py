"""Shared output helpers: a stdout console for results, a stderr console for progress and warnings."""

from __future__ import annotations

import json
import sys

from rich.console import Console

out = Console(soft_wrap=False)
err = Console(stderr=True)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)
