"""`explainer ask`: one question, one answer with verdict, conditions, explanation, quotes and the reminder."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from .. import answer as answer_module
from .. import backends, embeddings, settings
from .. import corpus as corpus_module
from ..errors import InputError
from ..index import ClauseIndex
from ..resolve import NoLicenseError, resolve
from . import app, render
from .llm_options import BackendOption, BaseUrlOption, ModelOption
from .output import err, in_background, out, print_json, settle, warn


@app.command("ask")
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in your own words.")],
    license: Annotated[str | None, typer.Option("--license", help="License key or alias.")] = None,
    model_name: Annotated[str | None, typer.Option("--model-name", help="A model name, e.g. 'Juggernaut XL'.")] = None,
    file: Annotated[str | None, typer.Option("--file", help="A license file (or - for stdin) to identify.")] = None,
    backend: BackendOption = None,
    llm_model: ModelOption = None,
    base_url: BaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as one JSON object.")] = False,
    blind: Annotated[bool, typer.Option("--blind", help="Ignore the license cards: the LLM decides from clauses.")] = False,
) -> None:
    """Answer a question about a model's license, quoting the deciding clauses."""
    if not question.strip():
        raise InputError("empty question")
    started = time.perf_counter()
    in_background(getattr(embeddings.embedder(), "warm", None))  # the ONNX session, for understanding the question
    corpus = corpus_module.load()
    resolved = _resolve(corpus, question, license, model_name, file, interactive=not as_json)
    resolve_ms = (time.perf_counter() - started) * 1000
    if resolved.identification is not None:  # e.g. "input truncated to its first 2 MB", front matter conflicts
        for message in resolved.identification.warnings + resolved.identification.conflicts:
            warn(message)
    llm = backends.create(settings.resolve(backend=backend, llm_model=llm_model, base_url=base_url))
    index = ClauseIndex(corpus)
    index.progress = not as_json  # also for a build started later, by the first search
    index.ensure(progress=not as_json)  # the manifest only: the dense store opens when a search needs it
    in_background(getattr(llm, "load", None))  # the local model loads while the question is understood and decided
    response = answer_module.ask(question, resolved, corpus, index, llm, blind=blind, resolve_ms=resolve_ms)
    settle()  # nothing is printed while the model loads: llama.cpp silences the process's stdout and stderr then
    if as_json:
        print_json(response.answer().to_dict())  # only a complete, verified answer reaches stdout
        return
    render.header(out, response.prepared)
    for chunk in response:
        out.file.write(chunk)
        out.file.flush()
    result = response.answer()
    render.footer(out, result, show_verdict=response.prepared.blind or response.prepared.verdict is None)


def _resolve(corpus, question, license, model_name, file, interactive: bool):
    try:
        return resolve(corpus, question, license=license, model_name=model_name, file=file)
    except NoLicenseError:
        if not (interactive and sys.stdin.isatty() and sys.stdout.isatty()):
            raise
        name = typer.prompt("Which model or license is this about?", err=True).strip()
        err.print()
        return resolve(corpus, question, license=name)

