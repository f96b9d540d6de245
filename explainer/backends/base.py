"""The one interface every LLM backend implements: `execute()` yields text as it streams."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator


class Backend(ABC):
    name: str = ""
    # How much license text goes into a prompt: (clauses, characters per clause). Small local models pay for
    # every prompt token before the first answer token, so they get a tight budget.
    context_budget: tuple[int, int] = (6, 700)
    # Whether execute() can continue an answer we started (`prefix`): the model then writes only what follows it.
    # A chat API cannot; a local model can, by rendering its own chat template and completing after the prefix.
    continues_prefix: bool = False
    # Whether its structured verdict is weighed with the auto-card's when no card decides (settings.combine).
    combines: bool = False

    def __init__(self) -> None:
        self.usage: dict[str, int] = {}  # token counts of the last call, when the backend reports them

    @property
    @abstractmethod
    def model(self) -> str:
        """The model's name as shown in answers."""

    @abstractmethod
    def execute(self, messages: list[dict], schema: dict | None = None, prefix: str | None = None) -> Iterator[str]:
        """Run one chat completion and yield its text as it arrives. With `schema`, ask for JSON that follows it
        (as far as the server supports it; the caller validates). With `prefix` (only when `continues_prefix`),
        the answer starts with it and only what the model writes after it is yielded. Failures raise
        BackendError."""
