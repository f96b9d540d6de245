"""Domain errors. Library code raises these; the CLI turns each into one line and an exit code."""

from __future__ import annotations

USAGE = 2  # bad usage or input (unknown license, empty file, ...)
BACKEND = 3  # LLM backend or model problem
STORAGE = 4  # index or storage problem
INTERRUPTED = 130


class ExplainerError(Exception):
    exit_code = USAGE

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        return " ".join(text.split())


class InputError(ExplainerError):
    exit_code = USAGE


class NotFoundError(InputError):
    """An unknown license key, alias or model name."""

    def __init__(self, kind: str, name: str, suggestions: list[str]):
        hint = f"did you mean: {', '.join(suggestions)}" if suggestions else "see `explainer licenses`"
        super().__init__(f"unknown {kind} {name!r}", hint)
        self.suggestions = suggestions


class BackendError(ExplainerError):
    exit_code = BACKEND


class StorageError(ExplainerError):
    exit_code = STORAGE
