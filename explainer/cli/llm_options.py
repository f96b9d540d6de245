"""The LLM options shared by ask, explain, chat and eval."""

from __future__ import annotations

from typing import Annotated

import typer

BackendOption = Annotated[str | None, typer.Option("--backend", help="local (llama.cpp, default) or openai.")]
ModelOption = Annotated[str | None, typer.Option(
    "--llm-model", help="local: path to a .gguf file; openai: the model name. Default: the bundled SmolLM2-135M.")]
BaseUrlOption = Annotated[str | None, typer.Option(
    "--base-url", help="OpenAI-compatible server URL, e.g. http://127.0.0.1:8000/v1 (openai backend).")]
